"""The page's URL box in headless Chromium: article pages fetched by the server and briefed, a feed followed.

A `wirebrief serve --allow-private-hosts` subprocess fetches from the fixture server on 127.0.0.1 (tests/fetch_server.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the server needs the 'serve' extra: pip install fastapi uvicorn")
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from tests.fetch_server import FixtureServer, article_page, rss  # noqa: E402
from tests.wirebrief_server import patient, serve  # noqa: E402

CHROMIUM = os.environ.get("WIREBRIEF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
HTML = {"Content-Type": "text/html; charset=utf-8"}

if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def site():
    with FixtureServer() as server:
        base = server.url
        server.routes["/robots.txt"] = (404, {}, b"")
        server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                      rss([(f"{base}/a/{n}", f"Item {n}") for n in (1, 2)]))
        for n, outlet in ((1, "Varna Courier"), (2, "Lakeside Herald")):
            server.routes[f"/a/{n}"] = (200, HTML, article_page(n, outlet))
        yield server


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("server"), "--allow-private-hosts") as base:
        yield base


@pytest.fixture
def page(app):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = patient(browser.new_page())
        page.goto(app + "/#paste")
        page.wait_for_selector("body[data-ready='1']")
        yield page
        browser.close()


def test_urls_added_on_the_page_are_fetched_and_briefed(site, page):
    for n in (1, 2):
        page.fill("#url", f"{site.url}/a/{n}")
        page.click("#add-url")
    page.fill("#url", f"{site.url}/gone")
    page.press("#url", "Enter")
    sync_api.expect(page.locator("#urls li")).to_have_count(3)
    page.locator("#urls li").nth(2).locator("button").click()  # removed again
    sync_api.expect(page.locator("#urls li")).to_have_count(2)
    with page.expect_response(lambda r: r.url.endswith("/v1/briefs")) as answer:
        page.click("#go")
    data = answer.value.json()
    assert answer.value.status == 200 and [a["outlet"] for a in data["articles"]] == ["Varna Courier", "Lakeside Herald"]
    sync_api.expect(page.locator("#sentences .sentence")).to_have_count(len(data["sentences"]))
    assert site.hits("/gone") == 0


def test_a_url_that_fails_is_named_in_the_status_line_with_its_reason(site, page):
    for path in ("/a/1", "/a/2", "/missing"):
        page.fill("#url", site.url + path)
        page.click("#add-url")
    with page.expect_response(lambda r: r.url.endswith("/v1/briefs")) as answer:
        page.click("#go")
    data = answer.value.json()
    [skipped] = [s for s in data["skipped"] if s["path"].endswith("/missing")]
    sync_api.expect(page.locator("#sentences .sentence")).to_have_count(len(data["sentences"]))
    status = page.locator("#status")
    sync_api.expect(status).to_have_class("status warn")
    sync_api.expect(status).to_contain_text(f"skipped {skipped['path']}: {skipped['reason']}")
    assert "404" in skipped["reason"]
    assert "Done" not in status.text_content()


def test_a_feed_is_followed_from_the_page(site, page):
    page.fill("#url", "not a url")
    page.click("#follow-feed")
    sync_api.expect(page.locator("#status")).to_contain_text("starts with http or https")
    page.fill("#url", f"{site.url}/feed.xml")
    with page.expect_response(lambda r: r.url.endswith("/v1/feeds")) as answer:
        page.click("#follow-feed")
    assert answer.value.status == 201
    sync_api.expect(page.locator("#status")).to_contain_text(f"Following {site.url}/feed.xml")
