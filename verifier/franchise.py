"""Who chooses whom: the groups behind each body, and the bodies that take part in legislation."""

from __future__ import annotations

from dsl import model as m


def electors(c: m.Constitution, body_name: str, _seen: frozenset[str] = frozenset()) -> set[str]:
    """Groups whose voters choose a body, directly (chambers, referenda) or through its appointer."""
    if body_name in _seen:  # the resolver rejects appointment cycles; guard anyway
        return set()
    body = c.bodies[body_name]
    seen = _seen | {body_name}
    if isinstance(body, (m.Chamber, m.Referendum)):
        return {g for g in body.electorate.groups if c.groups[g].voters > 0}
    if isinstance(body, m.Appointed):
        return electors(c, body.appointer, seen)
    if isinstance(body, m.Commission):
        return electors(c, body.sides[0], seen) | electors(c, body.sides[1], seen)
    return set()


def procedure_bodies(proc: m.Procedure) -> list[str]:
    """Bodies that vote or decide in a procedure, in order of first appearance."""
    out: list[str] = []
    for step in proc.steps.values():
        if step.kind == "vote" and step.body not in out:
            out.append(step.body)
    return out


def power_bodies(c: m.Constitution, kind: str) -> tuple[list[str], bool]:
    """Bodies exercising powers of `kind`; the flag is False when no such power is declared
    and every body of every procedure is taken instead."""
    out: list[str] = []
    powers = [p for p in c.powers if p.kind == kind]
    if powers:
        for p in powers:
            names = procedure_bodies(c.procedures[p.holder]) if p.holder_kind == "procedure" else [p.holder]
            out.extend(n for n in names if n not in out)
        return out, True
    for proc in c.procedures.values():
        out.extend(n for n in procedure_bodies(proc) if n not in out)
    return out, False


def popular_elections(c: m.Constitution) -> list[m.Chamber | m.Referendum]:
    """Bodies chosen by the voters themselves: elected chambers and referenda."""
    return [b for b in c.bodies.values() if isinstance(b, (m.Chamber, m.Referendum))]


def appointees(c: m.Constitution, body_name: str) -> set[str]:
    """Bodies appointed by `body_name`, directly or through other appointees: they follow its majority."""
    out: set[str] = set()
    frontier = [body_name]
    while frontier:
        current = frontier.pop()
        for b in c.bodies.values():
            if isinstance(b, m.Appointed) and b.appointer == current and b.name not in out:
                out.add(b.name)
                frontier.append(b.name)
    return out


def controlled_by(c: m.Constitution, body_name: str) -> set[str]:
    """A body and every body that follows it."""
    return {body_name} | appointees(c, body_name)


def coercive_directors(c: m.Constitution) -> dict[str, list[str]]:
    """Body -> the coercive organs it directs (by `directed by` or by a `power direct`)."""
    out: dict[str, list[str]] = {}
    for organ in c.bodies.values():
        if isinstance(organ, m.Organ) and organ.organ_kind == "coercive" and organ.directed_by:
            out.setdefault(organ.directed_by, []).append(organ.name)
    for p in c.powers:
        target = c.bodies.get(p.object or "")
        if p.kind == "direct" and p.holder_kind == "body" and isinstance(target, m.Organ) \
                and target.organ_kind == "coercive" and p.object not in out.get(p.holder, []):
            out.setdefault(p.holder, []).append(p.object)
    return out
