"""Syntax errors in words a non-programmer understands.

Lark reports the terminals it expected; we keep those the parse could really go on
with, name them ("a name", "a whole number", "`{`") and add a hint: for a `{` left
open, a misspelt keyword, a keyword used as a name, or, where the LALR state
matches one of a table of known mistakes (in the spirit of Lark's
`UnexpectedInput.match_examples`), a hint written for that mistake.
"""

from __future__ import annotations

import copy
import functools
import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.parsers.lalr_parser_state import ParserState

from .diagnostics import E_BAD_CHAR, E_EOF, E_STRING, E_SYNTAX, Diagnostic, Span, did_you_mean

# Named terminals in words.
WORDS = {
    "NAME": "a name",
    "INT": "a whole number",
    "PERCENT": "a percentage such as `50%`",
    "FRACTION": "a fraction such as `2/3`",
    "DECIMAL": "a decimal number such as `0.5`",
    "STRING": 'a quoted text such as "Constituent Assembly"',
    "CHECK_NAME": "a check name such as `deadlock-free`",
    "$END": "the end of the file",
}

# Known mistakes: a hint, and small texts that make the parser fail in the same state.
MISTAKES: dict[str, tuple[str, list[str]]] = {
    "seats-method": (
        "a party-list chamber reads `seats 703 by party_list dhondt` (or sainte_lague, hare)",
        ["chamber A { seats 10 by dhondt }", "chamber A { seats 10 party_list dhondt }",
         "chamber A { seats 10 by party_list }"],
    ),
    "seats-formula": (
        "seats are given as `seats N by party_list METHOD`, `seats by fixed { g 10 }`, "
        "`seats by ratio { g 1 per 25_000 voters }` or `seats by districts winner_takes_all { g 1 per district }`",
        ["chamber A { seats by }", "chamber A { seats by proportional }", "chamber A { seats }"],
    ),
    "rule-basis": (
        "a decision rule names what it counts: `majority of votes cast`, `majority of members`, "
        "`2/3 of present`",
        ["chamber A { passes majority }", "chamber A { passes 2/3 }", "chamber A { passes majority of }",
         "chamber A { quorum 1/2 }", "referendum R { passes majority }"],
    ),
    "rule-kind": (
        "a decision rule is `majority of ...`, `unanimity of ...` or a share such as `2/3 of members`",
        ["chamber A { passes }", "chamber A { passes half of members }", "chamber A { quorum }"],
    ),
    "quota": (
        "a quota reads `workers 1 per 25_000 voters` (or `inhabitants`), `workers 2 per district` or `states 2 at_large`",
        ["chamber A { seats by ratio { w 1 per 25_000 } }", "chamber A { seats by ratio { w 1 } }",
         "chamber A { seats by ratio { w 1 per } }",
         "chamber A { seats by districts winner_takes_all { w 1 per 25_000 } }"],
    ),
    "electorate": (
        "an electorate is `all`, `all except g1, g2`, or a list of groups `g1, g2`",
        ["chamber A { electorate }", "chamber A { electorate all except }"],
    ),
    "clause-separator": (
        "clauses on one line are separated by `;`; items of a list by `,`",
        ["chamber A { electorate a, b, ballot open }"],
    ),
    "transition": (
        "a transition reads `yes -> next_step` (outcomes: yes, no, no_quorum, agree, disagree, done, else)",
        ["procedure p { s: A votes { yes } }", "procedure p { s: A votes { yes next } }",
         "procedure p { s: A votes { yes -> } }", "procedure p { s: A votes { maybe -> x } }",
         "procedure p { s: A votes { -> x } }"],
    ),
    "step": (
        "a step reads `name: Body votes { yes -> ...; no -> ... }`, `name: People decides { ... }` or "
        "`name: Presidium dissolves A, B -> next`",
        ["procedure p { s: A }", "procedure p { s: A votes }", "procedure p { s }", "procedure p { s: }",
         "procedure p { s: A dissolves }"],
    ),
    "power": (
        "a power reads `power legislate by ordinary_law` or `power dissolve Assembly by Sovnarkom`",
        ["power legislate", "power legislate ordinary_law", "power by x", "power rule by x"],
    ),
    "check": (
        "a check reads `check NAME [target] [parameters]`, e.g. `check terminates ordinary_law within 4 steps`",
        ["check", "check 5", "check deadlock-free within", "check terminates p within 4"],
    ),
    "population": (
        "a group reads `workers 3_500_000` (inhabitants), optionally `voters 3_000_000`, a quoted "
        "description and `districts 60`",
        ["population { workers voters }", "population { 3_000 }", "population { workers 3_000 districts }"],
    ),
    "missing-brace": (
        "a declaration's clauses are enclosed in `{` and `}`",
        ["chamber A electorate all", "procedure p start -> x", "population workers 10"],
    ),
}

# Typographic characters that word processors put in place of the ASCII ones.
LOOKALIKES = {"→": "->", "⇒": "->", "≥": ">=", "≤": "<=", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
              "−": "-", "–": "-", "—": "-", "；": ";", "，": ",", "：": ":"}

KEYWORD_NAMES = {"all", "except", "by", "per", "of", "votes", "members", "present", "yes", "no",
                 "start", "check", "power", "seats", "electorate", "ballot", "passes", "quorum",
                 "district", "districts", "voters", "inhabitants", "secret", "open", "final",
                 "counter", "when", "then", "each", "parity", "and", "on", "kind", "none"}


def _words(terminal: str) -> str:
    if terminal in WORDS:
        return WORDS[terminal]
    from .parser import grammar

    for term in grammar().terminals:
        if term.name == terminal:
            if term.pattern.type == "str":
                return f"`{term.pattern.value}`"
            return f"`{term.pattern.value}`" if len(term.pattern.value) < 12 else terminal.lower()
    return terminal.lower()


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    text = str(token)
    if len(text) > 30:
        text = text[:30] + "…"
    return f"`{text}`"


@functools.lru_cache(maxsize=1)
def _example_errors() -> tuple:
    """Each MISTAKES snippet's failure: (label, parser state number, accepted terminals, token)."""
    from .parser import grammar

    out = []
    for label, (_, snippets) in MISTAKES.items():
        for snippet in snippets:
            try:
                grammar().parse(snippet)
            except UnexpectedInput as ut:
                out.append((label, _state_number(ut), getattr(ut, "accepts", None), getattr(ut, "token", None)))
    return tuple(out)


def _state_number(exc: UnexpectedInput):
    state = getattr(exc, "state", None)
    return getattr(state, "position", state)


def _mistake(exc: UnexpectedInput) -> str | None:
    """The hint of the known mistake that fails in the same parser state.

    Lark's `match_examples` compares whole parser states, including the depth of the
    stack, so a snippet written as the first declaration of a file never matched the
    same mistake further down a real file.  Comparing the LALR state number (and the
    terminals it accepts) is what identifies the mistake.
    """
    number = _state_number(exc)
    if number is None:
        return None
    accepts = getattr(exc, "accepts", None)
    token = getattr(exc, "token", None)
    candidate = None
    for label, state, their_accepts, their_token in _example_errors():
        if state != number:
            continue
        if accepts is not None and their_accepts is not None and accepts != their_accepts:
            continue
        if token is not None and their_token is not None and token.type == their_token.type:
            return MISTAKES[label][0]
        candidate = candidate or label
    return MISTAKES[candidate][0] if candidate else None


def _acceptable(exc: UnexpectedInput, fallback) -> set[str]:
    """The terminals that would really let the parse go on at the error.

    The LALR table's lookaheads are merged between contexts (after `electorate all` a
    chamber would seem to accept `turnout`, which only a referendum has), so each
    candidate is tried on a copy of the parser state, as Lark's `accepts()` does.
    """
    accepts = getattr(exc, "accepts", None)
    if accepts:
        return set(accepts)
    state = getattr(exc, "state", None)
    if not isinstance(state, ParserState):
        return set(fallback)
    conf = copy.copy(state.parse_conf)
    conf.callbacks = {}
    found = set()
    for terminal in state.parse_conf.parse_table.states[state.position]:
        if not terminal.isupper():
            continue
        trial = state.copy(deepcopy_values=False)
        trial.parse_conf = conf
        try:
            trial.feed_token(Token(terminal, ""), is_end=terminal == "$END")
        except UnexpectedInput:
            continue
        except Exception:  # noqa: BLE001 - the end state or an odd table entry: keep the candidate
            pass
        found.add(terminal)
    return found or set(fallback)


def _expected_list(expected) -> str:
    # A citation `[source]` may follow most clauses; listing it everywhere would only distract.
    names = sorted({_words(t) for t in expected if t != "LSQB" or len(expected) == 1}, key=lambda w: (len(w), w))
    if not names:
        return "something else"
    if len(names) > 8:
        return ", ".join(names[:8]) + ", …"
    return ", ".join(names[:-1]) + (" or " if len(names) > 1 else "") + names[-1]


# Words that begin a declaration at the top level of a file.
DECLARATION_KEYWORDS = {"constitution", "sources", "population", "parties", "party", "support", "chamber",
                        "referendum", "appointed", "commission", "organ", "procedure", "power", "check"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _open_braces(text: str, end: int) -> list[tuple[int, str]]:
    """The `{` still open at offset `end`, outermost first: (line, the words before it on its line)."""
    stack: list[tuple[int, str]] = []
    line, line_start, i = 1, 0, 0
    end = min(end, len(text))
    while i < end:
        ch = text[i]
        if ch == "\n":
            line, line_start = line + 1, i + 1
        elif ch == "#":
            j = text.find("\n", i)
            i = end if j < 0 else j
            continue
        elif ch == '"':
            j = i + 1
            while j < end and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            i = j + 1 if j < end and text[j] == '"' else j
            continue
        elif ch == "{":
            before = re.split(r"[{};]", text[line_start:i])[-1]
            words = re.sub(r'"[^"]*"', "", before).split()
            stack.append((line, " ".join(words[:3]) + (" …" if len(words) > 3 else "")))
        elif ch == "}" and stack:
            stack.pop()
        i += 1
    return stack


def _unclosed(text: str, end: int) -> str | None:
    """Words for the innermost `{` left open before `end`, or None."""
    stack = _open_braces(text, end)
    if not stack:
        return None
    line, owner = stack[-1]
    return f"the `{{` after `{owner}` on line {line}" if owner else f"the `{{` on line {line}"


def _keywords(expected) -> list[str]:
    """The keywords among the expected terminals, as they are written."""
    words = (_words(t).strip("`") for t in expected if not t.startswith("__") and t not in WORDS)
    return [w for w in words if _IDENTIFIER.match(w)]


def _previous_token(exc: UnexpectedInput) -> Token | None:
    """The token the parser consumed just before the error, if it is still on its stack."""
    stack = getattr(getattr(exc, "state", None), "value_stack", None)
    if stack and isinstance(stack[-1], Token):
        return stack[-1]
    return None


def describe(exc: UnexpectedInput, text: str, path: str) -> Diagnostic:
    """Turn a Lark exception into one diagnostic with a location, a message and a hint."""
    line = getattr(exc, "line", None) or 1
    column = getattr(exc, "column", None) or 1
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        span = Span.point(path, line, column)
        if char == '"':
            return Diagnostic(E_STRING, "this quoted text is not closed before the end of the line", span,
                              hint='close it with `"` on the same line; write `\\"` for a quote inside')
        shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
        pos = exc.pos_in_stream
        before = re.search(r"[A-Za-z_][A-Za-z0-9_]*\Z", text[max(0, pos - 100):pos])
        after = re.match(r"[A-Za-z0-9_]+", text[pos + 1:pos + 101])
        if char == "-" and before and after:
            word = before.group()
            return Diagnostic(
                E_BAD_CHAR, f"a name cannot contain `-`: `{word}-{after.group()}`", span,
                hint=f"names use letters, digits and `_`: write `{word}_{after.group()}`",
            )
        hint = _mistake(exc)
        if not hint:
            hint = {
                "-": "names use letters, digits and `_` (write `left_sr`, not `left-sr`); arrows are `->`",
                "=": "counters are updated with `+=` or `:=` after `then`; comparisons use `>=`, `<=`, `==`",
                "%": "a percentage follows its number without a space: `50%`",
            }.get(char)
        if not hint and char in LOOKALIKES:
            hint = f"`{shown}` looks like `{LOOKALIKES[char]}` but is another character; type `{LOOKALIKES[char]}`"
        if not hint and char == "\u00a0":
            hint = "a non-breaking space; type an ordinary space"
        if not hint and ord(char) > 127:
            hint = "names are written in ASCII letters, digits and `_`; put other text in quotes"
        return Diagnostic(
            E_BAD_CHAR,
            f"unexpected character `{shown}`; expected {_expected_list(_acceptable(exc, exc.allowed or []))}",
            span, hint=hint or "see docs/language.md for the grammar",
        )
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        expected = _acceptable(exc, exc.expected)
        lines = text.rstrip().split("\n")
        last_line = len(lines)
        span = Span.point(path, last_line, len(lines[-1]) + 1)
        unclosed = _unclosed(text, len(text))
        hint = (f"{unclosed} is not closed by a `}}`" if unclosed
                else _mistake(exc) or "the last declaration is not complete")
        return Diagnostic(E_EOF, f"the file ends too early; expected {_expected_list(expected)}", span, hint=hint)
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    span = Span(path, line, column, token.end_line or line, token.end_column or column + len(str(token)))
    expected = _acceptable(exc, exc.expected)
    hint = None
    unclosed = _unclosed(text, token.start_pos or 0) if "RBRACE" in expected else None
    if unclosed and str(token) in DECLARATION_KEYWORDS:
        hint = f"`{token}` begins a new declaration, but {unclosed} is not closed: add `}}` before this line"
    previous = _previous_token(exc)
    if not hint and token.type == "COLON" and previous is not None and previous.type != "NAME" \
            and _IDENTIFIER.match(str(previous)):
        hint = f"`{previous}` is a word of the language and cannot be used as a name; choose another name"
    hint = hint or _mistake(exc)
    if not hint and token.type == "NAME":
        close = did_you_mean(str(token), _keywords(expected))
        if close:
            hint = close
    if not hint and len(DECLARATION_KEYWORDS & set(_keywords(expected))) >= 5:
        hint = ("each declaration starts with its keyword: `constitution`, `population`, `parties`, `chamber`, "
                "`referendum`, `appointed`, `commission`, `organ`, `procedure`, `power`, `check`, ...")
    if not hint and "NAME" in expected and str(token) in KEYWORD_NAMES:
        hint = f"`{token}` is a word of the language and cannot be used as a name; choose another name"
    if not hint and "NAME" in expected and token.type in ("INT", "PERCENT", "DECIMAL", "FRACTION"):
        hint = "a name is expected here; names start with a letter"
    return Diagnostic(
        E_SYNTAX,
        f"unexpected {_describe_token(token)}; expected {_expected_list(expected)}",
        span, hint=hint or "see docs/language.md for the grammar",
    )
