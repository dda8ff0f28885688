"""The table of seat combinations (power/support_dp.py) against the Z3 encoding of supporters, and by hand.

Both compute the exact minimum of min-winning-support; hypothesis draws small constitutions with
winner-take-all districts, groups electing at large, delegations shared by D'Hondt and fixed
seats, and requirement sets with `yes` and `no` outcomes, and the two minima must be equal (and
each witness must give the required outcomes when the seats are recomputed without either).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsl import model as m
from helpers import model_from
from verifier.budget import Budget
from verifier.encoding.support import SupportEncoding
from verifier.power import support_dp
from verifier.power.support import carried

TWO_LEVEL = """constitution "Two levels"
population {
  north 1_000 districts 3
  south 600 districts 2
  east 300
}
chamber House { electorate all; ballot secret
  seats by districts winner_takes_all { north 1 per district, south 1 per district, east 1 per district } }
chamber Senate { electorate all; ballot secret
  seats by districts winner_takes_all { north 2 at_large, south 2 at_large, east 2 at_large } }
procedure law {
  start -> house
  house: House votes { yes -> senate; no -> rejected }
  senate: Senate votes { yes -> enacted; no -> rejected }
}
power legislate by law
"""


def steps(c, proc="law"):
    return c.procedures[proc].steps


def test_two_levels_by_hand():
    # House: 6 seats, 4 needed; Senate: 6 seats (2 per group), 4 needed, so two whole groups.
    # Cheapest: south (both districts, 151 + 151, which is also a majority of south's 600) and
    # east (151 of 300) give the Senate 4 and the House 3; one more House seat is the cheapest
    # north district (333 voters: 167).  Total 620.
    c = model_from(TWO_LEVEL)
    s = steps(c)
    found = support_dp.minimum(c, [(s["house"], "yes"), (s["senate"], "yes")])
    assert sum(found.values()) == 620
    assert found["south/south_1"] == found["south/south_2"] == found["east"] == 151
    assert sorted(v for k, v in found.items() if k.startswith("north/")) == [0, 0, 167]


def test_a_no_outcome_caps_the_seats():
    # House yes but Senate no: at most one whole group may be won.  Winning 4 House seats with at
    # most one group's majority: north's three districts (167 + 167 + 168 = 502 > 500, a north
    # majority) and one south district (151) = 653; or two north (334) + south 2 (302, south
    # majority) = 636; or two north (334) + one south (151) + east (151, east majority) = 636.
    c = model_from(TWO_LEVEL)
    s = steps(c)
    found = support_dp.minimum(c, [(s["house"], "yes"), (s["senate"], "no")])
    assert sum(found.values()) == 636
    assert carried(c, s["senate"], found) == "no" and carried(c, s["house"], found) == "yes"


def test_impossible_requirements_give_none():
    c = model_from(TWO_LEVEL)
    s = steps(c)
    # Every House seat but no Senate majority: winning all districts wins every group.
    unanimous = m.DecisionRule(Fraction(1), False, "members", s["house"].span)
    house_all = replace(s["house"], rule=unanimous)
    assert support_dp.minimum(c, [(house_all, "yes"), (s["senate"], "no")]) is None


def test_referenda_and_party_lists_are_left_to_the_solver():
    c = model_from("""constitution "Lists"
population { a 100; b 50 }
chamber P { electorate all; ballot secret; seats 10 by party_list dhondt }
referendum R { electorate all; passes majority of votes cast }
procedure law { start -> p
  p: P votes { yes -> r; no -> rejected }
  r: R decides { yes -> enacted; no -> rejected } }
power legislate by law
""")
    s = steps(c)
    for reqs in ([(s["p"], "yes")], [(s["r"], "yes")]):
        try:
            support_dp.minimum(c, reqs)
        except support_dp.NotSeparable:
            continue
        raise AssertionError(f"{reqs} should not be tabulated")


# ---------------------------------------------------------------- differential against Z3

@st.composite
def constitutions(draw):
    n = draw(st.integers(1, 4))
    groups, names = [], [f"g{i}" for i in range(n)]
    for g in names:
        size = draw(st.integers(1, 40))
        voters = draw(st.integers(0, size))
        districts = draw(st.sampled_from([None, 2, 3, "listed"]))
        if districts == "listed":  # districts of different sizes, adding up to the group
            cuts = sorted(draw(st.lists(st.integers(1, size - 1), min_size=1, max_size=3, unique=True))) \
                if size > 1 else []
            sizes = [b - a for a, b in zip([0] + cuts, cuts + [size])]
            districts = "{ " + ", ".join(f"{g}_{i} {n}" for i, n in enumerate(sizes)) + " }"
        elif districts and size < districts:
            districts = None
        groups.append((g, size, voters, districts))
    chambers = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["districts", "at_large", "mixed", "ratio", "fixed"]))
        entries = []
        for g, size, voters, districts in groups:
            if kind == "fixed":
                entries.append(f"{g} {draw(st.integers(0, 4))}")
            elif kind == "ratio":
                entries.append(f"{g} 1 per {draw(st.integers(1, 10))} inhabitants")
            elif kind == "at_large" or (kind == "mixed" and draw(st.booleans())):
                entries.append(f"{g} {draw(st.integers(1, 3))} at_large")
            else:
                entries.append(f"{g} {draw(st.integers(1, 2))} per district")
        if kind == "fixed" and not any(not e.endswith(" 0") for e in entries):
            entries[0] = entries[0].rsplit(" ", 1)[0] + " 1"
        formula = {"fixed": "fixed", "ratio": "ratio"}.get(kind, "districts winner_takes_all")
        rule = draw(st.sampled_from(["majority of votes cast", "2/3 of members", "1/3 of members"]))
        rounding = " rounding ceil" if kind == "ratio" else ""
        chambers.append(f"chamber C{i} {{ electorate all; ballot secret\n  seats by {formula} "
                        f"{{ {', '.join(entries)} }}{rounding}\n  passes {rule} }}")
    pop = "\n".join(f"  {g} {size} voters {voters}" + (f" districts {d}" if d else "")
                    for g, size, voters, d in groups)
    body = [f"  s{i}: C{i} votes {{ yes -> {f's{i + 1}' if i + 1 < len(chambers) else 'enacted'}; no -> rejected }}"
            for i in range(len(chambers))]
    text = (f'constitution "R"\npopulation {{\n{pop}\n}}\n' + "\n".join(chambers)
            + "\nprocedure law {\n  start -> s0\n" + "\n".join(body) + "\n}\npower legislate by law\n")
    outcomes = [draw(st.sampled_from(["yes", "yes", "no"])) for _ in chambers]
    return text, outcomes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(constitutions())
def test_the_table_equals_the_solver(case):
    text, outcomes = case
    c = model_from(text)
    proc = c.procedures["law"]
    reqs = [(proc.steps[f"s{i}"], o) for i, o in enumerate(outcomes)]
    table = support_dp.minimum(c, reqs)  # small tables: dictionaries
    combinations = support_dp.MAX_COMBINATIONS, support_dp.FEW_COMBINATIONS
    try:  # the knapsack over districts that groups of many different districts take
        support_dp.MAX_COMBINATIONS = support_dp.FEW_COMBINATIONS = 0
        knapsack = support_dp.minimum(c, reqs)
    except support_dp.NotSeparable:
        knapsack = table
    finally:
        support_dp.MAX_COMBINATIONS, support_dp.FEW_COMBINATIONS = combinations
    small = support_dp.SMALL_WORK, support_dp.SMALL_OPTIONS
    try:
        support_dp.SMALL_WORK = support_dp.SMALL_OPTIONS = 0
        with_numpy = support_dp.minimum(c, reqs)  # the numpy tables of large cases
    finally:
        support_dp.SMALL_WORK, support_dp.SMALL_OPTIONS = small
    solver = SupportEncoding(c).minimum(reqs, Budget(60))
    assert (table is None) == (solver is None) == (with_numpy is None) == (knapsack is None), text
    if table is None:
        return
    assert sum(table.values()) == sum(solver.values()) == sum(with_numpy.values()) == sum(knapsack.values()), text
    for step, outcome in reqs:
        assert carried(c, step, knapsack) == outcome, (text, step.name)
    for step, outcome in reqs:
        assert carried(c, step, with_numpy) == outcome, (text, step.name)
    for step, outcome in reqs:
        assert carried(c, step, table) == outcome, (text, step.name)


# ---------------------------------------------------------------- the at_large quota itself

def test_at_large_delegates_belong_to_the_whole_group():
    from verifier.seating import composition_from_support, delegations, total_seats

    c = model_from(TWO_LEVEL.replace('power legislate by law\n', '') + """parties A, B
support { north: A 60%, B 40%; south: B 100%; east: A 51%, B 49% }
""")
    senate = c.chambers["Senate"]
    ds = delegations(c, senate)
    assert [(d.group, d.district, d.voters, d.seats) for d in ds] == [
        ("north", None, 1000, 2), ("south", None, 600, 2), ("east", None, 300, 2)]
    assert total_seats(c, senate) == 6 and total_seats(c, c.chambers["House"]) == 6
    assert composition_from_support(c, senate) == {"A": 4, "B": 2}


def test_at_large_needs_a_seating_by_districts():
    from helpers import diagnostics_of

    diags = diagnostics_of("""constitution "X"
population { a 100 districts 2 }
chamber C { electorate all; ballot secret; seats by ratio { a 2 at_large } }
""")
    errors = [d for d in diags if d.is_error]
    assert [d.code for d in errors] == ["E303"]
    assert "`2 at_large` needs a seating by districts" in errors[0].message


def test_at_large_survives_formatting():
    from dsl.formatter import format_text, without_spans

    formatted = format_text(TWO_LEVEL, "two.veche")
    assert "north 2 at_large" in formatted
    assert format_text(formatted, "two.veche") == formatted
    assert without_spans(model_from(formatted)) == without_spans(model_from(TWO_LEVEL))


def test_a_way_through_a_failed_quorum_is_never_the_cheapest():
    # Supporters and opponents all take part, so a quorum is always met: the path through
    # `no_quorum` (which would skip the Senate) is impossible for both methods.
    text = TWO_LEVEL.replace("chamber House { electorate all; ballot secret",
                             "chamber House { electorate all; ballot secret; quorum 1/2 of members") \
        .replace("house: House votes { yes -> senate; no -> rejected }",
                 "house: House votes { yes -> senate; no -> rejected; no_quorum -> enacted }")
    c = model_from(text + "check min-winning-support legislate >= 10%\n")
    s = steps(c)
    assert support_dp.minimum(c, [(s["house"], "no_quorum")]) is None
    assert SupportEncoding(c).minimum([(s["house"], "no_quorum")], Budget(60)) is None
    from verifier.checks import Context
    from verifier.checks.min_winning_support import run

    [result] = run(c, c.checks[0], Context())
    assert result.status == "holds" and result.figures["supporters"] == 620, result.message


@st.composite
def uneven_two_levels(draw):
    """Regions of districts of different sizes: a House by district and a Senate at large."""
    regions = []
    for r in range(draw(st.integers(1, 3))):
        sizes = draw(st.lists(st.integers(20, 300), min_size=1, max_size=6))
        regions.append((f"r{r}", sizes, draw(st.integers(1, 3))))
    pop = "\n".join(f"  {r} districts {{ " + ", ".join(f"{r}_{i} {n}" for i, n in enumerate(sizes)) + " }"
                    for r, sizes, _ in regions)
    house = ", ".join(f"{r} 1 per district" for r, _, _ in regions)
    senate = ", ".join(f"{r} {k} at_large" for r, _, k in regions)
    rules = [draw(st.sampled_from(["majority of members", "2/3 of members", "1/3 of members"])) for _ in range(2)]
    text = f"""constitution "Uneven"
population {{
{pop}
}}
chamber House {{ electorate all; ballot secret
  seats by districts winner_takes_all {{ {house} }}
  passes {rules[0]} }}
chamber Senate {{ electorate all; ballot secret
  seats by districts winner_takes_all {{ {senate} }}
  passes {rules[1]} }}
procedure law {{
  start -> house
  house: House votes {{ yes -> senate; no -> senate }}
  senate: Senate votes {{ yes -> enacted; no -> rejected }}
}}
power legislate by law
"""
    return text, [draw(st.sampled_from(["yes", "no"])) for _ in range(2)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(uneven_two_levels())
def test_the_knapsack_over_different_districts_equals_the_solver(case):
    # Forced onto the knapsack (as a state of many different districts would be): it must give the
    # solver's minimum, and its witness the required outcomes.
    text, outcomes = case
    c = model_from(text)
    s = c.procedures["law"].steps
    reqs = [(s["house"], outcomes[0]), (s["senate"], outcomes[1])]
    combinations = support_dp.MAX_COMBINATIONS, support_dp.FEW_COMBINATIONS
    try:
        support_dp.MAX_COMBINATIONS = support_dp.FEW_COMBINATIONS = 0
        knapsack = support_dp.minimum(c, reqs)
    finally:
        support_dp.MAX_COMBINATIONS, support_dp.FEW_COMBINATIONS = combinations
    solver = SupportEncoding(c).minimum(reqs, Budget(60))
    assert (knapsack is None) == (solver is None), text
    if knapsack is not None:
        assert sum(knapsack.values()) == sum(solver.values()), text
        for step, outcome in reqs:
            assert carried(c, step, knapsack) == outcome, (text, step.name)


def test_chambers_no_group_links_are_tabulated_apart():
    # Three chambers of 2,000 seats, each elected by its own group: one table of all three would have
    # 1001^3 cells (over MAX_CELLS), three tables of 1,001 cells each are small.
    c = model_from("""constitution "Three estates"
population { a 4_000 districts 2_000; b 4_000 districts 2_000; d 4_000 districts 2_000 }
chamber A { electorate a; ballot secret; seats by districts winner_takes_all { a 1 per district } }
chamber B { electorate b; ballot secret; seats by districts winner_takes_all { b 1 per district } }
chamber D { electorate d; ballot secret; seats by districts winner_takes_all { d 1 per district } }
procedure law { start -> a
  a: A votes { yes -> b; no -> rejected }
  b: B votes { yes -> d; no -> rejected }
  d: D votes { yes -> enacted; no -> rejected } }
power legislate by law
""")
    s = steps(c)
    found = support_dp.minimum(c, [(s["a"], "yes"), (s["b"], "yes"), (s["d"], "yes")])
    # Each chamber: 1,001 of its 2,000 districts of 2 voters, 2 supporters each.
    assert sum(found.values()) == 3 * 1001 * 2
