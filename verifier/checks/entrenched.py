"""entrenched: the constitution changes only by an amendment procedure that needs broad support.

What it checks
    The file must declare `power amend`, and the smallest share of the population whose
    support suffices to amend (as `min-winning-support amend` computes it, exactly, over
    every path of the amendment procedure) must reach the bound.  Without `power amend`
    the franchise, the ballot and the chambers are at the mercy of whoever holds the
    ordinary powers, so the check fails.

Why it matters
    Under the RSFSR constitution of 1918 the Congress of Soviets amended the basic law by
    the same simple majority with which it decided anything else, and that majority rested
    on a fraction of the population; the Weimar constitution (Art. 76) asked two thirds of
    the Reichstag, but allowed amendment by legislation.

Example
    `check entrenched >= 50%`

Counterexample
    The supporters per group and the run of the amendment procedure they carry, replayed
    by the simulator (or, without `power amend`, the powers that remain).

How to fix
    Declare the amendment procedure, and make it need more than ordinary legislation: a
    qualified majority in every chamber, a referendum.
"""

from __future__ import annotations

from fractions import Fraction

from dsl import model as m
from dsl.signatures import CheckSignature

from ..budget import Budget
from ..numbers import exact, pct
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check, Context
from .min_winning_support import minimum, supporters_by_group
from .procedural import guarded


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    op, bound = spec.params["compare"]
    if not any(p.key == "amend" for p in c.powers):
        powers = sorted({p.key for p in c.powers})
        return [CheckResult(spec.name, None, VIOLATED, "no `power amend` is declared: nothing sets the franchise, "
                            "the ballot or the chambers apart from ordinary decisions", "exhaustive", spec.span,
                            {"powers": powers}, {"kind": "no-amendment", "powers": powers}, ("no-amend",))]
    found = guarded(spec, None, lambda: minimum(c, "amend", Budget(ctx.timeout), ctx.shared))
    if isinstance(found, CheckResult):
        return [found]
    if found is None:
        return [CheckResult(spec.name, None, HOLDS, "no support, not even everyone's, suffices to amend",
                            "exact optimization", spec.span, {"share": None})]
    s, power = found
    share = Fraction(sum(s.values()), c.population) if c.population else Fraction(0)
    by_group = supporters_by_group(c, s)
    figures = {"share": exact(share), "share_percent": float(round(share * 100, 4)), "supporters": sum(s.values()),
               "by_group": by_group, "amendment": power.holder}
    holds = share >= bound if op == ">=" else share > bound
    msg = f"{pct(share)} of the population can amend the constitution (through `{power.holder}`)"
    if holds:
        return [CheckResult(spec.name, None, HOLDS, f"{msg}; at least {pct(bound)}", "exact optimization",
                            spec.span, figures)]
    witness = {"kind": "min-winning-support", "power": "amend", "supporters": {k: v for k, v in s.items() if v},
               "share": exact(share), "by_group": by_group}
    return [CheckResult(spec.name, None, VIOLATED, f"only {msg}; not {op} {pct(bound)}", "exact optimization",
                        spec.span, figures, witness, ("amend",))]


CHECKS = (Check(CheckSignature("entrenched", "the constitution changes only by an amendment procedure that needs "
                               "at least a given share of support", compare=(">=", ">"), compare_kind="share",
                               compare_required=True), "entrenched.md", run, needs_solver=True),)
