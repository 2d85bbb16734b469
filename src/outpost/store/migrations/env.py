"""Alembic environment: runs migrations on the connection that ``open_store`` passes."""

from alembic import context
from sqlalchemy import Connection

from outpost.store.models import Base

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through outpost.store.open_store, not alembic")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
