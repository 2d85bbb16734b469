"""Link reposts to their original posts and count them as amplification.

A native repost names its original's external id. A manual ``RT @name: text``
copy is matched to a stored post of the same source by that author whose text
starts with the copied text, because a copy is often cut short with an ellipsis.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from outpost.store.models import Post
from outpost.text.sources import find_retweet, retweet_text

# Manual copies are matched against this many of the author's latest posts.
CANDIDATES_PER_AUTHOR = 200


@dataclass(frozen=True, slots=True)
class RepostRef:
    """A post to link: its id, source, and what identifies its original."""

    post_id: int
    source_id: int
    text: str
    repost_of: str | None


def repost_kind(text: str, reply_to: str | None, repost_of: str | None) -> str:
    """Return the kind a new post is stored with: repost, reply or post."""
    if repost_of or find_retweet(text):
        return "repost"
    return "reply" if reply_to else "post"


def link_reposts(session: Session, reposts: Sequence[RepostRef]) -> int:
    """Point each repost at its stored original and add to its amplification.

    Returns how many reposts found their original.
    """
    linked = 0
    for repost in reposts:
        original_id = _find_original(session, repost)
        if original_id is None or original_id == repost.post_id:
            continue
        session.execute(
            update(Post)
            .where(Post.id == repost.post_id)
            .values(repost_of_id=original_id)
        )
        session.execute(
            update(Post)
            .where(Post.id == original_id)
            .values(amplification=Post.amplification + 1)
        )
        linked += 1
    return linked


def _find_original(session: Session, repost: RepostRef) -> int | None:
    if repost.repost_of:
        return session.scalar(
            select(Post.id).where(
                Post.source_id == repost.source_id,
                Post.external_id == repost.repost_of,
            )
        )
    handle = find_retweet(repost.text)
    copied = _comparable(retweet_text(repost.text) or "")
    if handle is None or not copied:
        return None
    candidates = session.execute(
        select(Post.id, Post.text)
        .where(
            Post.source_id == repost.source_id,
            func.lower(Post.author) == handle.casefold(),
            Post.kind != "repost",
        )
        .order_by(Post.id.desc())
        .limit(CANDIDATES_PER_AUTHOR)
    )
    for post_id, text in candidates:
        if _comparable(text).startswith(copied):
            return int(post_id)
    return None


def _comparable(text: str) -> str:
    # A cut-short copy ends with an ellipsis; compare the words before it.
    text = text.rstrip().removesuffix("…").removesuffix("...")
    return " ".join(text.casefold().split())
