"""Expectations overtaken by events: once the brief leads with the newest development, what older reports only
expected of it gives way.

A preview tells what is to happen ("Abe and Putin will meet on Thursday", "There are hopes of a breakthrough");
once a later report tells what did happen ("Japan and Russia agreed at the summit on Thursday ..."), the preview's
expectation is stale: a reader who sends the brief on would pass on an outdated future as news, next to the
outcome that settles it. So when the brief leads with the newest report's lead (order.latest_lead), a unit is
superseded, and no method may choose it, when

  - every article that carries it is older than that report: dated earlier, or, where dates do not tell (one or
    both undated, or the same time), a preview (order.stage) where the newest report tells an outcome, or dated
    no later than such a preview;
  - and its own wording looks ahead to an event: more preview markers (order.PREVIEW_MARKERS, and talk of hopes
    and expectations) than outcome markers (order.OUTCOME_MARKERS), where a bare future ("will", "plans to") counts
    only beside a near time ("on Thursday", "tomorrow"; wirebrief.text.dates): "The merged company will be owned 50-50"
    states what the deal is, "The board will meet on Friday to vote" expects an event.

What an older report says of the background ("The islands were seized by Soviet troops in 1945") stays, and so does
anything the newest report, or any report no older than it, also carries: an expectation an up-to-date report
repeats ("They will meet again in Tokyo on Friday") is still current.
"""

from __future__ import annotations

import re

import numpy as np

from ..compose.order import OUTCOME_MARKERS, PREVIEW_MARKERS, article_stages, latest_article
from ..text.dates import near_times
from ..types import Cluster, Disagreement

# talk of hopes and expectations, a journey told in the present with its purpose still ahead, and a meeting told in
# the present with its weekday (the schedule of headline English), beside the future tense order.PREVIEW_MARKERS
# finds: "there are hopes of a breakthrough", "both sides dampened expectations", "in the hope of breaking the ice",
# "is widely expected to", "his intention to hold talks", "their scheduled meeting", "arrives in Japan to discuss",
# "Abe and Putin meet at a hot spring resort on Thursday"
EXPECTATION_MARKERS = re.compile(
    r"\b(?:hopes?\s+(?:of|for|that)|in\s+(?:the\s+)?hopes?\b|expectations?|expected\s+to|anticipat(?:ed|es?|ing)"
    r"|(?:desire|wish|bid|aim|intention)s?\s+to|intends?\s+to|scheduled"
    r"|(?:arrives?|travels?|flies|visits?|goes|comes)\b[^.;]{0,40}?\bto\s+(?:discuss|meet|hold|attend|sign|seek|hammer)"
    r"|(?:meets?|holds?|opens?|begins?|starts?|gathers?|convenes?|votes?)\b[^.;]{0,50}?"
    r"\bon\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.IGNORECASE,
)


# future wording that alone tells no coming event: "Dupont's chief will lead the new company", "Investors will get
# one share", "protesting against plans to drill", "a few minutes before its scheduled landing time"
_OPEN_FUTURE = ("will", "plans to", "plan to", "scheduled")
# a time that dates the reporting, not the event: "the campaign said Tuesday that he will be on the ballot"
_REPORTED_AT = re.compile(
    r"\b(?:said|says|told(?:\s+\w+)?|announced|reported|confirmed|added|wrote|tweeted)\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)


def looks_ahead(text: str) -> bool:
    """Whether a sentence is worded as the expectation of an event: more preview and expectation markers than
    outcome markers, and beside a bare future ("will", "plans to", "scheduled") a word of expectation ("hopes of",
    "is due to", "likely to") or a near time ("on Thursday", "tomorrow") other than the time of the reporting ("said
    Tuesday"). "seeking" marks a preview report's lead (order.stage) but not a sentence, where it is as often a
    description ("rebels who are seeking the release of ...")."""
    markers = [
        " ".join(match.group().lower().split())
        for pattern in (PREVIEW_MARKERS, EXPECTATION_MARKERS)
        for match in pattern.finditer(text)
        if match.group().lower() != "seeking"
    ]
    if len(markers) <= len(OUTCOME_MARKERS.findall(text)):
        return False
    if any(marker not in _OPEN_FUTURE for marker in markers):
        return True
    return any(not _REPORTED_AT.search(text, 0, start) for start, _ in near_times(text))


def older_articles(cluster: Cluster, newest: int) -> set[int]:
    """The articles older than article `newest`: dated earlier, or, where dates do not tell, a preview where it
    reports an outcome. An undated outcome is newer than every preview (order.latest_article), so it is also newer
    than whatever is dated no later than a dated preview."""
    stages = article_stages(cluster)
    published = {index: cluster.articles[index].published_at for index in stages}
    when = published.get(newest)
    outcome = stages.get(newest, 0) > 0
    preview_dates = [published[i] for i in stages if stages[i] < 0 and published[i] is not None]
    horizon = max(preview_dates) if outcome and when is None and preview_dates else None
    older = set()
    for index in stages:
        if index == newest:
            continue
        at = published[index]
        if at is not None and when is not None and at != when:
            if at < when:
                older.add(index)
        elif (outcome and stages[index] < 0) or (at is not None and horizon is not None and at <= horizon):
            older.add(index)
    return older


def background(cluster: Cluster) -> np.ndarray:
    """A mask over the cluster's units: True for a unit that only reports older than the newest carry (see
    older_articles); all False when the reports do not differ in time (order.latest_article)."""
    mask = np.zeros(len(cluster.units), dtype=bool)
    newest = latest_article(cluster)
    older = older_articles(cluster, newest) if newest is not None else set()
    if older:
        for index, unit in enumerate(cluster.units):
            mask[index] = all(s.article in older for s in unit.sentences)
    return mask


def superseded(cluster: Cluster, lead: int | None, older: np.ndarray) -> np.ndarray:
    """A mask over the cluster's units: True for an expectation only older reports carry (`older`, from
    `background`), when `lead` (a unit of the newest report, or None for no lead) leads the brief."""
    mask = np.zeros(len(cluster.units), dtype=bool)
    if lead is None:
        return mask  # the brief does not lead with a newer development, so nothing is overtaken
    for index, unit in enumerate(cluster.units):
        if index != lead and older[index] and looks_ahead(unit.text):
            mask[index] = True
    return mask


def revised_figures(cluster: Cluster, disagreements: list[Disagreement]) -> np.ndarray:
    """A mask over the cluster's units: True for a unit that states a figure a newer report revises ("at least 25
    feared dead", when later reports put the toll at 15), unless it also gives the newest value (a sentence that
    reports the revision itself). Only confident revisions count (Disagreement.confident): a brief states the
    newest figure and the revision note says what it replaced."""
    mask = np.zeros(len(cluster.units), dtype=bool)
    stale: set[tuple[str, int, int]] = set()
    current: set[tuple[str, int, int]] = set()
    for disagreement in disagreements:
        if disagreement.kind != "revision" or not disagreement.confident:
            continue
        *older, newest = disagreement.values
        stale.update((s.article, s.start, s.end) for value in older for s in value.sources)
        current.update((s.article, s.start, s.end) for s in newest.sources)
    if not stale:
        return mask
    ids = [article.id for article in cluster.articles]

    def carries(sentence, spans) -> bool:
        return any(a == ids[sentence.article] and sentence.start <= s and e <= sentence.end for a, s, e in spans)

    for index, unit in enumerate(cluster.units):
        if any(carries(s, stale) for s in unit.sentences) and not any(carries(s, current) for s in unit.sentences):
            mask[index] = True
    return mask
