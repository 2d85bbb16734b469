"""Match one document against many compiled watch queries at once."""

from collections.abc import Hashable, Iterator, Mapping
from types import MappingProxyType
from typing import Generic, TypeVar

from outpost.query.compiler import PREFIX_KEY_LENGTH, CompiledQuery
from outpost.query.document import Document, DocumentIndex, Span

K = TypeVar("K", bound=Hashable)


class QueryMatcher(Generic[K]):
    """Compiled queries keyed by id, matched together against each document.

    An inverted index from each query's anchors (see CompiledQuery.anchors) to
    its key selects the candidates that can match a document, and only those
    are evaluated. The result is the same as evaluating every query in turn.
    """

    def __init__(self, queries: Mapping[K, CompiledQuery] | None = None) -> None:
        self._queries: dict[K, CompiledQuery] = {}
        self._order: dict[K, int] = {}
        self._next_order = 0
        # Anchor kind, then anchor value, to the keys of the queries it selects.
        self._postings: dict[str, dict[str, set[K]]] = {}
        # Queries without anchors, which are evaluated for every document.
        self._unanchored: set[K] = set()
        for key, query in (queries or {}).items():
            self.add(key, query)

    @property
    def queries(self) -> Mapping[K, CompiledQuery]:
        """The queries in the order they were added; a replaced one moves last."""
        return MappingProxyType(self._queries)

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, key: object) -> bool:
        return key in self._queries

    def add(self, key: K, query: CompiledQuery) -> None:
        """Add ``query`` under ``key``, replacing the query already stored there."""
        if key in self._queries:
            self.remove(key)
        self._queries[key] = query
        self._order[key] = self._next_order
        self._next_order += 1
        if query.anchors is None:
            self._unanchored.add(key)
            return
        for kind, value in query.anchors:
            self._postings.setdefault(kind, {}).setdefault(value, set()).add(key)

    def remove(self, key: K) -> None:
        """Remove the query stored under ``key``; raise KeyError if there is none."""
        query = self._queries.pop(key)
        del self._order[key]
        self._unanchored.discard(key)
        for kind, value in query.anchors or ():
            keys = self._postings[kind][value]
            keys.discard(key)
            if not keys:
                del self._postings[kind][value]

    def match(self, document: Document) -> list[tuple[K, list[Span]]]:
        """Return ``(key, spans)`` for every query that matches ``document``, in the
        order of ``queries``, with the spans that CompiledQuery.match returns."""
        candidates = sorted(
            self._candidates(document.index), key=self._order.__getitem__
        )
        results = []
        for key in candidates:
            spans = self._queries[key].match(document)
            if spans is not None:
                results.append((key, spans))
        return results

    def _candidates(self, index: DocumentIndex) -> set[K]:
        found = set(self._unanchored)
        for kind, values in self._document_keys(index):
            postings = self._postings.get(kind)
            if not postings:
                continue
            for value in values:
                keys = postings.get(value)
                if keys:
                    found |= keys
        return found

    def _document_keys(
        self, index: DocumentIndex
    ) -> Iterator[tuple[str, Iterator[str] | list[str]]]:
        yield "word", iter(index.words)
        if "prefix" in self._postings:
            prefixes = {word[:PREFIX_KEY_LENGTH] for word in index.words}
            yield "prefix", iter(prefixes)
        yield "hashtag", iter(index.hashtags)
        yield "mention", iter(index.mentions)
        if index.author is not None:
            yield "author", [index.author]
