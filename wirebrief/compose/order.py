"""Order the chosen units as a reader expects: the latest development first, then background.

When the reports of a story differ in time, the brief leads with the newest development. `latest_lead` finds the
report that carries it and that report's lead sentence:

  dated      publication dates say which report is newest (`Article.published`)
  undated    the wording does: a preview ("will meet", "ahead of", "is expected to") comes before the outcome it
             announces ("agreed", "signed", "after the talks"), so an outcome report is newer than every preview,
             unless a date says otherwise (an outcome dated before a preview reports an earlier event)

With no such difference (every report equally dated, or none telling preview from outcome) there is no lead to
impose, and the most preferred of the earliest-positioned chosen units leads, as news puts the facts first.
After the lead, units follow by publication time and source position; in a story reported over several days,
by the day of the event they report where a sentence names one (wirebrief.facts.timeline), else the day reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timezone

import numpy as np

from ..text.dates import unit_event_date
from ..types import Cluster, Unit

# how far into a report its development is told: the lead sentences
STAGE_SENTENCES = 3
# the newest report's lead leads only when at most this share of brief-worthy units is more central than it
LEAD_MIN_CENTRALITY = 0.2
PREVIEW_MARKERS = re.compile(
    r"\b(?:will|is\s+to|are\s+to|(?:is|are)\s+due\s+to|(?:is|are)\s+expected\s+to|(?:is|are)\s+set\s+to"
    r"|(?:is|are)\s+scheduled|plans?\s+to|ahead\s+of|heads?\s+to|upcoming|tomorrow|next\s+week|hopes?\s+to"
    r"|seeking|likely\s+to|in\s+the\s+run-up\s+to|prepar(?:es|ing)\s+(?:for|to))\b",
    re.IGNORECASE,
)
OUTCOME_MARKERS = re.compile(
    r"\b(?:agreed|signed|reached|struck|approved|passed|voted|rejected|concluded|announced|decided|ended|won"
    r"|after\s+(?:the|a|their|two|three|four)\s+(?:\w+\s+)?(?:meeting|talks|summit|vote|hearing|session|visit)"
    r"|following\s+(?:the|their)\s+(?:\w+\s+)?(?:meeting|talks|summit|vote))\b",
    re.IGNORECASE,
)


def stage(texts: list[str]) -> int:
    """+1 for a report of an outcome, -1 for a preview, 0 when its lead sentences do not tell."""
    lead = " ".join(texts[:STAGE_SENTENCES])
    score = len(OUTCOME_MARKERS.findall(lead)) - len(PREVIEW_MARKERS.findall(lead))
    return (score > 0) - (score < 0)


def article_stages(cluster: Cluster) -> dict[int, int]:
    """`stage` of every article that has sentences, by article index."""
    texts: dict[int, list[str]] = {}
    for sentence in cluster.sentences:
        texts.setdefault(sentence.article, []).append(sentence.text)
    return {i: stage(lines) for i, lines in texts.items()}


def latest_article(cluster: Cluster) -> int | None:
    """The index of the report with the newest development, or None when the reports do not differ in time."""
    stages = article_stages(cluster)
    published = {i: a.published_at for i, a in enumerate(cluster.articles) if i in stages}
    previews = [published[i] for i in stages if stages[i] < 0 and published[i] is not None]
    outcomes = [i for i in stages if stages[i] > 0 and not (previews and published[i] and published[i] < max(previews))]
    if outcomes and any(s < 0 for s in stages.values()):
        # the newest outcome; an undated one is taken as no older than the dated ones
        return max(outcomes, key=lambda i: (published[i] is None, published[i] or _EPOCH, -i))
    dated = [i for i in stages if published[i] is not None]
    if len(dated) == len(stages) and len({published[i] for i in dated}) > 1:
        return max(dated, key=lambda i: (published[i], -i))
    return None


def latest_lead(cluster: Cluster, eligible: np.ndarray, centrality: Callable[[], np.ndarray]) -> int | None:
    """The unit that should lead: the first brief-worthy sentence among the lead sentences of the newest report,
    when it is about the story's core (among the LEAD_MIN_CENTRALITY most central brief-worthy units) rather than
    a side story told last (a feature on one survivor, the text of a law). `centrality` is only called when the
    reports differ in time."""
    article = latest_article(cluster)
    if article is None:
        return None
    candidates = [
        (min(s.position for s in unit.sentences if s.article == article), index)
        for index, unit in enumerate(cluster.units)
        if eligible[index] and any(s.article == article and s.position < STAGE_SENTENCES for s in unit.sentences)
    ]
    if not candidates:
        return None
    lead = min(candidates)[1]
    central = centrality()
    share_above = float((central[eligible] > central[lead]).mean())
    return lead if share_above <= LEAD_MIN_CENTRALITY else None


_EPOCH = datetime.min.replace(tzinfo=timezone.utc)


def _when(unit: Unit, cluster: Cluster) -> tuple:
    """Earliest (publication time, position, article) among the unit's sources; unknown dates go last."""
    keys = []
    for sentence in unit.sentences:
        published = cluster.articles[sentence.article].published_at
        keys.append((published is None, published or _EPOCH, sentence.position, sentence.article))
    return min(keys)


def order_units(
    chosen: list[int], cluster: Cluster, lead: int | None = None, background: np.ndarray | None = None
) -> list[int]:
    """`chosen` is in order of preference. `lead` (the latest development, see `latest_lead`) leads when it is
    chosen; otherwise the most preferred of the earliest-positioned units does. `background` marks units that
    only reports older than the newest carry (wirebrief.facts.supersede.background): they follow the news, the most
    recent first, so a month-old meeting is told after this week's summit, not as its sequel."""
    if not chosen:
        return []
    units = cluster.units
    if lead not in chosen:
        lead = min(chosen, key=lambda i: (units[i].first_position, chosen.index(i)))
    rest = sorted((i for i in chosen if i != lead), key=lambda i: _when(units[i], cluster))
    if _developing(cluster):
        # a story told over several days: what happened earlier comes first, by the day a sentence names
        # ("voted on Tuesday") or else the day it was reported; the sort is stable, so ties keep the order above
        rest.sort(key=lambda i: _event_day(units[i], cluster))
    if background is not None:
        rest.sort(key=lambda i: (bool(background[i]), _recency(units[i], cluster) if background[i] else (False, 0.0)))
    return [lead, *rest]


def _recency(unit: Unit, cluster: Cluster) -> tuple[bool, float]:
    """A sort key, newest first, of the newest report carrying the unit; an undated one counts as newest."""
    keys = []
    for sentence in unit.sentences:
        published = cluster.articles[sentence.article].published_at
        keys.append((published is not None, -published.timestamp() if published else 0.0))
    return min(keys)


def _developing(cluster: Cluster) -> bool:
    """Whether the reports were published on more than one day."""
    return len({a.published_at.date() for a in cluster.articles if a.published_at is not None}) > 1


def _event_day(unit: Unit, cluster: Cluster) -> tuple:
    """The day a unit's event happened (the first date it names), else the day it was first reported; unknown last."""
    found = unit_event_date(unit, cluster)
    if found is None:
        published = _when(unit, cluster)
        return (published[0], published[1].date() if not published[0] else date.min)
    return (False, found[0])
