"""The documentation against the code.

Every ```veche example in docs/*.md and docs/checks/*.md goes through the real front end; outputs
shown in the docs are re-run and compared; the catalogues (checks, diagnostic codes, keywords)
are complete.

Markers, on the line just before a fenced block (blank lines may come between):

    <!-- expect: E303 -->       (```veche) the example must produce this diagnostic code, and no
                                error of another code; an expected warning comes with no error
    <!-- fragment -->          (```veche) not a complete file: not checked (keep these few)
    <!-- file: NAME -->         (any block) written as NAME beside the examples of its page, for
                                `districts from "NAME"`
    <!-- output: check -->      (```text) the result lines of `veche check` on the page's last
                                ```veche example before it, exactly
    <!-- output: explain CHECK [TARGET] -->
                                (```text) the whole output of `veche explain EXAMPLE CHECK [TARGET]`
    <!-- output: json CHECK --> (```json) the `counterexample` of the first result of CHECK in
                                `veche check --format json`

Every other ```veche block must load with no diagnostic at all, not even a warning.  In the
reference pages (index, language, diagnostics, checks/; the tutorial has its own
docs/tutorial/check_outputs.py), every `$ veche ...` line of a ```console block is run from the
repository root and its output compared.

Set VECHE_UPDATE_DOCS=1 to write the current outputs into the pages (then read the diff).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import z3
from click.testing import CliRunner

import dsl
from dsl.diagnostics import CODES
from dsl.parser import keywords
from verifier.checks import REGISTRY, signatures
from verifier.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md")) + sorted((DOCS / "checks").glob("*.md"))
# The reference pages, whose shown outputs are re-run (the tutorial has docs/tutorial/check_outputs.py).
REFERENCE = [DOCS / "index.md", DOCS / "language.md", DOCS / "diagnostics.md"] \
    + sorted((DOCS / "checks").glob("*.md"))

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
MARKER = re.compile(r"<!--\s*(expect|fragment|file|output|keywords)\b:?\s*(.*?)\s*-->")
MARKS = ("✓", "✗", "?", "!")


def blocks(page: Path) -> list[tuple]:
    """(language, text, line, marker, marker argument) for every fenced block of a page."""
    text = page.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        before = text[:m.start()].rstrip().rsplit("\n", 1)[-1]
        marker = MARKER.fullmatch(before.strip())
        out.append((m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1,
                    marker.group(1) if marker else None, marker.group(2) if marker else None))
    return out


def where(page: Path, line: int) -> str:
    return f"{page.relative_to(ROOT)}:{line}"


def veche_examples():
    return [pytest.param(page, body, line, marker, arg, id=f"{page.relative_to(DOCS)}:{line}")
            for page in PAGES for lang, body, line, marker, arg in blocks(page) if lang == "veche"]


def write_example(page: Path, text: str, folder: Path) -> Path:
    """The example as a file, with the data files its page declares beside it."""
    for lang, body, line, marker, arg in blocks(page):
        if marker == "file":
            (folder / arg).write_text(body, encoding="utf-8")
    path = folder / "doc.veche"
    path.write_text(text, encoding="utf-8")
    return path


def show(diagnostics) -> str:
    return "\n".join(f"  {d.span.line if d.span else '?'}:{d.span.column if d.span else '?'} "
                     f"{d.severity}[{d.code}] {d.message}" for d in diagnostics)


# ---------------------------------------------------------------- examples
@pytest.mark.parametrize("page,text,line,marker,arg", veche_examples())
def test_veche_example(page, text, line, marker, arg, tmp_path):
    if marker == "fragment":
        pytest.skip("marked as a fragment")
    path = write_example(page, text, tmp_path)
    loaded = dsl.load_text(text, str(path), signatures())
    found = loaded.diagnostics
    here = where(page, line)
    if marker == "expect":
        assert arg in CODES, f"{here}: `<!-- expect: {arg} -->` names no diagnostic code"
        assert arg in {d.code for d in found}, f"{here}: expected {arg}, got:\n{show(found) or '  nothing'}"
        others = [d for d in found if d.is_error and d.code != arg]
        assert not others, f"{here}: expected only {arg}, also got:\n{show(others)}"
        if arg.startswith("W"):
            assert loaded.ok, f"{here}: a warning example must otherwise be valid"
    else:
        assert marker is None, f"{here}: marker `{marker}` does not apply to a ```veche block"
        assert not found, f"{here}: the example is not a clean veche file:\n{show(found)}"
        assert loaded.ok


def test_the_pages_have_examples():
    """Guard against the extraction silently finding nothing; fragments stay rare."""
    examples = veche_examples()
    assert len(examples) >= 60
    assert sum(p.values[3] == "fragment" for p in examples) <= 5, "make examples complete files"


# ---------------------------------------------------------------- outputs shown in the docs
def outputs():
    """(page, line, what, argument, shown text, the ```veche example it belongs to)."""
    out = []
    for page in REFERENCE:
        example = None
        for lang, body, line, marker, arg in blocks(page):
            if lang == "veche" and marker is None:
                example = body
            elif marker == "output":
                what, _, rest = arg.partition(" ")
                out.append(pytest.param(page, line, what, rest, body, example,
                                        id=f"{page.relative_to(DOCS)}:{line}"))
    return out


def veche(args: list[str]) -> str:
    """The output of `veche ARGS` (stdout and stderr) run from the repository root, as a fresh
    process prints it: in this process with a fresh Z3 context (fast), else in a subprocess."""
    if not hasattr(z3.z3, "_main_ctx"):
        done = subprocess.run([sys.executable, "-m", "verifier.cli", *args], cwd=ROOT, capture_output=True,
                              text=True, encoding="utf-8", timeout=120)
        return done.stdout + done.stderr
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def _refresh(page, line, shown: str, current: str) -> None:
    """With VECHE_UPDATE_DOCS=1, write the current output into the page in place of the shown one."""
    if os.environ.get("VECHE_UPDATE_DOCS") != "1" or shown.strip() == current.strip():
        return
    text = page.read_text(encoding="utf-8")
    offset = sum(len(x) + 1 for x in text.split("\n")[:line - 1])
    at = text.index(shown.rstrip("\n"), offset)
    page.write_text(text[:at] + current.rstrip("\n") + text[at + len(shown.rstrip("\n")):], encoding="utf-8")


@pytest.mark.parametrize("page,line,what,arg,shown,example", outputs())
def test_shown_output_is_current(page, line, what, arg, shown, example, tmp_path):
    here = where(page, line)
    assert example is not None, f"{here}: no ```veche example before this output"
    path = str(write_example(page, example, tmp_path))
    if what == "check":
        lines = [x.strip() for x in veche(["check", "--no-color", path]).splitlines() if x.strip().startswith(MARKS)]
        indent = shown[:len(shown) - len(shown.lstrip(" "))]
        _refresh(page, line, shown, "\n".join(indent + x for x in lines))
        assert [x.strip() for x in shown.strip().splitlines()] == lines, f"{here}: now\n" + "\n".join(lines)
    elif what == "explain":
        output = veche(["explain", path, *arg.split()])
        _refresh(page, line, shown, output)
        assert shown.rstrip("\n") == output.rstrip("\n"), f"{here}: now\n{output}"
    elif what == "json":
        output = veche(["check", "--format", "json", "--only", arg, path])
        found = [r["counterexample"] for r in json.loads(output)["files"][0]["checks"] if r["counterexample"]]
        assert found, f"{here}: `{arg}` gives no counterexample"
        if json.loads(shown) != found[0]:
            _refresh(page, line, shown, json.dumps(found[0], indent=2, ensure_ascii=False))
        assert json.loads(shown) == found[0], f"{here}: now\n{json.dumps(found[0], indent=2, ensure_ascii=False)}"
    else:
        pytest.fail(f"{here}: unknown output kind `{what}`")


def console_commands():
    out = []
    for page in REFERENCE:
        for lang, body, line, marker, arg in blocks(page):
            if lang != "console":
                continue
            command, shown = None, []
            for text in body.splitlines() + ["$ "]:
                if text.startswith("$ "):
                    if command:
                        out.append(pytest.param(page, line, command, "\n".join(shown),
                                                id=f"{page.relative_to(DOCS)}:{line}:{command}"))
                    command, shown = text[2:].strip(), []
                else:
                    shown.append(text)
    return out


@pytest.mark.parametrize("page,line,command,shown", console_commands())
def test_console_output_is_current(page, line, command, shown, monkeypatch):
    args = shlex.split(command)
    assert args[0] == "veche" and not set(args) & {"|", ">", "&&", ";"}, \
        f"{where(page, line)}: only plain `veche` commands can be shown in a ```console block"
    monkeypatch.chdir(ROOT)
    output = veche(args[1:] + (["--no-color"] if args[1] == "check" else []))
    assert shown.rstrip("\n") == output.rstrip("\n"), f"{where(page, line)}: now\n{output}"


# ---------------------------------------------------------------- catalogues
def test_every_check_has_its_page_with_the_right_status():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    language = (DOCS / "language.md").read_text(encoding="utf-8")
    for name, check in REGISTRY.items():
        page = DOCS / "checks" / f"{name}.md"
        assert page.exists(), f"check `{name}` has no page docs/checks/{name}.md"
        assert check.doc == f"{name}.md"
        text = page.read_text(encoding="utf-8")
        assert text.startswith(f"# {name}\n")
        status = "implemented" if check.run else "planned"
        assert f"**Status: {status}.**" in text, f"{page.name}: the status should be {status}"
        usage = [body for lang, body, line, marker, arg in blocks(page) if lang == "text"][0]
        assert usage.startswith(f"check {name}"), f"{page.name}: the first ```text block is the usage"
        for table, doc in (("index.md", index), ("language.md", language)):
            row = re.search(rf"^\| \[{name}\]\(checks/{name}\.md\) \|.*\| (\w+) \|$", doc, re.M)
            assert row and row.group(1) == status, f"{table}: the row of `{name}` is missing or not `{status}`"
    pages = {p.stem for p in (DOCS / "checks").glob("*.md")}
    assert pages == set(REGISTRY), f"pages without a check: {sorted(pages - set(REGISTRY))}"


def test_the_table_of_checks_in_the_language_reference_matches_the_signatures():
    language = (DOCS / "language.md").read_text(encoding="utf-8")
    for name, check in REGISTRY.items():
        sig = check.signature
        row = re.search(rf"^\| \[{name}\]\(checks/{name}\.md\) \| (.*?) \| (.*?) \| \w+ \|$", language, re.M)
        target, params = row.groups()
        assert (target == "—") == (sig.target is None), f"language.md §15, `{name}`: target `{target}`"
        if sig.target:
            assert target.startswith(sig.target), f"language.md §15, `{name}`: target `{target}`"
            assert ("required" in target) == sig.target_required, f"language.md §15, `{name}`: target `{target}`"
        assert (params == "—") == (not (sig.compare or sig.within or sig.except_groups or sig.per)), name
        assert ("required" in params) == sig.compare_required, f"language.md §15, `{name}`: `{params}`"
        for op in sig.compare:
            assert f"`{op}" in params, f"language.md §15, `{name}`: `{op}` missing from `{params}`"


def test_every_diagnostic_code_is_documented():
    text = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    for code, c in CODES.items():
        assert re.search(rf"^### {code} {c.name}$", text, re.M), f"diagnostics.md: no section `### {code} {c.name}`"
        assert f"| [{code}](#{code.lower()}-{c.name}) | {c.name} |" in text, f"diagnostics.md: no table row for {code}"
    documented = set(re.findall(r"^### ([EW]\d{3}) ", text, re.M))
    assert documented == set(CODES), f"documented but not in CODES: {sorted(documented - set(CODES))}"


def test_every_code_the_text_can_produce_has_an_example():
    shown = {arg for lang, body, line, marker, arg in blocks(DOCS / "diagnostics.md") if marker == "expect"}
    about_bytes = {"E001", "E003", "E004", "E005", "E006", "E007"}  # the file itself, not its text
    assert set(CODES) - about_bytes <= shown, f"no example for {sorted(set(CODES) - about_bytes - shown)}"


def test_the_list_of_keywords_is_the_grammar_s():
    text = (DOCS / "language.md").read_text(encoding="utf-8")
    listed = re.search(r"<!-- keywords[^>]*-->\n(.*?)\n\n", text, re.S).group(1)
    assert set(re.findall(r"`([a-z_]+)`", listed)) == set(keywords())


def test_the_json_keys_of_a_diagnostic_are_listed():
    from dsl.diagnostics import Diagnostic, Span
    from verifier.render.json_out import diagnostic

    text = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    sentence = re.search(r"each diagnostic is an object with the keys (.*?), in the", text, re.S).group(1)
    keys = diagnostic(Diagnostic("E201", "unknown group", Span("a.veche", 1, 1, 1, 2))).keys()
    assert re.findall(r"`(\w+)`", sentence) == list(keys)


def test_every_command_is_in_the_index():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"veche {name}" in index, f"index.md does not show `veche {name}`"


def test_a_missing_file_is_an_E001_diagnostic(tmp_path):
    missing = tmp_path / "nowhere.veche"
    result = CliRunner().invoke(cli, ["check", str(missing)])
    assert result.exit_code == 2
    assert f"{missing}:1:1: error[E001]" in result.output
