"""``evaluate_airline`` and ``outpost evaluate`` on the Twitter US Airline Sentiment
file, and on bad data paths."""

import json
import os
from pathlib import Path
from typing import Any

import pytest
import typer
from sklearn.metrics import recall_score
from typer.testing import CliRunner

from outpost.cli.triage import register
from outpost.errors import InputFileError
from outpost.triage import Triager
from outpost.triage.datasets import read_tweeteval_sentiment
from outpost.triage.evaluate import evaluate_airline
from outpost.triage.labels import SENTIMENTS

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
TWEETS = SHARED_DATA / "airline-sentiment" / "Tweets.csv"


@pytest.fixture(scope="module")
def tweets() -> Path:
    if not TWEETS.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"airline data not found at {TWEETS} (CI=true)")
        pytest.skip(f"airline data not found at {TWEETS}")
    return TWEETS


@pytest.fixture(scope="module")
def report(tweets: Path) -> dict[str, Any]:
    return evaluate_airline(tweets)


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_airline_split(report: dict[str, Any]) -> None:
    split = report["split"]
    assert report["dataset"] == "airline-sentiment"
    assert split["rows"] == 14640
    assert split["unique_tweets"] == 14485
    assert split["test"] == 2897
    assert split["train"] + split["test"] == 14485
    assert split["seed"] == 0


def test_airline_supports_stratified(report: dict[str, Any]) -> None:
    supports = {name: scores["support"] for name, scores in report["per_class"].items()}
    assert supports == {"negative": 1816, "neutral": 614, "positive": 467}


def test_airline_confusion_matrix(report: dict[str, Any]) -> None:
    confusion = report["confusion_matrix"]
    assert confusion["labels"] == ["negative", "neutral", "positive"]
    assert sum(map(sum, confusion["matrix"])) == 2897
    row_sums = [sum(row) for row in confusion["matrix"]]
    assert row_sums == [1816, 614, 467]


def test_airline_macro_f1(report: dict[str, Any]) -> None:
    assert report["metric"] == "macro_f1"
    # The shipped model measured 0.7606, so a value below 0.75 is a regression.
    assert report["macro_f1"] >= 0.75
    assert report["macro_f1"] > report["baselines"]["vader_plain"]["macro_f1"] + 0.1
    f1s = [scores["f1"] for scores in report["per_class"].values()]
    assert report["macro_f1"] == pytest.approx(sum(f1s) / 3, abs=1e-3)


def test_airline_transformer_beats_static(
    app: typer.Typer, tweets: Path, report: dict[str, Any]
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "airline",
            "--data",
            str(tweets),
            "--json",
            "--model",
            "transformer",
        ],
    )
    assert result.exit_code == 0, result.stderr
    blended = json.loads(result.stdout)
    assert blended["split"] == report["split"]
    assert blended["model"].startswith(report["model"] + "+minilm-")
    assert blended["macro_f1"] >= report["macro_f1"] + 0.02


def test_evaluate_cli_json(app: typer.Typer, tweets: Path) -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "airline-sentiment", "--data", str(tweets), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["metric"] == "macro_f1"
    assert 0.0 < report["macro_f1"] < 1.0


def test_evaluate_cli_table(app: typer.Typer, tweets: Path) -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "airline-sentiment", "--data", str(tweets)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Macro-F1" in result.stdout
    assert "Confusion matrix" in result.stdout
    assert "vader_plain" in result.stdout


def test_evaluate_missing_data(app: typer.Typer, tmp_path: Path) -> None:
    missing = tmp_path / "Tweets.csv"
    result = CliRunner().invoke(
        app, ["evaluate", "airline-sentiment", "--data", str(missing)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: airline data {missing} not found")
    assert len(result.stderr.strip().splitlines()) == 1


def test_evaluate_wrong_columns(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(
        InputFileError, match="missing the columns tweet_id, airline_sentiment"
    ):
        evaluate_airline(other)


def test_evaluate_unknown_label(tmp_path: Path) -> None:
    bad = tmp_path / "Tweets.csv"
    bad.write_text(
        "tweet_id,airline_sentiment,text\n1,negative,late\n2,angry,so late\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match="line 3: airline_sentiment 'angry'"):
        evaluate_airline(bad)


def test_evaluate_unknown_dataset(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "movies", "--data", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 2


@pytest.mark.slow
def test_evaluate_complaints_smoke(app: typer.Typer, tweets: Path) -> None:
    root = tweets.parents[1]
    result = CliRunner().invoke(
        app, ["evaluate", "tweet-complaints", "--data", str(root), "--limit", "300"]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] == 300
    assert 0.5 < report["macro_f1"] <= 1.0


def test_evaluate_missing_folder(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "banking77", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "BANKING77 file" in result.stderr
    assert "not found" in result.stderr


def evaluate_json(app: typer.Typer, root: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["evaluate", *args, "--data", str(root)])
    assert result.exit_code == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_evaluate_banking77_smoke(app: typer.Typer, tweets: Path) -> None:
    report = evaluate_json(app, tweets.parents[1], "banking77", "--limit", "400")
    assert report["train"] == 400
    assert 0.0 <= report["accuracy"] <= 1.0


@pytest.mark.slow
def test_evaluate_clinc150_smoke(app: typer.Typer, tweets: Path) -> None:
    report = evaluate_json(app, tweets.parents[1], "clinc150", "--limit", "600")
    assert 0.0 <= report["in_scope_accuracy"] <= 1.0
    assert 0.0 <= report["out_of_scope_recall"] <= 1.0


@pytest.mark.slow
def test_evaluate_adidas_smoke(app: typer.Typer, tweets: Path) -> None:
    report = evaluate_json(app, tweets.parents[1], "adidas-purchase-intent")
    assert report["positives"] > 0
    assert report["workspace_intent_5fold_f1"] > report["shipped_rules_f1"]


@pytest.mark.slow
def test_learning_curve_rises(app: typer.Typer, tweets: Path) -> None:
    report = evaluate_json(app, tweets.parents[1], "learning-curve")
    scores = [point["f1"] for point in report["curve"]]
    assert [point["corrections"] for point in report["curve"]] == [25, 50, 100, 200]
    assert scores[-1] > scores[0]
    # Measured 0.58 after 200 corrections with the stored posts as weak
    # negatives, 0.33 from the corrections alone.
    assert scores[-1] >= 0.5
    alone = [point["f1"] for point in report["curve_corrections_only"]]
    assert scores[-1] > alone[-1]


@pytest.mark.slow
def test_tweeteval_beats_vader(app: typer.Typer, tweets: Path) -> None:
    report = evaluate_json(app, tweets.parents[1], "tweeteval")
    vader = report["baselines"]["vader"]["macro_recall"]
    assert report["with_validation_split"]["macro_recall"] > vader
    assert report["without_validation_split"]["macro_recall"] > vader


def test_tweeteval_transformer_beats_static(app: typer.Typer, tweets: Path) -> None:
    root = tweets.parents[1]
    blended = evaluate_json(
        app, root, "tweeteval", "--limit", "2000", "--model", "transformer"
    )
    assert "without_validation_split" not in blended
    assert "+minilm-" in blended["model"]
    test = read_tweeteval_sentiment(root, "test")[:2000]
    probabilities = Triager(parallel=False, model="static").sentiment_probabilities(
        [text for text, _ in test]
    )
    static = recall_score(
        [label for _, label in test],
        [SENTIMENTS[i] for i in probabilities.argmax(axis=1)],
        average="macro",
    )
    assert blended["with_validation_split"]["macro_recall"] > static + 0.02


@pytest.mark.slow
def test_leave_one_domain_out_beats_vader(app: typer.Typer, tweets: Path) -> None:
    report = evaluate_json(app, tweets.parents[1], "leave-one-domain-out")
    for name, result in report["domains"].items():
        if result["metric"] == "macro_f1":
            assert result["model"] > result["vader"], name


def test_limit_rejected_for_airline(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "airline", "--data", str(tmp_path), "--limit", "50"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --limit 50 does not apply to airline")
