"""Minimum winning support by dynamic programming over groups, without a solver.

When every outcome a path of a procedure needs is a seat threshold of a chamber seated per
group — winner-take-all districts, whole groups electing at large, a group's delegation
shared by D'Hondt — the supporters' seats are a sum over groups of what each group's own
supporters win.  The minimum is then a shortest-path problem over the groups:

1. For each group, every way its supporters can split: how many units of each class of
   interchangeable districts they win outright, and how many supporters the group has in
   all (`t`).  With `k_c` units of class c won, any `t` between
   `sum k_c need_c` and `sum k_c v_c + (n_c - k_c)(need_c - 1)` is reachable with exactly
   those units won (as in `encoding/support.py`), and the group-wide seats (at large,
   D'Hondt) are step functions of `t`, so the least `t` for each combination of seats is
   the lower end or one of the steps' thresholds.  Each group thus contributes a short list
   of (seats per chamber, least supporters).
2. A table indexed by the seats won so far in each chamber (capped at the highest threshold
   that matters: more seats than that change no outcome) holds the fewest supporters that
   reach it; adding a group is a min-plus shift of the table per option (numpy), exact in
   64-bit integers.
3. The answer is the cheapest final cell whose seats give every required outcome; walking
   back through the tables recovers each group's option, and the supporters are spread over
   its units the same way the solver's are (`spread`).

The table has `prod(cap_i + 1)` cells: 219 x 52 for a 435-seat district chamber and a 100-seat
region chamber, so 435 districts in 50 regions take milliseconds where a generic MILP needs
minutes.  Anything else (referenda, commissions, party lists, tables too large) is left to the
Z3 encoding: `minimum` raises `NotSeparable`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from math import prod
from typing import Sequence

from dsl import model as m

from ..seating import delegations, total_seats
from .bodies import quota
from .support import Unit, chamber_of, spread, units

#: Cells times options beyond which the table is not worth it (the solver takes over).
MAX_WORK = 400_000_000
MAX_CELLS = 4_000_000
MAX_COMBINATIONS = 200_000
INF = 1 << 60


class NotSeparable(Exception):
    """The requirements are not all seat thresholds of per-group chambers (or the table is too big)."""


@dataclass(frozen=True)
class Option:
    """One way a group's supporters can split: units won per class, supporters in all, seats per chamber."""

    won: tuple[int, ...]
    supporters: int
    seats: tuple[int, ...]


def dhondt_threshold(voters: int, seats: int, j: int) -> int:
    """Fewest supporters who win at least j of a delegation of `seats` shared by D'Hondt with the opponents.

    With two camps, the supporters' j-th quotient a/j beats the opponents' (seats-j+1)-th,
    (voters-a)/(seats-j+1), iff a (seats+1) > voters j; on equality the opponents, listed
    first, keep the seat unless the supporters have more votes (`power.support.two_camps`).
    """
    need, exact_tie = divmod(voters * j, seats + 1)
    return need if exact_tie == 0 and 2 * need > voters else need + 1


def _thresholds(c: m.Constitution, reqs: Sequence[tuple[m.Step, str]]) -> dict[str, list[tuple[int, bool]]]:
    """Per chamber, the (quota, must pass) pairs the requirements impose."""
    out: dict[str, list[tuple[int, bool]]] = {}
    for step, result in reqs:
        body = c.bodies[step.body]
        if isinstance(body, (m.Referendum, m.Commission)):
            raise NotSeparable(f"`{body.name}` is not a chamber seated per group")
        chamber = chamber_of(c, body.name)
        if isinstance(chamber.seating, m.PartyListSeats):
            raise NotSeparable(f"`{chamber.name}` is elected by party list")
        members = total_seats(c, chamber)
        out.setdefault(chamber.name, []).append((quota(step.rule or body.rule, members), result in ("yes", "agree")))
    return out


class _Group:
    """What one group's supporters can win in the chambers that matter."""

    def __init__(self, c: m.Constitution, name: str, chambers: Sequence[m.Chamber], caps: Sequence[int],
                 members: Sequence[Unit]):
        g = c.groups[name]
        self.name, self.voters = name, g.voters
        self.classes: dict[tuple[int, int], list[Unit]] = {}
        for u in members:
            self.classes.setdefault((u.voters, u.inhabitants), []).append(u)
        keys = list(self.classes)
        district_seats = [[0] * len(keys) for _ in chambers]  # per chamber, per class: seats of one won unit
        self.wide: list[list[tuple[int, int]]] = [[] for _ in chambers]  # per chamber: (threshold, seats) steps
        for i, ch in enumerate(chambers):
            for d in delegations(c, ch) or ():
                if d.group != name or d.seats == 0:
                    continue
                if d.district is not None:
                    if (d.voters, d.inhabitants) in self.classes:
                        district_seats[i][keys.index((d.voters, d.inhabitants))] = d.seats
                elif isinstance(ch.seating, m.DistrictSeats):
                    self.wide[i].append((d.voters // 2 + 1, d.seats))  # the whole group, winner takes all
                else:
                    self.wide[i] += [(dhondt_threshold(d.voters, d.seats, j), 1) for j in range(1, d.seats + 1)]
        self.keys, self.caps, self.district_seats = keys, caps, district_seats
        self.relevant = any(any(row) for row in district_seats) or any(self.wide)
        self.options: list[Option] = []

    def prune(self, np) -> None:
        """Drop options another option beats: at least as many seats everywhere for no more supporters.

        Valid only when every requirement is a `yes` (more seats never hurt).  A group electing both
        by districts and as a whole has options for every (districts won, whole-group seats) pair,
        but only the frontier matters: hundreds instead of tens of thousands."""
        if len(self.options) < 2:
            return
        ordered = sorted(self.options, key=lambda o: (o.supporters, [-s for s in o.seats]))
        kept: list[Option] = []
        seats = np.empty((len(ordered), len(self.caps)), dtype=np.int64)
        for opt in ordered:
            if kept and bool(np.all(seats[:len(kept)] >= opt.seats, axis=1).any()):
                continue
            seats[len(kept)] = opt.seats
            kept.append(opt)
        self.options = sorted(kept, key=lambda o: (o.seats, o.supporters))

    def split(self, c: m.Constitution, chambers: Sequence[m.Chamber]) -> list["_Group"]:
        """Parts whose options combine independently: each class of districts on its own when nothing
        is elected by the whole group (then only the units won matter, not the group's total)."""
        if any(self.wide) or len(self.classes) == 1:
            parts = [self]
        else:
            parts = [_Group(c, self.name, chambers, self.caps, members) for members in self.classes.values()]
        for part in parts:
            part.options = part._options(part.district_seats) if part.relevant else []
        return [part for part in parts if part.relevant]

    def _seats(self, won: tuple[int, ...], t: int, district_seats) -> tuple[int, ...]:
        out = []
        for i, cap in enumerate(self.caps):
            n = sum(k * s for k, s in zip(won, district_seats[i]))
            n += sum(s for need, s in self.wide[i] if t >= need and need <= self.voters)
            out.append(min(n, cap))
        return tuple(out)

    def _options(self, district_seats) -> list[Option]:
        ranges = []
        for v, _ in self.keys:
            n = len(self.classes[(v, _)])
            ranges.append(range(n + 1) if v > 0 else range(1))  # a unit without voters is never won
        if prod(len(r) for r in ranges) > MAX_COMBINATIONS:
            raise NotSeparable(f"group `{self.name}` has too many kinds of districts")
        steps = sorted({need for row in self.wide for need, _ in row if need <= self.voters})
        best: dict[tuple[int, ...], Option] = {}
        for won in product(*ranges):
            low = high = 0
            for k, (v, inh) in zip(won, self.keys):
                need, n = v // 2 + 1, len(self.classes[(v, inh)])
                low += k * need
                high += k * v + (n - k) * (need - 1) if v > 0 else 0
            for t in [low] + [s for s in steps if low < s <= high]:
                seats = self._seats(won, t, district_seats)
                if seats not in best or t < best[seats].supporters:
                    best[seats] = Option(won, t, seats)
        return sorted(best.values(), key=lambda o: (o.seats, o.supporters))

    def supporters(self, option: Option) -> dict[str, int]:
        """Supporters per unit for an option: won units get a majority first, the rest is spread."""
        lows = [k * (v // 2 + 1) for k, (v, _) in zip(option.won, self.keys)]
        extra = option.supporters - sum(lows)
        out: dict[str, int] = {}
        for k, low, key in zip(option.won, lows, self.keys):
            members = self.classes[key]
            v, n = key[0], len(members)
            high = k * v + (n - k) * (v // 2) if v > 0 else 0
            add = min(extra, high - low)
            out.update(spread(members, v, k, low + add))
            extra -= add
        return out


def _shift(np, table, offset: Sequence[int], caps: Sequence[int]):
    """The table moved by `offset` seats per chamber, cells past a cap merged (by minimum) into the cap."""
    out = table
    for axis, (o, cap) in enumerate(zip(offset, caps)):
        if o == 0:
            continue
        moved = np.full_like(out, INF)
        src = np.moveaxis(out, axis, 0)
        dst = np.moveaxis(moved, axis, 0)
        if o < cap:
            dst[o:cap] = src[:cap - o]
        dst[cap] = src[max(cap - o, 0):].min(axis=0)
        out = moved
    return out


def minimum(c: m.Constitution, reqs: Sequence[tuple[m.Step, str]]) -> dict[str, int] | None:
    """The fewest supporters (per unit) that give every step its required outcome; None if impossible.

    Raises NotSeparable when the requirements fall outside what the table handles.
    """
    import numpy as np  # only this path needs it

    wanted = _thresholds(c, reqs)
    names = sorted(wanted)
    chambers = [c.chambers[n] for n in names]
    caps = [max(q for q, _ in wanted[n]) for n in names]
    shape = tuple(cap + 1 for cap in caps)
    if prod(shape) > MAX_CELLS:
        raise NotSeparable("the table of seat combinations is too large")
    by_group: dict[str, list[Unit]] = {}
    for u in units(c):
        by_group.setdefault(u.group, []).append(u)
    groups = [part for g, us in by_group.items() for part in _Group(c, g, chambers, caps, us).split(c, chambers)]
    if all(passes for n in names for _, passes in wanted[n]):
        for gr in groups:
            gr.prune(np)
    if sum(len(gr.options) for gr in groups) * prod(shape) > MAX_WORK:
        raise NotSeparable("too many combinations of seats to tabulate")
    table = np.full(shape, INF, dtype=np.int64)
    table[(0,) * len(shape)] = 0
    tables = [table]
    for gr in groups:
        nxt = np.full(shape, INF, dtype=np.int64)
        for opt in gr.options:
            np.minimum(nxt, _shift(np, table, opt.seats, caps) + opt.supporters, out=nxt)
        table = np.minimum(nxt, INF)
        tables.append(table)
    ok = np.ones(shape, dtype=bool)
    for axis, n in enumerate(names):
        idx = np.arange(shape[axis]).reshape([-1 if a == axis else 1 for a in range(len(shape))])
        for q, passes in wanted[n]:
            ok &= (idx >= q) if passes else (idx < q)
    masked = np.where(ok, table, INF)
    cell = np.unravel_index(int(np.argmin(masked)), shape) if masked.size else ()
    if masked.size == 0 or masked[cell] >= INF:
        return None
    out = {u.name: 0 for u in units(c)}
    for i in range(len(groups), 0, -1):
        gr, before, cost = groups[i - 1], tables[i - 1], int(tables[i][cell])
        for opt in gr.options:
            box = tuple(slice(s - o, s - o + 1) if s < cap else slice(max(cap - o, 0), cap + 1)
                        for s, o, cap in zip(cell, opt.seats, caps))
            if any(s < cap and s - o < 0 for s, o, cap in zip(cell, opt.seats, caps)):
                continue
            sub = before[box]
            if sub.size and int(sub.min()) + opt.supporters == cost:
                at = np.unravel_index(int(np.argmin(sub)), sub.shape)
                cell = tuple(b.start + a for b, a in zip(box, at))
                out.update(gr.supporters(opt))
                break
        else:  # pragma: no cover - the tables were built from these very options
            raise AssertionError("no option explains a cell of the table")
    return out
