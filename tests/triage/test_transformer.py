"""The optional transformer model: the shipped ONNX file run by ONNX Runtime, its
blend with the linear heads, and how it is chosen and rejected."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from outpost.cli.main import app
from outpost.triage import Triager
from outpost.triage.labels import SENTIMENTS
from outpost.triage.transformer import (
    TRANSFORMER_DIR,
    TRANSFORMER_WEIGHT,
    TransformerModel,
    TransformerUnavailableError,
    blend,
    load_transformer,
)


@pytest.fixture(scope="module")
def model() -> TransformerModel:
    return load_transformer()


def test_probabilities_are_distributions(model: TransformerModel) -> None:
    texts = ["my flight was cancelled again", "thanks, great crew", "", "ok"]
    sentiment, complaint = model.log_probabilities(texts)
    assert sentiment.shape == (4, len(SENTIMENTS))
    assert complaint.shape == (4, 2)
    assert np.allclose(np.exp(sentiment).sum(axis=1), 1.0, atol=1e-4)
    assert np.allclose(np.exp(complaint).sum(axis=1), 1.0, atol=1e-4)


def test_reads_clear_posts(model: TransformerModel) -> None:
    sentiment, complaint = model.log_probabilities(
        [
            "Flight delayed four hours and nobody at the gate will tell us anything",
            "Thank you so much, the crew were wonderful and we landed early!",
        ]
    )
    assert [SENTIMENTS[i] for i in sentiment.argmax(axis=1)] == [
        "negative",
        "positive",
    ]
    assert complaint.argmax(axis=1).tolist() == [1, 0]


def test_batch_neighbours_barely_change_scores(model: TransformerModel) -> None:
    short = "love it"
    long = "the seat was broken and the staff ignored me for the whole flight " * 3
    alone, _ = model.log_probabilities([short])
    mixed, _ = model.log_probabilities([long, short, long])
    # The 8-bit model scales each batch's activations by the batch's own range,
    # so a post's probabilities move a little with its neighbours, no more.
    assert np.allclose(np.exp(alone[0]), np.exp(mixed[1]), atol=0.02)
    again, _ = model.log_probabilities([short])
    assert np.array_equal(alone, again)


def test_long_post_is_cut(model: TransformerModel) -> None:
    sentiment, _ = model.log_probabilities(["terrible service " * 500])
    assert SENTIMENTS[int(sentiment.argmax())] == "negative"


def test_blend_is_weighted_geometric_mean() -> None:
    linear = np.array([[0.7, 0.2, 0.1], [0.2, 0.3, 0.5]])
    other = np.log(np.array([[0.1, 0.1, 0.8], [0.2, 0.3, 0.5]]))
    mixed = blend(linear, other)
    assert np.allclose(mixed.sum(axis=1), 1.0)
    # Where both agree the blend changes nothing.
    assert np.allclose(mixed[1], linear[1])
    expected = linear[0] ** (1 - TRANSFORMER_WEIGHT) * np.exp(other[0]) ** (
        TRANSFORMER_WEIGHT
    )
    assert np.allclose(mixed[0], expected / expected.sum())


def test_triager_names_the_transformer() -> None:
    static = Triager(parallel=False, model="static")
    blended = Triager(parallel=False, model="transformer")
    assert blended.name.startswith(static.name + "+minilm-")


def test_setting_chooses_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTPOST_TRIAGE_MODEL", "transformer")
    assert "+minilm-" in Triager(parallel=False).name
    monkeypatch.setenv("OUTPOST_TRIAGE_MODEL", "static")
    assert "+minilm-" not in Triager(parallel=False).name


def test_unknown_model_name() -> None:
    with pytest.raises(ValueError, match="unknown triage model 'large'"):
        Triager(parallel=False, model="large")


def test_missing_files_are_named(tmp_path: Path) -> None:
    shutil.copy(TRANSFORMER_DIR / "tokenizer.json", tmp_path / "tokenizer.json")
    with pytest.raises(TransformerUnavailableError, match=str(tmp_path)):
        TransformerModel(tmp_path)


def test_classify_cli_with_transformer() -> None:
    posts = "\n".join(
        json.dumps({"id": str(i), "text": text})
        for i, text in enumerate(
            ["Still waiting for my refund, 3 weeks now", "hard to beat their prices"]
        )
    )
    result = CliRunner().invoke(
        app, ["classify", "-", "--model", "transformer"], input=posts
    )
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["sentiment"] for line in lines] == ["negative", "positive"]


def test_retraining_evaluation_rejects_transformer(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["evaluate", "banking77", "--model", "transformer", "--data", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "cannot measure the transformer" in result.stderr


def test_invalid_setting_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTPOST_TRIAGE_MODEL", "bogus")
    result = CliRunner().invoke(app, ["classify", "-"], input="")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: OUTPOST_TRIAGE_MODEL='bogus' is invalid")
    assert result.stderr.count("\n") == 1


def test_damaged_model_file_error(tmp_path: Path) -> None:
    shutil.copy(TRANSFORMER_DIR / "tokenizer.json", tmp_path / "tokenizer.json")
    (tmp_path / "model.onnx").write_bytes(
        (TRANSFORMER_DIR / "model.onnx").read_bytes()[:1000]
    )
    with pytest.raises(TransformerUnavailableError) as raised:
        TransformerModel(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"cannot load the transformer model from {tmp_path}")
    assert "\n" not in message
