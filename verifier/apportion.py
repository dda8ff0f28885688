"""Exact seat apportionment.

Everything here is computed with ``int`` and exact ratio comparisons
(cross-multiplication or :class:`fractions.Fraction`); no floating point is
ever used.  A verifier must give the same answer on every machine, and a
float rounding error at a tie or near-tie would silently move a seat.

Functions
---------
``per_capita``
    Delegates for a population at "one delegate per N people", rounded
    ``"floor"``, ``"nearest"`` (half up) or ``"ceil"``.
``dhondt``, ``sainte_lague``
    Highest-averages (divisor) methods.  The quotient for a party with ``v``
    votes and ``n`` seats already won is ``v / d(n)``; D'Hondt uses divisors
    ``1, 2, 3, ...`` and (pure) Sainte-Laguë uses ``1, 3, 5, ...``.  The
    "modified" Sainte-Laguë with a first divisor of 1.4 is *not* implemented.
    Quotients are compared exactly.
``hare``
    Hare quota with largest remainders: ``quota = total_valid / seats`` as an
    exact fraction, where ``total_valid`` is the sum of the votes of the
    parties that pass the threshold.  Each such party first gets
    ``floor(votes / quota)`` seats; the seats left over go one each to the
    parties with the largest remainders ``votes / quota - floor(votes / quota)``.
``party_list``
    Dispatch by name: ``"dhondt"``, ``"sainte_lague"`` or ``"hare"``.
``winner_take_all``
    Plurality winner of a single district.
``huntington_hill``
    Method of equal proportions (the U.S. House method since 1941): after the
    minimum, each further seat goes to the state with the highest priority
    ``p / sqrt(n (n + 1))``, where ``n`` is its current number of seats.  The
    square root is never taken: priorities are compared as
    ``p_a**2 * n_b (n_b + 1)`` versus ``p_b**2 * n_a (n_a + 1)`` in integers.

Threshold
---------
``threshold`` is a share of the *total* votes cast for all parties, e.g.
``Fraction(5, 100)`` for a 5 % hurdle.  A party is excluded when its share is
strictly below the threshold, i.e. when ``votes * threshold.denominator <
threshold.numerator * total``; a party exactly at the threshold passes.  The
parties that pass share all the seats among themselves.  The threshold must
be an ``int`` or ``Fraction`` in ``[0, 1]`` (floats are refused, because
``0.05`` is not exactly five percent).

Degenerate cases
----------------
* If no party passes the threshold, or the passing parties have zero votes in
  total (e.g. every party got zero votes), **every party gets 0 seats**: the
  result is the full dict with all zeros, and its total is then *less* than
  ``seats``.  Callers that must fill a chamber have to check for this.
* ``seats == 0`` returns all zeros.
* Negative votes, seats, populations or minimum raise ``ValueError``;
  non-integer counts (including ``float`` and ``bool``) raise ``TypeError``.

Tie-breaking
------------
All methods are deterministic.  Whenever two parties compete for the same
seat with equal standing -- equal highest-averages quotients, equal Hare
remainders, equal Huntington-Hill priorities, or equal vote counts in
``winner_take_all`` -- the party with **more votes** (population, for
Huntington-Hill) wins, and if that is also equal, the party that comes
**first in the mapping's iteration order** wins.

Results
-------
Every function returning a ``dict`` returns one entry for every input party
(zeros included), in the input mapping's iteration order.
"""

from __future__ import annotations

import heapq
from fractions import Fraction
from dsl.model import per_capita as _model_per_capita
from typing import Callable, Mapping

__all__ = [
    "per_capita",
    "dhondt",
    "sainte_lague",
    "hare",
    "party_list",
    "winner_take_all",
    "huntington_hill",
    "METHODS",
]

_ROUNDINGS = ("floor", "nearest", "ceil")


# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------


def _require_int(name: str, value: object) -> int:
    # bool is a subclass of int, but True votes/seats are almost certainly a
    # bug in the caller, so refuse them along with floats.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}: {value!r}")
    return value


def _require_non_negative(name: str, value: object) -> int:
    value = _require_int(name, value)
    if value < 0:
        raise ValueError(f"{name} must be non-negative, got {value}")
    return value


def _validate_counts(counts: Mapping[str, int], what: str) -> None:
    for party, count in counts.items():
        _require_non_negative(f"{what} for {party!r}", count)


def _validate_threshold(threshold: Fraction | int) -> Fraction:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, Fraction)):
        raise TypeError(
            f"threshold must be a Fraction or int share of the votes, got "
            f"{type(threshold).__name__}: {threshold!r}"
        )
    share = Fraction(threshold)
    if not 0 <= share <= 1:
        raise ValueError(f"threshold must be a share between 0 and 1, got {share}")
    return share


def _passing(votes: Mapping[str, int], threshold: Fraction) -> list[tuple[int, str, int]]:
    """Return ``(position, party, votes)`` for the parties at or above the threshold.

    ``position`` is the index in the mapping's iteration order; it is carried
    along because it is the last tie-breaker.
    """
    total = sum(votes.values())
    # Integer form of votes / total >= threshold, valid also when total == 0.
    return [
        (position, party, v)
        for position, (party, v) in enumerate(votes.items())
        if v * threshold.denominator >= threshold.numerator * total
    ]


class _Priority:
    """The ratio ``num / den`` ordered so that a *larger* ratio sorts first.

    ``heapq`` is a min-heap, so "less than" here means "has priority".  The
    comparison cross-multiplies instead of dividing, which keeps it exact and
    also handles ``den == 0`` as +infinity when ``num > 0`` (Huntington-Hill
    gives a state with no seat yet an infinite priority).  Both numerators
    must be non-negative and at most one of ``num``/``den`` may be zero.
    """

    __slots__ = ("num", "den")

    def __init__(self, num: int, den: int) -> None:
        self.num = num
        self.den = den

    def __lt__(self, other: _Priority) -> bool:
        return self.num * other.den > other.num * self.den

    def __eq__(self, other: object) -> bool:
        # Tuple comparison asks == before <, so equality must agree with the
        # ordering or the later tie-breakers in the tuple would be skipped.
        if not isinstance(other, _Priority):
            return NotImplemented
        return self.num * other.den == other.num * self.den

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"_Priority({self.num}/{self.den})"


# ---------------------------------------------------------------------------
# Per-capita representation
# ---------------------------------------------------------------------------


def per_capita(size: int, per: int, rounding: str = "floor") -> int:
    """Number of delegates for a population of ``size`` at one per ``per`` people.

    ``rounding`` is ``"floor"`` (a delegate only for every *full* ``per``),
    ``"ceil"`` (any remainder earns a delegate) or ``"nearest"`` (rounds an
    exact half up).  For example, at one delegate per 25,000 people,
    3,000,000 people elect 120 delegates and 24,999 people elect 0 (floor),
    1 (ceil) or 1 (nearest).

    Raises ``ValueError`` if ``per <= 0``, ``size < 0`` or ``rounding`` is
    unknown, and ``TypeError`` if ``size`` or ``per`` is not an ``int``.
    """
    _require_non_negative("size", size)
    _require_int("per", per)
    if per <= 0:
        raise ValueError(f"per must be positive, got {per}")
    if rounding not in _ROUNDINGS:
        raise ValueError(f"rounding must be one of {', '.join(map(repr, _ROUNDINGS))}; got {rounding!r}")
    # The model's quotas use the same rule; one implementation keeps them identical.
    return _model_per_capita(size, per, rounding)


# ---------------------------------------------------------------------------
# Highest-averages methods
# ---------------------------------------------------------------------------


def _highest_averages(
    votes: Mapping[str, int], seats: int, threshold: Fraction | int, step: int
) -> dict[str, int]:
    """Divisor method with divisors ``1, 1 + step, 1 + 2*step, ...``.

    The result is, by definition, the ``seats`` largest quotients ``v / d``
    over all parties, ranked by (quotient, votes, earlier position).  Handing
    them out one by one would cost one heap operation per seat, so first a
    block of seats that is *provably* inside that top set is given out
    directly, and only the last few (at most about one per party) go through
    the heap.

    Warm start: take ``lam = total / L`` and give each party every quotient
    strictly greater than ``lam``.  That set sits at the top of the ranking
    whatever the tie-breaks, so it is part of the answer as long as it has at
    most ``seats`` members.  A party with ``x = v * L / total`` gets fewer
    than ``(x - 1 + step) / step`` such quotients, so the set has fewer than
    ``(L + P * (step - 1)) / step`` members over ``P`` parties with votes;
    ``L = step * seats - P * (step - 1)`` makes that at most ``seats``.
    (For D'Hondt, ``L = seats``: the familiar lower-quota guarantee.)
    """
    _validate_counts(votes, "votes")
    _require_non_negative("seats", seats)
    share = _validate_threshold(threshold)

    allocation = dict.fromkeys(votes, 0)
    # Zero-vote parties can never win a quotient against a positive one, and
    # if nobody has votes we hand out nothing (see module docstring).
    contenders = [c for c in _passing(votes, share) if c[2] > 0]
    total = sum(v for _, _, v in contenders)
    if seats == 0 or total == 0:
        return allocation

    scale = step * seats - len(contenders) * (step - 1)
    if scale > 0:
        for _, party, v in contenders:
            # Largest divisor value d with v / d > total / scale.
            largest = (v * scale - 1) // total
            allocation[party] = (largest - 1) // step + 1 if largest >= 1 else 0
    given = sum(allocation.values())
    if given > seats:  # pragma: no cover - excluded by the bound above
        raise AssertionError("highest-averages warm start over-allocated")

    heap = [
        (_Priority(v, step * allocation[party] + 1), -v, position, party)
        for position, party, v in contenders
    ]
    heapq.heapify(heap)
    for _ in range(seats - given):
        _, neg_v, position, party = heapq.heappop(heap)
        allocation[party] += 1
        heapq.heappush(
            heap, (_Priority(-neg_v, step * allocation[party] + 1), neg_v, position, party)
        )
    return allocation


def dhondt(
    votes: Mapping[str, int], seats: int, threshold: Fraction = Fraction(0)
) -> dict[str, int]:
    """Apportion ``seats`` by the D'Hondt (Jefferson) method.

    Each seat goes to the party with the largest quotient ``v / (n + 1)``,
    ``n`` being the seats it has won so far.  Parties strictly below
    ``threshold`` (a share of all votes) get nothing.  Ties: more votes, then
    earlier in ``votes``' iteration order.  Returns every party, in input
    order; all zeros if ``seats == 0`` or no party with votes passes.
    """
    return _highest_averages(votes, seats, threshold, step=1)


def sainte_lague(
    votes: Mapping[str, int], seats: int, threshold: Fraction = Fraction(0)
) -> dict[str, int]:
    """Apportion ``seats`` by the (pure) Sainte-Laguë / Webster method.

    Each seat goes to the party with the largest quotient ``v / (2n + 1)``,
    ``n`` being the seats it has won so far (divisors 1, 3, 5, ...).  Parties
    strictly below ``threshold`` get nothing.  Ties: more votes, then earlier
    in ``votes``' iteration order.  Returns every party, in input order; all
    zeros if ``seats == 0`` or no party with votes passes.
    """
    return _highest_averages(votes, seats, threshold, step=2)


# ---------------------------------------------------------------------------
# Largest remainder
# ---------------------------------------------------------------------------


def hare(
    votes: Mapping[str, int], seats: int, threshold: Fraction = Fraction(0)
) -> dict[str, int]:
    """Apportion ``seats`` by the Hare quota and largest remainders (Hare-Niemeyer).

    ``quota = total_valid / seats`` exactly, ``total_valid`` being the votes
    of the parties that pass ``threshold``.  Each passing party gets
    ``floor(votes / quota)`` seats, and the seats still free go one each to
    the largest remainders.  Ties between equal remainders: more votes, then
    earlier in ``votes``' iteration order.  Returns every party, in input
    order; all zeros if ``seats == 0`` or no party with votes passes.
    """
    _validate_counts(votes, "votes")
    _require_non_negative("seats", seats)
    share = _validate_threshold(threshold)

    allocation = dict.fromkeys(votes, 0)
    contenders = _passing(votes, share)
    total = sum(v for _, _, v in contenders)
    if seats == 0 or total == 0:
        return allocation

    # votes / quota == votes * seats / total; keep the remainder as the
    # integer numerator over the common denominator `total`, so comparing
    # remainders is comparing ints.
    remainders: list[tuple[int, int, int, str]] = []
    for position, party, v in contenders:
        whole, remainder = divmod(v * seats, total)
        allocation[party] = whole
        remainders.append((-remainder, -v, position, party))
    leftover = seats - sum(allocation.values())
    # The fractional parts sum to `leftover` and each is < 1, so more than
    # `leftover` parties have a positive remainder: no zero remainder (and no
    # zero-vote party) can be reached here.
    for _, _, _, party in sorted(remainders)[:leftover]:
        allocation[party] += 1
    return allocation


METHODS: dict[str, Callable[..., dict[str, int]]] = {
    "dhondt": dhondt,
    "sainte_lague": sainte_lague,
    "hare": hare,
}


def party_list(
    method: str,
    votes: Mapping[str, int],
    seats: int,
    threshold: Fraction = Fraction(0),
) -> dict[str, int]:
    """Apportion ``seats`` among party lists with the named ``method``.

    ``method`` is ``"dhondt"``, ``"sainte_lague"`` or ``"hare"``; see those
    functions for the semantics of ``threshold``, ties and degenerate cases.
    Raises ``ValueError`` for an unknown method.
    """
    try:
        apportion = METHODS[method]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown party-list method {method!r}; expected one of {', '.join(map(repr, METHODS))}"
        ) from None
    return apportion(votes, seats, threshold)


# ---------------------------------------------------------------------------
# Single-member districts
# ---------------------------------------------------------------------------


def winner_take_all(votes: Mapping[str, int]) -> str | None:
    """Plurality winner of one district, or ``None`` if nobody got a vote.

    A tie for the most votes goes to the candidate that comes first in
    ``votes``' iteration order.  Raises ``ValueError`` on negative votes.
    """
    _validate_counts(votes, "votes")
    winner: str | None = None
    best = 0
    for party, v in votes.items():
        # Strictly greater, so the earliest of equal candidates is kept.
        if v > best:
            winner, best = party, v
    return winner


# ---------------------------------------------------------------------------
# Huntington-Hill
# ---------------------------------------------------------------------------


def huntington_hill(
    populations: Mapping[str, int], seats: int, minimum: int = 1
) -> dict[str, int]:
    """Apportion ``seats`` among states by Huntington-Hill (equal proportions).

    Every state first gets ``minimum`` seats; each remaining seat goes to the
    state with the highest priority ``p / sqrt(n (n + 1))`` for its current
    ``n`` seats, compared exactly as ``p_a**2 * n_b (n_b + 1)`` versus
    ``p_b**2 * n_a (n_a + 1)``.  With ``minimum == 0`` a state with no seat
    and a positive population has infinite priority; a state with population
    0 never gets more than ``minimum``.  Ties: larger population, then earlier
    in ``populations``' iteration order.

    Unlike the party-list methods this always fills exactly ``seats``: it
    raises ``ValueError`` if ``seats < minimum * len(populations)``, or if
    seats above the minimum remain but every population is zero (there is
    nothing to apportion them by), as well as on negative inputs.
    """
    _validate_counts(populations, "population")
    _require_non_negative("seats", seats)
    _require_non_negative("minimum", minimum)
    guaranteed = minimum * len(populations)
    if guaranteed > seats:
        raise ValueError(
            f"{seats} seats cannot give {len(populations)} states at least {minimum} each"
        )

    allocation = dict.fromkeys(populations, minimum)
    remaining = seats - guaranteed
    if remaining == 0:
        return allocation
    contenders = [
        (position, state, p)
        for position, (state, p) in enumerate(populations.items())
        if p > 0
    ]
    if not contenders:
        raise ValueError(
            f"{remaining} seats above the minimum but every population is zero"
        )

    def priority(p: int, n: int) -> _Priority:
        # Squared priority p**2 / (n (n + 1)): same order as p / sqrt(...)
        # since both are non-negative, and it stays in the integers.
        return _Priority(p * p, n * (n + 1))

    heap = [
        (priority(p, minimum), -p, position, state) for position, state, p in contenders
    ]
    heapq.heapify(heap)
    for _ in range(remaining):
        _, neg_p, position, state = heapq.heappop(heap)
        allocation[state] += 1
        heapq.heappush(heap, (priority(-neg_p, allocation[state]), neg_p, position, state))
    return allocation
