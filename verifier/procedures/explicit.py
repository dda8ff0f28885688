"""The explicit-state baseline: enumerate positions x compositions x paths with the simulator.

It knows nothing of facts, epochs or Z3: for every assignment of party positions and
referendum results, and every composition each chamber can have, it walks the
concrete state graph (step, counters, current compositions) with the simulator's own
vote and transition functions, re-electing chambers into every composition the
seating formula allows.  It is exponential, which is why it serves as the oracle of
the differential tests and the baseline of `bench/procedures`, not as a checker.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator, Mapping

from dsl import model as m

from ..seating import composition_from_support, delegations, has_support, total_seats
from .facts import record_vote
from ..simulator import POSITIONS, Scenario, Simulator, referendum_key, take

STUCK = "<stuck>"


def _splits(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _splits(total - first, parts - 1):
            yield (first,) + rest


def compositions(c: m.Constitution, chamber: m.Chamber, first: bool) -> list[dict[str, int]]:
    """Every composition the chamber can have at its first or at a later election."""
    parties = list(c.parties)
    if first and chamber.composition is not None:
        return [{p: chamber.composition.get(p, 0) for p in parties}]
    derived = composition_from_support(c, chamber) if has_support(c, chamber.electorate) else None
    if derived is not None:
        return [derived]
    if isinstance(chamber.seating, m.DistrictSeats):
        found = {tuple(0 for _ in parties)}
        for unit in delegations(c, chamber) or ():
            if unit.seats:
                found = {tuple(s + (unit.seats if i == k else 0) for i, s in enumerate(comp))
                         for comp in found for k in range(len(parties))}
        return [dict(zip(parties, comp)) for comp in sorted(found)]
    return [dict(zip(parties, split)) for split in _splits(total_seats(c, chamber), len(parties))]


@dataclass(frozen=True)
class Verdicts:
    deadlock: bool
    infinite: bool
    longest: int | None  # None when some run is infinite
    unresolved_conflict: bool
    states: int


def _referendum_choices(c: m.Constitution, proc: m.Procedure) -> list[dict[str, str]]:
    keys = sorted({referendum_key(s.body, s.motion, s.rule): s.body for s in proc.steps.values()
                   if s.kind == "vote" and isinstance(c.bodies[s.body], m.Referendum)
                   and not has_support(c, c.bodies[s.body].electorate)}.items())
    options = [m.VOTE_OUTCOMES + ((m.QUORUM_OUTCOME,) if c.bodies[b].turnout else ()) for _, b in keys]
    return [{k: o for (k, _), o in zip(keys, combo)} for combo in itertools.product(*options)]


def explore(c: m.Constitution, procedure: str, max_states: int = 5_000_000) -> Verdicts:
    """Decide deadlock, termination, the longest run and unresolved conflicts by brute force."""
    proc = c.procedures[procedure]
    motions = sorted({s.motion for s in proc.steps.values() if s.kind == "vote"})
    parties = list(c.parties)
    chambers = list(c.chambers)
    first_comps = [compositions(c, c.chambers[ch], True) for ch in chambers]
    later_comps = [compositions(c, c.chambers[ch], False) for ch in chambers]
    deadlock = infinite = unresolved = False
    longest = 0
    states = 0
    for position_combo in itertools.product(POSITIONS, repeat=len(parties) * len(motions)):
        positions = {p: {mo: position_combo[i * len(motions) + j] for j, mo in enumerate(motions)}
                     for i, p in enumerate(parties)}
        for referenda in _referendum_choices(c, proc):
            graph: dict[tuple, list[tuple]] = {}
            starts = []
            for comps in itertools.product(*[range(len(x)) for x in first_comps]):
                starts.append((proc.start, tuple(0 for _ in proc.counters),
                               tuple(("first", i) for i in comps), frozenset(), False))
            todo = list(starts)
            seen = set(starts)
            while todo:
                state = todo.pop()
                succ = _successors(c, proc, state, positions, referenda, chambers, first_comps, later_comps)
                graph[state] = succ
                for nxt in succ:
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
                        if len(seen) > max_states:
                            raise RuntimeError("explicit state space too large")
            states += len(seen)
            for s in seen:
                if s[0] == STUCK:
                    deadlock = True
                    unresolved = unresolved or s[4]
                if s[0] == "lapsed" and s[4]:
                    unresolved = True
            cyc, cyc_conflict = _cycles(graph)
            infinite = infinite or cyc
            unresolved = unresolved or cyc_conflict
            if not cyc:
                longest = max(longest, max(_longest(graph, s) for s in starts))
    return Verdicts(deadlock, infinite, None if infinite else longest, unresolved, states)


def _successors(c, proc, state, positions, referenda, chambers, first_comps, later_comps) -> list[tuple]:
    pc, counters, comps, seen, conflict = state
    if pc == STUCK or proc.is_final(pc):
        return []
    step = proc.steps[pc]
    counter_map = dict(zip(proc.counters, counters))
    current = {ch: (first_comps if kind == "first" else later_comps)[i][idx]
               for i, (ch, (kind, idx)) in enumerate(zip(chambers, comps))}
    if step.kind == "dissolve":
        outcome = "done"
        options = [comps]
        for ch in step.dissolved:
            i = chambers.index(ch)
            options = [o[:i] + (("later", k),) + o[i + 1:] for o in options for k in range(len(later_comps[i]))]
    else:
        sim = Simulator(c, Scenario(positions=positions, compositions=current, referenda=referenda))
        outcome, _ = sim.vote(step, {ch: 0 for ch in chambers})
        options = [comps]
    transition, after = take(proc, step, outcome, counter_map)
    seen, conflict = record_vote(c, step, outcome, seen, conflict)
    target = STUCK if transition is None else transition.target
    return [(target, tuple(after[k] for k in proc.counters), o, seen, conflict) for o in options]


def _cycles(graph: Mapping[tuple, list[tuple]]) -> tuple[bool, bool]:
    """(some cycle, some cycle through conflicted states), by Tarjan-free colouring."""
    any_cycle = conflict_cycle = False
    colour: dict = {}
    for root in graph:
        if root in colour:
            continue
        stack = [(root, iter(graph[root]))]
        colour[root] = 1
        while stack:
            node, it = stack[-1]
            for nxt in it:
                if colour.get(nxt) == 1:
                    any_cycle = True
                    conflict_cycle = conflict_cycle or (node[4] and nxt[4])
                elif nxt not in colour:
                    colour[nxt] = 1
                    stack.append((nxt, iter(graph.get(nxt, ()))))
                    break
            else:
                colour[node] = 2
                stack.pop()
    return any_cycle, conflict_cycle


def _longest(graph, start, memo=None) -> int:
    memo = {} if memo is None else memo
    order = [(start, False)]
    while order:
        node, done = order.pop()
        if done:
            memo[node] = max((1 + memo[n] for n in graph.get(node, ())), default=0)
        elif node not in memo:
            order.append((node, True))
            order.extend((n, False) for n in graph.get(node, ()) if n not in memo)
    return memo[start]
