"""Checks of the catalogue (SPEC.md) whose implementations come with the solver back end.

Files may already request them; until implemented they report `unknown` with that reason.
"""

from dsl.signatures import CheckSignature

from .base import Check

CHECKS = (
    Check(CheckSignature("min-winning-support", "the smallest share of the population that can exercise a power",
                         target="power", target_required=True, compare=(">=", ">"), compare_kind="share"),
          "min-winning-support.md", needs_solver=True),
    Check(CheckSignature("no-dummy", "no group or member whose vote can never change an outcome"),
          "no-dummy.md", needs_solver=True),
    Check(CheckSignature("entrenched", "franchise, ballot and chambers change only by amendment of enough support",
                         compare=(">=", ">"), compare_kind="share"), "entrenched.md", needs_solver=True),
)
