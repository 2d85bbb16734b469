"""Match one document against many compiled watch queries at once.

QueryMatcher is a presearcher. Each query is filed in an inverted index under
the keys or key pairs of CompiledQuery.filing, which every matching post
contains. A pair makes ``@united (bag OR luggage)`` a candidate only for posts
that contain a key of each side, not for every post that mentions United. The
candidates must then contain a key of every clause of CompiledQuery.required,
and only those are evaluated exactly. Adding or removing a query touches only
its own entries.
"""

from collections.abc import Hashable, Mapping
from types import MappingProxyType
from typing import Generic, TypeVar

import ahocorasick

from outpost.query.compiler import CompiledQuery
from outpost.query.document import PREFIX_KEY, RAW_KEY, Document, DocumentIndex, Span

K = TypeVar("K", bound=Hashable)


class QueryMatcher(Generic[K]):
    """Compiled queries keyed by id, matched together against each document.

    The result is the same as evaluating every query in turn.
    """

    def __init__(self, queries: Mapping[K, CompiledQuery] | None = None) -> None:
        self._queries: dict[K, CompiledQuery] = {}
        self._order: dict[K, int] = {}
        self._next_order = 0
        # Key to the queries filed under it alone.
        self._single: dict[str, list[K]] = {}
        # First key, then second key, to the queries filed under the pair.
        self._pairs: dict[str, dict[str, list[K]]] = {}
        # Queries without keys to file them under, which compile_query does not
        # make but a CompiledQuery built from a tree by hand can be. They are
        # candidates for every document.
        self._unfiled: dict[K, None] = {}
        # How many filed keys are wildcard or raw keys, which a document's keys
        # only include when some query needs them.
        self._prefix_keys = 0
        self._raw_values: dict[str, int] = {}
        self._raw_automaton: ahocorasick.Automaton | None = None
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
        if not query.filing:
            self._unfiled[key] = None
        for first, second in query.filing:
            if second is None:
                self._single.setdefault(first, []).append(key)
            else:
                inner = self._pairs.setdefault(first, {})
                inner.setdefault(second, []).append(key)
        self._count_special_keys(query, 1)

    def remove(self, key: K) -> None:
        """Remove the query stored under ``key``; raise KeyError if there is none."""
        query = self._queries.pop(key)
        del self._order[key]
        self._unfiled.pop(key, None)
        for first, second in query.filing:
            if second is None:
                _discard(self._single, first, key)
            else:
                inner = self._pairs[first]
                _discard(inner, second, key)
                if not inner:
                    del self._pairs[first]
        self._count_special_keys(query, -1)

    def match(self, document: Document) -> list[tuple[K, list[Span]]]:
        """Return ``(key, spans)`` for every query that matches ``document``, in the
        order of ``queries``, with the spans that CompiledQuery.match returns."""
        keys = self._document_keys(document.index)
        queries = self._queries
        survivors = []
        for key in self._select(keys):
            # Test every required clause with set operations first: most
            # candidates fail one, and that is much cheaper than evaluating.
            for clause in queries[key].required:
                if clause.isdisjoint(keys):
                    break
            else:
                survivors.append(key)
        survivors.sort(key=self._order.__getitem__)
        results = []
        for key in survivors:
            spans = queries[key].match(document)
            if spans is not None:
                results.append((key, spans))
        return results

    def candidates(self, document: Document) -> set[K]:
        """Return the keys of the queries that may match ``document``: a superset
        of the ones that do."""
        return self._select(self._document_keys(document.index))

    def _select(self, keys: set[str]) -> set[K]:
        found: set[K] = set(self._unfiled)
        single = self._single
        pairs = self._pairs
        # The tables are far larger than a post's keys, so the keys are looped.
        for key in keys:
            queries = single.get(key)
            if queries is not None:
                found.update(queries)
            inner = pairs.get(key)
            if inner is not None:
                for second in inner.keys() & keys:
                    found.update(inner[second])
        return found

    def _document_keys(self, index: DocumentIndex) -> set[str]:
        keys = index.keys
        if self._prefix_keys:
            keys = keys | index.prefix_keys()
        if self._raw_values:
            keys = keys | self._raw_keys(index.text)
        return keys

    def _raw_keys(self, text: str) -> set[str]:
        if self._raw_automaton is None:
            automaton = ahocorasick.Automaton()
            for value in self._raw_values:
                automaton.add_word(value, RAW_KEY + value)
            automaton.make_automaton()
            self._raw_automaton = automaton
        return {key for _, key in self._raw_automaton.iter(text)}

    def _count_special_keys(self, query: CompiledQuery, change: int) -> None:
        for clause in query.required:
            for key in clause:
                if key.startswith(PREFIX_KEY):
                    self._prefix_keys += change
                elif key.startswith(RAW_KEY):
                    self._count_raw_value(key[len(RAW_KEY) :], change)

    def _count_raw_value(self, value: str, change: int) -> None:
        count = self._raw_values.get(value, 0) + change
        if count:
            self._raw_values[value] = count
        else:
            del self._raw_values[value]
        if count in (0, change):
            # The set of raw values changed, so the automaton is rebuilt from
            # them on the next match. It holds only raw values, which are few.
            self._raw_automaton = None


def _discard(table: dict[str, list[K]], name: str, key: K) -> None:
    keys = table[name]
    keys.remove(key)
    if not keys:
        del table[name]
