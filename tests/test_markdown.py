"""`veche check --format markdown`: the report for a pull request — structure, escaping of
everything that comes from the input, and the collapsible counterexamples."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from dsl.diagnostics import Span
from helpers import ROOT
from verifier.cli import cli
from verifier.render import markdown
from verifier.results import CheckResult, FileReport

ALLOWED_TAGS = {"details", "/details", "summary", "/summary", "strong", "/strong"}


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def tags(text: str) -> set[str]:
    return {m.lower() for m in re.findall(r"<(/?[A-Za-z][A-Za-z0-9]*)", text)}


def cells(row: str) -> list[str]:
    """The cells of a GFM table row: split on `|` not escaped by a backslash."""
    assert row.startswith("|") and row.endswith("|"), row
    return re.split(r"(?<!\\)\|", row[1:-1])


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


# ------------------------------------------------------------------ structure
@pytest.fixture(scope="module")
def dual_power():
    r = invoke("check", "--format", "markdown", "examples/dual_power_1917.veche")
    assert r.exit_code == 1
    return r.stdout


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def dual_power_json():
    r = invoke("check", "--format", "json", "examples/dual_power_1917.veche")
    return r.stdout, json.loads(r.stdout)


def test_summary_table_and_details(dual_power, dual_power_json):
    _, doc = dual_power_json
    checks = doc["files"][0]["checks"]
    count = {s: sum(c["status"] == s for c in checks) for s in ("violated", "holds", "unknown", "error")}
    lines = dual_power.splitlines()
    assert lines[0] == "## veche check"
    parts = [f"**{n} {s}**" if s in ("violated", "error") else f"{n} {s}" for s, n in count.items() if n]
    assert lines[2] == f"1 file checked: {', '.join(parts)}. Exit status 1."
    assert "### examples/dual\\_power\\_1917.veche" in lines
    assert "*Dual power: the Provisional Government and the Petrograd Soviet, March 1917*" in lines

    rows = table_rows(dual_power)
    assert cells(rows[0]) == [" check ", " target ", " verdict ", " result ", " method ", " line "]
    assert rows[1] == "|---|---|---|---|---|---:|"
    body = rows[2:]
    assert len(body) == len(checks) and all(len(cells(r)) == 6 for r in body)
    deadlock = cells(body[0])
    assert [c.strip() for c in deadlock[:3]] == ["deadlock-free", "government\\_measure", "**violated**"]
    assert deadlock[3].strip().startswith("`government_measure` can stop at step `soviet`")
    assert deadlock[5].strip() == "136"
    verdicts = {"violated": "**violated**", "holds": "holds", "unknown": "*unknown*", "error": "**error**"}
    assert [cells(row)[2].strip() for row in body] == [verdicts[c["status"]] for c in checks]

    # One collapsible block per violation, with the narrative numbered step by step.
    assert dual_power.count("<details>") == dual_power.count("</details>") == count["violated"]
    assert "<summary><strong>violated</strong> deadlock-free government_measure (line 136)</summary>" in dual_power
    block = dual_power.split("<summary><strong>violated</strong> deadlock-free")[1].split("</details>")[0]
    assert "\n\nRun:\n\n1. The Government (Provisional Government) votes on `bill`" in block
    assert re.search(r"^2\. The Soviet \(Petrograd Soviet of Workers' and Soldiers' Deputies\) votes", block, re.M)
    assert "the procedure is stuck." in block
    assert "- Positions on `bill`:" in block
    assert tags(dual_power) <= ALLOWED_TAGS


def test_structural_witness_is_told_in_words(dual_power):
    block = dual_power.split("<summary><strong>violated</strong> coercion-accountable")[1].split("</details>")[0]
    assert "1. Garrison (directed by Soviet): answers to no body independent of Soviet" in block


def test_diagnostics_of_a_malformed_file():
    r = invoke("check", "--format", "markdown", "tests/malformed/several_errors.veche")
    assert r.exit_code == 2
    assert "**1 file with errors** in the input" in r.stdout
    assert "No checks were run: 5 errors in the input." in r.stdout
    items = [line for line in r.stdout.splitlines() if line.startswith("- ")]
    assert len(items) == 5
    assert items[1] == ("- tests/malformed/several\\_errors.veche:8:23: **error** `E201` (unknown-name): "
                        "unknown group `pesants`; help: did you mean `peasants`?")
    assert "|" not in r.stdout


# ------------------------------------------------------------------ escaping
HOSTILE = '''constitution "Pipes | and <script>alert(1)</script> & `ticks` [x](javascript:alert(1))"
population { workers 30_000; peasants 100_000 }
chamber Soviet "The *Soviet* | <b>bold</b> & `code | with pipe` </details>" {
  electorate workers, peasants; ballot secret
  seats by ratio { workers 1 per 1_000 voters, peasants 1 per 1_000 voters } }
chamber Duma "# Duma | <img src=x onerror=alert(1)>" { electorate workers; ballot open
  seats by ratio { workers 1 per 1_000 voters } }
procedure law "Law <i>" { start -> a; a: Soviet votes { yes -> b; no -> rejected }; b: Duma votes { yes -> enacted } }
power legislate by law
check deadlock-free law
check secret-ballot
'''


def test_titles_from_the_input_cannot_inject_html_or_break_the_page(tmp_path):
    path = tmp_path / "hostile.veche"
    path.write_text(HOSTILE, encoding="utf-8")
    r = invoke("check", "--format", "markdown", str(path))
    assert r.exit_code == 1, r.output
    out = r.stdout
    assert tags(out) <= ALLOWED_TAGS, tags(out) - ALLOWED_TAGS
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    # The constitution's title, as written but inert.
    assert ("*Pipes \\| and &lt;script&gt;alert(1)&lt;/script&gt; &amp; `ticks` "
            "\\[x\\](javascript:alert(1))*") in out
    # Body titles in the narrative: the `|` inside a backtick span is not left as code.
    assert ("The Soviet (The \\*Soviet\\* \\| &lt;b&gt;bold&lt;/b&gt; &amp; \\`code \\| with pipe\\` "
            "&lt;/details&gt;) votes") in out
    assert "The Duma (# Duma \\| &lt;img src=x onerror=alert(1)&gt;) votes" in out
    assert out.count("<details>") == out.count("</details>") == 2
    assert all(len(cells(row)) == 6 for row in table_rows(out))
    assert not any(line.startswith("#") and not line.startswith(("## ", "### ")) for line in out.splitlines())


def test_table_cells_escape_pipes_html_and_newlines():
    span = Span("a.veche", 3, 1, 3, 10)
    nasty = "a | b <script>x</script> & `c|d` *e* _f_ [g](h)\nsecond line"
    report = FileReport("we|ird <x>.veche", "", (), (
        CheckResult("secret-ballot", "T|<u>", "violated", nasty, "exhaustive", span, counterexample=None),
        CheckResult("terminates", None, "holds", "`fine` and `also_fine`", "bounded 3", span),
    ))
    out = markdown.render([report])
    rows = table_rows(out)
    assert len(rows) == 4 and all(len(cells(row)) == 6 for row in rows)
    first = cells(rows[2])
    assert first[1].strip() == "T\\|&lt;u&gt;"
    assert first[3].strip() == ("a \\| b &lt;script&gt;x&lt;/script&gt; &amp; \\`c\\|d\\` \\*e\\* \\_f\\_ "
                                "\\[g\\](h) second line")
    assert cells(rows[3])[3].strip() == "`fine` and `also_fine`"
    assert "### we\\|ird &lt;x&gt;.veche" in out
    assert tags(out) <= ALLOWED_TAGS


def test_witness_json_is_inert():
    span = Span("a.veche", 3, 1, 3, 10)
    cx = {"kind": "mystery", "note": "<script>alert(1)</script> & ```"}
    report = FileReport("a.veche", "", (), (CheckResult("separation", None, "violated", "m", "exhaustive", span,
                                                        counterexample=cx),))
    out = markdown.render([report])
    assert "<script" not in out
    assert '"note": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 ```"' in out
    assert tags(out) <= ALLOWED_TAGS


@pytest.mark.parametrize("text,expected", [
    ("# heading", "\\# heading"),
    ("- item", "\\- item"),
    ("12. item", "12\\. item"),
    ("> quote", "&gt; quote"),
    ("plain `name` text", "plain `name` text"),
    ("tab\tand\nnewline", "tab and newline"),
    ("bell\x07", "bell\\\\u0007"),
])
def test_block_escaping(text, expected):
    assert markdown.block(text) == expected


def test_cycle_markers_in_the_narrative_stay_outside_the_list():
    start = "— from here the run repeats forever (the cycle starts at step 1) —"
    back = "— and back to the start of the cycle: the procedure never ends. —"
    lines = ["message", "", "Run:", f"   {start}", "1. one", "2. two", f"   {back}"]
    out = markdown._narrative_markdown(lines)
    assert out == ["message", "", "Run:", "", f"*{start}*", "", "1. one", "2. two", "", f"*{back}*"]


def test_summary_mentions_the_baseline(tmp_path, dual_power_json):
    text, doc = dual_power_json
    violated = sum(c["status"] == "violated" for c in doc["files"][0]["checks"])
    base = tmp_path / "base.json"
    base.write_text(text, encoding="utf-8")
    r = invoke("check", "--format", "markdown", "--baseline", str(base), "examples/dual_power_1917.veche")
    assert r.exit_code in (0, 3)  # 3 if a check is unknown
    assert f"{violated} known findings suppressed by the baseline." in r.stdout
    assert "<details>" not in r.stdout and "**violated**" not in r.stdout


