"""A story's timeline: its dated events, each with every source that reports it, oldest first.

    from wirebrief.facts.timeline import build_timeline
    for event in build_timeline(articles):      # cleaned Articles with publication dates
        print(event.date, event.sentence.text, [s.outlet for s in event.sentence.sources])

An event is a sentence unit (wire copies of one sentence are one event, credited to every outlet that ran
it) whose sentence names a date that resolves against its article's publication date (wirebrief.text.dates):
"Dock workers voted on Tuesday to end the strike" in a report of Saturday 2026-03-14 is an event of
2026-03-10. Only sentences that read on their own are events. When a story has more dated sentences than
the limit, the most widely reported are kept. Ties on the date go to the earlier report, then to the
earlier position in it, so the same articles always give the same timeline.

`event_time_key` is the same idea for ordering a brief's sentences by when the things they report happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..compose.attribute import attribute
from ..settings import Settings
from ..text.dates import date_sentences, published_day, resolve_dates
from ..text.worthy import verdict
from ..types import Article, BriefSentence, Cluster, Unit

MAX_EVENTS = 40
MAX_ARTICLES = 200  # the newest articles of a very large story; bounds the cost of one timeline


@dataclass
class TimelineEvent:
    date: str  # ISO 8601 at the text's precision (2016-12-15, 2016-W49, 2016-12, 2016)
    sentence: BriefSentence  # the event as reported, with every source and the dates it names

    def to_dict(self) -> dict:
        return {"date": self.date, **self.sentence.to_dict()}


def unit_event_date(unit: Unit, cluster: Cluster) -> tuple[date, str] | None:
    """(first day, ISO date) of the first date the unit's representative sentence names, or None."""
    sentence = unit.sentences[0]
    found = resolve_dates(sentence.text, published_day(cluster.articles[sentence.article]), limit=1)
    return (found[0].first_day(), found[0].date) if found else None


def event_time_key(unit: Unit, cluster: Cluster) -> tuple:
    """A sort key that puts units in the order of the events they report; units with no date sort last
    (stable sorting keeps their given order). For ordering a developing story's brief by event time."""
    when = unit_event_date(unit, cluster)
    return (when is None, when[0] if when else date.min)


def build_timeline(articles: list[Article], settings: Settings | None = None, limit: int = MAX_EVENTS) -> list[TimelineEvent]:
    """The dated events of a story told by `articles` (cleaned), oldest first, at most `limit`."""
    from ..pipeline import prepare  # the pipeline imports this package's neighbours; import late

    settings = settings or Settings()
    if len(articles) > MAX_ARTICLES:
        articles = sorted(articles, key=lambda a: (a.published_at is not None, a.published_at or 0))[-MAX_ARTICLES:]
    cluster = prepare(articles, settings)
    dated: list[tuple[int, date, str]] = []
    for index, unit in enumerate(cluster.units):
        if verdict(unit.text, settings) is not None:  # the same brief-worthy rule as the brief's
            continue
        when = unit_event_date(unit, cluster)
        if when:
            dated.append((index, *when))
    # keep the most widely reported, then order by date, then by the earliest report and its position
    dated.sort(key=lambda item: (-cluster.units[item[0]].support, item[0]))
    kept = dated[:limit]
    kept.sort(key=lambda item: (item[1], _first_report(cluster.units[item[0]], cluster), item[0]))
    sentences = date_sentences(attribute([index for index, _, _ in kept], cluster), cluster.articles)
    return [TimelineEvent(iso, sentence) for (_, _, iso), sentence in zip(kept, sentences)]


def _first_report(unit: Unit, cluster: Cluster) -> tuple:
    times = [cluster.articles[s.article].published_at for s in unit.sentences]
    known = [t for t in times if t is not None]
    return (not known, min(known).isoformat() if known else "", unit.first_position)


def story_timeline(story: dict, settings: Settings | None = None) -> dict:
    """The timeline of a stored story (as `stories.get_story` gives it: copies of other articles are left
    out, as they add no report): {"id", "headline", "events": [{"date", "text", "sources", "dates"}],
    "articles": [{"id", "outlet", "title", "published", "url"}]}."""
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
        "events": [event.to_dict() for event in events],
        "articles": [{k: a.get(k) for k in ("id", "outlet", "title", "published", "url")} for a in reports],
    }


def render_timeline(timeline: dict) -> str:
    """A story timeline (from `story_timeline`) as text: one event a line, date first, sources numbered."""
    numbers = {a["id"]: n for n, a in enumerate(timeline["articles"], start=1)}
    lines = [timeline.get("headline") or timeline["id"], timeline["id"], ""]
    if not timeline["events"]:
        lines.append("no dated events")
    for event in timeline["events"]:
        marks = "".join(f"[{n}]" for n in sorted({numbers[s["article"]] for s in event["sources"] if s["article"] in numbers}))
        lines.append(f"{event['date']:<10}  {event['text']} {marks}")
    cited = {s["article"] for event in timeline["events"] for s in event["sources"]}
    lines += ["", "Sources:"]
    for article in timeline["articles"]:
        if article["id"] in cited:
            parts = [f"[{numbers[article['id']]}] {article['outlet'] or article['id']}"]
            parts += [f"“{article['title']}”"] if article.get("title") else []
            parts += [article["published"]] if article.get("published") else []
            lines.append(" — ".join(parts))
    return "\n".join(lines) + "\n"
