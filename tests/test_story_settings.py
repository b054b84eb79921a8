"""Stored stories are briefed with the settings the StoryService was opened with (`ingest`/`watch`/`serve`
--method and budget), not with the defaults."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wirebrief import brief
from wirebrief.cli import app
from wirebrief.settings import Settings
from wirebrief.stories import get_story, ingest_records, list_stories

from .test_stories import BRIDGE, records

ONE_LEAD_SENTENCE = Settings(method="lead").with_budget(sentences=1)


def stored_brief(db) -> list[str]:
    (story,) = list_stories(db)
    return [s["text"] for s in story["sentences"]]


def brief_of_story(db, settings: Settings) -> list[str]:
    """What `brief` makes of the story's stored articles with these settings."""
    (story,) = list_stories(db)
    detail = get_story(db, story["id"])["articles_detail"]
    articles = [{k: a[k] for k in ("id", "text", "outlet", "title") if a.get(k)} for a in detail]
    return [s.text for s in brief(articles, settings=settings).sentences]


def test_refreshed_briefs_follow_the_services_method_and_budget(tmp_path):
    chosen, default = tmp_path / "chosen.db", tmp_path / "default.db"
    ingest_records(records(BRIDGE, "b"), chosen, settings=ONE_LEAD_SENTENCE)
    ingest_records(records(BRIDGE, "b"), default)
    assert len(stored_brief(chosen)) == 1
    assert stored_brief(chosen) == brief_of_story(chosen, ONE_LEAD_SENTENCE)
    assert stored_brief(default) == brief_of_story(default, Settings())
    assert len(stored_brief(default)) > 1


def test_ingest_options_reach_the_stored_briefs(tmp_path):
    source = tmp_path / "bridge.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records(BRIDGE, "b")), encoding="utf-8")
    db = tmp_path / "stories.db"
    result = CliRunner().invoke(app, ["ingest", str(source), "--db", str(db), "--method", "lead", "--sentences", "1"])
    assert result.exit_code == 0, result.output
    assert stored_brief(db) == brief_of_story(db, ONE_LEAD_SENTENCE)


def test_ingest_refuses_an_unknown_method_before_reading(tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "s.db"), "-m", "nope"])
    assert result.exit_code == 2
    assert "unknown method 'nope'" in result.stderr and not (tmp_path / "s.db").exists()


def test_the_server_briefs_stored_stories_with_its_settings(tmp_path, monkeypatch):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from wirebrief.server.app import SETTINGS_ENV, create_app

    db = tmp_path / "stories.db"
    with TestClient(create_app(db=db, warm=False, settings=ONE_LEAD_SENTENCE)) as client:
        assert client.post("/v1/articles", json={"articles": records(BRIDGE, "b")}).status_code == 200
        (story,) = client.get("/v1/stories").json()["stories"]
    assert [s["text"] for s in story["sentences"]] == brief_of_story(db, ONE_LEAD_SENTENCE)
    # worker processes (serve --workers N) receive the settings through the environment
    monkeypatch.setenv(SETTINGS_ENV, json.dumps(ONE_LEAD_SENTENCE.to_dict()))
    assert create_app(db=db, warm=False).state.settings == ONE_LEAD_SENTENCE


def test_posted_briefs_name_their_method_and_budget_and_take_the_rest_from_the_server(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from wirebrief.server.app import create_app

    long_only = Settings(min_sentence_words=15)  # not a knob a request can set: it comes from the server
    request = {"articles": [r["text"] for r in records(BRIDGE, "b")], "words": 120, "method": "coverage"}
    answers = []
    for settings in (None, long_only):
        with TestClient(create_app(db=tmp_path / "stories.db", warm=False, settings=settings)) as client:
            answer = client.post("/v1/briefs", json=request)
        assert answer.status_code == 200, answer.text
        answers.append([s["text"] for s in answer.json()["sentences"]])
    default, served = answers
    assert served == [s.text for s in brief(request["articles"], words=120, method="coverage", settings=long_only).sentences]
    assert served and all(len(text.split()) >= 15 for text in served)
    assert any(len(text.split()) < 15 for text in default)


def test_the_story_clusterer_knobs_are_settings_checked_when_made():
    from wirebrief.errors import UsageError
    from wirebrief.settings import ClusterSettings

    assert Settings().stories == ClusterSettings()
    assert Settings.from_dict({"stories": {"link_threshold": 0.3}}).stories.link_threshold == 0.3
    for wrong in ({"join_threshold": 1.5}, {"max_active": 0}, {"simhash_distance": 65}, {"date_scale_days": 0},
                  {"clear_join_ratio": 0.5}, {"link_window": 2.5}, {"prior_docs": "many"}):
        with pytest.raises(UsageError, match=f"stories.{next(iter(wrong))} must be"):
            ClusterSettings(**wrong)
    with pytest.raises(UsageError, match="unknown setting"):
        Settings.from_dict({"stories": {"join": 0.2}})
