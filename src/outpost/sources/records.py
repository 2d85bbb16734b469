"""Records that the file importers return: posts, row problems and their options."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class PostFormat(StrEnum):
    """Layout of a post file."""

    CSV = "csv"
    JSONL = "jsonl"
    TWITTER_AIRLINE = "twitter-airline"
    TWCS = "twcs"


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Column names (CSV) or keys (JSON Lines) that contain each post field.

    A JSON Lines key may be a dotted path such as ``user.screen_name`` into nested
    objects, unless the object contains that exact key.
    """

    id: str = "id"
    text: str = "text"
    author: str = "author"
    created_at: str = "created_at"
    language: str = "language"
    reply_to: str = "reply_to"
    source: str = "source"
    repost_of: str = "repost_of"


@dataclass(frozen=True, slots=True)
class RawPost:
    """One post as read from a file, before normalisation.

    ``created_at`` is timezone-aware and in UTC. ``source`` is set only when the
    row names its own source. ``raw`` is the original record, JSON-serialisable, and
    ``line`` is the 1-based line where the record starts. ``repost_of`` is the
    external id of the original post when the record is a native repost, and
    ``links`` the link targets that the text does not show in full.
    """

    external_id: str
    text: str
    author: str | None
    created_at: datetime | None
    language: str | None
    reply_to: str | None
    source: str | None
    raw: dict[str, Any]
    line: int
    repost_of: str | None = None
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A record that could not be read, with the 1-based line where it starts."""

    line: int
    reason: str
