"""Facts on the page (facts.js): disagreements under the brief with a marker on the sentences that carry a
disputed figure, and the timeline tab, for pasted articles and for a stored story. Runs in the same headless
Chromium as tests/test_browser.py (and skips as it does)."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.test_browser import browser, expect, open_page, server, shots, submit  # noqa: F401  (fixtures)
from tests.wirebrief_server import upload

# Invented reports: a toll given as 25 on Tuesday and revised to 15 a day later.
REPORTS = [
    {"id": "wire-1", "outlet": "Northwire", "published": "2026-04-07T18:00:00Z",
     "text": "The sheriff said on Tuesday that as many as 25 people were dead after the shooting at Ridgeway school. "
             "Investigators searched the school building through the night with six SWAT teams from the county. "
             "Classes at the school will stay closed until Monday, the district said in a statement."},
    {"id": "gazette-1", "outlet": "Ridgeway Gazette", "published": "2026-04-08T09:00:00Z",
     "text": "The death toll was 15 on Wednesday after the shooting at Ridgeway school, the sheriff's office said. "
             "Investigators searched the school building through the night with six SWAT teams from the county. "
             "Counsellors will be at the town library for students and families on Thursday."},
]  # fmt: skip


@pytest.fixture
def page(browser, server):  # noqa: F811
    page = open_page(browser, server)
    yield page
    page.context.close()


def upload_and_brief(page, path, cluster_id: str, articles: list[dict]) -> dict:
    """Write `articles` as one cluster file at `path`, upload it (one card per article) and brief it: the brief."""
    path.write_text(json.dumps({"id": cluster_id, "articles": articles}), encoding="utf-8")
    upload(page, path)
    expect(page.locator("#articles .article")).to_have_count(len(articles))
    return submit(page)


def test_disagreement_and_timeline_for_pasted_articles(page, tmp_path, shots):  # noqa: F811
    data = upload_and_brief(page, tmp_path / "shooting.json", "ridgeway", REPORTS)
    [disagreement] = data["disagreements"]
    assert disagreement["what"] == "death toll" and disagreement["kind"] == "revision"
    box = page.locator("#disagreements")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Revised: death toll")
    expect(box).to_contain_text("as many as 25 people were dead (2026-04-07) — Northwire")
    carrying = [i for i, s in enumerate(data["sentences"])
                if any(s2["article"] == v["article"] and s2["start"] <= v["start"] < s2["end"]
                       for s2 in s["sources"] for value in disagreement["values"] for v in value["sources"])]
    assert carrying
    expect(page.locator("#sentences .sentence .disputed")).to_have_count(len(carrying))
    page.click("#tab-timeline")
    expect(page.locator("#pane-timeline")).to_be_visible()
    expect(page.locator("#pane-brief")).to_be_hidden()
    dated = sorted(s["dates"][0]["date"] for s in data["sentences"] if s["dates"])
    expect(page.locator("#timeline .event")).to_have_count(len(dated))
    assert page.locator("#timeline .event time").all_text_contents() == dated
    page.click("#tab-brief")
    expect(page.locator("#pane-brief")).to_be_visible()
    page.screenshot(path=str(shots / "page-facts.png"), full_page=True)
    assert not page.errors, page.errors


def test_an_unsure_disagreement_is_one_click_away(page, tmp_path):
    birds = [
        {"id": "a", "outlet": "Parkwire", "published": "2026-03-14", "text":
         "The park counted 40 species of birds this spring, rangers said. The survey ran for two weeks in March."},
        {"id": "b", "outlet": "Valley Post", "published": "2026-03-14", "text":
         "Rangers said the park counted 45 species of birds in the spring survey. Volunteers helped with the count."},
    ]  # fmt: skip
    data = upload_and_brief(page, tmp_path / "birds.json", "birds", birds)
    [unsure] = data["disagreements"]
    assert unsure["confident"] is False and unsure["confidence"] < 0.5
    # not stated as a fact: no warning heading, no marker on the sentences, the details closed
    box = page.locator("#disagreements")
    expect(box).to_be_visible()
    expect(box.locator("h3")).to_have_count(0)
    expect(page.locator("#sentences .sentence .disputed")).to_have_count(0)
    details = box.locator("details.unsure")
    expect(details).to_contain_text("1 possible difference the rules are not sure of")
    assert details.get_attribute("open") is None
    expect(details.locator("li")).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator("li")).to_be_visible()
    expect(details.locator("li")).to_contain_text("40 species")
    expect(details.locator("li")).to_contain_text("45 species")
    expect(details.locator("li")).to_contain_text(f"{round(unsure['confidence'] * 100)}% sure")
    assert not page.errors, page.errors


def test_stored_story_timeline_tab(browser, server):  # noqa: F811
    if not httpx.get(server + "/healthz").json()["stories"]:
        pytest.skip("the stories store is not available on this server")
    ingested = httpx.post(server + "/v1/articles", json={"articles": REPORTS}, timeout=60)
    assert ingested.status_code == 200, ingested.text
    story_id = ingested.json()["stories_touched"][0]
    story = httpx.get(f"{server}/v1/stories/{story_id}").json()
    page = open_page(browser, server, view=f"#story/{story_id}")
    try:
        expect(page.locator("#sentences .sentence").first).to_be_visible()
        page.click("#tab-timeline")
        if story.get("events"):  # a store with events: one row per event
            expect(page.locator("#timeline .event")).to_have_count(len(story["events"]))
            expect(page.locator("#timeline-note")).to_contain_text("oldest first")
        else:  # without: the story's dated sentences
            timeline = httpx.get(f"{server}/v1/stories/{story_id}/timeline").json()
            assert timeline["events"]
            expect(page.locator("#timeline .event")).to_have_count(len(timeline["events"]))
            assert page.locator("#timeline .event time").all_text_contents() == [e["date"] for e in timeline["events"]]
            expect(page.locator("#timeline-note")).to_contain_text("story's dated events")
        assert not page.errors, page.errors
    finally:
        page.context.close()
