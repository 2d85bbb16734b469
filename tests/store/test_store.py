"""The store on SQLite and PostgreSQL: migrations, uniqueness, all-or-nothing writes."""

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from outpost.store import open_store
from outpost.store.models import Base, Post, Source

TABLES = {
    "entity",
    "relation",
    "company",
    "contact",
    "social_identity",
    "team_member",
    "source",
    "post",
    "watch_query",
    "mention",
    "post_entity",
    "triage_label",
    "signal",
    "watch_query_version",
    "triage_class",
    "triage_correction",
    "triage_model",
}


def test_migrations_create_every_table(database_url: str) -> None:
    store = open_store(database_url)
    tables = set(inspect(store.engine).get_table_names())
    store.dispose()
    assert tables >= TABLES
    assert "alembic_version" in tables


def test_migrations_match_models(database_url: str) -> None:
    store = open_store(database_url)
    inspector = inspect(store.engine)
    for table in Base.metadata.sorted_tables:
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        assert columns == set(table.columns.keys()), table.name
    store.dispose()


def test_open_twice_is_harmless(database_url: str) -> None:
    open_store(database_url).dispose()
    store = open_store(database_url)
    with store.transaction() as session:
        assert session.scalars(select(Source)).all() == []
    store.dispose()


def test_post_unique_per_source(database_url: str) -> None:
    store = open_store(database_url)
    with store.transaction() as session:
        source = Source(name="twitter", platform="twitter")
        session.add(source)
        session.flush()
        session.add(Post(source_id=source.id, external_id="1", text="first"))
    with pytest.raises(IntegrityError), store.transaction() as session:
        session.add(Post(source_id=source.id, external_id="1", text="again"))
    with store.transaction() as session:
        texts = session.scalars(select(Post.text)).all()
    store.dispose()
    assert texts == ["first"]


def test_failed_transaction_writes_nothing(database_url: str) -> None:
    store = open_store(database_url)
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.add(Source(name="half", platform="x"))
        session.flush()
        raise RuntimeError("interrupted")
    with store.transaction() as session:
        assert session.scalars(select(Source)).all() == []
    store.dispose()
