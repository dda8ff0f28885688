"""Benchmark the procedural checks against the explicit-state baseline.

    .venv/bin/python bench/procedures/run.py            # the default grid (a few minutes)
    .venv/bin/python bench/procedures/run.py --quick    # a tiny grid (seconds)

For each size of the grid (one parameter varied at a time from a small base, plus the
target B=10, P=20, K=10) it generates a constitution with `generate.py` and measures,
each in a fresh Python process (so no Z3 context, cache or warm-up is shared between
sizes):

  veche      wall time of deciding deadlock-free, terminates and conflicts-resolved
             with the checks' own `decide` functions, each on a new ProcedureVerifier
             (as `veche check` does: one verifier per check), median of several
             repetitions, with `time.perf_counter`; also the same three checks sharing
             one verifier, the number of states, the distinct Z3 queries, and the time
             spent answering them (`feasibility_seconds`: building the Z3 terms of new
             epochs and solving).
  baseline   `verifier.procedures.explicit.explore` in full where it finishes within
             the cap; beyond it, the time of a random sample of its outer-loop
             iterations times their number (see baseline.py), labelled extrapolated.

Prints a Markdown table and writes bench/procedures/results.json.
"""

from __future__ import annotations

import argparse
import json
import math
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

import generate as G  # noqa: E402

CHECKS = ("deadlock-free", "terminates", "conflicts-resolved")
TARGET = dict(P=20, B=10, K=10)


def auto_steps(bodies: int, referendum: bool = True) -> int:
    """Steps so that every chamber reads the bill once and C1 a second time (the base has S=8 at B=5)."""
    s = G.shape(1, bodies, 1, referendum)
    tail = 3 * s.commission + s.government + s.referendum
    return tail + len(s.chambers) + 1


def row(sweep: str, P: int, B: int, S: int, K: int, variant: str = "ok", seats: int = 100, **kw) -> dict:
    return dict(sweep=sweep, P=P, B=B, S=S, K=K, variant=variant, seats=seats, **kw)


def grid(quick: bool) -> list[dict]:
    if quick:
        base = dict(P=2, B=3, S=5, K=2)
        rows = [row("base", **base),
                row("P", **{**base, "P": 3}),
                row("B", **{**base, "B": 5, "S": auto_steps(5)}),
                row("S", **{**base, "S": 8}),
                row("K", **{**base, "K": 5}),
                row("variant", **base, variant="deadlock"),
                row("variant", **{**base, "B": 4, "S": 5}, variant="cycle"),
                row("validate", **base, seats=4, validate=True)]
        return rows
    base = dict(P=3, B=5, S=8, K=2)
    rows = [row("base", **base)]
    rows += [row("P", **{**base, "P": p}) for p in (1, 2, 5, 10, 15, 20)]
    rows += [row("B", **{**base, "B": b, "S": auto_steps(b)}) for b in (1, 2, 3, 4, 7, 10)]
    rows += [row("S", **{**base, "S": s}) for s in (6, 12, 16, 24, 32)]
    rows += [row("K", **{**base, "K": k}) for k in (1, 5, 10, 20, 50)]
    rows += [row("variant", **base, variant="deadlock"),
             row("variant", **{**base, "S": 6}, variant="cycle"),
             row("variant", **base, variant="cycle")]
    rows += [row("target", P=20, B=10, S=auto_steps(10), K=10),
             row("target", P=20, B=10, S=auto_steps(10), K=10, variant="deadlock")]
    rows += [row("validate", **{**base, "P": 2}, seats=4, validate=True),
             row("validate", P=2, B=4, S=6, K=2, seats=8, validate=True)]
    return rows


def text_of(r: dict) -> str:
    return G.generate(r["P"], r["B"], r["S"], r["K"], r["variant"], seats=r["seats"])


# ------------------------------------------------------------------ workers (fresh processes)
def worker_veche(r: dict, repeats: int, cap: float) -> dict:
    from dsl import load_text
    from verifier.checks import conflicts_resolved, deadlock_free, signatures, terminates
    try:
        from verifier.budget import Budget, OutOfTime
    except ImportError:  # older layout
        from verifier.encoding.solver import Budget, OutOfTime
    from verifier.procedures.verify import ProcedureVerifier

    modules = {"deadlock-free": deadlock_free, "terminates": terminates, "conflicts-resolved": conflicts_resolved}
    t = time.perf_counter()
    c = load_text(text_of(r), "bench.veche", signatures()).model
    load_seconds = time.perf_counter() - t
    specs = {s.name: s for s in c.checks}

    def instrument(v):
        v.feasibility_seconds = 0.0
        inner = v.encoding.feasible

        def feasible(*a, **k):
            t0 = time.perf_counter()
            try:
                return inner(*a, **k)
            finally:
                v.feasibility_seconds += time.perf_counter() - t0

        v.encoding.feasible = feasible
        return v

    def decide(v, name):
        t0 = time.perf_counter()
        try:
            status = modules[name].decide(v, specs[name], "law").status
        except OutOfTime:
            status = "timeout"
        return status, time.perf_counter() - t0

    runs = []
    deadline = time.perf_counter() + cap
    for i in range(repeats):
        per = {}
        for name in CHECKS:  # as `veche check`: one verifier per check
            left = deadline - time.perf_counter()
            if left <= 0:
                per[name] = dict(status="skipped", seconds=0.0, states=None, queries=None, feasibility_seconds=0.0)
                continue
            v = instrument(ProcedureVerifier(c, "law", Budget(left)))
            status, dt = decide(v, name)
            states = max((len(g.parent) for _, g in v._graphs.values()), default=None)
            per[name] = dict(status=status, seconds=dt, states=states, queries=len(v._feasible),
                             feasibility_seconds=v.feasibility_seconds)
        timed_out = any(x["status"] in ("timeout", "skipped") for x in per.values())
        shared = None
        if not timed_out:  # the same three checks sharing one verifier (its graphs and Z3 cache)
            v = instrument(ProcedureVerifier(c, "law", Budget(max(0.1, deadline - time.perf_counter()))))
            t0 = time.perf_counter()
            shared_status = [decide(v, name)[0] for name in CHECKS]
            shared = dict(seconds=time.perf_counter() - t0, queries=len(v._feasible), feasibility_seconds=v.feasibility_seconds,
                          states={str(k): len(g.parent) for k, (_, g) in v._graphs.items()}, status=shared_status)
            timed_out = "timeout" in shared_status
        runs.append(dict(checks=per, total=sum(x["seconds"] for x in per.values()), shared=shared,
                         timed_out=timed_out))
        # Repeat only what is quick: a slow size is dominated by one measurement anyway.
        if timed_out or time.perf_counter() > deadline or runs[0]["total"] + shared["seconds"] > 5:
            break
    if runs[-1]["timed_out"]:
        return dict(load_seconds=load_seconds, repeats=len(runs), median_seconds=runs[-1]["total"],
                    median_shared_seconds=None, timed_out=True, runs=runs, cap=cap)
    return dict(load_seconds=load_seconds, repeats=len(runs),
                median_seconds=statistics.median(x["total"] for x in runs),
                median_shared_seconds=statistics.median(x["shared"]["seconds"] for x in runs),
                timed_out=False, runs=runs, cap=cap)


def worker_baseline(r: dict, cap: float, sample_seconds: float) -> dict:
    import baseline as BL
    from dsl import load_text
    from verifier.checks import signatures

    c = load_text(text_of(r), "bench.veche", signatures()).model
    n = BL.counts(c, "law")
    est = BL.sampled(c, "law", seconds=sample_seconds)
    out = dict(counts=n, sampled=est.as_dict())
    # Run in full when the estimate says it fits in the cap (with a margin), or always for validation.
    predicted = est.log10_seconds
    if (r.get("validate") or predicted < math.log10(cap / 2)) and n["triples_log10"] < 7:
        out["full"] = BL.full(c, "law").as_dict()
    return out


def spawn(kind: str, r: dict, timeout: float, **kw) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, json.dumps(dict(row=r, **kw))]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return dict(error=f"killed after {timeout:.0f} s")
    if p.returncode != 0:
        return dict(error=p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ reporting
def fmt_seconds(s: float | None) -> str:
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return "–"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.0f} ms"
    if s < 100:
        return f"{s:.2f} s"
    if s < 1e5:
        return f"{s:,.0f} s"
    return f"{s:.1e} s"


def fmt_log_seconds(log10: float) -> str:
    if log10 < 5:
        return fmt_seconds(10 ** log10)
    years = log10 - math.log10(3.156e7)
    return f"10^{log10:.1f} s (10^{years:.0f} years)" if years > 3 else f"10^{log10:.1f} s"


def fmt_ratio(log10: float) -> str:
    if log10 < -1:
        return f"{10 ** log10:.3f}x"
    if log10 < 4:
        return f"{10 ** log10:,.1f}x" if log10 < 2 else f"{10 ** log10:,.0f}x"
    return f"10^{log10:.1f}x"


def summarise(r: dict, ve: dict, bl: dict) -> dict:
    s = dict(r)
    if "error" in ve:
        s.update(veche=None, veche_note=ve["error"])
    else:
        last = ve["runs"][-1]
        s.update(veche=ve["median_seconds"], veche_shared=ve["median_shared_seconds"], repeats=ve["repeats"],
                 timed_out=ve["timed_out"], cap=ve["cap"],
                 verdicts={k: v["status"] for k, v in last["checks"].items()},
                 checks={k: dict(seconds=v["seconds"], states=v["states"], queries=v["queries"],
                                 feasibility_seconds=v["feasibility_seconds"]) for k, v in last["checks"].items()},
                 states=max((v["states"] for v in last["checks"].values() if v["states"]), default=None),
                 states_conflicts=last["checks"]["conflicts-resolved"]["states"])
        if not ve["timed_out"]:
            s["as_expected"] = s["verdicts"] == G.expected(r["variant"], r["B"], r["S"])
        if last["shared"]:
            s.update(queries=last["shared"]["queries"],
                     feasibility_share=last["shared"]["feasibility_seconds"] / max(last["shared"]["seconds"], 1e-9))
    if "error" in bl:
        s.update(baseline_note=bl["error"])
        return s
    s["triples_log10"] = bl["counts"]["triples_log10"]
    if "full" in bl:
        s.update(baseline_mode="measured", baseline_log10=bl["full"]["log10_seconds"],
                 baseline_verdicts=bl["full"]["verdicts"])
        if s.get("verdicts") and not s.get("timed_out"):
            v, b = s["verdicts"], bl["full"]["verdicts"]
            s["agrees"] = ((v["deadlock-free"] == "violated") == b["deadlock"]
                           and (v["terminates"] == "violated") == b["infinite"]
                           and (v["conflicts-resolved"] == "violated") == b["unresolved_conflict"])
    else:
        s.update(baseline_mode=bl["sampled"]["mode"], baseline_log10=bl["sampled"]["log10_seconds"])
    s["baseline_sample"] = bl["sampled"]["sample"]
    s["baseline_extrapolated_log10"] = bl["sampled"]["log10_seconds"]
    if s.get("veche") and not s.get("timed_out"):
        s["speedup_log10"] = s["baseline_log10"] - math.log10(s["veche"])
    return s


def table(rows: list[dict]) -> str:
    head = ("| sweep | P | B | S | K | variant | verdicts (df/t/cr) | states | Z3 queries | veche (3 checks) "
            "| veche, one verifier | baseline | how | speedup |")
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    short = {"holds": "✓", "violated": "✗", "timeout": "?", "skipped": "…", "unknown": "?", "error": "!"}
    for s in rows:
        verdicts = "/".join(short.get(s.get("verdicts", {}).get(k, ""), "–") for k in CHECKS) if s.get("verdicts") else "–"
        if s.get("as_expected") is False:
            verdicts += " (not as designed!)"
        if s.get("agrees") is not None:
            verdicts += " (= baseline)" if s["agrees"] else " (≠ baseline!)"
        ve = fmt_seconds(s.get("veche")) if s.get("veche") is not None else s.get("veche_note", "–")
        if s.get("timed_out"):
            ve = f"> {s['cap']:.0f} s (cap)"
        if s.get("repeats", 1) > 1 and not s.get("timed_out"):
            ve += f" (median of {s['repeats']})"
        if "baseline_log10" in s:
            bl = fmt_log_seconds(s["baseline_log10"])
            if s["baseline_mode"] == "measured":
                how = "measured"
                if s.get("validate"):
                    how += f"; extrapolated {fmt_log_seconds(s['baseline_extrapolated_log10'])}"
            elif s["baseline_mode"] == "extrapolated":
                how = f"extrapolated ({s['baseline_sample']} of 10^{s['triples_log10']:.1f} iterations)"
            else:
                how = f"lower bound ({s['baseline_sample']} of 10^{s['triples_log10']:.1f} iterations)"
                bl = "≥ " + bl
        else:
            bl, how = s.get("baseline_note", "–"), ""
        sp = fmt_ratio(s["speedup_log10"]) if "speedup_log10" in s else "–"
        if s.get("baseline_mode") == "lower-bound" and sp != "–":
            sp = "≥ " + sp
        seats = f" ({s['seats']} seats)" if s["seats"] != 100 else ""
        out.append(f"| {s['sweep']} | {s['P']} | {s['B']} | {s['S']} | {s['K']} | {s['variant']}{seats} | {verdicts} "
                   f"| {s.get('states') or '–'} | {s.get('queries', '–')} | {ve} "
                   f"| {fmt_seconds(s.get('veche_shared')) if s.get('veche_shared') is not None else '–'} "
                   f"| {bl} | {how} | {sp} |")
    return "\n".join(out)


def machine() -> dict:
    import z3
    cpu = "unknown"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return dict(nproc=os.cpu_count(), cpu=cpu, python=platform.python_version(), z3=z3.get_version_string(),
                platform=platform.platform())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="veche procedural checks vs the explicit-state baseline")
    ap.add_argument("--quick", action="store_true", help="a tiny grid that runs in seconds")
    ap.add_argument("--cap", type=float, default=None, help="seconds per veche measurement of the three checks (default 30; quick 10)")
    ap.add_argument("--baseline-cap", type=float, default=None,
                    help="run the baseline in full only if it is expected within this (default 60 s; quick 5 s)")
    ap.add_argument("--only", help="run only the rows of this sweep (base, P, B, S, K, variant, target, validate)")
    ap.add_argument("--out", default=str(HERE / "results.json"))
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("payload", nargs="?", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        p = json.loads(a.payload)
        if a.worker == "veche":
            out = worker_veche(p["row"], p["repeats"], p["cap"])
        else:
            out = worker_baseline(p["row"], p["cap"], p["sample_seconds"])
        print(json.dumps(out))
        return 0
    cap = a.cap or (10.0 if a.quick else 30.0)
    bcap = a.baseline_cap or (5.0 if a.quick else 60.0)
    repeats = 3 if a.quick else 5
    sample_seconds = 0.3 if a.quick else 2.0
    rows = [r for r in grid(a.quick) if not a.only or r["sweep"] == a.only]
    info = machine()
    print(f"# {len(rows)} sizes on {info['nproc']} x {info['cpu']}, Python {info['python']}, Z3 {info['z3']}",
          file=sys.stderr)
    started = time.perf_counter()
    results = []
    for r in rows:
        t = time.perf_counter()
        ve = spawn("veche", r, cap * 1.5 + 30, repeats=repeats, cap=cap)
        bl = spawn("baseline", r, bcap * 3 + 60, cap=bcap, sample_seconds=sample_seconds)
        s = summarise(r, ve, bl)
        s["raw"] = dict(veche=ve, baseline=bl)
        results.append(s)
        print(f"  {r['sweep']:8} P={r['P']:<2} B={r['B']:<2} S={r['S']:<2} K={r['K']:<2} {r['variant']:8} "
              f"veche {fmt_seconds(s.get('veche'))}  baseline {fmt_log_seconds(s['baseline_log10']) if 'baseline_log10' in s else s.get('baseline_note')}"
              f"  [{time.perf_counter() - t:.1f} s]", file=sys.stderr)
    md = table(results)
    print(md)
    target = [s for s in results if s["sweep"] == "target" and s["variant"] == "ok"]
    verdict = None
    if target:
        s = target[0]
        capped = s.get("veche") is None or s.get("timed_out")
        # `veche check` shares one explored procedure among the checks of a run, so the target is
        # judged on the shared-verifier time (the per-check time is reported beside it).
        under = not capped and (s.get("veche_shared") or s["veche"]) < 1.0
        fast = None if capped else s.get("speedup_log10", -math.inf) >= 2
        verdict = dict(under_one_second=under, hundredfold=fast, met=under and bool(fast))
        print(f"\ntarget P=20 B=10 K=10: veche {'> %.0f s (capped)' % s['cap'] if capped else fmt_seconds(s['veche'])}"
              f" ({fmt_seconds(s.get('veche_shared'))} with the shared verifier `veche check` uses); "
              f"under 1 s: {under}; >= 100x faster than the baseline: "
              f"{'not known from a capped run' if fast is None else fast}; target met: {under and bool(fast)}")
    total = time.perf_counter() - started
    print(f"\n(total {total:.0f} s)", file=sys.stderr)
    Path(a.out).write_text(json.dumps(dict(machine=info, quick=a.quick, cap=cap, baseline_cap=bcap,
                                           seconds=total, target=verdict, rows=results), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
