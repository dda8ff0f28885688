"""separation: no single body both enacts laws alone and directs a coercive organ.

What it checks
    A body *enacts laws alone* when it (or a body it appoints, which follows its
    majority) holds `power legislate` or `power decree`, or when a procedure bound to
    one of those powers has a run that ends in success in which every decision is taken
    by that body or its appointees.  A body *directs a coercive organ* when it or one of
    its appointees is named in the organ's `directed by` or holds `power direct` over
    it.  The check fails for a body that does both.

Why it matters
    In 1918 the Council of People's Commissars issued decrees with the force of law
    and directed the Cheka: the same hands wrote the rules and held the force.

Example
    `check separation`

Counterexample
    The body, the organs it directs, and either the power it holds alone or a run of
    the legislative procedure decided by it alone, replayed by the simulator.

How to fix
    Make laws need the consent of another body (a second chamber, a referendum), or
    put the coercive organ under another body.
"""

from __future__ import annotations

from dsl import model as m
from dsl.signatures import CheckSignature

from ..budget import Budget
from ..franchise import coercive_directors, controlled_by
from ..procedures.search import find_run
from ..procedures.verify import verifier_for
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check, Context
from .procedural import guarded, path_text

LAW_POWERS = ("legislate", "decree")


def lone_law(c: m.Constitution, body: str, budget: Budget, shared: dict | None = None):
    """How `body` can enact laws alone: (power, None) for a power it holds, (power, counterexample) for a
    procedure it can carry alone, or None."""
    mine = controlled_by(c, body)
    for p in c.powers:
        if p.kind in LAW_POWERS and p.holder_kind == "body" and p.holder in mine:
            return p, None
    for p in c.powers:
        if p.kind not in LAW_POWERS or p.holder_kind != "procedure":
            continue
        proc = c.procedures[p.holder]
        verifier = verifier_for(c, p.holder, budget, shared)
        _, g = verifier.graph()
        path = find_run(g, lambda e: proc.steps[e.step].body in mine,
                        lambda n: proc.is_final(n.pc) and proc.finals[n.pc].success)
        if path is not None:
            return p, verifier.counterexample("run", path, expect_end="final")
    return None


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    budget = Budget(ctx.timeout)
    direct = coercive_directors(c)
    # A body directs what it or the bodies it appoints direct: they follow its majority.
    directors = {}
    for body in c.bodies:
        organs = sorted({o for b in controlled_by(c, body) for o in direct.get(b, ())})
        if organs:
            directors[body] = organs
    findings = []
    for body, organs in sorted(directors.items()):
        found = guarded(spec, None, lambda: lone_law(c, body, budget, ctx.shared))
        if isinstance(found, CheckResult):
            return [found]
        if found is not None:
            findings.append((body, organs, *found))
    figures = {"directors": {b: o for b, o in sorted(directors.items())},
               "lone_lawmakers": [b for b, *_ in findings]}
    if not directors:
        return [CheckResult(spec.name, None, HOLDS, "no body directs a coercive organ", "exhaustive", spec.span,
                            figures)]
    if not findings:
        return [CheckResult(spec.name, None, HOLDS, f"no body that directs a coercive organ "
                            f"({', '.join(sorted(directors))}) can enact laws alone", "exhaustive", spec.span,
                            figures)]
    body, organs, power, cx = findings[0]
    how = ((f"holds `power {power.key}` itself" if power.holder == body
            else f"controls {power.holder}, which holds `power {power.key}`") if cx is None
           else f"carries `{power.holder}` alone (run: {path_text(cx)})")
    msg = f"{body} directs {', '.join(organs)} and {how}"
    if len(findings) > 1:
        msg += f"; also {', '.join(b for b, *_ in findings[1:])}"
    witness = cx.as_dict() if cx is not None else {"kind": "concentration", "body": body, "organs": organs,
                                                     "power": power.key}
    witness.setdefault("body", body)
    return [CheckResult(spec.name, None, VIOLATED, msg, "exhaustive", spec.span, figures, witness,
                        tuple(b for b, *_ in findings))]


CHECKS = (Check(CheckSignature("separation", "no single body both enacts laws alone and directs a coercive organ"),
                "separation.md", run, needs_solver=True),)
