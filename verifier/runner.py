"""Run the checks a file asks for: load, resolve, evaluate, collect into reports."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Sequence

import dsl
from dsl.diagnostics import E_UNREADABLE, Diagnostic, Span

from .checks import REGISTRY, Context, signatures
from .results import ERROR, CheckResult, FileReport

SUFFIX = ".veche"


def expand(paths: Sequence[str]) -> list[str]:
    """Files named directly, and every `.veche` file below each folder, in sorted order."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(str(f) for f in Path(p).rglob(f"*{SUFFIX}") if f.is_file())
            out.extend(found)
        else:
            out.append(p)
    return out


def run_file(path: str, only: Iterable[str] = (), skip: Iterable[str] = (), ctx: Context | None = None) -> FileReport:
    """Check one file; bad input gives a report with diagnostics and no results."""
    ctx = ctx or Context()
    only, skip = set(only), set(skip)
    if os.path.isdir(path):
        return FileReport(path, "", (Diagnostic(E_UNREADABLE, "this is a folder, not a file", Span.point(path, 1, 1),
                                                "pass the folder itself to check every .veche file in it"),), ())
    loaded = dsl.load(path, signatures())
    if not loaded.ok:
        return FileReport(path, loaded.text, loaded.diagnostics, ())
    model = loaded.model
    results: list[CheckResult] = []
    for spec in model.checks:
        if (only and spec.name not in only) or spec.name in skip:
            continue
        check = REGISTRY[spec.name]
        try:
            results.extend(check.evaluate(model, spec, ctx))
        except Exception as exc:  # noqa: BLE001 - one failing check must not hide the others
            results.append(CheckResult(spec.name, spec.target, ERROR,
                                       f"internal error in `{spec.name}`: {type(exc).__name__}: {exc} "
                                       "(this is a bug in veche; please report it)", None, spec.span))
    return FileReport(path, loaded.text, loaded.diagnostics, tuple(results))


def run_paths(paths: Sequence[str], only=(), skip=(), ctx: Context | None = None) -> list[FileReport]:
    """Check every file named or found below the folders named."""
    return [run_file(p, only, skip, ctx) for p in expand(paths)]
