"""Features of a post for the trained triage heads.

Three groups are joined into one sparse row per post:

- TF-IDF of word 1-2 grams and of character 2-5 grams inside word boundaries, each
  hashed into a fixed number of columns, so that no vocabulary has to be stored;
  the inverse document frequencies come from the training texts.
- The static sentence embedding of ``embedding.StaticEmbedder``.
- Cheap cue features: VADER's scores of the whole post and of the part after the
  last "but", negation, "used to", unmet expectations, sarcasm, loyalty, waiting,
  emoji, punctuation and the complaint, frustration and praise cues of ``rules``.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from outpost.triage.embedding import StaticEmbedder
from outpost.triage.preprocess import fold, spell_out
from outpost.triage.rules import COMPLAINT_CUES, FRUSTRATION_CUES, PRAISE_CUES, _cues

WORD_BITS = 18
CHAR_BITS = 18
# Weight of the embedding and cue columns relative to the unit-length TF-IDF parts.
EMBEDDING_WEIGHT = 1.0
CUE_WEIGHT = 0.5

_POSITIVE_WORD = (
    r"love[ds]?|loving|like[ds]?|great|awesome|amazing|best|excellent|fantastic"
    r"|wonderful|brilliant|perfect|good|nice|happy|glad|fun|enjoy\w*|favou?rite"
)
NEGATION = _cues(
    r"not|no|never|nothing|nobody|none|can't|cannot|cant|won't|wont|don't|dont"
    r"|doesn't|doesnt|didn't|didnt|isn't|isnt|wasn't|wasnt|aren't|haven't|hasn't"
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
    r"(?:again|another|lost|delay\w*|cancel\w*|late|broken)\W+(?:\w+\W+){0,8}?"
    r"(?:love it|love this|just great|great job|thanks a lot|way to go|nice one"
    r"|so much fun|how lovely|brilliant)",
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
_EXCLAMATION = re.compile(r"!")
_QUESTION = re.compile(r"\?")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_BUT = re.compile(r"\b(?:but|however|though|although|yet)\b")

CUE_NAMES = (
    "vader_compound", "vader_positive", "vader_negative", "vader_after_but",
    "has_but", "negation", "negated_positive", "lost_love", "unmet_expectation",
    "sarcasm", "loyalty", "waiting", "complaint_cues", "frustration_cues",
    "praise_cues", "exclamations", "questions", "caps_words", "emoji",
)  # fmt: skip
_NEGATED_POSITIVE = re.compile(
    NEGATION.pattern + r"\s+(?:\w+\s+){0,2}?(?:" + _POSITIVE_WORD + r")\b"
)


@dataclass(frozen=True, slots=True)
class PreparedText:
    """One post ready for feature extraction: ``spelled`` keeps case for VADER,
    ``folded`` is its case-folded form for TF-IDF and the cue rules."""

    spelled: str
    folded: str


def prepare(stripped: str) -> PreparedText:
    """Prepare a post that is already without @mentions and URLs."""
    spelled = spell_out(stripped)
    return PreparedText(spelled, fold(spelled))


@dataclass(frozen=True)
class RawFeatures:
    """Hashed word and character n-gram counts and the dense columns of some
    posts, before TF-IDF weighting."""

    word_counts: sparse.csr_matrix
    char_counts: sparse.csr_matrix
    dense: NDArray[np.float32]

    def rows(self, index: Sequence[int] | NDArray[np.int64]) -> "RawFeatures":
        """Return the features of the posts at ``index``."""
        return RawFeatures(
            self.word_counts[index], self.char_counts[index], self.dense[index]
        )

    @staticmethod
    def stack(parts: Sequence["RawFeatures"]) -> "RawFeatures":
        """Join the features of several groups of posts, in order."""
        return RawFeatures(
            sparse.vstack([part.word_counts for part in parts], format="csr"),
            sparse.vstack([part.char_counts for part in parts], format="csr"),
            np.vstack([part.dense for part in parts]),
        )


class FeatureExtractor:
    """Turns prepared posts into sparse feature rows. ``idf_word`` and ``idf_char``
    hold one inverse document frequency per hashed column; ``fit_idf`` computes them
    from training texts."""

    def __init__(
        self,
        embedder: StaticEmbedder,
        idf_word: NDArray[np.float32] | None = None,
        idf_char: NDArray[np.float32] | None = None,
    ) -> None:
        self._embedder = embedder
        self._vader = SentimentIntensityAnalyzer()
        self._word = HashingVectorizer(
            n_features=2**WORD_BITS,
            ngram_range=(1, 2),
            alternate_sign=False,
            norm=None,
            lowercase=False,
            token_pattern=r"(?u)\b\w[\w']*\b|[!?]",
        )
        self._char = HashingVectorizer(
            n_features=2**CHAR_BITS,
            analyzer="char_wb",
            ngram_range=(2, 5),
            alternate_sign=False,
            norm=None,
            lowercase=False,
        )
        self.idf_word = idf_word
        self.idf_char = idf_char

    @property
    def width(self) -> int:
        """Number of columns of a feature row."""
        return 2**WORD_BITS + 2**CHAR_BITS + self._embedder.dimensions + len(CUE_NAMES)

    def fit_idf(self, texts: Sequence[PreparedText]) -> None:
        """Compute smoothed inverse document frequencies from ``texts``."""
        self.fit_idf_from(self.raw(texts))

    def fit_idf_from(self, raw: "RawFeatures") -> None:
        """Compute inverse document frequencies from raw features of training texts."""
        self.idf_word = _idf(raw.word_counts)
        self.idf_char = _idf(raw.char_counts)

    def raw(self, texts: Sequence[PreparedText]) -> "RawFeatures":
        """Return the features of ``texts`` before TF-IDF weighting, which lets an
        evaluation refit the frequencies on each training fold cheaply."""
        folded = [text.folded for text in texts]
        dense = np.hstack(
            (
                EMBEDDING_WEIGHT * self._embedder.encode([t.spelled for t in texts]),
                CUE_WEIGHT * self.cues(texts),
            )
        )
        return RawFeatures(
            self._word.transform(folded), self._char.transform(folded), dense
        )

    def finish(self, raw: "RawFeatures") -> sparse.csr_matrix:
        """Return the feature rows of ``raw`` weighted by the current frequencies.
        Raises RuntimeError when no frequencies are set."""
        if self.idf_word is None or self.idf_char is None:
            raise RuntimeError("inverse document frequencies are not set")
        word = _tfidf(raw.word_counts, self.idf_word)
        char = _tfidf(raw.char_counts, self.idf_char)
        return sparse.hstack((word, char, sparse.csr_matrix(raw.dense)), format="csr")

    def transform(self, texts: Sequence[PreparedText]) -> sparse.csr_matrix:
        """Return one feature row per text. Raises RuntimeError before ``fit_idf``
        or loaded frequencies."""
        return self.finish(self.raw(texts))

    def embed(self, texts: Sequence[PreparedText]) -> NDArray[np.float32]:
        """Return the static sentence embedding of each text."""
        return self._embedder.encode([text.spelled for text in texts])

    def cues(self, texts: Sequence[PreparedText]) -> NDArray[np.float32]:
        """Return the cue features of each text, in the order of ``CUE_NAMES``."""
        rows = np.zeros((len(texts), len(CUE_NAMES)), dtype=np.float32)
        for i, text in enumerate(texts):
            rows[i] = self._cue_row(text)
        return rows

    def _cue_row(self, text: PreparedText) -> list[float]:
        folded = text.folded
        scores = self._vader.polarity_scores(text.spelled)
        parts = _BUT.split(folded)
        after_but = (
            self._vader.polarity_scores(parts[-1])["compound"]
            if len(parts) > 1
            else 0.0
        )
        return [
            scores["compound"],
            scores["pos"],
            scores["neg"],
            after_but,
            float(len(parts) > 1),
            _count(NEGATION, folded),
            _count(_NEGATED_POSITIVE, folded),
            _count(LOST_LOVE, folded),
            _count(UNMET_EXPECTATION, folded),
            _count(SARCASM, folded),
            _count(LOYALTY, folded),
            _count(WAITING, folded),
            _count(COMPLAINT_CUES, folded),
            _count(FRUSTRATION_CUES, folded),
            _count(PRAISE_CUES, folded),
            min(len(_EXCLAMATION.findall(folded)), 3) / 3,
            min(len(_QUESTION.findall(folded)), 3) / 3,
            min(len(_CAPS_WORD.findall(text.spelled)), 3) / 3,
            float(" face" in folded or " heart" in folded),
        ]


def _count(pattern: re.Pattern[str], folded: str) -> float:
    """Return 0 for no match, else a value that grows slowly with the matches."""
    return float(np.log1p(len(pattern.findall(folded))))


def _idf(counts: sparse.csr_matrix) -> NDArray[np.float32]:
    documents = counts.shape[0]
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + documents) / (1 + frequency)) + 1).astype(np.float32)


def _tfidf(counts: sparse.csr_matrix, idf: NDArray[np.float32]) -> sparse.csr_matrix:
    weighted = counts.astype(np.float32)
    weighted.data = np.log1p(weighted.data) * idf[weighted.indices]
    return normalize(weighted, copy=False)
