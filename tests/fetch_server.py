"""A real HTTP server on 127.0.0.1 for the fetch tests, serving invented pages and feeds (nothing leaves the host).

Routes are (status, headers, body) or callables taking the request handler; every request is logged with its
time and headers, so tests can check what was asked for, and how often.
"""

from __future__ import annotations

import gzip
import threading
import time
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STORY = [
    ("The ferry operator on Lake Varna suspended all crossings on Thursday after a storm damaged the main pier at "
     "Oskar Harbour, stranding about 600 passengers overnight."),
    ("Engineers from the regional transport board said repairs to the pier would take at least two weeks and cost "
     "an estimated 1.2 million euros."),
    ("The operator said it would run a replacement bus service around the northern shore from Saturday morning, "
     "adding roughly 90 minutes to the journey."),
    ("Local businesses on the island of Pella warned that the closure would hit deliveries of food and fuel during "
     "the busiest week of the tourist season."),
    ("The transport board said a temporary floating landing stage could be in place by the end of next week if the "
     "weather allowed divers to inspect the damaged piles."),
]  # fmt: skip


def article_page(number: int, outlet: str, canonical: str | None = None, date: str = "2026-06-10") -> str:
    """An invented news page: headline, dateline, the story's sentences in a varied order, page furniture."""
    order = STORY[number % len(STORY):] + STORY[: number % len(STORY)]
    paragraphs = "\n".join(f"<p>{s}</p>" for s in order)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>Lake Varna ferries halted after storm wrecks pier ({outlet} {number})</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{date}T08:00:00Z">{link}
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Lake Varna ferries halted after storm wrecks pier ({outlet} {number})</h1>
{paragraphs}
</article><footer>Copyright {outlet}. All rights reserved.</footer></body></html>"""


def rss(items: list[tuple[str, str]], title: str = "Varna Courier") -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>Thu, 10 Jun 2026 08:00:00 GMT</pubDate></item>"
        for link, t in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link><description>news</description>{entries}</channel></rss>")


def atom(items: list[tuple[str, str]], title: str = "Pella Island Radio") -> str:
    entries = "".join(
        f'<entry><title>{t}</title><link href="{link}"/><id>{link}</id><updated>2026-06-10T09:00:00Z</updated></entry>'
        for link, t in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:pella</id><updated>2026-06-10T09:00:00Z</updated>{entries}</feed>")


@lru_cache(maxsize=1)
def gzip_bomb(size: int = 60_000_000) -> bytes:
    """size bytes of spaces, gzip-compressed to well under 100 KB."""
    return gzip.compress(b" " * size, compresslevel=9)


class FixtureServer:
    def __init__(self):
        self.routes: dict[str, object] = {}
        self.log: list[tuple[float, str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server.log.append((time.monotonic(), self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    route = server.routes.get(self.path.split("?")[0], (404, {"Content-Type": "text/plain"}, b"not found"))
                if callable(route):
                    route = route(self)
                    if route is None:
                        return
                status, headers, body = route
                if isinstance(body, str):
                    body = body.encode("utf-8")
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def hits(self, path: str) -> int:
        return sum(1 for _, p, _ in self.log if p == path)

    def __enter__(self) -> "FixtureServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
