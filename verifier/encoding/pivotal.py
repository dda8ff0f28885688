"""Z3: can one group's supporters change whether a power is exercised?  (`no-dummy`)

The support model is the one of `min-winning-support` (`encoding/support.py`): each unit has
between 0 and all of its voters as supporters, who vote yes in referenda and elect
representatives who back the motion.  A power is *carried* when some way through its
procedure gets every outcome it needs.

A group swings a power when the other units' supporters can be fixed so that one split of the
group's own supporters carries it and another does not.  The query takes two copies of the
model that share every variable of the other units and differ in the group's variables — and
in every auxiliary seat count (the encoding defines some seats through extra integers, e.g. a
delegation's D'Hondt seats): those depend on the group's supporters, so each copy needs its own.
The power is carried in the first copy and not in the second.

Outcomes are monotone in support for most procedures, and then the group swings a power iff
"all of the group supports" carries it and "none does" does not; that witness is the easiest to
read, so it is asked for first (as an assumption), and the free splits only when it fails — a
procedure that needs a `no` somewhere can make a partial split decisive.  `unsat` without the
assumption is a proof that the group never matters for the power.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import z3

from dsl import model as m

from .solver import SAT, Budget, check, new_solver
from .support import SupportEncoding

Way = Sequence[tuple[m.Step, str]]


@dataclass(frozen=True)
class Swing:
    """Supporters per unit in two runs that differ only in one group's units."""

    carried: dict[str, int]
    not_carried: dict[str, int]
    all_or_none: bool  # the group's units are all supporters in the first run and none in the second


class _Renamed:
    """A model seen through a renaming, so that `SupportEncoding.supporters` reads the second copy."""

    def __init__(self, model: z3.ModelRef, pairs: list):
        self.model, self.pairs = model, pairs

    def eval(self, term, model_completion: bool = False):
        return self.model.eval(z3.substitute(term, *self.pairs), model_completion=model_completion)


def _constants(terms) -> dict[int, z3.ExprRef]:
    """The uninterpreted constants of some terms, by AST id."""
    out, seen, stack = {}, set(), list(terms)
    while stack:
        e = stack.pop()
        if e.get_id() in seen:
            continue
        seen.add(e.get_id())
        if z3.is_const(e) and e.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            out[e.get_id()] = e
        stack.extend(e.children())
    return out


@dataclass(frozen=True)
class Carried:
    """The condition that a power is carried, with what the two copies must rename."""

    formula: z3.BoolRef
    claims: tuple  # (definition of auxiliary seat counts the formula uses, ids of its constants)
    groups: frozenset[str]  # the groups whose supporters the condition depends on at all


class PivotalEncoding:
    """The support model of a constitution, asked whether each group can swing a power."""

    def __init__(self, c: m.Constitution):
        self.enc = SupportEncoding(c)
        self.ctx = self.enc.ctx
        self._own = {key: (self.enc.t[key], self.enc.k[key]) for key in self.enc.classes}
        self._owner = {v.get_id(): key[0] for key, pair in self._own.items() for v in pair}

    def _outcome(self, step: m.Step, result: str) -> z3.BoolRef:
        if result == "no_quorum":
            # Every member and voter takes part in the support model, so a quorum is always met.
            return z3.BoolVal(False, self.ctx)
        return self.enc.outcome(step, result)

    def carried(self, ways: Sequence[Way]) -> Carried:
        """The condition that some way succeeds (a way needs every one of its outcomes)."""
        start = len(self.enc._claims)  # outcome() appends the definitions of its auxiliary seat counts
        terms = [z3.And([self._outcome(step, result) for step, result in way] or [z3.BoolVal(True, self.ctx)])
                 for way in ways]
        formula = z3.Or(terms) if terms else z3.BoolVal(False, self.ctx)
        claims = tuple((claim, _constants([claim])) for claim in self.enc._claims[start:])
        used = set(_constants([formula]))
        for _, consts in claims:
            used |= set(consts)
        return Carried(formula, claims, frozenset(self._owner[i] for i in used if i in self._owner))

    def swing(self, group: str, carried: Carried, budget: Budget) -> Swing | None:
        """Two runs in which the group's supporters alone decide whether the power is carried; None
        when there are none — a proof that the group can never change the outcome (the condition
        does not involve its supporters, or the solver finds the two copies unsatisfiable)."""
        if group not in carried.groups:
            return None
        keys = self.enc.by_group.get(group, [])
        renamed = {v.get_id(): v for key in keys for v in self._own[key]}
        # A seat count defined from the group's supporters differs between the copies; the others'
        # are the same in both and stay shared, which keeps the second copy small.
        own = set()
        while True:  # until no other definition reads a renamed integer (one pass, unless they chain)
            more = [i for i, (_, consts) in enumerate(carried.claims) if i not in own and renamed.keys() & consts.keys()]
            if not more:
                break
            for i in more:
                own.add(i)
                renamed.update({j: v for j, v in carried.claims[i][1].items() if j not in self._owner})
        own_claims = [claim for i, (claim, _) in enumerate(carried.claims) if i in own]
        shared_claims = [claim for i, (claim, _) in enumerate(carried.claims) if i not in own]
        pairs = [(v, z3.Int(f"{v.decl().name()}'", self.ctx)) for v in renamed.values()]

        def second(term):
            return z3.substitute(term, *pairs)

        solver = new_solver(self.ctx)
        own_bounds = [b for b in self.enc.bounds if renamed.keys() & _constants([b]).keys()]
        solver.add(*self.enc.bounds, *[second(b) for b in own_bounds], *shared_claims,
                   *own_claims, *[second(x) for x in own_claims], carried.formula, z3.Not(second(carried.formula)))
        extremes = []
        for key in keys:
            n, voters = len(self.enc.classes[key]), key[1]
            t, k = self._own[key]
            extremes += [t == n * voters, k == (n if voters else 0), second(t) == 0, second(k) == 0]
        all_or_none = z3.Bool(f"all_or_none[{group}]", self.ctx)
        solver.add(z3.Implies(all_or_none, z3.And(extremes)))
        monotone = check(solver, budget, [all_or_none]) == SAT
        if not monotone and check(solver, budget) != SAT:
            return None
        model = solver.model()
        return Swing(self.enc.supporters(model), self.enc.supporters(_Renamed(model, pairs)), monotone)
