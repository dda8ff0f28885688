"""Start-up and whole-run cost of the `veche` command, measured as whole processes.

    .venv/bin/python bench/cli/run.py             # every row (about a minute on 2 cores)
    .venv/bin/python bench/cli/run.py --quick     # the corpus rows once (about 30 s)
    .venv/bin/python bench/cli/run.py --only version --only structural --runs 30

Each row runs one command line N times after a warm-up run and reports the minimum, the
median and the maximum of the wall time measured around the whole process (`subprocess.run`
between two `time.perf_counter` calls: interpreter start, imports, work, output and exit),
and the median CPU time (user + system) of the process and its workers, which other load on
the machine disturbs much less than the wall time.
`veche` is the console script of the interpreter that runs this file (`.venv/bin/veche`),
so what is measured is what a user of the development install types.

Rows:

  python -c pass        the floor: starting the interpreter and `site` alone
  python -c import z3   what importing Z3 costs on its own
  veche --version       click and the command line module, nothing checked
  structural            `veche check` of one example with every check that needs a solver
                        skipped (the start-up target: no Z3, no report machinery)
  one example           `veche check` of one example with all its checks
  corpus                `veche check examples/` (the SPEC's whole-corpus target; --jobs auto by default)
  corpus --jobs 1       the same in one process

Bytecode: by default the measured processes may write and read `.pyc` files, kept under a
temporary `PYTHONPYCACHEPREFIX` so the working tree is not touched; the warm-up run fills it,
as any earlier run does for an installed copy.  `--no-bytecode` keeps the environment as it
is instead (with `PYTHONDONTWRITEBYTECODE=1` every run compiles every module it imports).

Prints a Markdown table and writes bench/cli/results.json (with the machine and its load).
Exit status 1 if some command did not exit as a check run may (0, 1 or 3).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

ONE_EXAMPLE = "examples/petrograd_soviet_1917.veche"
STRUCTURAL_EXAMPLE = "examples/rsfsr_1918.veche"
# The statuses of a check run that verified something (holds, violated, unknown); 2 and 4
# mean the command did not do the work this row is meant to measure.
OK_STATUSES = (0, 1, 3)


def veche_script() -> str:
    """The `veche` console script installed beside the running interpreter."""
    # sys.prefix, not the resolved executable: the venv's python is a link to the base interpreter.
    script = Path(sys.prefix) / "bin" / "veche"
    if not script.exists():
        sys.exit(f"no veche entry point at {script}: run this with the virtualenv's python (.venv/bin/python)")
    return str(script)


def solver_checks() -> list[str]:
    """The names of the registered checks that need Z3, for `--skip`."""
    from verifier.checks import REGISTRY

    return sorted(name for name, c in REGISTRY.items() if c.needs_solver)


def rows(quick: bool, runs: int, corpus_runs: int) -> list[dict]:
    """Every row: a name, the command line, the runs to make and the target in seconds (or None)."""
    veche = veche_script()
    skip = [a for name in solver_checks() for a in ("--skip", name)]
    corpus_runs = 1 if quick else corpus_runs
    return [
        dict(name="python", label="`python -c pass`", argv=[sys.executable, "-c", "pass"], runs=runs, target=None),
        dict(name="z3", label="`python -c \"import z3\"`", argv=[sys.executable, "-c", "import z3"], runs=runs,
             target=None),
        dict(name="version", label="`veche --version`", argv=[veche, "--version"], runs=runs, target=None),
        dict(name="structural", label=f"`veche check {STRUCTURAL_EXAMPLE}` without the solver checks",
             argv=[veche, "check", STRUCTURAL_EXAMPLE, *skip], runs=runs, target=0.3),
        dict(name="example", label=f"`veche check {ONE_EXAMPLE}`", argv=[veche, "check", ONE_EXAMPLE], runs=runs,
             target=0.3),
        dict(name="corpus", label="`veche check examples/`", argv=[veche, "check", "examples/"], runs=corpus_runs,
             target=2.0),
        dict(name="corpus-jobs", label="`veche check examples/ --jobs 1` (one process)",
             argv=[veche, "check", "examples/", "--jobs", "1"], runs=corpus_runs, target=2.0),
    ]


def measure(argv: list[str], runs: int, warmup: int, env: dict) -> dict:
    """Wall times of `runs` whole processes after `warmup` unmeasured ones."""
    times, cpu, statuses = [], [], set()
    for i in range(warmup + runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        statuses.add(proc.returncode)
        if proc.returncode not in OK_STATUSES:
            return dict(error=f"exit {proc.returncode}: {proc.stderr.decode(errors='replace').strip()[-500:]}")
        if i >= warmup:
            times.append(elapsed)
            # Includes the worker processes of --jobs (reaped by the measured process).
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return dict(runs=len(times), min=min(times), median=statistics.median(times), max=max(times),
                cpu_median=statistics.median(cpu), times=times, cpu=cpu, exit_statuses=sorted(statuses))


def machine() -> dict:
    """What the figures were measured on, and how busy it was."""
    import z3

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return dict(nproc=os.cpu_count(), cpu=cpu, python=platform.python_version(), z3=z3.get_version_string(),
                platform=platform.platform(), load=os.getloadavg())


def environment(bytecode: bool, cache_dir: str) -> dict:
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache_dir
    # The text output is measured as a user piping it sees it: no colour, no terminal width probing.
    env.pop("FORCE_COLOR", None)
    return env


def table(results: list[dict]) -> str:
    """The Markdown table of docs/performance.md."""
    out = ["| command | median | min | max | CPU (median) | runs | target | median / target |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        m = r["measured"]
        if "error" in m:
            out.append(f"| {r['label']} | failed: {m['error']} | | | | | | |")
            continue
        target = f"{r['target']:g} s" if r["target"] else "—"
        ratio = f"{m['median'] / r['target']:.2f}" if r["target"] else "—"
        out.append(f"| {r['label']} | {m['median']:.3f} s | {m['min']:.3f} s | {m['max']:.3f} s "
                   f"| {m['cpu_median']:.3f} s | {m['runs']} | {target} | {ratio} |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="wall time of whole `veche` processes")
    ap.add_argument("--runs", type=int, default=10, help="measured runs per short command (default 10)")
    ap.add_argument("--corpus-runs", type=int, default=3, help="measured runs of each corpus row (default 3)")
    ap.add_argument("--warmup", type=int, default=1, help="unmeasured runs before each row (default 1)")
    ap.add_argument("--quick", action="store_true", help="the corpus rows once each")
    ap.add_argument("--only", action="append", metavar="ROW",
                    help="only this row (repeatable): python, z3, version, structural, example, corpus, corpus-jobs")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="leave PYTHONDONTWRITEBYTECODE and PYTHONPYCACHEPREFIX as they are")
    ap.add_argument("--out", default=str(HERE / "results.json"))
    args = ap.parse_args(argv)
    if args.runs < 1 or args.corpus_runs < 1 or args.warmup < 0:
        ap.error("--runs and --corpus-runs must be at least 1, --warmup at least 0")
    chosen = rows(args.quick, args.runs, args.corpus_runs)
    if args.only:
        unknown = set(args.only) - {r["name"] for r in chosen}
        if unknown:
            ap.error(f"unknown row(s): {', '.join(sorted(unknown))}")
        chosen = [r for r in chosen if r["name"] in args.only]
    info = machine()
    print(f"# {info['nproc']} x {info['cpu']}, Python {info['python']}, Z3 {info['z3']}, "
          f"load {info['load'][0]:.2f}", file=sys.stderr)
    cache_dir = tempfile.mkdtemp(prefix="veche-bench-pycache-")
    try:
        env = environment(not args.no_bytecode, cache_dir)
        for r in chosen:
            r["measured"] = measure(r["argv"], r["runs"], args.warmup, env)
            m = r["measured"]
            print(f"  {r['name']:12} " + (m["error"] if "error" in m else
                  f"median {m['median']:.3f} s  min {m['min']:.3f} s  max {m['max']:.3f} s  "
                  f"CPU {m['cpu_median']:.3f} s  ({m['runs']} runs)"),
                  file=sys.stderr)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    info["load_after"] = os.getloadavg()
    print(table(chosen))
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(dict(machine=info, bytecode=not args.no_bytecode, warmup=args.warmup,
                       rows=chosen), f, indent=2)
        f.write("\n")
    return 1 if any("error" in r["measured"] for r in chosen) else 0


if __name__ == "__main__":
    sys.exit(main())
