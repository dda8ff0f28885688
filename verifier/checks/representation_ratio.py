"""representation-ratio: deputies per head of the best- against the worst-represented group.

What it checks
    For every elected chamber, the deputies per inhabitant (or, with `per voter`,
    per voter) of each group that votes for it, and the ratio of the highest to the
    lowest.  Seats of a party-list chamber are counted per group in proportion to
    the group's voters, since every vote counts alike there.  The check holds when
    every chamber's ratio is within the bound; the figure reported overall is the
    largest chamber ratio.

Why it matters
    The RSFSR constitution of 1918 (Art. 25) gave towns one delegate per 25,000
    voters and the provinces one per 125,000 inhabitants: a worker's voice weighed
    several times a peasant's.

Example
    `check representation-ratio <= 2` or `check representation-ratio <= 1.5 per voter`.

How to fix
    Use the same quota and the same basis (voters or inhabitants) for every group,
    or seat the chamber by party lists.
"""

from __future__ import annotations

from fractions import Fraction

from dsl import model as m
from dsl.signatures import CheckSignature

from ..numbers import decimal, exact, ratio
from ..results import HOLDS, VIOLATED, CheckResult
from ..seating import group_seats
from .base import Check, Context


def chamber_figures(c: m.Constitution, chamber: m.Chamber, per: str) -> dict | None:
    """Per-head representation of each group in one chamber, and the spread between them."""
    seats = group_seats(c, chamber)
    groups = [g for g in chamber.electorate.groups if c.groups[g].voters > 0]
    if seats is None:
        total_voters = sum(c.groups[g].voters for g in groups)
        seats = {g: Fraction(chamber.seating.seats * c.groups[g].voters, total_voters) for g in groups}
    rows = []
    for g in groups:
        basis = c.groups[g].voters if per == "voter" else c.groups[g].inhabitants
        if basis == 0:
            continue
        rows.append((g, Fraction(seats.get(g, 0)), basis, Fraction(seats.get(g, 0)) / basis))
    if len(rows) < 2:
        return None
    best = max(rows, key=lambda r: (r[3], r[0]))
    worst = min(rows, key=lambda r: (r[3], r[0]))
    spread = best[3] / worst[3] if worst[3] else None
    return {
        "chamber": chamber.name,
        "ratio": exact(spread) if spread is not None else "infinite",
        "ratio_decimal": decimal(spread) if spread is not None else None,
        "best": best[0],
        "worst": worst[0],
        "groups": [{"group": g, "seats": exact(s), f"{per}s": b, f"seats_per_million_{per}s": decimal(pc * 1_000_000, 6),
                    f"{per}s_per_seat": decimal(1 / pc, 1) if pc else None}
                   for g, s, b, pc in rows],
        "_value": spread,
    }


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    per = spec.params.get("per", "inhabitant")
    op, bound = spec.params["compare"]
    chambers = []
    for chamber in c.chambers.values():
        fig = chamber_figures(c, chamber, per)
        if fig is not None:
            chambers.append(fig)
    if not chambers:
        return [CheckResult(spec.name, None, HOLDS, "no elected chamber is chosen by two or more groups, so no "
                            "group is represented differently", "exhaustive", spec.span, {"chambers": []})]

    def within(v: Fraction | None) -> bool:
        if v is None:
            return False
        return v <= bound if op == "<=" else v < bound if op == "<" else v == bound if op == "==" else \
            v >= bound if op == ">=" else v > bound

    worst = max(chambers, key=lambda f: (f["_value"] is None, f["_value"] or 0, f["chamber"]))
    failing = [f for f in chambers if not within(f["_value"])]
    value = worst["_value"]
    shown = "infinite" if value is None else ratio(value)
    figures = {"ratio": worst["ratio"], "ratio_decimal": worst["ratio_decimal"], "per": per,
               "bound": f"{op} {exact(bound)}",
               "chambers": [{k: v for k, v in f.items() if k != "_value"} for f in chambers]}
    detail = (f"in {worst['chamber']}, {worst['best']} have {shown} times the deputies per {per} of "
              f"{worst['worst']}")
    if not failing:
        return [CheckResult(spec.name, None, HOLDS, f"representation ratio {shown} ({detail}), within {op} "
                            f"{ratio(bound)}", "exhaustive", spec.span, figures)]
    witness = {"kind": "malapportionment", "chambers": [
        {"chamber": f["chamber"], "best": f["best"], "worst": f["worst"], "ratio": f["ratio"]} for f in failing]}
    involved = tuple(sorted({f["chamber"] for f in failing}))
    return [CheckResult(spec.name, None, VIOLATED, f"representation ratio {shown}, not {op} {ratio(bound)}: "
                        f"{detail}", "exhaustive", spec.span, figures, witness, involved)]


CHECKS = (Check(CheckSignature("representation-ratio", "deputies per head of the best- vs worst-represented "
                               "group, per chamber", compare=("<=", "<"), compare_kind="ratio",
                               compare_required=True, per=True), "representation-ratio.md", run),)
