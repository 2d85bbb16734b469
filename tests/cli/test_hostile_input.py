"""Hostile posts and bad options: stored safely, shown safely, rejected clearly."""

import json
from pathlib import Path

import pytest

from conftest import Cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def write_jsonl(tmp_path: Path, rows: list[dict], name: str = "posts.jsonl") -> Path:
    path = tmp_path / name
    lines = [json.dumps({"source": "twitter", **row}) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_small(cli: Cli) -> None:
    cli.json("workspace", "load", str(FIXTURES / "small_workspace.toml"))


def test_inbox_escapes_terminal_controls(cli: Cli, tmp_path: Path) -> None:
    load_small(cli)
    text = "@harborfluid worst service \x1b[2J\x1b]0;pwned\x07 ever [/] \u202eevil"
    rows = [{"id": "h1", "author": "ansi\x1b[5mx", "text": text}]
    cli.json("ingest", str(write_jsonl(tmp_path, rows)), "--format", "jsonl")
    result = cli("inbox")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\u202e" not in result.stdout
    assert "\\x1b" in result.stdout
    assert "[/]" in result.stdout


def test_markup_in_query_is_shown_literally(cli: Cli) -> None:
    cli.json("watch", "add", "markup", '"[bold]acme[/]" OR acme')
    result = cli("watch", "list")
    assert result.exit_code == 0, result.output
    assert "[bold]acme[/]" in result.stdout


def test_unstorable_rows_are_skipped(any_cli: Cli, tmp_path: Path) -> None:
    rows = [
        {"id": "ok", "text": "a fine post"},
        {"id": "nul", "text": "bad \x00 byte"},
        {"id": "sur", "text": "lone \ud83d surrogate"},
        {"id": "long-author", "text": "hello", "author": "a" * 300},
        {"id": "x" * 300, "text": "long id"},
        {"id": "huge", "text": "y" * 100_001},
        {"id": "lang", "text": "hello there", "language": "l" * 40},
    ]
    path = tmp_path / "posts.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=True) for r in rows) + "\n",
        encoding="utf-8",
    )
    summary = any_cli.json("ingest", str(path), "--format", "jsonl")
    reasons = {p["line"]: p["reason"] for p in summary["problems"]}
    assert summary["stored"] == 1
    assert (
        reasons[2]
        == "text contains a NUL character; remove it and import the row again"
    )
    assert reasons[3].startswith("text contains an unpaired surrogate \\ud83d")
    assert reasons[4] == "author is 300 characters; the maximum is 200"
    assert reasons[5] == "external_id is 300 characters; the maximum is 200"
    assert reasons[6] == "text is 100,001 characters; the maximum is 100,000"
    assert reasons[7] == "language is 40 characters; the maximum is 16"


def test_all_rows_malformed_fails(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("id,text\n1,hello\n2,world\n", encoding="utf-8")
    result = cli("ingest", str(path))
    assert result.exit_code == 1
    assert "none of its 3 rows could be read" in result.stderr
    assert "check --format" in result.stderr


def test_database_url_errors(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.txt"
    not_db.write_text("hello, not a database\n" * 100, encoding="utf-8")
    cases = [
        (f"sqlite:///{not_db}", "is not a SQLite database"),
        (f"sqlite:///{tmp_path}", "is a folder"),
        ("sqlite://", "in-memory SQLite database keeps nothing"),
        ("sqlite:///:memory:", "in-memory SQLite database keeps nothing"),
        ("http://127.0.0.1/x", "unsupported database URL scheme 'http'"),
    ]
    for url, message in cases:
        result = Cli(url)("stats")
        assert result.exit_code == 1, url
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert message in lines[0], (url, lines[0])


def test_invalid_source_name(cli: Cli) -> None:
    path = FIXTURES / "small_posts.jsonl"
    result = cli("ingest", str(path), "--source", "s" * 201)
    assert result.exit_code == 1
    assert "invalid source name" in result.stderr


def test_watch_name_and_route_checked(cli: Cli) -> None:
    load_small(cli)
    bad_name = cli("watch", "add", "my query; DROP", "acme")
    assert bad_name.exit_code == 1
    assert "invalid watch query name 'my query; DROP'" in bad_name.stderr
    bad_route = cli("watch", "add", "acme", "acme", "--route", "nope")
    assert bad_route.exit_code == 1
    assert "unknown route 'nope'; use a team key or a skill" in bad_route.stderr
    assert "technical" in bad_route.stderr


def test_workspace_unknown_route(cli: Cli, tmp_path: Path) -> None:
    text = (FIXTURES / "small_workspace.toml").read_text(encoding="utf-8")
    path = tmp_path / "workspace.toml"
    path.write_text(text.replace('route = "technical"', 'route = "tecnical"'), "utf-8")
    result = cli("workspace", "load", str(path))
    assert result.exit_code == 1
    assert "queries[0].route: unknown route 'tecnical'" in result.stderr


def test_bad_row_source_skipped(any_cli: Cli, tmp_path: Path) -> None:
    rows = [
        {"id": "1", "text": "fine", "source": "mastodon"},
        {"id": "2", "text": "long source", "source": "s" * 300},
        {"id": "3", "text": "control in source", "source": "Mastodon\x1b[31m"},
    ]
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    summary = any_cli.json("ingest", str(path), "--format", "jsonl")
    assert summary["stored"] == 1
    reasons = {p["line"]: p["reason"] for p in summary["problems"]}
    assert reasons[2].startswith("invalid source name 'sss")
    assert reasons[3].startswith("invalid source name 'Mastodon\\x1b[31m'")


def test_long_file_name_source(any_cli: Cli, tmp_path: Path) -> None:
    name = "daily-export-harbor-fluid-mentions-2026-11-30-part-0001.jsonl"
    path = tmp_path / name
    path.write_text(json.dumps({"id": "1", "text": "hello"}) + "\n", encoding="utf-8")
    summary = any_cli.json("ingest", str(path), "--format", "jsonl")
    assert summary["stored"] == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["inbox", "--limit", "0"], "Invalid value for '--limit'"),
        (["evaluate", "movies"], "'movies' is not one of"),
        (["nosuch"], "No such command 'nosuch'"),
        (["watch", "add"], "Missing argument 'name'; see "),
    ],
)
def test_usage_errors_are_one_line(cli: Cli, args: list[str], expected: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert "╭" not in result.stderr


def test_invalid_setting_is_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTPOST_BATCH_SIZE", "0")
    result = cli("ingest", "missing.jsonl")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: OUTPOST_BATCH_SIZE='0' is invalid: Input should be greater than or "
        "equal to 1; fix or unset OUTPOST_BATCH_SIZE\n"
    )
