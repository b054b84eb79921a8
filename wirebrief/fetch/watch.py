"""Following sources: fetch pages and feeds into briefs or the story store, and poll followed feeds on a schedule.

    read_urls(urls)                  pages -> a ReadResult, for `wirebrief brief URL...` and POST /v1/briefs
    ingest_urls(urls, db)            pages are stored; a feed is followed and its new items stored
    add_feeds(urls, db)              follow feeds (polled by the next pass)
    poll(db)                         one pass over the due feeds: conditional GET, new items fetched, extracted,
                                     ingested (briefs refreshed), feed state saved
    watch(db, once=False)            passes until interrupted, sleeping until the next feed is due
    feed_health(db)                  each feed's last fetch, items, failures, next due and state

State lives in the story store (`feeds` and `fetched` tables), so a restarted watcher resumes: validators make
an unchanged feed a 304, and a page already stored or refused for good is not fetched again (one that failed
for a passing reason is retried, at most `max_page_attempts` times). A failing feed is polled less and less often
(`every` doubled per consecutive failure, at most `max_backoff`) and reported dead after `dead_after` failures; a
429's Retry-After is respected. The pass ingests only after all fetching is done, then saves the feed state: a pass
killed in between is redone by the next one, and re-ingesting is idempotent.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..readers import RawArticle, ReadResult
from ..settings import FetchSettings, Settings
from ..stories.backends import open_store
from ..stories.ingest import IngestReport
from ..stories.service import StoryService
from ..stories.store import FeedRow, FetchedRow, Store
from ..types import Skipped
from .feeds import ParsedFeed, looks_like_feed, parse_feed
from .http import FEED_ACCEPT, HTML_ACCEPT, Fetched, Fetcher
from .pages import extract_page
from .urls import FetchError, check_url, normalize

NOT_AN_ARTICLE = "a feed, not an article page: follow it with `wirebrief ingest URL` or `wirebrief watch`"


@dataclass
class FeedPoll:
    """What one poll of one feed found."""

    url: str
    status: str  # "ok", "not modified" or "failed"
    reason: str | None = None
    new_items: int = 0
    stored: int = 0
    left_out: int = 0  # entries past max_items_per_feed


@dataclass
class WatchReport:
    feeds: list[FeedPoll] = field(default_factory=list)
    pages: int = 0  # pages fetched
    ingest: IngestReport = field(default_factory=IngestReport)
    seconds: float = 0.0
    next_due: float | None = None  # when the next followed feed is due, after this pass

    def to_dict(self) -> dict:
        return {
            "feeds": [vars(f) for f in self.feeds],
            "pages": self.pages,
            "next_due": iso_time(self.next_due),
            **self.ingest.to_dict(),
        }


def _db_path(db: str | Path | None) -> str:
    from ..stories import resolve_location

    return resolve_location(db)


@contextmanager
def _store(db, service: StoryService | None) -> Iterator[Store]:
    """The store of `service` (a process's open StoryService, left open), else the one at `db`, open for the call."""
    if service is not None:
        yield service.store
        return
    store = open_store(_db_path(db))
    try:
        yield store
    finally:
        store.close()


def page_record(article: RawArticle) -> dict:
    """An extracted page as an article record (what `ingest_records` and `brief` take); the page's site name
    is its outlet unless a feed named one."""
    record = {k: getattr(article, k) for k in ("id", "text", "title", "outlet", "url", "published") if getattr(article, k)}
    if "outlet" not in record and article.site_name:
        record["outlet"] = article.site_name
    return record


# --- pages ------------------------------------------------------------------------------------------------------
async def fetch_page(fetcher: Fetcher, url: str, title: str | None = None, published: str | None = None,
                     outlet: str | None = None) -> RawArticle:
    """Fetch and extract one article page (extraction runs in a thread: the loop keeps serving other requests)."""
    fetched = await fetcher.get(url, accept=HTML_ACCEPT)
    if looks_like_feed(fetched.content_type, fetched.body[:1024]):
        raise FetchError(NOT_AN_ARTICLE, permanent=True)
    return await asyncio.to_thread(extract_page, fetched, title, published, outlet)


async def within(budget: float | None, coroutines) -> list:
    """Run coroutines concurrently; after `budget` seconds (None: no limit) the unfinished ones are cancelled and
    their results are None."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    if not tasks:
        return []
    _, pending = await asyncio.wait(tasks, timeout=budget)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return [None if task.cancelled() else task.result() for task in tasks]


def cut_off(budget: float | None) -> FetchError:
    return FetchError(f"not fetched within the request's {budget:g} s for fetching")


async def read_each_url_async(urls: list[str], settings: FetchSettings,
                              budget: float | None = None) -> dict[str, ReadResult]:
    """Fetch article pages for a brief: each URL's article, or its skip with the reason; pages not fetched within
    `budget` seconds are skipped (the API's bound on one request)."""
    unique = list(dict.fromkeys(urls))
    async with Fetcher(settings) as fetcher:
        found = await within(budget, (_page_or_error(fetcher, url) for url in unique))
    results = {}
    for url, item in zip(unique, found):
        item = cut_off(budget) if item is None else item
        if isinstance(item, FetchError):
            results[url] = ReadResult(skipped=[Skipped(url, item.reason)])
        else:
            results[url] = ReadResult(articles=[item])
    return results


def read_each_url(urls: list[str], settings: FetchSettings | None = None) -> dict[str, ReadResult]:
    return asyncio.run(read_each_url_async(urls, settings or Settings().fetch))


def read_urls(urls: list[str], settings: FetchSettings | None = None) -> ReadResult:
    """The articles at `urls`, in order; every URL that failed is skipped, with why."""
    pages = read_each_url(urls, settings)
    result = ReadResult()
    for url in dict.fromkeys(urls):
        result.extend(pages[url])
    return result


async def _page_or_error(fetcher: Fetcher, url: str) -> RawArticle | FetchError:
    try:
        return await fetch_page(fetcher, url)
    except FetchError as error:
        return error


# --- feeds ------------------------------------------------------------------------------------------------------
def add_feeds(urls: list[str], db: str | Path | None = None,
              service: StoryService | None = None) -> tuple[list[str], list[Skipped]]:
    """Follow feeds: (the newly followed ones, normalised; the refused ones with why). Due at once."""
    added, refused = [], []
    with _store(db, service) as store, store.transaction():
        for url in urls:
            try:
                normal = normalize(check_url(url))
            except FetchError as error:
                refused.append(Skipped(url, error.reason))
                continue
            if store.add_feed(normal, time.time()):
                added.append(normal)
    return added, refused


def _next_due(feed: FeedRow, settings: FetchSettings, now: float, wait: float | None = None) -> float:
    if feed.failures == 0:
        return now + max(settings.every, wait or 0.0)
    backoff = settings.every * 2 ** min(feed.failures - 1, 20)
    return now + min(max(backoff, wait or 0.0), max(settings.max_backoff, wait or 0.0))


@dataclass
class _Pending:
    """A page to fetch in this pass, on behalf of a feed (or of the user, feed None)."""

    url: str  # as listed
    key: str  # normalised: the `fetched` table's key
    feed: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    article: RawArticle | None = None
    error: FetchError | None = None


class _Pass:
    """One pass: feeds polled and pages fetched concurrently, then one ingest, then the state saved. With
    `service` (a process's open StoryService: the server's) the pass stores through it; else it opens the store
    at `db` for itself."""

    def __init__(self, db, settings: FetchSettings, service: StoryService | None = None):
        self.db = _db_path(db)
        self.settings = settings
        self.service = service
        self.store = open_store(self.db) if service is None else service.store
        self.now = time.time()
        self.report = WatchReport()
        self.pending: dict[str, _Pending] = {}
        self.feeds: dict[str, FeedRow] = {}
        self.polls: dict[str, FeedPoll] = {}

    def close(self) -> None:
        if self.service is None:
            self.store.close()

    def want(self, pages: list[_Pending]) -> int:
        """Queue the pages not fetched before (or failed for a passing reason, not too often); the number queued."""
        known = self.store.fetched_pages(p.key for p in pages)
        queued = 0
        for page in pages:
            before = known.get(page.key)
            if page.key in self.pending:
                continue
            if before is not None and (
                before.status != "failed" or before.attempts >= self.settings.max_page_attempts
            ):
                continue
            self.pending[page.key] = page
            queued += 1
        return queued

    def feed_polled(self, feed: FeedRow, fetched: Fetched | None, error: FetchError | None) -> ParsedFeed | None:
        """Record a feed's answer; its parsed entries when there are any to look at."""
        settings, now = self.settings, time.time()
        feed.last_fetch = now
        self.feeds[feed.url] = feed
        parsed = None
        if error is None and fetched is not None and fetched.status == 200:
            try:
                parsed = parse_feed(fetched.body, fetched.url, fetched.content_type, settings.max_items_per_feed)
            except FetchError as problem:
                error = problem
        if error is not None:
            feed.failures += 1
            feed.last_status = error.reason
            feed.next_due = _next_due(feed, settings, now, error.retry_after)
            self.polls[feed.url] = FeedPoll(feed.url, "failed", error.reason)
            return None
        assert fetched is not None
        feed.failures, feed.last_ok = 0, now
        feed.next_due = _next_due(feed, settings, now)
        if parsed is None:  # 304
            feed.last_status = "not modified"
            self.polls[feed.url] = FeedPoll(feed.url, "not modified")
            return None
        feed.etag = fetched.headers.get("etag") or None
        feed.last_modified = fetched.headers.get("last-modified") or None
        feed.title = parsed.title or feed.title
        pages = [_Pending(i.url, normalize(i.url), feed.url, i.title, i.published, feed.title) for i in parsed.items]
        new = self.want(pages)
        feed.last_status = f"ok: {len(parsed.items)} entries, {new} new"
        self.polls[feed.url] = FeedPoll(feed.url, "ok", None, new, 0, parsed.left_out)
        self.report.ingest.skipped.extend(parsed.skipped)
        if parsed.left_out:
            self.report.ingest.warnings.append(
                Skipped(feed.url, f"{parsed.left_out} entries past the {settings.max_items_per_feed}-item cap left out")
            )
        return parsed

    async def poll_feed(self, fetcher: Fetcher, feed: FeedRow, fetched: Fetched | None = None) -> None:
        error = None
        if fetched is None:
            try:
                fetched = await fetcher.get(feed.url, accept=FEED_ACCEPT, etag=feed.etag,
                                            last_modified=feed.last_modified)
            except FetchError as problem:
                error = problem
        self.feed_polled(feed, fetched, error)

    async def fetch_pending(self, fetcher: Fetcher, budget: float | None = None) -> None:
        """Fetch the queued feed items (pages the user gave are fetched already); those not fetched within `budget`
        seconds fail for now (they are retried by a later pass)."""
        async def one(page: _Pending) -> bool:
            try:
                page.article = await fetch_page(fetcher, page.url, page.title, page.published, page.outlet)
            except FetchError as error:
                page.error = error
            return True

        todo = [p for p in self.pending.values() if p.article is None and p.error is None]
        for page, done in zip(todo, await within(budget, (one(p) for p in todo))):
            if done is None:
                page.error = cut_off(budget)
        self.report.pages = len(self.pending)

    async def finish(self, briefs: bool = True) -> WatchReport:
        """Ingest what was fetched (in a thread), then save pages' and feeds' state in one transaction."""
        from ..stories import ingest_records

        pages = list(self.pending.values())
        fetched = [p for p in pages if p.article is not None]
        report = self.report
        if fetched:
            records = [page_record(p.article) for p in fetched]  # type: ignore[arg-type]
            if self.service is not None:
                ingested = await asyncio.to_thread(self.service.ingest_records, records, briefs=briefs)
            else:
                ingested = await asyncio.to_thread(ingest_records, records, self.db, briefs=briefs)
        else:
            ingested = IngestReport()
        by_record = {f"record {n}": p for n, p in enumerate(fetched, start=1)}
        refused = {by_record[item.path].key: item.reason for item in ingested.skipped if item.path in by_record}
        # skips and warnings name the page's URL, not the record number it was ingested as
        for problems in (ingested.skipped, ingested.warnings):
            problems[:] = [Skipped(by_record[i.path].url, i.reason) if i.path in by_record else i for i in problems]
        report.ingest.merge(ingested)
        stored_ids = set(ingested.added) | set(ingested.duplicates) | set(ingested.existing)
        rows: list[FetchedRow] = []
        now = time.time()
        for page in pages:
            if page.error is not None:
                status = "skipped" if page.error.permanent else "failed"
                rows.append(FetchedRow(page.key, status, page.feed, None, page.error.reason, 1, now))
                report.ingest.skipped.append(Skipped(page.url, page.error.reason))
            elif page.key in refused:
                rows.append(FetchedRow(page.key, "skipped", page.feed, None, refused[page.key], 1, now))
            else:
                article_id = page.article.id if page.article else None
                stored = next((i for i in stored_ids if i.split("~")[0] == article_id), article_id)
                rows.append(FetchedRow(page.key, "stored", page.feed, stored, None, 1, now))
                if page.feed in self.polls:
                    self.polls[page.feed].stored += 1
        with self.store.transaction():
            self.store.save_fetched(rows)
            for feed in self.feeds.values():
                feed.items += self.polls[feed.url].stored
                self.store.save_feed(feed)
        report.feeds = list(self.polls.values())
        report.next_due = min((f.next_due for f in self.store.list_feeds()), default=None)
        report.seconds = time.time() - self.now
        return report


async def poll_async(db=None, settings: FetchSettings | None = None, feeds: list[str] | None = None,
                     due_only: bool = True, briefs: bool = True, service: StoryService | None = None) -> WatchReport:
    """One pass over the due feeds (or the given followed ones)."""
    settings = settings or Settings().fetch
    run = _Pass(db, settings, service)
    try:
        chosen = run.store.list_feeds(feeds) if feeds is not None else (
            run.store.due_feeds(run.now) if due_only else run.store.list_feeds())
        async with Fetcher(settings) as fetcher:
            await asyncio.gather(*(run.poll_feed(fetcher, feed) for feed in chosen))
            await run.fetch_pending(fetcher)
        return await run.finish(briefs)
    finally:
        run.close()


def poll(db=None, settings: FetchSettings | None = None, feeds: list[str] | None = None,
         due_only: bool = True, briefs: bool = True, service: StoryService | None = None) -> WatchReport:
    return asyncio.run(poll_async(db, settings, feeds, due_only, briefs, service))


def ingest_urls(urls: list[str], db=None, settings: FetchSettings | None = None, briefs: bool = True,
                service: StoryService | None = None) -> WatchReport:
    return asyncio.run(ingest_urls_async(urls, db, settings, briefs, service=service))


async def ingest_urls_async(urls: list[str], db=None, settings: FetchSettings | None = None, briefs: bool = True,
                            feeds: bool = True, budget: float | None = None,
                            service: StoryService | None = None) -> WatchReport:
    """Store article pages; a feed URL (when `feeds`) is followed and its new items stored. A page is fetched
    again even when it was before: the user asked for it (its stored copy is kept when the text is the same).
    Fetching stops after `budget` seconds (what was fetched by then is stored, the rest reported)."""
    settings = settings or Settings().fetch
    started = time.monotonic()
    run = _Pass(db, settings, service)
    try:
        async with Fetcher(settings) as fetcher:
            async def one(url: str) -> bool:
                try:
                    url = check_url(url)
                    fetched = await fetcher.get(url, accept=f"{HTML_ACCEPT},{FEED_ACCEPT}")
                except FetchError as error:
                    run.report.ingest.skipped.append(Skipped(url, error.reason))
                    return True
                if looks_like_feed(fetched.content_type, fetched.body[:1024]):
                    if not feeds:
                        run.report.ingest.skipped.append(Skipped(url, "a feed: follow it with POST /v1/feeds"))
                        return True
                    key = normalize(url)
                    run.store.add_feed(key, run.now)
                    await run.poll_feed(fetcher, run.store.list_feeds([key])[0], fetched)
                    return True
                page = _Pending(url, normalize(url))
                try:
                    page.article = await asyncio.to_thread(extract_page, fetched)
                except FetchError as error:
                    page.error = error
                run.pending[page.key] = page
                return True

            unique = list(dict.fromkeys(urls))
            for url, done in zip(unique, await within(budget, (one(url) for url in unique))):
                if done is None:
                    run.report.ingest.skipped.append(Skipped(url, cut_off(budget).reason))
            left = None if budget is None else max(0.0, budget - (time.monotonic() - started))
            await run.fetch_pending(fetcher, left)
        return await run.finish(briefs)
    finally:
        run.close()


def watch(db=None, settings: FetchSettings | None = None, *, once: bool = False,
          on_pass: Callable[[WatchReport], None] | None = None, sleep: Callable[[float], None] = time.sleep,
          brief_settings: Settings | None = None) -> None:
    """Poll due feeds until interrupted (or one pass, `once`), sleeping until the next feed is due. The store and
    its clustering index are opened once, for every pass; stories are briefed with `brief_settings` (default
    Settings())."""
    settings = settings or Settings().fetch
    with StoryService.open(db, settings=brief_settings) as service:
        while True:
            report = poll(db, settings, service=service)
            if on_pass:
                on_pass(report)
            if once:
                return
            wait = (report.next_due or time.time() + settings.every) - time.time()
            sleep(min(max(wait, 1.0), settings.every))


def iso_time(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def feed_state(feed: FeedRow, settings: FetchSettings) -> str:
    """new (never polled), ok, failing (backing off) or dead (failed `dead_after` polls in a row)."""
    if feed.last_fetch is None:
        return "new"
    if feed.failures >= settings.dead_after:
        return "dead"
    return "failing" if feed.failures else "ok"


def feed_health(db=None, settings: FetchSettings | None = None, service: StoryService | None = None) -> list[dict]:
    """Each followed feed: url, title, state, last_fetch, last_ok, status, items, failures, next_due."""
    settings = settings or Settings().fetch
    with _store(db, service) as store:
        feeds = store.list_feeds()
    return [
        {
            "url": f.url, "title": f.title, "state": feed_state(f, settings), "last_fetch": iso_time(f.last_fetch),
            "last_ok": iso_time(f.last_ok), "status": f.last_status, "items": f.items, "failures": f.failures,
            "next_due": iso_time(f.next_due),
        }
        for f in feeds
    ]  # fmt: skip

