"""Weighted voting games of the bodies of a constitution.

A chamber whose composition the file fixes — pinned seats (first election), seats that
follow from declared support, or group blocs when no parties are declared — is a
weighted game of its parties: each party's seats are its weight, and the quota is the
smallest number of yes-votes that passes under the chamber's rule when every member
is present and votes (quorum rules are then met).
"""

from __future__ import annotations

from math import ceil, floor

from dsl import model as m

from ..seating import composition_from_support, has_support, total_seats
from .indices import WeightedGame


def quota(rule: m.DecisionRule, members: int) -> int:
    """Fewest yes-votes that pass `rule` when all `members` vote yes or no."""
    need = rule.share * members
    q = floor(need) + 1 if rule.strict else ceil(need)
    return min(max(q, 1), members)


def fixed_composition(c: m.Constitution, chamber: m.Chamber) -> dict[str, int] | None:
    """The composition the file determines for the chamber's first election, or None if it is free."""
    if chamber.composition:
        return dict(chamber.composition)
    return composition_from_support(c, chamber) if has_support(c, chamber.electorate) else None


def game(c: m.Constitution, body: str) -> WeightedGame | None:
    """The weighted game of a chamber (or of an appointed body mirroring one); None if its seats are free."""
    b = c.bodies[body]
    rule = b.rule
    while isinstance(b, m.Appointed):
        b = c.bodies[b.appointer]
    if not isinstance(b, m.Chamber):
        return None
    comp = fixed_composition(c, b)
    if comp is None:
        return None
    members = [(p, n) for p, n in comp.items() if n > 0]
    total = total_seats(c, b)
    return WeightedGame(tuple(n for _, n in members), quota(rule, total), tuple(p for p, _ in members))


def weighted_bodies(c: m.Constitution) -> dict[str, WeightedGame | None]:
    """Every chamber and appointed body, with its game (None when its composition is free)."""
    return {name: game(c, name) for name, b in c.bodies.items() if isinstance(b, (m.Chamber, m.Appointed))}


