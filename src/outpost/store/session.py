"""Open a store: connect, apply migrations, and hand out sessions."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

from outpost.errors import StoreError

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Store:
    """A migrated database and a factory of sessions on it."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session whose work is committed at the end, or rolled back whole."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Connect to the database at ``url`` and bring its schema up to date.

    Raises ``StoreError`` with the URL (password hidden) when the URL is invalid or
    the server cannot be reached.
    """
    engine = _create_engine(url)
    try:
        if migrate:
            _upgrade(engine)
        else:
            with engine.connect():
                pass
    except DatabaseError as error:
        engine.dispose()
        if engine.dialect.name == "sqlite" and not isinstance(error, OperationalError):
            raise StoreError(
                f"{engine.url.database} is not a SQLite database; choose another "
                "file with --db sqlite:///FILE"
            ) from None
        shown = make_url(url).render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StoreError(
            f"cannot connect to database {shown}: {reason}; check that the server "
            "is running and the URL is right (--db or OUTPOST_DATABASE_URL)"
        ) from None
    return Store(engine, sessionmaker(engine, expire_on_commit=False))


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"invalid database URL {url!r}; use sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST:PORT/DATABASE"
        ) from None
    if parsed.drivername.startswith("sqlite"):
        _check_sqlite_path(parsed.database)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    connect_args: dict[str, Any] = {}
    if parsed.drivername.startswith("postgresql"):
        connect_args["connect_timeout"] = 5
    try:
        return create_engine(parsed, connect_args=connect_args, pool_pre_ping=True)
    except (ModuleNotFoundError, NoSuchModuleError):
        raise StoreError(
            f"unsupported database URL scheme {parsed.drivername!r}; use "
            "sqlite:///FILE or postgresql+psycopg://USER@HOST:PORT/DATABASE"
        ) from None


def _check_sqlite_path(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file::memory"):
        raise StoreError(
            "an in-memory SQLite database keeps nothing after the command ends; "
            "use a file such as --db sqlite:///outpost.db"
        )
    path = Path(database)
    if path.is_dir():
        raise StoreError(
            f"{path} is a folder; give a database file such as {path}/outpost.db"
        )
    if not path.parent.is_dir():
        raise StoreError(
            f"cannot create database {database}: folder {path.parent} does not "
            "exist; create it or choose another path"
        )


def _tune_sqlite(connection: Any, _record: Any) -> None:
    # WAL lets the dashboard read while an import writes; NORMAL sync is safe in WAL.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(engine: Engine) -> None:
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head:
            return
        logger.info("migrating database from %s to %s", current, head)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
