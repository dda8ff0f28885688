"""The concrete semantics: run one scenario through a procedure, step by step.

This is the reference the solver encodings must agree with, so it is written for
clarity, in exact integer arithmetic, with no knowledge of Z3.  A scenario fixes
everything the constitution leaves open — party positions on each motion, the
composition of each chamber at each election, referendum results where support is
not modelled — and `run` returns the trace: every step, every vote's tally, the
counters after each step, and how the run ended (a final outcome, stuck at an
outcome with no next step, a cycle, or the step limit).

Semantics (docs/language.md states them for users):
- Parties vote as blocs: `yes`, `no`, `abstain` (present, no vote cast) or `absent`.
- A chamber passes a motion by its decision rule; with a quorum rule that the members
  present do not meet, the outcome is `no_quorum`.
- An appointed body mirrors its appointer's composition and decides by its own rule
  (so under a majority rule it follows its appointer's majority).
- A parity commission agrees iff each side's delegation agrees, a delegation
  following the majority of the votes cast in its body.
- A referendum's result comes from the scenario, or from modelled support: each
  party's supporters vote as the party does; abstainers cast blank ballots.
- Dissolution re-elects the chambers it names with the scenario's next composition
  for each (the same composition again when the scenario gives no further one).
- Counters saturate at the cap the resolver derived (one above the largest constant
  they are compared with), which keeps runs finite without changing any guard.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Mapping, Sequence

from dsl import model as m

from .seating import composition_from_support, total_seats

POSITIONS = ("yes", "no", "abstain", "absent")
DEFAULT_MAX_STEPS = 1000


class ScenarioError(ValueError):
    """The scenario does not determine a run (a missing position, a composition that does not fit)."""


@dataclass(frozen=True)
class Scenario:
    """Everything the constitution leaves open, fixed for one run.

    positions:    party -> motion -> yes | no | abstain | absent
    compositions: chamber -> party -> seats at the first election (chambers whose
                  composition is pinned or follows from support may be omitted)
    elections:    chamber -> the compositions of its re-elections, in order (the k-th
                  dissolution brings the k-th); past the end the last one repeats, or,
                  with `loop_from[chamber] = i`, the list cycles back to its i-th entry
    referenda:    "Referendum" or "Referendum:motion" -> yes | no | no_quorum
    """

    positions: Mapping[str, Mapping[str, str]]
    compositions: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    elections: Mapping[str, Sequence[Mapping[str, int]]] = field(default_factory=dict)
    referenda: Mapping[str, str] = field(default_factory=dict)
    loop_from: Mapping[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "positions": {p: dict(v) for p, v in self.positions.items()},
            "compositions": {k: dict(v) for k, v in self.compositions.items()},
            "elections": {k: [dict(c) for c in v] for k, v in self.elections.items()},
            "loop_from": dict(self.loop_from),
            "referenda": dict(self.referenda),
        }

    @staticmethod
    def from_dict(data: Mapping, motions: Sequence[str] = ()) -> "Scenario":
        """A scenario from JSON/TOML data; a party's position may be one word for every motion."""
        if not isinstance(data, Mapping):
            raise ScenarioError("a scenario is a table with `positions` (and optionally `compositions`, "
                                "`elections`, `referenda`, `loop_from`)")
        unknown = set(data) - {"positions", "compositions", "elections", "referenda", "loop_from", "procedure"}
        if unknown:
            raise ScenarioError(f"unknown scenario keys: {', '.join(sorted(unknown))}")
        positions = {}
        for party, value in dict(data.get("positions", {})).items():
            positions[party] = {mo: value for mo in motions} if isinstance(value, str) else dict(value)

        def counts(table, where):
            if not isinstance(table, Mapping) or not all(isinstance(v, int) and not isinstance(v, bool)
                                                         for v in table.values()):
                raise ScenarioError(f"{where} must map parties to whole numbers of seats")
            return dict(table)

        compositions = {ch: counts(v, f"compositions.{ch}") for ch, v in dict(data.get("compositions", {})).items()}
        elections = {ch: [counts(v, f"elections.{ch}") for v in seq]
                     for ch, seq in dict(data.get("elections", {})).items()}
        return Scenario(positions, compositions, elections, dict(data.get("referenda", {})),
                        dict(data.get("loop_from", {})))

    def election_index(self, chamber: str, k: int) -> int:
        """Which entry of `elections[chamber]` the k-th re-election uses; -1 for the first election."""
        seq = self.elections.get(chamber, ())
        if k == 0 or not seq:
            return -1
        if k - 1 < len(seq):
            return k - 1
        start = self.loop_from.get(chamber)
        if start is None:
            return len(seq) - 1
        return start + (k - 1 - len(seq)) % (len(seq) - start)


@dataclass(frozen=True)
class Tally:
    """How one body voted: seats (or, for a referendum, votes) per position."""

    body: str
    yes: Fraction
    no: Fraction
    abstain: Fraction
    absent: Fraction
    members: Fraction
    rule: str
    by_party: Mapping[str, str] = field(default_factory=dict)
    note: str | None = None
    weight: Mapping[str, Fraction] = field(default_factory=dict)  # seats (or votes) per party

    def as_dict(self) -> dict:
        def num(x: Fraction):
            return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"

        return {"body": self.body, "yes": num(self.yes), "no": num(self.no), "abstain": num(self.abstain),
                "absent": num(self.absent), "members": num(self.members), "rule": self.rule,
                "positions": dict(self.by_party), "seats": {p: num(w) for p, w in self.weight.items()},
                "note": self.note}


@dataclass(frozen=True)
class Event:
    """One executed step: who acted, the tallies, the outcome and where the run went next."""

    index: int
    step: str
    kind: str
    body: str
    motion: str
    outcome: str
    tallies: tuple[Tally, ...]
    target: str | None
    counters: Mapping[str, int]
    elections: Mapping[str, int]
    dissolved: tuple[str, ...] = ()


@dataclass(frozen=True)
class Run:
    """A whole run.  `end` is "final", "stuck", "cycle" or "limit"."""

    procedure: str
    events: tuple[Event, ...]
    end: str
    final: str | None = None
    success: bool | None = None
    loop_start: int | None = None

    @property
    def steps(self) -> int:
        return len(self.events)


class Simulator:
    """Runs procedures of one constitution under one scenario."""

    def __init__(self, c: m.Constitution, scenario: Scenario):
        self.c = c
        self.s = scenario
        self._check_positions()

    # ---------------------------------------------------------------- inputs
    def _check_positions(self) -> None:
        for party, motions in self.s.positions.items():
            if party not in self.c.parties:
                raise ScenarioError(f"the scenario gives positions of `{party}`, which is not a party")
            for motion, pos in motions.items():
                if pos not in POSITIONS:
                    raise ScenarioError(f"position `{pos}` of `{party}` on `{motion}`: use one of "
                                        + ", ".join(POSITIONS))

    def position(self, party: str, motion: str) -> str:
        try:
            return self.s.positions[party][motion]
        except KeyError:
            raise ScenarioError(f"the scenario gives no position of `{party}` on `{motion}`") from None

    def composition(self, chamber: m.Chamber, election: int) -> Mapping[str, int]:
        """Seats per party of a chamber at its `election`-th election (0 = the first)."""
        index = self.s.election_index(chamber.name, election)
        if index >= 0:
            comp = self.s.elections[chamber.name][index]
        else:
            comp = (self.s.compositions.get(chamber.name) or chamber.composition
                    or composition_from_support(self.c, chamber))
        if comp is None:
            raise ScenarioError(f"the scenario gives no composition of `{chamber.name}`, and neither pinned seats "
                                "nor support determine it")
        unknown = [p for p in comp if p not in self.c.parties]
        if unknown:
            raise ScenarioError(f"composition of `{chamber.name}` names unknown parties: {', '.join(unknown)}")
        seats = total_seats(self.c, chamber)
        if sum(comp.values()) != seats or any(v < 0 for v in comp.values()):
            raise ScenarioError(f"composition of `{chamber.name}` has {sum(comp.values())} seats; the chamber has "
                                f"{seats}")
        return comp

    # ---------------------------------------------------------------- votes
    def chamber_tally(self, chamber: m.Chamber, motion: str, election: int) -> Tally:
        comp = self.composition(chamber, election)
        counts = {p: Fraction(0) for p in POSITIONS}
        by_party, weight = {}, {}
        for party, seats in comp.items():
            if seats:
                pos = self.position(party, motion)
                counts[pos] += seats
                by_party[party] = pos
                weight[party] = Fraction(seats)
        return Tally(chamber.name, counts["yes"], counts["no"], counts["abstain"], counts["absent"],
                     Fraction(sum(comp.values())), chamber.rule.describe(), by_party, weight=weight)

    def body_tally(self, name: str, motion: str, elections: Mapping[str, int]) -> Tally:
        """The tally of a chamber, or of an appointed body mirroring its appointer."""
        body = self.c.bodies[name]
        if isinstance(body, m.Chamber):
            return self.chamber_tally(body, motion, elections.get(name, 0))
        assert isinstance(body, m.Appointed)
        root = self.body_tally(body.appointer, motion, elections)
        return Tally(name, root.yes, root.no, root.abstain, root.absent, root.members, body.rule.describe(),
                     root.by_party, note=f"mirrors the composition of {root.body}", weight=root.weight)

    @staticmethod
    def decide(rule: m.DecisionRule, quorum: m.DecisionRule | None, t: Tally) -> str:
        present = t.yes + t.no + t.abstain
        if quorum is not None and not quorum.passes(present, 0, 0, t.members):
            return m.QUORUM_OUTCOME
        return "yes" if rule.passes(t.yes, t.no, t.abstain, t.members) else "no"

    def referendum(self, r: m.Referendum, motion: str, override: m.DecisionRule | None = None
                   ) -> tuple[str, Tally | None]:
        rule = override or r.rule
        given = self.s.referenda.get(referendum_key(r.name, motion, override)) or self.s.referenda.get(r.name)
        if given is not None:
            allowed = m.VOTE_OUTCOMES + ((m.QUORUM_OUTCOME,) if r.turnout else ())
            if given not in allowed:
                raise ScenarioError(f"referendum result `{given}` for `{r.name}`: use one of {', '.join(allowed)}")
            return given, None
        if not all(g in self.c.support for g in r.electorate.groups):
            raise ScenarioError(f"the scenario gives no result for referendum `{r.name}` on `{motion}`, and "
                                "support is not modelled for its whole electorate")
        counts = {p: Fraction(0) for p in POSITIONS}
        by_party, weight = {}, {}
        electorate = Fraction(0)
        for g in r.electorate.groups:
            voters = self.c.groups[g].voters
            electorate += voters
            backed = Fraction(0)
            for party, share in self.c.support[g].items():
                pos = self.position(party, motion)
                by_party[party] = pos
                counts[pos] += voters * share
                weight[party] = weight.get(party, Fraction(0)) + voters * share
                backed += share
            counts["absent"] += voters * (1 - backed)
        t = Tally(r.name, counts["yes"], counts["no"], counts["abstain"], counts["absent"], electorate,
                  rule.describe(), by_party, note="votes from modelled support", weight=weight)
        turnout_rule = m.DecisionRule(r.turnout, False, "members", r.span) if r.turnout else None
        return self.decide(rule, turnout_rule, t), t

    def vote(self, step: m.Step, elections: Mapping[str, int]) -> tuple[str, tuple[Tally, ...]]:
        body = self.c.bodies[step.body]
        if isinstance(body, m.Referendum):
            outcome, tally = self.referendum(body, step.motion, step.rule)
            return outcome, (tally,) if tally else ()
        if isinstance(body, m.Commission):
            tallies = tuple(replace(self.body_tally(side, step.motion, elections), rule="delegation: more yes than no")
                            for side in body.sides)
            agree = all(t.yes > t.no for t in tallies)
            return ("agree" if agree else "disagree"), tallies
        rule = step.rule or body.rule
        tally = replace(self.body_tally(step.body, step.motion, elections), rule=rule.describe())
        quorum = step.quorum or body.quorum
        return self.decide(rule, quorum, tally), (tally,)

    # ---------------------------------------------------------------- runs
    def run(self, procedure: str, max_steps: int = DEFAULT_MAX_STEPS) -> Run:
        """Run a procedure from its start until a final outcome, a stuck step, a cycle or `max_steps`."""
        proc = self.c.procedures[procedure]
        counters = {c: 0 for c in proc.counters}
        elections = {name: 0 for name in self.c.chambers}
        current = proc.start
        events: list[Event] = []
        seen: dict[tuple, int] = {}
        while True:
            if proc.is_final(current):
                final = proc.finals[current]
                return Run(procedure, tuple(events), "final", current, final.success)
            if len(events) >= max_steps:
                return Run(procedure, tuple(events), "limit")
            state = (current, tuple(sorted(counters.items())), self._election_state(elections))
            if state in seen:
                return Run(procedure, tuple(events), "cycle", loop_start=seen[state])
            seen[state] = len(events)
            step = proc.steps[current]
            if step.kind == "dissolve":
                for chamber in step.dissolved:
                    elections[chamber] += 1
                outcome, tallies = "done", ()
            else:
                outcome, tallies = self.vote(step, elections)
            transition, counters = take(proc, step, outcome, counters)
            events.append(Event(len(events), step.name, step.kind, step.body, step.motion, outcome, tallies,
                                transition.target if transition else None, dict(counters), dict(elections),
                                step.dissolved))
            if transition is None:
                return Run(procedure, tuple(events), "stuck")
            current = transition.target

    def _election_state(self, elections: Mapping[str, int]) -> tuple:
        # The state must fix the future: which entry of the scenario's elections each chamber is
        # at (the same composition reached at a different point of the sequence can be followed
        # by different re-elections).
        return tuple(sorted((k, self.s.election_index(k, v)) for k, v in elections.items()))


def trace(scenario: Scenario, run: Run, loop_start: int | None = None) -> dict:
    """A run as JSON-ready data: the scenario, then every state in order (in the spirit of
    Apalache's ITF traces); `loop_start` is where a cycle begins."""
    states = [{
        "index": e.index, "step": e.step, "kind": e.kind, "body": e.body,
        "motion": e.motion if e.kind == "vote" else None,
        "outcome": e.outcome, "next": e.target, "tallies": [t.as_dict() for t in e.tallies],
        "counters": dict(e.counters), "elections": dict(e.elections), "dissolved": list(e.dissolved),
    } for e in run.events]
    return {
        "procedure": run.procedure,
        "scenario": scenario.as_dict(),
        "states": states,
        "end": run.end,
        "final": run.final,
        "loop_start": loop_start if loop_start is not None else run.loop_start,
    }


def referendum_key(referendum: str, motion: str, override: m.DecisionRule | None = None) -> str:
    """How a scenario names a referendum result: `People:bill`, or `People:bill@2/3 of votes cast`
    for a step that decides under its own rule (results under different rules are independent
    when support is not modelled)."""
    return f"{referendum}:{motion}" + (f"@{override.describe()}" if override else "")


def take(proc: m.Procedure, step: m.Step, outcome: str, counters: Mapping[str, int]
         ) -> tuple[m.Transition | None, dict[str, int]]:
    """The first transition of `step` that matches `outcome` and whose guard holds, and the
    counters after its actions (saturating at the procedure's caps); None if nothing matches."""
    counters = dict(counters)
    transition = next((t for t in step.transitions
                       if t.outcome in (outcome, "else") and (t.guard is None or t.guard.holds(counters))), None)
    if transition is not None:
        for a in transition.actions:
            value = counters[a.counter] + a.value if a.op == "+=" else a.value
            counters[a.counter] = max(0, min(value, proc.counter_caps[a.counter]))
    return transition, counters


def run(c: m.Constitution, procedure: str, scenario: Scenario, max_steps: int = DEFAULT_MAX_STEPS) -> Run:
    """Run one scenario through one procedure (see `Simulator`)."""
    return Simulator(c, scenario).run(procedure, max_steps)
