"""Checks of the catalogue (SPEC.md) whose implementations come with the solver back end.

Files may already request them; until implemented they report `unknown` with that reason.
"""

from dsl.signatures import CheckSignature

from .base import Check

CHECKS = (
    Check(CheckSignature("no-dummy", "no group or member whose vote can never change an outcome"),
          "no-dummy.md", needs_solver=True),
)
