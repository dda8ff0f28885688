"""What `veche report` shows, as data: the verdicts, the counterexamples with the paths they take
through their procedures, the representation of every group, the power table and the sources.

Nothing here writes markup (that is `html.py`), so the figures can be tested on their own and the
page only arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from dsl import model as m

from ..budget import Budget, OutOfTime, SolverUnknown
from ..checks import Context
from ..checks.representation_ratio import chamber_figures
from ..checks.veto_players import veto_players
from ..power import indices
from ..power.bodies import weighted_bodies
from ..procedures.search import TooLarge
from ..results import FileReport
from ..runner import run_file
from . import json_out, narrative


@dataclass(frozen=True)
class Path:
    """A run of a procedure to draw: the transitions it takes, as (step, outcome, target), and the
    steps and finals it visits."""

    procedure: str
    caption: str
    edges: frozenset[tuple[str, str, str]]
    nodes: frozenset[str]


@dataclass(frozen=True)
class Finding:
    """One check's verdict with what the page tells about it: the story and the runs to draw."""

    index: int
    result: dict  # the JSON form (`json_out.result`), which the narratives read
    story: tuple[str, ...]
    paths: tuple[Path, ...]


@dataclass(frozen=True)
class GroupShare:
    group: str
    seats: Fraction
    inhabitants: int
    voters: int


@dataclass(frozen=True)
class ChamberShare:
    """Seats per group of one elected chamber; `ratio` is the best- against the worst-represented
    group per inhabitant and per voter (None when some group has no seat at all)."""

    chamber: str
    formula: str
    groups: tuple[GroupShare, ...]
    ratio_inhabitant: Fraction | None
    ratio_voter: Fraction | None


@dataclass(frozen=True)
class MemberPower:
    name: str
    seats: int
    share: Fraction
    banzhaf: Fraction
    shapley_shubik: Fraction
    flag: str  # "veto", "dummy" or ""


@dataclass(frozen=True)
class BodyPower:
    """A body's weighted game; `members` is empty when the file does not fix its seats."""

    body: str
    total: int
    quota: int
    members: tuple[MemberPower, ...]


@dataclass(frozen=True)
class VetoRow:
    power: str
    players: tuple[str, ...] | None  # None: not determined (see `note`)
    note: str = ""


@dataclass(frozen=True)
class Citation:
    what: str
    line: int
    number: str


@dataclass(frozen=True)
class SourceNote:
    name: str
    text: str
    cited_by: tuple[Citation, ...]


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows about one file."""

    report: FileReport
    model: m.Constitution
    findings: tuple[Finding, ...]
    representation: tuple[ChamberShare, ...]
    power: tuple[BodyPower, ...]
    vetoes: tuple[VetoRow, ...]
    sources: tuple[SourceNote, ...]


# ------------------------------------------------------------------ counterexample paths
def _taken(proc: m.Procedure, step: str, outcome: str, target: str | None) -> tuple[str, str, str] | None:
    """The transition a run took: its outcome, or `else`, leading to the step it went to."""
    if target is None or step not in proc.steps:
        return None
    found = [t for t in proc.steps[step].transitions if t.target == target and t.outcome in (outcome, "else")]
    found.sort(key=lambda t: t.outcome == "else")
    return (step, found[0].outcome, target) if found else None


def path_of(c: m.Constitution, run: dict, caption: str = "") -> Path | None:
    """The path of a run (`procedure` and `states`, as in a counterexample) through its procedure."""
    proc = c.procedures.get(run.get("procedure"))
    if proc is None:
        return None
    edges, nodes = set(), set()
    for s in run.get("states", ()):
        nodes.add(s["step"])
        if s.get("next"):
            nodes.add(s["next"])
        edge = _taken(proc, s["step"], s["outcome"], s.get("next"))
        if edge:
            edges.add(edge)
    return Path(proc.name, caption, frozenset(edges), frozenset(nodes))


def _runs(c: m.Constitution, cx: dict) -> list[tuple[str, dict]]:
    """(caption, run) for every run of a procedure that a counterexample holds."""
    if "states" in cx:
        return [("", cx)]
    if cx.get("kind") == "veto-players":
        return [(f"a successful run without the consent of {body}", run)
                for body, run in sorted(cx.get("bypass_runs", {}).items())]
    if cx.get("kind") == "min-winning-support" and cx.get("run"):
        run = narrative.support_run(c, cx)
        return [("", run)] if run else []
    return []


def finding(index: int, r, c: m.Constitution) -> Finding:
    """One result, with its story (`narrative.explain`) and the paths of its counterexample."""
    result = json_out.result(r)
    cx = result.get("counterexample") or {}
    story = narrative.explain(result, c)
    runs = _runs(c, cx)
    paths = tuple(p for caption, run in runs if (p := path_of(c, run, caption)) is not None)
    return Finding(index, result, tuple(story), paths)


# ------------------------------------------------------------------ representation
def representation(c: m.Constitution) -> tuple[ChamberShare, ...]:
    """Seats per group of every chamber two or more groups elect (party-list seats counted per
    group in proportion to its voters, as `representation-ratio` counts them)."""
    out = []
    for chamber in c.chambers.values():
        per_head = chamber_figures(c, chamber, "inhabitant")
        if per_head is None:
            continue
        per_voter = chamber_figures(c, chamber, "voter")
        groups = tuple(GroupShare(g["group"], Fraction(g["seats"]), c.groups[g["group"]].inhabitants,
                                  c.groups[g["group"]].voters) for g in per_head["groups"])
        out.append(ChamberShare(chamber.name, chamber.seating.formula, groups,
                                _ratio(per_head), _ratio(per_voter)))
    return tuple(out)


def _ratio(figures: dict | None) -> Fraction | None:
    if figures is None or figures["ratio"] == "infinite":
        return None
    return Fraction(figures["ratio"])


# ------------------------------------------------------------------ power
def power(c: m.Constitution) -> tuple[BodyPower, ...]:
    """What `veche power` tabulates: each member's seats, Banzhaf and Shapley-Shubik index."""
    out = []
    for name, g in weighted_bodies(c).items():
        if g is None:
            out.append(BodyPower(name, 0, 0, ()))
            continue
        bz, ss = indices.banzhaf(g), indices.shapley_shubik(g)
        dummies, vetoes = set(indices.dummies(g)), set(indices.veto_players(g))
        members = tuple(MemberPower(n, w, Fraction(w, g.total), bz[n], ss[n],
                                    "veto" if n in vetoes else "dummy" if n in dummies else "")
                        for n, w in sorted(zip(g.names, g.weights), key=lambda x: (-x[1], x[0])))
        out.append(BodyPower(name, g.total, g.quota, members))
    return tuple(out)


def vetoes(c: m.Constitution, timeout: float | None, known: dict[str, tuple[str, ...]] | None = None
           ) -> tuple[VetoRow, ...]:
    """The veto players of every power; those in `known` (found by a `veto-players` check of the
    same run) are not searched again, and one exploration of each procedure serves every power."""
    shared: dict = {}
    rows = []
    for key in sorted({p.key for p in c.powers}):
        if known and key in known:
            rows.append(VetoRow(key, known[key]))
            continue
        try:
            players, _ = veto_players(c, key, Budget(timeout), shared)
        except (OutOfTime, SolverUnknown, TooLarge) as exc:
            rows.append(VetoRow(key, None, f"not determined: {exc}"))
        else:
            rows.append(VetoRow(key, tuple(players)))
    return tuple(rows)


# ------------------------------------------------------------------ sources
def _written(text: str, path: str, span) -> str:
    """The number as the file writes it (`9_026_032`), from its span ("" if it stands elsewhere)."""
    lines = text.split("\n")
    if span.path != path or span.line != span.end_line or not 1 <= span.line <= len(lines):
        return ""
    return lines[span.line - 1][span.column - 1:span.end_column - 1]


def sources(c: m.Constitution, text: str) -> tuple[SourceNote, ...]:
    """The file's `sources` block, each note with the numbers that cite it."""
    cited: dict[str, list[Citation]] = {}
    for name, what, span in c.cited_numbers:
        cited.setdefault(name, []).append(Citation(what, span.line, _written(text, c.path, span)))
    return tuple(SourceNote(s.name, s.text, tuple(cited.get(s.name, ()))) for s in c.sources.values())


# ------------------------------------------------------------------ all of it
def gather(path: str, model: m.Constitution, only=(), skip=(), timeout: float | None = None) -> ReportData:
    """Check PATH as `veche check` does, and collect what the report shows about its MODEL."""
    report = run_file(path, only, skip, Context(timeout=timeout))
    return collect(report, model, timeout)


def collect(report: FileReport, model: m.Constitution, timeout: float | None = None) -> ReportData:
    """The report's data from the results of a checked file; the veto players a `veto-players`
    check found are not searched again."""
    known = {r.figures["power"]: tuple(r.figures["veto_players"]) for r in report.results
             if r.name == "veto-players" and "veto_players" in r.figures}
    return ReportData(report, model, tuple(finding(i, r, model) for i, r in enumerate(report.results)),
                      representation(model), power(model), vetoes(model, timeout, known),
                      sources(model, report.text))
