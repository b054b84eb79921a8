"""Fetching real sources: article URLs, RSS/Atom feeds and a watch loop that keeps the story store current.

    urls.py       which inputs are URLs, which may be fetched; one normal form per page (courlan)
    addresses.py  resolved addresses checked on every hop (no private, loopback, link-local, metadata)
    http.py       the httpx client: redirects hop by hop, size caps, retries, per-host limits
    robots.py     robots.txt (urllib.robotparser), honoured by default, kept per site across passes
    feeds.py      RSS/Atom (feedparser); feed lists (text or OPML)
    pages.py      page -> article (trafilatura)
    watch.py      read_urls, ingest_urls, add_feeds, poll, watch, feed_health

Settings: `wirebrief.settings.FetchSettings` (`Settings.fetch`). Nothing here is imported until a URL is used.
"""

from .urls import FetchError, is_url

__all__ = ["FetchError", "is_url"]
