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
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    QueryMatcher,
    Term,
    Wildcard,
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
# The documents mix in the hard text cases: case and width folding, compounds,
# homoglyphs, ignorable characters, CJK, Mastodon handles, URLs and link targets.
words = st.sampled_from(VOCABULARY)
near_leaves = st.one_of(
    words.map(Term),
    st.lists(words, min_size=2, max_size=3).map(lambda ws: Phrase(" ".join(ws))),
    st.sampled_from(["lea", "gas", "acm", "sup", "state-of-the-"]).map(Prefix),
    st.sampled_from(["lea?s", "gas*et", "acm?", "sup*t*"]).map(Wildcard),
    st.sampled_from(["東京", "hs-200", "istanbul", "français"]).map(Term),
    st.tuples(st.sampled_from(["hashtag", "mention", "cashtag"]), words).map(
        lambda pair: Field(*pair)
    ),
)
leaves = st.one_of(
    near_leaves,
    st.sampled_from(
        [
            Field("author", "bob"),
            Field("lang", "en"),
            Field("lang", "de-ch"),
            Field("source", "mastodon"),
            Field("url", "acme.com"),
            Field("url", "leak"),
            Field("raw", "ACME"),
            Field("raw", "p-1"),
            Field("mention", "acme@social.example"),
        ]
    ),
)
near_groups = st.recursive(
    near_leaves,
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda c: Or(tuple(c))),
        st.builds(Near, children, children, st.integers(0, 3), st.booleans()),
    ),
    max_leaves=3,
)


def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    groups = st.lists(children, min_size=2, max_size=3).map(tuple)
    return st.one_of(groups.map(And), groups.map(Or), children.map(Not))


trees = st.recursive(st.one_of(leaves, near_groups), extend, max_leaves=6)
# A tree without a positive term gets one, because filtering them out rejects
# too many trees for Hypothesis.
positive_trees = st.tuples(trees, near_leaves).map(
    lambda pair: pair[0] if has_positive_term(pair[0]) else And(pair)
)
document_words = st.one_of(
    words,
    words.map(str.upper),
    words.map(lambda word: "#" + word),
    words.map(lambda word: "@" + word.upper()),
    words.map(lambda word: "$" + word.upper()),
    st.lists(words, min_size=2, max_size=3).map(
        lambda ws: "#" + "".join(w.title() for w in ws)
    ),
    st.sampled_from(
        [
            "https://acme.com/leak",
            "(https://www.acme.com/gasket_(x)).",
            "\u0430cme",  # Cyrillic а
            "g\u0430sk\u0435t",
            "Ａｃｍｅ",
            "ＨＳ－２００",
            "hs-200",
            "İSTANBUL",
            "français",
            "fran",
            "state-of-the-art",
            "lea\u00adk",
            "sup\u200bport",
            "\ufeffbeta",
            "我爱東京",
            "@acme@social.example",
            "ACME",
            "p-1",
            "Москва",
        ]
    ),
)
documents = st.builds(
    lambda ws, author, language, source, links: Document.from_text(
        " ".join(ws), author=author, language=language, source=source, links=links
    ),
    st.lists(document_words, max_size=10),
    st.one_of(st.none(), words, st.just("Bob"), st.just("acme@social.example")),
    st.sampled_from([None, "en", "en-US", "de-CH", "de"]),
    st.sampled_from([None, "mastodon", "Mastodon", "bluesky"]),
    st.lists(
        st.sampled_from(["https://acme.com/x", "https://leak.example"]), max_size=1
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(positive_trees, min_size=1, max_size=8), documents)
def test_matcher_equals_one_by_one(nodes: list[Node], document: Document) -> None:
    queries = {f"q{i}": compile_query(node) for i, node in enumerate(nodes)}
    matcher = QueryMatcher(queries)
    assert matcher.match(document) == match_one_by_one(queries, document)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(positive_trees, min_size=2, max_size=8),
    st.lists(st.booleans(), min_size=8, max_size=8),
    documents,
)
def test_matcher_after_removals_equals_one_by_one(
    nodes: list[Node], removed: list[bool], document: Document
) -> None:
    queries = {f"q{i}": compile_query(node) for i, node in enumerate(nodes)}
    matcher = QueryMatcher(queries)
    for key, remove in zip(list(queries), removed, strict=False):
        if remove:
            matcher.remove(key)
            del queries[key]
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


def test_candidates_need_both_keys_of_pair() -> None:
    matcher = QueryMatcher({"bags": compile_query("@united (bag OR luggage)")})
    assert matcher.candidates(Document.from_text("@united hello")) == set()
    assert matcher.candidates(Document.from_text("@united my bag")) == {"bags"}


def test_or_query_is_filed_per_branch() -> None:
    query = compile_query("#rockstar OR (after @united)")
    matcher = QueryMatcher({"q": query})
    assert matcher.candidates(Document.from_text("@united hello")) == set()
    assert matcher.candidates(Document.from_text("#rockstar")) == {"q"}


def test_raw_queries_added_and_removed() -> None:
    matcher: QueryMatcher[str] = QueryMatcher({"word": compile_query("acme")})
    document = Document.from_text("ACME and acme")
    matcher.add("raw", compile_query('raw:"ACME"'))
    assert matcher.match(document) == [("word", [(0, 4), (9, 13)]), ("raw", [(0, 4)])]
    matcher.add("raw2", compile_query("raw:and"))
    assert [key for key, _ in matcher.match(document)] == ["word", "raw", "raw2"]
    matcher.remove("raw")
    assert [key for key, _ in matcher.match(document)] == ["word", "raw2"]


def test_wildcard_keys_only_when_needed() -> None:
    matcher: QueryMatcher[str] = QueryMatcher({"word": compile_query("gasket")})
    document = Document.from_text("gaskets leak")
    assert matcher.match(document) == []
    matcher.add("prefix", compile_query("gask*"))
    assert matcher.match(document) == [("prefix", [(0, 7)])]
    matcher.remove("prefix")
    assert matcher.match(document) == []


def test_query_without_keys_is_always_candidate() -> None:
    # compile_query rejects this tree, but CompiledQuery accepts it.
    query = CompiledQuery(Or((Term("acme"), Not(Term("beta")))))
    matcher = QueryMatcher({"loose": query})
    assert matcher.match(Document.from_text("gamma")) == [("loose", [])]
    assert matcher.match(Document.from_text("beta")) == []
    matcher.remove("loose")
    assert matcher.match(Document.from_text("gamma")) == []
