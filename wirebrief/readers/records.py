"""JSON and JSON Lines: article records, Multi-News cluster records, or lists of either.

Article record: {"id", "title", "text" | "html", "outlet", "url", "published"}; only the text or html is required.
Cluster record: {"id", "documents": [str | article record, ...]} or {"documents": "a ||||| b"} (Multi-News),
or {"id", "articles": [article record, ...]}.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Skipped
from .base import RawArticle, ReadResult, host_of
from .html import extract_html

MULTINEWS_SEPARATOR = "|||||"


def _text_field(record: dict, name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def article_from_record(record: Any, default_id: str, where: str) -> RawArticle | Skipped:
    if isinstance(record, str):
        # a bare string is text as a person would paste it: a short first line is its headline
        return RawArticle(text=record, id=default_id, path=where)
    if not isinstance(record, dict):
        return Skipped(where, f"expected an article object or string, got {type(record).__name__}")
    url = _text_field(record, "url")
    text = _text_field(record, "text")
    if text is None and _text_field(record, "html") is not None:
        extracted = extract_html(record["html"], url=url)
        if extracted is None:
            return Skipped(where, "no article text found in the record's HTML")
        article = extracted
    elif text is not None:
        article = RawArticle(text=text, title_in_text=False)
    else:
        return Skipped(where, 'record has no "text" or "html" field')
    article.id = _text_field(record, "id") or default_id
    article.title = _text_field(record, "title") or article.title
    article.outlet = _text_field(record, "outlet") or article.outlet or host_of(url)
    article.published = _text_field(record, "published") or article.published
    article.url = url or article.url
    article.path = where
    return article


def cluster_documents(record: dict) -> list | None:
    """The documents of a cluster record, or None when the record is a single article."""
    if "articles" in record and isinstance(record["articles"], list):
        return record["articles"]
    documents = record.get("documents")
    if isinstance(documents, str):
        return [d for d in documents.split(MULTINEWS_SEPARATOR)]
    if isinstance(documents, list):
        return documents
    return None


def read_record(record: Any, default_id: str, where: str) -> ReadResult:
    """Articles of one JSON value: an article record, a cluster record, or a list of them."""
    result = ReadResult()
    if isinstance(record, list):
        for i, item in enumerate(record, start=1):
            result.extend(read_record(item, f"{default_id}-{i}", f"{where}[{i}]"))
        return result
    documents = cluster_documents(record) if isinstance(record, dict) else None
    if documents is None:
        found = article_from_record(record, default_id, where)
        (result.skipped if isinstance(found, Skipped) else result.articles).append(found)
        return result
    cluster_id = _text_field(record, "id") or default_id
    for i, document in enumerate(documents, start=1):
        found = article_from_record(document, f"{cluster_id}/{i}", f"{where} document {i}")
        if isinstance(found, Skipped):
            result.skipped.append(found)
        elif not found.text.strip():
            # Multi-News has empty documents; they carry nothing to brief
            result.skipped.append(Skipped(found.path or where, "empty document"))
        else:
            result.articles.append(found)
    return result


def read_json(text: str, path: str, stem: str) -> ReadResult:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return ReadResult(skipped=[Skipped(path, f"malformed JSON: {error.msg} at line {error.lineno}")])
    return read_record(value, stem, path)


def read_jsonl(text: str, path: str, stem: str) -> ReadResult:
    result = ReadResult()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            result.skipped.append(Skipped(where, f"malformed JSON: {error.msg}"))
            continue
        result.extend(read_record(value, f"{stem}-{number}", where))
    return result
