"""Who published an article, from what the article itself says.

In order: the outlet a record names; the site name of an HTML page; a credit line at the end of the text
("— Reuters", "(AFP)", "Source: Xinhua", "© 2026 The Ledger"); the agency an opening dateline credits
("LONDON (AP) _ …", "BEIJING, Oct. 5 (Xinhua) -- …"); the host of its URL (courlan). A credit that
names nobody in particular ("Source: News Agencies", "— Staff and agencies") is no outlet. Only when none of
these exists is the outlet the input's own name (its file name, or "stdin"), and `outlet_from` says so.
"""

from __future__ import annotations

import re

from .clean import _AGENCY, dateline_agency  # the wire agencies the cleaner removes as credits and datelines

# where Article.outlet came from (in JSON as "outlet_from")
GIVEN, SITE_NAME, CREDIT_LINE, DATELINE, URL_HOST, INPUT_NAME = (
    "given", "site name", "credit line", "dateline", "url", "input name"
)

_NAME = r"[A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|the|and|&|de|du)){0,5}"
# credit forms that name an agency: "— Reuters" on its own line or after the last sentence, "(AFP)"
_AGENCY_CREDIT = re.compile(
    r"(?:^|(?<=[.!?”\"'’])\s)\s*(?:(?:--|[-–—])\s*\(?(?P<a>" + _AGENCY + r")\)?|\(\s*(?P<b>" + _AGENCY + r")\s*\))\W*$"
)
# credit forms that name anyone: "Source: The Ledger", "Sources: Xinhua", "© 2026 The Ledger. All rights reserved."
_NAMED_CREDIT = re.compile(
    r"^\W*(?:(?i:sources?|credit)\s*:\s*(?P<c>[^\n]{2,60}?)|"
    r"(?:©|\((?i:c)\)|(?i:copyright))\s*(?:©\s*)?(?:\d{4}\s*)?(?P<d>" + _NAME + r"))"
    r"[\s.]*(?:(?i:all\s+rights\s+reserved)\.?)?\s*$"
)
# credits that name no one outlet
_ANONYMOUS = re.compile(
    r"^(?:(?:the\s+)?(?:news\s+)?(?:agenc(?:y|ies)|wires?|wire\s+services?|staff|reporters?|correspondents?|"
    r"news\s*desk|desk|online|web\s+desk|internet|various|multiple\s+sources|media\s+reports?|others?)"
    r"(?:\s*(?:and|&|,|/|\+)\s*)?)+$",
    re.IGNORECASE,
)

_TAIL_LINES = 3  # a credit is among the last few non-empty lines
_HEAD_LINES = 6  # a dateline opens one of the first few non-empty lines (a headline or a stamp may come first)


def credited_outlet(text: str) -> str | None:
    """The outlet a trailing credit line names, or None (no credit line, or one that names no one outlet)."""
    lines = [line.strip() for line in text[-2000:].splitlines() if line.strip()]
    for line in reversed(lines[-_TAIL_LINES:]):
        match = _AGENCY_CREDIT.search(line) or _NAMED_CREDIT.match(line)
        if match:
            name = " ".join(next(g for g in match.groups() if g).split()).strip(" .,;")
            return None if _ANONYMOUS.match(name) else name
    return None


def dateline_outlet(text: str) -> str | None:
    """The agency the first dateline among the opening lines credits, or None."""
    lines = [line.strip() for line in text[:3000].splitlines() if line.strip()]
    for line in lines[:_HEAD_LINES]:
        agency = dateline_agency(line)
        if agency:
            return None if _ANONYMOUS.match(agency) else agency
    return None


def host_outlet(url: str | None) -> str | None:
    """A URL's host name without a leading "www." (courlan), as the outlet of last resort before the file name."""
    if not url:
        return None
    from courlan import get_hostinfo

    host, _ = get_hostinfo(url)
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def name_outlet(
    given: str | None, site_name: str | None, text: str, url: str | None, input_name: str
) -> tuple[str, str]:
    """(outlet, where it came from) by the order in the module docstring."""
    for value, source in ((given, GIVEN), (site_name, SITE_NAME)):
        if value and value.strip():
            return value.strip(), source
    credited = credited_outlet(text)
    if credited:
        return credited, CREDIT_LINE
    credited = dateline_outlet(text)
    if credited:
        return credited, DATELINE
    host = host_outlet(url)
    if host:
        return host, URL_HOST
    return input_name, INPUT_NAME
