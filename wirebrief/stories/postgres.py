"""The PostgreSQL story store: the same SQL as SQLite (`store.SQLStore`), for deployments with several API workers
and ingest processes, on one machine or many, against one database.

Connections come from a psycopg 3 pool (one per process). Outside transactions they run in autocommit mode.

Concurrency: every write transaction first takes one transaction-level advisory lock (`pg_advisory_xact_lock`), so
writers of one store take turns, as they do in SQLite. We lock rather than retry serializable transactions because a
writer's work is not only SQL: placing a batch changes the process's in-memory clustering index, which a retry
would have to undo, and placement reads the stories that every concurrent batch is about to change, so serializable
transactions would mostly fail and retry anyway. Under the lock, a writer sees every earlier commit (READ
COMMITTED), reloads its index when another process has written (the `generation` meta value), and can neither lose
an article, put one article in two stories, nor create a story twice; readers never wait for it. Brief updates take
the lock too, so no two transactions ever lock stories rows in different orders: no deadlocks.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputError
from .store import SQLStore, postgres_sql, redact

# the advisory lock key that every wirebrief writer of a database takes (any 64-bit number unlikely to be another
# application's; the database scopes it)
WRITE_LOCK = zlib.crc32(b"wirebrief story store writer")


class PostgresStore(SQLStore):
    def __init__(self, url: str, pool_size: int = 4):
        super().__init__()
        self.location = url
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError:
            raise InputError(
                "a postgresql:// story database needs psycopg: pip install 'wirebrief[postgres]'"
            ) from None
        self._errors = (psycopg.Error,)
        self.pool = ConnectionPool(
            url, min_size=1, max_size=max(1, pool_size), open=False, kwargs={"autocommit": True},
            name="wirebrief", timeout=30.0,
        )  # fmt: skip
        try:
            self.pool.open(wait=True, timeout=15.0)
            self._migrate()
        except Exception as error:  # psycopg's errors and the pool's timeout: one line, no traceback
            self.close()
            raise InputError(f"cannot open story database {redact(url)}: {_one_line(error)}") from None

    def _sql(self, statement: str) -> str:
        return postgres_sql(statement)

    @contextmanager
    def _borrow(self) -> Iterator:
        with self.pool.connection() as connection:
            yield connection

    def _begin(self, connection) -> None:
        connection.execute("BEGIN")
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def _migrate(self) -> None:
        # CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator in PostgreSQL: create under the lock
        with self.transaction():
            self._run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at REAL NOT NULL)")
        super()._migrate()

    def close(self) -> None:
        self.pool.close()


def _one_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return re.sub(r"\s+", " ", text.splitlines()[0] if "\n" in text else text)
