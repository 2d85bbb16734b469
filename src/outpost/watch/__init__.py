"""Stored watch queries: create, edit with versions, remove, backfill."""
