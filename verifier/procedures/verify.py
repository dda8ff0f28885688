"""Procedural checks end to end: search, extract a concrete counterexample, replay it.

Following Cedar's symbolic compiler: the search (with the Z3 encoding as its oracle)
finds a path that breaks the property; the encoding turns the path's facts into one
concrete scenario (positions, compositions at every election, referendum results); the
simulator — the reference semantics — replays that scenario, and only a replay that
walks the same path is reported.  A replay that disagrees is an internal error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from dsl import model as m

from ..budget import Budget
from ..simulator import Run, Scenario, Simulator, referendum_key, trace
from .facts import Epoch, RefFact, rule_of
from .search import Edge, Graph, Node, Search


class ReplayMismatch(Exception):
    """The simulator did not walk the path the search found: a bug in veche."""


@dataclass
class Counterexample:
    """A replayed counterexample: the scenario, the simulator's run, and where a cycle starts."""

    kind: str  # "deadlock" | "cycle" | "lapse" | "long-run"
    scenario: Scenario
    run: Run
    loop_start: int | None = None

    def as_dict(self) -> dict:
        return {"kind": self.kind, **trace(self.scenario, self.run, self.loop_start), "replayed": True}


def verifier_for(c: m.Constitution, procedure: str, budget: Budget, shared: dict | None = None) -> "ProcedureVerifier":
    """The verifier of a procedure, shared through `shared` by the checks of one run; each check
    brings its own time budget."""
    if shared is None:
        return ProcedureVerifier(c, procedure, budget)
    key = (id(c), procedure)
    if key not in shared:
        shared[key] = (c, ProcedureVerifier(c, procedure, budget))  # the model is kept so its id stays unique
    verifier = shared[key][1]
    verifier.budget = budget
    return verifier


class ProcedureVerifier:
    """Explores one procedure once per mode and builds replayed counterexamples."""

    def __init__(self, c: m.Constitution, procedure: str, budget: Budget):
        self.c = c
        self.procedure = procedure
        self.budget = budget
        proc = c.procedures[procedure]
        self.motions = sorted({s.motion for s in proc.steps.values() if s.kind == "vote"})
        from ..encoding.votes import VoteEncoding  # Z3 is loaded only when a procedure is verified

        self.encoding = VoteEncoding(c, self.motions)
        self._graphs: dict[bool, tuple[Search, Graph]] = {}
        self._feasible: dict[frozenset, bool] = {}

    def feasible(self, epochs: list[Epoch], refs: Iterable[RefFact]) -> bool:
        key = frozenset(epochs) | frozenset(refs)
        if key not in self._feasible:
            self._feasible[key] = self.encoding.feasible(epochs, refs, self.budget)
        return self._feasible[key]

    def graph(self, track_conflicts: bool = False) -> tuple[Search, Graph]:
        if track_conflicts not in self._graphs:
            search = Search(self.c, self.procedure, self, track_conflicts, tick=self.budget.check)
            self._graphs[track_conflicts] = (search, search.explore())
        return self._graphs[track_conflicts]

    # ------------------------------------------------------------ counterexamples
    def counterexample(self, kind: str, path: list[tuple[Node, Edge]], cycle: list[tuple[Node, Edge]] = (),
                       expect_end: str | None = None) -> Counterexample:
        """Concretise a path (and, for a lasso, its cycle) and replay it in the simulator."""
        edges = [e for _, e in path] + [e for _, e in cycle]
        epochs: dict[str, list[set]] = {ch: [set()] for ch in self.c.chambers}
        refs: set[RefFact] = set()
        at_loop: dict[str, int] = {}
        for i, edge in enumerate(edges):
            if cycle and i == len(path):
                at_loop = {ch: len(v) - 1 for ch, v in epochs.items()}
            for chamber, fact in edge.learnt:
                if chamber is None:
                    refs.add(fact)
                else:
                    epochs[chamber][-1].add(fact)
            for ch in edge.dissolved:
                epochs[ch].append(set())
        if cycle and not at_loop:
            at_loop = {ch: len(v) - 1 for ch, v in epochs.items()}
        flat: list[Epoch] = []
        index: dict[tuple[str, int], int] = {}
        for ch, seq in epochs.items():
            for k, facts in enumerate(seq):
                index[ch, k] = len(flat)
                flat.append(Epoch(ch, k == 0, frozenset(facts)))
        # Closing a lasso: a chamber re-elected inside the cycle must be back to the
        # composition it had when the cycle began.
        equal = [(index[ch, len(seq) - 1], index[ch, at_loop[ch]]) for ch, seq in epochs.items()
                 if cycle and at_loop[ch] != len(seq) - 1]
        found = self.encoding.witness(flat, refs, self.budget, equal)
        if found is None:
            raise ReplayMismatch("the path found by the search has no concrete witness")
        positions, seats = found
        scenario = Scenario(
            positions=positions,
            compositions={ch: seats[index[ch, 0]] for ch in self.c.chambers},
            elections={ch: [seats[index[ch, k]] for k in range(1, len(seq))]
                       for ch, seq in epochs.items() if len(seq) > 1},
            referenda={referendum_key(f.referendum, f.motion,
                                      rule_of(f.rule, self.c.bodies[f.referendum].rule) if f.rule else None): f.outcome
                       for f in sorted(refs)
                       if not all(g in self.c.support for g in self.c.bodies[f.referendum].electorate.groups)},
            loop_from={ch: at_loop[ch] for ch, seq in epochs.items() if cycle and at_loop[ch] != len(seq) - 1},
        )
        limit = len(edges) * 3 + 10
        run = Simulator(self.c, scenario).run(self.procedure, max_steps=limit)
        walked = [(e.step, e.outcome) for e in _unrolled(run, len(edges))]
        wanted = [(e.step, e.outcome) for e in edges]
        if walked != wanted:
            raise ReplayMismatch(f"the simulator walked {walked}, the search found {wanted}")
        if expect_end and run.end != expect_end:
            raise ReplayMismatch(f"the simulator's run ended `{run.end}`, expected `{expect_end}`")
        if kind == "cycle" and run.end != "cycle":
            raise ReplayMismatch(f"the simulator's run ended `{run.end}`, not in a cycle")
        # The simulator's own lasso may close earlier than the search's (it compares concrete
        # states, the search also what was learnt); report the simulator's.
        loop_start = run.loop_start if kind == "cycle" else None
        return Counterexample(kind, scenario, run, loop_start)




def _unrolled(run: Run, length: int) -> list:
    """The first `length` events of a run, going round its cycle if it ended in one."""
    events = list(run.events)
    if run.end == "cycle" and run.loop_start is not None and len(events) > run.loop_start:
        loop = events[run.loop_start:]
        while len(events) < length:
            events.append(loop[(len(events) - len(run.events)) % len(loop)])
    return events[:length]
