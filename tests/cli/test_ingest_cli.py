"""``outpost ingest`` through the command line: counts, duplicates and bad input."""

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, Cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def assert_nothing_stored(cli: Cli) -> None:
    assert cli.json("stats")["posts"] == 0


def test_missing_file(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = cli("ingest", str(missing), "--format", "jsonl")
    assert_one_line_error(result, str(missing), "not found")
    assert_nothing_stored(cli)


def test_unknown_format(cli: Cli) -> None:
    result = cli("ingest", str(FIXTURES / "small_posts.jsonl"), "--format", "xml")
    assert_one_line_error(result, "'xml'", "twitter-airline")
    assert_nothing_stored(cli)


def test_csv_without_text_column(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    result = cli("ingest", str(path), "--format", "csv")
    assert_one_line_error(result, "'text'", "--text-column")
    assert_nothing_stored(cli)


def test_text_column_option(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("id,body\n1,hello\n2,world\n", encoding="utf-8")
    summary = cli.json("ingest", str(path), "--format", "csv", "--text-column", "body")
    assert summary["stored"] == 2


def test_invalid_utf8_names_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes(b"id,text\n1,fine\n2,caf\xe9 au lait\n")
    result = cli("ingest", str(path), "--format", "csv")
    assert_one_line_error(result, "line 3", "--encoding")
    assert_nothing_stored(cli)


def test_latin1_with_encoding_option(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes(b"id,text\n1,fine\n2,caf\xe9 au lait\n")
    summary = cli.json("ingest", str(path), "--format", "csv", "--encoding", "latin-1")
    assert summary["stored"] == 2


def test_empty_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    result = cli("ingest", str(path), "--format", "jsonl")
    assert_one_line_error(result, str(path), "empty")
    assert_nothing_stored(cli)


def test_unreachable_database(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = Cli(url)("ingest", str(FIXTURES / "small_posts.jsonl"))
    assert_one_line_error(result, "127.0.0.1:1", "cannot connect", "--db")


def test_database_folder_missing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/no/such/folder/outpost.db"
    result = Cli(url)("stats")
    assert_one_line_error(result, "does not exist")


def test_invalid_database_url() -> None:
    result = Cli("not a url")("stats")
    assert_one_line_error(result, "invalid database URL 'not a url'")


def malformed_jsonl(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": "a", "text": "first post"}),
        "{not json",
        json.dumps({"id": "b", "text": "second post"}),
        json.dumps({"id": "c"}),
    ]
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_rows_skipped_and_counted(cli: Cli, tmp_path: Path) -> None:
    summary = cli.json("ingest", str(malformed_jsonl(tmp_path)), "--format", "jsonl")
    assert summary["stored"] == 2
    assert summary["malformed"] == 2
    assert [p["line"] for p in summary["problems"]] == [2, 4]


def test_malformed_rows_readable_output(cli: Cli, tmp_path: Path) -> None:
    result = cli("ingest", str(malformed_jsonl(tmp_path)), "--format", "jsonl")
    assert result.exit_code == 0
    assert "Skipped line 2:" in result.stderr
    assert "2 malformed rows skipped" in result.stdout


def test_strict_rejects_whole_file(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "ingest", str(malformed_jsonl(tmp_path)), "--format", "jsonl", "--strict"
    )
    assert_one_line_error(result, "2 malformed rows", "line 2", "--strict")
    assert_nothing_stored(cli)


def test_stdin_jsonl(cli: Cli) -> None:
    data = json.dumps({"id": "s1", "text": "from a pipe"}) + "\n"
    summary = cli.json(
        "ingest", "-", "--format", "jsonl", "--source", "pipe", input=data
    )
    assert summary["stored"] == 1


def test_demo_workspace_and_posts(cli: Cli) -> None:
    cli.json("workspace", "load", str(EXAMPLES / "demo" / "workspace.toml"))
    summary = cli.json(
        "ingest", str(EXAMPLES / "demo" / "posts.jsonl"), "--format", "jsonl"
    )
    assert summary["malformed"] == 0
    assert summary["stored"] >= 190
    stats = cli.json("stats")
    for kind in ("case", "opportunity", "alert"):
        assert stats["signals"][kind] > 0, kind


@pytest.mark.data
def test_airline_tweets_end_to_end(any_cli: Cli, shared_data: Path) -> None:
    tweets = shared_data / "airline-sentiment" / "Tweets.csv"
    any_cli.json("workspace", "load", str(EXAMPLES / "airline" / "workspace.toml"))
    summary = any_cli.json("ingest", str(tweets), "--format", "twitter-airline")
    assert summary["read"] == 14_640
    assert summary["stored"] == 14_485
    assert summary["duplicates"] == 155
    assert summary["malformed"] == 0
    stats = any_cli.json("stats")
    assert stats["posts"] == 14_485
    assert stats["mentions"] >= 14_000
    # Cases come only from complaints and questions about us (United, 3,822 tweets).
    assert 1_500 <= stats["signals"]["case"] <= 3_822
    again = any_cli.json("ingest", str(tweets), "--format", "twitter-airline")
    assert again["stored"] == 0
    assert again["duplicates"] == 14_640


@pytest.mark.data
def test_twcs_extract_with_index_columns(cli: Cli, shared_data: Path) -> None:
    path = shared_data / "twcs" / "spotifycares_support_requests.csv"
    summary = cli.json("ingest", str(path), "--format", "twcs", "--no-process")
    assert summary["stored"] == 15_096
    assert summary["malformed"] == 0


@pytest.mark.data
def test_evaluate_airline_short_name(cli: Cli, shared_data: Path) -> None:
    tweets = shared_data / "airline-sentiment" / "Tweets.csv"
    report = cli.json("evaluate", "airline", "--data", str(tweets))
    assert report["split"]["seed"] == 0
    assert report["split"]["test"] == 2_897
    assert 0.0 < report["macro_f1"] <= 1.0
    labels = report["confusion_matrix"]["labels"]
    assert sorted(labels) == ["negative", "neutral", "positive"]
