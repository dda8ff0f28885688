"""Exact power indices of weighted voting games.

A *weighted voting game* ``[q; w_1, ..., w_n]`` has members with
non-negative integer weights (seats, votes, shares); a coalition ``S`` wins
iff ``w(S) >= q``.  Optionally a *count quota* ``k`` adds a second condition
(a double majority, "and at least ``k`` members"): ``S`` wins iff
``w(S) >= q`` and ``|S| >= k``.

Everything is computed exactly with ``int`` and :class:`fractions.Fraction`;
no floating point is used, because a verifier must give the same answer on
every machine and a rounded index could hide a dummy (index exactly 0) or a
tie between members.

Definitions
-----------
A member ``i`` is a *swing* (is *critical*) for a coalition ``S`` of the
**other** members when ``S`` loses but ``S + {i}`` wins.

``swings(game)``
    Number of coalitions of the others for which each member is a swing
    (the Penrose-Banzhaf count, ``eta_i``).
``banzhaf_raw(game)``
    ``eta_i / 2**(n-1)``: the probability that ``i`` is decisive when every
    other member votes yes or no with probability 1/2 (Penrose measure,
    "absolute" Banzhaf index).
``banzhaf(game)``
    ``eta_i / sum_j eta_j``: the normalised Banzhaf index.
``shapley_shubik(game)``
    Fraction of the ``n!`` voting orders in which ``i`` is pivotal, i.e.
    ``sum over swing coalitions S of |S|! (n-1-|S|)! / n!``.
``dummies(game)``
    Members that are never a swing (both indices are exactly 0).
``veto_players(game)``
    Members without whom no coalition wins.
``minimal_winning_weight(game)``
    The smallest weight any winning coalition actually has (it can exceed
    the quota, e.g. when all weights are even and the quota is odd).

Every valid game has at least one swing (the empty coalition loses because
``q > 0``, the grand coalition wins because ``q <= total`` and ``k <= n``,
so some member turns a losing chain into a winning one), hence the
normalised indices are always defined and always sum to 1.

Algorithms and complexity
-------------------------
Let ``n`` be the number of members, ``q`` the quota and ``C`` the number of
*distinct* weights.  Before counting, all weights and the quota are divided
by the gcd ``g`` of the weights (``w(S) >= q`` iff ``w(S)/g >= ceil(q/g)``),
which shrinks e.g. seat counts that are all even.

Members with equal weights are interchangeable (also under a count quota,
which treats every member alike), so every quantity is computed once per
weight class and shared by its members.

* Banzhaf without count quota -- generating function over weight.  The list
  ``P[j]`` (``j < q``) counts coalitions of *all* members of weight ``j``;
  it is built by multiplying by ``(1 + x^w)`` once per member: ``O(n q)``
  additions of integers of at most ``n`` bits.  The counts for "everyone
  except one member of weight ``w``" are recovered by exact polynomial
  division by ``(1 + x^w)`` (``Q[j] = P[j] - Q[j-w]``), ``O(q)`` per weight
  class, and the swings are ``sum(Q[q-w : q])``.  Total ``O(n q + C q)``
  additions.
* Shapley-Shubik, and Banzhaf with a count quota -- generating function
  over (weight, size), ``prod (1 + y x^w)``, truncated to weights ``< q``:
  ``O(n^2 q)`` additions of counts of at most ``n`` bits.  To make that
  affordable in Python, every polynomial in ``y`` (the sizes) is packed into
  one ``int`` with ``B = 8 ceil((n+1)/8)`` bits per size (Kronecker
  substitution; no count reaches ``2^n``, so slots never overflow), and the
  ``n`` additions of one table entry become a single big-integer addition
  carried out in C: ``O(n q)`` Python-level operations.  While the table is
  still sparse, a whole weight class of ``m`` members is multiplied in at
  once as ``(1 + y x^w)^m = sum_c C(m, c) y^c x^(c w)`` (largest classes go
  first, when the table has a single entry), so e.g. one large shareholder
  plus 600 single shares costs almost nothing.  Division by
  ``(1 + y x^w)`` is ``O(q)`` operations per weight class.  Zero-weight
  members are multiplied in as ``(1 + y)^m`` and divided out exactly by an
  integer division by ``1 + 2^B``.

* Dummies without a count quota -- only whether a swing exists, not how
  many: reachability bitsets (an ``int`` whose bit ``s`` says that some
  coalition weighs ``s``, truncated below the quota), the sums of "everyone
  but one member of class c" built for all classes at once by divide and
  conquer, ``O(C log C)`` shift-ors of ``q``-bit integers (each class of
  ``m`` members added with ``O(log m)`` shifts).  Veto players need only the
  total weight: ``O(n)``.

Rough timings (CPython 3.11, one core): 500 members with weights 1..5 and a
simple-majority quota -- Banzhaf in ~0.02 s, Shapley-Shubik in ~1 s; the UN
Security Council, the EEC Council or a 101-seat Senate are instantaneous.
Dummies and veto players of 500 members with distinct weights 1..1000 take
~0.03 s, against ~5 s for their swing counts (``bench/power/weighted.py``).

The table has ``q`` entries, so the cost is pseudo-polynomial in the
(reduced) quota.  Games whose reduced quota exceeds ``MAX_REDUCED_QUOTA``
(e.g. weights that are raw population counts) are refused with a
``ValueError`` instead of exhausting memory.

Inputs
------
Invalid games raise ``ValueError`` with a message naming the offending
field: weights must be ``int`` (``bool`` and ``float`` are refused) and
``>= 0``; ``0 < quota <= sum(weights)``; ``0 <= count_quota <= n``; names
must be distinct strings, one per member.  Results are ``dict`` keyed by
member name, in the members' order.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import comb, factorial, gcd
from typing import Iterable

__all__ = [
    "MAX_REDUCED_QUOTA",
    "WeightedGame",
    "banzhaf",
    "banzhaf_raw",
    "dummies",
    "minimal_winning_weight",
    "shapley_shubik",
    "swings",
    "veto_players",
]

# The DP tables have one entry per weight below the quota; beyond this many
# entries the memory (and time) would be unreasonable for an interactive
# verifier, so such games are refused with a clear message instead.
MAX_REDUCED_QUOTA = 1_000_000


# ---------------------------------------------------------------------------
# The game
# ---------------------------------------------------------------------------


def _require_int(field: str, value: object) -> int:
    # bool is an int subclass, but True as a weight is almost surely a bug;
    # floats are refused because 0.1 + 0.2 seats is not a weight.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{field} must be an int, got {type(value).__name__}: {value!r}")
    return value


@dataclass(frozen=True)
class WeightedGame:
    """A weighted voting game ``[quota; weights...]``.

    ``weights``
        Each member's weight (seats, votes, shares); ints ``>= 0``.
    ``quota``
        A coalition wins iff its total weight is ``>= quota``;
        ``0 < quota <= sum(weights)``.
    ``names``
        One distinct name per member; when omitted (empty) the members are
        named ``"P1"``, ``"P2"``, ...
    ``count_quota``
        Optional additional requirement that a winning coalition has at
        least this many members (double majority); ``0`` (the default)
        means no such requirement.

    Lists are accepted and stored as tuples, so games are hashable.
    """

    weights: tuple[int, ...]
    quota: int
    names: tuple[str, ...] = ()
    count_quota: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.weights, (str, bytes)) or not isinstance(self.weights, Iterable):
            raise ValueError(f"weights must be a sequence of ints, got {self.weights!r}")
        weights = tuple(self.weights)
        if not weights:
            raise ValueError("a weighted game needs at least one member (weights is empty)")
        for i, w in enumerate(weights):
            _require_int(f"weights[{i}]", w)
            if w < 0:
                raise ValueError(f"weights[{i}] must be >= 0, got {w}")
        n = len(weights)
        total = sum(weights)

        quota = _require_int("quota", self.quota)
        if quota <= 0:
            # A quota of 0 would make the empty coalition win: every member
            # would be a dummy and no index would be defined.
            raise ValueError(f"quota must be positive, got {quota}")
        if quota > total:
            # Then not even the grand coalition wins: nothing ever passes.
            raise ValueError(f"quota {quota} exceeds the total weight {total}: no coalition could win")

        count_quota = _require_int("count_quota", self.count_quota)
        if count_quota < 0:
            raise ValueError(f"count_quota must be >= 0, got {count_quota}")
        if count_quota > n:
            raise ValueError(f"count_quota {count_quota} exceeds the number of members {n}: no coalition could win")

        if isinstance(self.names, str) or not isinstance(self.names, Iterable):
            raise ValueError(f"names must be a sequence of strings, got {self.names!r}")
        names = tuple(self.names) if self.names else tuple(f"P{i + 1}" for i in range(n))
        if len(names) != n:
            raise ValueError(f"names has {len(names)} entries but weights has {n}; give one name per member")
        for i, name in enumerate(names):
            if not isinstance(name, str):
                raise ValueError(f"names[{i}] must be a str, got {type(name).__name__}: {name!r}")
        if len(set(names)) != n:
            dup = sorted({x for x in names if names.count(x) > 1})
            raise ValueError(f"member names must be distinct; repeated: {', '.join(map(repr, dup))}")

        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "quota", quota)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "count_quota", count_quota)

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.weights)

    @property
    def total(self) -> int:
        """Total weight of all members."""
        return sum(self.weights)

    def wins(self, coalition: Iterable[str]) -> bool:
        """Whether the coalition of the named members wins."""
        index = {name: i for i, name in enumerate(self.names)}
        members = set()
        for name in coalition:
            if name not in index:
                raise ValueError(f"unknown member {name!r}")
            members.add(index[name])
        weight = sum(self.weights[i] for i in members)
        return weight >= self.quota and len(members) >= self.count_quota

    def __str__(self) -> str:
        inner = f"{self.quota}; " + ", ".join(map(str, self.weights))
        extra = f" (and at least {self.count_quota} members)" if self.count_quota else ""
        return f"[{inner}]{extra}"


# ---------------------------------------------------------------------------
# Reduction to weight classes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reduced:
    n: int
    quota: int  # after division by the gcd of the weights
    count_quota: int  # 0 when the count condition can never bind
    classes: tuple[tuple[int, int], ...]  # (reduced weight, multiplicity), heaviest first
    member_weight: tuple[int, ...]  # reduced weight of each member, in order


def _reduce(game: WeightedGame) -> _Reduced:
    g = 0
    for w in game.weights:
        g = gcd(g, w)
    # g > 0 because quota <= total forces some positive weight.
    weights = tuple(w // g for w in game.weights)
    quota = -(-game.quota // g)  # ceil: coalition weights are multiples of g
    if quota > MAX_REDUCED_QUOTA:
        raise ValueError(
            f"quota {game.quota} is too large for exact counting: after dividing the weights "
            f"by their gcd {g} the quota is {quota} > {MAX_REDUCED_QUOTA} (the tables have one "
            f"entry per weight below the quota)"
        )
    # A count quota of 1 never binds: quota > 0 already makes every winning
    # coalition non-empty.  Dropping it keeps such games on the fast path.
    count_quota = game.count_quota if game.count_quota >= 2 else 0
    mult: dict[int, int] = {}
    for w in weights:
        mult[w] = mult.get(w, 0) + 1
    # Heaviest first: heavy members reach fewer table entries, so the packed
    # integers stay short for as long as possible while building.
    classes = tuple(sorted(mult.items(), reverse=True))
    return _Reduced(game.n, quota, count_quota, classes, weights)


# ---------------------------------------------------------------------------
# Counting by weight only (Banzhaf without a count quota)
# ---------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _swings_by_class(classes: tuple[tuple[int, int], ...], q: int) -> dict[int, int]:
    """Swing count of one member of each weight class (no count quota)."""
    # P[j] = number of coalitions of all members with weight j, for j < q;
    # heavier coalitions all win and are never needed.
    P = [0] * q
    P[0] = 1
    for w, m in classes:
        if w == 0:
            # Zero-weight members can join any coalition without changing
            # its weight: a factor 2 each.
            P = [x << m for x in P]
        elif w < q:
            for _ in range(m):
                # Multiply by (1 + x^w); the right side is built from the old
                # list before the slice assignment happens.
                P[w:] = [a + b for a, b in zip(P[w:], P)]
        # w >= q: coalitions containing this member weigh >= q; not tabled.
    result: dict[int, int] = {}
    for w, _m in classes:
        if w == 0:
            # Without a count quota weight is all that matters.
            result[w] = 0
            continue
        Q = P[:]
        if w < q:
            # Exact division by (1 + x^w): remove one member of weight w.
            for j in range(w, q):
                Q[j] -= Q[j - w]
        # The others' coalitions S with q - w <= w(S) < q are the swings.
        result[w] = sum(Q[max(0, q - w) : q])
    return result


# ---------------------------------------------------------------------------
# Counting by weight and size (Shapley-Shubik; count quota)
# ---------------------------------------------------------------------------


def _slot_bits(n: int) -> int:
    # Any count of coalitions of a given size is <= C(n, s) < 2^n, so n + 1
    # bits always suffice; rounding up to whole bytes makes unpacking a
    # cheap bytes slice.
    return 8 * ((n + 1 + 7) // 8)


def _unpack(value: int, bits: int, count: int) -> list[int]:
    """The first ``count`` slots of a packed polynomial, lowest first."""
    step = bits // 8
    length = max(step * count, (value.bit_length() + 7) // 8)
    raw = value.to_bytes(length, "little")
    return [int.from_bytes(raw[i * step : (i + 1) * step], "little") for i in range(count)]


@lru_cache(maxsize=32)
def _pivot_counts_by_class(
    classes: tuple[tuple[int, int], ...], q: int, n: int, k: int
) -> dict[int, tuple[int, ...]]:
    """For one member of each weight class: ``N[s]`` = number of coalitions of
    ``s`` other members for which the member is a swing, ``s = 0..n-1``."""
    B = _slot_bits(n)
    # T[j] packs, for coalitions of all members with weight j < q, their
    # counts by size: slot s (bits s*B .. s*B+B-1) counts those of size s.
    T = [0] * q
    T[0] = 1
    # Largest classes first: while the table is still sparse a whole class
    # is multiplied in at once with binomial coefficients (see below).
    for w, m in sorted(classes, key=lambda c: (-c[1], -c[0])):
        if w == 0:
            # Multiply every entry by (1 + y)^m in one big-int product.
            factor = sum(comb(m, c) << (c * B) for c in range(m + 1))
            T = [t * factor for t in T]
        elif w < q:
            support = [j for j, t in enumerate(T) if t]
            # (1 + y x^w)^m = sum_k C(m, k) y^k x^(k w): scattering each
            # non-zero entry costs one product per reachable k, against m
            # full passes of additions; the factor 2 allows for products
            # being dearer than additions.
            scatter = sum(min(m, (q - 1 - j) // w) + 1 for j in support)
            if 2 * scatter <= m * (q - w):
                binomials = [comb(m, c) for c in range(m + 1)]
                scattered = [0] * q
                for j in support:
                    t = T[j]
                    for c in range(min(m, (q - 1 - j) // w) + 1):
                        scattered[j + c * w] += (t * binomials[c]) << (c * B)
                T = scattered
                continue
            for _ in range(m):
                # Multiply by (1 + y x^w): T[j] += y * T[j - w], reading the
                # old T[j - w] (the new list is built before the assignment);
                # shifting by B bits multiplies by y (one member more).
                T[w:] = [a + (b << B) if b else a for a, b in zip(T[w:], T)]
        # w >= q: such coalitions weigh >= q and are not tabled.

    result: dict[int, tuple[int, ...]] = {}
    one_plus_y = 1 + (1 << B)
    for w, _m in classes:
        # Q: the same table for all members but one of weight w.
        if w == 0:
            Q = [t // one_plus_y for t in T]  # exact: T = Q * (1 + y)
        elif w < q:
            Q = T[:]
            for j in range(w, q):
                Q[j] -= Q[j - w] << B  # exact division by (1 + y x^w)
        else:
            Q = T
        lo = max(0, q - w)
        # Coalitions S of the others with q - w <= w(S) < q: adding the member
        # reaches the quota and S alone does not.
        window = _unpack(sum(Q[lo:q]), B, n)
        if k == 0:
            counts = window
        else:
            # With "at least k members" the member is a swing for S iff
            #   |S| >= k   and q - w <= w(S) < q        (S short of weight), or
            #   |S| == k-1 and w(S) >= q - w            (S short of members).
            counts = [0] * n
            for s in range(k, n):
                counts[s] = window[s]
            light = _unpack(sum(Q[:lo]), B, n)[k - 1]  # size k-1, w(S) < q - w
            counts[k - 1] = comb(n - 1, k - 1) - light
        result[w] = tuple(counts)
    return result


# ---------------------------------------------------------------------------
# Whether a swing exists (dummies without a count quota)
# ---------------------------------------------------------------------------


def _add_copies(bits: int, w: int, m: int, mask: int) -> int:
    """The sums reachable with up to ``m`` more members of weight ``w``,
    kept below the quota (``mask``)."""
    if w == 0 or m == 0 or w >= mask.bit_length():
        return bits  # sums that do not move, or move past the quota
    # Chunks 1, 2, 4, ..., rest reach every count 0..m with O(log m) shifts.
    chunk = 1
    while m > 0:
        take = min(chunk, m)
        bits = (bits | bits << take * w) & mask
        m -= take
        chunk <<= 1
    return bits


def _swinging_weights(classes: tuple[tuple[int, int], ...], q: int) -> set[int]:
    """The (reduced) weights whose members are a swing for some coalition of
    the others: some sum ``s`` of the others has ``q - w <= s < q``.

    Sums are a bitset (bit ``s`` set iff some coalition weighs ``s``),
    truncated below the quota, since heavier coalitions already win.  The
    bitset of "everyone but one member of class c" is built for every class
    by divide and conquer: a range of classes receives the sums of everyone
    outside it, and each half is recursed into after adding the other half;
    a leaf adds its own class less one member.  Each class is added
    ``O(log C)`` times, so ``O(C log C log m)`` shift-ors of ``q``-bit
    integers in all, against ``O(n q)`` additions for counting swings."""
    mask = (1 << q) - 1
    live: set[int] = set()

    def add_all(bits: int, lo: int, hi: int) -> int:
        for w, m in classes[lo:hi]:
            bits = _add_copies(bits, w, m, mask)
        return bits

    def visit(lo: int, hi: int, outside: int) -> None:
        if hi - lo == 1:
            w, m = classes[lo]
            others = _add_copies(outside, w, m - 1, mask)
            if w > 0 and others >> max(0, q - w):
                live.add(w)
            return
        mid = (lo + hi) // 2
        visit(lo, mid, add_all(outside, mid, hi))
        visit(mid, hi, add_all(outside, lo, mid))

    visit(0, len(classes), 1)
    return live


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _check(game: object) -> WeightedGame:
    if not isinstance(game, WeightedGame):
        raise ValueError(f"expected a WeightedGame, got {type(game).__name__}")
    return game


def swings(game: WeightedGame) -> dict[str, int]:
    """Number of coalitions of the other members for which each member is a
    swing (the coalition loses without the member and wins with it)."""
    r = _reduce(_check(game))
    if r.count_quota == 0:
        per_class = _swings_by_class(r.classes, r.quota)
    else:
        pivots = _pivot_counts_by_class(r.classes, r.quota, r.n, r.count_quota)
        per_class = {w: sum(c) for w, c in pivots.items()}
    return {name: per_class[w] for name, w in zip(game.names, r.member_weight)}


def banzhaf_raw(game: WeightedGame) -> dict[str, Fraction]:
    """Raw (absolute) Banzhaf index / Penrose measure: swings / 2^(n-1)."""
    sw = swings(game)
    denominator = 1 << (game.n - 1)
    return {name: Fraction(s, denominator) for name, s in sw.items()}


def banzhaf(game: WeightedGame) -> dict[str, Fraction]:
    """Normalised Banzhaf index: each member's swings over all swings."""
    sw = swings(game)
    total = sum(sw.values())  # > 0 for every valid game (see module docstring)
    return {name: Fraction(s, total) for name, s in sw.items()}


def shapley_shubik(game: WeightedGame) -> dict[str, Fraction]:
    """Shapley-Shubik index: the share of voting orders in which each member
    is pivotal (brings the coalition of its predecessors to a win)."""
    r = _reduce(_check(game))
    n = r.n
    pivots = _pivot_counts_by_class(r.classes, r.quota, n, r.count_quota)
    # A swing coalition S of size s is the set of predecessors in
    # s! (n-1-s)! of the n! orders.
    orders = [factorial(s) * factorial(n - 1 - s) for s in range(n)]
    everything = factorial(n)
    per_class = {w: Fraction(sum(c * o for c, o in zip(counts, orders)), everything) for w, counts in pivots.items()}
    return {name: per_class[w] for name, w in zip(game.names, r.member_weight)}


def dummies(game: WeightedGame) -> list[str]:
    """Members that are never a swing (never pivotal): their Banzhaf and
    Shapley-Shubik indices are exactly 0.  In the members' order.

    Without a count quota this asks only *whether* a swing exists, which
    reachability bitsets answer far faster than counting (see
    ``_swinging_weights``); with one, the swings are counted."""
    r = _reduce(_check(game))
    if r.count_quota:
        # A swing under a count quota may be short of members rather than of
        # weight, which one bitset of sums cannot tell apart: count instead.
        return [name for name, s in swings(game).items() if s == 0]
    live = _swinging_weights(r.classes, r.quota)
    return [name for name, w in zip(game.names, r.member_weight) if w not in live]


def veto_players(game: WeightedGame) -> list[str]:
    """Members without whom no coalition wins (the others together are short
    of the quota, or of the count quota).  In the members' order."""
    game = _check(game)
    total = game.total
    return [
        name
        for name, w in zip(game.names, game.weights)
        if total - w < game.quota or game.n - 1 < game.count_quota
    ]


def minimal_winning_weight(game: WeightedGame) -> int:
    """The smallest total weight of any winning coalition.

    It equals the quota unless no coalition weighs exactly the quota (e.g.
    the EEC Council of 1958: quota 12 is reachable; quota 13 would need 14).
    """
    r = _reduce(_check(game))
    g = 0
    for w in game.weights:
        g = gcd(g, w)
    q, k = r.quota, r.count_quota
    if k == 0:
        # Bitset of reachable coalition weights.  A minimal winning
        # coalition minus its lightest member loses, so its weight is below
        # q + max weight: higher bits are never needed.
        limit = q + max(r.member_weight)
        mask = (1 << limit) - 1
        reach = 1
        for w in r.member_weight:
            reach = (reach | (reach << w)) & mask
        reach >>= q
        return (q + ((reach & -reach).bit_length() - 1)) * g
    # With a count quota the size matters: one bitset per coalition size.
    total = sum(r.member_weight)
    by_size = [1] + [0] * r.n
    for count, w in enumerate(r.member_weight, start=1):
        for s in range(count, 0, -1):
            by_size[s] |= by_size[s - 1] << w
    best = None
    for s in range(k, r.n + 1):
        bits = by_size[s] >> q
        if bits:
            candidate = q + (bits & -bits).bit_length() - 1
            best = candidate if best is None else min(best, candidate)
    assert best is not None and best <= total  # the grand coalition wins
    return best * g
