"""A priori voting power: exact power indices of weighted voting games."""

from verifier.power.indices import (
    WeightedGame,
    banzhaf,
    banzhaf_raw,
    dummies,
    minimal_winning_weight,
    shapley_shubik,
    swings,
    veto_players,
)

__all__ = [
    "WeightedGame",
    "banzhaf",
    "banzhaf_raw",
    "dummies",
    "minimal_winning_weight",
    "shapley_shubik",
    "swings",
    "veto_players",
]
