"""The store: SQLAlchemy models, sessions and Alembic migrations."""

from outpost.store.session import Store, open_store

__all__ = ["Store", "open_store"]
