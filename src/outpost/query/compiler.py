"""Compile a syntax tree into matchers that test a document and return match spans.

Each compiled query also lists the index keys it needs (see CompiledQuery.required),
which QueryMatcher uses to skip the queries that cannot match a post.
"""

import re
from collections.abc import Iterable
from itertools import product

from outpost.errors import QuerySyntaxError
from outpost.query.document import (
    AUTHOR_KEY,
    CASHTAG_KEY,
    HASHTAG_KEY,
    LANGUAGE_KEY,
    MENTION_KEY,
    PREFIX_KEY,
    PREFIX_LENGTH,
    RAW_KEY,
    SOURCE_KEY,
    URL_KEY,
    Document,
    DocumentIndex,
    Occurrence,
    Span,
)
from outpost.query.parser import parse_query
from outpost.query.proximity import (
    EitherPositions,
    NearPositions,
    Positions,
    TermPositions,
)
from outpost.query.rules import field_norm, term_words, url_parts, wildcard_pieces
from outpost.query.syntax import (
    And,
    Field,
    Near,
    Node,
    Not,
    Phrase,
    Prefix,
    Term,
    Wildcard,
    format_query,
    has_positive_term,
)

# A set of index keys of which a matching document contains at least one.
Clause = frozenset[str]

# A key, or a pair of keys that a document must both contain.
Filing = tuple[str, str | None]

# Most clauses an Or keeps when it combines the clauses of its children.
_MAX_OR_CLAUSES = 4
# Most keys or key pairs one query is filed under; past that a query is filed
# under its cheapest clause alone.
MAX_FILING = 32
# Common English words, which select many posts when used as an index key.
_COMMON_TEXT = (
    "a about after all also am an and any are as at be been but by can"
    " could did do does for from get go got had has have he her him his how"
    " i if in is it its just like me more my no not now of on one or our out"
    " so than that the their them then there they this to up us was we were"
    " what when which who will with would you your"
)
_COMMON_WORDS = frozenset(_COMMON_TEXT.split())


class _Matcher:
    """A compiled node. ``spans`` returns None when the node does not match."""

    __slots__ = ()

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        raise NotImplementedError

    def positions(self, index: DocumentIndex) -> Positions:
        """Return the positional matches, for the nodes that NEAR accepts."""
        raise NotImplementedError

    def clauses(self) -> list[Clause]:
        """Return clauses of which a matching document satisfies every one."""
        raise NotImplementedError

    def filing(self) -> list[Filing]:
        """Return the keys and key pairs to file the node under in an index: a
        matching document contains one of them (both keys of a pair)."""
        return file_by_clauses(self.clauses())


class _WordMatcher(_Matcher):
    __slots__ = ("norm",)

    def __init__(self, norm: str) -> None:
        self.norm = norm

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        occurrences = index.words.get(self.norm)
        if not occurrences:
            return None
        return [(o[2], o[3]) for o in occurrences]

    def positions(self, index: DocumentIndex) -> Positions:
        return TermPositions(index.words.get(self.norm) or ())

    def clauses(self) -> list[Clause]:
        return [frozenset({self.norm})]


class _SequenceMatcher(_Matcher):
    """Words that must follow each other: a phrase, or a term of several words."""

    __slots__ = ("norms",)

    def __init__(self, norms: tuple[str, ...]) -> None:
        self.norms = norms

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found = self._occurrences(index)
        return [(o[2], o[3]) for o in found] if found else None

    def positions(self, index: DocumentIndex) -> Positions:
        return TermPositions(self._occurrences(index))

    def _occurrences(self, index: DocumentIndex) -> list[Occurrence]:
        """Return one occurrence, from the first word's start to the last word's
        end, for each run of the words at following positions."""
        words = index.words
        lists = [words.get(norm) for norm in self.norms]
        if not all(lists):
            return []
        # The first occurrence at each position, as a phrase has always taken.
        by_first: list[dict[int, Occurrence]] = [{} for _ in lists[1:]]
        for table, occurrences in zip(by_first, lists[1:], strict=True):
            for occurrence in reversed(occurrences or ()):
                table[occurrence[0]] = occurrence
        found: list[Occurrence] = []
        for first in lists[0] or ():
            last = _follow(first, by_first)
            if last is not None:
                found.append((first[0], last[1], first[2], last[3]))
        return found

    def clauses(self) -> list[Clause]:
        return [frozenset({norm}) for norm in dict.fromkeys(self.norms)]


def _follow(first: Occurrence, rest: list[dict[int, Occurrence]]) -> Occurrence | None:
    """Return the last occurrence of a chain that starts at ``first`` and takes
    from each table of ``rest`` the occurrence at the next position, or None."""
    current = first
    for by_first in rest:
        following = by_first.get(current[1] + 1)
        if following is None:
            return None
        current = following
    return current


class _WildcardMatcher(_Matcher):
    """A word pattern. A plain trailing ``*`` is tested with ``startswith``."""

    __slots__ = ("pattern", "stem")

    def __init__(self, pieces: list[str]) -> None:
        self.stem = pieces[0]
        self.pattern: re.Pattern[str] | None = None
        if pieces[1:] != ["*"]:
            regex = "".join(_wildcard_regex(piece) for piece in pieces)
            self.pattern = re.compile(regex, re.DOTALL)

    def _matches(self, word: str) -> bool:
        if not word.startswith(self.stem):
            return False
        return self.pattern is None or self.pattern.fullmatch(word) is not None

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found = [
            (o[2], o[3])
            for word, occurrences in index.words.items()
            if self._matches(word)
            for o in occurrences
        ]
        return found or None

    def positions(self, index: DocumentIndex) -> Positions:
        return TermPositions(
            occurrence
            for word, occurrences in index.words.items()
            if self._matches(word)
            for occurrence in occurrences
        )

    def clauses(self) -> list[Clause]:
        return [frozenset({PREFIX_KEY + self.stem[:PREFIX_LENGTH]})]


def _wildcard_regex(piece: str) -> str:
    if piece == "?":
        return "."
    if piece == "*":
        return ".*"
    return re.escape(piece)


class _TableMatcher(_Matcher):
    """A hashtag, mention or cashtag field, looked up in its own table."""

    __slots__ = ("key", "norm", "table")

    def __init__(self, table: str, key: str, norm: str) -> None:
        self.table = table
        self.key = key
        self.norm = norm

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        occurrences = getattr(index, self.table).get(self.norm)
        if not occurrences:
            return None
        return [(o[2], o[3]) for o in occurrences]

    def positions(self, index: DocumentIndex) -> Positions:
        return TermPositions(getattr(index, self.table).get(self.norm) or ())

    def clauses(self) -> list[Clause]:
        return [frozenset({self.key + self.norm})]


class _UrlMatcher(_Matcher):
    """A ``url:`` value, whose parts must appear side by side in one URL."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[str, ...]) -> None:
        self.parts = parts

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found: list[Span] | None = None
        for parts, span in index.urls:
            if _contains_run(parts, self.parts):
                found = found or []
                if span is not None:
                    found.append(span)
        return found

    def clauses(self) -> list[Clause]:
        return [frozenset({URL_KEY + part}) for part in dict.fromkeys(self.parts)]


def _contains_run(parts: tuple[str, ...], run: tuple[str, ...]) -> bool:
    size = len(run)
    return any(
        parts[start : start + size] == run for start in range(len(parts) - size + 1)
    )


class _ValueMatcher(_Matcher):
    """An author, language or source field, which matches without a span."""

    __slots__ = ("key", "name", "norm")

    def __init__(self, name: str, norm: str) -> None:
        self.name = name
        self.norm = norm
        if name == "author":
            self.key = AUTHOR_KEY + norm
        elif name == "lang":
            self.key = LANGUAGE_KEY + norm.partition("-")[0]
        else:
            self.key = SOURCE_KEY + norm

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        if self.name == "author":
            return [] if self.norm in index.author else None
        if self.name == "source":
            return [] if index.source == self.norm else None
        language = index.language
        if language is None:
            return None
        if language == self.norm or language.startswith(self.norm + "-"):
            return []
        return None

    def clauses(self) -> list[Clause]:
        return [frozenset({self.key})]


class _RawMatcher(_Matcher):
    """A ``raw:`` value, found exactly and case-sensitively in the text."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found = []
        start = index.text.find(self.value)
        while start != -1:
            found.append((start, start + len(self.value)))
            start = index.text.find(self.value, start + 1)
        return found or None

    def clauses(self) -> list[Clause]:
        return [frozenset({RAW_KEY + self.value})]


class _AndMatcher(_Matcher):
    __slots__ = ("children",)

    def __init__(self, children: tuple[_Matcher, ...]) -> None:
        self.children = children

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found: list[Span] = []
        for child in self.children:
            spans = child.spans(index)
            if spans is None:
                return None
            found += spans
        return found

    def clauses(self) -> list[Clause]:
        return _unique(c for child in self.children for c in child.clauses())


class _OrMatcher(_Matcher):
    __slots__ = ("children",)

    def __init__(self, children: tuple[_Matcher, ...]) -> None:
        self.children = children

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found: list[Span] | None = None
        for child in self.children:
            spans = child.spans(index)
            if spans is not None:
                found = (found or []) + spans
        return found

    def positions(self, index: DocumentIndex) -> Positions:
        return EitherPositions([child.positions(index) for child in self.children])

    def filing(self) -> list[Filing]:
        # A matching document matches one child, so the filings of all children
        # together select it, and each is more selective than a common clause.
        filings = [child.filing() for child in self.children]
        if not all(filings):
            return []  # a child that matches without any key, such as a NOT
        entries = list(dict.fromkeys(f for filing in filings for f in filing))
        if len(entries) > MAX_FILING:
            return file_by_clauses(self.clauses())
        return entries

    def clauses(self) -> list[Clause]:
        # A document that matches satisfies one child, so each clause takes one
        # clause of every child: the product, limited to the cheapest ones.
        options = [sort_clauses(child.clauses())[:2] for child in self.children]
        if any(not option for option in options):
            return []
        combined = (frozenset().union(*choice) for choice in product(*options))
        return sort_clauses(_unique(combined))[:_MAX_OR_CLAUSES]


class _NotMatcher(_Matcher):
    __slots__ = ("child",)

    def __init__(self, child: _Matcher) -> None:
        self.child = child

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        return [] if self.child.spans(index) is None else None

    def clauses(self) -> list[Clause]:
        return []


class _NearMatcher(_Matcher):
    __slots__ = ("distance", "left", "ordered", "right")

    def __init__(
        self, left: _Matcher, right: _Matcher, distance: int, ordered: bool
    ) -> None:
        self.left = left
        self.right = right
        self.distance = distance
        self.ordered = ordered

    def spans(self, index: DocumentIndex) -> list[Span] | None:
        found = self.positions(index)
        if isinstance(found, NearPositions) and found.matches():
            return found.all_spans()
        return None  # the left side did not match

    def positions(self, index: DocumentIndex) -> Positions:
        left = self.left.positions(index)
        if not left.intervals:
            return left
        right = self.right.positions(index)
        return NearPositions(left, right, self.distance, self.ordered)

    def clauses(self) -> list[Clause]:
        return _unique([*self.left.clauses(), *self.right.clauses()])


def _unique(clauses: Iterable[Clause]) -> list[Clause]:
    return list(dict.fromkeys(clauses))


def key_cost(key: str) -> int:
    """Return a guess of how many posts contain ``key``, as a rank: lower keys
    are expected in fewer posts, so they make better index keys.

    Longer words are taken to be rarer than short ones and common English words
    to be frequent. A language or source is shared by many posts.
    """
    sign = key[0]
    if sign == LANGUAGE_KEY:
        return 1000
    if sign == SOURCE_KEY:
        return 500
    if sign == PREFIX_KEY:
        return 40
    if sign in (AUTHOR_KEY, RAW_KEY):
        return 5
    if sign in (HASHTAG_KEY, MENTION_KEY, CASHTAG_KEY, URL_KEY):
        return 12 - min(len(key), 8)
    if key in _COMMON_WORDS:
        return 200
    return 20 - min(len(key), 12)


def clause_cost(clause: Clause) -> int:
    """Return the summed key_cost of a clause's keys."""
    return sum(key_cost(key) for key in clause)


def sort_clauses(clauses: list[Clause]) -> list[Clause]:
    """Return ``clauses`` from the cheapest to the most expensive, ties by text."""
    return sorted(clauses, key=lambda clause: (clause_cost(clause), sorted(clause)))


def file_by_clauses(clauses: list[Clause]) -> list[Filing]:
    """Return the pairs of keys of the cheapest clause and the cheapest clause
    that shares no key with it, or the keys of the cheapest clause alone."""
    ordered = sort_clauses(clauses)
    if not ordered:
        return []
    first = ordered[0]
    # A second clause with a key of the first, as two clauses made from one
    # OR can have, selects no fewer posts than the first alone.
    for second in ordered[1:]:
        if second.isdisjoint(first) and len(first) * len(second) <= MAX_FILING:
            return [(a, b) for a in sorted(first) for b in sorted(second)]
    return [(a, None) for a in sorted(first)]


class CompiledQuery:
    """A watch query ready to match documents."""

    __slots__ = ("_root", "filing", "node", "required")

    def __init__(self, node: Node) -> None:
        self.node = node
        self._root = _compile(node)
        # Clauses that every matching document satisfies, cheapest first. A
        # query with a positive term always has at least one.
        self.required: tuple[Clause, ...] = tuple(sort_clauses(self._root.clauses()))
        # Keys and key pairs for QueryMatcher, of which a matching document
        # contains at least one.
        self.filing: tuple[Filing, ...] = tuple(self._root.filing())

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
        return _compile_wildcard(node.stem + "*")
    if isinstance(node, Wildcard):
        return _compile_wildcard(node.pattern)
    if isinstance(node, Field):
        return _compile_field(node)
    if isinstance(node, Not):
        return _NotMatcher(_compile(node.child))
    if isinstance(node, Near):
        left, right = _compile(node.left), _compile(node.right)
        return _NearMatcher(left, right, node.distance, node.ordered)
    children = tuple(_compile(child) for child in node.children)
    if isinstance(node, And):
        return _AndMatcher(children)
    return _OrMatcher(children)


def _compile_words(words: list[str]) -> _Matcher:
    if len(words) == 1:
        return _WordMatcher(words[0])
    return _SequenceMatcher(tuple(words))


def _compile_wildcard(pattern: str) -> _Matcher:
    pieces = wildcard_pieces(pattern)
    assert pieces is not None  # the syntax tree rejects other patterns
    return _WildcardMatcher(pieces)


_TABLES = {
    "hashtag": ("hashtags", HASHTAG_KEY),
    "mention": ("mentions", MENTION_KEY),
    "cashtag": ("cashtags", CASHTAG_KEY),
}


def _compile_field(node: Field) -> _Matcher:
    norm = field_norm(node.name, node.value)
    if node.name in _TABLES:
        table, key = _TABLES[node.name]
        return _TableMatcher(table, key, norm)
    if node.name == "url":
        return _UrlMatcher(url_parts(norm))
    if node.name == "raw":
        return _RawMatcher(norm)
    return _ValueMatcher(node.name, norm)
