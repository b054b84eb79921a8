"""Feeds: RSS and Atom documents read with feedparser, and feed lists (one URL a line, or OPML).

feedparser is only ever given bytes already fetched (never a URL: it would fetch it itself, unchecked). A document
it cannot read as a feed, or one with no entries and a parse error, is "not a feed"; entries past
`max_items` are left out (and counted), as are entries without an http(s) link.
"""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..types import Skipped
from .urls import FetchError, check_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
              "application/xml", "text/xml")  # fmt: skip
MAX_LIST_BYTES = 1_000_000


@dataclass
class FeedItem:
    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601, UTC


@dataclass
class ParsedFeed:
    title: str | None
    items: list[FeedItem]
    left_out: int = 0  # entries past the cap
    skipped: list[Skipped] = field(default_factory=list)  # entries without a usable link


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """Whether a response is a feed rather than a page: by its type, or for generic XML/text by its first tag."""
    if content_type in FEED_TYPES[:4]:
        return True
    head = body[:1024].lstrip().lower()
    if content_type in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html")):
        return False
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or head.startswith(b"<?xml")


def _iso(parsed) -> str | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc).isoformat().replace("+00:00", "Z")
    except (OverflowError, ValueError, TypeError):
        return None


def parse_feed(body: bytes, url: str, content_type: str, max_items: int) -> ParsedFeed:
    """The entries of an RSS/Atom document; FetchError ("not a feed") when it is none."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url, "content-type": content_type})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        why = getattr(parsed, "bozo_exception", None)
        detail = f": {str(why).splitlines()[0][:200]}" if why else ""
        raise FetchError(f"not an RSS or Atom feed{detail}", permanent=True)
    items: list[FeedItem] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for number, entry in enumerate(parsed.entries[:max_items], start=1):
        link = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
        try:
            link = check_url(str(link or ""))
        except FetchError as error:
            skipped.append(Skipped(f"{url} entry {number}", f"no usable link: {error.reason}"))
            continue
        if link in seen:
            continue
        seen.add(link)
        published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        items.append(FeedItem(link, _one_line(entry.get("title")), published))
    return ParsedFeed(_one_line(parsed.feed.get("title")), items, max(0, len(parsed.entries) - max_items), skipped)


def _one_line(title) -> str | None:
    """A feed's or entry's title on one line; a NUL (which feedparser's loose parser lets through, and no story store
    keeps) counts as a space."""
    return " ".join(str(title or "").replace("\x00", " ").split()) or None


def read_feed_list(path: str | Path) -> tuple[list[str], list[Skipped]]:
    """Feed URLs from a text file (one a line, # comments) or an OPML file (every outline's xmlUrl)."""
    from ..errors import InputError
    from ..readers.bounded import Unreadable, read_bounded

    path = Path(path)
    try:
        data = read_bounded(str(path), MAX_LIST_BYTES)
    except Unreadable as error:
        raise InputError(f"cannot read feed list {path}: {error.reason}") from None
    text = data.decode("utf-8-sig", errors="replace")
    if path.suffix.lower() in (".opml", ".xml") or text.lstrip().startswith("<"):
        candidates = _opml_urls(text, str(path))
    else:
        candidates = [
            (f"{path}:{number}", line.strip())
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
    urls: list[str] = []
    skipped: list[Skipped] = []
    for where, candidate in candidates:
        try:
            urls.append(check_url(candidate))
        except FetchError as error:
            skipped.append(Skipped(where, error.reason))
    return list(dict.fromkeys(urls)), skipped


def _opml_urls(text: str, where: str) -> list[tuple[str, str]]:
    import xml.etree.ElementTree as ElementTree

    from ..errors import InputError

    try:
        root = ElementTree.fromstring(text)  # expat refuses entity-expansion bombs
    except ElementTree.ParseError as error:
        raise InputError(f"malformed OPML in {where}: {error}") from None
    found = []
    for number, outline in enumerate(root.iter("outline"), start=1):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            found.append((f"{where} outline {number}", url))
    return found
