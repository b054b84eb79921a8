"""Characters no story store keeps, dealt with before a record reaches one, the same way on every engine.

PostgreSQL text cannot hold NUL (U+0000), and UTF-8 cannot encode a lone surrogate (U+D800-U+DFFF, which JSON's
"\\ud800" escape or a library caller can produce); SQLite stores NUL but cuts strings at it in LIKE and other
functions (so `q=%00` matched every story). So: an article whose id holds one is skipped with the reason (an id must
come back as it was given, and a changed id could name another article); in its other fields NUL is removed and a
lone surrogate replaced by U+FFFD, with one warning for the article. A lookup (a story id, a search) holding one
names nothing that can be stored.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import UsageError
from ..types import Article, Skipped

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPAIRED_FIELDS = ("text", "title", "outlet", "published", "url", "path")
WHAT = "NUL (U+0000) or a lone surrogate"


def _repaired(value: str) -> str:
    return UNSTORABLE.sub(lambda match: "" if match.group() == "\x00" else "\ufffd", value)


def _shown(value: str) -> str:
    """`value` for a message: each character no store keeps written as its escape (\\u0000)."""
    return UNSTORABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", value)


def storable(article: Article) -> tuple[Article | None, Skipped | None]:
    """(the article, None) when any store keeps it as it is; (None, why it is skipped); or (the repaired article,
    a warning that says what was removed)."""
    where = _shown(article.path or article.id)
    if UNSTORABLE.search(article.id):
        return None, Skipped(where, f"id '{_shown(article.id[:100])}' holds {WHAT}, which no store keeps")
    repaired = {name: _repaired(value) for name in REPAIRED_FIELDS
                if isinstance(value := getattr(article, name), str) and UNSTORABLE.search(value)}  # fmt: skip
    if not repaired:
        return article, None
    if not repaired.get("text", article.text).strip():
        return None, Skipped(where, f"no article text once {WHAT} characters are removed")
    reason = f"{', '.join(repaired)}: NUL characters removed, lone surrogates replaced by U+FFFD (no store keeps them)"
    return replace(article, **repaired), Skipped(where, reason)


def storable_lookup(value: str, what: str) -> str:
    """`value` unchanged, or a UsageError (an HTTP 422) naming `what` when it holds a character no store keeps."""
    if UNSTORABLE.search(value):
        raise UsageError(f"{what} holds {WHAT}, which nothing stored can contain")
    return value
