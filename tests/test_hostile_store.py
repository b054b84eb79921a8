"""Hostile input at the story store (issue 28), on SQLite and PostgreSQL alike: characters no store keeps (NUL, lone
surrogates) handled per record with the reason and the good records kept; lookups holding them refused, not matched
against everything nor a 500. benchmarks/hostile.py runs the same cases through the CLI and a live server."""

from __future__ import annotations

import json
import warnings

import pytest
from typer.testing import CliRunner

from wirebrief.cli import app
from wirebrief.errors import UsageError
from wirebrief.stories import StoryService
from wirebrief.stories.storable import storable
from wirebrief.types import Article

from .test_stories import BRIDGE, records

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
runner = CliRunner()


def nul_records() -> list[dict]:
    """Two good records around one with a NUL in its id and one with NULs in its title, outlet and text."""
    good = records(BRIDGE[:2], "g")
    bad_id = {"id": "n\x00id", "title": "t", "text": BRIDGE[2]}
    repaired = {"id": "n2", "title": "Bridge\x00 shut", "outlet": "The\x00 Ledger", "text": BRIDGE[3].replace(" ", " \x00", 3)}
    return [good[0], bad_id, repaired, good[1]]


def test_characters_no_store_keeps_are_repaired_or_refused_per_article():
    given = Article(id="a1", text="Cranes \x00stopped.", outlet="Out\ud800let", title="T\x00")
    kept, note = storable(given)
    assert (kept.text, kept.outlet, kept.title) == ("Cranes stopped.", "Out\ufffdlet", "T")
    assert note.reason.startswith("text, title, outlet:") and "NUL characters removed" in note.reason
    assert storable(Article(id="a2", text="Fine.", outlet="o")) == (Article(id="a2", text="Fine.", outlet="o"), None)
    refused, why = storable(Article(id="a\x003", text="Fine.", outlet="o"))
    assert refused is None and why.reason.startswith("id 'a\\u00003' holds NUL") and why.path == "a\\u00003"
    empty, why = storable(Article(id="a4", text="\x00 \x00", outlet="o"))
    assert empty is None and "no article text" in why.reason


def test_nul_characters_never_reach_the_store_and_the_good_records_are_kept(story_db):
    with StoryService.open(story_db) as service:
        report = service.ingest_records(nul_records())
        assert sorted(report.added) == ["g0", "g1", "n2"]
        [skipped] = report.skipped
        assert "id 'n\\u0000id' holds NUL (U+0000)" in skipped.reason
        assert [w.reason.split(":")[0] for w in report.warnings] == ["text, title, outlet"]
        [story] = service.stories()
        stored = {a.id: a for a in service.story(story.id).articles_detail}
        assert stored["n2"].title == "Bridge shut" and stored["n2"].outlet == "The Ledger"
        assert "\x00" not in stored["n2"].text and "The Ledger" in story.outlets


def test_a_search_or_story_id_holding_nul_is_refused_on_every_engine(story_db):
    with StoryService.open(story_db) as service:
        service.ingest_records(records(BRIDGE[:3], "b"))
        assert len(service.stories(query="footbridge")) == 1
        for query in ("\x00", "harbour\x00", "\ud800"):
            with pytest.raises(UsageError, match="the search holds NUL"):
                service.stories(query=query)
        with pytest.raises(UsageError, match="the story id holds NUL"):
            service.story("s\x00")


@pytest.fixture
def api(story_db):
    pytest.importorskip("fastapi", reason="the server needs the 'serve' extra")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from wirebrief.server import create_app

    with TestClient(create_app(db=story_db, warm=False), raise_server_exceptions=False) as client:
        yield client


def test_the_api_keeps_good_records_beside_nul_and_refuses_nul_lookups(api):
    response = api.post("/v1/articles", json={"articles": nul_records()})
    assert response.status_code == 200, response.text
    body = response.json()
    assert sorted(body["added"]) == ["g0", "g1", "n2"] and len(body["skipped"]) == 1
    assert len(api.get("/v1/stories", params={"q": "footbridge"}).json()["stories"]) == 1
    for path in ("/v1/stories?q=%00", "/v1/stories?q=footbridge%00", "/v1/stories?outlet=%00",
                 "/v1/stories?limit=5&outlet=b%00", "/v1/stories/%00", "/v1/stories/s%00/timeline"):
        response = api.get(path)
        assert response.status_code == 422, (path, response.text)
        assert "NUL" in response.json()["error"]
    assert api.get("/v1/stories?q=%25").json()["stories"] == []  # LIKE's wildcard is a plain character


def test_ingest_cli_keeps_the_good_records_beside_nul(tmp_path, story_db):
    source = tmp_path / "nul.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in nul_records()), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(source), "--db", story_db])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output and "1 skipped" in result.output and "Traceback" not in result.output
    assert f"skipped {source}:2: id 'n\\u0000id' holds NUL" in result.output


def test_a_feed_title_with_nul_reaches_the_store_without_it():
    pytest.importorskip("feedparser")
    from wirebrief.fetch.feeds import parse_feed

    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour&#0;News</title><item>'
            b"<title>Bridge\x00shut</title><link>https://news.example/a</link></item></channel></rss>")
    parsed = parse_feed(body, "https://news.example/feed", "application/rss+xml", 10)
    assert parsed.title == "Harbour News" and [i.title for i in parsed.items] == ["Bridge shut"]


@pytest.fixture
def read_only_store(tmp_path):
    """A SQLite store with two stories that nothing can write: a read-only tmpfs mount when run as root (root
    writes through file modes), else a file and directory without write permission."""
    import os
    import subprocess

    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = os.geteuid() == 0
    if mounted and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(folder)],
                                  capture_output=True).returncode != 0:  # fmt: skip
        pytest.skip("as root a read-only store needs a read-only mount, and mount is not permitted here")
    db = folder / "stories.db"
    try:
        with StoryService.open(db) as service:
            service.ingest_records(records(BRIDGE[:3], "b"))
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            db.chmod(0o444)
            folder.chmod(0o555)
        yield db
    finally:
        if mounted:
            subprocess.run(["umount", "--lazy", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def test_a_read_only_store_can_be_read_and_a_write_is_one_error(read_only_store):
    listed = runner.invoke(app, ["stories", "--db", str(read_only_store), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    [story] = json.loads(listed.output)
    shown = runner.invoke(app, ["story", story["id"], "--db", str(read_only_store)])
    assert shown.exit_code == 0 and "Varnholt" in shown.output
    written = runner.invoke(app, ["ingest", "-", "--db", str(read_only_store)], input=json.dumps(records(BRIDGE[3:4], "c")[0]))
    assert written.exit_code == 1 and written.output.strip().splitlines()[-1].endswith("readonly database")
    assert "Traceback" not in written.output


def test_a_server_on_a_read_only_store_lists_stories_and_answers_a_write_503(read_only_store):
    pytest.importorskip("fastapi", reason="the server needs the 'serve' extra")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from wirebrief.server import create_app

    with TestClient(create_app(db=read_only_store, warm=False), raise_server_exceptions=False) as client:
        assert len(client.get("/v1/stories").json()["stories"]) == 1
        written = client.post("/v1/articles", json={"articles": records(BRIDGE[3:4], "c")})
        assert written.status_code == 503 and written.json()["error"].endswith("readonly database")
