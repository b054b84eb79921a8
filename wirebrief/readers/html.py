"""HTML pages: main text, title, date and site name extracted with trafilatura."""

from __future__ import annotations

import logging
import re

from ..types import Skipped
from .base import RawArticle, ReadResult


def extract_html(html: str, url: str | None = None) -> RawArticle | None:
    """The article in an HTML page, or None when trafilatura finds no main text."""
    import trafilatura  # slow to import; only HTML input needs it

    # trafilatura logs extraction misses at WARNING; we report them ourselves, once, as a skip reason
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None or not (document.text or "").strip():
        return None
    text = document.text
    title = (document.title or "").strip() or None
    # trafilatura repeats the <h1> as the first line of the text; the title is metadata here
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest
    return RawArticle(
        text=text,
        title=title,
        site_name=(document.sitename or "").strip() or None,
        published=None if copyright_guess(document.date, html) else document.date,
        url=document.url or url,
        title_in_text=False,
    )


def copyright_guess(found: str | None, html: str) -> bool:
    """Whether a date htmldate found is only the year of a copyright line ("© 2016 The Ledger" gives 2016-01-01):
    a year is not a publication date, and a feed item's own date is better."""
    if not found or not found.endswith("-01-01") or found in html:  # (a date the page writes out is its own)
        return False
    year = re.escape(found[:4])
    return re.search(rf"(?:©|&copy;|\(c\)|copyright)\s*(?:\d{{4}}\s*[-–]\s*)?{year}\b", html, re.IGNORECASE) is not None


def read_html(text: str, path: str, stem: str) -> ReadResult:
    article = extract_html(text)
    if article is None:
        return ReadResult(skipped=[Skipped(path, "no article text found in the HTML")])
    article.id = stem
    article.path = path
    return ReadResult(articles=[article])
