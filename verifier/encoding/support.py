"""Z3 encoding of supporters: the fewest supporters per unit that carry a given set of votes.

Every seating formula's "the supporters win at least k seats" is a linear condition on the
supporters' numbers, derived from the apportionment method's own arithmetic for two camps
(opponents listed first, so supporters win a tie only with more votes, as `apportion` breaks it):

- winner-take-all districts: a district's delegates go to the supporters iff 2 s > voters;
- a group's delegation shared by D'Hondt: the j-th seat is theirs iff s >= m(j), the least
  number of supporters that wins it (computed exactly, ties included);
- party lists: the k-th seat is theirs by comparing their k-th quotient with the opponents'
  (n-k+1)-th (D'Hondt, Sainte-Laguë), or by quota and remainder (Hare), after the threshold.

`Optimize` then minimises the total number of supporters exactly (integers throughout).
"""

from __future__ import annotations

from typing import Iterable, Sequence

import z3

from dsl import model as m

from ..power.bodies import quota
from ..power.support import Unit, chamber_of, spread, units
from ..seating import delegations, total_seats
from .solver import Budget, OutOfTime, SolverUnknown


class SupportEncoding:
    """Supporters per class of interchangeable units, and the seats and outcomes they carry.

    Units of one group with the same voters and inhabitants are interchangeable (every seating
    formula treats them alike), so a class of n such units has two unknowns: t, its supporters
    in all, and k, how many of its units they win outright (more than half the voters).  Any t
    with k m <= t <= k v + (n - k)(m - 1), where m = v // 2 + 1, is reachable with exactly k
    units won, so the aggregation is exact — and a district map of hundreds of units stays small.
    """

    def __init__(self, c: m.Constitution):
        self.c = c
        self.ctx = z3.Context()
        self.units: list[Unit] = units(c)
        self.classes: dict[tuple, list[Unit]] = {}
        for u in self.units:
            self.classes.setdefault((u.group, u.voters, u.inhabitants), []).append(u)
        self.t, self.k = {}, {}
        self.bounds = []
        for i, (key, members) in enumerate(self.classes.items()):
            n, v = len(members), key[1]
            t = self.t[key] = z3.Int(f"t[{key[0]},{i}]", self.ctx)
            k = self.k[key] = z3.Int(f"won[{key[0]},{i}]", self.ctx)
            need = v // 2 + 1
            if v == 0:
                self.bounds += [t == 0, k == 0]
            else:
                self.bounds += [k >= 0, k <= n, t >= k * need, t <= k * v + (n - k) * (need - 1)]
        self._claims: list = []  # definitions of the seat counts of delegations
        self.by_group: dict[str, list[tuple]] = {}
        for key in self.classes:
            self.by_group.setdefault(key[0], []).append(key)

    def _sum(self, groups: Iterable[str]):
        terms = [self.t[key] for g in groups for key in self.by_group.get(g, ())]
        return z3.Sum(terms) if terms else z3.IntVal(0, self.ctx)

    def supporters(self, model: z3.ModelRef) -> dict[str, int]:
        """Supporters per unit from a model: the won units first get a majority, then the rest is spread."""
        out = {}
        for key, members in self.classes.items():
            t = model.eval(self.t[key], model_completion=True).as_long()
            k = model.eval(self.k[key], model_completion=True).as_long()
            out.update(spread(members, key[1], k, t))
        return out

    def _voters(self, groups: Iterable[str]) -> int:
        return sum(key[1] * len(self.classes[key]) for g in groups for key in self.by_group.get(g, ()))

    def party_list_at_least(self, seating: m.PartyListSeats, groups: Sequence[str], k: int) -> z3.BoolRef:
        a = self._sum(groups)
        v = self._voters(groups)
        b = v - a
        n, t = seating.seats, seating.threshold
        if k <= 0:
            return z3.BoolVal(True, self.ctx)
        if k > n or v == 0:
            return z3.BoolVal(False, self.ctx)
        s_passes = a * t.denominator >= t.numerator * v
        o_passes = b * t.denominator >= t.numerator * v
        if seating.method == "hare":
            x = a * n
            full = x >= k * v
            rem = x - (k - 1) * v
            remainder_seat = z3.And(x >= (k - 1) * v, x < k * v, rem > 0,
                                    z3.Or(2 * rem > v, z3.And(2 * rem == v, a > b)))
            both = z3.Or(full, remainder_seat)
        else:
            d_s, d_o = (k, n - k + 1) if seating.method == "dhondt" else (2 * k - 1, 2 * (n - k) + 1)
            both = z3.Or(a * d_o > b * d_s, z3.And(a * d_o == b * d_s, a > b))
        return z3.And(s_passes, z3.Or(z3.Not(o_passes), both))

    def seats(self, chamber: m.Chamber):
        """The supporters' seats in a chamber seated per group or per district, as a term."""
        seating = chamber.seating
        terms = []
        counted: set[tuple] = set()
        for d in delegations(self.c, chamber) or ():
            if d.seats == 0:
                continue
            if isinstance(seating, m.DistrictSeats) and d.district is None and self.c.groups[d.group].districts:
                terms.append(d.seats * self._group_won(d.group, d.voters))
            elif isinstance(seating, m.DistrictSeats):
                key = (d.group, d.voters, d.inhabitants)
                if key not in counted:  # every unit of a class sends as many delegates: seats x units won
                    counted.add(key)
                    terms.append(d.seats * self.k[key])
            else:
                terms.append(self._delegation_seats(d.group, d.voters, d.seats))
        return z3.Sum(terms) if terms else z3.IntVal(0, self.ctx)

    def _group_won(self, group: str, voters: int):
        """1 when the supporters have more than half of a whole group's voters (an at-large seat), else 0."""
        won = z3.Int(f"at_large[{group},{len(self._claims)}]", self.ctx)
        self._claims.append(won == z3.If(2 * self._sum([group]) > voters, 1, 0, ctx=self.ctx))
        return won

    def _delegation_seats(self, group: str, voters: int, seats: int):
        """The supporters' seats of a group's delegation shared by D'Hondt, as an integer term.

        With two camps the supporters win at least k seats iff a (seats + 1) > voters k, or
        equal with a > voters - a: linear in a and k, so the exact number of seats is the k
        that satisfies this and fails it for k + 1 — no case split per seat.
        """
        if voters == 0:
            return z3.IntVal(0, self.ctx)
        a = self._sum([group])
        k = z3.Int(f"k[{group},{len(self._claims)}]", self.ctx)

        def wins(n):
            return z3.Or(a * (seats + 1) > voters * n, z3.And(a * (seats + 1) == voters * n, 2 * a > voters))

        self._claims.append(z3.And(k >= 0, k <= seats, z3.Or(k == 0, wins(k)), z3.Or(k == seats, z3.Not(wins(k + 1)))))
        return k

    def at_least(self, chamber: m.Chamber, k: int) -> z3.BoolRef:
        if isinstance(chamber.seating, m.PartyListSeats):
            return self.party_list_at_least(chamber.seating, chamber.electorate.groups, k)
        return self.seats(chamber) >= k

    def outcome(self, step: m.Step, result: str) -> z3.BoolRef:
        """The condition that a vote step ends with `result` when supporters vote yes, the rest no."""
        if result == m.QUORUM_OUTCOME:  # every voter and member takes part: a quorum is always met
            return z3.BoolVal(False, self.ctx)
        body = self.c.bodies[step.body]
        if isinstance(body, m.Referendum):
            a, v = self._sum(body.electorate.groups), self._voters(body.electorate.groups)
            passed = (step.rule or body.rule).passes(a, v - a, 0, v, both=lambda x, y: z3.And(x, y))
            passed = passed if isinstance(passed, z3.BoolRef) else z3.BoolVal(bool(passed), self.ctx)
        elif isinstance(body, m.Commission):
            sides = [chamber_of(self.c, side) for side in body.sides]
            passed = z3.And([self.at_least(ch, total_seats(self.c, ch) // 2 + 1) for ch in sides])
        else:
            ch = chamber_of(self.c, body.name)
            passed = self.at_least(ch, quota(step.rule or body.rule, total_seats(self.c, ch)))
        return passed if result in ("yes", "agree") else z3.Not(passed)

    def minimum(self, requirements: Sequence[tuple[m.Step, str]], budget: Budget) -> dict[str, int] | None:
        """The fewest supporters (per unit) that give every step its required outcome; None if impossible."""
        opt = z3.Optimize(ctx=self.ctx)
        opt.set("timeout", max(1, int((budget.remaining() or 3600) * 1000)))
        opt.add(*self.bounds)
        opt.add(*[self.outcome(step, result) for step, result in requirements])
        opt.add(*self._claims)
        opt.minimize(z3.Sum(list(self.t.values())))
        budget.check()
        result = opt.check()
        if result == z3.unsat:
            return None
        if result != z3.sat:
            reason = opt.reason_unknown()
            if "timeout" in reason or "canceled" in reason:
                raise OutOfTime(f"the time limit of {budget.seconds:g} s was reached")
            raise SolverUnknown(reason)
        return self.supporters(opt.model())
