"""URLs: which inputs are URLs, which may be fetched, and one normal form per page (courlan) for ids and de-duplication."""

from __future__ import annotations

import re
from hashlib import sha1
from urllib.parse import urldefrag, urlsplit

from ..errors import WirebriefError

MAX_URL_CHARS = 2048
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class FetchError(WirebriefError):
    """A URL that could not be fetched or used. `permanent` errors are not worth retrying later; `retry_after` is
    the server's own wait (seconds), when it gave one; `status` the HTTP status that ended it, if any."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None,
                 status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after
        self.status = status


def is_url(text: str) -> bool:
    """Whether a command-line input names a URL (any scheme: a refused scheme is reported, not read as a path)."""
    return bool(_SCHEME.match(text.strip()))


def check_url(url: str) -> str:
    """The URL, stripped, if it may be fetched: http or https, with a host, not absurdly long."""
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise FetchError(f"URL longer than {MAX_URL_CHARS} characters", permanent=True)
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError as error:
        raise FetchError(f"malformed URL: {error}", permanent=True) from None
    if parts.scheme.lower() not in ("http", "https"):
        given = f"not {parts.scheme}:" if parts.scheme else "this one has no scheme"
        raise FetchError(f"only http and https URLs are fetched ({given})", permanent=True)
    if not parts.hostname:
        raise FetchError("URL has no host", permanent=True)
    if parts.username is not None or parts.password is not None:
        raise FetchError("URL carries a user name or password; refused", permanent=True)
    import httpx

    try:  # what the client will parse: control characters, hosts IDNA refuses (else a 500 in the API)
        httpx.URL(url)
    except httpx.InvalidURL as error:
        raise FetchError(f"malformed URL: {error}", permanent=True) from None
    return url


def normalize(url: str) -> str:
    """One form per page: lower-case scheme and host, default port and fragment dropped, query parameters sorted
    and tracking parameters (utm_*, fbclid, gclid ...) removed (courlan.normalize_url)."""
    from courlan import normalize_url

    url = urldefrag(url).url  # a fragment is a place on the page, not another page
    try:
        return normalize_url(url)
    except (ValueError, TypeError):
        return url


def page_id(url: str) -> str:
    """The store id of the article at a URL: the same page under tracking variants gets the same id."""
    return "u" + sha1(normalize(url).encode("utf-8")).hexdigest()[:12]


def same_site(a: str, b: str) -> bool:
    """Whether two URLs have the same host, ignoring a leading www. (a page may name its canonical URL only there)."""
    hosts = [(urlsplit(u).hostname or "").removeprefix("www.") for u in (a, b)]
    return bool(hosts[0]) and hosts[0] == hosts[1]
