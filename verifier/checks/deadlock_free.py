"""deadlock-free: no run can reach a step with an outcome that has no next step.

What it checks
    Every reachable step of the procedure, for every outcome its body can produce
    there (under some party positions and compositions consistent with the run so
    far), has a transition to follow — a step or a final outcome.

Why it matters
    In 1917 the Provisional Government and the Petrograd Soviet each needed the
    other, and nothing settled their disagreements: Trotsky called dual power "civil
    war made a constituent part of the state regime".  A procedure that can stop
    with no rule for what comes next leaves the decision to force.

Example
    `check deadlock-free ordinary_law`

Counterexample
    The party positions and compositions, and the run up to the step whose outcome
    has no transition, replayed by the simulator with every tally.

How to fix
    Give every outcome of every step a transition (`else -> ...` catches the rest),
    or make sure guards cover every counter value.
"""

from __future__ import annotations

from dsl.signatures import CheckSignature

from ..results import HOLDS, VIOLATED, CheckResult
from .base import Check
from .procedural import path_text, run_per_procedure


def decide(v, spec, name) -> CheckResult:
    search, g = v.graph()
    stuck = [n for n in g.parent if n.pc == "<stuck>"]
    figures = {"states": len(g.parent)}
    if not stuck:
        return CheckResult(spec.name, name, HOLDS, f"every outcome of every reachable step of `{name}` has a next "
                           f"step ({len(g.parent):,} states explored)", "exhaustive", spec.span, figures)
    cx = v.counterexample("deadlock", g.path_to(stuck[0]), expect_end="stuck")
    last = cx.run.events[-1]
    msg = (f"`{name}` can stop at step `{last.step}`: {last.body} decides `{last.outcome}` and no transition "
           f"follows (run: {path_text(cx)})")
    return CheckResult(spec.name, name, VIOLATED, msg, "exhaustive", spec.span, figures, cx.as_dict(),
                       (last.step, last.outcome))


def run(c, spec, ctx):
    return run_per_procedure(c, spec, ctx, decide)


CHECKS = (Check(CheckSignature("deadlock-free", "no reachable step where some outcome has no next step",
                               target="procedure"), "deadlock-free.md", run, needs_solver=True),)
