"""Power-index checks and `veche power` on real voting bodies with published values."""

from __future__ import annotations

from fractions import Fraction

from click.testing import CliRunner

from dsl.diagnostics import Span
from dsl.model import CheckSpec
from helpers import EXAMPLES, model_from
from verifier.checks import REGISTRY, Context
from verifier.cli import cli
from verifier.power.bodies import game, quota

# Council of Ministers of the EEC, Treaty of Rome (1958), Art. 148(2): 17 weighted votes, a
# qualified majority of 12.  Published Banzhaf values: 5/21 for France, Germany and Italy, 3/21
# for Belgium and the Netherlands, 0 for Luxembourg (Brams, "Game theory", in Gregersen (ed.),
# Britannica Guide to Statistics and Probability, 2011, p. 194; see tests/data/README.md).
EEC = """
constitution "Council of the EEC, 1958"
population { france 45_000_000; germany 55_000_000; italy 50_000_000; belgium 9_000_000;
             netherlands 11_000_000; luxembourg 300_000 }
parties France, Germany, Italy, Belgium, Netherlands, Luxembourg
chamber Council { electorate all; ballot secret; seats 17 by party_list dhondt; passes 12/17 of members
  composition { France 4, Germany 4, Italy 4, Belgium 2, Netherlands 2, Luxembourg 1 } }
"""


def evaluate(text, name, target, op, bound):
    model = model_from(text)
    spec = CheckSpec(name, target, {"compare": (op, bound)}, name, Span("t.veche", 1, 1, 1, 1))
    return REGISTRY[name].evaluate(model, spec, Context())


def test_eec_council_banzhaf_reproduces_the_published_values():
    [r] = evaluate(EEC, "banzhaf", "Council", "<=", Fraction(1, 4))
    values = {row["member"]: Fraction(row["index"]) for row in r.figures["members"]}
    assert values == {"France": Fraction(5, 21), "Germany": Fraction(5, 21), "Italy": Fraction(5, 21),
                      "Belgium": Fraction(3, 21), "Netherlands": Fraction(3, 21), "Luxembourg": 0}
    assert r.status == "holds" and r.figures["quota"] == 12 and r.figures["dummies"] == ["Luxembourg"]
    [r] = evaluate(EEC, "banzhaf", "Council", "<", Fraction(5, 21))
    assert r.status == "violated" and r.counterexample["member"] == "France"


def test_eec_council_shapley_shubik():
    # 14/60 for each of the three large members, 9/60 for Belgium and the Netherlands, 0 for Luxembourg.
    [r] = evaluate(EEC, "shapley-shubik", "Council", "<=", Fraction(1, 2))
    values = {row["member"]: Fraction(row["index"]) for row in r.figures["members"]}
    assert values["France"] == Fraction(14, 60) and values["Belgium"] == Fraction(9, 60)
    assert values["Luxembourg"] == 0


def test_quota_from_decision_rules():
    from dsl.model import DecisionRule

    span = Span("t", 1, 1, 1, 1)
    assert quota(DecisionRule(Fraction(1, 2), True, "members", span), 703) == 352
    assert quota(DecisionRule(Fraction(1, 2), True, "members", span), 100) == 51
    assert quota(DecisionRule(Fraction(2, 3), False, "votes cast", span), 99) == 66
    assert quota(DecisionRule(Fraction(12, 17), False, "members", span), 17) == 12


def test_free_composition_is_not_determined():
    text = EEC.replace("composition { France 4, Germany 4, Italy 4, Belgium 2, Netherlands 2, Luxembourg 1 }", "")
    assert game(model_from(text), "Council") is None
    [r] = evaluate(text, "banzhaf", "Council", "<=", Fraction(1, 2))
    assert r.status == "unknown" and "not fixed" in r.message


def test_power_command_prints_the_table(tmp_path):
    path = tmp_path / "eec.veche"
    path.write_text(EEC)
    r = CliRunner().invoke(cli, ["power", str(path)])
    assert r.exit_code == 0, r.output
    assert "Council: 17 seats, a decision needs 12" in r.output
    lux = next(line for line in r.output.splitlines() if line.strip().startswith("Luxembourg"))
    assert lux.split()[1:] == ["1", "5.88%", "0%", "0%", "dummy"]
    r = CliRunner().invoke(cli, ["power", str(EXAMPLES / "constituent_assembly_1918.veche")])
    assert "SR" in r.output and "100%" in r.output and "power legislate: veto players Assembly" in r.output
