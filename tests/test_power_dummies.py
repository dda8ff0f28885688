"""Dummies by reachability bitsets against the definition by swing counts, and against brute force."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.power import WeightedGame, dummies, swings, veto_players


def by_swings(game: WeightedGame) -> list[str]:
    return [name for name, s in swings(game).items() if s == 0]


def by_brute_force(game: WeightedGame) -> list[str]:
    n = game.n
    weight = [0] * (1 << n)
    for mask in range(1, 1 << n):
        low = mask & -mask
        weight[mask] = weight[mask ^ low] + game.weights[low.bit_length() - 1]

    def wins(mask):
        return weight[mask] >= game.quota and bin(mask).count("1") >= game.count_quota

    return [name for i, name in enumerate(game.names)
            if not any(not mask >> i & 1 and not wins(mask) and wins(mask | 1 << i) for mask in range(1 << n))]


@st.composite
def games(draw, max_n: int = 9):
    weights = draw(st.lists(st.one_of(st.integers(0, 3), st.integers(0, 40), st.sampled_from([0, 6, 12, 18])),
                            min_size=1, max_size=max_n))
    if sum(weights) == 0:
        weights[0] = 1
    quota = draw(st.integers(1, sum(weights)))
    count_quota = draw(st.sampled_from([0, 0, 0, 1, draw(st.integers(0, len(weights)))]))
    return WeightedGame(tuple(weights), quota, count_quota=count_quota)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(games())
def test_the_same_dummies_as_the_swing_counts_and_brute_force(game):
    assert dummies(game) == by_swings(game) == by_brute_force(game)


@pytest.mark.parametrize("weights,quota,expected", [
    ((5,), 5, []),                      # a single member is a dictator
    ((5,), 1, []),
    ((0, 3), 3, ["P1"]),                # zero weight: never a swing
    ((0, 0, 2), 1, ["P1", "P2"]),
    ((2, 2, 2, 2), 8, []),              # quota = total: everyone with weight is a veto player
    ((3, 0, 3), 6, ["P2"]),
    ((4, 4, 4), 5, []),                 # equal weights are alike
    ((50, 49, 1), 51, []),
    ((10, 1, 1), 10, ["P2", "P3"]),     # a dictator makes everyone else a dummy
    ((4, 4, 4, 2, 2, 1), 12, ["P6"]),   # the EEC Council, 1958
    ((7,) * 5 + (1,) * 10, 39, []),     # the UN Security Council, 1965
    ((1000, 3, 3), 1002, []),           # the heaviest reaches past the quota alone
])
def test_edge_cases(weights, quota, expected):
    game = WeightedGame(weights, quota)
    assert dummies(game) == expected == by_swings(game) == by_brute_force(game)


def test_count_quota_falls_back_to_counting():
    # A member of weight 0 is a dummy by weight alone, but under "at least 3 members" it is the
    # third member that {P1, P3} (weight 6, two members) lacks.
    game = WeightedGame((5, 5, 1, 0), 6)
    assert dummies(game) == ["P4"] == by_brute_force(game)
    counted = WeightedGame((5, 5, 1, 0), 6, count_quota=3)
    assert dummies(counted) == [] == by_brute_force(counted)


def test_hundreds_of_members_agree_with_the_swing_counts():
    rng = random.Random(5)
    cases = [(rng.sample(range(1, 301), 200), (1, 2)),
             ([rng.choice([1, 2, 3, 300]) for _ in range(300)], (2, 3)),
             ([100] * 5 + [1] * 50 + [0] * 3, (7, 11)),    # quota 351: 49 other ones never reach 350
             ([600] + [1] * 299 + [0] * 3, (1, 2))]        # a dictator
    found = []
    for weights, (num, den) in cases:
        game = WeightedGame(tuple(weights), sum(weights) * num // den + 1)
        found.append(dummies(game))
        assert found[-1] == by_swings(game)
    assert len(found[2]) == 53 and found[3] == [f"P{i}" for i in range(2, 304)]


def test_veto_players_are_those_the_others_cannot_do_without():
    game = WeightedGame((6, 3, 1, 1), 10)
    assert veto_players(game) == ["P1", "P2"]
    assert veto_players(WeightedGame((1, 1, 1), 1, count_quota=3)) == ["P1", "P2", "P3"]
