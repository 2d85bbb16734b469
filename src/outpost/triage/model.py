"""The shipped triage model: linear heads over ``features.FeatureExtractor`` rows.

The model lives in ``outpost/triage/models/``: the distilled embedding table
(``embeddings.npy``, ``tokenizer.json``), the heads and inverse document frequencies
(``heads.npz``, numpy arrays only, loaded without pickle) and their metadata
(``heads.json``). ``training.py`` rebuilds the heads from the public data sets.
"""

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from outpost.triage.embedding import StaticEmbedder
from outpost.triage.features import FeatureExtractor

MODELS_DIR = Path(__file__).resolve().parent / "models"
HEADS_ARRAYS = "heads.npz"
HEADS_METADATA = "heads.json"
MODEL_VERSION = 4


@dataclass(frozen=True)
class LinearHead:
    """A linear classifier: one weight row per class, or a single row for a binary
    head whose ``classes`` are (negative class, positive class)."""

    classes: tuple[str, ...]
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]

    @classmethod
    def from_sklearn(cls, estimator: Any) -> "LinearHead":
        """Copy the weights of a fitted scikit-learn linear classifier."""
        return cls(
            tuple(str(name) for name in estimator.classes_),
            np.asarray(estimator.coef_, dtype=np.float32),
            np.asarray(estimator.intercept_, dtype=np.float32),
        )

    def decision(self, rows: "sparse.csr_matrix | NDArray[np.float32]") -> NDArray[Any]:
        """Return the raw scores of ``rows``: one column per weight row."""
        scores = rows @ self.coef.T
        return np.asarray(scores, dtype=np.float64) + self.intercept

    def probabilities(
        self, rows: "sparse.csr_matrix | NDArray[np.float32]"
    ) -> NDArray[np.float64]:
        """Return one probability per class and row, columns in ``classes`` order."""
        scores = self.decision(rows)
        if len(self.coef) == 1:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack((1.0 - positive, positive))
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def arrays(self, prefix: str) -> dict[str, NDArray[Any]]:
        """Return the weights as named arrays for an ``.npz`` file."""
        return {f"{prefix}.coef": self.coef, f"{prefix}.intercept": self.intercept}

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str, classes: list[str]) -> "LinearHead":
        """Rebuild a head saved by ``arrays``."""
        return cls(
            tuple(classes),
            np.asarray(arrays[f"{prefix}.coef"], dtype=np.float32),
            np.asarray(arrays[f"{prefix}.intercept"], dtype=np.float32),
        )


@dataclass(frozen=True)
class ShippedModel:
    """The sentiment and complaint heads with the feature extractor they read."""

    features: FeatureExtractor
    sentiment: LinearHead
    complaint: LinearHead
    metadata: dict[str, Any]
    digest: str

    @property
    def name(self) -> str:
        """Model name stored with labels; it changes whenever the weights change."""
        return f"outpost-triage-{MODEL_VERSION}-{self.digest[:10]}"


def load_model(folder: Path = MODELS_DIR) -> ShippedModel:
    """Load the model in ``folder``. Raises FileNotFoundError when a file is missing."""
    embedder = StaticEmbedder(folder)
    raw = (folder / HEADS_ARRAYS).read_bytes()
    metadata_text = (folder / HEADS_METADATA).read_text(encoding="utf-8")
    metadata = json.loads(metadata_text)
    with np.load(io.BytesIO(raw), allow_pickle=False) as arrays:
        features = FeatureExtractor(
            embedder,
            np.asarray(arrays["idf_word"], dtype=np.float32),
            np.asarray(arrays["idf_char"], dtype=np.float32),
            np.asarray(arrays["idf_handle"], dtype=np.float32),
        )
        sentiment = LinearHead.from_arrays(
            arrays, "sentiment", metadata["sentiment_classes"]
        )
        complaint = LinearHead.from_arrays(arrays, "complaint", ["0", "1"])
    digest = hashlib.sha256(raw + metadata_text.encode("utf-8")).hexdigest()
    return ShippedModel(features, sentiment, complaint, metadata, digest)


def save_model(
    folder: Path,
    features: FeatureExtractor,
    sentiment: LinearHead,
    complaint: LinearHead,
    metadata: dict[str, Any],
) -> None:
    """Write the heads and inverse document frequencies into ``folder``. The
    embedding table and tokenizer are written by ``distil.py``, not here."""
    if (
        features.idf_word is None
        or features.idf_char is None
        or features.idf_handle is None
    ):
        raise ValueError("the feature extractor has no inverse document frequencies")
    arrays = {
        "idf_word": features.idf_word.astype(np.float16),
        "idf_char": features.idf_char.astype(np.float16),
        "idf_handle": features.idf_handle.astype(np.float16),
        **sentiment.arrays("sentiment"),
        **complaint.arrays("complaint"),
    }
    np.savez_compressed(folder / HEADS_ARRAYS, **cast(dict[str, Any], arrays))
    metadata = {**metadata, "sentiment_classes": list(sentiment.classes)}
    (folder / HEADS_METADATA).write_text(
        json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
