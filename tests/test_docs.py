"""The documentation against the code: every ```veche example in docs/*.md and docs/checks/*.md
goes through the real front end, and the catalogues (checks, diagnostic codes) are complete.

Markers, on the line just before a ```veche block (blank lines may come between):

    <!-- expect: E303 -->    the block must produce this diagnostic code (and no error of any
                             other code; an expected warning comes with no error at all)
    <!-- fragment -->        the block is not a complete file and is not checked (keep these few)
    <!-- file: NAME -->      before another block (e.g. ```csv): its text is written as NAME beside
                             the examples of the same page, for `districts from "NAME"`

Every other ```veche block must load with no diagnostic at all, not even a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import dsl
from dsl.diagnostics import CODES
from verifier.checks import REGISTRY, signatures
from verifier.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md")) + sorted((DOCS / "checks").glob("*.md"))

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
MARKER = re.compile(r"<!--\s*(expect|fragment|file)\s*:?\s*([^\s>]*)\s*-->")


def blocks(page: Path):
    """(language, text, line, marker, marker argument) for every fenced block of a page."""
    text = page.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        before = text[:m.start()].rstrip().rsplit("\n", 1)[-1]
        marker = MARKER.fullmatch(before.strip())
        yield (m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1,
               marker.group(1) if marker else None, marker.group(2) if marker else None)


def veche_examples():
    out = []
    for page in PAGES:
        for lang, body, line, marker, arg in blocks(page):
            if lang == "veche":
                out.append(pytest.param(page, body, line, marker, arg,
                                        id=f"{page.relative_to(DOCS)}:{line}"))
    return out


def page_files(page: Path) -> dict[str, str]:
    """The data files a page declares with `<!-- file: NAME -->`."""
    return {arg: body for lang, body, line, marker, arg in blocks(page) if marker == "file"}


def show(diagnostics) -> str:
    return "\n".join(f"  {d.span.line if d.span else '?'}:{d.span.column if d.span else '?'} "
                     f"{d.severity}[{d.code}] {d.message}" for d in diagnostics)


@pytest.mark.parametrize("page,text,line,marker,arg", veche_examples())
def test_veche_example(page, text, line, marker, arg, tmp_path):
    if marker == "fragment":
        pytest.skip("marked as a fragment")
    for name, body in page_files(page).items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    loaded = dsl.load_text(text, str(tmp_path / "doc.veche"), signatures())
    found = loaded.diagnostics
    where = f"{page.relative_to(ROOT)}:{line}"
    if marker == "expect":
        assert arg in CODES, f"{where}: `<!-- expect: {arg} -->` names no diagnostic code"
        codes = {d.code for d in found}
        assert arg in codes, f"{where}: expected {arg}, got:\n{show(found) or '  nothing'}"
        others = [d for d in found if d.is_error and d.code != arg]
        assert not others, f"{where}: expected only {arg}, also got:\n{show(others)}"
        if arg.startswith("W"):
            assert loaded.ok, f"{where}: a warning example must otherwise be valid"
    else:
        assert not found, f"{where}: the example is not a clean veche file:\n{show(found)}"
        assert loaded.ok


def test_the_pages_have_examples():
    """Guard against the extraction silently finding nothing."""
    assert len(veche_examples()) >= 60
    fragments = [p for p in veche_examples() if p.values[3] == "fragment"]
    assert len(fragments) <= 5, "keep fragments few: make examples complete files"



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
        assert f"**Status: {status}.**" in text, f"{page.name}: status should be {status}"
        assert f"check {name}" in text
        row = re.search(rf"^\| \[{name}\]\(checks/{name}\.md\) \|.*\| (\w+) \|$", index, re.M)
        assert row and row.group(1) == status, f"index.md: row of `{name}` missing or not `{status}`"
        row = re.search(rf"^\| \[{name}\]\(checks/{name}\.md\) \|.*\| (\w+) \|$", language, re.M)
        assert row and row.group(1) == status, f"language.md §15: row of `{name}` missing or not `{status}`"
    pages = {p.stem for p in (DOCS / "checks").glob("*.md")}
    assert pages == set(REGISTRY), f"pages without a check: {sorted(pages - set(REGISTRY))}"


def test_every_diagnostic_code_is_documented():
    text = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    for code, c in CODES.items():
        assert re.search(rf"^### {code} {c.name}$", text, re.M), f"diagnostics.md: no section `### {code} {c.name}`"
        assert f"| [{code}](#{code.lower()}-{c.name}) | {c.name} |" in text, f"diagnostics.md: no table row for {code}"
    documented = set(re.findall(r"^### ([EW]\d{3}) ", text, re.M))
    assert documented == set(CODES), f"documented but not in CODES: {sorted(documented - set(CODES))}"


def test_every_expected_code_is_demonstrated_where_text_can_show_it():
    """Each code the front end can produce from text has an example in diagnostics.md."""
    page = DOCS / "diagnostics.md"
    shown = {arg for lang, body, line, marker, arg in blocks(page) if marker == "expect"}
    file_level = {"E001", "E003", "E004", "E005", "E006", "E007"}  # about the bytes of a file
    assert set(CODES) - file_level <= shown, f"no example for {sorted(set(CODES) - file_level - shown)}"


# ---------------------------------------------------------------- the command line as documented
def test_missing_file_is_an_E001_diagnostic(tmp_path):
    missing = tmp_path / "nowhere.veche"
    result = CliRunner().invoke(cli, ["check", str(missing)])
    assert result.exit_code == 2
    assert f"{missing}:1:1: error[E001]" in result.output


def test_usage_lines_in_check_pages_match_the_signatures():
    for name, check in REGISTRY.items():
        text = (DOCS / "checks" / f"{name}.md").read_text(encoding="utf-8")
        usage = next((body for lang, body, line, marker, arg in blocks(DOCS / "checks" / f"{name}.md")
                      if lang == "text" and body.lstrip().startswith("check ")), None)
        assert usage is not None, f"{name}.md: no ```text usage block"
        assert text.count(f"check {name}") >= 1
