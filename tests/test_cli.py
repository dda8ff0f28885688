"""The command line end to end: click's runner for speed, a real subprocess for the entry point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from helpers import ROOT
from verifier.cli import cli

GOOD = """constitution "Test"
sources { census: "a census" }
population { workers 30_000 [census]; peasants 100_000 [census]; clergy 1_000 [census] }
chamber Soviet { electorate workers, peasants; ballot open
  seats by ratio { workers 1 per 1_000 voters, peasants 1 per 10_000 inhabitants } }
procedure law { start -> vote; vote: Soviet votes { yes -> enacted; no -> rejected } }
power legislate by law
check no-excluded-group
check representation-ratio <= 2
check secret-ballot
"""

FAIR = """constitution "Fair"
population { a 10_000; b 20_000 }
chamber C { electorate all; ballot secret; seats by ratio { a 1 per 1_000 inhabitants, b 1 per 1_000 inhabitants } }
procedure law { start -> v; v: C votes { yes -> enacted; no -> rejected } }
power legislate by law
check no-excluded-group
check representation-ratio <= 1.5
check secret-ballot
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "good.veche").write_text(GOOD)
    (tmp_path / "fair.veche").write_text(FAIR)
    (tmp_path / "bad.veche").write_text("population { workers 10 }\nchamber A { electorate peasnts; ballot open;"
                                        " seats 5 by party_list dhondt }\n")
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_violations_exit_1_with_one_line_per_check(files):
    r = invoke("check", str(files / "good.veche"))
    assert r.exit_code == 1, r.output
    lines = [l for l in r.output.splitlines() if l.startswith("  ")]
    assert len(lines) == 3
    assert "violated" in lines[0] and "clergy (1,000)" in lines[0]
    assert "violated" in lines[1] and "representation ratio 10" in lines[1]
    assert "violated" in lines[2] and "Soviet" in lines[2]
    assert "\x1b[" not in r.output  # no colour when not a terminal


def test_all_holding_exits_0(files):
    r = invoke("check", str(files / "fair.veche"))
    assert r.exit_code == 0, r.output
    assert r.output.count("✓ holds") == 3


def test_bad_input_exits_2_with_location_caret_and_hint(files):
    path = files / "bad.veche"
    r = invoke("check", str(path))
    assert r.exit_code == 2
    assert f"{path}:2:24: error[E201]: unknown group `peasnts`" in r.output
    assert "^^^^^^^" in r.output
    assert "help: did you mean `workers`?" in r.output or "help:" in r.output


def test_unknown_only_exits_2(files):
    r = invoke("check", "--only", "secret-balot", str(files / "good.veche"))
    assert r.exit_code == 2
    assert "did you mean `secret-ballot`" in r.output


def test_only_and_skip(files):
    r = invoke("check", "--only", "secret-ballot", str(files / "good.veche"))
    assert [l.split()[2] for l in r.output.splitlines() if l.startswith("  ")] == ["secret-ballot"]
    r = invoke("check", "--skip", "secret-ballot", "--skip", "no-excluded-group", str(files / "good.veche"))
    assert [l.split()[2] for l in r.output.splitlines() if l.startswith("  ")] == ["representation-ratio"]


def test_json_shape_and_determinism(files):
    r1 = invoke("check", "--format", "json", str(files))
    r2 = invoke("check", "--format", "json", str(files))
    assert r1.output == r2.output
    assert r1.exit_code == 2  # bad.veche is in the folder
    doc = json.loads(r1.output)
    paths = [f["path"] for f in doc["files"]]
    assert paths == sorted(paths) and len(paths) == 3
    bad = next(f for f in doc["files"] if f["path"].endswith("bad.veche"))
    assert bad["checks"] == [] and bad["diagnostics"][0]["code"] == "E201"
    assert {"line", "column", "code", "message"} <= set(bad["diagnostics"][0])
    good = next(f for f in doc["files"] if f["path"].endswith("good.veche"))
    for c in good["checks"]:
        assert {"name", "target", "status", "message", "method", "counterexample", "figures"} <= set(c)
        assert c["status"] in ("holds", "violated", "unknown", "error")
    ratio = next(c for c in good["checks"] if c["name"] == "representation-ratio")
    assert ratio["figures"]["ratio"] == "10"


def test_planned_checks_are_unknown_and_exit_3(tmp_path, monkeypatch):
    # Every check of the catalogue is implemented now; a registry entry without `run` stands for a
    # check a future catalogue adds before its implementation.
    from dataclasses import replace

    from verifier.checks import REGISTRY

    monkeypatch.setitem(REGISTRY, "no-dummy", replace(REGISTRY["no-dummy"], run=None))
    (tmp_path / "p.veche").write_text(FAIR + "check no-dummy\n")
    r = invoke("check", str(tmp_path / "p.veche"))
    assert r.exit_code == 3, r.output
    assert "unknown" in r.output and "not implemented" in r.output


def test_checks_lists_the_registry():
    r = invoke("checks")
    assert r.exit_code == 0
    for name in ("no-excluded-group", "representation-ratio", "secret-ballot", "deadlock-free", "terminates"):
        assert f"check {name}" in r.output


def test_missing_path_is_a_usage_error(tmp_path):
    r = invoke("check", str(tmp_path / "nope.veche"))
    assert r.exit_code == 2


def test_real_subprocess_entry_point(files):
    proc = subprocess.run([sys.executable, "-m", "verifier.cli", "check", "--format", "json",
                           str(files / "good.veche")], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["summary"]["violated"] == 3
    proc = subprocess.run([sys.executable, "-m", "verifier.cli", "--version"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and "veche" in proc.stdout


def test_explain_tells_the_counterexample_step_by_step():
    r = invoke("explain", str(ROOT / "examples" / "dual_power_1917.veche"), "deadlock-free")
    assert r.exit_code == 1, r.output
    lines = r.output.splitlines()
    assert lines[0] == "deadlock-free government_measure: violated [exhaustive]"
    assert "Scenario (replayed by the simulator):" in lines
    steps = [l for l in lines if l[:3] in ("1. ", "2. ")]
    assert steps[0].startswith("1. The Government") and " yes of " in steps[0]
    assert steps[1].startswith("2. The Soviet") and steps[1].endswith("the procedure is stuck.")


def test_explain_a_lasso_marks_the_cycle():
    r = invoke("explain", str(ROOT / "examples" / "ussr_1936.veche"), "terminates", "ordinary_law")
    assert r.exit_code == 1, r.output
    assert "— from here the run repeats forever" in r.output
    assert "dissolves Union and Nationalities; new elections are held." in r.output


def test_explain_unknown_check_or_target_is_a_usage_error():
    r = invoke("explain", str(ROOT / "examples" / "dual_power_1917.veche"), "deadlok-free")
    assert r.exit_code == 2 and "did you mean `deadlock-free`" in r.output
    r = invoke("explain", str(ROOT / "examples" / "dual_power_1917.veche"), "terminates", "nope")
    assert r.exit_code == 2 and "government_measure" in r.output


NAVETTE = ["constitution \"navette\"", "population { people 10_000_000 }",
           "parties " + ", ".join(f"P{i}" for i in range(20))]
NAVETTE += [f"chamber C{i} {{ electorate all; ballot secret; seats 100 by party_list dhondt; "
            f"quorum majority of members }}" for i in range(10)]
NAVETTE += [f"appointed E{i} {{ by C{i}; passes 2/3 of members }}" for i in range(10)]
NAVETTE += ["procedure p {", "  counter k", "  start -> s0"]
NAVETTE += [f"  s{i}: C{i} votes on m{i % 3} {{ yes -> e{i}; no when k >= 10 -> rejected; else -> s0 then k += 1 }}\n"
            f"  e{i}: E{i} votes on m{(i + 1) % 3} {{ yes -> {f's{i + 1}' if i < 9 else 'enacted'}; else -> s0 }}"
            for i in range(10)]
NAVETTE += ["}", "check terminates p"]


def test_timeout_gives_unknown_with_the_reason(tmp_path):
    path = tmp_path / "navette.veche"
    path.write_text("\n".join(NAVETTE) + "\n")
    r = invoke("check", "--timeout", "0.1", "--format", "json", str(path))
    assert r.exit_code == 3, r.output
    result = json.loads(r.output)["files"][0]["checks"][0]
    assert result["status"] == "unknown" and "time limit of 0.1 s" in result["message"]
    assert result["figures"]["reason"] == "timeout"


def test_a_files_results_do_not_depend_on_what_else_is_checked():
    """Counterexamples come from fixed-seed solvers in contexts of their own: a file checked alone and in a
    batch gives byte-identical results."""
    alone = json.loads(invoke("check", "--format", "json", str(ROOT / "examples" / "dual_power_1917.veche")).output)
    batch = json.loads(invoke("check", "--format", "json", str(ROOT / "examples")).output)
    same = next(f for f in batch["files"] if f["path"].endswith("dual_power_1917.veche"))
    assert json.dumps(alone["files"][0]["checks"]) == json.dumps(same["checks"])


def test_checks_without_a_solver_do_not_load_z3_or_the_report_machinery():
    """Start-up cost: `veche check` of a file whose checks need no solver, as text, imports
    neither Z3 nor the other renderers, nor the machinery of `--jobs`."""
    from verifier.checks import REGISTRY

    skip = [a for name, c in REGISTRY.items() if c.needs_solver for a in ("--skip", name)]
    code = ("import sys\nfrom verifier.cli import main\n"
            f"sys.argv = ['veche', 'check', 'examples/rsfsr_1918.veche', *{skip!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    print('exit', e.code)\n"
            "print('modules', *sorted(sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "✗ violated secret-ballot" in proc.stdout and "exit 1" in proc.stdout
    modules = set(proc.stdout.split("\nmodules ")[1].split())
    assert "verifier.render.text" in modules  # the probe sees what the command imported
    unwanted = {"z3", "verifier.encoding", "verifier.render.html", "verifier.render.graph", "verifier.render.sarif",
                "verifier.render.json_out", "verifier.render.markdown", "verifier.render.narrative",
                "concurrent.futures.process", "multiprocessing"}
    assert not unwanted & modules


def test_checks_have_a_time_limit_by_default_and_zero_lifts_it(monkeypatch):
    # A solver that never finishes must end as `unknown`, never as a hang: every command that runs
    # checks gives them 300 s unless told otherwise; `--timeout 0` means no limit.
    import verifier.runner as runner_module

    seen = []

    def fake_run_paths(paths, only, skip, ctx, jobs=1):
        seen.append(ctx.timeout)
        return []

    monkeypatch.setattr(runner_module, "run_paths", fake_run_paths)
    runner = CliRunner()
    for args, expected in ((["check", "x.veche"], 300.0), (["check", "--timeout", "0", "x.veche"], None),
                           (["check", "--timeout", "2.5", "x.veche"], 2.5)):
        runner.invoke(cli, args)
        assert seen.pop() == expected, args
    assert runner.invoke(cli, ["check", "--timeout", "-1", "x.veche"]).exit_code == 2
