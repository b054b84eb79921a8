"""River page loads: the GET /v1/stories requests the web page makes, against a store of many stories.

    python benchmarks/river.py --stories 100000 [--db /tmp/river-100k.db] [--repeat 30] [--browser]

The store is a SQLite file written directly in the schema the store migrates to (`open_store` creates it), with
synthetic stories: 1-4 reports each from 40 invented outlets, a one-line headline, a three-sentence brief whose
sentences cite their reports, publication times spread over two years. Filling it through `ingest` would take
hours on the dev machine; the listing reads only these rows. An existing file at --db is reused.

Each request goes through the whole app in-process (FastAPI's TestClient: routing, the query, JSON, ETag), one
after another; "page load" is every request a fresh load of the river makes (the HTML, CSS, four scripts,
GET /v1/methods and the first GET /v1/stories), in turn. Reported per request kind: p50 and p90 wall milliseconds,
and CPU milliseconds (user+sys of this process) per request, which a shared machine inflates less.

--browser also loads the page itself in headless Chromium (Debian's /usr/bin/chromium, driven by playwright) from
`wirebrief serve` on the same store, --repeat times: from navigation start to the river's first page of stories
received (the HTML, CSS, scripts, then GET /v1/stories), by the browser's own clock, p50 and p90.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import time
from pathlib import Path

OUTLETS = [f"Outlet {chr(65 + i % 26)}{i // 26 or ''}" for i in range(40)]
WORDS = ("council harbour bridge minister vote strike union port election court ruling storm flood market shares "
         "police inquiry budget school hospital talks ceasefire treaty summit rail airport fire drought").split()


def fill(path: Path, stories: int, seed: int = 7) -> None:
    """`stories` synthetic stories (and their reports) in a new store at `path`."""
    from wirebrief.stories import StoryService

    StoryService.open(str(path)).close()  # the schema, migrated as the app would
    pick = random.Random(seed)
    start = 1_700_000_000.0
    connection = sqlite3.connect(path)
    seq = 0
    story_rows, article_rows = [], []
    for n in range(stories):
        last = start + n * 600 + pick.random() * 300  # about one story every ten minutes for two years
        reports = pick.randint(1, 4)
        sentences, ids = [], []
        for k in range(reports):
            seq += 1
            ids.append(f"a{n}-{k}")
            text = " ".join(pick.choice(WORDS) for _ in range(60)) + f" story{n}."
            article_rows.append((seq, ids[-1], f"s{n}", None, f"h{seq}", seq, pick.choice(OUTLETS),
                                 f"Headline {n}", None, None, None, last - k * 3600, last, text))
        for i in range(3):
            text = " ".join(pick.choice(WORDS) for _ in range(25)).capitalize() + "."
            sources = [{"article": a, "outlet": "x", "start": 0, "end": len(text)} for a in ids[: i + 1]]
            sentences.append({"text": text, "sources": sources, "dates": []})
        headline = " ".join(pick.choice(WORDS) for _ in range(9)).capitalize() + f" {n}"
        story_rows.append((f"s{n}", headline, reports, reports, last - (reports - 1) * 3600, last, seq, 1,
                           json.dumps(sentences), last, last, last - 3600, last))
    connection.executemany(
        "INSERT INTO articles (seq, id, story_id, duplicate_of, content_hash, simhash, outlet, title, published, url, "
        "path, seen_ts, added_at, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
    connection.executemany(
        "INSERT INTO stories (id, headline, size, n_articles, first_ts, last_ts, last_seq, dated, brief, brief_at, "
        "updated_at, added_first, added_last, brief_stale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        story_rows)
    if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'storylines'").fetchone():
        # a store with two levels (events and storylines): each story is an event and its own storyline, as the
        # store's own migration makes them of an older store
        connection.execute(
            "INSERT INTO storylines (id, headline, size, n_articles, first_ts, last_ts, last_seq, dated, added_first, "
            "added_last, updated_at) SELECT id, headline, size, n_articles, first_ts, last_ts, last_seq, dated, "
            "added_first, added_last, updated_at FROM stories")
        connection.execute("UPDATE stories SET storyline_id = id")
    connection.commit()
    connection.close()


def cpu() -> float:
    times = os.times()
    return times.user + times.system


# every request a fresh load of the river makes, in the page's order
PAGE_LOAD = ["/", "/static/style.css", "/static/app.js", "/static/facts.js", "/static/verify.js", "/static/river.js",
             "/v1/methods", "/v1/stories?limit=20"]


def timed(client, urls: list[str], repeat: int, headers: dict | None = None) -> tuple[list[float], float, int]:
    """Wall milliseconds of each of `repeat` rounds of `urls` (one after another), CPU milliseconds per round, and
    the last status."""
    for url in urls:  # warm: the store opened, the query plan cached
        client.get(url, headers=headers)
    walls, status = [], 0
    used = cpu()
    for _ in range(repeat):
        began = time.perf_counter()
        for url in urls:
            status = client.get(url, headers=headers).status_code
        walls.append((time.perf_counter() - began) * 1000)
    return walls, (cpu() - used) * 1000 / repeat, status


RIVER_ARRIVED = """() => Math.max(...performance.getEntriesByType("resource")
    .filter((r) => r.name.includes("/v1/stories?")).map((r) => r.responseEnd))"""


def browser_loads(db: Path, repeat: int) -> list[float]:
    """Milliseconds from navigation start to the river's first page of stories received (the cards are drawn from
    it at once), by the browser's clock, for each of `repeat` fresh page loads."""
    import socket
    import subprocess
    import sys

    import httpx
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "wirebrief.cli", "serve", "--port", str(port), "--db", str(db)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(base + "/v1/stories?limit=1", timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        loads = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for _ in range(repeat + 1):
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                page.goto(base + "/#river")
                page.wait_for_selector("#river .story-card", timeout=60_000)
                # the browser's own clock (0 = navigation start): when the first page of stories had arrived
                loads.append(page.evaluate(RIVER_ARRIVED))
                page.close()
            browser.close()
        return loads[1:]  # the first load warms the server's store
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--browser", action="store_true", help="also time whole page loads in Chromium")
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/wirebrief-river-{args.stories}.db")
    if not db.exists():
        began = time.perf_counter()
        fill(db, args.stories)
        print(f"filled {db} with {args.stories:,} stories in {time.perf_counter() - began:.1f} s")

    from fastapi.testclient import TestClient

    from wirebrief.server.app import create_app

    with TestClient(create_app(db=str(db), warm=False)) as client:
        first = client.get("/v1/stories?limit=20")
        cursor = first.json()["next"]
        for _ in range(49):  # the cursor of page 51, as a reader who kept pressing "Older" would hold
            cursor = client.get(f"/v1/stories?limit=20&cursor={cursor}").json()["next"]
        story = first.json()["stories"][0]["id"]
        kinds = [
            ("page load: HTML, CSS, 4 scripts, methods, stories", PAGE_LOAD, None),
            ("river: first page (limit=20)", "/v1/stories?limit=20", None),
            ("river: page 51 by cursor", f"/v1/stories?limit=20&cursor={cursor}", None),
            ("river: poll, unchanged (If-None-Match -> 304)", "/v1/stories?limit=20", {"If-None-Match": first.headers["etag"]}),
            ("river: outlet filter", "/v1/stories?limit=20&outlet=outlet%20q", None),
            ("river: date range (one week)", "/v1/stories?limit=20&since=2024-01-01&until=2024-01-07", None),
            ("river: search, common word", "/v1/stories?limit=20&q=harbour", None),
            ("river: search, one story's number", f"/v1/stories?limit=20&q=%20{args.stories // 2}", None),
            ("storyline: GET /v1/stories/{id}", f"/v1/stories/{story}", None),
            ("for comparison: page 51 by offset", "/v1/stories?limit=20&offset=1000", None),
            ("for comparison: page 2,500 by offset", "/v1/stories?limit=20&offset=50000", None),
        ]
        print(f"{args.stories:,} stories, {args.repeat} requests each, one at a time")
        print(f"{'request':50} {'p50 ms':>8} {'p90 ms':>8} {'CPU ms':>8}  status")
        for name, url, headers in kinds:
            walls, cpu_ms, status = timed(client, url if isinstance(url, list) else [url], args.repeat, headers)
            p90 = statistics.quantiles(walls, n=10)[-1]
            print(f"{name:50} {statistics.median(walls):8.1f} {p90:8.1f} {cpu_ms:8.1f}  {status}")
    if args.browser:
        loads = browser_loads(db, args.repeat)
        p90 = statistics.quantiles(loads, n=10)[-1]
        print(f"{'page: navigation to the river received (Chromium)':50} {statistics.median(loads):8.1f} {p90:8.1f}")


if __name__ == "__main__":
    main()
