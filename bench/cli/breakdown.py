"""Where the time of `veche check examples/` goes: per file and per check, in-process.

    .venv/bin/python bench/cli/breakdown.py                 # every example
    .venv/bin/python bench/cli/breakdown.py examples/weimar_1919.veche

Each file is timed in a fresh Python process (so each pays for its own Z3 contexts, as a
`--jobs` worker does): the imports, loading (parse and resolve), and every `check` line in
the order of the file, evaluated as the runner evaluates it, with one shared `Context` per
file.  Prints a Markdown table per file and a total per check name.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))


def time_file(path: str) -> dict:
    """Seconds for the imports, the load and each check of one file (run in a fresh process)."""
    start = time.perf_counter()
    import dsl
    from verifier.checks import REGISTRY, Context, signatures

    imports = time.perf_counter() - start
    start = time.perf_counter()
    loaded = dsl.load(path, signatures())
    load = time.perf_counter() - start
    if not loaded.ok:
        return dict(path=path, imports=imports, load=load, checks=[], error="the file has errors")
    ctx = Context()
    checks = []
    for spec in loaded.model.checks:
        start = time.perf_counter()
        results = REGISTRY[spec.name].evaluate(loaded.model, spec, ctx)
        checks.append(dict(name=spec.name, target=spec.target, seconds=time.perf_counter() - start,
                           statuses=[r.status for r in results]))
    return dict(path=path, imports=imports, load=load, checks=checks)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="per-file, per-check time of veche check")
    ap.add_argument("paths", nargs="*", default=["examples"])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(time_file(args.worker)))
        return 0
    from verifier.runner import expand

    per_check: dict[str, float] = {}
    grand = 0.0
    for path in expand(args.paths):
        proc = subprocess.run([sys.executable, __file__, "--worker", path], cwd=ROOT, capture_output=True, text=True)
        if proc.returncode:
            print(f"{path}: failed\n{proc.stderr}", file=sys.stderr)
            return 1
        data = json.loads(proc.stdout)
        total = data["load"] + sum(c["seconds"] for c in data["checks"])
        grand += total
        print(f"\n{path}: imports {data['imports']:.3f} s, load {data['load']:.3f} s, "
              f"checks {total - data['load']:.3f} s\n")
        print("| check | target | seconds | statuses |\n|---|---|---:|---|")
        for c in data["checks"]:
            per_check[c["name"]] = per_check.get(c["name"], 0.0) + c["seconds"]
            print(f"| {c['name']} | {c['target'] or ''} | {c['seconds']:.3f} | {', '.join(c['statuses'])} |")
    print(f"\nTotal per check name (load and checks of every file: {grand:.3f} s)\n")
    print("| check | seconds |\n|---|---:|")
    for name, seconds in sorted(per_check.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {seconds:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
