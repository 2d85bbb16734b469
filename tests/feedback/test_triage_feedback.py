"""``outpost triage correct`` and ``train``: agents teach the workspace's triage."""

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, Cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def load_small(cli: Cli) -> None:
    cli.json("workspace", "load", str(FIXTURES / "small_workspace.toml"))
    cli.json("ingest", str(FIXTURES / "small_posts.jsonl"), "--format", "jsonl")


def test_correct_updates_stored_labels(any_cli: Cli) -> None:
    load_small(any_cli)
    labels = any_cli.json(
        "triage",
        "correct",
        "twitter:5",
        "--intent",
        "complaint",
        "--not-intent",
        "question",
        "--sentiment",
        "negative",
        "--reason",
        "late_delivery",
        "--by",
        "ali",
    )
    assert "complaint" in labels["intents"]
    assert "question" not in labels["intents"]
    assert labels["sentiment"] == "negative"
    assert labels["reason"] == "late_delivery"
    (item,) = [
        i
        for i in any_cli.json("inbox", "--limit", "50")
        if i["post"]["external_id"] == "5"
    ]
    assert item["labels"]["sentiment"] == "negative"
    assert "complaint" in item["labels"]["intents"]


def test_correct_rejects_unknown_values(cli: Cli) -> None:
    load_small(cli)
    cases = [
        (["--intent", "gossip"], "invalid intent 'gossip'; use one of: question"),
        (["--sentiment", "angry"], "invalid sentiment 'angry'"),
        (["--urgency", "asap"], "invalid urgency 'asap'"),
        (
            ["--reason", "weather"],
            "invalid reason 'weather'; use one of: late_delivery",
        ),
        ([], "nothing to correct"),
        (
            ["--intent", "complaint", "--not-intent", "complaint"],
            "intent 'complaint' is given both as --intent and as --not-intent",
        ),
    ]
    for options, message in cases:
        result = cli("triage", "correct", "twitter:5", *options)
        assert result.exit_code == 1, options
        assert message in result.stderr, result.stderr


def test_correct_unknown_post(cli: Cli) -> None:
    load_small(cli)
    result = cli("triage", "correct", "twitter:999", "--intent", "complaint")
    assert result.exit_code == 1
    assert "post 'twitter:999' not found" in result.stderr


def test_workspace_intent_accepted(cli: Cli) -> None:
    load_small(cli)
    labels = cli.json("triage", "correct", "1", "--intent", "warranty_claim")
    assert "warranty_claim" in labels["intents"]


def test_train_without_examples(cli: Cli) -> None:
    result = cli("triage", "train")
    assert result.exit_code == 1
    assert "nothing to train on" in result.stderr


def test_train_learns_workspace_intent(any_cli: Cli, tmp_path: Path) -> None:
    load_small(any_cli)
    # The demo posts are the stored, uncorrected posts that serve as negatives.
    demo = EXAMPLES / "demo" / "posts.jsonl"
    any_cli.json("ingest", str(demo), "--format", "jsonl", "--source", "demo")
    for post in ("twitter:2", "twitter:3", "twitter:4", "twitter:5"):
        any_cli.json("triage", "correct", post, "--not-intent", "warranty_claim")
    summary = any_cli.json("triage", "train")
    assert summary["examples"] == 4 + 4 + 216
    new_posts = tmp_path / "new.jsonl"
    texts = [
        "My HS-200 pump died after ten months, I want a warranty replacement",
        "Lovely weather at the harbour today",
    ]
    lines = [json.dumps({"id": f"n{i}", "text": t}) for i, t in enumerate(texts)]
    new_posts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    any_cli.json("ingest", str(new_posts), "--format", "jsonl", "--source", "twitter")
    classified = {
        row["id"]: row
        for row in map(
            json.loads, any_cli("classify", str(new_posts)).stdout.splitlines()
        )
    }
    assert classified  # classify itself does not use workspace heads
    stored = _stored_intents(any_cli)
    assert "warranty_claim" in stored["n0"]
    assert "warranty_claim" not in stored["n1"]


def _stored_intents(cli: Cli) -> dict[str, list[str]]:
    from sqlalchemy import select

    from outpost.store import open_store
    from outpost.store.models import Post, TriageLabel

    store = open_store(cli.database_url)
    with store.transaction() as session:
        rows = session.execute(
            select(Post.external_id, TriageLabel.intents).join(
                TriageLabel, TriageLabel.post_id == Post.id
            )
        )
        found = {external_id: list(intents) for external_id, intents in rows}
    store.dispose()
    return found


def test_transformer_pipeline_keeps_workspace_heads(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTPOST_TRIAGE_MODEL", "transformer")
    load_small(cli)
    demo = EXAMPLES / "demo" / "posts.jsonl"
    cli.json("ingest", str(demo), "--format", "jsonl", "--source", "demo")
    cli.json("triage", "train")
    new_posts = tmp_path / "new.jsonl"
    text = "My HS-200 pump died after ten months, I want a warranty replacement"
    new_posts.write_text(json.dumps({"id": "n0", "text": text}) + "\n")
    cli.json("ingest", str(new_posts), "--format", "jsonl", "--source", "twitter")
    assert "warranty_claim" in _stored_intents(cli)["n0"]
    models = _models(cli, "n0")
    assert all("+minilm-" in name for name in models)
    assert all("+ws-" in name for name in models)


def _models(cli: Cli, external_id: str) -> list[str]:
    from sqlalchemy import select

    from outpost.store import open_store
    from outpost.store.models import Post, TriageLabel

    store = open_store(cli.database_url)
    with store.transaction() as session:
        names = list(
            session.scalars(
                select(TriageLabel.model)
                .join(Post, TriageLabel.post_id == Post.id)
                .where(Post.external_id == external_id)
            )
        )
    store.dispose()
    assert names
    return names


def test_new_intent_few_negatives_untrained(cli: Cli, tmp_path: Path) -> None:
    load_small(cli)
    result = cli("triage", "train")
    assert result.exit_code == 0, result.stderr
    assert "Not trained: intent warranty_claim has" in result.stdout
    assert result.stdout.startswith("No head could be trained from")
    summary = cli.json("triage", "train")
    assert not summary["heads"]["intent:warranty_claim"]["trained"]
    weather = tmp_path / "weather.jsonl"
    weather.write_text(json.dumps({"id": "w", "text": "Lovely weather today"}) + "\n")
    cli.json("ingest", str(weather), "--format", "jsonl", "--source", "twitter")
    assert "warranty_claim" not in _stored_intents(cli)["w"]


def test_not_a_complaint_drops_its_reason(cli: Cli) -> None:
    load_small(cli)
    cli.json(
        "triage",
        "correct",
        "twitter:5",
        "--intent",
        "complaint",
        "--reason",
        "late_delivery",
    )
    labels = cli.json("triage", "correct", "twitter:5", "--not-intent", "complaint")
    assert "complaint" not in labels["intents"]
    assert labels["reason"] is None
