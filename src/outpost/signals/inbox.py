"""Read the inbox: open signals with their post, labels and explanation."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from outpost.errors import OutpostError
from outpost.store.models import (
    SIGNAL_KINDS,
    Post,
    Signal,
    Source,
    TeamMember,
    TriageLabel,
)


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One open signal as the inbox shows it."""

    id: int
    kind: str
    priority: str
    title: str
    explanation: str
    assignee: str | None
    created_at: datetime
    post: dict[str, Any]
    labels: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "priority": self.priority,
            "title": self.title,
            "explanation": self.explanation,
            "assignee": self.assignee,
            "created_at": self.created_at.isoformat(),
            "post": self.post,
            "labels": self.labels,
        }


def list_open_signals(
    session: Session, *, limit: int = 50, kind: str | None = None
) -> list[InboxItem]:
    """Return up to ``limit`` open signals, high priority first, newest first."""
    if kind is not None and kind not in SIGNAL_KINDS:
        raise OutpostError(
            f"unknown signal kind {kind!r}; use one of {', '.join(SIGNAL_KINDS)}"
        )
    if limit < 1:
        raise OutpostError(f"invalid limit {limit}; use a number of 1 or more")
    high_first = case((Signal.priority == "high", 0), else_=1)
    statement = (
        select(Signal, Post, Source.name, TeamMember.name, TriageLabel)
        .join(Post, Signal.post_id == Post.id)
        .join(Source, Post.source_id == Source.id)
        .outerjoin(TeamMember, Signal.assignee_id == TeamMember.id)
        .outerjoin(TriageLabel, TriageLabel.post_id == Post.id)
        .where(Signal.status == "open")
        .order_by(high_first, Signal.id.desc())
        .limit(limit)
    )
    if kind is not None:
        statement = statement.where(Signal.kind == kind)
    return [_item(*row) for row in session.execute(statement)]


def _item(
    signal: Signal,
    post: Post,
    source: str,
    assignee: str | None,
    labels: TriageLabel | None,
) -> InboxItem:
    return InboxItem(
        id=signal.id,
        kind=signal.kind,
        priority=signal.priority,
        title=signal.title,
        explanation=signal.explanation,
        assignee=assignee,
        created_at=signal.created_at,
        post={
            "id": post.id,
            "source": source,
            "external_id": post.external_id,
            "author": post.author,
            "text": post.text,
            "created_at": post.created_at.isoformat() if post.created_at else None,
        },
        labels=_labels(labels),
    )


def _labels(labels: TriageLabel | None) -> dict[str, Any] | None:
    if labels is None:
        return None
    return {
        "sentiment": labels.sentiment,
        "sentiment_confidence": labels.sentiment_confidence,
        "intents": list(labels.intents),
        "urgency": labels.urgency,
        "language": labels.language,
        "reason": labels.reason,
    }
