"""`StoryService`: the story store, its clustering index and the settings, opened once — per CLI command, and once
per server process (the FastAPI lifespan) — and shared by every request of that process.

    with StoryService.open("news.db") as service:          # or a postgresql:// URL, or None: $WIREBRIEF_DB
        report = service.ingest_paths(["feeds/today/"])
        for story in service.stories(since=parse_since("24h")):
            print(story.headline, story.outlets)

Ingests of one process take turns (a lock around the in-memory index); the store admits one writing transaction
at a time across processes. Reads borrow their own connection and never wait for an ingest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
from typing import Any

from ..errors import UsageError
from ..settings import Settings
from ..text.outlet import INPUT_NAME
from .backends import open_store
from .index import ClusterSettings
from .ingest import Ingestor, IngestReport, refresh_briefs
from .storable import storable_lookup
from .store import Store
from .types import Event, StoredArticle, Story, iso


@dataclass(frozen=True)
class StoryPage:
    stories: list[Story]
    next: str | None  # the cursor of the following page; None on the last one


CURSOR = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?)_([0-9]{1,18})")


def parse_cursor(cursor: str) -> tuple[float, int]:
    """A page cursor ("<last_ts>_<last_seq>", as `StoryService.river` makes them) -> (last_ts, last_seq)."""
    match = CURSOR.fullmatch(cursor)
    if not match:
        raise UsageError(f"cursor {cursor[:40]!r} is not one this server gave (use the 'next' of a stories page)")
    return float(match.group(1)), int(match.group(2))


def _timestamp(when: datetime | None) -> float | None:
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()


def _filter(value: str | None, what: str) -> str | None:
    """A search filter trimmed, None when blank; a UsageError when it holds a character no store keeps."""
    return storable_lookup((value or "").strip(), what) or None


def default_id(record: Any) -> str:
    """An id for a record that has none, from its content, so that re-ingesting it is idempotent."""
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return "a" + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]


class StoryService:
    def __init__(self, store: Store, settings: Settings | None = None, cluster: ClusterSettings | None = None,
                 batch_size: int = 500):  # fmt: skip
        self.store = store
        self.settings = settings or Settings()
        self.ingestor = Ingestor(store, cluster or self.settings.stories, batch_size=batch_size)
        self._writing = threading.Lock()

    @classmethod
    def open(cls, db: str | os.PathLike | None = None, *, pool_size: int = 4, **options) -> "StoryService":
        """Open the store that `store.resolve_location(db)` names (creating and migrating it as needed)."""
        return cls(open_store(db, pool_size=pool_size), **options)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "StoryService":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing --------------------------------------------------------------------------------------------
    def ingest(
        self,
        raw_articles: Iterable,
        report: IngestReport | None = None,
        *,
        briefs: bool = True,
        on_commit: Callable[[IngestReport, int, int], None] | None = None,
        catch_up: int | None = None,
        ray: bool = False,
        ray_address: str | None = None,
    ) -> IngestReport:
        """Clean, deduplicate and cluster raw articles (any iterable of `readers.RawArticle`: a stream is cleaned
        and stored one batch at a time); then refresh the briefs of the stories touched, and of other stories left
        stale (by `--no-briefs` or a crash): all of them, or at most `catch_up` (a request's cost stays bounded).
        With `ray`, cleaning, splitting and vectorising run on Ray workers (wirebrief.scale) a few batches ahead,
        while this process alone places the articles, in stream order: the same stories as without."""
        from ..pipeline import clean_articles

        started = time.perf_counter()
        report = report or IngestReport()

        def cleaned():
            raw = iter(raw_articles)
            while True:
                chunk = [a for _, a in zip(range(self.ingestor.batch_size), raw)]
                if not chunk:
                    return
                articles, dropped = clean_articles(chunk)
                report.skipped.extend(dropped)
                yield from articles

        def prepared_on_ray():
            from functools import partial

            from ..scale import ordered_map
            from ..types import Skipped
            from .ingest import clean_and_prepare

            raw = iter(raw_articles)
            batches = iter(lambda: list(islice(raw, self.ingestor.batch_size)), [])
            work = partial(clean_and_prepare, self.ingestor.furniture, self.ingestor.index.settings)

            def lost(batch, reason):
                return [], [Skipped(a.path or a.id or "article", reason) for a in batch]

            for prepared, dropped in ordered_map(work, batches, 1, on_failure=lost, address=ray_address):
                report.skipped.extend(dropped)
                yield from prepared

        with self._writing:
            self.ingestor.ingest(prepared_on_ray() if ray else cleaned(), report, on_commit=on_commit)
            report.stories_touched = list(
                dict.fromkeys(r for r in map(self.store.resolve_story, report.stories_touched) if r)
            )
            if briefs:
                stale = self.store.stale_stories(catch_up)
                report.briefs_refreshed = refresh_briefs(self.store, report.stories_touched + stale, self.settings)
        report.seconds = time.perf_counter() - started
        return report

    def ingest_paths(self, inputs: list[str], stdin=None, *, briefs: bool = True, on_commit=None,
                     reader=None, ray: bool = False, ray_address: str | None = None) -> IngestReport:  # fmt: skip
        """Files, directories and '-' (stdin): everything `brief` reads, JSON Lines streams of any size."""
        from .stream import StreamReader

        reader = reader or StreamReader(inputs, self.settings.max_file_bytes, stdin=stdin)
        report = self.ingest(reader, briefs=briefs, on_commit=on_commit, ray=ray, ray_address=ray_address)
        report.skipped = reader.skipped + report.skipped
        report.warnings = reader.warnings + report.warnings
        return report

    def ingest_records(self, records: list, *, briefs: bool = True, catch_up: int | None = None) -> IngestReport:
        """Article records ({"id", "title", "text" | "html", "outlet", "url", "published"}; cluster records too)."""
        from ..readers import ReadResult, read_record

        if not isinstance(records, list):
            raise UsageError("records must be a list of article records")
        read = ReadResult()
        for number, record in enumerate(records, start=1):
            read.extend(read_record(record, default_id(record), f"record {number}"))
        report = IngestReport(skipped=list(read.skipped), warnings=list(read.warnings))
        return self.ingest(read.articles, report, briefs=briefs, catch_up=catch_up)

    # --- reading --------------------------------------------------------------------------------------------
    def stories(
        self, since: datetime | None = None, limit: int | None = None, offset: int = 0, query: str | None = None,
        until: datetime | None = None, outlet: str | None = None,
    ) -> list[Story]:
        """Storylines, most recently seen first, each with its events; `query` keeps those whose headline, or an
        event's headline or brief, contains it (any case); `outlet` those with a report from that outlet (any case),
        `until` those that began before it; `offset` skips that many (for pages of `limit`; `river` pages by cursor,
        at the same cost however deep)."""
        if limit is not None and limit < 0:
            raise UsageError("limit must be zero or more")
        if offset < 0:
            raise UsageError("offset must be zero or more")
        rows = self.store.list_storylines(_timestamp(since), limit, offset, _filter(query, "the search"),
                                          until_ts=_timestamp(until), outlet=_filter(outlet, "the outlet"))
        return self._storylines(rows)

    def river(self, limit: int, *, since: datetime | None = None, until: datetime | None = None,
              query: str | None = None, outlet: str | None = None, cursor: str | None = None) -> StoryPage:
        """One page of at most `limit` storylines, most recently seen first, and the cursor of the next page: a keyset
        (the last story's time and ingest order), so the 5,000th page costs what the first does. `until` keeps
        stories that began before it; the other filters are those of `stories`."""
        if limit < 1:
            raise UsageError("limit must be one or more")
        after = parse_cursor(cursor) if cursor else None
        rows = self.store.list_storylines(
            _timestamp(since), limit + 1, 0, _filter(query, "the search"),
            until_ts=_timestamp(until), outlet=_filter(outlet, "the outlet"), after=after,
        )
        more = len(rows) > limit
        rows = rows[:limit]
        following = f"{rows[-1]['last_ts']!r}_{rows[-1]['last_seq']}" if more else None
        return StoryPage(self._storylines(rows), following)

    def story(self, story_id: str) -> Story | None:
        """One storyline with its events and articles: by its id, the id of one of its events, or an id merged
        into either."""
        storable_lookup(story_id, "the story id")
        resolved = self.store.resolve_storyline(story_id)
        rows = self.store.list_storylines_by_id([resolved]) if resolved else []
        if not rows:
            return None
        return self._storylines(rows, detail=True)[0]

    def _storylines(self, rows: list[dict], detail: bool = False) -> list[Story]:
        events = self.store.storyline_events([r["id"] for r in rows])
        articles: dict[str, list[tuple]] = {}
        for event_id, *article in self.store.event_articles([e["id"] for e in events]):
            articles.setdefault(event_id, []).append(tuple(article))
        by_line: dict[str, list[dict]] = {}
        for event in events:
            by_line.setdefault(event["storyline_id"], []).append(event)
        return [self._storyline(row, by_line.get(row["id"], []), articles, detail) for row in rows]

    def _storyline(self, row: dict, events: list[dict], articles: dict[str, list[tuple]], detail: bool) -> Story:
        made = [self._event(e, articles.get(e["id"], [])) for e in events]
        newest = next((e for e in events if e.get("brief")), None)
        sentences = json.loads(newest["brief"]) if newest else []
        every = [a for e in reversed(events) for a in articles.get(e["id"], [])]
        headline = row.get("headline") or (made[0].headline if made else "")
        stored = None
        if detail:
            stored = [
                StoredArticle(a.id, a.outlet, a.title, a.published, a.url, a.text, a.duplicate_of, a.outlet_from)
                for e in reversed(events) for a in self.store.story_articles(e["id"])
            ]
        return Story(
            id=row["id"], headline=headline, articles=[a[0] for a in every], outlets=named_outlets(every),
            first_seen=iso(row["first_ts"]), last_seen=iso(row["last_ts"]), dated=bool(row.get("dated")),
            first_added=iso(row.get("added_first")), last_added=iso(row.get("added_last")),
            brief=" ".join(s["text"] for s in sentences), sentences=sentences, size=row["size"],
            duplicates=sum(1 for a in every if a[2]), brief_at=iso(newest["brief_at"]) if newest else None,
            articles_detail=stored, events=made,
        )  # fmt: skip

    def _event(self, row: dict, articles: list[tuple]) -> Event:
        sentences = json.loads(row["brief"]) if row.get("brief") else []
        headline = row.get("headline")
        if not headline:
            text = sentences[0]["text"] if sentences else ""
            if not text and articles:
                first = self.store.story_articles(row["id"], duplicates=False, limit=1)
                text = first[0].text if first else ""
            text = " ".join(text.split())
            headline = text if len(text) <= 100 else text[:99].rsplit(" ", 1)[0] + "…"
        return Event(
            id=row["id"], headline=headline, articles=[a[0] for a in articles], outlets=named_outlets(articles),
            first_seen=iso(row["first_ts"]), last_seen=iso(row["last_ts"]), size=row["size"],
            brief=" ".join(s["text"] for s in sentences),
        )


def named_outlets(articles: list[tuple]) -> list[str]:
    """Outlets of (id, outlet, duplicate_of, outlet_from) rows, once each, never an input name standing in."""
    return list(dict.fromkeys(a[1] for a in articles if a[1] and a[3] != INPUT_NAME))


