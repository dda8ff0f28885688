"""Checks of the catalogue (SPEC.md) whose implementations come with the solver back end.

Files may already request them; until implemented they report `unknown` with that reason.
"""

from dsl.signatures import CheckSignature

from .base import Check

CHECKS = (
    Check(CheckSignature("min-winning-support", "the smallest share of the population that can exercise a power",
                         target="power", target_required=True, compare=(">=", ">"), compare_kind="share"),
          "min-winning-support.md", needs_solver=True),
    Check(CheckSignature("veto-players", "bodies or groups whose consent every successful run needs",
                         compare=("<=", "<", ">=", ">", "=="), compare_kind="count"),
          "veto-players.md", needs_solver=True),
    Check(CheckSignature("no-dummy", "no group or member whose vote can never change an outcome"),
          "no-dummy.md", needs_solver=True),
    Check(CheckSignature("banzhaf", "Banzhaf power index of the members of a body, bounded",
                         target="body", compare=("<=", "<"), compare_kind="share"), "banzhaf.md", needs_solver=True),
    Check(CheckSignature("shapley-shubik", "Shapley-Shubik power index of the members of a body, bounded",
                         target="body", compare=("<=", "<"), compare_kind="share"), "shapley-shubik.md",
          needs_solver=True),
    Check(CheckSignature("no-unilateral-dissolution",
                         "no body dissolves an elected body without its consent or its electorate's"),
          "no-unilateral-dissolution.md"),
    Check(CheckSignature("coercion-accountable",
                         "coercive organs answer to another body and act only with independent authorization"),
          "coercion-accountable.md"),
    Check(CheckSignature("entrenched", "franchise, ballot and chambers change only by amendment of enough support",
                         compare=(">=", ">"), compare_kind="share"), "entrenched.md", needs_solver=True),
    Check(CheckSignature("separation", "no single body both enacts laws alone and directs a coercive organ"),
          "separation.md"),
)
