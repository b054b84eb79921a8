"""The front door: inputs that mix paths, stdin, URLs and feeds, handed to the pipeline (`brief_inputs`) or the story
service (`ingest_sources`); the CLI and the server both come in here.

Only a URL input imports the fetching machinery (httpx, feedparser): briefing files stays as quick to start.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from .errors import UsageError
from .fetch.urls import is_url
from .readers import ReadResult, read_inputs
from .settings import Settings
from .types import Brief

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_INTERVAL = 60.0


def parse_interval(text: str) -> float:
    """'15m', '1h', '90s', '2d' or plain seconds -> seconds; at least a minute (polling faster is impolite)."""
    match = _INTERVAL.match(text or "")
    if not match:
        raise UsageError(f"cannot read the interval {text!r}: give e.g. 15m, 1h or 900")
    seconds = float(match.group(1)) * _SECONDS[match.group(2).lower()]
    if seconds < MIN_INTERVAL:
        raise UsageError(f"--every {text} is too often: poll at most once a minute")
    return seconds


def fetch_settings(settings: Settings, allow_private_hosts: bool = False, every: float | None = None) -> Settings:
    """`settings` with the command line's fetch options applied."""
    fetch = settings.fetch
    if allow_private_hosts:
        fetch = replace(fetch, allow_private_hosts=True)
    if every is not None:
        fetch = replace(fetch, every=every)
    return replace(settings, fetch=fetch)


def read_sources(inputs: list[str], settings: Settings, stdin: bytes | None = None) -> ReadResult:
    """Read paths (as `read_inputs`) and fetch URLs, keeping the inputs' order."""
    urls = [item for item in inputs if is_url(item)]
    if not urls:  # a brief takes at most max_articles articles: reading stops there
        return read_inputs(inputs, settings.max_file_bytes, stdin=stdin, max_articles=settings.max_articles)
    from .fetch.watch import read_each_url

    pages = read_each_url(urls, settings.fetch)
    result, run = ReadResult(), []
    for item in [*inputs, None]:
        if item is not None and not is_url(item):
            run.append(item)
            continue
        if run:
            result.extend(read_inputs(run, settings.max_file_bytes, stdin=stdin))
            run = []
        if item is not None:
            result.extend(pages[item])
    return result


def brief_inputs(
    inputs: Iterable[str] | str,
    settings: Settings | None = None,
    stdin: bytes | None = None,
    *,
    words: int | None = None,
    sentences: int | None = None,
    chars: int | None = None,
    method: str | None = None,
) -> Brief:
    """Brief files, directories, '-' (stdin) and URLs of article pages as one cluster.

    >>> b = brief_inputs(["reports/", "extra.html"], words=100, method="coverage")   # doctest: +SKIP
    """
    # lazy for start-up: the engine loads numpy and scikit-learn, which `feeds` and `watch` never need
    from .pipeline import brief_from_read, settings_for

    settings = settings_for(settings, words, sentences, chars, method)
    if isinstance(inputs, str):
        inputs = [inputs]
    return brief_from_read(read_sources(list(inputs), settings, stdin=stdin), settings)


def page_records(pages: dict[str, ReadResult]) -> tuple[list[dict], list]:
    """Fetched pages (from `watch.read_each_url`) as article records, and the skips of the URLs that failed."""
    from .fetch.watch import page_record

    records, skipped = [], []
    for result in pages.values():
        records += [page_record(article) for article in result.articles]
        skipped += result.skipped
    return records, skipped


def ingest_sources(inputs: list[str], db, settings: Settings, briefs: bool = True, on_commit=None, ray: bool = False,
                   ray_address: str | None = None):
    """Ingest paths (as `ingest_inputs`) and URLs (pages stored, feeds followed): (IngestReport, feed polls). The
    store and its clustering index are opened once for both."""
    from .stories import StoryService

    urls = [item for item in inputs if is_url(item)]
    paths = [item for item in inputs if not is_url(item)]
    with StoryService.open(db, settings=settings) as service:
        report = service.ingest_paths(paths, briefs=briefs, on_commit=on_commit, ray=ray,
                                      ray_address=ray_address) if paths else None
        if not urls:
            return report, []
        from .fetch.watch import ingest_urls

        fetched = ingest_urls(urls, db, settings.fetch, briefs=briefs, service=service)
    return (fetched.ingest if report is None else report.merge(fetched.ingest)), fetched.feeds


def run_watch(feed_list: Path | None, db, settings: Settings, once: bool,
              show: Callable[[object], None]) -> None:
    """Follow the feeds in `feed_list` (if given) and poll every followed feed until interrupted."""
    from .fetch.feeds import read_feed_list
    from .fetch.watch import add_feeds, feed_health, watch

    refused = []
    if feed_list is not None:
        urls, refused = read_feed_list(feed_list)
        _, more = add_feeds(urls, db)
        refused += more
    for item in refused:
        show(item)
    if not feed_health(db, settings.fetch):
        raise UsageError("no feeds to watch: give a feed list (one URL a line, or OPML), or follow a feed with "
                         "`wirebrief ingest FEED_URL`")
    try:
        watch(db, settings.fetch, once=once, on_pass=show, sleep=time.sleep, brief_settings=settings)
    except KeyboardInterrupt:
        return
