"""Hypothesis strategies for small random constitutions with procedures (as veche text)."""

from __future__ import annotations

from hypothesis import strategies as st

RULES = ["majority of votes cast", "majority of members", "2/3 of votes cast", "unanimity of present",
         "1/3 of members"]


@st.composite
def constitutions(draw, max_parties: int = 3, max_steps: int = 5):
    """Text of a small valid constitution with one procedure `p`, plus what it contains."""
    parties = ["A", "B", "C"][:draw(st.integers(2, max_parties))]
    lines = ['constitution "generated"', "population { people 1_000 districts 2 }",
             "parties " + ", ".join(parties)]
    if draw(st.booleans()) and draw(st.booleans()):
        shares = draw(st.lists(st.integers(0, 60), min_size=len(parties), max_size=len(parties)))
        if sum(shares) <= 100:
            lines.append("support { people: " + ", ".join(f"{p} {s}%" for p, s in zip(parties, shares)) + " }")
    chambers = ["X", "Y"][:draw(st.integers(1, 2))]
    voters: list[tuple[str, str]] = []  # (body, kind)
    for ch in chambers:
        formula = draw(st.sampled_from(["list", "districts"]))
        if formula == "list":
            seats = draw(st.integers(1, 3))
            seating = f"seats {seats} by party_list dhondt"
        else:
            seats = 2 * draw(st.integers(1, 2))
            seating = f"seats by districts winner_takes_all {{ people {seats // 2} per district }}"
        clauses = ["electorate all", "ballot secret", seating, "passes " + draw(st.sampled_from(RULES))]
        if draw(st.integers(0, 3)) == 0:
            clauses.append("quorum majority of members")
        if draw(st.integers(0, 3)) == 0:
            split = draw(st.lists(st.integers(0, seats), min_size=len(parties), max_size=len(parties)))
            if sum(split) == seats:
                clauses.append("composition { " + ", ".join(f"{p} {n}" for p, n in zip(parties, split)) + " }")
        lines.append(f"chamber {ch} {{ " + "; ".join(clauses) + " }")
        voters.append((ch, "chamber"))
    if draw(st.booleans()):
        rule = draw(st.sampled_from(RULES))
        lines.append(f"appointed Exec {{ by {chambers[0]}; passes {rule} }}")
        voters.append(("Exec", "appointed"))
    if len(chambers) == 2 and draw(st.booleans()):
        lines.append("commission Conc { parity X and Y }")
        voters.append(("Conc", "commission"))
    if draw(st.booleans()):
        turnout = "; turnout 50% of voters" if draw(st.booleans()) else ""
        lines.append(f"referendum R {{ electorate all{turnout} }}")
        voters.append(("R", "referendum"))
    n = draw(st.integers(1, max_steps))
    names = [f"s{i}" for i in range(n)]
    targets = names + ["enacted", "rejected", "lapsed"]
    use_counter = draw(st.booleans())
    body = ["procedure p {"]
    if use_counter:
        body.append("  counter k")
    body.append("  start -> s0")
    dissolvers = [b for b, kind in voters if kind in ("chamber", "appointed")]
    for name in names:
        if draw(st.integers(0, 4)) == 0:
            who = draw(st.sampled_from(dissolvers))
            dissolved = draw(st.sampled_from([chambers[:1], chambers[-1:], chambers]))
            body.append(f"  {name}: {who} dissolves {', '.join(dissolved)} -> {draw(st.sampled_from(targets))}")
            continue
        who, kind = draw(st.sampled_from(voters))
        # Two motions only with two parties: brute force enumerates 4^(parties x motions) positions.
        motion = draw(st.sampled_from(["", "", " on other"])) if len(parties) == 2 else ""
        if kind == "commission":
            outcomes = ["agree", "disagree"]
        else:
            outcomes = ["yes", "no"]
            quorate = kind == "referendum" and "turnout" in lines[-1] or \
                kind in ("chamber", "appointed") and "quorum" in next(l for l in lines if f" {who} {{" in l or
                                                                      l.startswith(f"chamber {who} ")
                                                                      or l.startswith(f"appointed {who} "))
            if quorate:
                outcomes.append("no_quorum")
        transitions = []
        covered = 0
        for o in outcomes:
            if draw(st.integers(0, 6)) == 0:
                continue  # a missing transition: a possible deadlock
            covered += 1
            if use_counter and draw(st.integers(0, 2)) == 0:
                limit = draw(st.integers(1, 2))
                transitions.append(f"{o} when k >= {limit} -> {draw(st.sampled_from(targets))}")
                transitions.append(f"{o} -> {draw(st.sampled_from(targets))} then k += 1")
            else:
                transitions.append(f"{o} -> {draw(st.sampled_from(targets))}")
        # `else` where some outcome is left (an `else` after every outcome would never be taken).
        if covered < len(outcomes) and (not transitions or draw(st.integers(0, 5)) == 0):
            transitions.append(f"else -> {draw(st.sampled_from(targets))}")
        by = ""
        if kind in ("chamber", "appointed", "referendum") and draw(st.integers(0, 3)) == 0:
            by = " by " + draw(st.sampled_from(["2/3 of votes cast", "unanimity of present"] +
                                               ([] if kind == "referendum" else ["majority of members"])))
            if kind != "referendum" and draw(st.booleans()):
                by += " with quorum 2/3 of members"
        body.append(f"  {name}: {who} votes{motion}{by} {{ " + "; ".join(transitions) + " }")
    body.append("}")
    return "\n".join(lines + body) + "\n"
