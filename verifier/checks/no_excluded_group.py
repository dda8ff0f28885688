"""no-excluded-group: every group can vote for some body that takes part in legislation.

What it checks
    For every population group, whether its voters choose — directly, or through the
    body that appoints it — at least one body that votes in the procedures bound to
    `power legislate` (or, if no such power is declared, in any procedure).  A group
    with no voters at all counts as excluded too.

Why it matters
    The RSFSR constitution of 1918 (Art. 65) disenfranchised employers, rentiers,
    merchants, clergy and former police: laws were made without them.

Example
    `check no-excluded-group` or `check no-excluded-group except minors`.

How to fix
    Add the group to an electorate (`electorate all`), or list it after `except`
    if its exclusion is intended (children, foreign residents).
"""

from __future__ import annotations

from fractions import Fraction

from dsl import model as m
from dsl.signatures import CheckSignature

from ..franchise import electors, power_bodies
from ..numbers import decimal, exact, pct
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check, Context


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    allowed = set(spec.params.get("except", ()))
    legislators, declared = power_bodies(c, "legislate")
    reach: dict[str, list[str]] = {g: [] for g in c.groups}
    for body in legislators:
        for g in electors(c, body):
            reach[g].append(body)
    excluded = [g for g, bodies in reach.items() if not bodies and g not in allowed]
    population = c.population
    scope = ("bodies that legislate" if declared
             else "bodies of any procedure (no `power legislate` is declared)")
    figures = {
        "legislative_bodies": legislators,
        "excluded": [{"group": g, "inhabitants": c.groups[g].inhabitants,
                      "reason": "has no voters" if c.groups[g].voters == 0 else "in no electorate of " + scope}
                     for g in excluded],
        "excused": sorted(allowed),
    }
    if not legislators:
        figures["excluded"] = []
        return [CheckResult(spec.name, None, VIOLATED, "no body takes part in legislation, so every group is "
                            "excluded from it", "exhaustive", spec.span, figures, None, ("no-legislature",))]
    share = Fraction(sum(c.groups[g].inhabitants for g in excluded), population) if population else Fraction(0)
    figures["excluded_share"] = decimal(share, 6)
    figures["excluded_share_exact"] = exact(share)
    if not excluded:
        msg = f"every group votes for at least one of the {scope}: {', '.join(legislators)}"
        if allowed:
            msg += f" (excused: {', '.join(sorted(allowed))})"
        return [CheckResult(spec.name, None, HOLDS, msg, "exhaustive", spec.span, figures)]
    names = ", ".join(f"{g} ({c.groups[g].inhabitants:,})" for g in excluded)
    msg = (f"{len(excluded)} group{'s' if len(excluded) > 1 else ''} excluded from every one of the {scope} "
           f"({', '.join(legislators)}): {names} — {pct(share)} of the population")
    witness = {"kind": "exclusion", "groups": [
        {"group": g, "electorates": {b: electorate_text(c, b) for b in legislators}} for g in excluded]}
    return [CheckResult(spec.name, None, VIOLATED, msg, "exhaustive", spec.span, figures, witness, tuple(excluded))]


def electorate_text(c: m.Constitution, body_name: str) -> str:
    """How a body is chosen, in words, for the witness."""
    body = c.bodies[body_name]
    if isinstance(body, (m.Chamber, m.Referendum)):
        return f"electorate {body.electorate.written}"
    if isinstance(body, m.Appointed):
        return f"appointed by {body.appointer} ({electorate_text(c, body.appointer)})"
    if isinstance(body, m.Commission):
        return f"parity commission of {body.sides[0]} and {body.sides[1]}"
    return body.kind


CHECKS = (Check(CheckSignature("no-excluded-group", "every group can vote for some body that takes part in "
                               "legislation", except_groups=True), "no-excluded-group.md", run),)
