"""`veche simulate` (one concrete scenario) and `veche compare` (two files side by side)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from helpers import EXAMPLES
from verifier.cli import cli

BICAMERAL = """constitution "bicameral"
population { people 1_000_000 }
parties A, B
chamber Commons { electorate all; ballot secret; seats 400 by party_list dhondt }
chamber Lords { electorate all; ballot secret; seats 100 by party_list dhondt }
procedure bill {
  counter rejections
  start -> commons
  commons: Commons votes { yes -> lords; no -> rejected }
  lords: Lords votes { yes -> enacted; no when rejections >= 2 -> enacted; no -> commons then rejections += 1 }
}
check terminates bill
"""

SCENARIO = """procedure = "bill"
[positions]
A = "yes"
B = "no"
[compositions.Commons]
A = 250
B = 150
[compositions.Lords]
A = 10
B = 90
"""


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_simulate_a_toml_scenario(tmp_path):
    (tmp_path / "b.veche").write_text(BICAMERAL)
    (tmp_path / "s.toml").write_text(SCENARIO)
    r = invoke("simulate", str(tmp_path / "b.veche"), "--scenario", str(tmp_path / "s.toml"))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "bill: 6 steps; the procedure ends: enacted"
    assert lines[1].startswith("1. The Commons votes on `bill`: A 250 yes, B 150 no; 250 yes of 400")
    assert lines[-1].endswith("The procedure ends: enacted. (rejections = 2)")
    r = invoke("simulate", str(tmp_path / "b.veche"), "--scenario", str(tmp_path / "s.toml"), "--format", "json")
    trace = json.loads(r.output)
    assert trace["end"] == "final" and trace["final"] == "enacted" and len(trace["states"]) == 6


def test_simulate_replays_a_saved_counterexample(tmp_path):
    out = invoke("check", "--format", "json", "--only", "terminates", str(EXAMPLES / "ussr_1936.veche")).output
    cx = json.loads(out)["files"][0]["checks"][0]["counterexample"]
    (tmp_path / "cx.json").write_text(json.dumps(cx))
    r = invoke("simulate", str(EXAMPLES / "ussr_1936.veche"), "--scenario", str(tmp_path / "cx.json"))
    assert r.exit_code == 0, r.output
    assert "the procedure runs forever" in r.output.splitlines()[0]


def test_simulate_reports_an_incomplete_scenario(tmp_path):
    (tmp_path / "b.veche").write_text(BICAMERAL)
    (tmp_path / "s.toml").write_text(SCENARIO.replace('B = "no"\n', ""))
    r = CliRunner().invoke(cli, ["simulate", str(tmp_path / "b.veche"), "--scenario", str(tmp_path / "s.toml")])
    assert r.exit_code == 2 and "no position of `B` on `bill`" in r.output
    (tmp_path / "bad.toml").write_text("positions = [")
    r = CliRunner().invoke(cli, ["simulate", str(tmp_path / "b.veche"), "--scenario", str(tmp_path / "bad.toml")])
    assert r.exit_code == 2 and "cannot read" in r.output
    r = CliRunner().invoke(cli, ["simulate", str(tmp_path / "b.veche"), "--scenario", str(tmp_path / "s.toml"),
                                 "--procedure", "bil"])
    assert r.exit_code == 2 and "did you mean `bill`" in r.output


def test_compare_marks_differences():
    r = invoke("compare", str(EXAMPLES / "chernov_1918.veche"), str(EXAMPLES / "ussr_1936.veche"))
    assert r.exit_code == 0, r.output
    rows = {line[2:].split("  ")[0].strip(): line for line in r.output.splitlines()[1:-1]}
    assert rows["secret-ballot"].startswith("≠") and "violated" in rows["secret-ballot"]
    assert "holds" in rows["secret-ballot"]
    assert rows["no-excluded-group"].startswith(" ")
    assert r.output.splitlines()[-1].endswith("checks differ")
