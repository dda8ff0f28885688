"""Baselines: report only the findings that are new since an earlier run.

A *finding* is a violated check or a diagnostic.  Each has a fingerprint that does
not depend on line numbers: a check's is `CheckResult.fingerprint` (check name,
target, parameters and the names involved); a diagnostic's is computed here from its
code, its message (line and column numbers in the text masked) and its file.

A finding is *known* when the baseline holds the same fingerprint for the same file
(the path normalized: `./a/b.veche` and `a/b.veche` are one file).  Known findings are
dropped from the reports before they are rendered, so they are neither shown nor
counted in the exit status.  A baseline is an earlier `veche check --format json` or
`--format sarif` output; both record the fingerprints.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from dsl.diagnostics import Diagnostic

from .results import VIOLATED, FileReport

#: The key of veche's fingerprints in SARIF `partialFingerprints`.
SARIF_FINGERPRINT = "veche/v1"

Key = tuple[str, str]  # (normalized path, fingerprint)

_NUMBERED = re.compile(r"\b(lines?|columns?|col)(\s+)\d[\d,]*", re.I)


class BaselineError(Exception):
    """The baseline file cannot be read or is neither veche JSON nor veche SARIF."""


def norm_path(path: str | None) -> str:
    """One spelling per file: forward slashes, no `./` or `a/../`, relative to the
    working directory when the path lies below it."""
    if not path:
        return ""
    p = path.replace("\\", "/")
    if os.path.isabs(p):
        try:
            rel = os.path.relpath(p)
        except ValueError:  # another drive (Windows)
            rel = p
        if not rel.startswith(".."):
            p = rel
    p = os.path.normpath(p).replace("\\", "/")
    return str(PurePosixPath(p))


def diagnostic_fingerprint(d: Diagnostic) -> str:
    """Code, message (with line and column numbers masked) and file: stable when lines move."""
    message = _NUMBERED.sub(lambda m: f"{m.group(1)}{m.group(2)}#", d.message)
    key = "\x1f".join(["diagnostic", d.code, message, norm_path(d.span.path if d.span else "")])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def diagnostic_path(d: Diagnostic, report: FileReport) -> str:
    """The file a diagnostic is located in (a CSV table beside the constitution, say)."""
    return d.span.path if d.span else report.path


# ------------------------------------------------------------------ loading
def load(path: str) -> Counter[Key]:
    """The fingerprints of the findings recorded in a JSON or SARIF output of veche."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as exc:
        raise BaselineError(f"cannot read the baseline {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"the baseline {path} is not JSON: {exc}") from None
    if isinstance(doc, dict) and isinstance(doc.get("runs"), list):
        return _from_sarif(doc)
    if isinstance(doc, dict) and isinstance(doc.get("files"), list):
        return _from_json(doc)
    raise BaselineError(f"the baseline {path} is neither a `veche check --format json` "
                        "nor a `--format sarif` output")


def _from_json(doc: dict) -> Counter[Key]:
    known: Counter[Key] = Counter()
    for f in doc["files"]:
        if not isinstance(f, dict):
            continue
        file_path = f.get("path") or ""
        for d in f.get("diagnostics") or ():
            fp = d.get("fingerprint")
            if fp is None and d.get("code"):  # an output of a veche without diagnostic fingerprints
                from dsl.diagnostics import Span

                span = Span.point(d["path"], d.get("line") or 1, d.get("column") or 1) if d.get("path") else None
                fp = diagnostic_fingerprint(Diagnostic(d["code"], d.get("message") or "", span))
            if fp:
                known[(norm_path(d.get("path") or file_path), fp)] += 1
        for c in f.get("checks") or ():
            if c.get("status") == VIOLATED and c.get("fingerprint"):
                known[(norm_path(file_path), c["fingerprint"])] += 1
    return known


def _uri_to_path(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return unquote(uri)


def _from_sarif(doc: dict) -> Counter[Key]:
    known: Counter[Key] = Counter()
    for run in doc["runs"]:
        for r in (run or {}).get("results") or ():
            if r.get("kind", "fail") != "fail":
                continue
            fp = (r.get("partialFingerprints") or {}).get(SARIF_FINGERPRINT)
            if not fp:
                continue
            locations = r.get("locations") or [{}]
            uri = ((locations[0].get("physicalLocation") or {}).get("artifactLocation") or {}).get("uri", "")
            known[(norm_path(_uri_to_path(uri)), fp)] += 1
    return known


# ------------------------------------------------------------------ applying
def apply(reports: list[FileReport], known: Counter[Key]) -> tuple[list[FileReport], int]:
    """The reports without the known findings, and how many were dropped.

    Each fingerprint in the baseline absorbs one finding: if a file had one
    `unknown name` diagnostic and now has two with the same message, one is new.
    """
    left = Counter(known)
    out: list[FileReport] = []
    dropped = 0

    def seen(key: Key) -> bool:
        nonlocal dropped
        if left[key] > 0:
            left[key] -= 1
            dropped += 1
            return True
        return False

    for rep in reports:
        diagnostics = tuple(d for d in rep.diagnostics
                            if not seen((norm_path(diagnostic_path(d, rep)), diagnostic_fingerprint(d))))
        results = tuple(r for r in rep.results
                        if r.status != VIOLATED or not seen((norm_path(rep.path), r.fingerprint)))
        out.append(replace(rep, diagnostics=diagnostics, results=results))
    return out, dropped


__all__ = ["BaselineError", "SARIF_FINGERPRINT", "apply", "diagnostic_fingerprint", "load", "norm_path"]
