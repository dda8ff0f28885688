"""Text -> parse tree -> AST, with diagnostics for anything that is not a valid `.veche` text.

The only module (with `syntax_errors`) that knows Lark.  Raw bytes are screened
first (size, encoding, NUL bytes, bidirectional controls, line length) so that
hostile input is refused in linear time before the parser sees it.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput, VisitError

from . import ast
from .diagnostics import (
    E_BIDI,
    E_BINARY,
    E_EMPTY,
    E_ENCODING,
    E_LONG_LINE,
    E_NUMBER,
    E_SHARE,
    E_SYNTAX,
    E_TOO_LARGE,
    Diagnostic,
    DiagnosticError,
    Span,
)

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_LINE_CHARS = 10_000
# Largest whole number the language accepts: beyond any population or seat count,
# small enough that arithmetic on it stays instant.
MAX_NUMBER = 10**15
MAX_DIGITS = 16

# Trojan-source characters: they reorder how text is displayed, so a name could
# read differently on screen than it parses.
BIDI_CONTROLS = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
}
_BAD_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BIDI_RE = re.compile("[" + "".join(BIDI_CONTROLS) + "]")
MAX_REPORTED = 10


@dataclass(frozen=True)
class RejectedCount(ast.Count):
    """Stands in (as 0) for a number already reported as unusable, so the resolver does not report it again."""


@dataclass(frozen=True)
class RejectedShare(ast.Share):
    """Stands in (as 0) for a share already reported as unusable (`2/0`, thousands of digits)."""


GRAMMAR_OPTIONS = dict(parser="lalr", propagate_positions=True, maybe_placeholders=False)


def _cache_path() -> str | None:
    """Where the built parser is kept between runs: the user's own cache folder (a parse table
    is unpickled when read, so it must not live where other users can write)."""
    import hashlib
    import lark

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "veche")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    text = Path(__file__).with_name("veche.lark").read_bytes()
    key = hashlib.sha256(text + repr(sorted(GRAMMAR_OPTIONS.items())).encode() + lark.__version__.encode())
    return os.path.join(folder, f"grammar-{key.hexdigest()[:16]}.lark-cache")


@functools.lru_cache(maxsize=1)
def grammar() -> Lark:
    """The LALR parser, built once per process and cached on disk between processes
    (building the tables takes a third of a second; loading them a fiftieth)."""
    cache = _cache_path()
    if cache:
        try:
            return Lark.open("veche.lark", rel_to=__file__, cache=cache, **GRAMMAR_OPTIONS)
        except Exception:  # noqa: BLE001 - an unreadable cache only costs time
            try:
                os.remove(cache)
            except OSError:
                pass
    return Lark.open("veche.lark", rel_to=__file__, **GRAMMAR_OPTIONS)


@functools.lru_cache(maxsize=1)
def keywords() -> frozenset[str]:
    """The words of the language (`chamber`, `voters`, `all`, ...), which names may not be."""
    return frozenset(t.pattern.value for t in grammar().terminals
                     if t.pattern.type == "str" and t.pattern.value.isidentifier())


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def decode(data: bytes, path: str) -> str:
    """Bytes -> text, refusing what is not a plain UTF-8 text file."""
    if len(data) > MAX_FILE_BYTES:
        raise DiagnosticError([Diagnostic(
            E_TOO_LARGE,
            f"the file is {len(data):,} bytes; veche reads constitutions of at most {MAX_FILE_BYTES:,} bytes",
            Span.point(path, 1, 1),
            hint="a constitution is a short text; split data such as district sizes into a CSV file "
                 "(`districts from \"file.csv\"`)",
        )])
    nul = data.find(b"\x00")
    if nul >= 0:
        prefix = data[:nul].decode("utf-8", errors="replace")
        line, col = _line_col(prefix, len(prefix))
        raise DiagnosticError([Diagnostic(
            E_BINARY, "the file contains a NUL byte: it looks like a binary file, not a constitution",
            Span.point(path, line, col),
            hint="veche reads plain UTF-8 text files ending in `.veche`",
        )])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(prefix, len(prefix))
        raise DiagnosticError([Diagnostic(
            E_ENCODING,
            f"the file is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded",
            Span.point(path, line, col),
            hint="save the file as UTF-8 (most editors offer this under 'Save with encoding')",
        )]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def screen(text: str, path: str) -> None:
    """Refuse control characters, bidirectional overrides and overlong lines, all at once."""
    found: list[Diagnostic] = []
    for match in _BIDI_RE.finditer(text):
        line, col = _line_col(text, match.start())
        char = match.group()
        found.append(Diagnostic(
            E_BIDI,
            f"bidirectional control character U+{ord(char):04X} ({BIDI_CONTROLS[char]})",
            Span.point(path, line, col),
            hint="such characters make text display in a different order than it is read; delete it",
        ))
        if len(found) >= MAX_REPORTED:
            break
    match = _BAD_CONTROL.search(text)
    if match:
        line, col = _line_col(text, match.start())
        found.append(Diagnostic(
            E_BINARY, f"control character U+{ord(match.group()):04X} in the text",
            Span.point(path, line, col),
            hint="veche reads plain UTF-8 text; remove the control character",
        ))
    offset = 0
    for number, line_text in enumerate(text.split("\n"), start=1):
        if len(line_text) > MAX_LINE_CHARS:
            found.append(Diagnostic(
                E_LONG_LINE,
                f"line {number} is {len(line_text):,} characters long; the limit is {MAX_LINE_CHARS:,}",
                Span.point(path, number, MAX_LINE_CHARS + 1),
                hint="break the declaration over several lines; newlines are free between words",
            ))
            break
        offset += len(line_text) + 1
    if found:
        raise DiagnosticError(found)


def _span(path: str, item) -> Span:
    if isinstance(item, Token):
        return Span(path, item.line, item.column, item.end_line or item.line,
                    item.end_column or item.column + len(item))
    meta = item.meta if isinstance(item, Tree) else item
    if getattr(meta, "empty", False):
        return Span(path, 1, 1, 1, 1)
    return Span(path, meta.line, meta.column, meta.end_line, meta.end_column)


def _unquote(token: Token) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


@v_args(meta=True)
class _ToAst(Transformer):
    """Parse tree -> AST nodes.  Collects number diagnostics instead of stopping."""

    def __init__(self, path: str):
        super().__init__(visit_tokens=False)
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.citations: list[ast.Name] = []  # every `[source]` in the file, checked by the resolver

    def sp(self, meta) -> Span:
        return _span(self.path, meta)

    def name(self, token: Token) -> ast.Name:
        return ast.Name(str(token), _span(self.path, token))

    def group_name(self, token: Token) -> ast.Name:
        """A group or district name: these stand where the next entry's name or a clause
        keyword (`voters`, `districts`) may follow, so a keyword as a name would silently
        read as a clause of the entry before; refuse every keyword there."""
        node = self.name(token)
        if str(token) in keywords():
            self.diagnostics.append(Diagnostic(
                E_SYNTAX, f"`{token}` is a word of the language and cannot name a group or district", node.span,
                hint=f"choose another name, e.g. `{token}_group`"))
        return node

    def _names(self, children) -> tuple[ast.Name, ...]:
        return tuple(self.name(c) for c in children if isinstance(c, Token) and c.type == "NAME")

    @staticmethod
    def _strings(children) -> list[str]:
        return [_unquote(c) for c in children if isinstance(c, Token) and c.type == "STRING"]

    @staticmethod
    def _of(children, cls):
        return [c for c in children if isinstance(c, cls)]

    def _first(self, children, cls):
        found = self._of(children, cls)
        return found[0] if found else None

    # ---- numbers
    def count(self, meta, children):
        token = children[0]
        digits = token.replace("_", "")
        span = _span(self.path, token)
        if len(digits) > MAX_DIGITS or int(digits) > MAX_NUMBER:
            self.diagnostics.append(Diagnostic(
                E_NUMBER,
                f"the number {token[:20]}{'…' if len(token) > 20 else ''} is too large "
                f"({len(digits):,} digits)",
                span, hint=f"veche accepts whole numbers up to {MAX_NUMBER:,}",
            ))
            return RejectedCount(0, span)
        return ast.Count(int(digits), span)

    def _fraction(self, token: Token) -> Fraction | None:
        text = str(token).replace("_", "")
        span = _span(self.path, token)
        if len(text) > 2 * MAX_DIGITS + 2:
            self.diagnostics.append(Diagnostic(E_NUMBER, f"the number {text[:20]}… is too long", span,
                                               hint="write a share such as `50%` or `2/3`"))
            return None
        if text.endswith("%"):
            return Fraction(text[:-1]) / 100
        if "/" in text:
            num, den = text.split("/")
            if int(den) == 0:
                self.diagnostics.append(Diagnostic(E_NUMBER, f"the fraction {text} divides by zero", span,
                                                   hint="write a fraction such as `2/3`"))
                return None
            return Fraction(int(num), int(den))
        return Fraction(text)

    def share(self, meta, children):
        token = children[0]
        value = self._fraction(token)
        span = _span(self.path, token)
        if value is None:
            return RejectedShare(Fraction(0), str(token), span)
        if value > 1:
            self.diagnostics.append(Diagnostic(
                E_SHARE, f"{token} is more than 100%", span,
                hint="a share is at most 100% (or 1/1)"))
        return ast.Share(value, str(token), span)

    def value(self, meta, children):
        token = children[0]
        if token.type == "INT":
            return self.count(meta, children)
        value = self._fraction(token)
        if value is None:
            return RejectedShare(Fraction(0), str(token), _span(self.path, token))
        return ast.Share(value, str(token), _span(self.path, token))

    def cite(self, meta, children):
        names = self._names(children)
        self.citations.extend(names)
        return ("cite", names)

    def _with_cites(self, children, node):
        cites = [c for c in children if isinstance(c, tuple) and c and c[0] == "cite"]
        if not cites:
            return node
        return type(node)(**{**node.__dict__, "cites": cites[0][1]})

    # ---- top level
    def start(self, meta, children):
        return children

    def constitution_decl(self, meta, children):
        return ("title", self._strings(children)[0], self.sp(meta))

    def sources_block(self, meta, children):
        return ("sources", tuple(children))

    def source_entry(self, meta, children):
        return ast.SourceEntry(self.name(children[0]), self._strings(children)[0], self.sp(meta))

    # ---- population
    def population_block(self, meta, children):
        return ("groups", tuple(children))

    def group_decl(self, meta, children):
        name = self.group_name(children[0])
        rest = children[1:]
        inhabitants = None
        if rest and isinstance(rest[0], ast.Count):
            inhabitants = rest[0]
            if len(rest) > 1 and isinstance(rest[1], tuple) and rest[1][0] == "cite":
                inhabitants = ast.Count(inhabitants.value, inhabitants.span, rest[1][1])
        voters = next((c[1] for c in rest if isinstance(c, tuple) and c[0] == "voters"), None)
        titles = self._strings(rest)
        districts = self._first(rest, (ast.DistrictsEqual, ast.DistrictsCsv, ast.DistrictsList))
        return ast.GroupDecl(name, inhabitants, voters, titles[0] if titles else None, districts, self.sp(meta))

    def voters_clause(self, meta, children):
        return ("voters", self._with_cites(children, children[0]))

    def districts_equal(self, meta, children):
        return ast.DistrictsEqual(self._with_cites(children, children[0]), self.sp(meta))

    def districts_csv(self, meta, children):
        return ast.DistrictsCsv(self._strings(children)[0], self.sp(meta))

    def districts_list(self, meta, children):
        return ast.DistrictsList(tuple(children), self.sp(meta))

    def district_entry(self, meta, children):
        count = self._with_cites(children, children[1])
        voters = next((c[1] for c in children if isinstance(c, tuple) and c[0] == "voters"), None)
        return ast.DistrictEntry(self.group_name(children[0]), count, voters, self.sp(meta))

    # ---- parties and support
    def parties_decl(self, meta, children):
        return ("parties", tuple(ast.PartyDecl(n, None, n.span) for n in self._names(children)))

    def party_decl(self, meta, children):
        titles = self._strings(children)
        return ("parties", (ast.PartyDecl(self.name(children[0]), titles[0] if titles else None, self.sp(meta)),))

    def support_block(self, meta, children):
        return ("support", tuple(children))

    def support_row(self, meta, children):
        return ast.SupportRow(self.name(children[0]), tuple(children[1:]), self.sp(meta))

    def support_share(self, meta, children):
        return ast.SupportShare(self.name(children[0]), self._with_cites(children, children[1]), self.sp(meta))

    # ---- bodies
    def _body(self, keyword, meta, children):
        titles = self._strings(children[1:2])
        clauses = tuple(c for c in children if isinstance(c, ast.Clause))
        return ast.BodyDecl(keyword, self.name(children[0]), titles[0] if titles else None, clauses, self.sp(meta))

    def chamber_decl(self, meta, children):
        return self._body("chamber", meta, children)

    def referendum_decl(self, meta, children):
        return self._body("referendum", meta, children)

    def appointed_decl(self, meta, children):
        return self._body("appointed", meta, children)

    def commission_decl(self, meta, children):
        return self._body("commission", meta, children)

    def organ_decl(self, meta, children):
        return self._body("organ", meta, children)

    def _clause(self, keyword, meta, value):
        return ast.Clause(keyword, value, self.sp(meta))

    def electorate_all(self, meta, children):
        return self._clause("electorate", meta, ast.Electorate("all", (), self.sp(meta)))

    def electorate_except(self, meta, children):
        return self._clause("electorate", meta, ast.Electorate("except", self._names(children), self.sp(meta)))

    def electorate_list(self, meta, children):
        return self._clause("electorate", meta, ast.Electorate("list", self._names(children), self.sp(meta)))

    def _keyword(self, children) -> str:
        return " ".join(str(c) for c in children)

    ballot_kind = method = rounding_kind = basis = rule_basis = organ_kind = success = outcome = \
        power_kind = per_word = compare = lambda self, meta, children: ("kw", " ".join(str(c) for c in children),
                                                                          self.sp(meta))

    def ballot_clause(self, meta, children):
        return self._clause("ballot", meta, ast.Ballot(children[0][1], self.sp(meta)))

    def threshold(self, meta, children):
        return ("threshold", children[0])

    def rounding(self, meta, children):
        return ("rounding", children[0][1])

    def seats_party_list(self, meta, children):
        seats = self._with_cites(children, children[0])
        method = next(c[1] for c in children if isinstance(c, tuple) and c[0] == "kw")
        threshold = next((c[1] for c in children if isinstance(c, tuple) and c[0] == "threshold"), None)
        return self._clause("seats", meta, ast.SeatsPartyList(seats, method, threshold, self.sp(meta)))

    def seats_fixed(self, meta, children):
        return self._clause("seats", meta, ast.SeatsFixed(tuple(children), self.sp(meta)))

    def _rounding_of(self, children) -> str:
        return next((c[1] for c in children if isinstance(c, tuple) and c[0] == "rounding"), "floor")

    def seats_ratio(self, meta, children):
        quotas = tuple(self._of(children, ast.Quota))
        return self._clause("seats", meta, ast.SeatsRatio(quotas, self._rounding_of(children), self.sp(meta)))

    def seats_districts(self, meta, children):
        quotas = tuple(self._of(children, ast.Quota))
        return self._clause("seats", meta, ast.SeatsDistricts(quotas, self._rounding_of(children), self.sp(meta)))

    def fixed_entry(self, meta, children):
        return ast.FixedEntry(self.name(children[0]), self._with_cites(children, children[1]), self.sp(meta))

    def quota_per_capita(self, meta, children):
        seats, per = children[1], self._with_cites(children, children[2])
        return ast.Quota(self.name(children[0]), seats, per, children[3][1], self.sp(meta))

    def quota_per_district(self, meta, children):
        seats = self._with_cites(children, children[1])
        return ast.Quota(self.name(children[0]), seats, None, "district", self.sp(meta))

    def quota_at_large(self, meta, children):
        seats = self._with_cites(children, children[1])
        return ast.Quota(self.name(children[0]), seats, None, "at_large", self.sp(meta))

    def passes_clause(self, meta, children):
        return self._clause("passes", meta, children[0])

    def quorum_clause(self, meta, children):
        return self._clause("quorum", meta, children[0])

    def rule_majority(self, meta, children):
        return ast.Rule("majority", None, children[-1][1], self.sp(meta))

    def rule_unanimity(self, meta, children):
        return ast.Rule("unanimity", None, children[-1][1], self.sp(meta))

    def rule_share(self, meta, children):
        return ast.Rule("share", children[0], children[-1][1], self.sp(meta))

    def composition_clause(self, meta, children):
        return self._clause("composition", meta, ast.Composition(tuple(children), self.sp(meta)))

    def seat_entry(self, meta, children):
        return ast.SeatEntry(self.name(children[0]), self._with_cites(children, children[1]), self.sp(meta))

    def turnout_clause(self, meta, children):
        return self._clause("turnout", meta, children[0])

    def appointer_clause(self, meta, children):
        return self._clause("by", meta, self.name(children[0]))

    def members_clause(self, meta, children):
        return self._clause("seats", meta, self._with_cites(children, children[0]))

    def parity_clause(self, meta, children):
        return self._clause("parity", meta, self._names(children))

    def each_clause(self, meta, children):
        return self._clause("seats each", meta, self._with_cites(children, children[0]))

    def kind_clause(self, meta, children):
        return self._clause("kind", meta, children[0][1])

    def directed_clause(self, meta, children):
        return self._clause("directed by", meta, self.name(children[0]))

    def answers_clause(self, meta, children):
        return self._clause("answers to", meta, self._names(children))

    def authorized_by(self, meta, children):
        return self._clause("authorized by", meta, self._names(children))

    def authorized_none(self, meta, children):
        return self._clause("authorized by", meta, ())

    # ---- procedures
    def procedure_decl(self, meta, children):
        titles = self._strings(children[1:2])
        counters: list[ast.Name] = []
        finals, starts, steps = [], [], []
        for c in children[1:]:
            if isinstance(c, tuple) and c[0] == "counters":
                counters.extend(c[1])
            elif isinstance(c, ast.FinalDecl):
                finals.append(c)
            elif isinstance(c, tuple) and c[0] == "start":
                starts.append(c[1])
            elif isinstance(c, ast.StepDecl):
                steps.append(c)
        return ast.ProcedureDecl(self.name(children[0]), titles[0] if titles else None, tuple(counters),
                                 tuple(finals), tuple(starts), tuple(steps), self.sp(meta))

    def counter_clause(self, meta, children):
        return ("counters", self._names(children))

    def final_clause(self, meta, children):
        return ast.FinalDecl(self.name(children[0]), len(children) > 1, self.sp(meta))

    def start_clause(self, meta, children):
        return ("start", self.name(children[0]))

    def step_decl(self, meta, children):
        name = self.name(children[0])
        kind, body, motion, dissolved, rule, quorum = children[1]
        return ast.StepDecl(name, kind, body, motion, dissolved, children[-1], self.sp(meta), rule, quorum)

    def vote_action(self, meta, children):
        names = self._names(children)
        rule = self._first(children, ast.Rule)
        quorum = next((c[1] for c in children if isinstance(c, tuple) and c[0] == "step quorum"), None)
        return ("vote", names[0], names[1] if len(names) > 1 else None, (), rule, quorum)

    def step_quorum(self, meta, children):
        return ("step quorum", children[0])

    def dissolve_action(self, meta, children):
        names = self._names(children)
        return ("dissolve", names[0], None, names[1:], None, None)

    def transitions_block(self, meta, children):
        return tuple(children)

    def transition_always(self, meta, children):
        actions = next((c[1] for c in children if isinstance(c, tuple) and c[0] == "actions"), ())
        span = self.sp(meta)
        return (ast.Transition(None, span, None, self.name(children[0]), actions, span),)

    def transition(self, meta, children):
        outcome = children[0]
        guard = self._first(children, ast.Guard)
        target = next(c for c in children if isinstance(c, Token) and c.type == "NAME")
        actions = next((c[1] for c in children if isinstance(c, tuple) and c[0] == "actions"), ())
        return ast.Transition(outcome[1], outcome[2], guard, self.name(target), actions, self.sp(meta))

    def guard(self, meta, children):
        return ast.Guard(self.name(children[0]), children[1][1], children[2], self.sp(meta))

    def actions(self, meta, children):
        return ("actions", tuple(children))

    def action_add(self, meta, children):
        return ast.Action(self.name(children[0]), "+=", children[1], self.sp(meta))

    def action_set(self, meta, children):
        return ast.Action(self.name(children[0]), ":=", children[1], self.sp(meta))

    # ---- powers and checks
    def power_decl(self, meta, children):
        kind = children[0]
        names = self._names(children[1:])
        obj = names[0] if len(names) == 2 else None
        return ast.PowerDecl(kind[1], kind[2], obj, names[-1], self.sp(meta))

    def check_decl(self, meta, children):
        name_token = children[0]
        return ast.CheckDecl(ast.Name(str(name_token), _span(self.path, name_token)), tuple(children[1:]),
                             self.sp(meta))

    def check_target(self, meta, children):
        return ast.CheckArg("name", str(children[0]), self.name(children[0]), self.sp(meta))

    def check_power_target(self, meta, children):
        return ast.CheckArg("power", children[0][1], children[0][1], self.sp(meta))

    def comparison(self, meta, children):
        op, value = children[0][1], children[1]
        return ast.CheckArg("compare", f"{op} {value.text if isinstance(value, ast.Share) else value.value}",
                            (op, value), self.sp(meta))

    def within(self, meta, children):
        return ast.CheckArg("within", f"within {children[0].value} steps", children[0], self.sp(meta))

    def except_groups(self, meta, children):
        names = self._names(children)
        return ast.CheckArg("except", "except " + ", ".join(n.text for n in names), names, self.sp(meta))

    def per_basis(self, meta, children):
        return ast.CheckArg("per", f"per {children[0][1]}", children[0][1], self.sp(meta))


def to_document(tree: Tree, path: str) -> tuple[ast.Document, list[Diagnostic]]:
    """Transform a parse tree into a `Document`; returns number diagnostics found on the way."""
    builder = _ToAst(path)
    try:
        items = builder.transform(tree)
    except VisitError as exc:  # a bug in a transformer method, never the user's fault
        raise exc.orig_exc from None
    buckets: dict[str, list] = {k: [] for k in ("sources", "groups", "parties", "support")}
    title = None
    bodies, procedures, powers, checks = [], [], [], []
    for item in items:
        if isinstance(item, tuple) and item[0] == "title":
            title = item[1]
        elif isinstance(item, tuple):
            buckets[item[0]].extend(item[1])
        elif isinstance(item, ast.BodyDecl):
            bodies.append(item)
        elif isinstance(item, ast.ProcedureDecl):
            procedures.append(item)
        elif isinstance(item, ast.PowerDecl):
            powers.append(item)
        elif isinstance(item, ast.CheckDecl):
            checks.append(item)
    doc = ast.Document(
        path, title, tuple(buckets["sources"]), tuple(buckets["groups"]), tuple(buckets["parties"]),
        tuple(buckets["support"]), tuple(bodies), tuple(procedures), tuple(powers), tuple(checks),
        Span(path, 1, 1, 1, 1), tuple(builder.citations),
    )
    return doc, builder.diagnostics


def parse_text(text: str, path: str) -> tuple[ast.Document, list[Diagnostic]]:
    """Parse screened text into an AST; raises DiagnosticError on a syntax error."""
    from .syntax_errors import describe

    screen(text, path)
    if not text.strip() or not re.search(r"^[ \t]*[^\s#]", text, re.M):
        raise DiagnosticError([Diagnostic(
            E_EMPTY, "the file is empty: it declares nothing", Span.point(path, 1, 1),
            hint='start with `constitution "Name"` and a `population { ... }` block; '
                 "see docs/language.md",
        )])
    try:
        tree = grammar().parse(text)
    except UnexpectedInput as exc:
        raise DiagnosticError([describe(exc, text, path)]) from None
    return to_document(tree, path)


def parse_file(path: str | Path) -> tuple[str, ast.Document, list[Diagnostic]]:
    """Read, screen and parse one file: returns its text, AST and non-fatal diagnostics."""
    display = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        from .diagnostics import E_UNREADABLE

        raise DiagnosticError([Diagnostic(E_UNREADABLE, f"cannot read the file: {exc.strerror or exc}",
                                          Span.point(display, 1, 1),
                                          hint="check the path and the file's permissions")]) from None
    text = decode(data, display)
    doc, diags = parse_text(text, display)
    return text, doc, diags
