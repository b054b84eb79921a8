"""Events and storylines (issue 25): a storyline groups the events of one subject; an event holds the reports of
one development. Store, service, CLI and API, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import warnings

import httpx
import pytest
from typer.testing import CliRunner

from wirebrief.cli import app
from wirebrief.stories import StoryService, ingest_records
from wirebrief.stories.backends import open_store
from wirebrief.stories.index import EVENT_SETTINGS, StoryIndex, StoryState, vectorize_texts
from wirebrief.stories.store import MIGRATIONS, SCHEMA_VERSION

COLLAPSE = [  # day 1: the Varnholt footbridge falls
    ("Varnholt footbridge collapses into the Selke river",
     "The old Varnholt footbridge over the Selke river collapsed on Tuesday morning, and rescue crews pulled two "
     "injured cyclists from the water. Mayor Ilse Brandauer said the bridge had been inspected in March."),
    ("Two cyclists hurt as Varnholt footbridge falls into the Selke",
     "Two cyclists hurt when the Varnholt footbridge fell into the Selke river are in stable condition, the "
     "district hospital said. Rescue divers searched the river for more victims but found none."),
    ("Selke footbridge collapse: Varnholt closes district bridges",
     "Engineers in Varnholt began examining the wreckage of the collapsed Selke footbridge. Mayor Brandauer "
     "ordered every bridge in the district closed until inspectors finish a safety review of the rusted girders."),
]
INQUIRY = [  # a week later: the inquiry into it
    ("Retired judge to lead inquiry into Varnholt footbridge collapse",
     "The inquiry into the Varnholt footbridge collapse will be led by a retired judge, Mayor Ilse Brandauer "
     "announced. The girders of the Selke crossing had not been repainted since the bridge opened."),
    ("Varnholt footbridge inquiry opens under retired judge",
     "A retired judge opened the inquiry into the collapse of the Varnholt footbridge over the Selke, hearing "
     "engineers describe rusted girders that had not been repainted since the footbridge opened."),
]
CHESS = [
    ("Weyrich wins Quellmark Open after Lefevre resigns",
     "Grandmaster Tomasz Weyrich won the Quellmark Open chess tournament on Sunday after a tense final game "
     "against the teenage prodigy Anouk Lefevre, who resigned on move sixty-one."),
    ("Prodigy Lefevre second at Quellmark Open chess tournament",
     "The teenage prodigy Anouk Lefevre finished second at the Quellmark Open, the best result of her career. "
     "Her sharp opening against Weyrich surprised commentators in the tournament hall."),
]


def reports(items, prefix, published, outlet="The Ledger"):
    return [{"id": f"{prefix}{i}", "title": title, "text": text, "outlet": f"{outlet} {i}", "published": published}
            for i, (title, text) in enumerate(items)]  # fmt: skip


@pytest.fixture
def db(story_db):
    return story_db


def listed(db, **filters):
    with StoryService.open(db) as service:
        return [s.to_dict() for s in service.stories(**filters)]


def test_a_storyline_holds_its_events_newest_first(db):
    ingest_records(reports(COLLAPSE, "c", "2026-03-10T09:00:00Z"), db, briefs=False)
    ingest_records(reports(CHESS, "q", "2026-03-12T10:00:00Z", outlet="Chess Daily"), db, briefs=False)
    ingest_records(reports(INQUIRY, "i", "2026-03-17T11:00:00Z"), db)
    found = listed(db)
    assert [sorted(s["articles"]) for s in found] == [["c0", "c1", "c2", "i0", "i1"], ["q0", "q1"]]
    bridge = found[0]
    assert [sorted(e["articles"]) for e in bridge["events"]] == [["i0", "i1"], ["c0", "c1", "c2"]]
    newest, first = bridge["events"]
    assert newest["first_seen"] == "2026-03-17T11:00:00Z" and first["last_seen"] == "2026-03-10T09:00:00Z"
    assert set(newest) >= {"id", "headline", "articles", "outlets", "first_seen", "last_seen"}
    assert newest["headline"] in dict(INQUIRY) and first["headline"] in dict(COLLAPSE)
    assert newest["outlets"] == ["The Ledger 0", "The Ledger 1"]
    # the storyline's brief is its newest event's: the inquiry, not the collapse
    assert "inquiry" in bridge["brief"].lower() and bridge["brief"] == newest["brief"]
    # a storyline is found by its id and by any of its events' ids
    with StoryService.open(db) as service:
        assert service.story(first["id"]).id == service.story(newest["id"]).id == bridge["id"]
        assert sorted(a.id for a in service.story(bridge["id"]).articles_detail) == sorted(bridge["articles"])


def test_a_newer_report_that_changes_the_news_changes_the_brief(db):
    ingest_records(reports(COLLAPSE, "c", "2026-03-10T09:00:00Z"), db)
    before = listed(db)[0]["brief"]
    ingest_records(reports(INQUIRY[:1], "i", "2026-03-17T11:00:00Z"), db)
    after = listed(db)[0]
    assert after["brief"] != before and "judge" in after["brief"]


def test_listing_filters_and_cursor_pages(db):
    ingest_records(reports(COLLAPSE, "c", "2026-03-10T09:00:00Z"), db, briefs=False)
    ingest_records(reports(CHESS, "q", "2026-03-12T10:00:00Z", outlet="Chess Daily"), db, briefs=False)
    assert [s["articles"][0][0] for s in listed(db, outlet="chess daily 1")] == ["q"]
    assert [s["articles"][0][0] for s in listed(db, query="footbridge")] == ["c"]
    with StoryService.open(db) as service:
        first = service.river(1)
        assert [s.articles[0][0] for s in first.stories] == ["q"]
        second = service.river(1, cursor=first.next)
        assert [s.articles[0][0] for s in second.stories] == ["c"] and second.next is None


def test_api_lists_storylines_with_events_and_pages_by_cursor(db):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from wirebrief.server import create_app

    ingest_records(reports(COLLAPSE, "c", "2026-03-10T09:00:00Z"), db, briefs=False)
    ingest_records(reports(CHESS, "q", "2026-03-12T10:00:00Z", outlet="Chess Daily"), db, briefs=False)
    with TestClient(create_app(db=str(db), warm=False)) as client:
        page = client.get("/v1/stories?limit=1").json()
        assert len(page["stories"]) == 1 and page["stories"][0]["events"][0]["articles"] == ["q0", "q1"]
        rest = client.get(f"/v1/stories?limit=1&cursor={page['next']}").json()
        assert rest["stories"][0]["articles"] == ["c0", "c1", "c2"]
        assert client.get("/v1/stories?outlet=Chess%20Daily%200").json()["stories"][0]["articles"] == ["q0", "q1"]
        assert client.get("/v1/stories?cursor=yesterday").status_code == 422
        event = rest["stories"][0]["events"][0]["id"]
        assert client.get(f"/v1/stories/{event}").json()["id"] == rest["stories"][0]["id"]


def test_cli_jsonl_is_one_storyline_a_line(tmp_path):
    db = tmp_path / "s.db"
    ingest_records(reports(COLLAPSE, "c", "2026-03-10T09:00:00Z"), db, briefs=False)
    ingest_records(reports(INQUIRY, "i", "2026-03-17T11:00:00Z"), db, briefs=False)
    result = CliRunner().invoke(app, ["stories", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 1 and len(lines[0]["events"]) == 2
    assert sorted(lines[0]["articles"]) == ["c0", "c1", "c2", "i0", "i1"]
    text = CliRunner().invoke(app, ["story", lines[0]["id"], "--db", str(db), "--timeline"])
    assert text.exit_code == 0 and "Events:" in text.output
    rows = text.output.split("Events:")[1].split("\n\n")[0].strip().splitlines()
    assert [row[:10] for row in rows] == ["2026-03-10", "2026-03-17"]


def test_input_names_are_not_listed_as_outlets(tmp_path):
    db = tmp_path / "s.db"
    (tmp_path / "in").mkdir()
    for i, (title, text) in enumerate(COLLAPSE):
        (tmp_path / "in" / f"00{i}_report.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--no-briefs"])
    assert result.exit_code == 0, result.output
    found = listed(db)
    assert found[0]["outlets"] == [] and all(e["outlets"] == [] for e in found[0]["events"])


def test_an_undated_report_does_not_revive_an_old_story_on_a_weak_match():
    text = "Varnholt footbridge Selke river collapse cyclists rescue Brandauer girders inspection"
    partial = "Varnholt footbridge Selke river council budget parking fees library bus lanes"
    story_vector, partial_vector = vectorize_texts([text, partial])

    def score(newest_gap_days: float) -> float:
        index = StoryIndex(EVENT_SETTINGS, prior=False)
        story = StoryState(id="s", terms=story_vector.terms, weights=story_vector.tf, size=1)
        story.saw(1_000_000.0, 1_000_000.0)
        index.activate(story)
        index.newest = 1_000_000.0 + newest_gap_days * 86400.0  # the latest news the index has seen
        return {m.story.id: m.score for m in index.candidates(partial_vector, None)}.get("s", 0.0)

    # within its window a middling match joins by content; long after its news it needs revive_threshold
    assert EVENT_SETTINGS.join_threshold <= score(1) < EVENT_SETTINGS.revive_threshold
    assert score(400) < EVENT_SETTINGS.join_threshold


def test_a_store_of_schema_4_is_migrated_to_storylines(tmp_path):
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at REAL NOT NULL)")
    for version, migration in enumerate(MIGRATIONS[:4], start=1):
        connection.executescript(migration)
        connection.execute("INSERT INTO schema_version VALUES (?, 0)", (version,))
    connection.execute("INSERT INTO stories (id, headline, size, n_articles, first_ts, last_ts, last_seq, updated_at) "
                       "VALUES ('s1', 'Old story', 1, 1, 100.0, 100.0, 1, 0)")  # fmt: skip
    connection.execute("INSERT INTO articles (seq, id, story_id, content_hash, simhash, outlet, seen_ts, added_at, text)"
                       " VALUES (1, 'a1', 's1', 'h', 0, 'a1', 100.0, 100.0, 'An old report.')")  # fmt: skip
    connection.commit()
    connection.close()
    store = open_store(path)
    try:
        assert store.schema_version == SCHEMA_VERSION
    finally:
        store.close()
    found = listed(path)
    assert [(s["id"], s["headline"], s["articles"], s["outlets"]) for s in found] == [("s1", "Old story", ["a1"], [])]
    assert [e["id"] for e in found[0]["events"]] == ["s1"]
    ingest_records(reports(COLLAPSE[:1], "c", "2026-03-10T09:00:00Z"), path, briefs=False)  # and takes new reports
    assert len(listed(path)) == 2


PAGE = ("<html><head><title>Ferry talks resume in Calder</title>{meta}</head><body><article><h1>Ferry talks resume in "
        "Calder</h1><p>Talks between the ferry operator and the union resumed in Calder on Monday after a week of "
        "strikes that stranded hundreds of passengers on the islands, officials said.</p><p>The union wants a pay "
        "rise of eight percent over two years and more crew on night sailings.</p></article>"
        "<footer>© 2016 The Calder Ledger. All rights reserved.</footer></body></html>")  # fmt: skip


def test_a_copyright_year_is_not_a_publication_date_and_the_feed_date_stands_in():
    from wirebrief.fetch.http import Fetched
    from wirebrief.fetch.pages import extract_page
    from wirebrief.readers.html import extract_html

    assert extract_html(PAGE.format(meta="")).published is None  # htmldate's guess from "© 2016": 2016-01-01
    dated = '<meta property="article:published_time" content="2026-03-14T10:00:00Z">'
    assert extract_html(PAGE.format(meta=dated)).published.startswith("2026-03-14")
    fetched = Fetched(url="https://ledger.example/ferry", status=200, headers=httpx.Headers({"content-type": "text/html"}),
                      body=PAGE.format(meta="").encode("utf-8"))  # fmt: skip
    assert extract_page(fetched, published="2026-03-16T08:00:00Z").published == "2026-03-16T08:00:00Z"


def test_the_seed_clusters_timeline_dates_by_tense(tmp_path):
    from wirebrief.stories.timeline import story_timeline

    from .conftest import data_path

    db = tmp_path / "seed.db"
    result = CliRunner().invoke(app, ["ingest", str(data_path("seed-cluster")), "--db", str(db), "--no-briefs", "-q"])
    assert result.exit_code == 0, result.output
    with StoryService.open(db) as service:
        (storyline,) = service.stories()
        timeline = story_timeline(service.story(storyline.id).to_dict())
    dated = {row["date"]: row["text"] for row in timeline["events"]}
    assert "heads to Japan Thursday" in dated["2016-12-15"]  # in a report of Tuesday 13 December 2016
    assert "proposed to Putin in May" in dated["2016-05"]  # in a report of 20 November 2016
    assert "2016-12-08" not in dated and "2017-05" not in dated
    assert all(a["outlet"] != a["id"] for a in timeline["articles"])  # an input name is no outlet
