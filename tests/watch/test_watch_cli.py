"""``outpost watch``: add, edit with versions, remove, backfill and test queries."""

from pathlib import Path

from conftest import Cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def load_small(cli: Cli, *, process: bool = True) -> None:
    cli.json("workspace", "load", str(FIXTURES / "small_workspace.toml"))
    options = [] if process else ["--no-process"]
    cli.json(
        "ingest", str(FIXTURES / "small_posts.jsonl"), "--format", "jsonl", *options
    )


def by_name(cli: Cli) -> dict[str, dict]:
    return {row["name"]: row for row in cli.json("watch", "list")}


def test_add_then_list(any_cli: Cli) -> None:
    result = any_cli.json("watch", "add", "leaks", "leak* OR drip*")
    assert result == {"name": "leaks", "outcome": "created", "version": 1}
    row = by_name(any_cli)["leaks"]
    assert row["query"] == "leak* OR drip*"
    assert row["version"] == 1


def test_edit_keeps_versions(any_cli: Cli) -> None:
    any_cli.json("watch", "add", "leaks", "leak*")
    edited = any_cli.json("watch", "add", "leaks", "leak* OR drip*")
    same = any_cli.json("watch", "add", "leaks", "leak* OR drip*")
    assert edited["outcome"] == "updated"
    assert edited["version"] == 2
    assert same["outcome"] == "unchanged"
    versions = any_cli.json("watch", "versions", "leaks")
    assert [v["query"] for v in versions] == ["leak*", "leak* OR drip*"]


def test_remove_stops_listening(any_cli: Cli) -> None:
    load_small(any_cli)
    any_cli.json("watch", "remove", "brand")
    assert "brand" not in by_name(any_cli)
    assert any_cli.json("stats")["mentions"] == 4


def test_remove_unknown_query(cli: Cli) -> None:
    result = cli("watch", "remove", "nope")
    assert result.exit_code == 1
    assert "watch query 'nope' not found" in result.stderr


def test_backfill_new_query(any_cli: Cli) -> None:
    load_small(any_cli)
    any_cli.json("watch", "add", "leaks", "leak*")
    result = any_cli.json("watch", "backfill", "leaks")
    assert result["scanned"] == 6
    assert result["new_mentions"] == 1
    again = any_cli.json("watch", "backfill", "leaks")
    assert again["new_mentions"] == 0
    assert by_name(any_cli)["leaks"]["mentions"] == 1


def test_backfill_since_date(cli: Cli) -> None:
    load_small(cli)
    cli.json("watch", "add", "harbor", "harbor*")
    result = cli.json("watch", "backfill", "harbor", "--since", "2026-11-22")
    assert result["scanned"] == 2


def test_backfill_invalid_since(cli: Cli) -> None:
    load_small(cli)
    result = cli("watch", "backfill", "brand", "--since", "last tuesday")
    assert result.exit_code == 1
    assert "invalid --since 'last tuesday'" in result.stderr


def test_add_malformed_query_shows_caret(cli: Cli) -> None:
    result = cli("watch", "add", "bad", "acme AND (widget OR gizmo")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: invalid query: ")
    assert "column 10" in lines[0]
    assert lines[1] == "acme AND (widget OR gizmo"
    assert lines[2].index("^") == 9
    assert by_name(cli) == {}


def test_add_unknown_entity(cli: Cli) -> None:
    result = cli("watch", "add", "x", "acme", "--entity", "ghost")
    assert result.exit_code == 1
    assert "entity 'ghost' not found" in result.stderr


def test_watch_test_spans(cli: Cli) -> None:
    result = cli.json("watch", "test", "@acme OR widget*", "Thanks @Acme, widgets work")
    assert result == {"matched": True, "spans": [[7, 12], [14, 21]]}


def test_watch_test_no_match(cli: Cli) -> None:
    result = cli.json("watch", "test", "#acme", "acme is great")
    assert result == {"matched": False, "spans": []}


def test_spacing_change_is_unchanged(cli: Cli) -> None:
    cli.json("watch", "add", "leaks", "leak* NEAR/3 gasket*")
    again = cli.json("watch", "add", "leaks", "leak*   NEAR/3  gasket*")
    assert again["outcome"] == "unchanged"
    assert again["version"] == 1


def test_versions_shows_route(cli: Cli) -> None:
    load_small(cli)
    cli.json("watch", "add", "leaks", "leak*")
    cli.json("watch", "add", "leaks", "leak*", "--route", "gaskets")
    result = cli("watch", "versions", "leaks")
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("v1 ")
    assert lines[1].endswith("(route gaskets)")


def test_backfill_since_with_offset(any_cli: Cli) -> None:
    load_small(any_cli)
    any_cli.json("watch", "add", "harbor", "harbor*")
    # 2026-11-22T05:00:00+05:00 is 2026-11-22T00:00:00 UTC.
    result = any_cli.json(
        "watch", "backfill", "harbor", "--since", "2026-11-22T05:00:00+05:00"
    )
    assert result["scanned"] == 2
