"""The HTTP client every fetch goes through: httpx, with each redirect hop checked and the body size capped.

Per request: the scheme and the resolved addresses are checked on every hop (`addresses.resolve`) and the connection
goes to those checked addresses, in turn (Host header and TLS server name stay the host's, and each host name has
its own connection pool); redirects are followed here, at most `max_redirects`, and a loop is reported as one;
robots.txt is honoured (`robots.Robots`, kept per site across sessions); at most `host_concurrency` requests per
host are in flight and their starts (counted from when each goes out) are `host_interval` apart (or the site's
Crawl-delay, bounded); 429 and 5xx answers and timeouts are retried after `backoff` seconds doubling, or the
server's Retry-After when it is at most `max_retry_wait`; the body is read as a stream and refused past `max_bytes`
on the wire or after decompression (only gzip and deflate are asked for, and decompressed here in bounded steps, so
a gzip bomb is refused after `max_bytes` of output, not after it filled the memory); the whole response must
arrive within `deadline` seconds.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from ..settings import FetchSettings
from .addresses import resolve
from .robots import Robots
from .urls import FetchError, check_url

REDIRECTS = (301, 302, 303, 307, 308)
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"


@dataclass
class Fetched:
    """A 200 (with its body) or a 304 (no body) answer, after redirects."""

    url: str  # the final URL
    status: int
    headers: httpx.Headers
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class _Retry(Exception):
    def __init__(self, reason: str, retry_after: float | None = None, status: int | None = None):
        self.reason = reason
        self.retry_after = retry_after
        self.status = status


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Decoder:
    """Content-Encoding decoding with the output capped, a chunk at a time."""

    def __init__(self, encoding: str, limit: int):
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self.zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self.zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.zlib = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", permanent=True)
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        if self.zlib is None:
            self._keep(chunk)
            return
        try:
            data = self.zlib.decompress(chunk, self.limit - self.size + 1)
            self._keep(data)
            while self.zlib.unconsumed_tail:
                self._keep(self.zlib.decompress(self.zlib.unconsumed_tail, self.limit - self.size + 1))
        except zlib.error as error:
            raise FetchError(f"corrupt compressed body: {error}", permanent=True) from None

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"body larger than the {self.limit:,}-byte limit after decompression", permanent=True)
        self.parts.append(data)

    def body(self) -> bytes:
        if self.zlib is not None:
            try:
                self._keep(self.zlib.flush())
            except zlib.error as error:
                raise FetchError(f"corrupt compressed body: {error}", permanent=True) from None
        return b"".join(self.parts)


@dataclass
class _Host:
    semaphore: asyncio.Semaphore  # requests in flight
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)  # the one request waiting for its start time
    next_start: float = 0.0  # the earliest the next request may start (loop time)
    interval: float = 0.0


class Fetcher:
    """One fetching session (`async with Fetcher(settings) as fetcher: await fetcher.get(url)`)."""

    def __init__(self, settings: FetchSettings | None = None):
        self.settings = settings or FetchSettings()
        self.robots = Robots(self)
        self._hosts: dict[str, _Host] = {}
        self._all = asyncio.Semaphore(self.settings.concurrency)
        self._clients: dict[str, httpx.AsyncClient] = {}

    def _client(self, host: str) -> httpx.AsyncClient:
        """The host's own client. Connections go to checked IP addresses, so a shared pool would be keyed by address
        and could hand host B a TLS connection set up (and its certificate checked) for host A on the same IP."""
        client = self._clients.get(host)
        if client is None:
            # trust_env=False: no proxies from the environment (a proxy would connect to unchecked addresses);
            # redirects are followed by `get`, hop by hop
            client = self._clients[host] = httpx.AsyncClient(
                timeout=httpx.Timeout(self.settings.timeout), follow_redirects=False, trust_env=False,
                headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"},
                limits=httpx.Limits(max_connections=self.settings.host_concurrency,
                                    max_keepalive_connections=self.settings.host_concurrency),
            )  # fmt: skip
        return client

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc) -> None:
        for client in self._clients.values():
            await client.aclose()

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        gate = self._gate(host)
        gate.interval = max(self.settings.host_interval, min(seconds, self.settings.max_crawl_delay))

    def _gate(self, host: str) -> _Host:
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = _Host(asyncio.Semaphore(self.settings.host_concurrency),
                                             interval=self.settings.host_interval)
        return gate

    @asynccontextmanager
    async def _slot(self, host: str):
        """A request's turn: a place among the host's requests in flight, its start time, then a place among all
        requests. Yields `started`, which the request calls just before it is sent: the host's next request starts
        `interval` after that moment, not after the moment this one was due, which a loop held up (extraction
        threads, a loaded machine) or a wait for a place among all requests would leave behind, so that requests
        due meanwhile would go out back to back."""
        gate = self._gate(host)
        loop = asyncio.get_running_loop()
        async with gate.semaphore:  # the host's turn first: waiting for it must not hold a slot other hosts could use
            await gate.turn.acquire()
            waiting = True  # this request holds the host's turn until it is sent

            def started() -> None:
                nonlocal waiting
                gate.next_start = loop.time() + gate.interval
                if waiting:
                    waiting = False
                    gate.turn.release()

            try:
                while (wait := gate.next_start - loop.time()) > 0:
                    await asyncio.sleep(wait)
                async with self._all:
                    yield started
            finally:
                if waiting:
                    gate.turn.release()

    async def get(
        self, url: str, *, accept: str = HTML_ACCEPT, etag: str | None = None, last_modified: str | None = None,
        robots: bool = True, max_bytes: int | None = None,
    ) -> Fetched:  # fmt: skip
        """GET a URL (redirects followed, retries done); a 200 or 304 `Fetched`, else FetchError with the reason."""
        settings = self.settings
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(settings.retries + 1):
            try:
                return await self._follow(url, headers, robots, max_bytes or settings.max_bytes)
            except _Retry as retry:
                wait = retry.retry_after if retry.retry_after is not None else settings.backoff * 2**attempt
                if retry.retry_after is not None and retry.retry_after > settings.max_retry_wait:
                    raise FetchError(f"{retry.reason}; the server asks to wait {retry.retry_after:.0f} s",
                                     retry_after=retry.retry_after, status=retry.status) from None
                if attempt == settings.retries:
                    tries = f" ({attempt + 1} tries)" if attempt else ""
                    raise FetchError(retry.reason + tries, retry_after=retry.retry_after, status=retry.status) from None
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def _follow(self, url: str, headers: dict, robots: bool, max_bytes: int) -> Fetched:
        seen: list[str] = []
        for _ in range(self.settings.max_redirects + 1):
            url = check_url(url)
            if url in seen:
                raise FetchError(f"redirect loop at {url}", permanent=True)
            seen.append(url)
            if robots and self.settings.respect_robots:
                await self.robots.check(url)
            answer = await self._request(url, headers, max_bytes)
            if isinstance(answer, Fetched):
                return answer
            url = answer
        raise FetchError(f"more than {self.settings.max_redirects} redirects", permanent=True)

    async def _request(self, url: str, headers: dict, max_bytes: int) -> Fetched | str:
        """One request: a Fetched, or the next URL of a redirect."""
        target = httpx.URL(url)
        host = target.host
        addresses = await resolve(host, target.port or (443 if target.scheme == "https" else 80),
                                  self.settings.allow_private_hosts)
        extensions = {"sni_hostname": host} if target.scheme == "https" else {}
        request_headers = {**headers, "Host": target.netloc.decode("ascii")}
        client = self._client(host)  # before the slot: a new client's set-up (its TLS context) takes a while
        async with self._slot(host) as started:
            try:
                async with asyncio.timeout(self.settings.deadline):
                    for number, address in enumerate(addresses, start=1):
                        try:
                            return await self._exchange(client, url, target.copy_with(host=address),
                                                        request_headers, extensions, max_bytes, started)
                        except httpx.ConnectError:
                            if number == len(addresses):  # each checked address in turn (IPv6 and IPv4)
                                raise
                    raise AssertionError("resolve returns at least one address")
            except TimeoutError:
                raise _Retry(f"no complete answer within {self.settings.deadline:g} s") from None
            except httpx.TimeoutException:
                raise _Retry(f"timed out after {self.settings.timeout:g} s") from None
            except httpx.HTTPError as error:
                raise _Retry(f"connection failed: {type(error).__name__}: {error}".rstrip(": ")) from None

    async def _exchange(self, client: httpx.AsyncClient, url: str, pinned: httpx.URL, headers: dict, extensions: dict,
                        max_bytes: int, started: Callable[[], None]):
        request = client.build_request("GET", pinned, headers=headers, extensions=extensions)
        started()
        response = await client.send(request, stream=True)
        try:
            status = response.status_code
            if status in REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location", permanent=True)
                return urljoin(url, location.strip())
            if status == 429 or status >= 500:
                raise _Retry(f"HTTP {status}", retry_after(response.headers.get("retry-after")), status)
            if status == 304:
                return Fetched(url, status, response.headers)
            if status != 200:
                raise FetchError(f"HTTP {status}", permanent=400 <= status < 500 and status not in (408, 425),
                                 status=status)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"body larger than the {max_bytes:,}-byte limit ({int(declared):,} bytes)",
                                 permanent=True)
            decoder = _Decoder(response.headers.get("content-encoding", ""), max_bytes)
            wire = 0
            async for chunk in response.aiter_raw():
                wire += len(chunk)
                if wire > max_bytes:
                    raise FetchError(f"body larger than the {max_bytes:,}-byte limit", permanent=True)
                decoder.feed(chunk)
            return Fetched(url, status, response.headers, decoder.body())
        finally:
            await response.aclose()

