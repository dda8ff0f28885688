"""Human-readable output: diagnostics with the source line and a caret, one line per check."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from dsl.diagnostics import Diagnostic

from ..results import FileReport

STYLE = {"holds": "green", "violated": "bold red", "unknown": "yellow", "error": "bold magenta"}
MARK = {"holds": "✓", "violated": "✗", "unknown": "?", "error": "!"}


#: Diagnostics printed per file; the rest are counted (JSON and SARIF list them all).
MAX_SHOWN = 100


@lru_cache(maxsize=4)
def _split(text: str) -> list[str]:
    # Cached: a file with thousands of diagnostics would otherwise be split once per diagnostic.
    return text.split("\n")


def _source_line(text: str, path: str, line: int) -> str | None:
    lines = _split(text) if text else None
    if lines is None:
        try:
            with open(path, "rb") as f:
                data = f.read(4 * 1024 * 1024)
            lines = data.decode("utf-8", errors="replace").split("\n")
        except OSError:
            return None
    if 1 <= line <= len(lines):
        return lines[line - 1].rstrip("\r")
    return None


def _printable(s: str) -> str:
    """Show invisible and control characters as escapes so the caret lines up and nothing hides."""
    return "".join(ch if ch.isprintable() or ch == "\t" else f"\\u{ord(ch):04x}" for ch in s)


def diagnostic_lines(d: Diagnostic, text: str, path: str | None = None) -> list[Text]:
    """The diagnostic, its source line and a caret.

    `text` is the file `path` as read; a diagnostic located in another file (a CSV
    table of districts) shows a line of that file instead.
    """
    s = d.span
    if s and path is not None and s.path != path:
        text = ""
    colour = "red" if d.is_error else "yellow"
    head = Text()
    if s:
        head.append(f"{s.path}:{s.line}:{s.column}: ", style="bold")
    head.append(f"{d.severity}[{d.code}]", style=f"bold {colour}")
    head.append(f": {d.message}")
    out = [head]
    src = _source_line(text, s.path, s.line) if s else None
    if src is not None:
        start = max(0, s.column - 1)
        # Very long lines are cut around the caret so the output stays readable.
        lo = max(0, start - 60)
        shown = src[lo:lo + 120]
        prefix = "…" if lo > 0 else ""
        gutter = f"{s.line:>5} | "
        out.append(Text(gutter + prefix + _printable(shown).replace("\t", " "), style="dim"))
        width = max(1, (s.end_column - s.column) if s.end_line == s.line else len(src) - start)
        width = min(width, max(1, len(shown) - (start - lo)))
        pad = len(_printable(src[lo:start])) + len(prefix)
        out.append(Text(" " * (len(gutter) - 2) + "| " + " " * pad + "^" * width, style=f"bold {colour}"))
    if d.hint:
        out.append(Text(f"      help: {d.hint}", style="cyan"))
    return out


def print_diagnostics(diagnostics, text: str, path: str, console: Console) -> None:
    """Print the first MAX_SHOWN diagnostics of a file with their source lines, and how many more there are."""
    for d in diagnostics[:MAX_SHOWN]:
        for line in diagnostic_lines(d, text, path):
            console.print(line, soft_wrap=True)
    if len(diagnostics) > MAX_SHOWN:
        more = len(diagnostics) - MAX_SHOWN
        console.print(Text(f"{path}: … and {more:,} more diagnostic{'s' if more != 1 else ''} (the first "
                           f"{MAX_SHOWN} are shown; `--format json` lists them all)", style="bold"), soft_wrap=True)


def render(reports: list[FileReport], console: Console) -> None:
    """Print every report; colour only when the console is a terminal."""
    totals = {"holds": 0, "violated": 0, "unknown": 0, "error": 0}
    for rep in reports:
        print_diagnostics(list(rep.diagnostics), rep.text, rep.path, console)
        if rep.has_errors:
            errors = sum(d.is_error for d in rep.diagnostics)
            console.print(Text(f"{rep.path}: {errors} error{'s' if errors != 1 else ''}; no checks run",
                               style="bold red"), soft_wrap=True)
            continue
        console.print(Text(rep.path, style="bold"), soft_wrap=True)
        if not rep.results:
            console.print(Text("  (no checks requested)", style="dim"))
        width = max((len(_label(r)) for r in rep.results), default=0)
        for r in rep.results:
            totals[r.status] += 1
            line = Text("  ")
            line.append(f"{MARK[r.status]} {r.status:<8}", style=STYLE[r.status])
            line.append(f" {_label(r):<{width}}  ", style="bold")
            line.append(r.message)
            if r.method:
                line.append(f"  [{r.method}]", style="dim")
            console.print(line, soft_wrap=True)
    files = len(reports)
    bad = sum(r.has_errors for r in reports)
    parts = [f"{n} {s}" for s, n in totals.items() if n]
    summary = f"{files} file{'s' if files != 1 else ''}"
    if bad:
        summary += f" ({bad} with errors)"
    summary += ", " + (", ".join(parts) if parts else "no checks")
    console.print(Text(summary, style="bold"), soft_wrap=True)


def _label(r) -> str:
    return r.name + (f" {r.target}" if r.target else "")


__all__ = ["render", "diagnostic_lines", "escape"]
