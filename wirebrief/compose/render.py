"""Render a Brief as plain text (numbered sources), Markdown, or JSON (schema in the README); where sources
disagree on a figure, a line says so under the brief. Stored stories (`wirebrief.stories.types.Story`) as text,
JSON or JSON Lines, for the CLI.

Sources are numbered 1, 2, 3… without gaps in the order the articles were given, and only the sources the
output cites are numbered and listed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:  # annotations only: Brief.render (types.py) calls this module, which must not import it back
    from ..types import Article, Brief, Disagreement

# Control characters other than newline and tab (C0, DEL, C1): ESC sequences in a stored title could recolour,
# retitle or hyperlink the reader's terminal. And invisible format characters that make text display as other text
# ("Trojan Source"): bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E-F, U+202A-E, U+2066-9),
# zero-width and invisible operators (U+200B, U+2060-4, U+FEFF), line and paragraph separators (U+2028-9) and tag
# characters (U+E0000-7F). Text meant for a terminal or Markdown shows them as visible escapes instead. (U+200C/D,
# the zero-width joiners that emoji and some scripts need, stay.)
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def for_terminal(text: str) -> str:
    """`text` with every control and invisible format character but newline and tab written as a visible escape
    (ESC -> \\x1b, RIGHT-TO-LEFT OVERRIDE -> \\u202e)."""
    return CONTROL.sub(_escape, text)


def _numbering(articles: Sequence[Article], citing: Iterable) -> dict[str, int]:
    """Numbers for the articles that the `citing` items (anything with `.sources`) cite, in article order."""
    cited = {source.article for item in citing for source in item.sources}
    return {article.id: number for number, article in enumerate((a for a in articles if a.id in cited), start=1)}


def _citing(brief: Brief) -> list:
    """What cites sources in a brief's output: its sentences, and the values of its disagreements."""
    return [*brief.sentences, *(value for d in _shown(brief) for value in d.values)]


def _shown(brief: Brief) -> list[Disagreement]:
    """The disagreements a reader sees: the confident ones (all are in JSON, with their confidence)."""
    return [d for d in brief.disagreements if d.confident]


def _marks(item, numbers: dict[str, int]) -> str:
    """"[1][3]": the numbers of an item's sources."""
    return _bracketed(numbers[s.article] for s in item.sources)


def _bracketed(numbers: Iterable[int]) -> str:
    return "".join(f"[{n}]" for n in sorted(set(numbers)))


def _source_parts(
    name: str | None, title: str | None, published: str | None, url: str | None, shown=str
) -> list[str]:
    """How every listing names a source: name — “title” — published — url, leaving out what it lacks (a name
    of None, too); `shown` prepares each stored string for display."""
    parts = [] if name is None else [name]
    if title:
        parts.append(f"“{shown(title)}”")
    parts += [shown(value) for value in (published, url) if value]
    return parts


def _source(article: Article) -> str:
    """'Reuters — “Title” — date — URL'. When nothing in the article names its outlet, its input's name (a file
    name such as "000_b5bf12ebea270d80", or "stdin") stands in only in JSON: here the title names the source, and
    the input's name is shown, marked as such, only for an article without a title."""
    from ..text.outlet import INPUT_NAME  # the readers are loaded by the time a brief is rendered

    if article.outlet_from != INPUT_NAME:
        name = article.outlet
    elif article.title:
        name = None
    else:
        name = f"{article.outlet} (no outlet named)"
    return " — ".join(_source_parts(name, article.title, article.published, article.url))


def _source_list(articles: Sequence[Article], numbers: dict[str, int], markdown: bool) -> list[str]:
    """The numbered list of the cited sources, "[1] …" in text, "1. …" in Markdown."""
    return [
        f"{numbers[a.id]}. {_source(a)}" if markdown else f"[{numbers[a.id]}] {_source(a)}"
        for a in articles
        if a.id in numbers
    ]


def disagreement_line(disagreement: Disagreement, numbers: dict[str, int]) -> str:
    """'Revised: death toll — as many as 25 (1999-04-20) [1] → 15 (1999-04-21) [1][2]', or
    'Sources disagree: death toll — 25 [1]; 15 [2][3]'."""
    parts = []
    for value in disagreement.values:
        when = f" ({value.first_seen})" if disagreement.kind == "revision" and value.first_seen else ""
        parts.append(f"{value.text}{when} {_marks(value, numbers)}")
    if disagreement.kind == "revision":
        return f"Revised: {disagreement.what} — " + " → ".join(parts)
    return f"Sources disagree: {disagreement.what} — " + "; ".join(parts)


def render_text(brief: Brief) -> str:
    """One sentence a line with its source numbers, disagreements, then the numbered list of the sources cited;
    nothing for an empty brief (its warnings say why)."""
    if not brief.sentences:
        return ""
    numbers = _numbering(brief.articles, _citing(brief))
    lines = [f"{s.text} {_marks(s, numbers)}" for s in brief.sentences]
    if _shown(brief):
        lines += ["", *(disagreement_line(d, numbers) for d in _shown(brief))]
    lines += ["", "Sources:"]
    lines += _source_list(brief.articles, numbers, markdown=False)
    return "\n".join(lines) + "\n"


def render_markdown(brief: Brief) -> str:
    """A bulleted brief with source numbers, disagreements as quotes, then the numbered list of the sources cited;
    nothing for an empty brief."""
    if not brief.sentences:
        return ""
    numbers = _numbering(brief.articles, _citing(brief))
    lines = [f"- {s.text} {_marks(s, numbers)}" for s in brief.sentences]
    if _shown(brief):
        lines += ["", *(f"> {disagreement_line(d, numbers)}" for d in _shown(brief))]
    lines += ["", "**Sources**", ""]
    lines += _source_list(brief.articles, numbers, markdown=True)
    return "\n".join(lines) + "\n"


def render_json(brief: Brief) -> str:
    """The JSON of Brief.to_dict (schema in the README), indented, with a final newline."""
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"


FORMATS = ("text", "markdown", "json")


def render(brief: Brief, fmt: str) -> str:
    """The brief in one of FORMATS; text and Markdown are for reading in a terminal, so control characters are
    made visible (JSON escapes them itself)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt == "json":
        return render_json(brief)
    return for_terminal({"text": render_text, "markdown": render_markdown}[fmt](brief))


def _unsupported_line(sentence) -> str:
    return "; ".join(f"“{u.text}” ({u.kind})" for u in sentence.unsupported)


def render_verification(verification, fmt: str) -> str:
    """A checked summary (wirebrief.verification.Verification) as text, Markdown or JSON."""
    if fmt == "json":
        return json.dumps(verification.to_dict(), ensure_ascii=False, indent=2) + "\n"
    numbers = _numbering(verification.articles, verification.sentences)
    counts = verification.counts()
    tally = f"{counts['supported']} supported, {counts['partly']} partly, {counts['unsupported']} unsupported"
    lines: list[str] = []
    for sentence in verification.sentences:
        marks = _marks(sentence, numbers)
        if fmt == "markdown":
            lines.append(f"- **{sentence.verdict}** {sentence.text} {marks}".rstrip())
            if sentence.unsupported:
                lines.append(f"  - not in the cited sources: {_unsupported_line(sentence)}")
        else:
            lines.append(f"[{sentence.verdict}] {sentence.text} {marks}".rstrip())
            if sentence.unsupported:
                lines.append(f"    not in the cited sources: {_unsupported_line(sentence)}")
    if fmt == "markdown":
        lines += ["", f"**{tally}**", "", "**Sources**", ""]
    else:
        lines += ["", tally, "", "Sources:"]
    lines += _source_list(verification.articles, numbers, markdown=fmt == "markdown")
    return for_terminal("\n".join(lines) + "\n")


# --- stories (wirebrief.stories.types.Story) -----------------------------------------------------------------------
def _safe(text: str | None) -> str:
    """Stored text from anyone's feed, fit for one terminal line: control characters shown, never obeyed."""
    return for_terminal(" ".join((text or "").split()))


def _span(story) -> str:
    first, last = story.first_seen or "?", story.last_seen or "?"
    span = first if first == last else f"{first} – {last}"
    return span if story.dated else f"{span} (ingested; undated)"


def render_stories(stories: list, fmt: str):
    """Stories as JSON (a list) or JSON Lines (str), or for the terminal (a rich Text: headline in bold, id dim;
    stored strings are never read as markup)."""
    if fmt == "jsonl":
        return "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in stories)
    if fmt == "json":
        return json.dumps([s.to_dict() for s in stories], ensure_ascii=False, indent=2) + "\n"
    from rich.text import Text

    text = Text()
    for story in stories:
        events = f" in {len(story.events)} events" if len(story.events) > 1 else ""
        text.append(_safe(story.headline) + "  ", style="bold")
        text.append(story.id + "\n", style="dim")
        text.append(f"  {len(story.articles)} articles{events} ({story.duplicates} copies) · {_outlets(story.outlets)} · "
                    f"{_span(story)}\n")
        if story.brief:
            text.append("  " + _safe(story.brief) + "\n")
        for event in story.events[:EVENTS_SHOWN] if len(story.events) > 1 else []:
            text.append(f"  · {(event.first_seen or '?')[:10]}  {_safe(event.headline)} — {_reports(len(event.articles))}, "
                        f"{_outlets(event.outlets)}  ")
            text.append(event.id + "\n", style="dim")
        if len(story.events) > EVENTS_SHOWN:
            text.append(f"  · … {len(story.events) - EVENTS_SHOWN} earlier events (wirebrief story {story.id} --timeline)\n")
        text.append("\n")
    return text


EVENTS_SHOWN = 5  # a storyline's newest events listed under it


def _reports(n: int) -> str:
    return f"{n} report" + ("" if n == 1 else "s")


def _outlets(outlets: list[str], shown: int = 6) -> str:
    named = ", ".join(_safe(o) for o in outlets[:shown]) + (f" +{len(outlets) - shown}" if len(outlets) > shown else "")
    return named or "no outlet named"


def render_story(story, fmt: str) -> str:
    """One story: its brief with numbered sources, then its articles (text), or its JSON."""
    if fmt != "text":
        return json.dumps(story.to_dict(), ensure_ascii=False, indent=None if fmt == "jsonl" else 2) + "\n"
    articles = story.articles_detail or []
    numbers = {a.id: n for n, a in enumerate(articles, start=1)}
    lines = [_safe(story.headline), f"{story.id} · {_span(story)}", ""]
    for sentence in story.sentences:
        cited = (numbers[s["article"]] for s in sentence["sources"] if s["article"] in numbers)
        lines.append(f"{_safe(sentence['text'])} " + _bracketed(cited))
    lines += ["", "Articles:"]
    for article in articles:
        # the id is shown only when it says more than the outlet (an outlet named after its file says the same)
        name = _safe(article.outlet or article.id)
        label = f"[{numbers[article.id]}] {name}" + (f" ({_safe(article.id)})" if article.id != name else "")
        parts = _source_parts(label, article.title, article.published, article.url, shown=_safe)
        if article.duplicate_of:
            parts.append(f"(copy of {_safe(article.duplicate_of)})")
        lines.append(" — ".join(p for p in parts if p))
    return "\n".join(lines) + "\n"
