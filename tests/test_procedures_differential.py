"""Differential testing: the Z3-backed search must agree with brute-force exploration.

Hypothesis generates small constitutions (parties, chambers with party lists or
winner-take-all districts, quorum rules, pinned compositions, appointed bodies, parity
commissions, referenda, counters with guards, dissolutions) and random procedures; the
verdicts of `deadlock-free`, `terminates` (with the longest run) and `conflicts-resolved`
must equal those of enumerating positions x compositions x paths with the simulator,
and every counterexample must replay.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from helpers import model_from
from procgen import constitutions
from verifier.checks import conflicts_resolved, deadlock_free, terminates
from verifier.encoding.solver import Budget
from verifier.procedures import explicit
from verifier.procedures.search import STUCK, find_cycle, longest_run
from verifier.procedures.verify import ProcedureVerifier
from dsl.model import CheckSpec
from dsl.diagnostics import Span

SPAN = Span("generated.veche", 1, 1, 1, 1)


def verdicts_by_search(model, v=None):
    v = v or ProcedureVerifier(model, "p", Budget(None))
    _, g = v.graph()
    cycle = find_cycle(g) is not None
    _, gc = v.graph(track_conflicts=True)
    unresolved = any(n.conflict and n.pc in (STUCK, "lapsed") for n in gc.parent) or \
        find_cycle(gc, where=lambda n: n.conflict) is not None
    return explicit.Verdicts(
        deadlock=any(n.pc == STUCK for n in g.parent),
        infinite=cycle,
        longest=None if cycle else len(longest_run(g)),
        unresolved_conflict=unresolved,
        states=len(g.parent),
    )


def same(model):
    expected = explicit.explore(model, "p")
    verifier = ProcedureVerifier(model, "p", Budget(None))
    got = verdicts_by_search(model, verifier)
    assert (got.deadlock, got.infinite, got.longest, got.unresolved_conflict) == \
        (expected.deadlock, expected.infinite, expected.longest, expected.unresolved_conflict)
    # The checks themselves, counterexamples replayed by the simulator (a mismatch is status `error`).
    for module, params in ((deadlock_free, {}), (terminates, {}), (conflicts_resolved, {})):
        spec = CheckSpec(module.CHECKS[0].name, "p", params, "", SPAN)
        result = module.decide(verifier, spec, "p")
        assert result.status in ("holds", "violated")
        assert (result.counterexample is not None) == (result.status == "violated")
    return expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(constitutions())
def test_search_agrees_with_brute_force(text):
    same(model_from(text))


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(constitutions(max_parties=3, max_steps=6))
def test_search_agrees_with_brute_force_many(text):
    same(model_from(text))
