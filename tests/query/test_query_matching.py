"""Tests for matching one compiled watch query against documents."""

import pytest

from outpost.errors import QuerySyntaxError
from outpost.query import Document, Not, Term, compile_query


def match(query: str, text: str, **meta: str) -> list[tuple[int, int]] | None:
    return compile_query(query).match(Document.from_text(text, **meta))


def matched_texts(query: str, text: str) -> list[str]:
    spans = match(query, text)
    assert spans is not None
    return [text[start:end] for start, end in spans]


def test_term_matches_word_case_insensitively() -> None:
    assert matched_texts("acme", "ACME and Acme") == ["ACME", "Acme"]


def test_no_match_returns_none() -> None:
    assert match("acme", "nothing here") is None


def test_term_does_not_match_inside_word() -> None:
    assert match("fran", "le français est fun") is None
    assert match("art", "state-of-the-art gaskets") is None


def test_hyphenated_term_matches_compound() -> None:
    assert matched_texts("state-of-the-art", "a State-of-the-Art seal") == [
        "State-of-the-Art"
    ]


def test_term_matches_before_apostrophe() -> None:
    assert matched_texts("acme", "Acme's support") == ["Acme's"]
    assert matched_texts("o'brien", "ask O’Brien") == ["O’Brien"]


def test_term_matches_turkish_capital_i() -> None:
    assert matched_texts("istanbul", "flights to İSTANBUL") == ["İSTANBUL"]


def test_term_matches_full_width_text() -> None:
    assert matched_texts("acme", "I use Ａｃｍｅ daily") == ["Ａｃｍｅ"]


def test_term_ignores_zero_width_characters() -> None:
    assert matched_texts("acme", "ac\u200bme down") == ["ac\u200bme"]


def test_term_never_matches_inside_url() -> None:
    assert match("acme", "read https://acme.com/help or www.acme.com") is None


def test_term_matches_hashtag_and_mention_names() -> None:
    assert matched_texts("acme", "#acme @Acme $ACME") == ["#acme", "@Acme", "$ACME"]


def test_term_matches_word_of_camel_case_hashtag() -> None:
    text = "again #AcmeSupportFail"
    assert matched_texts("support", text) == ["#AcmeSupportFail"]
    assert matched_texts("acmesupportfail", text) == ["#AcmeSupportFail"]


def test_hashtag_field_matches_only_hashtags() -> None:
    assert matched_texts("#acme", "acme @acme #Acme") == ["#Acme"]
    assert match("hashtag:acme", "acme @acme") is None
    assert match("#acme", "#AcmeSupport") is None


def test_mention_field_matches_only_mentions() -> None:
    assert matched_texts("@acme", "acme #acme @ACME") == ["@ACME"]
    assert match("mention:acme", "acme #acme") is None


def test_author_field_ignores_case_and_at_sign() -> None:
    assert match("author:@bob", "hello", author="Bob") == []
    assert match("author:BOB", "hello", author="@bob") == []
    assert match("author:bob", "hello", author="bobby") is None
    assert match("author:bob", "hello") is None


def test_phrase_matches_consecutive_words() -> None:
    text = "the gasket leak and gasket, leak again"
    assert matched_texts('"gasket leak"', text) == ["gasket leak", "gasket, leak"]
    assert match('"leak gasket"', text) is None


def test_phrase_does_not_cross_url() -> None:
    assert match('"acme support"', "acme https://x.co support") is None


def test_phrase_matches_inside_camel_case_hashtag() -> None:
    assert matched_texts('"support fail"', "#AcmeSupportFail") == ["#AcmeSupportFail"]
    assert matched_texts('"acmesupportfail today"', "#AcmeSupportFail today") == [
        "#AcmeSupportFail today"
    ]


def test_cjk_term_matches_characters_in_sequence() -> None:
    assert matched_texts("東京", "我爱東京和京東") == ["東京"]


def test_prefix_matches_word_starts() -> None:
    text = "leaks, leaking, Leak and bleak"
    assert matched_texts("leak*", text) == ["leaks", "leaking", "Leak"]


def test_and_needs_every_term() -> None:
    assert match("acme gasket", "acme only") is None
    assert matched_texts("acme gasket", "gasket by acme") == ["gasket", "acme"]


def test_or_collects_spans_of_branches() -> None:
    assert matched_texts("acme OR beta OR gamma", "beta and acme") == ["beta", "acme"]


def test_not_excludes_and_adds_no_spans() -> None:
    assert match("acme NOT refund", "acme refund please") is None
    assert matched_texts("acme NOT refund", "acme works") == ["acme"]


def test_precedence_in_matching() -> None:
    # Read as: acme OR (beta AND gamma).
    assert match("acme OR beta gamma", "acme alone") is not None
    assert match("acme OR beta gamma", "beta alone") is None


def test_same_occurrence_gives_one_span() -> None:
    assert match("acme OR acm*", "acme") == [(0, 4)]


def test_compile_rejects_negative_tree() -> None:
    with pytest.raises(QuerySyntaxError, match="no positive term"):
        compile_query(Not(Term("acme")))


def test_document_from_text_keeps_metadata() -> None:
    document = Document.from_text("hi", author="bob", language="en", source="csv")
    assert (document.author, document.language, document.source) == ("bob", "en", "csv")
    assert len(document.tokens) == 1
