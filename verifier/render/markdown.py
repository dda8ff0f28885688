"""Markdown output: a report to paste into a pull request or a CI job summary.

A summary line with the counts; per file a heading, a table of the checks and the
diagnostics as a list; for each violation a collapsible `<details>` block with the
counterexample told step by step (`narrative.explain`).

Everything that comes from the input (paths, titles, messages quoting names or text)
is escaped: `<`, `>` and `&` become entities, Markdown punctuation and `|` get a
backslash, newlines become spaces, and a line never starts with a character that
would open a heading, list or quote.  Only backtick spans of plain text (no `|`, `<`,
`>`, `&`) are kept as code.  So a title like ``A | B <script>`x`</script>`` shows as
written and breaks neither the table nor the page.
"""

from __future__ import annotations

import html
import json
import re

from ..results import ERROR, HOLDS, UNKNOWN, VIOLATED, CheckResult, FileReport, exit_status
from . import json_out, narrative
from .sarif import load_model

VERDICT = {VIOLATED: "**violated**", ERROR: "**error**", UNKNOWN: "*unknown*", HOLDS: "holds"}

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_CODE = re.compile(r"`([^`\n]+)`")
_PLAIN_CODE = re.compile(r"[^`|<>&\\\n]+")
_BLOCK_START = re.compile(r"([#+=-])|(\d+)[.)]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape(text: object) -> str:
    """Text from the input as inert Markdown: no HTML, no emphasis, no table breaks."""
    s = str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    s = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
    s = html.escape(s, quote=False)
    return _SPECIAL.sub(r"\\\1", s)


def inline(text: object) -> str:
    """Like `escape`, but backtick spans of plain text stay code (veche quotes names so)."""
    s = str(text)
    out, last = [], 0
    for m in _CODE.finditer(s):
        if not _PLAIN_CODE.fullmatch(m.group(1)) or m.group(1).strip() != m.group(1):
            continue
        out.append(escape(s[last:m.start()]))
        out.append(f"`{m.group(1)}`")
        last = m.end()
    out.append(escape(s[last:]))
    return "".join(out)


def block(text: object) -> str:
    """`inline`, safe at the start of a line (no heading, list item, rule or code block)."""
    s = inline(text).lstrip()
    m = _BLOCK_START.match(s)
    if m is None:
        return s
    if m.group(1):
        return "\\" + s
    return m.group(2) + "\\" + s[m.end(2):]


def cell(text: object) -> str:
    return inline(text).strip()


# ------------------------------------------------------------------ narrative
def _narrative_markdown(lines: list[str]) -> list[str]:
    """The lines of `narrative.explain` (without its head line) as Markdown blocks."""
    out: list[str] = []
    prev = None  # kind of the previous block: "ol", "ul", "p"

    def emit(kind: str, text: str) -> None:
        nonlocal prev
        if out and (kind != prev or kind == "p"):
            out.append("")
        out.append(text)
        prev = kind

    for line in lines:
        kind, text, number = narrative.line_kind(line)
        if kind == "blank":
            prev = None  # a blank line in the narrative starts a new block
        elif kind == "step":
            emit("ol", f"{number}. {inline(text)}")
        elif kind == "loop":
            emit("p", f"*{inline(text)}*")
        elif kind == "detail":
            emit("ul", f"- {inline(text)}")
        else:
            emit("p", block(line))
    return out


def _json_block(value: object) -> list[str]:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return ["```json", *text.split("\n"), "```"]


def details(r: CheckResult, model=None) -> list[str]:
    """A collapsible block with the counterexample of one violated check."""
    label = r.name + (f" {r.target}" if r.target else "")
    summary = f"<strong>{html.escape(r.status)}</strong> {html.escape(label)} (line {r.span.line})"
    lines = narrative.explain(json_out.result(r), model)[1:]
    body = _narrative_markdown(lines)
    if r.counterexample and len([x for x in lines if x.strip()]) <= 1:
        # No narrative for this kind of witness yet: show the witness itself.
        body += ["", "Counterexample:", ""] + _json_block(r.counterexample)
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "", "</details>"]


# ------------------------------------------------------------------ the report
def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(reports: list[FileReport], suppressed: int = 0) -> str:
    counts = {s: 0 for s in (VIOLATED, HOLDS, UNKNOWN, ERROR)}
    for rep in reports:
        for r in rep.results:
            counts[r.status] += 1
    parts = [f"**{n} {s}**" if s in (VIOLATED, ERROR) else f"{n} {s}" for s, n in counts.items() if n]
    text = f"{_plural(len(reports), 'file')} checked: " + (", ".join(parts) or "no checks run")
    bad = sum(r.has_errors for r in reports)
    if bad:
        text += f"; **{_plural(bad, 'file')} with errors** in the input"
    diags = sum(len(r.diagnostics) for r in reports)
    if diags:
        text += f"; {_plural(diags, 'diagnostic')}"
    text += f". Exit status {exit_status(reports)}."
    if suppressed:
        text += f" {_plural(suppressed, 'known finding')} suppressed by the baseline."
    return text


def diagnostic_item(d) -> str:
    s = d.span
    where = f"{escape(s.path)}:{s.line}:{s.column}: " if s else ""
    text = f"- {where}**{escape(d.severity)}** `{d.code}` ({escape(d.name)}): {inline(d.message)}"
    for note in d.notes:
        text += f"; note: {inline(note)}"
    if d.hint:
        text += f"; help: {inline(d.hint)}"
    return text


def file_section(rep: FileReport) -> list[str]:
    model = load_model(rep)
    out = [f"### {block(rep.path).strip() or escape(rep.path)}", ""]
    if model is not None and model.title:
        out += [f"*{inline(model.title).strip()}*", ""]
    if rep.diagnostics:
        errors = sum(d.is_error for d in rep.diagnostics)
        if errors:
            out += [f"No checks were run: {_plural(errors, 'error')} in the input.", ""]
        out += ["Diagnostics:", ""] + [diagnostic_item(d) for d in rep.diagnostics] + [""]
    if rep.has_errors:
        return out
    if not rep.results:
        return out + ["*No checks requested.*", ""]
    out += ["| check | target | verdict | result | method | line |",
            "|---|---|---|---|---|---:|"]
    for r in rep.results:
        out.append(f"| {cell(r.name)} | {cell(r.target or '')} | {VERDICT[r.status]} | {cell(r.message)} "
                   f"| {cell(r.method or '')} | {r.span.line} |")
    out.append("")
    for r in rep.results:
        if r.status == VIOLATED:
            out += details(r, model) + [""]
    return out


def render(reports: list[FileReport], suppressed: int = 0) -> str:
    out = ["## veche check", "", summary(reports, suppressed), ""]
    for rep in reports:
        out += file_section(rep)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


__all__ = ["render", "escape", "inline", "cell", "details", "summary"]
