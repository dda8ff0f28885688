"""`veche report`: one self-contained HTML page about one constitution.

The page needs nothing but itself: styles are inline, diagrams are inline SVG drawn by Graphviz,
there is no script, and a Content-Security-Policy forbids loading anything, so a page opened
from a disk or an e-mail fetches nothing and runs nothing.

Every string that comes from the input (titles, names, source notes, messages that quote them,
the file's path) goes through `esc`: HTML-escaped, and control and bidirectional-override
characters shown as visible `\\u202e` escapes, so no text can reorder what the reader sees.
The SVG from Graphviz is escaped by Graphviz; `_svg` neutralises the same characters in it,
raw or written as character references.

The output is deterministic: the same file and verdicts give the same bytes.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from fractions import Fraction

from ..cli import VERSION
from ..numbers import pct
from ..results import ERROR, HOLDS, UNKNOWN, VIOLATED, exit_status
from . import graph, narrative
from .report_data import Finding, ReportData

# Characters that do not show, or that reorder the display of the text around them.
_HIDDEN = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
_INVISIBLE = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_HIDDEN}]")
# A character reference as a browser reads one: numeric (leading zeros, `;` optional) or named.
_CHAR_REF = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_CODE = re.compile(r"`([^`\n]+)`")
_URL = re.compile(f"https?://[^\\s<>\"'`\\x00-\\x1f\\x7f-\\x9f{_HIDDEN}]+")

STATUS_ORDER = (VIOLATED, ERROR, UNKNOWN, HOLDS)
EXIT_MEANING = {0: "every check holds", 1: "some check is violated", 3: "nothing violated, but some check unknown"}


def _visible(ch: str) -> str:
    return f"\\u{ord(ch):04x}"


def esc(text: object, attr: bool = False) -> str:
    """Text from the input as inert HTML; hidden characters shown as `\\u202e` (marked, in text)."""
    out = html.escape(str(text), quote=True)
    if attr:
        return _INVISIBLE.sub(lambda m: _visible(m.group()), out)
    return _INVISIBLE.sub(lambda m: f'<span class="ctl" title="hidden character">{_visible(m.group())}</span>', out)


def rich(text: object) -> str:
    """`esc`, with `code` spans (veche quotes names so) set as code."""
    return _CODE.sub(r"<code>\1</code>", esc(text))


def linked(text: object) -> str:
    """`esc`, with web addresses (http and https only) as links; nothing is fetched until clicked."""
    s, out, last = str(text), [], 0
    for m in _URL.finditer(s):
        url = m.group().rstrip(".,;:)]")
        out.append(esc(s[last:m.start()]))
        out.append(f'<a href="{esc(url, attr=True)}" rel="noopener noreferrer">{esc(url)}</a>')
        last = m.start() + len(url)
    out.append(esc(s[last:]))
    return "".join(out)


# ------------------------------------------------------------------ diagrams
def _char_ref(m: re.Match) -> str:
    """A reference Graphviz passed through (it keeps `&#x202E;` in a label as written), shown as
    `\u202e` when it stands for a hidden character; any other reference is left alone."""
    ref = m.group(1)
    if ref.startswith("#"):
        hex_ = ref[1:2] in "xX"
        digits = ref[2:] if hex_ else ref[1:]
        digits = digits.lstrip("0") or "0"
        if len(digits) > 8:  # beyond Unicode: the browser shows U+FFFD
            return m.group()
        ch = chr(code) if (code := int(digits, 16 if hex_ else 10)) < 0x110000 else "\ufffd"
    else:
        ch = html.unescape(f"&{ref};")
    return _visible(ch) if len(ch) == 1 and _INVISIBLE.fullmatch(ch) else m.group()


def _svg(svg: str, prefix: str) -> str:
    """Graphviz's SVG, ready to inline: no prolog, doctype or comments, ids unique on the page,
    hidden characters visible."""
    svg = svg[svg.find("<svg"):]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\b(id=")', rf"\1{prefix}", svg)
    svg = svg.replace('href="#', f'href="#{prefix}').replace("url(#", f"url(#{prefix}")
    svg = _CHAR_REF.sub(_char_ref, svg)
    svg = _INVISIBLE.sub(lambda m: _visible(m.group()), svg)
    return svg.replace("<svg ", '<svg class="diagram" role="img" ', 1).strip()


NARROW = 520  # px: no column of the page is narrower (at the widths the page is laid out for)


def _width_px(svg: str) -> float:
    m = re.search(r'<svg[^>]*\bwidth="([0-9.]+)pt"', svg)
    return float(m.group(1)) * 4 / 3 if m else float("inf")


class _Diagrams:
    """Draws DOT as inline SVG, numbering the diagrams of one page; without Graphviz, the DOT text."""

    def __init__(self) -> None:
        self.count = 0
        self.missing: str | None = None

    def __call__(self, dot_text: str, caption: str) -> str:
        self.count += 1
        note = self.missing
        if note is None:
            try:
                body = _svg(graph.to_svg(dot_text), f"d{self.count}-")
            except graph.GraphvizMissing:
                self.missing = note = ("The diagram needs Graphviz (<code>apt-get install graphviz</code>); here is "
                                       "its DOT text.")
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                note = f"Graphviz could not draw this diagram ({esc(exc)}); here is its DOT text."
            else:
                # A checkbox, not a script, switches between fitting the column and full size; a
                # diagram narrower than any column has nothing to gain from it.
                toggle = "" if _width_px(body) <= NARROW else (
                    f'<input type="checkbox" class="zoom" id="zoom-{self.count}">'
                    f'<label for="zoom-{self.count}" title="show the diagram at full size (scrolls)">full size</label>')
                return (f'<figure class="diagram">{toggle}<div class="canvas">{body}</div>'
                        f"<figcaption>{caption}</figcaption></figure>")
        return (f'<figure class="diagram"><p class="note">{note}</p><pre class="dot">{esc(dot_text)}</pre>'
                f"<figcaption>{caption}</figcaption></figure>")


# ------------------------------------------------------------------ pieces
def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _chip(status: str) -> str:
    return f'<span class="chip s-{esc(status, attr=True)}">{esc(status)}</span>'


def _label(result: dict) -> str:
    return result["name"] + (f" {result['target']}" if result.get("target") else "")


def _counts(data: ReportData) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_ORDER}
    for r in data.report.results:
        counts[r.status] = counts.get(r.status, 0) + 1
    return counts


def _header(data: ReportData) -> list[str]:
    c, counts = data.model, _counts(data)
    status = exit_status([data.report])
    worst = next((s for s in STATUS_ORDER if counts.get(s)), HOLDS)
    parts = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no checks requested"
    return [
        "<header>",
        f"<h1>{esc(c.title or c.path)}</h1>",
        f'<p class="path"><code>{esc(data.report.path)}</code></p>',
        (f'<p class="verdict v-{worst}"><strong>{esc(_plural(len(data.report.results), "check"))}:</strong> '
         f"{esc(parts)} <span class=\"exit\">exit status {status}: {esc(EXIT_MEANING.get(status, ''))}</span></p>"),
        "</header>",
    ]


SECTIONS = (("verdicts", "Verdicts"), ("institution", "Institution"), ("counterexamples", "Counterexamples"),
            ("procedures", "Procedures"), ("representation", "Representation"), ("power", "Power"),
            ("sources", "Sources"))


def _nav() -> str:
    return '<nav>' + " ".join(f'<a href="#{key}">{title}</a>' for key, title in SECTIONS) + "</nav>"


def _opening(key: str) -> list[str]:
    """The start of a section, titled as in the navigation."""
    return [f'<section id="{key}"><h2>{dict(SECTIONS)[key]}</h2>']


def _empty(key: str, note: str) -> list[str]:
    """A whole section that has nothing to show but why."""
    return _opening(key) + [f'<p class="note">{note}</p></section>']


def _diagnostics(data: ReportData) -> list[str]:
    if not data.report.diagnostics:
        return []
    out = ['<section id="diagnostics"><h2>Warnings</h2><ul class="diagnostics">']
    for d in data.report.diagnostics:
        where = f"line {d.span.line}: " if d.span else ""
        out.append(f"<li>{esc(where)}<strong>{esc(d.severity)}[{esc(d.code)}]</strong> {rich(d.message)}"
                   + (f' <span class="hint">{rich(d.hint)}</span>' if d.hint else "") + "</li>")
    return out + ["</ul></section>"]


def _verdicts(data: ReportData) -> list[str]:
    if not data.findings:
        return _empty("verdicts", "The file requests no checks.")
    out = _opening("verdicts")
    out.append('<table class="verdicts"><thead><tr><th>verdict</th><th>check</th><th>target</th><th>result</th>'
               '<th>method</th><th class="num">line</th></tr></thead><tbody>')
    for f in data.findings:
        r = f.result
        name = esc(r["name"])
        if r.get("counterexample"):
            name = f'<a href="#cx-{f.index}">{name}</a>'
        out.append(f'<tr id="check-{f.index}" class="r-{esc(r["status"], attr=True)}"><td>{_chip(r["status"])}</td>'
                   f'<td class="name">{name}</td><td class="target">{esc(r.get("target") or "")}</td>'
                   f'<td>{rich(r["message"])}</td><td class="method">{esc(r.get("method") or "")}</td>'
                   f'<td class="num">{r["line"]}</td></tr>')
    return out + ["</tbody></table></section>"]


def _plain(line: str) -> bool:
    """A line of a narrative that is neither numbered, indented, a heading nor blank."""
    return bool(line.strip()) and line[0] not in " 0123456789" and not line.endswith(":")


def _story(lines: list[str]) -> list[str]:
    """The lines of a narrative (after its head and message) as lists and paragraphs."""
    out: list[str] = []
    open_list: str | None = None

    def close() -> None:
        nonlocal open_list
        if open_list:
            out.append(f"</{open_list}>")
        open_list = None

    def item(kind: str, text: str) -> None:
        nonlocal open_list
        if open_list != kind:
            close()
            out.append(f'<{kind} class="story">' if kind == "ol" else f"<{kind}>")
            open_list = kind
        out.append(text)

    for i, line in enumerate(lines):
        kind, text, number = narrative.line_kind(line)
        if kind == "blank":
            close()
        elif kind == "step":
            item("ol", f'<li value="{number}">{rich(text)}</li>')
        elif kind == "loop":
            item("ol", f'<li class="loop">{rich(text)}</li>')
        elif kind == "detail":
            item("ul", f"<li>{rich(text)}</li>")
        elif line.endswith(":"):
            close()
            out.append(f"<h4>{rich(line)}</h4>")
        elif open_list == "ul" or (i + 1 < len(lines) and _plain(lines[i + 1])):
            item("ul", f"<li>{rich(line)}</li>")  # a run of plain lines: one item each
        else:
            close()
            out.append(f"<p>{rich(line)}</p>")
    close()
    return out


def _json(value: object) -> str:
    return esc(json.dumps(value, indent=2, ensure_ascii=False))


SCENARIO = "Scenario (replayed by the simulator):"  # as `narrative.explain` heads it


def _split_scenario(lines: list[str]) -> tuple[list[str], list[str]]:
    """The story without its scenario, and the scenario: the run reads first, its setting on demand."""
    if SCENARIO not in lines:
        return lines, []
    start = lines.index(SCENARIO)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    return lines[:start] + lines[end + 1:], lines[start + 1:end]


def _finding(f: Finding, data: ReportData, draw: _Diagrams) -> list[str]:
    r = f.result
    out = [f'<article class="cx" id="cx-{f.index}">',
           f'<h3>{_chip(r["status"])} {esc(_label(r))} <span class="line">line {r["line"]}'
           + (f' · {esc(r["method"])}' if r.get("method") else "") + "</span></h3>",
           f'<p class="message">{rich(r["message"])}</p>', '<div class="cx-body"><div class="story">']
    body, scenario = _split_scenario(list(f.story[2:]))
    if any(line.strip() for line in body):
        out += _story(body)
        if scenario:
            out += [f"<details class=\"scenario\"><summary>{rich(SCENARIO[:-1])}</summary>", *_story(scenario),
                    "</details>"]
    else:
        out.append("<p>The counterexample, as data:</p>")
        out.append(f'<pre class="json">{_json(r["counterexample"])}</pre>')
    out.append("</div>")
    if f.paths:
        out.append('<div class="cx-figures">')
        for p in f.paths:
            caption = f"procedure <code>{esc(p.procedure)}</code>" + (f": {esc(p.caption)}" if p.caption else "") \
                + ' — <span class="hot">the counterexample\'s path</span>'
            out.append(draw(graph.procedure_dot(data.model, p.procedure, p.edges, p.nodes, "TB"), caption))
        out.append("</div>")
    return out + ["</div></article>"]


def _counterexamples(data: ReportData, draw: _Diagrams) -> list[str]:
    found = [f for f in data.findings if f.result.get("counterexample")]
    if not found:
        return _empty("counterexamples", "No check is violated, so there is no counterexample.")
    out = _opening("counterexamples")
    out.append(f'<p class="note">{esc(_plural(len(found), "counterexample"))}, each told step by step; a run of a '
               "procedure is drawn beside it with its path in red. Every run was replayed by veche's simulator.</p>")
    for f in found:
        out += _finding(f, data, draw)
    return out + ["</section>"]


def _procedures(data: ReportData, draw: _Diagrams) -> list[str]:
    if not data.model.procedures:
        return _empty("procedures", "The file declares no procedure.")
    out = _opening("procedures")
    out.append('<div class="grid">')
    for name, proc in data.model.procedures.items():
        caption = f"procedure <code>{esc(name)}</code>" + (f" — {esc(proc.title)}" if proc.title else "")
        out.append(draw(graph.procedure_dot(data.model, name), caption))
    return out + ["</div></section>"]


def _bar(value: Fraction, top: Fraction, cls: str = "") -> str:
    width = pct(value / top, 1) if top else "0%"
    return f'<span class="bar {cls}"><span style="width:{width}"></span></span>'


def _seats(x: Fraction) -> str:
    if x.denominator == 1:
        return f"{x.numerator:,}"
    return f"{float(x):,.1f}"


def _times(x: Fraction | None) -> str:
    return "—" if x is None else f"{float(x):,.2f}×"


FORMULA = {"party_list": "party lists", "fixed": "fixed seats per group", "ratio": "seats per head of each group",
           "districts": "districts, winner takes all"}


def _representation(data: ReportData) -> list[str]:
    if not data.representation:
        return _empty("representation", "No elected chamber is chosen by two or more groups.")
    out = _opening("representation")
    out.append('<p class="note">Deputies per million inhabitants of every group that elects each chamber, and how much '
               "a group's inhabitant (or voter) weighs against the least represented group's (1.00×). Seats of a "
               "party-list chamber are counted per group in proportion to its voters.</p>")
    for ch in data.representation:
        per_head = {g.group: g.seats / g.inhabitants for g in ch.groups}
        per_voter = {g.group: g.seats / g.voters if g.voters else Fraction(0) for g in ch.groups}
        top = max(per_head.values())
        low_head = min((v for v in per_head.values() if v), default=None)
        low_voter = min((v for v in per_voter.values() if v), default=None)
        out.append(f"<h3>{esc(ch.chamber)} <span class=\"line\">{FORMULA.get(ch.formula, esc(ch.formula))} · ratio "
                   f"{_times(ch.ratio_inhabitant)} per inhabitant, {_times(ch.ratio_voter)} per voter</span></h3>")
        out.append('<table class="figures fixed"><colgroup><col style="width:18%"><col style="width:8%">'
                   '<col style="width:12%"><col style="width:12%"><col style="width:26%"><col style="width:12%">'
                   '<col style="width:12%"></colgroup>'
                   '<thead><tr><th>group</th><th class="num">seats</th>'
                   '<th class="num">inhabitants</th><th class="num">voters</th>'
                   '<th>deputies per million inhabitants</th><th class="num">weight per inhabitant</th>'
                   '<th class="num">weight per voter</th></tr></thead><tbody>')
        for g in sorted(ch.groups, key=lambda g: (-per_head[g.group], g.group)):
            million = per_head[g.group] * 1_000_000
            out.append(f'<tr><td class="name">{esc(g.group)}</td><td class="num">{_seats(g.seats)}</td>'
                       f'<td class="num">{g.inhabitants:,}</td><td class="num">{g.voters:,}</td>'
                       f'<td>{_bar(per_head[g.group], top)} <span class="val">{float(million):,.2f}</span></td>'
                       f'<td class="num">{_times(per_head[g.group] / low_head if low_head else None)}</td>'
                       f'<td class="num">{_times(per_voter[g.group] / low_voter if low_voter else None)}</td></tr>')
        out.append("</tbody></table>")
    return out + ["</section>"]


def _power(data: ReportData) -> list[str]:
    out = [*_opening("power"),
           ('<p class="note">Each party\'s share of the seats against its power: the Banzhaf index (how often it '
            "turns a losing coalition into a winning one) and the Shapley–Shubik index (how often it casts the "
            "deciding vote), computed exactly, with every member present.</p>")]
    free = [b.body for b in data.power if not b.members]
    for b in data.power:
        if not b.members:
            continue
        out.append(f'<h3>{esc(b.body)} <span class="line">{b.total:,} seats, a decision needs {b.quota:,}</span></h3>')
        out.append('<table class="figures power fixed"><colgroup><col style="width:18%"><col style="width:8%">'
                   '<col style="width:22%"><col style="width:22%"><col style="width:22%"><col style="width:8%">'
                   '</colgroup><thead><tr><th>member</th><th class="num">seats</th>'
                   "<th>share of seats</th><th>Banzhaf index</th><th>Shapley–Shubik index</th><th></th></tr></thead>"
                   "<tbody>")
        for mp in b.members:
            cells = "".join(f'<td>{_bar(v, Fraction(1), cls)} <span class="val">{pct(v)}</span></td>'
                            for v, cls in ((mp.share, "seat"), (mp.banzhaf, "bz"), (mp.shapley_shubik, "ss")))
            flag = f'<span class="flag f-{mp.flag}">{mp.flag}</span>' if mp.flag else ""
            out.append(f'<tr><td class="name">{esc(mp.name)}</td><td class="num">{mp.seats:,}</td>{cells}'
                       f"<td>{flag}</td></tr>")
        out.append("</tbody></table>")
    if free:
        out.append(f'<p class="note">The file does not fix the seats of {esc(", ".join(free))} (no '
                   "<code>composition</code> or <code>support</code>), so their power is not determined.</p>")
    if data.vetoes:
        out.append("<h3>Veto players of every power</h3>"
                   '<table class="figures compact"><thead><tr><th>power</th><th>veto players</th></tr></thead><tbody>')
        for v in data.vetoes:
            who = esc(", ".join(v.players) or "none") if v.players is not None else f'<em>{esc(v.note)}</em>'
            out.append(f"<tr><td><code>{esc(v.power)}</code></td><td>{who}</td></tr>")
        out.append("</tbody></table>")
    return out + ["</section>"]


def _sources(data: ReportData) -> list[str]:
    if not data.sources:
        return _empty("sources", "The file cites no sources.")
    out = _opening("sources")
    out.append('<p class="note">The notes of the file\'s <code>sources</code> block, each with the numbers that '
               'cite it as <code>[name]</code>.</p><dl class="sources">')
    for s in data.sources:
        out.append(f'<dt id="src-{esc(s.name, attr=True)}">[{esc(s.name)}]</dt><dd><p>{linked(s.text)}</p>')
        if s.cited_by:
            out.append('<ul class="cited">' + "".join(f"<li>line {c.line}: <code>{esc(c.number)}</code> — "
                                                      f"{esc(c.what)}</li>" for c in s.cited_by) + "</ul>")
        else:
            out.append('<p class="note">No number cites it.</p>')
        out.append("</dd>")
    return out + ["</dl></section>"]


CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--red:#c62828;--green:#2e7d32;
--amber:#9a6700;--magenta:#8250df;--blue:#1565c0}
*{box-sizing:border-box}
body{margin:0;background:var(--soft);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans","Liberation Sans",Arial,sans-serif}
main{max-width:1240px;margin:0 auto;padding:24px 28px 48px}
header{background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin-bottom:12px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:0 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:20px 0 8px}
h4{font-size:14px;margin:14px 0 4px;color:var(--muted)}
.path{margin:0 0 12px;color:var(--muted)}
code,pre{font:13px/1.45 ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace}
code{background:var(--soft);border-radius:4px;padding:0 3px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px;overflow:auto;max-height:420px}
nav{position:sticky;top:0;z-index:1;background:var(--soft);padding:8px 0;margin-bottom:8px}
nav a{display:inline-block;margin:0 4px 4px 0;padding:3px 10px;border:1px solid var(--line);border-radius:999px;
background:var(--bg);color:var(--fg);text-decoration:none;font-size:13px}
nav a:hover{border-color:var(--blue)}
section{background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 16px}
.note{color:var(--muted);font-size:14px}
.verdict{margin:0;padding:10px 14px;border-radius:8px;border-left:6px solid}
.v-violated,.v-error{background:#fdecea;border-color:var(--red)}
.v-unknown{background:#fff8e1;border-color:var(--amber)}
.v-holds{background:#e8f5e9;border-color:var(--green)}
.exit{color:var(--muted);margin-left:8px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{font-weight:600;color:var(--muted);font-size:13px;white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.name,td.target,td.method{white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
tr.r-violated td:first-child,tr.r-error td:first-child{box-shadow:inset 4px 0 var(--red)}
tr.r-holds td:first-child{box-shadow:inset 4px 0 var(--green)}
tr.r-unknown td:first-child{box-shadow:inset 4px 0 var(--amber)}
.chip{display:inline-block;min-width:64px;text-align:center;padding:1px 8px;border-radius:999px;font-size:12px;
font-weight:600;color:#fff}
.s-holds{background:var(--green)}.s-violated{background:var(--red)}.s-unknown{background:var(--amber)}
.s-error{background:var(--magenta)}
a{color:var(--blue)}
article.cx{border-top:1px solid var(--line);padding-top:6px;margin-top:18px}
article.cx:first-of-type{border-top:0;margin-top:0}
.line{font-weight:400;color:var(--muted);font-size:13px;margin-left:6px}
.message{margin:4px 0 8px}
.cx-body{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:20px;align-items:start}
.cx-body>.story:only-child{grid-column:1/-1}
ol.story{padding-left:26px;margin:6px 0}
ol.story li{margin:4px 0}
ol.story li.loop{list-style:none;color:var(--muted);font-style:italic;margin-left:-14px}
.story ul{margin:4px 0;padding-left:20px;font-size:14px}
figure.diagram{margin:0 0 12px;border:1px solid var(--line);border-radius:8px;padding:8px;background:#fff;
overflow:auto}
figure.diagram figcaption{font-size:13px;color:var(--muted);margin-top:4px}
svg.diagram{display:block;max-width:100%;height:auto;margin:0 auto}
.canvas{overflow:auto}
input.zoom{position:absolute;opacity:0;pointer-events:none}
input.zoom+label{float:right;font-size:12px;color:var(--muted);border:1px solid var(--line);border-radius:999px;
padding:0 8px;cursor:pointer;user-select:none;margin:0 0 4px 8px}
input.zoom:checked+label{background:var(--blue);border-color:var(--blue);color:#fff}
input.zoom:focus-visible+label{outline:2px solid var(--blue)}
input.zoom:checked~.canvas svg.diagram{max-width:none}
figure.diagram{position:relative}
.hot{color:#d32f2f;font-weight:600}
.grid{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.grid>figure{flex:0 1 auto;max-width:100%;margin:0}
.cx-figures{position:sticky;top:52px}
details.scenario{margin:10px 0;font-size:14px}
details.scenario summary{cursor:pointer;color:var(--muted);font-weight:600}
table.compact{width:auto;min-width:50%}
table.power td{white-space:nowrap}
table.fixed{table-layout:fixed}
table.fixed th{white-space:normal}
table.fixed td{overflow:hidden;text-overflow:ellipsis}
.bar{display:inline-block;vertical-align:middle;width:120px;height:10px;background:#eef1f4;border-radius:5px;
overflow:hidden}
.bar>span{display:block;height:100%;background:var(--blue)}
.bar.seat>span{background:#8c959f}.bar.bz>span{background:var(--blue)}.bar.ss>span{background:#e36209}
.val{display:inline-block;min-width:56px;font-size:13px;font-variant-numeric:tabular-nums}
.flag{font-size:12px;font-weight:600;padding:1px 6px;border-radius:4px}
.f-veto{background:#fdecea;color:var(--red)}.f-dummy{background:#eef1f4;color:var(--muted)}
dl.sources dt{font-weight:600;margin-top:12px}
dl.sources dd{margin:2px 0 0 18px}
dl.sources dd p{margin:0}
ul.cited{margin:4px 0;padding-left:18px;color:var(--muted);font-size:13px}
.ctl{background:#fff3cd;color:#7a4e00;border:1px solid #e0c36a;border-radius:3px;font:12px ui-monospace,monospace;
padding:0 2px}
.hint{color:var(--muted)}
footer{color:var(--muted);font-size:13px;text-align:center}
@media (max-width:900px){.cx-body{grid-template-columns:1fr}}
@media print{nav{display:none}body{background:#fff}section,header{border:0}}
"""

# Nothing may be loaded or run: the page is complete as it is.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def render(data: ReportData) -> str:
    """The whole page (deterministic: the same data give the same bytes)."""
    draw = _Diagrams()
    title = data.model.title or data.report.path
    institution = draw(graph.dot(data.model, procedures=False),
                       "who elects, appoints and directs whom, and who holds which power")
    body = [
        *_header(data), _nav(), *_diagnostics(data), *_verdicts(data),
        *_opening("institution"), institution, "</section>",
        *_counterexamples(data, draw), *_procedures(data, draw), *_representation(data), *_power(data),
        *_sources(data),
        (f'<footer>Made by veche {esc(VERSION)} · <code>veche report</code> — the verdicts are those of '
         "<code>veche check</code> on the same file.</footer>"),
    ]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="veche">',
        f"<title>{esc(title, attr=True)} — veche report</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
    ]) + "\n"
