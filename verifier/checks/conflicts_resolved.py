"""conflicts-resolved: once two bodies disagree, the run reaches a decision.

What it checks
    In every run where two chambers or appointed bodies have voted differently on
    the same motion (one yes, one no), the run ends in a final outcome reached by a
    decision — `enacted`, `rejected` or a declared final — and not by stalling (a
    step with no next step), by running forever, or by lapsing (`lapsed`: the
    disagreement dropped by omission).

Why it matters
    Chernov's proposal (as reported in the discussion that motivated veche) was to
    let a referendum settle any disagreement between the Constituent Assembly and
    the soviets; dual power had no such rule.

Example
    `check conflicts-resolved ordinary_law`

Counterexample
    The run with the disagreement and how it ends (stuck, lapsed, or a lasso),
    replayed by the simulator.

How to fix
    Route every disagreement to a body or electorate whose decision is final — a
    referendum, a joint sitting, the last word of one chamber.
"""

from __future__ import annotations

from dsl.signatures import CheckSignature

from ..procedures.search import STUCK, find_cycle
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check
from .procedural import path_text, run_per_procedure

LAPSED = "lapsed"


def decide(v, spec, name) -> CheckResult:
    search, g = v.graph(track_conflicts=True)
    conflicted = [n for n in g.parent if n.conflict]
    figures = {"states": len(g.parent), "conflicts_reachable": bool(conflicted)}
    if not conflicted:
        return CheckResult(spec.name, name, HOLDS, f"no run of `{name}` has two bodies disagreeing on a motion",
                           "exhaustive", spec.span, figures)
    bad = [n for n in conflicted if n.pc in (STUCK, LAPSED)]
    if bad:
        node = bad[0]
        kind = "deadlock" if node.pc == STUCK else "lapse"
        cx = v.counterexample(kind, g.path_to(node), expect_end="stuck" if node.pc == STUCK else "final")
        how = "stalls with no next step" if node.pc == STUCK else "lapses without a decision"
        msg = f"after a disagreement, `{name}` {how} (run: {path_text(cx)})"
        return CheckResult(spec.name, name, VIOLATED, msg, "exhaustive", spec.span, figures, cx.as_dict(),
                           (kind, cx.run.events[-1].step))
    found = find_cycle(g, where=lambda n: n.conflict)
    if found is not None:
        entry, cycle = found
        cx = v.counterexample("cycle", g.path_to(entry), cycle)
        msg = f"after a disagreement, `{name}` can cycle forever without a decision (run: {path_text(cx)})"
        return CheckResult(spec.name, name, VIOLATED, msg, "exhaustive", spec.span, figures, cx.as_dict(),
                           ("cycle",) + tuple(sorted({e.step for _, e in cycle})))
    return CheckResult(spec.name, name, HOLDS, f"every disagreement in `{name}` ends in a decision "
                       f"({len(g.parent):,} states explored)", "exhaustive", spec.span, figures)


def run(c, spec, ctx):
    return run_per_procedure(c, spec, ctx, decide)


CHECKS = (Check(CheckSignature("conflicts-resolved", "every disagreement between chambers reaches a decision",
                               target="procedure"), "conflicts-resolved.md", run, needs_solver=True),)
