"""Tests for QueryMatcher: many queries against one document, same as one by one."""

import csv
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outpost.query import (
    And,
    CompiledQuery,
    Document,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    QueryMatcher,
    Term,
    compile_query,
    format_query,
    parse_query,
)
from outpost.query.syntax import has_positive_term

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
VOCABULARY = ["acme", "beta", "leak", "leaks", "gasket", "support", "fail"]


def match_one_by_one(
    queries: dict[str, CompiledQuery], document: Document
) -> list[tuple[str, list[tuple[int, int]]]]:
    results = []
    for key, query in queries.items():
        spans = query.match(document)
        if spans is not None:
            results.append((key, spans))
    return results


def test_matcher_returns_matches_in_insertion_order() -> None:
    matcher = QueryMatcher(
        {"b": compile_query("beta"), "a": compile_query("acme OR beta")}
    )
    document = Document.from_text("acme and beta")
    assert matcher.match(document) == [("b", [(9, 13)]), ("a", [(0, 4), (9, 13)])]


def test_matcher_add_replace_and_remove() -> None:
    matcher: QueryMatcher[int] = QueryMatcher({})
    matcher.add(1, compile_query("acme"))
    matcher.add(2, compile_query("beta"))
    matcher.add(1, compile_query("gamma"))
    document = Document.from_text("acme beta gamma")
    assert [key for key, _ in matcher.match(document)] == [2, 1]
    matcher.remove(2)
    assert [key for key, _ in matcher.match(document)] == [1]
    assert len(matcher) == 1
    with pytest.raises(KeyError):
        matcher.remove(2)


def test_matcher_selects_by_every_field_kind() -> None:
    queries = {
        "prefix": compile_query("gask*"),
        "hashtag": compile_query("#acme"),
        "mention": compile_query("@acme"),
        "author": compile_query("author:bob"),
        "phrase": compile_query('"gasket leak"'),
    }
    matcher = QueryMatcher(queries)
    document = Document.from_text("#acme @acme gasket leak", author="@Bob")
    assert [key for key, _ in matcher.match(document)] == list(queries)


# Random trees and documents over a small vocabulary, so that queries match often.
words = st.sampled_from(VOCABULARY)
leaves = st.one_of(
    words.map(Term),
    st.lists(words, min_size=2, max_size=3).map(lambda ws: Phrase(" ".join(ws))),
    st.sampled_from(["lea", "gas", "acm", "sup"]).map(Prefix),
    st.tuples(st.sampled_from(["hashtag", "mention", "author"]), words).map(
        lambda pair: Field(*pair)
    ),
)


def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    groups = st.lists(children, min_size=2, max_size=3).map(tuple)
    return st.one_of(groups.map(And), groups.map(Or), children.map(Not))


trees = st.recursive(leaves, extend, max_leaves=6)
positive_trees = trees.filter(has_positive_term)
document_words = st.one_of(
    words,
    words.map(lambda word: "#" + word),
    words.map(lambda word: "@" + word.upper()),
    st.lists(words, min_size=2, max_size=3).map(
        lambda ws: "#" + "".join(w.title() for w in ws)
    ),
    st.just("https://acme.com/leak"),
)
documents = st.builds(
    lambda ws, author: Document.from_text(" ".join(ws), author=author),
    st.lists(document_words, max_size=8),
    st.one_of(st.none(), words),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(positive_trees, min_size=1, max_size=8), documents)
def test_matcher_equals_one_by_one(nodes: list[Node], document: Document) -> None:
    queries = {f"q{i}": compile_query(node) for i, node in enumerate(nodes)}
    matcher = QueryMatcher(queries)
    assert matcher.match(document) == match_one_by_one(queries, document)


@settings(max_examples=100, deadline=None)
@given(trees)
def test_format_round_trip_of_random_trees(node: Node) -> None:
    if has_positive_term(node):
        assert parse_query(format_query(node)) == node


def load_airline_texts() -> list[str]:
    path = DATA / "airline-sentiment" / "Tweets.csv"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"missing data file {path}")
        pytest.skip(f"missing data file {path}")
    with path.open(encoding="utf-8", newline="") as file:
        return [row["text"] for row in csv.DictReader(file)]


AIRLINE_QUERIES = [
    "@united OR united",
    '@americanair OR "american airlines"',
    "delta OR #delta",
    "cancel* flight*",
    '"customer service" NOT thank*',
    "bag* (lost OR missing OR delayed)",
    "@southwestair refund*",
    'jetblue AND (wifi OR "wi-fi")',
    "(late OR delay*) NOT weather",
    "#fail OR #worst",
]


@pytest.mark.data
def test_matcher_on_airline_tweets() -> None:
    texts = load_airline_texts()
    queries = {q: compile_query(q) for q in AIRLINE_QUERIES}
    matcher = QueryMatcher(queries)
    results = [matcher.match(Document.from_text(text)) for text in texts]
    documents = [Document.from_text(text) for text in texts]
    assert results == [match_one_by_one(queries, d) for d in documents]
    matched = {key for result in results for key, _ in result}
    assert matched == set(AIRLINE_QUERIES)
