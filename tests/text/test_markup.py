"""Tests for html_to_text: Mastodon-style HTML content as text and link targets."""

from outpost.query import Document, compile_query
from outpost.text import html_to_text

MASTODON_LINK = (
    '<a href="https://acme.example/products/gasket-hs200" rel="nofollow noopener"'
    ' target="_blank"><span class="invisible">https://</span>'
    '<span class="ellipsis">acme.example/products/gask</span>'
    '<span class="invisible">et-hs200</span></a>'
)
MENTION = (
    '<span class="h-card"><a href="https://social.example/@acme"'
    ' class="u-url mention">@<span>acme</span></a></span>'
)
HASHTAG = (
    '<a href="https://social.example/tags/AcmeFail" class="mention hashtag"'
    ' rel="tag">#<span>AcmeFail</span></a>'
)


def test_shortened_link_becomes_full_target() -> None:
    text, links = html_to_text(f"<p>see {MASTODON_LINK} today</p>")
    assert text == "see https://acme.example/products/gasket-hs200 today"
    assert links == ["https://acme.example/products/gasket-hs200"]


def test_mention_and_hashtag_keep_their_text() -> None:
    text, links = html_to_text(f"<p>hi {MENTION} {HASHTAG}</p>")
    assert text == "hi @acme@social.example #AcmeFail"
    assert links == []


def test_mention_with_server_matches_handle() -> None:
    text, links = html_to_text(f"<p>hi {MENTION}</p>")
    document = Document.from_text(text, links=links)
    assert compile_query("@acme@social.example").match(document) == [(3, 23)]
    assert compile_query("@acme").match(document) == [(3, 23)]


def test_paragraphs_and_breaks_become_lines() -> None:
    text, _ = html_to_text("<p>one<br>two</p><p>three</p>")
    assert text == "one\ntwo\nthree"


def test_entities_are_decoded_once() -> None:
    text, _ = html_to_text("<p>fish &amp; chips &amp;lt;3</p>")
    assert text == "fish & chips &lt;3"


def test_link_followed_by_word_ends_at_link() -> None:
    text, _ = html_to_text(f"<p>{MASTODON_LINK}now</p>")
    assert text == "https://acme.example/products/gasket-hs200 now"


def test_link_with_other_text_keeps_text() -> None:
    text, links = html_to_text(
        '<p>get <a href="https://acme.example/deal">this deal</a></p>'
    )
    assert text == "get this deal"
    assert links == ["https://acme.example/deal"]


def test_link_targets_match_only_url_terms() -> None:
    text, links = html_to_text(
        '<p>get <a href="https://acme.example/deal">this deal</a></p>'
    )
    document = Document.from_text(text, links=links)
    assert compile_query("url:acme.example").match(document) == []
    assert compile_query("acme").match(document) is None
    assert compile_query("deal").match(document) == [(9, 13)]


def test_shown_link_matches_url_with_span() -> None:
    text, links = html_to_text(f"<p>see {MASTODON_LINK}</p>")
    document = Document.from_text(text, links=links)
    assert compile_query("url:acme").match(document) == [(4, 46)]
    assert compile_query("gasket").match(document) is None
