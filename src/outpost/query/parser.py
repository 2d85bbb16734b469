"""Parse watch-query text into a syntax tree, and show a syntax error under the query.

The grammar, lowest precedence first (docs/queries.md has the full description)::

    query    = or_expr
    or_expr  = and_expr { "OR" and_expr }
    and_expr = unary { [ "AND" ] unary }
    unary    = "NOT" unary | near
    near     = primary { ( "NEAR/" n | "ONEAR/" n ) primary }
    primary  = "(" or_expr ")" | phrase | field | wildcard | term
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from outpost.errors import QuerySyntaxError
from outpost.query.rules import (
    FIELD_PREFIX_RE,
    KEYWORDS,
    NEAR_RE,
    field_problem,
    is_field_sign,
    near_problem,
    phrase_problem,
    prefix_problem,
    term_problem,
    wildcard_problem,
)
from outpost.query.syntax import (
    NEAR_OPERAND_PROBLEM,
    And,
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    Wildcard,
    has_positive_term,
    is_positional,
)

# Deepest nesting of parentheses and NOT, well above what a person writes, so a
# generated query cannot exhaust the Python stack.
MAX_DEPTH = 100
# A query may use only a few NEAR operators, because proximity work grows with
# their number times the post length.
MAX_NEAR_OPERATORS = 8

_LEXEME_RE = re.compile(
    r'(?P<space>\s+)|(?P<paren>[()])|(?P<quote>")|(?P<word>[^\s()"]+)'
)
_FIELD_SIGNS = {"author": "@", "cashtag": "$", "hashtag": "#", "mention": "@"}
_FIELD_OF_SIGN = {"#": "hashtag", "@": "mention", "$": "cashtag"}
_OPERAND = "operand"
_NEAR = "NEAR"
_END = "end"


@dataclass(frozen=True, slots=True)
class _Lexeme:
    kind: str  # "(", ")", a keyword, _NEAR, _OPERAND or _END
    column: int
    node: Node | None = None
    # For _NEAR: the distance n, and whether the operator is ONEAR.
    distance: int = 0
    ordered: bool = False


def parse_query(text: str) -> Node:
    """Parse ``text`` into a syntax tree.

    Raises QuerySyntaxError with the column (counting from 1) of the problem, for
    instance for an unbalanced parenthesis, an unterminated quote or a query
    without a positive term.
    """
    if not text.strip():
        raise QuerySyntaxError(text, 1, "empty query")
    return _Parser(text).parse()


def format_syntax_error(error: QuerySyntaxError) -> str:
    """Return the query line that contains the error, a caret under the column, and
    the reason on the caret line.

    The caret is aligned for a terminal: tabs are copied, and wide East Asian
    characters count as two cells and combining marks as none.
    """
    line_start = error.query.rfind("\n", 0, error.column - 1) + 1
    line_end = error.query.find("\n", line_start)
    if line_end == -1:
        line_end = len(error.query)
    line = error.query[line_start:line_end]
    before = error.query[line_start : error.column - 1]
    padding = "".join(_cell_padding(char) for char in before)
    return f"{line}\n{padding}^ {error.reason} at column {error.column}"


def _cell_padding(char: str) -> str:
    if char == "\t":
        return "\t"
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return "  "
    return " "


def _lex(query: str) -> list[_Lexeme]:
    lexemes = []
    position = 0
    while position < len(query):
        match = _LEXEME_RE.match(query, position)
        assert match is not None  # the alternatives cover every character
        column = position + 1
        if match.lastgroup == "paren":
            lexemes.append(_Lexeme(match.group(), column))
        elif match.lastgroup == "quote":
            text, position = _read_quoted(query, position)
            lexemes.append(_operand(query, column, Phrase, text, phrase_problem))
            continue
        elif match.lastgroup == "word":
            lexeme, position = _read_word(query, position, match.group())
            lexemes.append(lexeme)
            continue
        position = match.end()
    lexemes.append(_Lexeme(_END, len(query) + 1))
    return lexemes


def _read_quoted(query: str, position: int) -> tuple[str, int]:
    """Return the text between the quote at ``position`` and its closing quote,
    and the position after the closing quote."""
    closing = query.find('"', position + 1)
    if closing == -1:
        raise QuerySyntaxError(query, position + 1, "unterminated quote")
    return query[position + 1 : closing], closing + 1


def _read_word(query: str, position: int, word: str) -> tuple[_Lexeme, int]:
    column = position + 1
    end = position + len(word)
    if word in KEYWORDS:
        return _Lexeme(word, column), end
    if word.startswith(("NEAR/", "ONEAR/")):
        return _read_near(query, column, word), end

    field = FIELD_PREFIX_RE.match(word)
    if field:
        name = field.group(1)
        value = word[field.end() :]
        if not value and query.startswith('"', end):
            value, end = _read_quoted(query, end)
        return _field(query, column, name, value), end
    if is_field_sign(word):
        return _field(query, column, _FIELD_OF_SIGN[word[0]], word), end
    if "*" in word[:-1] or "?" in word:
        return _operand(query, column, Wildcard, word, wildcard_problem), end
    if word.endswith("*"):
        stem = word[:-1]
        return _operand(query, column, Prefix, stem, prefix_problem), end
    return _operand(query, column, Term, word, term_problem), end


def _read_near(query: str, column: int, word: str) -> _Lexeme:
    near = NEAR_RE.fullmatch(word)
    if not near:
        operator = word.partition("/")[0]
        reason = f"invalid operator '{word}', expected {operator}/n with a number n"
        raise QuerySyntaxError(query, column, reason)
    distance = int(near.group(2))
    problem = near_problem(distance)
    if problem:
        raise QuerySyntaxError(query, column, problem)
    ordered = near.group(1) == "ONEAR"
    return _Lexeme(_NEAR, column, distance=distance, ordered=ordered)


def _field(query: str, column: int, name: str, value: str) -> _Lexeme:
    value = value.removeprefix(_FIELD_SIGNS.get(name, ""))
    problem = field_problem(name, value)
    if problem:
        raise QuerySyntaxError(query, column, problem)
    return _Lexeme(_OPERAND, column, Field(name, value))


def _operand(
    query: str,
    column: int,
    node_type: Callable[[str], Node],
    text: str,
    find_problem: Callable[[str], str | None],
) -> _Lexeme:
    problem = find_problem(text)
    if problem:
        raise QuerySyntaxError(query, column, problem)
    return _Lexeme(_OPERAND, column, node_type(text))


class _Parser:
    """Recursive-descent parser over the lexemes of one query."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.lexemes = _lex(query)
        self.position = 0
        self.depth = 0
        self.near_operators = 0

    def parse(self) -> Node:
        node = self._parse_or()
        extra = self._peek()
        if extra.kind == ")":
            self._fail(extra.column, "unbalanced parenthesis")
        if not has_positive_term(node):
            self._fail(1, "query has no positive term")
        return node

    def _parse_or(self) -> Node:
        children = [self._parse_and()]
        while self._peek().kind == "OR":
            self._advance()
            children.append(self._parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def _parse_and(self) -> Node:
        children = [self._parse_unary()]
        while True:
            kind = self._peek().kind
            if kind == "AND":
                self._advance()
            elif kind not in ("NOT", "(", _OPERAND):
                break
            children.append(self._parse_unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def _parse_unary(self) -> Node:
        if self._peek().kind != "NOT":
            return self._parse_near()
        not_lexeme = self._advance()
        self._enter(not_lexeme)
        child = self._parse_unary()
        self.depth -= 1
        return Not(child)

    def _parse_near(self) -> Node:
        node = self._parse_primary()
        while self._peek().kind == _NEAR:
            operator = self._advance()
            self.near_operators += 1
            if self.near_operators > MAX_NEAR_OPERATORS:
                self._fail(
                    operator.column,
                    f"query has more than {MAX_NEAR_OPERATORS} NEAR or ONEAR "
                    "operators; split it into several queries",
                )
            right = self._parse_primary()
            if not (is_positional(node) and is_positional(right)):
                self._fail(operator.column, NEAR_OPERAND_PROBLEM)
            node = Near(node, right, operator.distance, operator.ordered)
        return node

    def _parse_primary(self) -> Node:
        index = self.position
        lexeme = self._advance()
        if lexeme.node is not None:
            return lexeme.node
        if lexeme.kind == "(":
            return self._parse_group(lexeme)
        previous = self.lexemes[index - 1] if index > 0 else None
        self._fail_missing_operand(lexeme, previous)

    def _parse_group(self, opening: _Lexeme) -> Node:
        if self._peek().kind == ")":
            self._fail(opening.column, "empty parentheses")
        self._enter(opening)
        node = self._parse_or()
        self.depth -= 1
        if self._advance().kind != ")":
            self._fail(opening.column, "unbalanced parenthesis")
        return node

    def _fail_missing_operand(
        self, lexeme: _Lexeme, previous: _Lexeme | None
    ) -> NoReturn:
        if previous is not None and previous.kind in (*KEYWORDS, _NEAR):
            name = self._operator_text(previous)
            self._fail(previous.column, f"expected a term after '{name}'")
        if lexeme.kind in (*KEYWORDS, _NEAR):
            name = self._operator_text(lexeme)
            self._fail(lexeme.column, f"expected a term before '{name}'")
        self._fail(lexeme.column, "unbalanced parenthesis")

    def _operator_text(self, lexeme: _Lexeme) -> str:
        if lexeme.kind != _NEAR:
            return lexeme.kind
        return f"{'ONEAR' if lexeme.ordered else 'NEAR'}/{lexeme.distance}"

    def _enter(self, lexeme: _Lexeme) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._fail(
                lexeme.column, f"query is nested more than {MAX_DEPTH} levels deep"
            )

    def _peek(self) -> _Lexeme:
        return self.lexemes[self.position]

    def _advance(self) -> _Lexeme:
        lexeme = self.lexemes[self.position]
        if lexeme.kind != _END:
            self.position += 1
        return lexeme

    def _fail(self, column: int, reason: str) -> NoReturn:
        raise QuerySyntaxError(self.query, column, reason)
