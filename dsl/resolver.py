"""AST -> model: resolve names, check numbers and procedures, collect every error.

The resolver keeps going after an error wherever the rest still makes sense, so a
user sees all the mistakes of a file at once (sqlglot's ErrorLevel.RAISE collects,
then raises).  Only a file without errors yields a `Constitution`.
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Iterable, Mapping

from . import ast
from . import model as m
from .datafiles import read_districts
from .diagnostics import (
    E_BAD_OUTCOME,
    E_BAD_STEP,
    E_CHECK_ARGS,
    E_CHECK_TARGET,
    E_COMPOSITION,
    E_CYCLE,
    E_DISTRICTS,
    E_DUPLICATE,
    E_MISSING,
    E_MISSING_STEP,
    E_NO_SEATS,
    E_NO_START,
    E_NUMBER,
    E_SHADOWED,
    E_SUPPORT,
    E_UNKNOWN,
    E_UNKNOWN_CHECK,
    E_UNKNOWN_COUNTER,
    E_UNKNOWN_SOURCE,
    E_VOTERS,
    E_WRONG_KIND,
    W_UNREACHABLE,
    W_UNUSED_SOURCE,
    Diagnostic,
    Span,
    did_you_mean,
)
from .parser import RejectedCount, RejectedShare
from .signatures import CheckSignature

VOTING_KINDS = ("chamber", "referendum", "appointed", "commission")
POWER_OBJECTS = {"dissolve": "chamber", "appoint": "appointed", "dismiss": "appointed", "direct": "organ"}


KIND_WORDS = {"chamber": "a chamber", "referendum": "a referendum", "appointed": "an appointed body",
              "commission": "a commission", "organ": "an organ"}


def _a(kind: str) -> str:
    """A kind of body with its article: `an appointed body`, `an organ`, `a chamber`."""
    return KIND_WORDS.get(kind, f"a {kind}")


def _noun(kind: str) -> str:
    return "appointed body" if kind == "appointed" else kind


def _plural(what: str) -> str:
    """`party` -> `parties`, `procedure or body` -> `procedures or bodies`."""
    def one(word: str) -> str:
        return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return " or ".join(one(w) for w in what.split(" or "))


def _pct(share: Fraction) -> str:
    value = share * 100
    return f"{value.numerator}%" if value.denominator == 1 else f"{float(value):.4g}%"


class Resolver:
    """Resolves one `Document`; `diagnostics` holds everything found."""

    def __init__(self, doc: ast.Document, signatures: Mapping[str, CheckSignature]):
        self.doc = doc
        self.signatures = signatures
        self.diagnostics: list[Diagnostic] = []
        self.cited: list[tuple[str, str, Span]] = []
        # Every name declared, valid or not: a reference to a declaration that had errors of
        # its own is not reported again as unknown.
        self.body_kinds: dict[str, str] = {}
        self.procedure_names: set[str] = set()
        self.broken_groups: set[str] = set()

    # ------------------------------------------------------------------ helpers
    def error(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint))

    def unknown(self, name: ast.Name, what: str, pool: Iterable[str], extra_hint: str | None = None) -> None:
        if what == "group" and name.text in self.broken_groups:
            return  # declared, but its size could not be determined: reported there
        pool = list(pool)
        hint = did_you_mean(name.text, pool)
        if not hint:
            hint = extra_hint or (f"declared {_plural(what)}: {', '.join(sorted(pool)[:8])}" if pool
                                  else f"no {what} is declared")
        self.error(E_UNKNOWN, f"unknown {what} `{name.text}`", name.span, hint)

    def cite(self, node, what: str) -> None:
        """Record the sources a number cites, for the source notes of reports."""
        for name in getattr(node, "cites", ()):
            if name.text in self.source_names:
                self.cited.append((name.text, what, node.span))

    def check_citations(self) -> set[str]:
        """Every `[source]` in the file must name a declared source; returns the names used."""
        used = set()
        for name in self.doc.citations:
            if name.text in self.source_names:
                used.add(name.text)
            else:
                self.diagnostics.append(Diagnostic(
                    E_UNKNOWN_SOURCE, f"unknown source `{name.text}`", name.span,
                    did_you_mean(name.text, self.source_names) or "declare it in a `sources { ... }` block"))
        return used

    def unique(self, items, what: str, key=lambda i: i.name) -> dict:
        seen: dict = {}
        for item in items:
            name = key(item)
            if name.text in seen:
                first = seen[name.text]
                self.error(E_DUPLICATE, f"{what} `{name.text}` is declared twice", name.span,
                           f"the first declaration is on line {key(first).span.line}; rename or remove one")
            else:
                seen[name.text] = item
        return seen

    def positive(self, count: ast.Count, what: str, allow_zero: bool = False) -> int:
        if isinstance(count, RejectedCount):  # the parser has reported it already
            return count.value
        if count.value < 0 or (count.value == 0 and not allow_zero):
            self.error(E_NUMBER, f"{what} must be {'at least 0' if allow_zero else 'at least 1'}, not {count.value}",
                       count.span, "use a positive whole number")
        return count.value

    # ------------------------------------------------------------------ entry point
    def resolve(self) -> m.Constitution | None:
        doc = self.doc
        sources = self.unique(doc.sources, "source")
        self.source_names = set(sources)
        groups = self.resolve_groups()
        parties = self.resolve_parties(groups)
        support = self.resolve_support(groups, parties)
        bodies = self.resolve_bodies(groups, parties)
        procedures = self.resolve_procedures(bodies)
        powers = self.resolve_powers(bodies, procedures)
        checks = self.resolve_checks(groups, bodies, procedures, powers)
        used = self.check_citations()
        for name, entry in sources.items():
            if name not in used:
                self.diagnostics.append(Diagnostic(W_UNUSED_SOURCE, f"source `{name}` is never cited",
                                                   entry.name.span, "cite it after a number as `[name]`"))
        if any(d.is_error for d in self.diagnostics):
            return None
        return m.Constitution(
            path=doc.path,
            title=doc.title,
            sources={n: m.Source(n, s.text, s.span) for n, s in sources.items()},
            groups=groups,
            parties=parties,
            support=support,
            bodies=bodies,
            procedures=procedures,
            powers=tuple(powers),
            checks=tuple(checks),
            cited_numbers=tuple(self.cited),
        )

    # ------------------------------------------------------------------ population
    def resolve_groups(self) -> dict[str, m.Group]:
        decls = self.unique(self.doc.groups, "group")
        groups: dict[str, m.Group] = {}
        if not decls:
            self.error(E_MISSING, "the constitution declares no population groups",
                       Span.point(self.doc.path, 1, 1),
                       "add `population { workers 3_500_000  peasants 85_000_000 }`")
        for name, g in decls.items():
            if isinstance(g.inhabitants, RejectedCount) or isinstance(g.voters, RejectedCount):
                self.broken_groups.add(name)  # the parser reported the number; nothing sensible follows
                continue
            districts = self.resolve_districts(g)
            inhabitants = g.inhabitants.value if g.inhabitants else None
            if g.inhabitants:
                self.cite(g.inhabitants, f"inhabitants of {name}")
                self.positive(g.inhabitants, f"the size of group `{name}`")
            total = sum(d.inhabitants for d in districts) if districts else None
            if inhabitants is None:
                if total is None:
                    if name in self.broken_groups:
                        continue  # the district file's errors say why
                    self.error(E_MISSING, f"group `{name}` has no size", g.name.span,
                               f"write the number of inhabitants after the name, e.g. `{name} 1_000_000`")
                    continue
                inhabitants = total
            elif total is not None and isinstance(g.districts, (ast.DistrictsList, ast.DistrictsCsv)) \
                    and total != inhabitants and name not in self.broken_groups:
                self.error(E_DISTRICTS, f"the districts of `{name}` add up to {total:,} inhabitants, "
                                        f"but the group has {inhabitants:,}", g.districts.span,
                           "make them agree, or omit the group's own number so the districts' sum is used")
            voters = inhabitants
            if g.voters is None and districts and not isinstance(g.districts, ast.DistrictsEqual):
                voters = sum(d.voters for d in districts)
            if g.voters is not None and districts and not isinstance(g.districts, ast.DistrictsEqual) \
                    and any(d.voters != d.inhabitants for d in districts) \
                    and sum(d.voters for d in districts) != g.voters.value:
                self.error(E_DISTRICTS, f"the districts of `{name}` add up to {sum(d.voters for d in districts):,} "
                                        f"voters, but the group has {g.voters.value:,}", g.voters.span,
                           "make them agree, or omit the group's voters so the districts' sum is used")
            if g.voters is not None:
                self.cite(g.voters, f"voters of {name}")
                voters = g.voters.value
                if voters > inhabitants:
                    self.error(E_VOTERS, f"group `{name}` has more voters ({voters:,}) than inhabitants "
                                         f"({inhabitants:,})", g.voters.span,
                               "voters are the inhabitants who may vote; check both numbers")
            if isinstance(g.districts, ast.DistrictsEqual):
                districts = self.equal_districts(name, g.districts, inhabitants, voters)
            elif districts and g.voters is not None and all(d.voters == d.inhabitants for d in districts):
                districts = self.share_voters(districts, inhabitants, voters)
            groups[name] = m.Group(name, g.title, inhabitants, voters, tuple(districts), g.span,
                                   tuple(c.text for c in (g.inhabitants.cites if g.inhabitants else ())))
        return groups

    def resolve_districts(self, g: ast.GroupDecl) -> list[m.District]:
        spec = g.districts
        if isinstance(spec, ast.DistrictsList):
            entries = self.unique(spec.entries, "district")
            out = []
            for name, d in entries.items():
                self.cite(d.inhabitants, f"inhabitants of district {name}")
                inh = self.positive(d.inhabitants, f"the size of district `{name}`")
                voters = d.voters.value if d.voters else inh
                if voters > inh:
                    self.error(E_VOTERS, f"district `{name}` has more voters than inhabitants", d.span,
                               "check both numbers")
                out.append(m.District(name, inh, voters, d.span))
            return out
        if isinstance(spec, ast.DistrictsCsv):
            folder = os.path.dirname(self.doc.path)
            csv_path = os.path.join(folder, spec.path) if folder and not os.path.isabs(spec.path) else spec.path
            rows, diags = read_districts(csv_path, spec.span)
            self.diagnostics.extend(diags)
            if any(d.is_error for d in diags):
                self.broken_groups.add(g.name.text)
            return [m.District(r.name, r.inhabitants, r.voters if r.voters is not None else r.inhabitants, r.span)
                    for r in rows]
        return []

    def equal_districts(self, name: str, spec: ast.DistrictsEqual, inhabitants: int, voters: int) -> list[m.District]:
        count = self.positive(spec.count, f"the number of districts of `{name}`")
        self.cite(spec.count, f"districts of {name}")
        if count <= 0:
            return []
        if count > inhabitants:
            self.error(E_DISTRICTS, f"{count:,} districts for {inhabitants:,} inhabitants of `{name}`",
                       spec.count.span, "a district needs at least one inhabitant")
            return []
        if count > 100_000:
            self.error(E_NUMBER, f"{count:,} districts is more than veche models (at most 100,000)",
                       spec.count.span, "group the districts into larger units")
            return []
        # Sizes differ by at most one person, so the split is exact and deterministic.
        inh_q, inh_r = divmod(inhabitants, count)
        vot_q, vot_r = divmod(voters, count)
        return [m.District(f"{name}_{i + 1}", inh_q + (i < inh_r), vot_q + (i < vot_r), spec.span)
                for i in range(count)]

    @staticmethod
    def share_voters(districts: list[m.District], inhabitants: int, voters: int) -> list[m.District]:
        """Spread a group's voters over districts given only in inhabitants, in proportion.

        Each district gets the whole part of its share; the voters left over go one by one
        to the districts with the largest remainders (Hare), so the total is exact and no
        district gets more voters than inhabitants (voters <= inhabitants overall).
        """
        base = [d.inhabitants * voters // inhabitants for d in districts]
        order = sorted(range(len(districts)),
                       key=lambda i: (-(districts[i].inhabitants * voters % inhabitants), i))
        left = voters - sum(base)
        for i in order:
            if left == 0:
                break
            if base[i] < districts[i].inhabitants:
                base[i] += 1
                left -= 1
        return [m.District(d.name, d.inhabitants, v, d.span) for d, v in zip(districts, base)]

    # ------------------------------------------------------------------ parties and support
    def resolve_parties(self, groups: Mapping[str, m.Group]) -> dict[str, m.Party]:
        decls = self.unique(self.doc.parties, "party")
        if not decls:
            # Without parties, each group votes as one bloc: the most its members can do together.
            return {n: m.Party(n, g.title, g.span, implicit=True) for n, g in groups.items()}
        return {n: m.Party(n, p.title, p.span) for n, p in decls.items()}

    def resolve_support(self, groups, parties) -> dict[str, dict[str, Fraction]]:
        rows = self.unique(self.doc.support, "support row for group", key=lambda r: r.group)
        out: dict[str, dict[str, Fraction]] = {}
        explicit_parties = any(not p.implicit for p in parties.values())
        for gname, row in rows.items():
            if gname not in groups:
                self.unknown(row.group, "group", groups)
                continue
            shares = self.unique(row.shares, "party in this support row", key=lambda s: s.party)
            total = Fraction(0)
            for pname, s in shares.items():
                if pname not in parties or not explicit_parties:
                    self.unknown(s.party, "party", [p for p in parties if explicit_parties],
                                 None if explicit_parties else
                                 "declare parties with `parties A, B, C` before giving their support")
                    continue
                self.cite(s.share, f"support of {pname} in {gname}")
                total += s.share.value
            if total > 1:
                self.error(E_SUPPORT, f"support in `{gname}` adds up to {_pct(total)}", row.span,
                           "the shares of the parties in one group can add up to at most 100%")
            out[gname] = {p: s.share.value for p, s in shares.items() if p in parties}
        if not explicit_parties:
            # Each group votes as one bloc: all its voters behind its own (implicit) party.
            return {g: {g: Fraction(1)} for g in groups}
        return out

    # ------------------------------------------------------------------ bodies
    def clauses(self, decl: ast.BodyDecl, allowed: Iterable[str]) -> dict[str, ast.Clause]:
        found: dict[str, ast.Clause] = {}
        allowed = set(allowed)
        for clause in decl.clauses:
            if clause.keyword not in allowed:
                self.error(E_BAD_STEP, f"{_a(decl.keyword)} has no `{clause.keyword}` clause", clause.span,
                           f"clauses of {_a(decl.keyword)}: {', '.join(sorted(allowed))}")
            elif clause.keyword in found:
                self.error(E_DUPLICATE, f"`{clause.keyword}` is given twice in {decl.keyword} `{decl.name.text}`",
                           clause.span, f"the first is on line {found[clause.keyword].span.line}")
            else:
                found[clause.keyword] = clause
        return found

    def require(self, decl: ast.BodyDecl, clauses: dict, keyword: str, example: str) -> ast.Clause | None:
        if keyword not in clauses:
            self.error(E_MISSING, f"{decl.keyword} `{decl.name.text}` has no `{keyword}` clause", decl.name.span,
                       f"add e.g. `{example}`")
            return None
        return clauses[keyword]

    def electorate(self, clause: ast.Clause | None, groups) -> m.Electorate | None:
        if clause is None:
            return None
        e: ast.Electorate = clause.value
        ok = True
        for name in e.names:
            if name.text not in groups:
                self.unknown(name, "group", groups)
                ok = False
        dup = self.unique(e.names, "group in this electorate", key=lambda n: n)
        if not ok or len(dup) != len(e.names):
            return None
        named = {n.text for n in e.names}
        if e.kind == "all":
            members, written = tuple(groups), "all"
        elif e.kind == "except":
            members = tuple(g for g in groups if g not in named)
            written = "all except " + ", ".join(n.text for n in e.names)
        else:
            members = tuple(g for g in groups if g in named)
            written = ", ".join(n.text for n in e.names)
        return m.Electorate(members, written, e.span)

    def rule(self, clause: ast.Clause | None, default_basis: str = "votes cast") -> m.DecisionRule | None:
        if clause is None:
            return None
        r: ast.Rule = clause.value
        if r.kind == "majority":
            return m.DecisionRule(Fraction(1, 2), True, r.basis, r.span)
        if r.kind == "unanimity":
            return m.DecisionRule(Fraction(1), False, r.basis, r.span)
        assert r.share is not None
        if r.share.value <= 0 and not isinstance(r.share, RejectedShare):
            self.error(E_NUMBER, f"a decision rule of {r.share.text} passes anything", r.share.span,
                       "use a share above 0, e.g. `majority of votes cast`")
        return m.DecisionRule(r.share.value, False, r.basis, r.span)

    def quorum(self, clause: ast.Clause | None) -> m.DecisionRule | None:
        rule = self.rule(clause)
        if rule is not None and rule.basis != "members":
            self.error(E_NUMBER, "a quorum counts the members present, so it is a share `of members`", rule.span,
                       "write e.g. `quorum majority of members` or `quorum 1/3 of members`")
        return rule

    def default_rule(self, decl: ast.BodyDecl) -> m.DecisionRule:
        return m.DecisionRule(Fraction(1, 2), True, "votes cast", decl.span)

    def resolve_bodies(self, groups, parties) -> dict[str, m.Body]:
        decls = self.unique(self.doc.bodies, "body")
        self.body_kinds = {n: d.keyword for n, d in decls.items()}
        bodies: dict[str, m.Body] = {}
        for name, decl in decls.items():
            builder = getattr(self, f"body_{decl.keyword}")
            body = builder(decl, groups, parties)
            if body is not None:
                bodies[name] = body
        # References between bodies need every body to be known first.
        for name, decl in decls.items():
            self.body_references(decl, decls)
        self.appointment_cycles(bodies, decls)
        return bodies

    def body_chamber(self, decl, groups, parties):
        c = self.clauses(decl, ("electorate", "ballot", "seats", "passes", "quorum", "composition"))
        electorate = self.electorate(self.require(decl, c, "electorate", "electorate all"), groups)
        ballot = self.require(decl, c, "ballot", "ballot secret")
        seats_clause = self.require(decl, c, "seats", "seats 100 by party_list dhondt")
        seating = self.seating(decl, seats_clause.value, groups, electorate) if seats_clause else None
        rule = self.rule(c.get("passes")) or self.default_rule(decl)
        quorum = self.quorum(c.get("quorum"))
        composition = None
        if "composition" in c and all(p.implicit for p in parties.values()):
            self.error(E_WRONG_KIND, "a composition pins seats per party, but no parties are declared",
                       c["composition"].span, "declare the parties (`parties A, B`); without parties each group "
                                              "votes as one bloc and its seats follow from the seating formula")
        elif "composition" in c and seating is not None:
            composition = self.composition(decl, c["composition"].value, seating, groups, parties)
        if electorate is None or ballot is None or seating is None:
            return None
        return m.Chamber(decl.name.text, decl.title, electorate, ballot.value.kind, seating, rule, quorum,
                         composition, decl.span)

    def seating(self, decl, s, groups, electorate) -> m.Seating | None:
        body = decl.name.text
        if isinstance(s, ast.SeatsPartyList):
            self.cite(s.seats, f"seats of {body}")
            seats = self.positive(s.seats, f"the number of seats of `{body}`")
            if s.threshold:
                self.cite(s.threshold, f"threshold of {body}")
            if s.threshold and s.threshold.value == 1:  # over 100% is reported by the parser
                self.error(E_NO_SEATS, f"a threshold of {s.threshold.text} leaves no party any seat",
                           s.threshold.span, "thresholds are usually a few percent, e.g. `threshold 5%`")
            if seats <= 0:
                return None
            return m.PartyListSeats(seats, s.method, s.threshold.value if s.threshold else Fraction(0), s.span)
        if isinstance(s, ast.SeatsFixed):
            entries = self.unique(s.entries, "group in this seating", key=lambda e: e.group)
            seats = {}
            for gname, e in entries.items():
                if self.seat_group(e.group, groups, electorate, body):
                    self.cite(e.seats, f"seats of {gname} in {body}")
                    seats[gname] = self.positive(e.seats, f"the seats of `{gname}`", allow_zero=True)
            if electorate is not None and len(seats) == len(entries):
                for gname in electorate.groups:
                    if gname not in seats:
                        self.error(E_NO_SEATS, f"group `{gname}` votes for `{body}` but its seating formula gives "
                                               "it no seats", s.span,
                                   f"give `{gname}` its seats, or leave it out of the electorate")
            if entries and not any(seats.values()) and len(seats) == len(entries):
                self.error(E_NO_SEATS, f"the seating of `{body}` gives no seats to anyone", s.span,
                           "give at least one group one seat")
                return None
            return m.FixedSeats(seats, s.span) if len(seats) == len(entries) and entries else None
        quotas = []
        entries = self.unique(s.quotas, "group in this seating", key=lambda q: q.group)
        for gname, q in entries.items():
            if not self.seat_group(q.group, groups, electorate, body):
                continue
            self.positive(q.seats, f"the delegates of `{gname}`")
            if q.basis in ("district", "at_large") and isinstance(s, ast.SeatsRatio):
                what = "per district" if q.basis == "district" else "at_large"
                self.error(E_NO_SEATS, f"`{q.seats.value} {what}` needs a seating by districts", q.span,
                           "write `seats by districts winner_takes_all { ... }`, or give a quota per "
                           "voters or inhabitants")
                continue
            if q.per is not None:
                self.cite(q.per, f"quota of {gname} in {body}")
                self.positive(q.per, f"the quota of `{gname}`")
            else:
                where = "per district" if q.basis == "district" else "at large"
                self.cite(q.seats, f"delegates {where} of {gname} in {body}")
            quotas.append(m.Quota(gname, q.seats.value, q.per.value if q.per else None, q.basis, q.span))
        if len(quotas) != len(entries) or not entries \
                or any(q.seats <= 0 or (q.per is not None and q.per <= 0) for q in quotas):
            if not entries:
                self.error(E_NO_SEATS, f"the seating of `{body}` names no group", s.span,
                           "list the groups and their quotas inside the braces")
            return None
        if electorate is not None:
            seated = {q.group for q in quotas}
            for gname in electorate.groups:
                if gname not in seated and len(quotas) == len(entries):
                    self.error(E_NO_SEATS, f"group `{gname}` votes for `{body}` but its seating formula gives "
                                           "it no delegates", s.span,
                               f"add a quota for `{gname}`, or leave it out of the electorate")
        if isinstance(s, ast.SeatsRatio):
            seating: m.Seating = m.RatioSeats(tuple(quotas), s.rounding, s.span)
        else:
            seating = m.DistrictSeats(tuple(quotas), s.rounding, s.span)
        total = 0
        for q in quotas:
            g = groups[q.group]
            got = quota_seats(q, g, seating)
            if got == 0:
                size = g.voters if q.basis == "voters" else g.inhabitants
                self.error(E_NO_SEATS, f"`{q.group}` gets no seats: {size:,} {q.basis} at {q.describe()} "
                                       f"rounds down to 0" + (" in every district" if isinstance(seating, m.DistrictSeats) and g.districts else ""),
                           q.span, "lower the quota, or use `rounding nearest` or `rounding ceil`")
            total += got
        return seating if total > 0 else None

    def seat_group(self, name: ast.Name, groups, electorate: m.Electorate | None, body: str) -> bool:
        if name.text not in groups:
            self.unknown(name, "group", groups)
            return False
        if electorate is not None and name.text not in electorate.groups:
            self.error(E_WRONG_KIND, f"group `{name.text}` gets seats in `{body}` but is not in its "
                                                   f"electorate ({electorate.written})", name.span,
                       "add the group to the electorate, or remove its seats")
            return False
        return True

    def composition(self, decl, comp: ast.Composition, seating, groups, parties) -> dict[str, int] | None:
        entries = self.unique(comp.entries, "party in this composition", key=lambda e: e.party)
        out = {}
        for pname, e in entries.items():
            if pname not in parties:
                self.unknown(e.party, "party", parties)
                continue
            self.cite(e.seats, f"seats of {pname} in {decl.name.text}")
            out[pname] = self.positive(e.seats, f"the seats of `{pname}`", allow_zero=True)
        expected = seat_total(seating, groups)
        got = sum(out.values())
        if expected is not None and len(out) == len(entries) and got != expected:
            self.error(E_COMPOSITION, f"the composition of `{decl.name.text}` has {got:,} seats; its seating "
                                      f"formula gives {expected:,}", comp.span,
                       "the pinned seats per party must add up to the chamber's seats")
        return out

    def body_referendum(self, decl, groups, parties):
        c = self.clauses(decl, ("electorate", "ballot", "passes", "turnout"))
        electorate = self.electorate(self.require(decl, c, "electorate", "electorate all"), groups)
        rule = self.rule(c.get("passes")) or self.default_rule(decl)
        if rule.basis == "members":
            self.error(E_BAD_STEP, "a referendum has no members; count `votes cast` or `present`", rule.span,
                       "write `passes majority of votes cast`")
        turnout = None
        if "turnout" in c:
            turnout = c["turnout"].value.value
            self.cite(c["turnout"].value, f"turnout quorum of {decl.name.text}")
        ballot = c["ballot"].value.kind if "ballot" in c else "secret"
        if electorate is None:
            return None
        return m.Referendum(decl.name.text, decl.title, electorate, ballot, rule, turnout, decl.span)

    def body_appointed(self, decl, groups, parties):
        c = self.clauses(decl, ("by", "seats", "passes", "quorum"))
        by = self.require(decl, c, "by", "by Congress")
        seats = None
        if "seats" in c:
            self.cite(c["seats"].value, f"members of {decl.name.text}")
            seats = self.positive(c["seats"].value, f"the members of `{decl.name.text}`")
        rule = self.rule(c.get("passes")) or self.default_rule(decl)
        if by is None:
            return None
        return m.Appointed(decl.name.text, decl.title, by.value.text, seats, rule, self.quorum(c.get("quorum")),
                           decl.span)

    def body_commission(self, decl, groups, parties):
        c = self.clauses(decl, ("parity", "seats each"))
        parity = self.require(decl, c, "parity", "parity Union and Nationalities")
        each = None
        if "seats each" in c:
            self.cite(c["seats each"].value, f"members of {decl.name.text}")
            each = self.positive(c["seats each"].value, f"the members per side of `{decl.name.text}`")
        if parity is None:
            return None
        a, b = parity.value
        if a.text == b.text:
            self.error(E_BAD_STEP, f"a parity commission joins two different bodies, not `{a.text}` twice",
                       b.span, "name the two chambers whose disagreement it settles")
            return None
        return m.Commission(decl.name.text, decl.title, (a.text, b.text), each, decl.span)

    def body_organ(self, decl, groups, parties):
        c = self.clauses(decl, ("kind", "directed by", "answers to", "authorized by"))
        kind = self.require(decl, c, "kind", "kind coercive")
        directed = c["directed by"].value.text if "directed by" in c else None
        answers = tuple(n.text for n in c["answers to"].value) if "answers to" in c else ()
        authorized = tuple(n.text for n in c["authorized by"].value) if "authorized by" in c else ()
        if kind is None:
            return None
        return m.Organ(decl.name.text, decl.title, kind.value, directed, answers, authorized, decl.span)

    def body_references(self, decl: ast.BodyDecl, decls: Mapping[str, ast.BodyDecl]) -> None:
        """Names of other bodies inside a body: they must exist and be of a kind that fits."""
        voting = ("chamber", "appointed")

        def need(name: ast.Name, kinds: tuple[str, ...], role: str) -> None:
            if name.text not in decls:
                self.unknown(name, "body", decls)
            elif decls[name.text].keyword not in kinds:
                self.error(E_WRONG_KIND, f"`{name.text}` is {_a(decls[name.text].keyword)} and cannot {role}",
                           name.span, f"only {' or '.join(_a(k) for k in kinds)} can {role}")

        for clause in decl.clauses:
            if decl.keyword == "appointed" and clause.keyword == "by":
                need(clause.value, voting, "appoint a body")
            elif clause.keyword == "parity":
                for n in clause.value:
                    need(n, voting, "send a delegation to a commission")
            elif clause.keyword == "directed by":
                need(clause.value, voting + ("organ",), "direct an organ")
            elif clause.keyword in ("answers to", "authorized by"):
                for n in clause.value:
                    need(n, VOTING_KINDS + ("organ",), f"be named in `{clause.keyword}`")

    def appointment_cycles(self, bodies: Mapping[str, m.Body], decls: Mapping[str, ast.BodyDecl]) -> None:
        """Report each circle of appointments once, at the first of its bodies in the file."""
        reported: set[frozenset[str]] = set()
        for name, body in bodies.items():
            chain = [name]
            current = body
            while isinstance(current, m.Appointed) and current.appointer in bodies:
                if current.appointer in chain:
                    if current.appointer == name and frozenset(chain) not in reported:
                        reported.add(frozenset(chain))
                        words = f"`{name}` is appointed by itself" if len(chain) == 1 else (
                            f"`{chain[0]}` is appointed by `{chain[1]}`"
                            + "".join(f", which is appointed by `{b}`" for b in chain[2:] + [name]))
                        by = next((c.value for c in decls[name].clauses if c.keyword == "by"), None)
                        self.error(E_CYCLE, f"appointments go round in a circle: {words}",
                                   by.span if by is not None else body.span,
                                   "some body in the circle must be elected (a chamber) or appointed by one")
                    break
                chain.append(current.appointer)
                current = bodies[current.appointer]

    # ------------------------------------------------------------------ procedures
    def resolve_procedures(self, bodies: Mapping[str, m.Body]) -> dict[str, m.Procedure]:
        decls = self.unique(self.doc.procedures, "procedure")
        self.procedure_names = set(decls)
        out = {}
        for name, p in decls.items():
            proc = self.procedure(p, bodies)
            if proc is not None:
                out[name] = proc
        return out

    def step_outcomes(self, step: ast.StepDecl, body: m.Body | None) -> tuple[str, ...] | None:
        if step.kind == "dissolve":
            return m.DISSOLVE_OUTCOMES
        if isinstance(body, m.Commission):
            return m.COMMISSION_OUTCOMES
        if isinstance(body, (m.Chamber, m.Appointed)):
            return m.VOTE_OUTCOMES + ((m.QUORUM_OUTCOME,) if body.quorum or step.quorum else ())
        if isinstance(body, m.Referendum):
            return m.VOTE_OUTCOMES + ((m.QUORUM_OUTCOME,) if body.turnout else ())
        return None

    def procedure(self, p: ast.ProcedureDecl, bodies: Mapping[str, m.Body]) -> m.Procedure | None:
        errors_before = sum(d.is_error for d in self.diagnostics)
        finals = dict((n, m.Final(n, s, None)) for n, s in m.BUILTIN_FINALS.items())
        for f in p.finals:
            if f.name.text in finals:
                self.error(E_DUPLICATE, f"final outcome `{f.name.text}` is declared twice"
                           + (" (it is built in)" if f.name.text in m.BUILTIN_FINALS else ""), f.name.span,
                           "built-in finals: enacted (success), rejected, lapsed")
            else:
                finals[f.name.text] = m.Final(f.name.text, f.success, f.span)
        counters = self.unique(p.counters, "counter", key=lambda n: n)
        steps_decl = self.unique(p.steps, "step")
        for sname, s in steps_decl.items():
            if sname in finals:
                self.error(E_DUPLICATE, f"step `{sname}` has the name of a final outcome", s.name.span,
                           "rename the step")
        if not p.starts:
            self.error(E_NO_START, f"procedure `{p.name.text}` has no start", p.name.span,
                       f"add `start -> {next(iter(steps_decl), 'first_step')}`")
        for extra in p.starts[1:]:
            self.error(E_DUPLICATE, f"procedure `{p.name.text}` has more than one start", extra.span,
                       "a procedure starts in exactly one step")
        if not steps_decl:
            self.error(E_MISSING, f"procedure `{p.name.text}` has no steps", p.name.span,
                       "add a step, e.g. `first: Assembly votes { yes -> enacted; no -> rejected }`")
        targets = set(steps_decl) | set(finals)
        start = None
        if p.starts:
            start = p.starts[0].text
            if start not in steps_decl:
                self.error(E_MISSING_STEP, f"the start `{start}` is not a step of `{p.name.text}`", p.starts[0].span,
                           did_you_mean(start, steps_decl) or f"steps: {', '.join(steps_decl) or 'none'}")
        caps: dict[str, int] = {c: 1 for c in counters}
        steps: dict[str, m.Step] = {}
        broken = False
        for sname, s in steps_decl.items():
            body = bodies.get(s.body.text)
            if s.body.text not in bodies:
                broken = True
                if s.body.text not in self.body_kinds:
                    self.unknown(s.body, "body", self.body_kinds)
            elif s.kind == "vote" and body.kind == "organ":
                self.error(E_BAD_STEP, f"`{s.body.text}` is an organ; organs do not vote", s.body.span,
                           "a vote step needs a chamber, referendum, appointed body or commission")
                body = None
            elif s.kind == "dissolve":
                if body.kind not in ("chamber", "appointed", "organ"):
                    self.error(E_BAD_STEP, f"{_a(body.kind)} cannot dissolve anything", s.body.span,
                               "a chamber, appointed body (a presidium, a president) or organ dissolves")
                for d in s.dissolved:
                    kind = self.body_kinds.get(d.text)
                    if kind is None:
                        self.unknown(d, "body", self.body_kinds)
                    elif kind != "chamber":
                        self.error(E_BAD_STEP, f"`{d.text}` is {_a(kind)}; only an elected chamber "
                                               "is dissolved and re-elected", d.span,
                                   "chambers: " + (", ".join(sorted(n for n, k in self.body_kinds.items()
                                                                 if k == "chamber")) or "none"))
            outcomes = self.step_outcomes(s, body) if body is not None else None
            step_rule = step_quorum = None
            if s.quorum is not None:
                step_quorum = self.quorum(ast.Clause("quorum", s.quorum, s.quorum.span))
                if isinstance(body, m.Referendum):
                    self.error(E_BAD_STEP, "a referendum has a turnout quorum, not a quorum of members",
                               s.quorum.span, "give the referendum a `turnout` clause")
            if s.rule is not None:
                step_rule = self.rule(ast.Clause("passes", s.rule, s.rule.span))
                if isinstance(body, (m.Commission, m.Organ)):
                    self.error(E_BAD_STEP, f"a {body.kind} has no decision rule to override", s.rule.span,
                               "`by RULE` applies to votes of chambers, appointed bodies and referenda")
                elif isinstance(body, m.Referendum) and step_rule.basis == "members":
                    self.error(E_BAD_STEP, "a referendum has no members; count `votes cast` or `present`",
                               s.rule.span, "write e.g. `by 2/3 of votes cast`")
            transitions = []
            covered: set[str] = set()
            for t in s.transitions:
                outcome = t.outcome or "else"
                if outcomes is not None and outcome != "else" and outcome not in outcomes:
                    self.error(E_BAD_OUTCOME, f"step `{sname}` cannot have the outcome `{outcome}`", t.outcome_span,
                               f"possible outcomes of `{s.body.text}` here: {', '.join(outcomes)}"
                               + ("; `no_quorum` needs a quorum (chambers) or turnout (referenda)"
                                  if outcome == m.QUORUM_OUTCOME else ""))
                if t.target.text not in targets:
                    self.error(E_MISSING_STEP, f"`{t.target.text}` is neither a step of `{p.name.text}` nor a "
                                               "final outcome", t.target.span,
                               did_you_mean(t.target.text, targets)
                               or f"declare it with `final {t.target.text}` or add a step of that name")
                if outcome in covered or (outcome != "else" and "else" in covered) \
                        or (outcome == "else" and outcomes and set(outcomes) <= covered):
                    self.error(E_SHADOWED, f"this transition on `{outcome}` can never be taken", t.span,
                               "an earlier transition without `when` already takes every such run; "
                               "put guarded transitions first")
                if t.guard is None:
                    covered.add(outcome)
                    if outcome == "else" and outcomes:
                        covered.update(outcomes)
                guard = None
                if t.guard is not None:
                    g = t.guard
                    if g.counter.text not in counters:
                        self.error(E_UNKNOWN_COUNTER, f"unknown counter `{g.counter.text}`", g.counter.span,
                                   did_you_mean(g.counter.text, counters)
                                   or f"declare it in the procedure: `counter {g.counter.text}`")
                    else:
                        caps[g.counter.text] = max(caps[g.counter.text], g.value.value + 1)
                    guard = m.Guard(g.counter.text, g.op, g.value.value)
                actions = []
                for a in t.actions:
                    if a.counter.text not in counters:
                        self.error(E_UNKNOWN_COUNTER, f"unknown counter `{a.counter.text}`", a.counter.span,
                                   did_you_mean(a.counter.text, counters)
                                   or f"declare it in the procedure: `counter {a.counter.text}`")
                    actions.append(m.Action(a.counter.text, a.op, a.value.value))
                transitions.append(m.Transition(outcome, guard, t.target.text, tuple(actions), t.span))
            motion = s.motion.text if s.motion else m.DEFAULT_MOTION
            steps[sname] = m.Step(sname, s.kind, s.body.text, motion, tuple(d.text for d in s.dissolved),
                                  outcomes or (), tuple(transitions), s.span, step_rule, step_quorum)
        if broken or sum(d.is_error for d in self.diagnostics) > errors_before or start is None:
            return None
        self.unreachable(p, start, steps)
        return m.Procedure(p.name.text, p.title, tuple(counters), caps, finals, start, steps, p.span)

    def unreachable(self, p: ast.ProcedureDecl, start: str, steps: Mapping[str, m.Step]) -> None:
        seen, todo = {start}, [start]
        while todo:
            for t in steps[todo.pop()].transitions:
                if t.target in steps and t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        for name, step in steps.items():
            if name not in seen:
                self.diagnostics.append(Diagnostic(W_UNREACHABLE, f"step `{name}` of `{p.name.text}` is never "
                                                                  "reached", step.span,
                                                   "no transition leads to it; remove it or add a transition"))

    # ------------------------------------------------------------------ powers and checks
    def resolve_powers(self, bodies, procedures) -> list[m.Power]:
        out = []
        seen: dict[str, m.Power] = {}
        for p in self.doc.powers:
            needed = POWER_OBJECTS.get(p.kind)
            if needed and p.object is None:
                self.error(E_MISSING, f"`power {p.kind}` needs the {needed} it applies to", p.kind_span,
                           f"write e.g. `power {p.kind} Assembly by Sovnarkom`")
                continue
            if not needed and p.object is not None:
                self.error(E_WRONG_KIND, f"`power {p.kind}` takes no object", p.object.span,
                           f"write `power {p.kind} by PROCEDURE_OR_BODY`")
                continue
            if p.object is not None:
                fitting = sorted(n for n, k in self.body_kinds.items() if k == needed)
                object_kind = self.body_kinds.get(p.object.text)
                if object_kind is None:
                    self.unknown(p.object, _noun(needed), fitting)
                    continue
                if object_kind != needed:
                    self.error(E_WRONG_KIND, f"`{p.object.text}` is {_a(object_kind)}; "
                                             f"`power {p.kind}` applies to {_a(needed)}", p.object.span,
                               f"{_plural(_noun(needed))}: {', '.join(fitting)}"
                               if fitting else f"no {_noun(needed)} is declared")
                    continue
                if p.object.text not in bodies:
                    continue  # declared, but with errors of its own
            holder = p.holder.text
            if holder in self.procedure_names and holder in self.body_kinds:
                self.error(E_DUPLICATE, f"`{holder}` names both a procedure and a body", p.holder.span,
                           "rename one of them")
                continue
            if holder in procedures:
                kind = "procedure"
            elif holder in bodies:
                kind = "body"
            elif holder in self.procedure_names or holder in self.body_kinds:
                continue  # declared, but with errors of its own
            else:
                self.unknown(p.holder, "procedure or body", sorted(self.procedure_names) + sorted(self.body_kinds))
                continue
            power = m.Power(p.kind, p.object.text if p.object else None, holder, kind, p.span)
            if power.key in seen:
                # Several holders of one power are legitimate (decrees by two bodies), so keep all.
                pass
            seen[power.key] = power
            out.append(power)
        return out

    def resolve_checks(self, groups, bodies, procedures, powers) -> list[m.CheckSpec]:
        out = []
        power_keys = {p.key for p in powers}
        self.declared_power_keys = {p.kind + (f" {p.object.text}" if p.object else "") for p in self.doc.powers}
        for c in self.doc.checks:
            sig = self.signatures.get(c.name.text)
            if sig is None:
                hint = did_you_mean(c.name.text, self.signatures)
                self.error(E_UNKNOWN_CHECK, f"unknown check `{c.name.text}`", c.name.span,
                           hint or "run `veche checks` for the list of checks")
                continue
            spec = self.check(c, sig, groups, bodies, procedures, power_keys)
            if spec is not None:
                out.append(spec)
        return out

    def check(self, c: ast.CheckDecl, sig: CheckSignature, groups, bodies, procedures, power_keys):
        params: dict[str, object] = {}
        target = None
        args = list(c.args)
        ok = True

        def bad(arg: ast.CheckArg, why: str) -> None:
            nonlocal ok
            ok = False
            self.error(E_CHECK_ARGS, f"`{c.name.text}` {why}", arg.span, f"usage: {sig.usage()}")

        i = 0
        while i < len(args):
            arg = args[i]
            if arg.kind == "power":
                if sig.target != "power" or target is not None:
                    bad(arg, f"does not take a power (`{arg.text}`)")
                else:
                    key = arg.text
                    if arg.text in POWER_OBJECTS and i + 1 < len(args) and args[i + 1].kind == "name":
                        key = f"{arg.text} {args[i + 1].text}"
                        i += 1
                    if key not in power_keys:
                        ok = False
                    if key not in self.declared_power_keys:
                        self.error(E_CHECK_TARGET, f"no power `{key}` is declared", arg.span,
                                   did_you_mean(key, self.declared_power_keys)
                                   or f"declare it with `power {key} by PROCEDURE`; declared powers: "
                                      + (", ".join(sorted(self.declared_power_keys)) or "none"))
                    target = key
            elif arg.kind == "name":
                name = arg.value
                if sig.target not in ("procedure", "body") or target is not None:
                    bad(arg, f"does not take a target `{arg.text}`")
                elif sig.target == "procedure" and name.text not in self.procedure_names:
                    ok = False
                    names = sorted(self.procedure_names)
                    hint = did_you_mean(name.text, names) or (
                        f"`{name.text}` is {_a(self.body_kinds[name.text])}; this check takes a procedure"
                        if name.text in self.body_kinds
                        else f"procedures: {', '.join(names) or 'none'}")
                    self.error(E_CHECK_TARGET, f"`{c.name.text}` on unknown procedure `{name.text}`", name.span, hint)
                elif sig.target == "body" and name.text not in self.body_kinds:
                    ok = False
                    names = sorted(self.body_kinds)
                    self.error(E_CHECK_TARGET, f"`{c.name.text}` on unknown body `{name.text}`", name.span,
                               did_you_mean(name.text, names) or f"bodies: {', '.join(names) or 'none'}")
                elif name.text not in (procedures if sig.target == "procedure" else bodies):
                    ok = False  # declared, but with errors of its own
                target = name.text
            elif arg.kind == "compare":
                op, value = arg.value
                if not sig.compare or "compare" in params:
                    bad(arg, f"takes no bound (`{arg.text}`)")
                elif op not in sig.compare:
                    bad(arg, f"takes a bound with {' or '.join(sig.compare)}, not `{op}`")
                else:
                    number = Fraction(value.value) if isinstance(value, ast.Count) else value.value
                    if sig.compare_kind == "share" and isinstance(value, ast.Count):
                        bad(arg, f"takes a share such as `50%`, not `{value.value}`")
                    elif sig.compare_kind == "share" and number > 1:
                        ok = False
                        self.error(E_CHECK_ARGS, f"{arg.text.split()[-1]} is more than 100%", arg.span,
                                   "a share is at most 100%")
                    elif sig.compare_kind == "count" and not isinstance(value, ast.Count):
                        bad(arg, "takes a whole number")
                    elif number < 0 or (sig.compare_kind == "ratio" and (number < 1 or number == 1 and op == "<")):
                        ok = False
                        self.error(E_CHECK_ARGS, f"the bound {arg.text} can never be met"
                                   if sig.compare_kind == "ratio" else f"the bound {arg.text} is negative",
                                   arg.span, "a representation ratio is at least 1 (equal representation)")
                    params["compare"] = (op, number)
            elif arg.kind == "within":
                if not sig.within or "within" in params:
                    bad(arg, "takes no `within N steps`")
                else:
                    params["within"] = self.positive(arg.value, "the step bound")
            elif arg.kind == "except":
                if not sig.except_groups or "except" in params:
                    bad(arg, "takes no `except` list")
                else:
                    for n in arg.value:
                        if n.text not in groups:
                            ok = False
                            self.unknown(n, "group", groups)
                    params["except"] = tuple(n.text for n in arg.value)
            elif arg.kind == "per":
                if not sig.per or "per" in params:
                    bad(arg, "takes no `per` basis")
                else:
                    params["per"] = arg.value
            i += 1
        if sig.target_required and target is None:
            ok = False
            what = {"procedure": "a procedure", "power": "a power", "body": "a body"}[sig.target]
            self.error(E_CHECK_TARGET, f"`{c.name.text}` needs {what}", c.name.span, f"usage: {sig.usage()}")
        if sig.compare_required and "compare" not in params and ok:
            ok = False
            self.error(E_CHECK_ARGS, f"`{c.name.text}` needs a bound", c.span, f"usage: {sig.usage()}")
        if not ok:
            return None
        text = " ".join([c.name.text] + [a.text for a in c.args])
        return m.CheckSpec(c.name.text, target, params, text, c.span)


def seat_total(seating: m.Seating, groups: Mapping[str, m.Group]) -> int | None:
    """Total seats a seating formula yields for the given population (exact)."""
    if isinstance(seating, m.PartyListSeats):
        return seating.seats
    if isinstance(seating, m.FixedSeats):
        return sum(seating.seats.values())
    return sum(quota_seats(q, groups[q.group], seating) for q in seating.quotas)


def quota_seats(quota: m.Quota, group: m.Group, seating: m.RatioSeats | m.DistrictSeats) -> int:
    """Seats one quota yields: per district under winner-take-all districts, else for the whole group."""
    at_large = quota.basis == "at_large"
    units = group.districts if isinstance(seating, m.DistrictSeats) and group.districts and not at_large else (group,)
    return sum(quota.delegates(u.inhabitants, u.voters, seating.rounding) for u in units)


def resolve(doc: ast.Document, signatures: Mapping[str, CheckSignature]) -> tuple[m.Constitution | None,
                                                                               list[Diagnostic]]:
    """Resolve a parsed document; returns the model (None if there were errors) and all diagnostics."""
    r = Resolver(doc, signatures)
    model = r.resolve()
    return model, r.diagnostics
