"""Exhaustive search of every run of a procedure, with Z3 deciding which vote outcomes are possible.

A run's state is its step, its counters, and what the run has learnt about the bodies
it consulted (facts per chamber epoch and per referendum).  From a vote step, the
search branches on every outcome the body could produce that is consistent — through
one shared choice of party positions and one composition per epoch — with what the
path has already learnt; the `Oracle` (the Z3 encoding) answers that question.

Why this is a proof for runs of every length: the state above determines the whole
future (positions are fixed per run; a re-elected chamber starts an epoch with no
facts; a finished epoch matters only through the constraints its facts put on the
positions), and there are finitely many such states: counters saturate, facts are
drawn from a finite set, and finished epochs are kept as a set with subsumed ones
dropped.  So the reachable graph is finite and explored completely; a cycle in it is
a real infinite run (a re-election may bring back the same composition), and a run
that cannot continue is a real deadlock.  The method is reported as `exhaustive`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Protocol

from dsl import model as m

from ..simulator import take
from .facts import record_vote, DELEGATION, Epoch, Fact, RefFact, referendum_outcomes, root_chamber, vote_outcomes

STUCK = "<stuck>"
DEFAULT_MAX_STATES = 200_000


class Oracle(Protocol):
    def feasible(self, epochs: list[Epoch], refs: Iterable[RefFact]) -> bool: ...


class TooLarge(Exception):
    """The state space exceeds the search's limit."""


@dataclass(frozen=True)
class Node:
    """One state of a run, as far as its future is concerned."""

    pc: str
    counters: tuple[int, ...]
    current: tuple[frozenset[Fact], ...]  # per chamber: facts of its current epoch
    first: tuple[bool, ...]  # per chamber: still in its first epoch
    past: frozenset[Epoch]
    refs: frozenset[RefFact]
    seen: frozenset[tuple[str, str, str]] = frozenset()  # (body, motion, yes|no), while no conflict yet
    conflict: bool = False


@dataclass(frozen=True)
class Edge:
    """One executed step: the outcome, the facts it learnt, and where the run went."""

    step: str
    outcome: str
    learnt: tuple[tuple[str | None, Fact | RefFact], ...]  # (chamber, fact); chamber None for referenda
    target: str | None
    dissolved: tuple[str, ...] = ()


@dataclass
class Graph:
    """The reachable part of the state graph, with shortest-path parents from the start."""

    start: Node
    edges: dict[Node, list[tuple[Edge, Node]]] = field(default_factory=dict)
    parent: dict[Node, tuple[Node, Edge] | None] = field(default_factory=dict)

    def path_to(self, node: Node) -> list[tuple[Node, Edge]]:
        """The (state, edge) pairs of the shortest path from the start to `node`."""
        out = []
        while self.parent[node] is not None:
            prev, edge = self.parent[node]
            out.append((prev, edge))
            node = prev
        return out[::-1]


def _maximal(epochs: Iterable[Epoch]) -> frozenset[Epoch]:
    """Drop epochs whose facts are a subset of another epoch of the same chamber and kind."""
    epochs = [e for e in set(epochs) if e.facts]
    keep = []
    for e in epochs:
        if not any(o is not e and o.chamber == e.chamber and o.first == e.first and e.facts < o.facts
                   for o in epochs):
            keep.append(e)
    return frozenset(keep)


class Search:
    """Explores the runs of one procedure."""

    def __init__(self, c: m.Constitution, procedure: str, oracle: Oracle, track_conflicts: bool = False,
                 tick: Callable[[], None] = lambda: None, max_states: int = DEFAULT_MAX_STATES):
        self.c = c
        self.proc = c.procedures[procedure]
        self.oracle = oracle
        self.track = track_conflicts
        self.tick = tick
        self.max_states = max_states
        self.chambers = tuple(c.chambers)
        self.index = {ch: i for i, ch in enumerate(self.chambers)}

    # ------------------------------------------------------------ feasibility
    def epochs(self, node: Node, current=None, first=None, past=None) -> list[Epoch]:
        current = node.current if current is None else current
        first = node.first if first is None else first
        past = node.past if past is None else past
        live = [Epoch(ch, first[i], current[i]) for i, ch in enumerate(self.chambers) if current[i]]
        return sorted(_maximal(list(past) + live))

    # ------------------------------------------------------------ successors
    def start(self) -> Node:
        n = len(self.chambers)
        return Node(self.proc.start, tuple(0 for _ in self.proc.counters), tuple(frozenset() for _ in range(n)),
                    tuple(True for _ in range(n)), frozenset(), frozenset())

    def _options(self, node: Node, step: m.Step) -> list[tuple[str, tuple, tuple, frozenset]]:
        """(outcome, learnt facts, new current facts, new referendum facts) for each possible outcome."""
        body = self.c.bodies[step.body]
        mo = step.motion
        rule = step.override
        if isinstance(body, m.Referendum):
            known = [f for f in node.refs if f.referendum == body.name and f.motion == mo and f.rule == rule]
            choices = [known[0].outcome] if known else list(referendum_outcomes(body))
            out = []
            for o in choices:
                f = RefFact(body.name, mo, o, rule)
                out.append((o, () if known else ((None, f),), node.current, node.refs | {f}))
            return out
        if isinstance(body, m.Commission):
            roots = [root_chamber(self.c, side) for side in body.sides]
            branches: list[tuple[tuple, tuple]] = [((), node.current)]
            for root in roots:
                i = self.index[root]
                nxt = []
                for learnt, current in branches:
                    known = [f for f in current[i] if f.body == DELEGATION and f.motion == mo]
                    for o in ([known[0].outcome] if known else ["yes", "no"]):
                        f = Fact(DELEGATION, mo, o)
                        cur = current[:i] + (current[i] | {f},) + current[i + 1:]
                        nxt.append((learnt + (() if known else ((root, f),)), cur))
                branches = nxt
            out = []
            for learnt, current in branches:
                agree = all(any(f.body == DELEGATION and f.motion == mo and f.outcome == "yes"
                                for f in current[self.index[r]]) for r in roots)
                out.append(("agree" if agree else "disagree", learnt, current, node.refs))
            return out
        root = root_chamber(self.c, body.name)
        i = self.index[root]
        known = [f for f in node.current[i] if f.body == body.name and f.motion == mo and f.rule == rule]
        out = []
        for o in ([known[0].outcome] if known else list(vote_outcomes(self.c, step))):
            f = Fact(body.name, mo, o, rule)
            current = node.current[:i] + (node.current[i] | {f},) + node.current[i + 1:]
            out.append((o, () if known else ((root, f),), current, node.refs))
        return out

    def successors(self, node: Node) -> list[tuple[Edge, Node]]:
        if self.proc.is_final(node.pc) or node.pc == STUCK:
            return []
        step = self.proc.steps[node.pc]
        if step.kind == "dissolve":
            current, first, past = list(node.current), list(node.first), set(node.past)
            for ch in step.dissolved:
                i = self.index[ch]
                if current[i]:
                    past.add(Epoch(ch, first[i], current[i]))
                current[i], first[i] = frozenset(), False
            base = replace(node, current=tuple(current), first=tuple(first),
                           past=_maximal(past))
            options = [("done", (), base.current, base.refs)]
            node_for = base
        else:
            options = []
            for o, learnt, current, refs in self._options(node, step):
                if learnt and not self.oracle.feasible(self.epochs(node, current=current), refs):
                    continue
                options.append((o, learnt, current, refs))
            node_for = node
        out = []
        for outcome, learnt, current, refs in options:
            counters = dict(zip(self.proc.counters, node.counters))
            transition, after = take(self.proc, step, outcome, counters)
            seen, conflict = node_for.seen, node_for.conflict
            if self.track:
                seen, conflict = record_vote(self.c, step, outcome, seen, conflict)
            target = STUCK if transition is None else transition.target
            nxt = Node(target, tuple(after[k] for k in self.proc.counters), current, node_for.first,
                       node_for.past, refs, seen, conflict)
            edge = Edge(step.name, outcome, learnt, transition.target if transition else None,
                        step.dissolved if step.kind == "dissolve" else ())
            out.append((edge, nxt))
        return out

    # ------------------------------------------------------------ exploration
    def explore(self) -> Graph:
        """Every reachable state, breadth first (so paths to it are shortest)."""
        start = self.start()
        g = Graph(start)
        g.parent[start] = None
        queue = deque([start])
        while queue:
            node = queue.popleft()
            self.tick()
            succ = self.successors(node)
            g.edges[node] = succ
            for edge, nxt in succ:
                if nxt not in g.parent:
                    if len(g.parent) >= self.max_states:
                        raise TooLarge(f"more than {self.max_states:,} reachable states")
                    g.parent[nxt] = (node, edge)
                    queue.append(nxt)
        return g


def find_cycle(g: Graph, where: Callable[[Node], bool] = lambda n: True) -> tuple[Node, list[tuple[Node, Edge]]] | None:
    """A reachable cycle through states satisfying `where`: (its first state, the cycle's edges)."""
    colour: dict[Node, int] = {}
    for root in g.parent:  # in BFS order, so the cycle found is reached by a short prefix
        if root in colour or not where(root):
            continue
        stack = [(root, iter(g.edges.get(root, ())))]
        on_stack = [root]
        colour[root] = 1
        while stack:
            node, it = stack[-1]
            advanced = False
            for edge, nxt in it:
                if not where(nxt):
                    continue
                if colour.get(nxt) == 1:
                    start = on_stack.index(nxt)
                    cycle_nodes = on_stack[start:]
                    edges = []
                    for a, b in zip(cycle_nodes, cycle_nodes[1:] + [nxt]):
                        edges.append((a, next(e for e, t in g.edges[a] if t == b and where(t))))
                    return nxt, edges
                if nxt not in colour:
                    colour[nxt] = 1
                    stack.append((nxt, iter(g.edges.get(nxt, ()))))
                    on_stack.append(nxt)
                    advanced = True
                    break
            if not advanced:
                colour[node] = 2
                stack.pop()
                on_stack.pop()
    return None


def longest_run(g: Graph) -> list[tuple[Node, Edge]]:
    """The (state, edge) pairs of a run with the most steps (the graph must be acyclic)."""
    memo: dict[Node, int] = {}
    stack = [(g.start, False)]
    while stack:
        node, done = stack.pop()
        if done:
            memo[node] = max((1 + memo[t] for _, t in g.edges.get(node, ())), default=0)
            continue
        if node in memo:
            continue
        stack.append((node, True))
        for _, t in g.edges.get(node, ()):
            if t not in memo:
                stack.append((t, False))
    path, node = [], g.start
    while g.edges.get(node):
        edge, nxt = max(g.edges[node], key=lambda et: memo[et[1]])
        path.append((node, edge))
        node = nxt
    return path


def find_run(g: Graph, follow: Callable[[Edge], bool], goal: Callable[[Node], bool]) -> list[tuple[Node, Edge]] | None:
    """A shortest run from the start to a `goal` state using only edges that `follow` accepts."""
    parent: dict[Node, tuple[Node, Edge] | None] = {g.start: None}
    queue = deque([g.start])
    while queue:
        node = queue.popleft()
        if goal(node):
            path = []
            while parent[node] is not None:
                prev, edge = parent[node]
                path.append((prev, edge))
                node = prev
            return path[::-1]
        for edge, nxt in g.edges.get(node, ()):
            if nxt not in parent and follow(edge):
                parent[nxt] = (node, edge)
                queue.append(nxt)
    return None
