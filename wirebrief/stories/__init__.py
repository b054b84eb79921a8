"""Stories: a stream of articles in, stored stories with current briefs out.

    from wirebrief.stories import StoryService, parse_since
    with StoryService.open("news.db") as service:       # a SQLite path, a postgresql:// URL, or None ($WIREBRIEF_DB)
        service.ingest_paths(["feeds/2026-11-22/"])
        for story in service.stories(since=parse_since("24h")):
            print(story.headline, story.outlets, story.brief)

The functions below open a service for one call each (convenient in scripts and tests; a server keeps one open).
Store: `store.py` (SQLite) and `postgres.py`; clustering: `index.py`; dedupe, placement and bookkeeping:
`ingest.py`; streams: `stream.py`; the service: `service.py`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..errors import UsageError
from ..settings import Settings
from ..types import iso_datetime, parse_published, published_problem
from .ingest import IngestReport
from .service import StoryService
from .store import resolve_location

__all__ = [
    "IngestReport",
    "StoryService",
    "get_story",
    "ingest_inputs",
    "ingest_records",
    "list_stories",
    "parse_since",
    "parse_until",
    "resolve_location",
]


def ingest_inputs(
    inputs: list[str], db: str | Path | None = None, stdin: bytes | None = None, *, briefs: bool = True, on_commit=None,
    batch_size: int = 500, ray: bool = False, ray_address: str | None = None, settings: Settings | None = None,
) -> IngestReport:  # fmt: skip
    """Add the articles in files, directories and '-' (stdin) — everything `brief` reads — to the store (`ray`:
    preparing them on Ray workers, see StoryService.ingest); briefs are refreshed with `settings` (method, budget,
    model; default Settings())."""
    with StoryService.open(db, batch_size=batch_size, settings=settings) as service:
        return service.ingest_paths(inputs, stdin, briefs=briefs, on_commit=on_commit, ray=ray, ray_address=ray_address)


def ingest_records(records: list[dict], db: str | Path | None = None, *, briefs: bool = True,
                   settings: Settings | None = None) -> IngestReport:  # fmt: skip
    """Add article records ({"id", "title", "text" | "html", "outlet", "url", "published"}; cluster records too);
    briefs are refreshed with `settings` (default Settings())."""
    with StoryService.open(db, settings=settings) as service:
        return service.ingest_records(records, briefs=briefs)


def list_stories(db: str | Path | None = None, since: datetime | None = None, limit: int | None = None) -> list[dict]:
    """Stories, newest last_seen first, as dicts (`model.Story.to_dict`)."""
    with StoryService.open(db) as service:
        return [story.to_dict() for story in service.stories(since, limit)]


def get_story(db: str | Path | None, story_id: str) -> dict | None:
    """One story (an id of a story merged into another gives that one) with "articles_detail", or None."""
    with StoryService.open(db) as service:
        story = service.story(story_id)
        return story.to_dict() if story else None


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
        raise UsageError(f"cannot read --since {text[:40]!r}: give e.g. 24h, 7d, 90m or an ISO date like 2026-11-22")
    return value


_DAY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def parse_until(text: str) -> datetime:
    """An ISO date (the whole day counts: its end), date-time (naive = UTC) or age (as `parse_since`) -> an aware
    UTC datetime."""
    if _DAY.match(text or ""):
        try:
            day = datetime.fromisoformat(text.strip()).replace(tzinfo=timezone.utc)
        except ValueError:
            raise UsageError(f"cannot read until {text[:40]!r}: not a date") from None
        try:
            return day + timedelta(days=1)
        except OverflowError:  # 9999-12-31
            return datetime.max.replace(tzinfo=timezone.utc)
    try:
        return parse_since(text)
    except UsageError:
        raise UsageError(f"cannot read until {text[:40]!r}: give an ISO date like 2026-11-22 or a date-time") from None
