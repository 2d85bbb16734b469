"""Features of a post for the trained triage heads.

Three groups are joined into one sparse row per post:

- TF-IDF of word 1-2 grams and of character 2-5 grams inside words (see
  ``hashing``), each hashed into a fixed number of columns, so that no vocabulary
  has to be stored; the inverse document frequencies come from the training texts.
- The static sentence embedding of ``embedding.StaticEmbedder``.
- The cue columns of ``cues.find_cues``: lexicon valence with negation and "but",
  used to, unmet expectations, sarcasm, loyalty, waiting, complaint and praise
  cues, punctuation, capitals and emoji.

Every step works on a whole batch at once: no Python code runs per word.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from outpost.triage import hashing
from outpost.triage.cues import CUE_NAMES, Cues, Lexicon, find_cues
from outpost.triage.embedding import StaticEmbedder
from outpost.triage.preprocess import (
    fold,
    handles_and_links,
    spell_out,
    strip_mentions_and_urls,
)

WORD_BITS = 18
CHAR_BITS = 18
# Weight of the embedding and cue columns relative to the unit-length TF-IDF parts.
EMBEDDING_WEIGHT = 1.0
CUE_WEIGHT = 0.5
# Hashed columns of the TF-IDF of the words and character n-grams of the handles.
HANDLE_BITS = 16


@dataclass(frozen=True, slots=True)
class PreparedText:
    """One post ready for feature extraction: ``spelled`` keeps case, which the
    capitals cue reads, and ``folded`` is its case-folded form for TF-IDF and the
    cue rules. ``handles`` lists the post's @mention handles and links (see
    ``preprocess.handles_and_links``). None contains U+0000, which separates the
    posts of a batch."""

    spelled: str
    folded: str
    handles: str = ""


def prepare(stripped: str, handles: str = "") -> PreparedText:
    """Prepare a post that is already without @mentions and URLs; ``handles`` are
    those removed from it, as ``preprocess.handles_and_links`` returns them."""
    if "\x00" in stripped:
        stripped = stripped.replace("\x00", " ")
    spelled = spell_out(stripped)
    return PreparedText(spelled, fold(spelled), handles.replace("\x00", " "))


def prepare_post(text: str) -> PreparedText:
    """Prepare a post as written, @mentions and URLs included."""
    return prepare(strip_mentions_and_urls(text), handles_and_links(text))


@dataclass(frozen=True)
class RawFeatures:
    """Hashed word and character n-gram counts and the dense columns of some
    posts, before TF-IDF weighting."""

    word_counts: sparse.csr_matrix
    char_counts: sparse.csr_matrix
    dense: NDArray[np.float32]
    handle_counts: sparse.csr_matrix

    def rows(self, index: Sequence[int] | NDArray[np.int64]) -> "RawFeatures":
        """Return the features of the posts at ``index``."""
        return RawFeatures(
            self.word_counts[index],
            self.char_counts[index],
            self.dense[index],
            self.handle_counts[index],
        )

    @staticmethod
    def stack(parts: Sequence["RawFeatures"]) -> "RawFeatures":
        """Join the features of several groups of posts, in order."""
        return RawFeatures(
            sparse.vstack([part.word_counts for part in parts], format="csr"),
            sparse.vstack([part.char_counts for part in parts], format="csr"),
            np.vstack([part.dense for part in parts]),
            sparse.vstack([part.handle_counts for part in parts], format="csr"),
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
        idf_handle: NDArray[np.float32] | None = None,
    ) -> None:
        self._embedder = embedder
        self._lexicon = Lexicon()
        self.idf_word = idf_word
        self.idf_char = idf_char
        self.idf_handle = idf_handle

    @property
    def width(self) -> int:
        """Number of columns of a feature row."""
        dense = self._embedder.dimensions + len(CUE_NAMES)
        return int(2**WORD_BITS + 2**CHAR_BITS + dense + 2**HANDLE_BITS)

    def embedding_columns(self) -> slice:
        """Return the columns of the sentence embedding in a feature row."""
        start = 2**WORD_BITS + 2**CHAR_BITS
        return slice(start, start + self._embedder.dimensions)

    def handle_columns(self) -> slice:
        """Return the columns of the handles and links in a feature row, the last
        ones."""
        return slice(self.width - 2**HANDLE_BITS, self.width)

    def fit_idf(self, texts: Sequence[PreparedText]) -> None:
        """Compute smoothed inverse document frequencies from ``texts``."""
        self.fit_idf_from(self.raw(texts))

    def fit_idf_from(self, raw: "RawFeatures") -> None:
        """Compute inverse document frequencies from raw features of training texts."""
        self.idf_word = _idf(raw.word_counts)
        self.idf_char = _idf(raw.char_counts)
        self.idf_handle = _idf(raw.handle_counts)

    def raw(self, texts: Sequence[PreparedText]) -> "RawFeatures":
        """Return the features of ``texts`` before TF-IDF weighting, which lets an
        evaluation refit the frequencies on each training fold cheaply."""
        return self.analyse(texts)[0]

    def analyse(self, texts: Sequence[PreparedText]) -> tuple["RawFeatures", Cues]:
        """Return the raw features of ``texts`` and the cues found on the way."""
        folded = [text.folded for text in texts]
        spelled = [text.spelled for text in texts]
        batch = hashing.Batch.of(folded)
        words = hashing.tokens(batch)
        cues = find_cues(folded, spelled, words, self._lexicon)
        dense = np.hstack(
            (
                EMBEDDING_WEIGHT * self._embedder.encode(spelled),
                CUE_WEIGHT * cues.columns,
            )
        )
        handles = hashing.Batch.of([text.handles for text in texts])
        handle_counts = hashing.handle_counts(handles, HANDLE_BITS)
        raw = RawFeatures(
            hashing.word_counts(words, len(texts), WORD_BITS),
            hashing.char_counts(batch, CHAR_BITS),
            dense.astype(np.float32),
            handle_counts + hashing.char_counts(handles, HANDLE_BITS),
        )
        return raw, cues

    def finish(self, raw: "RawFeatures") -> sparse.csr_matrix:
        """Return the feature rows of ``raw`` weighted by the current frequencies.
        Raises RuntimeError when no frequencies are set."""
        if self.idf_word is None or self.idf_char is None or self.idf_handle is None:
            raise RuntimeError("inverse document frequencies are not set")
        word = _tfidf(raw.word_counts, self.idf_word)
        char = _tfidf(raw.char_counts, self.idf_char)
        handle = _tfidf(raw.handle_counts, self.idf_handle)
        dense = sparse.csr_matrix(raw.dense)
        return sparse.hstack((word, char, dense, handle), format="csr")

    def transform(self, texts: Sequence[PreparedText]) -> sparse.csr_matrix:
        """Return one feature row per text. Raises RuntimeError before ``fit_idf``
        or loaded frequencies."""
        return self.finish(self.raw(texts))

    def embeddings_of(self, raw: RawFeatures) -> NDArray[np.float32]:
        """Return the static sentence embeddings inside ``raw``, as ``embed`` would."""
        columns = raw.dense[:, : self._embedder.dimensions]
        return np.asarray(columns / EMBEDDING_WEIGHT, dtype=np.float32)

    def embed(self, texts: Sequence[PreparedText]) -> NDArray[np.float32]:
        """Return the static sentence embedding of each text."""
        return self._embedder.encode([text.spelled for text in texts])


def _idf(counts: sparse.csr_matrix) -> NDArray[np.float32]:
    documents = counts.shape[0]
    distinct = counts.copy()
    distinct.sum_duplicates()
    frequency = np.bincount(distinct.indices, minlength=counts.shape[1])
    idf: NDArray[np.float32] = (np.log((1 + documents) / (1 + frequency)) + 1).astype(
        np.float32
    )
    return idf


def _tfidf(counts: sparse.csr_matrix, idf: NDArray[np.float32]) -> sparse.csr_matrix:
    """Weight each n-gram occurrence by its inverse document frequency and scale
    each row to unit length. A row may repeat a column (see ``hashing``), so the
    length is that of the separate entries, a close stand-in for the true one."""
    weighted = counts.astype(np.float32)
    weighted.data = idf[weighted.indices]
    return _normalize_rows(weighted)


def _normalize_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Scale each row of ``matrix`` in place to unit Euclidean length.

    It sums the squares of the stored entries as scikit-learn's ``normalize`` does,
    without importing scikit-learn, which would add most of a second to start-up.
    """
    lengths = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    squares = np.bincount(
        rows, weights=matrix.data.astype(np.float64) ** 2, minlength=matrix.shape[0]
    )
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, lengths).astype(matrix.data.dtype)
    return matrix
