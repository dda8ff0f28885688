"""The simulator on hand-computed cases: tallies, rules, quorum, appointed bodies,
commissions, referenda, counters, dissolution cycles and stuck runs."""

from __future__ import annotations

from fractions import Fraction

import pytest

from verifier.simulator import Scenario, ScenarioError, run

from helpers import model_from

BICAMERAL = """
population { people 1_000_000 }
parties A, B, C
chamber Commons { electorate all; ballot secret; seats 400 by party_list dhondt; passes majority of votes cast }
chamber Lords { electorate all; ballot secret; seats 100 by party_list dhondt; passes majority of votes cast }
procedure bill {
  counter rejections
  start -> commons
  commons: Commons votes { yes -> lords; no -> rejected }
  lords: Lords votes {
    yes -> enacted
    no when rejections >= 2 -> enacted
    no -> commons then rejections += 1
  }
}
"""


def test_parliament_act_delay_counts_three_rejections():
    c = model_from(BICAMERAL)
    s = Scenario(positions={"A": {"bill": "yes"}, "B": {"bill": "no"}, "C": {"bill": "no"}},
                 compositions={"Commons": {"A": 250, "B": 150, "C": 0}, "Lords": {"A": 10, "B": 80, "C": 10}})
    r = run(c, "bill", s)
    # commons, lords (rej 0 -> 1), commons, lords (1 -> 2), commons, lords (guard rejections >= 2 holds).
    assert [e.step for e in r.events] == ["commons", "lords"] * 3
    assert [e.outcome for e in r.events] == ["yes", "no"] * 3
    assert [e.counters["rejections"] for e in r.events] == [0, 1, 1, 2, 2, 2]
    assert (r.end, r.final, r.success, r.steps) == ("final", "enacted", True, 6)
    commons = r.events[0].tallies[0]
    assert (commons.yes, commons.no, commons.members) == (250, 150, 400)
    lords = r.events[1].tallies[0]
    assert (lords.yes, lords.no) == (10, 90)


def test_counter_saturates_at_cap():
    c = model_from(BICAMERAL)
    assert c.procedures["bill"].counter_caps == {"rejections": 3}


RULES = """
population { people 1_000 }
parties Y, N, Ab
chamber Cast { electorate all; ballot secret; seats 100 by party_list hare; passes majority of votes cast }
chamber Members { electorate all; ballot secret; seats 100 by party_list hare; passes majority of members }
chamber TwoThirds { electorate all; ballot secret; seats 99 by party_list hare; passes 2/3 of votes cast }
chamber Quorate { electorate all; ballot secret; seats 100 by party_list hare; quorum majority of members }
procedure p {
  start -> cast
  cast: Cast votes { yes -> members; no -> rejected }
  members: Members votes { yes -> enacted; no -> lapsed }
}
procedure q {
  start -> two
  two: TwoThirds votes { yes -> enacted; no -> rejected }
}
procedure r {
  start -> quorate
  quorate: Quorate votes { yes -> enacted; no -> rejected; no_quorum -> lapsed }
}
"""


def test_votes_cast_versus_members_with_abstentions():
    c = model_from(RULES)
    comp = {"Y": 40, "N": 30, "Ab": 30}
    s = Scenario(positions={"Y": {"bill": "yes"}, "N": {"bill": "no"}, "Ab": {"bill": "abstain"}},
                 compositions={"Cast": comp, "Members": comp})
    r = run(c, "p", s)
    # 40 yes > 70 cast / 2 passes; 40 yes is not more than 100 members / 2.
    assert [e.outcome for e in r.events] == ["yes", "no"]
    assert r.final == "lapsed" and r.success is False


@pytest.mark.parametrize("yes, outcome", [(66, "yes"), (65, "no")])
def test_two_thirds_is_at_least_two_thirds(yes, outcome):
    c = model_from(RULES)
    s = Scenario(positions={"Y": {"bill": "yes"}, "N": {"bill": "no"}, "Ab": {"bill": "no"}},
                 compositions={"TwoThirds": {"Y": yes, "N": 99 - yes, "Ab": 0}})
    assert run(c, "q", s).events[0].outcome == outcome


def test_quorum_fails_when_most_members_are_absent():
    c = model_from(RULES)
    s = Scenario(positions={"Y": {"bill": "yes"}, "N": {"bill": "absent"}, "Ab": {"bill": "absent"}},
                 compositions={"Quorate": {"Y": 50, "N": 25, "Ab": 25}})
    r = run(c, "r", s)
    # 50 present is not more than half of 100 members.
    assert r.events[0].outcome == "no_quorum" and r.final == "lapsed"
    s2 = Scenario(positions={"Y": {"bill": "yes"}, "N": {"bill": "absent"}, "Ab": {"bill": "no"}},
                  compositions={"Quorate": {"Y": 50, "N": 25, "Ab": 25}})
    assert run(c, "r", s2).events[0].outcome == "yes"


SOVIET = """
population { workers 100_000; peasants 400_000 }
parties Bolshevik, SR
support {
  workers: Bolshevik 70%, SR 20%
  peasants: Bolshevik 20%, SR 70%
}
chamber Congress { electorate all; ballot open
  seats by ratio { workers 1 per 1_000 voters, peasants 1 per 5_000 inhabitants } }
chamber Assembly { electorate all; ballot secret; seats 90 by party_list dhondt }
appointed VTsIK { by Congress; seats 20 }
appointed Presidium { by VTsIK; passes 2/3 of votes cast }
commission Conc { parity Congress and Assembly }
referendum People { electorate all; turnout 95% of voters }
procedure law {
  start -> exec
  exec: VTsIK votes { yes -> presidium; no -> rejected }
  presidium: Presidium votes { yes -> conc; no -> rejected }
  conc: Conc agrees on compromise { agree -> enacted; disagree -> people }
  people: People decides { yes -> enacted; no -> rejected; no_quorum -> lapsed }
}
"""


def test_support_determines_compositions_by_each_formula():
    from verifier.seating import composition_from_support

    c = model_from(SOVIET)
    # Ratio seating: workers 100 delegates, peasants 80, each group's delegation shared by D'Hondt:
    # workers 70:20 of 100 -> Bolshevik 78, SR 22 (the 100th seat goes at quotient 70/78 = 0.897,
    # above SR's next 20/23 = 0.870);
    # peasants 20:70 of 80 -> the 80th seat is a tie between Bolshevik's 20/18 and SR's 70/63 (both 10/9),
    # won by the party with more votes: Bolshevik 17, SR 63.
    assert composition_from_support(c, c.bodies["Congress"]) == {"Bolshevik": 95, "SR": 85}
    # Party list over 500,000 voters: Bolshevik 70,000 + 80,000 = 150,000; SR 20,000 + 280,000 = 300,000:
    # D'Hondt 90 seats at 1:2 -> 30 and 60.
    assert composition_from_support(c, c.bodies["Assembly"]) == {"Bolshevik": 30, "SR": 60}


def test_appointed_bodies_mirror_their_appointer_and_commissions_need_both_sides():
    c = model_from(SOVIET)
    s = Scenario(positions={"Bolshevik": {"bill": "yes", "compromise": "yes"},
                            "SR": {"bill": "no", "compromise": "no"}})
    r = run(c, "law", s)
    # Congress 95 Bolshevik vs 85 SR: VTsIK follows (95 > 85); the Presidium needs 2/3 of votes cast:
    # 95 * 3 = 285 < 2 * 180 = 360, so it refuses.
    assert [(e.step, e.outcome) for e in r.events] == [("exec", "yes"), ("presidium", "no")]
    assert r.events[0].tallies[0].note == "mirrors the composition of Congress"


def test_commission_disagrees_unless_both_delegations_agree_then_referendum_from_support():
    c = model_from(SOVIET.replace("passes 2/3 of votes cast", "passes majority of votes cast"))
    s = Scenario(positions={"Bolshevik": {"bill": "yes", "compromise": "yes"},
                            "SR": {"bill": "yes", "compromise": "no"}})
    r = run(c, "law", s)
    # Congress: Bolshevik 95 yes > SR 85 no; Assembly: 30 yes < 60 no -> disagree.
    conc = r.events[2]
    assert conc.outcome == "disagree"
    assert [(t.body, t.yes, t.no) for t in conc.tallies] == [("Congress", 95, 85), ("Assembly", 30, 60)]
    # Referendum on the bill: everyone who supports a party votes yes: 90 % of 500,000 turn out,
    # below the 95 % turnout quorum.
    people = r.events[3]
    assert people.outcome == "no_quorum" and r.final == "lapsed"
    assert people.tallies[0].yes == Fraction(450_000)


def test_referendum_result_from_scenario():
    c = model_from(SOVIET.replace("passes 2/3 of votes cast", "passes majority of votes cast"))
    s = Scenario(positions={"Bolshevik": {"bill": "yes", "compromise": "yes"},
                            "SR": {"bill": "yes", "compromise": "no"}},
                 referenda={"People": "yes"})
    assert run(c, "law", s).final == "enacted"


ARTICLE_47 = """
population { people 1_000_000 }
parties A, B
chamber Union { electorate all; ballot secret; seats 10 by party_list dhondt }
chamber Nationalities { electorate all; ballot secret; seats 10 by party_list dhondt }
appointed Presidium { by Union }
commission Conc { parity Union and Nationalities }
procedure law {
  start -> union
  union: Union votes { yes -> nat; no -> rejected }
  nat: Nationalities votes { yes -> enacted; no -> conc }
  conc: Conc agrees on compromise { agree -> enacted; disagree -> dissolve }
  dissolve: Presidium dissolves Union, Nationalities -> union
}
"""


def test_dissolution_cycle_is_reported_as_a_lasso():
    c = model_from(ARTICLE_47)
    s = Scenario(positions={"A": {"bill": "yes", "compromise": "yes"}, "B": {"bill": "no", "compromise": "no"}},
                 compositions={"Union": {"A": 6, "B": 4}, "Nationalities": {"A": 4, "B": 6}})
    r = run(c, "law", s)
    assert r.end == "cycle"
    # union, nat, conc, dissolve; the scenario gives no new composition, so the re-elected chambers
    # are the same and the run is back in its initial state: the cycle starts at step 0.
    assert [e.step for e in r.events] == ["union", "nat", "conc", "dissolve"]
    assert r.loop_start == 0 and r.steps == 4
    assert r.events[3].elections == {"Union": 1, "Nationalities": 1}


def test_lasso_with_a_prefix():
    c = model_from(ARTICLE_47)
    s = Scenario(positions={"A": {"bill": "yes", "compromise": "yes"}, "B": {"bill": "no", "compromise": "no"}},
                 compositions={"Union": {"A": 6, "B": 4}, "Nationalities": {"A": 4, "B": 6}},
                 elections={"Union": [{"A": 7, "B": 3}]})
    r = run(c, "law", s)
    # The first election differs from all later ones, so the cycle starts after the first dissolution.
    assert r.end == "cycle" and r.loop_start == 4 and r.steps == 8


def test_reelection_can_change_the_outcome():
    c = model_from(ARTICLE_47)
    s = Scenario(positions={"A": {"bill": "yes", "compromise": "yes"}, "B": {"bill": "no", "compromise": "no"}},
                 compositions={"Union": {"A": 6, "B": 4}, "Nationalities": {"A": 4, "B": 6}},
                 elections={"Nationalities": [{"A": 7, "B": 3}]})
    r = run(c, "law", s)
    assert [e.step for e in r.events] == ["union", "nat", "conc", "dissolve", "union", "nat"]
    assert r.final == "enacted"


def test_outcome_without_transition_gets_stuck():
    c = model_from(ARTICLE_47.replace("no -> conc", "yes -> enacted").replace(
        "nat: Nationalities votes { yes -> enacted; yes -> enacted }", "nat: Nationalities votes { yes -> enacted }"))
    s = Scenario(positions={"A": {"bill": "yes"}, "B": {"bill": "no"}},
                 compositions={"Union": {"A": 6, "B": 4}, "Nationalities": {"A": 4, "B": 6}})
    r = run(c, "law", s)
    assert r.end == "stuck" and r.final is None
    assert r.events[-1].step == "nat" and r.events[-1].outcome == "no" and r.events[-1].target is None


def test_step_limit():
    c = model_from(ARTICLE_47)
    s = Scenario(positions={"A": {"bill": "yes", "compromise": "yes"}, "B": {"bill": "no", "compromise": "no"}},
                 compositions={"Union": {"A": 6, "B": 4}, "Nationalities": {"A": 4, "B": 6}})
    r = run(c, "law", s, max_steps=3)
    assert r.end == "limit" and r.steps == 3


@pytest.mark.parametrize("scenario, message", [
    (Scenario(positions={"A": {"bill": "yes"}}, compositions={"Union": {"A": 6, "B": 4}}), "no position of `B`"),
    (Scenario(positions={"A": {"bill": "yes"}, "B": {"bill": "no"}}, compositions={"Union": {"A": 6, "B": 5}}),
     "has 11 seats"),
    (Scenario(positions={"A": {"bill": "maybe"}}), "position `maybe`"),
    (Scenario(positions={"Z": {"bill": "yes"}}), "not a party"),
    (Scenario(positions={"A": {"bill": "yes"}, "B": {"bill": "no"}}), "no composition of `Union`"),
])
def test_incomplete_scenarios_are_refused(scenario, message):
    c = model_from(ARTICLE_47)
    with pytest.raises(ScenarioError, match=message):
        run(c, "law", scenario)


def test_cyclic_elections():
    c = model_from(ARTICLE_47)
    s = Scenario(positions={"A": {"bill": "yes", "compromise": "yes"}, "B": {"bill": "no", "compromise": "no"}},
                 compositions={"Union": {"A": 6, "B": 4}, "Nationalities": {"A": 4, "B": 6}},
                 elections={"Union": [{"A": 7, "B": 3}, {"A": 6, "B": 4}]}, loop_from={"Union": 0})
    r = run(c, "law", s)
    # Elections of Union: 6:4 (first), then the list 7:3, 6:4 cycling from its first entry. The run
    # is in a repeated state when the scenario is back at the same entry: after the third
    # re-election it is where it was after the first, a cycle of two dissolutions.
    assert r.end == "cycle" and r.loop_start == 4 and r.steps == 12
    assert [s.election_index("Union", k) for k in range(5)] == [-1, 0, 1, 0, 1]


def test_a_step_can_decide_by_its_own_rule():
    c = model_from(BICAMERAL.replace("lords: Lords votes {", "lords: Lords votes by 2/3 of votes cast {"))
    assert c.procedures["bill"].steps["lords"].rule.describe() == "2/3 of votes cast"
    s = Scenario(positions={"A": {"bill": "yes"}, "B": {"bill": "no"}, "C": {"bill": "yes"}},
                 compositions={"Commons": {"A": 250, "B": 150, "C": 0}, "Lords": {"A": 30, "B": 35, "C": 35}})
    r = run(c, "bill", s)
    # Lords: 65 yes of 100 cast: a majority, but 65 * 3 = 195 < 200, so not two thirds.
    lords = r.events[1]
    assert lords.outcome == "no" and lords.tallies[0].rule == "2/3 of votes cast"
