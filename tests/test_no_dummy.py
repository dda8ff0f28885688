"""no-dummy: hand-computed groups and members, and a brute-force differential test on tiny constitutions."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsl.diagnostics import Span
from dsl.model import CheckSpec
from helpers import model_from
from test_power_checks import EEC
from verifier.checks import REGISTRY, Context, no_dummy
from verifier.power.support import units

SPAN = Span("t.veche", 1, 1, 1, 1)


def evaluate(text: str, timeout: float | None = None):
    spec = CheckSpec("no-dummy", None, {}, "no-dummy", SPAN)
    [result] = REGISTRY["no-dummy"].evaluate(model_from(text), spec, Context(timeout=timeout))
    return result


def law(body: str = "C") -> str:
    return (f"procedure law {{ start -> v; v: {body} votes {{ yes -> enacted; no -> rejected }} }}\n"
            "power legislate by law\n")


def status(result, group: str, power: str = "legislate") -> str:
    return result.figures["groups"][group]["powers"][power]


# ---------------------------------------------------------------- groups, by hand
UNANIMITY = """population { a 10; b 10; c 10 }
chamber C { electorate all; ballot secret; seats by fixed { a 1, b 1, c 1 }; passes unanimity of votes cast }
""" + law()


def test_one_seat_of_three_under_unanimity_swings():
    # Unanimity needs every seat, so a's seat decides whenever b's and c's are won.
    r = evaluate(UNANIMITY)
    assert r.status == "holds" and r.method == "exact (Z3)"
    w = r.figures["groups"]["a"]["witness"]
    assert w["power"] == "legislate" and w["all_or_none"] and "group_carries" not in w
    assert w["others"].keys() == {"b", "c"} and min(w["others"].values()) >= 6 and w["replayed"]  # seats won
    assert w["run_carried"] == ["v yes"] and w["run_not_carried"] == ["v no"]


# b's nine delegates are all won or all lost (one winner-take-all unit): 9 or 0 of 10 seats, and a
# majority of members is 6, so a's one seat never decides.
WTA = """population { a 10; b 90 }
chamber C { electorate all; ballot secret
  seats by districts winner_takes_all { a 1 per district, b 9 per district }; passes majority of members }
""" + law()


def test_one_seat_of_ten_against_a_bloc_of_nine_is_a_dummy():
    r = evaluate(WTA)
    assert r.status == "violated" and r.figures["dummy_groups"] == ["a"]
    assert status(r, "a") == "dummy" and status(r, "b") == "swings"
    assert "proved" in r.message and r.counterexample["groups"][0]["group"] == "a"
    assert "group:a" in r.involved


def test_the_same_seat_matters_when_the_nine_can_split():
    # Shared by D'Hondt within b, the nine seats can split 5-4: then a's seat makes the majority.  As
    # blocs (no parties are declared) the game is [6; 1, 9], where a's bloc is a dummy member.
    r = evaluate(WTA.replace("seats by districts winner_takes_all { a 1 per district, b 9 per district }",
                             "seats by fixed { a 1, b 9 }"))
    assert status(r, "a") == "swings" and r.figures["dummy_groups"] == []
    assert r.status == "violated" and [d["member"] for d in r.figures["dummy_members"]] == ["a"]
    assert r.figures["groups"]["a"]["witness"]["all_or_none"]


@pytest.mark.parametrize("split,expected", [((33, 33, 33), "swings"), ((50, 49), "dummy")])
def test_one_seat_of_a_hundred_under_two_thirds(split, expected):
    # 67 of 100 seats pass.  Blocs of 33: the others can hold exactly 66, so a's seat decides; blocs
    # of 50 and 49 give the others 0, 49, 50 or 99 seats, never 66.
    names = [f"b{i}" for i in range(len(split))]
    quotas = ", ".join(f"{n} {s} per district" for n, s in zip(names, split))
    text = ("population { a 10; " + "; ".join(f"{n} 100" for n in names) + " }\n"
            "chamber C { electorate all; ballot secret; seats by districts winner_takes_all { a 1 per district, "
            + quotas + " }; passes 2/3 of members }\n" + law())
    assert status(evaluate(text), "a") == expected


def test_a_partial_split_can_decide_when_the_procedure_needs_a_no():
    # Enacted iff a majority but less than two thirds say yes.  With 9 voters: all 9 (or none) give
    # no law, 5 give one; only the free split finds that.
    text = """population { g 9 }
referendum R1 { electorate all; passes majority of votes cast }
referendum R2 { electorate all; passes 2/3 of votes cast }
procedure law { start -> r1
  r1: R1 decides { yes -> r2; no -> rejected }
  r2: R2 decides { yes -> rejected; no -> enacted } }
power legislate by law
"""
    r = evaluate(text)
    assert r.status == "holds"
    w = r.figures["groups"]["g"]["witness"]
    assert not w["all_or_none"]
    assert w["group_carries"] == {"g": 5} and w["group_fails"].get("g", 0) != 5


def test_a_group_counts_when_it_decides_one_power_of_several():
    # a elects nobody in D, which alone decides `decree`, but its seat decides a law in C.
    text = """population { a 10; b 10 }
chamber C { electorate all; ballot secret; seats by fixed { a 1, b 1 }; passes unanimity of votes cast }
chamber D { electorate b; ballot secret; seats by fixed { b 1 } }
""" + law() + "power decree by D\n"
    r = evaluate(text)
    assert r.status == "holds"
    assert status(r, "a") == "swings" and status(r, "a", "decree") == "dummy"
    assert r.figures["groups"]["a"]["status"] == "swings"


def test_an_organ_acts_whoever_votes():
    text = """population { a 10 }
chamber C { electorate all; ballot secret; seats 3 by party_list dhondt }
organ Police { kind coercive; directed by C }
power dissolve C by Police
"""
    r = evaluate(text)
    assert r.status == "violated" and r.figures["dummy_groups"] == ["a"]
    assert r.figures["powers"] == ["dissolve C"]


def test_a_procedure_no_power_binds_is_an_outcome_too():
    text = """population { a 10; b 10 }
chamber C { electorate all; ballot secret; seats by fixed { a 1, b 1 }; passes unanimity of votes cast }
procedure budget { start -> v; v: C votes { yes -> enacted; no -> rejected } }
"""
    r = evaluate(text)
    assert r.figures["powers"] == ["procedure budget"] and status(r, "a", "procedure budget") == "swings"


def test_groups_that_vote_for_nothing_are_listed_not_violations():
    text = """population { a 10; b 10 voters 0; c 10 }
chamber C { electorate a, b; ballot secret; seats 3 by party_list dhondt }
""" + law()
    r = evaluate(text)
    assert r.status == "holds"
    assert r.figures["excluded"] == [{"group": "b", "reason": "has no voters"},
                                     {"group": "c", "reason": "in no electorate"}]
    assert "not voting (see no-excluded-group): b, c" in r.message


# ---------------------------------------------------------------- members of weighted bodies
def test_luxembourg_is_a_dummy_of_the_eec_council():
    r = evaluate(EEC)
    assert r.status == "violated" and r.method == "exact computation"
    assert r.figures["dummy_members"] == [{"body": "Council", "member": "Luxembourg", "weight": 1,
                                           "quota": 12, "total": 17}]
    assert r.counterexample["members"][0]["member"] == "Luxembourg" and "Council:Luxembourg" in r.involved
    assert "Luxembourg in Council (1 of 17 seats, quota 12)" in r.message


def test_a_bloc_of_one_seat_in_three_hundred_and_one():
    # The page's example: the peasants' bloc seat is a dummy of the game [151; 100, 100, 100, 1], but
    # as a group its supporters can decide a law when the estates' delegations split 150 to 150.
    text = """population { nobility 500_000; clergy 300_000; burghers 2_000_000; peasants 20_000_000 }
chamber Estates { electorate all; ballot open; seats by fixed { nobility 100, clergy 100, burghers 100, peasants 1 }
  passes majority of members }
""" + law("Estates")
    r = evaluate(text)
    assert r.status == "violated" and [d["member"] for d in r.figures["dummy_members"]] == ["peasants"]
    assert r.figures["dummy_groups"] == [] and status(r, "peasants") == "swings"


# ---------------------------------------------------------------- budgets and internal errors
def test_out_of_time_is_unknown_unless_a_member_is_a_dummy_anyway():
    r = evaluate(UNANIMITY, timeout=1e-9)
    assert r.status == "unknown" and r.figures["reason"] == "timeout"
    eec = EEC + law("Council")
    r = evaluate(eec, timeout=1e-9)
    assert r.status == "violated" and "the groups are not decided" in r.message
    assert "groups" not in r.figures


def test_a_witness_the_simulator_does_not_confirm_is_an_internal_error(monkeypatch):
    real = no_dummy.replay

    def wrong(c, power, s):
        out = dict(real(c, power, s))
        out["success"] = not out["success"]
        return out

    monkeypatch.setattr(no_dummy, "replay", wrong)
    r = evaluate(WTA.replace("b 9 per district", "b 1 per district"))
    assert r.status == "error" and "did not replay" in r.message


# ---------------------------------------------------------------- differential: brute force
RULES = ["majority of votes cast", "majority of members", "2/3 of votes cast", "unanimity of votes cast",
         "1/3 of members", "1/2 of votes cast"]


@st.composite
def tiny(draw):
    """A constitution with at most four units of at most four voters, and the text of it."""
    names = ["a", "b", "c"][:draw(st.integers(1, 3))]
    pop, voters = [], {}
    budget = 4  # units in all, so that brute force stays at 5^4 distributions
    for i, g in enumerate(names):
        left = budget - (len(names) - i - 1)
        n_d = draw(st.integers(0, min(2, left))) if left >= 2 else 0
        if n_d:
            sizes = [draw(st.integers(1, 4)) for _ in range(n_d)]
            pop.append(f"{g} districts {{ " + ", ".join(f"{g}{j} {s}" for j, s in enumerate(sizes)) + " }")
            voters[g] = sum(sizes)
            budget -= n_d
        else:
            inhabitants = draw(st.integers(1, 4))
            v = draw(st.integers(0, inhabitants))
            pop.append(f"{g} {inhabitants} voters {v}")
            voters[g] = v
            budget -= 1
    lines = ['constitution "tiny"', "population { " + "; ".join(pop) + " }"]
    voting = [g for g in names if voters[g]] or names[:1]
    deciders = []
    for ch in ["X", "Y"][:draw(st.integers(1, 2))]:
        electorate = draw(st.lists(st.sampled_from(voting), min_size=1, max_size=len(voting), unique=True))
        formula = draw(st.sampled_from(["list", "fixed", "ratio", "districts"]))
        if formula == "list":
            method = draw(st.sampled_from(["dhondt", "sainte_lague", "hare"]))
            threshold = draw(st.sampled_from(["", " threshold 30%"]))
            seating = f"seats {draw(st.integers(1, 4))} by party_list {method}{threshold}"
        elif formula == "fixed":
            seats = [draw(st.integers(0, 3)) for _ in electorate]
            seats[0] = seats[0] or 1
            seating = "seats by fixed { " + ", ".join(f"{g} {s}" for g, s in zip(electorate, seats)) + " }"
        elif formula == "ratio":
            seating = ("seats by ratio { " + ", ".join(f"{g} 1 per {draw(st.integers(1, 2))} inhabitants"
                                                       for g in electorate) + " } rounding ceil")
        else:
            seating = ("seats by districts winner_takes_all { " +
                       ", ".join(f"{g} {draw(st.integers(1, 3))} per district" for g in electorate) + " }")
        lines.append(f"chamber {ch} {{ electorate {', '.join(electorate)}; ballot secret; {seating}; "
                     f"passes {draw(st.sampled_from(RULES))} }}")
        deciders.append(ch)
    if draw(st.booleans()):
        lines.append(f"appointed E {{ by X; passes {draw(st.sampled_from(RULES))} }}")
        deciders.append("E")
    if "Y" in deciders and draw(st.booleans()):
        lines.append("commission K { parity X and Y }")
        deciders.append("K")
    if draw(st.booleans()):
        electorate = draw(st.lists(st.sampled_from(voting), min_size=1, max_size=len(voting), unique=True))
        rule = draw(st.sampled_from(["majority of votes cast", "2/3 of votes cast", "1/2 of votes cast"]))
        lines.append(f"referendum R {{ electorate {', '.join(electorate)}; passes {rule} }}")
        deciders.append("R")
    steps = [f"s{i}" for i in range(draw(st.integers(1, 3)))]
    body = ["procedure p {", "  start -> s0"]
    for i, name in enumerate(steps):
        who = draw(st.sampled_from(deciders))
        outcomes = ["agree", "disagree"] if who == "K" else ["yes", "no"]
        targets = steps[i + 1:] + ["enacted", "rejected"] + (steps[:i] if draw(st.integers(0, 4)) == 0 else [])
        verb = "decides" if who == "R" else "votes"
        transitions = "; ".join(f"{o} -> {draw(st.sampled_from(targets))}" for o in outcomes)
        body.append(f"  {name}: {who} {verb} {{ {transitions} }}")
    body.append("}")
    lines += body + ["power legislate by p"]
    holders = [d for d in deciders if d not in ("K", "R")]
    if draw(st.booleans()):
        lines.append(f"power decree by {draw(st.sampled_from(holders))}")
    return "\n".join(lines) + "\n"


def brute_force(c) -> dict[str, dict[str, str]]:
    """group -> power -> swings|dummy, by running the simulator on every distribution of supporters."""
    all_units = units(c)
    carried = {key: {} for key in no_dummy.outcomes(c)}
    for counts in product(*[range(u.voters + 1) for u in all_units]):
        s = {u.name: n for u, n in zip(all_units, counts)}
        for key, powers in no_dummy.outcomes(c).items():
            carried[key][counts] = no_dummy.run_of(c, powers, s)["success"]
    voting, _ = no_dummy.voting_groups(c)
    out = {}
    for g in voting:
        mine = [i for i, u in enumerate(all_units) if u.group == g]
        out[g] = {}
        for key, table in carried.items():
            seen: dict[tuple, set] = {}
            for counts, ok in table.items():
                others = tuple(n for i, n in enumerate(counts) if i not in mine)
                seen.setdefault(others, set()).add(ok)
            out[g][key] = "swings" if any(len(v) == 2 for v in seen.values()) else "dummy"
    return out


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tiny())
def test_agrees_with_brute_force_on_tiny_constitutions(text):
    c = model_from(text)
    spec = CheckSpec("no-dummy", None, {}, "no-dummy", SPAN)
    [r] = REGISTRY["no-dummy"].evaluate(c, spec, Context())
    assert r.status in ("holds", "violated"), (r.message, text)
    solver = {g: row["powers"] for g, row in r.figures.get("groups", {}).items()}
    assert solver == brute_force(c), text
