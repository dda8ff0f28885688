"""`veche check --format sarif` and `--baseline`: schema-valid SARIF 2.1.0, located results,
fingerprints that survive edits, code flows for procedural counterexamples, determinism."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from dsl.diagnostics import Span
from helpers import EXAMPLES, ROOT
from verifier.checks import REGISTRY
from verifier.cli import VERSION, cli
from verifier.render import sarif
from verifier.results import CheckResult, FileReport
from verifier.runner import run_paths

SCHEMA_PATH = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
if not SCHEMA_PATH.exists():  # a checkout without the shared folder beside it
    SCHEMA_PATH = Path("/work/shared/schemas/sarif-schema-2.1.0.json")
MALFORMED = ROOT / "tests" / "malformed"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # The validator the schema declares (draft-04); every $ref is local (#/definitions/...),
    # so nothing is fetched.
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def results_of(log: dict) -> list[dict]:
    return log["runs"][0]["results"]


@pytest.fixture(scope="module")
def example_log():
    """The SARIF of every example, checked once (the slowest part of this module)."""
    reports = run_paths([str(p.relative_to(ROOT)) for p in sorted(EXAMPLES.glob("*.veche"))])
    return reports, json.loads(sarif.render(reports))


# ------------------------------------------------------------------ validity
def test_every_example_is_valid_sarif(validator, example_log):
    reports, log = example_log
    assert_valid(validator, log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == json.loads(SCHEMA_PATH.read_text())["id"]
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "veche" and driver["version"] == VERSION
    assert driver["informationUri"].startswith("https://")
    # One result per finding that is not `holds`.
    wanted = sum(r.status != "holds" for rep in reports for r in rep.results)
    assert len(results_of(log)) == wanted


@pytest.mark.parametrize("name", ["several_errors", "syntax_missing_brace", "csv_bad_number", "syntax_unclosed_string"])
def test_malformed_files_are_valid_sarif(validator, name):
    r = invoke("check", "--format", "sarif", str(MALFORMED / f"{name}.veche"))
    assert r.exit_code == 2, r.output
    log = json.loads(r.stdout)
    assert_valid(validator, log)
    results = results_of(log)
    assert results and all(res["level"] == "error" and res["kind"] == "fail" for res in results)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for res in results:
        rule = rules[res["ruleIndex"]]
        assert rule["id"] == res["ruleId"] and res["ruleId"][0] in "EW"
        assert rule["name"]  # the CODES name, e.g. unknown-name
        assert res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert len(res["partialFingerprints"]["veche/v1"]) == 16


def test_rules_cover_every_check(example_log):
    _, log = example_log
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert set(REGISTRY) <= set(by_id)
    for name, check in REGISTRY.items():
        rule = by_id[name]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["helpUri"].endswith(f"/docs/checks/{check.doc}")
        assert rule["defaultConfiguration"]["level"] == "error"
    deadlock = by_id["deadlock-free"]
    assert deadlock["fullDescription"]["text"] == "No run can reach a step with an outcome that has no next step."
    assert "**How to fix**" in deadlock["help"]["markdown"]
    for i, res in enumerate(results_of(log)):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"], i


# ------------------------------------------------------------------ one violated procedural check
def test_deadlock_in_dual_power_has_location_fingerprint_and_code_flow(example_log):
    reports, log = example_log
    [rep] = [r for r in reports if r.path.endswith("dual_power_1917.veche")]
    [checked] = [r for r in rep.results if r.name == "deadlock-free"]
    [res] = [x for x in results_of(log) if x["ruleId"] == "deadlock-free"
             and "dual_power" in x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    assert res["level"] == "error" and res["kind"] == "fail"
    assert res["message"]["text"] == checked.message
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "examples/dual_power_1917.veche", "uriBaseId": "%SRCROOT%"}
    text = (EXAMPLES / "dual_power_1917.veche").read_text(encoding="utf-8").splitlines()
    assert text[loc["region"]["startLine"] - 1].startswith("check deadlock-free government_measure")
    assert loc["region"]["startColumn"] == 1
    assert res["partialFingerprints"] == {"veche/v1": checked.fingerprint}
    assert res["properties"]["counterexample"] == checked.counterexample

    [flow] = res["codeFlows"]
    [thread] = flow["threadFlows"]
    steps = checked.counterexample["states"]
    assert len(thread["locations"]) == len(steps) == 2
    for i, (tfl, state) in enumerate(zip(thread["locations"], steps), start=1):
        message = tfl["location"]["message"]["text"]
        assert message.startswith(f"{i}. The ")
        region = tfl["location"]["physicalLocation"]["region"]
        # Each step is located at its declaration in the procedure.
        assert text[region["startLine"] - 1].strip().startswith(f"{state['step']}:")
    assert "Soviet" in thread["locations"][-1]["location"]["message"]["text"]
    assert "stuck" in thread["locations"][-1]["location"]["message"]["text"]


def test_holds_are_left_out_and_counted(example_log):
    reports, log = example_log
    summary = log["runs"][0]["properties"]["summary"]
    assert summary["holds"] == sum(r.status == "holds" for rep in reports for r in rep.results) > 0
    assert not any(x["kind"] == "pass" for x in results_of(log))
    assert all(x["kind"] in ("fail", "open", "review") for x in results_of(log))


def test_unknown_and_error_checks(validator):
    span = Span("charter.veche", 4, 1, 4, 20)
    report = FileReport("charter.veche", "", (), (
        CheckResult("terminates", "law", "unknown", "the time limit of 1 s was reached", None, span),
        CheckResult("separation", None, "error", "internal error in `separation`: boom", None, span),
        CheckResult("secret-ballot", None, "holds", "all 1 popular elections use a secret ballot", "exhaustive", span),
    ))
    log = sarif.document([report])
    assert_valid(validator, log)
    unknown, error = results_of(log)
    assert (unknown["kind"], unknown["level"], unknown["ruleId"]) == ("open", "none", "terminates")
    assert (error["kind"], error["level"], error["ruleId"]) == ("review", "none", "separation")
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 3
    [note] = invocation["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "separation" and "boom" in note["message"]["text"]


def test_cycle_marks_the_loop_in_the_code_flow(example_log):
    _, log = example_log
    [res] = [x for x in results_of(log) if x["ruleId"] == "terminates" and x["kind"] == "fail"
             and "ussr_1936" in x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    thread = res["codeFlows"][0]["threadFlows"][0]
    assert "repeats forever" in thread["message"]["text"]
    starts = [loc for loc in thread["locations"] if loc.get("properties") == {"cycle": True}]
    assert starts and starts[0]["location"]["message"]["text"].startswith("(the cycle starts here) ")


def test_structural_witness_is_a_property_with_related_locations(example_log):
    _, log = example_log
    [res] = [x for x in results_of(log) if x["ruleId"] == "secret-ballot" and x["kind"] == "fail"
             and "dual_power" in x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    assert "codeFlows" not in res
    assert res["properties"]["counterexample"]["kind"] == "open-ballot"
    [related] = res["relatedLocations"]
    assert related["message"]["text"] == "Soviet"
    line = res["properties"]["counterexample"]["bodies"][0]["line"]
    assert related["physicalLocation"]["region"]["startLine"] == line


# ------------------------------------------------------------------ determinism
def test_two_runs_are_byte_identical():
    """Two processes give the same bytes.  (Within one process Z3's shared context makes a
    second solve of the same file give another model, so this runs the CLI as a process.)"""
    command = [sys.executable, "-m", "verifier.cli", "check", "--format", "sarif", "examples/dual_power_1917.veche"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert first.returncode == second.returncode == 1, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout.endswith("}\n")


def test_rendering_is_a_function_of_the_reports(example_log):
    reports, log = example_log
    assert sarif.render(reports) == sarif.render(reports) == json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ --baseline
GOOD = """constitution "Test"
population { workers 30_000; peasants 100_000; clergy 1_000 }
chamber Soviet { electorate workers, peasants; ballot open
  seats by ratio { workers 1 per 1_000 voters, peasants 1 per 10_000 inhabitants } }
procedure law { start -> vote; vote: Soviet votes { yes -> enacted; no -> rejected } }
power legislate by law
check no-excluded-group
check secret-ballot
check deadlock-free law
"""


def findings(out: str, fmt: str) -> list[str]:
    """The ruleIds (SARIF) or check names and codes (JSON) of the findings in an output."""
    log = json.loads(out)
    if fmt == "sarif":
        return sorted(r["ruleId"] for r in results_of(log) if r["kind"] == "fail")
    return sorted([c["name"] for f in log["files"] for c in f["checks"] if c["status"] == "violated"]
                  + [d["code"] for f in log["files"] for d in f["diagnostics"]])


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_baseline_suppresses_known_findings_and_reports_new_ones(tmp_path, fmt):
    path = tmp_path / "charter.veche"
    path.write_text(GOOD, encoding="utf-8")
    first = invoke("check", "--format", fmt, str(path))
    assert first.exit_code == 1
    assert findings(first.stdout, fmt) == ["no-excluded-group", "secret-ballot"]
    baseline = tmp_path / f"baseline.{fmt}"
    baseline.write_text(first.stdout, encoding="utf-8")

    again = invoke("check", "--format", fmt, "--baseline", str(baseline), str(path))
    assert again.exit_code == 0, again.output
    assert findings(again.stdout, fmt) == []
    assert "2 known findings suppressed" in again.stderr

    # Move everything down two lines (the fingerprints ignore lines) and add a violation:
    # a procedure that can get stuck.
    changed = GOOD.replace('constitution "Test"\n', 'constitution "Test"\n# a comment\n\n').replace(
        "no -> rejected } }", "no -> second }\n  second: Soviet votes { yes -> enacted } }")
    path.write_text(changed, encoding="utf-8")
    third = invoke("check", "--format", fmt, "--baseline", str(baseline), str(path))
    assert third.exit_code == 1, third.output
    assert findings(third.stdout, fmt) == ["deadlock-free"]
    if fmt == "sarif":
        [res] = [r for r in results_of(json.loads(third.stdout)) if r["kind"] == "fail"]
        assert res["baselineState"] == "new"


def test_baseline_suppresses_diagnostics_but_not_new_ones(tmp_path):
    path = tmp_path / "bad.veche"
    path.write_text("population { workers 10 }\nchamber A { electorate peasnts; ballot open;"
                    " seats 5 by party_list dhondt }\n", encoding="utf-8")
    first = invoke("check", "--format", "json", str(path))
    assert first.exit_code == 2
    doc = json.loads(first.stdout)
    [diag] = doc["files"][0]["diagnostics"]
    assert len(diag["fingerprint"]) == 16
    baseline = tmp_path / "baseline.json"
    baseline.write_text(first.stdout, encoding="utf-8")
    # The same mistake two lines further down is still known; a new one is reported.
    path.write_text("\n\npopulation { workers 10 }\nchamber A { electorate peasnts; ballot open;"
                    " seats 5 by party_list dhondt }\nchamber B { electorate workrs; ballot open;"
                    " seats 5 by party_list dhondt }\n", encoding="utf-8")
    r = invoke("check", "--format", "sarif", "--baseline", str(baseline), str(path))
    assert r.exit_code == 2
    [res] = [x for x in results_of(json.loads(r.stdout))]
    assert "workrs" in res["message"]["text"]


def test_baseline_matches_paths_however_spelled(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "charter.veche"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = invoke("check", "--format", "sarif", "sub/charter.veche")
    (tmp_path / "base.sarif").write_text(first.stdout, encoding="utf-8")
    again = invoke("check", "--format", "sarif", "--baseline", "base.sarif", str(path))  # absolute
    assert again.exit_code == 0, again.output
    again = invoke("check", "--format", "sarif", "--baseline", "base.sarif", "./sub/../sub/charter.veche")
    assert again.exit_code == 0, again.output


def test_a_bad_baseline_is_a_usage_error(tmp_path):
    path = tmp_path / "charter.veche"
    path.write_text(GOOD, encoding="utf-8")
    for name, content in [("missing.json", None), ("junk.json", "not json"), ("other.json", '{"a": 1}')]:
        if content is not None:
            (tmp_path / name).write_text(content, encoding="utf-8")
        r = invoke("check", "--baseline", str(tmp_path / name), str(path))
        assert r.exit_code == 2, (name, r.output)
        assert "baseline" in r.output and "Traceback" not in r.output
