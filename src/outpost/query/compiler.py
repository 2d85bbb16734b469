"""Compile a syntax tree into matchers that test a document and return match spans.

Each compiled node also reports its anchors: index keys of which a matching
document must contain at least one. QueryMatcher uses them to skip the queries
that cannot match a post.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from outpost.errors import QuerySyntaxError
from outpost.query.document import Document, DocumentIndex, Occurrence, Span
from outpost.query.parser import parse_query
from outpost.query.rules import field_norm, term_words
from outpost.query.syntax import (
    And,
    Field,
    Node,
    Not,
    Phrase,
    Prefix,
    Term,
    format_query,
    has_positive_term,
)

# An index key: (kind, value), kind being "word", "prefix", "hashtag", "mention"
# or "author". A "prefix" key contains the first PREFIX_KEY_LENGTH characters.
Anchor = tuple[str, str]
PREFIX_KEY_LENGTH = 3


class _Matcher:
    """A compiled node. ``spans`` returns None when the node does not match."""

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        raise NotImplementedError

    def anchors(self) -> frozenset[Anchor] | None:
        """Return keys of which a matching document contains one, or None when
        the node can match a document that contains none of its words."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class _WordMatcher(_Matcher):
    norm: str

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        occurrences = index.words.get(self.norm)
        if not occurrences:
            return None
        return [(start, end) for _, _, start, end in occurrences]

    def anchors(self) -> frozenset[Anchor]:
        return frozenset({("word", self.norm)})


@dataclass(frozen=True, slots=True)
class _SequenceMatcher(_Matcher):
    """Words that must follow each other: a phrase, or a term of several words."""

    norms: tuple[str, ...]

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        lists = [index.words.get(norm) for norm in self.norms]
        if not all(lists):
            return None
        found = []
        for first in lists[0] or ():
            last = _follow(first, lists[1:])
            if last is not None:
                found.append((first[2], last[3]))
        return found or None

    def anchors(self) -> frozenset[Anchor]:
        # The longest word is likely the rarest, so it selects fewest documents.
        return frozenset({("word", max(self.norms, key=len))})


def _follow(
    first: Occurrence, rest: list[list[Occurrence] | None]
) -> Occurrence | None:
    """Return the last occurrence of a chain that starts at ``first`` and takes one
    occurrence from each list of ``rest`` at the next position, or None."""
    current = first
    for occurrences in rest:
        next_position = current[1] + 1
        following = [o for o in occurrences or () if o[0] == next_position]
        if not following:
            return None
        current = following[0]
    return current


@dataclass(frozen=True, slots=True)
class _PrefixMatcher(_Matcher):
    stem: str

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found = [
            (start, end)
            for norm, occurrences in index.words.items()
            if norm.startswith(self.stem)
            for _, _, start, end in occurrences
        ]
        return found or None

    def anchors(self) -> frozenset[Anchor]:
        return frozenset({("prefix", self.stem[:PREFIX_KEY_LENGTH])})


@dataclass(frozen=True, slots=True)
class _FieldMatcher(_Matcher):
    name: str
    norm: str

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        if self.name == "author":
            return [] if index.author == self.norm else None
        table = index.hashtags if self.name == "hashtag" else index.mentions
        return table.get(self.norm)

    def anchors(self) -> frozenset[Anchor]:
        return frozenset({(self.name, self.norm)})


@dataclass(frozen=True, slots=True)
class _AndMatcher(_Matcher):
    children: tuple[_Matcher, ...]

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found: list[Span] = []
        for child in self.children:
            spans = child.spans(index)
            if spans is None:
                return None
            found += spans
        return found

    def anchors(self) -> frozenset[Anchor] | None:
        # Every child must match, so the anchors of any one child will do.
        options = [a for a in (c.anchors() for c in self.children) if a is not None]
        return min(options, key=len, default=None)


@dataclass(frozen=True, slots=True)
class _OrMatcher(_Matcher):
    children: tuple[_Matcher, ...]

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found: list[Span] | None = None
        for child in self.children:
            spans = child.spans(index)
            if spans is not None:
                found = (found or []) + spans
        return found

    def anchors(self) -> frozenset[Anchor] | None:
        keys: set[Anchor] = set()
        for child in self.children:
            anchors = child.anchors()
            if anchors is None:
                return None
            keys |= anchors
        return frozenset(keys)


@dataclass(frozen=True, slots=True)
class _NotMatcher(_Matcher):
    child: _Matcher

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        return [] if self.child.spans(index) is None else None

    def anchors(self) -> None:
        return None


class CompiledQuery:
    """A watch query ready to match documents."""

    __slots__ = ("_root", "anchors", "node")

    def __init__(self, node: Node) -> None:
        self.node = node
        self._root = _compile(node)
        # Keys of which every matching document contains at least one.
        self.anchors: frozenset[Anchor] | None = self._root.anchors()

    def match(self, document: Document) -> list[Span] | None:
        """Return None if ``document`` does not match, else the sorted spans of
        the matched occurrences of the positive terms, each span once."""
        spans = self._root.spans(document.index)
        if spans is None:
            return None
        return sorted(set(spans))

    def __repr__(self) -> str:
        return f"CompiledQuery({format_query(self.node)!r})"


def compile_query(query: str | Node) -> CompiledQuery:
    """Parse ``query`` if it is text, and compile it.

    Raises QuerySyntaxError for invalid text, or for a tree without a positive
    term (then with column 1 of the printed tree).
    """
    node = parse_query(query) if isinstance(query, str) else query
    if not has_positive_term(node):
        raise QuerySyntaxError(format_query(node), 1, "query has no positive term")
    return CompiledQuery(node)


def _compile(node: Node) -> _Matcher:
    if isinstance(node, Term | Phrase):
        return _compile_words(term_words(node.text))
    if isinstance(node, Prefix):
        return _PrefixMatcher(term_words(node.stem)[0])
    if isinstance(node, Field):
        return _FieldMatcher(node.name, field_norm(node.name, node.value))
    if isinstance(node, Not):
        return _NotMatcher(_compile(node.child))
    children = tuple(_compile(child) for child in node.children)
    if isinstance(node, And):
        return _AndMatcher(children)
    return _OrMatcher(children)


def _compile_words(norms: Iterable[str]) -> _Matcher:
    words = tuple(norms)
    if len(words) == 1:
        return _WordMatcher(words[0])
    return _SequenceMatcher(words)
