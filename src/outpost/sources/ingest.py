"""Store posts read from a file, once per (source, external id), then process them.

Each batch of posts is stored and processed in one transaction, so an interrupted
import keeps whole batches only, and importing the same file again adds nothing.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outpost.errors import InputFileError
from outpost.feedback.service import load_triager
from outpost.pipeline import PostItem, Processor, ProcessSummary, load_unprocessed
from outpost.sources.files import (
    ColumnMap,
    PostFormat,
    RawPost,
    RowProblem,
    default_source_name,
    read_posts,
)
from outpost.sources.reposts import RepostRef, link_reposts, repost_kind
from outpost.store.models import Post, Source
from outpost.store.session import Store
from outpost.store.writes import insert_new_rows
from outpost.triage import Triager
from outpost.triage.inputs import MAX_TEXT_CHARS

logger = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 5

# Limits that keep one hostile row from filling memory or failing a whole batch on
# PostgreSQL: the column widths of the post table, and MAX_TEXT_CHARS on the text.
FIELD_LIMITS = {"external_id": 200, "author": 200, "reply_to": 200, "language": 16}


@dataclass
class IngestSummary:
    """Counts of an import: posts read, stored and skipped, and what processing made."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    processed: ProcessSummary = field(default_factory=ProcessSummary)


ProgressCallback = Callable[[int], None]


def ingest_file(
    store: Store,
    path: Path | str,
    fmt: PostFormat | str,
    *,
    encoding: str = "utf-8",
    columns: ColumnMap | None = None,
    source: str | None = None,
    strict: bool = False,
    process: bool = True,
    batch_size: int = 2000,
    triager: Triager | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Import the posts in ``path`` and, unless ``process`` is False, process them.

    With ``strict`` a single malformed row rejects the whole file before anything
    is written. Raises ``InputFileError`` for a file that cannot be read at all.
    """
    fmt = PostFormat(fmt) if fmt in {f.value for f in PostFormat} else fmt
    default_source = source or default_source_name(fmt, path)
    if source is not None:
        check_source_name(source)
    records: Iterable[RawPost | RowProblem] = map(
        check_post, read_posts(path, fmt, encoding=encoding, columns=columns)
    )
    if strict:
        records = _require_clean(list(records), path)

    summary = IngestSummary()
    processor: Processor | None = None
    for batch in _batches(iter(records), batch_size):
        posts = [item for item in batch if isinstance(item, RawPost)]
        summary.problems.extend(i for i in batch if isinstance(i, RowProblem))
        summary.read += len(posts)
        with store.transaction() as session:
            new_posts = _store_posts(session, posts, source or None, default_source)
            summary.stored += len(new_posts)
            if process and new_posts:
                if processor is None:
                    processor = Processor(session, triager or load_triager(session))
                summary.processed.add(processor.process(session, new_posts))
        if on_progress:
            on_progress(len(batch))

    if summary.read == 0 and summary.problems:
        first = summary.problems[0]
        raise InputFileError(
            f"{path}: none of its {len(summary.problems):,} rows could be read "
            f"(line {first.line}: {first.reason}); check --format and the column "
            "options"
        )
    summary.duplicates = summary.read - summary.stored
    logger.info(
        "imported %s: %d read, %d stored, %d duplicates, %d problems",
        path,
        summary.read,
        summary.stored,
        summary.duplicates,
        len(summary.problems),
    )
    return summary


def check_post(item: RawPost | RowProblem) -> RawPost | RowProblem:
    """Turn a post that cannot be stored safely into a problem with its line."""
    if isinstance(item, RowProblem):
        return item
    if len(item.text) > MAX_TEXT_CHARS:
        return RowProblem(
            item.line,
            f"text is {len(item.text):,} characters; the maximum is {MAX_TEXT_CHARS:,}",
        )
    for name, limit in FIELD_LIMITS.items():
        value = getattr(item, name)
        if value is not None and len(value) > limit:
            return RowProblem(
                item.line,
                f"{name} is {len(value):,} characters; the maximum is {limit}",
            )
    for name in ("text", "author", "external_id", "source"):
        problem = _unstorable_character(getattr(item, name))
        if problem:
            return RowProblem(item.line, f"{name} {problem}")
    if item.source is not None and not _valid_source_name(item.source):
        return RowProblem(
            item.line, f"invalid source name {item.source[:40]!r}; {SOURCE_RULE}"
        )
    return item


def _unstorable_character(value: str | None) -> str | None:
    if not value:
        return None
    if "\x00" in value:
        return "contains a NUL character; remove it and import the row again"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        return (
            f"contains an unpaired surrogate \\u{code:04x}; fix the encoding of "
            "the export"
        )
    return None


SOURCE_RULE = "use 1 to 200 characters without control characters"


def _valid_source_name(name: str) -> bool:
    return len(name.strip()) > 0 and len(name) <= 200 and name.isprintable()


def check_source_name(name: str) -> None:
    """Reject a source name that is empty, too long or has control characters."""
    if not _valid_source_name(name):
        raise InputFileError(f"invalid source name {name[:40]!r}; {SOURCE_RULE}")


def process_pending(
    store: Store,
    *,
    batch_size: int = 2000,
    triager: Triager | None = None,
    on_progress: ProgressCallback | None = None,
) -> ProcessSummary:
    """Process every stored post that has not been processed yet."""
    summary = ProcessSummary()
    processor: Processor | None = None
    while True:
        with store.transaction() as session:
            posts = load_unprocessed(session, batch_size)
            if not posts:
                break
            if processor is None:
                processor = Processor(session, triager or load_triager(session))
            summary.add(processor.process(session, posts))
        if on_progress:
            on_progress(len(posts))
    return summary


def _require_clean(
    records: list[RawPost | RowProblem], path: Path | str
) -> list[RawPost | RowProblem]:
    problems = [item for item in records if isinstance(item, RowProblem)]
    if problems:
        shown = "; ".join(f"line {p.line}: {p.reason}" for p in problems[:3])
        more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
        raise InputFileError(
            f"{path} has {len(problems)} malformed rows ({shown}{more}); nothing was "
            "imported. Fix them, or drop --strict to skip them"
        )
    return records


def _batches(
    records: Iterator[RawPost | RowProblem], size: int
) -> Iterator[list[RawPost | RowProblem]]:
    while batch := list(islice(records, size)):
        yield batch


def _ensure_source(session: Session, name: str) -> Source:
    # Insert-or-ignore, because two first imports may create the same source at once.
    # The platform is the source name, cut to the width of its column.
    row = {"name": name, "platform": name.casefold()[:40], "cursor": {}}
    insert_new_rows(session, Source, [row], ["name"], ["id"])
    return session.scalars(select(Source).filter_by(name=name)).one()


def _store_posts(
    session: Session,
    posts: list[RawPost],
    forced_source: str | None,
    default_source: str,
) -> list[PostItem]:
    """Insert the posts that are new, link new reposts to their originals, and
    return the new posts ready for processing."""
    by_source: dict[str, dict[str, RawPost]] = {}
    for post in posts:
        name = forced_source or post.source or default_source
        by_source.setdefault(name, {}).setdefault(post.external_id, post)

    stored: list[PostItem] = []
    reposts: list[RepostRef] = []
    for name, unique_posts in by_source.items():
        source = _ensure_source(session, name)
        rows = {key: _post_row(source.id, post) for key, post in unique_posts.items()}
        new_rows = insert_new_rows(
            session,
            Post,
            list(rows.values()),
            ["source_id", "external_id"],
            ["id", "external_id"],
        )
        for post_id, external_id in (tuple(row) for row in new_rows):
            post = unique_posts[external_id]
            kind = rows[external_id]["kind"]
            stored.append(
                PostItem(
                    post_id,
                    post.text,
                    post.author,
                    post.language,
                    source.name,
                    source.platform,
                    source.id,
                    kind,
                    post.links,
                )
            )
            if kind == "repost":
                reposts.append(RepostRef(post_id, source.id, post.text, post.repost_of))
    link_reposts(session, reposts)
    stored.sort(key=lambda item: item.id)
    return stored


def _post_row(source_id: int, post: RawPost) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "external_id": post.external_id,
        "author": post.author,
        "text": post.text,
        "created_at": post.created_at,
        "language": post.language,
        "reply_to": post.reply_to,
        "raw": post.raw,
        "links": list(post.links),
        "kind": repost_kind(post.text, post.reply_to, post.repost_of),
    }
