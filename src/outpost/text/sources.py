"""Text details of particular networks: Bluesky facet offsets and manual retweets."""

import re
from dataclasses import dataclass
from typing import Any

from outpost.errors import OutpostError


class FacetError(OutpostError):
    """A Bluesky facet's byte range does not fit the post text."""


@dataclass(frozen=True, slots=True)
class Facet:
    """A Bluesky facet with its range in code points of the post text.

    ``kind`` is the last part of the feature type (``mention``, ``link`` or
    ``tag``), and ``value`` is the DID, the URI or the tag.
    """

    start: int
    end: int
    kind: str
    value: str


def map_facet_offsets(text: str, facets: list[dict[str, Any]]) -> list[Facet]:
    """Map Bluesky facets, whose ``index`` counts UTF-8 bytes, to code points.

    Each facet gives one Facet per feature, ordered by start. Raises FacetError
    for a range outside the text or one that cuts a character in two.
    """
    offsets = _byte_to_code_point(text)
    found = []
    for facet in facets:
        index = facet.get("index") or {}
        byte_start, byte_end = index.get("byteStart"), index.get("byteEnd")
        start = offsets.get(byte_start) if isinstance(byte_start, int) else None
        end = offsets.get(byte_end) if isinstance(byte_end, int) else None
        if start is None or end is None or start > end:
            raise FacetError(
                f"facet bytes {byte_start}..{byte_end} do not fit a post of"
                f" {len(text.encode('utf-8'))} bytes; check that the facets"
                " belong to this text"
            )
        for feature in facet.get("features") or []:
            kind = str(feature.get("$type", "")).rpartition("#")[2]
            value = feature.get("did") or feature.get("uri") or feature.get("tag")
            found.append(Facet(start, end, kind, str(value or "")))
    return sorted(found, key=lambda facet: (facet.start, facet.end))


def _byte_to_code_point(text: str) -> dict[int, int]:
    """Return the code-point offset of each UTF-8 byte offset that starts a
    character, and of the end of the text."""
    offsets = {}
    position = 0
    for index, char in enumerate(text):
        offsets[position] = index
        position += len(char.encode("utf-8"))
    offsets[position] = len(text)
    return offsets


# "RT @name:" at the start of a post, maybe after quotes or punctuation, as
# people wrote retweets before retweeting was a button. Twitter handles are
# letters, digits and underscores, and Mastodon handles may name a server.
_RETWEET_RE = re.compile(
    r"^\W*RT\s*[@\uff20]([A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+[A-Za-z0-9])?)\s*:?\s*",
    re.IGNORECASE,
)


def find_retweet(text: str) -> str | None:
    """Return the handle, without ``@``, of a manual ``RT @name:`` copy, or None.

    Only a post that starts with ``RT @name`` counts, because ``RT`` later in a
    post usually introduces a comment.
    """
    match = _RETWEET_RE.match(text)
    return match.group(1) if match else None


def retweet_text(text: str) -> str | None:
    """Return the copied text of a manual ``RT @name:`` post, or None.

    The original post can be looked up by this text and find_retweet's handle.
    """
    match = _RETWEET_RE.match(text)
    if not match:
        return None
    return text[match.end() :].strip()
