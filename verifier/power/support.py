"""Supporters and opponents: what a given number of supporters per unit wins, by each seating formula.

`min-winning-support` asks for the fewest supporters of a motion who can carry it through its
procedure.  The population splits into two camps: supporters vote for the motion and for
representatives who back it; everyone else who can vote opposes it.  This module computes,
with the apportionment methods themselves (no solver), the seats the supporters win in each
chamber and the outcome of every body — and so replays a witness found by the solver.

A tied district or tied vote goes to the opponents: support suffices only when it wins outright.
Units are the finest parts of the population: each district of a group that has districts,
else the whole group.  Non-voters belong to neither camp; delegations of a unit without voters
go to the opponents (nobody elected them for the motion).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Sequence

from dsl import model as m

from .. import apportion
from ..seating import delegations, total_seats

SUPPORTERS, OPPONENTS = "supporters", "opponents"


@dataclass(frozen=True)
class Unit:
    name: str  # `group` or `group/district`
    group: str
    district: str | None
    voters: int
    inhabitants: int


def units(c: m.Constitution) -> list[Unit]:
    out = []
    for g in c.groups.values():
        if g.districts:
            out += [Unit(f"{g.name}/{d.name}", g.name, d.name, d.voters, d.inhabitants) for d in g.districts]
        else:
            out.append(Unit(g.name, g.name, None, g.voters, g.inhabitants))
    return out


def spread(members: Sequence[Unit], voters: int, won: int, supporters: int) -> dict[str, int]:
    """Supporters per unit of a class of interchangeable units (`voters` each) of which `won` are won
    outright: those get a majority first, then the rest fills won units up to all their voters and
    the others up to just short of a majority."""
    need = voters // 2 + 1
    give = [need if i < won else 0 for i in range(len(members))]
    extra = supporters - sum(give)
    for i in range(len(members)):
        cap = voters if i < won else need - 1
        add = min(extra, cap - give[i])
        give[i] += add
        extra -= add
    return {u.name: n for u, n in zip(members, give)}


def two_camps(method: str, a: int, b: int, seats: int, threshold: Fraction = Fraction(0)) -> int:
    """Seats of the supporters (a votes) against the opponents (b votes).  The opponents are listed
    first, so a tie goes to the supporters only when they have more votes: support that merely ties
    does not suffice."""
    if seats == 0 or a + b == 0:
        return 0
    return apportion.party_list(method, {OPPONENTS: b, SUPPORTERS: a}, seats, threshold)[SUPPORTERS]


def supporter_seats(c: m.Constitution, chamber: m.Chamber, s: Mapping[str, int]) -> int:
    """Seats the supporters win in a chamber when unit u has s[u] supporters."""
    us = units(c)
    by_group: dict[str, list[Unit]] = {}
    for u in us:
        by_group.setdefault(u.group, []).append(u)
    seating = chamber.seating
    if isinstance(seating, m.PartyListSeats):
        a = sum(s[u.name] for g in chamber.electorate.groups for u in by_group[g])
        v = sum(u.voters for g in chamber.electorate.groups for u in by_group[g])
        return two_camps(seating.method, a, v - a, seating.seats, seating.threshold)
    won = 0
    for d in delegations(c, chamber) or ():
        if isinstance(seating, m.DistrictSeats):
            # A delegation without a district is elected by its whole group (at large, or a group without districts).
            a = s[f"{d.group}/{d.district}"] if d.district else sum(s[u.name] for u in by_group[d.group])
            if 2 * a > d.voters:
                won += d.seats
        else:
            a = sum(s[u.name] for u in by_group[d.group])
            won += two_camps("dhondt", a, d.voters - a, d.seats)
    return won


def chamber_of(c: m.Constitution, body: str) -> m.Chamber:
    b = c.bodies[body]
    while isinstance(b, m.Appointed):
        b = c.bodies[b.appointer]
    return b


def carried(c: m.Constitution, step: m.Step, s: Mapping[str, int]) -> str:
    """The outcome of a vote step when the supporters vote yes and everyone else no."""
    body = c.bodies[step.body]
    if isinstance(body, m.Referendum):
        a = sum(s[u.name] for u in units(c) if u.group in body.electorate.groups)
        v = sum(u.voters for u in units(c) if u.group in body.electorate.groups)
        return "yes" if (step.rule or body.rule).passes(a, v - a, 0, v) else "no"
    if isinstance(body, m.Commission):
        agree = all(2 * supporter_seats(c, chamber_of(c, side), s) > total_seats(c, chamber_of(c, side))
                    for side in body.sides)
        return "agree" if agree else "disagree"
    chamber = chamber_of(c, body.name)
    won, members = supporter_seats(c, chamber, s), total_seats(c, chamber)
    return "yes" if (step.rule or body.rule).passes(won, members - won, 0, members) else "no"
