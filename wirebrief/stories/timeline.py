"""The timeline of a stored story: its articles prepared by the pipeline, their dated events (facts/timeline.py)."""

from __future__ import annotations

from ..facts.timeline import MAX_EVENTS, TimelineEvent, timeline_events
from ..pipeline import prepare
from ..settings import Settings
from ..text.outlet import INPUT_NAME
from ..types import Article

MAX_ARTICLES = 200  # the newest articles of a very large story; bounds the cost of one timeline


def build_timeline(articles: list[Article], settings: Settings | None = None, limit: int = MAX_EVENTS) -> list[TimelineEvent]:
    """The dated events of a story told by `articles` (cleaned), oldest first, at most `limit`."""
    settings = settings or Settings()
    if len(articles) > MAX_ARTICLES:
        articles = sorted(articles, key=lambda a: (a.published_at is not None, a.published_at or 0))[-MAX_ARTICLES:]
    return timeline_events(prepare(articles, settings), settings, limit)


def story_timeline(story: dict, settings: Settings | None = None) -> dict:
    """The timeline of a stored storyline (as `stories.get_story` gives it: copies of other articles are left
    out, as they add no report): {"id", "headline", "storyline": [its events, oldest first: {"id", "headline",
    "first_seen", "last_seen", "outlets", "articles"}], "events": [{"date", "text", "sources", "dates"}: what its
    reports date, one row a date], "articles": [{"id", "outlet" (None for an input's name), "title", "published",
    "url"}]}."""
    reports = [a for a in story.get("articles_detail", []) if not a.get("duplicate_of")]
    articles = [
        Article(id=a["id"], text=a["text"], outlet=a.get("outlet") or a["id"], title=a.get("title"),
                published=a.get("published"), url=a.get("url"))
        for a in reports
        if a.get("text")
    ]  # fmt: skip
    events = build_timeline(articles, settings)
    return {
        "id": story["id"],
        "headline": story.get("headline"),
        "storyline": [
            {k: e[k] for k in ("id", "headline", "first_seen", "last_seen", "outlets", "articles")}
            for e in reversed(story.get("events", []))
        ],
        "events": [event.to_dict() for event in events],
        "articles": [
            {**{k: a.get(k) for k in ("id", "title", "published", "url")}, "outlet": _named(a)} for a in reports
        ],
    }


def _named(article: dict) -> str | None:
    """The article's outlet, or None when its input's name stands in for one."""
    return None if article.get("outlet_from") == INPUT_NAME else article.get("outlet")
