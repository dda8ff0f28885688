"""`veche compare`: two constitutions' verdicts and figures side by side."""

from __future__ import annotations

from ..results import CheckResult, FileReport


def figure(r: CheckResult) -> str:
    """The one number that sums a result up, where there is one."""
    f = r.figures
    if f.get("max") is not None:  # a power index, as an exact fraction
        from fractions import Fraction

        from ..numbers import pct

        return pct(Fraction(f["max"]))
    for key, shown in (("ratio_decimal", "{:.2f}"), ("excluded_share", "{:.2%}"), ("longest_run", "{} steps"),
                       ("count", "{}")):
        if f.get(key) is not None:
            try:
                return shown.format(f[key])
            except (ValueError, TypeError):
                return str(f[key])
    return ""


def lines(a: FileReport, b: FileReport) -> list[str]:
    """A table: one row per check (by name, target and parameters), the two verdicts, a mark where they differ."""
    def index(rep: FileReport) -> dict:
        return {(r.name, r.target or "", r.params): r for r in rep.results}

    left, right = index(a), index(b)
    keys = list(left) + [k for k in right if k not in left]
    rows = []
    for k in keys:
        ra, rb = left.get(k), right.get(k)
        va = f"{ra.status} {figure(ra)}".strip() if ra else "—"
        vb = f"{rb.status} {figure(rb)}".strip() if rb else "—"
        mark = " " if (ra and rb and ra.status == rb.status) else "≠"
        label = k[2] or k[0] + (f" {k[1]}" if k[1] else "")
        rows.append((mark, label, va, vb))
    w1 = max([len(r[1]) for r in rows] + [5])
    w2 = max([len(r[2]) for r in rows] + [len(a.path)])
    out = [f"  {'check':<{w1}}  {a.path:<{w2}}  {b.path}"]
    out += [f"{m} {label:<{w1}}  {va:<{w2}}  {vb}" for m, label, va, vb in rows]
    differ = sum(r[0] == "≠" for r in rows)
    out.append(f"{differ} of {len(rows)} checks differ")
    return out
