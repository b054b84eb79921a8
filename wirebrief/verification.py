"""Check any summary against its sources: which source spans support each summary sentence, and what they do not.

The sources go through the brief pipeline (read, clean, split, wire-match); the summary is split the same way.
For each summary sentence:

1. Evidence. A summary sentence copied from a source (a brief's are) is supported by that sentence. Otherwise
   source sentences are ranked by the summary sentence's content terms they carry (stemmed words without stop
   words, canonical numbers and dates; rarer terms, facts and names weigh more). The best one is cited;
   further ones are cited, greedily, only when they add at least
   MIN_EXTRA_CONTENT content words the cited ones lack (an abstractive sentence fusing two source sentences),
   so a sentence cannot borrow a lone name or number from an unrelated passage. Wire copies of a cited
   sentence (the same unit in wire matching) are cited too: every outlet that carries it.
2. Facts. Numbers (digits and spelled-out numbers, "4,000" = "4000", "five" = "5"), dates (weekdays, months,
   day of month, years), names (capitalised words not opening a sentence, or opening one when the sources
   write them capitalised too; nothing in lower-cased text) and negations must be carried by the cited spans
   themselves, not merely somewhere in the cluster. A negated word in a cited span that the summary states
   positively ("did not release" → "released") counts as an unsupported negation as well.
3. Verdict. Any fact missing → unsupported. Otherwise the share of content words the spans carry decides:
   ≥ SUPPORTED_COVERAGE supported, ≥ PARTLY_COVERAGE partly (the uncarried words are pointed out as "other"),
   below that unsupported.

Everything is plain token arithmetic over the cluster's sentences (an inverted index from stem to sentences),
so checking costs little next to reading and splitting the sources.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .pipeline import clean_read, nothing_left, prepare, read_items
from .readers import ReadResult, read_inputs
from .settings import Settings
from .text import lexical
from .text.split import split_article
from .text.wirematch import normalised_tokens
from .types import Article, Brief, Cluster, Skipped

KINDS = ("number", "date", "name", "negation", "other")
VERDICTS = ("supported", "partly", "unsupported")

# Shares of a sentence's content words that the cited spans must carry. Chosen on Multi-News val reference
# sentences (benchmarks/verify.py): a human paraphrase of one source sentence typically keeps 80 % or more of its
# content words; below half, what the spans carry is a topic, not the claim.
SUPPORTED_COVERAGE = 0.8
PARTLY_COVERAGE = 0.5
# a sentence with fewer content terms ("Wait, what?") says too little to match; only a verbatim copy is supported
MIN_CLAIM_TERMS = 2
# a second (third, ...) cited span must add this many content words of its own
MIN_EXTRA_CONTENT = 3
MAX_SPANS = 4

WORD = re.compile(r"\w+(?:['’]\w+)*")
NEGATION_WORDS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot"})
NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n['’]t\b", re.IGNORECASE)
# digits with thousands separators or decimals, as written or tokenizer-spaced; not inside a word ("G7")
DIGITS = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:st|nd|rd|th)?(?!\w)")
SPELLED = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # "one" is left out (mostly a pronoun: "one of the ..."), and so are scale words ("two hundred", "thousands")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# month words that are also ordinary words: dates only next to a number or capitalised inside a sentence
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "apr", "feb"}
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}
LINKING = {"be", "been", "being", "have", "a", "an", "the", "to", "yet", "even", "only", "just", "also"}
# anything that may be a number, a date or a negation; sentences without any take a faster path
FACT_HINT = re.compile(
    r"\d|n['’]t\b|\b(?:" + "|".join(sorted({*SPELLED, *MONTHS, *WEEKDAYS, *NEGATION_WORDS})) + r")\b", re.IGNORECASE
)
CLITIC = re.compile(r"['’](?:s|re|ve|ll|d|m)$")
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# capitalised words that do not name anything by themselves (titles, pronoun, wire datelines' "AP")
NOT_NAMES = {
    "i", "mr", "mrs", "ms", "dr", "sir", "gen", "lt", "sen", "rep", "gov", "pres", "president", "st", "jr",
    "the", "a", "an", "and", "of", "in", "on", "for", "but", "it", "he", "she", "they", "we", "you",
}


def _stop_words() -> frozenset[str]:
    # the project's stop list (wirebrief.text.lexical); negations are not content words: they are checked on their own
    return lexical.STOP_WORDS | NEGATION_WORDS


def _stem(word: str) -> str:
    """The project's stem (wirebrief.text.lexical) of a lower-case word, without a possessive ("Obama's" is "Obama"):
    these words keep their apostrophes, which the Porter stemmer does not know."""
    return lexical.stem(word[:-2] if word.endswith(("'s", "’s")) else word)


def _number_key(text: str) -> str:
    """A canonical form of a number as written: "4,000" → "4000", "8.50" → "8.5", "21st" → "21"."""
    text = re.sub(r"(?:st|nd|rd|th)$", "", text.lower())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        text = text.replace(",", "")
    if "." in text and re.fullmatch(r"\d+\.\d+", text):
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class Mention:
    """One checkable thing in a text: its [start, end) span there, its kind, and the keys a source must carry."""

    start: int
    end: int
    kind: str
    keys: tuple[str, ...]


@dataclass
class Facts:
    """What a piece of text asserts that a source must carry word for word (in canonical form)."""

    mentions: list[Mention] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)  # stems of the first content word after each negation

    def keys(self, kind: str) -> set[str]:
        return {key for m in self.mentions if m.kind == kind for key in m.keys}


def _words(text: str) -> list[re.Match]:
    return list(WORD.finditer(text))


def find_facts(text: str, capitalised_in_sources: frozenset[str] = frozenset(), names: bool = True) -> Facts:
    """Numbers, dates, names and negations of one sentence (see the module docstring for the rules). Source
    sentences need no name mentions (`names=False`): a summary's names are looked up among all their words."""
    facts = Facts()
    words = _words(text)
    lower = [w.group().lower() for w in words]
    numeric = {i for i, w in enumerate(lower) if w[:1].isdigit()}
    taken: set[int] = set()  # word indexes already part of a date
    for i, word in enumerate(lower):
        base = word.rstrip(".")
        if base in WEEKDAYS:
            facts.mentions.append(Mention(words[i].start(), words[i].end(), "date", (f"weekday:{WEEKDAYS[base]}",)))
            taken.add(i)
        elif base in MONTHS:
            near = [j for j in (i - 1, i + 1, i + 2) if j in numeric and 0 <= j < len(words)]
            capitalised = words[i].group()[:1].isupper() and i > 0
            if base in AMBIGUOUS_MONTHS and not near and not capitalised:
                continue
            month = MONTHS[base]
            keys = [f"month:{month}"]
            start, end = words[i].start(), words[i].end()
            for j in near:
                value = _number_key(lower[j])
                if YEAR.match(value):
                    keys.append(f"year:{value}")
                elif value.isdigit() and 1 <= int(value) <= 31:
                    keys.append(f"day:{month}:{int(value)}")
                else:
                    continue
                taken.add(j)
                start, end = min(start, words[j].start()), max(end, words[j].end())
            taken.add(i)
            facts.mentions.append(Mention(start, end, "date", tuple(keys)))
    for match in DIGITS.finditer(text):
        index = next((i for i, w in enumerate(words) if w.start() <= match.start() < w.end()), None)
        if index in taken:
            continue
        value = _number_key(match.group())
        kind = "date" if YEAR.match(value) else "number"
        key = f"year:{value}" if kind == "date" else f"number:{value}"
        facts.mentions.append(Mention(match.start(), match.end(), kind, (key,)))
    for i, word in enumerate(lower):
        if word in SPELLED:
            facts.mentions.append(Mention(words[i].start(), words[i].end(), "number", (f"number:{SPELLED[word]}",)))
    if names:
        facts.mentions.extend(_names(text, words, taken, capitalised_in_sources))
    stop = _stop_words()
    for match in NEGATION.finditer(text):
        # the word a negation governs: the next one, past a linking verb or article ("not be allowed", "no one")
        following = [w.group().lower() for w in words if w.start() >= match.end()][:3]
        governed = next((w for w in following if w not in LINKING), None)
        keys: tuple[str, ...] = ()
        if governed and governed not in stop:
            facts.negated.add(_stem(governed))
            keys = (_stem(governed),)
        facts.mentions.append(Mention(match.start(), match.end(), "negation", keys))
    facts.mentions.sort(key=lambda m: (m.start, m.end))
    return facts


def _names(text: str, words: list[re.Match], taken: set[int], capitalised_in_sources: frozenset[str]) -> list[Mention]:
    """Runs of capitalised words. A sentence's first word counts only when the sources capitalise it too."""
    mentions: list[Mention] = []
    run: list[re.Match] = []

    def close() -> None:
        if run:
            keys = tuple(dict.fromkeys(_name_key(w.group()) for w in run))
            mentions.append(Mention(run[0].start(), run[-1].end(), "name", keys))
            run.clear()

    for i, word in enumerate(words):
        token = word.group()
        key = _name_key(token)
        is_name = (
            token[:1].isupper()
            and i not in taken
            and key not in NOT_NAMES
            and key.rstrip(".") not in MONTHS
            and not token[:1].isdigit()
            and (not _opens_sentence(text, words, i) or key in capitalised_in_sources)
        )
        # a run continues over adjacent capitalised words only ("New York Times", not "Obama and Putin")
        if is_name and run and text[run[-1].end():word.start()].strip(" -") == "":
            run.append(word)
        elif is_name:
            close()
            run.append(word)
        else:
            close()
    close()
    return mentions


def _opens_sentence(text: str, words: list[re.Match], index: int) -> bool:
    """Whether a word opens a sentence: the first, or the first after final punctuation (text split too coarsely,
    as lower-cased Multi-News often is, keeps several sentences in one)."""
    if index == 0:
        return True
    between = text[words[index - 1].end():words[index].start()]
    return bool(re.search(r"[.!?]", between))


def _name_key(token: str) -> str:
    token = token.lower()
    return token[:-2] if token.endswith(("'s", "’s")) else token


def content_terms(text: str, facts: Facts) -> list[tuple[int, int, str]]:
    """The content of a sentence as (start, end, term): stems of words that are not stop words, and in place
    of the words of a number or date their canonical keys, so "12" = "twelve" and "37,000" = "37000"."""
    stop = _stop_words()
    facts_at = sorted((m for m in facts.mentions if m.kind in ("number", "date")), key=lambda m: m.start)
    terms: list[tuple[int, int, str]] = []
    next_fact = 0
    for word in _words(text):
        while next_fact < len(facts_at) and facts_at[next_fact].end <= word.start():
            next_fact += 1
        if next_fact < len(facts_at) and facts_at[next_fact].start <= word.start():
            mention = facts_at[next_fact]
            if not terms or terms[-1][:2] != (mention.start, mention.end):
                terms.extend((mention.start, mention.end, key) for key in mention.keys)
            continue
        lowered = word.group().lower()
        if _is_content(lowered, stop):
            terms.append((word.start(), word.end(), _stem(lowered)))
    return terms


def _is_content(lowered: str, stop: frozenset[str]) -> bool:
    if "'" in lowered or "’" in lowered:
        if lowered.endswith(("n't", "n’t")):
            return False  # negations are checked on their own
        lowered = CLITIC.sub("", lowered)  # "it's", "she'll": the pronoun decides
    return lowered not in stop


def _plain_terms(lowered_words: list[str]) -> frozenset[str]:
    """content_terms' terms for a sentence with no number, date or negation in it (most sentences; faster)."""
    stop = _stop_words()
    return frozenset(_stem(word) for word in lowered_words if _is_content(word, stop))


@dataclass
class _Indexed:
    """One source sentence, ready for checking."""

    stems: frozenset[str]
    facts: Facts
    names: frozenset[str]  # lower-cased words, for name keys


@dataclass(frozen=True)
class Evidence:
    """A cited source span and the share of the summary sentence's content words it carries."""

    article: str
    outlet: str
    start: int
    end: int
    score: float
    spans: tuple[tuple[int, int], ...] = ()  # the kept pieces when page text was cut out of it (wirebrief.text.trim)

    def to_dict(self) -> dict[str, Any]:
        kept = self.spans or ((self.start, self.end),)
        return {"article": self.article, "outlet": self.outlet, "start": self.start, "end": self.end,
                "spans": [list(span) for span in kept], "score": self.score}


@dataclass(frozen=True)
class Unsupported:
    """A part of a summary sentence the cited spans do not carry; start/end index into the sentence text."""

    text: str
    kind: str
    start: int
    end: int

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "kind": self.kind}


@dataclass
class CheckedSentence:
    text: str
    verdict: str
    sources: list[Evidence]
    unsupported: list[Unsupported]
    coverage: float  # share of content words the cited spans carry

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "verdict": self.verdict,
            "sources": [s.to_dict() for s in self.sources],
            "unsupported": [u.to_dict() for u in self.unsupported],
        }


@dataclass
class Verification:
    sentences: list[CheckedSentence]
    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = Counter(s.verdict for s in self.sentences)
        return {verdict: found.get(verdict, 0) for verdict in VERDICTS}

    @property
    def all_supported(self) -> bool:
        return all(s.verdict == "supported" for s in self.sentences)

    @property
    def any_unsupported(self) -> bool:
        return any(s.verdict == "unsupported" for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": [s.to_dict() for s in self.sentences],
            "articles": [
                {"id": a.id, "outlet": a.outlet, "title": a.title, "published": a.published, "url": a.url, "text": a.text}
                for a in self.articles
            ],
            "skipped": [s.to_dict() for s in self.skipped],
            "warnings": [s.to_dict() for s in self.warnings],
        }


class Checker:
    """The sources of one cluster, indexed once; `check` judges any number of summary sentences against them."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        capitalised: set[str] = set()
        lowercase: set[str] = set()
        self.sentences: list[_Indexed] = []
        self.postings: dict[str, list[int]] = {}
        self.verbatim: dict[tuple[str, ...], int] = {}
        for index, sentence in enumerate(cluster.sentences):
            tokens = WORD.findall(sentence.text)
            lowered = [token.lower() for token in tokens]
            names = frozenset(_name_key(word) for word in lowered)
            for position, (token, key) in enumerate(zip(tokens, lowered)):
                (capitalised if position > 0 and token[:1].isupper() else lowercase).add(_name_key(key))
            if FACT_HINT.search(sentence.text):
                facts = find_facts(sentence.text, names=False)
                stems = frozenset(term for _, _, term in content_terms(sentence.text, facts))
            else:
                facts, stems = Facts(), _plain_terms(lowered)
            self.sentences.append(_Indexed(stems, facts, names))
            for stem in stems:
                self.postings.setdefault(stem, []).append(index)
            # a summary sentence copied from a source (as a brief's are) is supported by that very sentence
            self.verbatim.setdefault(tuple(normalised_tokens(sentence.text)), index)
        self.capitalised = frozenset(capitalised - lowercase)
        # rarer terms tell more about which sentence a claim comes from (inverse sentence frequency); numbers,
        # dates and names count double, since they are what the check is about
        total = len(cluster.sentences) + 1
        self.weight = {
            term: (1.0 + math.log(total / len(found))) * (2.0 if ":" in term or term in self.capitalised else 1.0)
            for term, found in self.postings.items()
        }
        # wire copies: sentence index → the other sentences of its unit
        position = {(s.article, s.start): i for i, s in enumerate(cluster.sentences)}
        self.copies: dict[int, list[int]] = {}
        for unit in cluster.units:
            members = [position[(s.article, s.start)] for s in unit.sentences]
            for member in members:
                self.copies[member] = members

    def check(self, text: str) -> CheckedSentence:
        facts = find_facts(text, self.capitalised)
        content = content_terms(text, facts)
        stems = {term for _, _, term in content}
        verbatim = self.verbatim.get(tuple(normalised_tokens(text)))
        cited = [verbatim] if verbatim is not None else self._cite(stems)
        carried = set().union(*(self.sentences[i].stems for i in cited)) if cited else set()
        coverage = len(stems & carried) / len(stems) if stems else (1.0 if cited else 0.0)
        missing = self._missing_facts(text, facts, cited, content)
        if missing:
            verdict = "unsupported"
        elif verbatim is None and len(stems) < MIN_CLAIM_TERMS:
            verdict = "unsupported"  # too little to tie to a source unless it is quoted word for word
        elif cited and coverage >= SUPPORTED_COVERAGE:
            verdict = "supported"
        elif cited and coverage >= PARTLY_COVERAGE:
            verdict = "partly"
        else:
            verdict = "unsupported"
        if verdict != "supported":
            missing += self._uncarried(text, content, carried, missing)
            missing.sort(key=lambda u: (u.start, u.end))
        return CheckedSentence(text, verdict, self._evidence(cited, stems), missing, round(coverage, 3))

    def _cite(self, stems: set[str]) -> list[int]:
        """The best-matching source sentence, then any that add enough content words of their own."""
        overlap: Counter[int] = Counter()
        weighted: dict[int, float] = {}
        for stem in stems:
            for index in self.postings.get(stem, ()):
                overlap[index] += 1
                weighted[index] = weighted.get(index, 0.0) + self.weight[stem]
        if not overlap:
            return []
        # most weight first, the earliest sentence on ties: the same input always cites the same spans
        ranked = sorted(overlap, key=lambda i: (-round(weighted[i], 9), i))
        best = ranked[0]
        if overlap[best] < min(2, len(stems)):
            return []
        cited, covered = [best], stems & self.sentences[best].stems
        candidates = [i for i in ranked[1:] if overlap[i] >= MIN_EXTRA_CONTENT]
        # greedy cover: each further span is the one adding the most weight of terms not yet carried
        while len(cited) < MAX_SPANS and candidates:
            gains = {i: (stems & self.sentences[i].stems) - covered for i in candidates}
            index = max(candidates, key=lambda i: (round(sum(self.weight[t] for t in gains[i]), 9), -i))
            if len(gains[index]) < MIN_EXTRA_CONTENT:
                break
            cited.append(index)
            covered |= gains[index]
            candidates = [i for i in candidates if i != index and len(gains[i] - covered) >= MIN_EXTRA_CONTENT]
        return cited

    def _missing_facts(self, text: str, facts: Facts, cited: list[int], content) -> list[Unsupported]:
        spans = [self.sentences[i] for i in cited]
        carried_keys = set().union(*(s.facts.keys(k) for s in spans for k in ("number", "date"))) if spans else set()
        carried_names = set().union(*(s.names for s in spans)) if spans else set()
        span_negations = sum(1 for s in spans for m in s.facts.mentions if m.kind == "negation")
        missing: list[Unsupported] = []
        for mention in facts.mentions:
            if mention.kind in ("number", "date"):
                ok = all(key in carried_keys for key in mention.keys)
            elif mention.kind == "name":
                ok = all(key in carried_names for key in mention.keys)
            else:
                # carried when a cited span negates too, unless that span states the negated word plainly
                ok = span_negations > 0 and not any(
                    key in s.stems and key not in s.facts.negated for key in mention.keys for s in spans
                )
            if not ok:
                missing.append(Unsupported(text[mention.start:mention.end], mention.kind, mention.start, mention.end))
        # a word the best cited span negates, stated here without any negation ("did not resign" → "resigned")
        if spans and not any(m.kind == "negation" for m in facts.mentions):
            negated_in_spans = spans[0].facts.negated
            for start, end, stem in content:
                if stem in negated_in_spans:
                    missing.append(Unsupported(text[start:end], "negation", start, end))
                    break
        return missing

    @staticmethod
    def _uncarried(text: str, content, carried: set[str], already: list[Unsupported]) -> list[Unsupported]:
        """Runs of content words the cited spans lack, as "other" (parts already pointed out are left out)."""
        runs: list[Unsupported] = []
        taken = [(u.start, u.end) for u in already]
        current: tuple[int, int] | None = None
        for start, end, term in content:
            inside = any(s <= start < e for s, e in taken)
            if term in carried or inside:
                if current:
                    runs.append(Unsupported(text[current[0]:current[1]], "other", *current))
                current = None
                continue
            if current and any(current[1] <= s < start for s, _ in taken):
                runs.append(Unsupported(text[current[0]:current[1]], "other", *current))  # a fact lies between
                current = None
            current = (current[0], max(current[1], end)) if current else (start, end)
        if current:
            runs.append(Unsupported(text[current[0]:current[1]], "other", *current))
        return runs

    def _evidence(self, cited: list[int], stems: set[str]) -> list[Evidence]:
        chosen: list[int] = []
        for index in cited:
            for member in self.copies.get(index, [index]):
                if member not in chosen:
                    chosen.append(member)
        evidence = []
        for index in sorted(chosen, key=lambda i: (self.cluster.sentences[i].article, self.cluster.sentences[i].start)):
            sentence = self.cluster.sentences[index]
            article = self.cluster.articles[sentence.article]
            score = len(stems & self.sentences[index].stems) / len(stems) if stems else 1.0
            evidence.append(
                Evidence(article.id, article.outlet, sentence.start, sentence.end, round(score, 3), sentence.pieces)
            )
        return evidence


def split_summary(summary: str | Iterable[str]) -> list[str]:
    """A summary's sentences: a text is split like articles are; a list is taken as its sentences."""
    if isinstance(summary, str):
        return [s.text for s in split_article(0, summary)]
    return [s for s in (item.strip() for item in summary) if s]


def verify_cluster(summary: str | Iterable[str], cluster: Cluster) -> list[CheckedSentence]:
    """Check a summary against an already prepared cluster (the brief's own, for `brief --verify`)."""
    checker = Checker(cluster)
    return [checker.check(sentence) for sentence in split_summary(summary)]


def verify_brief(brief: Brief, settings: Settings | None = None) -> Verification:
    """Check a brief against the articles it was made from, sentence by sentence (nothing re-split)."""
    cluster = prepare(brief.articles, settings or Settings())
    return Verification(verify_cluster([s.text for s in brief.sentences], cluster), brief.articles)


def verify_read(summary: str | Iterable[str], read: ReadResult, settings: Settings | None = None) -> Verification:
    """Check a summary against whatever was read; raises InputError when no source can be used."""
    settings = settings or Settings()
    articles, skipped = clean_read(read, settings)
    if not articles:
        raise nothing_left("no source to check against", skipped)
    sentences = split_summary(summary)
    if not sentences:
        raise InputError("the summary has no sentences to check")
    return Verification(verify_cluster(sentences, prepare(articles, settings)), articles, skipped, read.warnings)


def verify(
    summary: str | Iterable[str],
    sources: Iterable[str | dict[str, Any] | Article],
    settings: Settings | None = None,
) -> Verification:
    """Check a summary (text, or a list of its sentences) against sources given as texts, records or Articles.

    >>> v = verify("Dockers ended the strike on Tuesday.", ["Dock workers ended their strike on Tuesday ..."])  # doctest: +SKIP
    >>> [s.verdict for s in v.sentences]  # doctest: +SKIP
    """
    return verify_read(summary, read_items(sources), settings)


def verify_inputs(summary: str | Iterable[str], inputs: Iterable[str], settings: Settings | None = None,
                  stdin: bytes | None = None) -> Verification:
    """Check a summary against files, directories and '-' (stdin), read as `wirebrief brief` reads them."""
    settings = settings or Settings()
    return verify_read(summary, read_inputs(inputs, settings.max_file_bytes, stdin=stdin), settings)
