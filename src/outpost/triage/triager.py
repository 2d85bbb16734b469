"""The Triager: labels posts with sentiment, intents, urgency and language."""

from collections.abc import Sequence

from outpost.triage.labels import UNDETERMINED_LANGUAGE, Labels
from outpost.triage.language import (
    DEFAULT_LANGUAGES,
    LanguageDetector,
    normalise_language_tag,
)
from outpost.triage.preprocess import fold, strip_mentions_and_urls
from outpost.triage.rules import find_intents, rate_urgency
from outpost.triage.sentiment import SentimentScorer

MODEL_NAME = "vader-3.3.2+rules-1"


class Triager:
    """Labels posts offline. Build one and reuse it, because building loads the
    VADER lexicon and the lingua language models (about 0.15 s the first time in a
    process).

    ``languages`` lists the ISO 639-1 codes that detection chooses from. With
    ``parallel`` (the default), language detection of a batch uses every idle core.
    ``name`` identifies the model in stored labels, so that labels from a later
    model can be distinguished.
    """

    name: str = MODEL_NAME

    def __init__(
        self, languages: Sequence[str] = DEFAULT_LANGUAGES, *, parallel: bool = True
    ) -> None:
        self._sentiment = SentimentScorer()
        self._detector = LanguageDetector(languages, parallel=parallel)

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
        stripped = [strip_mentions_and_urls(text) for text in texts]
        codes = self._languages_of(stripped, languages)
        return [
            self._label(text, code) for text, code in zip(stripped, codes, strict=True)
        ]

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

    def _label(self, stripped: str, language: str) -> Labels:
        folded = fold(stripped)
        sentiment = self._sentiment.score(stripped, folded, language)
        intents = find_intents(folded, sentiment.sentiment)
        return Labels(
            sentiment=sentiment.sentiment,
            sentiment_confidence=sentiment.confidence,
            intents=intents,
            urgency=rate_urgency(folded, intents),
            language=language,
        )
