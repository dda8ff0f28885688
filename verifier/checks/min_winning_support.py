"""min-winning-support: the smallest share of the population whose support suffices to exercise a power.

What it checks
    The population splits into supporters of a motion and everyone else: supporters vote
    for it in referenda and for representatives who back it; every other voter opposes it.
    Seats follow from each chamber's seating formula — winner-take-all districts, a
    group's delegation shared by D'Hondt, party lists by their method and threshold —
    appointed bodies follow their appointer, a parity commission agrees when both
    delegations have a majority.  The check finds, over every path of the power's
    procedure (or the holder's own vote), the fewest supporters that carry it, exactly,
    as a share of all inhabitants, and compares it with the bound.  Pinned compositions
    and declared support are set aside: the question is what the rules allow.

Why it matters
    "Capture by one party" has a number: under the RSFSR constitution of 1918 a majority
    of the Congress of Soviets, which appointed the executive that made the laws, needed
    far fewer than half of the people, because town voters counted five times and a fifth
    of the population could not vote at all.

Example
    `check min-winning-support legislate >= 50%`

Counterexample
    The supporters per group or district, the seats they win in each chamber, and the run
    of the procedure they carry, replayed by the simulator.

How to fix
    Equal quotas, universal franchise, a second chamber or a referendum on a different
    basis raise the share; a qualified majority raises it further.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from dsl import model as m
from dsl.signatures import CheckSignature

from ..budget import Budget
from ..numbers import exact, pct
from ..power import support_dp
from ..power.support import OPPONENTS, SUPPORTERS, carried, supporter_seats, units
from ..results import ERROR, HOLDS, VIOLATED, CheckResult
from ..seating import total_seats
from ..simulator import Scenario, Simulator, referendum_key, take
from .base import Check, Context
from .procedural import guarded


def requirement_sets(proc: m.Procedure) -> list[list[tuple[m.Step, str]]]:
    """For every way through the procedure to a successful final outcome, the outcomes it needs
    (one per body and rule: the same supporters decide alike every time)."""
    out, seen_sets = [], set()
    seen = set()
    stack = [(proc.start, tuple(0 for _ in proc.counters), (), ())]
    while stack:
        pc, counters, assign, reqs = stack.pop()
        state = (pc, counters, assign)
        if state in seen:
            continue  # a repeated state is a cycle: the run never succeeds along it
        seen.add(state)
        if proc.is_final(pc):
            if proc.finals[pc].success and assign not in seen_sets:
                seen_sets.add(assign)
                out.append(list(reqs))
            continue
        step = proc.steps[pc]
        known = dict(assign)
        if step.kind == "dissolve":
            options, key = ["done"], None
        else:
            key = (step.body, step.override)
            options = [known[key]] if key in known else list(step.outcomes)
        for outcome in options:
            transition, after = take(proc, step, outcome, dict(zip(proc.counters, counters)))
            if transition is None:
                continue
            new_assign = assign if key is None or key in known else tuple(sorted(assign + ((key, outcome),)))
            new_reqs = reqs if key is None or key in known else reqs + ((step, outcome),)
            stack.append((transition.target, tuple(after[k] for k in proc.counters), new_assign, new_reqs))
    return out


def supporters_by_group(c: m.Constitution, s: dict[str, int]) -> dict[str, int]:
    """Supporters per group, from supporters per unit."""
    out: dict[str, int] = {}
    for u in units(c):
        if s[u.name]:
            out[u.group] = out.get(u.group, 0) + s[u.name]
    return out


def holder_step(c: m.Constitution, holder: str) -> m.Step:
    """A power held by a body is exercised by one decision of that body."""
    return m.Step("decision", "vote", holder, m.DEFAULT_MOTION, (), (), (), c.bodies[holder].span)


def replay(c: m.Constitution, power: m.Power, s: dict[str, int]) -> dict:
    """Run the procedure with the supporters' seats computed by the apportionment methods (not the solver)."""
    two = replace(c, parties={SUPPORTERS: m.Party(SUPPORTERS, None, power.span),
                              OPPONENTS: m.Party(OPPONENTS, None, power.span)}, support={})
    comps = {}
    for name, chamber in c.chambers.items():
        won = supporter_seats(c, chamber, s)
        comps[name] = {SUPPORTERS: won, OPPONENTS: total_seats(c, chamber) - won}
    if power.holder_kind == "body" and isinstance(c.bodies[power.holder], m.Organ):
        return {"steps": [{"step": "decision", "body": power.holder, "outcome": "yes"}], "success": True,
                "compositions": comps}
    if power.holder_kind == "body":
        step = holder_step(c, power.holder)
        outcome = carried(c, step, s)
        return {"steps": [{"step": "decision", "body": power.holder, "outcome": outcome}], "success": outcome in ("yes", "agree"),
                "compositions": comps}
    proc = c.procedures[power.holder]
    motions = {st.motion for st in proc.steps.values() if st.kind == "vote"}
    referenda = {}
    for st in proc.steps.values():
        if st.kind == "vote" and isinstance(c.bodies[st.body], m.Referendum):
            referenda[referendum_key(st.body, st.motion, st.rule)] = carried(c, st, s)
    scenario = Scenario(positions={SUPPORTERS: {mo: "yes" for mo in motions},
                                   OPPONENTS: {mo: "no" for mo in motions}},
                        compositions=comps, referenda=referenda)
    run = Simulator(two, scenario).run(proc.name)
    return {"steps": [{"step": e.step, "body": e.body, "outcome": e.outcome,
                       "tallies": [t.as_dict() for t in e.tallies]} for e in run.events],
            "success": run.end == "final" and bool(run.success), "final": run.final, "compositions": comps}


def minimum(c: m.Constitution, power_key: str, budget: Budget, shared: dict | None = None):
    """(supporters per unit, the power exercised) at the minimum, or None if no support suffices.

    `shared` (the run's `Context.shared`) keeps the minimum of every requirement set found, so that
    `entrenched` and the checks of several powers going the same way do not solve it again."""
    cache = shared.setdefault(("min-winning-support", id(c)), {}) if shared is not None else {}
    enc = None
    best = None
    for power in (p for p in c.powers if p.key == power_key):
        if power.holder_kind == "body":
            holder = c.bodies[power.holder]
            if isinstance(holder, m.Organ):
                return {u.name: 0 for u in units(c)}, power  # an organ acts whatever the people think
            reqs_list = [[(holder_step(c, power.holder), "yes")]]
        else:
            reqs_list = requirement_sets(c.procedures[power.holder])
        for reqs in reqs_list:
            budget.check()
            # The outcome a requirement asks for depends on the body, the step's rule and the result.
            key = tuple(sorted((st.body, st.rule.key if st.rule else None, result) for st, result in reqs))
            if key in cache:
                found = cache[key]
            else:
                try:
                    found = support_dp.minimum(c, reqs)
                except support_dp.NotSeparable:
                    if enc is None:
                        from ..encoding.support import SupportEncoding  # Z3 only when the table cannot do it

                        enc = SupportEncoding(c)
                    found = enc.minimum(reqs, budget)
                cache[key] = found
            if found is not None and (best is None or sum(found.values()) < sum(best[0].values())):
                best = (found, power)
    return best


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    found = guarded(spec, spec.target, lambda: minimum(c, spec.target, Budget(ctx.timeout), ctx.shared))
    if isinstance(found, CheckResult):
        return [found]
    op, bound = spec.params["compare"]
    population = c.population
    if found is None:
        return [CheckResult(spec.name, spec.target, HOLDS, f"no support, not even everyone's, suffices to "
                            f"exercise `{spec.target}`", "exact optimization", spec.span,
                            {"share": None})]
    s, power = found
    total = sum(s.values())
    share = Fraction(total, population) if population else Fraction(0)
    check = replay(c, power, s)
    if not check["success"]:
        return [CheckResult(spec.name, spec.target, ERROR, "internal error: the minimum found by the solver does "
                            "not carry the power in the simulator (this is a bug in veche; please report it)",
                            None, spec.span, {"supporters": s})]
    holds = share >= bound if op == ">=" else share > bound
    per_unit = {u: n for u, n in s.items() if n}
    figures = {"share": exact(share), "share_percent": float(round(share * 100, 4)), "supporters": total,
               "population": population, "by_unit": per_unit,
               "seats": {ch: v[SUPPORTERS] for ch, v in check["compositions"].items()},
               "path": [f"{st['step']} {st['outcome']}" for st in check["steps"]]}
    by_group = figures["by_group"] = supporters_by_group(c, s)
    where = ", ".join(f"{g} {n:,}" for g, n in sorted(by_group.items(), key=lambda x: -x[1])[:6])
    msg = (f"{pct(share)} of the population ({total:,} supporters: {where}) can exercise `{spec.target}` "
           f"(via {' → '.join(figures['path'])})")
    if holds:
        return [CheckResult(spec.name, spec.target, HOLDS, f"{msg}; at least {pct(bound)}", "exact optimization",
                            spec.span, figures)]
    witness = {"kind": "min-winning-support", "power": spec.target, "supporters": per_unit, "share": exact(share),
               "run": check["steps"], "seats": figures["seats"], "replayed": True}
    return [CheckResult(spec.name, spec.target, VIOLATED, f"only {msg}; not {op} {pct(bound)}",
                        "exact optimization", spec.span, figures, witness, (spec.target or "",))]


CHECKS = (Check(CheckSignature("min-winning-support", "the smallest share of the population that can exercise a power",
                               target="power", target_required=True, compare=(">=", ">"), compare_kind="share",
                               compare_required=True), "min-winning-support.md", run, needs_solver=True),)
