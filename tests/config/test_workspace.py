"""Workspace files: validation with paths, all-or-nothing loading, idempotence."""

from pathlib import Path

import pytest

from conftest import Cli
from outpost.config.workspace import read_workspace
from outpost.errors import WorkspaceError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SMALL = FIXTURES / "small_workspace.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "workspace.toml"
    path.write_text(text, encoding="utf-8")
    return path


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, text.replace(old, new, 1))


def problems_of(path: Path) -> list[str]:
    with pytest.raises(WorkspaceError) as caught:
        read_workspace(path)
    return caught.value.problems


def test_read_workspace_small_fixture() -> None:
    workspace = read_workspace(SMALL)
    assert workspace.company.key == "harbor"
    assert [part.key for part in workspace.parts] == ["g7-gasket", "fx-gasket"]


def test_unknown_reference_names_path(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, 'maker = "flexa"', 'maker = "nobody"')
    assert problems_of(path) == [
        "parts[1].maker: unknown maker 'nobody'; define it first"
    ]


def test_reference_of_wrong_kind(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, 'uses = ["hs-200"]', 'uses = ["flexa"]')
    assert problems_of(path) == [
        "customers[0].uses[0]: 'flexa' is a competitor, expected a part or product"
    ]


def test_malformed_query_names_column(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path,
        "query = 'PolymerCo OR \"Polymer Co\"'",
        "query = '(PolymerCo OR Polymer'",
    )
    (problem,) = problems_of(path)
    assert problem.startswith("queries[1].query: ")
    assert "column 1" in problem


def test_every_error_listed(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace('rep = "dana"', 'rep = "nobody"')
    text = text.replace('entity = "polymerco"', 'entity = "ghost"')
    problems = problems_of(write(tmp_path, text))
    assert "customers[0].rep: unknown team member 'nobody'; add them to [[team]]" in (
        problems
    )
    assert "queries[1].entity: unknown entity 'ghost'; define it first" in problems


def test_unknown_field_and_bad_key(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace('key = "flexa"', 'key = "Flexa Seals"\ncolour = "red"')
    problems = problems_of(write(tmp_path, text))
    assert any(p.startswith("competitors[0].colour: unknown field") for p in problems)
    assert any(
        p.startswith("competitors[0].key: invalid key 'Flexa Seals'") for p in problems
    )


def test_duplicate_key_rejected(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, 'key = "fx-gasket"', 'key = "g7-gasket"')
    problems = problems_of(path)
    assert "parts[1].key: duplicate key 'g7-gasket'; keys must be unique" in problems


def test_invalid_toml(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, "[company\nkey = 1"))
    assert problems[0].startswith("invalid TOML:")


def test_missing_workspace_file(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nope.toml")
    assert problems == [f"file not found: {tmp_path / 'nope.toml'}; check the path"]


def test_load_twice_changes_nothing(any_cli: Cli) -> None:
    first = any_cli.json("workspace", "load", str(SMALL))
    second = any_cli.json("workspace", "load", str(SMALL))
    assert first["created"]["entity"] == 9
    assert first["created"]["watch_query"] == 2
    assert second["created"] == {}
    assert second["updated"] == {}


def test_invalid_workspace_loads_nothing(cli: Cli, tmp_path: Path) -> None:
    path = broken_copy(tmp_path, 'maker = "flexa"', 'maker = "nobody"')
    result = cli("workspace", "load", str(path))
    assert result.exit_code == 1
    assert "parts[1].maker: unknown maker 'nobody'" in result.stderr
    assert "nothing was loaded" in result.stderr
    assert cli.json("watch", "list") == []


def test_load_updates_changed_query(cli: Cli, tmp_path: Path) -> None:
    cli.json("workspace", "load", str(SMALL))
    path = broken_copy(tmp_path, "PolymerCo OR", "PolymerCo OR Polymerco OR")
    summary = cli.json("workspace", "load", str(path))
    assert summary["updated"] == {"watch_query": 1}


def test_second_company_rejected(cli: Cli) -> None:
    cli.json("workspace", "load", str(SMALL))
    airline = Path(__file__).resolve().parents[2] / "examples" / "airline"
    result = cli("workspace", "load", str(airline / "workspace.toml"))
    assert result.exit_code == 1
    assert "already contains the workspace of Harbor Fluid Systems" in result.stderr
    assert "--db" in result.stderr
