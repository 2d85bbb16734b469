"""Create, edit, remove and backfill watch queries, keeping every earlier version."""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outpost.errors import NotFoundError, OutpostError
from outpost.query import Document, compile_query, parse_query
from outpost.store.models import (
    Entity,
    Mention,
    Post,
    PostEntity,
    Source,
    TeamMember,
    WatchQuery,
    WatchQueryVersion,
    utc_now,
)
from outpost.store.writes import insert_ignoring_duplicates

logger = logging.getLogger(__name__)

BACKFILL_BATCH = 2000
QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")


@dataclass(frozen=True, slots=True)
class SaveResult:
    """The saved query and the outcome: ``created``, ``updated`` or ``unchanged``."""

    query: WatchQuery
    outcome: str


def save_watch_query(
    session: Session,
    name: str,
    text: str,
    *,
    entity_key: str | None = None,
    route: str | None = None,
    priority: int = 0,
) -> SaveResult:
    """Create the query ``name`` or, if it exists, make ``text`` its new version.

    An unchanged query stays as it is. A removed query of the same name comes back
    with a new version. Raises ``QuerySyntaxError`` for an invalid query and
    ``NotFoundError`` for an unknown entity key.
    """
    if not QUERY_NAME.fullmatch(name):
        raise OutpostError(
            f"invalid watch query name {name[:60]!r}; use up to 200 letters, digits, "
            "'.', '-' and '_', starting with a letter or digit"
        )
    parse_query(text)
    entity_id = _entity_id(session, entity_key)
    _check_route(session, route)
    row = session.scalars(select(WatchQuery).filter_by(name=name)).one_or_none()
    if row is None:
        row = WatchQuery(
            name=name, query=text, entity_id=entity_id, route=route, priority=priority
        )
        row.version = 1
        session.add(row)
        session.flush()
        _add_version(session, row)
        return SaveResult(row, "created")

    requested = (text, entity_id, route, priority)
    current = (row.query, row.entity_id, row.route, row.priority)
    same_meaning = parse_query(row.query) == parse_query(text)
    if row.active and (
        current == requested or (same_meaning and current[1:] == requested[1:])
    ):
        # A change of spacing alone parses to the same tree: not a new version.
        return SaveResult(row, "unchanged")
    row.query, row.entity_id, row.route, row.priority = requested
    row.active = True
    row.version += 1
    row.updated_at = utc_now()
    _add_version(session, row)
    return SaveResult(row, "updated")


def _check_route(session: Session, route: str | None) -> None:
    if route is None:
        return
    routes: set[str] = set()
    for key, skills in session.execute(select(TeamMember.key, TeamMember.skills)):
        routes.add(key)
        routes.update(str(skill).casefold() for skill in skills)
    if routes and route.casefold() not in routes:
        raise OutpostError(
            f"unknown route {route!r}; use a team key or a skill of the team: "
            + ", ".join(sorted(routes))
        )


def _entity_id(session: Session, key: str | None) -> int | None:
    if key is None:
        return None
    entity_id = session.scalar(select(Entity.id).filter_by(key=key))
    if entity_id is None:
        raise NotFoundError(
            f"entity {key!r} not found; load a workspace that defines it first"
        )
    return entity_id


def _add_version(session: Session, row: WatchQuery) -> None:
    session.add(
        WatchQueryVersion(
            query_id=row.id,
            version=row.version,
            query=row.query,
            entity_id=row.entity_id,
            route=row.route,
        )
    )


def get_watch_query(session: Session, name: str) -> WatchQuery:
    """Return the active watch query ``name``, or raise ``NotFoundError``."""
    row = session.scalars(
        select(WatchQuery).filter_by(name=name, active=True)
    ).one_or_none()
    if row is None:
        raise NotFoundError(
            f"watch query {name!r} not found; `outpost watch list` shows the names"
        )
    return row


def remove_watch_query(session: Session, name: str) -> WatchQuery:
    """Stop listening with ``name``. Its mentions and versions are kept."""
    row = get_watch_query(session, name)
    row.active = False
    row.updated_at = utc_now()
    return row


def list_watch_queries(session: Session) -> list[dict[str, Any]]:
    """Return the active watch queries with their version and mention count."""
    counts: dict[int, int] = {}
    grouped = select(Mention.query_id, func.count()).group_by(Mention.query_id)
    for query_id, count in session.execute(grouped):
        counts[query_id] = count
    rows = session.scalars(
        select(WatchQuery).where(WatchQuery.active).order_by(WatchQuery.name)
    )
    return [
        {
            "name": row.name,
            "query": row.query,
            "route": row.route,
            "version": row.version,
            "mentions": counts.get(row.id, 0),
        }
        for row in rows
    ]


def list_versions(session: Session, name: str) -> list[dict[str, Any]]:
    """Return every version of the query ``name``, oldest first."""
    row = session.scalars(select(WatchQuery).filter_by(name=name)).one_or_none()
    if row is None:
        raise NotFoundError(
            f"watch query {name!r} not found; `outpost watch list` shows the names"
        )
    versions = session.scalars(
        select(WatchQueryVersion)
        .filter_by(query_id=row.id)
        .order_by(WatchQueryVersion.version)
    )
    return [
        {
            "version": version.version,
            "query": version.query,
            "route": version.route,
            "created_at": version.created_at.isoformat(),
        }
        for version in versions
    ]


def backfill_watch_query(
    session: Session,
    name: str,
    *,
    since: datetime | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Run the query ``name`` over stored posts and store the new mentions.

    Posts created before ``since`` are left out. Reposts are skipped, as in live
    matching. Returns how many posts were scanned and how many mentions were new.
    """
    row = get_watch_query(session, name)
    compiled = compile_query(row.query)
    statement = (
        select(Post.id, Post.text, Post.author, Post.language, Source.name, Post.links)
        .join(Source, Post.source_id == Source.id)
        .where(Post.kind != "repost")
        .order_by(Post.id)
        .execution_options(yield_per=BACKFILL_BATCH)
    )
    if since is not None:
        statement = statement.where(Post.created_at >= since)

    scanned = 0
    mentions: list[dict[str, Any]] = []
    for post_id, text, author, language, source, links in session.execute(statement):
        document = Document.from_text(
            text, author=author, language=language, source=source, links=links or ()
        )
        spans = compiled.match(document)
        if spans is not None:
            mentions.append({"post_id": post_id, "query_id": row.id, "spans": spans})
        scanned += 1
        if on_progress and scanned % BACKFILL_BATCH == 0:
            on_progress(BACKFILL_BATCH)

    new = insert_ignoring_duplicates(
        session, Mention, mentions, ["post_id", "query_id"]
    )
    if row.entity_id is not None:
        links = [
            {"post_id": m["post_id"], "entity_id": row.entity_id, "via": "query"}
            for m in mentions
        ]
        insert_ignoring_duplicates(session, PostEntity, links, ["post_id", "entity_id"])
    logger.info("backfilled %s: %d posts scanned, %d new mentions", name, scanned, new)
    return {"scanned": scanned, "matched": len(mentions), "new_mentions": new}
