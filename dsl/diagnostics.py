"""Diagnostics: source spans, error codes and the messages attached to them.

Diagnostics are data (code, severity, message, span, hint, notes); renderers in
`verifier/` turn the same data into text, JSON or SARIF.  Every code is
registered once in `CODES` with a one-line description, so the catalogue in
the docs and the codes in messages cannot drift apart (mypy's errorcodes).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Span:
    """A region of a source file; lines and columns are 1-based, columns count characters."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @staticmethod
    def point(path: str, line: int, column: int) -> "Span":
        return Span(path, line, column, line, column + 1)


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    description: str


CODES: dict[str, Code] = {}


def _code(code: str, name: str, description: str) -> str:
    CODES[code] = Code(code, name, description)
    return code


# Input that is not a readable text file.
E_UNREADABLE = _code("E001", "unreadable-file", "the file cannot be read")
E_EMPTY = _code("E002", "empty-file", "the file holds no declarations")
E_ENCODING = _code("E003", "not-utf8", "the file is not valid UTF-8 text")
E_BINARY = _code("E004", "binary-content", "the file holds NUL bytes or other control characters")
E_BIDI = _code("E005", "bidi-control", "a bidirectional control character could disguise the text")
E_TOO_LARGE = _code("E006", "file-too-large", "the file is larger than veche accepts")
E_LONG_LINE = _code("E007", "line-too-long", "a line is longer than veche accepts")
# Syntax.
E_SYNTAX = _code("E101", "syntax", "the text does not follow the grammar of the language")
E_BAD_CHAR = _code("E102", "unexpected-character", "a character that has no meaning in the language")
E_EOF = _code("E103", "unexpected-end", "the file ends in the middle of a declaration")
E_STRING = _code("E104", "unterminated-string", "a quoted string is not closed on its line")
# Names.
E_UNKNOWN = _code("E201", "unknown-name", "a name that is not declared")
E_DUPLICATE = _code("E202", "duplicate-name", "a name declared twice")
E_WRONG_KIND = _code("E203", "wrong-kind", "a name of the wrong kind (a party where a group is needed, ...)")
E_UNKNOWN_SOURCE = _code("E204", "unknown-source", "a citation of a source that is not declared")
E_CYCLE = _code("E205", "appointment-cycle", "bodies that appoint each other in a circle")
E_MISSING = _code("E206", "missing-clause", "a declaration lacks a clause it needs")
# Numbers.
E_NUMBER = _code("E301", "absurd-number", "a number that is too large, zero or negative where it cannot be")
E_SHARE = _code("E302", "share-over-100", "a share over 100%")
E_NO_SEATS = _code("E303", "no-seats", "a seating formula that yields no seats")
E_COMPOSITION = _code("E304", "composition-mismatch", "pinned seats that do not fit the seating formula")
E_SUPPORT = _code("E305", "support-over-100", "support shares of one group that add up to more than 100%")
E_VOTERS = _code("E306", "voters-exceed-inhabitants", "more voters than inhabitants")
E_DISTRICTS = _code("E307", "district-mismatch", "districts that do not add up to their group")
# Procedures.
E_MISSING_STEP = _code("E401", "missing-step", "a transition to a step that does not exist")
E_BAD_OUTCOME = _code("E402", "impossible-outcome", "a transition on an outcome the step cannot have")
E_NO_START = _code("E403", "no-start", "a procedure without a start")
E_UNKNOWN_COUNTER = _code("E404", "unknown-counter", "a counter that the procedure does not declare")
E_BAD_STEP = _code("E405", "invalid-step", "a step that the bodies involved cannot perform")
E_SHADOWED = _code("E406", "shadowed-transition", "a transition that can never be taken")
# Checks.
E_UNKNOWN_CHECK = _code("E501", "unknown-check", "a check name that veche does not know")
E_CHECK_TARGET = _code("E502", "check-target", "a check on a target that does not exist or has the wrong kind")
E_CHECK_ARGS = _code("E503", "check-arguments", "a check given parameters it does not take")
# Data files beside the constitution.
E_DATA = _code("E601", "data-file", "a data file (CSV) that cannot be used")
# Warnings.
W_UNREACHABLE = _code("W401", "unreachable-step", "a step that no run can reach")
W_UNUSED_SOURCE = _code("W201", "unused-source", "a declared source that nothing cites")


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the input: an error stops the pipeline, a warning does not."""

    code: str
    message: str
    span: Span | None
    hint: str | None = None
    notes: tuple[str, ...] = ()
    severity: str = field(default="")

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", "warning" if self.code.startswith("W") else "error")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def name(self) -> str:
        return CODES[self.code].name


class DiagnosticError(Exception):
    """Raised inside the front end to abandon a file; carries what was found so far."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = tuple(diagnostics)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, or None when nothing is close."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    if close:
        return f"did you mean `{close[0]}`?"
    return None


def sort_key(d: Diagnostic) -> tuple:
    s = d.span
    return (s.path, s.line, s.column, d.code) if s else ("", 0, 0, d.code)
