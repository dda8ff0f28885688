"""The pre-commit hooks, with the real `pre-commit`: a violating constitution is refused by `veche-check`
and a fixed one accepted; a badly laid out one is rewritten by `veche-fmt`, which stops the commit
until it is added again.  pre-commit installs veche from this checkout's HEAD commit into its own
environment, as a user's would; both hooks share one repository and one environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dsl.formatter import format_text
from helpers import ROOT

VIOLATING = """constitution "A soviet"

population {
  workers   30_000
  peasants 100_000
}

chamber Soviet {
  electorate workers, peasants
  ballot open
  seats by ratio { workers 1 per 1_000 voters, peasants 1 per 10_000 inhabitants }
}

check secret-ballot
"""

BADLY_LAID_OUT = """constitution   "A secret soviet"
population { workers 30_000; peasants 100_000 }
chamber Soviet { electorate workers, peasants; ballot secret
  seats by ratio { workers 1 per 1_000 voters, peasants 1 per 10_000 inhabitants } }
check secret-ballot   # expect: holds
"""


def git(cwd, *args, env=None):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def checkout_rev():
    rev = git(ROOT, "rev-parse", "HEAD")
    if rev.returncode != 0:
        pytest.fail("the pre-commit test needs this checkout to be a git repository with a commit")
    return rev.stdout.strip()


@pytest.fixture(scope="module")
def hooks(checkout_rev):
    """The hook ids the HEAD commit offers, of those under test."""
    offered = git(ROOT, "show", f"{checkout_rev}:.pre-commit-hooks.yaml").stdout
    return [h for h in ("veche-fmt", "veche-check") if f"id: {h}\n" in offered]


@pytest.fixture(scope="module")
def charters(tmp_path_factory, checkout_rev, hooks):
    """A repository of constitutions using this checkout's hooks, and the environment to commit in."""
    pre_commit = Path(sys.executable).with_name("pre-commit")
    assert pre_commit.exists(), "pre-commit is a test dependency: pip install -e '.[test]'"
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "charters"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    assert git(repo, "init", "-q").returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {checkout_rev}\n  hooks:\n" + "".join(f"  - id: {h}\n" for h in hooks))
    subprocess.run([str(pre_commit), "install"], cwd=repo, env=env, check=True, capture_output=True, timeout=120)
    return repo, env


def commit(charters, message):
    repo, env = charters
    git(repo, "add", ".", env=env)
    done = subprocess.run(["git", "commit", "-m", message], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=900)
    return done.returncode, done.stdout + done.stderr


def history(charters):
    return git(charters[0], "log", "--oneline").stdout


def refused(charters, name, text, message):
    """Write NAME and try to commit it: the commit must fail and leave the history as it was."""
    (charters[0] / name).write_text(text)
    before = history(charters)
    status, output = commit(charters, message)
    assert status != 0, output
    assert history(charters) == before
    return output


def accepted(charters, message):
    status, output = commit(charters, message)
    assert status == 0, output
    assert message in history(charters)


def test_the_examples_here_are_laid_out_as_intended():
    assert format_text(VIOLATING) == VIOLATING
    assert format_text(BADLY_LAID_OUT) != BADLY_LAID_OUT


def test_check_hook_refuses_a_violating_constitution_then_accepts_the_fix(charters):
    output = refused(charters, "soviet.veche", VIOLATING, "open ballot")
    assert "veche check" in output and "violated secret-ballot" in output
    (charters[0] / "soviet.veche").write_text(VIOLATING.replace("ballot open", "ballot secret"))
    accepted(charters, "secret ballot")


def test_fmt_hook_rewrites_a_badly_laid_out_constitution_then_accepts_it(charters, hooks):
    assert "veche-fmt" in hooks, "the HEAD commit does not offer the veche-fmt hook: commit .pre-commit-hooks.yaml"
    output = refused(charters, "secret.veche", BADLY_LAID_OUT, "a secret soviet")
    assert "veche fmt" in output and "files were modified by this hook" in output
    assert (charters[0] / "secret.veche").read_text() == format_text(BADLY_LAID_OUT)
    accepted(charters, "a secret soviet, formatted")
