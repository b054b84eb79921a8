"""Plain-text articles: the headline, if any, is a short first line (found by the clean stage)."""

from __future__ import annotations

from .base import RawArticle, ReadResult


def read_text(text: str, path: str, stem: str) -> ReadResult:
    return ReadResult(articles=[RawArticle(text=text, id=stem, path=path)])
