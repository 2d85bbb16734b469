"""Sentiment of a post: VADER's compound score, adjusted by service-failure cues.

VADER (vaderSentiment 3.3.2) is a lexicon and rule model for English social media
text. Plain VADER misses complaints written in neutral words ("on hold for 2 hours"),
so each complaint or frustration cue lowers the score, and a thank-you with no cue
counts as positive even when VADER scores it mildly.

The thresholds and the cue penalty were chosen on the 80% training split of the
Twitter US Airline Sentiment data (seed 0), never on its test split.
"""

from typing import NamedTuple

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from outpost.triage.labels import Sentiment
from outpost.triage.rules import COMPLAINT_CUES, FRUSTRATION_CUES, PRAISE_CUES

NEGATIVE_AT = -0.05
POSITIVE_AT = 0.6
PRAISE_POSITIVE_AT = 0.05
CUE_PENALTY = 0.5
# VADER and the cues are English, so a post in another language keeps its label but
# gets at most this confidence.
OTHER_LANGUAGE_MAX_CONFIDENCE = 0.5


class SentimentResult(NamedTuple):
    """A sentiment label, its confidence in 0..1 and the adjusted score in -1..1."""

    sentiment: Sentiment
    confidence: float
    score: float


class SentimentScorer:
    """Scores posts with VADER and the cue rules. Build once: loading the lexicon
    takes a few milliseconds."""

    def __init__(self) -> None:
        self._vader = SentimentIntensityAnalyzer()

    def compound(self, stripped: str) -> float:
        """Return VADER's compound score of ``stripped`` in -1..1, without the cues."""
        return float(self._vader.polarity_scores(stripped)["compound"])

    def score(self, stripped: str, folded: str, language: str) -> SentimentResult:
        """Label one post.

        ``stripped`` is the text without @mentions and URLs in its original case,
        which VADER reads for emphasis. ``folded`` is the same text after
        ``preprocess.fold``, which the cue rules read.
        """
        cues = len(COMPLAINT_CUES.findall(folded))
        cues += len(FRUSTRATION_CUES.findall(folded))
        score = max(-1.0, self.compound(stripped) - CUE_PENALTY * cues)
        sentiment = _sentiment_of(score, cues, folded)

        confidence = confidence_of(sentiment, score)
        if language not in ("en", "und"):
            confidence = min(confidence, OTHER_LANGUAGE_MAX_CONFIDENCE)
        return SentimentResult(sentiment, confidence, score)


def _sentiment_of(score: float, cues: int, folded: str) -> Sentiment:
    if score <= NEGATIVE_AT:
        return "negative"
    if score >= POSITIVE_AT:
        return "positive"
    if cues == 0 and score >= PRAISE_POSITIVE_AT and PRAISE_CUES.search(folded):
        return "positive"
    return "neutral"


def confidence_of(sentiment: Sentiment, score: float) -> float:
    """Map the adjusted score to a confidence: the further the score is from zero,
    the surer a polar label is and the less sure a neutral one is.

    The slopes roughly follow the precision of each label at each score on the
    airline training split, where a neutral label is right only about half the time.
    The values are not calibrated probabilities.
    """
    magnitude = min(abs(score), 1.0)
    if sentiment == "neutral":
        return round(0.55 - 0.25 * magnitude, 3)
    return round(0.55 + 0.4 * magnitude, 3)
