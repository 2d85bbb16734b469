"""Agents' corrections of triage labels, and the workspace heads trained from them.

A correction is stored as it was made and applied at once to the post's stored
labels, so the inbox shows the corrected labels. ``train_workspace_heads`` turns
every correction, plus the examples of the workspace's own intents, into heads
that the pipeline's triager then uses on top of the shipped model.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outpost.errors import NotFoundError, OutpostError
from outpost.store.models import (
    Post,
    Source,
    TriageClass,
    TriageCorrection,
    TriageLabel,
    TriageModel,
)
from outpost.triage import (
    INTENTS,
    SENTIMENTS,
    URGENCIES,
    ReasonSpec,
    TrainingExample,
    Triager,
    WorkspaceHeads,
)
from outpost.triage.heads import BACKGROUND_NEGATIVES
from outpost.triage.triager import shipped_model

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Correction:
    """An agent's correction of one post's labels; None leaves a label alone."""

    sentiment: str | None = None
    intents: tuple[str, ...] = ()
    not_intents: tuple[str, ...] = ()
    urgency: str | None = None
    reason: str | None = None

    def items(self) -> list[tuple[str, str]]:
        pairs = [("intent", intent) for intent in self.intents]
        pairs += [("not_intent", intent) for intent in self.not_intents]
        for field in ("sentiment", "urgency", "reason"):
            value = getattr(self, field)
            if value is not None:
                pairs.append((field, value))
        return pairs


def find_post(session: Session, reference: str) -> Post:
    """Return the post named by its id or by ``SOURCE:EXTERNAL_ID``."""
    if reference.isdigit():
        post = session.get(Post, int(reference))
    else:
        source, _, external_id = reference.partition(":")
        post = session.scalars(
            select(Post)
            .join(Source, Post.source_id == Source.id)
            .where(Source.name == source, Post.external_id == external_id)
        ).one_or_none()
    if post is None:
        raise NotFoundError(
            f"post {reference!r} not found; use the id that `outpost inbox --json` "
            "shows, or SOURCE:EXTERNAL_ID"
        )
    return post


def list_triage_classes(session: Session, kind: str) -> list[TriageClass]:
    """Return the workspace's own intents (``kind="intent"``) or reasons."""
    return list(
        session.scalars(
            select(TriageClass).filter_by(kind=kind).order_by(TriageClass.id)
        )
    )


def _check_value(field: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise OutpostError(
            f"invalid {field} {value!r}; use one of: {', '.join(allowed)}"
        )


def _validate(session: Session, correction: Correction) -> None:
    if not correction.items():
        raise OutpostError(
            "nothing to correct; give --sentiment, --intent, --not-intent, "
            "--urgency or --reason"
        )
    both = sorted(set(correction.intents) & set(correction.not_intents))
    if both:
        raise OutpostError(
            f"intent {both[0]!r} is given both as --intent and as --not-intent; "
            "keep one of them"
        )
    intents = [*INTENTS, *(c.name for c in list_triage_classes(session, "intent"))]
    reasons = [c.name for c in list_triage_classes(session, "reason")]
    for field, value in correction.items():
        if field in ("intent", "not_intent"):
            _check_value("intent", value, intents)
        elif field == "sentiment":
            _check_value(field, value, SENTIMENTS)
        elif field == "urgency":
            _check_value(field, value, URGENCIES)
        elif not reasons:
            raise OutpostError(
                f"invalid reason {value!r}: the workspace defines no complaint "
                "reasons; add [[triage.reasons]] to the workspace file"
            )
        else:
            _check_value(field, value, reasons)


def correct_post(
    session: Session, reference: str, correction: Correction, *, by: str | None
) -> dict[str, Any]:
    """Store a correction of one post's labels and apply it to the stored labels.

    Returns the labels after the correction.
    """
    _validate(session, correction)
    post = find_post(session, reference)
    for field, value in correction.items():
        session.add(
            TriageCorrection(post_id=post.id, field=field, value=value, corrected_by=by)
        )
    labels = session.get(TriageLabel, post.id)
    if labels is None:
        raise OutpostError(
            f"post {reference!r} has no labels yet; run `outpost process` first"
        )
    _apply(labels, correction)
    logger.info("corrected labels of post %d", post.id)
    return {
        "post_id": post.id,
        "sentiment": labels.sentiment,
        "intents": list(labels.intents),
        "urgency": labels.urgency,
        "reason": labels.reason,
    }


def _apply(labels: TriageLabel, correction: Correction) -> None:
    intents = [i for i in labels.intents if i not in correction.not_intents]
    intents += [i for i in correction.intents if i not in intents]
    labels.intents = intents
    if correction.sentiment:
        labels.sentiment = correction.sentiment
        labels.sentiment_confidence = 1.0
    if correction.urgency:
        labels.urgency = correction.urgency
    if correction.reason:
        labels.reason = correction.reason
    elif "complaint" not in intents:
        # A reason is the category of a complaint; it goes with the complaint.
        labels.reason = None


def collect_examples(session: Session) -> list[TrainingExample]:
    """Merge every post's corrections into one training example, newest first wins."""
    fields: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(TriageCorrection, Post.text)
        .join(Post, TriageCorrection.post_id == Post.id)
        .order_by(TriageCorrection.id)
    )
    for correction, text in rows:
        entry = fields.setdefault(
            correction.post_id, {"text": text, "intents": set(), "not_intents": set()}
        )
        if correction.field == "intent":
            entry["intents"].add(correction.value)
            entry["not_intents"].discard(correction.value)
        elif correction.field == "not_intent":
            entry["not_intents"].add(correction.value)
            entry["intents"].discard(correction.value)
        else:
            entry[correction.field] = correction.value
    examples = [_example(entry) for entry in fields.values()]
    for triage_class in list_triage_classes(session, "intent"):
        examples.extend(
            TrainingExample(text=text, intents=frozenset({triage_class.name}))
            for text in triage_class.examples
        )
    examples.extend(_background_negatives(session, set(fields)))
    return examples


def _background_negatives(
    session: Session, corrected: set[int]
) -> list[TrainingExample]:
    """Return uncorrected stored posts as negatives of the workspace intents.

    A new intent is rare, so an uncorrected post is far more likely without it
    than with it. These weak negatives keep a head trained on a handful of
    positive examples from claiming every post.
    """
    names = {c.name for c in list_triage_classes(session, "intent")}
    if not names:
        return []
    rows = session.execute(
        select(Post.id, Post.text, TriageLabel.intents)
        .join(TriageLabel, TriageLabel.post_id == Post.id)
        .order_by(Post.id)
        .limit(BACKGROUND_NEGATIVES + len(corrected))
    )
    negatives = []
    for post_id, text, intents in rows:
        if post_id in corrected:
            continue
        absent = frozenset(names - set(intents))
        if absent:
            negatives.append(TrainingExample(text=text, not_intents=absent))
    return negatives[:BACKGROUND_NEGATIVES]


def _example(entry: dict[str, Any]) -> TrainingExample:
    return TrainingExample(
        text=entry["text"],
        sentiment=entry.get("sentiment"),
        intents=frozenset(entry["intents"]),
        not_intents=frozenset(entry["not_intents"]),
        urgency=entry.get("urgency"),
        reason=entry.get("reason"),
    )


def reason_specs(session: Session) -> list[ReasonSpec]:
    """Return the workspace's complaint reasons as the triager takes them."""
    return [
        ReasonSpec(
            name=row.name,
            description=row.description,
            keywords=tuple(row.keywords),
            examples=tuple(row.examples),
        )
        for row in list_triage_classes(session, "reason")
    ]


def load_triager(session: Session) -> Triager:
    """Build the pipeline's triager: the shipped model, the newest workspace heads
    trained on top of it, and the workspace's complaint reasons."""
    # Heads trained on top of an earlier shipped model do not fit this one.
    model = session.scalars(
        select(TriageModel)
        .where(TriageModel.base_model == shipped_model().name)
        .order_by(TriageModel.id.desc())
        .limit(1)
    ).one_or_none()
    heads = WorkspaceHeads.from_bytes(model.payload) if model else None
    return Triager(heads=heads, reasons=reason_specs(session))


def train_workspace_heads(session: Session) -> dict[str, Any]:
    """Fit workspace heads from every correction and workspace example, and store
    them for the pipeline. Returns the heads' summary."""
    examples = collect_examples(session)
    if not examples:
        raise OutpostError(
            "nothing to train on: correct some labels with `outpost triage correct` "
            "or add examples to [[triage.intents]] in the workspace"
        )
    base = Triager(reasons=reason_specs(session))
    intents = [c.name for c in list_triage_classes(session, "intent")]
    heads = WorkspaceHeads.train(examples, base=base, intents=intents)
    summary = heads.summary()
    # Heads read the static model's features and outputs, with or without the
    # transformer, so they are keyed by the static model alone.
    session.add(
        TriageModel(
            base_model=shipped_model().name, payload=heads.to_bytes(), summary=summary
        )
    )
    logger.info("trained workspace heads on %d examples", len(examples))
    return {"examples": len(examples), **summary}
