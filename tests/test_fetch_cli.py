"""The URL and feed commands end to end against the fixture server on 127.0.0.1: brief URL..., ingest URL|FEED,
watch FEEDS --once, feeds; and the watch loop's schedule."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from tests.fetch_server import FixtureServer, article_page, rss
from wirebrief.cli import app
from wirebrief.fetch.watch import add_feeds, watch
from wirebrief.settings import FetchSettings
from wirebrief.sources import parse_interval

from .conftest import EXAMPLE

runner = CliRunner()
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def site():
    with FixtureServer() as server:
        base = server.url
        server.routes["/robots.txt"] = (404, {}, b"")
        server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                      rss([(f"{base}/a/{n}", f"Item {n}") for n in (1, 2, 3)] + [(f"{base}/gone", "x")]))
        for n, outlet in ((1, "Varna Courier"), (2, "Lakeside Herald"), (3, "Pella Island Radio")):
            server.routes[f"/a/{n}"] = (200, HTML, article_page(n, outlet))
        yield server


def test_brief_mixes_urls_and_files_in_order(site):
    result = runner.invoke(app, ["brief", f"{site.url}/a/1", str(EXAMPLE / "01-northwire.txt"), f"{site.url}/gone",
                                 "--allow-private-hosts", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [a["outlet"] for a in data["articles"]] == ["Varna Courier", "01-northwire"]
    assert data["articles"][0]["url"] == f"{site.url}/a/1"
    assert data["skipped"] == [{"path": f"{site.url}/gone", "reason": "HTTP 404"}]


def test_brief_refuses_loopback_by_default_with_one_line(site):
    result = runner.invoke(app, ["brief", f"{site.url}/a/1"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "loopback address" in result.stderr and site.log == []


def test_ingest_feed_then_watch_once_then_feeds(site, tmp_path):
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", f"{site.url}/feed.xml", "--db", str(db), "--allow-private-hosts",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["added"]) + len(report["duplicates"]) == 3 and len(report["stories_touched"]) == 1
    assert report["skipped"] == [{"path": f"{site.url}/gone", "reason": "HTTP 404"}]
    assert f"skipped {site.url}/gone: HTTP 404" in result.stderr
    assert f"feed {site.url}/feed.xml: ok, 4 new items" in result.stderr

    feeds = tmp_path / "feeds.opml"
    feeds.write_text(f'<opml version="2.0"><body><outline text="x" xmlUrl="{site.url}/feed.xml"/>'
                     '<outline text="bad" xmlUrl="file:///etc/passwd"/></body></opml>')
    before = len(site.log)
    result = runner.invoke(app, ["watch", str(feeds), "--once", "--db", str(db), "--allow-private-hosts"])
    assert result.exit_code == 0, result.output
    assert "0 feeds polled" in result.stdout and "next feed due" in result.stdout  # polled a moment ago
    assert "only http and https" in result.stderr and len(site.log) == before

    listed = runner.invoke(app, ["feeds", "--db", str(db), "--format", "json"])
    [feed] = json.loads(listed.stdout)
    assert feed["url"] == f"{site.url}/feed.xml" and feed["state"] == "ok" and feed["failures"] == 0
    assert feed["items"] == 3 and feed["title"] == "Varna Courier"
    table = runner.invoke(app, ["feeds", "--db", str(db)])
    assert f"{site.url}/feed.xml" in table.stdout and "ok" in table.stdout

    stories = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert len(json.loads(stories.stdout)) >= 1


def test_watch_without_feeds_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["watch", "--once", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2 and "no feeds to watch" in result.stderr


@pytest.mark.parametrize("text, seconds", [("15m", 900), ("1h", 3600), ("900", 900), ("2d", 172800)])
def test_intervals(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["10s", "fast", "-5m", ""])
def test_bad_intervals_are_refused(text):
    with pytest.raises(Exception, match="interval|too often"):
        parse_interval(text)


def test_watch_loop_sleeps_until_the_next_feed_is_due(site, tmp_path):
    db = tmp_path / "s.db"
    add_feeds([f"{site.url}/feed.xml"], db)
    settings = FetchSettings(allow_private_hosts=True, host_interval=0.0, every=600.0)
    passes, sleeps, asleep = [], [], []

    def sleep(seconds):
        sleeps.append(seconds)
        asleep.append(time.time())
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    started = time.time()
    with pytest.raises(KeyboardInterrupt):
        watch(db, settings, on_pass=passes.append, sleep=sleep)
    assert [len(p.feeds) for p in passes] == [1, 0]  # the second pass found nothing due yet
    # the feed is due 600 s after its poll, which came after `started`: the first sleep lasts until then
    assert 600 - (asleep[0] - started) - 0.01 <= sleeps[0] <= 600 and sleeps[1] <= 600
    assert site.hits("/feed.xml") == 1
