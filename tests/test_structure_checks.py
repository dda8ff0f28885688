"""no-unilateral-dissolution, coercion-accountable and separation on hand-made constitutions."""

from __future__ import annotations

from dsl.diagnostics import Span
from dsl.model import CheckSpec
from helpers import model_from
from verifier.checks import REGISTRY, Context

BASE = """
population { people 1_000_000 }
parties A, B
chamber Assembly { electorate all; ballot secret; seats 10 by party_list dhondt }
chamber Soviet { electorate all; ballot open; seats 10 by party_list dhondt }
appointed Cabinet { by Assembly }
appointed Executive { by Soviet }
referendum People { electorate all }
"""


def verdict(text: str, name: str):
    model = model_from(BASE + text)
    spec = CheckSpec(name, None, {}, name, Span("t.veche", 1, 1, 1, 1))
    [result] = REGISTRY[name].evaluate(model, spec, Context())
    return result


def test_dissolution_by_another_body_is_unilateral():
    r = verdict("power dissolve Assembly by Executive", "no-unilateral-dissolution")
    assert r.status == "violated" and "Executive can dissolve Assembly" in r.message


def test_dissolution_by_the_chamber_its_appointee_or_its_voters_is_consented():
    for holder in ("Assembly", "Cabinet", "People"):
        r = verdict(f"power dissolve Assembly by {holder}", "no-unilateral-dissolution")
        assert r.status == "holds", (holder, r.message)


def test_dissolution_procedure_needs_consent_on_every_successful_run():
    risky = """
procedure dissolve_it { start -> e; e: Executive votes { yes -> enacted; no -> rejected } }
power dissolve Assembly by dissolve_it
"""
    r = verdict(risky, "no-unilateral-dissolution")
    assert r.status == "violated"
    assert r.counterexample["replayed"] and r.counterexample["states"][0]["step"] == "e"
    safe = """
procedure dissolve_it { start -> e; e: Executive votes { yes -> p; no -> rejected }
  p: People decides { yes -> enacted; no -> rejected } }
power dissolve Assembly by dissolve_it
"""
    assert verdict(safe, "no-unilateral-dissolution").status == "holds"


def test_dissolution_step_inside_a_procedure():
    text = """
procedure law { start -> a; a: Assembly votes { yes -> enacted; no -> d }
  d: Executive dissolves Assembly -> a }
"""
    r = verdict(text, "no-unilateral-dissolution")
    assert r.status == "violated" and "step `d` of `law`" in r.message


def test_coercion_needs_an_independent_principal_and_a_court():
    captive = "organ Police { kind coercive; directed by Executive; answers to Executive; authorized by none }"
    r = verdict(captive, "coercion-accountable")
    assert r.status == "violated"
    assert "answers to no body independent of Executive" in r.message and "court" in r.message
    # Answering to the director's own appointee is no accountability either.
    r = verdict("appointed Minister { by Executive }\n"
                "organ Police { kind coercive; directed by Executive; answers to Minister; authorized by none }",
                "coercion-accountable")
    assert "answers to no body independent" in r.message
    ok = ("organ Court { kind judicial; directed by Assembly }\n"
          "organ Police { kind coercive; directed by Executive; answers to Assembly; authorized by Court }")
    assert verdict(ok, "coercion-accountable").status == "holds"
    not_a_court = ("organ Police { kind coercive; directed by Executive; answers to Assembly; "
                   "authorized by Cabinet }")
    r = verdict(not_a_court, "coercion-accountable")
    assert r.status == "violated" and "not an independent judicial organ" in r.message


def test_separation_by_held_power_and_by_a_procedure_carried_alone():
    police = "organ Police { kind coercive; directed by Executive; answers to Assembly; authorized by none }\n"
    r = verdict(police + "power decree by Executive", "separation")
    assert r.status == "violated" and "holds `power decree` itself" in r.message
    alone = police + """
procedure law { start -> s; s: Soviet votes { yes -> enacted; no -> a }
  a: Assembly votes { yes -> enacted; no -> rejected } }
power legislate by law
"""
    r = verdict(alone, "separation")
    # Executive mirrors the Soviet, and the Soviet alone can pass `law`.
    assert r.status == "violated" and "carries `law` alone" in r.message
    assert r.counterexample["states"][-1]["next"] == "enacted"
    shared = police + """
procedure law { start -> s; s: Soviet votes { yes -> a; no -> rejected }
  a: Assembly votes { yes -> enacted; no -> rejected } }
power legislate by law
"""
    assert verdict(shared, "separation").status == "holds"


def bounded(text: str, name: str, op: str, bound: int, target=None):
    model = model_from(BASE + text)
    spec = CheckSpec(name, target, {"compare": (op, bound)}, name, Span("t.veche", 1, 1, 1, 1))
    [result] = REGISTRY[name].evaluate(model, spec, Context())
    return result


def test_veto_players_of_a_bicameral_and_of_an_override_procedure():
    both = """
procedure law { start -> a; a: Assembly votes { yes -> s; no -> rejected }
  s: Soviet votes { yes -> enacted; no -> rejected } }
power legislate by law
"""
    r = bounded(both, "veto-players", "<=", 1)
    assert r.status == "violated" and r.figures["veto_players"] == ["Assembly", "Soviet"]
    override = """
procedure law { start -> a; a: Assembly votes { yes -> s; no -> rejected }
  s: Soviet votes { yes -> enacted; no -> p }
  p: People decides { yes -> enacted; no -> rejected } }
power legislate by law
"""
    r = bounded(override, "veto-players", "<=", 1)
    # The referendum can overrule the Soviet; the Assembly's yes opens every successful run.
    assert r.status == "holds" and r.figures["veto_players"] == ["Assembly"]
    assert set(r.figures["bypassed"]) == {"Soviet", "People"}
    assert bounded(override, "veto-players", ">=", 2).status == "violated"


def test_a_body_holding_a_power_is_its_only_veto_player():
    r = bounded("power decree by Executive", "veto-players", "==", 1, target="decree")
    assert r.status == "holds" and r.figures["veto_players"] == ["Executive"]
