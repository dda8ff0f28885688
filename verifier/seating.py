"""Seats from a seating formula: who sends how many delegates, and, given support, which parties win them.

All arithmetic is exact: seats are integers, support shares are Fractions, and vote
totals are scaled to integers before apportionment (apportionment methods do not
change when every vote count is multiplied by the same number).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Mapping

from dsl import model as m

from . import apportion


@dataclass(frozen=True)
class Delegation:
    """The delegates one unit sends: a whole group, or one district of a group."""

    group: str
    district: str | None
    inhabitants: int
    voters: int
    seats: int


def delegations(c: m.Constitution, chamber: m.Chamber) -> list[Delegation] | None:
    """The delegations of a chamber seated per group; None for a party-list chamber (one constituency)."""
    s = chamber.seating
    if isinstance(s, m.PartyListSeats):
        return None
    if isinstance(s, m.FixedSeats):
        return [Delegation(g, None, c.groups[g].inhabitants, c.groups[g].voters, n) for g, n in s.seats.items()]
    out = []
    for q in s.quotas:
        g = c.groups[q.group]
        if isinstance(s, m.DistrictSeats) and g.districts and q.basis != "at_large":
            for d in g.districts:
                out.append(Delegation(g.name, d.name, d.inhabitants, d.voters,
                                      q.delegates(d.inhabitants, d.voters, s.rounding)))
        else:
            out.append(Delegation(g.name, None, g.inhabitants, g.voters,
                                  q.delegates(g.inhabitants, g.voters, s.rounding)))
    return out


def group_seats(c: m.Constitution, chamber: m.Chamber) -> dict[str, int] | None:
    """Seats per group (summed over its districts); None for a party-list chamber."""
    units = delegations(c, chamber)
    if units is None:
        return None
    out: dict[str, int] = {}
    for u in units:
        out[u.group] = out.get(u.group, 0) + u.seats
    return out


def total_seats(c: m.Constitution, chamber: m.Chamber) -> int:
    """The number of members of a chamber."""
    if isinstance(chamber.seating, m.PartyListSeats):
        return chamber.seating.seats
    return sum(u.seats for u in delegations(c, chamber) or ())


def _integer_votes(votes: Mapping[str, Fraction]) -> dict[str, int]:
    scale = lcm(*(v.denominator for v in votes.values())) if votes else 1
    return {p: int(v * scale) for p, v in votes.items()}


def party_votes(c: m.Constitution, groups_voters: Mapping[str, int], group_of: Mapping[str, str]) -> dict[str, Fraction]:
    """Votes per party among units of given voters, each unit voting like its group."""
    votes = {p: Fraction(0) for p in c.parties}
    for unit, voters in groups_voters.items():
        for party, share in c.support.get(group_of[unit], {}).items():
            votes[party] += voters * share
    return votes


def has_support(c: m.Constitution, electorate: m.Electorate) -> bool:
    """True when every group of the electorate has modelled party support."""
    return all(g in c.support for g in electorate.groups)


def composition_from_support(c: m.Constitution, chamber: m.Chamber) -> dict[str, int] | None:
    """Seats per party that the seating formula gives under the declared support; None without support.

    Party lists apportion over the whole electorate by their method and threshold.
    Under winner-take-all districts each district (a group without districts is one)
    goes wholly to its plurality party.  Under fixed and per-capita seating a group's
    delegation is shared among the parties by D'Hondt within the group.  Returns None
    when the support leaves seats unfilled (then the composition is free).
    """
    if not has_support(c, chamber.electorate):
        return None
    seats = {p: 0 for p in c.parties}
    s = chamber.seating
    if isinstance(s, m.PartyListSeats):
        votes = party_votes(c, {g: c.groups[g].voters for g in chamber.electorate.groups},
                            {g: g for g in c.groups})
        seats = apportion.party_list(s.method, _integer_votes(votes), s.seats, s.threshold)
        return seats if sum(seats.values()) == s.seats else None
    for unit in delegations(c, chamber) or ():
        votes = party_votes(c, {unit.group: unit.voters}, {unit.group: unit.group})
        if isinstance(s, m.DistrictSeats):
            winner = apportion.winner_take_all(_integer_votes(votes))
            if winner is not None:
                seats[winner] += unit.seats
        else:
            if not any(votes.values()):
                # A group with no voters still has its delegates: they follow its support shares.
                votes = {p: Fraction(s) for p, s in c.support.get(unit.group, {}).items()}
            for party, n in apportion.dhondt(_integer_votes(votes), unit.seats).items():
                seats[party] += n
    # Support that cannot fill every seat (nobody backs any party somewhere) determines
    # nothing: the composition is then left free, like an unmodelled election.
    return seats if sum(seats.values()) == total_seats(c, chamber) else None
