"""`veche graph`: DOT text of the institution and procedures, SVG through Graphviz."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from helpers import EXAMPLES, model_from
from verifier.cli import cli
from verifier.render import graph


def test_dot_has_groups_bodies_elections_appointments_and_procedures():
    r = CliRunner().invoke(cli, ["graph", str(EXAMPLES / "rsfsr_1918.veche")])
    assert r.exit_code == 0, r.output
    text = r.output
    assert text.startswith("digraph veche {") and text.rstrip().endswith("}")
    assert '"group:urban_toilers" -> "body:Congress"' in text
    assert '"body:Congress" -> "body:VTsIK" [label="appoints"' in text
    assert '"body:Sovnarkom" -> "body:Cheka" [label="directs"' in text
    assert 'subgraph "cluster_sovnarkom_bill"' in text


def test_strings_from_the_input_are_escaped():
    model = model_from('constitution "A \\"quoted\\" title"\n'
                       'population { people 10 "line \\\\ with backslash" }\n'
                       'chamber C "Cham\\"ber" { electorate all; ballot secret; seats 1 by party_list dhondt }\n')
    text = graph.dot(model)
    assert 'label="A \\"quoted\\" title"' in text
    assert 'Cham\\"ber' in text and "\\\\ with backslash" in text


def test_svg_is_drawn_by_graphviz(tmp_path):
    assert shutil.which("dot"), "Graphviz must be installed (.ci/run installs it)"
    out = tmp_path / "ussr.svg"
    r = CliRunner().invoke(cli, ["graph", "--format", "svg", "-o", str(out), str(EXAMPLES / "ussr_1936.veche")])
    assert r.exit_code == 0, r.output
    svg = out.read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "Nationalities" in svg


def test_without_graphviz_the_dot_text_is_still_given(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    r = CliRunner().invoke(cli, ["graph", "--format", "svg", str(EXAMPLES / "chernov_1918.veche")])
    assert r.exit_code == 3
    assert "apt-get install graphviz" in r.output and "digraph veche {" in r.output


def test_bad_input_exits_2(tmp_path):
    bad = tmp_path / "bad.veche"
    bad.write_text("population { x 10 }\nchamber A { electorate y; ballot open; seats 1 by party_list dhondt }\n")
    r = CliRunner().invoke(cli, ["graph", str(bad)])
    assert r.exit_code == 2 and "error[E201]" in r.output
