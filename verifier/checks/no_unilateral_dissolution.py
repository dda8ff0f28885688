"""no-unilateral-dissolution: no body dissolves an elected chamber without its consent or its electorate's.

What it checks
    For every elected chamber X that can be dissolved — by a `power dissolve X`, or by a
    dissolution step of a procedure — the dissolution needs the consent of X or of its
    electorate.  Consent means: the dissolving body is X itself, a body X appoints (it
    follows X's majority), or a referendum whose electorate includes X's; or, for a
    power exercised through a procedure, every successful run of that procedure has a
    `yes` of one of those.

Why it matters
    On 6 (19) January 1918 the Central Executive Committee of the soviets dissolved the
    elected Constituent Assembly by decree, after one session.

Example
    `check no-unilateral-dissolution`

Counterexample
    The chamber and the body that can dissolve it alone; for a procedure, a replayed
    run that dissolves without consent.

How to fix
    Let only the chamber itself (or a body it appoints) decide its dissolution, or
    require a referendum of its voters.
"""

from __future__ import annotations

from dsl import model as m
from dsl.signatures import CheckSignature

from ..budget import Budget
from ..franchise import controlled_by
from ..procedures.search import find_run
from ..procedures.verify import verifier_for
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check, Context
from .procedural import guarded, path_text


def consenting(c: m.Constitution, chamber: m.Chamber) -> set[str]:
    """Bodies whose decision counts as the consent of a chamber or of its electorate."""
    out = controlled_by(c, chamber.name)
    for b in c.bodies.values():
        if isinstance(b, m.Referendum) and set(chamber.electorate.groups) <= set(b.electorate.groups):
            out.add(b.name)
    return out


def findings(c: m.Constitution, budget: Budget, shared: dict | None = None) -> list[dict]:
    out = []
    for chamber in c.chambers.values():
        consent = consenting(c, chamber)
        for p in c.powers:
            if p.kind != "dissolve" or p.object != chamber.name:
                continue
            if p.holder_kind == "body":
                if p.holder not in consent:
                    out.append({"chamber": chamber.name, "by": p.holder, "how": f"`power dissolve {chamber.name}`",
                                "line": p.span.line})
                continue
            proc = c.procedures[p.holder]
            verifier = verifier_for(c, p.holder, budget, shared)
            _, g = verifier.graph()
            path = find_run(g, lambda e: not (proc.steps[e.step].body in consent and e.outcome == "yes"),
                            lambda n: proc.is_final(n.pc) and proc.finals[n.pc].success)
            if path is not None:
                cx = verifier.counterexample("run", path, expect_end="final")
                out.append({"chamber": chamber.name, "by": f"procedure `{p.holder}`",
                            "how": f"run: {path_text(cx)}", "line": p.span.line, "counterexample": cx.as_dict()})
        for proc in c.procedures.values():
            for step in proc.steps.values():
                if step.kind != "dissolve" or chamber.name not in step.dissolved or step.body in consent:
                    continue
                # The dissolving body is not the chamber's; the step is still consented if every run
                # that reaches it has passed a `yes` of the chamber or of its voters.
                verifier = verifier_for(c, proc.name, budget, shared)
                _, g = verifier.graph()
                path = find_run(g, lambda e: not (proc.steps[e.step].body in consent and e.outcome == "yes"),
                                lambda n, s=step.name: n.pc == s)
                if path is not None:
                    cx = verifier.counterexample("run", path)
                    out.append({"chamber": chamber.name, "by": step.body,
                                "how": f"step `{step.name}` of `{proc.name}` (run: {path_text(cx)})",
                                "line": step.span.line, "counterexample": cx.as_dict()})
    return out


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    found = guarded(spec, None, lambda: findings(c, Budget(ctx.timeout), ctx.shared))
    if isinstance(found, CheckResult):
        return [found]
    figures = {"dissolutions": [{k: v for k, v in f.items() if k != "counterexample"} for f in found]}
    if not found:
        return [CheckResult(spec.name, None, HOLDS, "no elected chamber can be dissolved without its own consent "
                            "or its electorate's", "exhaustive", spec.span, figures)]
    msg = "; ".join(f"{f['by']} can dissolve {f['chamber']} without its consent ({f['how']})" for f in found)
    first = found[0]
    witness = first.get("counterexample") or {"kind": "unilateral-dissolution", "dissolutions": figures["dissolutions"]}
    return [CheckResult(spec.name, None, VIOLATED, msg, "exhaustive", spec.span, figures, witness,
                        tuple(sorted({f"{f['by']}>{f['chamber']}" for f in found})))]


CHECKS = (Check(CheckSignature("no-unilateral-dissolution", "no body dissolves an elected chamber without its "
                               "consent or its electorate's"), "no-unilateral-dissolution.md", run, needs_solver=True),)
