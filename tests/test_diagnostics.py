"""Golden tests of the diagnostics for bad input.

Every `tests/malformed/NAME.veche` is a small file with one kind of mistake (its
first line, a comment, says which); `NAME.out` is the exact text `veche check`
prints for it, without colour, when run from the repository root.  Exit status
must be 2 and no Python traceback may appear.

To regenerate the goldens after a deliberate change of wording:

    VECHE_UPDATE_GOLDENS=1 .venv/bin/pytest tests/test_diagnostics.py

then read every changed `.out` (git diff) before committing: the message, the
location, the caret and the hint must be right and helpful.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import cli

ROOT = Path(__file__).resolve().parent.parent
MALFORMED = ROOT / "tests" / "malformed"
CASES = sorted(p.stem for p in MALFORMED.glob("*.veche"))
UPDATE = os.environ.get("VECHE_UPDATE_GOLDENS") == "1"
# Colour must never depend on the environment the tests run in.
PLAIN_ENV = {"FORCE_COLOR": None, "CLICOLOR_FORCE": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None,
             "NO_COLOR": "1", "COLUMNS": "80"}
HEADER = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning)\[(?P<code>[EW]\d{3})\]: ")


def rel(name: str) -> str:
    return f"tests/malformed/{name}.veche"


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run_cli(*args: str):
    result = CliRunner(env=PLAIN_ENV).invoke(cli, list(args), catch_exceptions=False)
    return result


def test_enough_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_case_is_documented(name):
    first = (MALFORMED / f"{name}.veche").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith("# ") and len(first) > 10, f"{name}.veche must start with a comment saying what is wrong"


def test_no_orphan_goldens():
    outs = {p.stem for p in MALFORMED.glob("*.out")}
    assert outs == set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_golden(name, at_root):
    result = run_cli("check", "--no-color", rel(name))
    out = result.stdout
    golden = MALFORMED / f"{name}.out"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert result.exit_code == 2, out
    assert "Traceback" not in out and "Traceback" not in result.output
    assert "\x1b[" not in out, "colour codes in --no-color output"
    assert "internal error" not in out
    assert golden.exists(), f"no golden for {name}; run with VECHE_UPDATE_GOLDENS=1 and review it"
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_golden_shape(name):
    """Each diagnostic: a located header, the source line, a caret under it, then a hint."""
    lines = (MALFORMED / f"{name}.out").read_text(encoding="utf-8").splitlines()
    headers = [i for i, line in enumerate(lines) if HEADER.match(line)]
    assert headers, f"{name}.out has no `path:line:col: error[CODE]: message` line"
    assert any(HEADER.match(lines[i]).group("sev") == "error" for i in headers)
    for i in headers:
        m = HEADER.match(lines[i])
        assert m.group("path").startswith("tests/malformed/")
        gutter, caret, hint = lines[i + 1], lines[i + 2], lines[i + 3]
        assert re.match(r"^ *\d+ \| ", gutter) and int(gutter.split("|")[0]) == int(m.group("line"))
        assert re.match(r"^ +\| +\^+$", caret), caret
        # The caret starts under the reported column.
        assert caret.index("^") - caret.index("|") - 2 == int(m.group("col")) - 1
        assert hint.startswith("      help: ") and len(hint) > len("      help: ") + 5
        assert "see docs/language.md" not in hint, "a generic hint: write one for this mistake"
    assert lines[-1].startswith("1 file (1 with errors)")


@pytest.mark.parametrize("name", CASES)
def test_json_agrees_with_text(name, at_root):
    """The JSON report locates the same diagnostics as the text."""
    result = run_cli("check", "--format", "json", rel(name))
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    found = [(d["path"], d["line"], d["column"], d["code"]) for f in doc["files"] for d in f["diagnostics"]]
    text = (MALFORMED / f"{name}.out").read_text(encoding="utf-8")
    expected = [(m.group("path"), int(m.group("line")), int(m.group("col")), m.group("code"))
                for m in map(HEADER.match, text.splitlines()) if m]
    assert found == expected


def test_several_errors_at_once():
    text = (MALFORMED / "several_errors.out").read_text(encoding="utf-8")
    codes = re.findall(r"error\[(E\d+)\]", text)
    assert len(codes) >= 4 and len(set(codes)) >= 3
    assert "5 errors; no checks run" in text


def test_did_you_mean_hints():
    for name, suggestion in [("unknown_group", "peasants"), ("unknown_body_in_step", "Soviet"),
                             ("missing_step", "second"), ("check_unknown_name", "secret-ballot"),
                             ("check_unknown_procedure", "ordinary_law"), ("power_unknown_procedure", "ordinary_law"),
                             ("unknown_counter", "rejections"), ("unknown_source", "rsfsr1918"),
                             ("syntax_misspelled_keyword", "ballot")]:
        text = (MALFORMED / f"{name}.out").read_text(encoding="utf-8")
        assert f"help: did you mean `{suggestion}`?" in text, name


# A few cases also through a real process: the installed entry point, as a user runs it.
SUBPROCESS_CASES = ["syntax_missing_brace", "syntax_unclosed_string", "unknown_group", "csv_bad_number",
                    "several_errors"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_golden_subprocess(name):
    env = {k: v for k, v in os.environ.items() if k not in PLAIN_ENV}
    env["NO_COLOR"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run([sys.executable, "-m", "verifier.cli", "check", "--no-color", rel(name)],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stderr == ""
    assert proc.stdout == (MALFORMED / f"{name}.out").read_text(encoding="utf-8")


def test_folder_of_malformed_files(at_root):
    """Checking the whole folder reports every file and still exits 2."""
    result = run_cli("check", "--no-color", "tests/malformed")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{len(CASES)} files ({len(CASES)} with errors)" in result.stdout
