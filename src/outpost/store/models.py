"""SQLAlchemy models of everything Outpost stores.

The same models and migrations run on SQLite and PostgreSQL, so columns use portable
types: JSON for lists and records, timezone-aware timestamps stored as UTC.
"""

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ENTITY_KINDS = (
    "company",
    "brand",
    "product",
    "part",
    "competitor",
    "supplier",
    "customer",
)
RELATION_KINDS = (
    "makes",
    "supplies",
    "uses",
    "competes_with",
    "customer_of",
    "part_of",
    "equivalent_to",
    "brand_of",
)
SIGNAL_KINDS = ("case", "opportunity", "alert")


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: DateTime(timezone=True),
        date: Date,
    }


class TeamMember(Base):
    """A service agent, sales rep, specialist or manager who can be assigned work."""

    __tablename__ = "team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    skills: Mapped[list[Any]] = mapped_column(default=list)
    email: Mapped[str | None] = mapped_column(String(320))
    capacity: Mapped[int] = mapped_column(Integer, default=50)


class Entity(Base):
    """Something we listen for: our company, a brand, product, part, competitor,
    supplier or customer. ``attributes`` keeps kind-specific fields such as a part's
    category or a supplier's agreement renewal date."""

    __tablename__ = "entity"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Relation(Base):
    """A typed edge of the company graph: subject KIND object."""

    __tablename__ = "relation"
    __table_args__ = (UniqueConstraint("subject_id", "kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), index=True
    )


class Company(Base):
    """An organisation in the CRM: us, a customer, a competitor or a supplier."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(200))
    relationship: Mapped[str] = mapped_column(String(20))
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("team_member.id"))


class Contact(Base):
    """A person at a company."""

    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("company_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    title: Mapped[str | None] = mapped_column(String(200))


class SocialIdentity(Base):
    """A handle on one platform, linked to a contact or directly to a company."""

    __tablename__ = "social_identity"
    __table_args__ = (UniqueConstraint("platform", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(40))
    handle: Mapped[str] = mapped_column(String(200))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE")
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE")
    )


class Source(Base):
    """A source of posts: an imported file family, a feed or a platform API.
    ``cursor`` lets a connector resume where it stopped."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    platform: Mapped[str] = mapped_column(String(40))
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Post(Base):
    """One public message, stored once per (source, external id).

    ``kind`` is ``post``, ``reply`` or ``repost``. A repost is a native retweet or a
    manual "RT @name:" copy. It makes no mentions of its own. When its original is
    stored, ``repost_of_id`` points at it and the original's ``amplification``
    counts it. ``links`` keeps link targets that the text does not show in full,
    such as those of Mastodon HTML or Bluesky facets, for url: queries.
    """

    __tablename__ = "post"
    __table_args__ = (
        UniqueConstraint("source_id", "external_id"),
        Index("ix_post_unprocessed", "processed_at"),
        Index("ix_post_source_author", "source_id", "author"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    external_id: Mapped[str] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(16))
    reply_to: Mapped[str | None] = mapped_column(String(200))
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    links: Mapped[list[Any]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(10), default="post")
    repost_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="SET NULL")
    )
    amplification: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(default=utc_now)
    processed_at: Mapped[datetime | None]


class WatchQuery(Base):
    """A stored boolean query: what to listen for, and where its work goes."""

    __tablename__ = "watch_query"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    query: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="SET NULL")
    )
    route: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class WatchQueryVersion(Base):
    """An earlier or current text of a watch query; editing a query adds a version."""

    __tablename__ = "watch_query_version"
    __table_args__ = (UniqueConstraint("query_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    query_id: Mapped[int] = mapped_column(
        ForeignKey("watch_query.id", ondelete="CASCADE")
    )
    version: Mapped[int] = mapped_column(Integer)
    query: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="SET NULL")
    )
    route: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Mention(Base):
    """One post matched by one watch query, with the matched spans of its text."""

    __tablename__ = "mention"
    __table_args__ = (UniqueConstraint("post_id", "query_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    query_id: Mapped[int] = mapped_column(
        ForeignKey("watch_query.id", ondelete="CASCADE"), index=True
    )
    spans: Mapped[list[Any]] = mapped_column(default=list)


class PostEntity(Base):
    """A link from a post to an entity of the company graph, and how it was found."""

    __tablename__ = "post_entity"
    __table_args__ = (UniqueConstraint("post_id", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), index=True
    )
    via: Mapped[str] = mapped_column(String(20))
    spans: Mapped[list[Any]] = mapped_column(default=list)


class TriageLabel(Base):
    """Triage labels of one post: sentiment, intents, urgency and language."""

    __tablename__ = "triage_label"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    )
    sentiment: Mapped[str] = mapped_column(String(10))
    sentiment_confidence: Mapped[float] = mapped_column(Float)
    intents: Mapped[list[Any]] = mapped_column(default=list)
    urgency: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(80))
    model: Mapped[str] = mapped_column(String(80))


class Signal(Base):
    """A piece of work made from a post: a case, an opportunity or an alert.
    ``dedupe_key`` makes processing a post twice produce the same signals once."""

    __tablename__ = "signal"
    __table_args__ = (Index("ix_signal_status_kind", "status", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="SET NULL")
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("team_member.id"))
    title: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class TriageClass(Base):
    """A workspace-defined intent or complaint reason, with its examples."""

    __tablename__ = "triage_class"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    examples: Mapped[list[Any]] = mapped_column(default=list)


class TriageCorrection(Base):
    """An agent's correction of one triage label of one post.

    ``field`` is ``sentiment``, ``intent``, ``not_intent``, ``urgency`` or
    ``reason``; for one post and field the newest correction wins.
    """

    __tablename__ = "triage_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(80))
    corrected_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class TriageModel(Base):
    """Workspace heads trained from corrections; the newest one is used."""

    __tablename__ = "triage_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    base_model: Mapped[str] = mapped_column(String(80))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
