"""Stories as the CLI and the API show them: typed, built once by `StoryService`, rendered by `wirebrief.compose.render`
(text for the terminal) or `to_dict` (the JSON of `wirebrief stories -f json` and of `GET /v1/stories`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone


def iso(ts: float | None) -> str | None:
    """Unix seconds as ISO 8601 UTC ('2026-11-22T10:00:00Z'), None for None."""
    if ts is None:
        return None
    try:
        value = datetime.fromtimestamp(ts, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class StoredArticle:
    id: str
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    text: str
    duplicate_of: str | None = None
    outlet_from: str | None = None  # "input name": `outlet` is the input's name standing in, not an outlet


@dataclass(frozen=True)
class Reported:
    """What events and storylines both show: id, headline (the most central title), the ids of every report
    (copies included), the outlets named by them (an input's name is none), and when they were reported."""

    id: str
    headline: str
    articles: list[str]
    outlets: list[str]
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True)
class Event(Reported):
    """One development of a storyline: its reports and its brief."""

    size: int
    brief: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Story(Reported):
    """One storyline: its events (newest first), all their articles, and the brief of its newest event.
    `first_seen`/`last_seen`: its publication range when any of its articles is dated (`dated`), else when its
    articles were ingested; `first_added`/`last_added`: always when they were ingested."""

    dated: bool
    first_added: str | None
    last_added: str | None
    brief: str
    sentences: list[dict]
    size: int
    duplicates: int
    brief_at: str | None
    articles_detail: list[StoredArticle] | None = field(default=None)  # only for one story asked for by id
    events: list[Event] = field(default_factory=list)  # a storyline's events, newest first

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.articles_detail is None:
            del data["articles_detail"]
        return data
