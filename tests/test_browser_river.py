"""The river, a storyline, its timeline, the Verify tab, the page's states, keyboard use and an accessibility check
(axe-core, bundled by the axe-playwright-python package), in the same headless Chromium as tests/test_browser.py.
Screenshots at 1280 and 390 px go to the `shots` folder."""

from __future__ import annotations

import contextlib

import httpx
import pytest

from tests.test_browser import LAPTOP, PHONE, browser, expect, open_page, server, shots  # noqa: F401  (fixtures)
from tests.wirebrief_server import serve

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright",
                               reason="the accessibility check needs axe-playwright-python (the 'test' extra)")

def report(id: str, outlet: str, published: str, title: str, *sentences: str) -> dict:
    return {"id": id, "outlet": outlet, "published": published, "title": title, "text": " ".join(sentences)}


# Invented reports of three invented stories, a day apart.
STRIKE = [
    report(
        "northwire-1",
        "Northwire",
        "2026-03-14T09:00:00Z",
        "Dock workers at Port Calder end nine-day strike after wage deal",
        "Dock workers at Port Calder voted on Tuesday to end a nine-day strike after the port authority agreed to raise wages by 11 percent over three years.",
        "The union said 87 percent of its members backed the deal.",
        "Cranes were expected to restart on the night shift, port officials said.",
    ),
    report(
        "gazette-1",
        "Calder Gazette",
        "2026-03-14T18:20:00Z",
        "Strike over: Port Calder dockers accept pay offer",
        "Port Calder dockers voted on Tuesday to end their nine-day strike after the port authority agreed to raise wages by 11 percent over three years.",
        "Port officials warned that clearing the backlog of ships could take up to two weeks.",
        "Forty container ships are waiting off the coast.",
    ),
    report(
        "ledger-1",
        "The Ledger",
        "2026-03-15T07:00:00Z",
        "Port Calder strike ends; backlog may take two weeks to clear",
        "The nine-day strike at Port Calder is over after dock workers accepted a wage rise of 11 percent over three years.",
        "Port officials warned that clearing the backlog of ships could take up to two weeks.",
        "Importers said shelves would be full again by the end of the month.",
    ),
]
CHESS = [
    report(
        "velden-1",
        "Velden Times",
        "2026-03-12T20:00:00Z",
        "Student, 16, wins national chess title in Velden",
        "A sixteen-year-old student won the national chess championship in Velden on Sunday.",
        "She beat the defending champion in a final game that lasted more than six hours.",
        "Organisers said a record number of spectators followed the tournament online.",
    ),
    report(
        "board-1",
        "Board Weekly",
        "2026-03-13T08:00:00Z",
        "Six-hour final crowns youngest chess champion",
        "The national chess championship in Velden ended on Sunday with a win for a sixteen-year-old student.",
        "The final game against the defending champion lasted more than six hours.",
        "Prize money doubled this year thanks to a new sponsor.",
    ),
]
BRIDGE = [
    report(
        "ellery-1",
        "Ellery Post",
        "2026-03-16T08:00:00Z",
        "Harbour bridge shut after cracks found",
        "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams.",
        "Ferries will run every twenty minutes until the repairs are finished in late June.",
        "Shop owners on the north bank said the closure would cost them a busy spring season.",
    ),
    report(
        "harbour-1",
        "Harbour Gazette",
        "2026-03-16T10:00:00Z",
        "Cracks close Port Ellery bridge",
        "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams.",
        "Engineers found the cracks during a routine inspection last week.",
        "Ferries will run every twenty minutes until the repairs are finished in late June.",
    ),
]
# Five days on, the strike's next development.
FOLLOW_UP = [
    report(
        "northwire-2",
        "Northwire",
        "2026-03-19T09:00:00Z",
        "Port Calder cranes restart as backlog of ships clears after strike",
        "Cranes at Port Calder restarted on Wednesday and the first of the ships stranded by the nine-day dock strike were unloaded.",
        "Port officials said the backlog of container ships would be cleared within ten days.",
        "The wage deal that ended the strike raised pay by 11 percent.",
    ),
    report(
        "ledger-2",
        "The Ledger",
        "2026-03-19T12:00:00Z",
        "Port Calder back at work: first stranded ships unloaded",
        "The first container ships stranded off Port Calder during the nine-day strike were unloaded on Wednesday as cranes restarted.",
        "Importers said deliveries would return to normal by the end of the month.",
        "Port officials said the backlog would be cleared within ten days.",
    ),
]
SERIOUS = ("serious", "critical")


def ingest(base: str, records: list[dict]) -> list[str]:
    response = httpx.post(base + "/v1/articles", json={"articles": records}, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()["stories_touched"]


@pytest.fixture(scope="module")
def stories(server):  # noqa: F811
    """The three invented stories stored, oldest first: {name: story id}."""
    if not httpx.get(server + "/healthz").json()["stories"]:
        pytest.skip("the stories store is not available on this server")
    return {name: ingest(server, records)[0] for name, records in (("chess", CHESS), ("strike", STRIKE))}


@contextlib.contextmanager
def opened(browser, base: str, **options):  # noqa: F811
    """The page at `base` (open_page's options), closed after; it must have logged no error."""
    page = open_page(browser, base, **options)
    try:
        yield page
        assert not page.errors, page.errors
    finally:
        page.context.close()


def serious_findings(page) -> list[tuple]:
    """axe-core's serious and critical findings on the page as it is now: (rule, impact, first element)."""
    found = axe_sync.Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in found if v["impact"] in SERIOUS]


def test_the_river_lists_storylines_newest_first_with_what_a_reader_needs(browser, server, stories, shots):  # noqa: F811
    with opened(browser, server, view="#river") as page:
        cards = page.locator("#river .story-card")
        expect(cards).to_have_count(2)
        listed = httpx.get(server + "/v1/stories?limit=20").json()["stories"]
        assert [c.get_attribute("data-id") for c in cards.all()] == [s["id"] for s in listed]
        assert listed[0]["id"] == stories["strike"]  # newest first
        strike = cards.first
        expect(strike.locator(".card-title")).to_have_text(listed[0]["headline"])
        expect(strike.locator(".card-lead")).to_have_text(listed[0]["sentences"][0]["text"])
        events = len(listed[0].get("events") or [])
        expect(strike.locator(".card-meta")).to_have_text(
            "3 outlets · 3 reports · " + (f"{events} events · " if events > 1 else "") + "14 Mar 2026 – 15 Mar 2026")
        expect(strike.locator(".card-outlets")).to_have_text("Northwire, Calder Gazette, The Ledger")
        # a first visit marks nothing, and remembers what it showed for the next one
        expect(page.locator("#river .change")).to_have_count(0)
        assert page.evaluate("JSON.parse(localStorage.getItem('wirebrief.lastVisit'))") == listed[0]["last_added"]
        assert serious_findings(page) == []
        page.screenshot(path=str(shots / "river-1280.png"), full_page=True)
        page.set_viewport_size(PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(shots / "river-390.png"), full_page=True)


def test_the_river_updates_without_a_reload_and_marks_what_changed(browser, server, stories):  # noqa: F811
    with opened(browser, server, view="#river") as page:
        page.evaluate("window.wirebriefRiver.stop()")  # this test polls by hand
        cards = page.locator("#river .story-card")
        expect(cards.first).to_be_visible()
        count = cards.count()
        # nothing new: the poll is answered 304 and nothing moves
        with page.expect_response(lambda r: "/v1/stories?" in r.url) as answer:
            page.evaluate("window.wirebriefRiver.poll()")
        assert answer.value.status == 304
        bridge = ingest(server, BRIDGE)[0]
        with page.expect_response(lambda r: "/v1/stories?" in r.url) as answer:
            page.evaluate("window.wirebriefRiver.poll()")
        assert answer.value.status == 200
        expect(cards).to_have_count(count + 1)
        expect(cards.first).to_have_attribute("data-id", bridge)
        expect(cards.first.locator(".change")).to_have_text("Updated just now")
        expect(page.locator("#river-status")).to_contain_text("1 story new or updated just now")
        # the next visit marks what changed since this one: a visit that ended before the bridge story
        before = httpx.get(f"{server}/v1/stories/{stories['strike']}").json()["last_added"]
        page.evaluate(f"localStorage.setItem('wirebrief.lastVisit', JSON.stringify({before!r}))")
        page.reload()
        page.evaluate("window.wirebriefRiver.stop()")
        expect(cards.first.locator(".change")).to_have_text("New since your last visit")
        expect(page.locator("#river .change")).to_have_count(1)
        # opened: no longer news to this reader
        cards.first.locator("a").click()
        expect(page.locator("#sentences .sentence").first).to_be_visible()
        page.evaluate(f"localStorage.setItem('wirebrief.lastVisit', JSON.stringify({before!r}))")
        page.goto(server + "/#river")
        page.reload()
        expect(cards.first).to_have_attribute("data-id", bridge)
        expect(page.locator("#river .change")).to_have_count(0)


def test_a_storyline_opens_briefed_with_its_timeline_sources_and_verify(browser, server, stories, shots):  # noqa: F811
    story = httpx.get(f"{server}/v1/stories/{stories['strike']}").json()
    for width, viewport in (("1280", LAPTOP), ("390", PHONE)):
        with opened(browser, server, view="#river", viewport=viewport) as page:
            with page.expect_response(lambda r: r.url.endswith("/v1/briefs")) as answer:
                page.locator(f"#river .story-card[data-id='{stories['strike']}'] a").click()
            data = answer.value.json()
            # briefed at once, the controls that mean something now shown
            expect(page.locator("#sentences .sentence")).to_have_count(len(data["sentences"]))
            expect(page.locator("#story-headline")).to_have_text(story["headline"])
            expect(page.locator("#story-reports .report")).to_have_count(3)
            expect(page.locator("#story-reports-count")).to_have_text("3 reports")
            # on a phone the list of reports starts closed: the brief follows the headline
            assert page.locator("#story-reports-box").evaluate("box => box.open") == (width == "1280")
            expect(page.locator("#export")).to_be_visible()
            expect(page.locator("#status")).to_contain_text("Briefed 3 reports")
            assert {a["id"] for a in data["articles"]} == {"northwire-1", "gazette-1", "ledger-1"}
            # the sources side by side, the sentence's passages marked
            expect(page.locator("#sources .source").first).to_be_visible()
            marks = page.locator("#sources mark")
            first = data["sentences"][0]
            expect(marks).to_have_count(len(first["sources"]))
            texts = {a["id"]: a["text"] for a in data["articles"]}
            assert marks.all_text_contents() == [texts[s["article"]][s["start"]:s["end"]] for s in
                                                 sorted(first["sources"], key=lambda s: list(texts).index(s["article"]))]
            if width == "1280":
                assert serious_findings(page) == []
            page.screenshot(path=str(shots / f"story-{width}.png"), full_page=True)
            # the timeline: one row per event of a store with events, else the dated sentences
            page.click("#tab-timeline")
            rows = page.locator("#timeline .event")
            expect(rows.first).to_be_visible()
            dated = httpx.get(f"{server}/v1/stories/{stories['strike']}/timeline").json()["events"]
            assert dated
            if story.get("events"):  # and under the events, the dates the reports mention
                expect(rows).to_have_count(len(story["events"]))
                expect(page.locator("#timeline-dates .event")).to_have_count(len(dated))
            else:
                expect(rows).to_have_count(len(dated))
            page.screenshot(path=str(shots / f"timeline-{width}.png"), full_page=True)
            # verify: a summary with one right sentence and one wrong figure
            page.click("#tab-verify")
            page.fill("#summary", "Dock workers at Port Calder voted on Tuesday to end a nine-day strike. "
                                  "The port authority agreed to raise wages by 14 percent over three years.")
            with page.expect_response(lambda r: r.url.endswith("/v1/verify")) as answer:
                page.click("#verify-go")
            checked = answer.value.json()
            verdicts = page.locator("#verdicts .verdict")
            expect(verdicts).to_have_count(2)
            assert [s["verdict"] for s in checked["sentences"]] == ["supported", "unsupported"]
            expect(verdicts.nth(0).locator(".badge-verdict")).to_have_text("Supported")
            expect(verdicts.nth(1).locator(".badge-verdict")).to_have_text("Unsupported")
            expect(verdicts.nth(1).locator(".missing")).to_contain_text("14 (number)")
            expect(verdicts.nth(1).locator(".missing q")).to_have_text("14")
            expect(page.locator("#verify-status")).to_contain_text("1 sentence the reports do not support")
            # a checked sentence's evidence is marked in the sources
            verdicts.nth(0).click()
            evidence = checked["sentences"][0]["sources"]
            expect(page.locator("#sources-heading")).to_have_text("Evidence for checked sentence 1")
            expect(page.locator("#sources mark")).to_have_count(len(evidence))
            checked_texts = {a["id"]: a["text"] for a in checked["articles"]}
            shown = set(page.locator("#sources mark").all_text_contents())
            assert shown == {checked_texts[e["article"]][e["start"]:e["end"]] for e in evidence}
            if width == "1280":
                assert serious_findings(page) == []
            else:
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(shots / f"verify-{width}.png"), full_page=True)


def test_controls_appear_only_when_they_mean_something(browser, server):  # noqa: F811
    with opened(browser, server) as page:
        for hidden in ("#export", "#output-tabs", "#notes", "#sources-panel", "#disagreements"):
            expect(page.locator(hidden)).to_be_hidden()
        expect(page.locator("#brief-empty")).to_contain_text("press Brief")
        assert serious_findings(page) == []
        # Verify needs no brief: the empty state opens it; the timeline stays hidden without a brief
        page.click("#open-verify")
        expect(page.locator("#pane-verify")).to_be_visible()
        expect(page.locator("#tab-timeline")).to_be_hidden()
        expect(page.locator("#export")).to_be_hidden()
        page.click("#verify-go")
        expect(page.locator("#verify-status")).to_have_text("Paste the summary to check first.")
        page.fill("#summary", "The bridge closed on Monday.")
        page.click("#verify-go")
        expect(page.locator("#verify-status")).to_contain_text("Add the reports to check it against first")
        # keyboard: arrows move between the tabs shown
        page.focus("#tab-verify")
        page.keyboard.press("ArrowLeft")
        expect(page.locator("#tab-brief")).to_be_focused()
        expect(page.locator("#tab-brief")).to_have_attribute("aria-selected", "true")
        expect(page.locator("#pane-brief")).to_be_visible()


def test_a_pasted_report_with_a_published_line_gets_its_dates(browser, server):  # noqa: F811
    with opened(browser, server) as page:
        cards = page.locator("#articles .article textarea")
        cards.nth(0).fill("Strike over: Port Calder dockers accept pay offer\n\nPublished: 14 March 2026 18:20\n\n"
                          + STRIKE[1]["text"])
        cards.nth(1).fill(STRIKE[0]["text"])
        with page.expect_response(lambda r: r.url.endswith("/v1/briefs")) as answer:
            page.keyboard.press("Control+Enter")
        data = answer.value.json()
        assert data["articles"][0]["published"] == "2026-03-14T18:20"
        expect(page.locator("#tab-timeline")).to_be_visible()
        page.click("#tab-timeline")
        dated = [s for s in data["sentences"] if s["dates"]]
        assert dated
        expect(page.locator("#timeline .event")).to_have_count(len(dated))
        expect(page.locator("#timeline .event time").first).to_have_text("2026-03-10")  # that Tuesday
        expect(page.locator("#timeline-note")).not_to_contain_text("No dated events")


def test_keyboard_alone_opens_a_story_and_picks_a_sentence(browser, server, stories):  # noqa: F811
    with opened(browser, server, view="#river") as page:
        link = page.locator(f"#river .story-card[data-id='{stories['chess']}'] a")
        link.focus()
        expect(link).to_be_focused()
        with page.expect_response(lambda r: r.url.endswith("/v1/briefs")):
            page.keyboard.press("Enter")
        sentences = page.locator("#sentences .sentence")
        expect(sentences.first).to_be_visible()
        expect(page.locator("#story-headline")).to_be_focused()  # a screen reader hears where it is
        if sentences.count() > 1:
            sentences.nth(1).focus()
            page.keyboard.press("Enter")
            expect(sentences.nth(1)).to_have_attribute("aria-pressed", "true")
            expect(page.locator("#sources-heading")).to_have_text("Sources of sentence 2")
        page.focus("#tab-brief")
        page.keyboard.press("ArrowRight")
        expect(page.locator("#tab-timeline")).to_be_focused()
        expect(page.locator("#pane-timeline")).to_be_visible()


def test_error_states_say_what_happened_and_what_to_do(browser, server, tmp_path):  # noqa: F811
    with opened(browser, server, view="#story/no-such-story") as page:
        expect(page.locator("#story-headline")).to_have_text("No such story")
        expect(page.locator("#status")).to_have_class("status error")
        expect(page.locator("#brief-empty")).to_contain_text("Go back to all stories")
        expect(page.locator("#output-tabs")).to_be_hidden()
        page.goto(server + "/#river")
        page.fill("#river-to", "2026-03-01")
        page.click("#river-filters button[type=submit]")
        expect(page.locator("#river-status")).to_contain_text("No stored story matches these filters")
        page.errors[:] = [e for e in page.errors if "404" not in e]  # the console's note of the unknown story
    # an empty store says how to fill it
    with serve(tmp_path) as empty:
        with opened(browser, empty, view="#river") as page:
            expect(page.locator("#river .river-empty")).to_contain_text("No stories stored yet")
            expect(page.locator("#river .river-empty a[href='#paste']")).to_be_visible()
            expect(page.locator("#river-more")).to_be_hidden()
            assert serious_findings(page) == []


def test_storing_names_each_skipped_article_with_its_reason(browser, server):  # noqa: F811
    with opened(browser, server) as page:
        cards = page.locator("#articles .article textarea")
        cards.nth(0).fill(" ".join(BRIDGE[0]["text"].split()[::-1]).capitalize() + ".")
        cards.nth(1).fill("BREAKING NEWS")
        with page.expect_response(lambda r: r.url.endswith("/v1/articles")) as answer:
            page.click("#ingest")
        data = answer.value.json()
        [skipped] = data["skipped"]
        status = page.locator("#status")
        expect(status).to_contain_text(f"skipped {skipped['path']}: {skipped['reason']}")
        expect(status).to_have_class("status warn")


def briefed_ids(page) -> set[str]:
    return set(page.evaluate("window.wirebrief.state.brief.articles.map(a => a.id)"))


def test_a_storyline_of_several_events_is_briefed_by_its_newest_then_any_event(browser, server, stories):  # noqa: F811
    ingest(server, FOLLOW_UP)
    story = httpx.get(f"{server}/v1/stories/{stories['strike']}").json()
    events = sorted(story.get("events") or [], key=lambda e: e["last_seen"], reverse=True)
    if len(events) < 2:
        pytest.skip("this store keeps no events in a storyline: its brief is of all its reports")
    everything = {a["id"] for a in story["articles_detail"] if not a["duplicate_of"]}
    with opened(browser, server, view=f"#story/{stories['strike']}") as page:
        expect(page.locator("#sentences .sentence").first).to_be_visible()
        # at once, the newest event's brief, as the river's card leads with it
        assert briefed_ids(page) == set(events[0]["articles"]) & everything
        expect(page.locator("#story-scope-box")).to_be_visible()
        expect(page.locator("#story-scope option")).to_have_count(len(events) + 1)
        with page.expect_response(lambda r: r.url.endswith("/v1/briefs")):
            page.select_option("#story-scope", "all")
        expect(page.locator("#brief-meta")).to_contain_text(f"{len(everything)} reports")
        assert briefed_ids(page) == everything
        # any event from its row in the timeline
        page.click("#tab-timeline")
        oldest = page.locator(f"#timeline .event[data-event='{events[-1]['id']}']")
        with page.expect_response(lambda r: r.url.endswith("/v1/briefs")):
            oldest.locator(".event-brief").click()
        expect(page.locator("#pane-brief")).to_be_visible()
        expect(page.locator("#story-scope")).to_have_value(events[-1]["id"])
        expect(page.locator("#brief-meta")).to_contain_text(f"{len(set(events[-1]['articles']) & everything)} report")
        assert briefed_ids(page) == set(events[-1]["articles"]) & everything
