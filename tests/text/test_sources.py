"""Tests for Bluesky facet offsets and manual retweet detection."""

import pytest

from outpost.text import (
    Facet,
    FacetError,
    find_retweet,
    map_facet_offsets,
    retweet_text,
)


def byte_facet(text: str, part: str, feature: dict[str, str]) -> dict[str, object]:
    data = text.encode("utf-8")
    start = data.index(part.encode("utf-8"))
    return {
        "index": {"byteStart": start, "byteEnd": start + len(part.encode("utf-8"))},
        "features": [feature],
    }


MENTION = {"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:acme"}
LINK = {"$type": "app.bsky.richtext.facet#link", "uri": "https://acme.example/"}
TAG = {"$type": "app.bsky.richtext.facet#tag", "tag": "gaskets"}


def test_facets_map_bytes_to_code_points() -> None:
    text = "Grüße 👋 @acme.bsky.social, see acme.example #gaskets"
    facets = [
        byte_facet(text, "#gaskets", TAG),
        byte_facet(text, "@acme.bsky.social", MENTION),
        byte_facet(text, "acme.example", LINK),
    ]
    mapped = map_facet_offsets(text, facets)
    assert [text[f.start : f.end] for f in mapped] == [
        "@acme.bsky.social",
        "acme.example",
        "#gaskets",
    ]
    assert mapped[0] == Facet(8, 25, "mention", "did:plc:acme")
    assert [f.kind for f in mapped] == ["mention", "link", "tag"]


def test_facet_outside_text_raises() -> None:
    facet = {"index": {"byteStart": 0, "byteEnd": 99}, "features": [TAG]}
    with pytest.raises(FacetError, match="do not fit a post of 3 bytes"):
        map_facet_offsets("abc", [facet])


def test_facet_inside_character_raises() -> None:
    facet = {"index": {"byteStart": 1, "byteEnd": 4}, "features": [TAG]}
    with pytest.raises(FacetError):
        map_facet_offsets("ü and", [facet])


@pytest.mark.parametrize(
    ("text", "handle", "copied"),
    [
        (
            "RT @united: We're sorry about your bag",
            "united",
            "We're sorry about your bag",
        ),
        ("rt @JetBlue great flight", "JetBlue", "great flight"),
        (
            '"RT @acme@social.example: new gaskets"',
            "acme@social.example",
            'new gaskets"',
        ),
        ("RT＠Delta: on time", "Delta", "on time"),
    ],
)
def test_manual_retweet_is_found(text: str, handle: str, copied: str) -> None:
    assert find_retweet(text) == handle
    assert retweet_text(text) == copied


@pytest.mark.parametrize(
    "text",
    ["great service, RT @united: thanks", "@united RT is broken", "ART @x: y", ""],
)
def test_other_posts_are_not_retweets(text: str) -> None:
    assert find_retweet(text) is None
    assert retweet_text(text) is None
