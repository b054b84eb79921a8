"""Disagreements across sources: different figures for the same thing, or two dates for one event.

    from wirebrief.facts.disagree import find_disagreements
    for d in find_disagreements(cluster):        # a Cluster from pipeline.prepare
        print(d.what, d.kind, [(v.value, v.text) for v in d.values])

A figure is a number with what it counts, found by a small set of rules over each sentence:
"as many as 25 dead", "the death toll was 15", "killed 12 students", "more than 40 container ships".
Counts of people killed, injured, arrested, missing, evacuated or rescued are keyed by the event ("death
toll"); other counts by the plural noun they count ("container ships"). These rules were measured against
quantulum3 as the number finder (benchmarks/facts.py, RESULTS.md): quantulum3 finds the numbers but not what
they count, costs seconds to import, and measured worse on the labelled dev cases.

Each figure is an interval: "15" is [15, 15], "more than 40" is [40, ∞) — a wire story's "more than 40 ships"
and another outlet's "40 ships" are the same rounded figure, not a disagreement — "as many as 25" is
[21.25, 25], "about 300" is ±15 %. Two sources disagree when their intervals for the same thing do not meet.

When the dates of the reports (a date in the sentence, else the publication day) tell the values apart,
the change is a *revision* (the sheriff's first estimate of 25 dead, revised the next day to 15); otherwise
it is a *contradiction*. Only disagreements between different articles are reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from ..text.dates import published_day, resolve_dates
from ..text.lexical import STOP_WORDS
from ..types import SHOW_CONFIDENCE, Cluster, Disagreement, FigureValue, Sentence, SourceSpan

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# qualifier → (low factor, high factor) of the interval around the number
QUALIFIERS = {
    "more than": (1.0, None), "over": (1.0, None), "at least": (1.0, None), "upwards of": (1.0, None),
    "in excess of": (1.0, None), "fewer than": (0.0, 1.0), "less than": (0.0, 1.0), "under": (0.0, 1.0),
    "at most": (0.0, 1.0), "no more than": (0.0, 1.0), "nearly": (0.85, 1.0), "almost": (0.85, 1.0),
    "close to": (0.85, 1.0), "as many as": (0.85, 1.0), "up to": (0.85, 1.0), "about": (0.85, 1.15),
    "around": (0.85, 1.15), "some": (0.85, 1.15), "roughly": (0.85, 1.15), "approximately": (0.85, 1.15),
    "an estimated": (0.85, 1.15), "estimated": (0.85, 1.15),
}  # fmt: skip
# what an event word counts, as shown to the reader
EVENTS = {
    "killed": "death toll", "dead": "death toll", "died": "death toll", "deaths": "death toll",
    "fatalities": "death toll", "killing": "death toll", "toll": "death toll",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "injuring": "injured", "wounding": "injured",
    "injuries": "injured", "arrested": "arrests", "detained": "arrests", "arrests": "arrests",
    "missing": "missing", "evacuated": "evacuated", "rescued": "rescued", "hospitalized": "in hospital",
    "hospitalised": "in hospital",
}  # fmt: skip
# plural nouns that count time, share or repetition: the same noun counts different things too often
NOT_A_THING = {
    "years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries", "times", "percent",
    "points", "degrees", "miles", "kilometers", "kilometres", "meters", "metres", "feet", "inches", "pounds",
    "dollars", "euros", "cents", "yards", "acres", "tons", "tonnes", "others", "ones", "things", "ways",
    "rounds", "votes", "pages", "words", "laps", "goals", "runs", "games", "seats", "cases", "counts", "charges",
}  # fmt: skip
PERSON_NOUNS = {"people", "persons", "men", "women", "children", "others", "civilians", "residents"}

_WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven"
    r"|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_NUMBER = (
    rf"(?P<number>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_WORD_NUMBER})"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion))?(?![-\w.,]\w)"
)
_QUALIFIER = r"(?:(?P<qualifier>" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)).replace(" ", r"\s+") + r")\s+)?"
_BE = (
    r"(?:(?:were|was|are|is|have\s+been|had\s+been|has\s+been|been)\s+)?"
    # "25 people were feared dead", "are believed killed", "were presumed dead", "reported missing"
    r"(?:(?:reported|confirmed|feared|believed|presumed|thought\s+to\s+(?:be|have\s+been))\s+)?"
)
_EVENT_AFTER = r"(?P<event>killed|dead|died|deaths|fatalities|injured|wounded|hurt|injuries|arrested|detained|arrests|missing|evacuated|rescued|hospitali[sz]ed)\b"
_RULES = [
    # "15 people were killed", "as many as 25 dead", "12 students killed", "40 arrests"
    ("after", re.compile(rf"\b{_QUALIFIER}{_NUMBER}\s+(?:(?P<noun>[a-z]+)\s+)?{_BE}{_EVENT_AFTER}", re.IGNORECASE)),
    # "killed 12 students", "injuring at least 30 people", "left 15 people dead"
    ("before", re.compile(
        rf"\b(?P<event>killed|killing|injured|injuring|wounded|wounding|arrested|detained)\s+{_QUALIFIER}{_NUMBER}"
        r"(?:\s+(?P<noun>[a-z]+))?", re.IGNORECASE)),
    ("left", re.compile(
        rf"\bleft\s+{_QUALIFIER}{_NUMBER}\s+(?:(?P<noun>[a-z]+)\s+)?(?P<event>dead|injured|wounded|missing)\b",
        re.IGNORECASE)),
    # "the death toll was 15", "death toll rose to at least 40"
    ("toll", re.compile(
        rf"\bdeath\s+(?P<event>toll)\s+(?:\w+\s+){{0,2}}?(?:at|of|to|was|is|stood\s+at|reached|hit)\s+{_QUALIFIER}{_NUMBER}",
        re.IGNORECASE)),
    # "more than 40 container ships": any other plural noun
    ("count", re.compile(
        rf"\b{_QUALIFIER}{_NUMBER}\s+(?:(?P<modifier>[a-z]+)\s+)?(?P<noun>[a-z]+s)\b(?!\s*(?:ago|old)\b)")),
]  # fmt: skip
# a value a sentence names as superseded by the figure beside it: "(15 dead,) lowering an earlier estimate of 25",
# "(the toll rose to 40,) up from 25", "revised from 30"
_EARLIER_VALUES = (
    re.compile(
        rf"\b(?:earlier|initial|previous|original|first|preliminary)\s+(?:estimate|toll|figure|count|tally|report)s?"
        rf"\s+of\s+{_QUALIFIER}{_NUMBER}", re.IGNORECASE),
    re.compile(rf"\b(?:up|down|revised|lowered|raised)\s+from\s+{_QUALIFIER}{_NUMBER}", re.IGNORECASE),
)  # fmt: skip
_DIGITS = re.compile(r"(?<![\d.,])\d")  # the first digit of a number
_WORD_START = re.compile(r"\b(?=\w)")
# number words; the look-ahead on their first letters lets most positions fail at once
_NUMBER_WORD = re.compile(
    r"\b(?=[eEfFnNoOsStTzZ])(?:" + "|".join(sorted({*UNITS, *TENS}, key=len, reverse=True)) + r")(?![^\W-])",
    re.IGNORECASE,
)
RULE_REACH_BEFORE = 90  # the longest lead-in a rule reads before its number ("death toll rose to as many as")
RULE_REACH_AFTER = 80  # and after it ("2,300 union members were killed")
RULE_WORDS_BEFORE = 9  # words of lead-in: "death toll rose to as many as" is the longest a rule reads
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)  # "April 20 massacre": a date, not a count
_EVENT_DATE = re.compile(
    r"\b(?P<noun>[a-z]+)\s+(?P<event>began|started|ended|died|opened|closed|happened|occurred|took\s+place"
    r"|was\s+signed|was\s+founded|was\s+born|was\s+killed|was\s+arrested|collapsed|erupted|struck)\s+(?:on\s+)?$",
    re.IGNORECASE,
)  # "the strike began on <date>": two different days for this are two dates for one event
_EVENT_VERB = re.compile(
    r"\b(?:began|started|ended|died|opened|closed|happened|occurred|took\s+place|signed|founded|born|killed"
    r"|arrested|collapsed|erupted|struck)\b", re.IGNORECASE
)
_STOP_MODIFIERS = {"of", "and", "or", "the", "a", "an", "in", "on", "at", "to", "for", "from", "with", "by", "more",
                   "than", "were", "was", "are", "is", "had", "have", "has", "who", "which", "that", "other"}  # fmt: skip
MAX_RATIO = 2.0  # figures further apart than this are taken to count different things (see _comparable)
_PLACE = re.compile(r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Tt]hroughout|[Aa]cross)\s+(?:the\s+)?([A-Z][a-z]{2,})")
_NOT_NAMES = {
    "the", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "police",
    "officials", "president", "minister", "prime", "government", "but", "and", "he", "she", "they", "there", "mr",
    "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "sheriff", "news", "press", "agency", "reported", "said",
}  # fmt: skip
CONTEXT_WINDOW = 80  # characters either side of a figure whose words say what it is about
PLACE_WINDOW = 80  # characters either side of a figure in which the places that place it are read
CONFIDENT_SHARED_WORDS = 6  # shared content words around two figures from which that part of confidence is full
MIN_SHARED_WORDS = 2  # content words two sentences share for their counts of one noun to be compared
_WORD = re.compile(r"[A-Za-z]{4,}")
# not content words around a figure: the project's stop list, and words nearly every reported count has nearby
_COMMON_WORDS = STOP_WORDS | {"including", "people", "last", "first", "year", "years"}
_EVENT_SUFFIXES = tuple(f" {e}" for e in ("killed", "injured", "arrests", "missing", "evacuated", "rescued", "in hospital"))
# words that tell a reader a figure changed: an article giving two values with one of these is reporting a
# revision ("the sheriff's initial estimate of 25 dead ... the death toll was 15"), not two different things
_REVISION = re.compile(
    r"\b(?:revis\w*|raised|lowered|initial(?:ly)?|earlier|previous(?:ly)?|original(?:ly)?|first\s+(?:estimate|report)\w*"
    r"|(?:rose|risen|climbed|jumped|increased|grew|fell|dropped|decreased|corrected|updated)\s+(?:\w+\s+)?(?:to|from)"
    r"|up\s+from|down\s+from|off\s+the\s+mark|overstated|understated)\b",
    re.IGNORECASE,
)
_ANOTHER_AFTER = {"other", "more", "additional", "further", "others"}  # "N other diseases", "N more people"
MANY_VALUES = 3  # distinct values of one thing, and articles that each give two or more of them unrevised,
MANY_VALUE_ARTICLES = 2  # from which on the thing is taken to be many things (see _many_things)
MAX_FIGURES = 2_000  # per cluster: bounds the cost on pathological input
MAX_VALUES_PER_THING = 100  # distinct (article, value) pairs compared per thing: at most 100² / 2 comparisons
MAX_SENTENCE_CHARS = 2_000  # figures are looked for in the first part of an overlong "sentence"


def parse_number(text: str, scale: str | None = None) -> float | None:
    """'2,300' → 2300, 'Fifteen' → 15, 'twenty-five' → 25, '3.2' with 'billion' → 3.2e9."""
    text = text.lower().replace(",", "")
    try:
        value = float(text)
    except ValueError:
        parts = re.split(r"[- ]", text)
        if parts[0] in TENS:
            value = TENS[parts[0]] + (UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
        elif parts[0] in UNITS:
            value = UNITS[parts[0]]
        else:
            return None
    return float(value * SCALES[scale.lower()] if scale else value)


@dataclass(frozen=True)
class Figure:
    """One figure in one sentence: what it counts, its value as an interval, and the day it speaks of."""

    article: int  # index into Cluster.articles
    start: int  # [start, end) of the phrase in the article text
    end: int
    text: str
    what: str
    value: float  # the number as written; for dates, the day's ordinal
    low: float
    high: float
    qualifier: str
    when: date | None  # a day named in the sentence, else the publication day
    shown: str  # the value as shown to a reader: "as many as 25", "2016-12-15"
    context: frozenset[str] = frozenset()  # the sentence's content words, for counts of plain nouns
    places: frozenset[str] = frozenset()  # places named near the figure, in cased text
    counted: bool = False  # a count of a plain noun ("40 ships"), not of the dead, injured, ...
    revised: bool = False  # its sentence words a change of the figure ("revised", "rose to", "earlier")
    earlier: bool = False  # named as a figure the one beside it replaces ("lowering an earlier estimate of 25")

    def meets(self, other: Figure) -> bool:
        """Whether the two figures can both be right. Two lower bounds for one thing ("at least 82 dead",
        later "at least 129") are a changed figure, as a reader sees it, unless they are the same number."""
        if self.high == other.high == float("inf"):
            return self.value == other.value
        return self.low <= other.high and other.low <= self.high


def _interval(value: float, qualifier: str) -> tuple[float, float]:
    low, high = QUALIFIERS.get(qualifier, (1.0, 1.0))
    return value * low, float("inf") if high is None else value * high


def _thing(match: re.Match, rule: str) -> str | None:
    """What a match counts, or None when it is not a countable thing."""
    group = match.groupdict()
    if rule != "count":
        event = EVENTS[group["event"].lower()]
        noun = (group.get("noun") or "").lower()
        if not noun or noun in PERSON_NOUNS or noun in EVENTS or noun in _STOP_MODIFIERS:
            return event
        # "killed 12 students" counts part of the dead; keep it apart from the toll
        return f"{noun} {'killed' if event == 'death toll' else event}"
    noun = group["noun"]
    if noun in NOT_A_THING or len(noun) < 4 or noun.endswith("ss"):
        return None
    modifier = group.get("modifier")
    return f"{modifier} {noun}" if modifier and modifier not in _STOP_MODIFIERS and not modifier.endswith("ly") else noun


def _number_positions(text: str) -> list[int]:
    """Where numbers start (digits, number words): the rules are tried only there."""
    return sorted([m.start() for m in _DIGITS.finditer(text)] + [m.start() for m in _NUMBER_WORD.finditer(text)])


def sentence_figures(text: str) -> list[tuple[int, int, str, float, str, str]]:
    """(start, end, what, value, qualifier, phrase) for the figures of one sentence, in text order.
    The rules run only in a window around each number, so sentences without one cost a scan."""
    text = text[:MAX_SENTENCE_CHARS]
    found: dict[int, tuple[int, int, str, float, str, str]] = {}  # by number position: the first rule wins
    for position in _number_positions(text):
        if position in found:
            continue
        low, high = max(0, position - RULE_REACH_BEFORE), min(len(text), position + RULE_REACH_AFTER)
        # a rule's match starts at a word start before the number (or at it): try those, leftmost first
        starts = [m.start() for m in _WORD_START.finditer(text, low, position)][-RULE_WORDS_BEFORE:] + [position]
        for rule, pattern in _RULES:
            match = next(
                (m for m in (pattern.match(text, at, high) for at in starts) if m and m.start("number") == position), None
            )
            if match is None:
                continue
            number_at = match.start("number")
            if _MONTH_BEFORE.search(text, max(0, number_at - 12), number_at):
                break
            value = parse_number(match.group("number"), match.group("scale"))
            what = _thing(match, rule)
            if value is None or what is None or value > 1e15:
                continue
            if rule == "count" and re.fullmatch(r"(1[89]|20)\d\d", match.group("number")):
                continue  # "1999 workers" is rarer than "in 1999 students ...": a year
            if _another_set(text, match, rule):
                break  # "six other diseases", "another 75,000 barrels": a further set, not a rival figure
            qualifier = " ".join((match.group("qualifier") or "").lower().split())
            found[number_at] = (match.start(), match.end(), what, value, qualifier, match.group(0))
            break
    return sorted(found.values())


def earlier_values(text: str, figures: list[tuple]) -> list[tuple[int, int, str, float, str, str]]:
    """(start, end, what, value, qualifier, phrase) of each value `text` names as an earlier figure ("15 dead,
    lowering an earlier estimate of 25"): of the thing the sentence's figure nearest before it counts (`figures`,
    from sentence_figures), else the one nearest after it."""
    text = text[:MAX_SENTENCE_CHARS]
    found = []
    for pattern in _EARLIER_VALUES:
        for match in pattern.finditer(text):
            others = [f for f in figures if not (f[0] < match.end() and match.start() < f[1])]
            before = [f for f in others if f[1] <= match.start()]
            after = [f for f in others if f[0] >= match.end()]
            value = parse_number(match.group("number"), match.group("scale"))
            if value is None or not (before or after):
                continue
            what = (before[-1] if before else after[0])[2]
            qualifier = " ".join((match.group("qualifier") or "").lower().split())
            start = match.start("qualifier") if qualifier else match.start("number")
            found.append((start, match.end(), what, value, qualifier, text[start : match.end()]))
    return found


def _another_set(text: str, match: re.Match, rule: str) -> bool:
    """Whether the figure counts a set beside one already named: "six other diseases", "43 more people
    were killed", "an additional 20 workers"; for plain nouns also "another 75,000 barrels", "the other 1,300
    giant pandas". (A casualty count after "another" usually sets the injured beside the dead — "killed 63;
    another 173 people were injured" — and stays a rival to other counts of the injured.)"""
    after = text[match.end("number") : match.end()].lower().split()
    if any(word in _ANOTHER_AFTER for word in after[:2]):
        return True
    before = text[max(0, match.start() - 20) : match.start("number")].lower().split()
    if "additional" in before[-2:] or "further" in before[-2:]:
        return True
    return rule == "count" and bool(before) and (before[-1] == "another" or before[-2:] == ["the", "other"])


def extract_figures(cluster: Cluster) -> list[Figure]:
    """Every figure and event date in the cluster's sentences (at most MAX_FIGURES)."""
    figures: list[Figure] = []
    anchors = [published_day(a) for a in cluster.articles]
    for sentence in cluster.sentences:
        if len(figures) >= MAX_FIGURES:
            break
        anchor = anchors[sentence.article]
        dates = None  # resolved only for sentences that carry a figure
        found = sentence_figures(sentence.text)
        earlier = earlier_values(sentence.text, found) if found else []
        # a figure a sentence names as replaced is that sentence's earlier value, not a figure it states
        found = [f for f in found if not any(f[0] < e[1] and e[0] < f[1] for e in earlier)]
        rows = sorted([(f, False) for f in found] + [(e, True) for e in earlier])
        for (start, end, what, value, qualifier, phrase), is_earlier in rows:
            if dates is None:
                dates = resolve_dates(sentence.text[:MAX_SENTENCE_CHARS], anchor)
            when = next((d.first_day() for d in dates if d.precision == "day"), anchor)
            low, high = _interval(value, qualifier)
            shown = f"{qualifier} {_number_text(value)}".strip()
            counted = what not in EVENTS.values() and not what.endswith(_EVENT_SUFFIXES)
            # a repaired sentence may show its first letter capitalised: the phrase is shown as the article has it
            source = cluster.articles[sentence.article].text[sentence.source_offset(start) : sentence.source_offset(end)]
            phrase = source if source.lower() == phrase.lower() else phrase
            context = _content_words(sentence.text[max(0, start - CONTEXT_WINDOW) : end + CONTEXT_WINDOW], what)
            figures.append(
                Figure(sentence.article, sentence.source_offset(start), sentence.source_offset(end), phrase, what, value, low, high,
                       qualifier, when, shown, context, places(sentence.text, start, end), counted,
                       bool(_REVISION.search(sentence.text[:MAX_SENTENCE_CHARS])), is_earlier)
            )  # fmt: skip
        figures.extend(_event_dates(sentence, anchor))
    return figures[:MAX_FIGURES]


def places(text: str, start: int, end: int) -> frozenset[str]:
    """The places named near a figure ("at Arop", "in Galtuer", "throughout Europe"): a toll in one place and
    a toll in another are different things. Empty for lower-cased text (Multi-News), where it says nothing."""
    window = text[max(0, start - PLACE_WINDOW) : min(len(text), end + PLACE_WINDOW)]
    return frozenset(match.group(1) for match in _PLACE.finditer(window) if match.group(1).lower() not in _NOT_NAMES)


def _content_words(text: str, what: str) -> frozenset[str]:
    words = {w.lower() for w in _WORD.findall(text[:MAX_SENTENCE_CHARS])}
    return frozenset(words - set(what.split()) - _COMMON_WORDS)


def _event_dates(sentence: Sentence, anchor: date | None) -> list[Figure]:
    """'the strike began on March 5': a day-precise date right after an event phrase."""
    if (anchor is None and not re.search(r"\d{4}", sentence.text)) or not _EVENT_VERB.search(sentence.text):
        return []  # resolving dates costs more than this look for an event verb
    found = []
    text = sentence.text[:MAX_SENTENCE_CHARS]
    for resolved in resolve_dates(text, anchor):
        if resolved.precision != "day":
            continue
        event = _EVENT_DATE.search(text, max(0, resolved.start - 40), resolved.start)
        if not event or event.group("noun").lower() in _STOP_MODIFIERS:
            continue
        day = resolved.first_day()
        what = f"date: {event.group('noun').lower()} {' '.join(event.group('event').lower().split())}"
        start, end = sentence.start + event.start(), sentence.start + resolved.end
        found.append(
            Figure(sentence.article, start, end, text[event.start():resolved.end], what, float(day.toordinal()),
                   float(day.toordinal()), float(day.toordinal()), "", day, day.isoformat())
        )  # fmt: skip
    return found


def _number_text(value: float) -> str:
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


def find_disagreements(cluster: Cluster, limit: int = 3) -> list[Disagreement]:
    """Things the cluster's articles give conflicting figures or dates for, most-reported first (at most `limit`)."""
    by_what: dict[str, list[Figure]] = defaultdict(list)
    named_earlier: dict[str, list[Figure]] = defaultdict(list)
    for figure in extract_figures(cluster):
        (named_earlier if figure.earlier else by_what)[figure.what].append(figure)
    found: list[tuple[int, str, Disagreement]] = []
    for what, figures in by_what.items():
        # one representative per article and value (its sentences' words pooled) keeps the pairwise check small
        merged: dict[tuple[int, str], Figure] = {}
        for figure in figures:
            key = (figure.article, figure.shown)
            if key in merged:
                merged[key] = replace(merged[key], context=merged[key].context | figure.context,
                                      revised=merged[key].revised or figure.revised)
            elif len(merged) < MAX_VALUES_PER_THING:
                merged[key] = figure
        reps = list(merged.values())
        side_by_side = _side_by_side(reps)
        pairs = [
            (a, b)
            for i, a in enumerate(reps)
            for b in reps[i + 1 :]
            if a.article != b.article and not a.meets(b) and _comparable(a, b)
            and frozenset((a.value, b.value)) not in side_by_side
        ]
        conflicting = [rep for pair in pairs for rep in pair]
        if not conflicting:
            continue
        # the conflicting values, with every source that gives one of them
        shown = {rep.shown for rep in conflicting}
        involved = [f for f in figures if f.shown in shown]
        values = _values(involved, cluster)
        # values a report names as an earlier figure of this thing were revised, whatever the dates say
        replaced = {rep.value for rep in conflicting if any(rep.meets(old) for old in named_earlier[what])}
        if replaced and len(replaced) < len({rep.value for rep in conflicting}):
            kind = "revision"
            values.sort(key=lambda v: v.value not in replaced)  # stable: the replaced values first, by date
        else:
            kind = "contradiction" if what.startswith("date: ") else _kind(values)
        if kind == "contradiction" and _many_things([rep for rep in reps if rep.shown in shown]):
            continue
        if kind == "contradiction":
            values.sort(key=lambda v: (-len({s.article for s in v.sources}), str(v.value)))
        sure = confidence(pairs, len({rep.value for rep in conflicting}))
        disagreement = Disagreement(what.removeprefix("date: "), kind, values, sure)
        found.append((sure < SHOW_CONFIDENCE, -len({f.article for f in involved}), what, disagreement))
    found.sort(key=lambda item: item[:3])
    return [d for *_, d in found[:limit]]


def confidence(pairs: list[tuple[Figure, Figure]], distinct_values: int) -> float:
    """How sure the rules are that conflicting values are for one thing, 0–1, from the surest pair: a
    casualty count (keyed by its event) is surer than a count of a plain noun; sentences that share more
    words around the figures and wording of a change ("revised", "rose to") make it surer; each value beyond
    two makes it less sure (several values are more often several things). Rounded to two places."""
    best = max(
        0.25
        + 0.25 * (not a.counted)
        + 0.25 * min(1.0, len(a.context & b.context) / CONFIDENT_SHARED_WORDS)
        + 0.25 * (a.revised or b.revised or a.what.startswith("date: "))
        for a, b in pairs
    )
    return round(max(0.0, min(1.0, best - 0.15 * max(0, distinct_values - 2))), 2)


def _side_by_side(reps: list[Figure]) -> set[frozenset[float]]:
    """Pairs of values that one article gives side by side for a thing without wording a change: the
    hurricane that "killed 423" and the one that "killed 256 people", a fine of 40,000 shillings and one of
    80,000. Two articles giving these values count different things, not the same thing differently."""
    by_article: dict[int, list[Figure]] = defaultdict(list)
    for rep in reps:
        by_article[rep.article].append(rep)
    pairs: set[frozenset[float]] = set()
    for figures in by_article.values():
        if len(figures) < 2 or any(f.revised for f in figures):
            continue
        values = sorted({f.value for f in figures})
        pairs.update(frozenset((a, b)) for i, a in enumerate(values) for b in values[i + 1 :])
    return pairs


def _many_things(reps: list[Figure]) -> bool:
    """A noun or toll that several articles each give several of its conflicting values for, undated as a
    progression, names many things (the dead of each country in a cold wave, the output of each oil platform): its values are
    not rival figures for one thing."""
    by_article: dict[int, set[float]] = defaultdict(set)
    revised: set[int] = set()
    for rep in reps:
        by_article[rep.article].add(rep.value)
        if rep.revised:
            revised.add(rep.article)
    distinct = {rep.value for rep in reps}
    several = [a for a, values in by_article.items() if len(values) >= 2 and a not in revised]
    return len(distinct) >= MANY_VALUES and len(several) >= MANY_VALUE_ARTICLES


def _comparable(a: Figure, b: Figure) -> bool:
    """Figures for the same thing are close (25 vs 15 dead, 40 vs 45 ships); a count ten times another
    ("two students", "1,800 students") is nearly always a count of something else. Dates always compare."""
    if a.what.startswith("date: "):
        return True
    small, large = sorted((a.value, b.value))
    if not (small > 0 and large <= MAX_RATIO * small):
        return False
    if a.places and b.places and not a.places & b.places:
        return False  # "at Warapu ... Malol village had 40 dead" and "at Arop 16 were dead" are two places
    # one story counts the dead of several places, and a plain noun ("species", "states") for many things:
    # the two sentences must also share what they are about
    return len(a.context & b.context) >= MIN_SHARED_WORDS


def _values(figures: list[Figure], cluster: Cluster) -> list[FigureValue]:
    """One Value per distinct shown value, with every source that gives it, earliest first."""
    grouped: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        grouped[figure.shown].append(figure)
    values = []
    for shown, group in grouped.items():
        group.sort(key=lambda f: (f.article, f.start))
        days = [f.when for f in group if f.when]
        sources = [
            SourceSpan(cluster.articles[f.article].id, cluster.articles[f.article].outlet, f.start, f.end) for f in group
        ]
        value: float | str = shown if group[0].what.startswith("date: ") else group[0].value
        values.append(FigureValue(value, group[0].text, sources, min(days).isoformat() if days else None))
    values.sort(key=lambda v: (v.first_seen is None, v.first_seen or "", str(v.value)))
    return values


def _kind(values: list[FigureValue]) -> str:
    """A revision when every value has a first date and no two share one: the figure changed over time.
    (Two dates for one event are always a contradiction: there the date is the value.)"""
    days = [v.first_seen for v in values]
    return "revision" if all(days) and len(set(days)) == len(days) else "contradiction"
