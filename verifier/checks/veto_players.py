"""veto-players: the bodies whose consent every exercise of a power needs, counted and bounded.

What it checks
    A body is a veto player of a power when every successful run of the procedures
    bound to that power (by default `legislate`) has a `yes` (or, for a commission,
    an `agree`) of that body: without it, no law.  A body that holds the power itself
    is its only veto player.  The check compares the number of veto players with the
    bound: `<= 1` asks that no more than one body can block everything, `>= 2` that
    no body acts without another's consent.

Why it matters
    Under Article 37 of the 1936 Soviet constitution both chambers had equal rights:
    each could block every law.  Under the Parliament Act 1911 the House of Lords could
    only delay a public bill, so the Commons alone were a veto player.

Example
    `check veto-players <= 1` or `check veto-players legislate >= 2`

Counterexample
    The veto players, and for every other body a replayed successful run without its
    consent.

How to fix
    To reduce veto players, give disagreements a way around a body (an override, a
    referendum); to add one, require a second body's consent on every path.
"""

from __future__ import annotations

from dsl import model as m
from dsl.signatures import CheckSignature

from ..budget import Budget
from ..franchise import procedure_bodies
from ..procedures.search import find_run
from ..procedures.verify import verifier_for
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check, Context
from .procedural import guarded

CONSENT = ("yes", "agree")


def veto_players(c: m.Constitution, power: str, budget: Budget, shared: dict | None = None
                 ) -> tuple[list[str], dict[str, list]]:
    """The veto players of a power, and for each other consulted body a run that avoids its consent."""
    powers = [p for p in c.powers if p.key == power]
    candidates: list[str] = []
    for p in powers:
        names = [p.holder] if p.holder_kind == "body" else procedure_bodies(c.procedures[p.holder])
        candidates.extend(n for n in names if n not in candidates)
    bypass: dict[str, list] = {}
    for body in candidates:
        for p in powers:
            if p.holder_kind == "body":
                if p.holder != body:
                    bypass[body] = [p.holder]
                    break
                continue
            proc = c.procedures[p.holder]
            verifier = verifier_for(c, p.holder, budget, shared)
            _, g = verifier.graph()
            path = find_run(g, lambda e: not (proc.steps[e.step].body == body and e.outcome in CONSENT),
                            lambda n: proc.is_final(n.pc) and proc.finals[n.pc].success)
            if path is not None:
                bypass[body] = [p.holder, verifier.counterexample("run", path, expect_end="final")]
                break
    return [b for b in candidates if b not in bypass], bypass


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    power = spec.target or "legislate"
    found = guarded(spec, power, lambda: veto_players(c, power, Budget(ctx.timeout), ctx.shared))
    if isinstance(found, CheckResult):
        return [found]
    vetoes, bypass = found
    op, bound = spec.params["compare"]
    count = len(vetoes)
    ok = {"<=": count <= bound, "<": count < bound, ">=": count >= bound, ">": count > bound,
          "==": count == bound}[op]
    figures = {"power": power, "veto_players": vetoes, "count": count,
               "bypassed": {b: v[0] for b, v in bypass.items()}}
    named = ", ".join(vetoes) if vetoes else "none"
    if not any(p.key == power for p in c.powers):
        return [CheckResult(spec.name, power, HOLDS if ok else VIOLATED,
                            f"no `power {power}` is declared, so no body can block it", "exhaustive", spec.span,
                            figures, None if ok else {"kind": "veto-players", "veto_players": []})]
    msg = f"{count} veto player{'s' if count != 1 else ''} of `{power}`: {named}"
    if ok:
        return [CheckResult(spec.name, power, HOLDS, f"{msg} ({op} {bound})", "exhaustive", spec.span, figures)]
    witness = {"kind": "veto-players", "veto_players": vetoes,
               "bypass_runs": {b: v[1].as_dict() for b, v in bypass.items() if len(v) > 1}}
    return [CheckResult(spec.name, power, VIOLATED, f"{msg}, not {op} {bound}", "exhaustive", spec.span, figures,
                        witness, tuple(vetoes))]


CHECKS = (Check(CheckSignature("veto-players", "bodies whose consent every exercise of a power needs",
                               target="power", compare=("<=", "<", ">=", ">", "=="), compare_kind="count",
                               compare_required=True), "veto-players.md", run, needs_solver=True),)
