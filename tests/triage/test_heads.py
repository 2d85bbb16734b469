"""Workspace heads: corrections, new intents, reasons and serialisation."""

import numpy as np
import pytest

from outpost.triage import (
    ReasonSpec,
    TrainingExample,
    Triager,
    WorkspaceHeads,
)
from outpost.triage.heads import HeadsFormatError

REFUND = [
    "where is my refund, it has been ages",
    "still no refund for the cancelled order",
    "I want my money back for the broken kettle",
    "refund me now, you charged me twice",
    "when will the refund for order 5512 arrive",
    "my refund never showed up on my card",
]
OTHER = [
    "love the new colours this season",
    "what time does the store open on sunday",
    "the delivery driver was very friendly",
    "do you ship to Canada",
    "my parcel came a day early, thanks",
    "is the blue jacket back in stock",
    "the new app update looks clean",
    "can I change the size after ordering",
    "great match last night, what a finish",
    "the shop on main street has a new window display",
    "how long does shipping to Ireland take",
    "my sister loved the scarf I gave her",
    "are the trainers true to size",
    "the checkout page is quick now",
    "anyone going to the spring sale",
    "the courier left the box with my neighbour",
    "which colour suits a grey coat better",
    "happy friday everyone",
    "the manual explains the setup well",
    "do you have gift cards",
]
# A new intent needs at least 20 examples without it; OTHER and the complaint
# below give 21.


@pytest.fixture(scope="module")
def base() -> Triager:
    return Triager(parallel=False)


@pytest.fixture(scope="module")
def heads(base: Triager) -> WorkspaceHeads:
    examples = [
        TrainingExample(text, intents=frozenset({"refund_request"})) for text in REFUND
    ] + [TrainingExample(text) for text in OTHER]
    examples.append(
        TrainingExample(
            "the app logs me out every day",
            sentiment="negative",
            intents=frozenset({"complaint"}),
            urgency="high",
            reason="app",
        )
    )
    return WorkspaceHeads.train(examples, base=base, intents=["refund_request"])


def test_new_intent_learned(base: Triager, heads: WorkspaceHeads) -> None:
    triager = Triager(parallel=False, heads=heads)
    [refund, other] = triager.classify(
        ["I am still waiting for the refund of my order", "is the store open today"]
    )
    assert refund.intents[-1] == "refund_request"
    assert "refund_request" not in other.intents


def test_new_intent_after_standard(heads: WorkspaceHeads) -> None:
    triager = Triager(parallel=False, heads=heads)
    [labels] = triager.classify(["Why is there still no refund for my order?"])
    assert labels.intents[0] == "question"
    assert labels.intents.index("refund_request") == len(labels.intents) - 1


def test_corrected_post_remembered(heads: WorkspaceHeads) -> None:
    triager = Triager(parallel=False, heads=heads)
    [labels] = triager.classify(["@shop The app logs me out every day"])
    assert labels.sentiment == "negative"
    assert labels.urgency == "high"
    assert "complaint" in labels.intents
    assert labels.reason == "app"


def test_name_changes_with_heads(base: Triager, heads: WorkspaceHeads) -> None:
    assert Triager(parallel=False, heads=heads).name != base.name
    assert Triager(parallel=False).name == base.name


def test_bytes_round_trip(heads: WorkspaceHeads) -> None:
    data = heads.to_bytes()
    loaded = WorkspaceHeads.from_bytes(data)
    assert loaded.to_bytes() == data
    assert loaded.intents == ("refund_request",)
    assert set(loaded.intent_heads) == set(heads.intent_heads)


def test_from_bytes_rejects_garbage() -> None:
    with pytest.raises(HeadsFormatError, match="cannot read workspace heads"):
        WorkspaceHeads.from_bytes(b"not an archive")


def test_summary_counts(heads: WorkspaceHeads) -> None:
    summary = heads.summary()
    head = summary["heads"]["intent:refund_request"]
    assert head["trained"] is True
    assert head["examples"] == {"0": 21, "1": 6}
    assert head["cross_validated_f1"] is not None
    assert summary["heads"]["sentiment"]["trained"] is False
    assert summary["corrected_posts"] == 27


def test_new_intent_standard_name_rejected(base: Triager) -> None:
    with pytest.raises(ValueError, match="'praise' is a standard intent"):
        WorkspaceHeads.train([], base=base, intents=["praise"])


def test_invalid_sentiment_rejected(base: Triager) -> None:
    with pytest.raises(ValueError, match="invalid sentiment 'angry'"):
        WorkspaceHeads.train([TrainingExample("x", sentiment="angry")], base=base)


def test_reason_by_keyword_and_similarity() -> None:
    reasons = [
        ReasonSpec(
            "late_delivery", "order or parcel arrived late", ("late", "delayed")
        ),
        ReasonSpec("billing", "charged twice, wrong invoice, refund", ("charged",)),
    ]
    triager = Triager(parallel=False, reasons=reasons)
    [late, billing, praise] = triager.classify(
        [
            "My parcel is 5 days late, terrible service",
            "You charged me twice for one order, awful",
            "Thanks, the parcel came early!",
        ]
    )
    assert late.reason == "late_delivery"
    assert billing.reason == "billing"
    assert praise.reason is None


def test_heads_labels_independent_of_batch(heads: WorkspaceHeads) -> None:
    reasons = [ReasonSpec("billing", "charged twice, wrong invoice", ("charged",))]
    triager = Triager(parallel=False, heads=heads, reasons=reasons)
    posts = [
        "I am still waiting for the refund of my order",
        "@shop The app logs me out every day",
        "You charged me twice, awful",
        "is the store open today",
    ]
    together = triager.classify(posts)
    one_by_one = [triager.classify([post])[0] for post in posts]
    assert together == one_by_one


def test_head_weights_cover_all_columns(heads: WorkspaceHeads) -> None:
    head = heads.intent_heads["refund_request"]
    width = Triager(parallel=False).head_rows(["x"]).shape[1]
    assert head.coef.shape == (1, width)
    assert 0 < np.count_nonzero(head.coef) < width


def test_new_intent_needs_twenty_negatives(base: Triager) -> None:
    examples = [
        TrainingExample(text, intents=frozenset({"refund_request"})) for text in REFUND
    ] + [TrainingExample(text) for text in OTHER[:19]]
    heads = WorkspaceHeads.train(examples, base=base, intents=["refund_request"])
    assert "refund_request" not in heads.intent_heads
    head = heads.summary()["heads"]["intent:refund_request"]
    assert head == {
        "trained": False,
        "classes": [],
        "examples": {"0": 19, "1": 6},
        "cross_validated_f1": None,
    }
