"""Reposts: linked to their original, counted as amplification, never mentions."""

import json
from pathlib import Path

from sqlalchemy import select

from conftest import Cli
from outpost.store import open_store
from outpost.store.models import Post

POSTS = [
    {"id": "1", "author": "acme_news", "text": "Acme launches the X200 pump today"},
    {
        "id": "2",
        "author": "fan",
        "text": "RT @acme_news: Acme launches the X200 pump today",
    },
    {"id": "3", "author": "fan2", "text": "RT @Acme_News: Acme launches the X200…"},
    {
        "id": "4",
        "author": "fan3",
        "text": "Acme launches the X200 pump",
        "repost_of": "1",
    },
    {"id": "5", "author": "fan4", "text": "RT @nobody: Acme is great"},
    {"id": "6", "author": "critic", "text": "Nice RT @acme_news: Acme launches"},
]


def write_posts(tmp_path: Path) -> Path:
    path = tmp_path / "posts.jsonl"
    lines = [json.dumps({**post, "source": "twitter"}) for post in POSTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reposts_amplify_original(any_cli: Cli, tmp_path: Path) -> None:
    any_cli.json("watch", "add", "acme", "acme")
    any_cli.json("ingest", str(write_posts(tmp_path)), "--format", "jsonl")
    stats = any_cli.json("stats")
    assert stats["posts"] == 6
    assert stats["reposts"] == 4
    # Only the original and the quoted comment are new mentions.
    assert stats["mentions"] == 2

    store = open_store(any_cli.database_url)
    with store.transaction() as session:
        rows = {p.external_id: p for p in session.scalars(select(Post))}
        ids = {key: post.id for key, post in rows.items()}
        assert rows["1"].amplification == 3
        assert rows["2"].repost_of_id == ids["1"]
        assert rows["3"].repost_of_id == ids["1"]
        assert rows["4"].repost_of_id == ids["1"]
        assert rows["5"].kind == "repost"
        assert rows["5"].repost_of_id is None
        assert rows["6"].kind == "post"
    store.dispose()
