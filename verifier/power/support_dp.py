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
   of (seats per chamber, least supporters).  A group of many districts of different sizes that
   also elects at large would have too many combinations to list: a knapsack over its
   districts gives the same list (`_Group._knapsack_options` says when and why).
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
Z3 encoding: `minimum` raises `NotSeparable`.  Small tables are kept in dictionaries (importing
numpy costs more than they take); large ones in numpy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from bisect import bisect_right
from itertools import accumulate, product
from math import prod
from typing import Sequence

from dsl import model as m

from ..seating import delegations, total_seats
from .bodies import quota
from .support import Unit, chamber_of, spread, units

#: Cells times options beyond which the table is not worth it (the solver takes over).
MAX_WORK = 400_000_000
#: Up to this many cell updates (or options to prune) plain Python beats importing numpy.
SMALL_WORK = 60_000
SMALL_OPTIONS = 300
MAX_CELLS = 4_000_000
MAX_COMBINATIONS = 200_000
#: Above this many, a group of many kinds of districts that elects at large takes the knapsack.
FEW_COMBINATIONS = 1_000
INF = 1 << 60


class Impossible(Exception):
    """A requirement no support can meet."""


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
        if result == m.QUORUM_OUTCOME:  # everyone takes part: this way through is impossible
            raise Impossible
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
        self.shared = False  # some delegation of the whole group is shared by D'Hondt
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
                    self.shared = True
                    self.wide[i] += [(dhondt_threshold(d.voters, d.seats, j), 1) for j in range(1, d.seats + 1)]
        self.keys, self.caps, self.district_seats = keys, caps, district_seats
        self.relevant = any(any(row) for row in district_seats) or any(self.wide)
        self.options: list[Option] = []

    def prune(self) -> None:
        """Drop options another option beats: at least as many seats everywhere for no more supporters.

        Valid only when every requirement is a `yes` (more seats never hurt).  A group electing both
        by districts and as a whole has options for every (districts won, whole-group seats) pair,
        but only the frontier matters: hundreds instead of tens of thousands."""
        if len(self.options) < 2:
            return
        ordered = sorted(self.options, key=lambda o: (o.supporters, [-s for s in o.seats]))
        kept: list[Option] = []
        if len(ordered) <= SMALL_OPTIONS:  # numpy costs more to import than this loop to run
            for opt in ordered:
                if not any(all(k >= s for k, s in zip(other.seats, opt.seats)) for other in kept):
                    kept.append(opt)
        else:
            import numpy as np

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
            part.options = part._options() if part.relevant else []
        return [part for part in parts if part.relevant]

    def _options(self) -> list[Option]:
        district_seats = self.district_seats
        ranges = []
        for v, _ in self.keys:
            n = len(self.classes[(v, _)])
            ranges.append(range(n + 1) if v > 0 else range(1))  # a unit without voters is never won
        combinations = prod(len(r) for r in ranges)
        if combinations > FEW_COMBINATIONS:
            options = self._knapsack_options()
            if options is not None:
                return options
        if combinations > MAX_COMBINATIONS:
            raise NotSeparable(f"group `{self.name}` has too many kinds of districts")
        # Seats elected by the whole group, per chamber, as a step function of its supporters t:
        # thresholds sorted, and the seats won at each (bisect finds how many thresholds t reaches).
        wide = []
        for row in self.wide:
            row = sorted((need, n) for need, n in row if need <= self.voters)
            wide.append(([need for need, _ in row], list(accumulate((n for _, n in row), initial=0))))
        steps = sorted({need for needs, _ in wide for need in needs})
        per_class = [(v // 2 + 1, len(self.classes[(v, inh)]), v) for v, inh in self.keys]
        best: dict[tuple[int, ...], Option] = {}
        for won in product(*ranges):
            low = high = 0
            for k, (need, n, v) in zip(won, per_class):
                low += k * need
                high += k * v + (n - k) * (need - 1) if v > 0 else 0
            base = [sum(k * s for k, s in zip(won, row)) for row in district_seats]
            for t in [low] + steps[bisect_right(steps, low):bisect_right(steps, high)]:
                seats = tuple(min(b + cum[bisect_right(needs, t)], cap)
                              for b, (needs, cum), cap in zip(base, wide, self.caps))
                if seats not in best or t < best[seats].supporters:
                    best[seats] = Option(won, t, seats)
        return sorted(best.values(), key=lambda o: (o.seats, o.supporters))

    def _knapsack_options(self) -> list[Option] | None:
        """The options of a group of many different districts that also elects at large, without
        enumerating every set of districts; None where the argument below does not apply.

        With S the districts won, the group's supporters range over [low_S, high_S], where
        low_S = sum of need_d over S and high_S - low_S = B - e_S (B = sum of v_d // 2 over every
        district, e_S = the districts of S with an even number of voters).  Winning the group at
        large (t = V // 2 + 1 supporters) with S is possible iff low_S >= t - B + e_S =
        odd // 2 + 1 + e_S (odd: the districts with an odd number of voters).  When every district
        needs at least odd // 2 + 2 supporters, every non-empty S satisfies it, so for each number
        of seats h the cheapest S (a knapsack over the classes of districts) gives both options:
        lose at large with low_S supporters (if low_S < t), win it with max(low_S, t).
        """
        district_seats = self.district_seats
        axes = [i for i, row in enumerate(district_seats) if any(row)]
        if self.shared or len(axes) > 1 or not axes:
            return None
        axis = axes[0]
        classes = [(v // 2 + 1, len(self.classes[(v, inh)]), s)
                   for (v, inh), s in zip(self.keys, district_seats[axis]) if v > 0]
        if any(s == 0 for _, _, s in classes):
            return None  # a district won for no seat could still help win the group: not this argument
        odd = sum(n for (v, inh) in self.keys if v % 2 for n in [len(self.classes[(v, inh)])])
        if min((need for need, _, _ in classes), default=0) < odd // 2 + 2:
            return None
        t = self.voters // 2 + 1
        total = sum(n * s for _, n, s in classes)
        best = [0] + [INF] * total
        taken = []  # per class, per seat count: how many of its districts the cheapest way takes
        for need, n, s in classes:
            nxt, take = list(best), [0] * (total + 1)
            for h in range(total + 1):
                for k in range(1, n + 1):
                    if k * s > h:
                        break
                    cost = best[h - k * s] + k * need
                    if cost < nxt[h]:
                        nxt[h], take[h] = cost, k
            best = nxt
            taken.append(take)
        won_at_large = [sum(n for need, n in row if need == t) for row in self.wide]
        best_options: dict[tuple[int, ...], Option] = {}
        for h in range(total + 1):
            if best[h] >= INF:
                continue
            counts, rest = [], h
            for (need, n, s), take in zip(reversed(classes), reversed(taken)):
                counts.append(take[rest])
                rest -= take[rest] * s
            counts.reverse()
            it = iter(counts)
            won = tuple(next(it) if v > 0 else 0 for v, _ in self.keys)
            choices = ([(best[h], 0)] if best[h] < t else []) + ([(max(best[h], t), 1)] if h > 0 else [])
            for supporters, at_large in choices:
                seats = tuple(min(c, (h if i == axis else 0) + at_large * won_at_large[i])
                              for i, c in enumerate(self.caps))
                if seats not in best_options or supporters < best_options[seats].supporters:
                    best_options[seats] = Option(won, supporters, seats)
        return sorted(best_options.values(), key=lambda o: (o.seats, o.supporters))

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


def _add_group(np, table, options, caps: Sequence[int]):
    """The table after one more group: for every option, the table moved by its seats plus its
    supporters, the cheapest per cell.  Moves land in a table wide enough for the largest move, and
    the cells past a cap are then folded (by minimum) into the cap: more seats than the highest
    threshold change no outcome."""
    reach = [max((seats[i] for seats, _ in options), default=0) for i in range(len(caps))]
    wide = np.full(tuple(cap + 1 + r for cap, r in zip(caps, reach)), INF, dtype=np.int64)
    moved = np.empty_like(table)
    for seats, opt in options:
        view = wide[tuple(slice(o, o + cap + 1) for o, cap in zip(seats, caps))]
        np.add(table, opt.supporters, out=moved)
        np.minimum(view, moved, out=view)
    for axis, cap in enumerate(caps):
        if reach[axis]:
            front = np.moveaxis(wide, axis, 0)
            front[cap] = front[cap:].min(axis=0)
            wide = np.moveaxis(front[:cap + 1], 0, axis)
    return np.minimum(wide, INF)


def minimum(c: m.Constitution, reqs: Sequence[tuple[m.Step, str]]) -> dict[str, int] | None:
    """The fewest supporters (per unit) that give every step its required outcome; None if impossible.

    Raises NotSeparable when the requirements fall outside what the table handles.
    """
    try:
        wanted = _thresholds(c, reqs)
    except Impossible:
        return None
    names = sorted(wanted)
    chambers = [c.chambers[n] for n in names]
    caps = [max(q for q, _ in wanted[n]) for n in names]
    by_group: dict[str, list[Unit]] = {}
    for u in units(c):
        by_group.setdefault(u.group, []).append(u)
    groups = [part for g, us in by_group.items() for part in _Group(c, g, chambers, caps, us).split(c, chambers)]
    if all(passes for n in names for _, passes in wanted[n]):
        for gr in groups:
            gr.prune()
    out = {u.name: 0 for u in units(c)}
    for axes, members in _components(groups, len(names)):
        conds = [wanted[names[a]] for a in axes]
        chosen = _tabulate(members, axes, [caps[a] for a in axes], conds)
        if chosen is None:
            return None
        for gr, opt in chosen:
            out.update(gr.supporters(opt))
    return out


def _components(groups: list[_Group], axes: int) -> list[tuple[list[int], list[_Group]]]:
    """Chambers linked by groups that elect to more than one of them, with those groups.

    Requirements are per chamber, so chambers no group links are independent problems whose minima
    add up: a House and a Lords elected by different people are two small tables, not one large."""
    parent = list(range(axes))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    touched = [[a for a in range(axes) if any(o.seats[a] for o in gr.options)] for gr in groups]
    for t in touched:
        for a in t[1:]:
            parent[root(a)] = root(t[0])
    out: dict[int, tuple[list[int], list[_Group]]] = {}
    for a in range(axes):
        out.setdefault(root(a), ([], []))[0].append(a)
    for gr, t in zip(groups, touched):
        if t:
            out[root(t[0])][1].append(gr)
    return list(out.values())


def _meets(cell: tuple[int, ...], conds) -> bool:
    return all((s >= q) if passes else (s < q) for s, wanted in zip(cell, conds) for q, passes in wanted)


def _tabulate_small(groups: list[_Group], options, caps: list[int], conds) -> list | None:
    """`_tabulate` with dictionaries of the cells reached, for small tables: the same minimum, and
    the first option found at it (options in their sorted order), without importing numpy."""
    table: dict[tuple[int, ...], int] = {tuple(0 for _ in caps): 0}
    back: list[dict] = []
    for opts in options:
        nxt: dict[tuple[int, ...], int] = {}
        how: dict = {}
        for cell, cost in table.items():
            for seats, opt in opts:
                to = tuple(min(c + s, cap) for c, s, cap in zip(cell, seats, caps))
                total = cost + opt.supporters
                if to not in nxt or total < nxt[to]:
                    nxt[to], how[to] = total, (cell, opt)
        table = nxt
        back.append(how)
    ends = [(cost, cell) for cell, cost in table.items() if _meets(cell, conds)]
    if not ends:
        return None
    cell = min(ends)[1]
    chosen = []
    for i in range(len(groups), 0, -1):
        cell, opt = back[i - 1][cell]
        chosen.append((groups[i - 1], opt))
    return chosen


def _tabulate(groups: list[_Group], axes: list[int], caps: list[int], conds) -> list | None:
    """The cheapest option per group whose seats, over the given chambers, meet every condition."""
    shape = tuple(cap + 1 for cap in caps)
    if prod(shape) > MAX_CELLS:  # per table: chambers no group links are tabulated apart
        raise NotSeparable("the table of seat combinations is too large")
    options = [[(tuple(o.seats[a] for a in axes), o) for o in gr.options] for gr in groups]
    work = sum(len(opts) for opts in options) * prod(shape)
    if work > MAX_WORK:
        raise NotSeparable("too many combinations of seats to tabulate")
    if work <= SMALL_WORK:
        return _tabulate_small(groups, options, caps, conds)
    import numpy as np  # for tables too large for Python loops

    table = np.full(shape, INF, dtype=np.int64)
    table[(0,) * len(shape)] = 0
    tables = [table]
    for opts in options:
        table = _add_group(np, table, opts, caps)
        tables.append(table)
    ok = np.ones(shape, dtype=bool)
    for axis, wanted in enumerate(conds):
        idx = np.arange(shape[axis]).reshape([-1 if a == axis else 1 for a in range(len(shape))])
        for q, passes in wanted:
            ok &= (idx >= q) if passes else (idx < q)
    masked = np.where(ok, table, INF)
    cell = np.unravel_index(int(np.argmin(masked)), shape)
    if masked[cell] >= INF:
        return None
    chosen = []
    for i in range(len(groups), 0, -1):
        before, cost = tables[i - 1], int(tables[i][cell])
        for seats, opt in options[i - 1]:
            if any(s < cap and s - o < 0 for s, o, cap in zip(cell, seats, caps)):
                continue
            box = tuple(slice(s - o, s - o + 1) if s < cap else slice(max(cap - o, 0), cap + 1)
                        for s, o, cap in zip(cell, seats, caps))
            sub = before[box]
            if sub.size and int(sub.min()) + opt.supporters == cost:
                at = np.unravel_index(int(np.argmin(sub)), sub.shape)
                cell = tuple(b.start + a for b, a in zip(box, at))
                chosen.append((groups[i - 1], opt))
                break
        else:  # pragma: no cover - the tables were built from these very options
            raise AssertionError("no option explains a cell of the table")
    return chosen
