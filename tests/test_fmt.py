"""`veche fmt`: the canonical layout keeps every word, comment and citation, means the same, and is
a fixed point.

Golden cases: `tests/fmt/NAME.in.veche` formats to exactly `tests/fmt/NAME.out.veche`.  After a
deliberate change of the style, regenerate them with

    VECHE_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_fmt.py

and read every changed `.out.veche` (git diff) before committing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dsl
from dsl.diagnostics import DiagnosticError
from dsl.formatter import FormatterBug, format_text, without_spans
from helpers import EXAMPLES, ROOT, model_from
from procgen import constitutions
from verifier.checks import signatures
from verifier.cli import cli

GOLDEN = ROOT / "tests" / "fmt"
CASES = sorted(p.name[:-len(".in.veche")] for p in GOLDEN.glob("*.in.veche"))
UPDATE = os.environ.get("VECHE_UPDATE_GOLDENS") == "1"
CORPUS = sorted(EXAMPLES.glob("*.veche")) + sorted((ROOT / "docs" / "tutorial").glob("*.veche"))
PLAIN_ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "COLUMNS": "200"}

# A comment is a `#` outside a quoted text; quoted texts never span lines.
_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|(#[^\n]*)')
_CHECK_WITH_EXPECT = re.compile(r"^(check\b[^#]*?)\s*(# expect: \w+)\s*$", re.M)

MESSY = """constitution   "A soviet" ;
population{workers 30_000;peasants 100_000}
chamber Soviet{electorate workers,peasants;ballot secret
  seats by ratio{workers 1 per 1_000 voters,peasants 1 per 10_000 inhabitants}}
check secret-ballot   # expect: holds
"""


def comments(text: str) -> list[str]:
    return [m.group(1).rstrip() for m in _COMMENT.finditer(text) if m.group(1)]


def meaning(text: str, path: str = "test.veche"):
    """The model without source locations; for a text with errors, its diagnostics without locations."""
    loaded = dsl.load_text(text, path, signatures())
    if loaded.ok:
        return without_spans(loaded.model)
    return [(d.code, d.message) for d in loaded.diagnostics]


# ---------------------------------------------------------------- goldens

def test_enough_golden_cases():
    assert len(CASES) >= 6


@pytest.mark.parametrize("name", CASES)
def test_golden(name):
    source = (GOLDEN / f"{name}.in.veche").read_text(encoding="utf-8")
    golden = GOLDEN / f"{name}.out.veche"
    out = format_text(source, f"{name}.in.veche")
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert golden.exists(), f"no golden for {name}; run with VECHE_UPDATE_GOLDENS=1 and review it"
    assert out == golden.read_text(encoding="utf-8")
    assert out != source, "a golden case the formatter leaves alone tests nothing"
    assert format_text(out) == out
    assert comments(out) == comments(source)
    assert meaning(out) == meaning(source) == without_spans(model_from(source))


# ---------------------------------------------------------------- the corpus

@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_is_a_fixed_point_that_keeps_comments_and_meaning(path):
    source = path.read_text(encoding="utf-8")
    out = format_text(source, str(path))
    assert format_text(out, str(path)) == out
    assert comments(out) == comments(source)
    assert meaning(out, str(path)) == meaning(source, str(path))
    # Every `# expect:` annotation stays on the line of the check it annotates.
    expected = [(" ".join(check.split()), note) for check, note in _CHECK_WITH_EXPECT.findall(source)]
    assert [(" ".join(check.split()), note) for check, note in _CHECK_WITH_EXPECT.findall(out)] == expected


# ---------------------------------------------------------------- generated constitutions

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|\s+|->|\+=|:=|<=|>=|==|[A-Za-z0-9_%./]+(?:-[a-z]+)*|.')
_SPACE = [" ", "  ", "\t", "\n", "\n\n", "\n\n\n", " \n    ", "   "]


def shuffled(draw, text: str) -> str:
    """`text` with its whitespace shuffled, and comments put between any two words."""
    tokens = _TOKEN.findall(text)
    out = []
    for i, token in enumerate(tokens):
        if token.isspace():
            token = draw(st.sampled_from(_SPACE))
            if i and tokens[i - 1].startswith("#") and "\n" not in token:
                token += "\n"  # a comment runs to the end of its line
        elif i and not tokens[i - 1].isspace() and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(_SPACE)))
        if (token.isspace() or i == 0) and draw(st.integers(0, 6)) == 0:
            token += f"# note {len(out)}\n" + draw(st.sampled_from(_SPACE))
        out.append(token)
    return "".join(out)


@st.composite
def laid_out_badly(draw):
    """A generated constitution, and the same laid out badly."""
    text = draw(constitutions())
    return text, shuffled(draw, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(laid_out_badly())
def test_generated_constitutions_laid_out_badly(pair):
    original, messy = pair
    want = without_spans(model_from(original))
    assert without_spans(model_from(messy)) == want  # the shuffling itself changes nothing
    out = format_text(messy)
    assert without_spans(model_from(out)) == want
    assert format_text(out) == out
    assert comments(out) == comments(messy)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CORPUS), st.data())
def test_the_corpus_laid_out_badly(path, data):
    source = path.read_text(encoding="utf-8")
    messy = shuffled(data.draw, source)
    out = format_text(messy)
    assert format_text(out) == out
    assert comments(out) == comments(messy)
    assert meaning(out, str(path)) == meaning(messy, str(path)) == meaning(source, str(path))


# ---------------------------------------------------------------- details of the style

def test_one_line_blocks_stay_when_short_and_split_when_long():
    short = "procedure p { start -> v; v: C votes { yes -> enacted; no -> rejected } }\n"
    assert "  v: C votes { yes -> enacted; no -> rejected }\n" in format_text(short)
    names = ", ".join(f"group_number_{i} {i + 1}" for i in range(8))
    long = f"chamber C {{ seats by fixed {{ {names} }} }}\n"
    out = format_text(long)
    assert "  seats by fixed {\n    group_number_0 1\n" in out and out.endswith("  }\n}\n")


def test_a_comment_inside_an_entry_breaks_it_onto_a_continuation_line():
    out = format_text('population {\n  workers # the urban ones\n  30_000 [census]\n}\n')
    assert out == 'population {\n  workers  # the urban ones\n      30_000 [census]\n}\n'


def test_windows_line_endings_tabs_and_trailing_spaces_become_plain():
    out = format_text('population {\r\n\tworkers 30_000   # note \t\r\n}\r\n')
    assert out == "population {\n  workers 30_000  # note\n}\n"


def test_comments_only_and_empty_text():
    assert format_text("") == ""
    assert format_text("\n\n  # only a note  \n\n") == "# only a note\n"


def test_a_syntax_error_is_a_diagnostic():
    with pytest.raises(DiagnosticError) as exc:
        format_text("chamber {\n", "bad.veche")
    assert exc.value.diagnostics[0].code == "E101"


def test_a_formatter_that_loses_a_comment_is_caught(monkeypatch):
    from dsl import formatter

    real = formatter._render
    monkeypatch.setattr(formatter, "_render", lambda lines: real(lines).replace("# note", "#"))
    with pytest.raises(FormatterBug):
        format_text("check secret-ballot  # note\n")


def test_without_spans_tells_layout_from_meaning():
    assert meaning(MESSY) == meaning(format_text(MESSY))
    assert meaning(MESSY) != meaning(MESSY.replace("ballot secret", "ballot open"))


def test_the_example_of_the_docs_is_current():
    before, after = re.findall(r"```veche\n(.*?)```", (ROOT / "docs" / "fmt.md").read_text(encoding="utf-8"), re.S)
    assert format_text(before) == after


# ---------------------------------------------------------------- the command

def invoke(*args, input=None):
    return CliRunner(env=PLAIN_ENV).invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def messy(tmp_path):
    path = tmp_path / "soviet.veche"
    path.write_text(MESSY, encoding="utf-8")
    return path


def test_check_lists_what_would_change_and_changes_nothing(messy, tmp_path):
    result = invoke("fmt", "--check", str(messy))
    assert result.exit_code == 1
    assert f"would reformat {messy}" in result.stderr
    assert messy.read_text(encoding="utf-8") == MESSY
    (tmp_path / "tidy.veche").write_text(format_text(MESSY), encoding="utf-8")
    assert invoke("fmt", "--check", str(tmp_path / "tidy.veche")).exit_code == 0


def test_rewrites_in_place_only_what_changes(messy, tmp_path):
    messy.chmod(0o640)
    result = invoke("fmt", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"reformatted {messy}" in result.stderr and "1 file reformatted, 0 already formatted" in result.stderr
    assert messy.read_text(encoding="utf-8") == format_text(MESSY)
    assert messy.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["soviet.veche"]  # no temporary file left
    before = messy.stat().st_mtime_ns
    again = invoke("fmt", str(messy))
    assert again.exit_code == 0 and "0 files reformatted, 1 already formatted" in again.stderr
    assert messy.stat().st_mtime_ns == before


def test_folders_are_searched_for_veche_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.veche").write_text(MESSY, encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text(MESSY, encoding="utf-8")
    result = invoke("fmt", "--check", str(tmp_path))
    assert result.exit_code == 1 and "deep.veche" in result.stderr and "notes.txt" not in result.stderr
    (tmp_path / "a" / "b" / "deep.veche").unlink()
    empty = invoke("fmt", str(tmp_path))
    assert empty.exit_code == 2 and "no .veche files" in empty.output


def test_diff_prints_a_unified_diff_and_changes_nothing(messy):
    result = invoke("fmt", "--diff", str(messy))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {messy}\n+++ {messy}\n@@ ")
    lines = result.stdout.splitlines()
    assert '-constitution   "A soviet" ;' in lines and '+constitution "A soviet"' in lines
    assert messy.read_text(encoding="utf-8") == MESSY


def test_standard_input_to_standard_output():
    result = invoke("fmt", "-", input=MESSY)
    assert result.exit_code == 0
    assert result.stdout == format_text(MESSY)
    assert invoke("fmt", "--check", "-", input=MESSY).exit_code == 1
    assert invoke("fmt", "--check", "-", input=format_text(MESSY)).exit_code == 0


@pytest.mark.parametrize("text", ["chamber Soviet {\n  ballot open\n", "population { workers 30_000 }\n"
                                  "chamber Soviet { electorate peasants; ballot open; seats by fixed { workers 1 } }\n",
                                  "check secret-ballot\u202e\n"])
def test_bad_input_gives_the_diagnostics_of_check_and_is_left_alone(tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    Path("bad.veche").write_text(text, encoding="utf-8")
    result = invoke("fmt", "bad.veche")
    assert result.exit_code == 2
    assert Path("bad.veche").read_text(encoding="utf-8") == text
    checked = invoke("check", "--no-color", "bad.veche").stdout.splitlines()
    shown = result.stderr.splitlines()
    assert shown[0].startswith("bad.veche:") and "error[E" in shown[0] and "Traceback" not in result.output
    assert shown[:-2] == checked[:-2]  # all but the summaries
    assert shown[-2] == "bad.veche: " + checked[-2].split(": ", 1)[1].replace("no checks run", "not formatted")


def test_a_missing_file_is_an_E001_diagnostic(tmp_path):
    result = invoke("fmt", str(tmp_path / "none.veche"))
    assert result.exit_code == 2 and "error[E001]" in result.stderr


def test_a_change_of_meaning_is_refused_as_a_bug(messy, monkeypatch):
    from dsl import formatter

    real = formatter.format_text
    monkeypatch.setattr(formatter, "format_text", lambda text, path: real(text, path).replace("secret", "open"))
    result = invoke("fmt", str(messy))
    assert result.exit_code == 4 and "internal error" in result.stderr
    assert messy.read_text(encoding="utf-8") == MESSY


def test_real_subprocess_without_z3(messy):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "verifier.cli", "fmt", *args, str(messy)], capture_output=True,
                              text=True, cwd=ROOT, timeout=60)

    assert run("--check").returncode == 1
    assert run().returncode == 0 and messy.read_text(encoding="utf-8") == format_text(MESSY)
    assert run("--check").returncode == 0
    code = ("import sys; from verifier.cli import cli\n"
            "try: cli.main(['fmt', '--check', 'examples/'], standalone_mode=False)\n"
            "except SystemExit: pass\n"
            "print('z3' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_the_shipped_files_are_in_canonical_form():
    # `veche fmt --check examples/` is what a contributor's pre-commit hook runs: the examples and
    # the tutorial's files (but the one with deliberate errors) must already be formatted.
    runner = CliRunner()
    assert runner.invoke(cli, ["fmt", "--check", str(EXAMPLES)]).exit_code == 0
    tutorial = sorted(p for p in (ROOT / "docs" / "tutorial").glob("*.veche") if p.name != "soviets_mistake.veche")
    result = runner.invoke(cli, ["fmt", "--check", *map(str, tutorial)])
    assert result.exit_code == 0, result.output
