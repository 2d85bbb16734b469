"""Syntax tree of a watch query, and printing a tree back into query text.

Nodes are frozen dataclasses, so two trees compare equal when they have the same
shape and the same text. A node raises ValueError for a value that the parser
would reject, which keeps ``parse_query(format_query(tree)) == tree`` true for
every tree that can be constructed.
"""

from dataclasses import dataclass

from outpost.query.rules import (
    field_problem,
    is_bare,
    phrase_problem,
    prefix_problem,
    term_problem,
)

# Fields written with a sign instead of "name:".
_SIGNS = {"hashtag": "#", "mention": "@"}


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


Node = Term | Phrase | Prefix | Field | And | Or | Not


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
    added where precedence needs them and around an And inside an And or an Or
    inside an Or, so that nested groups survive the round trip.
    """
    if isinstance(node, Term):
        return node.text
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Prefix):
        return f"{node.stem}*"
    if isinstance(node, Field):
        return _format_field(node)
    if isinstance(node, Not):
        return "NOT " + _format_operand(node.child, (And, Or))
    if isinstance(node, And):
        operands = (_format_operand(child, (And, Or)) for child in node.children)
        return " AND ".join(operands)
    return " OR ".join(_format_operand(child, (Or,)) for child in node.children)


def _format_operand(node: Node, grouped: tuple[type, ...]) -> str:
    text = format_query(node)
    if isinstance(node, grouped):
        return f"({text})"
    return text


def _format_field(node: Field) -> str:
    sign = _SIGNS.get(node.name)
    if sign:
        return sign + node.value
    if is_bare(node.value):
        return f"{node.name}:{node.value}"
    return f'{node.name}:"{node.value}"'
