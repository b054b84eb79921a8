"""Pages of embedded social-media posts: a run of posts, each signed "— name (@handle) date", with little or no
report around them. Such a page is not a report of the story, whichever of its posts pass the sentence rules, so
it is skipped whole (pipeline.clean_articles); a cluster of nothing else has nothing to brief.

A post is its signature and the text of at most `POST_CHARS` characters before it (a post's length); the page is
one of posts when it has at least `MIN_POSTS` signatures and posts cover at least `POST_SHARE` of its words. On
Multi-News val (5,622 clusters) three documents are such pages (posts cover 93-96 % of their words: reactions to
Twitter's music app, to a fantasy-football outage, a president's first posts); the next, a report built around
a congressman's posts, has 74 %, and a report that quotes two posts among 30 sentences (46726) has 52 %.
"""

from __future__ import annotations

import re

MIN_POSTS = 3
POST_SHARE = 0.9
POST_CHARS = 280
# "— wiz khalifa ( @wizkhalifa ) april 13, 2013", "— Lilian Kim (@liliankim7) November 30, 2015"
_SIGNATURE = re.compile(
    r"(?:—|--)\s*[^—\n()]{0,80}?\(\s*@\w{1,30}\s*\)\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+\d{1,2},\s*\d{4}",
    re.IGNORECASE,
)


def posts_page(text: str) -> bool:
    """Whether `text` is a page of embedded posts rather than a report."""
    signatures = list(_SIGNATURE.finditer(text))
    if len(signatures) < MIN_POSTS:
        return False
    covered, end = 0, 0
    for signature in signatures:
        start = max(end, signature.start() - POST_CHARS)
        covered += len(text[start : signature.end()].split())
        end = signature.end()
    return covered >= POST_SHARE * len(text.split())
