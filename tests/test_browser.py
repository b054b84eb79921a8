"""The web page in a real headless Chromium (Debian's `chromium`, driven by the `playwright` package).

CI needs:  apt-get install -y chromium   and   pip install playwright   (never `playwright install`:
the tests use /usr/bin/chromium). Screenshots go to $WIREBRIEF_SCREENSHOTS, else to screenshots/ under pytest's
temporary directory (the `shots` fixture).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the server needs the 'serve' extra: pip install fastapi uvicorn")
pytest.importorskip("uvicorn", reason="the server needs the 'serve' extra: pip install fastapi uvicorn")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests need the playwright package: pip install playwright"
)
import httpx  # noqa: E402

from tests.wirebrief_server import patient, serve, upload  # noqa: E402

expect = sync_api.expect
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SEED = DATA / "seed-cluster"
CHROMIUM = os.environ.get("WIREBRIEF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}

if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium", allow_module_level=True)

# Invented reports of an invented story, with markup that must show as text and never run.
XSS_A = (
    "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams. "
    "A sign at the bridge read <script>window.__xss = 1</script> in chalk, and nobody knew who wrote it. "
    "Ferries will run every twenty minutes until the repairs are finished in late June. "
    "Shop owners on the north bank said the closure would cost them a busy spring season."
)
XSS_B = (
    "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams. "
    "Engineers photographed the cracks <img src=x onerror=\"window.__xss = 2\"> during a routine inspection last week. "
    "Ferries will run every twenty minutes until the repairs are finished in late June. "
    "The council has set aside four million crowns for the work."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`wirebrief serve` in a subprocess on a free loopback port."""
    with serve(tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where the browser tests save their screenshots: $WIREBRIEF_SCREENSHOTS, else under pytest's temporary
    directory (never the repository)."""
    folder = Path(os.environ.get("WIREBRIEF_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def open_page(browser, server, bypass_csp=False, view="#paste", viewport=LAPTOP):
    # with bypass_csp the page's Content-Security-Policy is off: only its own escaping stands between
    # article text and script execution. `view`: #paste (brief articles), #river (the stored stories, the page's
    # start) or #story/ID
    context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
    page = patient(context.new_page())
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    # nothing may load from anywhere but the server itself
    page.external = []
    page.on("request", lambda r: None if r.url.startswith((server, "data:")) else page.external.append(r.url))
    page.goto(server + "/" + view)
    page.wait_for_selector("body[data-ready='1']")
    return page


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server)
    yield page
    page.context.close()


def submit(page):
    with page.expect_response(lambda r: r.url.endswith("/v1/briefs")) as answer:
        page.click("#go")
    response = answer.value
    assert response.status == 200, response.text()
    data = response.json()
    expect(page.locator("#sentences .sentence")).to_have_count(len(data["sentences"]))
    return data


def column_boxes(page):
    """The source columns' boxes, all measured at one moment (the page may be scrolling)."""
    return page.locator("#sources .source").evaluate_all(
        "nodes => nodes.map(n => { const r = n.getBoundingClientRect();"
        " return {x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height}; })"
    )


def check_marks(page, data, index):
    """The sources panel of sentence `index`: a column per supporting article (side by side), each with
    the article's whole text and every supporting passage in a <mark> per kept piece of the source span."""
    sentence = data["sentences"][index]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    articles = list(dict.fromkeys(source["article"] for source in sentence["sources"]))
    columns = page.locator("#sources .source")
    expect(columns).to_have_count(len(articles))
    assert [c.get_attribute("data-article") for c in columns.all()] == articles
    for source in sentence["sources"]:
        column = page.locator(f"#sources .source[data-article='{source['article']}']")
        for start, end in source["spans"]:  # each kept piece of the source is marked
            mark = column.locator(f"mark[data-start='{start}']")
            assert mark.count() == 1
            assert mark.text_content() == texts[source["article"]][start:end]
            assert mark.get_attribute("data-end") == str(end)
            assert mark.is_visible()
    for column, article in zip(columns.all(), articles):
        assert column.locator(".source-text").text_content() == texts[article]
        # the text is scrolled so that its first passage is in view
        in_view = column.locator(".source-text").evaluate(
            "body => { const m = body.querySelector('mark').getBoundingClientRect(),"
            " b = body.getBoundingClientRect(); return m.top >= b.top - 1 && m.top < b.bottom; }"
        )
        assert in_view
    # a highlighted passage is the sentence as shown (a repaired opening may capitalise its first letter)
    shown = sentence["text"]
    marks = [m.text_content() for m in page.locator("#sources mark").all()]
    assert any(mark[1:] == shown[1:] and mark[:1].upper() == shown[:1].upper() for mark in marks)


@pytest.mark.skipif(not SEED.is_dir(), reason=f"seed cluster not found at {SEED} (shared data is not in this checkout)")
def test_seed_cluster_through_the_page(page, server, shots):
    files = sorted(SEED.glob("*.txt"))
    assert len(files) == 5
    upload(page, *files)
    expect(page.locator("#articles .article")).to_have_count(5)
    assert "Added 5 articles" in page.text_content("#status")
    data = submit(page)
    assert data["sentences"] and data["words"] <= 150
    assert len(data["articles"]) == 5
    # chips: one per source, in the sentence's order
    first = page.locator("#sentences .sentence").first
    assert first.locator(".chip").count() == len({s["article"] for s in data["sentences"][0]["sources"]})
    # click the sentence with the most supporting articles
    best = max(range(len(data["sentences"])), key=lambda i: len({s["article"] for s in data["sentences"][i]["sources"]}))
    page.locator("#sentences .sentence").nth(best).click()
    expect(page.locator("#sentences .sentence").nth(best)).to_have_class(re.compile(r"\bselected\b"))
    check_marks(page, data, best)
    assert page.locator("#sentences .sentence.selected .sentence-text").text_content() == data["sentences"][best]["text"]
    # laptop: the source columns sit side by side
    boxes = column_boxes(page)
    if len(boxes) >= 2:
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] > boxes[0]["x"] + 100
    page.screenshot(path=str(shots / "page-laptop.png"), full_page=True)
    # phone: everything stacks, nothing wider than the screen
    page.set_viewport_size(PHONE)
    page.locator("#sentences .sentence").nth(best).click()
    # the panel is drawn again after the click: wait until its columns are stacked rather than a fixed time
    page.wait_for_function(
        "() => { const s = Array.from(document.querySelectorAll('#sources .source'), n => n.getBoundingClientRect());"
        " return s.length < 2 || s[1].top >= s[0].bottom - 1; }"
    )
    boxes = column_boxes(page)
    if len(boxes) >= 2:
        assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1 and abs(boxes[1]["x"] - boxes[0]["x"]) < 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(shots / "page-phone.png"), full_page=True)
    page.locator(".output").evaluate("node => node.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(shots / "page-phone-brief.png"))
    page.locator("#sources-panel").screenshot(path=str(shots / "page-phone-sources.png"))
    assert not page.errors, page.errors
    assert not page.external, page.external


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_markup_in_articles_is_shown_as_text_and_never_runs(browser, server, csp, shots):
    page = open_page(browser, server, bypass_csp=not csp)
    try:
        markup_case(page, csp, shots)
    finally:
        page.context.close()


def markup_case(page, csp, shots):
    cards = page.locator("#articles .article")
    cards.nth(0).locator("textarea").fill(XSS_A)
    cards.nth(0).locator(".outlet").fill('<img src=x onerror="window.__xss = 3">Ellery Post')
    cards.nth(1).locator("textarea").fill(XSS_B)
    cards.nth(1).locator(".outlet").fill("Harbour <b>Gazette</b>")
    data = submit(page)
    texts = " ".join(s["text"] for s in data["sentences"])
    assert "<script>" in texts or "<img" in texts, "the brief should carry one of the marked-up sentences"
    shown = page.text_content("#sentences")
    for sentence in data["sentences"]:
        assert sentence["text"] in shown
    # click each sentence: the source texts (with all the markup) are shown too
    for i in range(len(data["sentences"])):
        page.locator("#sentences .sentence").nth(i).click()
        check_marks(page, data, i)
    # a sentence both reports carry: its two source texts sit side by side on a laptop
    shared = [i for i, s in enumerate(data["sentences"]) if len({x["article"] for x in s["sources"]}) == 2]
    assert shared, "the invented reports share sentences"
    page.locator("#sentences .sentence").nth(shared[0]).click()
    check_marks(page, data, shared[0])
    boxes = column_boxes(page)
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] > boxes[0]["x"] + 100
    page.locator("#sentences .sentence").first.click()
    sources = page.text_content("#sources")
    assert "<script>window.__xss = 1</script>" in sources
    assert '<img src=x onerror="window.__xss = 2">' in sources
    assert '<img src=x onerror="window.__xss = 3">Ellery Post' in page.text_content("#sentences")
    assert "Harbour <b>Gazette</b>" in page.text_content("main")
    # the literal markup is visible on screen, not just present in the DOM
    assert page.get_by_text("<script>window.__xss = 1</script>", exact=False).first.is_visible()
    page.wait_for_timeout(300)  # give an injected onerror time to fire, if one had been created
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("main img, main script, main b").count() == 0
    if csp:
        page.screenshot(path=str(shots / "page-xss.png"), full_page=True)
    assert not page.errors, page.errors


def test_uploaded_json_records_keep_their_outlets(page, tmp_path):
    records = [
        {"text": XSS_A.replace("<script>window.__xss = 1</script>", "'closed'"), "outlet": "Ellery Post",
         "title": "Harbour bridge shut", "published": "2024-05-06T08:00:00Z", "url": "https://post.example/bridge"},
        {"text": XSS_B.replace('<img src=x onerror="window.__xss = 2">', "closely"), "outlet": "Harbour Gazette",
         "title": "Cracks close bridge", "url": "javascript:alert(1)"},
    ]
    path = tmp_path / "story.json"
    path.write_text(json.dumps({"id": "bridge", "articles": records}), encoding="utf-8")
    upload(page, path)
    expect(page.locator("#articles .article")).to_have_count(2)
    assert page.locator("#articles .article .outlet").nth(1).input_value() == "Harbour Gazette"
    data = submit(page)
    chips = set(page.locator("#sentences .chip").all_text_contents())
    assert chips <= {"Ellery Post", "Harbour Gazette"} and chips
    assert {a["outlet"] for a in data["articles"]} == {"Ellery Post", "Harbour Gazette"}
    page.locator("#sentences .sentence").first.click()
    check_marks(page, data, 0)
    # only http(s) links are made into links
    hrefs = page.locator("#sources a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(h.startswith("https://") for h in hrefs)


def test_errors_are_shown_on_the_page(page):
    page.click("#go")
    assert "at least one article" in page.text_content("#status")
    page.locator("#articles .article textarea").first.fill("BREAKING NEWS")
    with page.expect_response(lambda r: r.url.endswith("/v1/briefs")) as answer:
        page.click("#go")
    assert answer.value.status == 200  # well-formed: an empty brief whose `skipped` says why
    expect(page.locator("#status")).to_have_class(re.compile(r"\berror\b"))
    assert "Nothing to brief" in page.text_content("#status")
    assert "no article text left after removing boilerplate" in page.text_content("#status")
    assert not page.errors or all("422" in e for e in page.errors)


def test_stored_story_through_the_page(browser, server, shots):
    health = httpx.get(server + "/healthz").json()
    page = open_page(browser, server, view="#river")
    try:
        if not health["stories"]:
            expect(page.locator("#river-status")).to_contain_text("not available")
            pytest.skip("the stories store (wirebrief.stories) is not available: checked the page says so")
        records = [
            {"id": "ellery-1", "text": XSS_A, "outlet": "Ellery Post", "title": "Harbour bridge shut",
             "published": "2024-05-06T08:00:00Z"},
            {"id": "gazette-1", "text": XSS_B, "outlet": "Harbour Gazette", "title": "Cracks close bridge",
             "published": "2024-05-06T09:30:00Z"},
        ]
        ingested = httpx.post(server + "/v1/articles", json={"articles": records}, timeout=60)
        assert ingested.status_code == 200, ingested.text
        story_id = ingested.json()["stories_touched"][0]
        page.reload()
        item = page.locator(f"#river .story-card[data-id='{story_id}']")
        expect(item).to_be_visible()
        assert "Ellery Post" in item.text_content() and "Harbour Gazette" in item.text_content()
        # opening the story briefs it at once: no press of Brief
        with page.expect_response(lambda r: r.url.endswith("/v1/briefs")) as answer:
            item.locator("a").click()
        data = answer.value.json()
        expect(page.locator("#sentences .sentence")).to_have_count(len(data["sentences"]))
        assert {a["outlet"] for a in data["articles"]} <= {"Ellery Post", "Harbour Gazette"}
        page.locator("#sentences .sentence").first.click()
        check_marks(page, data, 0)
        assert page.evaluate("typeof window.__xss") == "undefined"
        page.screenshot(path=str(shots / "page-stored-story.png"), full_page=True)
        assert not page.errors, page.errors
    finally:
        page.context.close()
