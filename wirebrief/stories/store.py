"""The story store: every read and write of stored articles, stories and clustering state goes through here.

The interface is small on purpose (see `Store`): the ingest and clustering code never writes SQL. One class of SQL
(`SQLStore`) serves both engines; `SQLiteStore` (the embedded default: one file, WAL mode, so readers work while an
ingest writes) and `PostgresStore` (wirebrief/stories/postgres.py: several processes and machines) differ only in
how they connect, lock and spell a few types. Every write happens inside `with store.transaction(): ...`, which
admits one writer at a time per store (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-level advisory lock), and
the schema is migrated by the same versioned list (`MIGRATIONS`, recorded in `schema_version`) on both engines.

Where the store is — a SQLite path or a postgresql:// URL — is decided by `resolve_location` alone.
"""

from __future__ import annotations

import json
import os
import queue
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError, UsageError

# Each migration takes the schema from version i to i+1. Append; never edit a released one. Write them in SQLite's
# spelling with INTEGER / REAL / BLOB column types: `postgres_sql` turns them into PostgreSQL's (BIGINT, DOUBLE
# PRECISION, BYTEA), so one list serves both engines.
MIGRATIONS: list[str] = [
    # 1: articles, stories, document frequencies, key/value state
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,          -- ingest order
        id TEXT NOT NULL UNIQUE,
        story_id TEXT NOT NULL,
        duplicate_of TEXT,                -- id of the stored article this one repeats (exact or near copy)
        content_hash TEXT NOT NULL,
        simhash INTEGER NOT NULL,
        outlet TEXT, title TEXT, published TEXT, url TEXT, path TEXT,
        seen_ts REAL NOT NULL,            -- published time when known, else ingest time (Unix seconds)
        added_at REAL NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX articles_story ON articles(story_id, seq);
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        merged_into TEXT,                 -- set when this story turned out to be part of another
        headline TEXT,
        size INTEGER NOT NULL DEFAULT 0,  -- articles that are not duplicates
        n_articles INTEGER NOT NULL DEFAULT 0,
        first_ts REAL, last_ts REAL,      -- seen_ts range of its articles
        last_seq INTEGER NOT NULL,        -- ingest order of its latest article: the active-story window
        dated INTEGER NOT NULL DEFAULT 0, -- 1 when its time range comes from publication dates
        pub_first REAL, pub_last REAL,    -- publication time range, when known
        centroid BLOB,                    -- clustering state: top terms (int32) and weights (float32)
        recent BLOB,                      -- (seq, simhash) of its latest articles (int64 pairs), for near-duplicates
        brief TEXT,                       -- JSON list of brief sentences
        brief_at REAL,
        brief_stale INTEGER NOT NULL DEFAULT 1,
        updated_at REAL NOT NULL
    );
    CREATE INDEX stories_active ON stories(merged_into, last_seq);
    CREATE INDEX stories_last ON stories(merged_into, last_ts);
    CREATE INDEX stories_stale ON stories(brief_stale) WHERE brief_stale = 1;
    CREATE TABLE df (term INTEGER PRIMARY KEY, df INTEGER NOT NULL);
    """,
    # 2: each clustered article's top terms (int32) and sublinear tf (float32), for article-to-article links
    """
    ALTER TABLE articles ADD COLUMN vector BLOB;
    """,
    # 3: followed feeds and fetched pages (wirebrief.fetch), so that a restarted watcher resumes where it stopped
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,             -- normalised feed URL
        title TEXT,
        etag TEXT, last_modified TEXT,    -- validators of the last 200 response, for conditional GET
        added_at REAL NOT NULL,
        last_fetch REAL,                  -- last poll, successful or not
        last_ok REAL,                     -- last poll answered 200 or 304
        last_status TEXT,                 -- what the last poll found, or why it failed
        failures INTEGER NOT NULL DEFAULT 0,  -- consecutive failed polls: the back-off grows with it
        items INTEGER NOT NULL DEFAULT 0,     -- pages stored from this feed
        next_due REAL NOT NULL
    );
    CREATE INDEX feeds_due ON feeds(next_due);
    CREATE TABLE fetched (
        url TEXT PRIMARY KEY,             -- normalised page URL (tracking parameters removed)
        feed_url TEXT,                    -- the feed that listed it, if any
        article_id TEXT,                  -- the stored article, when one was stored
        status TEXT NOT NULL,             -- 'stored', 'failed' (may be retried) or 'skipped' (never retried)
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        fetched_at REAL NOT NULL
    );
    """,
    # 4: ingest times kept apart from publication times. A story's first_ts/last_ts become its publication range
    # when any of its articles is dated, else its ingest range; added_first/added_last are always its ingest range
    """
    ALTER TABLE stories ADD COLUMN added_first REAL;
    ALTER TABLE stories ADD COLUMN added_last REAL;
    UPDATE stories SET added_first = (SELECT MIN(added_at) FROM articles WHERE articles.story_id = stories.id),
                       added_last = (SELECT MAX(added_at) FROM articles WHERE articles.story_id = stories.id);
    UPDATE stories SET first_ts = pub_first, last_ts = pub_last WHERE pub_first IS NOT NULL;
    UPDATE stories SET first_ts = added_first, last_ts = added_last WHERE pub_first IS NULL AND added_first IS NOT NULL;
    """,
    # 5: two levels. A row of `stories` is now an event (the reports of one development); a storyline (events about
    # one subject over time) is a row of `storylines` with the same clustering state, and each event names its
    # storyline. A storyline's id is the id of the event that started it. Stories of an older store become one
    # storyline each. Articles keep where their outlet name came from (`outlet_from`: an input name is no outlet).
    """
    ALTER TABLE stories ADD COLUMN storyline_id TEXT;
    CREATE TABLE storylines (
        id TEXT PRIMARY KEY,
        merged_into TEXT,
        headline TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        n_articles INTEGER NOT NULL DEFAULT 0,
        first_ts REAL, last_ts REAL,
        last_seq INTEGER NOT NULL,
        dated INTEGER NOT NULL DEFAULT 0,
        pub_first REAL, pub_last REAL,
        centroid BLOB,                    -- its core: the first reports' top terms and weights
        recent BLOB,
        added_first REAL, added_last REAL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX storylines_active ON storylines(merged_into, last_seq);
    CREATE INDEX storylines_last ON storylines(merged_into, last_ts);
    INSERT INTO storylines (id, headline, size, n_articles, first_ts, last_ts, last_seq, dated, pub_first, pub_last,
                            centroid, recent, added_first, added_last, updated_at)
        SELECT id, headline, size, n_articles, first_ts, last_ts, last_seq, dated, pub_first, pub_last, centroid,
               recent, added_first, added_last, updated_at FROM stories WHERE merged_into IS NULL;
    UPDATE stories SET storyline_id = COALESCE(merged_into, id);
    CREATE INDEX stories_storyline ON stories(storyline_id, last_ts);
    ALTER TABLE articles ADD COLUMN outlet_from TEXT;
    UPDATE articles SET outlet_from = 'input name' WHERE outlet IS NULL OR outlet = id OR outlet = path;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

ARTICLE_COLUMNS = (
    "seq", "id", "story_id", "duplicate_of", "content_hash", "simhash", "outlet", "title", "published", "url",
    "path", "seen_ts", "added_at", "text", "vector", "outlet_from",
)  # fmt: skip
LINE_STATE_COLUMNS = (
    "id", "size", "n_articles", "first_ts", "last_ts", "last_seq", "dated", "pub_first", "pub_last", "centroid",
    "recent", "headline", "added_first", "added_last",
)  # fmt: skip
STORY_STATE_COLUMNS = LINE_STATE_COLUMNS + ("storyline_id",)
STATE_COLUMNS = {"stories": STORY_STATE_COLUMNS, "storylines": LINE_STATE_COLUMNS}  # events, storylines


@dataclass
class ArticleRow:
    seq: int
    id: str
    story_id: str
    duplicate_of: str | None
    content_hash: str
    simhash: int
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    path: str | None
    seen_ts: float
    added_at: float
    text: str
    vector: bytes | None = None  # top terms and tf of a clustered (non-duplicate) article; see index.ArticleVector
    outlet_from: str | None = None  # where `outlet` came from (model.Article.outlet_from); 'input name': no outlet


@dataclass
class FeedRow:
    """A followed feed's polling state (see migration 3)."""

    url: str
    added_at: float
    next_due: float
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: float | None = None
    last_ok: float | None = None
    last_status: str | None = None
    failures: int = 0
    items: int = 0


FEED_COLUMNS = (
    "url", "added_at", "next_due", "title", "etag", "last_modified", "last_fetch", "last_ok", "last_status",
    "failures", "items",
)  # fmt: skip


@dataclass
class FetchedRow:
    """One page fetched for the store: stored, failed (retried up to a limit) or skipped for good."""

    url: str
    status: str
    feed_url: str | None = None
    article_id: str | None = None
    reason: str | None = None
    attempts: int = 1
    fetched_at: float = 0.0


class FeedStateStore(Protocol):
    """What the feed watcher (wirebrief.fetch) needs from a store, besides ingesting through `Store`."""

    def transaction(self) -> Any: ...
    def add_feed(self, url: str, now: float) -> bool: ...
    def list_feeds(self, urls: Iterable[str] | None = None) -> list[FeedRow]: ...
    def due_feeds(self, now: float) -> list[FeedRow]: ...
    def save_feed(self, feed: FeedRow) -> None: ...
    def fetched_pages(self, urls: Iterable[str]) -> dict[str, FetchedRow]: ...
    def save_fetched(self, rows: list[FetchedRow]) -> None: ...


class Store(Protocol):
    """What the ingest, clustering and listing code needs from a store. Safe to share between threads: reads
    borrow a connection, a transaction keeps one for its thread."""

    location: str

    def transaction(self) -> Any: ...
    def get_meta(self, key: str, default: str | None = None) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def next_seq(self) -> int: ...
    def existing_ids(self, ids: Iterable[str]) -> dict[str, str]: ...
    def ids_with_hashes(self, hashes: Iterable[str]) -> dict[str, tuple[str, str]]: ...
    def articles_by_seq(self, seqs: Iterable[int]) -> list[ArticleRow]: ...
    def insert_articles(self, rows: list[ArticleRow]) -> None: ...
    def load_df(self) -> list[tuple[int, int]]: ...
    def add_df(self, counts: dict[int, int]) -> None: ...
    def load_active_stories(self, limit: int, table: str = "stories") -> list[dict]: ...
    def load_story(self, story_id: str, table: str = "stories") -> dict | None: ...
    def load_recent_vectors(self, limit: int) -> list[tuple[int, str, bytes, float | None]]: ...
    def save_stories(self, states: list[dict], table: str = "stories") -> None: ...
    def merge_story(self, source: str, target: str) -> None: ...
    def resolve_story(self, story_id: str) -> str | None: ...
    def story_articles(self, story_id: str, duplicates: bool = True, limit: int | None = None) -> list[ArticleRow]: ...
    def set_brief(self, story_id: str, sentences: list[dict], headline: str | None, made_at: float) -> None: ...
    def stale_stories(self, limit: int | None = None) -> list[str]: ...
    def list_storylines(self, since_ts: float | None, limit: int | None, offset: int = 0, query: str | None = None,
                        *, until_ts: float | None = None, outlet: str | None = None,
                        after: tuple[float, int] | None = None) -> list[dict]: ...
    def list_storylines_by_id(self, ids: list[str]) -> list[dict]: ...
    def storyline_events(self, line_ids: list[str], newest: int | None = None) -> list[dict]: ...
    def event_articles(self, event_ids: list[str]) -> list[tuple]: ...
    def set_storyline_headline(self, line_id: str, headline: str) -> None: ...
    def merge_storyline(self, source: str, target: str) -> None: ...
    def resolve_storyline(self, some_id: str) -> str | None: ...
    def counts(self) -> dict[str, int]: ...
    def close(self) -> None: ...




def postgres_sql(statement: str) -> str:
    """A migration or query in SQLite's spelling, in PostgreSQL's: column types, and %s for ? placeholders."""
    statement = re.sub(r"\bINTEGER\b", "BIGINT", statement)
    statement = re.sub(r"\bREAL\b", "DOUBLE PRECISION", statement)
    statement = re.sub(r"\bBLOB\b", "BYTEA", statement)
    return statement.replace("?", "%s")


class SQLStore:
    """The queries of `Store`, written once in SQL that both engines run. Subclasses provide connections
    (`_borrow`, `_begin`, `_end`) and may translate statements (`_sql`)."""

    location: str

    def __init__(self) -> None:
        self._local = threading.local()  # .connection: the connection of this thread's open transaction

    # --- engine hooks ---------------------------------------------------------------------------------------
    def _sql(self, statement: str) -> str:
        return statement

    @contextmanager
    def _borrow(self) -> Iterator[Any]:
        """A connection for statements outside a transaction (autocommit)."""
        raise NotImplementedError

    def _begin(self, connection) -> None:
        raise NotImplementedError

    # --- plumbing -------------------------------------------------------------------------------------------
    @contextmanager
    def _connection(self) -> Iterator[Any]:
        pinned = getattr(self._local, "connection", None)
        if pinned is not None:
            yield pinned
        else:
            with self._borrow() as connection:
                yield connection

    def _rows(self, statement: str, params: Iterable = ()) -> list[tuple]:
        with self._connection() as connection:
            return list(connection.execute(self._sql(statement), tuple(params)).fetchall())

    def _one(self, statement: str, params: Iterable = ()) -> tuple | None:
        rows = self._rows(statement, params)
        return rows[0] if rows else None

    def _run(self, statement: str, params: Iterable = ()) -> int:
        """Execute one statement; the number of rows it changed."""
        with self._connection() as connection:
            return connection.execute(self._sql(statement), tuple(params)).rowcount

    def _run_many(self, statement: str, rows: Iterable[tuple]) -> None:
        rows = list(rows)
        if rows:
            with self._connection() as connection:
                connection.cursor().executemany(self._sql(statement), rows)

    def _in_chunks(self, statement: str, values: list, size: int = 500) -> list[tuple]:
        rows: list[tuple] = []
        for start in range(0, len(values), size):
            chunk = values[start : start + size]
            rows += self._rows(statement.format(",".join("?" * len(chunk))), chunk)
        return rows

    @contextmanager
    def transaction(self):
        """One write transaction, the only writer of the store while it lasts; nested uses join the outer one."""
        if getattr(self._local, "connection", None) is not None:
            yield self
            return
        with self._borrow() as connection:
            self._begin(connection)
            self._local.connection = connection
            try:
                yield self
                connection.execute("COMMIT")
            except BaseException:
                try:
                    connection.execute("ROLLBACK")
                except Exception:  # the engine may have ended the transaction itself (a full disk does):
                    pass  # the error to tell is the first one
                raise
            finally:
                self._local.connection = None

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION, one migration per transaction (another process may race us)."""
        self._run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at REAL NOT NULL)")
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise InputError(
                f"story database {self.location} has schema version {current}, newer than this wirebrief "
                f"({SCHEMA_VERSION}); upgrade wirebrief"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                if self.schema_version < version:
                    for statement in MIGRATIONS[version - 1].split(";"):
                        if statement.strip():
                            self._run(statement)
                    self._run("INSERT INTO schema_version VALUES (?, ?)", (version, time.time()))

    @property
    def schema_version(self) -> int:
        row = self._one("SELECT MAX(version) FROM schema_version")
        return int(row[0] or 0) if row else 0

    # --- state ----------------------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self._run("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def next_seq(self) -> int:
        return int(self._one("SELECT MAX(seq) FROM articles")[0] or 0) + 1

    def load_df(self) -> list[tuple[int, int]]:
        return self._rows("SELECT term, df FROM df")

    def add_df(self, counts: dict[int, int]) -> None:
        self._run_many(
            "INSERT INTO df VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df.df + excluded.df",
            sorted(counts.items()),  # one order for every writer
        )

    # --- articles -------------------------------------------------------------------------------------------
    def existing_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """id -> content hash of the given ids that are stored."""
        return dict(self._in_chunks("SELECT id, content_hash FROM articles WHERE id IN ({})", list(ids)))

    def ids_with_hashes(self, hashes: Iterable[str]) -> dict[str, tuple[str, str]]:
        """content hash -> (id, story id) of the first stored article with it (its original, not a copy)."""
        rows = self._in_chunks(
            "SELECT content_hash, COALESCE(duplicate_of, id), story_id FROM articles WHERE content_hash IN ({}) "
            "ORDER BY seq DESC",
            list(hashes),
        )
        return {h: (i, s) for h, i, s in rows}  # later rows win: DESC order leaves the first-stored one

    def articles_by_seq(self, seqs: Iterable[int]) -> list[ArticleRow]:
        cols = ", ".join(ARTICLE_COLUMNS)
        return [ArticleRow(*r) for r in self._in_chunks(f"SELECT {cols} FROM articles WHERE seq IN ({{}})", list(seqs))]

    def insert_articles(self, rows: list[ArticleRow]) -> None:
        cols = ", ".join(ARTICLE_COLUMNS)
        marks = ", ".join("?" * len(ARTICLE_COLUMNS))
        self._run_many(
            f"INSERT INTO articles ({cols}) VALUES ({marks})",
            [tuple(getattr(r, c) for c in ARTICLE_COLUMNS) for r in rows],
        )

    # --- stories (events) and storylines ---------------------------------------------------------------------
    # `table` is "stories" (events) or "storylines": the two levels keep the same clustering state
    def load_active_stories(self, limit: int, table: str = "stories") -> list[dict]:
        cols = STATE_COLUMNS[table]
        rows = self._rows(
            f"SELECT {', '.join(cols)} FROM {table} WHERE merged_into IS NULL ORDER BY last_seq DESC LIMIT ?", (limit,)
        )
        return [dict(zip(cols, row)) for row in rows]

    def load_story(self, story_id: str, table: str = "stories") -> dict | None:
        cols = STATE_COLUMNS[table]
        row = self._one(f"SELECT {', '.join(cols)} FROM {table} WHERE id = ? AND merged_into IS NULL", (story_id,))
        return dict(zip(cols, row)) if row else None

    def load_recent_vectors(self, limit: int) -> list[tuple[int, str, bytes, float | None]]:
        """(seq, story id, vector, publication time or None) of the latest `limit` articles that have a clustering
        vector, newest first."""
        return self._rows(
            "SELECT seq, story_id, vector, CASE WHEN published IS NULL THEN NULL ELSE seen_ts END FROM articles "
            "WHERE vector IS NOT NULL ORDER BY seq DESC LIMIT ?",
            (limit,),
        )

    def save_stories(self, states: list[dict], table: str = "stories") -> None:
        """Insert or update clustering state of stories (or storylines); their briefs become stale."""
        cols = STATE_COLUMNS[table]
        now = time.time()
        updates = ", ".join(f"{c} = excluded.{c}" for c in cols[1:] if c != "headline")
        stale = ", brief_stale = 1" if table == "stories" else ""
        self._run_many(
            f"INSERT INTO {table} ({', '.join(cols)}{', brief_stale' if stale else ''}, updated_at) "
            f"VALUES ({', '.join('?' * len(cols))}{', 1' if stale else ''}, ?) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}, headline = COALESCE({table}.headline, excluded.headline)"
            f"{stale}, updated_at = excluded.updated_at",
            sorted(tuple(s[c] for c in cols) + (now,) for s in states),
        )

    def merge_story(self, source: str, target: str) -> None:
        """Move `source`'s articles to `target`. Stories merged into `source` earlier now point at `target` too,
        so every merged story points straight at a live one and `resolve_story` is one lookup."""
        self._run("UPDATE articles SET story_id = ? WHERE story_id = ?", (target, source))
        self._run("UPDATE stories SET merged_into = ? WHERE merged_into = ?", (target, source))
        self._run(
            "UPDATE stories SET merged_into = ?, centroid = NULL, recent = NULL, brief = NULL WHERE id = ?",
            (target, source),
        )

    def merge_storyline(self, source: str, target: str) -> None:
        """Move `source`'s events to storyline `target` (as `merge_story` moves articles)."""
        self._run("UPDATE stories SET storyline_id = ? WHERE storyline_id = ?", (target, source))
        self._run("UPDATE storylines SET merged_into = ? WHERE merged_into = ?", (target, source))
        self._run("UPDATE storylines SET merged_into = ?, centroid = NULL WHERE id = ?", (target, source))

    def resolve_story(self, story_id: str) -> str | None:
        """The story an id names now (the story it was merged into, if it was), or None."""
        row = self._one("SELECT COALESCE(merged_into, id) FROM stories WHERE id = ?", (story_id,))
        return row[0] if row else None

    def resolve_storyline(self, some_id: str) -> str | None:
        """The live storyline an id names: a storyline's (or one merged into another), or an event's; None."""
        row = self._one("SELECT COALESCE(merged_into, id) FROM storylines WHERE id = ?", (some_id,))
        if row is None:
            event = self.resolve_story(some_id)
            found = self._one("SELECT storyline_id FROM stories WHERE id = ?", (event,)) if event else None
            if found is None or found[0] is None:
                return None
            row = self._one("SELECT COALESCE(merged_into, id) FROM storylines WHERE id = ?", (found[0],))
        return row[0] if row else None

    def story_articles(self, story_id: str, duplicates: bool = True, limit: int | None = None) -> list[ArticleRow]:
        cols = ", ".join(ARTICLE_COLUMNS)
        where = "story_id = ?" + ("" if duplicates else " AND duplicate_of IS NULL")
        statement = f"SELECT {cols} FROM articles WHERE {where} ORDER BY seq DESC"
        params: tuple = (story_id,)
        if limit is not None:
            statement += " LIMIT ?"
            params += (limit,)
        rows = [ArticleRow(*r) for r in self._rows(statement, params)]
        rows.reverse()
        return rows

    def set_brief(self, story_id: str, sentences: list[dict], headline: str | None, made_at: float) -> None:
        self._run(
            "UPDATE stories SET brief = ?, brief_at = ?, brief_stale = 0, headline = COALESCE(?, headline) "
            "WHERE id = ? AND updated_at <= ?",
            (json.dumps(sentences, ensure_ascii=False), made_at, headline, story_id, made_at),
        )

    def stale_stories(self, limit: int | None = None) -> list[str]:
        """Live stories whose brief is out of date (at most `limit`, the most recently changed first)."""
        statement = "SELECT id FROM stories WHERE brief_stale = 1 AND merged_into IS NULL ORDER BY last_seq DESC"
        if limit is not None:
            return [r[0] for r in self._rows(statement + " LIMIT ?", (limit,))]
        return [r[0] for r in self._rows(statement)]

    _LIST_KEYS = ("id", "headline", "first_ts", "last_ts", "brief", "brief_at", "size", "n_articles", "dated",
                  "added_first", "added_last", "last_seq")  # fmt: skip

    # --- storylines, as the river lists them ------------------------------------------------------------------
    _LINE_KEYS = ("id", "headline", "first_ts", "last_ts", "size", "n_articles", "dated", "added_first",
                  "added_last", "last_seq")  # fmt: skip

    def list_storylines(self, since_ts: float | None, limit: int | None, offset: int = 0, query: str | None = None,
                        *, until_ts: float | None = None, outlet: str | None = None,
                        after: tuple[float, int] | None = None) -> list[dict]:  # fmt: skip
        """Live storylines, most recently seen first (by last_ts, then last_seq); `query` keeps those whose headline,
        or one of their events' headline or brief, contains it (any case), `outlet` those with a report from that
        outlet (any case), `since_ts`/`until_ts` those whose time span meets [since_ts, until_ts). `after` is a keyset
        cursor, the (last_ts, last_seq) of the last storyline of the previous page: a page costs the same however
        deep it is, where `offset` walks every skipped row."""
        statement = f"SELECT {', '.join(self._LINE_KEYS)} FROM storylines l WHERE merged_into IS NULL"
        params: list = []
        if since_ts is not None:
            statement += " AND last_ts >= ?"
            params.append(since_ts)
        if until_ts is not None:
            statement += " AND first_ts < ?"
            params.append(until_ts)
        if query:
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", query.lower()) + "%"
            statement += (" AND (LOWER(COALESCE(l.headline, '')) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM stories e "
                          "WHERE e.storyline_id = l.id AND e.merged_into IS NULL AND (LOWER(COALESCE(e.headline, '')) "
                          "LIKE ? ESCAPE '\\' OR LOWER(COALESCE(e.brief, '')) LIKE ? ESCAPE '\\')))")
            params += [pattern] * 3
        if outlet:
            statement += (" AND EXISTS (SELECT 1 FROM stories e JOIN articles a ON a.story_id = e.id "
                          "WHERE e.storyline_id = l.id AND LOWER(a.outlet) = ?)")
            params.append(outlet.lower())
        if after is not None:
            statement += " AND (last_ts < ? OR (last_ts = ? AND last_seq < ?))"
            params += [after[0], after[0], after[1]]
        statement += " ORDER BY last_ts DESC, last_seq DESC"
        if limit is not None or offset:
            statement += " LIMIT ? OFFSET ?"
            params += [limit if limit is not None else 2**62, offset]
        return [dict(zip(self._LINE_KEYS, row)) for row in self._rows(statement, params)]

    def list_storylines_by_id(self, ids: list[str]) -> list[dict]:
        rows = self._in_chunks(f"SELECT {', '.join(self._LINE_KEYS)} FROM storylines WHERE id IN ({{}})", list(ids))
        return [dict(zip(self._LINE_KEYS, row)) for row in rows]

    def storyline_events(self, line_ids: list[str], newest: int | None = None) -> list[dict]:
        """The live events of these storylines (`list_stories` keys plus "storyline_id"), newest first; with
        `newest`, only that many of one storyline's."""
        keys = self._LIST_KEYS + ("storyline_id",)
        # "live" spelled so no index on merged_into can serve it: SQLite otherwise scans every live event through
        # stories_last instead of looking the storylines up in stories_storyline (68 ms a river page at 100k)
        live = "COALESCE(merged_into, '') = ''"
        select = f"SELECT {', '.join(keys)} FROM stories WHERE {live} AND storyline_id "
        if newest is not None and len(line_ids) == 1:
            rows = self._rows(select + "= ? ORDER BY COALESCE(last_ts, 0) DESC, id LIMIT ?", (line_ids[0], newest))
        else:
            rows = self._in_chunks(select + "IN ({})", list(line_ids))
        events = [dict(zip(keys, row)) for row in rows]
        return sorted(events, key=lambda e: (-(e["last_ts"] or 0.0), e["id"]))

    def event_articles(self, event_ids: list[str]) -> list[tuple]:
        """(event id, article id, outlet, duplicate_of, outlet_from) of these events' articles, in ingest order."""
        rows = self._in_chunks(
            "SELECT story_id, id, outlet, duplicate_of, outlet_from, seq FROM articles WHERE story_id IN ({})",
            list(event_ids),
        )
        return [row[:5] for row in sorted(rows, key=lambda r: r[5])]

    def set_storyline_headline(self, line_id: str, headline: str) -> None:
        self._run("UPDATE storylines SET headline = ? WHERE id = ?", (headline, line_id))

    def add_feed(self, url: str, now: float) -> bool:
        """Follow a feed (due at once); False when it is followed already."""
        added = self._run(
            "INSERT INTO feeds (url, added_at, next_due) VALUES (?, ?, ?) ON CONFLICT(url) DO NOTHING", (url, now, now)
        )
        return added == 1

    def list_feeds(self, urls: Iterable[str] | None = None) -> list[FeedRow]:
        cols = ", ".join(FEED_COLUMNS)
        if urls is None:
            rows = self._rows(f"SELECT {cols} FROM feeds ORDER BY url")
        else:
            rows = sorted(self._in_chunks(f"SELECT {cols} FROM feeds WHERE url IN ({{}})", list(urls)))
        return [FeedRow(*row) for row in rows]

    def due_feeds(self, now: float) -> list[FeedRow]:
        cols = ", ".join(FEED_COLUMNS)
        rows = self._rows(f"SELECT {cols} FROM feeds WHERE next_due <= ? ORDER BY next_due, url", (now,))
        return [FeedRow(*row) for row in rows]

    def save_feed(self, feed: FeedRow) -> None:
        cols = ", ".join(FEED_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in FEED_COLUMNS[1:] if c != "added_at")
        self._run(
            f"INSERT INTO feeds ({cols}) VALUES ({', '.join('?' * len(FEED_COLUMNS))}) "
            f"ON CONFLICT(url) DO UPDATE SET {updates}",
            tuple(getattr(feed, c) for c in FEED_COLUMNS),
        )

    _FETCHED = ("url", "status", "feed_url", "article_id", "reason", "attempts", "fetched_at")

    def fetched_pages(self, urls: Iterable[str]) -> dict[str, FetchedRow]:
        """The given (normalised) page URLs that were fetched before, with what came of it."""
        rows = self._in_chunks(f"SELECT {', '.join(self._FETCHED)} FROM fetched WHERE url IN ({{}})", list(urls))
        return {row[0]: FetchedRow(*row) for row in rows}

    def save_fetched(self, rows: list[FetchedRow]) -> None:
        self._run_many(
            f"INSERT INTO fetched ({', '.join(self._FETCHED)}) VALUES ({', '.join('?' * len(self._FETCHED))}) "
            "ON CONFLICT(url) DO UPDATE SET status = excluded.status, feed_url = COALESCE(fetched.feed_url, "
            "excluded.feed_url), article_id = excluded.article_id, reason = excluded.reason, "
            "attempts = fetched.attempts + 1, fetched_at = excluded.fetched_at",
            [tuple(getattr(r, c) for c in self._FETCHED) for r in rows],
        )

    def query(self, statement: str, params: Iterable = ()) -> list[tuple]:
        """Rows of one read-only statement in SQLite's spelling, on either engine (tests, benchmarks, inspection)."""
        return self._rows(statement, params)

    def counts(self) -> dict[str, int]:
        articles = self._one("SELECT COUNT(*), COUNT(duplicate_of) FROM articles")
        stories = self._one("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL")[0]
        lines = self._one("SELECT COUNT(*) FROM storylines WHERE merged_into IS NULL")[0]
        return {"articles": int(articles[0]), "duplicates": int(articles[1]), "stories": int(stories),
                "storylines": int(lines)}  # (stories: events)


SQLITE_HEADER = b"SQLite format 3\x00"
# tables every wirebrief store has (later migrations may add more): a SQLite file with tables but not these is
# another application's
WIREBRIEF_TABLES = frozenset({"schema_version", "articles", "stories"})


def read_only_queries(path: Path) -> tuple[str, ...]:
    """The ways to open a SQLite file for reading only, in order: mode=ro, and where nothing can write the file (a
    read-only file system, file or directory) immutable=1, which needs neither the WAL's -shm file nor a lock."""
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return ("mode=ro",) if writable else ("mode=ro", "immutable=1")


def check_sqlite_file(path: Path) -> None:
    """Refuse, before anything is written, a path that is not a wirebrief store or a new file: a directory, a file
    that is not SQLite, or another application's SQLite database (its own tables; wirebrief would add its tables
    and switch it to WAL)."""
    if path.is_dir():
        raise InputError(f"story database {path} is a directory; give a file path")
    if not path.exists() or path.stat().st_size == 0:
        return
    if not path.is_file():
        raise InputError(f"story database {path} is not a regular file")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise InputError(f"cannot read story database {path}: {error.strerror or error}") from None
    if header != SQLITE_HEADER:
        raise InputError(f"{path} is not a SQLite database; give a new file or a wirebrief story database")
    for query in read_only_queries(path):
        try:
            probe = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, timeout=30.0)
            try:
                tables = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                probe.close()
            break
        except sqlite3.OperationalError as error:  # mode=ro cannot read a WAL file it may not add an -shm file to
            problem = error
        except sqlite3.DatabaseError as error:
            raise InputError(f"cannot open story database {path}: {error}") from None
    else:
        raise InputError(f"cannot open story database {path}: {problem}")
    tables = {t for t in tables if not t.startswith("sqlite_")}
    if tables - {"schema_version"} and not WIREBRIEF_TABLES <= tables:  # (schema_version alone: our first open)
        shown = sorted(tables)
        raise InputError(
            f"{path} is another application's SQLite database (tables: {', '.join(shown[:5])}"
            f"{', …' if len(shown) > 5 else ''}); give wirebrief a file of its own"
        )


class SQLiteStore(SQLStore):
    """One SQLite file in WAL mode. Connections are pooled per store: a transaction keeps one for its thread,
    reads borrow any free one, so threads of one server share the store."""

    def __init__(self, path: str | Path):
        super().__init__()
        self.path = Path(path)
        self.location = str(self.path)
        self._free: queue.SimpleQueue = queue.SimpleQueue()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._uri: str | None = None  # file: URI of a store that can only be read
        check_sqlite_file(self.path)
        try:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self._borrow() as connection:
                    connection.execute("PRAGMA journal_mode=WAL")  # stays set in the file
                self._migrate()
            except sqlite3.OperationalError:
                if not self._open_read_only():
                    raise
        except sqlite3.DatabaseError as error:
            self.close()
            raise InputError(f"cannot open story database {self.path}: {error}") from None
        except OSError as error:
            self.close()
            raise InputError(f"cannot create story database {self.path}: {error.strerror or error}") from None

    def _open_read_only(self) -> bool:
        """Whether a store that cannot be written (a read-only file system, file or directory) opened for reading:
        `stories` and `story` work, a write is one error. mode=ro needs the WAL's -shm file or a writable directory;
        without them the file is read as immutable, which is what a read-only file system makes it."""
        queries = read_only_queries(self.path)
        if len(queries) == 1 or not self.path.is_file():  # writable: the error was another one
            return False
        for query in queries:
            self.close()
            self._uri = f"{self.path.resolve().as_uri()}?{query}"
            try:
                version = self.schema_version
            except sqlite3.OperationalError:
                continue
            if version != SCHEMA_VERSION:
                raise InputError(f"story database {self.path} is read-only and has schema version {version}; this "
                                 f"wirebrief reads version {SCHEMA_VERSION} (open it once where it can be written)")
            return True
        return False

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) in transaction()
        connection = sqlite3.connect(self._uri or str(self.path), uri=self._uri is not None, timeout=30.0,
                                     isolation_level=None, check_same_thread=False)
        with self._lock:  # closed by close() even when the file turns out unreadable below
            self._all.append(connection)
        connection.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at each commit except on power loss
        connection.execute("PRAGMA busy_timeout=30000")
        return connection

    @contextmanager
    def _borrow(self) -> Iterator[sqlite3.Connection]:
        try:
            connection = self._free.get_nowait()
        except queue.Empty:
            connection = self._connect()
        try:
            yield connection
        finally:
            self._free.put(connection)

    def _begin(self, connection) -> None:
        connection.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write: no upgrade deadlock

    @property
    def db(self) -> sqlite3.Connection:
        """A connection for inspection (tests, benchmarks): this thread's transaction's, else a free one."""
        with self._connection() as connection:
            return connection

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
            self._free = queue.SimpleQueue()
        for connection in connections:
            connection.close()


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
POSTGRES_SCHEMES = ("postgresql", "postgres")


def default_location() -> str:
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("wirebrief")) / "stories.db")


def resolve_location(db: str | os.PathLike | None = None) -> str:
    """Where the story store is: `db` if given, else $WIREBRIEF_DB, else stories.db in the user's data directory.

    The answer is a postgresql:// URL or a SQLite file path. Any other URL (or a URL whose // was lost, as a shell
    path would lose it) is refused here, before anything is created."""
    text = os.fspath(db) if db is not None else (os.environ.get("WIREBRIEF_DB") or "").strip()
    if not text:
        return default_location()
    match = _SCHEME.match(text)
    if match:
        scheme = match.group(1).lower()
        if scheme in POSTGRES_SCHEMES and text[match.end() :].startswith("//"):
            return text
        raise UsageError(
            f"unsupported story database {redact(text)!r}: give a SQLite file path or a postgresql://… URL "
            "(for a file whose name has a colon, write ./NAME)"
        )
    return str(Path(text).expanduser())


def names_postgres(location: str) -> bool:
    """Whether a location `resolve_location` gave is a PostgreSQL URL (anything else it gives is a file path)."""
    return bool(_SCHEME.match(location))


def redact(location: str) -> str:
    """A location fit for messages: a URL's password left out."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", location)
