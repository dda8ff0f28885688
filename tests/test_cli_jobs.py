"""`veche check --jobs N`: files checked in worker processes give the output of one process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from helpers import ROOT
from test_cli import NAVETTE
from verifier import runner
from verifier.cli import cli, main

EXAMPLES = ["chernov_1918", "dual_power_1917", "petrograd_soviet_1917"]


def veche(*args: str) -> subprocess.CompletedProcess:
    """The command line as a process of its own, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "verifier.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def assert_same_output(args: list[str]) -> str:
    """`veche check ARGS` with one process and with two workers: the same status, the same bytes."""
    one = veche("check", *args, "--jobs", "1")
    two = veche("check", *args, "--jobs", "2")
    assert one.returncode == two.returncode == 1, one.stderr + two.stderr
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr == ""
    return two.stdout


# The slowest checks (the support optimisations and veto players, a few seconds over the folder)
# are compared only by the slow variant below; the procedural checks, with their counterexamples
# from Z3, are compared in JSON, the rest in SARIF too.
QUICKER = {"json": ["--skip", "min-winning-support", "--skip", "entrenched", "--skip", "veto-players"],
           "sarif": [a for name in ("separation", "no-unilateral-dissolution", "secret-ballot", "representation-ratio",
                                    "no-excluded-group", "coercion-accountable", "banzhaf") for a in ("--only", name)]}


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_two_workers_give_the_bytes_of_one_process(fmt):
    """The examples folder in two workers: the same reports, in the order of one process."""
    out = assert_same_output(["--format", fmt, "examples", *QUICKER[fmt]])
    if fmt == "json":
        assert [f["path"] for f in json.loads(out)["files"]] == runner.expand(["examples"])
        assert any(c["counterexample"] for f in json.loads(out)["files"] for c in f["checks"]
                   if c["name"] in ("deadlock-free", "terminates", "conflicts-resolved"))
    else:
        assert len(json.loads(out)["runs"][0]["results"]) > 20


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_two_workers_give_the_bytes_of_one_process_with_every_check(fmt):
    assert_same_output(["--format", fmt, "examples"])


def test_files_named_one_by_one_keep_their_order():
    """Reports follow the order of the arguments, not the order in which workers finish (the
    runner starts larger files first)."""
    paths = [f"examples/{name}.veche" for name in reversed(EXAMPLES)]
    r = CliRunner().invoke(cli, ["check", "--format", "json", "--jobs", "2", *paths], catch_exceptions=False)
    assert r.exit_code == 1, r.output
    assert [f["path"] for f in json.loads(r.output)["files"]] == paths


def test_the_time_limit_applies_in_the_workers(tmp_path):
    """`--timeout` reaches the workers: the navette (about a second of search alone) stops at 0.1 s as `unknown`."""
    navette = tmp_path / "navette.veche"
    navette.write_text("\n".join(NAVETTE) + "\n")
    r = CliRunner().invoke(cli, ["check", "--timeout", "0.1", "--format", "json", "--jobs", "2", str(navette),
                                 "examples/petrograd_soviet_1917.veche"], catch_exceptions=False)
    assert r.exit_code == 1, r.output  # the violations of petrograd_soviet_1917
    first = json.loads(r.output)["files"][0]
    [result] = first["checks"]
    assert result["status"] == "unknown" and result["figures"]["reason"] == "timeout"


@pytest.mark.parametrize("value,expected", [("1", 1), ("3", 3), ("0", runner.cpu_count()),
                                            ("auto", runner.cpu_count()), ("AUTO", runner.cpu_count())])
def test_jobs_values(monkeypatch, value, expected):
    seen, run_paths = {}, runner.run_paths

    def fake_run_paths(paths, only, skip, ctx, jobs):
        seen["jobs"] = jobs
        return run_paths(paths, only, skip, ctx)

    monkeypatch.setattr(runner, "run_paths", fake_run_paths)
    r = CliRunner().invoke(cli, ["check", "--only", "secret-ballot", "--jobs", value,
                                 "examples/petrograd_soviet_1917.veche"], catch_exceptions=False)
    assert r.exit_code == 1, r.output
    assert seen["jobs"] == expected


@pytest.mark.parametrize("value", ["-1", "two", "1.5", ""])
def test_bad_jobs_values_are_usage_errors(value):
    r = CliRunner().invoke(cli, ["check", "--jobs", value, "examples/petrograd_soviet_1917.veche"])
    assert r.exit_code == 2
    assert "--jobs" in r.output and "Traceback" not in r.output


# Stand-ins for `run_file` in the workers, which import them by name (spawn): module level.
def _raise_in_worker(path, only, skip, ctx):
    raise ValueError(f"boom in {os.path.basename(path)}")


def _die_in_worker(path, only, skip, ctx):
    os._exit(9)


@pytest.mark.parametrize("worker,message", [
    (_raise_in_worker, "ValueError: boom in chernov_1918.veche"),
    (_die_in_worker, "terminated abruptly"),
])
def test_a_failing_worker_is_an_internal_error_not_a_traceback(monkeypatch, capsys, worker, message):
    monkeypatch.setattr(runner, "run_file", worker)
    monkeypatch.setattr(sys, "argv", ["veche", "check", "--jobs", "2",
                                      *(f"examples/{name}.veche" for name in EXAMPLES)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 4
    err = capsys.readouterr().err
    assert err.startswith("veche: internal error: RuntimeError: while checking examples/")
    assert message in err and "Traceback" not in err
