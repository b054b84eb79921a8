"""robots.txt, read with urllib.robotparser and kept per site across fetching sessions (RFC 9309's rules).

A site's robots.txt is asked for once and its answer kept in `CACHE`, shared by every `Fetcher` of this process (the
passes of `wirebrief watch`, the server's requests): rules that were read, and a missing robots.txt or another 4xx
(everything allowed), for `MAX_AGE` (RFC 9309 §2.4: at most 24 hours); a robots.txt that cannot be fetched (5xx,
429, timeout, no connection) means the site is not crawled at all (RFC 9309 §2.3.1.4), and that is kept for only
`UNREACHABLE_MAX_AGE`, after which it is asked for again. Pages it kept out then fail for now, not for good: a later
pass fetches them. At most `MAX_SITES` sites are kept, the least recently used leaving first. A Crawl-delay for our
user agent (or *) slows that site's requests down, up to `FetchSettings.max_crawl_delay`. A session keeps the rules
it first used for a site until it ends.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ..settings import FetchSettings
from .addresses import HostError
from .urls import FetchError


class Fetching(Protocol):
    """What robots.txt checking asks of a fetching session: wirebrief.fetch.http's Fetcher, which imports this module."""

    settings: FetchSettings

    def set_crawl_delay(self, host: str, seconds: float) -> None: ...

    async def get(self, url: str, **options: Any) -> Any: ...

MAX_ROBOTS_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
MAX_AGE = 24 * 3600.0  # seconds a fetched robots.txt (or a 4xx for one) is used; RFC 9309 §2.4's limit
UNREACHABLE_MAX_AGE = 600.0  # seconds a site whose robots.txt could not be fetched is left alone before asking again
MAX_SITES = 1_000  # sites kept; beyond that the least recently used is forgotten


@dataclass(frozen=True)
class SiteRules:
    """What a site's robots.txt said: its rules (None: it could not be fetched, so nothing may be), the reason
    when it could not be, and its Crawl-delay for us."""

    rules: RobotFileParser | None
    failure: str | None = None
    crawl_delay: float | None = None


class RobotsCache:
    """Sites' robots.txt answers, each until it expires, at most `size` sites; safe to share between threads."""

    def __init__(self, size: int = MAX_SITES, clock: Callable[[], float] = time.monotonic):
        self.size = size
        self.clock = clock
        self._entries: OrderedDict[str, tuple[float, SiteRules]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, root: str) -> SiteRules | None:
        with self._lock:
            entry = self._entries.get(root)
            if entry is None:
                return None
            if entry[0] <= self.clock():
                del self._entries[root]
                return None
            self._entries.move_to_end(root)
            return entry[1]

    def put(self, root: str, site: SiteRules, max_age: float) -> None:
        with self._lock:
            self._entries[root] = (self.clock() + max_age, site)
            self._entries.move_to_end(root)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


CACHE = RobotsCache()


class Robots:
    """One fetching session's view of robots.txt: `check(url)` raises FetchError when the URL may not be fetched."""

    def __init__(self, fetcher: Fetching, cache: RobotsCache | None = None):
        self.fetcher = fetcher
        self.cache = CACHE if cache is None else cache
        self.agent = fetcher.settings.user_agent.split("/")[0]  # the product token: "wirebrief"
        self._sites: dict[str, SiteRules] = {}  # site root -> what this session goes by
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str) -> None:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}/"
        site = self._sites.get(root)
        if site is None:
            async with self._locks.setdefault(root, asyncio.Lock()):
                site = self._sites.get(root)
                if site is None:
                    site = self.cache.get(root) or await self._load(root)
                    self._sites[root] = site
                    if site.crawl_delay:
                        self.fetcher.set_crawl_delay(parts.hostname or "", site.crawl_delay)
        if site.rules is None:
            # not for good: the site's robots.txt is asked for again later, and the page fetched if it may be
            raise FetchError(f"{root}robots.txt could not be read ({site.failure}): the site is not crawled for now")
        if not site.rules.can_fetch(self.agent, url):
            raise FetchError(f"disallowed by {root}robots.txt", permanent=True)

    async def _load(self, root: str) -> SiteRules:
        rules = RobotFileParser(root + "robots.txt")
        try:
            fetched = await self.fetcher.get(root + "robots.txt", accept="text/plain", robots=False,
                                             max_bytes=MAX_ROBOTS_BYTES)
            rules.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        except HostError:
            raise  # the site itself cannot be fetched: say so, not "disallowed by robots.txt"
        except FetchError as error:
            # unreachable (no answer, 5xx): RFC 9309 says assume complete disallow; so does a 429, which asks
            # us to wait, not to crawl everything
            if error.status is None or error.status == 429 or error.status >= 500:
                site = SiteRules(None, error.reason)
                self.cache.put(root, site, UNREACHABLE_MAX_AGE)
                return site
            rules.parse([])  # 4xx: no rules, everything allowed
        delay = rules.crawl_delay(self.agent)
        site = SiteRules(rules, crawl_delay=float(delay) if delay else None)
        self.cache.put(root, site, MAX_AGE)
        return site
