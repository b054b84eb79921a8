"""Render a Brief as plain text (numbered sources), Markdown, or JSON (schema in the README)."""

from __future__ import annotations

import json

from .model import Brief

def _numbering(brief: Brief) -> dict[str, int]:
    """Source numbers follow the order articles were given, so [1] is always the first input."""
    return {article.id: number for number, article in enumerate(brief.articles, start=1)}


def _marks(brief: Brief, numbers: dict[str, int], sentence_index: int) -> str:
    cited = sorted({numbers[s.article] for s in brief.sentences[sentence_index].sources})
    return "".join(f"[{n}]" for n in cited)


def _source_line(article, number: int) -> str:
    parts = [f"[{number}] {article.outlet}"]
    if article.title:
        parts.append(f"“{article.title}”")
    if article.published:
        parts.append(article.published)
    if article.url:
        parts.append(article.url)
    return " — ".join(parts)


def render_text(brief: Brief) -> str:
    numbers = _numbering(brief)
    lines = [f"{s.text} {_marks(brief, numbers, i)}" for i, s in enumerate(brief.sentences)]
    cited = {numbers[src.article] for s in brief.sentences for src in s.sources}
    lines += ["", "Sources:"]
    lines += [_source_line(a, numbers[a.id]) for a in brief.articles if numbers[a.id] in cited]
    return "\n".join(lines) + "\n"


def render_markdown(brief: Brief) -> str:
    numbers = _numbering(brief)
    lines = [f"- {s.text} {_marks(brief, numbers, i)}" for i, s in enumerate(brief.sentences)]
    lines += ["", "**Sources**", ""]
    lines += [f"{numbers[a.id]}. " + _source_line(a, numbers[a.id]).split("] ", 1)[1] for a in brief.articles]
    return "\n".join(lines) + "\n"


def render_json(brief: Brief) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render(brief: Brief, fmt: str) -> str:
    return {"text": render_text, "markdown": render_markdown, "json": render_json}[fmt](brief)
