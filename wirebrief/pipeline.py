"""The pipeline: ingest → clean → split → wire-match → score → select → order → attribute → date (→ render);
disagreements between the sources are found over the whole cluster.

`prepare` builds a Cluster from raw articles; `summarize` turns a Cluster into brief sentences; `brief` briefs Python
values. The engine reads no paths, URLs or feeds: `wirebrief.sources.brief_inputs` does, and hands them here.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from dataclasses import replace
from typing import Any

import numpy as np

from .compose.attribute import attribute
from .compose.order import latest_lead, order_units
from .compose.references import definite, definite_references, introduce_first, leaning_pronouns
from .compose.repeats import Repeats
from .errors import InputError
from .facts.disagree import find_disagreements
from .facts.supersede import background, revised_figures, superseded
from .readers import RawArticle, ReadResult, read_record
from .readers.records import given_article
from .resources import one_blas_thread
from .select import get_selector
from .select.features import Features
from .settings import Settings
from .text import worthy
from .text.clean import clean
from .text.cohesion import main_story
from .text.dates import date_sentences
from .text.embeds import posts_page
from .text.language import unsupported_language
from .text.names import full_names
from .text.outlet import name_outlet
from .text.split import split_article
from .text.trim import shorten, trim
from .text.wirematch import match_wire
from .text.worthy import repair
from .types import EMPTY_BY_RULES, NOTHING_FITS, Article, Brief, BriefSentence, Cluster, Sentence, Skipped, Unit

# how many times the sentences of a brief whose short names or definite references ("the plan") it never
# introduces (wirebrief.compose.references), or that repeat a fact (wirebrief.compose.repeats), are replaced
REFERENCE_ROUNDS = 4


def clean_articles(
    items: Iterable[RawArticle | Article], max_articles: int | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Clean each raw article; an Article (a library user's, whose text is clean already) is taken as it is. Ids
    are made unique so that attribution is unambiguous (an Article whose id is taken is copied under a new one).
    Beyond `max_articles` articles the rest are skipped with a reason."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        where = item.path or item.id or f"article {number}"
        if max_articles is not None and len(articles) >= max_articles:
            skipped.append(Skipped(where, f"over the limit of {max_articles:,} articles in one brief"))
            continue
        language = unsupported_language(item.text)
        if language:
            skipped.append(Skipped(where, f"unsupported language: {language} (wirebrief briefs English)"))
            continue
        if isinstance(item, Article):
            if not item.text.strip():
                skipped.append(Skipped(where, "no article text"))
                continue
            identifier = _unique_id(item.id or f"a{number}", seen)
            outlet, outlet_from = item.outlet, item.outlet_from
            if outlet_from is None or not outlet:
                outlet, outlet_from = name_outlet(item.outlet, None, item.text, item.url, identifier)
            given = (item.id, item.outlet, item.outlet_from)
            same = given == (identifier, outlet, outlet_from)
            articles.append(item if same else replace(item, id=identifier, outlet=outlet, outlet_from=outlet_from))
            continue
        cleaned = clean(item.text, find_title=item.title_in_text)
        if not cleaned.text.strip():
            skipped.append(Skipped(where, "no article text left after removing boilerplate"))
            continue
        if posts_page(item.text):  # the page as given: cleaning drops some of its posts, not all
            skipped.append(Skipped(where, "a page of embedded social-media posts, not a report"))
            continue
        identifier = _unique_id(item.id or f"a{number}", seen)
        outlet, outlet_from = name_outlet(item.outlet, item.site_name, item.text, item.url, identifier)
        articles.append(
            Article(
                id=identifier,
                text=cleaned.text,
                outlet=outlet,
                outlet_from=outlet_from,
                title=item.title or cleaned.title,
                published=item.published or cleaned.published,
                url=item.url,
                path=item.path,
            )
        )
    return articles, skipped


def _unique_id(base: str, seen: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… when it is taken; remembered in `seen`."""
    identifier, suffix = base, 2
    while identifier in seen:
        identifier, suffix = f"{base}-{suffix}", suffix + 1
    seen.add(identifier)
    return identifier


def clean_read(read: ReadResult, settings: Settings) -> tuple[list[Article], list[Skipped]]:
    """The articles of what was read, cleaned, and every input skipped on the way (reading, then cleaning)."""
    articles, dropped = clean_articles(read.articles, settings.max_articles)
    return articles, read.skipped + dropped


def nothing_left(what: str, skipped: list[Skipped]) -> InputError:
    """The error for input of which no article is left: `what`, and the first reasons it was skipped."""
    reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
    return InputError(what + (f" ({reasons})" if reasons else ": no input"))


def documents_articles(documents: list, settings: Settings, cluster_id: str = "cluster") -> list[Article]:
    """The articles of a cluster given as documents (texts or article records, as in a cluster record's
    "documents"), read and cleaned as `wirebrief brief` reads and cleans them."""
    return clean_read(read_record({"id": cluster_id, "documents": documents}, cluster_id, cluster_id), settings)[0]


def prepare_documents(documents: list, settings: Settings, cluster_id: str = "cluster") -> Cluster | None:
    """A cluster given as documents, read, cleaned, split and wire-matched as `wirebrief brief` does it; None when
    no article is left."""
    articles = documents_articles(documents, settings, cluster_id)
    return prepare(articles, settings) if articles else None


def prepare(articles: list[Article], settings: Settings) -> Cluster:
    """Split cleaned articles into sentences (opening connectives and glued furniture repaired, see
    worthy.repair) and group wire copy into units.

    Beyond settings.max_sentences, each article keeps its earliest sentences (news puts the facts first; every
    article keeps as many as the others, give or take one), so the cost of the later stages is bounded whatever the input.
    """
    sentences = [
        _repaired(sentence, settings) for index, article in enumerate(articles) for sentence in split_article(index, article.text)
    ]
    warnings: list[Skipped] = []
    if len(sentences) > settings.max_sentences:
        kept = {(s.article, s.position) for s in sorted(sentences, key=lambda s: (s.position, s.article))[: settings.max_sentences]}
        warnings.append(Skipped("input", f"{len(sentences) - len(kept):,} of {len(sentences):,} sentences left out: at "
                                         f"most {settings.max_sentences:,} sentences in one brief, the earliest of each article"))
        sentences = [s for s in sentences if (s.article, s.position) in kept]
    notes: list[str] = []
    units = match_wire(sentences, settings, notes)
    warnings += [Skipped("input", note) for note in notes]
    return Cluster(articles=articles, sentences=sentences, units=units, warnings=warnings)


def _repaired(sentence: Sentence, settings: Settings) -> Sentence:
    """The sentence without glued page text (trim) and an opening connective (worthy.repair), as settings say."""
    if settings.trim_furniture:
        sentence = trim(sentence)
    return repair(sentence) if settings.repair_openings else sentence


def summarize(cluster: Cluster, settings: Settings) -> list[BriefSentence]:
    """The brief sentences of a cluster: only brief-worthy units (worthy.py) are offered to the selector."""
    if not cluster.units:
        return []
    # every number a selector reads is computed on one BLAS thread, however many cores the machine has
    with one_blas_thread():
        return _summarize(cluster, settings)


def _summarize(cluster: Cluster, settings: Settings) -> list[BriefSentence]:
    """summarize, on one BLAS thread."""
    features = Features(cluster, settings)
    if not features.eligible.any():
        return []
    selector = get_selector(settings.method)
    # a figure a newer report revises is not stated as current (the revision note says what it replaced)
    features.eligible = features.eligible & ~revised_figures(cluster, find_disagreements(cluster))
    newest = latest_lead(cluster, features.eligible, lambda: features.centrality)
    # what older reports only expected of the newest development is out of date (wirebrief.facts.supersede), also
    # when that development's lead cannot lead this brief
    older = background(cluster)
    stale = superseded(cluster, newest, older)
    lead = fit_lead(features, newest)
    cluster = features.cluster  # with the lead shortened to fit, when it had to be
    known = full_names(article.text for article in cluster.articles)
    # a sentence whose "he" or "his" has no person before it only follows its source's previous sentence
    leaning = leaning_pronouns(cluster, known)
    features.eligible = features.eligible & ~stale & ~leaning
    needs = definite_references(cluster)
    repeats_of = Repeats(unit.text for unit in cluster.units)

    def check(chosen: list[int]) -> tuple[list[int], set[int], set[int]]:
        """The brief order of `chosen`; the sentences whose surname or definite reference ("the plan") nothing
        before them introduces, or that tell a fact told before (wirebrief.compose.repeats); and of those, the ones to
        leave out when choosing again does not help: all but the surnames (the names rules also take words for
        surnames that are not, "Dutch filmmaker Theo van Gogh")."""
        texts = {index: cluster.units[index].text for index in chosen}
        ordered, unplaced = introduce_first(order_units(chosen, cluster, lead, older), texts, known, needs)
        repeats = repeats_of.repeated(ordered, texts)
        droppable = (repeats | {i for i, references in unplaced.items() if definite(references)}) - {lead}
        return ordered, (set(unplaced) | repeats) - {lead}, droppable

    ordered = choose(selector, features, lead, check)
    ordered = add_continuations(ordered, features, stale, leaning)
    return date_sentences(attribute(ordered, cluster), cluster.articles)


def fit_lead(features: Features, lead: int | None) -> int | None:
    """The lead, shortened to fit the budget when it is too long (wirebrief.text.trim.shorten); None when it cannot be.
    Without a newest report to lead, the reports' own lead (the earliest brief-worthy sentence) is shortened and
    leads when it does not fit as it is, so that a small budget trims a long lead rather than skipping it. A
    shortened lead replaces its unit in a copy of the cluster, which `features.cluster` then holds."""
    cluster, budget = features.cluster, features.settings.budget

    def fits(text: str) -> bool:
        return budget.cost(text) <= budget.limit

    if lead is None and features.settings.trim_furniture:
        eligible = np.flatnonzero(features.eligible)
        first = min(eligible, key=lambda i: (cluster.units[i].first_position, -cluster.units[i].support, i), default=None)
        lead = None if first is None or fits(cluster.units[first].text) else int(first)
    if lead is None or fits(cluster.units[lead].text):
        return lead
    if not features.settings.trim_furniture:
        return None
    shortened = [shorten(sentence, fits) for sentence in cluster.units[lead].sentences]
    if shortened[0] is None:
        return None
    units = list(cluster.units)
    units[lead] = Unit([short or whole for short, whole in zip(shortened, cluster.units[lead].sentences)])
    features.cluster = replace(cluster, units=units)
    return lead


def add_continuations(ordered: list[int], features: Features, stale: np.ndarray, leaning: np.ndarray) -> list[int]:
    """Fill what the budget leaves with sentences that lean on the sentence before them ("He added that ..."),
    each placed right after that sentence, which the brief shows: there the opening has what it points at; none
    that is `stale` (wirebrief.facts.supersede). `leaning` marks sentences whose pronoun needs the sentence before
    them (wirebrief.compose.references); they too may only follow it."""
    cluster, settings = features.cluster, features.settings
    budget = settings.budget
    remaining = budget.limit - sum(budget.cost(cluster.units[i].text) for i in ordered)
    following: dict[tuple[int, int], int] = {}
    for index, unit in enumerate(cluster.units):
        for sentence in unit.sentences:
            following.setdefault((sentence.article, sentence.position), index)
    result: list[int] = []
    taken = set(ordered)
    for index in ordered:
        result.append(index)
        shown = cluster.units[index].sentences[0]
        nxt = following.get((shown.article, shown.position + 1))
        if nxt is None or nxt in taken or stale[nxt] or budget.cost(cluster.units[nxt].text) > remaining:
            continue
        verdict = worthy.verdict(cluster.units[nxt].text, settings)
        if verdict != worthy.DANGLING and not (verdict is None and leaning[nxt]):
            continue
        if any(features.similarity[nxt, i] >= settings.redundancy_threshold for i in taken):
            continue
        result.append(nxt)
        taken.add(nxt)
        remaining -= budget.cost(cluster.units[nxt].text)
    return result


def choose(selector, features: Features, lead: int | None, check) -> list[int]:
    """The brief's units in order: the newest development (`lead`) and the method's choice for the rest. The
    sentences `check` finds unfit are replaced by the method's next choice for what they leave of the budget,
    beside the sentences kept (up to REFERENCE_ROUNDS times); those still unfit that `check` may leave out are
    left out (words unused rather than "the plan" a reader cannot place)."""
    # the newest development leads, in every method's brief; the method fills the rest of the budget
    chosen = selector.select(features) if lead is None else [lead, *select_besides(selector, features, [lead])]
    for _ in range(REFERENCE_ROUNDS):
        ordered, unfit, _ = check(chosen)
        if not unfit:
            return ordered
        features.eligible = features.eligible.copy()
        features.eligible[sorted(unfit)] = False
        kept = [index for index in ordered if index not in unfit]
        chosen = kept + select_besides(selector, features, kept) if kept else selector.select(features)
    ordered, _, droppable = check(chosen)
    return [index for index in ordered if index not in droppable]


def select_besides(selector, features: Features, taken: list[int]) -> list[int]:
    """The selector's choice for what the budget leaves beside `taken`, among units that do not repeat them."""
    settings = features.settings
    rest = settings.budget.without(sum(settings.budget.cost(features.cluster.units[i].text) for i in taken))
    if rest is None:
        return []
    # a shallow copy keeps what is computed already (word statistics, similarity); only budget and candidates differ
    narrowed = copy(features)
    narrowed.settings = replace(settings, budget=rest)
    narrowed.eligible = features.eligible & (features.similarity[taken].max(axis=0) < settings.redundancy_threshold)
    narrowed.eligible[taken] = False
    return selector.select(narrowed) if narrowed.eligible.any() else []


def worthy_words(article: Article, settings: Settings) -> int:
    """The words of an article's brief-worthy sentences (wirebrief.text.worthy), as `prepare` would split them."""
    sentences = (repair(s) if settings.repair_openings else s for s in split_article(0, article.text))
    return sum(s.words for s in sentences if worthy.verdict(s.text, settings) is None)


def why_empty(cluster: Cluster, settings: Settings) -> Skipped:
    """The warning for an empty brief: every sentence failed the rules ("rules"), or none fits ("budget")."""
    verdicts = worthy.eligible(cluster.units, settings)
    if all(v is not None for v in verdicts):
        return Skipped(EMPTY_BY_RULES, worthy.explain(verdicts))
    return Skipped(NOTHING_FITS, "no brief-worthy sentence fits within the length budget")


def brief_from_read(read: ReadResult, settings: Settings, empty_ok: bool = False) -> Brief:
    """Brief whatever was read; raises InputError when nothing in it can be briefed, unless `empty_ok` (then the
    brief is empty and `skipped` says why)."""
    articles, skipped = clean_read(read, settings)
    if not articles and empty_ok:
        return Brief([], [], skipped, read.warnings)
    if not articles:
        raise nothing_left("nothing to brief", skipped)
    # a brief is of one story: when the articles look like several, of the main one (wirebrief.text.cohesion)
    articles, others, mixed = main_story(articles, lambda article: worthy_words(article, settings))
    cluster = prepare(articles, settings)
    sentences = summarize(cluster, settings)
    warnings = read.warnings + cluster.warnings + ([] if sentences else [why_empty(cluster, settings)])
    if mixed:
        warnings.append(mixed)
    return Brief(sentences, articles, skipped + others, warnings, find_disagreements(cluster))


def settings_for(
    settings: Settings | None, words: int | None, sentences: int | None, chars: int | None, method: str | None
) -> Settings:
    """`settings` (default Settings()) with a budget and method given by keyword, when given."""
    settings = settings or Settings()
    if words is not None or sentences is not None or chars is not None:
        settings = settings.with_budget(words=words, sentences=sentences, chars=chars)
    if method is not None:
        settings = replace(settings, method=method)  # Settings checks the name: a UsageError now, not after reading
    return settings


def brief(
    articles: Iterable[str | dict[str, Any] | Article],
    words: int | None = None,
    sentences: int | None = None,
    chars: int | None = None,
    settings: Settings | None = None,
    empty_ok: bool = False,
    method: str | None = None,
) -> Brief:
    """Brief a cluster given as texts, article records (dicts with "text" or "html") or Articles.

    The budget is one of `words`, `sentences`, `chars` (default 150 words); `method` is a name from
    `wirebrief.METHODS` (default "wirebrief"); `settings` holds every other knob.

    >>> b = brief(["First report ...", "Second report ..."], words=150)   # doctest: +SKIP
    """
    settings = settings_for(settings, words, sentences, chars, method)
    return brief_from_read(read_items(articles), settings, empty_ok)


def read_items(articles: Iterable[str | dict[str, Any] | Article] | str | dict[str, Any]) -> ReadResult:
    """Articles given as Python values: texts and records (with "text" or "html") are read as raw articles;
    Articles, clean already, go in as they are (see clean_articles)."""
    if isinstance(articles, (str, dict)):
        articles = [articles]
    read = ReadResult()
    for number, item in enumerate(articles, start=1):
        if isinstance(item, Article):
            read.extend(given_article(item, f"article {number}"))
        else:
            read.extend(read_record(item, f"a{number}", f"article {number}"))
    return read
