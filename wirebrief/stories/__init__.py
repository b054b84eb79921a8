"""Stories: a stream of articles in, stored stories with current briefs out.

    from wirebrief.stories import ingest_inputs, list_stories, get_story
    report = ingest_inputs(["feeds/2026-11-22/"], db="news.db")
    for story in list_stories("news.db", since=parse_since("24h")):
        print(story["headline"], story["outlets"], story["brief"])

Store: one SQLite file (default `default_db_path()`, or $WIREBRIEF_DB); see `store.py`. Clustering: `index.py`.
Ingest, dedup and brief refresh: `ingest.py`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import iso_datetime, parse_published, published_problem
from .ingest import IngestReport

__all__ = [
    "IngestReport",
    "default_db_path",
    "get_story",
    "ingest_inputs",
    "ingest_records",
    "list_stories",
    "parse_since",
]


def default_db_path() -> Path:
    """$WIREBRIEF_DB, else stories.db in the user's data directory."""
    env = os.environ.get("WIREBRIEF_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("wirebrief")) / "stories.db"


def _open(db: str | Path | None):
    from .store import open_store

    return open_store(db if db is not None else default_db_path())


def _ingest_raw(read, db, on_commit=None, briefs: bool = True, batch_size: int = 500) -> IngestReport:
    import time

    from ..pipeline import clean_articles
    from .ingest import Ingestor, refresh_briefs

    started = time.perf_counter()
    articles, dropped = clean_articles(read.articles)
    report = IngestReport(skipped=list(read.skipped) + dropped, warnings=list(read.warnings))
    store = _open(db)
    try:
        ingestor = Ingestor(store, batch_size=batch_size)
        ingestor.ingest(articles, report, on_commit=on_commit)
        report.stories_touched = list(
            dict.fromkeys(r for r in (store.resolve_story(s) for s in report.stories_touched) if r)
        )
        if briefs:
            stale = store.stale_stories()
            report.briefs_refreshed = refresh_briefs(store, report.stories_touched + stale)
    finally:
        store.close()
    report.seconds = time.perf_counter() - started
    return report


def ingest_inputs(
    inputs: list[str],
    db: str | Path | None = None,
    stdin: bytes | None = None,
    *,
    briefs: bool = True,
    on_commit=None,
    batch_size: int = 500,
) -> IngestReport:
    """Add the articles in files, directories and '-' (stdin) — everything `brief` reads — to the store."""
    from ..readers import read_inputs
    from ..settings import Settings

    read = read_inputs(inputs, Settings().max_file_bytes, stdin=stdin)
    return _ingest_raw(read, db, on_commit=on_commit, briefs=briefs, batch_size=batch_size)


def _default_id(record: Any) -> str:
    """An id for a record that has none, from its content, so that re-ingesting it is idempotent."""
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return "a" + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]


def ingest_records(
    records: list[dict], db: str | Path | None = None, *, briefs: bool = True, batch_size: int = 500
) -> IngestReport:
    """Add article records ({"id", "title", "text" | "html", "outlet", "url", "published"}; cluster records too)."""
    from ..readers import ReadResult, read_record

    if not isinstance(records, list):
        raise UsageError("records must be a list of article records")
    read = ReadResult()
    for number, record in enumerate(records, start=1):
        read.extend(read_record(record, _default_id(record), f"record {number}"))
    return _ingest_raw(read, db, briefs=briefs, batch_size=batch_size)


_SINCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str) -> datetime:
    """'90m', '24h', '7d', '2w' (ago), or an ISO date/time (naive = UTC) -> an aware UTC datetime."""
    match = _SINCE.match(text or "")
    if match:
        amount, unit = float(match.group(1)), match.group(2).lower()
        try:
            return datetime.now(timezone.utc) - timedelta(**{_UNITS[unit]: amount})
        except OverflowError:  # further back than year 1 ('1000000d', a 5,000-digit number): every story
            return datetime.min.replace(tzinfo=timezone.utc)
    value = parse_published(text)
    if value is None and published_problem(text) and "outside years" in published_problem(text):
        # a valid date that leaves datetime's range in UTC (9999-12-31T23:59-14:00): everything, or nothing
        far_future = iso_datetime(text.strip()).year > 5000
        return (datetime.max if far_future else datetime.min).replace(tzinfo=timezone.utc)
    if value is None:
        raise UsageError(f"cannot read --since {text!r}: give e.g. 24h, 7d, 90m or an ISO date like 2026-11-22")
    return value


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _headline(row: dict, sentences: list[dict], first_text: str | None) -> str:
    if row.get("headline"):
        return row["headline"]
    text = sentences[0]["text"] if sentences else (first_text or "")
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:99].rsplit(" ", 1)[0] + "…"


def _story_dict(store, row: dict) -> dict:
    articles = store.story_article_ids(row["id"])
    sentences = json.loads(row["brief"]) if row.get("brief") else []
    first_text = None
    if not row.get("headline") and not sentences and articles:
        first = store.story_articles(row["id"], duplicates=False, limit=1)
        first_text = first[0].text if first else None
    return {
        "id": row["id"],
        "headline": _headline(row, sentences, first_text),
        "articles": [a[0] for a in articles],
        "outlets": list(dict.fromkeys(a[1] for a in articles if a[1])),
        "first_seen": _iso(row["first_ts"]),
        "last_seen": _iso(row["last_ts"]),
        "brief": " ".join(s["text"] for s in sentences),
        "sentences": sentences,
        "size": row["size"],
        "duplicates": sum(1 for a in articles if a[2]),
        "brief_at": _iso(row["brief_at"]),
    }


def list_stories(db: str | Path | None = None, since: datetime | None = None, limit: int | None = None) -> list[dict]:
    """Stories, newest last_seen first: {"id","headline","articles","outlets","first_seen","last_seen","brief",
    "sentences"} (plus "size", "duplicates", "brief_at")."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    if limit is not None and limit < 0:
        raise UsageError("limit must be zero or more")
    store = _open(db)
    try:
        rows = store.list_stories(since.timestamp() if since else None, limit)
        return [_story_dict(store, row) for row in rows]
    finally:
        store.close()


def get_story(db: str | Path | None, story_id: str) -> dict | None:
    """One story (an id of a story merged into another gives that one) with "articles_detail", or None."""
    store = _open(db)
    try:
        resolved = store.resolve_story(story_id)
        if resolved is None:
            return None
        rows = [r for r in store.list_stories_by_id([resolved])]
        if not rows:
            return None
        story = _story_dict(store, rows[0])
        story["articles_detail"] = [
            {
                "id": a.id,
                "outlet": a.outlet,
                "title": a.title,
                "published": a.published,
                "url": a.url,
                "text": a.text,
                "duplicate_of": a.duplicate_of,
            }
            for a in store.story_articles(resolved)
        ]
        return story
    finally:
        store.close()
