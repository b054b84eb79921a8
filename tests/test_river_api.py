"""GET /v1/stories as the page's river uses it: keyset pages (`cursor`/`next`), filters (q, outlet, since, until)
and ETag / If-None-Match for polling. On SQLite and on PostgreSQL (story_db)."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("fastapi", reason="the API needs the 'serve' extra: pip install fastapi uvicorn")
from fastapi.testclient import TestClient  # noqa: E402

from wirebrief.server.app import create_app  # noqa: E402
from wirebrief.stories import StoryService  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ven", "dra", "tor", "su", "pel", "rin", "gus", "ba", "nef", "oz", "tri"]


def invented_story(n: int, outlet: str, day: int) -> list[dict]:
    """Two reports of one invented story whose words no other story shares, published on 2026-04-`day`."""
    pick = random.Random(n)
    words = ["".join(pick.choice(SYLLABLES) for _ in range(3)) + f"x{n}" for _ in range(24)]
    sentences = [" ".join(words[i:i + 6]).capitalize() + "." for i in range(0, 24, 6)]
    published = f"2026-04-{day:02d}T{n % 24:02d}:00:00Z"
    return [{"id": f"s{n}-{k}", "outlet": outlet, "published": published, "text": text, "title": sentences[0]}
            for k, text in enumerate([" ".join(sentences), " ".join(reversed(sentences))])]


@pytest.fixture
def river(story_db):
    """A store of 23 stories (outlets alternate; April 1st to 23rd) behind the API."""
    records = [r for n in range(23) for r in invented_story(n, "Northwire" if n % 2 else "Valley Post", n + 1)]
    with StoryService.open(story_db) as service:
        service.ingest_records(records, briefs=False)
    with TestClient(create_app(db=story_db, warm=False), raise_server_exceptions=False) as client:
        yield client


def walk(client, query: str, limit: int) -> list[list[str]]:
    """Every page of `query`, following `next`: the story ids of each page."""
    pages, cursor = [], None
    while True:
        response = client.get(f"/v1/stories?limit={limit}{query}" + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([s["id"] for s in body["stories"]])
        cursor = body["next"]
        if cursor is None:
            return pages
        assert len(pages) < 50


def test_cursor_pages_cover_every_story_once_in_order(river):
    everything = [s["id"] for s in river.get("/v1/stories").json()["stories"]]
    assert len(everything) == 23
    pages = walk(river, "", 5)
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert [i for page in pages for i in page] == everything
    # newest first: April 23rd's story leads
    first = river.get("/v1/stories?limit=1").json()["stories"][0]
    assert first["last_seen"].startswith("2026-04-23")
    # a page as big as what is left ends the walk
    assert [len(p) for p in walk(river, "", 23)] == [23]


def test_filters_narrow_the_pages(river):
    northwire = [i for page in walk(river, "&outlet=northwire", 4) for i in page]
    assert len(northwire) == 11
    listed = river.get("/v1/stories?outlet=NORTHWIRE").json()["stories"]
    assert [s["id"] for s in listed] == northwire and all(s["outlets"] == ["Northwire"] for s in listed)
    window = river.get("/v1/stories?since=2026-04-10&until=2026-04-12").json()["stories"]
    assert sorted(s["last_seen"][:10] for s in window) == ["2026-04-10", "2026-04-11", "2026-04-12"]
    paged = [i for page in walk(river, "&since=2026-04-10&until=2026-04-12", 2) for i in page]
    assert paged == [s["id"] for s in window]
    word = invented_story(7, "", 8)[0]["text"].split()[2]
    found = river.get(f"/v1/stories?limit=5&q={word}").json()
    assert [s["articles"] for s in found["stories"]] == [["s7-0", "s7-1"]] and found["next"] is None
    assert river.get("/v1/stories?limit=5&outlet=Nobody").json() == {"stories": [], "next": None}


def test_an_unchanged_page_is_304_and_a_changed_one_is_not(river, story_db):
    first = river.get("/v1/stories?limit=5")
    tag = first.headers["etag"]
    again = river.get("/v1/stories?limit=5", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag and not again.content
    with StoryService.open(story_db) as service:
        service.ingest_records(invented_story(99, "Northwire", 30), briefs=False)
    changed = river.get("/v1/stories?limit=5", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert changed.json()["stories"][0]["articles"] == ["s99-0", "s99-1"]


@pytest.mark.parametrize("query", ["cursor=yesterday", "cursor=1_", "cursor=1.5_99999999999999999999", "until=soon",
                                   "until=2026-02-30"])
def test_a_bad_cursor_or_date_is_a_clear_422(river, query):
    response = river.get(f"/v1/stories?limit=5&{query}")
    assert response.status_code == 422, response.text
    assert response.json()["error"]
