"""JSON and JSON Lines: article records, Multi-News cluster records, or lists of either.

Article record: {"id", "title", "text" | "html", "outlet", "url", "published"}; only the text or html is required.
Cluster record: {"id", "documents": [str | article record, ...]} or {"documents": "a ||||| b"} (Multi-News),
or {"id", "articles": [article record, ...]}.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from ..types import Article, Skipped, published_problem
from .base import RawArticle, ReadResult
from .html import extract_html

MULTINEWS_SEPARATOR = "|||||"
# A cluster of article records is three levels deep; nothing legitimate comes near this. Deeper input is refused
# (that record is skipped, the rest read) before any recursive code (ours, or json's C parser) meets it.
MAX_JSON_DEPTH = 32


def parse_json(text: str) -> tuple[Any, str | None]:
    """(value, None), or (None, a one-line reason) for malformed JSON or JSON nested over MAX_JSON_DEPTH levels."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"malformed JSON: {error.msg} at line {error.lineno}"
    except RecursionError:
        return None, f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return None, f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values() if isinstance(child, (dict, list)))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return value, None


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_field(record: dict, name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    value = value if isinstance(value, str) else str(value)
    # JSON's "\ud800" escape decodes to a lone surrogate, which is not text: no output encoding accepts it
    return LONE_SURROGATE.sub("\ufffd", value)


SURROGATES_REPLACED = "lone surrogate characters (\\ud800-\\udfff) replaced by U+FFFD"


def _check(article: RawArticle, record: Any, result: ReadResult) -> RawArticle:
    """Warn about what was repaired in the record: lone surrogates replaced, an unusable date dropped."""
    where = article.path or article.id or "record"
    if isinstance(record, dict) and any(
        isinstance(v, str) and LONE_SURROGATE.search(v) for v in record.values()
    ):
        result.warnings.append(Skipped(where, SURROGATES_REPLACED))
    if _date_unusable(article.published, where, result):
        article.published = None
    return article


def _date_unusable(published: str | None, where: str, result: ReadResult) -> bool:
    """Whether `published` is given but unusable (and then a warning says why it is ignored)."""
    problem = published_problem(published)
    if problem:
        result.warnings.append(Skipped(where, f"published date ignored: {problem}"))
    return problem is not None


def given_article(article: Article, where: str) -> ReadResult:
    """An Article given as a Python value. Its text is clean already and goes in as it is: only what a record is
    repaired of is repaired (lone surrogates replaced, an unusable date dropped), on a copy that says `where`."""
    result = ReadResult()
    fields = {name: getattr(article, name) for name in ("id", "text", "outlet", "title", "published", "url")}
    repaired: dict[str, Any] = {
        name: LONE_SURROGATE.sub("\ufffd", value)
        for name, value in fields.items()
        if isinstance(value, str) and LONE_SURROGATE.search(value)
    }
    if repaired:
        result.warnings.append(Skipped(article.path or where, SURROGATES_REPLACED))
    if _date_unusable(repaired.get("published", article.published), article.path or where, result):
        repaired["published"] = None
    result.articles.append(replace(article, path=article.path or where, **repaired))
    return result


def article_from_record(record: Any, default_id: str, where: str) -> RawArticle | Skipped:
    if isinstance(record, str):
        # a bare string is text as a person would paste it: a short first line is its headline
        return RawArticle(text=LONE_SURROGATE.sub("\ufffd", record), id=default_id, path=where)
    if not isinstance(record, dict):
        return Skipped(where, f"expected an article object or string, got {type(record).__name__}")
    url = _text_field(record, "url")
    text = _text_field(record, "text")
    html = _text_field(record, "html")
    if text is None and html is not None:
        extracted = extract_html(html, url=url)
        if extracted is None:
            return Skipped(where, "no article text found in the record's HTML")
        article = extracted
    elif text is not None:
        article = RawArticle(text=text, title_in_text=False)
    else:
        return Skipped(where, 'record has no "text" or "html" field')
    article.id = _text_field(record, "id") or default_id
    article.title = _text_field(record, "title") or article.title
    article.outlet = _text_field(record, "outlet")
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
        return documents.split(MULTINEWS_SEPARATOR)
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
        if isinstance(found, Skipped):
            result.skipped.append(found)
        else:
            result.articles.append(_check(found, record, result))
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
            result.articles.append(_check(found, document, result))
    return result


def read_json(text: str, path: str, stem: str) -> ReadResult:
    value, problem = parse_json(text)
    if problem:
        return ReadResult(skipped=[Skipped(path, problem)])
    return read_record(value, stem, path)


def read_jsonl(text: str, path: str, stem: str) -> ReadResult:
    result = ReadResult()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        value, problem = parse_json(line)
        if problem:
            result.skipped.append(Skipped(where, problem.replace(" at line 1", "")))
            continue
        result.extend(read_record(value, f"{stem}-{number}", where))
    return result
