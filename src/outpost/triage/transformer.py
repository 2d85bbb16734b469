"""The optional transformer model: all-MiniLM-L6-v2 fine-tuned by Outpost for
sentiment and complaints, run by ONNX Runtime on the CPU.

It is more accurate than the default linear heads and about twenty times slower, so
it is opt-in: install the ``transformer`` extra (``pip install -e '.[transformer]'``
in the Outpost folder, which adds ONNX Runtime and no PyTorch) and set
``OUTPOST_TRIAGE_MODEL=transformer``. The Triager then blends its probabilities
with those of the linear heads (see ``blend``). ``finetune.py`` builds the model.
"""

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from tokenizers import Tokenizer

from outpost.errors import OutpostError
from outpost.triage.labels import SENTIMENTS
from outpost.triage.model import MODELS_DIR

TRANSFORMER_DIR = MODELS_DIR / "transformer"
MODEL_FILE = "model.onnx"
# Posts are cut to this many word pieces, as in fine-tuning; a tweet rarely has more.
MAX_PIECES = 64
BATCH_SIZE = 64
# Weight of the transformer's log-probabilities against the linear heads' in the
# blend. Fixed before any measurement and not tuned: the fine-tuned transformer was
# expected to be the stronger of the two, so it counts a little more.
TRANSFORMER_WEIGHT = 0.6


class TransformerUnavailableError(OutpostError):
    """The transformer model cannot run: the extra is missing or the files are."""


class TransformerModel:
    """Scores posts with the fine-tuned transformer.

    ``threads`` caps the cores one batch uses (1 measures one core). Raises
    TransformerUnavailableError when ONNX Runtime is not installed or the model
    files are missing from ``folder``.
    """

    def __init__(self, folder: Path = TRANSFORMER_DIR, threads: int = 1) -> None:
        try:
            import onnxruntime
        except ImportError:
            raise TransformerUnavailableError(
                "the transformer model needs ONNX Runtime; install it with "
                "pip install -e '.[transformer]' in the Outpost folder, or use the "
                "static model"
            ) from None

        path = folder / MODEL_FILE
        if not path.is_file() or not (folder / "tokenizer.json").is_file():
            raise TransformerUnavailableError(
                f"transformer model files are missing from {folder}; rebuild them "
                "with python -m outpost.triage.finetune, or use the static model"
            )

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self._session: Any = onnxruntime.InferenceSession(
                str(path), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = load_tokenizer(folder)
        except Exception as error:  # ONNX Runtime and tokenizers raise their own
            lines = str(error).strip().splitlines()
            reason = lines[0] if lines else type(error).__name__
            raise TransformerUnavailableError(
                f"cannot load the transformer model from {folder} ({reason}); "
                "reinstall Outpost, or use the static model"
            ) from None

        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        # Names the model in stored labels, as the shipped model's name does.
        self.name = f"minilm-{digest[:10]}"

    def log_probabilities(
        self, texts: Sequence[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Return the sentiment log-probabilities (one column per value of
        ``SENTIMENTS``) and the complaint log-probabilities (columns: not a
        complaint, complaint) of ``texts``, each prepared as in fine-tuning: the
        ``spelled`` form of ``features.prepare_post``."""
        sentiment = np.zeros((len(texts), len(SENTIMENTS)), dtype=np.float32)
        complaint = np.zeros((len(texts), 2), dtype=np.float32)
        if not texts:
            return sentiment, complaint
        pieces = encode(self._tokenizer, texts)
        # Batches of similar length waste little on padding.
        order = np.argsort([len(ids) for ids in pieces], kind="stable")
        for start in range(0, len(order), BATCH_SIZE):
            index = order[start : start + BATCH_SIZE]
            ids, mask = padded([pieces[i] for i in index])
            outputs = self._session.run(
                ["sentiment", "complaint"],
                {"input_ids": ids, "attention_mask": mask},
            )
            sentiment[index], complaint[index] = outputs
        return sentiment, complaint


@cache
def load_transformer() -> TransformerModel:
    """Return the shipped transformer model, loaded once per process."""
    return TransformerModel()


def load_tokenizer(folder: Path) -> Tokenizer:
    """Load ``tokenizer.json`` from ``folder``, cutting each text to ``MAX_PIECES``
    word pieces and padding nothing."""
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_PIECES)
    tokenizer.no_padding()
    return tokenizer


def encode(tokenizer: Tokenizer, texts: Sequence[str]) -> list[list[int]]:
    """Return the word-piece ids of each text."""
    return [encoding.ids for encoding in tokenizer.encode_batch_fast(list(texts))]


def padded(pieces: list[list[int]]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return the ids of ``pieces`` padded with zeros to the longest, and the
    attention mask that marks the real pieces."""
    width = max(len(ids) for ids in pieces)
    ids = np.zeros((len(pieces), width), dtype=np.int64)
    mask = np.zeros((len(pieces), width), dtype=np.int64)
    for row, values in enumerate(pieces):
        ids[row, : len(values)] = values
        mask[row, : len(values)] = 1
    return ids, mask


def blend(
    linear: NDArray[np.float64], transformer_log: NDArray[np.floating[Any]]
) -> NDArray[np.float64]:
    """Return the normalised weighted geometric mean of the linear heads'
    probabilities ``linear`` and the transformer's log-probabilities, row by row,
    with the weight ``TRANSFORMER_WEIGHT`` on the transformer."""
    mixed = (1 - TRANSFORMER_WEIGHT) * np.log(
        np.maximum(linear, 1e-9)
    ) + TRANSFORMER_WEIGHT * transformer_log.astype(np.float64)
    mixed -= mixed.max(axis=1, keepdims=True)
    weights = np.exp(mixed)
    blended: NDArray[np.float64] = weights / weights.sum(axis=1, keepdims=True)
    return blended
