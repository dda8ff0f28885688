"""coercion-accountable: every coercive organ answers to another body and acts on independent authorization.

What it checks
    For every organ of kind `coercive` (police, security service, army in internal use):
    (1) it answers to at least one body other than the body that directs it and the
    bodies that body appoints (they follow its majority, so they hold nobody to account);
    (2) its actions need authorization from a judicial organ that neither the director
    nor its appointees direct.

Why it matters
    The Cheka (decree of 7 (20) December 1917) was created by and answered to the
    Council of People's Commissars, and acted without any court's warrant.

Example
    `check coercion-accountable`

Counterexample
    Each failing organ, who directs it, whom it answers to, who authorizes its acts,
    and which of the two conditions fails.

How to fix
    Make the organ answer to a body other than its director (`answers to Assembly`)
    and require a warrant of an independent court (`authorized by Court`, with
    `organ Court { kind judicial; ... }` directed by nobody the police chief controls).
"""

from __future__ import annotations

from dsl import model as m
from dsl.signatures import CheckSignature

from ..franchise import controlled_by
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check, Context


def assess(c: m.Constitution, organ: m.Organ) -> list[str]:
    """The reasons an organ is not accountable (empty when it is)."""
    director = organ.directed_by
    captive = controlled_by(c, director) if director else set()
    problems = []
    if not [b for b in organ.answers_to if b not in captive]:
        problems.append(f"answers to no body independent of {director or 'its director'}"
                        + (f" (only to {', '.join(organ.answers_to)})" if organ.answers_to else ""))
    judges = [b for b in organ.authorized_by
              if isinstance(c.bodies[b], m.Organ) and c.bodies[b].organ_kind == "judicial"
              and c.bodies[b].directed_by not in captive]
    if not judges:
        given = ", ".join(organ.authorized_by)
        problems.append("acts without the authorization of an independent court"
                        + (f" (authorized by {given}, not an independent judicial organ)" if given else ""))
    return problems


def run(c: m.Constitution, spec: m.CheckSpec, ctx: Context):
    organs = [b for b in c.bodies.values() if isinstance(b, m.Organ) and b.organ_kind == "coercive"]
    figures = {"organs": [{"organ": o.name, "directed_by": o.directed_by, "answers_to": list(o.answers_to),
                           "authorized_by": list(o.authorized_by), "problems": assess(c, o)} for o in organs]}
    if not organs:
        return [CheckResult(spec.name, None, HOLDS, "no coercive organ is declared", "exhaustive", spec.span, figures)]
    failing = [f for f in figures["organs"] if f["problems"]]
    if not failing:
        subject = "the coercive organ answers" if len(organs) == 1 else f"all {len(organs)} coercive organs answer"
        verb = "acts" if len(organs) == 1 else "act"
        return [CheckResult(spec.name, None, HOLDS, f"{subject} to an independent body and {verb} on a court's "
                            "authorization", "exhaustive", spec.span, figures)]
    msg = "; ".join(f"{f['organ']} (directed by {f['directed_by'] or 'nobody'}) " + " and ".join(f["problems"])
                    for f in failing)
    witness = {"kind": "unaccountable-organs", "organs": failing}
    return [CheckResult(spec.name, None, VIOLATED, msg, "exhaustive", spec.span, figures, witness,
                        tuple(f["organ"] for f in failing))]


CHECKS = (Check(CheckSignature("coercion-accountable", "coercive organs answer to another body and act only with "
                               "independent authorization"), "coercion-accountable.md", run),)
