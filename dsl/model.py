"""The resolved model of a constitution: immutable, typed, named in the language of the domain.

This is the one structure that the simulator and the solver encodings share.  Every
reference is resolved (a name here is known to exist and to be of the right kind),
every number is exact (`int` or `Fraction`), and every declaration keeps the span of
its source text so findings can point back at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping

from .diagnostics import Span

# Outcomes a step can have, by the kind of body that acts.
VOTE_OUTCOMES = ("yes", "no")
QUORUM_OUTCOME = "no_quorum"
COMMISSION_OUTCOMES = ("agree", "disagree")
DISSOLVE_OUTCOMES = ("done",)
DEFAULT_MOTION = "bill"
# Final outcomes every procedure has; `enacted` is the one that exercises the power.
BUILTIN_FINALS = {"enacted": True, "rejected": False, "lapsed": False}


@dataclass(frozen=True)
class Source:
    """A bibliographic note that numbers cite as `[name]`."""

    name: str
    text: str
    span: Span


@dataclass(frozen=True)
class District:
    name: str
    inhabitants: int
    voters: int
    span: Span


@dataclass(frozen=True)
class Group:
    """A part of the population: a class, estate, occupation, nationality or region."""

    name: str
    title: str | None
    inhabitants: int
    voters: int
    districts: tuple[District, ...]
    span: Span
    cites: tuple[str, ...] = ()

    @property
    def has_districts(self) -> bool:
        return bool(self.districts)


@dataclass(frozen=True)
class Party:
    name: str
    title: str | None
    span: Span
    implicit: bool = False  # a group voting as one bloc when no parties are declared


@dataclass(frozen=True)
class Electorate:
    """The groups whose voters take part; `written` keeps the form the author used."""

    groups: tuple[str, ...]
    written: str  # "all" | "all except a, b" | "a, b"
    span: Span


@dataclass(frozen=True)
class DecisionRule:
    """Passes when yes-votes reach `share` of the basis; `strict` means strictly more than."""

    share: Fraction
    strict: bool
    basis: str  # "votes cast" | "members" | "present"
    span: Span

    @property
    def key(self) -> tuple:
        """The rule without its source location: equal keys decide every tally alike."""
        return (self.share, self.strict, self.basis)

    def describe(self) -> str:
        if self.strict and self.share == Fraction(1, 2):
            return f"majority of {self.basis}"
        if self.share == 1 and not self.strict:
            return f"unanimity of {self.basis}"
        return f"{self.share.numerator}/{self.share.denominator} of {self.basis}"

    def passes(self, yes, no, abstain, members, both=None):
        """Exact test of the rule for one tally.

        Works on ints and Fractions, and on solver terms when `both` (a conjunction
        such as z3.And) is given, so the simulator and the encoding share one definition.
        """
        basis = {"votes cast": yes + no, "present": yes + no + abstain, "members": members}[self.basis]
        lhs, rhs = yes * self.share.denominator, self.share.numerator * basis
        if self.strict:
            return lhs > rhs
        # A motion nobody supports never passes, even under a zero threshold.
        if both is not None:
            return both(lhs >= rhs, yes > 0)
        return lhs >= rhs and yes > 0


def per_capita(size: int, per: int, rounding: str = "floor") -> int:
    """Delegates for `size` people at one per `per`, rounded down, half up, or up; exact."""
    if per <= 0 or size < 0:
        raise ValueError("per_capita needs per > 0 and size >= 0")
    if rounding == "floor":
        return size // per
    if rounding == "ceil":
        return -(-size // per)
    if rounding == "nearest":
        return (2 * size + per) // (2 * per)
    raise ValueError(f"unknown rounding {rounding!r}")


@dataclass(frozen=True)
class Quota:
    """Delegates of one group: `seats` per `per` voters/inhabitants, `seats` per district, or `seats`
    elected by the whole group as one winner-take-all constituency (`at_large`), districts or not."""

    group: str
    seats: int
    per: int | None
    basis: str  # "voters" | "inhabitants" | "district" | "at_large"
    span: Span

    def delegates(self, inhabitants: int, voters: int, rounding: str) -> int:
        """Delegates sent by one unit (a group, or one of its districts) of the given size."""
        if self.basis in ("district", "at_large"):
            return self.seats
        size = voters if self.basis == "voters" else inhabitants
        return self.seats * per_capita(size, self.per, rounding)

    def describe(self) -> str:
        if self.basis == "district":
            return f"{self.seats} per district"
        if self.basis == "at_large":
            return f"{self.seats} at_large"
        return f"{self.seats} per {self.per:,} {self.basis}"


@dataclass(frozen=True)
class FixedSeats:
    """Corporatist seating: a fixed number of seats per group."""

    seats: Mapping[str, int]
    span: Span
    formula: str = "fixed"


@dataclass(frozen=True)
class RatioSeats:
    """Per-capita delegations per group, not tied to districts."""

    quotas: tuple[Quota, ...]
    rounding: str
    span: Span
    formula: str = "ratio"


@dataclass(frozen=True)
class DistrictSeats:
    """Each district of each group sends its delegates, all won by the district's majority."""

    quotas: tuple[Quota, ...]
    rounding: str
    span: Span
    formula: str = "districts"


@dataclass(frozen=True)
class PartyListSeats:
    """Party-list proportional representation over the electorate as one constituency."""

    seats: int
    method: str  # "dhondt" | "sainte_lague" | "hare"
    threshold: Fraction
    span: Span
    formula: str = "party_list"


Seating = FixedSeats | RatioSeats | DistrictSeats | PartyListSeats


@dataclass(frozen=True)
class Chamber:
    """An elected deliberative body."""

    name: str
    title: str | None
    electorate: Electorate
    ballot: str
    seating: Seating
    rule: DecisionRule
    quorum: DecisionRule | None
    composition: Mapping[str, int] | None  # pinned seats per party
    span: Span
    kind: str = "chamber"


@dataclass(frozen=True)
class Referendum:
    """The electorate deciding directly."""

    name: str
    title: str | None
    electorate: Electorate
    ballot: str
    rule: DecisionRule
    turnout: Fraction | None
    span: Span
    kind: str = "referendum"


@dataclass(frozen=True)
class Appointed:
    """An executive, presidium or commission that follows the majority of its appointer."""

    name: str
    title: str | None
    appointer: str
    seats: int | None
    rule: DecisionRule
    quorum: DecisionRule | None
    span: Span
    kind: str = "appointed"


@dataclass(frozen=True)
class Commission:
    """A parity conciliation commission: agrees only if both delegations agree."""

    name: str
    title: str | None
    sides: tuple[str, str]
    seats_each: int | None
    span: Span
    kind: str = "commission"


@dataclass(frozen=True)
class Organ:
    """A coercive, judicial or administrative organ: who directs it, whom it answers to."""

    name: str
    title: str | None
    organ_kind: str
    directed_by: str | None
    answers_to: tuple[str, ...]
    authorized_by: tuple[str, ...]
    span: Span
    kind: str = "organ"


Body = Chamber | Referendum | Appointed | Commission | Organ


@dataclass(frozen=True)
class Guard:
    counter: str
    op: str  # "<=" | ">=" | "<" | ">" | "=="
    value: int

    def holds(self, counters: Mapping[str, int]) -> bool:
        v = counters[self.counter]
        return {"<=": v <= self.value, ">=": v >= self.value, "<": v < self.value,
                ">": v > self.value, "==": v == self.value}[self.op]

    def describe(self) -> str:
        return f"{self.counter} {self.op} {self.value}"


@dataclass(frozen=True)
class Action:
    counter: str
    op: str  # "+=" | ":="
    value: int

    def describe(self) -> str:
        return f"{self.counter} {self.op} {self.value}"


@dataclass(frozen=True)
class Transition:
    """On `outcome` (and when `guard` holds), go to `target` after applying `actions`."""

    outcome: str  # a step outcome, or "else"
    guard: Guard | None
    target: str
    actions: tuple[Action, ...]
    span: Span


@dataclass(frozen=True)
class Step:
    """One step of a procedure: a vote or decision of a body, or a dissolution with re-election."""

    name: str
    kind: str  # "vote" | "dissolve"
    body: str
    motion: str
    dissolved: tuple[str, ...]
    outcomes: tuple[str, ...]
    transitions: tuple[Transition, ...]
    span: Span
    rule: DecisionRule | None = None  # overrides the body's rule for this vote (e.g. amendments)
    quorum: DecisionRule | None = None  # overrides the body's quorum for this vote

    @property
    def override(self) -> tuple:
        """The rule and quorum this step decides by, when they differ from its body's; () if not."""
        if self.rule is None and self.quorum is None:
            return ()
        return (self.rule.key if self.rule else (), self.quorum.key if self.quorum else ())


@dataclass(frozen=True)
class Final:
    name: str
    success: bool
    span: Span | None


@dataclass(frozen=True)
class Procedure:
    """A state machine of steps; runs end in a final outcome."""

    name: str
    title: str | None
    counters: tuple[str, ...]
    counter_caps: Mapping[str, int]
    finals: Mapping[str, Final]
    start: str
    steps: Mapping[str, Step]
    span: Span

    def is_final(self, name: str) -> bool:
        return name in self.finals


@dataclass(frozen=True)
class Power:
    """Legislate, amend, dissolve, appoint, dismiss, decree or direct, held by a procedure or a body."""

    kind: str
    object: str | None
    holder: str
    holder_kind: str  # "procedure" | "body"
    span: Span

    @property
    def key(self) -> str:
        return f"{self.kind} {self.object}" if self.object else self.kind


@dataclass(frozen=True)
class CheckSpec:
    """A check requested by the file, with typed parameters."""

    name: str
    target: str | None
    params: Mapping[str, object]
    text: str
    span: Span

    @property
    def label(self) -> str:
        return f"{self.name} {self.target}" if self.target else self.name


@dataclass(frozen=True)
class Constitution:
    """A whole resolved constitution."""

    path: str
    title: str | None
    sources: Mapping[str, Source]
    groups: Mapping[str, Group]
    parties: Mapping[str, Party]
    support: Mapping[str, Mapping[str, Fraction]]  # group -> party -> share of its voters
    bodies: Mapping[str, Body]
    procedures: Mapping[str, Procedure]
    powers: tuple[Power, ...]
    checks: tuple[CheckSpec, ...]
    cited_numbers: tuple[tuple[str, str, Span], ...] = field(default=())  # (source, what, where)

    @property
    def chambers(self) -> dict[str, Chamber]:
        return {n: b for n, b in self.bodies.items() if isinstance(b, Chamber)}

    @property
    def population(self) -> int:
        return sum(g.inhabitants for g in self.groups.values())

    def electorate_bodies(self) -> list[Chamber | Referendum]:
        """Bodies chosen or constituted directly by voters."""
        return [b for b in self.bodies.values() if isinstance(b, (Chamber, Referendum))]
