"""Resolve the date expressions in a sentence against the publication date of its article.

    >>> from datetime import date
    >>> [(d.text, d.date) for d in resolve_dates("Putin will arrive on Thursday.", date(2016, 12, 13))]
    [('on Thursday', '2016-12-15')]

News writes dates relative to the day it is published: "on Thursday" in a report of Tuesday 2016-12-13 is
2016-12-15 when the verb looks forward ("will arrive") and 2016-12-08 when it looks back ("arrived"); "Dec. 15"
is the Dec. 15 nearest the report; "yesterday", "last week", "next month", "in 2014", "three days ago" likewise.

One pass of a fixed set of regular expressions finds the expressions (linear in the sentence, nothing
unbounded); python-dateutil's `relativedelta` does the calendar arithmetic, and `dateutil.parser` reads the
absolute forms. dateparser's `search_dates` was measured against this on the same fixtures
(benchmarks/facts.py, RESULTS.md): it has no notion of tense, misses "Dec. 15" and is about 100 times slower.

A resolved date is ISO 8601 at the precision the text gives: "2016-12-15" (day), "2016-W49" (week),
"2016-12" (month), "2016" (year). Anything that cannot be resolved (no publication date for a relative
expression, a result outside the calendar as with year 9999 + 1) is left out, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ..types import Article, BriefSentence, Cluster, DateMention, Unit

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_MONTH = (
    r"(?P<month>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?"
    r"|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[1-9]\d{3})"  # after a day or month: any four-digit year, 9999 included
_BARE_YEAR = r"(?P<year>1[89]\d{2}|20\d{2})"  # alone ("in 2014"), only plausible years: "in 5000" is a count
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?P<count>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?P<unit>day|week|month|year)s?"

# Each rule is its own pattern (they share group names); overlapping matches go to the earliest, then longest.
_PATTERNS = [
    ("iso", r"\b(?P<iso>[12]\d{3}-[01]\d-[0-3]\d)\b"),
    ("month_day", rf"\b{_MONTH}\s+{_DAY}\b(?:\s*,?\s*{_YEAR}\b)?"),
    ("day_month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:\s*,?\s*{_YEAR}\b)?"),
    ("month_year", rf"\b(?:(?:in|since|by|until|during|from|of|early|late|mid-?)\s+)?{_MONTH}\s*,?\s+{_YEAR}\b"),
    ("month_alone", rf"\b(?P<prep>in|since|until|till|by|from|during|before|after|last|next|this|early|late|mid-?)\s+"
     rf"(?:(?:early|late|mid-?)\s*)?{_MONTH}(?!\w)(?!\s*\.?\s*\d)"),
    ("ago", rf"\b{_COUNT}\s+{_UNIT}\s+ago\b"),
    ("in_count", rf"\b(?:in|within)\s+{_COUNT}\s+{_UNIT}\b"),
    ("relative_unit", r"\b(?P<rel>last|next|this|earlier\s+this|later\s+this)\s+(?P<unit>week|month|year)\b"),
    ("relative_weekday", rf"\b(?P<rel>last|next|this)\s+{_WEEKDAY}\b"),
    ("weekday", rf"\b(?:(?:on|by|until|from|since|before|after|late|early)\s+)?{_WEEKDAY}\b"),
    ("day_word", r"\b(?P<word>yesterday|today|tomorrow|tonight|last\s+night)\b"),
    ("year", rf"\b(?P<prep>in|since|by|until|during|from|before|after)\s+(?:(?:early|late|mid-?)\s*)?{_BARE_YEAR}\b"),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _PATTERNS]
# Most sentences name no date, and a pattern scan costs far more than a substring test: each rule runs only on a
# sentence with the words it cannot match without (any of each group, in the lower-cased sentence).
_DIGIT = re.compile(r"\d")  # what the patterns' \d matches: any Unicode decimal digit
_MONTH_STEMS = tuple(MONTHS)
_UNITS = ("day", "week", "month", "year")
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "iso": (("-",),),
    "month_day": (_MONTH_STEMS,),
    "day_month": (_MONTH_STEMS,),
    "month_year": (_MONTH_STEMS,),
    "month_alone": (_MONTH_STEMS,),
    "ago": (("ago",), _UNITS),
    "in_count": (("in",), _UNITS),
    "relative_unit": (("last", "next", "this"), ("week", "month", "year")),
    "relative_weekday": (("last", "next", "this"), ("day",)),
    "weekday": (("day",),),
    "day_word": (("day", "tomorrow", "night"),),
    "year": ((),),
}
_NEEDS_DIGIT = {"iso", "month_day", "day_month", "month_year", "year"}
# characters outside ASCII that IGNORECASE matches to an ASCII letter but str.lower() does not turn into one
_CASE_ODDITIES = re.compile("[\u0130\u0131\u017f\u212a]")
_ASCII_FOLD = str.maketrans("\u0130\u0131\u017f\u212a", "iisk")


def _fold(text: str) -> str:
    """The lower-case ASCII word a case-insensitive match stands for ("ſeptember" is "september"): the lookup key."""
    return text.translate(_ASCII_FOLD).lower()


def _rules_for(sentence: str) -> list[tuple[int, str, re.Pattern]]:
    """(order, kind, pattern) of the rules that can match `sentence`: those whose words it has."""
    if _CASE_ODDITIES.search(sentence):
        return [(order, kind, pattern) for order, (kind, pattern) in enumerate(_COMPILED)]
    lowered = sentence.lower()
    digit = _DIGIT.search(sentence) is not None
    return [
        (order, kind, pattern)
        for order, (kind, pattern) in enumerate(_COMPILED)
        if (digit or kind not in _NEEDS_DIGIT)
        and all(not group or any(word in lowered for word in group) for group in _NEEDS[kind])
    ]
_FUTURE = re.compile(
    r"\b(?:will|shall|wo\s*n[’']t|won[’']t|going\s+to|(?:is|are|was|were)\s+(?:due|set|scheduled|expected|to)\b"
    r"|due\s+to|expect(?:s|ed)?|scheduled|plans?\s+to|planned|planning|would|upcoming|intends?\s+to)",
    re.IGNORECASE,
)
# news writes a scheduled event in the present tense: "Putin heads to Japan Thursday", "the Senate votes Friday"
_SCHEDULED = re.compile(
    r"\b(?:heads?|arrives?|meets?|visits?|travels?|leaves?|begins?|starts?|opens?|hosts?|flies|fly|votes?|"
    r"returns?|resumes?|takes?\s+office|goes|go\s+to\s+the\s+polls)\b",
    re.IGNORECASE,
)
# a verb in the past tense: a month named alone then looks back ("a plan Abe proposed in May")
_PAST = re.compile(
    r"\b(?:[a-z]{3,}ed|said|met|held|was|were|had|took|made|went|came|gave|told|began|won|lost|left|saw|"
    r"sent|rose|fell|spoke|wrote|became|brought|bought|sold|paid|led|ran|set\s+up)\b",
    re.IGNORECASE,
)
_NOT_A_DAY_BEFORE = re.compile(r"(?:black|good|super|ash|bloody|cyber|palm|easter|holy|maundy)\s+$", re.IGNORECASE)
_TENSE_WINDOW = 60  # characters either side of an expression in which a future marker counts
_PLURAL_AFTER = re.compile(r"\s+[a-z]+s\b")  # "in 2000 cases": a count, not a year


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression found in a text: [start, end) in that text, and the date it denotes."""

    text: str
    start: int
    end: int
    date: str  # ISO 8601: YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY
    precision: str  # day, week, month or year

    def to_dict(self) -> dict:
        return {"text": self.text, "date": self.date, "start": self.start, "end": self.end}

    def first_day(self) -> date:
        """The first day the date covers, for ordering events of different precision."""
        return first_day(self.date)


def first_day(iso: str) -> date:
    if "-W" in iso:
        year, week = iso.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    parts = [int(p) for p in iso.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _iso(value: date, precision: str) -> str:
    if precision == "day":
        return value.isoformat()
    if precision == "week":
        year, week, _ = value.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}"


def _count(text: str) -> int:
    text = _fold(text)
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _month(text: str) -> int:
    return MONTHS[_fold(text)[:3]]


def _looks_forward(sentence: str, start: int, end: int) -> bool:
    """Whether the verb around an expression looks forward ("will meet on Thursday", "is due to vote Friday")."""
    return bool(_FUTURE.search(sentence, max(0, start - _TENSE_WINDOW), min(len(sentence), end + _TENSE_WINDOW // 2)))


def _tense(sentence: str, start: int, end: int) -> str | None:
    """"future" ("will meet on Thursday", or a scheduled present: "heads to Japan Thursday"), "past" (a verb in
    the past tense before it: "a plan Abe proposed in May") or None, for the expression at [start, end)."""
    if _looks_forward(sentence, start, end):
        return "future"
    before = sentence[max(0, start - _TENSE_WINDOW) : start]
    scheduled = [m.end() for m in _SCHEDULED.finditer(before)]
    past = [m.end() for m in _PAST.finditer(before)]
    if scheduled or past:  # the verb nearest the expression decides
        return "future" if max(scheduled, default=-1) > max(past, default=-1) else "past"
    return None


def _nearest_year(month: int, day: int, anchor: date | None) -> date | None:
    """A day and month without a year is the one nearest the report (within half a year either way);
    the caller moves it a year on when the verb looks forward and it fell before the report."""
    if anchor is None:
        return None
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: (abs((d - anchor).days), d)) if candidates else None


def _month_alone(month: int, preposition: str, match: re.Match, sentence: str, anchor: date) -> date:
    """A month named without a year: "since January" looks back, "until January" forward, "in May" by tense,
    and otherwise the nearest one; the report's own month is this year's unless "last" or "next" says not."""
    tense = _tense(sentence, match.start(), match.end())
    backward = preposition in ("since", "last") or (preposition == "in" and tense == "past")
    forward = preposition in ("until", "till", "by", "before", "next") or (not backward and tense == "future")
    this_year = date(anchor.year, month, 1)
    if month == anchor.month and preposition not in ("last", "next"):
        return this_year
    if forward:
        return this_year if month > anchor.month else date(anchor.year + 1, month, 1)
    if backward:
        return this_year if month < anchor.month else date(anchor.year - 1, month, 1)
    return min((date(anchor.year + shift, month, 1) for shift in (-1, 0, 1)), key=lambda d: abs((d - anchor).days))


def _resolve(kind: str, match: re.Match, sentence: str, anchor: date | None) -> tuple[date, str] | None:
    """(date, precision) for one match, or None when it cannot be resolved."""
    group = match.groupdict()
    if kind == "iso":
        return date.fromisoformat(group["iso"]), "day"
    if kind in ("month_day", "day_month"):
        month, day = _month(group["month"]), int(group["day"])
        if group["year"]:
            return date(int(group["year"]), month, day), "day"
        found = _nearest_year(month, day, anchor)
        tense = _tense(sentence, match.start(), match.end()) if found else None
        if found and found < anchor and tense == "future":
            found = found.replace(year=found.year + 1)  # "will reply by Nov. 29" in December: next year's
        return (found, "day") if found else None
    if kind == "month_year":
        return date(int(group["year"]), _month(group["month"]), 1), "month"
    if kind == "year":
        return date(int(group["year"]), 1, 1), "year"
    if anchor is None:
        return None
    if kind == "month_alone":
        return _month_alone(_month(group["month"]), _fold(group["prep"]), match, sentence, anchor), "month"
    if kind == "day_word":
        word = " ".join(_fold(group["word"]).split())
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        return anchor + timedelta(days=shift), "day"
    if kind in ("ago", "in_count"):
        amount = _count(group["count"]) * (-1 if kind == "ago" else 1)
        unit = _fold(group["unit"])
        return anchor + relativedelta(**{unit + "s": amount}), unit
    if kind == "relative_unit":
        rel = _fold(group["rel"]).split()[-1]
        unit = _fold(group["unit"])
        amount = {"last": -1, "next": 1, "this": 0}[rel]
        return anchor + relativedelta(**{unit + "s": amount}), unit
    # weekdays
    target = WEEKDAYS.index(_fold(group["weekday"]))
    rel = _fold(group.get("rel") or "")
    forward = rel == "next" or (rel != "last" and _tense(sentence, match.start(), match.end()) == "future")
    if forward:
        days = (target - anchor.weekday()) % 7
        if rel == "next" and days == 0:
            days = 7
    else:
        days = -((anchor.weekday() - target) % 7)
        if rel == "last" and days == 0:
            days = -7
    return anchor + timedelta(days=days), "day"


def _accept(kind: str, match: re.Match, sentence: str) -> bool:
    """Reject the look-alikes: "Black Friday", "Good Friday", "in 2000 cases"."""
    if kind == "weekday" and _NOT_A_DAY_BEFORE.search(sentence, max(0, match.start() - 12), match.start()):
        return False
    if kind == "year" and _PLURAL_AFTER.match(sentence, match.end()):
        return False
    return True


# the expressions that name a day or a time near the report, as against a year, a month of a year or a span ago
_NEAR_TIMES = ("iso", "month_day", "day_month", "month_alone", "in_count", "relative_unit", "relative_weekday",
               "weekday", "day_word")


def near_times(sentence: str) -> list[tuple[int, int]]:
    """The [start, end) spans where `sentence` names a day or a time near its report ("on Thursday", "tomorrow",
    "next week", "Dec. 15", "in two weeks"), whatever its tense; no publication date is needed."""
    return sorted(
        match.span()
        for _, kind, pattern in _rules_for(sentence)
        if kind in _NEAR_TIMES
        for match in pattern.finditer(sentence)
        if _accept(kind, match, sentence)
    )


def resolve_dates(sentence: str, published: date | None, limit: int = 20) -> list[ResolvedDate]:
    """The date expressions of `sentence` resolved against `published` (the report's day, or None when
    unknown: only absolute dates resolve then). At most `limit`, in text order; spans index into `sentence`."""
    matches = sorted(
        ((match.start(), -match.end(), order, kind, match)
         for order, kind, pattern in _rules_for(sentence)
         for match in pattern.finditer(sentence)),
        key=lambda item: item[:3],
    )  # fmt: skip
    found: list[ResolvedDate] = []
    taken_until = 0
    for start, _, _, kind, match in matches:
        if start < taken_until or not _accept(kind, match, sentence):
            continue
        try:
            resolved = _resolve(kind, match, sentence, published)
        except (ValueError, OverflowError):  # 31 February, or arithmetic past year 9999
            continue
        if resolved is None:
            continue
        value, precision = resolved
        taken_until = match.end()
        found.append(ResolvedDate(match.group(0), match.start(), match.end(), _iso(value, precision), precision))
        if len(found) >= limit:
            break
    return found


def published_day(article: Article) -> date | None:
    """The day an article was published (UTC), the anchor for its relative dates; None when unknown."""
    published = article.published_at
    return published.date() if published else None


def date_sentences(sentences: list[BriefSentence], articles: list[Article]) -> list[BriefSentence]:
    """Put on each brief sentence the dates its first source names, resolved against that source's
    publication date, as spans of that article's text."""
    by_id = {article.id: article for article in articles}
    for sentence in sentences:
        if not sentence.sources:
            continue
        source = sentence.sources[0]
        article = by_id[source.article]
        text = article.text[source.start : source.end]
        sentence.dates = [
            DateMention(article.id, found.text, found.date, source.start + found.start, source.start + found.end)
            for found in resolve_dates(text, published_day(article))
        ]
    return sentences


def unit_event_date(unit: Unit, cluster: Cluster) -> tuple[date, str] | None:
    """(first day, ISO date) of the first date the unit's representative sentence names, or None."""
    sentence = unit.sentences[0]
    found = resolve_dates(sentence.text, published_day(cluster.articles[sentence.article]), limit=1)
    return (found[0].first_day(), found[0].date) if found else None
