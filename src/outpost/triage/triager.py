"""The Triager: labels posts with sentiment, intents, urgency, language and the
complaint category."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from outpost.triage.cues import Cues
from outpost.triage.features import PreparedText, RawFeatures, prepare, prepare_post
from outpost.triage.labels import (
    INTENTS,
    SENTIMENTS,
    UNDETERMINED_LANGUAGE,
    Labels,
    Sentiment,
    Urgency,
)
from outpost.triage.language import (
    DEFAULT_LANGUAGES,
    LanguageDetector,
    normalise_language_tag,
)
from outpost.triage.model import ShippedModel, load_model
from outpost.triage.preprocess import handles_and_links, strip_mentions_and_urls
from outpost.triage.reasons import ReasonMatcher, ReasonSpec

if TYPE_CHECKING:
    from outpost.triage.heads import WorkspaceHeads
    from outpost.triage.transformer import TransformerModel

# The shipped heads learned English text only.
COVERED_LANGUAGES = frozenset(("en", UNDETERMINED_LANGUAGE))
# A post in another language keeps the model's guess, at most this sure.
OTHER_LANGUAGE_MAX_CONFIDENCE = 0.4
COMPLAINT_AT = 0.5
# Praise needs a praise word, a loyalty cue, or (outside a question) a positive
# probability this high.
PRAISE_AT = 0.75
# A cue rule that overrides the heads leaves at least this confidence.
CUE_CONFIDENCE = 0.6

_INTENT_COLUMNS = {intent: column for column, intent in enumerate(INTENTS)}

_shipped: ShippedModel | None = None


def shipped_model() -> ShippedModel:
    """Return the shipped model, loaded once per process (about 0.2 s)."""
    global _shipped
    if _shipped is None:
        _shipped = load_model()
    return _shipped


class Triager:
    """Labels posts offline. Build one and reuse it.

    ``languages`` lists the ISO 639-1 codes that detection chooses from. With
    ``parallel`` (the default), language detection of a batch uses every idle core.
    ``heads`` are the workspace's own heads, fitted from corrections, and
    ``reasons`` its complaint categories. ``model`` is "static" for the shipped
    linear heads alone or "transformer" to blend in the optional transformer (see
    ``transformer.py``); by default the ``triage_model`` setting decides. ``name``
    identifies the shipped model and the heads in stored labels: it changes when
    either changes.

    Raises TransformerUnavailableError when the transformer is asked for but its
    extra or files are missing.
    """

    def __init__(
        self,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        *,
        parallel: bool = True,
        heads: "WorkspaceHeads | None" = None,
        reasons: Sequence[ReasonSpec] = (),
        model: str | None = None,
    ) -> None:
        self._model = shipped_model()
        self._transformer = _transformer(model)
        self._detector = LanguageDetector(languages, parallel=parallel)
        self._heads = heads
        self._reasons = ReasonMatcher(reasons, self._model.features)
        self.name = self._model.name
        if self._transformer is not None:
            self.name += f"+{self._transformer.name}"
        if heads is not None:
            self.name += f"+ws-{heads.digest[:10]}"

    def classify(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None] | None = None,
    ) -> list[Labels]:
        """Return one ``Labels`` per text, in order.

        ``languages``, when given, has one entry per text: the language tag that the
        platform gave the post, or None (or an empty string) to detect it. A tag wins
        over detection.

        Raises ValueError when ``languages`` and ``texts`` differ in length.
        """
        if languages is not None and len(languages) != len(texts):
            raise ValueError(
                f"got {len(languages)} languages for {len(texts)} texts; "
                "pass one entry per text, None where the platform gave none"
            )
        if not texts:
            return []
        stripped = [strip_mentions_and_urls(text) for text in texts]
        codes = self._languages_of(stripped, languages)
        prepared = [
            prepare(text, handles_and_links(original))
            for text, original in zip(stripped, texts, strict=True)
        ]
        raw, cues = self._model.features.analyse(prepared)
        rows = self._model.features.finish(raw)
        labels = self._shipped_labels(prepared, raw, rows, cues, codes)
        if self._heads is not None:
            labels = self._apply_heads(stripped, rows, labels)
        return labels

    def sentiment_probabilities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """Return the shipped sentiment head's probabilities, one row per text and
        one column per value of ``SENTIMENTS``, for evaluation."""
        prepared = [prepare_post(text) for text in texts]
        rows = self._model.features.transform(prepared)
        return self._probabilities(rows, prepared)[0]

    def _probabilities(
        self, rows: sparse.csr_matrix, prepared: Sequence[PreparedText]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Return the sentiment probabilities (columns in ``SENTIMENTS`` order) and
        the complaint probability of each post, blended with the transformer's
        when it is on."""
        sentiments = _in_order(self._model.sentiment.probabilities(rows), self._model)
        complaints = self._model.complaint.probabilities(rows)[:, 1]
        if self._transformer is not None:
            from outpost.triage.transformer import blend

            sentiment_log, complaint_log = self._transformer.log_probabilities(
                [text.spelled for text in prepared]
            )
            sentiments = blend(sentiments, sentiment_log)
            both = np.column_stack((1 - complaints, complaints))
            complaints = blend(both, complaint_log)[:, 1]
        return sentiments, complaints

    def head_rows(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Return the rows that workspace heads read: the shipped features, then the
        shipped sentiment log-probabilities and a flag per standard intent."""
        prepared = [prepare_post(text) for text in texts]
        raw, cues = self._model.features.analyse(prepared)
        rows = self._model.features.finish(raw)
        codes = ["en"] * len(texts)
        labels = self._shipped_labels(prepared, raw, rows, cues, codes)
        return self._head_rows(rows, labels)

    def _head_rows(
        self, rows: sparse.csr_matrix, labels: Sequence[Labels]
    ) -> sparse.csr_matrix:
        probabilities = _in_order(
            self._model.sentiment.probabilities(rows), self._model
        )
        flags = np.zeros((len(labels), len(INTENTS)))
        for row, label in enumerate(labels):
            for intent in label.intents:
                if intent in _INTENT_COLUMNS:
                    flags[row, _INTENT_COLUMNS[intent]] = 1.0
        shipped = np.hstack((np.log(np.maximum(probabilities, 1e-6)) / 5, flags))
        return sparse.hstack((rows, sparse.csr_matrix(3.0 * shipped)), format="csr")

    def _languages_of(
        self, stripped: list[str], given: Sequence[str | None] | None
    ) -> list[str]:
        if given is None:
            return self._detector.detect(stripped)

        codes = [UNDETERMINED_LANGUAGE] * len(stripped)
        undetected: list[int] = []
        for i, tag in enumerate(given):
            if tag is None or not tag.strip():
                undetected.append(i)
            else:
                codes[i] = normalise_language_tag(tag)

        detected = self._detector.detect([stripped[i] for i in undetected])
        for i, code in zip(undetected, detected, strict=True):
            codes[i] = code
        return codes

    def _shipped_labels(
        self,
        prepared: list[PreparedText],
        raw: RawFeatures,
        rows: sparse.csr_matrix,
        cues: Cues,
        codes: list[str],
    ) -> list[Labels]:
        sentiments, complaints = self._probabilities(rows, prepared)
        flags = {name: found.tolist() for name, found in _flags(cues, prepared).items()}
        embeddings = (
            self._model.features.embeddings_of(raw) if self._reasons.names else None
        )
        labels = []
        for i, text in enumerate(prepared):
            found = {name for name, posts in flags.items() if posts[i]}
            label = _label(found, sentiments[i], float(complaints[i]), codes[i])
            if embeddings is not None and "complaint" in label.intents:
                label = _replace(
                    label, reason=self._reasons.choose(text, embeddings[i])
                )
            labels.append(label)
        return labels

    def _apply_heads(
        self,
        stripped: list[str],
        rows: sparse.csr_matrix,
        labels: list[Labels],
    ) -> list[Labels]:
        from outpost.triage.heads import stripped_text_key

        heads = self._heads
        assert heads is not None
        outputs = _head_outputs(heads, self._head_rows(rows, labels))
        adjusted = []
        for i, label in enumerate(labels):
            label = _with_heads(heads, outputs, i, label)
            memory = heads.memory.get(stripped_text_key(stripped[i]))
            if memory is not None:
                label = _remember(memory, label, heads.intents)
            adjusted.append(label)
        return adjusted


def _transformer(model: str | None) -> "TransformerModel | None":
    """Return the transformer for ``model``, or None for the static model."""
    if model is None:
        from outpost.settings import get_settings

        model = get_settings().triage_model
    if model == "static":
        return None
    if model != "transformer":
        raise ValueError(f"unknown triage model {model!r}; use static or transformer")
    from outpost.triage.transformer import load_transformer

    return load_transformer()


def _in_order(
    probabilities: NDArray[np.float64], model: ShippedModel
) -> NDArray[np.float64]:
    order = [model.sentiment.classes.index(name) for name in SENTIMENTS]
    return probabilities[:, order]


def _flags(cues: Cues, prepared: list[PreparedText]) -> dict[str, NDArray[np.bool_]]:
    """Return, for each cue rule and for ``question``, which posts have it."""
    flags = {name: counts > 0 for name, counts in cues.rules.items()}
    marks = np.fromiter(("?" in text.folded for text in prepared), dtype=bool)
    flags["question"] = (
        marks | flags.pop("question_opening") | flags.pop("question_phrase")
    )
    return flags


def _label(
    found: set[str], sentiment: NDArray[np.float64], complaint: float, language: str
) -> Labels:
    best = int(np.argmax(sentiment))
    label: Sentiment = SENTIMENTS[best]
    confidence = float(sentiment[best])
    label, confidence = _cue_sentiment(found, label, confidence)
    covered = language in COVERED_LANGUAGES

    rule_intents = ("question", "buying_signal", "churn_risk", "switching")
    intents: set[str] = {intent for intent in rule_intents if intent in found}
    if covered and _is_complaint(found, label, complaint):
        intents.add("complaint")
    if (
        covered
        and label == "positive"
        and (
            "praise" in found
            or "loyalty" in found
            or (confidence >= PRAISE_AT and "question" not in intents)
        )
    ):
        intents.add("praise")
    ordered = tuple(i for i in INTENTS if i in intents)
    if not covered:
        confidence = min(confidence, OTHER_LANGUAGE_MAX_CONFIDENCE)
    return Labels(
        sentiment=label,
        sentiment_confidence=round(confidence, 3),
        intents=ordered,
        urgency=_urgency(found, ordered),
        language=language,
    )


def _urgency(found: set[str], intents: tuple[str, ...]) -> Urgency:
    """Return "high" for safety, legal threats, outages and people stranded now,
    "low" for a post whose only intent is praise, and "normal" otherwise."""
    if "urgent" in found:
        return "high"
    if intents == ("praise",):
        return "low"
    return "normal"


# Cues that make a post negative whatever the head predicts.
_NEGATIVE_CUES = ("lost_love", "unmet_expectation", "sarcasm", "waiting")


def _cue_sentiment(
    found: set[str], label: Sentiment, confidence: float
) -> tuple[Sentiment, float]:
    """Apply the cue rules that the heads see too rarely in training: what used to
    be good, unmet expectations, sarcasm and waiting are negative, and loyalty
    ("never fly with anyone else", "hard to beat") is positive."""
    negative = any(name in found for name in _NEGATIVE_CUES)
    if negative and label != "negative":
        return "negative", CUE_CONFIDENCE
    if not negative and "loyalty" in found and label != "positive":
        return "positive", CUE_CONFIDENCE
    return label, confidence


def _is_complaint(found: set[str], sentiment: Sentiment, probability: float) -> bool:
    if sentiment == "positive":
        return False
    if probability >= COMPLAINT_AT:
        return True
    return sentiment == "negative" and any(
        name in found
        for name in ("complaint", "lost_love", "unmet_expectation", "sarcasm")
    )


def _replace(label: Labels, **changes: object) -> Labels:
    values: dict[str, object] = {
        "sentiment": label.sentiment,
        "sentiment_confidence": label.sentiment_confidence,
        "intents": label.intents,
        "urgency": label.urgency,
        "language": label.language,
        "reason": label.reason,
    }
    values.update(changes)
    return Labels(**values)  # type: ignore[arg-type]


def _ordered(intents: set[str], extra: Sequence[str]) -> tuple[str, ...]:
    return tuple(i for i in (*INTENTS, *extra) if i in intents)


@dataclass(frozen=True)
class _HeadOutputs:
    """The workspace heads' outputs for a batch: sentiment probabilities (columns in
    the head's class order), whether each intent head fires, and the best reason."""

    sentiment: NDArray[np.float64] | None
    intents: dict[str, list[bool]]
    reasons: list[str] | None


def _head_outputs(heads: "WorkspaceHeads", rows: sparse.csr_matrix) -> _HeadOutputs:
    sentiment = None
    if heads.sentiment is not None:
        sentiment = heads.sentiment.probabilities(rows)
    intents = {
        intent: (head.probabilities(rows)[:, 1] >= 0.5).tolist()
        for intent, head in heads.intent_heads.items()
    }
    reasons = None
    if heads.reason is not None:
        best = heads.reason.probabilities(rows).argmax(axis=1)
        reasons = [heads.reason.classes[i] for i in best]
    return _HeadOutputs(sentiment, intents, reasons)


def _with_heads(
    heads: "WorkspaceHeads", outputs: _HeadOutputs, i: int, label: Labels
) -> Labels:
    sentiment, confidence = label.sentiment, label.sentiment_confidence
    if heads.sentiment is not None and outputs.sentiment is not None:
        probabilities = outputs.sentiment[i]
        best = int(np.argmax(probabilities))
        sentiment = heads.sentiment.classes[best]  # type: ignore[assignment]
        confidence = round(float(probabilities[best]), 3)
    intents = set(label.intents)
    for intent, fires in outputs.intents.items():
        if fires[i]:
            intents.add(intent)
        else:
            intents.discard(intent)
    reason = label.reason
    if outputs.reasons is not None and "complaint" in intents:
        reason = outputs.reasons[i]
    return _replace(
        label,
        sentiment=sentiment,
        sentiment_confidence=confidence,
        intents=_ordered(intents, heads.intents),
        reason=reason if "complaint" in intents else None,
    )


def _remember(memory: dict[str, object], label: Labels, extra: Sequence[str]) -> Labels:
    intents = set(label.intents) | set(memory["intents"])  # type: ignore[call-overload]
    intents -= set(memory["not_intents"])  # type: ignore[call-overload]
    changes: dict[str, object] = {"intents": _ordered(intents, extra)}
    if memory["sentiment"] is not None:
        changes["sentiment"] = memory["sentiment"]
        changes["sentiment_confidence"] = 1.0
    urgency: Urgency | None = memory["urgency"]  # type: ignore[assignment]
    if urgency is not None:
        changes["urgency"] = urgency
    if memory["reason"] is not None:
        changes["reason"] = memory["reason"]
    return _replace(label, **changes)
