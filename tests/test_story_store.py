"""The story store and service on both engines: where the store is, foreign files refused before any write, undated
articles, streams of any size, several writers at once, one service per process. All text here is invented."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirebrief.cli import app
from wirebrief.errors import InputError, UsageError
from wirebrief.settings import Settings
from wirebrief.stories import StoryService, parse_since
from wirebrief.stories.backends import open_store
from wirebrief.stories.store import resolve_location

from .test_stories import BRIDGE, CHESS, generated, records

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"


# --- where the store is -------------------------------------------------------------------------------------------
def test_location_is_resolved_in_one_place(tmp_path, monkeypatch):
    monkeypatch.setenv("WIREBRIEF_DB", str(tmp_path / "env.db"))
    assert resolve_location(None) == str(tmp_path / "env.db")
    assert resolve_location(tmp_path / "given.db") == str(tmp_path / "given.db")  # an explicit one wins
    assert resolve_location("postgresql://u@h:5/db") == "postgresql://u@h:5/db"
    for bad in ("mysql://h/db", "postgresql:/x", "sqlite:///tmp/x.db", "http://example.com/db"):
        with pytest.raises(UsageError, match="unsupported story database"):
            resolve_location(bad)
    with pytest.raises(UsageError) as refused:
        resolve_location("redis://user:secret@h/0")
    assert "secret" not in str(refused.value)  # passwords never reach messages


def test_cli_refuses_unsupported_and_unreachable_databases_without_creating_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["stories", "--db", "mysql://h/db"])
    assert result.exit_code == 2 and "unsupported story database" in result.output
    result = runner.invoke(app, ["stories", "--db", "postgresql:/x"])  # a URL a shell path mangled
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = runner.invoke(app, ["stories", "--db", "postgresql://nobody:pw@127.0.0.1:1/none"])
    assert result.exit_code == 1 and "cannot open story database" in result.output, result.output
    assert "pw@" not in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # no file named like the URL


def _foreign(path: Path) -> bytes:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('buy milk')")
    connection.commit()
    connection.close()
    return path.read_bytes()


def test_another_applications_database_is_refused_before_anything_is_written(tmp_path):
    foreign = tmp_path / "app.sqlite"
    before = _foreign(foreign)
    result = runner.invoke(app, ["ingest", str(EXAMPLE), "--db", str(foreign)])
    assert result.exit_code == 1 and "another application's SQLite database (tables: notes)" in result.output
    assert foreign.read_bytes() == before  # no tables added, no WAL switch
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.sqlite"]
    assert sqlite3.connect(foreign).execute("PRAGMA journal_mode").fetchone()[0] == "delete"

    text = tmp_path / "notes.txt"
    text.write_text("not a database at all\n")
    with pytest.raises(InputError, match="is not a SQLite database"):
        open_store(text)
    assert text.read_text() == "not a database at all\n"
    with pytest.raises(InputError, match="is a directory"):
        open_store(tmp_path)


# --- dates --------------------------------------------------------------------------------------------------------
def test_an_undated_article_stays_undated(story_db):
    dated = records(BRIDGE[:2], "d", published="2016-11-20T09:00:00Z")
    undated = records(BRIDGE[2:4], "u")
    with StoryService.open(story_db) as service:
        service.ingest_records(dated + undated, briefs=False)
        service.ingest_records(records(CHESS[:2], "c"), briefs=False)  # no dates at all
        stories = {s.articles[0][0]: s for s in service.stories()}
        bridge, chess = stories["d"], stories["c"]
        assert len(bridge.articles) == 4
        assert (bridge.first_seen, bridge.last_seen, bridge.dated) == ("2016-11-20T09:00:00Z", "2016-11-20T09:00:00Z", True)
        assert bridge.last_added >= "2026"  # ingest time is kept, apart
        assert not chess.dated and chess.first_seen == chess.first_added  # undated: when it was ingested
        recent = [s.id for s in service.stories(since=parse_since("24h"))]
        assert chess.id in recent and bridge.id not in recent  # a 2016 story is not news of the last day


# --- streams ------------------------------------------------------------------------------------------------------
def test_a_stream_is_read_line_by_line_with_no_size_limit_but_each_record_has_one(tmp_path, story_db):
    stream = tmp_path / "stream.jsonl"
    lines = [json.dumps(r) for r in generated(300)]  # about 110 kB
    lines.insert(150, json.dumps({"id": "huge", "text": "word " * 30_000}))  # one record of 150 kB
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = Settings(max_file_bytes=100_000)  # the per-article limit, far below the stream's size
    with StoryService.open(story_db, settings=settings) as service:
        report = service.ingest_paths([str(stream)], briefs=False)
    assert len(report.added) + len(report.duplicates) == 300
    assert [(s.path, s.reason) for s in report.skipped] == [(f"{stream}:151", "record larger than the 100,000-byte limit")]


def test_gzipped_stream_and_stream_on_stdin(tmp_path, story_db):
    import gzip

    data = "".join(json.dumps(r) + "\n" for r in records(BRIDGE, "g"))
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(data.encode()))
    with StoryService.open(story_db) as service:
        first = service.ingest_paths([str(tmp_path / "feed.jsonl.gz")], briefs=False)
        again = service.ingest_paths(["-"], stdin=data.encode(), briefs=False)
    assert len(first.added) == len(BRIDGE) and not first.skipped
    assert sorted(again.existing) == sorted(first.added)  # idempotent, from any source


def test_a_request_whose_every_article_is_page_furniture_is_reported_not_a_crash(story_db):
    from wirebrief.text.lexical import load_boilerplate

    furniture = sorted(load_boilerplate())[:3]
    if not furniture:
        pytest.skip("no boilerplate list shipped")
    with StoryService.open(story_db) as service:
        report = service.ingest_records([{"id": "f1", "text": ". ".join(furniture) + "."}])
    assert report.added == [] and len(report.skipped) == 1 and "page furniture" in report.skipped[0].reason


def test_a_request_re_briefs_its_stories_and_only_a_few_left_stale(story_db):
    with StoryService.open(story_db) as service:
        service.ingest_records(records(BRIDGE[:3], "b") + records(CHESS[:3], "c"), briefs=False)  # 2 stale stories
        report = service.ingest_records(records(BRIDGE[3:4], "b", title="Varnholt inquiry"), catch_up=0)
        assert report.briefs_refreshed == 1 and len(service.store.stale_stories()) == 1  # the chess story waits
        report = service.ingest_records(records(BRIDGE[4:5], "b"))  # no limit (the CLI): every stale story
        assert report.briefs_refreshed == 2 and service.store.stale_stories() == []


# --- several writers ----------------------------------------------------------------------------------------------
def _check_consistent(location: str, expected_ids: set[str]) -> None:
    """Every article stored once, in one live story; story counts agree with their articles."""
    store = open_store(location)
    try:
        ids = [r[0] for r in store.query("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) and set(ids) == expected_ids
        dangling = store.query(
            "SELECT a.id FROM articles a LEFT JOIN stories s ON s.id = a.story_id "
            "WHERE s.id IS NULL OR s.merged_into IS NOT NULL"
        )
        assert dangling == []  # no article in a missing or merged-away story
        counts = store.query(
            "SELECT s.id, s.n_articles, COUNT(a.id) FROM stories s LEFT JOIN articles a ON a.story_id = s.id "
            "WHERE s.merged_into IS NULL GROUP BY s.id, s.n_articles"
        )
        assert all(n == found for _, n, found in counts), "story counts disagree with their articles"
    finally:
        store.close()


def test_two_ingest_processes_and_a_service_at_once(tmp_path, story_db):
    """Two `wirebrief ingest` processes and an in-process service (as a server worker) write overlapping articles
    into one store at the same time: nothing is lost, nothing stored twice, no article in two stories."""
    every = list(generated(900, seed=11))
    for name, part in (("a", every[:600]), ("b", every[300:])):  # 300 articles in both files
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    env = {**os.environ, "WIREBRIEF_DB": story_db}
    processes = [
        subprocess.Popen([sys.executable, "-m", "wirebrief.cli", "ingest", str(tmp_path / f"{name}.jsonl"), "--no-briefs",
                          "-f", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for name in ("a", "b")
    ]  # fmt: skip
    with StoryService.open(story_db, batch_size=50) as service:
        for start in range(0, 300, 50):  # the middle third again, in small batches, while the processes run
            service.ingest_records(every[300 + start : 350 + start], briefs=False)
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        reports.append(json.loads(out))
    assert len(reports[0]["added"]) + len(reports[1]["added"]) <= 900
    _check_consistent(story_db, {r["id"] for r in every})


# --- one service per server process -------------------------------------------------------------------------------
def test_server_keeps_one_service_and_its_index_between_requests(story_db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from wirebrief.server import create_app

    with TestClient(create_app(db=story_db, warm=False)) as client:
        assert client.post("/v1/articles", json={"articles": records(BRIDGE[:2], "b")}).status_code == 200
        service = client.app.state.story_service
        index = service.ingestor.index
        assert client.post("/v1/articles", json={"articles": records(BRIDGE[2:], "b")}).status_code == 200
        assert client.app.state.story_service is service and service.ingestor.index is index  # nothing reloaded
        assert len(client.get("/v1/stories").json()["stories"]) == 1
    assert client.app.state.story_service is None  # closed with the app
