"""Opening the story store a location names: SQLite (store.py) or PostgreSQL (postgres.py, psycopg imported only when
a postgresql:// store is opened)."""

from __future__ import annotations

import os

from .postgres import PostgresStore
from .store import SQLiteStore, SQLStore, names_postgres, resolve_location


def open_store(db: str | os.PathLike | None = None, *, pool_size: int = 4) -> SQLStore:
    """Open (creating and migrating as needed) the store that `resolve_location(db)` names. `pool_size`: at
    most this many PostgreSQL connections (SQLite opens one per concurrent thread)."""
    location = resolve_location(db)
    if names_postgres(location):
        return PostgresStore(location, pool_size=pool_size)
    return SQLiteStore(location)
