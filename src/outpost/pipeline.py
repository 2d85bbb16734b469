"""The listening pipeline: match, triage, link and signal a batch of stored posts.

``Processor`` is built once per run: it loads the company graph, compiles every
active watch query and the entity names into matchers, and keeps the agents' open
load for routing. ``Processor.process`` then handles one batch inside the caller's
transaction, so a batch is stored whole or not at all, and running it again on the
same posts adds nothing.
"""

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from outpost.crm.graph import CompanyGraph, EntityNode, load_graph
from outpost.query import CompiledQuery, Document, QueryMatcher, compile_query
from outpost.signals.rules import PostContext, QueryHit, Router, derive_signals
from outpost.store.models import (
    Mention,
    Post,
    PostEntity,
    Signal,
    Source,
    TriageLabel,
    WatchQuery,
)
from outpost.store.writes import insert_ignoring_duplicates, insert_new_rows
from outpost.triage import Triager

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PostItem:
    """The fields of a stored post that processing reads."""

    id: int
    text: str
    author: str | None
    language: str | None
    source: str
    platform: str
    source_id: int = 0
    kind: str = "post"
    links: tuple[str, ...] = ()


@dataclass
class ProcessSummary:
    """Counts of what processing made."""

    posts: int = 0
    mentions: int = 0
    reposts: int = 0
    signals: dict[str, int] = field(default_factory=dict)

    def add(self, other: "ProcessSummary") -> None:
        self.posts += other.posts
        self.mentions += other.mentions
        self.reposts += other.reposts
        for kind, count in other.signals.items():
            self.signals[kind] = self.signals.get(kind, 0) + count


def entity_query(node: EntityNode) -> str:
    """Build the watch query that finds an entity by its name and aliases."""
    terms = []
    for name in (node.name, *node.aliases):
        name = name.strip()
        if name.startswith(("@", "#")) and " " not in name:
            terms.append(name)
        else:
            terms.append('"' + name.replace('"', " ") + '"')
    return " OR ".join(dict.fromkeys(terms))


def category_query(category: str) -> str:
    """Build a query for a part category word and its plural."""
    word = category.strip().replace('"', " ")
    plural = word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")
    return f'"{word}" OR "{plural}"'


class Processor:
    """Matches, triages, links and signals posts against one workspace."""

    def __init__(
        self, session: Session, triager: Triager, *, today: date | None = None
    ) -> None:
        self.triager = triager
        self.today = today or datetime.now(UTC).date()
        self.graph: CompanyGraph = load_graph(session)
        self.queries = {
            row.id: row
            for row in session.scalars(select(WatchQuery).where(WatchQuery.active))
        }
        self.query_matcher = QueryMatcher(
            {key: compile_query(row.query) for key, row in self.queries.items()}
        )
        self.entity_matcher = QueryMatcher(self._entity_queries())
        self.category_matcher = QueryMatcher(self._category_queries())
        self.router = Router(self.graph)
        self._load_open_cases(session)

    def _entity_queries(self) -> dict[int, CompiledQuery]:
        queries = {}
        for node in self.graph.entities.values():
            queries[node.id] = compile_query(entity_query(node))
        return queries

    def _category_queries(self) -> dict[str, CompiledQuery]:
        categories = {
            str(node.attributes["category"]).casefold()
            for node in self.graph.entities.values()
            if node.kind == "part" and node.attributes.get("category")
        }
        return {word: compile_query(category_query(word)) for word in categories}

    def _load_open_cases(self, session: Session) -> None:
        rows = session.execute(
            select(Signal.assignee_id, func.count())
            .where(Signal.status == "open", Signal.assignee_id.is_not(None))
            .group_by(Signal.assignee_id)
        )
        for assignee_id, count in rows:
            if assignee_id is not None:
                self.router.open_load[assignee_id] = count

    def process(self, session: Session, posts: Sequence[PostItem]) -> ProcessSummary:
        """Process ``posts`` and write mentions, labels, links and signals."""
        if not posts:
            return ProcessSummary()
        labels = self.triager.classify(
            [post.text for post in posts], [post.language for post in posts]
        )
        mentions: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        triage_rows: list[dict[str, Any]] = []
        signals: list[dict[str, Any]] = []
        reposts = 0
        for post, label in zip(posts, labels, strict=True):
            triage_rows.append(
                {"post_id": post.id, "model": self.triager.name, **label.to_dict()}
            )
            if post.kind == "repost":
                # Amplification of the original, linked when it was stored: not a
                # new mention and not new work.
                reposts += 1
                continue
            context = self._context(post, label)
            mentions.extend(
                {"post_id": post.id, "query_id": hit.query_id, "spans": hit.spans}
                for hit in context.hits
            )
            links.extend(self._links(context))
            for draft in derive_signals(context, self.graph, self.router):
                signals.append({"post_id": post.id, "status": "open", **asdict(draft)})

        summary = ProcessSummary(posts=len(posts), reposts=reposts)
        summary.mentions = insert_ignoring_duplicates(
            session, Mention, mentions, ["post_id", "query_id"]
        )
        insert_ignoring_duplicates(session, PostEntity, links, ["post_id", "entity_id"])
        insert_ignoring_duplicates(session, TriageLabel, triage_rows, ["post_id"])
        stored = insert_new_rows(session, Signal, signals, ["dedupe_key"], ["kind"])
        for (kind,) in stored:
            summary.signals[kind] = summary.signals.get(kind, 0) + 1
        session.execute(
            update(Post)
            .where(Post.id.in_([post.id for post in posts]))
            .values(processed_at=datetime.now(UTC))
        )
        return summary

    def _context(self, post: PostItem, labels: Any) -> PostContext:
        document = Document.from_text(
            post.text,
            author=post.author,
            language=post.language,
            source=post.source,
            links=post.links,
        )
        hits = []
        entities: dict[int, list[tuple[int, int]]] = {}
        for query_id, spans in self.query_matcher.match(document):
            row = self.queries[query_id]
            hits.append(
                QueryHit(
                    query_id, row.name, row.entity_id, row.route, spans, row.priority
                )
            )
            if row.entity_id is not None:
                entities.setdefault(row.entity_id, []).extend(spans)
        for entity_id, spans in self.entity_matcher.match(document):
            entities.setdefault(entity_id, []).extend(spans)
        categories = dict(self.category_matcher.match(document))
        return PostContext(
            post_id=post.id,
            author=post.author,
            platform=post.platform,
            labels=labels,
            hits=hits,
            entities=entities,
            categories=categories,
            identity=self.graph.find_identity(post.platform, post.author),
            today=self.today,
        )

    def _links(self, context: PostContext) -> list[dict[str, Any]]:
        return [
            {
                "post_id": context.post_id,
                "entity_id": entity_id,
                "via": "text",
                "spans": sorted(set(spans)),
            }
            for entity_id, spans in context.entities.items()
        ]


def load_unprocessed(session: Session, limit: int) -> list[PostItem]:
    """Return up to ``limit`` stored posts that have not been processed yet."""
    rows = session.execute(
        select(
            Post.id,
            Post.text,
            Post.author,
            Post.language,
            Source.name,
            Source.platform,
            Post.source_id,
            Post.kind,
            Post.links,
        )
        .join(Source, Post.source_id == Source.id)
        .where(Post.processed_at.is_(None))
        .order_by(Post.id)
        .limit(limit)
    )
    return [
        PostItem(
            id=row.id,
            text=row.text,
            author=row.author,
            language=row.language,
            source=row.name,
            platform=row.platform,
            source_id=row.source_id,
            kind=row.kind,
            links=tuple(row.links or ()),
        )
        for row in rows
    ]
