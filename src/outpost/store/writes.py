"""Bulk writes that both SQLite and PostgreSQL run idempotently."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from outpost.store.models import Base


def insert_new_rows(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    conflict_columns: list[str],
    returning: Sequence[str],
) -> list[Row[Any]]:
    """Insert ``rows``, skipping any that collide on ``conflict_columns``.

    Returns the ``returning`` columns of the rows actually inserted, so a caller
    learns which rows are new without a second query.
    """
    if not rows:
        return []
    table: Any = model.__table__
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).on_conflict_do_nothing(index_elements=conflict_columns)
    statement = statement.returning(*(table.c[name] for name in returning))
    return list(session.execute(statement, list(rows)))


def insert_ignoring_duplicates(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    conflict_columns: list[str],
) -> int:
    """Insert ``rows``, skipping any that collide, and return how many were new."""
    new = insert_new_rows(session, model, rows, conflict_columns, conflict_columns[:1])
    return len(new)
