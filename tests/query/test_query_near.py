"""Tests for NEAR/n and ONEAR/n chains on long chains and long posts."""

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outpost.errors import QuerySyntaxError
from outpost.query import Document, Near, Node, Or, Term, compile_query, parse_query
from outpost.query.proximity import MAX_NEAR_INTERVALS

# One match of a NEAR side for the reference: first and last word position and
# the spans of its terms.
Hit = tuple[int, int, frozenset[tuple[int, int]]]


def reference_hits(node: Node, document: Document) -> list[Hit]:
    """Return every match of ``node`` by trying each pair of side matches, which
    is slow but plainly follows the documented rule."""
    if isinstance(node, Term):
        occurrences = document.index.words.get(node.text, [])
        return [(o[0], o[1], frozenset({(o[2], o[3])})) for o in occurrences]
    if isinstance(node, Or):
        return [
            hit for child in node.children for hit in reference_hits(child, document)
        ]
    assert isinstance(node, Near)
    limit = node.distance + 1
    found = []
    pairs = product(
        reference_hits(node.left, document), reference_hits(node.right, document)
    )
    for left, right in pairs:
        after = left[1] < right[0] <= left[1] + limit
        before = right[1] < left[0] <= right[1] + limit
        if after or (before and not node.ordered):
            first, last = min(left[0], right[0]), max(left[1], right[1])
            found.append((first, last, left[2] | right[2]))
    return found


def reference_match(node: Node, document: Document) -> list[tuple[int, int]] | None:
    hits = reference_hits(node, document)
    if not hits:
        return None
    return sorted(set().union(*(hit[2] for hit in hits)))


def match(query: str | Node, text: str) -> list[tuple[int, int]] | None:
    return compile_query(query).match(Document.from_text(text))


VOCABULARY = ["acme", "leak", "pump", "hose"]
terms = st.sampled_from(VOCABULARY).map(Term)
sides = st.one_of(
    terms, st.lists(terms, min_size=2, max_size=2).map(lambda c: Or(tuple(c)))
)
near_trees = st.recursive(
    sides,
    lambda inner: st.builds(
        Near, inner, inner, st.integers(0, 3), ordered=st.booleans()
    ),
    max_leaves=5,
).filter(lambda node: isinstance(node, Near))
texts = st.lists(st.sampled_from([*VOCABULARY, "the", "a"]), max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(near_trees, texts)
def test_near_equals_pairwise_reference(node: Node, text: str) -> None:
    document = Document.from_text(text)
    assert compile_query(node).match(document) == reference_match(node, document)


def test_near_chain_reports_only_words_in_a_match() -> None:
    query = "acme NEAR/1 leak NEAR/1 pump"
    text = "pump acme leak pump x x x leak x x pump"
    spans = match(query, text)
    assert spans is not None
    assert [text[start:end] for start, end in spans] == ["pump", "acme", "leak", "pump"]


def test_long_chain_of_one_word_matches() -> None:
    text = " ".join(["acme"] * 9)
    spans = match(" NEAR/1 ".join(["acme"] * 9), text)
    assert spans is not None
    assert len(spans) == 9


def test_long_chain_needs_a_word_per_side() -> None:
    text = " ".join(["acme"] * 8)
    assert match(" NEAR/1 ".join(["acme"] * 9), text) is None
    assert match(" NEAR/0 ".join(["acme"] * 9), "acme " * 8 + "x acme") is None


def test_long_chain_on_repeated_words() -> None:
    text = "acme " * 300
    spans = match(" NEAR/2 ".join(["acme"] * 9), text)
    assert spans is not None
    assert len(spans) == 300


def test_too_many_near_operators_rejected() -> None:
    query = " NEAR/1 ".join(["acme"] * 10)
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert caught.value.reason == (
        "query has more than 8 NEAR or ONEAR operators; split it into several queries"
    )
    assert caught.value.column == query.rindex("NEAR/1") + 1


def test_near_groups_on_long_post() -> None:
    query = "(pump OR valve) NEAR/10 (leak* OR seal*) NEAR/10 (gasket* OR hose*)"
    text = "pump leak gasket seal valve hose " * 3000
    spans = match(query, text)
    assert spans is not None
    assert len(spans) == 18000


def test_near_chain_on_long_post_finds_one_cluster() -> None:
    filler = "word " * 15000
    query = "pump NEAR/100 leak* NEAR/100 gasket* NEAR/100 hose*"
    text = filler + "hose then gasket and leaking pump " + filler
    spans = match(query, text)
    assert spans is not None
    assert [text[start:end] for start, end in spans] == [
        "hose",
        "gasket",
        "leaking",
        "pump",
    ]
    assert match(query, filler + "hose gasket leaking " + filler + " pump") is None


def test_onear_chain_on_long_post_keeps_order() -> None:
    query = "pump ONEAR/5 leak ONEAR/5 hose"
    text = "hose leak pump " * 5000
    spans = match(query, text)
    assert spans is not None
    # Unmatched: the hoses at positions 0 and 3 and the leak at 1 come before any
    # pump, the last two pumps have no hose after their leak, and neither has
    # the last leak.
    unmatched = {0, 3, 1, 14996, 14999, 14998}
    assert len(spans) == 15000 - len(unmatched)
    assert (0, 4) not in spans
    assert (10, 14) in spans
    assert match(query, "hose leak pump") is None


def test_near_past_interval_bound_keeps_early_matches() -> None:
    # Every NEAR/100 level pairs each word with about 50 others, so the middle
    # NEARs have more than MAX_NEAR_INTERVALS intervals and keep the first ones.
    query = "pump NEAR/100 leak* NEAR/100 gasket* NEAR/100 hose*"
    text = ("pump leak gasket hose " * 5000)[:100000]
    spans = match(query, text)
    assert spans is not None
    words = len(text.split())
    assert words * 50 > MAX_NEAR_INTERVALS
    assert 0 < len(spans) < words
    assert spans[0] == (0, 4)
