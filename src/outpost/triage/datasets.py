"""Readers of the public labelled data sets that triage is trained and measured on.

Each reader takes the data root (the folder that holds one sub-folder per data set)
and returns plain Python values. None of the data is shipped with Outpost: the
training script and the evaluations read it from disk at run time.

Readers raise InputFileError for a missing file or a file whose layout differs from
the published one, and log how many rows they skipped.
"""

import csv
import json
import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outpost.errors import InputFileError

logger = logging.getLogger(__name__)

SPLIT_SEED = 0
AIRLINE_TEST_SIZE = 0.2
AIRLINE_SENTIMENTS = ("negative", "neutral", "positive")
TWEETEVAL_SENTIMENTS = ("negative", "neutral", "positive")
# TweetEval emotion labels 0 to 3 are anger, joy, optimism and sadness.
EMOTION_SENTIMENTS = ("negative", "positive", "positive", "negative")
# Adidas labels sentiment as -1, 0 and 1.
ADIDAS_SENTIMENTS = {"-1": "negative", "0": "neutral", "1": "positive"}


@dataclass(frozen=True, slots=True)
class AirlineTweet:
    """One distinct tweet of Twitter US Airline Sentiment."""

    text: str
    sentiment: str
    reason: str
    airline: str


@dataclass(frozen=True, slots=True)
class ComplaintTweet:
    """One tweet of the complaints corpus of Preotiuc-Pietro et al. (ACL 2019)."""

    text: str
    complaint: bool
    domain: str


@dataclass(frozen=True, slots=True)
class AdidasTweet:
    """One distinct tweet of the Adidas purchase-intent set. ``intent`` is 0 (none),
    1 (possibly related to a purchase) or 2 (clear purchase intent)."""

    text: str
    sentiment: str
    intent: int


def _require(path: Path, what: str) -> Path:
    if not path.is_file():
        raise InputFileError(
            f"{what} file {path} not found; pass the data folder that contains it "
            "with --data"
        )
    return path


def _csv_rows(path: Path, **options: Any) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        yield from csv.DictReader(stream, **options)


def read_airline(root: Path) -> list[AirlineTweet]:
    """Return the distinct tweets of ``airline-sentiment/Tweets.csv`` in file order,
    keeping the first copy of each repeated ``tweet_id``."""
    path = _require(root / "airline-sentiment" / "Tweets.csv", "airline")
    seen: set[str] = set()
    tweets: list[AirlineTweet] = []
    for row in _csv_rows(path):
        if row.get("tweet_id") is None or row.get("airline_sentiment") is None:
            raise InputFileError(f"{path} lacks tweet_id or airline_sentiment")
        if row["tweet_id"] in seen:
            continue
        seen.add(row["tweet_id"])
        label = row["airline_sentiment"]
        if label not in AIRLINE_SENTIMENTS:
            raise InputFileError(f"{path}: airline_sentiment {label!r} is invalid")
        tweets.append(
            AirlineTweet(
                row["text"] or "", label, row["negativereason"] or "", row["airline"]
            )
        )
    return tweets


def split_airline(
    tweets: list[AirlineTweet],
) -> tuple[list[AirlineTweet], list[AirlineTweet]]:
    """Split the airline tweets into the fixed 80% training and 20% test parts,
    stratified by sentiment with seed 0, the split every airline figure uses."""
    from sklearn.model_selection import train_test_split

    labels = [tweet.sentiment for tweet in tweets]
    train, test = train_test_split(
        tweets, test_size=AIRLINE_TEST_SIZE, stratify=labels, random_state=SPLIT_SEED
    )
    return list(train), list(test)


def read_complaints(root: Path) -> list[ComplaintTweet]:
    """Return the 3,449 tweets of ``tweet-complaints/complaints-data.csv``, which has
    no header row: tweet id, text, complaint (1 or 0) and domain."""
    path = _require(root / "tweet-complaints" / "complaints-data.csv", "complaints")
    tweets: list[ComplaintTweet] = []
    with path.open(encoding="utf-8", newline="") as stream:
        for number, row in enumerate(csv.reader(stream), start=1):
            if len(row) != 4 or row[2] not in ("0", "1"):
                raise InputFileError(
                    f"{path} line {number}: expected tweet_id,text,complaint,domain "
                    "with complaint 0 or 1"
                )
            tweets.append(ComplaintTweet(row[1], row[2] == "1", row[3]))
    return tweets


def read_tweeteval_sentiment(root: Path, split: str) -> list[tuple[str, str]]:
    """Return (text, sentiment) pairs of the TweetEval sentiment ``split`` ("val" or
    "test")."""
    return _read_tweeteval(root, "sentiment", split, TWEETEVAL_SENTIMENTS)


def read_tweeteval_emotion(root: Path, split: str) -> list[tuple[str, str]]:
    """Return (text, "positive" or "negative") pairs of the TweetEval emotion
    ``split`` ("train", "val" or "test"): joy and optimism are positive, anger and
    sadness negative."""
    return _read_tweeteval(root, "emotion", split, EMOTION_SENTIMENTS)


def _read_tweeteval(
    root: Path, task: str, split: str, names: tuple[str, ...]
) -> list[tuple[str, str]]:
    folder = root / "tweeteval" / task
    texts_path = _require(folder / f"{split}_text.txt", "TweetEval text")
    labels_path = _require(folder / f"{split}_labels.txt", "TweetEval labels")
    texts = texts_path.read_text(encoding="utf-8").split("\n")
    labels = labels_path.read_text(encoding="utf-8").split()
    if texts and texts[-1] == "":
        texts.pop()
    if len(texts) != len(labels):
        raise InputFileError(
            f"{texts_path} has {len(texts)} lines but {labels_path} has {len(labels)}"
        )
    return [
        (text, names[int(label)]) for text, label in zip(texts, labels, strict=True)
    ]


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Windows-1252 ("Itâ€™s"), when it was."""
    if "â" not in text and "Ã" not in text and "ð" not in text:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def read_adidas(root: Path) -> list[AdidasTweet]:
    """Return the distinct texts of the Adidas purchase-intent set, first copy kept,
    with mojibake repaired where it can be."""
    path = _require(root / "adidas-purchase-intent" / "All_twitts_v02.csv", "Adidas")
    seen: set[str] = set()
    tweets: list[AdidasTweet] = []
    skipped = 0
    for row in _csv_rows(path):
        text = _repair_mojibake(row.get("text") or "")
        sentiment = ADIDAS_SENTIMENTS.get((row.get("sentiment") or "").strip())
        intent = (row.get("intent") or "").strip()
        if not text or sentiment is None or intent not in ("0", "1", "2"):
            skipped += 1
            continue
        if text in seen:
            continue
        seen.add(text)
        tweets.append(AdidasTweet(text, sentiment, int(intent)))
    if skipped:
        logger.warning("skipped %d Adidas rows without text or labels", skipped)
    return tweets


def read_review_sentences(root: Path) -> list[tuple[str, str]]:
    """Return (sentence, "positive" or "negative") pairs of the Amazon and Yelp
    review sentences of the UCI Sentiment Labelled Sentences set."""
    folder = root / "uci-sentiment-sentences"
    pairs: list[tuple[str, str]] = []
    for name in ("amazon_cells_labelled.txt", "yelp_labelled.txt"):
        path = _require(folder / name, "review sentences")
        for line in path.read_text(encoding="utf-8").splitlines():
            sentence, _, label = line.rpartition("\t")
            if label.strip() in ("0", "1") and sentence:
                pairs.append(
                    (sentence, "positive" if label.strip() == "1" else "negative")
                )
    return pairs


def read_banking77(root: Path, split: str) -> list[tuple[str, str]]:
    """Return (query, intent) pairs of the BANKING77 ``split`` ("train" or "test")."""
    path = _require(root / "banking77" / f"{split}.csv", "BANKING77")
    return [(row["text"], row["category"]) for row in _csv_rows(path)]


def read_clinc150(root: Path) -> dict[str, list[tuple[str, str]]]:
    """Return the CLINC150 "full" splits (train, val, test, oos_train, oos_val,
    oos_test) as (query, intent) pairs, where out-of-scope queries have "oos"."""
    path = _require(root / "clinc150" / "data_full.json", "CLINC150")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        split: [(str(text), str(intent)) for text, intent in pairs]
        for split, pairs in data.items()
    }


def sample(items: list[Any], count: int, seed: int) -> list[Any]:
    """Return ``count`` items drawn without replacement with a fixed seed, or all of
    them when there are fewer."""
    if count >= len(items):
        return list(items)
    return random.Random(seed).sample(items, count)
