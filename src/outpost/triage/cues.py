"""Sentiment and intent cues of a batch of posts, found in one pass per rule.

Two kinds of cue are found here, both over folded text (see ``preprocess.fold``):

- Regular expressions (those of ``rules`` and the sentiment cues below), each run
  once over the whole batch joined by U+0000 rather than once per post. No rule may
  match across U+0000, so each match belongs to one post.
- Word cues from the tokens of ``hashing.tokens``: the VADER 3.3.2 lexicon valence
  of each word, flipped after a negation word and weighted by VADER's rule for "but"
  (half before the last "but", one and a half after it), and counts of negation,
  frustration, "!" and "?". These replace calls to VADER itself, which cost more
  than the rest of the features together.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from vaderSentiment import vaderSentiment

from outpost.triage.hashing import Tokens, hash_words
from outpost.triage.rules import (
    BUYING_CUES,
    CHURN_CUES,
    COMPLAINT_CUES,
    PRAISE_CUES,
    QUESTION_CUES,
    QUESTION_OPENING,
    SEPARATOR,
    SWITCHING_CUES,
    URGENT_CUES,
    _cues,
)

_POSITIVE_WORD = (
    r"love[ds]?|loving|like[ds]?|great|awesome|amazing|best|excellent|fantastic"
    r"|wonderful|brilliant|perfect|good|nice|happy|glad|fun|enjoy\w*|favou?rite"
)
# Something good that is over: "I used to love", "was once great".
LOST_LOVE = _cues(
    r"used to (?:\w+ )?(?:" + _POSITIVE_WORD + r"|be (?:good|great|the best))",
    r"(?:once|formerly) (?:\w+ )?(?:" + _POSITIVE_WORD + r")",
    r"what happened to",
)
UNMET_EXPECTATION = _cues(
    r"expect(?:ed|ing)? (?:\w+ ){0,3}(?:better|more)",
    r"(?:should|could) (?:have|'ve) been (?:better|easier)",
    r"not what (?:i|we) (?:paid|expected|ordered)",
    r"(?:you|u) (?:can|could) do better",
)
# A positive word next to a failure, as in "Great, my bag is lost again. Love it."
SARCASM = _cues(
    r"(?:great|love|thanks|thank you|awesome|perfect|nice|fantastic)"
    r"(?: it| that| this)?[,!.]* (?:\w+ ){0,6}?(?:again|another|lost|delay\w*"
    r"|cancel\w*|late|broken|still)",
    r"(?:again|another|lost|delay\w*|cancel\w*|late|broken)[^\w\x00]+"
    r"(?:\w+[^\w\x00]+){0,8}?(?:love it|love this|just great|great job|thanks a lot"
    r"|way to go|nice one|so much fun|how lovely|brilliant)",
    r"thanks for nothing|yeah right|just what i needed|as always|as usual",
)
LOYALTY = _cues(
    r"(?:hard|impossible|tough) to beat|can't beat|cannot beat|unbeatable"
    r"|second to none",
    r"never (?:\w+ ){0,3}(?:with|from|anyone|anybody|any) (?:anyone|anybody|any ?one"
    r"|any other|another)(?: \w+)? else",
    r"never (?:\w+ ){0,3}(?:anyone|anybody|any other|another) (?:\w+ )?else",
    r"(?:customer|fan|member) for life|(?:only|always) (?:fly|use|buy|shop|order)"
    r" (?:with )?(?:you|u)",
)
WAITING = _cues(
    r"still (?:waiting|no|not|nothing|haven't|hasn't|on hold)",
    r"\d+\s*(?:hours?|hrs?|days?|weeks?|months?) (?:now|later|and|still|already)",
    r"(?:weeks|months|days) (?:now|later|ago)",
)

# The rules run on every batch, by name.
RULES: dict[str, re.Pattern[str]] = {
    "lost_love": LOST_LOVE,
    "unmet_expectation": UNMET_EXPECTATION,
    "sarcasm": SARCASM,
    "loyalty": LOYALTY,
    "waiting": WAITING,
    "complaint": COMPLAINT_CUES,
    "praise": PRAISE_CUES,
    "buying_signal": BUYING_CUES,
    "churn_risk": CHURN_CUES,
    "switching": SWITCHING_CUES,
    "urgent": URGENT_CUES,
    "question_opening": QUESTION_OPENING,
    "question_phrase": QUESTION_CUES,
}
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")

_NEGATIONS = (
    *vaderSentiment.NEGATE,
    *("no", "never", "cant", "wont", "dont", "doesnt", "didnt", "isnt", "wasnt"),
)
_FRUSTRATIONS = ("not", "never", "can't", "cannot", "couldn't", "won't", "why", "again")
# VADER's weights of words before and after the last "but", and of a negated word.
_BEFORE_BUT, _AFTER_BUT, _NEGATED = 0.5, 1.5, -0.74
# VADER's normalisation of a summed valence into -1..1.
_ALPHA = 15.0
# A negation flips the valence of each of the next this many words.
_NEGATION_REACH = 3

WORD_CUE_NAMES = (
    "valence", "valence_positive", "valence_negative", "valence_after_but",
    "has_but", "negations", "negated_positive", "frustrations", "exclamations",
    "questions", "emoji_face_or_heart",
)  # fmt: skip
RULE_CUE_NAMES = (
    "lost_love", "unmet_expectation", "sarcasm", "loyalty", "waiting", "complaint",
    "praise",
)  # fmt: skip
CUE_NAMES = (*WORD_CUE_NAMES, *RULE_CUE_NAMES, "caps_words")


class Lexicon:
    """The VADER lexicon and the cue word lists as sorted token hashes."""

    def __init__(self) -> None:
        lexicon = vaderSentiment.SentimentIntensityAnalyzer().lexicon
        words = list(lexicon)
        hashes = hash_words(words)
        known = hashes != 0
        order = np.argsort(hashes[known])
        self._hashes = hashes[known][order]
        self._valences = np.array([lexicon[word] for word in words], dtype=np.float64)[
            known
        ][order]
        self.negations = hash_words(_NEGATIONS)
        self.frustrations = hash_words(_FRUSTRATIONS)
        [self.but, self.exclamation, self.question] = hash_words(("but", "!", "?"))
        self.emoji_words = hash_words(("face", "heart"))

    def valences(self, hashes: NDArray[np.uint64]) -> NDArray[np.float64]:
        """Return the lexicon valence of each token hash, 0 for unknown words."""
        found = np.searchsorted(self._hashes, hashes)
        found = np.minimum(found, len(self._hashes) - 1)
        hit = self._hashes[found] == hashes
        return np.where(hit, self._valences[found], 0.0)


def _normalise(total: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(total / np.sqrt(total * total + _ALPHA))


def _per_text(
    found: Tokens, values: NDArray[np.float64] | NDArray[np.bool_], size: int
) -> NDArray[np.float64]:
    counts = np.bincount(found.document, weights=values, minlength=size)[:size]
    return counts.astype(np.float64)


def word_cues(found: Tokens, size: int, lexicon: Lexicon) -> NDArray[np.float64]:
    """Return the word cues of ``size`` texts, columns in ``WORD_CUE_NAMES`` order."""
    hashes, document = found.hashes, found.document
    valence = lexicon.valences(hashes)

    negation = np.isin(hashes, lexicon.negations)
    negated = np.zeros(len(hashes), dtype=bool)
    for offset in range(1, _NEGATION_REACH + 1):
        same = document[offset:] == document[:-offset]
        negated[offset:] |= negation[:-offset] & same
    valence = np.where(negated, valence * _NEGATED, valence)

    is_but = hashes == lexicon.but
    position = np.arange(len(hashes))
    last_but = np.full(size, -1, dtype=np.int64)
    np.maximum.at(last_but, document[is_but], position[is_but])
    has_but = last_but[document] >= 0
    after = has_but & (position > last_but[document])
    weight = np.where(has_but, np.where(after, _AFTER_BUT, _BEFORE_BUT), 1.0)
    valence = valence * weight

    columns = [
        _normalise(_per_text(found, valence, size)),
        _normalise(_per_text(found, np.maximum(valence, 0.0), size)),
        _normalise(_per_text(found, np.minimum(valence, 0.0), size)),
        _normalise(_per_text(found, np.where(after, valence, 0.0), size)),
        (last_but >= 0).astype(np.float64),
        np.log1p(_per_text(found, negation, size)),
        np.log1p(_per_text(found, negated & (valence < 0) & ~negation, size)),
        np.log1p(_per_text(found, np.isin(hashes, lexicon.frustrations), size)),
        np.minimum(_per_text(found, hashes == lexicon.exclamation, size), 3) / 3,
        np.minimum(_per_text(found, hashes == lexicon.question, size), 3) / 3,
        np.minimum(_per_text(found, np.isin(hashes, lexicon.emoji_words), size), 1),
    ]
    return np.column_stack(columns)


def scan(
    texts: Sequence[str], patterns: dict[str, re.Pattern[str]]
) -> dict[str, NDArray[np.int64]]:
    """Return the number of matches of each pattern in each text. A text must not
    contain U+0000, which separates the texts."""
    joined = SEPARATOR.join(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    counts = {}
    for name, pattern in patterns.items():
        positions = [match.start() for match in pattern.finditer(joined)]
        owners = np.searchsorted(starts, positions, side="right") - 1
        counts[name] = np.bincount(owners, minlength=len(texts))
    return counts


@dataclass(frozen=True)
class Cues:
    """The cues of a batch: rule match counts by name and the dense cue columns in
    ``CUE_NAMES`` order."""

    rules: dict[str, NDArray[np.int64]]
    columns: NDArray[np.float32]


def find_cues(
    folded: Sequence[str], spelled: Sequence[str], found: Tokens, lexicon: Lexicon
) -> Cues:
    """Return the cues of a batch from its folded and spelled-out texts and the
    tokens of the folded texts."""
    size = len(folded)
    rules = scan(folded, RULES)
    caps = scan(spelled, {"caps": _CAPS_WORD})["caps"]
    columns = np.column_stack(
        (
            word_cues(found, size, lexicon),
            *(np.log1p(rules[name]) for name in RULE_CUE_NAMES),
            np.minimum(caps, 3) / 3,
        )
    ).astype(np.float32)
    return Cues(rules, columns)
