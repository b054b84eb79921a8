"""Typed request and response bodies of the HTTP API (they are also its OpenAPI schema)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..errors import UsageError
from ..methods import DEFAULT_METHOD, METHODS
from ..settings import BUDGETS
from ..settings import Budget as LibraryBudget

MAX_ARTICLES = 200
MAX_BODY_BYTES = 5_000_000
MAX_WORDS = 2_000
MAX_URLS = 20  # pages fetched for one request
MAX_URL_CHARS = 2_048

# a URL to fetch: http(s) only; where it may point (no private or loopback hosts) is checked when it is fetched
# (no spaces or control characters, spelled out as NOT_BLANK is)
UrlStr = Annotated[str, StringConstraints(min_length=1, max_length=MAX_URL_CHARS,
                                          pattern="^[hH][tT][tT][pP][sS]?://[^\\x00-\\x20\\x7f-\\xa0\\u1680\\u2000-\\u200a"
                                                  "\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+$")]
URLS_FIELD = Field(
    [], max_length=MAX_URLS,
    description=f"http(s) URLs of article pages (at most {MAX_URLS}), fetched and extracted by the server; a URL "
    "that cannot be fetched is listed in `skipped` with the reason.",
)  # fmt: skip
# one article's text or HTML can be as long as the whole body allows
MAX_TEXT_CHARS = MAX_BODY_BYTES
# a value that is not only white space (JSON Schema patterns search, they need not match the whole string). The class
# is spelled out: JSON Schema's regex dialect (ECMA-262), pydantic's (Rust) and Python's disagree on what \s is
NOT_BLANK = "[^\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
# what `published` may look like: ISO 8601 (a date, or a date and time with an optional offset) or RFC 2822 as in
# RSS feeds. A value of this shape that is still not a usable date (month 13, or a time that leaves years 1-9999
# once converted to UTC) is dropped with a warning in the response, the article is briefed.
PUBLISHED_PATTERN = (
    r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
    r"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?[0-9]{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} "
    r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})? (?:GMT|UTC|UT|[+-][0-9]{4}))$"
)
# ([0-9], not \d: \d also matches other scripts' digits in Python and Rust, not in JSON Schema's dialect)
# `since` on GET /v1/stories: a relative age, or an RFC 3339 date or date-time (naive ISO times are read as UTC)
SINCE_AGO_PATTERN = r"^[0-9]{1,9}(?:\.[0-9]{1,6})?[smhdw]$"
SINCE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": SINCE_AGO_PATTERN, "description": "an age: 90m, 24h, 7d, 2w (s, m, h, d, w)"},
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
    ],
    "examples": ["24h", "2026-11-22", "2026-11-22T06:00:00Z"],
}
UNTIL_SCHEMA = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
    "examples": ["2026-11-22", "2026-11-22T18:00:00Z"],
}
# a stories page's `next`: "<last_ts>_<last_seq>" (wirebrief.stories.service.parse_cursor reads it)
CURSOR_PATTERN = r"^-?[0-9]{1,20}(\.[0-9]{1,20})?(e[-+]?[0-9]{1,3})?_[0-9]{1,18}$"


class ArticleIn(BaseModel):
    """One report: exactly one of `text` (plain text) or `html` (a whole page; the article is extracted from it)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        # inside allOf, so that client generators still see an object with typed properties
        "allOf": [{"oneOf": [{"required": ["text"]}, {"required": ["html"]}]}],
        "examples": [
            {"text": "The council closed the harbour bridge on Monday after engineers found cracks.",
             "outlet": "Harbour Times", "title": "Harbour bridge closed", "url": "https://example.org/a",
             "published": "2024-05-06T09:00:00Z"}]})

    # a field left out is None; JSON null is refused, as the schema says (no field is nullable)
    text: str = Field(None, min_length=1, max_length=MAX_TEXT_CHARS, pattern=NOT_BLANK,
                      description="The article as plain text.")
    html: str = Field(None, min_length=1, max_length=MAX_TEXT_CHARS, pattern=NOT_BLANK,
                      description="A whole HTML page; its main text is extracted.")
    title: str = Field(None, max_length=1_000)
    outlet: str = Field(None, max_length=200, description="Who published it; default: the page's site name, a credit line "
                        "at the end of the text (\"— Reuters\"), the URL's host, or else the id.")
    url: str = Field(None, max_length=2_000)
    published: str = Field(None, max_length=64, pattern=PUBLISHED_PATTERN,
                           description="ISO 8601 (2026-03-14, 2026-03-14T09:00:00+01:00) or RFC 2822 date.")
    id: str = Field(None, max_length=200, description="Your id for the article; made unique if repeated.")

    @model_validator(mode="after")
    def _has_text(self) -> "ArticleIn":
        if self.text is None and self.html is None:
            raise ValueError('an article needs a "text" or an "html" field')
        if self.text is not None and self.html is not None:
            raise ValueError('give an article\'s "text" or its "html", not both')
        body = self.text if self.text is not None else self.html
        if not body.strip():
            raise ValueError("the article's " + ("text" if self.text is not None else "html") + " is empty")
        return self

    def record(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)

    def size(self) -> int:
        return len(self.text or self.html or "")


# A bare string is text as a person would paste it: a short first line is taken as its headline.
PastedText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS, pattern=NOT_BLANK)]
ArticleItem = Union[ArticleIn, PastedText]


def no_empty_texts(articles: list[ArticleItem]) -> None:
    """Refuse a pasted text of nothing but whitespace, naming it by its place in the list."""
    for number, item in enumerate(articles, start=1):
        if isinstance(item, str) and not item.strip():
            raise ValueError(f"article {number} is an empty text")


def text_size(articles: list[ArticleItem]) -> int:
    """Characters of article text or HTML: what a brief's or a check's cost grows with."""
    return sum(len(item) if isinstance(item, str) else item.size() for item in articles)
class Budget(BaseModel):
    words: int = Field(None, gt=0, le=MAX_WORDS, description="Length in words (default 150).")
    sentences: int = Field(None, gt=0, le=200, description="Length in sentences.")
    chars: int = Field(None, gt=0, le=MAX_WORDS * 8, description="Length in characters.")

    @model_validator(mode="after")
    def _one_budget(self) -> "Budget":
        given = {name: getattr(self, name) for name in BUDGETS if getattr(self, name) is not None}
        if given:  # none: the default budget; the one check of a budget is the library's
            try:
                LibraryBudget(**given)
            except UsageError as error:
                raise ValueError(str(error)) from None
        return self


# at most one of the budgets: exactly one of these four holds
ONE_BUDGET = [{"required": [name]} for name in BUDGETS] + [{"not": {"anyOf": [{"required": [n]} for n in BUDGETS]}}]


# articles, urls or both, not neither
SOME_ARTICLES = [{"required": [name], "properties": {name: {"minItems": 1}}} for name in ("articles", "urls")]
NOTHING_GIVEN = "articles and urls are empty: give at least one article or URL"


def _method_names() -> list[str]:
    return sorted(METHODS)


class BriefRequest(Budget):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "allOf": [{"oneOf": ONE_BUDGET}, {"anyOf": SOME_ARTICLES}],
        "examples": [
            {"articles": [
                {"text": "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two "
                         "support beams. Ferries will run every twenty minutes until repairs end in June.",
                 "outlet": "Ellery Post"},
                {"text": "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two "
                         "support beams. The council has set aside four million crowns for the work.",
                 "outlet": "Harbour Gazette"}],
             "words": 40}]})

    articles: list[ArticleItem] = Field(
        [], max_length=MAX_ARTICLES,
        description=f"The reports of one story (at most {MAX_ARTICLES}); records or pasted texts."
    )
    urls: list[UrlStr] = URLS_FIELD
    method: str = Field(DEFAULT_METHOD, description="Selection method (see the README).",
                        json_schema_extra={"enum": _method_names()})

    @model_validator(mode="after")
    def _some_articles(self) -> "BriefRequest":
        if self.method not in _method_names():
            raise ValueError(f"unknown method {self.method!r} (known: {', '.join(_method_names())})")
        if not self.articles and not self.urls:
            raise ValueError(NOTHING_GIVEN)
        no_empty_texts(self.articles)
        return self

    def size(self) -> int:
        return text_size(self.articles)


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"allOf": [{"anyOf": SOME_ARTICLES}]})

    articles: list[ArticleIn] = Field([], max_length=MAX_ARTICLES, description=f"Articles to store (at most {MAX_ARTICLES}).")
    urls: list[UrlStr] = URLS_FIELD

    @model_validator(mode="after")
    def _some_articles(self) -> "IngestRequest":
        if not self.articles and not self.urls:
            raise ValueError(NOTHING_GIVEN)
        return self


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"url": "https://example.org/rss.xml"}]})

    url: UrlStr = Field(..., description="An RSS or Atom feed's http(s) URL; it is polled at once, then by "
                        "`wirebrief watch`.")


class FeedOut(BaseModel):
    url: str = Field(..., description="The feed's URL, normalised (tracking parameters removed).")
    title: str | None
    state: str = Field(..., description="new (not polled yet), ok, failing (backing off) or dead.")
    last_fetch: str | None
    last_ok: str | None
    status: str | None = Field(..., description="What the last poll found, or why it failed.")
    items: int = Field(..., description="Pages stored from this feed.")
    failures: int = Field(..., description="Consecutive failed polls.")
    next_due: str | None


class FeedListOut(BaseModel):
    feeds: list[FeedOut]


class SourceOut(BaseModel):
    article: str = Field(..., description="Id of the article in `articles`.")
    outlet: str
    start: int = Field(..., description="articles[i].text[start:end] is the supporting sentence.")
    end: int
    spans: list[list[int]] | None = Field(
        None, description="The [start, end) spans of articles[i].text the sentence keeps, in order: one when it is the "
        "whole sentence, more when page text glued into it was cut out (the sentence text is them joined by spaces).",
    )


class DateOut(BaseModel):
    text: str = Field(..., description="The date expression as written, e.g. 'on Thursday'.")
    date: str = Field(..., description="ISO 8601 at the text's precision: 2016-12-15, 2016-W49, 2016-12 or 2016.")
    article: str = Field(..., description="The article it was read in (resolved against its publication date).")
    start: int = Field(..., description="articles[i].text[start:end] is the expression.")
    end: int


class SentenceOut(BaseModel):
    text: str
    sources: list[SourceOut]
    dates: list[DateOut] = []


class FigureValueOut(BaseModel):
    value: int | float | str = Field(..., description="The number (or ISO date) this group of sources gives.")
    text: str = Field(..., description="The phrase as the first source words it.")
    date: str | None = Field(None, description="The earliest day this value was reported for.")
    sources: list[SourceOut]


class DisagreementOut(BaseModel):
    what: str = Field(..., description="What the figures count: 'death toll', 'container ships', 'strike began'.")
    kind: str = Field(..., description="'revision' when dates order the values, else 'contradiction'.")
    confidence: float = Field(..., ge=0, le=1, description="How sure the rules are that the values are for one thing.")
    confident: bool = Field(..., description="Whether text, Markdown and the page show it (confidence >= 0.5).")
    values: list[FigureValueOut]


class ArticleOut(BaseModel):
    id: str
    outlet: str
    outlet_from: str | None = Field(
        None,
        description='How the outlet was found: "given", "site name", "credit line", "dateline", "url", or "input name" when '
        "nothing in the article names it and its id stands in.",
    )
    title: str | None
    published: str | None
    url: str | None
    text: str = Field(..., description="The cleaned text that source spans index into.")


class SkippedOut(BaseModel):
    path: str
    reason: str


class BriefOut(BaseModel):
    """Exactly the JSON of `wirebrief brief --format json`."""

    sentences: list[SentenceOut]
    words: int
    articles: list[ArticleOut]
    disagreements: list[DisagreementOut] = []
    skipped: list[SkippedOut]
    warnings: list[SkippedOut]


class ErrorOut(BaseModel):
    error: str = Field(..., description="What went wrong, in one line.")
    detail: list[dict[str, Any]] | None = Field(None, description="Per-field validation errors, when any.")


class IngestOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    added: list[str] = Field(..., description="Ids of new articles, stored as reports.")
    duplicates: list[str] = Field(..., description="Ids of new articles stored as copies of a stored one.")
    existing: list[str] = Field([], description="Ids already stored with the same text: nothing done.")
    stories_touched: list[str] = Field(..., description="Ids of the stories these articles joined or started.")
    skipped: list[SkippedOut]
    warnings: list[SkippedOut] = []
    briefs_refreshed: int = 0


class EventOut(BaseModel):
    """One development of a storyline: the reports of it."""

    model_config = ConfigDict(extra="allow")

    id: str
    headline: str = Field(..., description="Its most central report title (or, with none, its brief's first sentence).")
    articles: list[str] = Field(..., description="Ids of its reports, copies included.")
    outlets: list[str] = Field(..., description="The outlets named by its reports (an input's name is not one).")
    first_seen: str | None
    last_seen: str | None


class StoryOut(BaseModel):
    """A storyline: events about one subject over time."""

    model_config = ConfigDict(extra="allow")

    id: str
    headline: str
    articles: list[str] = Field(..., description="Ids of the storyline's articles, every event's.")
    outlets: list[str]
    first_seen: str | None
    last_seen: str | None
    brief: str = Field(..., description="The storyline's current brief (its newest event's) as one text.")
    sentences: list[dict[str, Any]] = Field(..., description="The brief's sentences with their sources.")
    size: int | None = None
    events: list[EventOut] = Field([], description="Its events, newest first.")


class StoryDetailOut(StoryOut):
    articles_detail: list[dict[str, Any]] = Field(
        [], description="The stored articles: id, outlet, title, published, url, text, duplicate_of."
    )


class TimelineEventOut(SentenceOut):
    date: str = Field(..., description="When it happened: ISO 8601 at the text's precision (2016-12-15, 2016-W49, 2016-12, 2016).")


class TimelineOut(BaseModel):
    id: str
    headline: str | None
    storyline: list[dict[str, Any]] = Field([], description="The storyline's events, oldest first: id, headline, "
                                            "first_seen, last_seen, outlets, articles.")
    events: list[TimelineEventOut] = Field(..., description="Dated in the reports, oldest first: one row per date.")
    articles: list[dict[str, Any]] = Field(..., description="The story's reports: id, outlet, title, published, url.")


class StoryListOut(BaseModel):
    stories: list[StoryOut]
    next: str | None = Field(None, description="`cursor` for the following page; null on the last page (or "
                             "without `limit`).")


class MethodOut(BaseModel):
    name: str
    summary: str = Field(..., description="What the method does, in one line.")


class MethodListOut(BaseModel):
    methods: list[MethodOut]
    default: str


class HealthOut(BaseModel):
    status: str
    version: str
    stories: bool = Field(..., description="Whether the stories store is available: false while the last attempt to "
                          "open it failed (the stories endpoints then answer 503 with the reason).")


MAX_SUMMARY_CHARS = 100_000


class VerifyRequest(BaseModel):
    """A summary to check, and the reports it claims to summarise."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"summary": "The council closed the harbour bridge on Monday.",
         "articles": [{"text": "The council closed the harbour bridge on Monday after engineers found cracks.",
                       "outlet": "Harbour Times"}]}]})

    summary: str = Field(..., min_length=1, max_length=MAX_SUMMARY_CHARS, pattern=NOT_BLANK,
                         description=f"The summary, as plain text (at most {MAX_SUMMARY_CHARS:,} characters).")
    articles: list[ArticleItem] = Field(
        ..., min_length=1, max_length=MAX_ARTICLES,
        description=f"Its sources (at most {MAX_ARTICLES}); records or pasted texts."
    )

    @model_validator(mode="after")
    def _something_to_check(self) -> "VerifyRequest":
        if not self.summary.strip():
            raise ValueError("summary is empty")
        if not self.articles:
            raise ValueError("articles is empty: give at least one article")
        no_empty_texts(self.articles)
        return self

    def size(self) -> int:
        return text_size(self.articles)


class EvidenceOut(SourceOut):
    score: float = Field(..., ge=0, le=1, description="Share of the sentence's content words this span carries.")


class UnsupportedOut(BaseModel):
    text: str = Field(..., description="The part of the summary sentence that the cited spans do not carry.")
    kind: Literal["number", "date", "name", "negation", "other"]


class CheckedSentenceOut(BaseModel):
    text: str
    verdict: Literal["supported", "partly", "unsupported"]
    sources: list[EvidenceOut]
    unsupported: list[UnsupportedOut]


class VerifyOut(BaseModel):
    """Exactly the JSON of `wirebrief verify --format json`."""

    sentences: list[CheckedSentenceOut]
    articles: list[ArticleOut]
    skipped: list[SkippedOut]
    warnings: list[SkippedOut]

