"""Fixtures shared by the whole suite: databases, the public data sets, the CLI."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner, Result

from outpost.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples"
IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, reason: str) -> None:
    """Skip the test when ``condition`` is false, or fail it in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture
def shared_data() -> Path:
    """The folder of public data sets, which tests read and never copy."""
    require(SHARED_DATA.is_dir(), f"public data sets not found at {SHARED_DATA}")
    return SHARED_DATA


def _postgres_schema_url(base_url: str) -> Iterator[str]:
    plain = base_url.replace("postgresql+psycopg://", "postgresql://")
    schema = f"outpost_test_{uuid.uuid4().hex[:12]}"
    try:
        connection = psycopg.connect(plain, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as error:
        require(False, f"PostgreSQL at {base_url} cannot be reached: {error}")
        raise
    with connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each engine: a SQLite file, a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'outpost.db'}"
        return
    base_url = os.environ.get("OUTPOST_TEST_DATABASE_URL")
    require(bool(base_url), "OUTPOST_TEST_DATABASE_URL is not set")
    assert base_url is not None
    yield from _postgres_schema_url(base_url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'outpost.db'}"


class Cli:
    """Runs ``outpost`` commands in-process against one database."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            app, ["--db", self.database_url, *args], input=input, catch_exceptions=False
        )

    def json(self, *args: str, input: str | None = None) -> Any:
        import json

        result = self(*args, "--json", input=input)
        assert result.exit_code == 0, result.output + (result.stderr or "")
        return json.loads(result.stdout)


@pytest.fixture
def cli(sqlite_url: str) -> Cli:
    """The command line on a fresh SQLite database."""
    return Cli(sqlite_url)


@pytest.fixture
def any_cli(database_url: str) -> Cli:
    """The command line on a fresh database of each engine."""
    return Cli(database_url)
