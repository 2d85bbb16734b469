"""Tests for NEAR/n, wildcards and fields of the watch-query language."""

import pytest

from outpost.query import (
    Document,
    Field,
    Near,
    Or,
    Phrase,
    Term,
    Wildcard,
    compile_query,
    format_query,
    parse_query,
)


def match(query: str, text: str, **meta: str) -> list[tuple[int, int]] | None:
    return compile_query(query).match(Document.from_text(text, **meta))


def matched_texts(query: str, text: str, **meta: str) -> list[str]:
    spans = match(query, text, **meta)
    assert spans is not None
    return [text[start:end] for start, end in spans]


def test_near_parses_with_distance() -> None:
    assert parse_query("acme NEAR/3 leak") == Near(Term("acme"), Term("leak"), 3)
    ordered = parse_query("acme ONEAR/2 leak")
    assert ordered == Near(Term("acme"), Term("leak"), 2, ordered=True)


def test_near_binds_tighter_than_and() -> None:
    tree = parse_query("a1 NEAR/2 b1 c1")
    assert format_query(tree) == "a1 NEAR/2 b1 AND c1"


def test_near_either_order() -> None:
    assert matched_texts("acme NEAR/2 leak", "leak in the acme") == ["leak", "acme"]
    assert match("acme NEAR/1 leak", "leak in the acme") is None


def test_near_counts_words_between() -> None:
    assert match("acme NEAR/0 leak", "acme leak") is not None
    assert match("acme NEAR/0 leak", "acme big leak") is None
    assert match("acme NEAR/1 leak", "acme big leak") is not None


def test_onear_needs_order() -> None:
    assert match("acme ONEAR/3 leak", "acme gasket leak") is not None
    assert match("acme ONEAR/3 leak", "leak in acme") is None


def test_near_between_phrase_and_group() -> None:
    query = '"customer service" NEAR/3 (rude OR slow)'
    text = "slow and rude, said the customer service desk"
    assert matched_texts(query, text) == ["rude", "customer service"]
    assert match(query, "customer service is really great today, slow flight") is None


def test_near_chain_needs_every_side() -> None:
    query = "acme NEAR/1 gasket NEAR/1 leak"
    assert match(query, "acme gasket leak") is not None
    assert match(query, "acme gasket no no leak") is None


def test_near_same_word_does_not_pair_with_itself() -> None:
    assert match("acme NEAR/3 acm*", "acme") is None
    assert match("acme NEAR/3 acm*", "acme acmes") is not None


def test_near_uses_hashtag_words() -> None:
    assert match("support NEAR/0 fail", "#AcmeSupportFail") is not None
    assert match("#acme NEAR/2 leak", "#acme gasket leak") is not None


def test_inner_wildcards() -> None:
    assert matched_texts("colo?r", "colour or color") == ["colour"]
    assert match("colo?r", "color") is None
    assert matched_texts("col*r", "colour or color") == ["colour", "color"]
    assert match("gas?et*", "gaskets") is not None
    assert match("gas?et", "gasket-free") is None


def test_wildcard_reaches_hyphenated_compound() -> None:
    assert match("art", "state-of-the-art") is None
    assert match("state-of-the-*", "state-of-the-art") is not None
    assert match("state*", "state-of-the-art") is not None


def test_wildcard_parses_to_wildcard_node() -> None:
    assert parse_query("colo?r") == Wildcard("colo?r")
    assert format_query(parse_query("col*r*")) == "col*r*"


def test_hashtag_field_does_not_match_word() -> None:
    assert match("#acme", "acme rocks") is None
    assert match("#acme", "#acme rocks") == [(0, 5)]
    assert match("@acme", "#acme acme") is None


def test_cashtag_field() -> None:
    assert parse_query("$ACME") == Field("cashtag", "ACME")
    assert matched_texts("$acme", "buy $ACME not acme") == ["$ACME"]
    assert match("cashtag:acme", "acme") is None
    assert parse_query("$5") == Term("$5")


def test_plain_term_matches_words_hashtags_mentions() -> None:
    text = "acme #AcmeFail @acme https://acme.example/acme"
    assert matched_texts("acme", text) == ["acme", "#AcmeFail", "@acme"]


def test_url_field_matches_inside_links_only() -> None:
    text = "acme at https://www.acme.example/gaskets"
    assert matched_texts("url:acme.example", text) == [
        "https://www.acme.example/gaskets"
    ]
    assert match("url:acme", "acme gaskets") is None
    assert match("url:acme.example", "https://notacme.example/") is None


def test_url_field_matches_link_targets() -> None:
    document = Document.from_text("this deal", links=["https://acme.example/deal"])
    assert compile_query("url:acme").match(document) == []
    assert compile_query("acme").match(document) is None


def test_raw_field_is_exact_and_case_sensitive() -> None:
    assert matched_texts('raw:"ACME Corp"', "ACME Corp and acme corp") == ["ACME Corp"]
    assert match("raw:ACME", "acme") is None
    assert match('raw:"C++"', "I love C++") == [(7, 10)]
    assert format_query(parse_query('raw:"C++ 2"')) == 'raw:"C++ 2"'


def test_lang_field_matches_primary_language() -> None:
    assert match("acme lang:en", "acme", language="en-US") == [(0, 4)]
    assert match("acme lang:en-gb", "acme", language="en_GB") == [(0, 4)]
    assert match("acme lang:en-gb", "acme", language="en-US") is None
    assert match("acme lang:en", "acme") is None


def test_source_and_author_fields() -> None:
    assert match("acme source:mastodon", "acme", source="Mastodon") == [(0, 4)]
    assert match("acme source:bluesky", "acme", source="mastodon") is None
    assert match("acme author:bob", "acme", author="@Bob") == [(0, 4)]


def test_mastodon_handle_matches_mention() -> None:
    text = "hi @acme@mastodon.social"
    assert matched_texts("@acme", text) == ["@acme@mastodon.social"]
    assert match("@acme@mastodon.social", text) is not None
    assert match("@acme@other.example", text) is None
    assert match("acme", text) is not None
    assert match("mastodon", text) is None


def test_author_mastodon_handle_matches_name() -> None:
    assert match("acme author:acme", "acme", author="acme@social.example") is not None


def test_homoglyph_post_matches_latin_query() -> None:
    assert match("acme", "\u0410cme gaskets") == [(0, 4)]
    assert match("москва", "Москва") == [(0, 6)]


def test_term_does_not_match_inside_accented_word() -> None:
    assert match("fran", "le français") is None
    assert match("français", "le FRANÇAIS") == [(3, 11)]


def test_full_width_hyphen_compound_matches() -> None:
    assert match("hs-200", "ＨＳ－２００ leaks") == [(0, 6)]
    assert match('"hs-200 leaks"', "ＨＳ－２００ leaks") == [(0, 12)]


def test_cjk_without_spaces_matches_characters() -> None:
    assert match("東京", "我爱東京タワー") == [(2, 4)]
    assert match("タワー", "我爱東京タワー") == [(4, 7)]


@pytest.mark.parametrize(
    "query",
    [
        "acme NEAR/3 leak",
        "(acme OR beta) ONEAR/2 leak*",
        "a1 NEAR/2 (b1 NEAR/3 c1)",
        "a1 NEAR/2 b1 NEAR/3 c1",
        "NOT (a1 NEAR/2 b1) c1",
        "colo?r AND $acme AND url:acme.example",
        'raw:"Acme (EU)" lang:pt-BR source:mastodon',
        "@acme@social.example OR #acme",
    ],
)
def test_format_round_trip_of_new_syntax(query: str) -> None:
    tree = parse_query(query)
    assert parse_query(format_query(tree)) == tree


def test_near_round_trip_keeps_grouping() -> None:
    tree = Near(Term("a1"), Near(Term("b1"), Term("c1"), 3), 2)
    assert format_query(tree) == "a1 NEAR/2 (b1 NEAR/3 c1)"
    assert parse_query(format_query(tree)) == tree
    left = Near(Or((Term("a1"), Phrase("b1 c1"))), Term("d1"), 1, ordered=True)
    assert format_query(left) == '(a1 OR "b1 c1") ONEAR/1 d1'
