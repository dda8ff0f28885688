"""Baselines for min-winning-support on two-level instances: a generic MILP, Z3 Optimize, brute force.

An instance is a list of regions, each a list of its districts' voters.  A law needs a majority
of the district chamber (one member per district, winner takes all) and of the region chamber
(two members per region elected at large).  The generic formulation has, per district, its
supporters s_d (0..v_d) and a 0/1 "won" x_d with s_d >= need_d x_d; per region a 0/1 y_r with
sum s_d >= need_r y_r; sum x_d >= the district quota, 2 sum y_r >= the region quota; minimise
sum s_d.  It is exact for these requirements: counting fewer seats than the supporters win never
helps, and every real split of supporters is a solution.  With `faithful=True` the 0/1 variables
are tied both ways, as the semantics says (a district is won iff s_d >= need_d; a region iff its
supporters are a majority), which any requirement with a `no` outcome needs: s_d <= need_d - 1 +
(v_d - need_d + 1) x_d, and likewise per region.  This is what a user without veche would write
for HiGHS (scipy.optimize.milp) or Z3's Optimize; brute force enumerates every set of districts
and regions won.
"""

from __future__ import annotations

from itertools import product


def quotas(regions: list[list[int]]) -> tuple[int, int]:
    """Seats needed in the district chamber and in the region chamber (majority of members)."""
    n = sum(len(r) for r in regions)
    return n // 2 + 1, len(regions) + 1  # the region chamber has 2 members per region


def milp(regions: list[list[int]], time_limit: float, faithful: bool = False, exact: bool = False) -> int | None:
    """The minimum by scipy's HiGHS MILP; None if the time limit is reached before optimality.

    By default HiGHS stops within its relative gap (1e-4): an answer that may not be the minimum.
    `exact` sets the gap to 0, so that only a proved minimum comes back."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp as solve

    districts = [v for r in regions for v in r]
    n, k = len(districts), len(regions)
    size = 2 * n + k  # s_d, x_d, y_r
    cost = np.zeros(size)
    cost[:n] = 1
    rows, lo, hi = [], [], []

    def row():
        r = np.zeros(size)
        rows.append(r)
        return r

    for d, v in enumerate(districts):  # s_d - need_d x_d >= 0
        r = row()
        r[d], r[n + d] = 1, -(v // 2 + 1)
        lo.append(0)
        hi.append(np.inf)
        if faithful:  # s_d - (v_d - need_d + 1) x_d <= need_d - 1
            r = row()
            r[d], r[n + d] = 1, -(v - v // 2)
            lo.append(-np.inf)
            hi.append(v // 2)
    start = 0
    for j, reg in enumerate(regions):  # sum s_d - need_r y_r >= 0
        total = sum(reg)
        r = row()
        r[start:start + len(reg)] = 1
        r[2 * n + j] = -(total // 2 + 1)
        lo.append(0)
        hi.append(np.inf)
        if faithful:
            r = row()
            r[start:start + len(reg)] = 1
            r[2 * n + j] = -(total - total // 2)
            lo.append(-np.inf)
            hi.append(total // 2)
        start += len(reg)
    need_d, need_r = quotas(regions)
    r = row()
    r[n:2 * n] = 1
    lo.append(need_d)
    hi.append(np.inf)
    r = row()
    r[2 * n:] = 2
    lo.append(need_r)
    hi.append(np.inf)
    upper = np.array(districts + [1] * n + [1] * k, dtype=float)
    res = solve(cost, constraints=LinearConstraint(np.array(rows), lo, hi), integrality=np.ones(size),
                bounds=Bounds(np.zeros(size), upper),
                options={"time_limit": time_limit, **({"mip_rel_gap": 0.0} if exact else {})})
    if res.status != 0:  # 1: time limit reached; anything else is not an optimum either
        return None
    return round(res.fun)


def z3_optimize(regions: list[list[int]], time_limit: float, faithful: bool = False) -> int | None:
    """The minimum by Z3's Optimize on the same generic formulation; None on timeout."""
    import z3

    opt = z3.Optimize()
    opt.set("timeout", int(time_limit * 1000))
    s_all, won_d, won_r = [], [], []
    for j, reg in enumerate(regions):
        s_reg = []
        for i, v in enumerate(reg):
            s, x = z3.Int(f"s{j}_{i}"), z3.Bool(f"x{j}_{i}")
            opt.add(s >= 0, s <= v, (x == (s >= v // 2 + 1)) if faithful else z3.Implies(x, s >= v // 2 + 1))
            s_reg.append(s)
            won_d.append(x)
        y = z3.Bool(f"y{j}")
        majority = z3.Sum(s_reg) >= sum(reg) // 2 + 1
        opt.add((y == majority) if faithful else z3.Implies(y, majority))
        won_r.append(y)
        s_all += s_reg
    need_d, need_r = quotas(regions)
    opt.add(z3.Sum([z3.If(x, 1, 0) for x in won_d]) >= need_d)
    opt.add(z3.Sum([z3.If(y, 2, 0) for y in won_r]) >= need_r)
    opt.minimize(z3.Sum(s_all))
    if opt.check() != z3.sat:
        return None
    return opt.model().eval(z3.Sum(s_all)).as_long()


def brute_force(regions: list[list[int]]) -> int | None:
    """Every set of districts won and every set of regions won, with the least supporters for each."""
    need_d, need_r = quotas(regions)
    districts = [(j, v) for j, reg in enumerate(regions) for v in reg]
    best = None
    for won in product((0, 1), repeat=len(districts)):
        if sum(won) < need_d:
            continue
        base = [0] * len(regions)
        room = [0] * len(regions)  # the most supporters a region can have with exactly these districts won
        for (j, v), w in zip(districts, won):
            base[j] += (v // 2 + 1) * w
            room[j] += v if w else v // 2
        for regions_won in product((0, 1), repeat=len(regions)):
            if 2 * sum(regions_won) < need_r:
                continue
            total = 0
            for j, y in enumerate(regions_won):
                majority = sum(regions[j]) // 2 + 1
                if y and majority > room[j]:
                    break
                total += max(base[j], majority) if y else base[j]
            else:
                best = total if best is None or total < best else best
    return best
