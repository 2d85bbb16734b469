"""Syntax tree of a watch query, and printing a tree back into query text.

Nodes are frozen dataclasses, so two trees compare equal when they have the same
shape and the same text. A node raises ValueError for a value that the parser
would reject, which keeps ``parse_query(format_query(tree)) == tree`` true for
every tree that can be constructed.
"""

from dataclasses import dataclass

from outpost.query.rules import (
    POSITIONAL_FIELDS,
    field_problem,
    is_bare,
    near_problem,
    phrase_problem,
    prefix_problem,
    term_problem,
    wildcard_problem,
)

# Fields written with a sign instead of "name:".
_SIGNS = {"cashtag": "$", "hashtag": "#", "mention": "@"}


def _check(problem: str | None) -> None:
    if problem:
        raise ValueError(problem)


@dataclass(frozen=True, slots=True)
class Term:
    """A bare word as written. If it tokenises into several words (``acme.com``,
    Chinese text), they must appear side by side, like a phrase."""

    text: str

    def __post_init__(self) -> None:
        _check(term_problem(self.text))


@dataclass(frozen=True, slots=True)
class Phrase:
    """The text between double quotes; its words must appear side by side."""

    text: str

    def __post_init__(self) -> None:
        _check(phrase_problem(self.text))


@dataclass(frozen=True, slots=True)
class Prefix:
    """A word with a trailing ``*``; ``stem`` is the text before the ``*``."""

    stem: str

    def __post_init__(self) -> None:
        _check(prefix_problem(self.stem))


@dataclass(frozen=True, slots=True)
class Wildcard:
    """A word with ``?`` (one character) or ``*`` (any number) inside it, or
    with more than one wildcard; a single trailing ``*`` is a Prefix."""

    pattern: str

    def __post_init__(self) -> None:
        if self.pattern.endswith("*") and not any(
            char in "*?" for char in self.pattern[:-1]
        ):
            raise ValueError("a pattern with only a trailing '*' is a Prefix")
        _check(wildcard_problem(self.pattern))


@dataclass(frozen=True, slots=True)
class Field:
    """A field filter ``name:value``. The value has no leading ``#`` or ``@``."""

    name: str
    value: str

    def __post_init__(self) -> None:
        _check(field_problem(self.name, self.value))


@dataclass(frozen=True, slots=True)
class And:
    """Every child must match."""

    children: tuple["Node", ...]

    def __post_init__(self) -> None:
        if len(self.children) < 2:
            raise ValueError("And needs at least two children")


@dataclass(frozen=True, slots=True)
class Or:
    """At least one child must match."""

    children: tuple["Node", ...]

    def __post_init__(self) -> None:
        if len(self.children) < 2:
            raise ValueError("Or needs at least two children")


@dataclass(frozen=True, slots=True)
class Not:
    """The child must not match."""

    child: "Node"


@dataclass(frozen=True, slots=True)
class Near:
    """``left NEAR/n right``: both sides match, with at most ``distance`` other
    words between them. ``ordered`` (ONEAR/n) also needs ``left`` first.

    Each side is a term, phrase, wildcard, hashtag, mention or cashtag, or an
    Or or Near of those.
    """

    left: "Node"
    right: "Node"
    distance: int
    ordered: bool = False

    def __post_init__(self) -> None:
        _check(near_problem(self.distance))
        for side in (self.left, self.right):
            if not is_positional(side):
                raise ValueError(NEAR_OPERAND_PROBLEM)


Node = Term | Phrase | Prefix | Wildcard | Field | And | Or | Not | Near

NEAR_OPERAND_PROBLEM = (
    "NEAR needs a term, phrase, wildcard, hashtag, mention, cashtag"
    " or an OR group of them on each side"
)


def is_positional(node: Node) -> bool:
    """Return whether ``node`` matches words at positions, so NEAR can use it."""
    if isinstance(node, Term | Phrase | Prefix | Wildcard | Near):
        return True
    if isinstance(node, Field):
        return node.name in POSITIONAL_FIELDS
    if isinstance(node, Or):
        return all(is_positional(child) for child in node.children)
    return False


def has_positive_term(node: Node) -> bool:
    """Return whether every post that ``node`` matches must contain something.

    ``NOT acme`` and ``acme OR NOT beta`` fail this test, because they would
    match nearly every post.
    """
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(has_positive_term(child) for child in node.children)
    if isinstance(node, Or):
        return all(has_positive_term(child) for child in node.children)
    return True


def format_query(node: Node) -> str:
    """Print ``node`` as query text that parses back into an equal tree.

    Operators are written out as ``AND``, ``OR`` and ``NOT``. Parentheses are
    added where precedence needs them, around an And inside an And or an Or
    inside an Or, and around a Near on the right of a Near, so that nested
    groups survive the round trip.
    """
    if isinstance(node, Term):
        return node.text
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Prefix):
        return f"{node.stem}*"
    if isinstance(node, Wildcard):
        return node.pattern
    if isinstance(node, Field):
        return _format_field(node)
    if isinstance(node, Near):
        return _format_near(node)
    if isinstance(node, Not):
        return "NOT " + _format_operand(node.child, (And, Or, Near))
    if isinstance(node, And):
        operands = (_format_operand(child, (And, Or)) for child in node.children)
        return " AND ".join(operands)
    return " OR ".join(_format_operand(child, (Or,)) for child in node.children)


def _format_operand(node: Node, grouped: tuple[type, ...]) -> str:
    text = format_query(node)
    if isinstance(node, grouped):
        return f"({text})"
    return text


def _format_near(node: Near) -> str:
    operator = f"{'ONEAR' if node.ordered else 'NEAR'}/{node.distance}"
    left = _format_operand(node.left, (Or,))
    right = _format_operand(node.right, (Or, Near))
    return f"{left} {operator} {right}"


def _format_field(node: Field) -> str:
    sign = _SIGNS.get(node.name)
    if sign:
        return sign + node.value
    if is_bare(node.value):
        return f"{node.name}:{node.value}"
    return f'{node.name}:"{node.value}"'
