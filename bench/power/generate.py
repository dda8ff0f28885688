"""Two-level constitutions: single-member districts nested in regions, a district chamber and a region chamber.

The regions are the 50 US states with their 2020 census apportionment populations
(`../shared/data/us_states_2020_apportionment.csv`, U.S. Census Bureau, 2020 Census
Apportionment Results, Table 1); `n` districts are apportioned among them by Huntington–Hill
with at least one each (at n = 435 this is the real House of Representatives), and each state's
population is split into equal districts.  The district chamber elects one member per district,
the region chamber two per state at large (winner takes all statewide), and a law needs a
majority of the members of both — the question `min-winning-support` answers is the smallest
share of the people who can carry both chambers.

    .venv/bin/python bench/power/generate.py 435 > /tmp/congress.veche
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT.parent / "shared" / "data" / "us_states_2020_apportionment.csv"
SOURCE = ("census2020: \"U.S. Census Bureau, 2020 Census Apportionment Results, Table 1: apportionment "
          "population and House seats by state\"")


def states(path: Path = DATA) -> dict[str, int]:
    """Apportionment population per state, names in the language's spelling (`new_hampshire`)."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = [{k.lower(): v for k, v in row.items()} for row in csv.DictReader(f)]
    return {row["state"].lower().replace(" ", "_"): int(row["apportionment_population"]) for row in rows}


def seats(n: int, populations: dict[str, int]) -> dict[str, int]:
    """n districts apportioned among the states by Huntington-Hill, at least one each."""
    sys.path.insert(0, str(ROOT))
    from verifier.apportion import huntington_hill

    return huntington_hill(populations, n, minimum=1)


def uneven_sizes(n: int, populations: dict[str, int], seed: int = 2020) -> dict[str, list[int]]:
    """Districts of different sizes: each state's population cut at random (within +-10 % of equal
    shares, fixed seed), as real district maps are never exactly equal."""
    rng = random.Random(seed)
    districts = seats(n, populations)
    out = {}
    for s, p in populations.items():
        weights = [rng.uniform(0.9, 1.1) for _ in range(districts[s])]
        sizes = [int(p * w / sum(weights)) for w in weights]
        sizes[-1] += p - sum(sizes)
        out[s] = sizes
    return out


def generate(n: int = 435, populations: dict[str, int] | None = None, uneven: bool = False) -> str:
    """The `.veche` text of n districts in the 50 states (n >= 50); `uneven`: districts of
    different sizes, listed (see uneven_sizes)."""
    populations = populations or states()
    districts = seats(n, populations)
    if uneven:
        cut = uneven_sizes(n, populations)
        pop = "\n".join(f"  {s} {populations[s]} [census2020] districts {{ "
                        + ", ".join(f"{s}_{i} {size}" for i, size in enumerate(cut[s])) + " }"
                        for s in populations)
    else:
        pop = "\n".join(f"  {s} {p} [census2020] districts {districts[s]}" for s, p in populations.items())
    house = ", ".join(f"{s} 1 per district" for s in populations)
    senate = ", ".join(f"{s} 2 at_large" for s in populations)
    return f"""constitution "Two levels: {n} districts in {len(populations)} regions"
sources {{ {SOURCE} }}
population {{
{pop}
}}
chamber House {{ electorate all; ballot secret
  seats by districts winner_takes_all {{ {house} }}
  passes majority of members }}
chamber Senate {{ electorate all; ballot secret
  seats by districts winner_takes_all {{ {senate} }}
  passes majority of members }}
procedure law {{
  start -> house
  house: House votes {{ yes -> senate; no -> rejected }}
  senate: Senate votes {{ yes -> enacted; no -> rejected }}
}}
power legislate by law
check min-winning-support legislate >= 0%
"""


def instance(n: int, populations: dict[str, int] | None = None, uneven: bool = False):
    """The same instance as plain numbers for the baselines: per region, its districts' voters."""
    populations = populations or states()
    if uneven:
        return list(uneven_sizes(n, populations).values())
    districts = seats(n, populations)
    out = []
    for s, p in populations.items():
        k = districts[s]
        out.append([p // k + (1 if i < p % k else 0) for i in range(k)])  # as the language splits them
    return out


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 435))
