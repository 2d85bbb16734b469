"""Evaluation of triage on public data sets.

The airline evaluation reads Twitter US Airline Sentiment (``Tweets.csv``, 14,640
tweets from February 2015 with crowd-labelled sentiment), keeps the first copy of
each repeated ``tweet_id``, and scores sentiment on a fixed stratified 20% test split.
"""

import csv
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from outpost.errors import InputFileError
from outpost.triage.preprocess import strip_mentions_and_urls
from outpost.triage.triager import Triager

logger = logging.getLogger(__name__)

AIRLINE_DATASET = "airline-sentiment"
AIRLINE_LABELS = ("negative", "neutral", "positive")
AIRLINE_COLUMNS = ("tweet_id", "text", "airline_sentiment")
TEST_SIZE = 0.2
SEED = 0
# VADER's own thresholds on the compound score, for the plain baseline.
VADER_POSITIVE_AT = 0.05
VADER_NEGATIVE_AT = -0.05


def evaluate_airline(path: Path, triager: Triager | None = None) -> dict[str, Any]:
    """Score the sentiment of ``triager`` (default: ``Triager()``) on the airline
    test split and return the report as a JSON-ready dict.

    The report has the split sizes and seed, macro-F1, per-class precision, recall,
    F1 and support, and the confusion matrix, whose rows are the true labels and
    whose columns the predicted ones, both in the order of ``labels``. Under
    ``baselines`` it gives the same figures for VADER alone with its own thresholds,
    on the raw text (``vader_plain``) and without @mentions and URLs
    (``vader_stripped``).

    Raises InputFileError when the file is missing, is not UTF-8, lacks a column or
    has a label outside negative, neutral and positive.
    """
    rows, unique = _read_airline(path)
    texts = [text for text, _ in unique]
    labels = [label for _, label in unique]
    try:
        train_texts, test_texts, _, test_labels = train_test_split(
            texts, labels, test_size=TEST_SIZE, stratify=labels, random_state=SEED
        )
    except ValueError as error:
        # sklearn rejects a split when a class has fewer than two tweets.
        raise InputFileError(
            f"{path} has too few tweets for a stratified split: {error}"
        ) from None

    triager = triager or Triager(parallel=False)
    started = time.perf_counter()
    predicted = [result.sentiment for result in triager.classify(test_texts)]
    seconds = time.perf_counter() - started
    logger.info("classified %d airline test tweets in %.2f s", len(test_texts), seconds)

    report: dict[str, Any] = {
        "dataset": AIRLINE_DATASET,
        "split": {
            "rows": rows,
            "unique_tweets": len(unique),
            "train": len(train_texts),
            "test": len(test_texts),
            "test_size": TEST_SIZE,
            "stratified_by": "airline_sentiment",
            "seed": SEED,
        },
        "model": triager.name,
        "metric": "macro_f1",
    }
    report.update(_score(test_labels, predicted))
    stripped = [strip_mentions_and_urls(text) for text in test_texts]
    report["baselines"] = {
        "vader_plain": _score(test_labels, _vader_plain(test_texts)),
        "vader_stripped": _score(test_labels, _vader_plain(stripped)),
    }
    return report


def _read_airline(path: Path) -> tuple[int, list[tuple[str, str]]]:
    """Return the number of data rows and the (text, label) pair of each distinct
    tweet_id, first copy kept."""
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            _check_columns(path, reader.fieldnames)
            return _unique_tweets(path, reader)
    except FileNotFoundError:
        raise InputFileError(
            f"airline data {path} not found; pass the path of Tweets.csv with --data"
        ) from None
    except UnicodeDecodeError as error:
        raise InputFileError(
            f"{path}: invalid UTF-8 at byte {error.start + 1}; "
            "use the unmodified Tweets.csv"
        ) from None
    except OSError as error:
        raise InputFileError(f"cannot read {path}: {error.strerror}") from None
    except csv.Error as error:
        raise InputFileError(f"{path}: invalid CSV ({error})") from None


def _check_columns(path: Path, columns: Any) -> None:
    missing = [name for name in AIRLINE_COLUMNS if name not in (columns or ())]
    if missing:
        raise InputFileError(
            f"{path} is missing the columns {', '.join(missing)}; "
            "expected Tweets.csv of Twitter US Airline Sentiment"
        )


def _unique_tweets(
    path: Path, reader: "csv.DictReader[str]"
) -> tuple[int, list[tuple[str, str]]]:
    rows = 0
    seen: set[str] = set()
    unique: list[tuple[str, str]] = []
    for row in reader:
        rows += 1
        if row["tweet_id"] in seen:
            continue
        seen.add(row["tweet_id"])
        label = row["airline_sentiment"]
        if label not in AIRLINE_LABELS:
            raise InputFileError(
                f"{path} line {reader.line_num}: airline_sentiment {label!r} is not "
                f"one of {', '.join(AIRLINE_LABELS)}"
            )
        unique.append((row["text"] or "", label))
    return rows, unique


def vader_labels(texts: list[str]) -> list[str]:
    """Label ``texts`` by VADER alone, with VADER's thresholds, after removing
    @mentions and URLs."""
    return _vader_plain([strip_mentions_and_urls(text) for text in texts])


def _vader_plain(texts: list[str]) -> list[str]:
    """Label ``texts`` by VADER 3.3.2 alone, with VADER's thresholds."""
    analyzer = SentimentIntensityAnalyzer()
    predicted = []
    for text in texts:
        compound = analyzer.polarity_scores(text)["compound"]
        if compound >= VADER_POSITIVE_AT:
            predicted.append("positive")
        elif compound <= VADER_NEGATIVE_AT:
            predicted.append("negative")
        else:
            predicted.append("neutral")
    return predicted


def _score(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    labels = list(AIRLINE_LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_class = {
        label: {
            "precision": round(float(precision[i]), 4),
            "recall": round(float(recall[i]), 4),
            "f1": round(float(f1[i]), 4),
            "support": int(support[i]),
        }
        for i, label in enumerate(labels)
    }
    matrix = confusion_matrix(truth, predicted, labels=labels)
    correct = sum(int(matrix[i][i]) for i in range(len(labels)))
    return {
        "macro_f1": round(float(f1.mean()), 4),
        "accuracy": round(correct / len(truth), 4),
        "per_class": per_class,
        "confusion_matrix": {"labels": labels, "matrix": matrix.tolist()},
    }
