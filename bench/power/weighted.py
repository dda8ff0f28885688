"""Benchmark dummy and veto-player detection for large weighted bodies (issue 5: 500 members, under 1 s).

    .venv/bin/python bench/power/weighted.py            # every distribution, n = 500 and n = 20
    .venv/bin/python bench/power/weighted.py --quick    # one repetition each

For each distribution of weights (fixed seeds) it measures, each in a fresh Python process, the
median wall time of finding every dummy and every veto player of the game:

  bitsets      verifier.power.indices.dummies (reachability bitsets, divide and conquer over
               the weight classes) and veto_players (O(n));
  swings       the previous method: every member's swing count (verifier.power.indices.swings,
               a generating function over weight, O(n q)), dummies being the members with none;
  brute force  every coalition of the 2^n (the weights of all coalitions by numpy, then for each
               member whether some coalition of the others loses without it and wins with it, or
               wins at all); run at n = 20 only, and labelled "not run" above that, with the
               number of coalitions it would have to weigh.

The caches of indices.py are cleared before every repetition.  All methods that run must find
the same dummies and veto players; the script stops with an error otherwise.  Prints a Markdown
table and writes bench/power/weighted-results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

BRUTE_MAX = 20


def distribution(name: str, n: int) -> tuple[list[int], int, str]:
    """(weights, quota, description) for a named distribution of n members, from a fixed seed."""
    rng = random.Random(f"{name}/{n}")
    if name == "distinct":
        weights = rng.sample(range(1, 1001), n) if n <= 1000 else [rng.randint(1, 1000) for _ in range(n)]
        return weights, sum(weights) // 2 + 1, "distinct random weights 1..1000, simple majority"
    if name == "uniform":
        weights = [rng.randint(1, 1000) for _ in range(n)]
        return weights, -(-2 * sum(weights) // 3), "random weights 1..1000 (repeats), two thirds"
    if name == "heavy":
        weights = [min(20_000, max(1, round(math.exp(rng.gauss(4, 1.5))))) for _ in range(n)]
        return weights, sum(weights) // 2 + 1, "log-normal weights (median 55, up to 20,000), simple majority"
    if name == "blocs":
        blocs = max(1, n // 100)
        singles = n - blocs
        weights = [1000] * blocs + [1] * singles
        quota = 1000 * (blocs * 2 // 3) + 600 if singles < 600 else sum(weights) // 2 + 1
        quota = min(quota, sum(weights))
        return weights, quota, f"{blocs} bloc{'s' if blocs > 1 else ''} of 1,000 and {singles} single seats, quota {quota:,}"
    if name == "equal":
        return [1] * n, n // 2 + 1, "equal weights, simple majority"
    raise ValueError(name)


DISTRIBUTIONS = ("distinct", "uniform", "heavy", "blocs", "equal")


def brute_force(weights: list[int], quota: int) -> tuple[list[int], list[int]]:
    import numpy as np

    n = len(weights)
    w = np.zeros(1, dtype=np.int64)
    for x in weights:  # the weights of all coalitions, member i being bit i
        w = np.concatenate([w, w + x])
    index = np.arange(1 << n, dtype=np.int64)
    dummies, vetoes = [], []
    for i, x in enumerate(weights):
        without = w[(index >> i & 1) == 0]
        if not np.any((without < quota) & (without + x >= quota)):
            dummies.append(i)
        if not np.any(without >= quota):
            vetoes.append(i)
    return dummies, vetoes


def measure_one(name: str, n: int, method: str, reps: int) -> dict:
    """One measurement, in this process (main() calls it in a fresh process)."""
    from verifier.power import indices

    weights, quota, _ = distribution(name, n)
    names = tuple(f"P{i}" for i in range(n))
    times = []
    for _ in range(reps):
        indices._swings_by_class.cache_clear()
        indices._pivot_counts_by_class.cache_clear()
        start = time.perf_counter()
        if method == "brute":
            d, v = brute_force(weights, quota)
            dummies, vetoes = [names[i] for i in d], [names[i] for i in v]
        else:
            game = indices.WeightedGame(tuple(weights), quota, names)
            if method == "bitsets":
                dummies = indices.dummies(game)
            else:
                dummies = [p for p, s in indices.swings(game).items() if s == 0]
            vetoes = indices.veto_players(game)
        times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(times), "reps": reps, "dummies": dummies, "vetoes": vetoes}


def in_fresh_process(name: str, n: int, method: str, reps: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", name, str(n), method, str(reps)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


def seconds(x: float) -> str:
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition per measurement")
    parser.add_argument("--sizes", default="20,500", help="numbers of members (comma-separated)")
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(HERE / "weighted-results.json"))
    args = parser.parse_args()
    if args.measure:
        name, n, method, reps = args.measure
        print(json.dumps(measure_one(name, int(n), method, int(reps))))
        return
    reps = 1 if args.quick else 5
    rows = []
    print("| weights | n | dummies | veto players | bitsets | swing counts | brute force |")
    print("|---|---|---|---|---|---|---|")
    for n in (int(x) for x in args.sizes.split(",")):
        for name in DISTRIBUTIONS:
            _, _, description = distribution(name, n)
            methods = ["bitsets", "swings"] + (["brute"] if n <= BRUTE_MAX else [])
            found = {m: in_fresh_process(name, n, m, reps) for m in methods}
            first = found["bitsets"]
            for m, r in found.items():
                if (r["dummies"], r["vetoes"]) != (first["dummies"], first["vetoes"]):
                    sys.exit(f"{name} n={n}: {m} disagrees with bitsets")
            brute = seconds(found["brute"]["seconds"]) if "brute" in found else \
                f"not run (2^{n} = 10^{n * math.log10(2):.0f} coalitions)"
            print(f"| {description} | {n} | {len(first['dummies'])} | {len(first['vetoes'])} | "
                  f"{seconds(first['seconds'])} | {seconds(found['swings']['seconds'])} | {brute} |", flush=True)
            rows.append({"distribution": name, "description": description, "n": n,
                         "dummies": len(first["dummies"]), "veto_players": len(first["vetoes"]),
                         **{f"{m}_seconds": r["seconds"] for m, r in found.items()}, "reps": reps})
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine()) if Path("/proc/cpuinfo").exists() else \
        platform.machine()
    machine = {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
               "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}
    Path(args.out).write_text(json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
