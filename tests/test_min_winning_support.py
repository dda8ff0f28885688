"""min-winning-support on hand-computed constitutions."""

from __future__ import annotations

from fractions import Fraction

from dsl.diagnostics import Span
from dsl.model import CheckSpec
from helpers import model_from
from verifier.checks import REGISTRY, Context


def mws(text: str, power: str = "legislate", bound=Fraction(1, 2)):
    model = model_from(text)
    spec = CheckSpec("min-winning-support", power, {"compare": (">=", bound)}, "mws", Span("t", 1, 1, 1, 1))
    [result] = REGISTRY["min-winning-support"].evaluate(model, spec, Context())
    return result


LIST = """
population { people 2_000 voters 1_100 }
chamber A { electorate all; ballot secret; seats 10 by party_list dhondt; passes majority of members }
procedure law { start -> a; a: A votes { yes -> enacted; no -> rejected } }
power legislate by law
"""


def test_party_list_majority():
    # Two camps, D'Hondt, 10 seats: the supporters' 6th quotient a/6 must beat the opponents' 5th,
    # (1,100 - a)/5: a * 5 > (1,100 - a) * 6 from a = 601; at a = 600 the two are equal (100) and the
    # tie goes to the camp with more votes, the supporters (600 > 500).
    r = mws(LIST)
    assert r.figures["supporters"] == 600 and r.figures["share"] == "3/10"
    assert r.status == "violated" and r.counterexample["seats"]["A"] == 6


def test_a_tie_does_not_suffice():
    # One seat, 100 voters: 50 supporters tie the opponents, and an exact tie goes to the opponents.
    text = """
population { people 100 }
chamber A { electorate all; ballot secret; seats 1 by party_list dhondt; passes majority of members }
procedure law { start -> a; a: A votes { yes -> enacted; no -> rejected } }
power legislate by law
"""
    assert mws(text).figures["supporters"] == 51


DISTRICTS = """
population { towns districts { a 100, b 100, c 1_000 } }
chamber A { electorate all; ballot secret; seats by districts winner_takes_all { towns 1 per district } }
procedure law { start -> a; a: A votes { yes -> enacted; no -> rejected } }
power legislate by law
"""


def test_winner_take_all_districts_pick_the_cheapest():
    r = mws(DISTRICTS, bound=Fraction(1, 10))
    # Two of three seats: the two small districts, 51 supporters each.
    assert r.figures["supporters"] == 102 and r.figures["share"] == "17/200"
    assert r.figures["by_unit"] == {"towns/a": 51, "towns/b": 51}
    assert r.status == "violated"


def test_the_cheapest_path_counts():
    text = DISTRICTS.replace("procedure law { start -> a; a: A votes { yes -> enacted; no -> rejected } }", """
referendum People { electorate all }
procedure law { start -> a; a: A votes { yes -> enacted; no -> p }
  p: People decides { yes -> enacted; no -> rejected } }""")
    r = mws(text, bound=Fraction(1, 10))
    # The chamber (102) is cheaper than a majority of all 1,200 voters (601).
    assert r.figures["supporters"] == 102 and r.figures["path"] == ["a yes"]


def test_referendum_only():
    text = """
population { people 1_000 voters 800 }
referendum People { electorate all; passes 2/3 of votes cast }
procedure law { start -> p; p: People decides { yes -> enacted; no -> rejected } }
power legislate by law
"""
    r = mws(text, bound=Fraction(1, 2))
    # 2/3 of 800 voters, at least: 534 (534 * 3 = 1602 >= 1600).
    assert r.figures["supporters"] == 534 and r.status == "holds"


def test_an_organ_needs_nobody():
    text = LIST + "organ Police { kind coercive }\npower dissolve A by Police\n"
    r = mws(text, power="dissolve A")
    assert r.figures["supporters"] == 0 and r.status == "violated"


def entrenched(text: str, bound=Fraction(1, 2)):
    model = model_from(text)
    spec = CheckSpec("entrenched", None, {"compare": (">=", bound)}, "entrenched", Span("t", 1, 1, 1, 1))
    [result] = REGISTRY["entrenched"].evaluate(model, spec, Context())
    return result


def test_entrenched_needs_an_amendment_power_with_enough_support():
    r = entrenched(LIST)
    assert r.status == "violated" and "no `power amend`" in r.message
    amend = LIST.replace("power legislate by law", "power amend by law")
    r = entrenched(amend)
    assert r.status == "violated" and r.figures["supporters"] == 600
    assert entrenched(amend, bound=Fraction(3, 10)).status == "holds"
