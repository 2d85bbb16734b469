"""Sentiment and intent cues of a batch of posts, found for the whole batch at once.

Two kinds of cue are found here, both over folded text (see ``preprocess.fold``):

- Regular expressions (those of ``rules`` and the sentiment cues below). A rule
  whose every match contains one of a few strings runs only on the posts that
  contain one, and the others run once over the whole batch joined by U+0000. No
  rule may match across U+0000, so each match belongs to one post.
- Word cues from the tokens of ``hashing.tokens``. Each word gets its valence in
  the VADER 3.3.2 lexicon, flipped after a negation word and weighted by VADER's
  rule for "but": half before the last "but", one and a half after it. Counts of
  negations, frustration words, "!" and "?" complete them. They replace calls to
  VADER itself, which took over a third of the feature time, one post at a time.
"""

import re

# The regular-expression parser of CPython 3.11+; typeshed has no stubs for it.
import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parser  # type: ignore[import-not-found]
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick
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


def _sequence_factors(items: Any) -> set[str] | None:
    """Return strings of which every match of a parsed pattern contains one, or
    None. Runs of literal characters are such strings, and so is the union of the
    strings of every branch of an alternation. Of the candidates in a sequence, the
    set whose shortest string is longest wins."""
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, argument in items:
        if op is sre_constants.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        found = _item_factors(op, argument)
        if found is not None:
            candidates.append(found)
    if run:
        candidates.append({"".join(run)})
    return max(
        candidates, key=lambda found: (min(map(len, found)), -len(found)), default=None
    )


def _item_factors(op: Any, argument: Any) -> set[str] | None:
    if op is sre_constants.SUBPATTERN:
        return _sequence_factors(argument[-1])
    if op is sre_constants.BRANCH:
        branches = [_sequence_factors(branch) for branch in argument[1]]
        if any(found is None for found in branches):
            return None
        return set().union(*(found for found in branches if found is not None))
    repeats = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
    if op in repeats and argument[0] >= 1:
        return _sequence_factors(argument[2])
    return None


# Shorter required strings occur in so many posts that a prefilter does not pay.
_MIN_REQUIRED = 3


def required_strings(pattern: re.Pattern[str]) -> set[str] | None:
    """Return strings of which every match of ``pattern`` contains one, or None
    when the pattern has no such set of strings of at least 3 characters."""
    found = _sequence_factors(sre_parser.parse(pattern.pattern, pattern.flags))
    if found is None or min(map(len, found)) < _MIN_REQUIRED:
        return None
    return found


def _offsets(texts: Sequence[str]) -> NDArray[np.int64]:
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))


def scan(
    texts: Sequence[str], patterns: dict[str, re.Pattern[str]]
) -> dict[str, NDArray[np.int64]]:
    """Count the matches of each pattern in each text. A text must not contain
    U+0000, which separates the texts."""
    joined = SEPARATOR.join(texts)
    starts = _offsets(texts)
    counts = {}
    for name, pattern in patterns.items():
        positions = [match.start() for match in pattern.finditer(joined)]
        owners = np.searchsorted(starts, positions, side="right") - 1
        counts[name] = np.bincount(owners, minlength=len(texts))
    return counts


class Scanner:
    """Counts the matches of named patterns in each text of a batch, as ``scan``
    does, but faster.

    A pattern with required strings (see ``required_strings``) runs only on the
    texts that contain one of them, which one Aho-Corasick pass over the batch
    finds. The other patterns run once over the whole batch.
    """

    def __init__(self, patterns: dict[str, re.Pattern[str]]) -> None:
        self._patterns = patterns
        self._automaton = ahocorasick.Automaton()
        owners: dict[str, set[str]] = {}
        for name, pattern in patterns.items():
            for string in required_strings(pattern) or ():
                owners.setdefault(string, set()).add(name)
        for string, names in owners.items():
            self._automaton.add_word(string, tuple(sorted(names)))
        self._filtered = {name for names in owners.values() for name in names}
        self._unfiltered = {
            name: pattern
            for name, pattern in patterns.items()
            if name not in self._filtered
        }
        if owners:
            self._automaton.make_automaton()

    def scan(self, texts: Sequence[str]) -> dict[str, NDArray[np.int64]]:
        """Count the matches of each pattern in each text. A text must not contain
        U+0000, which separates the texts."""
        counts = scan(texts, self._unfiltered)
        candidates = self._candidates(texts)
        for name in self._filtered:
            pattern = self._patterns[name]
            found = np.zeros(len(texts), dtype=np.int64)
            for i in candidates.get(name, ()):
                found[i] = len(pattern.findall(texts[i]))
            counts[name] = found
        return {name: counts[name] for name in self._patterns}

    def _candidates(self, texts: Sequence[str]) -> dict[str, set[int]]:
        """Return, for each filtered pattern, the texts with a required string."""
        if not self._filtered:
            return {}
        ends: list[int] = []
        names: list[tuple[str, ...]] = []
        for end, owners in self._automaton.iter(SEPARATOR.join(texts)):
            ends.append(end)
            names.append(owners)
        owner_texts = np.searchsorted(_offsets(texts), ends, side="right") - 1
        candidates: dict[str, set[int]] = {}
        for text, owners in zip(owner_texts.tolist(), names, strict=True):
            for name in owners:
                candidates.setdefault(name, set()).add(text)
        return candidates


_RULE_SCANNER = Scanner(RULES)


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
    rules = _RULE_SCANNER.scan(folded)
    caps = scan(spelled, {"caps": _CAPS_WORD})["caps"]
    columns = np.column_stack(
        (
            word_cues(found, size, lexicon),
            *(np.log1p(rules[name]) for name in RULE_CUE_NAMES),
            np.minimum(caps, 3) / 3,
        )
    ).astype(np.float32)
    return Cues(rules, columns)
