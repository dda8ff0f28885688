"""Counterexamples as numbered narratives, for `veche explain` and reports.

Works from the JSON form of a result (what `--format json` prints), so a narrative
can be produced from a saved report as well as from a fresh run.
"""

from __future__ import annotations

import re
from typing import Any

from dsl import model as m

OUTCOME_WORDS = {
    "yes": "passes", "no": "fails", "no_quorum": "fails for want of a quorum",
    "agree": "agrees", "disagree": "does not agree", "done": "is done",
}


def _num(x: Any) -> str:
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def _body_title(c: m.Constitution | None, name: str) -> str:
    body = c.bodies.get(name) if c else None
    if body is not None and body.title and body.title != name:
        return f"the {name} ({body.title})"
    return f"the {name}"


def _tally_text(t: dict) -> str:
    """`SR 324 + Menshevik 17 yes (341), Bolshevik 168 no; 341 of 703, 2/3 of votes cast`."""
    seats, positions = t.get("seats", {}), t.get("positions", {})
    parts = []
    for position in ("yes", "no", "abstain", "absent"):
        parties = [p for p, pos in positions.items() if pos == position and seats.get(p, 0) not in (0, "0")]
        if not parties:
            continue
        listed = " + ".join(f"{p} {_num(seats[p])}" for p in parties)
        total = t.get(position)
        parts.append(f"{listed} {position}" + (f" ({_num(total)})" if len(parties) > 1 else ""))
    text = ", ".join(parts) if parts else "no party takes part"
    text += f"; {_num(t['yes'])} yes of {_num(t['members'])}, {t['rule']}"
    if t.get("note"):
        text += f" ({t['note']})"
    return text


def step_lines(cx: dict, c: m.Constitution | None = None) -> list[str]:
    """One numbered sentence per step of a procedural counterexample."""
    lines = []
    loop = cx.get("loop_start")
    for s in cx["states"]:
        n = s["index"] + 1
        if loop is not None and s["index"] == loop:
            lines.append(f"   — from here the run repeats forever (the cycle starts at step {n}) —")
        who = _body_title(c, s["body"])
        if s["kind"] == "dissolve":
            chambers = " and ".join(s.get("dissolved", ()))
            text = f"{n}. {who[0].upper() + who[1:]} dissolves {chambers or 'the chambers'}; new elections are held."
        else:
            verb = {"agree": "deliberates", "disagree": "deliberates"}.get(s["outcome"], "votes")
            text = f"{n}. {who[0].upper() + who[1:]} {verb} on `{s['motion']}`"
            tallies = s.get("tallies") or []
            if len(tallies) == 1:
                text += f": {_tally_text(tallies[0])}"
            elif len(tallies) > 1:
                text += ": " + "; ".join(f"delegation of {t['body']}: {_tally_text(t)}" for t in tallies)
            text += f" — {OUTCOME_WORDS.get(s['outcome'], s['outcome'])}."
        nxt = s.get("next")
        if nxt is None:
            text += " No transition follows this outcome: the procedure is stuck."
        elif c is not None and cx.get("procedure") in c.procedures and c.procedures[cx["procedure"]].is_final(nxt):
            text += f" The procedure ends: {nxt}."
        counters = {k: v for k, v in s.get("counters", {}).items() if v}
        if counters:
            text += " (" + ", ".join(f"{k} = {v}" for k, v in counters.items()) + ")"
        lines.append(text)
    if cx.get("end") == "cycle":
        lines.append("   — and back to the start of the cycle: the procedure never ends. —")
    return lines


def scenario_lines(cx: dict) -> list[str]:
    s = cx["scenario"]
    lines = []
    motions = sorted({mo for v in s["positions"].values() for mo in v})
    for mo in motions:
        lines.append(f"Positions on `{mo}`: " + ", ".join(f"{p} {v[mo]}" for p, v in s["positions"].items()))
    for ch, comp in s["compositions"].items():
        seats = ", ".join(f"{p} {_num(n)}" for p, n in comp.items() if n)
        if seats:
            lines.append(f"{ch} elected: {seats}")
    for ch, seq in s.get("elections", {}).items():
        for k, comp in enumerate(seq, start=1):
            lines.append(f"{ch} re-election {k}: " + ", ".join(f"{p} {_num(n)}" for p, n in comp.items() if n))
    for key, outcome in s.get("referenda", {}).items():
        lines.append(f"Referendum {key}: {outcome}")
    return lines


def _ratio(text: str) -> str:
    """`109278614/1253985` as `87.15`."""
    if "/" not in text:
        return text
    num, den = text.split("/")
    return f"{int(num) / int(den):.2f}"


def support_run(c: m.Constitution, cx: dict) -> dict | None:
    """A `min-winning-support` run (steps and tallies) as a counterexample run of its procedure,
    so that it is told and drawn like the others; None when no procedure of the power has it."""
    steps = cx.get("run") or []
    for p in c.powers:
        if p.key != cx.get("power") or p.holder_kind != "procedure":
            continue
        proc = c.procedures[p.holder]
        if not all(s["step"] in proc.steps and proc.steps[s["step"]].body == s["body"] for s in steps):
            continue
        states = []
        for i, s in enumerate(steps):
            step = proc.steps[s["step"]]
            if i + 1 < len(steps):
                nxt = steps[i + 1]["step"]
            else:  # the run ends in the final that exercises the power
                nxt = next((t.target for t in step.transitions if t.outcome in (s["outcome"], "else")
                            and proc.is_final(t.target) and proc.finals[t.target].success), None)
            states.append({"index": i, "step": step.name, "kind": step.kind, "body": s["body"],
                           "motion": step.motion, "outcome": s["outcome"], "next": nxt,
                           "tallies": s.get("tallies", []), "dissolved": list(step.dissolved)})
        return {"procedure": proc.name, "states": states}
    return None


def support_lines(cx: dict, c: m.Constitution | None = None) -> list[str]:
    """The story of a `min-winning-support` witness: supporters per group, seats won, the run."""
    lines = ["The fewest supporters who suffice, by group:"]
    # Supporters are counted per district (`group/district`) where a group has districts: hundreds
    # of lines, so they are summed per group.
    groups: dict[str, list[int]] = {}
    for unit, n in cx.get("supporters", {}).items():
        groups.setdefault(unit.split("/")[0], []).append(n)
    lines += [f"  {g}: {sum(ns):,}" + (f" (in {len(ns)} districts)" if len(ns) > 1 else "")
              for g, ns in groups.items()]
    if cx.get("seats"):
        lines += ["", "Seats they win: " + ", ".join(f"{b} {n:,}" for b, n in cx["seats"].items()) + "."]
    run = support_run(c, cx) if c is not None and cx.get("run") else None
    if run:
        lines += ["", "Run:"] + step_lines(run, c)
    elif cx.get("run"):
        lines += ["", "Run:"] + [f"{i}. {_body_title(c, s['body'])} decides {s['outcome']}"
                                 + ("".join(f": {_tally_text(t)}" for t in s.get("tallies", [])[:1]))
                                 for i, s in enumerate(cx["run"], start=1)]
    return lines


def witness_lines(result: dict) -> list[str]:
    """Structural findings (exclusion, malapportionment, open ballots) in words."""
    cx = result.get("counterexample") or {}
    kind = cx.get("kind")
    if kind == "exclusion":
        return [f"{i}. `{g['group']}` cannot vote for any of: " +
                "; ".join(f"{b} ({how})" for b, how in g["electorates"].items())
                for i, g in enumerate(cx["groups"], start=1)]
    if kind == "malapportionment":
        return [f"{i}. In {ch['chamber']}, {ch['best']} have {_ratio(ch['ratio'])} times the representation of "
                f"{ch['worst']}."
                for i, ch in enumerate(cx["chambers"], start=1)]
    if kind == "unaccountable-organs":
        return [f"{i}. {o['organ']} (directed by {o['directed_by'] or 'nobody'}): " + "; ".join(o["problems"]) + "."
                for i, o in enumerate(cx["organs"], start=1)]
    if kind == "unilateral-dissolution":
        return [f"{i}. {d['by']} can dissolve {d['chamber']} without its consent ({d['how']})."
                for i, d in enumerate(cx["dissolutions"], start=1)]
    if kind == "concentration":
        return [f"1. {cx['body']} directs {', '.join(cx['organs'])} and holds `power {cx['power']}`."]
    if kind == "veto-players":
        return [f"Veto players: {', '.join(cx['veto_players']) or 'none'}."] + \
            [f"{b} can be bypassed: {' → '.join(s['step'] + ' ' + s['outcome'] for s in run['states'])}."
             for b, run in cx.get("bypass_runs", {}).items()]
    if kind == "power-index":
        return [f"{row['member']}: {row['weight']:,} seats, index {row['index']}" for row in cx["table"]]
    if kind == "no-dummy":
        return [f"{i}. Group `{g['group']}` can change the outcome of none of: {', '.join(g['powers'])} "
                f"({g['proof']})." for i, g in enumerate(cx.get("groups", []), start=1)] + \
            [f"{i}. {d['member']} in {d['body']} ({d['weight']:,} of {d['total']:,} seats, a decision needs "
             f"{d['quota']:,}) is never decisive."
             for i, d in enumerate(cx.get("members", []), start=len(cx.get("groups", [])) + 1)]
    if kind == "open-ballot":
        return [f"{i}. {b['body']} is elected by open vote (line {b['line']})."
                for i, b in enumerate(cx["bodies"], start=1)]
    return []


def line_kind(line: str) -> tuple[str, str, str | None]:
    """How a line of a narrative reads, for renderers that lay it out: (`blank`, `step` (a numbered
    sentence, with its number), `loop` (where a cycle starts), `detail` (an indented line) or
    `text`, the line's text without its marker, the step's number)."""
    if not line.strip():
        return "blank", "", None
    numbered = re.match(r"^(\d+)\. (.*)$", line)
    if numbered:
        return "step", numbered.group(2), numbered.group(1)
    if line.strip().startswith("—"):
        return "loop", line.strip(), None
    if line.startswith("  "):
        return "detail", line.strip(), None
    return "text", line, None


def explain(result: dict, c: m.Constitution | None = None) -> list[str]:
    """The whole narrative of one result."""
    head = f"{result['name']}" + (f" {result['target']}" if result.get("target") else "") + \
        f": {result['status']}" + (f" [{result['method']}]" if result.get("method") else "")
    lines = [head, result["message"]]
    cx = result.get("counterexample")
    if not cx:
        return lines
    if "states" in cx:
        lines += ["", "Scenario (replayed by the simulator):"] + [f"  {x}" for x in scenario_lines(cx)]
        lines += ["", "Run:"] + step_lines(cx, c)
    elif cx.get("kind") == "min-winning-support":
        lines += [""] + support_lines(cx, c)
    else:
        lines += [""] + witness_lines(result)
    return lines
