"""Shared helpers for the tests: build a model from text, find the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

import dsl
from verifier.checks import signatures

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def model_from(text: str, path: str = "test.veche"):
    """Parse and resolve `text`; fail the test with the diagnostics if it is not valid."""
    loaded = dsl.load_text(text, path, signatures())
    errors = [d for d in loaded.diagnostics if d.is_error]
    if errors:
        pytest.fail("invalid test constitution:\n" + "\n".join(
            f"{d.span.line}:{d.span.column} {d.code} {d.message}" for d in errors))
    return loaded.model


def diagnostics_of(text: str, path: str = "test.veche"):
    """All diagnostics for `text`, errors and warnings."""
    return dsl.load_text(text, path, signatures()).diagnostics
