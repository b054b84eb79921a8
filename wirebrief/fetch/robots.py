"""robots.txt, fetched once per site and session and read with urllib.robotparser (RFC 9309 rules for failures).

A robots.txt that is missing or answers another 4xx allows everything; one that cannot be fetched (5xx, timeout,
refused address) disallows the site for this session, as RFC 9309 asks of an unreachable robots.txt. A Crawl-delay
for our user agent (or *) slows that site's requests down, up to `FetchSettings.max_crawl_delay`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .addresses import HostError
from .urls import FetchError

if TYPE_CHECKING:
    from .http import Fetcher

MAX_ROBOTS_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB


class Robots:
    def __init__(self, fetcher: "Fetcher"):
        self.fetcher = fetcher
        self.agent = fetcher.settings.user_agent.split("/")[0]  # the product token: "wirebrief"
        self._rules: dict[str, RobotFileParser | None] = {}  # site root -> rules, None when it could not be read
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}/"
        if root not in self._rules:
            lock = self._locks.setdefault(root, asyncio.Lock())
            async with lock:
                if root not in self._rules:
                    self._rules[root] = await self._load(root, parts.hostname or "")
        rules = self._rules[root]
        return rules is not None and rules.can_fetch(self.agent, url)

    async def _load(self, root: str, host: str) -> RobotFileParser | None:
        rules = RobotFileParser(root + "robots.txt")
        try:
            fetched = await self.fetcher.get(root + "robots.txt", accept="text/plain", robots=False,
                                             max_bytes=MAX_ROBOTS_BYTES)
            rules.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        except HostError:
            raise  # the site itself cannot be fetched: say so, not "disallowed by robots.txt"
        except FetchError as error:
            if error.status is None or not 400 <= error.status < 500:
                return None  # unreachable: RFC 9309 says assume complete disallow
            rules.parse([])  # 4xx: no rules, everything allowed
        delay = rules.crawl_delay(self.agent)
        if delay:
            self.fetcher.set_crawl_delay(host, float(delay))
        return rules
