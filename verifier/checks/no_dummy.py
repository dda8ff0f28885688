"""no-dummy: no group or member whose vote can never change an outcome.

What it checks
    Groups: in the support model of `min-winning-support` (each district, or each group
    without districts, has any number of supporters; they vote yes in referenda and
    elect representatives who back the motion), a group that votes is a dummy when no
    choice of the other units' supporters lets the group's own supporters decide
    whether any power (or any procedure no power binds) is exercised.  That is a
    proof by Z3 (unsatisfiable); for every other group a witness — the others'
    supporters, with which the group's support carries a power and its absence does
    not — is found and replayed by the simulator.  Groups that vote for nothing are
    listed as excluded, which is `no-excluded-group`'s finding, not this check's.
    Members: in every body whose seats the file fixes, a party (or bloc) that is a
    dummy of the weighted game — never the one that turns a losing coalition into a
    winning one.

Why it matters
    A dummy is excluded in effect though formally represented: Luxembourg in the Council
    of the EEC of 1958 had one vote of seventeen, and no coalition ever needed it.

Example
    `check no-dummy`

Counterexample
    Every dummy group (with the proof that it can swing no power) and every dummy member
    (with its body, weight and quota).

How to fix
    Give the group or member enough seats to matter, or change the quota it must reach
    together with others.
"""

from __future__ import annotations

from dsl import model as m
from dsl.signatures import CheckSignature

from ..budget import Budget
from ..power import indices
from ..power.bodies import weighted_bodies
from ..power.support import units
from ..procedures.verify import ReplayMismatch
from ..results import ERROR, HOLDS, UNKNOWN, VIOLATED, CheckResult
from .base import Check, Context
from .min_winning_support import holder_step, replay, requirement_sets
from .procedural import guarded

DUMMY, SWINGS = "dummy", "swings"


def outcomes(c: m.Constitution) -> dict[str, list[m.Power]]:
    """Every power, by key, with the ways it is held; and every procedure that no power binds,
    as `procedure NAME` (its outcome is an outcome too)."""
    out: dict[str, list[m.Power]] = {}
    for p in c.powers:
        out.setdefault(p.key, []).append(p)
    bound = {p.holder for p in c.powers if p.holder_kind == "procedure"}
    for name, proc in c.procedures.items():
        if name not in bound:
            out[f"procedure {name}"] = [m.Power("procedure", name, name, "procedure", proc.span)]
    return out


def ways(c: m.Constitution, powers: list[m.Power]) -> list[list[tuple[m.Step, str]]]:
    """The outcomes each way of exercising a power needs (none for an organ: it acts regardless)."""
    out = []
    for p in powers:
        if p.holder_kind == "procedure":
            out += requirement_sets(c.procedures[p.holder])
        elif isinstance(c.bodies[p.holder], m.Organ):
            out.append([])
        else:
            out.append([(holder_step(c, p.holder), "yes")])
    return out


Literal = tuple[tuple, bool]  # (body and the rule it decides by, passes)


def condition(ways_: list[list[tuple[m.Step, str]]]) -> tuple[frozenset[frozenset[Literal]], dict]:
    """The ways as a minimal disjunction of conjunctions of passes/fails, and a step for each vote.

    Procedures often ask the same question on several paths (`opinion: Congress votes -> assembly`
    gives one way with the Congress's yes and one with its no); merging (X and l) or (X and not l)
    into X, and dropping ways that contain another, spares the solver those case splits.  Powers
    held by the same ways get the same condition, so each group is asked about it once."""
    steps: dict[tuple, m.Step] = {}
    terms: set[frozenset[Literal]] = set()
    for way in ways_:
        lits: dict[tuple, bool] = {}
        for step, result in way:
            if result == "no_quorum":  # everyone takes part in the support model: a quorum is met
                break
            key = (step.body, step.override)
            steps.setdefault(key, step)
            lits[key] = result in ("yes", "agree")
        else:
            terms.add(frozenset(lits.items()))
    merged = True
    while merged:
        merged = False
        for term in list(terms):
            for key, passes in term:
                if term - {(key, passes)} | {(key, not passes)} in terms and term - {(key, passes)} not in terms:
                    terms.add(term - {(key, passes)})
                    merged = True
        terms = {t for t in terms if not any(o < t for o in terms)}
    return frozenset(terms), steps


def as_ways(terms: frozenset[frozenset[Literal]], steps: dict) -> list[list[tuple[m.Step, str]]]:
    """The disjunction back as ways of steps and outcomes, in a fixed order (the same formula, the
    same witness, whatever the hash seed)."""
    def outcome(key: tuple, passes: bool) -> str:
        if "agree" in steps[key].outcomes:  # a commission
            return "agree" if passes else "disagree"
        return "yes" if passes else "no"

    ordered = sorted((sorted(term, key=repr) for term in terms), key=repr)
    return [[(steps[key], outcome(key, passes)) for key, passes in term] for term in ordered]


def voting_groups(c: m.Constitution) -> tuple[list[str], dict[str, str]]:
    """Groups that elect some chamber or vote in some referendum; the others, with why not."""
    electing = {g for b in c.bodies.values() if isinstance(b, (m.Chamber, m.Referendum)) for g in b.electorate.groups}
    voting, excluded = [], {}
    for g in c.groups.values():
        if g.voters == 0:
            excluded[g.name] = "has no voters"
        elif g.name not in electing:
            excluded[g.name] = "in no electorate"
        else:
            voting.append(g.name)
    return voting, excluded


def run_of(c: m.Constitution, powers: list[m.Power], s: dict[str, int]) -> dict:
    """The simulator's run with these supporters: the first way of the power that succeeds, else the last."""
    last = {}
    for p in powers:
        last = replay(c, p, s)
        if last["success"]:
            break
    return last


def path(r: dict) -> list[str]:
    return [f"{st['step']} {st['outcome']}" for st in r.get("steps", ())]


def swings(c: m.Constitution, groups: list[str], budget: Budget) -> dict[str, dict]:
    """group -> {"status", "powers": power -> swings|dummy, "witness"}: the witness of the first power
    the group decides (every witness found is replayed, the others are not kept: with hundreds of
    districts each is a long list)."""
    from ..encoding.pivotal import PivotalEncoding  # Z3 only when this check runs

    enc = PivotalEncoding(c)
    all_units = units(c)
    out = {g: {"status": DUMMY, "powers": {}} for g in groups}
    asked: dict = {}  # (group, condition) -> the solver's answer
    for key, powers in outcomes(c).items():
        terms, steps = condition(ways(c, powers))
        carried = None
        for g in groups:
            if (g, terms) not in asked:
                carried = carried or enc.carried(as_ways(terms, steps))
                asked[g, terms] = enc.swing(g, carried, budget)
            found = asked[g, terms]
            out[g]["powers"][key] = DUMMY if found is None else SWINGS
            if found is None:
                continue
            yes, no = run_of(c, powers, found.carried), run_of(c, powers, found.not_carried)
            if not yes["success"] or no["success"]:
                raise ReplayMismatch(f"the supporters with which `{g}` should decide `{key}` give "
                                     f"{'success' if yes['success'] else 'failure'} with the group's support and "
                                     f"{'success' if no['success'] else 'failure'} without it in the simulator")
            if "witness" in out[g]:
                continue
            mine = {u.name for u in all_units if u.group == g}
            witness = {"power": key, "all_or_none": found.all_or_none,
                       "others": {u: n for u, n in found.carried.items() if n and u not in mine}}
            if not found.all_or_none:  # otherwise: every voter of the group, then none
                witness["group_carries"] = {u: n for u, n in found.carried.items() if n and u in mine}
                witness["group_fails"] = {u: n for u, n in found.not_carried.items() if n and u in mine}
            witness.update({"run_carried": path(yes), "run_not_carried": path(no), "replayed": True})
            out[g].update(status=SWINGS, witness=witness)
    return out


def member_dummies(c: m.Constitution) -> tuple[list[dict], dict[str, dict]]:
    """The dummies of every body whose seats are fixed, and each body's game (or why it is not decided)."""
    found, bodies = [], {}
    for name, g in weighted_bodies(c).items():
        if g is None:
            continue
        try:
            dummies = indices.dummies(g)
        except ValueError as exc:  # a quota too large for exact tables
            bodies[name] = {"status": UNKNOWN, "reason": str(exc)}
            continue
        bodies[name] = {"quota": g.quota, "total": g.total, "dummies": dummies}
        weight = dict(zip(g.names, g.weights))
        found += [{"body": name, "member": d, "weight": weight[d], "quota": g.quota, "total": g.total}
                  for d in dummies]
    return found, bodies


def listing(names: list[str], limit: int = 6) -> str:
    return ", ".join(names[:limit] + ([f"… ({len(names) - limit} more)"] if len(names) > limit else []))


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    budget = Budget(ctx.timeout)
    members, bodies = member_dummies(c)
    voting, excluded = voting_groups(c)
    powers = list(outcomes(c))
    figures: dict = {"powers": powers, "excluded": [{"group": g, "reason": r} for g, r in excluded.items()],
                     "bodies": bodies, "dummy_members": members}
    per_group = guarded(spec, None, lambda: swings(c, voting, budget)) if voting and powers else {}
    if isinstance(per_group, CheckResult):
        if per_group.status == ERROR or not members:
            return [per_group]
        per_group, undecided = None, per_group.message  # the members' dummies are a verdict on their own
    else:
        undecided = None
    if per_group is not None:
        figures["groups"] = per_group
    dummy_groups = [g for g, v in figures.get("groups", {}).items() if v["status"] == DUMMY]
    figures["dummy_groups"] = dummy_groups
    method = "exact (Z3)" if per_group else "exact computation"
    parts = []
    if dummy_groups:
        several = len(dummy_groups) > 1
        parts.append(f"group{'s' if several else ''} {listing(dummy_groups)} can change the outcome of no power "
                     f"(proved: no supporters elsewhere let {'them' if several else 'it'} decide one)")
    if members:
        parts.append("dummy member" + ("s " if len(members) > 1 else " ") + listing(
            [f"{d['member']} in {d['body']} ({d['weight']:,} of {d['total']:,} seats, quota {d['quota']:,})"
             for d in members]))
    if parts:
        if undecided:
            parts.append(f"the groups are not decided ({undecided})")
        witness = {"kind": "no-dummy", "groups": [
            {"group": g, "powers": powers, "proof": "no supporters of the other units let the group decide any of "
             "these powers: the two runs are unsatisfiable, or the power does not depend on the group's votes"}
            for g in dummy_groups], "members": members}
        involved = tuple(f"group:{g}" for g in dummy_groups) + tuple(f"{d['body']}:{d['member']}" for d in members)
        return [CheckResult(spec.name, None, VIOLATED, "; ".join(parts), method, spec.span, figures, witness,
                            involved)]
    open_bodies = [b for b, v in bodies.items() if v.get("status") == UNKNOWN]
    if open_bodies:
        return [CheckResult(spec.name, None, UNKNOWN, f"the power of the members of {listing(open_bodies)} could not "
                            f"be computed: {bodies[open_bodies[0]]['reason']}", None, spec.span, figures)]
    said = []
    if per_group:
        said.append(f"each of the {len(per_group)} voting groups can decide some power "
                    f"(witnesses replayed by the simulator)")
    elif voting:
        said.append("no power or procedure is declared, so no group's vote decides anything")
    if bodies:
        said.append(f"no member of {listing(list(bodies))} is a dummy")
    if excluded:
        said.append(f"not voting (see no-excluded-group): {listing(list(excluded))}")
    return [CheckResult(spec.name, None, HOLDS, "; ".join(said) or "no group votes and no body has fixed seats",
                        method, spec.span, figures)]


CHECKS = (Check(CheckSignature("no-dummy", "no group or member whose vote can never change an outcome"),
                "no-dummy.md", run, needs_solver=True),)
