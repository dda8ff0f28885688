"""The shape of a check: its signature, its documentation and its implementation."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from dsl.model import CheckSpec, Constitution
from dsl.signatures import CheckSignature

from ..results import UNKNOWN, CheckResult


@dataclass(frozen=True)
class Context:
    """Settings that apply to every check of a run, and what checks of one run may share."""

    timeout: float | None = None
    # Explored procedures, shared by the checks of a run (keyed by model and procedure): the
    # search is the same for deadlock, termination, conflicts, veto players, ...
    shared: dict = field(default_factory=dict, compare=False, repr=False)


Runner = Callable[[Constitution, CheckSpec, Context], Iterable[CheckResult]]


@dataclass(frozen=True)
class Check:
    """One entry of the registry.

    `run` is None for a check of the catalogue that this version does not yet
    implement: files may name it, and its result is `unknown` with that reason,
    never a guess.  `needs_solver` keeps Z3 out of runs that do not need it.
    """

    signature: CheckSignature
    doc: str
    run: Runner | None = None
    needs_solver: bool = False

    @property
    def name(self) -> str:
        return self.signature.name

    def evaluate(self, model: Constitution, spec: CheckSpec, ctx: Context) -> list[CheckResult]:
        if self.run is None:
            return [CheckResult(spec.name, spec.target, UNKNOWN,
                                f"`{spec.name}` is in the check catalogue but not implemented in this version of veche",
                                None, spec.span, params=spec.text)]
        # The parameters as written go into each finding's fingerprint, so `<= 2` and
        # `<= 2 per voter` on the same target are different findings.
        return [replace(r, params=spec.text) for r in self.run(model, spec, ctx)]
