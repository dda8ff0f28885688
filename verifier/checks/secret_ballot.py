"""secret-ballot: every popular election uses a secret ballot.

What it checks
    Every chamber elected by voters and every referendum declares `ballot secret`.

Why it matters
    Soviet elections before 1936 were held by open vote "according to custom"
    (RSFSR 1918, Art. 66); the 1936 constitution (Art. 140) introduced the secret
    ballot.  An open vote exposes voters to pressure from employers, officials or
    a ruling party.

Example
    `check secret-ballot`

How to fix
    Write `ballot secret` in the chamber or referendum.
"""

from __future__ import annotations

from dsl import model as m
from dsl.signatures import CheckSignature

from ..franchise import popular_elections
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check, Context


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    elections = popular_elections(c)
    open_ = [b for b in elections if b.ballot != "secret"]
    figures = {"elections": [{"body": b.name, "kind": b.kind, "ballot": b.ballot} for b in elections]}
    if not elections:
        return [CheckResult(spec.name, None, HOLDS, "no body is chosen by popular vote", "exhaustive", spec.span,
                            figures)]
    if not open_:
        return [CheckResult(spec.name, None, HOLDS, ("the one popular election uses" if len(elections) == 1 else f"all {len(elections)} popular elections use")
                            + " a secret ballot",
                            "exhaustive", spec.span, figures)]
    names = ", ".join(f"{b.name} ({b.kind})" for b in open_)
    witness = {"kind": "open-ballot", "bodies": [{"body": b.name, "line": b.span.line} for b in open_]}
    return [CheckResult(spec.name, None, VIOLATED, f"open ballot in {len(open_)} of {len(elections)} popular "
                        f"elections: {names}", "exhaustive", spec.span, figures, witness,
                        tuple(b.name for b in open_))]


CHECKS = (Check(CheckSignature("secret-ballot", "every popular election uses a secret ballot"),
                "secret-ballot.md", run),)
