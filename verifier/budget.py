"""Time budgets of checks, and the ways a check can fail to reach a verdict (no Z3 needed here)."""

from __future__ import annotations

import time
from dataclasses import dataclass


class OutOfTime(Exception):
    """The check's time budget is spent."""


@dataclass
class Budget:
    """Wall-clock budget of one check; None means no limit."""

    seconds: float | None = None

    def __post_init__(self) -> None:
        self.start = time.monotonic()

    def remaining(self) -> float | None:
        if self.seconds is None:
            return None
        return self.seconds - (time.monotonic() - self.start)

    def check(self) -> None:
        left = self.remaining()
        if left is not None and left <= 0:
            raise OutOfTime(f"the time limit of {self.seconds:g} s was reached")


class SolverUnknown(Exception):
    """Z3 gave up for a reason other than time."""
