"""Synthetic constitutions for the procedural benchmarks: a navette between chambers, scaled.

`generate(parties=P, bodies=B, steps=S, bound=K, variant=..., referendum=...)` returns the
text of a `.veche` file.  It is deterministic: the same arguments give the same text, byte
for byte (no randomness, no dict-order surprises).

The institutions (what `bodies` counts)
    Bodies are added in this order as B grows, so every size is a realistic design:

        B = 1   one chamber                       C1
        B = 2   a second chamber                  C1, C2            (bicameral)
        B = 3   a parity conciliation commission  Conciliation (C1 and C2, 10 seats each)
        B = 4   an appointed government           Government (appointed by C1)
        B = 5   a referendum (if `referendum`)    People (turnout 50% of voters)
        B > 5   further chambers                  C3, C4, ...

    So B = 10 with a referendum is seven chambers, a commission, a government and a
    referendum.  Every chamber is elected by all four regions, by secret ballot, with
    100 seats by party_list dhondt and no pinned composition (so every split of the 100
    seats among the P parties is possible: the adversary picks it).  Chambers alternate
    between `passes majority of votes cast` (C1, C3, ...) and `passes majority of members`
    (C2, C4, ...); every third chamber (C1, C4, C7, ...) has `quorum majority of members`,
    so its steps can also end in `no_quorum`.  The commission has 10 seats per side, the
    government 20 seats and `passes majority of members`; the referendum needs a turnout
    of 50% of voters.  Parties P1..PP are declared; nothing pins their positions, and no
    `support` is given, so referendum results are free too (all adversarial).

The procedure `law` (what `steps` counts)
    S steps in all.  The tail is fixed by the bodies present; the rest are readings:

        read1 .. readR   readings of the `bill`, round-robin over the chambers C1, C2, ...
                         (R = S - tail; at least 1)
            yes                      -> the next reading (the last: -> assent, or enacted)
            no when k >= K           -> conciliation (or referendum, or rejected)
            no                       -> read1 then k += 1      # the navette: back to C1
            no_quorum when k >= K    -> rejected               # chambers with a quorum
            no_quorum                -> read1 then k += 1
        conciliation     Conciliation agrees on compromise      (B >= 3; tail 3 steps)
            agree -> compromise1;   disagree -> referendum (or rejected)
        compromise1      C1 votes on compromise { yes -> compromise2; no -> referendum/rejected }
        compromise2      C2 votes on compromise { yes -> assent/enacted; no -> referendum/rejected }
        assent           Government votes { yes -> enacted; no -> rejected }   (B >= 4; tail 1)
        referendum       People decides { yes -> enacted; no -> rejected; no_quorum -> rejected }
                                                               (with a referendum; tail 1)

    This is a bicameral navette with conciliation generalised to R readings over n
    chambers, with a counter `k` of rounds and the bound K on it (the guard above).  It
    is the shape of the French navette with its commission mixte paritaire, of the
    1936 Soviet Art. 47 (without the dissolution) and of the UK's Parliament Acts
    (the counter), and every outcome of every step has a transition.

    With fewer steps than the tail plus one reading, the procedure still has one
    reading (so S is then larger than asked; the title states the real S).  `seats`
    (default 100) sets the seats of every chamber; the validation rows of run.py use
    small chambers so that the explicit baseline can run in full.

Variants
    ok          as above: deadlock-free, terminates and conflicts-resolved all hold.
    deadlock    read2 (C2's first reading; read1 when C2 does not read the bill) has no
                unguarded `no`: while k < K a `no` there has no next step.  deadlock-free
                is violated, and so is conflicts-resolved when C1 had said yes first.
    cycle       (needs the government, B >= 4) a failed conciliation goes to
                `dissolution: Government dissolves C1, C2 -> read1`, with no counter on
                it, as in Art. 47 of the 1936 Soviet constitution: the re-elected chambers
                can disagree again, forever.  terminates is violated, and so is
                conflicts-resolved when C2 reads the bill (two readings or more).

`expected(variant, bodies, steps)` gives these verdicts; run.py flags any difference.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

VARIANTS = ("ok", "deadlock", "cycle")
REGIONS = (("north", 2_400_000), ("south", 3_100_000), ("east", 1_700_000), ("west", 2_800_000))


@dataclass(frozen=True)
class Shape:
    """What a (parties, bodies, steps, bound) size turns into: the names of the bodies and steps."""

    parties: tuple[str, ...]
    chambers: tuple[str, ...]
    commission: bool
    government: bool
    referendum: bool
    readings: int
    steps: tuple[str, ...]
    motions: tuple[str, ...]

    @property
    def bodies(self) -> int:
        return len(self.chambers) + self.commission + self.government + self.referendum


def shape(parties: int, bodies: int, steps: int, referendum: bool = True) -> Shape:
    if parties < 1 or bodies < 1 or steps < 1:
        raise ValueError("parties, bodies and steps must be at least 1")
    n_chambers = 1
    commission = government = ref = False
    left = bodies - 1
    if left > 0:
        n_chambers, left = 2, left - 1
    if left > 0:
        commission, left = True, left - 1
    if left > 0:
        government, left = True, left - 1
    if left > 0 and referendum:
        ref, left = True, left - 1
    n_chambers += left
    tail = 3 * commission + government + ref
    readings = max(1, steps - tail)
    names = [f"read{i + 1}" for i in range(readings)]
    if commission:
        names += ["conciliation", "compromise1", "compromise2"]
    if government:
        names.append("assent")
    if ref:
        names.append("referendum")
    motions = ("bill", "compromise") if commission else ("bill",)
    return Shape(tuple(f"P{i + 1}" for i in range(parties)), tuple(f"C{i + 1}" for i in range(n_chambers)),
                 commission, government, ref, readings, tuple(names), motions)


def _deadlocked_reading(s: Shape) -> int:
    """The reading that lacks its unguarded `no` in the deadlock variant: C2's first, else read1."""
    return 1 if len(s.chambers) >= 2 and s.readings >= 2 else 0


def _has_quorum(index: int) -> bool:
    return index % 3 == 0  # C1, C4, C7, ...


def generate(parties: int = 3, bodies: int = 4, steps: int = 6, bound: int = 2, variant: str = "ok",
             referendum: bool = True, checks: bool = True, seats: int = 100) -> str:
    """The text of a synthetic constitution (see the module docstring for its shape)."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}")
    if bound < 1:
        raise ValueError("the counter bound must be at least 1")
    s = shape(parties, bodies, steps, referendum)
    out = [f'# generated by bench/procedures/generate.py: parties={parties} bodies={bodies} steps={steps} '
           f'bound={bound} variant={variant} referendum={referendum} seats={seats}',
           f'constitution "Synthetic navette P={parties} B={s.bodies} S={len(s.steps)} K={bound} ({variant})"',
           "",
           "population {"]
    out += [f"  {name} {inhabitants:_}" for name, inhabitants in REGIONS]
    out += ["}", "parties " + ", ".join(s.parties), ""]
    for i, ch in enumerate(s.chambers):
        rule = "majority of votes cast" if i % 2 == 0 else "majority of members"
        quorum = "; quorum majority of members" if _has_quorum(i) else ""
        out.append(f"chamber {ch} {{ electorate all; ballot secret; seats {seats} by party_list dhondt; "
                   f"passes {rule}{quorum} }}")
    if s.commission:
        out.append("commission Conciliation { parity C1 and C2; seats 10 each }")
    if s.government:
        out.append("appointed Government { by C1; seats 20; passes majority of members }")
    if s.referendum:
        out.append("referendum People { electorate all; ballot secret; passes majority of votes cast; "
                   "turnout 50% of voters }")
    out.append("")

    # Where a failed conciliation, or a deadlocked navette without a commission, goes.
    fallback = "referendum" if s.referendum else "rejected"
    cycle = variant == "cycle" and s.government
    disagree = "dissolution" if cycle else fallback
    after_readings = "assent" if s.government else "enacted"
    after_navette = "conciliation" if s.commission else fallback

    out += ["procedure law {", "  counter k", "  start -> read1"]
    for r in range(s.readings):
        i = r % len(s.chambers)
        ch = s.chambers[i]
        nxt = f"read{r + 2}" if r + 1 < s.readings else after_readings
        trans = [f"yes -> {nxt}", f"no when k >= {bound} -> {after_navette}"]
        if not (variant == "deadlock" and r == _deadlocked_reading(s)):
            trans.append("no -> read1 then k += 1")
        if _has_quorum(i):
            trans += [f"no_quorum when k >= {bound} -> rejected", "no_quorum -> read1 then k += 1"]
        out.append(f"  read{r + 1}: {ch} votes on bill {{ " + "; ".join(trans) + " }")
    if s.commission:
        out.append(f"  conciliation: Conciliation agrees on compromise {{ agree -> compromise1; "
                   f"disagree -> {disagree} }}")
        for n, ch in ((1, "C1"), (2, "C2")):
            nxt = "compromise2" if n == 1 else after_readings
            trans = [f"yes -> {nxt}", f"no -> {fallback}"]
            if _has_quorum(n - 1):
                trans.append(f"no_quorum -> {fallback}")
            out.append(f"  compromise{n}: {ch} votes on compromise {{ " + "; ".join(trans) + " }")
    if s.government:
        trans = ["yes -> enacted", "no -> rejected"]
        out.append(f"  assent: Government votes on bill {{ " + "; ".join(trans) + " }")
    if s.referendum:
        out.append("  referendum: People decides on compromise { yes -> enacted; no -> rejected; "
                   "no_quorum -> rejected }")
    if cycle:
        out.append("  dissolution: Government dissolves C1, C2 -> read1")
    out += ["}", "", "power legislate by law"]
    if checks:
        out += ["check deadlock-free law", "check terminates law", "check conflicts-resolved law"]
    return "\n".join(out) + "\n"


def expected(variant: str, bodies: int, steps: int) -> dict[str, str]:
    """The verdicts each variant is built to have (run.py flags any difference)."""
    s = shape(1, bodies, steps)
    two_readers = len(s.chambers) >= 2 and s.readings >= 2  # C2 reads the bill: C1 and C2 can disagree
    if variant == "deadlock":
        # stuck at C2's first reading (after C1 said yes: a disagreement), or at read1
        return {"deadlock-free": "violated", "terminates": "holds",
                "conflicts-resolved": "violated" if two_readers else "holds"}
    if variant == "cycle" and s.government and s.commission:
        return {"deadlock-free": "holds", "terminates": "violated",
                "conflicts-resolved": "violated" if two_readers else "holds"}
    return {"deadlock-free": "holds", "terminates": "holds", "conflicts-resolved": "holds"}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-P", "--parties", type=int, default=3)
    ap.add_argument("-B", "--bodies", type=int, default=4)
    ap.add_argument("-S", "--steps", type=int, default=6)
    ap.add_argument("-K", "--bound", type=int, default=2)
    ap.add_argument("--variant", choices=VARIANTS, default="ok")
    ap.add_argument("--seats", type=int, default=100, help="seats of every chamber (default 100)")
    ap.add_argument("--no-referendum", action="store_true")
    a = ap.parse_args(argv)
    print(generate(a.parties, a.bodies, a.steps, a.bound, a.variant, not a.no_referendum, seats=a.seats), end="")


if __name__ == "__main__":
    main()
