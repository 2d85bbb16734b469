"""Mastodon statuses and Bluesky records read from JSON Lines, links kept for url:."""

import json
from pathlib import Path

from sqlalchemy import select

from conftest import Cli
from outpost.sources.files import RawPost, read_posts
from outpost.store import open_store
from outpost.store.models import Post

MASTODON = {
    "id": "m1",
    "created_at": "2026-11-03T10:00:00.000Z",
    "language": "en",
    "in_reply_to_id": None,
    "account": {"acct": "jo@mech.example"},
    "content": (
        '<p>Our <a href="https://mech.example/tags/gaskets" class="mention hashtag">'
        "#<span>gaskets</span></a> leak again, see "
        '<a href="https://acme.example/recall/2026-11">the recall notice</a></p>'
    ),
    "reblog": None,
}
BOOST = {**MASTODON, "id": "m2", "content": "", "reblog": {"id": "m1", **MASTODON}}
BLUESKY_TEXT = "Price drop at acme.example/deals 🎉 today"
BLUESKY = {
    "id": "b1",
    "text": BLUESKY_TEXT,
    "createdAt": "2026-11-04T09:30:00Z",
    "langs": ["en"],
    "facets": [
        {
            "index": {
                "byteStart": len(b"Price drop at "),
                "byteEnd": len(b"Price drop at acme.example/deals"),
            },
            "features": [
                {
                    "$type": "app.bsky.richtext.facet#link",
                    "uri": "https://acme.example/deals?ref=sky",
                }
            ],
        }
    ],
}


def write(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "network.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    return path


def test_mastodon_status_fields(tmp_path: Path) -> None:
    (post,) = read_posts(write(tmp_path, [MASTODON]), "jsonl")
    assert isinstance(post, RawPost)
    assert post.text == "Our #gaskets leak again, see the recall notice"
    assert post.author == "jo@mech.example"
    assert post.language == "en"
    assert post.links == ("https://acme.example/recall/2026-11",)


def test_mastodon_boost_is_repost(tmp_path: Path) -> None:
    (post,) = read_posts(write(tmp_path, [BOOST]), "jsonl")
    assert isinstance(post, RawPost)
    assert post.repost_of == "m1"


def test_bluesky_facet_links(tmp_path: Path) -> None:
    (post,) = read_posts(write(tmp_path, [BLUESKY]), "jsonl")
    assert isinstance(post, RawPost)
    assert post.language == "en"
    assert post.created_at is not None
    assert post.links == ("https://acme.example/deals?ref=sky",)


def test_bluesky_facet_out_of_range(tmp_path: Path) -> None:
    broken = {
        **BLUESKY,
        "facets": [
            {**BLUESKY["facets"][0], "index": {"byteStart": 0, "byteEnd": 10_000}}
        ],
    }
    (problem,) = read_posts(write(tmp_path, [broken]), "jsonl")
    assert not isinstance(problem, RawPost)
    assert "do not fit a post" in problem.reason


def test_url_query_matches_hidden_links(any_cli: Cli, tmp_path: Path) -> None:
    any_cli.json("watch", "add", "recall", "url:acme.example/recall")
    any_cli.json("watch", "add", "deals", "url:acme.example/deals")
    path = write(tmp_path, [MASTODON, BOOST, BLUESKY])
    summary = any_cli.json("ingest", str(path), "--format", "jsonl", "--source", "fedi")
    assert summary["stored"] == 3
    counts = {row["name"]: row["mentions"] for row in any_cli.json("watch", "list")}
    assert counts == {"recall": 1, "deals": 1}
    store = open_store(any_cli.database_url)
    with store.transaction() as session:
        original = session.scalars(select(Post).filter_by(external_id="m1")).one()
        assert original.amplification == 1
    store.dispose()


def test_twitter_layout_unescapes_html(tmp_path: Path) -> None:
    header = (
        "tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,"
        "negativereason_confidence,airline,airline_sentiment_gold,name,"
        "negativereason_gold,retweet_count,text,tweet_coord,tweet_created,"
        "tweet_location,user_timezone"
    )
    row = (
        "900000000000000003,neutral,1.0,,,Virgin America,,flyer_three,,0,"
        '"@united fish &amp; chips &lt;3 &gt; rice",,'
        "2015-02-24 11:35:52 -0800,,Eastern Time (US & Canada)"
    )
    path = tmp_path / "Tweets.csv"
    path.write_text(header + "\n" + row + "\n", encoding="utf-8")
    (post,) = read_posts(path, "twitter-airline")
    assert isinstance(post, RawPost)
    assert post.text == "@united fish & chips <3 > rice"
