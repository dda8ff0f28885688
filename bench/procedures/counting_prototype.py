"""PROTOTYPE, kept as the record of the measurement that led to the fix: the product encoding in
`verifier/encoding/votes.py` now counts seats per profile of positions (generalised to chambers
with pinned seats, support and districts, and linked to the positions of the parties), so
`install()` is no longer needed; run with `--original` to time the product encoding.

Originally: a party-count-independent vote encoding, to measure a proposed fix.

The finding (docs/performance.md): with P free parties the Z3 encoding in
`verifier/encoding/votes.py` sums `If(position of p, seats[p], 0)` over the parties, and
some unsatisfiable feasibility queries (e.g. "C1 rejects the bill by a majority of votes
cast, yet the government it appoints passes it by a majority of members") take Z3 time
that grows steeply with P — over 100 s at P=20 — because the solver case-splits over
interchangeable parties.

The idea: when the parties are interchangeable (no pinned composition, no modelled
support, no district seating: every composition is any split of the seats), a vote
depends only on how many seats hold each *combination of positions* on the motions
(a "class": 4^motions of them).  So per epoch one integer per class (not per party),
plus one Boolean per class, `used[k]`, shared by the whole run, with at most P classes
used and seats only in used classes.  This is exact: given a solution, give each used
class its own party (the remaining parties copy any used class and get no seats).  The
encoding no longer grows with P.

`install()` patches `VoteEncoding` in this process only (run.py never calls it); it
falls back to the original encoding for constitutions whose parties are not
interchangeable.  Usage:

    .venv/bin/python bench/procedures/counting_prototype.py [-P 20 -B 10 -S 13 -K 10]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

import z3  # noqa: E402

from dsl import model as m  # noqa: E402
from verifier.encoding import votes as V  # noqa: E402
from verifier.seating import has_support  # noqa: E402


def interchangeable(c: m.Constitution) -> bool:
    return all(ch.composition is None and not has_support(c, ch.electorate)
               and not isinstance(ch.seating, m.DistrictSeats) for ch in c.chambers.values()) and not c.support


def install() -> None:
    orig_init, orig_comp, orig_tally, orig_witness = (V.VoteEncoding.__init__, V.VoteEncoding.composition,
                                                      V.VoteEncoding.tally, V.VoteEncoding.witness)

    def __init__(self, c, motions):
        orig_init(self, c, motions)
        self.counting = interchangeable(c)
        if self.counting:
            self.classes = list(itertools.product(V.POSITIONS, repeat=len(self.motions)))
            ctx = getattr(self, "ctx", None)  # the encoding's own Z3 context, where it has one
            self.used = {k: z3.Bool(f"used[{','.join(k)}]", ctx) for k in self.classes}
            self.base = [z3.Sum([z3.If(u, 1, 0) for u in self.used.values()]) <= len(self.parties)]
            self._incremental.add(*self.base)

    def composition(self, chamber, first, tag):
        if not self.counting:
            return orig_comp(self, chamber, first, tag)
        x = {k: z3.Int(f"seats[{chamber},{tag},{','.join(k)}]", getattr(self, "ctx", None)) for k in self.classes}
        cons = [v >= 0 for v in x.values()] + [z3.Sum(list(x.values())) == self._seats[chamber]]
        cons += [z3.Implies(v > 0, self.used[k]) for k, v in x.items()]
        return x, cons

    def tally(self, seats, motion):
        if not self.counting:
            return orig_tally(self, seats, motion)
        j = self.motions.index(motion)

        def count(q):
            return z3.Sum([v for k, v in seats.items() if k[j] == q])

        return count("yes"), count("no"), count("abstain"), z3.Sum(list(seats.values()))

    def witness(self, epochs, refs, budget, equal=()):
        if not self.counting:
            return orig_witness(self, epochs, refs, budget, equal)
        ctx = getattr(self, "ctx", None)
        solver = V.new_solver(ctx) if ctx is not None else V.new_solver()
        solver.add(*self.base)
        comps = self._assert(solver, epochs, refs)
        for a, b in equal:  # closing a lasso: the same composition, class by class
            solver.add(*[comps[a][k] == comps[b][k] for k in self.classes])
        if V.check(solver, budget) != V.SAT:
            return None
        model = solver.model()
        used = [k for k in self.classes if z3.is_true(model.eval(self.used[k], model_completion=True))]
        used = used or [self.classes[0]]
        owner = {k: self.parties[i] for i, k in enumerate(used)}
        positions = {}
        for i, p in enumerate(self.parties):
            k = used[i] if i < len(used) else used[0]
            positions[p] = dict(zip(self.motions, k))
        seats = []
        for comp in comps:
            s = {p: 0 for p in self.parties}
            for k, v in comp.items():
                n = model.eval(v, model_completion=True).as_long()
                if n:
                    s[owner[k]] += n
            seats.append(s)
        return positions, seats

    V.VoteEncoding.__init__ = __init__
    V.VoteEncoding.composition = composition
    V.VoteEncoding.tally = tally
    V.VoteEncoding.witness = witness


def main(argv=None) -> None:
    import generate as G
    from dsl import load_text
    from verifier.checks import conflicts_resolved, deadlock_free, signatures, terminates
    try:
        from verifier.budget import Budget
    except ImportError:  # older layout
        from verifier.encoding.solver import Budget
    from verifier.procedures.verify import ProcedureVerifier

    ap = argparse.ArgumentParser(description="time the three checks with the counting encoding (prototype)")
    ap.add_argument("-P", type=int, default=20)
    ap.add_argument("-B", type=int, default=10)
    ap.add_argument("-S", type=int, default=13)
    ap.add_argument("-K", type=int, default=10)
    ap.add_argument("--variant", default="ok")
    ap.add_argument("--original", action="store_true", help="do not install the prototype (for comparison)")
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args(argv)
    if not a.original:
        install()
    c = load_text(G.generate(a.P, a.B, a.S, a.K, a.variant), "bench.veche", signatures()).model
    specs = {s.name: s for s in c.checks}
    mods = (("deadlock-free", deadlock_free), ("terminates", terminates), ("conflicts-resolved", conflicts_resolved))
    per_check, shared = [], []
    for _ in range(a.repeats):
        t = time.perf_counter()
        verdicts = []
        for name, mod in mods:
            verdicts.append(mod.decide(ProcedureVerifier(c, "law", Budget(None)), specs[name], "law").status)
        per_check.append(time.perf_counter() - t)
        v = ProcedureVerifier(c, "law", Budget(None))
        t = time.perf_counter()
        for name, mod in mods:
            mod.decide(v, specs[name], "law")
        shared.append(time.perf_counter() - t)
    per_check.sort(), shared.sort()
    print(f"P={a.P} B={a.B} S={a.S} K={a.K} {a.variant} {'original' if a.original else 'counting'} encoding: "
          f"verdicts {verdicts}; one verifier per check {per_check[len(per_check) // 2]:.3f} s, "
          f"one shared verifier {shared[len(shared) // 2]:.3f} s (median of {a.repeats}); "
          f"states {len(v._graphs[False][1].parent)}/{len(v._graphs[True][1].parent)}, Z3 queries {len(v._feasible)}")


if __name__ == "__main__":
    main()
