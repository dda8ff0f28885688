"""The pre-commit hook, with the real `pre-commit`: a violating constitution is refused, a fixed one
accepted.  pre-commit installs veche from this checkout into its own environment, as a user's would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

VIOLATING = """constitution "A soviet"
population { workers 30_000; peasants 100_000 }
chamber Soviet { electorate workers, peasants; ballot open
  seats by ratio { workers 1 per 1_000 voters, peasants 1 per 10_000 inhabitants } }
check secret-ballot
"""


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def checkout_rev():
    rev = git(ROOT, "rev-parse", "HEAD")
    if rev.returncode != 0:
        pytest.fail("the pre-commit test needs this checkout to be a git repository with a commit")
    return rev.stdout.strip()


def test_hook_refuses_a_violating_constitution_then_accepts_the_fix(tmp_path, checkout_rev):
    pre_commit = Path(sys.executable).with_name("pre-commit")
    assert pre_commit.exists(), "pre-commit is a test dependency: pip install -e '.[test]'"
    repo = tmp_path / "charters"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    assert git(repo, "init", "-q").returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {checkout_rev}\n  hooks:\n  - id: veche-check\n")
    subprocess.run([str(pre_commit), "install"], cwd=repo, env=env, check=True, capture_output=True, timeout=120)
    (repo / "soviet.veche").write_text(VIOLATING)
    git(repo, "add", ".")
    refused = subprocess.run(["git", "commit", "-m", "open ballot"], cwd=repo, env=env, capture_output=True,
                             text=True, timeout=900)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "veche check" in output and "violated secret-ballot" in output
    assert git(repo, "log", "--oneline").stdout == ""
    (repo / "soviet.veche").write_text(VIOLATING.replace("ballot open", "ballot secret"))
    git(repo, "add", ".")
    accepted = subprocess.run(["git", "commit", "-m", "secret ballot"], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=900)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "secret ballot" in git(repo, "log", "--oneline").stdout
