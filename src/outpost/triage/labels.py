"""The labels that triage gives one post, and the values each label may take."""

from dataclasses import dataclass
from typing import Literal

Sentiment = Literal["positive", "neutral", "negative"]
Urgency = Literal["low", "normal", "high"]

SENTIMENTS: tuple[Sentiment, ...] = ("positive", "neutral", "negative")
URGENCIES: tuple[Urgency, ...] = ("low", "normal", "high")

# Canonical order: Labels.intents always lists its members in this order.
INTENTS: tuple[str, ...] = (
    "question",
    "complaint",
    "praise",
    "buying_signal",
    "churn_risk",
    "switching",
)

UNDETERMINED_LANGUAGE = "und"


@dataclass(frozen=True, slots=True)
class Labels:
    """Triage labels of one post.

    ``language`` is an ISO 639-1 code, or ``"und"`` when it is unknown.
    ``sentiment_confidence`` is in 0..1 but is not a calibrated probability.
    ``intents`` lists the standard intents in the order of ``INTENTS``, then any
    intents that the workspace defined, in the workspace's order. ``reason`` is the
    complaint category, or None when the post is no complaint or no category fits.
    """

    sentiment: Sentiment
    sentiment_confidence: float
    intents: tuple[str, ...]
    urgency: Urgency
    language: str
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.sentiment not in SENTIMENTS:
            raise ValueError(f"invalid sentiment {self.sentiment!r}")
        if not 0.0 <= self.sentiment_confidence <= 1.0:
            raise ValueError(
                f"sentiment_confidence {self.sentiment_confidence!r} is not in 0..1"
            )
        if self.urgency not in URGENCIES:
            raise ValueError(f"invalid urgency {self.urgency!r}")
        standard = tuple(i for i in INTENTS if i in self.intents)
        extra = self.intents[len(standard) :]
        if (
            self.intents[: len(standard)] != standard
            or len(set(self.intents)) != len(self.intents)
            or any(intent in INTENTS for intent in extra)
        ):
            raise ValueError(
                f"intents {self.intents!r} must be distinct, with members of "
                f"{INTENTS} first and in that order"
            )

    def to_dict(self) -> dict[str, object]:
        """Return the labels as a JSON-ready dict, with ``intents`` as a list."""
        return {
            "sentiment": self.sentiment,
            "sentiment_confidence": self.sentiment_confidence,
            "intents": list(self.intents),
            "urgency": self.urgency,
            "language": self.language,
            "reason": self.reason,
        }
