"""A story's timeline: its dated events, each with every source that reports it, oldest first.

    from wirebrief.stories.timeline import build_timeline
    for event in build_timeline(articles):      # cleaned Articles with publication dates
        print(event.date, event.sentence.text, [s.outlet for s in event.sentence.sources])

An event is a sentence unit (wire copies of one sentence are one event, credited to every outlet that ran
it) whose sentence names a date that resolves against its article's publication date (wirebrief.text.dates), one
per date (the most widely reported of those naming it: the reports restate one development many ways):
"Dock workers voted on Tuesday to end the strike" in a report of Saturday 2026-03-14 is an event of
2026-03-10. Only sentences that read on their own are events. When a story has more dated sentences than
the limit, the most widely reported are kept. Ties on the date go to the earlier report, then to the
earlier position in it, so the same articles always give the same timeline.

Here the events of a prepared cluster (`timeline_events`) and their text rendering; a story's articles are prepared
and bounded in wirebrief/stories/timeline.py. The brief orders a developing story by the same event dates
(text.dates.unit_event_date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..compose.attribute import attribute
from ..settings import Settings
from ..text.dates import date_sentences, unit_event_date
from ..text.worthy import verdict
from ..types import BriefSentence, Cluster, Unit

MAX_EVENTS = 40


@dataclass
class TimelineEvent:
    date: str  # ISO 8601 at the text's precision (2016-12-15, 2016-W49, 2016-12, 2016)
    sentence: BriefSentence  # the event as reported, with every source and the dates it names

    def to_dict(self) -> dict:
        return {"date": self.date, **self.sentence.to_dict()}


def timeline_events(cluster: Cluster, settings: Settings, limit: int = MAX_EVENTS) -> list[TimelineEvent]:
    """The dated events of a prepared cluster, oldest first, at most `limit`."""
    dated: list[tuple[int, date, str]] = []
    for index, unit in enumerate(cluster.units):
        if verdict(unit.text, settings) is not None:  # the same brief-worthy rule as the brief's
            continue
        when = unit_event_date(unit, cluster)
        if when:
            dated.append((index, *when))
    # one row per date (the reports restate an event many ways: "a car bomb exploded Friday", "Friday's bombing
    # killed..."): its most widely reported sentence; then the most widely reported dates, ordered by date, then
    # by the earliest report and its position
    dated.sort(key=lambda item: (-cluster.units[item[0]].support, item[0]))
    kept = list({iso: (index, day, iso) for index, day, iso in reversed(dated)}.values())
    kept.sort(key=lambda item: (-cluster.units[item[0]].support, item[0]))
    kept = kept[:limit]
    kept.sort(key=lambda item: (item[1], _first_report(cluster.units[item[0]], cluster), item[0]))
    sentences = date_sentences(attribute([index for index, _, _ in kept], cluster), cluster.articles)
    return [TimelineEvent(iso, sentence) for (_, _, iso), sentence in zip(kept, sentences)]


def _first_report(unit: Unit, cluster: Cluster) -> tuple:
    times = [cluster.articles[s.article].published_at for s in unit.sentences]
    known = [t for t in times if t is not None]
    return (not known, min(known).isoformat() if known else "", unit.first_position)


def render_timeline(timeline: dict) -> str:
    """A story timeline (from `stories.timeline.story_timeline`) as text: one event a line, date first, sources numbered."""
    numbers = {a["id"]: n for n, a in enumerate(timeline["articles"], start=1)}
    lines = [timeline.get("headline") or timeline["id"], timeline["id"], ""]
    if len(timeline.get("storyline", [])) > 1:
        lines.append("Events:")
        for event in timeline["storyline"]:
            outlets = ", ".join(event["outlets"]) or "no outlet named"
            lines.append(f"{(event['first_seen'] or '?')[:10]:<10}  {event['headline']} — {len(event['articles'])} "
                         f"report{'s' if len(event['articles']) != 1 else ''}, {outlets}")
        lines += ["", "Dated in the reports:"]
    if not timeline["events"]:
        lines.append("no dated events")
    for event in timeline["events"]:
        marks = "".join(f"[{n}]" for n in sorted({numbers[s["article"]] for s in event["sources"] if s["article"] in numbers}))
        lines.append(f"{event['date']:<10}  {event['text']} {marks}")
    cited = {s["article"] for event in timeline["events"] for s in event["sources"]}
    lines += ["", "Sources:"]
    for article in timeline["articles"]:
        if article["id"] in cited:
            parts = [f"[{numbers[article['id']]}] {article['outlet'] or article['id'] + ' (no outlet named)'}"]
            parts += [f"“{article['title']}”"] if article.get("title") else []
            parts += [article["published"]] if article.get("published") else []
            lines.append(" — ".join(parts))
    return "\n".join(lines) + "\n"
