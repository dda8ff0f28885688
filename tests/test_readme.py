"""The README's promises: its two fresh-machine commands, and that its example is valid veche."""

from __future__ import annotations

import re

from helpers import ROOT, model_from

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)\n```", README, re.S)


def test_readme_opens_with_install_and_check_then_install_and_test():
    install_check, install_test = BLOCKS[0], BLOCKS[1]
    assert "pip install" in install_check and "veche check examples/" in install_check
    assert "pip install" in install_test and "'.[test]'" in install_test and "pytest" in install_test
    assert README.index(install_check) < README.index("---")


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert BLOCKS[1] in ci.splitlines()


def test_readme_example_constitution_is_valid():
    block = re.search(r"```\n(constitution .*?)\n```", README, re.S).group(1)
    model = model_from(block)
    assert set(model.groups) == {"workers", "peasants"}
    assert [c.name for c in model.checks] == ["no-excluded-group", "representation-ratio", "terminates"]
