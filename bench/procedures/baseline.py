"""The explicit-state baseline, measured in full or by sampling its outer loops.

`verifier.procedures.explicit.explore` enumerates

    position assignments (4^(parties x motions))
      x referendum results (3 per referendum without support)
        x first compositions (one per chamber: every split of its seats among the parties)
          -> the concrete state graph reachable from that start, walked with the simulator

Where that finishes within the time cap it is timed as is (`full`).  Beyond that we
time the *same work* on a random sample of (assignment, referendum results, start
compositions) triples — the graph from one start, then the cycle and longest-run
passes over it, with the very functions `explore` uses — and multiply the mean by
the number of triples (`extrapolated`).  Without re-elections the graphs from
different starts are disjoint (the compositions are part of the state), so the work
of `explore` is exactly the sum over triples and the estimate is unbiased; the
`validate` rows of run.py compare it with full runs where both are feasible.

With a dissolution step the graph from one start re-elects every chamber into every
composition, so a single start costs as much as the whole product; there we time
one successor computation per start and report the product as a lower bound.

Sampling draws compositions uniformly by stars and bars, never materialising the
C(seats + P - 1, P - 1) splits (explore itself could not hold them in memory at
100 seats and 20 parties: that is a further reason its figures there are estimates).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from dsl import model as m

from verifier.procedures import explicit as X
from verifier.seating import composition_from_support, has_support, total_seats
from verifier.simulator import POSITIONS


@dataclass
class Estimate:
    mode: str  # "full" | "extrapolated" | "lower-bound"
    seconds: float  # measured (full) or estimated
    log10_seconds: float
    triples_log10: float  # log10 of assignments x referendum results x starts
    sample: int  # triples timed (0 for full)
    per_triple: float | None  # mean seconds per triple (sampled modes)
    verdicts: dict | None = None  # from a full run

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _motions(c: m.Constitution, procedure: str) -> list[str]:
    proc = c.procedures[procedure]
    return sorted({s.motion for s in proc.steps.values() if s.kind == "vote"})


def _composition_count(c: m.Constitution, chamber: m.Chamber, first: bool) -> int:
    if has_support(c, chamber.electorate) or (first and chamber.composition is not None) \
            or isinstance(chamber.seating, m.DistrictSeats):
        return len(X.compositions(c, chamber, first))
    return math.comb(total_seats(c, chamber) + len(c.parties) - 1, len(c.parties) - 1)


def _random_composition(c: m.Constitution, chamber: m.Chamber, rng: random.Random) -> dict[str, int]:
    parties = list(c.parties)
    if has_support(c, chamber.electorate):
        return composition_from_support(c, chamber)
    if chamber.composition is not None:
        return {p: chamber.composition.get(p, 0) for p in parties}
    if isinstance(chamber.seating, m.DistrictSeats):
        return rng.choice(X.compositions(c, chamber, True))
    seats = total_seats(c, chamber)
    bars = sorted(rng.sample(range(seats + len(parties) - 1), len(parties) - 1))
    cuts = [-1] + bars + [seats + len(parties) - 1]
    return {p: cuts[i + 1] - cuts[i] - 1 for i, p in enumerate(parties)}


def counts(c: m.Constitution, procedure: str) -> dict:
    """log10 of the sizes of the baseline's three outer loops."""
    proc = c.procedures[procedure]
    motions = _motions(c, procedure)
    assignments = len(c.parties) * len(motions) * math.log10(len(POSITIONS))
    refs = math.log10(len(X._referendum_choices(c, proc)))
    starts = sum(math.log10(_composition_count(c, ch, True)) for ch in c.chambers.values())
    return {"assignments_log10": assignments, "referenda_log10": refs, "starts_log10": starts,
            "triples_log10": assignments + refs + starts}


def has_dissolution(c: m.Constitution, procedure: str) -> bool:
    return any(s.kind == "dissolve" for s in c.procedures[procedure].steps.values())


def full(c: m.Constitution, procedure: str) -> Estimate:
    t = time.perf_counter()
    v = X.explore(c, procedure)
    dt = time.perf_counter() - t
    n = counts(c, procedure)["triples_log10"]
    return Estimate("full", dt, math.log10(max(dt, 1e-9)), n, 0, None,
                    {"deadlock": v.deadlock, "infinite": v.infinite, "unresolved_conflict": v.unresolved_conflict,
                     "states": v.states})


def _one_triple(c, proc, chambers, positions, referenda, comps, expand_only: bool) -> None:
    """The work `explore` does for one start: its graph, then the cycle and longest-run passes."""
    first = [[comps[ch]] for ch in chambers]
    later = [[] for _ in chambers]  # re-elections: see the module docstring
    start = (proc.start, tuple(0 for _ in proc.counters), tuple(("first", 0) for _ in chambers), frozenset(), False)
    if expand_only:
        X._successors(c, proc, start, positions, referenda, chambers, first, later)
        return
    graph: dict = {}
    todo, seen = [start], {start}
    while todo:
        state = todo.pop()
        succ = X._successors(c, proc, state, positions, referenda, chambers, first, later)
        graph[state] = succ
        for nxt in succ:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    cyc, _ = X._cycles(graph)
    if not cyc:
        X._longest(graph, start)


def sampled(c: m.Constitution, procedure: str, seconds: float = 2.0, max_samples: int = 2000,
            seed: int = 0) -> Estimate:
    """Time random triples for about `seconds` and extrapolate to all of them."""
    proc = c.procedures[procedure]
    motions = _motions(c, procedure)
    parties = list(c.parties)
    chambers = list(c.chambers)
    refs = X._referendum_choices(c, proc)
    expand_only = has_dissolution(c, procedure)
    rng = random.Random(seed)
    n = counts(c, procedure)["triples_log10"]
    total = 0.0
    k = 0
    while k < max_samples and (total < seconds or k < 20):
        positions = {p: {mo: rng.choice(POSITIONS) for mo in motions} for p in parties}
        referenda = rng.choice(refs)
        comps = {ch: _random_composition(c, c.chambers[ch], rng) for ch in chambers}
        t = time.perf_counter()
        _one_triple(c, proc, chambers, positions, referenda, comps, expand_only)
        total += time.perf_counter() - t
        k += 1
    per = total / k
    log_s = n + math.log10(per)
    return Estimate("lower-bound" if expand_only else "extrapolated", 10 ** log_s if log_s < 300 else math.inf,
                    log_s, n, k, per)
