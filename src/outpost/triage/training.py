"""Training of the shipped triage heads from the public data sets.

Rebuild the shipped weights (about a minute on two cores) with

    PYTHONPATH=src python -m outpost.triage.training --data ../shared/data

The default model learns sentiment from four sets (airline tweets, general tweets
with sentiment labels, general tweets with emotion labels, product and restaurant
review sentences) and complaints from tweets to nine industries' service accounts.
The airline tweets of the fixed 20% test split and the TweetEval test splits are
never used, so those figures stay held-out ones.
"""

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from outpost.triage import datasets
from outpost.triage.cues import CUE_NAMES
from outpost.triage.embedding import StaticEmbedder
from outpost.triage.features import (
    CHAR_BITS,
    HANDLE_BITS,
    WORD_BITS,
    FeatureExtractor,
    PreparedText,
    RawFeatures,
    prepare_post,
)
from outpost.triage.model import MODEL_VERSION, MODELS_DIR, LinearHead, save_model

logger = logging.getLogger(__name__)

SENTIMENT_C = 1.0
COMPLAINT_C = 32.0
# The complaint head's embedding columns count half as much as the sentiment
# head's. This value and COMPLAINT_C were chosen by 5-fold cross-validation
# on the training part of the first of the complaint evaluation's ten folds.
COMPLAINT_EMBEDDING_SCALE = 0.5
# Added to the sentiment head's log-probabilities (that is, to its intercepts).
# They were chosen by 5-fold cross-validation on the training data only (the
# airline training split and the TweetEval validation split), for the sum of the
# airline macro-F1 and the TweetEval macro-recall of the held-out folds.
SENTIMENT_OFFSETS = {"negative": 0.0, "neutral": -0.6, "positive": -0.3}
MAX_ITERATIONS = 300
# Each domain's total weight grows with the square root of its size, so that the
# largest set (airline tweets) does not drown the others.
DOMAIN_WEIGHT_POWER = 0.5

DATASET_LICENCES = {
    "airline-sentiment": "CC BY-NC-SA 4.0 (Kaggle listing of CrowdFlower's data)",
    "tweeteval-val": "TweetEval release without restrictions; SemEval-2017 Task 4 "
    "data and X/Twitter terms apply",
    "tweeteval-emotion": "TweetEval release without restrictions; SemEval-2018 "
    "Task 1 data and X/Twitter terms apply",
    "uci-sentiment-sentences": "CC BY 4.0 (UCI Machine Learning Repository)",
    "tweet-complaints": "no licence stated; research data released with the paper",
}


@dataclass
class LabelledSet:
    """Texts with one label each, from one domain."""

    domain: str
    texts: list[str]
    labels: list[str]


@dataclass
class TrainingSet:
    """The sentiment domains and the complaint set a model is trained on."""

    sentiment: list[LabelledSet] = field(default_factory=list)
    complaint: LabelledSet | None = None
    # Per-class offsets of the sentiment head; none for a held-out recipe.
    offsets: dict[str, float] = field(default_factory=dict)

    def describe(self) -> dict[str, dict[str, Any]]:
        """Return the rows and licence of each data set, for a model's metadata."""
        parts = [*self.sentiment, *([self.complaint] if self.complaint else [])]
        return {
            part.domain: {
                "rows": len(part.labels),
                "licence": DATASET_LICENCES[part.domain],
            }
            for part in parts
        }

    def names(self) -> list[str]:
        """Return the domain names, complaint set last."""
        names = [part.domain for part in self.sentiment]
        return names + ([self.complaint.domain] if self.complaint else [])


def default_training_set(root: Path, *, tweeteval_val: bool = True) -> TrainingSet:
    """Return the training data of the shipped model, read from ``root``."""
    airline_train, _ = datasets.split_airline(datasets.read_airline(root))
    parts = [
        LabelledSet(
            "airline-sentiment",
            [tweet.text for tweet in airline_train],
            [tweet.sentiment for tweet in airline_train],
        )
    ]
    if tweeteval_val:
        pairs = datasets.read_tweeteval_sentiment(root, "val")
        parts.append(LabelledSet("tweeteval-val", *_unzip(pairs)))
    emotion = datasets.read_tweeteval_emotion(root, "train")
    emotion += datasets.read_tweeteval_emotion(root, "val")
    parts.append(LabelledSet("tweeteval-emotion", *_unzip(emotion)))
    reviews = datasets.read_review_sentences(root)
    parts.append(LabelledSet("uci-sentiment-sentences", *_unzip(reviews)))
    complaints = datasets.read_complaints(root)
    complaint = LabelledSet(
        "tweet-complaints",
        [tweet.text for tweet in complaints],
        ["1" if tweet.complaint else "0" for tweet in complaints],
    )
    offsets = SENTIMENT_OFFSETS if tweeteval_val else {}
    return TrainingSet(parts, complaint, dict(offsets))


def _unzip(pairs: Sequence[tuple[str, str]]) -> tuple[list[str], list[str]]:
    return [text for text, _ in pairs], [label for _, label in pairs]


def prepare_all(texts: Sequence[str]) -> list[PreparedText]:
    """Prepare raw post texts for feature extraction."""
    return [prepare_post(text) for text in texts]


def domain_weights(sizes: Sequence[int]) -> NDArray[np.float64]:
    """Return one sample weight per row for domains of ``sizes`` rows, with mean 1."""
    weights = np.concatenate(
        [np.full(size, size**DOMAIN_WEIGHT_POWER / size) for size in sizes]
    )
    return np.asarray(weights / weights.mean())


def fit_sentiment(
    rows: Any,
    labels: Sequence[str],
    sizes: Sequence[int],
    offsets: dict[str, float] | None = None,
) -> LinearHead:
    """Fit the sentiment head on feature ``rows`` from domains of ``sizes`` rows,
    then add ``offsets`` (by class name) to its intercepts.

    The head ignores the handle columns: the training sets address different
    accounts, or none, so a handle would stand for the domain rather than the
    sentiment, and a post to an unseen account would lose that evidence.
    """
    estimator = LogisticRegression(
        C=SENTIMENT_C, max_iter=MAX_ITERATIONS, class_weight="balanced"
    )
    read = rows.shape[1] - 2**HANDLE_BITS
    estimator.fit(rows[:, :read], list(labels), sample_weight=domain_weights(sizes))
    head = LinearHead.from_sklearn(estimator)
    coef = np.zeros((len(head.coef), rows.shape[1]), dtype=np.float32)
    coef[:, :read] = head.coef
    head = LinearHead(head.classes, coef, head.intercept)
    shift = [(offsets or {}).get(name, 0.0) for name in head.classes]
    intercept = head.intercept + np.asarray(shift, dtype=np.float32)
    return LinearHead(head.classes, head.coef, intercept)


def fit_complaint(rows: Any, labels: Sequence[str]) -> LinearHead:
    """Fit the binary complaint head; ``labels`` are "1" for a complaint, else "0".

    The head is fitted with the embedding columns scaled by
    ``COMPLAINT_EMBEDDING_SCALE``, which changes how strongly they are regularised,
    and the scale is then folded into the weights, so the head reads unscaled rows.
    """
    scale = complaint_column_scale(rows.shape[1])
    estimator = LogisticRegression(
        C=COMPLAINT_C, max_iter=MAX_ITERATIONS, class_weight="balanced"
    )
    estimator.fit(rows @ sparse.diags(scale), list(labels))
    head = LinearHead.from_sklearn(estimator)
    coef = (head.coef * scale).astype(np.float32)
    return LinearHead(head.classes, coef, head.intercept)


def complaint_column_scale(width: int) -> NDArray[np.float64]:
    """Return the scale of each of ``width`` feature columns for the complaint
    head: ``COMPLAINT_EMBEDDING_SCALE`` on the embedding columns, else 1."""
    scale = np.ones(width)
    start = 2**WORD_BITS + 2**CHAR_BITS
    end = width - len(CUE_NAMES) - 2**HANDLE_BITS
    scale[start:end] = COMPLAINT_EMBEDDING_SCALE
    return scale


@dataclass
class TrainedModel:
    """Heads fitted on a training set, with the extractor whose frequencies they
    read."""

    features: FeatureExtractor
    sentiment: LinearHead
    complaint: LinearHead | None


def train(
    training: TrainingSet,
    embedder: StaticEmbedder,
    raw: dict[str, RawFeatures] | None = None,
) -> TrainedModel:
    """Fit the inverse document frequencies and the heads on ``training``.

    ``raw`` may hold already computed raw features per domain name, which the
    evaluations pass to avoid recomputing them for each fold.
    """
    raw = dict(raw or {})
    features = FeatureExtractor(embedder)
    for part in [
        *training.sentiment,
        *([training.complaint] if training.complaint else []),
    ]:
        if part.domain not in raw:
            raw[part.domain] = features.raw(prepare_all(part.texts))

    names = training.names()
    features.fit_idf_from(RawFeatures.stack([raw[name] for name in names]))
    sentiment_rows = features.finish(
        RawFeatures.stack([raw[part.domain] for part in training.sentiment])
    )
    sentiment = fit_sentiment(
        sentiment_rows,
        [label for part in training.sentiment for label in part.labels],
        [len(part.labels) for part in training.sentiment],
        training.offsets,
    )
    complaint = None
    if training.complaint is not None:
        rows = features.finish(raw[training.complaint.domain])
        complaint = fit_complaint(rows, training.complaint.labels)
    return TrainedModel(features, sentiment, complaint)


def build_shipped_model(root: Path, out: Path = MODELS_DIR) -> dict[str, Any]:
    """Train the default model on the data in ``root`` and write it into ``out``,
    next to the embedding table. Returns the metadata written."""
    training = default_training_set(root)
    model = train(training, StaticEmbedder(out))
    if model.complaint is None:
        raise ValueError("the default training set has no complaint data")
    metadata: dict[str, Any] = {
        "version": MODEL_VERSION,
        "trained_on": date.today().isoformat(),
        "datasets": training.describe(),
        "sentiment_c": SENTIMENT_C,
        "complaint_c": COMPLAINT_C,
        "sentiment_offsets": training.offsets,
    }
    save_model(out, model.features, model.sentiment, model.complaint, metadata)
    return metadata


def main(argv: Sequence[str] | None = None) -> None:
    """Rebuild the shipped heads from the command line."""
    parser = argparse.ArgumentParser(description="Rebuild the shipped triage heads.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    metadata = build_shipped_model(arguments.data, arguments.out)
    logger.info("wrote heads trained on %s", ", ".join(metadata["datasets"]))


if __name__ == "__main__":
    main()
