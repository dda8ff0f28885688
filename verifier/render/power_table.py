"""`veche power`: the power table of a constitution, as text."""

from __future__ import annotations

from dsl import model as m

from ..checks.veto_players import veto_players
from ..budget import Budget
from ..numbers import pct
from ..power import indices
from ..power.bodies import weighted_bodies


def lines(c: m.Constitution, timeout: float | None = None) -> list[str]:
    """Per body: each member's seats, Banzhaf and Shapley-Shubik index; per power: its veto players."""
    out = [f"Power in {c.title or c.path}", ""]
    for name, g in weighted_bodies(c).items():
        if g is None:
            out.append(f"{name}: seats not fixed by the file (no `composition` or `support`), power not determined")
            out.append("")
            continue
        bz, ss = indices.banzhaf(g), indices.shapley_shubik(g)
        dummies, vetoes = set(indices.dummies(g)), set(indices.veto_players(g))
        out.append(f"{name}: {g.total:,} seats, a decision needs {g.quota:,}")
        width = max(len(n) for n in g.names)
        out.append(f"  {'member':<{width}}  {'seats':>8}  {'share':>7}  {'Banzhaf':>8}  {'Shapley-Shubik':>14}")
        for n, w in sorted(zip(g.names, g.weights), key=lambda x: (-x[1], x[0])):
            flag = "  veto" if n in vetoes else "  dummy" if n in dummies else ""
            out.append(f"  {n:<{width}}  {w:>8,}  {pct(indices.Fraction(w, g.total)):>7}  {pct(bz[n]):>8}  "
                       f"{pct(ss[n]):>14}{flag}")
        out.append("")
    shared: dict = {}  # one search per procedure, whichever powers it carries
    for key in sorted({p.key for p in c.powers}):
        vetoes, _ = veto_players(c, key, Budget(timeout), shared)
        out.append(f"power {key}: veto players {', '.join(vetoes) if vetoes else 'none'}")
    return out
