"""Shared data model: every pipeline stage reads and writes these dataclasses.

Article    one report, with its *cleaned* text (attribution spans index into it)
Sentence   a sentence of one article, as a [start, end) span of that article's text
Unit       one or more sentences that say the same thing (wire copy); the thing a brief selects
Cluster    the articles of one story after cleaning, splitting and wire matching
Brief      the output: sentences with every supporting source (and the dates they name), the articles,
           where sources disagree, what was skipped
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

# the `path` of the warning on a brief left empty because no sentence is brief material (CLI exit 1, HTTP 422)
EMPTY_BY_RULES = "rules"
NOTHING_FITS = "budget"  # the path of the warning for a brief that is empty because no worthy sentence fits


def parse_published(text: str | None) -> datetime | None:
    """A publication time as an aware UTC datetime (naive times are taken as UTC), or None when absent,
    unreadable or outside datetime's range in UTC (9999-12-31T23:59-14:00 is in year 10000 there). ISO 8601, and
    RSS style ("Sat, 22 Nov 2026 10:00:00 GMT")."""
    value, _ = _read_published(text)
    return value


def published_problem(text: str | None) -> str | None:
    """Why a given publication date cannot be used, in one line; None when it is absent or fine."""
    return _read_published(text)[1]


def iso_datetime(text: str) -> datetime:
    """datetime.fromisoformat, also for RFC 3339's "Z"/"z" suffix; raises ValueError."""
    return datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text)


def _read_published(text: str | None) -> tuple[datetime | None, str | None]:
    if not text or not text.strip():
        return None, None
    text = text.strip()
    try:
        value = iso_datetime(text)
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None, f"cannot read {text[:40]!r} as a date (give ISO 8601, e.g. 2026-03-14T09:00:00Z)"
    try:
        return (value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)), None
    except OverflowError:
        return None, f"date {text[:40]!r} is outside years 1-9999 once converted to UTC"


@dataclass
class Article:
    """One report after cleaning; attribution spans index into `text`."""

    id: str
    text: str
    outlet: str
    title: str | None = None
    published: str | None = None  # as given (ISO 8601, or RFC 2822 from a feed), and so shown in every output
    url: str | None = None
    path: str | None = None  # where it was read from, for messages
    # how the outlet was found (wirebrief.text.outlet): "given", "site name", "credit line", "dateline", "url", or
    # "input name" when nothing in the article names it and the file name (or "stdin") stands in
    outlet_from: str | None = None
    # `published` read once, here, as an aware UTC datetime (None when absent or unreadable): what ordering, date
    # resolution and story tracking use. Set from `published` when the article is made (dataclasses.replace too).
    published_at: datetime | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.published_at = parse_published(self.published)

    def to_dict(self) -> dict:
        """The article as in the JSON output (README), without the `path` it was read from."""
        return {
            "id": self.id,
            "outlet": self.outlet,
            "outlet_from": self.outlet_from,
            "title": self.title,
            "published": self.published,
            "url": self.url,
            "text": self.text,
        }


def join_pieces(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text shown for the kept `[start, end)` spans of `text`: the pieces in order, one space between two,
    none before a piece that opens with closing punctuation ("said" + "." is "said.")."""
    shown = ""
    for start, end in spans:
        piece = text[start:end]
        shown += piece if not shown or piece[:1] in _NO_SPACE_BEFORE else " " + piece
    return shown


_NO_SPACE_BEFORE = tuple(",.;:!?)]”’")


@dataclass(frozen=True)
class Sentence:
    """A sentence of one article: `text` is the article's text over `[start, end)`, or, when parts of it were
    deleted (wirebrief.text.trim), the kept `pieces` joined by `join_pieces` (`[start, end)` is then the outer span:
    the first piece's start and the last one's end). Only the case of the first letter may differ from the
    article's text."""

    article: int  # index into Cluster.articles
    position: int  # 0-based sentence index within the article
    start: int
    end: int
    text: str
    pieces: tuple[tuple[int, int], ...] = ()  # kept [start, end) spans when parts were deleted; () when whole

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The kept [start, end) spans of the article's text, in order (one when nothing inside was deleted)."""
        return self.pieces or ((self.start, self.end),)

    def text_spans(self) -> list[tuple[int, int]]:
        """The [start, end) of each kept piece within `text` (parallel to `spans`)."""
        result, at = [], 0
        for index, (start, end) in enumerate(self.spans):
            if index and self.text[at : at + 1] == " ":
                at += 1  # the space join_pieces put between two pieces
            result.append((at, at + end - start))
            at += end - start
        return result

    def source_offset(self, offset: int) -> int:
        """The article offset of character `offset` of `text` (a joining space maps to the next piece's start)."""
        for (start, end), (source, _) in zip(self.text_spans(), self.spans):
            if offset <= end:
                return source + max(offset - start, 0)
        return self.end


@dataclass
class Unit:
    """Sentences from one or more articles that carry the same content."""

    sentences: list[Sentence]  # sorted by (article, position); sentences[0] is the representative

    @property
    def text(self) -> str:
        return self.sentences[0].text

    @property
    def words(self) -> int:
        return self.sentences[0].words

    @property
    def support(self) -> int:
        """Number of distinct articles that carry this unit."""
        return len({s.article for s in self.sentences})

    @property
    def first_position(self) -> int:
        return min(s.position for s in self.sentences)


@dataclass
class Skipped:
    """An input (or part of one) that was not used, or was used with a warning, and why."""

    path: str
    reason: str

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason}


@dataclass
class Cluster:
    articles: list[Article]
    sentences: list[Sentence] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    # what a cost cap left out while preparing it (pipeline.prepare, wirematch), for Brief.warnings
    warnings: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class SourceSpan:
    """Where an article carries a brief sentence: `[start, end)` of that article's cleaned text, and the kept
    `spans` within it when the sentence is its source with parts deleted (furniture, a dateline; wirebrief.text.trim)."""

    article: str  # Article.id
    outlet: str
    start: int
    end: int
    spans: tuple[tuple[int, int], ...] = ()  # () means the whole [start, end)

    def to_dict(self) -> dict:
        kept = self.spans or ((self.start, self.end),)
        return {"article": self.article, "outlet": self.outlet, "start": self.start, "end": self.end,
                "spans": [list(span) for span in kept]}  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """A date expression in a brief sentence's source, resolved against that article's publication date."""

    article: str
    text: str
    date: str  # ISO 8601 at the precision the text gives: 2016-12-15, 2016-W49, 2016-12 or 2016
    start: int  # [start, end) in the article's cleaned text
    end: int

    def to_dict(self) -> dict:
        return {"text": self.text, "date": self.date, "article": self.article, "start": self.start, "end": self.end}


@dataclass
class BriefSentence:
    """One sentence of a brief and every source that carries it (wire copy: several outlets)."""

    text: str
    sources: list[SourceSpan]
    dates: list[DateMention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "sources": [source.to_dict() for source in self.sources],
            "dates": [d.to_dict() for d in self.dates],
        }


@dataclass
class FigureValue:
    """One value sources give for a disputed thing: 25, or "as many as 25", or a date; with every source."""

    value: float | str
    text: str  # the phrase as the first source words it
    sources: list[SourceSpan]  # spans of the phrase in each article that gives this value
    first_seen: str | None  # ISO day of its earliest report (a date in the sentence, else publication)

    def to_dict(self) -> dict:
        value = int(self.value) if isinstance(self.value, float) and self.value.is_integer() else self.value
        return {
            "value": value,
            "text": self.text,
            "date": self.first_seen,
            "sources": [source.to_dict() for source in self.sources],
        }


SHOW_CONFIDENCE = 0.5  # disagreements below this confidence go in JSON only, not in text, Markdown or the page


@dataclass
class Disagreement:
    """Sources give different figures (or dates) for one thing. A *revision* when dates order the values
    (an early estimate later corrected), a *contradiction* otherwise. `confidence` (0–1) is how sure the
    rules are that the values are for one thing (wirebrief.facts.disagree.confidence)."""

    what: str  # "death toll", "container ships", "strike began"
    kind: str  # "contradiction" or "revision"
    values: list[FigureValue]
    confidence: float = 1.0

    @property
    def confident(self) -> bool:
        """Whether a reader is shown it (text, Markdown, the page); JSON carries every disagreement."""
        return self.confidence >= SHOW_CONFIDENCE

    def to_dict(self) -> dict:
        return {"what": self.what, "kind": self.kind, "confidence": self.confidence, "confident": self.confident,
                "values": [v.to_dict() for v in self.values]}


@dataclass
class Brief:
    """The result: brief sentences with their sources, the articles they index into, and what was skipped."""

    sentences: list[BriefSentence]
    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def words(self) -> int:
        """Words in the brief (whitespace-separated, as the budget counts them)."""
        return sum(len(s.text.split()) for s in self.sentences)

    @property
    def text(self) -> str:
        """The brief as one paragraph."""
        return " ".join(s.text for s in self.sentences)

    def render(self, fmt: str = "text") -> str:
        """The brief as "text" (numbered sources), "markdown" or "json" (the schema in the README)."""
        # the one import from the shared types up into a stage: the library's `brief(...).render()`; lazy, so that
        # the types load without the renderers, and compose/render.py imports the types for annotations only
        from .compose.render import render

        return render(self, fmt)

    @property
    def empty_reason(self) -> str | None:
        """Why the brief is empty (no sentence fit for a brief, or none fits the budget), or None when it is not."""
        if self.sentences:
            return None
        return next((w.reason for w in self.warnings if w.path in (EMPTY_BY_RULES, NOTHING_FITS)), "nothing to brief")

    def to_dict(self) -> dict:
        """The JSON output as Python values (schema in the README); json.dumps takes it as it is."""
        return {
            "sentences": [s.to_dict() for s in self.sentences],
            "words": self.words,
            "articles": [a.to_dict() for a in self.articles],
            "disagreements": [d.to_dict() for d in self.disagreements],
            "skipped": [s.to_dict() for s in self.skipped],
            "warnings": [s.to_dict() for s in self.warnings],
        }
