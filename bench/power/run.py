"""Benchmark min-winning-support on two-level instances against a generic MILP, Z3 Optimize and brute force.

    .venv/bin/python bench/power/run.py            # the grid (a few minutes, most of it the baselines)
    .venv/bin/python bench/power/run.py --quick    # small sizes and short caps
    .venv/bin/pip install scipy                   # the MILP baseline needs scipy (HiGHS)

For n districts apportioned among the 50 US states (generate.py; n = 435 is the House) it measures,
each in a fresh Python process:

  veche       the table of seat combinations (verifier/power/support_dp.py) on the parsed model:
              median wall time of `minimum` over the requirement set of the procedure; and the whole
              `veche check` process on the file (parse, resolve, minimum, simulator replay).
  milp        scipy.optimize.milp (HiGHS) on the generic formulation (baselines.py), with a time cap.
  z3          Z3 Optimize on the same formulation, with a time cap.
  brute       every set of districts and regions won, on small instances only (the first R states,
              n districts among them); beyond, 2^(n+R) times the measured time per combination,
              labelled extrapolated.

Every finishing method must give the same minimum as veche; run.py stops with an error otherwise.
Prints a Markdown table and writes bench/power/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

import baselines  # noqa: E402
import generate  # noqa: E402


def _populations(regions: int) -> dict[str, int]:
    return dict(list(generate.states().items())[:regions])


def measure_one(method: str, n: int, regions: int, cap: float) -> dict:
    """One measurement, in this process (run.py calls it in a fresh process per measurement).

    A method ending in `-uneven` works on districts of different sizes (generate.uneven_sizes)."""
    pops = _populations(regions)
    uneven = method.endswith("-uneven")
    method = method.removesuffix("-uneven")
    if method == "veche":
        sys.path.insert(0, str(ROOT / "tests"))
        import dsl
        from verifier.checks import signatures
        from verifier.checks.min_winning_support import requirement_sets
        from verifier.power import support_dp

        c = dsl.load_text(generate.generate(n, pops, uneven), "bench.veche", signatures()).model
        reqs = requirement_sets(c.procedures["law"])[0]
        times, value = [], None
        for _ in range(5):
            t0 = time.perf_counter()
            found = support_dp.minimum(c, reqs)
            times.append(time.perf_counter() - t0)
            value = sum(found.values())
        return {"seconds": statistics.median(times), "value": value}
    inst = generate.instance(n, pops, uneven)
    t0 = time.perf_counter()
    if method in ("milp", "milp-faithful", "milp-exact"):
        value = baselines.milp(inst, cap, faithful=method == "milp-faithful", exact=method == "milp-exact")
    elif method in ("z3", "z3-faithful"):
        value = baselines.z3_optimize(inst, cap, faithful=method == "z3-faithful")
    else:
        value = baselines.brute_force(inst)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "value": value, "capped": value is None}


def fresh(method: str, n: int, regions: int, cap: float) -> dict:
    """measure_one in a new Python process (no Z3 context, cache or warm-up shared)."""
    out = subprocess.run([sys.executable, __file__, "--one", method, str(n), str(regions), str(cap)],
                         capture_output=True, text=True, timeout=cap * 3 + 120)
    if out.returncode != 0:
        raise SystemExit(f"{method} n={n}: {out.stderr}")
    return json.loads(out.stdout)


def whole_process(n: int, regions: int, runs: int = 5, uneven: bool = False) -> float:
    """Median wall time of `veche check` on the generated file, as a user runs it."""
    path = Path("/tmp") / f"veche-bench-{n}-{regions}{'-uneven' if uneven else ''}.veche"
    path.write_text(generate.generate(n, _populations(regions), uneven))
    veche = Path(sys.executable).with_name("veche")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([str(veche), "check", "--no-color", str(path)], capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def fmt(x: dict | None, cap: float) -> str:
    if x is None:
        return "not run"
    if x.get("capped"):
        return f"> {cap:g} s"
    label = " (extrapolated)" if x.get("extrapolated") else ""
    s = x["seconds"]
    return (f"{s * 1000:.1f} ms" if s < 1 else f"{s:,.1f} s" if s < 1e5 else f"{s:.1e} s") + label


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds per baseline measurement")
    ap.add_argument("--one", nargs=4, metavar=("METHOD", "N", "REGIONS", "CAP"), help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(HERE / "results.json"))
    args = ap.parse_args()
    if args.one:
        method, n, regions, cap = args.one
        print(json.dumps(measure_one(method, int(n), int(regions), float(cap))))
        return
    cap = 10.0 if args.quick else args.cap
    sizes = [50, 100] if args.quick else [50, 100, 150, 200, 300, 435]
    rows = []
    for n in sizes:
        row = {"n": n, "regions": 50, "veche": fresh("veche", n, 50, cap)}
        row["veche_process"] = whole_process(n, 50, 3 if args.quick else 5)
        for method in ("milp", "milp-faithful", "z3"):
            row[method] = fresh(method, n, 50, cap)
            got = row[method]["value"]
            if got is not None and got != row["veche"]["value"]:
                raise SystemExit(f"{method} gives {got} at n={n}, veche {row['veche']['value']}")
        print(f"n={n}: veche {fmt(row['veche'], cap)} (process {row['veche_process']:.2f} s), "
              f"milp {fmt(row['milp'], cap)}, faithful {fmt(row['milp-faithful'], cap)}, z3 {fmt(row['z3'], cap)}",
              file=sys.stderr)
        rows.append(row)
    # Districts of different sizes at the House's size: the knapsack over districts in veche; HiGHS
    # with its default gap (not always the minimum) and with a gap of 0 (a proved minimum).
    uneven = {"veche": fresh("veche-uneven", 435, 50, cap), "veche_process": whole_process(435, 50, 3, True),
              "milp": fresh("milp-uneven", 435, 50, cap), "milp-exact": fresh("milp-exact-uneven", 435, 50, cap)}
    exact = uneven["milp-exact"]["value"]
    if exact is not None and exact != uneven["veche"]["value"]:
        raise SystemExit(f"HiGHS with a gap of 0 gives {exact} on uneven districts, veche {uneven['veche']['value']}")
    print(f"uneven 435: veche {fmt(uneven['veche'], cap)}, milp {fmt(uneven['milp'], cap)} "
          f"(value {uneven['milp']['value']}), exact milp {fmt(uneven['milp-exact'], cap)}", file=sys.stderr)
    # Brute force: measured on small instances, the rate per combination extrapolated to the grid.
    small = []
    for regions, n in ([(3, 6), (4, 8)] if args.quick else [(3, 6), (4, 8), (4, 12), (5, 14)]):
        b = fresh("brute", n, regions, cap)
        v = fresh("veche", n, regions, cap)
        if b["value"] != v["value"]:
            raise SystemExit(f"brute force gives {b['value']} at n={n}, R={regions}, veche {v['value']}")
        small.append({"n": n, "regions": regions, "brute": b, "veche": v,
                      "per_combination": b["seconds"] / 2 ** (n + regions)})
    rate = statistics.median(s["per_combination"] for s in small)
    for row in rows:
        row["brute"] = {"seconds": rate * 2.0 ** (row["n"] + row["regions"]), "extrapolated": True}
    machine = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
               "cpu": _cpu()}
    Path(args.out).write_text(json.dumps({"machine": machine, "cap": cap, "grid": rows, "uneven": uneven,
                                          "small": small}, indent=2) + "\n")
    print(f"Machine: {machine['nproc']} cores, {machine['cpu']}, Python {machine['python']}\n")
    print("| districts | regions | minimum supporters | veche (table) | veche check (process) | HiGHS MILP | "
          "HiGHS MILP, faithful | Z3 Optimize | brute force |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']} | {r['regions']} | {r['veche']['value']:,} | {fmt(r['veche'], cap)} | "
              f"{r['veche_process']:.2f} s | {fmt(r['milp'], cap)} | {fmt(r['milp-faithful'], cap)} | "
              f"{fmt(r['z3'], cap)} | {fmt(r['brute'], cap)} |")
    u = uneven
    print(f"\nDistricts of different sizes (435 in 50 states, each state cut at random within +-10 %): "
          f"veche {fmt(u['veche'], cap)} ({u['veche_process']:.2f} s as a process), minimum "
          f"{u['veche']['value']:,}; HiGHS (default gap) {fmt(u['milp'], cap)} giving "
          f"{u['milp']['value'] if u['milp']['value'] is not None else '-'}; HiGHS with gap 0 "
          f"{fmt(u['milp-exact'], cap)} giving {u['milp-exact']['value'] if u['milp-exact']['value'] is not None else '-'}.")
    print("\nBrute force measured (and equal to veche's minimum):")
    for s in small:
        print(f"- {s['n']} districts in {s['regions']} regions: {fmt(s['brute'], cap)} "
              f"(veche {fmt(s['veche'], cap)}), {s['per_combination'] * 1e9:.0f} ns per combination")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    main()
