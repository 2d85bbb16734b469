"""Batch feature extraction: n-gram hashing, cue scans and batch independence."""

import csv
import os
import re
from pathlib import Path

import numpy as np
import pytest

from outpost.triage import Triager
from outpost.triage.cues import RULES, Scanner, required_strings, scan
from outpost.triage.features import prepare_post
from outpost.triage.hashing import (
    Batch,
    char_counts,
    handle_counts,
    hash_words,
    tokens,
    word_counts,
)
from outpost.triage.preprocess import handles_and_links

BITS = 18
TWEETS = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "airline-sentiment"
    / "Tweets.csv"
)


def test_words_split_marks_and_apostrophes() -> None:
    found = tokens(Batch.of(["don't go!", "ok?"]))
    assert found.document.tolist() == [0, 0, 0, 1, 1]
    assert found.hashes[0] == hash_words(["don't"])[0]
    assert found.hashes[2] == hash_words(["!"])[0]


def test_hash_words_rejects_phrases() -> None:
    [single, phrase] = hash_words(["refund", "two words"])
    assert single != 0
    assert phrase == 0


def test_word_counts_unigrams_and_bigrams() -> None:
    found = tokens(Batch.of(["late again", "late"]))
    counts = word_counts(found, 2, BITS)
    assert counts[0].sum() == 3
    assert counts[1].sum() == 1


def test_bigrams_stop_at_post_end() -> None:
    apart = word_counts(tokens(Batch.of(["late", "again"])), 2, BITS)
    assert apart.sum() == 2


def test_handles_and_links_kept_apart_from_words() -> None:
    text = "@United lost my bag https://t.co/x ask @alice@example.social"
    assert handles_and_links(text) == "united alice@example.social url"
    prepared = prepare_post(text)
    assert prepared.folded == "lost my bag ask"
    assert prepared.handles == "united alice@example.social url"


def test_handles_and_links_empty_without_either() -> None:
    assert handles_and_links("no handle here, mail me at home") == ""


def test_handle_columns_differ_from_word_columns() -> None:
    handle = handle_counts(Batch.of(["united"]), BITS)
    word = word_counts(tokens(Batch.of(["united"])), 1, BITS)
    assert handle.sum() == 1
    assert handle.indices.tolist() != word.indices.tolist()


def test_char_grams_inside_padded_words() -> None:
    # " ab " has the 2-grams " a", "ab", "b ", the 3-grams " ab", "ab " and the
    # 4-gram " ab ".
    counts = char_counts(Batch.of(["ab", "ab ab"]), BITS)
    assert counts[0].sum() == 6
    assert counts[1].sum() == 12


def test_char_grams_same_in_any_batch() -> None:
    alone = char_counts(Batch.of(["still waiting"]), BITS)
    together = char_counts(Batch.of(["first post", "still waiting", "x"]), BITS)
    assert (alone[0] != together[1]).nnz == 0


def test_separator_in_text_is_a_space() -> None:
    batch = Batch.of(["a\x00b"])
    assert tokens(batch).document.tolist() == [0, 0]


@pytest.mark.parametrize("name", sorted(RULES))
def test_scan_matches_each_post_alone(name: str) -> None:
    posts = [
        "switch to another airline",
        "great, lost again. love it",
        "is there a way to get a refund? still waiting 3 days now",
        "we are stranded at the airport. why",
        "i used to love you. thanks for nothing",
        "how much is the blue one",
        "never flying with anyone else",
    ]
    counts = scan(posts, {name: RULES[name]})[name]
    alone = [len(RULES[name].findall(post)) for post in posts]
    assert counts.tolist() == alone


def test_question_opening_at_post_start() -> None:
    counts = scan(["fine.", "when do you open"], {"q": RULES["question_opening"]})
    assert counts["q"].tolist() == [0, 1]


def test_no_rule_matches_separator() -> None:
    for name, pattern in RULES.items():
        assert pattern.search("\x00") is None, name


def test_scan_matches_real_posts_alone() -> None:
    if not TWEETS.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"airline data not found at {TWEETS} (CI=true)")
        pytest.skip(f"airline data not found at {TWEETS}")
    with TWEETS.open(encoding="utf-8", newline="") as stream:
        posts = [row["text"].casefold() for row in csv.DictReader(stream)][:3000]
    counts = scan(posts, RULES)
    filtered = Scanner(RULES).scan(posts)
    for name, pattern in RULES.items():
        alone = [len(pattern.findall(post)) for post in posts]
        assert counts[name].tolist() == alone, name
        assert filtered[name].tolist() == alone, name


def test_required_strings_of_pattern() -> None:
    pattern = re.compile(r"\b(?:lost|missing) (?:my )?bags?\b|\d+ hours")
    assert required_strings(pattern) == {"lost", "missing", " hours"}


def test_required_strings_none_when_short() -> None:
    assert required_strings(re.compile(r"\b(?:no|on) way\b")) == {" way"}
    assert required_strings(re.compile(r"\b(?:a|b)\w*")) is None


def test_scanner_matches_scan() -> None:
    posts = [
        "switch to another airline",
        "great, lost again. love it",
        "still waiting 3 days now, we are stranded at the airport",
        "how much is the blue one? never flying with anyone else",
        "",
    ]
    expected = scan(posts, RULES)
    found = Scanner(RULES).scan(posts)
    for rule in RULES:
        assert found[rule].tolist() == expected[rule].tolist(), rule


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager(parallel=False)


def test_labels_independent_of_batch(triager: Triager) -> None:
    posts = [
        "@united lost my bag again, thanks a lot",
        "Is there wifi on the 7am flight?",
        "love the crew, best flight ever #happy",
        "Mi pedido llegó roto y nadie responde a mis correos",
        "",
    ]
    together = triager.classify(posts)
    one_by_one = [triager.classify([post])[0] for post in posts]
    assert together == one_by_one


def test_rows_independent_of_batch(triager: Triager) -> None:
    posts = ["my flight is delayed 3 hours", "thanks for the upgrade!"]
    together = triager.head_rows(posts).toarray()
    alone = np.vstack([triager.head_rows([post]).toarray() for post in posts])
    assert np.allclose(together, alone, atol=1e-6)
