"""The page's conventions in Chromium: methods from the server's registry, budget kinds, plurals, outlet chips,
copy and Markdown export, a notice for mixed stories, storing from the page, paged and searchable stories."""

from __future__ import annotations

import random

import httpx
import pytest

from .test_browser import browser, expect, open_page, server, submit  # noqa: F401  (fixtures)
from .wirebrief_server import upload

BRIDGE = [
    "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams. "
    "Ferries will run every twenty minutes until the repairs are finished in late June. "
    "Shop owners on the north bank said the closure would cost them a busy spring season.",
    "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams. "
    "Engineers found the cracks during a routine inspection of the bridge last week. "
    "Ferries will run every twenty minutes until the repairs are finished in late June.",
]
CHESS = [
    "The national chess championship in Velden ended on Sunday with a surprise win for a sixteen-year-old student. "
    "She beat the defending champion in a final game that lasted more than six hours. "
    "Organisers said a record number of spectators followed the tournament online.",
    "A sixteen-year-old student won the national chess championship in Velden on Sunday. "
    "The final game against the defending champion lasted more than six hours, organisers said. "
    "Prize money for the tournament doubled this year thanks to a new sponsor.",
]


@pytest.fixture
def page(browser, server):  # noqa: F811
    page = open_page(browser, server)
    yield page
    page.context.close()


def paste(page, texts, outlets=()):
    cards = page.locator("#articles .article")
    while cards.count() < len(texts):
        page.click("#add-article")
    for i, text in enumerate(texts):
        cards.nth(i).locator("textarea").fill(text)
        if i < len(outlets) and outlets[i]:
            cards.nth(i).locator(".outlet").fill(outlets[i])


def test_methods_come_from_the_registry_and_budget_kinds_are_sent(page, server):  # noqa: F811
    from wirebrief import METHODS

    served = httpx.get(server + "/v1/methods").json()
    assert [m["name"] for m in served["methods"]] == list(METHODS) and served["default"] == "wirebrief"
    assert all(m["summary"] for m in served["methods"])
    expect(page.locator("#method option")).to_have_count(len(METHODS))
    assert page.locator("#method option").all_text_contents() == list(METHODS)
    assert page.locator("#method").input_value() == "wirebrief"
    paste(page, BRIDGE, ["Ellery Post", "Harbour Gazette"])
    page.select_option("#method", "lead")
    page.select_option("#budget-kind", "sentences")
    page.locator("#budget").fill("1")
    with page.expect_request(lambda r: r.url.endswith("/v1/briefs")) as sent:
        data = submit(page)
    body = sent.value.post_data_json
    assert body["method"] == "lead" and body["sentences"] == 1 and "words" not in body
    assert len(data["sentences"]) == 1
    meta = page.text_content("#brief-meta")
    assert "1 sentence ·" in meta and "2 articles" in meta and "1 sentences" not in meta
    assert not page.errors, page.errors


def test_chips_name_outlets_from_what_the_articles_say(page, tmp_path):
    paste(page, [BRIDGE[0] + "\n\n— Reuters", BRIDGE[1] + "\n\nSource: Harbour Gazette"])
    data = submit(page)
    assert {a["outlet"]: a["outlet_from"] for a in data["articles"]} == {"Reuters": "credit line", "Harbour Gazette": "credit line"}
    assert set(page.locator("#sentences .chip").all_text_contents()) == {"Reuters", "Harbour Gazette"}
    # an uploaded file nothing names is known by its file name, not as "a1"
    page.click("#clear")
    (tmp_path / "ellery-morning.txt").write_text(BRIDGE[0])
    (tmp_path / "gazette.txt").write_text(BRIDGE[1] + "\n\n(AFP)")
    upload(page, tmp_path / "ellery-morning.txt", tmp_path / "gazette.txt")
    submit(page)
    chips = set(page.locator("#sentences .chip").all_text_contents())
    assert chips <= {"ellery-morning", "AFP"} and "ellery-morning" in chips


def test_a_file_nothing_names_is_shown_by_its_headline_not_its_file_name(browser, server, tmp_path):  # noqa: F811
    from wirebrief.compose.render import render_text
    from wirebrief.types import Article, Brief, BriefSentence, SourceSpan

    page = open_page(browser, server)
    try:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        (tmp_path / "000_b5bf12ebea270d80.txt").write_text(BRIDGE[0])
        (tmp_path / "001_9c2e.txt").write_text(BRIDGE[1] + "\n\n(AFP)")
        upload(page, tmp_path / "000_b5bf12ebea270d80.txt", tmp_path / "001_9c2e.txt")
        expect(page.locator("#articles .article")).to_have_count(2)
        expect(page.locator("#articles .article textarea").nth(0)).to_have_value(BRIDGE[0])
        page.locator("#articles .article").nth(0).locator(".title").fill("Harbour bridge shut after cracks found")
        data = submit(page)
        assert data["articles"][0]["outlet_from"] == "input name"
        chips = set(page.locator("#sentences .chip").all_text_contents())
        assert "Harbour bridge shut after cracks found" in chips and "000_b5bf12ebea270d80" not in chips
        brief = Brief(
            [BriefSentence(s["text"], [SourceSpan(**src) for src in s["sources"]]) for s in data["sentences"]],
            [Article(**{k: a[k] for k in ("id", "text", "outlet", "title", "published", "url", "outlet_from")}) for a in data["articles"]],
        )
        page.click("#copy")
        expect(page.locator("#status")).to_contain_text("copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == render_text(brief) and "[1] “Harbour bridge shut after cracks found”" in copied
        assert "b5bf12ebea270d80" not in copied
        assert not page.errors, page.errors
    finally:
        page.context.close()


def test_copy_and_markdown_export_match_the_cli_rendering(browser, server, tmp_path):  # noqa: F811
    from wirebrief.compose.render import render_markdown, render_text
    from wirebrief.types import Article, Brief, BriefSentence, SourceSpan

    page = open_page(browser, server)
    try:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        paste(page, BRIDGE, ["Ellery Post", "Harbour Gazette"])
        data = submit(page)
        assert not data["disagreements"]
        brief = Brief(
            [BriefSentence(s["text"], [SourceSpan(**src) for src in s["sources"]]) for s in data["sentences"]],
            [Article(**{k: a[k] for k in ("id", "text", "outlet", "title", "published", "url", "outlet_from")}) for a in data["articles"]],
        )
        page.click("#copy")
        expect(page.locator("#status")).to_contain_text("copied")
        assert page.evaluate("navigator.clipboard.readText()") == render_text(brief)
        with page.expect_download() as download:
            page.click("#markdown")
        saved = tmp_path / "brief.md"
        download.value.save_as(saved)
        assert download.value.suggested_filename == "brief.md"
        assert saved.read_text(encoding="utf-8") == render_markdown(brief)
        assert not page.errors, page.errors
    finally:
        page.context.close()


def test_a_notice_when_the_articles_look_like_several_stories(page):
    paste(page, [*BRIDGE, *CHESS])
    submit(page)
    notice = page.locator("#notice")
    expect(notice).to_be_visible()
    assert "2 unrelated stories" in notice.text_content()
    page.click("#clear")
    paste(page, BRIDGE)
    submit(page)
    expect(notice).to_be_hidden()


def _invented_story(n: int) -> list[str]:
    """Two reports of one invented story whose words no other story shares (so each ingests as its own story)."""
    pick = random.Random(n)
    syllables = ["ka", "lo", "mi", "ven", "dra", "tor", "su", "pel", "rin", "gus", "ba", "nef", "oz", "tri"]
    words = ["".join(pick.choice(syllables) for _ in range(3)) + f"x{n}" for _ in range(24)]
    sentences = [" ".join(words[i:i + 6]).capitalize() + "." for i in range(0, 24, 6)]
    return [" ".join(sentences), " ".join(reversed(sentences))]


def test_storing_from_the_page_and_finding_a_story_among_many(page, server):  # noqa: F811
    if not httpx.get(server + "/healthz").json()["stories"]:
        pytest.skip("the stories store is not available")
    paste(page, BRIDGE, ["Ellery Post", "Harbour Gazette"])
    with page.expect_response(lambda r: r.url.endswith("/v1/articles")) as answer:
        page.click("#ingest")
    assert answer.value.status == 200
    expect(page.locator("#status")).to_contain_text("Stored: 2 added")
    records = [{"text": text, "outlet": f"Outlet {n}", "id": f"s{n}-{k}"}
               for n in range(45) for k, text in enumerate(_invented_story(n))]
    stored = httpx.post(server + "/v1/articles", json={"articles": records}, timeout=120)
    assert stored.status_code == 200, stored.text
    assert len(stored.json()["stories_touched"]) == 45
    page.click("#nav-river")
    cards = page.locator("#river .story-card")
    expect(cards).to_have_count(20)
    # older pages are added below by cursor, until there are none
    with page.expect_request(lambda r: "cursor=" in r.url):
        page.click("#river-more")
    expect(cards).to_have_count(40)
    page.click("#river-more")
    expect(cards).to_have_count(46)
    expect(page.locator("#river-more")).to_be_hidden()
    ids = cards.evaluate_all("nodes => nodes.map(n => n.dataset.id)")
    assert len(set(ids)) == 46
    # the story wanted is found by a word of its brief, and opens briefed
    wanted = _invented_story(3)[0].split()[1]
    page.fill("#river-q", wanted)
    page.press("#river-q", "Enter")
    expect(cards).to_have_count(1)
    with page.expect_response(lambda r: r.url.endswith("/v1/briefs")) as answer:
        cards.first.locator("a").click()
    assert {a["outlet"] for a in answer.value.json()["articles"]} == {"Outlet 3"}
    expect(page.locator("#story-meta")).to_contain_text("1 outlet · 2 reports")
    page.go_back()
    expect(page.locator("#river-view")).to_be_visible()
    # by outlet (any case), and nothing found says so
    page.fill("#river-q", "")
    page.fill("#river-outlet", "outlet 7")
    page.click("#river-filters button[type=submit]")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Outlet 7")
    page.fill("#river-q", "no story says this")
    page.press("#river-q", "Enter")
    expect(page.locator("#river-status")).to_contain_text("No stored story matches these filters")
    expect(cards).to_have_count(0)
    page.click("#river-reset")
    expect(cards).to_have_count(20)
    assert not page.errors, page.errors
