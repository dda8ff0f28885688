"""Every example constitution: valid, and every implemented check gives the verdict its
`# expect: ...` comment states.  Checks of later issues must still carry an expectation."""

from __future__ import annotations

import re

import pytest

from helpers import EXAMPLES
from verifier.checks import REGISTRY
from verifier.runner import run_file

EXPECTED_FILES = {
    "petrograd_soviet_1917", "dual_power_1917", "constituent_assembly_1918", "rsfsr_1918", "chernov_1918",
    "kamenev_1918", "ussr_1936", "weimar_1919", "uk_parliament_1911",
}
EXPECT = re.compile(r"^\s*check\s+(?P<text>[^#]*?)\s*#\s*expect:\s*(?P<status>holds|violated)\b")


def expectations(path):
    """(line, check text, expected status) for every `check` line of a file."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(r"^\s*check\s", line):
            match = EXPECT.match(line)
            assert match, f"{path.name}:{number}: check line without `# expect: holds|violated`"
            out.append((number, match["text"], match["status"]))
    return out


def example_files():
    return sorted(EXAMPLES.glob("*.veche"))


def test_the_nine_examples_exist():
    assert {p.stem for p in example_files()} >= EXPECTED_FILES


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_example_verdicts(path):
    report = run_file(str(path))
    errors = [d for d in report.diagnostics if d.is_error]
    assert not errors, [f"{d.span.line}:{d.span.column} {d.message}" for d in errors]
    expected = {line: (text, status) for line, text, status in expectations(path)}
    assert expected, f"{path.name} declares no checks"
    by_line = {}
    for r in report.results:
        by_line.setdefault(r.span.line, []).append(r)
    assert set(by_line) == set(expected)
    for line, (text, status) in expected.items():
        for r in by_line[line]:
            if REGISTRY[r.name].run is None:
                assert r.status == "unknown", (line, text)
                continue
            assert r.status == status, f"{path.name}:{line} `{text}`: {r.status} ({r.message}), expected {status}"
            if status == "violated":
                assert r.counterexample, f"{path.name}:{line}: a violation must carry its witness"


def test_rsfsr_reports_disenfranchised_groups_and_ratio_of_at_least_five():
    report = run_file(str(EXAMPLES / "rsfsr_1918.veche"))
    results = {r.name: r for r in report.results}
    excluded = results["no-excluded-group"]
    assert excluded.status == "violated"
    assert len(excluded.figures["excluded"]) >= 4
    ratio = results["representation-ratio"]
    assert ratio.status == "violated"
    assert ratio.figures["ratio_decimal"] >= 5


def test_every_number_in_examples_cites_a_source():
    """Numbers of population, seats and quotas carry a `[source]`; sources name where they come from."""
    for path in example_files():
        report = run_file(str(path))
        assert report.results, path
        import dsl
        from verifier.checks import signatures

        model = dsl.load(str(path), signatures()).model
        assert model.sources, f"{path.name} has no sources block"
        for group in model.groups.values():
            cited = group.cites or any(
                name for name, what, _ in model.cited_numbers if what.endswith(f"of {group.name}"))
            assert cited, f"{path.name}: the size of group `{group.name}` cites no source"


PROCEDURAL = [
    ("dual_power_1917", "deadlock-free", "violated", None),
    ("chernov_1918", "deadlock-free", "holds", "exhaustive"),
    ("chernov_1918", "conflicts-resolved", "holds", "exhaustive"),
    ("chernov_1918", "terminates", "holds", "bounded 4"),
    ("ussr_1936", "terminates", "violated", None),
    ("uk_parliament_1911", "terminates", "holds", "exhaustive"),
]


@pytest.mark.parametrize("stem, check, status, method", PROCEDURAL)
def test_procedural_verdicts_through_the_json_cli(stem, check, status, method):
    """The verdicts the procedures issue names, through `veche check --format json`."""
    import json

    from click.testing import CliRunner

    from verifier.cli import cli

    out = CliRunner().invoke(cli, ["check", "--format", "json", "--only", check, str(EXAMPLES / f"{stem}.veche")])
    results = json.loads(out.output)["files"][0]["checks"]
    main = results[0]  # the first procedure named by the file is the ordinary legislative one
    assert main["status"] == status, main["message"]
    if method:
        assert main["method"] == method
    if status == "violated":
        cx = main["counterexample"]
        assert cx["replayed"] is True and cx["states"]
        assert all(t["yes"] is not None for s in cx["states"] for t in s["tallies"])
        if check == "terminates":
            assert cx["end"] == "cycle" and cx["loop_start"] is not None
