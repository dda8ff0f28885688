"""Check results as data: what every renderer (text, JSON, SARIF, ...) turns into output."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from dsl.diagnostics import Span

HOLDS, VIOLATED, UNKNOWN, ERROR = "holds", "violated", "unknown", "error"
STATUSES = (HOLDS, VIOLATED, UNKNOWN, ERROR)


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check on one target.

    `method` says how the verdict was reached (`exhaustive`, `exact computation`,
    `k-induction k=3`, `bounded 4`, ...).  `figures` holds the numbers behind it,
    as JSON-ready values; `counterexample` the concrete behaviour that breaks it.
    `involved` names what the finding is about, for a fingerprint that survives edits.
    """

    name: str
    target: str | None
    status: str
    message: str
    method: str | None
    span: Span
    figures: dict[str, Any] = field(default_factory=dict)
    counterexample: dict[str, Any] | None = None
    involved: tuple[str, ...] = ()
    params: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across line moves: check name, target, parameters and the names involved."""
        key = "\x1f".join([self.name, self.target or "", self.params, *sorted(self.involved)])
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FileReport:
    """Everything veche found in one file."""

    path: str
    text: str
    diagnostics: tuple
    results: tuple[CheckResult, ...]

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def exit_status(reports: list[FileReport]) -> int:
    """0 all hold; 1 some violated; 2 bad input; 3 nothing violated but some unknown."""
    if any(r.has_errors for r in reports):
        return 2
    statuses = {res.status for r in reports for res in r.results}
    if VIOLATED in statuses:
        return 1
    if UNKNOWN in statuses or ERROR in statuses:
        return 3
    return 0
