"""banzhaf and shapley-shubik: the power of the members of a body, bounded.

What it checks
    For a chamber (or an appointed body, which mirrors its appointer) whose
    composition the file fixes — pinned seats, seats that follow from declared
    support, or group blocs when no parties are declared — the normalised Banzhaf
    index or the Shapley–Shubik index of each party (or bloc), computed exactly from
    the seats and the decision rule.  The check holds when no member's index exceeds
    the bound.  Without a target, every such body is checked.

Why it matters
    Seats are not power: in the Council of the EEC of 1958 Luxembourg had one vote of
    seventeen and no power at all, since no coalition ever needed it.  A party with
    a majority of seats has all the power of a majority chamber.

Example
    `check banzhaf Assembly <= 50%` or `check shapley-shubik <= 1/3`

Counterexample
    The member whose index exceeds the bound, with the whole table of indices.

How to fix
    Change the decision rule (a qualified majority spreads power), or the seating.
"""

from __future__ import annotations

from fractions import Fraction

from dsl import model as m
from dsl.signatures import CheckSignature

from ..numbers import decimal, exact, pct
from ..power import indices
from ..power.bodies import game, weighted_bodies
from ..results import HOLDS, UNKNOWN, VIOLATED, CheckResult
from .base import Check, Context

INDEX = {"banzhaf": indices.banzhaf, "shapley-shubik": indices.shapley_shubik}
TITLE = {"banzhaf": "Banzhaf index", "shapley-shubik": "Shapley-Shubik index"}


def table(g: indices.WeightedGame, which: str) -> list[dict]:
    values = INDEX[which](g)
    return [{"member": name, "weight": w, "index": exact(values[name]), "index_decimal": decimal(values[name], 6)}
            for name, w in zip(g.names, g.weights)]


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    which = spec.name
    op, bound = spec.params.get("compare", ("<=", Fraction(1)))
    targets = [spec.target] if spec.target else [n for n, g in weighted_bodies(c).items() if g is not None]
    results = []
    for name in targets:
        g = game(c, name)
        if g is None:
            results.append(CheckResult(spec.name, name, UNKNOWN, f"the seats of `{name}` are not fixed by the file "
                                       "(pin them with `composition { ... }` or declare `support`), so its members' "
                                       "power is not determined", None, spec.span, {"reason": "composition free"}))
            continue
        rows = table(g, which)
        worst = max(rows, key=lambda r: Fraction(r["index"]))  # the first of equals, in seat order
        value = Fraction(worst["index"])
        figures = {"quota": g.quota, "total": g.total, "members": rows, "max": worst["index"],
                   "dummies": indices.dummies(g), "veto_players": indices.veto_players(g)}
        within = value <= bound if op == "<=" else value < bound
        top = f"{worst['member']} {pct(value)} ({worst['weight']:,} of {g.total:,} seats, quota {g.quota:,})"
        if within:
            results.append(CheckResult(spec.name, name, HOLDS, f"largest {TITLE[which]} in {name}: {top}, "
                                       f"within {op} {pct(bound)}", "exact computation", spec.span, figures))
        else:
            witness = {"kind": "power-index", "index": which, "body": name, "member": worst["member"],
                       "value": worst["index"], "table": rows}
            results.append(CheckResult(spec.name, name, VIOLATED, f"{TITLE[which]} in {name}: {top}, not {op} "
                                       f"{pct(bound)}", "exact computation", spec.span, figures, witness,
                                       (worst["member"],)))
    if not targets:
        results.append(CheckResult(spec.name, None, HOLDS, "no body has seats fixed by the file", "exact computation",
                                   spec.span, {}))
    return results


def _check(name: str) -> Check:
    return Check(CheckSignature(name, f"{TITLE[name]} of the members of a body, bounded", target="body",
                                compare=("<=", "<"), compare_kind="share", compare_required=True),
                 f"{name}.md", run)


CHECKS = (_check("banzhaf"), _check("shapley-shubik"))
