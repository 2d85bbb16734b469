"""Tests for outpost.text: token kinds, offsets into the original text, norms."""

import csv
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outpost.text import Token, TokenKind, normalize, tokenize

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def spans_by_norm(text: str) -> dict[str, tuple[int, int]]:
    return {token.norm: (token.start, token.end) for token in tokenize(text)}


def words(text: str) -> list[str]:
    return [t.norm for t in tokenize(text) if t.kind is TokenKind.WORD]


def test_token_is_frozen_and_slotted() -> None:
    token = tokenize("acme")[0]
    assert token == Token(TokenKind.WORD, "acme", 0, 4)
    assert not hasattr(token, "__dict__")
    with pytest.raises(AttributeError):
        token.norm = "other"  # type: ignore[misc]


def test_turkish_capital_i_keeps_offsets() -> None:
    text = "Hello İSTANBUL and İzmir"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["hello", "istanbul", "and", "izmir"]
    assert text[tokens[1].start : tokens[1].end] == "İSTANBUL"
    assert text[tokens[3].start : tokens[3].end] == "İzmir"


def test_full_width_and_sharp_s_keep_offsets() -> None:
    text = "Ｃａｌｌ Ａｃｍｅ: Straße ﬁx"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["call", "acme", "strasse", "fix"]
    assert [text[t.start : t.end] for t in tokens] == [
        "Ｃａｌｌ",
        "Ａｃｍｅ",
        "Straße",
        "ﬁx",
    ]


def test_accented_word_is_one_token() -> None:
    assert words("le français") == ["le", "français"]
    assert "fran" not in words("le français")


def test_combining_marks_stay_in_word() -> None:
    assert words("नमस्ते cafe\u0301") == ["नमस्ते", "café"]


def test_hyphenated_compound_is_one_word() -> None:
    assert words("state-of-the-art e-mail well‑known") == [
        "state-of-the-art",
        "e-mail",
        "well-known",
    ]


def test_apostrophes_stay_in_word() -> None:
    assert words("don't O'Brien O’Neil it's") == ["don't", "o'brien", "o'neil", "it's"]


def test_trailing_hyphen_and_quote_end_word() -> None:
    assert words("'acme' - beta-") == ["acme", "beta"]


def test_url_excludes_trailing_punctuation() -> None:
    text = "See https://acme.com/help?q=1. Or www.Acme.com, or HTTP://x.io!"
    urls = [t for t in tokenize(text) if t.kind is TokenKind.URL]
    assert [text[t.start : t.end] for t in urls] == [
        "https://acme.com/help?q=1",
        "www.Acme.com",
        "HTTP://x.io",
    ]
    assert "acme" not in words(text)


def test_mention_hashtag_and_cashtag_kinds() -> None:
    tokens = tokenize("@Acme_Help #Acme $ACME")
    assert [(t.kind, t.norm, t.start, t.end) for t in tokens] == [
        (TokenKind.MENTION, "acme_help", 0, 10),
        (TokenKind.HASHTAG, "acme", 11, 16),
        (TokenKind.CASHTAG, "acme", 17, 22),
    ]


def test_signs_inside_words_are_not_tokens() -> None:
    tokens = tokenize("$5 US$5 bob@acme.com a#b &#39; #2024")
    assert {t.kind for t in tokens} == {TokenKind.WORD}
    assert [t.norm for t in tokens] == [
        "5",
        "us",
        "5",
        "bob",
        "acme",
        "com",
        "a",
        "b",
        "39",
        "2024",
    ]


def test_full_width_signs() -> None:
    kinds = [t.kind for t in tokenize("＃acme ＠acme")]
    assert kinds == [TokenKind.HASHTAG, TokenKind.MENTION]


def test_camel_case_hashtag_parts() -> None:
    text = "so #AcmeSupportFail"
    tokens = tokenize(text)
    assert tokens[1] == Token(TokenKind.HASHTAG, "acmesupportfail", 3, 19)
    parts = tokens[2:]
    assert [t.norm for t in parts] == ["acme", "support", "fail"]
    assert all(t.kind is TokenKind.WORD and t.from_hashtag for t in parts)
    assert all((t.start, t.end) == (3, 19) for t in parts)


def test_digit_joined_hashtag_is_split() -> None:
    assert [t.norm for t in tokenize("#Acme2024")[1:]] == ["acme", "2024"]


def test_acronym_hashtag_is_not_split() -> None:
    assert tokenize("#NASA") == [Token(TokenKind.HASHTAG, "nasa", 0, 5)]
    assert [t.norm for t in tokenize("#NASAFail")[1:]] == ["nasa", "fail"]


def test_lower_case_hashtag_is_not_split() -> None:
    assert len(tokenize("#acmesupport")) == 1


def test_underscore_hashtag_is_split() -> None:
    assert [t.norm for t in tokenize("#acme_support")[1:]] == ["acme", "support"]


def test_zero_width_characters_keep_word() -> None:
    text = "ac\u200bme so\u00adft \ufeffbom zw\u200dj"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["acme", "soft", "bom", "zwj"]
    assert (tokens[0].start, tokens[0].end) == (0, 5)
    # The BOM before "bom" is at offset 12 and stays out of the span.
    assert (tokens[2].start, tokens[2].end) == (13, 16)


def test_cjk_text_gives_one_token_per_character() -> None:
    text = "我爱東京タワー"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["我", "爱", "東", "京", "タ", "ワ", "ー"]
    assert [(t.start, t.end) for t in tokens][:2] == [(0, 1), (1, 2)]


def test_cjk_next_to_latin_splits() -> None:
    assert words("Acme東京") == ["acme", "東", "京"]


def test_thai_marks_stay_with_their_character() -> None:
    tokens = tokenize("กิน")
    assert [t.norm for t in tokens] == ["กิ", "น"]


def test_normalize_folds_case_and_width() -> None:
    assert normalize("ＡＣＭＥ") == "acme"
    assert normalize("İstanbul") == "istanbul"
    assert normalize("Don’t") == "don't"


def load_airline_texts() -> list[str]:
    path = DATA / "airline-sentiment" / "Tweets.csv"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"missing data file {path}")
        pytest.skip(f"missing data file {path}")
    with path.open(encoding="utf-8", newline="") as file:
        return [row["text"] for row in csv.DictReader(file)]


@pytest.mark.data
def test_tokenize_airline_tweets() -> None:
    for text in load_airline_texts():
        tokens = tokenize(text)
        assert all(0 <= t.start < t.end <= len(text) for t in tokens)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tokens_are_ordered_spans_of_text(text: str) -> None:
    tokens = tokenize(text)
    starts = [token.start for token in tokens]
    assert starts == sorted(starts)
    for token in tokens:
        assert 0 <= token.start < token.end <= len(text)
        assert token.norm


def test_full_width_hyphen_joins_compound() -> None:
    text = "ＨＳ－２００ leaks"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["hs-200", "leaks"]
    assert (tokens[0].start, tokens[0].end) == (0, 6)


def test_soft_hyphen_and_bom_are_ignored() -> None:
    text = "\ufeffac\u00adme gas\u200bket"
    assert words(text) == ["acme", "gasket"]
    assert spans_by_norm(text)["acme"] == (1, 6)


def test_ignorable_only_token_is_dropped() -> None:
    assert words("ok \u2764\ufe0f fine") == ["ok", "fine"]


def test_cyrillic_homoglyphs_fold_to_latin() -> None:
    # Cyrillic а (U+0430), е (U+0435) and о (U+043E) inside Latin words.
    assert words("\u0430cme g\u0430sk\u0435t r\u043ebot") == ["acme", "gasket", "robot"]


def test_capital_cyrillic_homoglyph_folds() -> None:
    assert words("\u0410CME") == ["acme"]


def test_ordinary_cyrillic_and_greek_stay() -> None:
    assert words("Москва рубль") == ["москва", "рубль"]
    assert words("Ελλάδα καλό") == ["ελλάδα", "καλό"]


def test_mixed_word_with_other_cyrillic_stays() -> None:
    # ы has no Latin look-alike, so the word is real mixed text.
    assert words("\u0430cmeы") == ["\u0430cmeы"]


def test_mastodon_handle_is_one_mention() -> None:
    text = "thanks @acme@mastodon.social!"
    tokens = tokenize(text)
    assert [(t.kind, t.norm) for t in tokens] == [
        (TokenKind.WORD, "thanks"),
        (TokenKind.MENTION, "acme@mastodon.social"),
    ]
    assert text[tokens[1].start : tokens[1].end] == "@acme@mastodon.social"


def test_email_is_not_a_mention() -> None:
    kinds = {t.kind for t in tokenize("mail bob@acme.example")}
    assert TokenKind.MENTION not in kinds


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("see https://acme.example/a.", "https://acme.example/a"),
        ('"https://acme.example/a"', "https://acme.example/a"),
        ("“https://acme.example/a”", "https://acme.example/a"),
        ("(https://acme.example/a)", "https://acme.example/a"),
        (
            "https://en.wikipedia.org/wiki/Acme_(company).",
            "https://en.wikipedia.org/wiki/Acme_(company)",
        ),
        ("(see https://w.example/A_(b)), ok", "https://w.example/A_(b)"),
        ("https://acme.example/x。東京へ", "https://acme.example/x"),
        ("https://acme.example/x，ok", "https://acme.example/x"),
        ("https://t.co/abc…", "https://t.co/abc"),
    ],
)
def test_url_ends_where_link_ends(text: str, url: str) -> None:
    urls = [text[t.start : t.end] for t in tokenize(text) if t.kind is TokenKind.URL]
    assert urls == [url]


def test_digit_and_camel_case_hashtag_parts() -> None:
    parts = [t.norm for t in tokenize("#AcmeSupportFail2024") if t.from_hashtag]
    assert parts == ["acme", "support", "fail", "2024"]
