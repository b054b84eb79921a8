"""Feed-following benchmark: items/s fetched + extracted + ingested from a local HTTP server, and peak memory.

    python benchmarks/feeds.py [--feeds 10] [--limit 279] [--host-concurrency 4]

The 279 documents of the Multi-News full-article sample (../shared/data, never copied into the repo) are
written as HTML pages (headline, site name, date, paragraphs, navigation and footer furniture) into a temporary
directory, spread over `--feeds` RSS feeds (document i of cluster c in feed (c + i) mod feeds), and served by
`python -m http.server` on 127.0.0.1 in a separate process. Each phase runs in its own process, so its peak RSS
is its own:

  watch   `wirebrief.fetch.watch.poll` over all feeds into a new store: feeds fetched and parsed, every page
          fetched, extracted (trafilatura), ingested and briefs refreshed; then a second pass with every feed due
          again, which must fetch no page (http.server answers If-Modified-Since with 304)
  peer    the same HTML read from disk instead: extracted with the same code and ingested with briefs refreshed
          (no HTTP), the baseline that the watch pass is compared with

Politeness pauses are off (`host_interval=0`, `--host-concurrency` requests in flight): every page is on the one
local host, where the default (1 s between requests to a host) would make the run measure the pause alone.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "multinews" / "full-articles-sample.jsonl"


def page(doc: str, outlet: str, number: int) -> str:
    paragraphs = [" ".join(p.split()) for p in doc.split("\n") if p.strip()]
    headline = paragraphs[0][:90] if paragraphs else f"Report {number}"
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(headline)}</title>
<meta property="og:site_name" content="{outlet}"><meta property="article:published_time" content="2026-05-{1 + number % 28:02d}T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{html.escape(headline)}</h1>
{body}</article><aside><h2>Most read</h2><ul><li><a href="/x">Another story</a></li></ul></aside>
<footer>Copyright {outlet}. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>"""


def build_site(root: Path, n_feeds: int, limit: int) -> int:
    clusters = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    feeds: list[list[str]] = [[] for _ in range(n_feeds)]
    written = 0
    (root / "news").mkdir(parents=True)
    for c, cluster in enumerate(clusters):
        for i, doc in enumerate(cluster["documents"]):
            if written >= limit or not doc.strip():
                continue
            feed = (c + i) % n_feeds
            name = f"news/{c}-{i}.html"
            (root / name).write_text(page(doc, f"Outlet {feed}", written), encoding="utf-8")
            feeds[feed].append(name)
            written += 1
    return written, feeds


def write_feeds(root: Path, feeds: list[list[str]], base: str) -> None:
    for number, names in enumerate(feeds):
        items = "".join(f"<item><title>{n}</title><link>{base}/{n}</link></item>" for n in names)
        (root / f"feed{number}.xml").write_text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {number}</title>'
            f"<link>{base}/</link><description>x</description>{items}</channel></rss>", encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_watch(base: str, n_feeds: int, db: str, host_concurrency: int) -> dict:
    from wirebrief.fetch.watch import add_feeds, poll
    from wirebrief.settings import FetchSettings

    settings = FetchSettings(allow_private_hosts=True, host_interval=0.0, host_concurrency=host_concurrency,
                             max_items_per_feed=1000)
    add_feeds([f"{base}/feed{n}.xml" for n in range(n_feeds)], db)
    started = time.perf_counter()
    first = poll(db, settings)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    second = poll(db, settings, due_only=False)
    warm = time.perf_counter() - started
    stored = len(first.ingest.added) + len(first.ingest.duplicates)
    reasons = Counter(s.reason.split(":")[0] for s in first.ingest.skipped)
    return {"pages": first.pages, "stored": stored, "skipped": dict(reasons), "seconds": cold,
            "items_per_s": first.pages / cold, "second_pass_s": warm, "second_pass_pages": second.pages,
            "not_modified": sum(f.status == "not modified" for f in second.feeds), "peak_rss_mb": peak_rss_mb()}


def phase_peer(root: str, db: str) -> dict:
    from wirebrief.readers.html import extract_html
    from wirebrief.stories import ingest_records

    started = time.perf_counter()
    records = []
    for path in sorted(Path(root, "news").glob("*.html")):
        article = extract_html(path.read_text(encoding="utf-8"), url=f"http://local/{path.name}")
        if article is not None:
            records.append({"id": path.stem, "text": article.text, "title": article.title, "outlet": article.outlet,
                            "url": article.url, "published": article.published})
    report = ingest_records(records, db)
    seconds = time.perf_counter() - started
    return {"pages": len(records), "stored": len(report.added) + len(report.duplicates), "seconds": seconds,
            "items_per_s": len(records) / seconds, "peak_rss_mb": peak_rss_mb()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--limit", type=int, default=279, help="At most this many pages.")
    parser.add_argument("--host-concurrency", type=int, default=4)
    parser.add_argument("--phase", choices=["watch", "peer"], help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "watch":
        print(json.dumps(phase_watch(args.base, args.feeds, args.db, args.host_concurrency)))
        return
    if args.phase == "peer":
        print(json.dumps(phase_peer(args.root, args.db)))
        return
    if not DATA.exists():
        sys.exit(f"benchmark data not found at {DATA}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp, "site")
        n_pages, feeds = build_site(root, args.feeds, args.limit)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        write_feeds(root, feeds, base)
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                   "--directory", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            me = [sys.executable, __file__, "--feeds", str(args.feeds), "--host-concurrency", str(args.host_concurrency)]
            env = {**os.environ, "HF_HUB_OFFLINE": "1"}
            results = {}
            for phase, extra in (("watch", ["--base", base]), ("peer", ["--root", str(root)])):
                out = subprocess.run(me + ["--phase", phase, "--db", str(Path(tmp, f"{phase}.db"))] + extra,
                                     capture_output=True, text=True, env=env, check=True)
                results[phase] = json.loads(out.stdout.strip().splitlines()[-1])
        finally:
            server.terminate()
            server.wait()
    watch, peer = results["watch"], results["peer"]
    print(f"{n_pages} pages in {args.feeds} feeds, host concurrency {args.host_concurrency}")
    print("| phase | pages | stored | seconds | items/s | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    print(f"| watch pass (fetch + extract + ingest + briefs) | {watch['pages']} | {watch['stored']} | "
          f"{watch['seconds']:.1f} | {watch['items_per_s']:.1f} | {watch['peak_rss_mb']:.0f} |")
    print(f"| peer: same pages from disk (extract + ingest + briefs) | {peer['pages']} | {peer['stored']} | "
          f"{peer['seconds']:.1f} | {peer['items_per_s']:.1f} | {peer['peak_rss_mb']:.0f} |")
    print(f"watch/peer speed ratio {watch['items_per_s'] / peer['items_per_s']:.2f}; second pass "
          f"{watch['second_pass_s']:.2f} s, {watch['not_modified']} of {args.feeds} feeds not modified, "
          f"{watch['second_pass_pages']} pages fetched")
    print(f"not stored, by reason: {watch['skipped']}")


if __name__ == "__main__":
    main()
