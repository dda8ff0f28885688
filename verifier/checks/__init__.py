"""The check registry: one entry per check, with a stable name.

Adding a check means adding a module here and naming it in `_MODULES`; the CLI,
the docs and the resolver read the registry and need no change.
"""

from __future__ import annotations

import importlib

from dsl.signatures import CheckSignature

from .base import Check, Context

_MODULES = (
    "no_excluded_group",
    "representation_ratio",
    "secret_ballot",
    "deadlock_free",
    "terminates",
    "conflicts_resolved",
    "no_unilateral_dissolution",
    "coercion_accountable",
    "separation",
    "veto_players",
    "power_index",
    "min_winning_support",
    "entrenched",
    "no_dummy",
)


def _load() -> dict[str, Check]:
    registry: dict[str, Check] = {}
    for module_name in _MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        for check in getattr(module, "CHECKS", ()):
            if check.name in registry:
                raise RuntimeError(f"check {check.name} registered twice")
            registry[check.name] = check
    return dict(sorted(registry.items()))


REGISTRY: dict[str, Check] = _load()


def signatures() -> dict[str, CheckSignature]:
    """The signature of every registered check, for the resolver."""
    return {name: check.signature for name, check in REGISTRY.items()}


__all__ = ["REGISTRY", "Check", "Context", "signatures"]
