"""Run the checks a file asks for: load, resolve, evaluate, collect into reports."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

import dsl
from dsl.diagnostics import E_UNREADABLE, Diagnostic, Span

from .checks import REGISTRY, Context, signatures
from .results import ERROR, CheckResult, FileReport

SUFFIX = ".veche"


def expand(paths: Sequence[str]) -> list[str]:
    """Files named directly, and every `.veche` file below each folder, in sorted order."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(str(f) for f in Path(p).rglob(f"*{SUFFIX}") if f.is_file())
            out.extend(found)
        else:
            out.append(p)
    return out


def run_file(path: str, only: Iterable[str] = (), skip: Iterable[str] = (), ctx: Context | None = None) -> FileReport:
    """Check one file; bad input gives a report with diagnostics and no results."""
    # What the checks of a file share (explored procedures, Z3 contexts) is of no use to another
    # file: a fresh dict per file frees it when the file is done and keeps a file's results the
    # same whether it is checked alone, in a batch or in a worker process.
    ctx = replace(ctx, shared={}) if ctx else Context()
    only, skip = set(only), set(skip)
    if os.path.isdir(path):
        return FileReport(path, "", (Diagnostic(E_UNREADABLE, "this is a folder, not a file", Span.point(path, 1, 1),
                                                "pass the folder itself to check every .veche file in it"),), ())
    loaded = dsl.load(path, signatures())
    if not loaded.ok:
        return FileReport(path, loaded.text, loaded.diagnostics, ())
    model = loaded.model
    results: list[CheckResult] = []
    for spec in model.checks:
        if (only and spec.name not in only) or spec.name in skip:
            continue
        check = REGISTRY[spec.name]
        try:
            results.extend(check.evaluate(model, spec, ctx))
        except Exception as exc:  # noqa: BLE001 - one failing check must not hide the others
            results.append(CheckResult(spec.name, spec.target, ERROR,
                                       f"internal error in `{spec.name}`: {type(exc).__name__}: {exc} "
                                       "(this is a bug in veche; please report it)", None, spec.span))
    return FileReport(path, loaded.text, loaded.diagnostics, tuple(results))


def run_paths(paths: Sequence[str], only=(), skip=(), ctx: Context | None = None, jobs: int = 1) -> list[FileReport]:
    """Check every file named or found below the folders named, in the order `expand` gives.

    With `jobs` > 1 the files are checked in that many worker processes; the reports are the
    same, in the same order, as with one.
    """
    files = expand(paths)
    if jobs <= 1 or len(files) <= 1:
        return [run_file(p, only, skip, ctx) for p in files]
    return _run_parallel(files, tuple(only), tuple(skip), ctx or Context(), min(jobs, len(files)))


def cpu_count() -> int:
    """The CPUs this process may run on (what `--jobs 0` means)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def _run_parallel(files: list[str], only: tuple, skip: tuple, ctx: Context, workers: int) -> list[FileReport]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Spawn, not fork, on every platform: a worker starts from a clean interpreter whatever the
    # parent holds (threads, Z3 contexts), and behaves the same on Linux, macOS and Windows.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        # Larger files first, as a cheap guess at the longest jobs, so that a long file does not
        # start last and leave the other workers idle; the reports keep the order of `files`.
        order = sorted(range(len(files)), key=lambda i: -_size(files[i]))
        # Sent without what the parent's checks shared: run_file gives each file its own anyway.
        ctx = replace(ctx, shared={})
        futures = {i: pool.submit(run_file, files[i], only, skip, ctx) for i in order}
        reports = []
        for i, path in enumerate(files):
            try:
                reports.append(futures[i].result())
            except Exception as exc:  # noqa: BLE001 - re-raised with the file it was checking
                raise RuntimeError(f"while checking {path} in a worker process: {type(exc).__name__}: {exc}") from None
        return reports
    finally:
        # On an error or Ctrl-C, files not yet started are dropped rather than checked for nothing.
        pool.shutdown(wait=True, cancel_futures=True)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
