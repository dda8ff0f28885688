"""The JSON document of SPEC.md: stable key order, deterministic, one document for all files."""

from __future__ import annotations

import json

from dsl.diagnostics import Diagnostic

from ..baseline import diagnostic_fingerprint
from ..results import CheckResult, FileReport, exit_status

SCHEMA_VERSION = 1


def diagnostic(d: Diagnostic) -> dict:
    s = d.span
    return {
        "severity": d.severity,
        "code": d.code,
        "name": d.name,
        "message": d.message,
        "path": s.path if s else None,
        "line": s.line if s else None,
        "column": s.column if s else None,
        "end_line": s.end_line if s else None,
        "end_column": s.end_column if s else None,
        "hint": d.hint,
        "fingerprint": diagnostic_fingerprint(d),
    }


def result(r: CheckResult) -> dict:
    return {
        "name": r.name,
        "target": r.target,
        "status": r.status,
        "message": r.message,
        "method": r.method,
        "line": r.span.line,
        "column": r.span.column,
        "fingerprint": r.fingerprint,
        "figures": r.figures,
        "counterexample": r.counterexample,
    }


def document(reports: list[FileReport]) -> dict:
    counts = {s: 0 for s in ("holds", "violated", "unknown", "error")}
    for rep in reports:
        for r in rep.results:
            counts[r.status] += 1
    return {
        "veche": SCHEMA_VERSION,
        "files": [{"path": rep.path, "diagnostics": [diagnostic(d) for d in rep.diagnostics],
                   "checks": [result(r) for r in rep.results]} for rep in reports],
        "summary": {"files": len(reports), "files_with_errors": sum(r.has_errors for r in reports),
                    **counts, "exit_status": exit_status(reports)},
    }


def render(reports: list[FileReport]) -> str:
    return json.dumps(document(reports), indent=2, ensure_ascii=False) + "\n"
