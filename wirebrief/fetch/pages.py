"""Article pages: a fetched HTML page to a raw article (trafilatura: text, title, date via htmldate, site name,
canonical URL), and the store id it gets."""

from __future__ import annotations

from ..readers import RawArticle
from ..readers.html import extract_html
from .http import Fetched
from .urls import FetchError, page_id, same_site

PAGE_TYPES = ("text/html", "application/xhtml+xml")


def decode_page(fetched: Fetched) -> str:
    """The page's text: in the charset its Content-Type names, else as trafilatura guesses it (meta tag, detection)."""
    from trafilatura.utils import decode_file

    charset = None
    content_type = fetched.headers.get("content-type", "")
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip().strip('"') or None
    if charset:
        try:
            return fetched.body.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode_file(fetched.body)


def extract_page(fetched: Fetched, title: str | None = None, published: str | None = None,
                 outlet: str | None = None) -> RawArticle:
    """The article in a fetched page; `title`, `published` and `outlet` (from a feed entry) fill what the page lacks.
    FetchError when the response is not an HTML page or holds no article text."""
    content_type = fetched.content_type
    if content_type and content_type not in PAGE_TYPES:
        raise FetchError(f"not an HTML page ({content_type})", permanent=True)
    article = extract_html(decode_page(fetched), url=fetched.url)
    if article is None or not article.text.strip():  # (a page whose only text is its headline)
        raise FetchError("no article text found in the page", permanent=True)
    # a page may name its canonical URL, but only on its own site (another site's URL would claim its id)
    if not article.url or not same_site(article.url, fetched.url):
        article.url = fetched.url
    article.id = page_id(article.url)
    article.path = fetched.url
    article.title = article.title or title
    article.published = article.published or published
    if outlet and not article.site_name:  # no site name in the page: the feed's title is better than the host
        article.outlet = outlet
    return article
