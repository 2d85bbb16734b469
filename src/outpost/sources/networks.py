"""Read the post records of particular networks inside JSON Lines files.

A Mastodon status carries HTML ``content``, its author in ``account.acct`` and a
boosted status in ``reblog``. A Bluesky post record carries ``text`` with
``facets`` whose offsets count UTF-8 bytes, and its time in ``createdAt``. Both
become the same fields as any other record, with link targets kept for url:.
"""

from typing import Any

from outpost.errors import OutpostError
from outpost.text import html_to_text, map_facet_offsets


def is_mastodon_status(record: dict[str, Any]) -> bool:
    """Tell whether a JSON record is a Mastodon status with HTML content."""
    return isinstance(record.get("content"), str) and "text" not in record


def mastodon_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Return text, links, author, language, reply and repost ids of a status."""
    boosted = record.get("reblog")
    source = boosted if isinstance(boosted, dict) else record
    text, links = html_to_text(str(source.get("content") or ""))
    account = record.get("account")
    author = account.get("acct") if isinstance(account, dict) else None
    return {
        "text": text,
        "links": tuple(links),
        "author": author,
        "language": record.get("language"),
        "reply_to": record.get("in_reply_to_id"),
        "repost_of": boosted.get("id") if isinstance(boosted, dict) else None,
    }


def bluesky_links(record: dict[str, Any], text: str) -> tuple[str, ...]:
    """Return the link targets of a Bluesky record's facets.

    Raises ``ValueError`` naming the facet when its byte range does not fit the
    text, so the row is reported and skipped.
    """
    facets = record.get("facets")
    if not isinstance(facets, list):
        return ()
    try:
        mapped = map_facet_offsets(text, facets)
    except OutpostError as error:
        raise ValueError(str(error)) from None
    return tuple(facet.value for facet in mapped if facet.kind == "link")
