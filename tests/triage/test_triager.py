"""Triager on hand-written posts: each intent, urgency, sentiment and language."""

import pytest

from outpost.triage import INTENTS, Labels, Triager


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager(parallel=False)


def classify_one(triager: Triager, text: str, language: str | None = None) -> Labels:
    [labels] = triager.classify([text], [language])
    return labels


def test_question_how_do_i(triager: Triager) -> None:
    labels = classify_one(triager, "@acme how do I change the name on my booking")
    assert "question" in labels.intents
    assert labels.urgency == "normal"


def test_question_mark_and_opening(triager: Triager) -> None:
    for text in [
        "Is there a lounge in terminal 2?",
        "Does anyone know when the sale ends",
        "when does the store open tomorrow",
    ]:
        assert "question" in classify_one(triager, text).intents, text


def test_statement_is_not_question(triager: Triager) -> None:
    labels = classify_one(triager, "What a lovely crew on my flight today.")
    assert "question" not in labels.intents


def test_complaint_on_hold(triager: Triager) -> None:
    labels = classify_one(
        triager,
        "@united my flight was cancelled and I've been on hold for 2 hours. "
        "Unacceptable.",
    )
    assert labels.sentiment == "negative"
    assert "complaint" in labels.intents
    assert labels.sentiment_confidence > 0.8


def test_complaint_in_neutral_words(triager: Triager) -> None:
    # Plain VADER scores this neutral, and the cues make it a complaint.
    labels = classify_one(triager, "still waiting for my bag, 3 days now")
    assert labels.sentiment == "negative"
    assert "complaint" in labels.intents


def test_praise_is_low_urgency(triager: Triager) -> None:
    labels = classify_one(
        triager, "Thank you @JetBlue for the amazing service, the crew was wonderful!"
    )
    assert labels.sentiment == "positive"
    assert labels.intents == ("praise",)
    assert labels.urgency == "low"


def test_short_thanks_is_positive(triager: Triager) -> None:
    labels = classify_one(triager, "@united thanks for the help")
    assert labels.sentiment == "positive"
    assert "praise" in labels.intents


def test_buying_signal(triager: Triager) -> None:
    labels = classify_one(
        triager, "Can anyone recommend a good CRM for a team of ten? Need pricing."
    )
    assert "buying_signal" in labels.intents
    assert "question" in labels.intents


def test_lost_bag_is_not_buying(triager: Triager) -> None:
    labels = classify_one(triager, "Still looking for my bag, nobody at the desk")
    assert "buying_signal" not in labels.intents
    assert "complaint" in labels.intents


def test_churn_cancel_subscription(triager: Triager) -> None:
    labels = classify_one(
        triager, "I'm cancelling my subscription, totally done with this service."
    )
    assert "churn_risk" in labels.intents


def test_churn_never_flying_again(triager: Triager) -> None:
    labels = classify_one(triager, "Never flying with you again after this mess")
    assert "churn_risk" in labels.intents
    assert labels.sentiment == "negative"


def test_switching_to_competitor(triager: Triager) -> None:
    labels = classify_one(
        triager, "We switched to Acme last month after years with you"
    )
    assert "switching" in labels.intents
    assert "churn_risk" in labels.intents


def test_switching_flights_is_not_switching(triager: Triager) -> None:
    labels = classify_one(triager, "They switched me to a later flight, fine by me")
    other = classify_one(triager, "Can I switch to an earlier flight tomorrow?")
    leaving = classify_one(triager, "are flights leaving Dallas for Seattle on time?")
    assert "switching" not in labels.intents
    assert "switching" not in other.intents
    assert "churn_risk" not in other.intents
    assert "switching" not in leaving.intents


def test_urgent_safety(triager: Triager) -> None:
    labels = classify_one(
        triager, "There is smoke in the cabin and the crew is not telling us anything"
    )
    assert labels.urgency == "high"


def test_urgent_legal_and_stranded(triager: Triager) -> None:
    for text in [
        "My lawyer will be in touch about the damaged wheelchair",
        "Stranded at the airport with two kids and no hotel",
        "Your website is down again, I can't check in",
    ]:
        assert classify_one(triager, text).urgency == "high", text


def test_urgent_lookalikes_are_normal(triager: Triager) -> None:
    for text in [
        "Got the emergency exit seats, huge win",
        "I'm furious right now, third delay this week",
        "Adding insult to injury, the meal was cold",
        "Had great service down at the Boston desk",
    ]:
        assert classify_one(triager, text).urgency != "high", text


def test_short_post_is_und(triager: Triager) -> None:
    labels = classify_one(triager, "@united thanks! https://t.co/abc123")
    assert labels.language == "und"


def test_platform_language_wins(triager: Triager) -> None:
    english = "The flight was on time and the crew was friendly"
    [tagged, regional, untagged, empty, twitter_und] = triager.classify(
        [english] * 5, ["de", "pt-BR", None, "", "und"]
    )
    assert tagged.language == "de"
    assert regional.language == "pt"
    assert untagged.language == "en"
    assert empty.language == "en"
    assert twitter_und.language == "und"


def test_french_post_detected(triager: Triager) -> None:
    labels = classify_one(
        triager, "Bonjour, je voudrais savoir comment changer mon billet pour demain"
    )
    assert labels.language == "fr"
    # The heads learned English only, so the confidence of another language is capped.
    assert labels.sentiment_confidence <= 0.4


def test_short_english_complaint_without_function_words(triager: Triager) -> None:
    labels = classify_one(triager, "@harborfluid my order is broken, worst service")
    assert labels.language == "en"
    assert "complaint" in labels.intents


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("mijn bestelling is kapot, slechte service", "nl"),
        ("meine Bestellung ist kaputt, schlechter Service", "de"),
    ],
)
def test_sentiment_words_keep_other_languages(
    triager: Triager, text: str, language: str
) -> None:
    assert classify_one(triager, text).language == language


def test_japanese_post_not_und(triager: Triager) -> None:
    labels = classify_one(triager, "荷物がまだ届いていません")
    assert labels.language == "ja"


def test_intents_in_canonical_order(triager: Triager) -> None:
    labels = classify_one(
        triager,
        "Why is my flight delayed again? Worst airline, switching to Delta "
        "from now on and never flying with you again.",
    )
    assert labels.intents == (
        "question",
        "complaint",
        "churn_risk",
        "switching",
    )
    assert list(labels.intents) == [i for i in INTENTS if i in labels.intents]


def test_to_dict_keys(triager: Triager) -> None:
    result = classify_one(triager, "How much is a family pass?").to_dict()
    assert list(result) == [
        "sentiment",
        "sentiment_confidence",
        "intents",
        "urgency",
        "language",
        "reason",
    ]
    assert isinstance(result["intents"], list)


def test_triager_has_model_name(triager: Triager) -> None:
    assert triager.name
    assert len(triager.name) <= 80


def test_classify_keeps_order_and_length(triager: Triager) -> None:
    texts = ["Love it, thanks!", "Lost my luggage, terrible", "", "ok"]
    labels = triager.classify(texts)
    assert len(labels) == 4
    assert labels[0].sentiment == "positive"
    assert labels[1].sentiment == "negative"
    assert labels[2].language == "und"
    assert labels[2].intents == ()
    assert triager.classify([]) == []


def test_languages_length_mismatch(triager: Triager) -> None:
    with pytest.raises(ValueError, match="1 languages for 2 texts"):
        triager.classify(["a post", "another post"], ["en"])


def test_language_set_without_english() -> None:
    triager = Triager(languages=["FR", "DE"])
    [labels] = triager.classify(["The flight was on time and the crew was friendly"])
    # Without English in the set, the English screen is off and lingua must choose.
    assert labels.language in ("fr", "de", "und")


def test_unsupported_language_code() -> None:
    with pytest.raises(ValueError, match="does not support language code 'xx'"):
        Triager(languages=["en", "xx"])
    with pytest.raises(ValueError, match="at least two languages"):
        Triager(languages=["en", "EN"])


def test_labels_reject_invalid_values() -> None:
    with pytest.raises(ValueError, match="intents"):
        Labels("neutral", 0.5, ("praise", "question"), "normal", "en")
    with pytest.raises(ValueError, match="intents"):
        Labels("neutral", 0.5, ("refunds", "praise"), "normal", "en")
    with pytest.raises(ValueError, match="sentiment"):
        Labels("angry", 0.5, (), "normal", "en")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sentiment_confidence"):
        Labels("neutral", 1.5, (), "normal", "en")
