"""Hashed word and character n-gram counts of many posts at once, in numpy.

A batch of texts is joined into one array of code points, and every n-gram hash
comes from one prefix-hash array: the polynomial hash of ``text[a:b]`` is
``H[b - 1] - H[a - 1] * P ** (b - a)`` modulo 2**64, where numpy's unsigned
integers wrap. No Python code runs per token, which makes this several times faster
than scikit-learn's ``HashingVectorizer``, whose analyser is a Python loop.

Words are runs of letters, digits, ``_`` and ``'``; ``!`` and ``?`` are words of
their own. Character n-grams (``CHAR_NGRAMS``) are taken inside each word padded
with one space on each side, as scikit-learn's ``char_wb`` analyser does.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

CHAR_NGRAMS = (2, 5)
_PRIME = 1_099_511_628_211
_PRIME_INVERSE = pow(_PRIME, -1, 2**64)
_BIGRAM_PRIME = np.uint64(0x9E3779B97F4A7C15)
_WORD_SEED = np.uint64(0x51AF_D7ED_558C_CD1B)
_CHAR_SEED = np.uint64(0x2545_F491_4F6C_DD1D)
_HANDLE_SEED = np.uint64(0x7A3C_19E5_B6D2_4F81)
_SEPARATOR = "\x00"
_SPACE = 32
_WORD, _MARK = 1, 2
# Word classes of the code points below this bound; those above are no word.
_CLASSIFIED = 0x30000


def _code_point_classes() -> NDArray[np.uint8]:
    classes = np.zeros(_CLASSIFIED, dtype=np.uint8)
    word = [i for i in range(_CLASSIFIED) if chr(i).isalnum()]
    classes[word] = _WORD
    classes[[ord("_"), ord("'")]] = _WORD
    classes[[ord("!"), ord("?")]] = _MARK
    return classes


_CLASSES = _code_point_classes()


def _mix(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """Scramble 64-bit hashes (the splitmix64 finaliser) so that their low bits,
    which become the column, depend on every character."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


@dataclass(frozen=True)
class Batch:
    """The code points of a batch of texts, joined as `` text `` between
    separators, with the prefix hashes and the text that each position is in."""

    codes: NDArray[np.uint32]
    document: NDArray[np.int64]
    prefix: NDArray[np.uint64]
    powers: NDArray[np.uint64]
    size: int

    @classmethod
    def of(cls, texts: Sequence[str]) -> "Batch":
        """Join ``texts``, in which U+0000 characters become spaces."""
        body = f" {_SEPARATOR} ".join(text.replace(_SEPARATOR, " ") for text in texts)
        # Trailing separators let every n-gram table cover the last text.
        joined = f"{_SEPARATOR} {body} " + _SEPARATOR * (CHAR_NGRAMS[1] + 1)
        raw = joined.encode("utf-32-le", errors="replace")
        codes = np.frombuffer(raw, dtype=np.uint32)
        document = np.cumsum(codes == 0) - 1
        length = len(codes)
        powers = np.full(length + 1, _PRIME, dtype=np.uint64)
        powers[0] = 1
        powers = np.cumprod(powers, dtype=np.uint64)
        inverse = np.full(length, _PRIME_INVERSE, dtype=np.uint64)
        inverse[0] = 1
        inverse = np.cumprod(inverse, dtype=np.uint64)
        weighted = (codes.astype(np.uint64) + np.uint64(1)) * inverse
        prefix = np.cumsum(weighted, dtype=np.uint64) * powers[:length]
        return cls(codes, document, prefix, powers, len(texts))

    def hash_spans(
        self, starts: NDArray[np.int64], ends: NDArray[np.int64]
    ) -> NDArray[np.uint64]:
        """Return the hash of each span ``codes[start:end]``. Every start is > 0."""
        hashes: NDArray[np.uint64] = (
            self.prefix[ends - 1] - self.prefix[starts - 1] * self.powers[ends - starts]
        )
        return hashes

    def classes(self) -> NDArray[np.uint8]:
        """Return the word class of each position: word, mark or neither."""
        return _CLASSES[np.minimum(self.codes, _CLASSIFIED - 1)]


@dataclass(frozen=True)
class Tokens:
    """The words of a batch in order: a hash and the text index of each."""

    hashes: NDArray[np.uint64]
    document: NDArray[np.int64]


def tokens(batch: Batch) -> Tokens:
    """Return the words of ``batch``."""
    classes = batch.classes()
    word = classes == _WORD
    previous = np.concatenate(([False], word[:-1]))
    following = np.concatenate((word[1:], [False]))
    mark = classes == _MARK
    starts = np.flatnonzero((word & ~previous) | mark)
    ends = np.flatnonzero((word & ~following) | mark) + 1
    return Tokens(batch.hash_spans(starts, ends), batch.document[starts])


def word_counts(found: Tokens, size: int, bits: int) -> sparse.csr_matrix:
    """Return the hashed counts of word unigrams and bigrams, one row per text."""
    unigrams = _mix(found.hashes ^ _WORD_SEED)
    same = found.document[1:] == found.document[:-1]
    pairs = found.hashes[:-1][same] * _BIGRAM_PRIME + found.hashes[1:][same]
    bigrams = _mix(pairs ^ _WORD_SEED)
    hashes = np.concatenate((unigrams, bigrams))
    rows = np.concatenate((found.document, found.document[1:][same]))
    return _counts(rows, hashes, size, bits)


def handle_counts(handles: Batch, bits: int) -> sparse.csr_matrix:
    """Return the hashed counts of the words of ``handles``, a batch of one string
    of handles per text, in columns apart from those of ``word_counts`` up to hash
    collisions."""
    found = tokens(handles)
    hashes = _mix(found.hashes ^ _HANDLE_SEED)
    return _counts(found.document, hashes, handles.size, bits)


def char_counts(batch: Batch, bits: int) -> sparse.csr_matrix:
    """Return the hashed counts of character n-grams inside space-padded words.

    A row may contain one column more than once, and the entries of a column add
    up.
    """
    length = len(batch.codes)
    low, high = CHAR_NGRAMS
    separators = np.concatenate(([0], np.cumsum(batch.codes == 0, dtype=np.int32)))
    spaces = np.concatenate(([0], np.cumsum(batch.codes == _SPACE, dtype=np.int32)))
    # Row s of each table is the n-gram that starts at position s + 1.
    width = length - high
    hashes = np.zeros((width, high - low + 1), dtype=np.uint64)
    valid = np.zeros((width, high - low + 1), dtype=bool)
    prefix = batch.prefix
    for column, n in enumerate(range(low, high + 1)):
        no_separator = separators[1 + n : 1 + n + width] == separators[1 : 1 + width]
        # The positions strictly inside the n-gram contain no space.
        no_space = spaces[n : n + width] == spaces[2 : 2 + width]
        valid[:, column] = no_separator & no_space
        hashes[:, column] = prefix[n : n + width] - prefix[:width] * batch.powers[n]
    chosen = _mix(hashes[valid] ^ _CHAR_SEED)
    rows = np.broadcast_to(batch.document[1 : 1 + width, None], valid.shape)[valid]
    return _row_ordered_counts(rows, chosen, batch.size, bits)


def _row_ordered_counts(
    rows: NDArray[np.int64], hashes: NDArray[np.uint64], size: int, bits: int
) -> sparse.csr_matrix:
    """Build a count matrix from entries already ordered by row, keeping repeated
    columns as separate entries, which is faster than adding them up."""
    columns = (hashes & np.uint64(2**bits - 1)).astype(np.int32)
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=size)[:size], out=indptr[1:])
    data = np.ones(len(columns), dtype=np.float32)
    return sparse.csr_matrix((data, columns, indptr), shape=(size, 2**bits))


def _counts(
    rows: NDArray[np.int64], hashes: NDArray[np.uint64], size: int, bits: int
) -> sparse.csr_matrix:
    columns = (hashes & np.uint64(2**bits - 1)).astype(np.int32)
    data = np.ones(len(columns), dtype=np.float32)
    matrix = sparse.csr_matrix((data, (rows, columns)), shape=(size, 2**bits))
    matrix.sum_duplicates()
    return matrix


def hash_words(words: Sequence[str]) -> NDArray[np.uint64]:
    """Return the token hash of each of ``words``, or 0 for one that is not a
    single word."""
    batch = Batch.of(words)
    found = tokens(batch)
    result = np.zeros(len(words), dtype=np.uint64)
    counts = np.bincount(found.document, minlength=len(words))
    single = np.flatnonzero(counts == 1)
    first = np.searchsorted(found.document, single)
    result[single] = found.hashes[first]
    return result
