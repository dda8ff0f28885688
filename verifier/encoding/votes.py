"""Z3 encoding of votes: positions, compositions within each seating formula, and outcomes.

Everything here is linear integer arithmetic: seats are integers, support shares are
scaled to integers, and "party p votes yes" is `If(pos[p, motion] == YES, seats[p], 0)`.
A set of facts (how chambers, appointed bodies, delegations and referenda decided)
is feasible iff one assignment of positions — shared by the whole run — and one
composition per epoch make every fact true; `witness` returns that assignment.
"""

from __future__ import annotations

from math import lcm
from typing import Iterable, Mapping, Sequence

import itertools

import z3

from dsl import model as m

from ..procedures.facts import DELEGATION, Epoch, Fact, RefFact, quorum_of, rule_of
from ..seating import composition_from_support, delegations, has_support, total_seats
from .solver import SAT, Budget, check, new_solver

# A position is two Booleans (absent-or-abstain, no-or-absent): no domain constraint is
# needed and the solver reasons about positions propositionally, which is much faster
# than integer codes compared for equality.
CODES = {"yes": (False, False), "no": (False, True), "abstain": (True, False), "absent": (True, True)}
POSITIONS = tuple(CODES)
ANY = "*"  # a profile says nothing about this motion


def _passes(rule: m.DecisionRule, yes, no, abstain, members) -> z3.BoolRef:
    return rule.passes(yes, no, abstain, members, both=z3.And)


class VoteEncoding:
    """Symbols and constraints for the votes of one constitution on a set of motions."""

    def __init__(self, c: m.Constitution, motions: Iterable[str]):
        self.c = c
        self.motions = tuple(sorted(set(motions)))
        # A context of its own: Z3's answers then depend only on this encoding, not on what
        # else the process solved before (so a file's counterexamples are the same alone or in a batch).
        self.ctx = z3.Context()
        self.parties = tuple(c.parties)
        self.pos = {(p, mo): (z3.Bool(f"away[{p},{mo}]", self.ctx), z3.Bool(f"nay[{p},{mo}]", self.ctx))
                    for p in self.parties for mo in self.motions}
        # Every profile asks for the same few positions again (4**motions profiles x parties);
        # Z3 would hand back the same term each time, but building it in Python is what costs.
        self._positions: dict = {}
        # Where any split of the seats is possible, a vote depends only on how many seats hold each
        # combination of positions on the motions (a profile), not on which party holds them; so
        # such compositions count seats per profile, and a profile may hold seats only if some
        # party takes exactly those positions.  This keeps the arithmetic free of per-party case
        # splits, which made Z3 slow with many interchangeable parties (docs/performance.md).
        # An epoch is asked about only some motions: its profiles cover those (ANY elsewhere), so
        # an epoch with facts on one motion has 4 profiles, not 4**motions.
        self._profiles: dict = {}
        self._someone: dict = {}
        self._seats = {name: total_seats(c, ch) for name, ch in c.chambers.items()}
        self._incremental = new_solver(self.ctx)
        self._guards: dict = {}
        self._fixed = {}
        for name, ch in c.chambers.items():
            support = composition_from_support(c, ch) if has_support(c, ch.electorate) else None
            # A pinned composition is the first election's result; support decides every other one.
            self._fixed[name] = (support, ch.composition or support)  # (later epochs, first epoch)

    # ------------------------------------------------------------ compositions
    def profiles(self, motions: Iterable[str] | None) -> list[tuple[str, ...]]:
        """Every combination of positions on `motions` (all when None), as full-length tuples with ANY
        in the place of the other motions."""
        key = self.motions if motions is None else tuple(mo for mo in self.motions if mo in set(motions))
        if key not in self._profiles:
            out = []
            for combo in itertools.product(POSITIONS, repeat=len(key)):
                chosen = dict(zip(key, combo))
                out.append(tuple(chosen.get(mo, ANY) for mo in self.motions))
            self._profiles[key] = out
        return self._profiles[key]

    def someone_takes(self, profile: tuple[str, ...]) -> z3.BoolRef:
        """Some party takes the positions of `profile` (where it names one)."""
        if profile not in self._someone:
            self._someone[profile] = z3.Or([self.takes(p, profile) for p in self.parties])
        return self._someone[profile]

    def composition(self, chamber: str, first: bool, tag: str,
                    motions: Iterable[str] | None = None) -> tuple[dict[str, z3.ArithRef], list]:
        """Seats per party (or per profile of positions on `motions`) of one epoch of a chamber,
        with the constraints of its seating formula."""
        later, at_first = self._fixed[chamber]
        fixed = at_first if first else later
        if fixed is not None:
            return {p: z3.IntVal(fixed.get(p, 0), self.ctx) for p in self.parties}, []
        ch = self.c.chambers[chamber]
        units = delegations(self.c, ch) if isinstance(ch.seating, m.DistrictSeats) else None
        if units is None:
            seats = {k: z3.Int(f"seats[{chamber},{tag},{','.join(k)}]", self.ctx) for k in self.profiles(motions)}
            cons = [s >= 0 for s in seats.values()] + [z3.Sum(list(seats.values())) == self._seats[chamber]]
            if self.parties:
                cons += [z3.Implies(s > 0, self.someone_takes(k)) for k, s in seats.items()]
            return seats, cons
        # Winner-take-all districts: each district's delegates go to one party.  Districts
        # sending the same number of delegates are interchangeable, so count them per size.
        sizes: dict[int, int] = {}
        for u in units:
            if u.seats:
                sizes[u.seats] = sizes.get(u.seats, 0) + 1
        won = {(v, p): z3.Int(f"won[{chamber},{tag},{v},{p}]", self.ctx) for v in sizes for p in self.parties}
        cons = [x >= 0 for x in won.values()]
        cons += [z3.Sum([won[v, p] for p in self.parties]) == n for v, n in sizes.items()]
        seats = {p: z3.Sum([v * won[v, p] for v in sizes]) if sizes else z3.IntVal(0, self.ctx) for p in self.parties}
        return seats, cons

    def holds_position(self, party: str, motion: str, position: str) -> z3.BoolRef:
        key = (party, motion, position)
        if key not in self._positions:
            (away, nay), (want_away, want_nay) = self.pos[party, motion], CODES[position]
            self._positions[key] = z3.And(away if want_away else z3.Not(away), nay if want_nay else z3.Not(nay))
        return self._positions[key]

    def takes(self, party: str, profile: tuple[str, ...]) -> z3.BoolRef:
        """Party `party` takes exactly the positions of `profile` on the motions."""
        return z3.And([self.holds_position(party, mo, pos) for mo, pos in zip(self.motions, profile) if pos != ANY]
                      + [z3.BoolVal(True, self.ctx)])

    def tally(self, seats: Mapping, motion: str):
        if seats and isinstance(next(iter(seats)), tuple):  # seats per profile
            j = self.motions.index(motion)

            def count(position: str):
                terms = [s for k, s in seats.items() if k[j] == position]
                return z3.Sum(terms) if terms else z3.IntVal(0, self.ctx)

            return count("yes"), count("no"), count("abstain"), z3.Sum(list(seats.values()))

        def count(position: str):
            return z3.Sum([z3.If(self.holds_position(p, motion, position), seats[p], 0) for p in self.parties])

        return count("yes"), count("no"), count("abstain"), z3.Sum(list(seats.values()))

    def fact(self, chamber: str, seats: Mapping[str, z3.ArithRef], f: Fact) -> z3.BoolRef:
        """The constraint that one fact about an epoch of `chamber` holds."""
        yes, no, abstain, members = self.tally(seats, f.motion)
        if f.body == DELEGATION:
            agree = yes > no
            return agree if f.outcome == "yes" else z3.Not(agree)
        body = self.c.bodies[f.body]
        quorum_ok = z3.BoolVal(True, self.ctx)
        quorum = quorum_of(f.rule, body.quorum)
        if quorum is not None:
            quorum_ok = _passes(quorum, yes + no + abstain, 0, 0, members)
        passed = _passes(rule_of(f.rule, body.rule), yes, no, abstain, members)
        if f.outcome == m.QUORUM_OUTCOME:
            return z3.Not(quorum_ok)
        return z3.And(quorum_ok, passed if f.outcome == "yes" else z3.Not(passed))

    def referendum(self, f: RefFact) -> z3.BoolRef:
        """A referendum result; free unless support is modelled for its whole electorate."""
        r = self.c.bodies[f.referendum]
        if not all(g in self.c.support for g in r.electorate.groups):
            return z3.BoolVal(True, self.ctx)
        scale = lcm(*(s.denominator for g in r.electorate.groups for s in self.c.support[g].values()), 1)
        count = {k: [] for k in CODES}
        electorate = 0
        for g in r.electorate.groups:
            voters = self.c.groups[g].voters
            electorate += voters * scale
            for party, share in self.c.support[g].items():
                weight = int(voters * share * scale)
                for k in CODES:
                    count[k].append(z3.If(self.holds_position(party, f.motion, k), weight, 0))
        yes, no, abstain = (z3.Sum(count[k]) if count[k] else z3.IntVal(0, self.ctx) for k in ("yes", "no", "abstain"))
        quorum_ok = z3.BoolVal(True, self.ctx)
        if r.turnout is not None:
            quorum_ok = _passes(m.DecisionRule(r.turnout, False, "members", r.span), yes + no + abstain, 0, 0,
                                electorate)
        passed = _passes(rule_of(f.rule, r.rule), yes, no, abstain, electorate)
        if f.outcome == m.QUORUM_OUTCOME:
            return z3.Not(quorum_ok)
        return z3.And(quorum_ok, passed if f.outcome == "yes" else z3.Not(passed))

    # ------------------------------------------------------------ queries
    def _assert(self, solver: z3.Solver, epochs: Sequence[Epoch], refs: Iterable[RefFact],
                equal: Sequence[tuple[int, int]] = ()) -> list:
        comps = []
        for i, e in enumerate(epochs):
            # Epochs that must be equal (a lasso) are compared profile by profile: give them all.
            motions = None if equal else {f.motion for f in e.facts}
            seats, cons = self.composition(e.chamber, e.first, f"e{i}", motions)
            solver.add(*cons)
            solver.add(*[self.fact(e.chamber, seats, f) for f in sorted(e.facts)])
            comps.append(seats)
        for a, b in equal:
            solver.add(*[comps[a][key] == comps[b][key] for key in comps[a]])
        solver.add(*[self.referendum(f) for f in sorted(refs)])
        return comps

    def _guard(self, item: Epoch | RefFact) -> z3.BoolRef:
        """A literal that switches on the constraints of one epoch (or referendum result)."""
        if item not in self._guards:
            tag = f"g{len(self._guards)}"
            if isinstance(item, Epoch):
                seats, cons = self.composition(item.chamber, item.first, tag, {f.motion for f in item.facts})
                cons = cons + [self.fact(item.chamber, seats, f) for f in sorted(item.facts)]
            else:
                cons = [self.referendum(item)]
            guard = z3.Bool(tag, self.ctx)
            self._incremental.add(z3.Implies(guard, z3.And(cons + [z3.BoolVal(True, self.ctx)])))
            self._guards[item] = guard
        return self._guards[item]

    def feasible(self, epochs: Sequence[Epoch], refs: Iterable[RefFact], budget: Budget) -> bool:
        """Can one choice of positions and compositions make all these facts true?

        One incremental solver serves every query: each distinct epoch is encoded once,
        behind a guard literal, and a query assumes the guards of its epochs.
        """
        assumptions = [self._guard(e) for e in epochs] + [self._guard(r) for r in refs]
        return check(self._incremental, budget, assumptions) == SAT

    def witness(self, epochs: Sequence[Epoch], refs: Iterable[RefFact], budget: Budget,
                equal: Sequence[tuple[int, int]] = ()):
        """Positions (party -> motion -> position) and one composition per epoch, or None.

        `equal` pairs epochs (by index) that must have the same composition, to close a lasso.
        """
        solver = new_solver(self.ctx)
        comps = self._assert(solver, epochs, refs, equal)
        if check(solver, budget) != SAT:
            return None
        model = solver.model()
        def position(p: str, mo: str) -> str:
            bits = tuple(z3.is_true(model.eval(b, model_completion=True)) for b in self.pos[p, mo])
            return next(k for k, v in CODES.items() if v == bits)

        positions = {p: {mo: position(p, mo) for mo in self.motions} for p in self.parties}
        def holder(profile: tuple[str, ...]) -> str:  # the first party that takes a profile holds its seats
            return next(p for p in self.parties
                        if all(pos in (ANY, positions[p][mo]) for mo, pos in zip(self.motions, profile)))

        seats = []
        for comp in comps:
            values = {key: model.eval(s, model_completion=True).as_long() for key, s in comp.items()}
            if values and isinstance(next(iter(values)), tuple):
                per_party = {p: 0 for p in self.parties}
                for k, n in values.items():
                    if n:
                        per_party[holder(k)] += n
                values = per_party
            seats.append(values)
        return positions, seats
