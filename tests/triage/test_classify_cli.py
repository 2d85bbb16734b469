"""``outpost classify`` on JSON Lines, CSV and standard input, and on bad input."""

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from outpost.cli.triage import register

OUTPUT_KEYS = [
    "id",
    "sentiment",
    "sentiment_confidence",
    "intents",
    "urgency",
    "language",
    "reason",
]


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def run(app: typer.Typer, *args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def output_lines(result: Result) -> list[dict[str, object]]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def error_line(result: Result) -> str:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_classify_jsonl(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        '{"id": 7, "text": "@acme my order is 3 days late, worst service ever"}\n'
        "\n"
        '{"id": "x-2", "text": "Merci pour votre aide, le service est excellent",'
        ' "language": "fr"}\n',
        encoding="utf-8",
    )
    lines = output_lines(run(app, "classify", str(posts)))
    assert [line["id"] for line in lines] == [7, "x-2"]
    assert list(lines[0]) == OUTPUT_KEYS
    assert lines[0]["sentiment"] == "negative"
    assert lines[0]["intents"] == ["complaint"]
    assert lines[1]["language"] == "fr"


def test_classify_csv(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text(
        'id,author,text\n1,ann,"How do I reset my password?"\n'
        '2,bob,"Thanks, great support!\nSee you soon"\n',
        encoding="utf-8",
    )
    lines = output_lines(run(app, "classify", str(posts)))
    assert [line["id"] for line in lines] == ["1", "2"]
    assert lines[0]["intents"] == ["question"]
    assert lines[1]["sentiment"] == "positive"


def test_classify_stdin_jsonl(app: typer.Typer) -> None:
    result = run(
        app, "classify", "-", input='{"id": 1, "text": "anyone know a good cafe"}\n'
    )
    [line] = output_lines(result)
    assert line["id"] == 1
    assert line["intents"] == ["question"]


def test_classify_stdin_csv(app: typer.Typer) -> None:
    result = run(
        app, "classify", "-", "--format", "csv", input="id,text\n5,Love the new app\n"
    )
    [line] = output_lines(result)
    assert line["id"] == "5"
    assert line["sentiment"] == "positive"


def test_format_overrides_extension(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.txt"
    posts.write_text('{"id": 1, "text": "hello there"}\n', encoding="utf-8")
    assert len(output_lines(run(app, "classify", str(posts), "--format", "jsonl"))) == 1
    message = error_line(run(app, "classify", str(posts)))
    assert "--format" in message


def test_missing_file(app: typer.Typer, tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    message = error_line(run(app, "classify", str(missing)))
    assert f"file {missing} not found" in message


def test_csv_without_text_column(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text("id,body\n1,hello there\n", encoding="utf-8")
    message = error_line(run(app, "classify", str(posts)))
    assert "no 'text' column" in message
    assert "id, body" in message


def test_malformed_json_line(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        '{"id": 1, "text": "fine"}\n{"id": 2, "text": "broken"\n', encoding="utf-8"
    )
    result = run(app, "classify", str(posts))
    message = error_line(result)
    assert "line 2: invalid JSON" in message


def test_json_line_not_object(app: typer.Typer) -> None:
    message = error_line(run(app, "classify", "-", input='["id", "text"]\n'))
    assert "standard input line 1: expected a JSON object" in message


def test_json_line_missing_text(app: typer.Typer) -> None:
    message = error_line(run(app, "classify", "-", input='{"id": 1, "body": "x"}\n'))
    assert "line 1: missing text" in message


def test_invalid_utf8_line(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(b'{"id": 1, "text": "fine"}\n{"id": 2, "text": "caf\xe9"}\n')
    message = error_line(run(app, "classify", str(posts)))
    assert "line 2: invalid UTF-8" in message


def test_invalid_utf8_in_csv(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_bytes(b"id,text\n1,fine\n2,na\xefve\n")
    message = error_line(run(app, "classify", str(posts)))
    assert "line 3: invalid UTF-8" in message


def test_utf8_bom_is_accepted(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_bytes("\ufeffid,text\n1,Great product\n".encode())
    [line] = output_lines(run(app, "classify", str(posts)))
    assert line["id"] == "1"


def test_csv_quote_left_open(app: typer.Typer, tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text('id,text\n1,"never closed\n2,ok\n', encoding="utf-8")
    message = error_line(run(app, "classify", str(posts)))
    assert f"{posts} line 2: invalid CSV (unexpected end of data)" in message


def test_too_long_text(app: typer.Typer) -> None:
    line = json.dumps({"id": "big", "text": "a" * 100_001})
    message = error_line(run(app, "classify", "-", input=line))
    assert "line 1: text is 100,001 characters; the maximum is 100,000" in message
