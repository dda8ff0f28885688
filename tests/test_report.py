"""`veche report`: the page without a browser — escaping, nothing fetched, determinism, the CLI.

The browser half (console errors, visible verdicts, every example) is test_report_browser.py.
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, ROOT, model_from
from test_cli import FAIR as CLI_FAIR

from verifier.cli import cli
from verifier.render import graph, report_data
from verifier.render import html as page
from verifier.results import UNKNOWN, CheckResult, FileReport

# One marker per place where the language takes free text: each must show, escaped, and never raw.
PLACES = ("title", "source", "group", "grouped", "party", "chamber", "referendum", "appointed", "commission",
          "organ", "procedure")


def marker(place: str) -> str:
    return f"<script>alert({place})</script>"


HOSTILE = f"""constitution "{marker('title')} --> &#x202E; \\"q\\""
sources {{ s1: "{marker('source')} https://example.org/a?b=<script> javascript:alert(1)" }}
population {{
  workers 1_000 [s1] "{marker('group')}"
  peasants 9_000 "{marker('grouped')}" districts {{ north 4_000; south 5_000 }}
}}
party A "{marker('party')}"
party B "<b>B</b>"
chamber C "{marker('chamber')}" {{
  electorate all; ballot open
  seats by ratio {{ workers 1 per 100 inhabitants; peasants 1 per 1000 inhabitants }}
  passes majority of votes cast
  composition {{ A 5; B 14 }}
}}
chamber D "second" {{ electorate all; ballot secret; seats 10 by party_list dhondt; composition {{ A 5; B 5 }} }}
commission K "{marker('commission')}" {{ parity C, D; seats 2 each }}
appointed E "{marker('appointed')}" {{ by C }}
organ P "{marker('organ')}" {{ kind coercive; directed by E; answers to E; authorized by none }}
referendum R "{marker('referendum')}" {{ electorate all; passes majority of votes cast }}
procedure law "{marker('procedure')}" {{
  start -> a
  a: C votes {{ yes -> k }}
  k: K agrees {{ agree -> enacted; disagree -> r }}
  r: R decides {{ yes -> enacted; no -> rejected }}
}}
power legislate by law
check deadlock-free law
check secret-ballot
check representation-ratio <= 2
check coercion-accountable
check min-winning-support legislate >= 50%
"""

# test_cli's fair charter, with a source note (a link) and a procedural check that holds.
FAIR = CLI_FAIR + 'sources { census: "a census, https://example.org/census." }\ncheck deadlock-free law\n'

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write_report(tmp_path, text: str, name: str = "c.veche", *extra):
    folder = tmp_path / "<img src=x onerror=alert(1)>"
    folder.mkdir(exist_ok=True)
    src = folder / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "report.html"
    result = invoke("report", src, "-o", out, *extra)
    return result, (out.read_text(encoding="utf-8") if out.exists() else None)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    result, text = write_report(tmp_path_factory.mktemp("hostile"), HOSTILE)
    assert result.exit_code == 1, result.output
    return text


def assert_no_raw_bidi(text: str) -> None:
    for ch in BIDI:
        assert ch not in text, f"U+{ord(ch):04X} reached the page unescaped"


# ------------------------------------------------------------------ escaping
@pytest.mark.parametrize("place", PLACES)
def test_text_from_every_place_of_the_language_is_escaped(hostile, place):
    m = marker(place)
    assert m not in hostile
    assert "<script" not in hostile.lower() and "<img" not in hostile.lower() and "<b>" not in hostile
    if place != "party":  # a report names parties, it does not show their titles
        assert html.escape(m, quote=False) in hostile, f"the {place} text is not shown"


def test_the_path_and_links_are_escaped(hostile):
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile
    # Only the http(s) part of a source becomes a link; the rest stays text.
    assert '<a href="https://example.org/a?b=" rel="noopener noreferrer">' in hostile
    assert 'href="javascript' not in hostile and "&lt;script&gt; javascript:alert(1)" in hostile


def test_character_references_that_graphviz_would_decode_are_neutralised(hostile):
    # `&#x202E;` in a title is text to veche but an entity to Graphviz: the SVG must not carry it.
    assert "&#x202E;" not in hostile.replace("&amp;#x202E;", "")
    assert "\\u202e" in hostile
    assert_no_raw_bidi(hostile)


def test_bidirectional_controls_anywhere_are_shown_as_visible_escapes():
    # The parser refuses these characters in a file, so the model and results are built by hand.
    model = model_from(FAIR)
    evil = f"{BIDI}<script>x</script>"
    groups = {n: dataclasses.replace(g, title=evil) for n, g in model.groups.items()}
    procedures = {n: dataclasses.replace(p, title=evil) for n, p in model.procedures.items()}
    sources = {n: dataclasses.replace(s, text=evil + " https://example.org/\u202ex") for n, s in model.sources.items()}
    model = dataclasses.replace(model, title=evil, path=evil, groups=groups, procedures=procedures, sources=sources)
    fake = CheckResult(f"name{BIDI}", f"target{BIDI}", "violated", f"message {evil}", f"method{BIDI}",
                       model.checks[0].span, {}, {"kind": f"kind{BIDI}", "x": evil})
    report = FileReport(evil, "", (), (fake,))
    data = report_data.ReportData(report, model, (report_data.finding(0, fake, model),),
                                  report_data.representation(model), report_data.power(model), (),
                                  report_data.sources(model, ""))
    text = page.render(data)
    assert_no_raw_bidi(text)
    assert "<script" not in text and "&lt;script&gt;x&lt;/script&gt;" in text
    assert '<span class="ctl" title="hidden character">\\u202e</span>' in text
    assert "https://example.org/\u202e" not in text  # a link ends before a hidden character


@pytest.mark.parametrize("ref", ["&#x202E;", "&#X202e;", "&#8238;", "&#00000000000008238;", "&#8238", "&rlm;",
                                 "&lrm;", "&ZeroWidthSpace;", "&#x2066;"])
def test_hidden_characters_written_as_references_are_neutralised_in_diagrams(ref):
    svg = f'<svg width="10pt" height="10pt"><text>a{ref}b &amp; &#65; &#{"9" * 5000};</text></svg>'
    out = page._svg(svg, "d1-")
    assert ref not in out and "a\\u20" in out
    assert "&amp; &#65;" in out  # other references are left as they are


def test_esc_shows_hidden_characters_and_quotes_attributes():
    assert page.esc('a"b\'<c>&') == "a&quot;b&#x27;&lt;c&gt;&amp;"
    assert page.esc("x\u202ey", attr=True) == "x\\u202ey"
    assert page.esc("\x07") == '<span class="ctl" title="hidden character">\\u0007</span>'


# ------------------------------------------------------------------ nothing fetched
@pytest.fixture(scope="module")
def fair(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fair")
    result, text = write_report(tmp, FAIR)
    assert result.exit_code == 0, result.output
    return tmp, text


def assert_self_contained(text: str) -> None:
    lower = text.lower()
    for tag in ("<script", "<link", "<img", "<iframe", "<object", "<embed", "<base", "<source", "<video",
                "<audio", "<form"):
        assert tag not in lower, f"{tag}> in the page"
    assert "@import" not in lower and not re.search(r"<[^>]*\ssrc\s*=", lower)
    assert not re.search(r"url\(\s*['\"]?(?!#)", lower), "a CSS url() to something outside the page"
    assert not re.search(r"<svg[^>]*xlink:href", lower)
    for tag, href in re.findall(r"<(\w+)[^>]*\bhref=\"([^\"]*)\"", text):
        assert href.startswith("#") or (tag == "a" and re.match(r"https?://", href)), (tag, href)
    assert "<!doctype svg" not in lower and "<?xml" not in lower
    assert "default-src 'none'" in text  # and the browser is told to load nothing anyway


def test_the_page_loads_nothing(fair):
    assert_self_contained(fair[1])


def test_the_page_has_every_part(fair):
    _, text = fair
    for section in ("verdicts", "institution", "counterexamples", "procedures", "representation", "power",
                    "sources"):
        assert f'<section id="{section}">' in text
    assert text.count("<svg ") == 2  # the institution and the one procedure
    assert "No check is violated" in text and "[census]" in text
    assert "<strong>warning[W201]</strong>" in text  # the source nothing cites
    assert '<a href="https://example.org/census" rel="noopener noreferrer">' in text  # the full stop is not in it


def test_the_same_input_gives_the_same_bytes(fair):
    tmp, text = fair
    again = tmp / "again.html"
    assert invoke("report", tmp / "<img src=x onerror=alert(1)>" / "c.veche", "-o", again).exit_code == 0
    assert again.read_text(encoding="utf-8") == text


def test_without_graphviz_the_page_shows_the_dot_text(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result, text = write_report(tmp_path, FAIR)
    assert result.exit_code == 0
    assert "<svg" not in text and "apt-get install graphviz" in text
    assert '<pre class="dot">digraph veche {' in text
    assert_self_contained(text)


# ------------------------------------------------------------------ counterexamples
def test_a_counterexample_is_told_beside_its_procedure_with_the_path_in_red(tmp_path):
    result, text = write_report(tmp_path, EXAMPLES.joinpath("dual_power_1917.veche").read_text(encoding="utf-8"))
    assert result.exit_code == 1
    card = text[text.index('<article class="cx"'):]
    card = card[:card.index("</article>")]
    assert '<ol class="story">' in card and '<li value="1">' in card and "the procedure is stuck" in card
    assert "<details class=\"scenario\">" in card and "<svg " in card
    assert card.count('stroke="#d32f2f"') >= 2  # the step taken, and the step that is stuck


def test_paths_follow_guards_and_else_to_the_step_actually_reached():
    model = model_from("""population { a 10 }
chamber C { electorate all; ballot secret; seats 3 by party_list dhondt }
procedure p { counter n
  start -> s
  s: C votes { no when n < 1 -> s then n += 1; no -> rejected; else -> enacted } }
power legislate by p
""")
    run = {"procedure": "p", "states": [{"step": "s", "outcome": "no", "next": "s"},
                                        {"step": "s", "outcome": "no", "next": "rejected"},
                                        {"step": "s", "outcome": "yes", "next": "enacted"}]}
    path = report_data.path_of(model, run)
    assert path.edges == {("s", "no", "s"), ("s", "no", "rejected"), ("s", "else", "enacted")}
    assert path.nodes == {"s", "rejected", "enacted"}
    dot = graph.procedure_dot(model, "p", {("s", "no", "rejected")}, {"rejected"})
    hot = [line for line in dot.splitlines() if "#d32f2f" in line]
    assert len(hot) == 2 and '"proc:p:s" -> "proc:p:rejected"' in hot[1]


def test_graph_output_without_a_path_is_unchanged():
    model = model_from(EXAMPLES.joinpath("ussr_1936.veche").read_text(encoding="utf-8"))
    whole = graph.dot(model)
    for name, proc in model.procedures.items():
        assert "\n".join(graph.procedure(model, proc)) in whole
        assert "#d32f2f" not in graph.procedure_dot(model, name)


# ------------------------------------------------------------------ the command
def test_exit_status_is_that_of_check_and_the_path_is_printed(fair, tmp_path):
    result, text = write_report(tmp_path, FAIR, "c.veche", "--skip", "deadlock-free")
    assert result.exit_code == 0 and "report written to" in result.output and str(tmp_path) in result.output
    assert text.count('<tr id="check-') == 3


def test_only_chooses_the_checks(tmp_path):
    result, text = write_report(tmp_path, HOSTILE, "c.veche", "--only", "secret-ballot")
    assert result.exit_code == 1 and text.count('<tr id="check-') == 1


def test_unknown_verdicts_exit_3(tmp_path, monkeypatch):
    real = report_data.run_file

    def unknown(*args, **kwargs):
        rep = real(*args, **kwargs)
        return dataclasses.replace(rep, results=tuple(dataclasses.replace(r, status=UNKNOWN) for r in rep.results))

    monkeypatch.setattr(report_data, "run_file", unknown)
    result, text = write_report(tmp_path, FAIR)
    assert result.exit_code == 3 and "s-unknown" in text


def test_bad_input_gives_diagnostics_exit_2_and_no_page(tmp_path):
    result, text = write_report(tmp_path, "population { x 10 }\nchamber A { electorate y; ballot open; "
                                          "seats 1 by party_list dhondt }\n")
    assert result.exit_code == 2 and "error[E201]" in result.output and text is None
    missing = invoke("report", tmp_path / "missing.veche", "-o", tmp_path / "r.html")
    assert missing.exit_code == 2 and "E001" in missing.output


def test_usage_errors_exit_2(tmp_path):
    src = tmp_path / "fair.veche"
    src.write_text(FAIR)
    assert invoke("report", src).exit_code == 2  # no -o
    bad = invoke("report", src, "-o", tmp_path / "r.html", "--only", "no-such-check")
    assert bad.exit_code == 2 and "unknown check" in bad.output
    unwritable = invoke("report", src, "-o", tmp_path / "no" / "such" / "dir.html")
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.output and "Traceback" not in unwritable.output
    itself = invoke("report", src, "-o", src)
    assert itself.exit_code == 2 and "overwrite" in itself.output and src.read_text() == FAIR


def test_when_graphviz_fails_the_page_shows_the_dot_text(monkeypatch, tmp_path):
    def fail(dot_text, timeout=60):
        raise RuntimeError("Graphviz failed: <syntax error>")

    monkeypatch.setattr(graph, "to_svg", fail)
    result, text = write_report(tmp_path, FAIR)
    assert result.exit_code == 0 and "<svg" not in text
    assert "Graphviz could not draw this diagram (Graphviz failed: &lt;syntax error&gt;)" in text


def test_check_does_not_import_the_report_machinery():
    code = ("import sys; from click.testing import CliRunner; from verifier.cli import cli; "
            f"r = CliRunner().invoke(cli, ['check', {str(EXAMPLES / 'petrograd_soviet_1917.veche')!r}]); "
            "print(r.exit_code, sorted(m for m in sys.modules if m.startswith('verifier.render')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("1 ") and "html" not in out.stdout and "report_data" not in out.stdout
