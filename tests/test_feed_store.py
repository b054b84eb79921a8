"""Feed polling state in the story store (migration 3): it survives a restart, and fetched pages are remembered."""

from __future__ import annotations

import sqlite3

import pytest

from wirebrief.stories import ingest_records, list_stories
from wirebrief.stories.backends import open_store
from wirebrief.stories.store import MIGRATIONS, SCHEMA_VERSION, FeedRow, FetchedRow


@pytest.fixture
def db(tmp_path):
    return tmp_path / "stories.db"


def test_feed_state_survives_reopening(db):
    store = open_store(db)
    try:
        with store.transaction():
            assert store.add_feed("https://a.example/feed.xml", now=100.0) is True
            assert store.add_feed("https://a.example/feed.xml", now=200.0) is False  # followed already
            store.add_feed("https://b.example/rss", now=150.0)
        assert [f.url for f in store.due_feeds(now=120.0)] == ["https://a.example/feed.xml"]
        feed = store.list_feeds(["https://a.example/feed.xml"])[0]
        assert feed == FeedRow(url="https://a.example/feed.xml", added_at=100.0, next_due=100.0)
        feed.etag, feed.last_modified, feed.failures, feed.items, feed.next_due = '"v1"', "Sat, 01 Jan 2028", 2, 7, 900.0
        with store.transaction():
            store.save_feed(feed)
    finally:
        store.close()
    store = open_store(db)  # a restarted watcher sees the validators, the failure count and when it is due
    try:
        again = store.list_feeds(["https://a.example/feed.xml"])[0]
        assert (again.etag, again.last_modified, again.failures, again.items) == ('"v1"', "Sat, 01 Jan 2028", 2, 7)
        assert again.added_at == 100.0  # saving state never moves the date the feed was added
        assert [f.url for f in store.due_feeds(now=500.0)] == ["https://b.example/rss"]
        assert [f.url for f in store.list_feeds()] == ["https://a.example/feed.xml", "https://b.example/rss"]
    finally:
        store.close()


def test_fetched_pages_count_attempts_and_keep_their_feed(db):
    store = open_store(db)
    try:
        url = "https://a.example/news/1"
        with store.transaction():
            store.save_fetched([FetchedRow(url, "failed", feed_url="https://a.example/feed.xml", reason="timed out", fetched_at=1.0)])
        with store.transaction():
            store.save_fetched([FetchedRow(url, "stored", article_id="u123", fetched_at=2.0)])
        found = store.fetched_pages([url, "https://a.example/news/2"])
        assert list(found) == [url]
        row = found[url]
        assert (row.status, row.article_id, row.attempts, row.feed_url, row.reason) == (
            "stored", "u123", 2, "https://a.example/feed.xml", None,
        )
    finally:
        store.close()


def test_migration_from_schema_2_keeps_articles_and_adds_feeds(db):
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at REAL NOT NULL)")
    for version in (1, 2):
        connection.executescript(MIGRATIONS[version - 1])
        connection.execute("INSERT INTO schema_version VALUES (?, 0)", (version,))
    connection.commit()
    connection.close()
    ingest_records([{"id": "x1", "text": "The harbour bridge was closed on Monday after engineers found cracks."}], db,
                   briefs=False)
    store = open_store(db)
    try:
        assert store.schema_version == SCHEMA_VERSION >= 3
        assert store.list_feeds() == []
    finally:
        store.close()
    assert list_stories(db)[0]["articles"] == ["x1"]
