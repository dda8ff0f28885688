"""The grammar itself: it builds strictly, the known-mistake table is accurate, and every
construct of the language brief parses into the AST nodes the resolver expects."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from lark import Lark
from lark.exceptions import UnexpectedInput

from dsl import ast
from dsl.diagnostics import DiagnosticError
from dsl.parser import grammar, parse_text
from dsl.syntax_errors import MISTAKES

GRAMMAR = Path(__file__).resolve().parent.parent / "dsl" / "veche.lark"


def parse(text: str) -> ast.Document:
    doc, diagnostics = parse_text(text, "t.veche")
    assert diagnostics == [], diagnostics
    return doc


def body(text: str) -> ast.BodyDecl:
    doc = parse(text)
    assert len(doc.bodies) == 1
    return doc.bodies[0]


def clause(decl: ast.BodyDecl, keyword: str):
    found = [c.value for c in decl.clauses if c.keyword == keyword]
    assert len(found) == 1, (keyword, decl.clauses)
    return found[0]


# ---------------------------------------------------------------- the grammar

def test_grammar_builds_in_strict_mode():
    """No shift/reduce conflicts and no terminal collisions Lark can detect (needs `interegular`)."""
    pytest.importorskip("interegular")
    Lark.open(str(GRAMMAR), parser="lalr", strict=True)


def test_grammar_builds_in_strict_mode_with_positions():
    pytest.importorskip("interegular")
    Lark.open(str(GRAMMAR), parser="lalr", strict=True, propagate_positions=True, maybe_placeholders=False)


MISTAKE_SNIPPETS = [(label, snippet) for label, (_, snippets) in MISTAKES.items() for snippet in snippets]


@pytest.mark.parametrize("label,snippet", MISTAKE_SNIPPETS, ids=[f"{l}:{s}" for l, s in MISTAKE_SNIPPETS])
def test_mistake_snippet_fails_to_parse(label, snippet):
    with pytest.raises(UnexpectedInput):
        grammar().parse(snippet)


PREFIX = 'constitution "T"\npopulation { workers 1_000 }\nparties SR, Bolshevik\n'


@pytest.mark.parametrize("label,snippet", MISTAKE_SNIPPETS, ids=[f"{l}:{s}" for l, s in MISTAKE_SNIPPETS])
@pytest.mark.parametrize("prefix", ["", PREFIX], ids=["alone", "after-declarations"])
def test_mistake_snippet_gets_its_hint(label, snippet, prefix):
    """Each snippet is recognised as its own mistake, also below other declarations in a file."""
    with pytest.raises(DiagnosticError) as err:
        parse_text(prefix + snippet, "t.veche")
    (diagnostic,) = err.value.diagnostics
    assert diagnostic.hint == MISTAKES[label][0]


def test_mistake_hints_are_distinct():
    hints = [hint for hint, _ in MISTAKES.values()]
    assert len(hints) == len(set(hints))


# ---------------------------------------------------------------- positive parses

def test_constitution_title_and_sources():
    doc = parse('constitution "RSFSR 1918"\nsources {\n  rsfsr25: "RSFSR Constitution, Art. 25"\n'
                '  other "no colon, \\"quoted\\""\n}\n')
    assert doc.title == "RSFSR 1918"
    assert [s.name.text for s in doc.sources] == ["rsfsr25", "other"]
    assert doc.sources[0].text == "RSFSR Constitution, Art. 25"
    assert doc.sources[1].text == 'no colon, "quoted"'
    assert (doc.sources[0].name.span.line, doc.sources[0].name.span.column) == (3, 3)


def test_population_groups():
    doc = parse('''population {
  workers      3_500_000 [src] voters 3_000_000 [src, b] "industrial workers"
  peasants    85_000_000 districts 60                # 60 equal districts
  regions     districts from "regions.csv"
  towns       districts { moscow 1_800_000 voters 1_000_000, tver 500_000 [src] }
  clergy 10_000 voters 0
}''')
    g = {x.name.text: x for x in doc.groups}
    assert list(g) == ["workers", "peasants", "regions", "towns", "clergy"]
    w = g["workers"]
    assert w.inhabitants.value == 3_500_000 and [c.text for c in w.inhabitants.cites] == ["src"]
    assert w.voters.value == 3_000_000 and [c.text for c in w.voters.cites] == ["src", "b"]
    assert w.title == "industrial workers" and w.districts is None
    assert isinstance(g["peasants"].districts, ast.DistrictsEqual) and g["peasants"].districts.count.value == 60
    assert g["regions"].inhabitants is None
    assert isinstance(g["regions"].districts, ast.DistrictsCsv) and g["regions"].districts.path == "regions.csv"
    towns = g["towns"].districts
    assert isinstance(towns, ast.DistrictsList)
    assert [(e.name.text, e.inhabitants.value, e.voters.value if e.voters else None) for e in towns.entries] == \
        [("moscow", 1_800_000, 1_000_000), ("tver", 500_000, None)]
    assert [c.text for c in towns.entries[1].inhabitants.cites] == ["src"]
    assert g["clergy"].voters.value == 0


def test_parties_and_party():
    doc = parse('parties SR, Bolshevik, Menshevik\nparty Kadet "Constitutional Democrats"\n')
    assert [(p.name.text, p.title) for p in doc.parties] == \
        [("SR", None), ("Bolshevik", None), ("Menshevik", None), ("Kadet", "Constitutional Democrats")]


def test_support_block_and_share_notations():
    doc = parse("support {\n  peasants: SR 60% [src], Bolshevik 20%\n  workers:  Bolshevik 2/3\n"
                "  soldiers: SR 0.25, Bolshevik 37.6%\n}")
    rows = {r.group.text: r for r in doc.support}
    assert [(s.party.text, s.share.value) for s in rows["peasants"].shares] == \
        [("SR", Fraction(3, 5)), ("Bolshevik", Fraction(1, 5))]
    assert [c.text for c in rows["peasants"].shares[0].share.cites] == ["src"]
    assert rows["workers"].shares[0].share.value == Fraction(2, 3)
    assert [s.share.value for s in rows["soldiers"].shares] == [Fraction(1, 4), Fraction(376, 1000)]
    assert rows["soldiers"].shares[1].share.text == "37.6%"


def test_chamber_party_list():
    b = body('''chamber Assembly "Constituent Assembly" {
  electorate all
  ballot secret
  seats 703 [src] by party_list dhondt threshold 5%
  passes majority of members
  quorum majority of members
  composition { SR 380 [src], Bolshevik 168, Menshevik 18 }
}''')
    assert (b.keyword, b.name.text, b.title) == ("chamber", "Assembly", "Constituent Assembly")
    assert [c.keyword for c in b.clauses] == ["electorate", "ballot", "seats", "passes", "quorum", "composition"]
    assert clause(b, "electorate") == ast.Electorate("all", (), clause(b, "electorate").span)
    assert clause(b, "ballot").kind == "secret"
    seats = clause(b, "seats")
    assert isinstance(seats, ast.SeatsPartyList)
    assert (seats.seats.value, seats.method, seats.threshold.value) == (703, "dhondt", Fraction(1, 20))
    assert [c.text for c in seats.seats.cites] == ["src"]
    passes = clause(b, "passes")
    assert (passes.kind, passes.share, passes.basis) == ("majority", None, "members")
    comp = clause(b, "composition")
    assert [(e.party.text, e.seats.value) for e in comp.entries] == [("SR", 380), ("Bolshevik", 168), ("Menshevik", 18)]


@pytest.mark.parametrize("method", ["dhondt", "sainte_lague", "hare"])
def test_party_list_methods(method):
    seats = clause(body(f"chamber A {{ seats 10 by party_list {method} }}"), "seats")
    assert seats.method == method and seats.threshold is None


@pytest.mark.parametrize("text,kind,names", [
    ("electorate all", "all", []),
    ("electorate workers, peasants", "list", ["workers", "peasants"]),
    ("electorate all except bourgeoisie, clergy", "except", ["bourgeoisie", "clergy"]),
])
def test_electorates(text, kind, names):
    e = clause(body(f"chamber A {{ {text} }}"), "electorate")
    assert e.kind == kind and [n.text for n in e.names] == names


@pytest.mark.parametrize("text,kind,share,basis", [
    ("majority of votes cast", "majority", None, "votes cast"),
    ("2/3 of votes cast", "share", Fraction(2, 3), "votes cast"),
    ("3/5 of members", "share", Fraction(3, 5), "members"),
    ("unanimity of present", "unanimity", None, "present"),
    ("50% of present", "share", Fraction(1, 2), "present"),
    ("0.6 of members", "share", Fraction(3, 5), "members"),
])
def test_decision_rules(text, kind, share, basis):
    rule = clause(body(f"chamber A {{ passes {text} }}"), "passes")
    assert (rule.kind, rule.share.value if rule.share else None, rule.basis) == (kind, share, basis)


def test_seats_fixed():
    seats = clause(body("chamber A { seats by fixed { workers 10, peasants 20 [src] } }"), "seats")
    assert isinstance(seats, ast.SeatsFixed)
    assert [(e.group.text, e.seats.value) for e in seats.entries] == [("workers", 10), ("peasants", 20)]


def test_seats_ratio_with_rounding():
    seats = clause(body("chamber A {\n  seats by ratio { workers 1 per 25_000 voters, "
                        "peasants 1 per 125_000 inhabitants [rsfsr25] } rounding nearest\n}"), "seats")
    assert isinstance(seats, ast.SeatsRatio) and seats.rounding == "nearest"
    assert [(q.group.text, q.seats.value, q.per.value, q.basis) for q in seats.quotas] == \
        [("workers", 1, 25_000, "voters"), ("peasants", 1, 125_000, "inhabitants")]
    assert [c.text for c in seats.quotas[1].per.cites] == ["rsfsr25"]


def test_seats_ratio_default_rounding_is_floor():
    seats = clause(body("chamber A { seats by ratio { workers 1 per 25_000 voters } }"), "seats")
    assert seats.rounding == "floor"


def test_seats_districts_winner_takes_all():
    seats = clause(body("chamber A { seats by districts winner_takes_all "
                        "{ workers 1 per 25_000 voters, peasants 2 per district } rounding ceil }"), "seats")
    assert isinstance(seats, ast.SeatsDistricts) and seats.rounding == "ceil"
    assert [(q.group.text, q.seats.value, q.per.value if q.per else None, q.basis) for q in seats.quotas] == \
        [("workers", 1, 25_000, "voters"), ("peasants", 2, None, "district")]


def test_referendum_on_one_line():
    b = body("referendum People { electorate all; ballot secret; passes majority of votes cast; "
             "turnout 50% of voters }")
    assert b.keyword == "referendum"
    assert [c.keyword for c in b.clauses] == ["electorate", "ballot", "passes", "turnout"]
    assert clause(b, "turnout").value == Fraction(1, 2)


def test_appointed_body():
    b = body('appointed Sovnarkom "Council of People\'s Commissars" { by VTsIK; seats 18; '
             'passes majority of members }')
    assert (b.keyword, b.title) == ("appointed", "Council of People's Commissars")
    assert clause(b, "by").text == "VTsIK"
    assert clause(b, "seats").value == 18


@pytest.mark.parametrize("parity", ["parity Union and Nationalities", "parity Union, Nationalities"])
def test_commission(parity):
    b = body(f"commission Conciliation {{ {parity}; seats 10 each }}")
    assert [n.text for n in clause(b, "parity")] == ["Union", "Nationalities"]
    assert clause(b, "seats each").value == 10


def test_organ():
    b = body('''organ Cheka "All-Russian Extraordinary Commission" {
  kind coercive
  directed by Sovnarkom
  answers to Sovnarkom, VTsIK
  authorized by none
}''')
    assert clause(b, "kind") == "coercive"
    assert clause(b, "directed by").text == "Sovnarkom"
    assert [n.text for n in clause(b, "answers to")] == ["Sovnarkom", "VTsIK"]
    assert clause(b, "authorized by") == ()


@pytest.mark.parametrize("kind", ["coercive", "judicial", "administrative"])
def test_organ_kinds(kind):
    assert clause(body(f"organ O {{ kind {kind}; authorized by Court, Senate }}"), "kind") == kind


PROCEDURE = '''procedure ordinary_law "Ordinary legislation" {
  counter rejections, rounds
  final promulgated success
  final shelved
  start -> commons
  commons: Commons votes { yes -> lords; no -> rejected }
  lords:   Lords votes on bill {
    yes -> enacted
    no when rejections >= 2 -> enacted
    no -> commons then rejections += 1, rounds := 0
  }
  people:  People decides { yes -> enacted; no -> rejected; no_quorum -> lapsed }
  conc:    Conciliation agrees on compromise { agree -> people; disagree -> diss }
  diss:    Presidium dissolves Union, Nationalities -> commons
  other:   Assembly votes { yes -> enacted; else -> rejected }
}'''


def test_procedure():
    (p,) = parse(PROCEDURE).procedures
    assert (p.name.text, p.title) == ("ordinary_law", "Ordinary legislation")
    assert [c.text for c in p.counters] == ["rejections", "rounds"]
    assert [(f.name.text, f.success) for f in p.finals] == [("promulgated", True), ("shelved", False)]
    assert [s.text for s in p.starts] == ["commons"]
    steps = {s.name.text: s for s in p.steps}
    assert list(steps) == ["commons", "lords", "people", "conc", "diss", "other"]

    commons = steps["commons"]
    assert (commons.kind, commons.body.text, commons.motion, commons.dissolved) == ("vote", "Commons", None, ())
    assert [(t.outcome, t.target.text) for t in commons.transitions] == [("yes", "lords"), ("no", "rejected")]

    lords = steps["lords"]
    assert lords.motion.text == "bill"
    yes, guarded, back = lords.transitions
    assert guarded.guard == ast.Guard(guarded.guard.counter, ">=", guarded.guard.value, guarded.guard.span)
    assert (guarded.guard.counter.text, guarded.guard.value.value) == ("rejections", 2)
    assert [(a.counter.text, a.op, a.value.value) for a in back.actions] == [("rejections", "+=", 1),
                                                                             ("rounds", ":=", 0)]
    assert yes.guard is None and yes.actions == ()

    assert [t.outcome for t in steps["people"].transitions] == ["yes", "no", "no_quorum"]
    conc = steps["conc"]
    assert conc.motion.text == "compromise"
    assert [t.outcome for t in conc.transitions] == ["agree", "disagree"]

    diss = steps["diss"]
    assert (diss.kind, diss.body.text, [d.text for d in diss.dissolved]) == ("dissolve", "Presidium",
                                                                             ["Union", "Nationalities"])
    (always,) = diss.transitions
    assert always.outcome is None and always.target.text == "commons"

    assert [t.outcome for t in steps["other"].transitions] == ["yes", "else"]


@pytest.mark.parametrize("verb", ["votes", "decides", "agrees"])
def test_vote_verbs_are_interchangeable(verb):
    (p,) = parse(f"procedure p {{ start -> s; s: A {verb} {{ yes -> enacted }} }}").procedures
    assert p.steps[0].kind == "vote"


@pytest.mark.parametrize("op", [">=", "<=", "<", ">", "=="])
def test_guard_comparisons(op):
    (p,) = parse(f"procedure p {{ counter c; start -> s; s: A votes {{ no when c {op} 3 -> s; "
                 "no -> rejected; yes -> enacted } }").procedures
    assert p.steps[0].transitions[0].guard.op == op


def test_dissolution_with_actions():
    (p,) = parse("procedure p { counter n; start -> d; d: P dissolves A -> d then n += 1 }").procedures
    (t,) = p.steps[0].transitions
    assert t.target.text == "d" and [(a.counter.text, a.op) for a in t.actions] == [("n", "+=")]


@pytest.mark.parametrize("text,kind,obj,holder", [
    ("power legislate by ordinary_law", "legislate", None, "ordinary_law"),
    ("power amend by amendment", "amend", None, "amendment"),
    ("power decree by Sovnarkom", "decree", None, "Sovnarkom"),
    ("power dissolve Assembly by VTsIK", "dissolve", "Assembly", "VTsIK"),
    ("power appoint Sovnarkom by VTsIK", "appoint", "Sovnarkom", "VTsIK"),
    ("power dismiss Sovnarkom by VTsIK", "dismiss", "Sovnarkom", "VTsIK"),
    ("power direct Cheka by Sovnarkom", "direct", "Cheka", "Sovnarkom"),
])
def test_powers(text, kind, obj, holder):
    (p,) = parse(text).powers
    assert (p.kind, p.object.text if p.object else None, p.holder.text) == (kind, obj, holder)


@pytest.mark.parametrize("text,name,args", [
    ("check no-excluded-group", "no-excluded-group", []),
    ("check no-excluded-group except clergy, bourgeoisie", "no-excluded-group",
     [("except", "except clergy, bourgeoisie")]),
    ("check representation-ratio <= 2", "representation-ratio", [("compare", "<= 2")]),
    ("check representation-ratio <= 2 per voter", "representation-ratio", [("compare", "<= 2"), ("per", "per voter")]),
    ("check secret-ballot", "secret-ballot", []),
    ("check deadlock-free ordinary_law", "deadlock-free", [("name", "ordinary_law")]),
    ("check terminates ordinary_law within 4 steps", "terminates",
     [("name", "ordinary_law"), ("within", "within 4 steps")]),
    ("check conflicts-resolved ordinary_law", "conflicts-resolved", [("name", "ordinary_law")]),
    ("check min-winning-support legislate >= 50%", "min-winning-support",
     [("power", "legislate"), ("compare", ">= 50%")]),
    ("check min-winning-support dissolve Assembly >= 50%", "min-winning-support",
     [("power", "dissolve"), ("name", "Assembly"), ("compare", ">= 50%")]),
    ("check veto-players <= 2", "veto-players", [("compare", "<= 2")]),
    ("check no-dummy", "no-dummy", []),
    ("check no-unilateral-dissolution", "no-unilateral-dissolution", []),
    ("check coercion-accountable", "coercion-accountable", []),
    ("check entrenched >= 50%", "entrenched", [("compare", ">= 50%")]),
    ("check separation", "separation", []),
    ("check banzhaf Assembly <= 50%", "banzhaf", [("name", "Assembly"), ("compare", "<= 50%")]),
    ("check shapley-shubik Assembly <= 2/3", "shapley-shubik", [("name", "Assembly"), ("compare", "<= 2/3")]),
])
def test_checks(text, name, args):
    (c,) = parse(text).checks
    assert c.name.text == name
    assert [(a.kind, a.text) for a in c.args] == args


def test_check_compare_values():
    (share, count) = parse("check entrenched >= 2/3\ncheck veto-players <= 2").checks
    assert share.args[0].value[1].value == Fraction(2, 3)
    assert isinstance(count.args[0].value[1], ast.Count) and count.args[0].value[1].value == 2


def test_numbers_with_underscores_and_citations():
    doc = parse("sources { a: \"A\"; b: \"B\" }\npopulation { workers 3_500_000 [a, b] voters 1_000 [b] }")
    (g,) = doc.groups
    assert g.inhabitants.value == 3_500_000
    assert [c.text for c in g.inhabitants.cites] == ["a", "b"]


def test_separators_and_comments_are_free():
    compact = parse('constitution "X"; population { w 1; p 2, q 3 } ; parties A, B # note\n;;check no-dummy')
    spread = parse('# leading comment\nconstitution\n  "X"\npopulation {\n  w 1\n  p 2\n  q 3\n}\n'
                   'parties A,\n  B\n\ncheck\n  no-dummy\n')
    assert [g.name.text for g in compact.groups] == [g.name.text for g in spread.groups] == ["w", "p", "q"]
    assert len(compact.parties) == len(spread.parties) == 2
    assert compact.checks[0].name.text == spread.checks[0].name.text == "no-dummy"


def test_spans_point_at_the_source():
    doc = parse('population {\n  workers 3_500_000\n}\nchamber   Soviet { ballot open }\n')
    name = doc.bodies[0].name
    assert (name.span.line, name.span.column, name.span.end_column) == (4, 11, 17)
    count = doc.groups[0].inhabitants
    assert (count.span.line, count.span.column, count.span.end_column) == (2, 11, 20)


BRIEF_EXAMPLE = '''constitution "Title"

sources {
  rsfsr25: "RSFSR Constitution 1918, Art. 25 — https://www.marxists.org/history/ussr/government/constitution/1918/article3.htm"
  src: "a source"
}

population {
  workers      3_500_000 [src] voters 3_000_000 [src] "industrial workers"
  peasants    85_000_000 districts 60                # 60 equal districts
  regions     districts from "regions.csv"           # CSV beside the file
  towns       districts { moscow 1_800_000 voters 1_000_000, tver 500_000 }
}

parties SR, Bolshevik, Menshevik
party Kadet "Constitutional Democrats"

support {
  peasants: SR 60% [src], Bolshevik 20%
  workers:  Bolshevik 2/3
}

chamber Assembly "Constituent Assembly" {
  electorate all
  ballot secret
  seats 703 by party_list dhondt threshold 5%
  passes majority of members
  quorum majority of members
  composition { SR 380 [src], Bolshevik 168, Menshevik 18, Kadet 17, Other 120 }
}
chamber Soviets { electorate workers, peasants; ballot open
  seats by ratio { workers 1 per 25_000 voters, peasants 1 per 125_000 inhabitants [rsfsr25] } rounding floor }
chamber Union { electorate all except regions; ballot secret
  seats by districts winner_takes_all { workers 1 per 25_000 voters, peasants 2 per district } }
chamber Nationalities { electorate all; ballot secret; seats by fixed { workers 10, peasants 20 } }

referendum People { electorate all; ballot secret; passes majority of votes cast; turnout 50% of voters }
appointed Sovnarkom "Council of People's Commissars" { by VTsIK; seats 18; passes majority of members }
commission Conciliation { parity Union and Nationalities; seats 10 each }
organ Cheka "All-Russian Extraordinary Commission" {
  kind coercive
  directed by Sovnarkom
  answers to Sovnarkom
  authorized by none
}
''' + PROCEDURE + '''
power legislate by ordinary_law
power amend by amendment
power dissolve Assembly by VTsIK
power direct Cheka by Sovnarkom

check no-excluded-group except clergy
check representation-ratio <= 2 per voter
check secret-ballot
check deadlock-free ordinary_law
check terminates ordinary_law within 6 steps
check conflicts-resolved ordinary_law
check min-winning-support legislate >= 50%
check min-winning-support dissolve Assembly >= 50%
check veto-players <= 2
check no-dummy
check no-unilateral-dissolution
check coercion-accountable
check entrenched >= 50%
check separation
check banzhaf Assembly <= 50%
check shapley-shubik Assembly <= 50%
'''


def test_the_whole_brief_example_parses():
    doc = parse(BRIEF_EXAMPLE)
    assert doc.title == "Title"
    assert len(doc.sources) == 2 and len(doc.groups) == 4 and len(doc.parties) == 4 and len(doc.support) == 2
    assert [(b.keyword, b.name.text) for b in doc.bodies] == [
        ("chamber", "Assembly"), ("chamber", "Soviets"), ("chamber", "Union"), ("chamber", "Nationalities"),
        ("referendum", "People"), ("appointed", "Sovnarkom"), ("commission", "Conciliation"), ("organ", "Cheka")]
    assert [type(clause(b, "seats")).__name__ for b in doc.bodies[:4]] == \
        ["SeatsPartyList", "SeatsRatio", "SeatsDistricts", "SeatsFixed"]
    assert len(doc.procedures) == 1 and len(doc.powers) == 4 and len(doc.checks) == 16
