"""Totals of posts, mentions and signals in the store."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outpost.store.models import SIGNAL_KINDS, Mention, Post, Signal


def get_stats(session: Session) -> dict[str, Any]:
    """Return ``{"posts": N, "mentions": N, "signals": {kind: N, …}, "reposts": N}``.

    ``mentions`` counts stored (post, watch query) matches; ``signals`` has one key
    per signal kind, zero included. ``reposts`` counts posts that only amplify
    another post, which make no mentions.
    """
    posts = session.scalar(select(func.count()).select_from(Post)) or 0
    reposts = session.scalar(
        select(func.count()).select_from(Post).where(Post.kind == "repost")
    )
    mentions = session.scalar(select(func.count()).select_from(Mention)) or 0
    signals = dict.fromkeys(SIGNAL_KINDS, 0)
    for kind, count in session.execute(
        select(Signal.kind, func.count()).group_by(Signal.kind)
    ):
        signals[kind] = count
    return {
        "posts": posts,
        "mentions": mentions,
        "signals": signals,
        "reposts": reposts or 0,
    }
