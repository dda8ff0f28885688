"""The abstract syntax tree: what the text says, with a source span on every node.

Nodes are named like the grammar rules and hold no resolved references: a name is
still a `Name` (text and span).  The resolver turns this tree into the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .diagnostics import Span


@dataclass(frozen=True)
class Name:
    text: str
    span: Span


@dataclass(frozen=True)
class Count:
    """A whole number as written (underscores allowed); `value` is exact."""

    value: int
    span: Span
    cites: tuple[Name, ...] = ()


@dataclass(frozen=True)
class Share:
    """A percentage, a fraction `2/3` or a decimal `0.5`, kept exact."""

    value: Fraction
    text: str
    span: Span
    cites: tuple[Name, ...] = ()


@dataclass(frozen=True)
class SourceEntry:
    name: Name
    text: str
    span: Span


@dataclass(frozen=True)
class DistrictsEqual:
    count: Count
    span: Span


@dataclass(frozen=True)
class DistrictsCsv:
    path: str
    span: Span


@dataclass(frozen=True)
class DistrictEntry:
    name: Name
    inhabitants: Count
    voters: Count | None
    span: Span


@dataclass(frozen=True)
class DistrictsList:
    entries: tuple[DistrictEntry, ...]
    span: Span


@dataclass(frozen=True)
class GroupDecl:
    name: Name
    inhabitants: Count | None
    voters: Count | None
    title: str | None
    districts: DistrictsEqual | DistrictsCsv | DistrictsList | None
    span: Span


@dataclass(frozen=True)
class PartyDecl:
    name: Name
    title: str | None
    span: Span


@dataclass(frozen=True)
class SupportShare:
    party: Name
    share: Share
    span: Span


@dataclass(frozen=True)
class SupportRow:
    group: Name
    shares: tuple[SupportShare, ...]
    span: Span


@dataclass(frozen=True)
class Electorate:
    kind: str  # "all" | "except" | "list"
    names: tuple[Name, ...]
    span: Span


@dataclass(frozen=True)
class Ballot:
    kind: str  # "secret" | "open"
    span: Span


@dataclass(frozen=True)
class Quota:
    """`group N per M voters|inhabitants`, `group N per district` or `group N at_large`."""

    group: Name
    seats: Count
    per: Count | None
    basis: str  # "voters" | "inhabitants" | "district" | "at_large"
    span: Span


@dataclass(frozen=True)
class FixedEntry:
    group: Name
    seats: Count
    span: Span


@dataclass(frozen=True)
class SeatsPartyList:
    seats: Count
    method: str
    threshold: Share | None
    span: Span


@dataclass(frozen=True)
class SeatsFixed:
    entries: tuple[FixedEntry, ...]
    span: Span


@dataclass(frozen=True)
class SeatsRatio:
    quotas: tuple[Quota, ...]
    rounding: str
    span: Span


@dataclass(frozen=True)
class SeatsDistricts:
    quotas: tuple[Quota, ...]
    rounding: str
    span: Span


Seats = SeatsPartyList | SeatsFixed | SeatsRatio | SeatsDistricts


@dataclass(frozen=True)
class Rule:
    """`majority of members`, `2/3 of votes cast`, `unanimity of present`."""

    kind: str  # "majority" | "unanimity" | "share"
    share: Share | None
    basis: str  # "votes cast" | "members" | "present"
    span: Span


@dataclass(frozen=True)
class SeatEntry:
    party: Name
    seats: Count
    span: Span


@dataclass(frozen=True)
class Composition:
    entries: tuple[SeatEntry, ...]
    span: Span


@dataclass(frozen=True)
class Clause:
    """A body clause whose payload is one of the nodes above (or names)."""

    keyword: str
    value: object
    span: Span


@dataclass(frozen=True)
class BodyDecl:
    keyword: str  # chamber | referendum | appointed | commission | organ
    name: Name
    title: str | None
    clauses: tuple[Clause, ...]
    span: Span


@dataclass(frozen=True)
class Guard:
    counter: Name
    op: str
    value: Count
    span: Span


@dataclass(frozen=True)
class Action:
    counter: Name
    op: str  # "+=" | ":="
    value: Count
    span: Span


@dataclass(frozen=True)
class Transition:
    outcome: str | None  # None for the single transition of `-> target`
    outcome_span: Span
    guard: Guard | None
    target: Name
    actions: tuple[Action, ...]
    span: Span


@dataclass(frozen=True)
class StepDecl:
    name: Name
    kind: str  # "vote" | "dissolve"
    body: Name
    motion: Name | None
    dissolved: tuple[Name, ...]
    transitions: tuple[Transition, ...]
    span: Span
    rule: "Rule | None" = None  # `by 2/3 of votes cast`: this step's own decision rule
    quorum: "Rule | None" = None  # `... with quorum 2/3 of members`


@dataclass(frozen=True)
class FinalDecl:
    name: Name
    success: bool
    span: Span


@dataclass(frozen=True)
class ProcedureDecl:
    name: Name
    title: str | None
    counters: tuple[Name, ...]
    finals: tuple[FinalDecl, ...]
    starts: tuple[Name, ...]
    steps: tuple[StepDecl, ...]
    span: Span


@dataclass(frozen=True)
class PowerDecl:
    kind: str
    kind_span: Span
    object: Name | None
    holder: Name
    span: Span


@dataclass(frozen=True)
class CheckArg:
    """One parameter of a check, untyped here; the check's signature types it."""

    kind: str  # "name" | "power" | "compare" | "within" | "except" | "per"
    text: str
    value: object
    span: Span


@dataclass(frozen=True)
class CheckDecl:
    name: Name
    args: tuple[CheckArg, ...]
    span: Span


@dataclass(frozen=True)
class Document:
    """A whole `.veche` file."""

    path: str
    title: str | None
    sources: tuple[SourceEntry, ...]
    groups: tuple[GroupDecl, ...]
    parties: tuple[PartyDecl, ...]
    support: tuple[SupportRow, ...]
    bodies: tuple[BodyDecl, ...]
    procedures: tuple[ProcedureDecl, ...]
    powers: tuple[PowerDecl, ...]
    checks: tuple[CheckDecl, ...]
    span: Span
    citations: tuple[Name, ...] = ()  # every `[source]` in the file, wherever it stands
