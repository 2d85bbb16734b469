"""Static sentence embeddings: the mean of per-token vectors from a shipped table.

The table was distilled from the sentence-embedding model all-MiniLM-L6-v2 with
model2vec (see ``distil.py``). Encoding needs only the ``tokenizers`` library and
numpy: no PyTorch and no network.
"""

from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from tokenizers import Tokenizer

# Tokens past this many in one post are ignored; a tweet has well under 100.
MAX_TOKENS = 256


class StaticEmbedder:
    """Encodes texts as the L2-normalised mean of their token vectors.

    ``folder`` must contain ``tokenizer.json`` and ``embeddings.npy`` (one row per
    token id). Raises FileNotFoundError when either is missing.
    """

    def __init__(self, folder: Path) -> None:
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        table = np.load(folder / "embeddings.npy", allow_pickle=False)
        self._table: NDArray[np.float32] = table.astype(np.float32)
        self.dimensions = int(self._table.shape[1])

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Return one row per text, of unit length, or zeros for a text that has no
        known token."""
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return vectors
        encodings = self._tokenizer.encode_batch_fast(
            list(texts), add_special_tokens=False
        )
        ids = [encoding.ids[:MAX_TOKENS] for encoding in encodings]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        if not lengths.any():
            return vectors

        # A token-count matrix times the table sums the vectors of each text.
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=indptr[-1])
        counts = sparse.csr_matrix(
            (np.ones(len(flat), dtype=np.float32), flat, indptr),
            shape=(len(texts), self._table.shape[0]),
        )
        sums = np.asarray(counts @ self._table)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        vectors[:] = sums / np.maximum(norms, 1e-12)
        return vectors
