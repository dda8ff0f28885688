"""What a run learns about the bodies it consults, in the vocabulary shared by search and encoding.

Parties' positions are fixed for a run, and a chamber's composition is fixed between
two of its elections (an *epoch*).  So everything a vote reveals is a fact about one
epoch of one chamber — how the chamber itself, a body appointed from it, or its
delegation to a commission decides a motion — or about a referendum, whose result is
fixed for the run.  The search collects facts along a path; the Z3 encoding decides
whether one choice of positions and compositions makes all of them true at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from dsl import model as m

DELEGATION = "delegation"  # a chamber's delegation to a parity commission


@dataclass(frozen=True, order=True)
class Fact:
    """`body` (the chamber, a body appointed from it, or DELEGATION) decides `motion` with `outcome`,
    under the step's own decision rule when `rule` (a DecisionRule key) is given."""

    body: str
    motion: str
    outcome: str
    rule: tuple = ()


@dataclass(frozen=True, order=True)
class Epoch:
    """The facts known about one chamber between two elections; `first` marks the first election,
    which pinned compositions describe."""

    chamber: str
    first: bool
    facts: frozenset[Fact]


@dataclass(frozen=True, order=True)
class RefFact:
    referendum: str
    motion: str
    outcome: str
    rule: tuple = ()


def rule_of(key: tuple, default: m.DecisionRule) -> m.DecisionRule:
    """The decision rule a fact was decided under (`key` is a Step.override)."""
    if not key or not key[0]:
        return default
    share, strict, basis = key[0]
    return m.DecisionRule(share, strict, basis, default.span)


def quorum_of(key: tuple, default: m.DecisionRule | None) -> m.DecisionRule | None:
    """The quorum a fact was decided under (`key` is a Step.override)."""
    if not key or not key[1]:
        return default
    share, strict, basis = key[1]
    return m.DecisionRule(share, strict, basis, default.span if default else None)


def record_vote(c: m.Constitution, step: m.Step, outcome: str, seen: frozenset, conflict: bool
                ) -> tuple[frozenset, bool]:
    """Track disagreement for `conflicts-resolved`: a conflict is two different chambers or
    appointed bodies deciding the same motion yes and no.  Once there is one, the votes
    seen no longer matter (and are dropped, so that states merge)."""
    if conflict or step.kind != "vote" or outcome not in ("yes", "no") \
            or not isinstance(c.bodies[step.body], (m.Chamber, m.Appointed)):
        return seen, conflict
    opposite = "no" if outcome == "yes" else "yes"
    if any(b != step.body and mo == step.motion and o == opposite for b, mo, o in seen):
        return frozenset(), True
    return seen | {(step.body, step.motion, outcome)}, False


def root_chamber(c: m.Constitution, body: str) -> str:
    """The elected chamber whose composition decides how `body` votes."""
    b = c.bodies[body]
    while isinstance(b, m.Appointed):
        b = c.bodies[b.appointer]
    return b.name


def vote_outcomes(c: m.Constitution, step: m.Step) -> tuple[str, ...]:
    """The outcomes a chamber or appointed body can produce at a step."""
    b = c.bodies[step.body]
    return m.VOTE_OUTCOMES + ((m.QUORUM_OUTCOME,) if getattr(b, "quorum", None) or step.quorum else ())


def referendum_outcomes(r: m.Referendum) -> tuple[str, ...]:
    return m.VOTE_OUTCOMES + ((m.QUORUM_OUTCOME,) if r.turnout else ())
