"""Stories: ingest, dedup, incremental clustering, merges, briefs, durability, CLI. All text here is invented."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirebrief.cli import app
from wirebrief.errors import UsageError
from wirebrief.stories import get_story, ingest_inputs, ingest_records, list_stories, parse_since
from wirebrief.stories.backends import open_store
from wirebrief.stories.store import SCHEMA_VERSION

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# --- invented stories -------------------------------------------------------------------------------------------
BRIDGE = [  # story 1: a footbridge collapse in the invented town of Varnholt
    "The old Varnholt footbridge over the Selke river collapsed on Tuesday morning, and rescue crews pulled "
    "two injured cyclists from the water. Mayor Ilse Brandauer said the bridge had been inspected in March.",
    "Engineers in Varnholt began examining the wreckage of the collapsed Selke footbridge. Mayor Brandauer "
    "ordered every bridge in the district closed until inspectors finish a safety review of the rusted girders.",
    "Two cyclists hurt when the Varnholt footbridge fell into the Selke river are in stable condition, the "
    "district hospital said. Rescue divers searched the river for more victims but found none.",
    "Residents of Varnholt laid flowers near the broken footbridge. Many said they had warned the council that "
    "the rusted girders over the Selke were unsafe, and Mayor Brandauer promised an independent inquiry.",
    "The inquiry into the Varnholt footbridge collapse will be led by a retired judge, Mayor Ilse Brandauer "
    "announced. The girders of the Selke crossing had not been repainted since the bridge opened.",
    "Insurance assessors arrived in Varnholt to estimate the cost of replacing the Selke footbridge. A temporary "
    "ferry will carry cyclists and walkers across the river while the collapsed bridge is cleared.",
]
CHESS = [  # story 2: a chess tournament in the invented city of Quellmark
    "Grandmaster Tomasz Weyrich won the Quellmark Open chess tournament on Sunday after a tense final game "
    "against the teenage prodigy Anouk Lefevre, who resigned on move sixty-one.",
    "The teenage prodigy Anouk Lefevre finished second at the Quellmark Open, the best result of her career. "
    "Her sharp opening against Weyrich surprised commentators in the tournament hall.",
    "Organisers of the Quellmark Open chess tournament said a record number of players entered this year, and "
    "the prize fund for the winner, grandmaster Tomasz Weyrich, was doubled by a local sponsor.",
    "Tomasz Weyrich dedicated his Quellmark Open title to his first chess coach. The grandmaster said Lefevre "
    "would soon challenge for the world title and praised her endgame technique.",
    "Chess fans crowded the Quellmark town hall to watch the final round of the Open. Anouk Lefevre drew loud "
    "applause even after resigning to grandmaster Weyrich in a long endgame.",
    "The Quellmark Open will return next spring with a larger prize fund, organisers said after grandmaster "
    "Tomasz Weyrich lifted the trophy and the prodigy Lefevre took second place.",
]


def records(texts, prefix, **extra):
    return [{"id": f"{prefix}{i}", "text": t, "outlet": f"{prefix}-outlet-{i}", **extra} for i, t in enumerate(texts)]


def story_of(db, article_id):
    store = open_store(db)
    try:
        rows = store.query("SELECT story_id, duplicate_of FROM articles WHERE id = ?", (article_id,))
        return rows[0] if rows else None
    finally:
        store.close()


def stored_ids(db) -> list[str]:
    store = open_store(db)
    try:
        return [row[0] for row in store.query("SELECT id FROM articles")]
    finally:
        store.close()


@pytest.fixture
def db(story_db):
    """Each test that takes `db` runs on SQLite and on PostgreSQL (when $WIREBRIEF_TEST_PG names a server)."""
    return story_db


@pytest.fixture
def sqlite_db(tmp_path):
    return tmp_path / "stories.db"


# --- clustering ---------------------------------------------------------------------------------------------------
def test_two_interleaved_stories_become_two(db):
    bridge, chess = records(BRIDGE, "b"), records(CHESS, "c")
    interleaved = [r for pair in zip(bridge, chess) for r in pair]
    report = ingest_records(interleaved[:6], db, briefs=False)
    ingest_records(interleaved[6:], db, briefs=False)  # a second batch: incremental
    assert len(report.added) == 6
    found = list_stories(db)
    assert sorted(sorted(s["articles"]) for s in found) == [
        sorted(r["id"] for r in bridge),
        sorted(r["id"] for r in chess),
    ]


def test_no_dates_no_titles_and_headline_from_brief(db):
    ingest_records([{"text": t} for t in BRIDGE[:3]], db)
    (story,) = list_stories(db)
    assert story["headline"] and story["brief"]
    assert story["first_seen"] and story["last_seen"]  # ingest time stands in for unknown dates
    assert all(a.startswith("a") for a in story["articles"])  # ids made from content


def test_dates_keep_far_apart_reports_of_similar_text_apart(db, tmp_path):
    """Time proximity: the same kind of event a year later is another story."""
    day = datetime(2026, 11, 22, tzinfo=timezone.utc)
    first = [dict(r, published=(day + timedelta(hours=i)).isoformat()) for i, r in enumerate(records(BRIDGE[:3], "x"))]
    later = [dict(r, published=(day + timedelta(days=400 + i)).isoformat()) for i, r in enumerate(records(BRIDGE[3:], "y"))]
    ingest_records(first + later, db, briefs=False)
    found = list_stories(db)
    assert all(len({a[0] for a in s["articles"]}) == 1 for s in found)  # no story mixes x... and y...
    undated = tmp_path / "undated.db"
    ingest_records(records(BRIDGE[:3], "x") + records(BRIDGE[3:], "y"), undated, briefs=False)
    assert any(len({a[0] for a in s["articles"]}) == 2 for s in list_stories(undated))


# --- duplicates ---------------------------------------------------------------------------------------------------
def test_exact_duplicate_from_two_feeds_is_linked(db):
    original = {"id": "feed1-17", "text": BRIDGE[0], "outlet": "Selke Courier"}
    copy = {"id": "feed2-99", "text": "  " + BRIDGE[0].upper().replace(",", " ,") + "\n", "outlet": "River Wire"}
    report = ingest_records([original, {"id": "other", "text": BRIDGE[1]}, copy], db)
    assert report.duplicates == ["feed2-99"]
    assert story_of(db, "feed2-99") == (story_of(db, "feed1-17")[0], "feed1-17")
    story = get_story(db, story_of(db, "feed1-17")[0])
    assert set(story["outlets"]) >= {"Selke Courier", "River Wire"}
    assert story["size"] == 2 and story["duplicates"] == 1
    cited = {s["article"] for sentence in story["sentences"] for s in sentence["sources"]}
    assert "feed2-99" not in cited  # briefs use the non-duplicate articles


def test_near_duplicate_with_new_headline_and_small_edits(db):
    text = " ".join(BRIDGE[:3])
    edited = (
        text.replace("Tuesday morning", "Tuesday")
        .replace("two injured cyclists", "two hurt cyclists")
        .replace("in stable condition", "in a stable condition")
    )
    ingest_records([{"id": "p1", "title": "Footbridge collapses", "text": text}], db, briefs=False)
    report = ingest_records(
        [{"id": "p2", "title": "UPDATED: Varnholt bridge falls into river", "text": edited}], db, briefs=False
    )
    assert report.duplicates == ["p2"] and report.added == []
    assert story_of(db, "p2")[1] == "p1"


def test_different_reports_of_one_story_are_not_duplicates(db):
    report = ingest_records(records(BRIDGE, "b"), db, briefs=False)
    assert report.duplicates == [] and len(report.added) == len(BRIDGE)


# --- merges -------------------------------------------------------------------------------------------------------
def test_stories_bridged_by_later_articles_are_merged(db):
    flood = [  # two sides of one event, reported apart at first: a dam breach and a town's evacuation
        "The Ostrava dam on the upper Morrin burst after a week of storms, releasing a wall of water into the valley.",
        "Hydrologists said the Ostrava dam burst because its spillway on the Morrin was blocked by storm debris.",
        "The burst Ostrava dam had been flagged for spillway repairs on the Morrin two years ago, records show.",
    ]
    evacuation = [
        "Thousands of residents of Kelmstadt were evacuated by bus overnight as police went door to door.",
        "Kelmstadt schools became shelters for evacuated families, and police closed every road into the town.",
        "Evacuated Kelmstadt residents may not return home for days, police said at a briefing in a school gym.",
    ]
    bridges = [
        "Water from the burst Ostrava dam on the Morrin reached Kelmstadt, where police had evacuated residents; "
        "the spillway debris that caused the burst is now blocking roads in the evacuated town.",
        "Kelmstadt evacuated residents watched the Morrin flood from the burst Ostrava dam; police and hydrologists "
        "said the dam spillway failure sent the water towards the town's schools and shelters.",
        "The Ostrava dam burst flooded Kelmstadt: police evacuated residents to school shelters as the Morrin "
        "spillway water rose, and officials blamed storm debris at the burst dam.",
    ]
    ingest_records(records(flood, "f") + records(evacuation, "e"), db, briefs=False)
    assert len(list_stories(db)) == 2
    report = ingest_records(records(bridges, "x"), db)
    found = list_stories(db)
    assert len(found) == 1 and len(found[0]["articles"]) == 9
    assert report.stories_touched == [found[0]["id"]]
    # the id of the story that was merged away still finds the merged story
    old_ids = {story_of(db, "f0")[0], story_of(db, "e0")[0]}
    assert found[0]["id"] in old_ids


# --- briefs, listing ----------------------------------------------------------------------------------------------
def test_briefs_refreshed_after_each_ingest(db):
    ingest_records(records(BRIDGE[:2], "b"), db)
    (before,) = list_stories(db)
    assert before["sentences"] and before["brief_at"]
    for sentence in before["sentences"]:
        assert sentence["text"] and all(set(s) == {"article", "outlet", "start", "end", "spans"} for s in sentence["sources"])
    time.sleep(1.1)
    report = ingest_records(records(BRIDGE[2:], "b"), db)
    assert before["id"] in report.stories_touched
    after = get_story(db, before["id"])
    assert after["brief_at"] > before["brief_at"]
    assert len(after["articles"]) > len(before["articles"])
    assert {s["article"] for x in after["sentences"] for s in x["sources"]} <= set(after["articles"])


def test_list_order_since_limit_and_get_story(db):
    old = datetime.now(timezone.utc) - timedelta(days=10)
    ingest_records([dict(r, published=old.isoformat()) for r in records(CHESS, "c")], db, briefs=False)
    ingest_records(records(BRIDGE, "b"), db, briefs=False)  # undated: seen now
    found = list_stories(db)
    assert [s["articles"][0][0] for s in found] == ["b", "c"]  # newest last_seen first
    assert [s["articles"][0][0] for s in list_stories(db, since=parse_since("24h"))] == ["b"]
    assert len(list_stories(db, limit=1)) == 1
    story = get_story(db, found[1]["id"])
    assert [a["id"] for a in story["articles_detail"]] == [f"c{i}" for i in range(len(CHESS))]
    assert set(story["articles_detail"][0]) == {"id", "outlet", "title", "published", "url", "text", "duplicate_of", "outlet_from"}
    assert get_story(db, "no-such-story") is None


def test_parse_since():
    now = datetime.now(timezone.utc)
    assert abs((now - parse_since("24h")) - timedelta(hours=24)) < timedelta(seconds=5)
    assert abs((now - parse_since("90m")) - timedelta(minutes=90)) < timedelta(seconds=5)
    assert abs((now - parse_since("7d")) - timedelta(days=7)) < timedelta(seconds=5)
    assert parse_since("2026-11-22") == datetime(2026, 11, 22, tzinfo=timezone.utc)
    with pytest.raises(UsageError):
        parse_since("yesterday-ish")


# --- durability, idempotency, schema -------------------------------------------------------------------------------
def test_reingest_is_idempotent(db, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records(BRIDGE + CHESS, "z")), encoding="utf-8")
    first = ingest_inputs([str(feed)], db, briefs=False)
    again = ingest_inputs([str(feed)], db, briefs=False)
    assert len(first.added) == 12 and again.added == [] and again.duplicates == [] and len(again.existing) == 12
    store = open_store(db)
    assert store.counts()["articles"] == 12
    store.close()


def test_same_id_with_other_text_is_kept(db):
    ingest_records([{"id": "x1", "text": BRIDGE[0]}], db, briefs=False)
    report = ingest_records([{"id": "x1", "text": CHESS[0]}], db, briefs=False)
    assert len(report.added) == 1 and report.added[0].startswith("x1~") and report.warnings
    assert ingest_records([{"id": "x1", "text": CHESS[0]}], db, briefs=False).added == []


def test_schema_version_and_wal(sqlite_db):
    db = sqlite_db
    store = open_store(db)
    assert store.schema_version == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    store = open_store(db)  # reopening does not migrate again
    assert store.db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_readers_work_while_a_write_transaction_is_open(sqlite_db):
    db = sqlite_db
    ingest_records(records(BRIDGE, "b"), db, briefs=False)
    count = len(list_stories(db))
    writer = open_store(db)
    with writer.transaction():
        writer.db.execute("UPDATE stories SET headline = 'pending'")
        assert len(list_stories(db)) == count  # a reader in another connection is not blocked
        assert list_stories(db)[0]["headline"] != "pending"
    writer.close()


WORDS = [f"{a}{b}" for a in ("kal", "mer", "tos", "vin", "dru", "pel", "sor", "gha", "lum", "zet") for b in
         ("ar", "en", "ip", "ox", "ul", "ym", "ast", "ork", "ise", "und")]  # fmt: skip


def generated(n, seed=7):
    rng = random.Random(seed)
    for i in range(n):
        yield {"id": f"gen-{i}", "text": " ".join(rng.choice(WORDS) for _ in range(40)) + "."}


def test_kill_during_ingest_loses_nothing_reported(db, tmp_path):
    feed = tmp_path / "big.jsonl"
    n = 4000
    feed.write_text("".join(json.dumps(r) + "\n" for r in generated(n)), encoding="utf-8")
    command = [sys.executable, "-m", "wirebrief.cli", "ingest", str(feed), "--db", str(db), "--list-added", "--no-briefs"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported = []
    for line in process.stdout:
        reported.append(line.split()[1])
        if len(reported) >= 600:  # past the first committed batch: kill it mid-stream
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert 0 < len(reported) < n, "the ingest finished before it could be killed"
    stored = set(stored_ids(db))
    assert set(reported) <= stored
    done = subprocess.run(command[:-2] + ["--no-briefs"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ids = stored_ids(db)
    assert len(ids) == len(set(ids)) == n
    again = subprocess.run(command[:-1] + ["--format", "json"], capture_output=True, text=True, timeout=120)
    assert json.loads(again.stdout)["added"] == []  # JSON only: --list-added does not add lines to it


# --- bad input ----------------------------------------------------------------------------------------------------
def test_bad_input_is_reported_not_lost(db, tmp_path):
    feed = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"id": "ok1", "text": BRIDGE[0]}), "{not json", json.dumps({"id": "nothing"}), json.dumps([1, 2]),
             json.dumps({"id": "ok2", "text": BRIDGE[1]})]  # fmt: skip
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    report = ingest_inputs([str(feed), str(tmp_path / "notes.docx"), str(tmp_path / "missing.jsonl")], db, briefs=False)
    assert sorted(report.added) == ["ok1", "ok2"]
    reasons = " | ".join(f"{s.path}: {s.reason}" for s in report.skipped)
    assert "mixed.jsonl:2: malformed JSON" in reasons
    assert 'mixed.jsonl:3: record has no "text" or "html" field' in reasons
    assert "unsupported file type" in reasons and "no such file or directory" in reasons
    assert len(report.skipped) == 6  # malformed line, no text, two non-objects, .docx, missing file


# --- CLI ----------------------------------------------------------------------------------------------------------
def test_cli_ingest_stories_story(db, tmp_path):
    feed = tmp_path / "day1"
    feed.mkdir()
    for i, text in enumerate(BRIDGE[:3]):
        (feed / f"bridge{i}.txt").write_text(f"Varnholt bridge report {i}\n\n{text}\n", encoding="utf-8")
    more = tmp_path / "more.jsonl"
    more.write_text("".join(json.dumps(r) + "\n" for r in records(CHESS[:3], "c")) + "{broken\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(feed), str(more), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "6 added, 0 duplicates" in result.output and "2 stories touched" in result.output
    assert "skipped" in result.output and "malformed JSON" in result.output

    result = runner.invoke(app, ["stories", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2
    for line in lines:
        assert {"id", "headline", "articles", "outlets", "first_seen", "last_seen", "brief", "sentences"} <= set(line)
    assert {line["headline"] for line in lines} >= {"Varnholt bridge report 0"}

    result = runner.invoke(app, ["stories", "--db", str(db), "--since", "24h"])
    assert result.exit_code == 0 and "Varnholt bridge report 0" in result.output and "3 articles" in result.output

    story_id = lines[0]["id"]
    result = runner.invoke(app, ["story", story_id, "--db", str(db)])
    assert result.exit_code == 0 and "Articles:" in result.output and "[1]" in result.output
    result = runner.invoke(app, ["story", story_id, "--db", str(db), "--format", "json"])
    assert json.loads(result.output)["id"] == story_id

    result = runner.invoke(app, ["story", "nope", "--db", str(db)])
    assert result.exit_code == 1 and "no story 'nope'" in result.output
    result = runner.invoke(app, ["stories", "--db", str(db), "--since", "whenever"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_cli_env_db_and_all_bad_input(tmp_path, monkeypatch):
    monkeypatch.setenv("WIREBRIEF_DB", str(tmp_path / "env.db"))
    runner = CliRunner()
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(bad)])
    assert result.exit_code == 1 and "malformed JSON" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["ingest", "-"], input=json.dumps({"text": BRIDGE[0]}))
    assert result.exit_code == 0 and "1 added" in result.output
    assert (tmp_path / "env.db").exists()


# --- real data (optional) -----------------------------------------------------------------------------------------
@pytest.mark.skipif(not (DATA / "multinews" / "val.jsonl.gz").exists(), reason=f"benchmark data not found at {DATA}")
def test_multinews_sample_quality(db):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import stories as bench  # benchmarks/stories.py

    stream, gold = bench.quality_stream(150, False, 5)
    ingest_records(stream, db, briefs=False)
    store = open_store(db)
    predicted = {k: v for k, v in store.query("SELECT id, story_id FROM articles") if k in gold}
    store.close()
    precision, recall, f1 = bench.bcubed(predicted, gold)
    assert f1 > 0.7, (precision, recall, f1)


# --- fresh store: background IDF prior ----------------------------------------------------------------------------
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"


def test_bundled_example_is_one_story_in_a_fresh_store(db):
    """Four reports of one port strike: with no statistics of its own, the store leans on the background IDF."""
    report = ingest_inputs([str(EXAMPLE)], db, briefs=False)
    assert len(report.added) == 4
    (story,) = list_stories(db)
    assert len(story["articles"]) == 4


@pytest.mark.skipif(not (DATA / "seed-cluster").is_dir(), reason=f"seed cluster not found at {DATA}")
def test_seed_cluster_and_example_are_two_stories(db):
    ingest_inputs([str(DATA / "seed-cluster")], db, briefs=False)
    ingest_inputs([str(EXAMPLE)], db, briefs=False)
    found = list_stories(db)
    assert sorted(len(s["articles"]) for s in found) == [4, 5]


def test_background_prior_blends_with_store_counts():
    import numpy as np

    from wirebrief.stories.index import ClusterSettings, StoryIndex

    index = StoryIndex(ClusterSettings(prior_docs=1000))
    plain = StoryIndex(ClusterSettings(prior_docs=0))
    assert plain.prior_docs == 0
    common, rare = (v.terms for v in index.vectorize(["government", "varnholt"]))
    # fresh store: the prior tells a common word from a rare one
    assert index.idf(common)[0] < index.idf(rare)[0] - 2
    assert plain.idf(common)[0] == plain.idf(rare)[0]
    # a store that has seen "varnholt" everywhere learns it is common there
    index.n_docs = 100_000
    index.df[rare] = 100_000
    assert index.idf(rare)[0] < 1.1
    assert np.isfinite(index.idf(common)).all()


def test_page_furniture_only_is_skipped_with_a_reason(db):
    from wirebrief.text.lexical import load_boilerplate

    furniture = sorted(s for s in load_boilerplate() if len(s.split()) >= 8)
    if not furniture:
        pytest.skip("no furniture list bundled")
    notice = furniture[0].capitalize() + "."
    report = ingest_records([{"id": "n1", "text": notice}, *records(BRIDGE[:2], "b")], db, briefs=False)
    assert sorted(report.added) == ["b0", "b1"]
    (skipped,) = report.skipped
    assert "'n1'" in skipped.reason and "page furniture only" in skipped.reason
    # a real report with the same notice attached is kept
    kept = ingest_records([{"id": "b9", "text": notice + "\n\n" + BRIDGE[2]}], db, briefs=False)
    assert kept.added == ["b9"] and not kept.skipped


# --- article-to-article links (off by default) --------------------------------------------------------------------
def test_article_links_find_a_story_by_one_close_article_and_stay_bounded():
    from dataclasses import replace

    from wirebrief.stories.index import ClusterSettings, StoryIndex

    settings = replace(ClusterSettings(), link_threshold=0.3, link_window=8, prior_docs=0)
    index = StoryIndex(settings, prior=False)
    vectors = index.vectorize(BRIDGE + CHESS)
    for v in vectors:
        index.add_document(v)
    story = index.new_story("s-bridge", vectors[0])
    index.activate(story)
    index.add_article(index.article_vector(1, "s-bridge", vectors[0]))
    matches = index.candidates(vectors[0], None)  # the same text: a perfect link
    assert matches[0].story.id == "s-bridge" and matches[0].link > 0.99
    assert matches[0].score >= settings.join_threshold
    for seq, v in enumerate(vectors[6:], start=2):  # chess articles under another story
        index.activate(index.new_story(f"s-chess{seq}", v))
        index.add_article(index.article_vector(seq, f"s-chess{seq}", v))
    assert len(index.articles) == 7
    more = index.vectorize([f"{text} Again {i}." for i, text in enumerate(CHESS)])
    for seq, v in enumerate(more, start=100):
        index.add_article(index.article_vector(seq, "s-chess2", v))
    assert len(index.articles) == 8 and 1 not in index.articles  # the window keeps only the latest
    assert all(seq in index.articles for posted in index.article_postings.values() for seq in posted)
    index.merged["s-chess3"] = "s-chess2"
    assert index.resolve("s-chess3") == "s-chess2"


def test_article_links_on_keep_stories_apart_and_persist(db):
    from dataclasses import replace

    from wirebrief.stories.index import ClusterSettings
    from wirebrief.stories.ingest import Ingestor, IngestReport
    from wirebrief.types import Article

    settings = replace(ClusterSettings(), link_threshold=0.3)
    articles = [Article(id=f"b{i}", text=t, outlet="o") for i, t in enumerate(BRIDGE)]
    articles += [Article(id=f"c{i}", text=t, outlet="o") for i, t in enumerate(CHESS)]
    interleaved = [a for pair in zip(articles[:6], articles[6:]) for a in pair]
    store = open_store(db)
    try:
        Ingestor(store, settings=settings).ingest(interleaved[:6], IngestReport())
        later = Ingestor(store, settings=settings)  # a second process: loads the link window from the store
        later.ingest(interleaved[6:], IngestReport())
        assert len(later.index.articles) == 12
        stored = store.load_recent_vectors(100)
        assert len(stored) == 12 and all(blob for _, _, blob, _ in stored)
    finally:
        store.close()
    found = list_stories(db)
    assert sorted(sorted(s["articles"]) for s in found) == [[f"b{i}" for i in range(6)], [f"c{i}" for i in range(6)]]


def test_migration_from_schema_1_adds_article_vectors(sqlite_db):
    db = sqlite_db
    from wirebrief.stories.store import MIGRATIONS

    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at REAL NOT NULL)")
    connection.executescript(MIGRATIONS[0])
    connection.execute("INSERT INTO schema_version VALUES (1, 0)")
    connection.commit()
    connection.close()
    store = open_store(db)
    try:
        assert store.schema_version == SCHEMA_VERSION >= 2
        columns = {row[1] for row in store.db.execute("PRAGMA table_info(articles)")}
        assert "vector" in columns
    finally:
        store.close()
    ingest_records(records(BRIDGE[:2], "b"), db, briefs=False)  # an upgraded store takes articles
    assert len(list_stories(db)[0]["articles"]) == 2


# --- ingest cost: the furniture check skips sentence splitting; the time factor's shape ---------------------------
def test_furniture_check_without_splitting_agrees_with_splitting():
    from wirebrief.stories.ingest import news_text
    from wirebrief.text.lexical import WORD
    from wirebrief.text.split import split_article

    furniture = frozenset({"advertisement", "read more", "we do not capture any email address"})

    def by_splitting(text):
        kept, furniture_words, kept_words = [], 0, 0
        for sentence in split_article(0, text):
            tokens = WORD.findall(sentence.text.lower())
            if " ".join(tokens) in furniture:
                furniture_words += len(tokens)
            else:
                kept.append(sentence.text)
                kept_words += len(tokens)
        return ("\n".join(kept) if furniture_words else text), furniture_words, kept_words

    texts = [
        BRIDGE[0],
        BRIDGE[0] + "\n\nAdvertisement\n\n" + BRIDGE[1],  # a furniture sentence of its own
        "The advertisement for the Quellmark Open was everywhere. " + CHESS[0],  # the word, not the sentence
        CHESS[1] + " Read more. We do not capture any email address. " + CHESS[2],
        "We do not capture any email address of readers, the Varnholt council said. " + BRIDGE[2],
    ]
    for text in texts:
        assert news_text(text, furniture) == by_splitting(text), text


def test_time_factor_grace_then_soft_decay():
    from dataclasses import replace

    from wirebrief.stories.index import ClusterSettings, StoryIndex

    index = StoryIndex(replace(ClusterSettings(), date_grace_days=10, date_scale_days=20, date_decay_power=0.5,
                               horizon_days=100), prior=False)  # fmt: skip
    assert index.date_factor(0) == index.date_factor(10) == 1.0
    assert index.date_factor(100) > 0.0 and index.date_factor(100.5) == 0.0  # past the horizon: never
    assert abs(index.date_factor(30) - 2**-0.5) < 1e-9  # (1 + 20 / 20) ** -0.5
    hyperbolic = StoryIndex(replace(index.settings, date_decay_power=1.0), prior=False)
    assert abs(hyperbolic.date_factor(30) - 0.5) < 1e-9
