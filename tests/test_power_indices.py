"""Tests for verifier.power.indices: published values, hand-computed games,
properties, and brute-force cross-checks of the dynamic programmes."""

from __future__ import annotations

import csv
import random
from fractions import Fraction
from itertools import permutations
from math import comb, factorial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.power import (
    WeightedGame,
    banzhaf,
    banzhaf_raw,
    dummies,
    minimal_winning_weight,
    shapley_shubik,
    swings,
    veto_players,
)
from verifier.power.indices import MAX_REDUCED_QUOTA

DATA = Path(__file__).parent / "data"

EEC_1958 = WeightedGame(
    weights=(4, 4, 4, 2, 2, 1),
    quota=12,
    names=("France", "Germany", "Italy", "Belgium", "Netherlands", "Luxembourg"),
)
BIG3 = ("France", "Germany", "Italy")
MEDIUM = ("Belgium", "Netherlands")

PERMANENT = ("China", "France", "Russia", "United Kingdom", "United States")
ELECTED = tuple(f"E{i}" for i in range(1, 10)) + ("Argentina",)
UNSC_1965 = WeightedGame(weights=(7,) * 5 + (1,) * 10, quota=39, names=PERMANENT + ELECTED)

GAMES = {
    "eec1958": EEC_1958,
    "unsc1965": UNSC_1965,
    "britannica3": WeightedGame((50, 49, 1), 51, ("A", "B", "C")),
    "stach2011": WeightedGame((10, 10, 20, 30), 50),
}
INDICES = {"banzhaf": banzhaf, "shapley_shubik": shapley_shubik}


# ---------------------------------------------------------------------------
# Brute force: definitions applied literally, for cross-checking
# ---------------------------------------------------------------------------


def _wins(game: WeightedGame, mask: int) -> bool:
    weight = sum(w for i, w in enumerate(game.weights) if mask >> i & 1)
    return weight >= game.quota and bin(mask).count("1") >= game.count_quota


def brute_swings(game: WeightedGame) -> dict[str, int]:
    n = game.n
    wins = [_wins(game, mask) for mask in range(1 << n)]
    return {
        name: sum(1 for mask in range(1 << n) if not mask >> i & 1 and not wins[mask] and wins[mask | 1 << i])
        for i, name in enumerate(game.names)
    }


def brute_shapley_coalitions(game: WeightedGame) -> dict[str, Fraction]:
    n = game.n
    wins = [_wins(game, mask) for mask in range(1 << n)]
    result = {}
    for i, name in enumerate(game.names):
        total = 0
        for mask in range(1 << n):
            if not mask >> i & 1 and not wins[mask] and wins[mask | 1 << i]:
                s = bin(mask).count("1")
                total += factorial(s) * factorial(n - 1 - s)
        result[name] = Fraction(total, factorial(n))
    return result


def brute_shapley_permutations(game: WeightedGame) -> dict[str, Fraction]:
    n = game.n
    pivots = [0] * n
    for order in permutations(range(n)):
        mask = 0
        for member in order:
            mask |= 1 << member
            if _wins(game, mask):
                pivots[member] += 1
                break
    return {name: Fraction(p, factorial(n)) for name, p in zip(game.names, pivots)}


def brute_veto(game: WeightedGame) -> list[str]:
    n = game.n
    winning = [mask for mask in range(1 << n) if _wins(game, mask)]
    return [name for i, name in enumerate(game.names) if all(mask >> i & 1 for mask in winning)]


def brute_minimal_winning_weight(game: WeightedGame) -> int:
    n = game.n
    return min(
        sum(w for i, w in enumerate(game.weights) if mask >> i & 1) for mask in range(1 << n) if _wins(game, mask)
    )


# ---------------------------------------------------------------------------
# Published values
# ---------------------------------------------------------------------------


def _published_rows():
    with open(DATA / "power_indices_published.csv", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", _published_rows(), ids=lambda r: f"{r['game']}-{r['member']}-{r['index']}")
def test_published_values(row):
    # Each row cites its source in tests/data/power_indices_published.csv
    # (see tests/data/README.md).  The exact value must match, and must agree
    # with the figure as printed to the precision it was printed with.
    value = INDICES[row["index"]](GAMES[row["game"]])[row["member"]]
    assert value == Fraction(row["exact"])
    published = row["published"]
    if row["kind"] == "fraction":
        assert value == Fraction(published)
    elif row["kind"] == "float":
        assert float(value) == float(published)
    else:
        places = len(published.split(".")[1])
        assert abs(value - Fraction(published)) <= Fraction(1, 2 * 10**places)


def test_eec_1958_banzhaf():
    # Council of Ministers of the EEC, Treaty of Rome art. 148(2): weights
    # 4, 4, 4, 2, 2, 1 and a qualified majority of 12 of 17 votes on
    # Commission proposals.  Published: large countries 5/21, medium 1/7
    # (= 3/21), Luxembourg 0 (Brams, "Game theory", in Gregersen (ed.), The
    # Britannica Guide to Statistics and Probability, 2011, p. 194).
    # By hand: a big member is a swing for the coalitions of the others
    # weighing 8..11: {4,4}, {4,4,1}, {4,4,2} x2, {4,4,2,1} x2, {4,2,2} x2,
    # {4,2,2,1} x2 = 10; a medium member for those weighing 10..11:
    # {4,4,2} x3, {4,4,2,1} x3 = 6; Luxembourg needs the others to weigh
    # exactly 11, impossible with even weights.  10*3 + 6*2 = 42 swings.
    assert swings(EEC_1958) == dict(zip(EEC_1958.names, (10, 10, 10, 6, 6, 0)))
    b = banzhaf(EEC_1958)
    assert all(b[c] == Fraction(5, 21) for c in BIG3)
    assert all(b[c] == Fraction(3, 21) for c in MEDIUM)
    assert b["Luxembourg"] == 0
    raw = banzhaf_raw(EEC_1958)  # swings / 2^5
    assert raw["France"] == Fraction(10, 32) and raw["Belgium"] == Fraction(6, 32)
    assert raw["Luxembourg"] == 0


def test_eec_1958_shapley_shubik():
    # Luxembourg's Shapley-Shubik index is 0 ("Luxembourg in the Early Days of
    # the EEC: Null Player or Not?", Games 9(2):29, 2018, section 1).  The
    # other values, 14/60 = 0.2333 and 9/60 = 0.15, by hand: a dummy does
    # not change the others' indices, and in [12; 4,4,4,2,2] a medium member
    # is pivotal exactly when its predecessors are two big members and the
    # other medium one: 3 choices x 3! x 1! = 18 of 5! = 120 orders, 3/20;
    # the three big members share the rest, (1 - 2 * 3/20) / 3 = 7/30.
    s = shapley_shubik(EEC_1958)
    assert all(s[c] == Fraction(14, 60) for c in BIG3)
    assert all(s[c] == Fraction(9, 60) for c in MEDIUM)
    assert s["Luxembourg"] == 0
    assert round(float(s["France"]), 4) == 0.2333 and float(s["Belgium"]) == 0.15


def test_eec_1958_luxembourg_dummy_and_no_veto():
    assert dummies(EEC_1958) == ["Luxembourg"]
    # Any one member may be outvoted: 17 - 4 = 13 >= 12.
    assert veto_players(EEC_1958) == []
    assert minimal_winning_weight(EEC_1958) == 12


def test_eec_1958_rule_with_four_members_gives_luxembourg_power():
    # Art. 148(2) EEC had a second rule, for acts not proposed by the
    # Commission: twelve votes cast by at least four members.  Under it
    # Luxembourg was *not* a null player (Games 9(2):29, 2018, section 1).
    # By hand: Luxembourg is a swing only for {France, Germany, Italy}
    # (12 votes but three members) -> 1 swing; a big member for 9 coalitions,
    # a medium one for 7; 3*9 + 2*7 + 1 = 42.
    game = WeightedGame(EEC_1958.weights, 12, EEC_1958.names, count_quota=4)
    assert dummies(game) == []
    assert swings(game) == dict(zip(game.names, (9, 9, 9, 7, 7, 1)))
    b = banzhaf(game)
    assert b["France"] == Fraction(3, 14) and b["Belgium"] == Fraction(1, 6)
    assert b["Luxembourg"] == Fraction(1, 42)
    assert shapley_shubik(game)["Luxembourg"] > 0
    assert minimal_winning_weight(game) == 12  # e.g. {Germany, France, Belgium, Netherlands}


def test_unsc_shapley_shubik():
    # UN Security Council since 1965: 9 of 15 votes including all five
    # permanent members, i.e. [39; 7 x 5, 1 x 10].  Published: 4/2145 per
    # elected member (84 x 6! x 8! of the 15! orders) and 19.6% per permanent
    # member (Gonit Sora, "Is it me, or is 'Veto' starting to sound really
    # good").  Exactly: (1 - 10 * 4/2145) / 5 = 421/2145 = 0.19627.
    s = shapley_shubik(UNSC_1965)
    assert all(s[c] == Fraction(421, 2145) for c in PERMANENT)
    assert all(s[c] == Fraction(4, 2145) for c in ELECTED)
    assert Fraction(84 * factorial(6) * factorial(8), factorial(15)) == Fraction(4, 2145)
    assert round(float(s["China"]), 5) == 0.19627
    assert round(float(s["Argentina"]), 6) == 0.001865


def test_unsc_banzhaf():
    # The commonly quoted normalised Banzhaf values are ~0.167 (permanent) and
    # ~0.0165 (elected).  Exactly, by hand: a permanent member is a swing when
    # the other four permanent members and at least four of the ten elected
    # ones vote yes: sum_{k>=4} C(10, k) = 848; an elected member when all
    # five permanent members and exactly three of the other nine do:
    # C(9, 3) = 84.  Total 5*848 + 10*84 = 5080.
    assert sum(comb(10, k) for k in range(4, 11)) == 848 and comb(9, 3) == 84
    sw = swings(UNSC_1965)
    assert all(sw[c] == 848 for c in PERMANENT) and all(sw[c] == 84 for c in ELECTED)
    b = banzhaf(UNSC_1965)
    assert b["China"] == Fraction(848, 5080) == Fraction(106, 635)
    assert b["Argentina"] == Fraction(84, 5080) == Fraction(21, 1270)
    assert round(float(b["China"]), 3) == 0.167 and round(float(b["Argentina"]), 4) == 0.0165
    raw = banzhaf_raw(UNSC_1965)
    assert raw["China"] == Fraction(848, 2**14) and raw["Argentina"] == Fraction(84, 2**14)


def test_unsc_veto_players_and_dummies():
    assert veto_players(UNSC_1965) == list(PERMANENT)
    assert dummies(UNSC_1965) == []
    assert minimal_winning_weight(UNSC_1965) == 39


def test_unsc_as_double_majority_is_the_same_game():
    # The Charter's own wording, "nine members including the five permanent
    # members", as a double majority: weight 1 for permanent members, 0 for
    # elected ones, quota 5, and at least 9 members.  Zero-weight members
    # are powerful here, through the count quota alone.
    charter = WeightedGame((1,) * 5 + (0,) * 10, 5, UNSC_1965.names, count_quota=9)
    assert swings(charter) == swings(UNSC_1965)
    assert banzhaf(charter) == banzhaf(UNSC_1965)
    assert shapley_shubik(charter) == shapley_shubik(UNSC_1965)
    assert veto_players(charter) == list(PERMANENT)


# ---------------------------------------------------------------------------
# Small hand-computed games
# ---------------------------------------------------------------------------


def test_fifty_forty_nine_one():
    # [51; 50, 49, 1]: the 50-member is critical in all three minimal winning
    # coalitions and has a veto; 49 and 1 are critical once each.  Banzhaf
    # (3/5, 1/5, 1/5) (Brams, Britannica Guide to Statistics and Probability,
    # 2011, p. 194).  Shapley-Shubik: A is pivotal unless it comes first,
    # 4 of 6 orders.
    game = GAMES["britannica3"]
    assert swings(game) == {"A": 3, "B": 1, "C": 1}
    assert banzhaf(game) == {"A": Fraction(3, 5), "B": Fraction(1, 5), "C": Fraction(1, 5)}
    assert shapley_shubik(game) == {"A": Fraction(2, 3), "B": Fraction(1, 6), "C": Fraction(1, 6)}
    assert veto_players(game) == ["A"]
    assert dummies(game) == []


def test_three_two_one_one():
    # Wikipedia, "Shapley-Shubik power index", first example: A, B, C, D with
    # 3, 2, 1, 1 votes and quota 4; A is pivotal in 12 of the 24 orders, and
    # "B has no more power than C and D": 1/6 each.  A has no veto, since
    # B + C + D = 4.
    game = WeightedGame((3, 2, 1, 1), 4, ("A", "B", "C", "D"))
    assert shapley_shubik(game) == {"A": Fraction(1, 2), "B": Fraction(1, 6), "C": Fraction(1, 6), "D": Fraction(1, 6)}
    # Banzhaf by hand: A is a swing for the others weighing 1..3: {B}, {C},
    # {D}, {B,C}, {B,D}, {C,D} = 6; B for those weighing 2..3: {A}, {C,D};
    # C for those weighing exactly 3: {A}, {B,D}; D likewise.
    assert swings(game) == {"A": 6, "B": 2, "C": 2, "D": 2}
    assert veto_players(game) == []


def test_three_two_one_one_small():
    # [3; 2, 1, 1]: the 2-member needs one partner, the 1-members need the
    # 2-member: swings 3, 1, 1; Shapley-Shubik 2/3, 1/6, 1/6.
    game = WeightedGame((2, 1, 1), 3)
    assert swings(game) == {"P1": 3, "P2": 1, "P3": 1}
    assert banzhaf(game) == {"P1": Fraction(3, 5), "P2": Fraction(1, 5), "P3": Fraction(1, 5)}
    assert shapley_shubik(game) == {"P1": Fraction(2, 3), "P2": Fraction(1, 6), "P3": Fraction(1, 6)}
    assert veto_players(game) == ["P1"]


def test_dictator_and_dummies():
    # [5; 5, 2, 2]: P1 alone decides.
    game = WeightedGame((5, 2, 2), 5)
    assert banzhaf(game) == {"P1": 1, "P2": 0, "P3": 0}
    assert shapley_shubik(game) == {"P1": 1, "P2": 0, "P3": 0}
    assert dummies(game) == ["P2", "P3"]
    assert veto_players(game) == ["P1"]


def test_unanimity():
    game = WeightedGame((3, 1, 1, 0), 5)
    assert veto_players(game) == ["P1", "P2", "P3"]
    # The zero-weight member is a dummy; the others are symmetric.
    assert shapley_shubik(game) == {"P1": Fraction(1, 3), "P2": Fraction(1, 3), "P3": Fraction(1, 3), "P4": 0}
    assert banzhaf(game) == shapley_shubik(game)
    assert dummies(game) == ["P4"]


def test_senate_with_tie_breaking_vice_president():
    # 100 senators and a Vice President who votes only to break a 50-50 tie:
    # [101; 2 x 100, 1].  By hand the VP is pivotal iff exactly 50 senators
    # precede it, probability 1/101, and is a swing for C(100, 50)
    # coalitions -- as many as each senator (C(99, 50) + C(99, 49)): all 101
    # members have exactly equal power.
    game = WeightedGame((2,) * 100 + (1,), 101, tuple(f"S{i}" for i in range(100)) + ("VP",))
    assert set(shapley_shubik(game).values()) == {Fraction(1, 101)}
    assert set(banzhaf(game).values()) == {Fraction(1, 101)}
    assert swings(game)["VP"] == comb(100, 50) == comb(99, 50) + comb(99, 49)


def test_large_shareholder():
    # Wikipedia, "Shapley-Shubik power index": a company with 1000 shares,
    # one holder of 400 and 600 holders of 1, simple majority (501).  The
    # strong member's index is k/(n+1) = 400/601; the others have "less than
    # 0.0006" each, and the large holder has "over 1000 times" their power.
    game = WeightedGame((400,) + (1,) * 600, 501)
    s = shapley_shubik(game)
    assert s["P1"] == Fraction(400, 601)
    assert s["P2"] == (1 - Fraction(400, 601)) / 600 == Fraction(67, 120200)
    assert s["P2"] < Fraction(6, 10000)
    assert s["P1"] / s["P2"] > 1000


def test_scaling_weights_and_quota_changes_nothing():
    # The gcd reduction must not change the game: [24; 8,8,8,4,4,2] is the
    # EEC game, and [23; 8,8,8,4,4,2] too (coalition weights are even).
    for quota in (23, 24):
        scaled = WeightedGame(tuple(2 * w for w in EEC_1958.weights), quota, EEC_1958.names)
        assert banzhaf(scaled) == banzhaf(EEC_1958)
        assert shapley_shubik(scaled) == shapley_shubik(EEC_1958)
        assert minimal_winning_weight(scaled) == 24
    # With quota 13 the smallest winning weight is 14: no coalition has 13.
    assert minimal_winning_weight(WeightedGame((4, 4, 4, 2, 2), 13)) == 14


def test_large_weights_reduced_by_gcd_and_refused_when_too_large():
    # Seat counts in millions with a common factor are fine ...
    game = WeightedGame((4_000_000, 4_000_000, 2_000_000), 6_000_000)
    assert banzhaf(game) == {"P1": Fraction(1, 3), "P2": Fraction(1, 3), "P3": Fraction(1, 3)}
    # ... but raw population counts would need a table of millions of
    # entries: refused with a clear message rather than exhausting memory.
    huge = WeightedGame((MAX_REDUCED_QUOTA * 2 + 1, MAX_REDUCED_QUOTA * 2), MAX_REDUCED_QUOTA * 3)
    with pytest.raises(ValueError, match="too large for exact counting"):
        banzhaf(huge)
    with pytest.raises(ValueError, match="too large"):
        shapley_shubik(huge)
    # Veto players need no table.
    assert veto_players(huge) == ["P1", "P2"]


def test_names_default_str_and_wins():
    game = WeightedGame([3, 2, 2], 4)  # lists are accepted and stored as tuples
    assert game.names == ("P1", "P2", "P3") and game.weights == (3, 2, 2)
    assert str(game) == "[4; 3, 2, 2]"
    assert str(WeightedGame((1, 1, 1), 2, count_quota=2)) == "[2; 1, 1, 1] (and at least 2 members)"
    assert game.wins(["P1", "P2"]) and not game.wins(["P2"]) and game.wins({"P2", "P3"})
    with pytest.raises(ValueError, match="unknown member"):
        game.wins(["P9"])
    hash(game)  # frozen, usable as a key


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(weights=(), quota=1), "at least one member"),
        (dict(weights=(1, -1), quota=1), r"weights\[1\] must be >= 0"),
        (dict(weights=(1, 2.0), quota=1), r"weights\[1\] must be an int"),
        (dict(weights=(1, True), quota=1), r"weights\[1\] must be an int"),
        (dict(weights="12", quota=1), "sequence of ints"),
        (dict(weights=(1, 2), quota=0), "quota must be positive"),
        (dict(weights=(1, 2), quota=4), "exceeds the total weight 3"),
        (dict(weights=(1, 2), quota=1.5), "quota must be an int"),
        (dict(weights=(1, 2), quota=2, names=("a",)), "one name per member"),
        (dict(weights=(1, 2), quota=2, names=("a", "a")), "distinct"),
        (dict(weights=(1, 2), quota=2, names=("a", 2)), r"names\[1\] must be a str"),
        (dict(weights=(1, 2), quota=2, names="ab"), "sequence of strings"),
        (dict(weights=(1, 2), quota=2, count_quota=3), "exceeds the number of members"),
        (dict(weights=(1, 2), quota=2, count_quota=-1), "count_quota must be >= 0"),
        (dict(weights=(1, 2), quota=2, count_quota=None), "count_quota must be an int"),
    ],
)
def test_invalid_games_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        WeightedGame(**kwargs)


def test_functions_refuse_non_games():
    for f in (banzhaf, banzhaf_raw, shapley_shubik, swings, dummies, veto_players, minimal_winning_weight):
        with pytest.raises(ValueError, match="expected a WeightedGame"):
            f(((1, 2), 2))


# ---------------------------------------------------------------------------
# Properties and brute force (n <= 8)
# ---------------------------------------------------------------------------


@st.composite
def games(draw, max_n=8, max_weight=9, count_quotas=True):
    n = draw(st.integers(1, max_n))
    weights = draw(st.lists(st.integers(0, max_weight), min_size=n, max_size=n))
    if sum(weights) == 0:
        weights[draw(st.integers(0, n - 1))] = draw(st.integers(1, max_weight))
    quota = draw(st.integers(1, sum(weights)))
    count_quota = draw(st.integers(0, n)) if count_quotas and draw(st.booleans()) else 0
    return WeightedGame(tuple(weights), quota, count_quota=count_quota)


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(games())
def test_dp_matches_brute_force_over_all_coalitions(game):
    expected = brute_swings(game)
    assert swings(game) == expected
    assert banzhaf_raw(game) == {k: Fraction(v, 2 ** (game.n - 1)) for k, v in expected.items()}
    total = sum(expected.values())
    assert banzhaf(game) == {k: Fraction(v, total) for k, v in expected.items()}
    assert shapley_shubik(game) == brute_shapley_coalitions(game)
    assert dummies(game) == [k for k, v in expected.items() if v == 0]
    assert veto_players(game) == brute_veto(game)
    assert minimal_winning_weight(game) == brute_minimal_winning_weight(game)


@settings(max_examples=60, deadline=None)
@given(games(max_n=6))
def test_shapley_shubik_matches_all_voting_orders(game):
    assert shapley_shubik(game) == brute_shapley_permutations(game)


def test_shapley_shubik_matches_all_orders_of_eight_members():
    # All 8! = 40320 voting orders of one fixed, irregular game each way.
    plain = WeightedGame((9, 7, 7, 4, 3, 2, 1, 0), 17)
    double = WeightedGame((9, 7, 7, 4, 3, 2, 1, 0), 12, count_quota=5)
    for game in (plain, double):
        assert shapley_shubik(game) == brute_shapley_permutations(game)


@PROPERTY
@given(games())
def test_indices_sum_to_one(game):
    # Every valid game has a winning grand coalition and a losing empty one,
    # so there is always at least one swing and both indices sum to 1.
    assert sum(swings(game).values()) > 0
    assert sum(banzhaf(game).values()) == 1
    assert sum(shapley_shubik(game).values()) == 1
    assert all(0 <= v <= 1 for v in banzhaf_raw(game).values())


@PROPERTY
@given(games())
def test_heavier_members_are_at_least_as_powerful(game):
    # Members with equal weights are symmetric (also under a count quota,
    # which treats everyone alike): equal indices.  A heavier member can
    # replace a lighter one in any coalition, so it is at least as powerful.
    for index in (swings, banzhaf, shapley_shubik):
        values = index(game)
        for a, wa in zip(game.names, game.weights):
            for b, wb in zip(game.names, game.weights):
                if wa == wb:
                    assert values[a] == values[b]
                elif wa > wb:
                    assert values[a] >= values[b]


@PROPERTY
@given(games(), st.data())
def test_swings_grow_with_own_weight(game, data):
    # Giving a member more weight (others and quota fixed) can only add
    # coalitions it turns into winners: its swing count never falls.
    i = data.draw(st.integers(0, game.n - 1))
    heavier = WeightedGame(
        tuple(w + (j == i) for j, w in enumerate(game.weights)), game.quota, count_quota=game.count_quota
    )
    name = game.names[i]
    assert swings(heavier)[name] >= swings(game)[name]


@PROPERTY
@given(games())
def test_dummies_have_index_zero_and_only_they(game):
    b, s = banzhaf(game), shapley_shubik(game)
    d = dummies(game)
    assert all(b[x] == 0 and s[x] == 0 for x in d)
    assert all(b[x] > 0 and s[x] > 0 for x in game.names if x not in d)
    if game.count_quota <= 1:
        # Without a binding count quota a member of weight 0 never matters.
        assert all(name in d for name, w in zip(game.names, game.weights) if w == 0)


@PROPERTY
@given(games(count_quotas=False))
def test_redundant_count_quota_changes_nothing(game):
    # "At least one member" never binds, and neither does "at least two" when
    # no single member reaches the quota: the (weight, size) programme must
    # then agree with the weight-only one.
    assert banzhaf(WeightedGame(game.weights, game.quota, count_quota=1)) == banzhaf(game)
    if max(game.weights) < game.quota and game.n >= 2:
        doubled = WeightedGame(game.weights, game.quota, count_quota=2)
        assert swings(doubled) == swings(game)
        assert shapley_shubik(doubled) == shapley_shubik(game)


def test_medium_sized_game_against_brute_force():
    # 14 members with repeated weights: 16384 coalitions, exercising the
    # grouped binomial multiplication against plain enumeration.
    rng = random.Random(7)
    weights = tuple(rng.choice((1, 1, 1, 2, 2, 3, 5, 8)) for _ in range(14))
    for count_quota in (0, 8):
        game = WeightedGame(weights, sum(weights) * 2 // 3, count_quota=count_quota)
        assert swings(game) == brute_swings(game)
        assert shapley_shubik(game) == brute_shapley_coalitions(game)


# ---------------------------------------------------------------------------
# A large body
# ---------------------------------------------------------------------------


def test_five_hundred_members():
    # A 500-member chamber with weights 1..5 (fixed seed) and a simple
    # majority of the total.  No timing assertion: this test only has to
    # finish quickly (Banzhaf ~0.02 s, Shapley-Shubik ~1 s on one core).
    rng = random.Random(2024)
    weights = tuple(rng.randint(1, 5) for _ in range(500))
    game = WeightedGame(weights, sum(weights) // 2 + 1)
    b = banzhaf(game)
    s = shapley_shubik(game)
    assert sum(b.values()) == 1 and sum(s.values()) == 1
    by_weight_b = {w: b[name] for name, w in zip(game.names, weights)}
    by_weight_s = {w: s[name] for name, w in zip(game.names, weights)}
    for name, w in zip(game.names, weights):
        assert b[name] == by_weight_b[w] and s[name] == by_weight_s[w]
    # Strictly more weight, strictly more power here (no dummies, no ties).
    assert [by_weight_b[w] for w in range(1, 6)] == sorted(by_weight_b.values())
    assert len(set(by_weight_s.values())) == 5
    assert [by_weight_s[w] for w in range(1, 6)] == sorted(by_weight_s.values())
    assert dummies(game) == [] and veto_players(game) == []
    # In so large a body both indices are close to proportional to weight.
    share = Fraction(5, sum(weights))
    assert abs(by_weight_s[5] - share) < share / 10
    assert abs(by_weight_b[5] - share) < share / 10
