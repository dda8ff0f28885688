"""The veche language: text -> parse tree -> AST (with spans) -> resolved model + diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .diagnostics import Diagnostic, DiagnosticError, sort_key
from .model import Constitution
from .signatures import CheckSignature


@dataclass(frozen=True)
class Loaded:
    """What the front end made of one file: its text (for carets), the model if valid, and diagnostics."""

    path: str
    text: str
    model: Constitution | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.model is not None and not any(d.is_error for d in self.diagnostics)


def load(path: str | Path, signatures: Mapping[str, CheckSignature]) -> Loaded:
    """Parse and resolve one `.veche` file; never raises for bad input."""
    from .parser import parse_file
    from .resolver import resolve

    display = str(path)
    text = ""
    try:
        text, doc, diags = parse_file(path)
    except DiagnosticError as exc:
        return Loaded(display, text, None, tuple(sorted(exc.diagnostics, key=sort_key)))
    model, more = resolve(doc, signatures)
    found = sorted(diags + more, key=sort_key)
    if any(d.is_error for d in found):
        model = None
    return Loaded(display, text, model, tuple(found))


def load_text(text: str, path: str, signatures: Mapping[str, CheckSignature]) -> Loaded:
    """Like `load`, for text already in memory (tests, editors)."""
    from .parser import parse_text
    from .resolver import resolve

    try:
        doc, diags = parse_text(text, path)
    except DiagnosticError as exc:
        return Loaded(path, text, None, tuple(sorted(exc.diagnostics, key=sort_key)))
    model, more = resolve(doc, signatures)
    found = sorted(diags + more, key=sort_key)
    return Loaded(path, text, None if any(d.is_error for d in found) else model, tuple(found))


__all__ = ["load", "load_text", "Loaded", "Diagnostic", "CheckSignature", "Constitution"]
