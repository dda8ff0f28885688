"""terminates: no run of the procedure goes on forever; with `within N steps`, none takes more than N.

What it checks
    Without a bound: the procedure has no infinite run — no navette between
    chambers and no cycle of dissolution and re-election that can repeat forever.
    With `within N steps`: every run ends (in a final outcome, or stuck) after at
    most N steps, each vote, decision or dissolution counting as one step.

Why it matters
    Article 47 of the 1936 Soviet constitution answered a disagreement between the
    two chambers with a conciliation commission, a second reading, and then
    dissolution and new elections — after which the same disagreement can recur.

Example
    `check terminates ordinary_law` or `check terminates ordinary_law within 4 steps`

Counterexample
    A lasso: the run up to the point where the cycle begins, then the cycle, with the
    compositions of every election in it, replayed by the simulator.  For a bound, a
    run that takes more than N steps.

How to fix
    Bound the repetition with a counter (`no when readings >= 2 -> ...`), or give
    one body or the electorate the last word.
"""

from __future__ import annotations

from dsl.signatures import CheckSignature

from ..procedures.search import find_cycle, longest_run
from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check
from .procedural import path_text, run_per_procedure


def decide(v, spec, name) -> CheckResult:
    search, g = v.graph()
    bound = spec.params.get("within")
    method = f"bounded {bound}" if bound is not None else "exhaustive"
    figures: dict = {"states": len(g.parent)}
    found = find_cycle(g)
    if found is not None:
        entry, cycle = found
        cx = v.counterexample("cycle", g.path_to(entry), cycle)
        figures["longest_run"] = None
        msg = (f"`{name}` can run forever: the cycle from step `{cycle[0][1].step}` repeats "
               f"(run: {path_text(cx)})")
        return CheckResult(spec.name, name, VIOLATED, msg, method, spec.span, figures, cx.as_dict(),
                           tuple(sorted({e.step for _, e in cycle})))
    path = longest_run(g)
    figures["longest_run"] = len(path)
    if bound is None or len(path) <= bound:
        within = f", within {bound} steps" if bound is not None else ""
        return CheckResult(spec.name, name, HOLDS, f"every run of `{name}` ends{within}; the longest takes "
                           f"{len(path)} step{'s' if len(path) != 1 else ''}", method, spec.span, figures)
    cx = v.counterexample("long-run", path)
    msg = f"a run of `{name}` takes {len(path)} steps, more than {bound} (run: {path_text(cx)})"
    return CheckResult(spec.name, name, VIOLATED, msg, method, spec.span, figures, cx.as_dict(), (str(bound),))


def run(c, spec, ctx):
    return run_per_procedure(c, spec, ctx, decide)


CHECKS = (Check(CheckSignature("terminates", "no infinite run; with `within N steps`, every run ends within N steps",
                               target="procedure", within=True), "terminates.md", run, needs_solver=True),)
