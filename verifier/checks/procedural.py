"""What the three procedural checks share: targets, budgets, unknowns and messages."""

from __future__ import annotations

from typing import Callable, Iterable

from dsl import model as m

from ..budget import Budget, OutOfTime, SolverUnknown
from ..procedures.search import TooLarge
from ..procedures.verify import Counterexample, ProcedureVerifier, ReplayMismatch, verifier_for
from ..results import ERROR, UNKNOWN, CheckResult
from .base import Context

Decide = Callable[[ProcedureVerifier, m.CheckSpec, str], CheckResult]


def run_per_procedure(c: m.Constitution, spec: m.CheckSpec, ctx: Context, decide: Decide) -> Iterable[CheckResult]:
    """Apply `decide` to the target procedure, or to every procedure when none is named."""
    targets = [spec.target] if spec.target else list(c.procedures)
    for name in targets:
        budget = Budget(ctx.timeout)
        yield guarded(spec, name, lambda: decide(verifier_for(c, name, budget, ctx.shared), spec, name))


def guarded(spec: m.CheckSpec, target: str | None, compute: Callable[[], object]):
    """Run `compute`; a timeout, a solver's unknown or a replay mismatch becomes the check's result."""
    try:
        return compute()
    except OutOfTime as exc:
        return CheckResult(spec.name, target, UNKNOWN, f"gave up: {exc}", None, spec.span, {"reason": "timeout"})
    except SolverUnknown as exc:
        return CheckResult(spec.name, target, UNKNOWN, f"the solver could not decide: {exc}", None, spec.span,
                           {"reason": str(exc)})
    except TooLarge as exc:
        return CheckResult(spec.name, target, UNKNOWN, f"gave up: {exc}", None, spec.span, {"reason": "state space"})
    except ReplayMismatch as exc:
        return CheckResult(spec.name, target, ERROR, f"internal error: the counterexample did not replay: {exc} "
                           "(this is a bug in veche; please report it)", None, spec.span)


def path_text(cx: Counterexample, limit: int = 8) -> str:
    """`assembly yes → congress no → people yes`, with `[cycle: ...]` around a lasso's loop."""
    steps = [f"{e.step} {e.outcome}" for e in cx.run.events]

    def join(parts: list[str]) -> str:
        return " → ".join(parts if len(parts) <= limit else parts[:limit] + ["…"])

    if cx.loop_start is None:
        return join(steps)
    prefix, loop = steps[:cx.loop_start], steps[cx.loop_start:]
    return (join(prefix) + " → " if prefix else "") + "[cycle: " + join(loop) + "]"
