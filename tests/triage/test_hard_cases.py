"""Posts that lexicon sentiment gets wrong, and the language rules for posts the
model does not cover."""

import pytest

from outpost.triage import Labels, Triager


@pytest.fixture(scope="module", params=["static", "transformer"])
def triager(request: pytest.FixtureRequest) -> Triager:
    return Triager(parallel=False, model=request.param)


def classify_one(triager: Triager, text: str, language: str | None = None) -> Labels:
    [labels] = triager.classify([text], [language])
    return labels


# VADER 3.3.2 scores the first three and the refund positive or zero.
NEGATIVE_COMPLAINTS = [
    "Great, my bag is lost again. Love it.",
    "I expected a lot better from you",
    "I used to love this brand",
    "Still waiting for my refund, 3 weeks now",
]
POSITIVE_PRAISE = [
    "hard to beat their prices",
    "I will never fly with anyone else",
]


@pytest.mark.parametrize("text", NEGATIVE_COMPLAINTS)
def test_negative_complaint(triager: Triager, text: str) -> None:
    labels = classify_one(triager, text)
    assert labels.sentiment == "negative"
    assert "complaint" in labels.intents
    assert "praise" not in labels.intents


@pytest.mark.parametrize("text", POSITIVE_PRAISE)
def test_positive_praise(triager: Triager, text: str) -> None:
    labels = classify_one(triager, text)
    assert labels.sentiment == "positive"
    assert "praise" in labels.intents
    assert "complaint" not in labels.intents
    assert "churn_risk" not in labels.intents


def test_hashtag_words_read(triager: Triager) -> None:
    labels = classify_one(triager, "Third delay this month #NeverAgain #WorstAirline")
    assert labels.sentiment == "negative"


def test_emoji_glued_and_in_runs(triager: Triager) -> None:
    angry = classify_one(triager, "my order arrived broken😡😡😡")
    happy = classify_one(triager, "the new jacket fits perfectly😍😍")
    assert angry.sentiment == "negative"
    assert happy.sentiment == "positive"


def test_negation_flips_praise(triager: Triager) -> None:
    labels = classify_one(triager, "the support team was not helpful at all")
    assert labels.sentiment == "negative"


def test_uncovered_language_low_confidence(triager: Triager) -> None:
    labels = classify_one(
        triager, "Mi pedido llegó roto y nadie responde a mis correos desde hace días"
    )
    assert labels.language == "es"
    assert labels.sentiment_confidence <= 0.4


def test_platform_language_caps_confidence(triager: Triager) -> None:
    labels = classify_one(triager, "Thanks so much, amazing service!", "de")
    assert labels.language == "de"
    assert labels.sentiment_confidence <= 0.4


def test_short_post_und(triager: Triager) -> None:
    assert classify_one(triager, "ok thanks").language == "und"
