"""Fetching pages and feeds from a real HTTP server on 127.0.0.1 (tests/fetch_server.py): politeness, safety
caps, feed polling state and resumption. Nothing here touches the internet."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import threading
import time
from dataclasses import replace
from urllib.parse import urlsplit

import pytest

from tests.fetch_server import FixtureServer, article_page, atom, gzip_bomb, rss
from wirebrief.fetch import robots
from wirebrief.fetch.addresses import refusal
from wirebrief.fetch.http import Fetcher
from wirebrief.fetch.urls import FetchError, check_url, normalize, page_id
from wirebrief.fetch.watch import add_feeds, feed_health, ingest_urls, poll, read_urls
from wirebrief.settings import FetchSettings
from wirebrief.stories import list_stories
from wirebrief.stories.backends import open_store

HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}
ATOM = {"Content-Type": "application/atom+xml"}


def fast(**changes) -> FetchSettings:
    """Loopback allowed (the fixture server), no politeness pauses, short timeouts: the tests' settings."""
    # timeouts leave room for a loaded machine: the fixture server shares this process's GIL with extraction
    base = FetchSettings(allow_private_hosts=True, host_interval=0.0, timeout=5.0, deadline=10.0, retries=1,
                         backoff=0.05, every=60.0)
    return replace(base, **changes)


def trickle(handler):
    """Headers at once, then a byte every 0.2 s: each read is quick, the whole answer never arrives."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    try:
        for _ in range(50):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)
    except (BrokenPipeError, ConnectionResetError):
        pass


def endless(handler):
    """20 MB with no Content-Length: only counting the streamed bytes can stop it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    try:
        for _ in range(320):
            handler.wfile.write(b"<p>" + b"x" * 65_530 + b"</p>")
    except (BrokenPipeError, ConnectionResetError):
        pass


@pytest.fixture
def site():
    released = threading.Event()
    with FixtureServer() as server:
        base = server.url
        calls = {"busy": 0}

        def busy(handler):
            calls["busy"] += 1
            if calls["busy"] == 1:
                return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, "slow down"
            return 200, HTML, article_page(9, "Busy Post")

        def conditional_rss(handler):
            if handler.headers.get("If-None-Match") == '"v1"':
                return 304, {"ETag": '"v1"'}, b""
            items = [(f"{base}/news/1?utm_source=rss&utm_medium=feed", "Ferries halted"),
                     (f"{base}/news/2", "Pier wrecked"), (f"{base}/news/3", "Bus service")]
            return 200, {**RSS, "ETag": '"v1"', "Last-Modified": "Thu, 10 Jun 2026 08:00:00 GMT"}, rss(items)

        def slow(handler):
            released.wait(60)  # answers only once the test is over: no client timeout can be outrun by it
            return 200, HTML, article_page(1, "Slow")

        server.routes.update({
            "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n"),
            "/rss.xml": conditional_rss,
            "/atom.xml": (200, ATOM, atom([(f"{base}/news/1", "Ferries halted"), (f"{base}/news/4", "Divers")])),
            "/malformed.xml": (200, RSS, "this is { not a feed"),
            "/news/1": (200, HTML, article_page(1, "Varna Courier", canonical=f"{base}/news/1")),
            "/news/2": (200, HTML, article_page(2, "Varna Courier")),
            "/news/3": (200, HTML, article_page(3, "Varna Courier")),
            "/news/4": (200, HTML, article_page(4, "Pella Island Radio")),
            "/gzipped": (200, {**HTML, "Content-Encoding": "gzip"}, gzip.compress(article_page(5, "Zip News").encode())),
            "/private/page": (200, HTML, article_page(6, "Hidden")),
            "/missing": (404, {"Content-Type": "text/plain"}, "no such page"),
            "/busy": busy,
            "/busy-long": (429, {"Retry-After": "3600"}, "come back in an hour"),
            "/loop-a": (302, {"Location": "/loop-b"}, b""),
            "/loop-b": (302, {"Location": f"{base}/loop-a"}, b""),
            "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
            "/to-ftp": (301, {"Location": "ftp://files.example.invalid/x"}, b""),
            "/huge": (200, HTML, b"<p>" + b"x" * 20_000_000 + b"</p>"),
            "/endless": endless,
            "/bomb": (200, {**HTML, "Content-Encoding": "gzip"}, gzip_bomb()),
            "/slow": slow,
            "/trickle": trickle,
            "/headline-only": (200, HTML, "<html><head><title>Ferries halted</title></head><body><h1>Ferries halted"
                                          "</h1></body></html>"),
            "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        })  # fmt: skip
        yield server
        released.set()


def fetch_error(url: str, settings: FetchSettings | None = None) -> str:
    async def run():
        async with Fetcher(settings or fast()) as fetcher:
            await fetcher.get(url)

    with pytest.raises(FetchError) as caught:
        asyncio.run(run())
    return caught.value.reason


# --- addresses and URLs ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("address, allowed_with_setting", [
    ("127.0.0.1", True), ("::1", True), ("10.1.2.3", True), ("192.168.0.7", True), ("172.16.5.4", True),
    ("169.254.169.254", False), ("fe80::1", False), ("224.0.0.1", False), ("0.0.0.0", False),
    ("100.100.100.200", False), ("fd00:ec2::254", False), ("::ffff:169.254.169.254", False), ("240.0.0.1", False),
])  # fmt: skip
def test_private_and_special_addresses_are_refused(address, allowed_with_setting):
    ip = ipaddress.ip_address(address)
    assert refusal(ip, allow_private=False) is not None
    assert (refusal(ip, allow_private=True) is None) == allowed_with_setting


def test_public_addresses_pass():
    assert refusal(ipaddress.ip_address("93.184.216.34"), allow_private=False) is None
    assert refusal(ipaddress.ip_address("2606:4700::1111"), allow_private=False) is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "gopher://x/", "javascript:alert(1)",
                                 "http://", "http://user:pw@example.org/", "http://example.org:99999/"])
def test_only_plain_http_urls_are_accepted(url):
    with pytest.raises(FetchError):
        check_url(url)


def test_tracking_parameters_do_not_make_a_new_page():
    plain = "https://news.example.org/world/ferries?id=7"
    tracked = "HTTPS://News.Example.org:443/world/ferries?utm_source=rss&id=7&fbclid=abc#comments"
    assert normalize(tracked) == normalize(plain)
    assert page_id(tracked) == page_id(plain)


def test_loopback_is_refused_without_the_setting(site):
    reason = fetch_error(f"{site.url}/news/1", FetchSettings(host_interval=0.0))
    assert "loopback" in reason and "127.0.0.1" in reason
    assert site.log == []  # refused before connecting: not even robots.txt was asked for


# --- the client: redirects, caps, retries ------------------------------------------------------------------------
def test_redirect_loop_is_reported(site):
    assert "redirect loop" in fetch_error(f"{site.url}/loop-a")


def test_redirect_to_metadata_address_is_refused_on_that_hop(site):
    reason = fetch_error(f"{site.url}/to-metadata")
    assert "169.254.169.254" in reason and "refused" in reason


def test_redirect_to_another_scheme_is_refused(site):
    assert "only http and https" in fetch_error(f"{site.url}/to-ftp")


def test_twenty_megabyte_page_is_refused(site):
    assert "5,000,000-byte limit" in fetch_error(f"{site.url}/huge")


def test_undeclared_endless_body_is_cut_off_while_streaming(site):
    assert "5,000,000-byte limit" in fetch_error(f"{site.url}/endless")


def test_gzip_bomb_is_refused_after_the_limit(site):
    assert "after decompression" in fetch_error(f"{site.url}/bomb")


def test_slow_server_times_out(site):
    # the server holds its answer until the test is over: only the 1 s read timeout (not the 6 s deadline) ends it
    # (robots.txt is not read: under the same 1 s limit a loaded machine could make it fail instead)
    assert "timed out after 1 s" in fetch_error(f"{site.url}/slow", fast(retries=0, timeout=1.0, respect_robots=False))


def test_trickling_server_hits_the_deadline(site):
    reason = fetch_error(f"{site.url}/trickle", fast(retries=0, timeout=3.0, deadline=1.0, respect_robots=False))
    assert "no complete answer within 1 s" in reason


def test_429_is_retried_after_retry_after(site):
    result = read_urls([f"{site.url}/busy"], fast())
    assert [a.site_name for a in result.articles] == ["Busy Post"] and not result.skipped
    times = [t for t, path, _ in site.log if path == "/busy"]
    assert len(times) == 2 and times[1] - times[0] >= 0.95


def test_a_long_retry_after_is_not_waited_for(site):
    started = time.monotonic()
    reason = fetch_error(f"{site.url}/busy-long")
    assert "HTTP 429" in reason and "3600" in reason
    # not waited for: well under the hour asked for, however loaded the machine (a quiet one takes ~0.1 s)
    assert time.monotonic() - started < 60 and site.hits("/busy-long") == 1


def test_robots_txt_is_honoured(site):
    assert "robots.txt" in fetch_error(f"{site.url}/private/page")
    assert site.hits("/private/page") == 0
    read_urls([f"{site.url}/private/page"], fast(respect_robots=False))
    assert site.hits("/private/page") == 1


@pytest.fixture
def clock(monkeypatch):
    """robots.txt answers kept on a clock the test moves: [now]."""
    now = [1000.0]
    monkeypatch.setattr(robots, "CACHE", robots.RobotsCache(clock=lambda: now[0]))
    return now


def robots_asked(site, host: str) -> int:
    return sum(1 for _, p, h in site.log if p == "/robots.txt" and h["Host"].split(":")[0] == host)


def test_robots_txt_is_kept_across_passes_until_it_expires(site, tmp_path, clock):
    db = tmp_path / "s.db"
    add_feeds([f"{site.url}/atom.xml"], db)
    first = poll(db, fast(), due_only=False)
    second = poll(db, fast(), due_only=False)
    assert first.pages == 2 and {f.status for f in first.feeds + second.feeds} == {"ok"}
    assert site.hits("/atom.xml") == 2 and site.hits("/robots.txt") == 1  # two passes, robots.txt asked once
    assert "robots.txt" in fetch_error(f"{site.url}/private/page")  # its rules still hold, from the cache
    assert site.hits("/robots.txt") == 1
    clock[0] += robots.MAX_AGE - 1
    poll(db, fast(), due_only=False)
    assert site.hits("/robots.txt") == 1
    clock[0] += 2  # more than 24 hours since it was read (RFC 9309 2.4): asked again
    poll(db, fast(), due_only=False)
    assert site.hits("/robots.txt") == 2


def test_an_unreachable_robots_txt_keeps_the_site_alone_for_a_while_then_is_asked_again(site, tmp_path, clock):
    """The feed is on 127.0.0.1 and lists a page on localhost (the same server, another site to robots.txt): while
    localhost's robots.txt answers 503 nothing of that site is fetched, and the page fails for now, not for good."""
    port = site.url.rsplit(":", 1)[1]
    page = f"http://localhost:{port}/news/2"
    down = {"localhost": True}

    def robots_txt(handler):
        if down["localhost"] and handler.headers["Host"].startswith("localhost:"):
            return 503, {"Content-Type": "text/plain"}, "down for maintenance"
        return 200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n"

    site.routes["/robots.txt"] = robots_txt
    site.routes["/mixed.xml"] = (200, RSS, rss([(page, "Pier"), (f"{site.url}/news/3", "Bus")]))
    db = tmp_path / "s.db"
    add_feeds([f"{site.url}/mixed.xml"], db)
    settings = fast(retries=0)
    first = poll(db, settings)
    reasons = {s.path: s.reason for s in first.ingest.skipped}
    assert reasons[page] == (f"http://localhost:{port}/robots.txt could not be read (HTTP 503): the site is not "
                             "crawled for now")
    assert len(first.ingest.added) == 1 and site.hits("/news/2") == 0  # the other site's page is stored
    again = poll(db, settings, due_only=False)
    assert page in {s.path for s in again.ingest.skipped} and site.hits("/news/2") == 0
    assert robots_asked(site, "localhost") == 1 and robots_asked(site, "127.0.0.1") == 1  # kept between passes
    down["localhost"] = False
    clock[0] += robots.UNREACHABLE_MAX_AGE + 1  # a while later it is asked for again, and the page fetched
    last = poll(db, settings, due_only=False)
    assert robots_asked(site, "localhost") == 2 and site.hits("/news/2") == 1
    assert not last.ingest.skipped and len(last.ingest.added) + len(last.ingest.duplicates) == 1


def test_a_missing_robots_txt_allows_everything_and_is_kept_too(site, tmp_path, clock):
    site.routes["/robots.txt"] = (404, {"Content-Type": "text/plain"}, "no such file")
    result = read_urls([f"{site.url}/private/page"], fast())
    assert [a.site_name for a in result.articles] == ["Hidden"]
    read_urls([f"{site.url}/news/1"], fast())
    assert site.hits("/robots.txt") == 1


def test_the_robots_cache_is_bounded_and_forgets_the_least_recently_used():
    cache = robots.RobotsCache(size=2, clock=lambda: 0.0)
    a, b, c = (robots.SiteRules(None, reason) for reason in "abc")
    cache.put("http://a.example/", a, 60)
    cache.put("http://b.example/", b, 60)
    assert cache.get("http://a.example/") is a  # a is now the more recently used
    cache.put("http://c.example/", c, 60)
    assert len(cache) == 2 and cache.get("http://b.example/") is None
    assert cache.get("http://a.example/") is a and cache.get("http://c.example/") is c


def test_requests_carry_the_user_agent_and_ask_only_for_encodings_we_decode(site):
    read_urls([f"{site.url}/gzipped"], fast())
    headers = next(h for _, p, h in site.log if p == "/gzipped")
    assert headers["User-Agent"].startswith("wirebrief/") and "+http" in headers["User-Agent"]
    assert headers["Accept-Encoding"] == "gzip, deflate"


def test_requests_to_one_host_are_spaced(site, monkeypatch):
    """What the client guarantees is that a request to a host (robots.txt included) is sent `host_interval` after
    the one before it was handed to httpx. The test records when each request enters the exchange (on the monotonic
    clock the fixture server logs with): the previous one's record is no later than its hand-over, the next one's
    no earlier than its start, so the bound holds exactly, however loaded the machine. The server's receipt times
    follow without any tolerance: a request cannot arrive before it is sent. (Gaps between arrivals alone are no
    bound: on a loaded machine one request can reach the server late and the next on time.)"""
    sent: list[tuple[float, str]] = []
    exchange = Fetcher._exchange

    async def recorded(self, client, url, *args):
        sent.append((asyncio.get_running_loop().time(), urlsplit(url).path))
        return await exchange(self, client, url, *args)

    monkeypatch.setattr(Fetcher, "_exchange", recorded)
    interval = 0.3
    read_urls([f"{site.url}/news/{n}" for n in (1, 2, 3)], fast(host_interval=interval))
    assert [path for _, path in sent][0] == "/robots.txt"
    assert sorted(path for _, path in sent[1:]) == ["/news/1", "/news/2", "/news/3"]
    received = {path: t for t, path, _ in site.log}
    assert sorted(received) == sorted(path for _, path in sent)
    slack = 1e-6  # float rounding
    for (before, _), (after, path) in zip(sent, sent[1:]):
        assert after - before >= interval - slack
        assert received[path] - before >= interval - slack


# --- pages --------------------------------------------------------------------------------------------------------
def test_pages_are_extracted_with_their_metadata(site):
    result = read_urls([f"{site.url}/news/1?utm_source=x", f"{site.url}/gzipped"], fast())
    assert not result.skipped
    first, zipped = result.articles
    assert first.title.startswith("Lake Varna ferries halted") and first.site_name == "Varna Courier"
    assert first.published == "2026-06-10" and first.url == f"{site.url}/news/1"  # the canonical URL
    assert first.id == page_id(f"{site.url}/news/1")
    assert "Oskar Harbour" in first.text and "All rights reserved" not in first.text
    assert zipped.site_name == "Zip News"


def test_each_bad_url_is_skipped_with_its_reason_and_the_rest_is_read(site):
    urls = [f"{site.url}/missing", f"{site.url}/image.png", f"{site.url}/news/2", "ftp://example.invalid/a",
            f"{site.url}/rss.xml", f"{site.url}/headline-only"]
    result = read_urls(urls, fast())
    assert len(result.articles) == 1
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons[f"{site.url}/missing"] == "HTTP 404"
    assert reasons[f"{site.url}/image.png"] == "not an HTML page (image/png)"
    assert "only http and https" in reasons["ftp://example.invalid/a"]
    assert "a feed, not an article page" in reasons[f"{site.url}/rss.xml"]
    assert reasons[f"{site.url}/headline-only"] == "no article text found in the page"


# --- feeds and the store --------------------------------------------------------------------------------------------
def test_feed_poll_stores_items_then_resumes_with_a_conditional_get(site, story_db):
    """On SQLite and on PostgreSQL (story_db; skipped with the reason without $WIREBRIEF_TEST_PG)."""
    db = story_db
    added, refused = add_feeds([f"{site.url}/rss.xml", f"{site.url}/atom.xml", "file:///etc/passwd"], db)
    assert len(added) == 2 and [s.path for s in refused] == ["file:///etc/passwd"]
    report = poll(db, fast())
    assert {f.status for f in report.feeds} == {"ok"}
    # /news/1 is listed by both feeds (once with tracking parameters): fetched once
    assert sum(1 for _, p, _ in site.log if p.startswith("/news/1")) == 1
    assert report.pages == 4 and len(report.ingest.added) + len(report.ingest.duplicates) == 4
    stored = {a for s in list_stories(db) for a in s["articles"]}
    assert page_id(f"{site.url}/news/3") in stored
    health = {f["url"]: f for f in feed_health(db)}
    rss_state = health[f"{site.url}/rss.xml"]
    assert rss_state["state"] == "ok" and rss_state["items"] >= 2 and rss_state["failures"] == 0

    # a new process, everything due again: the RSS feed answers 304, no page is fetched twice
    before = len(site.log)
    again = poll(db, fast(), due_only=False)
    statuses = {f.url: f.status for f in again.feeds}
    assert statuses[f"{site.url}/rss.xml"] == "not modified"
    assert statuses[f"{site.url}/atom.xml"] == "ok"  # no validators: fetched, but its items are known
    assert again.pages == 0 and not again.ingest.added
    assert sorted(p for _, p, _ in site.log[before:] if p != "/robots.txt") == ["/atom.xml", "/rss.xml"]
    asked = next(h for _, p, h in site.log[before:] if p == "/rss.xml")
    assert asked["If-None-Match"] == '"v1"' and asked["If-Modified-Since"] == "Thu, 10 Jun 2026 08:00:00 GMT"


def test_broken_feed_backs_off_and_is_reported_dead(site, story_db):
    db = story_db
    add_feeds([f"{site.url}/malformed.xml"], db)
    settings = fast(dead_after=3, every=60.0, max_backoff=600.0)
    backoffs = [60, 120, 240, 480, 600]  # `every` doubled per failure, capped at max_backoff
    for backoff in backoffs:
        started = time.time()
        report = poll(db, settings, due_only=False)
        finished = time.time()
        assert report.feeds[0].status == "failed" and "not an RSS or Atom feed" in report.feeds[0].reason
        store = open_store(db)
        next_due = store.list_feeds()[0].next_due
        store.close()
        # due `backoff` seconds after the failure, which happened during the poll (however long a loaded machine
        # made it take)
        assert started + backoff <= next_due <= finished + backoff
    assert poll(db, settings).feeds == []  # not due: a dead feed is not retried in a loop
    state = feed_health(db, settings)[0]
    assert state["state"] == "dead" and state["failures"] == 5


def test_a_feed_asking_for_an_hour_is_due_in_an_hour(site, tmp_path):
    db = tmp_path / "s.db"
    add_feeds([f"{site.url}/busy-long"], db)
    poll(db, fast())
    store = open_store(db)
    feed = store.list_feeds()[0]
    store.close()
    assert feed.next_due - time.time() > 3000 and "3600" in feed.last_status


def test_failed_pages_are_retried_a_few_times_refused_pages_never(site, tmp_path):
    db = tmp_path / "s.db"
    site.routes["/mixed.xml"] = (200, RSS, rss([(f"{site.url}/missing", "Gone"), (f"{site.url}/slow", "Slow"),
                                                (f"{site.url}/news/2", "Pier")]))
    add_feeds([f"{site.url}/mixed.xml"], db)
    # robots.txt is not read: under the same 1 s limit a loaded machine could fail it and refuse every page
    settings = fast(retries=0, max_page_attempts=2, timeout=1.0, respect_robots=False)
    first = poll(db, settings)
    assert {s.path: s.reason for s in first.ingest.skipped}[f"{site.url}/missing"] == "HTTP 404"
    for _ in range(3):
        poll(db, settings, due_only=False)
    assert site.hits("/missing") == 1  # permanent: never again
    assert site.hits("/slow") == 2  # a timeout: tried max_page_attempts times
    assert site.hits("/news/2") == 1


def test_ingest_urls_follows_a_feed_and_stores_a_page(site, story_db):
    db = story_db
    report = ingest_urls([f"{site.url}/atom.xml", f"{site.url}/news/3", f"{site.url}/missing"], db, fast())
    assert [f.url for f in report.feeds] == [f"{site.url}/atom.xml"]
    assert len(report.ingest.added) + len(report.ingest.duplicates) == 3
    assert [s.reason for s in report.ingest.skipped] == ["HTTP 404"]
    assert [f["url"] for f in feed_health(db)] == [f"{site.url}/atom.xml"]
    assert report.ingest.briefs_refreshed >= 1
    story = list_stories(db)[0]
    assert "ferry" in story["brief"].lower() or "pier" in story["brief"].lower()


def test_items_per_feed_are_capped(site, tmp_path):
    db = tmp_path / "s.db"
    site.routes["/long.xml"] = (200, RSS, rss([(f"{site.url}/news/{n}", f"Item {n}") for n in range(1, 5)]))
    add_feeds([f"{site.url}/long.xml"], db)
    report = poll(db, fast(max_items_per_feed=2))
    assert report.pages == 2 and report.feeds[0].left_out == 2
    assert any("2 entries past the 2-item cap" in w.reason for w in report.ingest.warnings)


def test_connection_goes_to_the_checked_address_with_the_host_name_kept(site):
    port = site.url.rsplit(":", 1)[1]
    result = read_urls([f"http://localhost:{port}/news/1", f"{site.url}/news/2"], fast())
    assert len(result.articles) == 2, result.skipped
    hosts = {p: h["Host"] for _, p, h in site.log if p.startswith("/news/")}
    assert hosts == {"/news/1": f"localhost:{port}", "/news/2": f"127.0.0.1:{port}"}


def test_each_checked_address_is_tried_in_turn(site, monkeypatch):
    import wirebrief.fetch.http as http

    async def two_addresses(host, port, allow_private):
        return ["127.0.0.2", "127.0.0.1"]  # nothing listens on the first (the server is bound to 127.0.0.1)

    monkeypatch.setattr(http, "resolve", two_addresses)
    result = read_urls([f"{site.url}/news/1"], fast(respect_robots=False))
    assert len(result.articles) == 1 and site.hits("/news/1") == 1
