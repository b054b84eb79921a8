"""The story store: every read and write of stored articles, stories and clustering state goes through here.

The interface is small on purpose (see `Store`): the ingest and clustering code never writes SQL, so a PostgreSQL
store can be added by implementing the same methods. `SQLiteStore` is the one there is: one file, WAL mode (readers
work while an ingest writes), one transaction per batch (`with store.transaction(): ...`), versioned migrations
(`schema_version` table).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError

# Each migration takes the schema from version i to i+1. Append; never edit a released one.
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
]

SCHEMA_VERSION = len(MIGRATIONS)

ARTICLE_COLUMNS = (
    "seq", "id", "story_id", "duplicate_of", "content_hash", "simhash", "outlet", "title", "published", "url",
    "path", "seen_ts", "added_at", "text", "vector",
)  # fmt: skip
STORY_STATE_COLUMNS = (
    "id", "size", "n_articles", "first_ts", "last_ts", "last_seq", "dated", "pub_first", "pub_last", "centroid",
    "recent", "headline",
)  # fmt: skip


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
    """What the ingest, clustering and listing code needs from a store."""

    def transaction(self) -> Any: ...
    def get_meta(self, key: str, default: str | None = None) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def next_seq(self) -> int: ...
    def existing_ids(self, ids: Iterable[str]) -> dict[str, str]: ...
    def ids_with_hashes(self, hashes: Iterable[str]) -> dict[str, tuple[str, str]]: ...
    def articles_by_seq(self, seqs: Iterable[int]) -> list[ArticleRow]: ...
    def insert_articles(self, rows: list[ArticleRow]) -> None: ...
    def load_df(self) -> Iterator[tuple[int, int]]: ...
    def add_df(self, counts: dict[int, int]) -> None: ...
    def load_active_stories(self, limit: int) -> list[dict]: ...
    def load_story(self, story_id: str) -> dict | None: ...
    def load_recent_vectors(self, limit: int) -> list[tuple[int, str, bytes, float | None]]: ...
    def save_stories(self, states: list[dict]) -> None: ...
    def merge_story(self, source: str, target: str) -> None: ...
    def resolve_story(self, story_id: str) -> str | None: ...
    def story_articles(self, story_id: str, duplicates: bool = True, limit: int | None = None) -> list[ArticleRow]: ...
    def set_brief(self, story_id: str, sentences: list[dict], headline: str | None, made_at: float) -> None: ...
    def stale_stories(self) -> list[str]: ...
    def list_stories(self, since_ts: float | None, limit: int | None) -> list[dict]: ...
    def list_stories_by_id(self, ids: list[str]) -> list[dict]: ...
    def story_article_ids(self, story_id: str) -> list[tuple[str, str | None, str | None]]: ...
    def close(self) -> None: ...


class SQLiteStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) in transaction()
            self.db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at each commit except on power loss
            self.db.execute("PRAGMA busy_timeout=30000")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise InputError(f"cannot open story database {self.path}: {error}") from None
        self._in_tx = False

    # --- schema ---------------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        db = self.db
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at REAL NOT NULL)")
        current = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        if current > SCHEMA_VERSION:
            raise InputError(
                f"story database {self.path} has schema version {current}, newer than this wirebrief "
                f"({SCHEMA_VERSION}); upgrade wirebrief"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            db.execute("BEGIN IMMEDIATE")
            try:
                # another process may have migrated meanwhile
                done = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
                if done < version:
                    for statement in MIGRATIONS[version - 1].split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute("INSERT INTO schema_version VALUES (?, ?)", (version, time.time()))
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return self.db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    @contextmanager
    def transaction(self):
        """One write transaction; nested uses join the outer one."""
        if self._in_tx:
            yield self
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield self
            self.db.execute("COMMIT")
        except BaseException:
            # SQLite may have ended the transaction itself (a full disk does): the error to tell is the first one
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        finally:
            self._in_tx = False

    def close(self) -> None:
        self.db.close()

    # --- state ----------------------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def next_seq(self) -> int:
        return (self.db.execute("SELECT MAX(seq) FROM articles").fetchone()[0] or 0) + 1

    def load_df(self) -> Iterator[tuple[int, int]]:
        yield from self.db.execute("SELECT term, df FROM df")

    def add_df(self, counts: dict[int, int]) -> None:
        self.db.executemany(
            "INSERT INTO df VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df", counts.items()
        )

    # --- articles -------------------------------------------------------------------------------------------
    def _in_chunks(self, sql: str, values: list, size: int = 500) -> list[tuple]:
        rows: list[tuple] = []
        for start in range(0, len(values), size):
            chunk = values[start : start + size]
            rows += self.db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return rows

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
        self.db.executemany(
            f"INSERT INTO articles ({cols}) VALUES ({marks})",
            [tuple(getattr(r, c) for c in ARTICLE_COLUMNS) for r in rows],
        )

    # --- stories --------------------------------------------------------------------------------------------
    def load_active_stories(self, limit: int) -> list[dict]:
        cols = ", ".join(STORY_STATE_COLUMNS)
        cursor = self.db.execute(
            f"SELECT {cols} FROM stories WHERE merged_into IS NULL ORDER BY last_seq DESC LIMIT ?", (limit,)
        )
        return [dict(zip(STORY_STATE_COLUMNS, row)) for row in cursor]

    def load_story(self, story_id: str) -> dict | None:
        cols = ", ".join(STORY_STATE_COLUMNS)
        row = self.db.execute(f"SELECT {cols} FROM stories WHERE id = ? AND merged_into IS NULL", (story_id,)).fetchone()
        return dict(zip(STORY_STATE_COLUMNS, row)) if row else None

    def load_recent_vectors(self, limit: int) -> list[tuple[int, str, bytes, float | None]]:
        """(seq, story id, vector, publication time or None) of the latest `limit` articles that have a clustering
        vector, newest first."""
        return self.db.execute(
            "SELECT seq, story_id, vector, CASE WHEN published IS NULL THEN NULL ELSE seen_ts END FROM articles "
            "WHERE vector IS NOT NULL ORDER BY seq DESC LIMIT ?",
            (limit,),
        ).fetchall()

    def save_stories(self, states: list[dict]) -> None:
        """Insert or update clustering state of stories; their briefs become stale."""
        cols = STORY_STATE_COLUMNS
        now = time.time()
        updates = ", ".join(f"{c} = excluded.{c}" for c in cols[1:] if c != "headline")
        self.db.executemany(
            f"INSERT INTO stories ({', '.join(cols)}, brief_stale, updated_at) VALUES ({', '.join('?' * len(cols))}, 1, ?) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}, headline = COALESCE(stories.headline, excluded.headline), "
            "brief_stale = 1, updated_at = excluded.updated_at",
            [tuple(s[c] for c in cols) + (now,) for s in states],
        )

    def merge_story(self, source: str, target: str) -> None:
        self.db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (target, source))
        self.db.execute("UPDATE stories SET merged_into = ? WHERE merged_into = ?", (target, source))
        self.db.execute(
            "UPDATE stories SET merged_into = ?, centroid = NULL, recent = NULL, brief = NULL WHERE id = ?",
            (target, source),
        )

    def resolve_story(self, story_id: str) -> str | None:
        """The story an id names now (following merges), or None."""
        for _ in range(100):
            row = self.db.execute("SELECT merged_into FROM stories WHERE id = ?", (story_id,)).fetchone()
            if row is None:
                return None
            if row[0] is None:
                return story_id
            story_id = row[0]
        return story_id

    def story_articles(self, story_id: str, duplicates: bool = True, limit: int | None = None) -> list[ArticleRow]:
        cols = ", ".join(ARTICLE_COLUMNS)
        where = "story_id = ?" + ("" if duplicates else " AND duplicate_of IS NULL")
        sql = f"SELECT {cols} FROM articles WHERE {where} ORDER BY seq DESC"
        params: tuple = (story_id,)
        if limit is not None:
            sql += " LIMIT ?"
            params += (limit,)
        rows = [ArticleRow(*r) for r in self.db.execute(sql, params)]
        rows.reverse()
        return rows

    def set_brief(self, story_id: str, sentences: list[dict], headline: str | None, made_at: float) -> None:
        self.db.execute(
            "UPDATE stories SET brief = ?, brief_at = ?, brief_stale = 0, headline = COALESCE(?, headline) "
            "WHERE id = ? AND updated_at <= ?",
            (json.dumps(sentences, ensure_ascii=False), made_at, headline, story_id, made_at),
        )

    def stale_stories(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE brief_stale = 1 AND merged_into IS NULL")]

    _LIST = "SELECT id, headline, first_ts, last_ts, brief, brief_at, size, n_articles FROM stories "
    _LIST_KEYS = ("id", "headline", "first_ts", "last_ts", "brief", "brief_at", "size", "n_articles")

    def list_stories_by_id(self, ids: list[str]) -> list[dict]:
        rows = self._in_chunks(self._LIST + "WHERE id IN ({})", list(ids))
        return [dict(zip(self._LIST_KEYS, row)) for row in rows]

    def list_stories(self, since_ts: float | None, limit: int | None) -> list[dict]:
        sql = self._LIST + "WHERE merged_into IS NULL"
        params: list = []
        if since_ts is not None:
            sql += " AND last_ts >= ?"
            params.append(since_ts)
        sql += " ORDER BY last_ts DESC, last_seq DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [dict(zip(self._LIST_KEYS, row)) for row in self.db.execute(sql, params)]

    def story_article_ids(self, story_id: str) -> list[tuple[str, str | None, str | None]]:
        """(id, outlet, duplicate_of) of a story's articles in ingest order."""
        return self.db.execute(
            "SELECT id, outlet, duplicate_of FROM articles WHERE story_id = ? ORDER BY seq", (story_id,)
        ).fetchall()

    # --- feeds (FeedStateStore) ------------------------------------------------------------------------------
    def add_feed(self, url: str, now: float) -> bool:
        """Follow a feed (due at once); False when it is followed already."""
        cursor = self.db.execute("INSERT OR IGNORE INTO feeds (url, added_at, next_due) VALUES (?, ?, ?)", (url, now, now))
        return cursor.rowcount == 1

    def list_feeds(self, urls: Iterable[str] | None = None) -> list[FeedRow]:
        cols = ", ".join(FEED_COLUMNS)
        if urls is None:
            rows = self.db.execute(f"SELECT {cols} FROM feeds ORDER BY url").fetchall()
        else:
            rows = sorted(self._in_chunks(f"SELECT {cols} FROM feeds WHERE url IN ({{}})", list(urls)))
        return [FeedRow(*row) for row in rows]

    def due_feeds(self, now: float) -> list[FeedRow]:
        cols = ", ".join(FEED_COLUMNS)
        rows = self.db.execute(f"SELECT {cols} FROM feeds WHERE next_due <= ? ORDER BY next_due, url", (now,))
        return [FeedRow(*row) for row in rows]

    def save_feed(self, feed: FeedRow) -> None:
        cols = ", ".join(FEED_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in FEED_COLUMNS[1:] if c != "added_at")
        self.db.execute(
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
        self.db.executemany(
            f"INSERT INTO fetched ({', '.join(self._FETCHED)}) VALUES ({', '.join('?' * len(self._FETCHED))}) "
            "ON CONFLICT(url) DO UPDATE SET status = excluded.status, feed_url = COALESCE(fetched.feed_url, "
            "excluded.feed_url), article_id = excluded.article_id, reason = excluded.reason, "
            "attempts = fetched.attempts + 1, fetched_at = excluded.fetched_at",
            [tuple(getattr(r, c) for c in self._FETCHED) for r in rows],
        )

    def counts(self) -> dict[str, int]:
        articles = self.db.execute("SELECT COUNT(*), COUNT(duplicate_of) FROM articles").fetchone()
        stories = self.db.execute("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL").fetchone()[0]
        return {"articles": articles[0], "duplicates": articles[1], "stories": stories}


def open_store(path: str | Path) -> SQLiteStore:
    """Open (creating and migrating as needed) the store at `path`. A postgresql:// URL would go here."""
    text = os.fspath(path)
    if text.startswith(("postgres://", "postgresql://")):
        raise InputError("PostgreSQL stores are not implemented yet; give a SQLite file path")
    return SQLiteStore(text)
