"""The canonical layout of a `.veche` text, for `veche fmt`.

The formatter prints the concrete parse tree (every keyword, brace and separator kept),
not the AST, because the AST has already dropped what a formatter must keep: comments,
and numbers and names exactly as written.  Comments are ignored by the grammar, so
they are read back from the gaps between tokens, which hold only whitespace,
separators and comments.  The style is described in docs/fmt.md:

* two spaces of indentation per level of braces, one clause or entry per line;
* a block written on one line (`{ yes -> enacted; no -> rejected }`) stays on one line
  if it fits in `LINE_WIDTH` columns, except the body of a declaration with more than
  one clause (`chamber`, `population`, `procedure`, ...), which always takes a line each;
* in a block laid out one entry per line, separators are dropped; on one line, clauses
  are separated by `;` and the rows of a table of seats or districts by `,`;
* the columns of consecutive entries line up (names, right-aligned numbers, citations,
  titles), and so do the trailing comments of one block or of a run of one-line
  declarations of the same kind (the `check` lines, the `power` lines);
* one blank line between top-level declarations, except between one-line declarations
  of the same kind, which keep the author's blank lines; never two blank lines in a row;
* a line break the author put inside a clause is kept, the rest of the clause going on
  a continuation line indented four more spaces;
* numbers, names, strings, citations and comments are kept exactly as written; a
  `sources` entry gets its colon (`name: "text"`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from . import parser
from .diagnostics import DiagnosticError, Span

LINE_WIDTH = 120
INDENT = 2
CONTINUATION = 4

# Blocks of data rows: on one line their rows are separated by commas, clauses elsewhere by `;`.
_COMMA_BLOCKS = {"seats_fixed", "seats_ratio", "seats_districts", "composition_clause", "districts_list"}
# Declarations whose body is a list of clauses: with more than one clause, one per line.
_BODIES = {"sources_block", "population_block", "support_block", "chamber_decl", "referendum_decl",
           "appointed_decl", "commission_decl", "organ_decl", "procedure_decl"}
# Table columns of the entries that are rows of data, by the child's rule or terminal.
_COLUMNS = {
    "group_decl": {"count": 1, "cite": 2, "voters_clause": 3, "STRING": 4, "districts_equal": 5,
                   "districts_csv": 5, "districts_list": 5},
    "district_entry": {"count": 1, "cite": 2, "voters_clause": 3},
    "fixed_entry": {"count": 1, "cite": 2},
    "seat_entry": {"count": 1, "cite": 2},
    "source_entry": {"STRING": 1},
}
_RIGHT_ALIGNED = {"group_decl": frozenset({1}), "district_entry": frozenset({1}), "fixed_entry": frozenset({1}),
                  "seat_entry": frozenset({1})}
# Entries led by a label (`name:` or a name): the label is one column, the rest another.
_LABELLED = {"step_decl", "support_row", "quota_per_capita", "quota_per_district"}
_NO_SPACE_BEFORE = {",", ";", ":", "]"}
_GAP = re.compile(r"#[^\n]*|\n|[^\S\n]+|[;,]")


class FormatterBug(RuntimeError):
    """The formatted text would not say what the original says; the original must be kept."""


@functools.lru_cache(maxsize=1)
def _layout_grammar() -> Lark:
    """The language's grammar, keeping every token in the tree (keywords, braces, separators)."""
    options = dict(parser.GRAMMAR_OPTIONS, keep_all_tokens=True, propagate_positions=False)
    cache = parser._cache_path()
    if cache:
        try:
            return Lark.open("veche.lark", rel_to=parser.__file__, cache=cache.replace(".lark", "-layout.lark"),
                             **options)
        except Exception:  # noqa: BLE001 - an unreadable cache only costs time
            pass
    return Lark.open("veche.lark", rel_to=parser.__file__, **options)


def _parse(text: str, path: str) -> Tree:
    from .syntax_errors import describe

    parser.screen(text, path)
    try:
        return _layout_grammar().parse(text)
    except UnexpectedInput as exc:
        raise DiagnosticError([describe(exc, text, path)]) from None


# ---------------------------------------------------------------- tokens and the comments between them

@dataclass
class _Comment:
    text: str
    blank_before: bool  # an empty line separates it from what comes before
    continued: bool  # it continues, at the same column, the comment ending the line above


@dataclass
class _Gap:
    """What lies between a token and the one before it."""

    trailing: str | None  # a comment ending the previous token's line
    comments: list[_Comment]  # comments on lines of their own
    newline: bool
    blank: bool  # an empty line right before the token


def _gap(text: str, start: int, end: int, at_start: bool) -> _Gap:
    trailing, comments = None, []
    newlines, newline, comment_column = 0, False, None
    for m in _GAP.finditer(text, start, end):
        s = m.group()
        if s == "\n":
            newlines += 1
            newline = True
        elif s[0] == "#":
            column = m.start() - text.rfind("\n", 0, m.start())
            if not newline and not at_start:
                trailing, comment_column = s.rstrip(), column
            else:
                continued = comment_column == column and newlines == 1
                comments.append(_Comment(s.rstrip(), newlines >= 2, continued))
                comment_column = column if continued else None
            newlines = 0
    return _Gap(trailing, comments, newline, newlines >= 2)


def _has_block(node: Tree) -> bool:
    return any(isinstance(c, Token) and c == "{" for c in node.children)


def _is_separator(token: Token, in_block: bool) -> bool:
    """`;` anywhere, and `,` between the entries of a block, are layout, not content."""
    return token == ";" or (token == "," and in_block)


def _tokens(tree: Tree):
    """The tokens of `tree` in order, without separators."""
    in_block = _has_block(tree)
    for child in tree.children:
        if isinstance(child, Tree):
            yield from _tokens(child)
        elif not _is_separator(child, in_block):
            yield child


def _first_token(tree: Tree) -> Token:
    return next(_tokens(tree))


def _children(node: Tree):
    """The children of an entry with the table column of each; a `sources` entry gets its colon."""
    columns = _COLUMNS.get(node.data, {})
    for i, child in enumerate(node.children):
        kind = child.data if isinstance(child, Tree) else child.type
        if node.data in _LABELLED:
            column = 0 if i == 0 or (i == 1 and child == ":") else 1
        else:
            column = columns.get(kind, 0)
        yield child, column
        if node.data == "source_entry" and i == 0 and node.children[1] != ":":
            yield ":", 0


def _join(left: str, word: str) -> str:
    if not left or word in _NO_SPACE_BEFORE or left.endswith("["):
        return left + word
    return left + " " + word


def _words(node):
    """The words of `node` as its canonical one-line form writes them."""
    if not isinstance(node, Tree):
        yield str(node)
        return
    separator = "," if node.data in _COMMA_BLOCKS else ";"
    inside, first, in_block = False, True, _has_block(node)
    for child, _ in _children(node):
        if isinstance(child, Tree):
            if inside and not first:
                yield separator
            first = False
            yield from _words(child)
        elif not (isinstance(child, Token) and _is_separator(child, in_block)):
            if child in ("{", "}"):
                inside, first = child == "{", True
            yield str(child)


def _flat(node) -> str:
    out, previous = [], ""
    for word in _words(node):
        out.append(_join(previous, word)[len(previous):])
        previous = word
    return "".join(out)


# ---------------------------------------------------------------- lines

@dataclass
class _Line:
    indent: int
    kind: str = "code"  # code | comment | continued (a comment continuing the one above) | blank
    cells: list[str] = field(default_factory=lambda: [""])
    column: int = 0  # the table column being written
    aligned: bool = True  # a row of a table (not a continuation or a closing brace)
    right: frozenset = frozenset()
    comment: str | None = None
    scope: object = None  # the rows aligned with this one
    comment_scope: object = None  # the lines whose trailing comments line up with this one's

    def flat(self) -> str:
        return " " * self.indent + " ".join(c for c in self.cells if c)


@dataclass
class _Context:
    indent: int
    comment_scope: object


class _Printer:
    def __init__(self, text: str, tree: Tree):
        self.lines: list[_Line] = []
        self.line: _Line | None = None
        self.context: list[_Context] = [_Context(0, None)]
        self.gaps: dict[int, _Gap] = {}
        self.trailing: dict[int, str] = {}
        previous = None
        for token in _tokens(tree):
            gap = _gap(text, previous.end_pos if previous else 0, token.start_pos, previous is None)
            self.gaps[token.start_pos] = gap
            if gap.trailing:
                self.trailing[previous.start_pos] = gap.trailing
            previous = token
        self.end = _gap(text, previous.end_pos if previous else 0, len(text), previous is None)
        if self.end.trailing:
            self.trailing[previous.start_pos] = self.end.trailing

    # ---- lines
    def end_line(self) -> None:
        if self.line is not None:
            self.lines.append(self.line)
            self.line = None

    def start_line(self, indent: int, scope=None, comment_scope=None, aligned=True, right=frozenset()) -> None:
        self.end_line()
        self.line = _Line(indent, aligned=aligned, right=right, scope=scope,
                          comment_scope=comment_scope if comment_scope is not None else scope)

    def blank(self) -> None:
        self.end_line()
        if self.lines and self.lines[-1].kind != "blank":
            self.lines.append(_Line(0, "blank"))

    def comments(self, gap: _Gap, indent: int, first: bool, closing: bool = False) -> bool:
        """The comments on lines of their own before a token, and the blank lines the author left;
        whether there was a blank line."""
        self.end_line()
        blank = False
        for c in gap.comments:
            if c.blank_before and not first:
                self.blank()
                blank = True
            first = False
            self.lines.append(_Line(indent, "continued" if c.continued else "comment", cells=[], comment=c.text))
        if gap.blank and not first and not closing:
            self.blank()
            blank = True
        return blank

    def put(self, word: str, column: int, token: Token | None = None, gap: bool = True) -> None:
        """Write a word; a comment, or a line break the author made, ends the line first."""
        line = self.line
        found = self.gaps.get(token.start_pos) if token is not None and gap else None
        if found is not None and any(line.cells):
            may_break = not word.startswith("{") and not line.cells[-1].endswith("}")
            if line.comment is not None or found.comments or (found.newline and may_break):
                here = self.context[-1]
                self.comments(found, here.indent + CONTINUATION, first=True)
                self.start_line(here.indent + CONTINUATION, comment_scope=here.comment_scope, aligned=False)
                line = self.line
        if line.aligned and column > line.column:
            line.cells.extend([""] * (column - line.column))
            line.column = column
        line.cells[-1] = _join(line.cells[-1], word)
        if token is not None and token.start_pos in self.trailing:
            line.comment = self.trailing[token.start_pos]

    # ---- structure
    def entry(self, node: Tree, indent: int, scope, comment_scope) -> None:
        """One clause or entry, from a fresh line."""
        self.start_line(indent, scope, comment_scope, right=_RIGHT_ALIGNED.get(node.data, frozenset()))
        self.context.append(_Context(indent, comment_scope))
        if _has_block(node):
            self.block(node, 0)
        else:
            for child, column in _children(node):
                self.node(child, column)
        self.context.pop()

    def node(self, node, column: int) -> None:
        if isinstance(node, str) and not isinstance(node, Token):
            self.put(node, column)
        elif isinstance(node, Token):
            self.put(str(node), column, node)
        elif _has_block(node):
            self.block(node, column)
        else:
            for child in node.children:
                self.node(child, column)

    def block(self, node: Tree, column: int) -> None:
        """A node with braces: what precedes them, the block, and what follows it."""
        kids = node.children
        opening = next(i for i, c in enumerate(kids) if isinstance(c, Token) and c == "{")
        closing = next(i for i, c in enumerate(kids) if isinstance(c, Token) and c == "}")
        for child in kids[:opening]:
            self.node(child, column)
        open_token, close_token = kids[opening], kids[closing]
        items = [c for c in kids[opening + 1:closing] if isinstance(c, Tree)]
        one_line = (open_token.line == close_token.line and not (node.data in _BODIES and len(items) > 1)
                    or not items and not self.gaps[close_token.start_pos].comments
                    and open_token.start_pos not in self.trailing)
        text = _flat(Tree(node.data, kids[opening:closing + 1])) if one_line else ""
        one_line = one_line and len(self.line.flat()) + 1 + len(text) <= LINE_WIDTH
        # A brace joins the line before it even past a comment ending that line (the comment
        # then follows the brace), unless the brace brings a comment of its own.
        joins = not self.gaps[open_token.start_pos].comments and open_token.start_pos not in self.trailing \
            and not (one_line and close_token.start_pos in self.trailing)
        if one_line:
            self.put(text, column, open_token, gap=not joins)
            if close_token.start_pos in self.trailing:
                self.line.comment = self.trailing[close_token.start_pos]
        else:
            self.put("{", column, open_token, gap=not joins)
            here = self.context[-1]
            scope = comment_scope = object()
            self.end_line()
            for i, item in enumerate(items):
                # A blank line ends a table: each paragraph of entries lines up on its own.
                if self.comments(self.gaps[_first_token(item).start_pos], here.indent + INDENT, first=i == 0):
                    scope = object()
                self.entry(item, here.indent + INDENT, scope, comment_scope)
            self.comments(self.gaps[close_token.start_pos], here.indent + INDENT, first=not items, closing=True)
            self.start_line(here.indent, comment_scope=here.comment_scope, aligned=False)
            self.put("}", column, close_token, gap=False)
        for child in kids[closing + 1:]:
            self.node(child, column)

    def document(self, tree: Tree) -> list[_Line]:
        previous = None  # (keyword, one line?, index of the line after it)
        scope = None
        items = [c for c in tree.children if isinstance(c, Tree)]
        for i, item in enumerate(items):
            keyword = str(_first_token(item))
            self.comments(self.gaps[_first_token(item).start_pos], 0, first=i == 0)
            if previous is None or keyword != previous[0]:
                scope = object()
            start = len(self.lines)
            self.entry(item, 0, scope, scope)
            self.end_line()
            one_line = sum(line.kind == "code" for line in self.lines[start:]) == 1
            if previous is not None and (keyword != previous[0] or not one_line or not previous[1]):
                between = self.lines[previous[2]:start]
                if not any(line.kind == "blank" for line in between):
                    at = previous[2]
                    while at < start and self.lines[at].kind == "continued":
                        at += 1
                    self.lines.insert(at, _Line(0, "blank"))
            previous = (keyword, one_line, len(self.lines))
        self.comments(self.end, 0, first=not items, closing=True)
        return self.lines


# ---------------------------------------------------------------- alignment

def _table(rows: list[list[str]], right: list[frozenset]) -> list[str]:
    """Rows of cells as text.  A column is as wide as its widest cell among the consecutive rows
    that have something in it and go on past it (tabwriter's elastic tabstops; a number, aligned
    right, counts even when it ends its row); a row with nothing in a column skips it, so a
    missing citation does not open a gap."""
    widths = [[0] * len(r) for r in rows]
    for k in range(max(map(len, rows), default=0)):
        runs = [[]]
        for x, (row, rjust) in enumerate(zip(rows, right)):
            if len(row) > k and row[k] and (len(row) > k + 1 or k in rjust):
                runs[-1].append(x)
            elif runs[-1]:
                runs.append([])
        for run in runs:
            width = max((len(rows[x][k]) for x in run), default=0)
            for x in run:
                widths[x][k] = width
    out = []
    for row, width, rjust in zip(rows, widths, right):
        parts = [cell.rjust(w) if k in rjust else cell.ljust(w) for k, (cell, w) in enumerate(zip(row, width))
                 if w or (cell and k == len(row) - 1)]
        out.append(" ".join(parts))
    return out


def _render(lines: list[_Line]) -> str:
    code: dict[int, str] = {}
    tables: dict[int, list[_Line]] = {}
    for line in lines:
        if line.kind != "code":
            continue
        while len(line.cells) > 1 and not line.cells[-1]:
            line.cells.pop()
        if line.aligned and line.scope is not None:
            tables.setdefault(id(line.scope), []).append(line)
        else:
            code[id(line)] = line.flat()
    for rows in tables.values():
        for line, text in zip(rows, _table([r.cells for r in rows], [r.right for r in rows])):
            code[id(line)] = " " * line.indent + text
    comment_column: dict[int, int] = {}
    for line in lines:
        if line.kind == "code" and line.comment is not None:
            key = id(line.comment_scope) if line.comment_scope is not None else id(line)
            comment_column[key] = max(comment_column.get(key, 0), len(code[id(line)]) + 2)
    out: list[str] = []
    above = None  # the column of the comment ending the line above
    for line in lines:
        if line.kind == "blank":
            out.append("")
            above = None
        elif line.kind == "code":
            text = code[id(line)]
            above = None
            if line.comment is not None:
                key = id(line.comment_scope) if line.comment_scope is not None else id(line)
                above = comment_column[key]
                text = text.ljust(above) + line.comment
            out.append(text.rstrip())
        else:
            at = above if line.kind == "continued" and above is not None else line.indent
            out.append(" " * at + line.comment)
            above = at if line.kind == "continued" else None
    while out and not out[0]:
        out.pop(0)
    return "\n".join(out) + "\n" if out else ""


# ---------------------------------------------------------------- public

def _content(tree: Tree, printer: _Printer) -> tuple[list[str], list[str]]:
    """What a layout may not change: the words (but a `sources` entry's optional colon) and the comments."""
    colons = {id(c) for sub in tree.iter_subtrees() if sub.data == "source_entry"
              for c in sub.children if isinstance(c, Token) and c == ":"}
    words = [str(t) for t in _tokens(tree) if id(t) not in colons]
    notes = []
    for gap in list(printer.gaps.values()) + [printer.end]:
        if gap.trailing:
            notes.append(gap.trailing)
        notes.extend(c.text for c in gap.comments)
    return words, notes


def format_text(text: str, path: str = "<text>") -> str:
    """The canonical layout of a `.veche` text (see the module's docstring and docs/fmt.md).

    Raises DiagnosticError for a text that does not parse, and FormatterBug if the result
    would lose or change a word or a comment (which would be a bug of the formatter)."""
    tree = _parse(text, path)
    printer = _Printer(text, tree)
    out = _render(printer.document(tree))
    try:
        again = _parse(out, path)
    except DiagnosticError as exc:
        raise FormatterBug(f"the formatted text does not parse: {exc.diagnostics[0].message}") from None
    if _content(again, _Printer(out, again)) != _content(tree, printer):
        raise FormatterBug("the formatted text lost or changed a word or a comment")
    return out


def without_spans(value):
    """`value` (a model, an AST, or any nesting of dataclasses, tuples and mappings) with every
    source `Span` replaced by None: equal results mean the two texts say the same thing."""
    if isinstance(value, Span):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple(without_spans(getattr(value, f.name))
                                               for f in dataclasses.fields(value))
    if isinstance(value, Mapping):
        return tuple((k, without_spans(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(without_spans(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(without_spans(v) for v in value)
    return value


__all__ = ["format_text", "without_spans", "FormatterBug", "LINE_WIDTH"]
