"""The institution as a Graphviz diagram: who elects whom, who appoints and directs whom, and
each procedure as a state machine.

Only DOT text is produced here; `to_svg` asks the `dot` program (Debian package `graphviz`)
to draw it.  Every string from the input is quoted and escaped, so titles cannot break the
DOT syntax.
"""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction

from dsl import model as m

from ..seating import group_seats, total_seats

FINAL_STYLE = {True: "#2e7d32", False: "#8d6e63"}
HOT = "#d32f2f"  # a counterexample's path


def _mark(on: bool, colour: bool = True) -> str:
    if not on:
        return ""
    return (f', color="{HOT}"' if colour else "") + ", penwidth=2.5"


def q(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _label(name: str, title: str | None, extra: str = "") -> str:
    parts = [name] + ([title] if title and title != name else []) + ([extra] if extra else [])
    return q("\n".join(parts))


def institution(c: m.Constitution) -> list[str]:
    """Nodes and edges of the institutions (the part without procedures)."""
    out = ['  subgraph cluster_population {', '    label="population"; style=dashed; color="#9e9e9e";']
    for g in c.groups.values():
        extra = f"{g.inhabitants:,} inhabitants" + (f", {g.voters:,} voters" if g.voters != g.inhabitants else "")
        out.append(f"    {q('group:' + g.name)} [shape=ellipse, label={_label(g.name, g.title, extra)}];")
    out.append("  }")
    for b in c.bodies.values():
        shape = {"chamber": "box", "referendum": "hexagon", "appointed": "box", "commission": "octagon",
                 "organ": "component"}[b.kind]
        extra = b.kind
        if isinstance(b, m.Chamber):
            extra = f"chamber, {total_seats(c, b):,} seats, {b.ballot} ballot"
        elif isinstance(b, m.Organ):
            extra = f"{b.organ_kind} organ"
        style = ', style="rounded"' if b.kind == "appointed" else ""
        out.append(f"  {q('body:' + b.name)} [shape={shape}{style}, label={_label(b.name, b.title, extra)}];")
    for b in c.bodies.values():
        if isinstance(b, (m.Chamber, m.Referendum)):
            seats = group_seats(c, b) if isinstance(b, m.Chamber) else None
            for g in b.electorate.groups:
                label = ""
                if seats is not None and g in seats:
                    per = Fraction(seats[g], c.groups[g].inhabitants) if c.groups[g].inhabitants else None
                    label = f"{seats[g]:,} seats" + (f"\n1 per {int(1 / per):,}" if per else "")
                out.append(f"  {q('group:' + g)} -> {q('body:' + b.name)} [label={q(label)}, color=\"#1565c0\"];")
        elif isinstance(b, m.Appointed):
            out.append(f"  {q('body:' + b.appointer)} -> {q('body:' + b.name)} [label=\"appoints\", style=dashed];")
        elif isinstance(b, m.Commission):
            for side in b.sides:
                out.append(f"  {q('body:' + side)} -> {q('body:' + b.name)} [label=\"delegation\", style=dotted];")
        elif isinstance(b, m.Organ):
            if b.directed_by:
                out.append(f"  {q('body:' + b.directed_by)} -> {q('body:' + b.name)} "
                           f"[label=\"directs\", color=\"#c62828\"];")
            for a in b.answers_to:
                out.append(f"  {q('body:' + b.name)} -> {q('body:' + a)} [label=\"answers to\", style=dashed];")
            for a in b.authorized_by:
                out.append(f"  {q('body:' + a)} -> {q('body:' + b.name)} [label=\"authorizes\", style=dotted];")
    for p in c.powers:
        target = q("body:" + p.object) if p.object else None
        holder = q(("proc:" if p.holder_kind == "procedure" else "body:") + p.holder)
        if target:
            out.append(f"  {holder} -> {target} [label={q(p.kind)}, color=\"#6a1b9a\", fontcolor=\"#6a1b9a\"];")
    return out


def procedure(c: m.Constitution, proc: m.Procedure, highlight: set[tuple[str, ...]] = frozenset(),
              marked: set[str] = frozenset()) -> list[str]:
    """A procedure as a cluster: steps, finals, and transitions labelled with outcomes and guards.
    `highlight` holds (step, outcome) pairs, or (step, outcome, target) triples where guards send one
    outcome to several steps, of a counterexample path to draw in red; `marked` the steps and finals
    that path visits."""
    pid = "proc:" + proc.name
    out = [f"  subgraph {q('cluster_' + proc.name)} {{", f"    label={q('procedure ' + proc.name)}; color=\"#455a64\";",
           f"    {q(pid)} [shape=point, width=0.15];"]
    for s in proc.steps.values():
        verb = "decides" if isinstance(c.bodies[s.body], m.Referendum) else \
            "deliberates" if isinstance(c.bodies[s.body], m.Commission) else "votes"
        what = f"{s.body} dissolves {', '.join(s.dissolved)}" if s.kind == "dissolve" else f"{s.body} {verb}"
        if s.kind == "vote" and s.motion != m.DEFAULT_MOTION:
            what += f" on {s.motion}"
        if s.rule:
            what += f"\nby {s.rule.describe()}"
        out.append(f"    {q(pid + ':' + s.name)} [shape=box, style=rounded{_mark(s.name in marked)}, "
                   f"label={_label(s.name, what)}];")
    reached = {t.target for st in proc.steps.values() for t in st.transitions}
    for f in proc.finals.values():
        if f.name not in reached:
            continue
        colour = HOT if f.name in marked else FINAL_STYLE[f.success]
        out.append(f"    {q(pid + ':' + f.name)} [shape=doublecircle, label={q(f.name)}, "
                   f"color={q(colour)}{_mark(f.name in marked, colour=False)}];")
    out.append(f"    {q(pid)} -> {q(pid + ':' + proc.start)};")
    for s in proc.steps.values():
        for t in s.transitions:
            label = t.outcome + (f"\n[{t.guard.describe()}]" if t.guard else "") + \
                (f"\n{', '.join(a.describe() for a in t.actions)}" if t.actions else "")
            hot = (s.name, t.outcome) in highlight or (s.name, t.outcome, t.target) in highlight
            style = f', color="{HOT}", penwidth=2.5, fontcolor="{HOT}"' if hot else ""
            out.append(f"    {q(pid + ':' + s.name)} -> {q(pid + ':' + t.target)} [label={q(label)}{style}];")
    out.append("  }")
    return out


def _preamble(rankdir: str = "LR") -> list[str]:
    return ["digraph veche {", f"  rankdir={rankdir}; fontname=\"Helvetica\";",
            "  node [fontname=\"Helvetica\", fontsize=10]; edge [fontname=\"Helvetica\", fontsize=9];"]


def dot(c: m.Constitution, procedures: bool = True) -> str:
    """The whole diagram as DOT text (deterministic)."""
    lines = [*_preamble(), f"  label={q(c.title or c.path)}; labelloc=t;"]
    lines += institution(c)
    if procedures:
        for proc in c.procedures.values():
            lines += procedure(c, proc)
    lines.append("}")
    return "\n".join(lines) + "\n"


def procedure_dot(c: m.Constitution, name: str, highlight: set[tuple[str, ...]] = frozenset(),
                  marked: set[str] = frozenset(), rankdir: str = "LR") -> str:
    """One procedure alone as DOT text, with a counterexample's path in red (see `procedure`);
    `rankdir="TB"` draws it top to bottom, to stand in a narrow column."""
    return "\n".join([*_preamble(rankdir), *procedure(c, c.procedures[name], highlight, marked), "}"]) + "\n"


class GraphvizMissing(RuntimeError):
    """The `dot` program is not installed."""


def to_svg(dot_text: str, timeout: float = 60) -> str:
    """Draw DOT as SVG with Graphviz's `dot`."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissing("Graphviz is not installed: install it with `apt-get install graphviz` "
                              "(Debian/Ubuntu) or `brew install graphviz` (macOS); the DOT text is still available "
                              "with --format dot")
    proc = subprocess.run([exe, "-Tsvg"], input=dot_text, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"Graphviz failed: {proc.stderr.strip()[:500]}")
    return proc.stdout
