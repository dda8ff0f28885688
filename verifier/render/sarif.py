"""SARIF 2.1.0 output, for code-scanning services (GitHub, Azure DevOps) and SARIF viewers.

One log, one run.  The rules are every registered check (from the registry and the
check modules' docstrings) and every diagnostic code that occurs.  The results are:

- a violated check: `kind: fail`, `level: error`, with the counterexample under
  `properties.counterexample` and, for a procedural counterexample (one with `states`),
  a `codeFlows` entry whose thread-flow locations are the steps of the run, each told by
  its narrative sentence and located at the step's declaration;
- an `unknown` check: `kind: open` (veche could not decide), `level: none`;
- a check that ended in an internal `error`: `kind: review`, `level: none`, and a
  tool-execution notification in the invocation;
- a diagnostic: `kind: fail`, `level: error` or `warning`.

Checks that hold are not results: code-scanning services ignore `kind` and would show
them as alerts.  Their count is in `runs[0].properties.summary`.  SARIF requires `level:
none` whenever `kind` is not `fail` (§3.27.10).

Every result carries `partialFingerprints["veche/v1"]`, the fingerprint `--baseline`
reads back; with `--baseline` the remaining failures are `baselineState: new`.  The
output is deterministic: keys sorted, no timestamps, no absolute paths that the command
line did not give.  docs/formats.md documents all of it.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
from typing import Any
from urllib.parse import quote

from dsl.diagnostics import CODES, Diagnostic, Span

from ..baseline import SARIF_FINGERPRINT, diagnostic_fingerprint, diagnostic_path
from ..results import ERROR, HOLDS, UNKNOWN, VIOLATED, CheckResult, FileReport, exit_status
from . import narrative

SARIF_VERSION = "2.1.0"
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

#: The project's home; rules' `helpUri` point into its docs folder.
PROJECT_URL = "https://github.com/veche-project/veche"
DOCS_URL = f"{PROJECT_URL}/blob/main/docs"

SRCROOT = "%SRCROOT%"


# ------------------------------------------------------------------ rules
def _first_paragraph(doc: str) -> str:
    return " ".join(doc.strip().split("\n\n", 1)[0].split())


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _help_markdown(doc: str) -> str:
    """The sections of a check docstring (`What it checks` + indented body, ...) as Markdown."""
    out: list[str] = []
    for block in re.split(r"\n(?=\S)", doc.split("\n\n", 1)[1] if "\n\n" in doc else ""):
        head, _, body = block.partition("\n")
        body = inspect.cleandoc(body) if body.strip() else ""
        if head.strip():
            out.append(f"**{head.strip()}**")
        if body:
            out.append(body)
    return "\n\n".join(out)


def _check_modules() -> dict[str, str]:
    """Check name -> docstring of the module that registers it."""
    from .. import checks

    docs: dict[str, str] = {}
    for name in checks._MODULES:
        module = importlib.import_module(f"{checks.__name__}.{name}")
        for check in getattr(module, "CHECKS", ()):
            docs[check.name] = inspect.cleandoc(module.__doc__ or "")
    return docs


def check_rules() -> list[dict]:
    """One rule per registered check, in the registry's (alphabetical) order."""
    from ..checks import REGISTRY

    docs = _check_modules()
    rules = []
    for name, check in REGISTRY.items():
        doc = docs.get(name, "")
        summary = _sentence(check.signature.summary)
        rule: dict[str, Any] = {
            "id": name,
            "name": name,
            "shortDescription": {"text": summary},
            "helpUri": f"{DOCS_URL}/checks/{check.doc}",
            "defaultConfiguration": {"level": "error"},
            "properties": {"docs": f"docs/checks/{check.doc}",
                           "implemented": check.run is not None,
                           "tags": ["veche", "check"]},
        }
        first = _first_paragraph(doc)
        if check.run is not None and first.startswith(f"{name}:"):
            rule["fullDescription"] = {"text": _sentence(first[len(name) + 1:])}
            rule["help"] = {"text": doc, "markdown": _help_markdown(doc) or doc}
        else:
            note = ("Planned: this version of veche accepts the check and reports it as unknown."
                    if check.run is None else "")
            rule["fullDescription"] = {"text": " ".join(x for x in (summary, note) if x)}
            rule["help"] = {"text": f"{summary} See docs/checks/{check.doc}."}
        rules.append(rule)
    return rules


def diagnostic_rule(code: str) -> dict:
    c = CODES[code]
    return {
        "id": code,
        "name": c.name,
        "shortDescription": {"text": _sentence(c.description)},
        "fullDescription": {"text": _sentence(c.description)},
        "helpUri": f"{DOCS_URL}/diagnostics.md#{code.lower()}-{c.name}",
        "defaultConfiguration": {"level": "warning" if code.startswith("W") else "error"},
        "properties": {"docs": f"docs/diagnostics.md#{code.lower()}-{c.name}", "tags": ["veche", "diagnostic"]},
    }


# ------------------------------------------------------------------ locations
def artifact_location(path: str) -> dict:
    """The path as given on the command line: relative paths against %SRCROOT% (the working
    directory), absolute ones as `file:` URIs."""
    posix = path.replace("\\", "/")
    if posix.startswith("/") or re.match(r"^[A-Za-z]:/", posix):
        return {"uri": "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:")}
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix), "uriBaseId": SRCROOT}


def region(span: Span | None) -> dict | None:
    if span is None or span.line < 1:
        return None
    r = {"startLine": span.line, "startColumn": max(1, span.column)}
    if span.end_line > span.line or (span.end_line == span.line and span.end_column > span.column):
        r["endLine"] = span.end_line
        r["endColumn"] = max(1, span.end_column)
    return r


def location(path: str, span: Span | None, message: str | None = None) -> dict:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(span.path if span else path)}
    reg = region(span)
    if reg:
        physical["region"] = reg
    loc: dict[str, Any] = {"physicalLocation": physical}
    if message:
        loc["message"] = {"text": message}
    return loc


def load_model(report: FileReport):
    """The model of a checked file, for body titles and step locations; None if it cannot be had."""
    if not report.text or report.has_errors:
        return None
    try:
        import dsl

        from ..checks import signatures

        return dsl.load_text(report.text, report.path, signatures()).model
    except Exception:  # noqa: BLE001 - rendering must not fail for want of titles
        return None


# ------------------------------------------------------------------ results
def _code_flow(r: CheckResult, report: FileReport, model) -> dict:
    cx = r.counterexample or {}
    steps = {}
    proc = model.procedures.get(cx.get("procedure")) if model is not None else None
    if proc is not None:
        steps = proc.steps
    locations = []
    loop = cx.get("loop_start")
    for s in cx["states"]:
        one = {**cx, "states": [s], "loop_start": None, "end": None}
        text = " ".join(narrative.step_lines(one, model))
        if loop is not None and s["index"] == loop:
            text = f"(the cycle starts here) {text}"
        step = steps.get(s.get("step"))
        span = step.span if step is not None else r.span
        tfl: dict[str, Any] = {"location": location(report.path, span, text),
                               "executionOrder": s["index"] + 1}
        if loop is not None and s["index"] >= loop:
            tfl["properties"] = {"cycle": True}
        locations.append(tfl)
    end = cx.get("end")
    flow_message = {"stuck": "The run stops: no transition follows the last outcome.",
                    "cycle": "After the last step the run returns to the start of the cycle and repeats forever.",
                    }.get(end, f"The run ends: {end}." if end else "")
    thread: dict[str, Any] = {"locations": locations}
    if flow_message:
        thread["message"] = {"text": flow_message}
    return {"message": {"text": r.message}, "threadFlows": [thread]}


def _related(r: CheckResult, report: FileReport) -> list[dict]:
    """Declarations a structural witness names by line (`{"body": ..., "line": 86}`)."""
    out = []
    for value in (r.counterexample or {}).values():
        if not isinstance(value, list):
            continue
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("line"), int) and item["line"] >= 1:
                label = next((str(item[k]) for k in ("body", "chamber", "organ", "group", "by") if item.get(k)), "")
                loc = location(report.path, Span.point(report.path, item["line"], 1), label or None)
                out.append(loc)
    for i, loc in enumerate(out, start=1):
        loc["id"] = i
    return out


def check_result(r: CheckResult, report: FileReport, rule_index: int, model=None) -> dict:
    kind, level = {VIOLATED: ("fail", "error"), UNKNOWN: ("open", "none"), ERROR: ("review", "none")}[r.status]
    res: dict[str, Any] = {
        "ruleId": r.name,
        "ruleIndex": rule_index,
        "kind": kind,
        "level": level,
        "message": {"text": r.message},
        "locations": [location(report.path, r.span)],
        "partialFingerprints": {SARIF_FINGERPRINT: r.fingerprint},
    }
    props: dict[str, Any] = {"status": r.status}
    if r.target:
        props["target"] = r.target
    if r.params and r.params != r.name:
        props["as_written"] = f"check {r.params}"  # the check line with its parameters
    if r.method:
        props["method"] = r.method
    if r.figures:
        props["figures"] = r.figures
    if r.counterexample:
        props["counterexample"] = r.counterexample
        if isinstance(r.counterexample.get("states"), list) and r.counterexample["states"]:
            res["codeFlows"] = [_code_flow(r, report, model)]
        related = _related(r, report)
        if related:
            res["relatedLocations"] = related
    res["properties"] = props
    return res


def diagnostic_result(d: Diagnostic, report: FileReport, rule_index: int) -> dict:
    text = d.message
    for note in d.notes:
        text += f"\nnote: {note}"
    if d.hint:
        text += f"\nhelp: {d.hint}"
    res: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": "error" if d.is_error else "warning",
        "message": {"text": text},
        "locations": [location(diagnostic_path(d, report), d.span)],
        "partialFingerprints": {SARIF_FINGERPRINT: diagnostic_fingerprint(d)},
        "properties": {"name": d.name, "severity": d.severity},
    }
    if d.hint:
        res["properties"]["hint"] = d.hint
    return res


# ------------------------------------------------------------------ the log
def document(reports: list[FileReport], baseline: bool = False) -> dict:
    """The SARIF log as a dict.  With `baseline`, the findings (`kind: fail`) are marked
    `baselineState: new`: the known ones were removed before rendering."""
    rules = check_rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for code in sorted({d.code for rep in reports for d in rep.diagnostics}):
        index[code] = len(rules)
        rules.append(diagnostic_rule(code))

    results: list[dict] = []
    notifications: list[dict] = []
    counts = {s: 0 for s in (HOLDS, VIOLATED, UNKNOWN, ERROR)}
    for rep in reports:
        for d in rep.diagnostics:
            results.append(diagnostic_result(d, rep, index[d.code]))
        model = load_model(rep) if any(r.counterexample for r in rep.results) else None
        for r in rep.results:
            counts[r.status] += 1
            if r.status == HOLDS:
                continue
            results.append(check_result(r, rep, index[r.name], model))
            if r.status == ERROR:
                notifications.append({"level": "error", "message": {"text": r.message},
                                      "descriptor": {"id": r.name, "index": index[r.name]},
                                      "locations": [location(rep.path, r.span)]})
    if baseline:  # findings were compared with the baseline; the known ones are gone
        for res in results:
            if res["kind"] == "fail":
                res["baselineState"] = "new"

    invocation: dict[str, Any] = {"executionSuccessful": not notifications, "exitCode": exit_status(reports)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    from ..cli import VERSION

    run = {
        "tool": {"driver": {
            "name": "veche",
            "fullName": "veche, a formal verifier for constitutions",
            "version": VERSION,
            "semanticVersion": VERSION,
            "informationUri": PROJECT_URL,
            "rules": rules,
        }},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The directory veche was run from."}}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"summary": {"files": len(reports),
                                   "files_with_errors": sum(r.has_errors for r in reports),
                                   **counts, "exit_status": exit_status(reports)}},
    }
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


#: Property values kept in veche's own key order (the order of `--format json`: parties and
#: bodies as declared), everything else is sorted.
_VECHE_ORDER = frozenset({"counterexample", "figures"})


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v if k in _VECHE_ORDER else _canonical(v)) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def render(reports: list[FileReport], baseline: bool = False) -> str:
    """The log as text: SARIF's own objects with sorted keys, counterexamples and figures in
    the key order of `--format json`; byte-identical for the same input."""
    return json.dumps(_canonical(document(reports, baseline)), indent=2, ensure_ascii=False) + "\n"


__all__ = ["document", "render", "check_rules", "load_model", "SCHEMA_URI", "PROJECT_URL"]
