"""The one owner of Z3 solvers: fixed seeds, per-check deadlines, and interruption.

A check gets a `Budget` (its --timeout); every solver call takes what is left of it,
and a watchdog interrupts Z3 if a call overruns, so nothing hangs: the caller sees
`Unknown` with the reason and reports the check `unknown`.
"""

from __future__ import annotations

import threading

import z3

from ..budget import Budget, OutOfTime, SolverUnknown  # noqa: F401 (re-exported)

SAT, UNSAT, UNKNOWN = "sat", "unsat", "unknown"


def new_solver(ctx: z3.Context | None = None) -> z3.Solver:
    """A solver with fixed seeds, so that the same input always gives the same model."""
    solver = z3.Solver(ctx=ctx)
    solver.set("random_seed", 0)
    return solver


def check(solver: z3.Solver, budget: Budget, assumptions=()) -> str:
    """`sat`, `unsat`, or raises OutOfTime; Z3's own `unknown` is reported with its reason."""
    budget.check()
    left = budget.remaining()
    timer = None
    if left is not None:
        solver.set("timeout", max(1, int(left * 1000)))
        # Z3 honours its timeout between steps; the watchdog also stops a long single step.
        timer = threading.Timer(left + 0.5, solver.ctx.interrupt)
        timer.daemon = True
        timer.start()
    try:
        result = solver.check(*assumptions)
    finally:
        if timer is not None:
            timer.cancel()
    if result == z3.sat:
        return SAT
    if result == z3.unsat:
        return UNSAT
    reason = solver.reason_unknown()
    if left is not None and ("timeout" in reason or "canceled" in reason or "interrupted" in reason):
        raise OutOfTime(f"the time limit of {budget.seconds:g} s was reached")
    raise SolverUnknown(reason)


