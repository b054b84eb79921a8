"""URLs and feeds through the HTTP API, against the fixture server on 127.0.0.1."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from tests.fetch_server import FixtureServer, article_page, rss
from wirebrief.server import create_app
from wirebrief.settings import FetchSettings

HTML = {"Content-Type": "text/html; charset=utf-8"}
LOCAL = FetchSettings(allow_private_hosts=True, host_interval=0.0, timeout=2.0)


@pytest.fixture
def site():
    with FixtureServer() as server:
        base = server.url
        server.routes["/robots.txt"] = (404, {}, b"")
        server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                      rss([(f"{base}/a/{n}", f"Item {n}") for n in (1, 2, 3)]))
        for n, outlet in ((1, "Varna Courier"), (2, "Lakeside Herald"), (3, "Pella Island Radio")):
            server.routes[f"/a/{n}"] = (200, HTML, article_page(n, outlet))
        yield server


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(db=tmp_path / "s.db", warm=False, fetch=LOCAL), raise_server_exceptions=False) as c:
        yield c


def test_brief_of_urls_and_texts(site, client):
    text = ("The ferry operator on Lake Varna suspended all crossings on Thursday after a storm damaged the main pier "
            "at Oskar Harbour, officials said.")
    answer = client.post("/v1/briefs", json={"urls": [f"{site.url}/a/1", f"{site.url}/a/2", f"{site.url}/gone"],
                                             "articles": [{"text": text, "outlet": "Wire"}], "words": 60})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert [a["outlet"] for a in data["articles"]] == ["Wire", "Varna Courier", "Lakeside Herald"]
    assert data["skipped"] == [{"path": f"{site.url}/gone", "reason": "HTTP 404"}]
    assert data["sentences"] and all(s["sources"] for s in data["sentences"])


def test_brief_when_no_url_could_be_fetched_is_empty_with_the_reasons(site, client):
    # a well-formed request gets a brief: here an empty one, and `skipped` says why (issue 20: no 4xx for valid input)
    answer = client.post("/v1/briefs", json={"urls": [f"{site.url}/gone"]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["sentences"] == [] and answer.json()["skipped"] == [{"path": f"{site.url}/gone", "reason": "HTTP 404"}]


def test_loopback_urls_are_refused_by_default(site, tmp_path):
    with TestClient(create_app(db=tmp_path / "s.db", warm=False), raise_server_exceptions=False) as client:
        answer = client.post("/v1/briefs", json={"urls": [f"{site.url}/a/1"]})
        assert answer.status_code == 200 and answer.json()["sentences"] == []
        assert "loopback" in answer.json()["skipped"][0]["reason"]
        follow = client.post("/v1/feeds", json={"url": f"{site.url}/feed.xml"})
        assert follow.status_code == 422 and "loopback" in follow.json()["error"]
    assert site.log == []


@pytest.mark.parametrize("body", [
    {"urls": ["ftp://example.org/a"]}, {"urls": ["javascript:alert(1)"]}, {"urls": []},
    {"urls": ["https://example.org/" + "a" * 2100]}, {"urls": [f"https://example.org/{n}" for n in range(21)]},
])  # fmt: skip
def test_bad_urls_are_422(client, body):
    answer = client.post("/v1/briefs", json=body)
    assert answer.status_code == 422 and answer.json()["error"]


def test_articles_endpoint_stores_pages_and_points_feeds_elsewhere(site, client):
    answer = client.post("/v1/articles", json={"urls": [f"{site.url}/a/1", f"{site.url}/feed.xml"]})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert len(data["added"]) == 1 and len(data["stories_touched"]) == 1
    assert data["skipped"] == [{"path": f"{site.url}/feed.xml", "reason": "a feed: follow it with POST /v1/feeds"}]
    assert client.get(f"/v1/stories/{data['stories_touched'][0]}").json()["articles_detail"][0]["url"] == f"{site.url}/a/1"


def test_follow_a_feed_then_list_feeds(site, client):
    answer = client.post("/v1/feeds", json={"url": f"{site.url}/feed.xml"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["url"] == f"{site.url}/feed.xml"
    # the first poll ran in the background, after the answer
    [feed] = client.get("/v1/feeds").json()["feeds"]
    assert feed["state"] == "ok" and feed["items"] == 3 and feed["failures"] == 0 and feed["last_fetch"]
    assert client.post("/v1/feeds", json={"url": f"{site.url}/feed.xml"}).status_code == 200  # followed already
    stories = client.get("/v1/stories").json()["stories"]
    assert sum(len(s["articles"]) for s in stories) == 3


def test_the_server_opens_its_store_once_for_feeds_pages_and_stories(site, tmp_path, monkeypatch):
    import wirebrief.fetch.watch as watch
    import wirebrief.stories.backends as backends
    import wirebrief.stories.service as service_module

    opened = []
    real_open = backends.open_store

    def counted(*args, **kwargs):
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(service_module, "open_store", counted)
    monkeypatch.setattr(watch, "open_store", counted)
    with TestClient(create_app(db=tmp_path / "s.db", warm=False, fetch=LOCAL), raise_server_exceptions=False) as client:
        assert client.post("/v1/feeds", json={"url": f"{site.url}/feed.xml"}).status_code == 201
        assert client.post("/v1/articles", json={"urls": [f"{site.url}/a/1"]}).status_code == 200
        assert len(client.get("/v1/feeds").json()["feeds"]) == 1
        assert sum(len(s["articles"]) for s in client.get("/v1/stories").json()["stories"]) == 3
    assert len(opened) == 1  # one StoryService (store and clustering index) for the process, passed down


@pytest.mark.parametrize("body, message", [
    ({"url": "http://169.254.169.254/latest/meta-data/"}, "link-local"),

    ({"url": "file:///etc/passwd"}, "url"),
    ({"url": "https://example.org/rss", "every": 1}, "every"),
])  # fmt: skip
def test_refused_feeds_are_422(client, body, message):
    answer = client.post("/v1/feeds", json=body)
    assert answer.status_code == 422 and message in answer.json()["error"]


def test_openapi_describes_the_feed_routes(client):
    schema = client.get("/openapi.json").json()
    assert {"post", "get"} <= set(schema["paths"]["/v1/feeds"])
    assert schema["components"]["schemas"]["FeedIn"]["properties"]["url"]["maxLength"] == 2048
    assert "urls" in schema["components"]["schemas"]["BriefRequest"]["properties"]


def test_a_request_spends_at_most_its_budget_fetching(site, tmp_path):
    import threading

    released = threading.Event()

    def slow(handler):
        released.wait(120)  # answers only after the test: only the request's budget can end the wait for it
        return 200, HTML, article_page(5, "Slow Gazette")

    site.routes["/slow"] = slow
    # the 3 s budget (room for the quick page on a loaded machine) ends the wait, not the 60 s read timeout (whose
    # skip reason would differ)
    settings = FetchSettings(allow_private_hosts=True, host_interval=0.0, timeout=60.0, request_budget=3.0)
    with TestClient(create_app(db=tmp_path / "s.db", warm=False, fetch=settings), raise_server_exceptions=False) as client:
        try:
            answer = client.post("/v1/briefs", json={"urls": [f"{site.url}/a/1", f"{site.url}/slow"]})
            stored = client.post("/v1/articles", json={"urls": [f"{site.url}/slow", f"{site.url}/a/2"]}).json()
        finally:
            released.set()
        assert answer.status_code == 200
        data = answer.json()
        assert [a["outlet"] for a in data["articles"]] == ["Varna Courier"]
        assert data["skipped"] == [{"path": f"{site.url}/slow",
                                    "reason": "not fetched within the request's 3 s for fetching"}]
        assert len(stored["added"]) == 1 and "not fetched within" in stored["skipped"][0]["reason"]
