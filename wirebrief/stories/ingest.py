"""Ingest: cleaned articles in, deduplicated and clustered into stories, one store transaction per batch.

Order of work per batch (all inside one transaction, so a killed process leaves either the whole batch or none of
it): ids already stored are skipped (same id, same text: idempotent re-ingest; same id, other text: the article is
stored as `<id>~<hash8>`); exact copies (same normalised text) and near copies (SimHash, confirmed on 3-shingles)
are stored linked to their original with `duplicate_of`; everything else joins the best active story or starts one,
and stories one article bridges are merged. Page furniture (`wirebrief.text.clutter`, the filter
`brief` uses too: cookie and consent notices, web-archive crawl notes, social-media widgets) is left out of the clustering vector, and an article that is nothing but
furniture (fewer than `min_news_words` words besides it) is not stored: it is reported as skipped, with the reason,
because it would glue unrelated stories together. Briefs of touched stories are refreshed after the batches (a story's
brief is marked stale in the same transaction that changes it, so a crash in between is repaired by the next run).
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import sha1
from itertools import islice

import numpy as np

from ..settings import Settings
from ..text.clutter import is_clutter, may_contain
from ..text.clutter import learned as learned_clutter
from ..text.lexical import WORD
from ..types import Article, Skipped
from .index import (
    EVENT_SETTINGS,
    STORYLINE_SETTINGS,
    ArticleVector,
    ClusterSettings,
    StoryIndex,
    StoryState,
    Vector,
    blend,
    content_hash,
    lead,
    near_duplicate_text,
    simhash,
    vectorize_texts,
)
from .storable import storable
from .store import ArticleRow, Store


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # new articles, stored as reports
    duplicates: list[str] = field(default_factory=list)  # new articles stored as copies of a stored one
    existing: list[str] = field(default_factory=list)  # already stored (same id, same text): nothing done
    stories_touched: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)
    briefs_refreshed: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "existing": self.existing,
            "stories_touched": self.stories_touched,
            "skipped": [s.to_dict() for s in self.skipped],
            "warnings": [s.to_dict() for s in self.warnings],
            "briefs_refreshed": self.briefs_refreshed,
        }

    def merge(self, other: IngestReport) -> IngestReport:
        """This report with `other`'s ids, skips, stories (each once) and refreshed briefs added; returns it."""
        for name in ("added", "duplicates", "existing", "skipped", "warnings"):
            getattr(self, name).extend(getattr(other, name))
        self.stories_touched = list(dict.fromkeys(self.stories_touched + other.stories_touched))
        self.briefs_refreshed += other.briefs_refreshed
        return self


FURNITURE_ONLY = "page furniture only (cookie, consent, archive or social-media notice), no news text"


# Sentence splitting is the costliest step of ingest, and most texts have no furniture. The splitter breaks
# sentences only after sentence-final punctuation or at blank lines, so a furniture sentence is a run of the text's
# words that begins and ends at such a break: texts without one are returned as they are, unsplit.
_BREAKS = re.compile(r"[.!?\n\u2026;:]+")


@lru_cache(maxsize=4)
def _furniture_pattern(furniture: frozenset[str]) -> re.Pattern:
    """Matches ' | w1 ( |)? w2 ... wk | ' in the word string of `_break_marked` for each furniture sentence."""
    alternatives = sorted(r"(?: \|)? ".join(re.escape(w) for w in s.split()) for s in furniture if s.split())
    return re.compile(r"\| (?:" + "|".join(alternatives) + r") \|")


def _break_marked(text: str) -> tuple[str, int]:
    """(the text's lower-cased words with ' | ' at every possible sentence break, number of words)."""
    pieces = [" ".join(words) for words in map(WORD.findall, _BREAKS.split(text.lower())) if words]
    return "| " + " | ".join(pieces) + " |", sum(p.count(" ") + 1 for p in pieces)


def news_text(text: str, furniture: frozenset[str]) -> tuple[str, int, int]:
    """(the text without furniture sentences, words in furniture sentences, words in the rest)."""
    from ..text.split import split_article

    if not furniture:
        return text, 0, len(text.split())
    marked, n_words = _break_marked(text)
    if not _furniture_pattern(furniture).search(marked) and not may_contain(text):
        return text, 0, n_words
    kept: list[str] = []
    furniture_words = kept_words = 0
    for sentence in split_article(0, text):
        tokens = WORD.findall(sentence.text.lower())
        if " ".join(tokens) in furniture or is_clutter(sentence.text):
            furniture_words += len(tokens)
        else:
            kept.append(sentence.text)
            kept_words += len(tokens)
    return ("\n".join(kept) if furniture_words else text), furniture_words, kept_words


@dataclass
class Prepared:
    """An article and what placing it needs that depends on nothing stored: the words of page furniture in it and
    of the rest, its content hash and its term vector (None for a furniture-only article, which is not stored).
    Made just before its batch is placed, or ahead of time on Ray workers (`ingest --ray`)."""

    article: Article
    furniture_words: int
    kept_words: int
    digest: str
    vector: Vector | None
    hashed: int = 0  # SimHash of the text's own vector (a new headline on a copy does not move it)


def prepare_articles(articles: list[Article], furniture: frozenset[str], min_news_words: int,
                     title_weight: float = 0.0, lead_words: int = 0) -> list[Prepared]:  # fmt: skip
    """Furniture measured and term vectors made: the text's (its lead, `lead_words`) blended with the title's."""
    measured = [news_text(article.text, furniture) for article in articles]
    kept = [i for i, (_, furniture_words, kept_words) in enumerate(measured)
            if not (furniture_words and kept_words < min_news_words)]
    texts = vectorize_texts([lead(measured[i][0], lead_words) for i in kept])
    titled = [i for i in kept if articles[i].title and title_weight > 0]
    titles = dict(zip(titled, vectorize_texts([articles[i].title for i in titled])))
    vectors = {i: blend(text, titles.get(i), title_weight) for i, text in zip(kept, texts)}
    hashes = {i: simhash(text.terms, text.tf) for i, text in zip(kept, texts)}
    return [
        Prepared(article, furniture_words, kept_words, content_hash(article.text), vectors.get(i), hashes.get(i, 0))
        for i, (article, (_, furniture_words, kept_words)) in enumerate(zip(articles, measured))
    ]


def clean_and_prepare(furniture: frozenset[str], settings: ClusterSettings, raw_articles: list) -> tuple[list[Prepared], list[Skipped]]:
    """Raw articles (one batch of a stream) cleaned and prepared, with those cleaning dropped: a Ray task."""
    from ..pipeline import clean_articles

    articles, dropped = clean_articles(raw_articles)
    s = settings
    return prepare_articles(articles, furniture, s.min_news_words, s.title_weight, s.lead_words), dropped


def story_id_for(article_id: str) -> str:
    return "s" + sha1(article_id.encode("utf-8")).hexdigest()[:11]


@dataclass
class _Pending:
    """What one batch will commit: article rows, changed stories, merges, new terms, and its part of the report."""

    report: IngestReport = field(default_factory=IngestReport)
    rows: list[ArticleRow] = field(default_factory=list)
    dirty: dict[str, StoryState] = field(default_factory=dict)
    merges: list[tuple[str, str]] = field(default_factory=list)
    dirty_lines: dict[str, StoryState] = field(default_factory=dict)  # storylines changed, and their merges
    line_merges: list[tuple[str, str]] = field(default_factory=list)
    new_terms: list[np.ndarray] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # id -> content hash, for ids repeated within the batch
    hashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # content hash -> (original id, story id)
    texts: dict[int, str] = field(default_factory=dict)  # seq -> text, for near-duplicate checks in the batch


@dataclass
class _Candidate:
    """One article of a batch after the id checks: its stored id, hash, vector and publication time."""

    article: Article
    id: str
    digest: str
    vector: Vector
    published: float | None
    simhash: int
    matches: list = field(default_factory=list)  # the events it was compared with (index.Match), best first


class Ingestor:
    """Adds articles to one store. Holds the store's in-memory clustering index, reloaded when another process
    (or another Ingestor) has written meanwhile; one instance lives as long as its `StoryService`.

    Each batch, in one transaction: dedupe (ids already stored, furniture-only articles, exact and near copies) →
    place (join, start or merge stories: `StoryIndex.place`) → absorb (story times and counts, article rows)."""

    def __init__(self, store: Store, settings: ClusterSettings | None = None, batch_size: int = 500,
                 storylines: ClusterSettings | None = None):  # fmt: skip
        self.store = store
        self.index = StoryIndex(settings or EVENT_SETTINGS)  # events
        self.lines = StoryIndex(storylines or STORYLINE_SETTINGS)  # storylines
        self.batch_size = batch_size
        self.generation: str | None = None
        self.furniture = learned_clutter()[0] if self.index.settings.min_news_words > 0 else frozenset()

    # --- state ----------------------------------------------------------------------------------------------
    def _sync(self) -> None:
        """Reload the index from the store when someone else has written since this Ingestor last did."""
        if self.store.get_meta("generation") == self.generation:
            return
        df, n_docs = self.store.load_df(), int(self.store.get_meta("n_docs", "0"))
        index, lines = StoryIndex(self.index.settings), StoryIndex(self.lines.settings)
        for level, table in ((index, "stories"), (lines, "storylines")):
            level.load_statistics(df, n_docs)
            for row in reversed(self.store.load_active_stories(level.settings.max_active, table)):
                level.activate(StoryState.from_row(row))
        if index.settings.link_threshold <= 1.0 and index.settings.link_window > 0:
            for seq, story_id, blob, published in reversed(self.store.load_recent_vectors(index.settings.link_window)):
                index.add_article(ArticleVector.from_blob(seq, story_id, blob, published))
        self.index, self.lines = index, lines

    def _story(self, story_id: str) -> StoryState | None:
        """A story by any id it had (following merges): from the index, or brought back from the store."""
        story = self.index.stories.get(self.index.resolve(story_id))
        if story is None:
            resolved = self.store.resolve_story(story_id)
            story = self.index.stories.get(resolved) if resolved else None
            if story is None and resolved:
                row = self.store.load_story(resolved)
                story = StoryState.from_row(row) if row else None
        return story

    def _storyline(self, event: StoryState, candidate: _Candidate, new_report: bool, pending: _Pending) -> StoryState:
        """The storyline of an event: its own (from the index, or brought back from the store), or, for a new
        event, the storyline whose core its first report matches, or a new one (with the event's id)."""
        lines, vector, published = self.lines, candidate.vector, candidate.published
        if event.storyline_id is not None:
            line_id = lines.resolve(event.storyline_id)
            line = lines.stories.get(line_id)
            if line is None:
                resolved = self.store.resolve_storyline(line_id)
                row = self.store.load_story(resolved, "storylines") if resolved else None
                line = StoryState.from_row(row) if row else None
            if line is not None:
                if new_report:
                    lines.add_to_story(line, vector)
                    if self._near_other_storyline(line, candidate.matches):
                        line = self._bridge_storylines(line, vector, published, pending)
                return line
        line, merges = lines.place(event.id, vector, lines.candidates(vector, published))
        for source, target in merges:
            pending.dirty_lines[source.id] = source
            pending.line_merges.append((source.id, target.id))
        return line

    # --- ingest ---------------------------------------------------------------------------------------------
    def ingest(
        self,
        articles: Iterable[Article | Prepared],
        report: IngestReport | None = None,
        on_commit: Callable[[IngestReport, int, int], None] | None = None,
    ) -> IngestReport:
        """Add articles (any iterable: a stream is read one batch at a time) in batches of `batch_size`, one
        transaction each; `on_commit(report, added_before, duplicates_before)` is called after each commit (the
        ids from those offsets on are durable)."""
        report = report or IngestReport()
        touched: dict[str, None] = dict.fromkeys(report.stories_touched)
        stream = iter(articles)
        while batch := list(islice(stream, self.batch_size)):
            before = (len(report.added), len(report.duplicates))
            touched.update(dict.fromkeys(self._batch(batch, report)))
            if on_commit:
                on_commit(report, *before)
        report.stories_touched = list(dict.fromkeys(self.index.resolve(s) for s in touched))
        return report

    def _prepared(self, items: list[Article | Prepared], report: IngestReport) -> list[Prepared]:
        """Prepare the articles not prepared already (by Ray workers), after leaving out or repairing those that
        hold characters no store keeps (`storable`; a repaired one is prepared again, here)."""
        items = [kept for item in items if (kept := self._storable(item, report)) is not None]
        todo = [item for item in items if isinstance(item, Article)]
        if not todo:
            return items  # type: ignore[return-value]
        s = self.index.settings
        made = iter(prepare_articles(todo, self.furniture, s.min_news_words, s.title_weight, s.lead_words))
        return [next(made) if isinstance(item, Article) else item for item in items]

    @staticmethod
    def _storable(item: Article | Prepared, report: IngestReport) -> Article | Prepared | None:
        article = item.article if isinstance(item, Prepared) else item
        kept, note = storable(article)
        if note is not None:
            (report.warnings if kept is not None else report.skipped).append(note)
        return item if kept is article else kept

    def _batch(self, articles: list[Article | Prepared], report: IngestReport) -> list[str]:
        store = self.store
        pending = _Pending()
        try:
            with store.transaction():
                self._sync()
                now = time.time()
                seq = store.next_seq()
                candidates = self._dedupe_ids(self._prepared(articles, pending.report), pending)
                stored_hashes = store.ids_with_hashes({c.digest for c in candidates})
                for candidate in candidates:
                    story, duplicate_of = self._place(candidate, stored_hashes, seq, pending)
                    self._absorb(candidate, story, duplicate_of, seq, now, pending)
                    seq += 1
                store.insert_articles(pending.rows)
                if pending.new_terms:
                    terms, counts = np.unique(np.concatenate(pending.new_terms), return_counts=True)
                    store.add_df(dict(zip(terms.tolist(), counts.tolist())))
                for event in pending.dirty.values():  # (its storyline may have been merged since)
                    event.storyline_id = self.lines.resolve(event.storyline_id) if event.storyline_id else None
                store.save_stories([s.to_row() for s in pending.dirty.values()])
                for source, target in pending.merges:
                    store.merge_story(source, target)
                store.save_stories([s.to_row() for s in pending.dirty_lines.values()], "storylines")
                for source, target in pending.line_merges:
                    store.merge_storyline(source, target)
                self.generation = uuid.uuid4().hex
                store.set_meta("generation", self.generation)
                store.set_meta("n_docs", str(self.index.n_docs))
        except BaseException:
            self.generation = None  # the in-memory index may hold uncommitted changes: reload next time
            raise
        for name in ("added", "duplicates", "existing", "warnings", "skipped"):
            getattr(report, name).extend(getattr(pending.report, name))
        return pending.touched

    def _dedupe_ids(self, prepared: list[Prepared], pending: _Pending) -> list[_Candidate]:
        """Drop furniture-only articles and ids stored already (same text); an id stored with other text is kept
        as `<id>~<hash8>`. Returns the rest."""
        kept: list[Prepared] = []
        for item in prepared:
            if item.vector is None:
                article = item.article
                where = article.path if article.path and article.path != article.id else None
                reason = f"{FURNITURE_ONLY}: article {article.id!r}" if where else FURNITURE_ONLY
                pending.report.skipped.append(Skipped(where or article.id, reason))
                continue
            kept.append(item)
        stored = self.store.existing_ids({p.article.id for p in kept} | {f"{p.article.id}~{p.digest[:8]}" for p in kept})
        candidates = []
        for article, digest, vector, hashed in ((p.article, p.digest, p.vector, p.hashed) for p in kept):
            aid = article.id
            known = stored.get(aid) or pending.ids.get(aid)
            if known is not None:
                if known == digest:
                    pending.report.existing.append(aid)
                    continue
                aid = f"{article.id}~{digest[:8]}"
                if (stored.get(aid) or pending.ids.get(aid)) is not None:
                    pending.report.existing.append(aid)
                    continue
                pending.report.warnings.append(
                    Skipped(article.path or article.id, f"id {article.id!r} is stored with other text; stored as {aid!r}")
                )
            pending.ids[aid] = digest
            published = article.published_at.timestamp() if article.published_at is not None else None
            candidates.append(_Candidate(article, aid, digest, vector, published, hashed))
        return candidates

    def _place(
        self, candidate: _Candidate, stored_hashes: dict[str, tuple[str, str]], seq: int, pending: _Pending
    ) -> tuple[StoryState, str | None]:
        """(the article's story, the id of the stored article it copies or None). A copy (same normalised text,
        or a near copy among the recent articles of its best candidate stories) goes with its original; any
        other article is placed by the index."""
        index = self.index
        original = pending.hashes.get(candidate.digest) or stored_hashes.get(candidate.digest)
        if original is not None:
            story = self._story(original[1])
            if story is not None:
                return story, original[0]
        matches = candidate.matches = index.candidates(candidate.vector, candidate.published)
        copied = self._near_copy(candidate, index.near_duplicates(matches, candidate.simhash), pending)
        if copied is not None:
            return copied
        story, merges = index.place(story_id_for(candidate.id), candidate.vector, matches)
        for source, target in merges:
            pending.dirty[source.id] = source
            pending.merges.append((source.id, target.id))
            self._join_storylines(source, target, pending)
        return story, None

    def _near_other_storyline(self, line: StoryState, matches: list) -> bool:
        """Whether a report is close to an event of another storyline than `line` (only then may it bridge two
        storylines: most reports are not, and are spared a second search)."""
        threshold, resolve = self.lines.settings.join_threshold, self.lines.resolve
        return any(m.score >= threshold and m.story.storyline_id and resolve(m.story.storyline_id) != line.id
                   for m in matches[:3])  # fmt: skip

    def _bridge_storylines(self, line: StoryState, vector: Vector, published: float | None,
                           pending: _Pending) -> StoryState:  # fmt: skip
        """A new report of an event in `line` that is as close to another storyline's core as to its own merges
        the two (as a report that bridges two events merges them)."""
        matches = self.lines.candidates(vector, published)
        own = next((m for m in matches if m.story is line), None)
        if own is None or len(matches) < 2:
            return line
        line, merges = self.lines.merge_bridged(own, matches)
        for source, target in merges:
            pending.dirty_lines[source.id] = source
            pending.line_merges.append((source.id, target.id))
        return line

    def _join_storylines(self, source: StoryState, target: StoryState, pending: _Pending) -> None:
        """Two events found to be one: their storylines are one too (the smaller goes into the other)."""
        lines = self.lines
        a = lines.stories.get(lines.resolve(source.storyline_id or ""))
        b = lines.stories.get(lines.resolve(target.storyline_id or ""))
        if a is None or b is None or a is b:
            target.storyline_id = (b or a).id if (a or b) else target.storyline_id
            return
        small, large = sorted((a, b), key=lambda x: (x.size, -x.last_seq))
        lines.merge(large, small)
        pending.dirty_lines[small.id] = small
        pending.dirty_lines[large.id] = large
        pending.line_merges.append((small.id, large.id))
        target.storyline_id = large.id

    def _near_copy(self, candidate: _Candidate, near: list[int], pending: _Pending) -> tuple[StoryState, str] | None:
        """The story and original of the first close-SimHash article whose text the candidate nearly repeats."""
        if not near:
            return None
        missing = [s for s in near if s not in pending.texts]
        found = {r.seq: r for r in self.store.articles_by_seq(missing)} if missing else {}
        in_batch = {r.seq: r for r in pending.rows if r.seq in pending.texts}
        for seq in near:
            row = found.get(seq) or in_batch.get(seq)
            if row is not None and near_duplicate_text(candidate.article.text, row.text):
                story = self._story(row.story_id)
                if story is not None:
                    return story, row.duplicate_of or row.id
        return None

    def _absorb(
        self, candidate: _Candidate, story: StoryState, duplicate_of: str | None, seq: int, now: float,
        pending: _Pending,
    ) -> None:  # fmt: skip
        """Count the article in its story and queue its row."""
        article, index, settings = candidate.article, self.index, self.index.settings
        linked: ArticleVector | None = None
        if duplicate_of is None:
            story.size += 1
            if settings.link_threshold <= 1.0 and settings.link_window > 0:
                linked = index.article_vector(seq, story.id, candidate.vector, candidate.published)
                index.add_article(linked)
            index.add_document(candidate.vector)
            pending.new_terms.append(candidate.vector.terms)
            pending.report.added.append(candidate.id)
            if story.headline is None and article.title:
                story.headline = article.title
            story.recent.append((seq, candidate.simhash))
            del story.recent[: -settings.recent_per_story]
        else:
            pending.report.duplicates.append(candidate.id)
        story.n_articles += 1
        story.saw(candidate.published, now)
        story.last_seq = seq
        index.activate(story)
        pending.dirty[story.id] = story
        self._count_in_storyline(story, candidate, duplicate_of, seq, now, pending)
        pending.touched.append(story.id)
        pending.hashes.setdefault(candidate.digest, (duplicate_of or candidate.id, story.id))
        pending.texts[seq] = article.text
        seen = candidate.published if candidate.published is not None else now
        pending.rows.append(
            ArticleRow(
                seq=seq, id=candidate.id, story_id=story.id, duplicate_of=duplicate_of, content_hash=candidate.digest,
                simhash=candidate.simhash, outlet=article.outlet, title=article.title, published=article.published,
                url=article.url, path=article.path, seen_ts=seen, added_at=now, text=article.text,
                vector=linked.to_blob() if linked is not None else None, outlet_from=article.outlet_from,
            )
        )  # fmt: skip

    def _count_in_storyline(
        self, event: StoryState, candidate: _Candidate, duplicate_of: str | None, seq: int, now: float,
        pending: _Pending,
    ) -> None:  # fmt: skip
        """Place the event in its storyline (a new event finds one) and count the article there."""
        line = self._storyline(event, candidate, duplicate_of is None, pending)
        event.storyline_id = line.id
        if duplicate_of is None:
            line.size += 1
            self.lines.add_document(candidate.vector)
        line.n_articles += 1
        line.saw(candidate.published, now)
        line.last_seq = seq
        self.lines.activate(line)
        pending.dirty_lines[line.id] = line


def central_title(titles: list[str | None]) -> str | None:
    """The title most like the others (the sum of its TF-IDF cosines with them; ties: the first), or None when
    none is given: a story's headline is the title that says what most of its reports say."""
    given = list(dict.fromkeys(" ".join(t.split()) for t in titles if t and t.strip()))
    if len(given) <= 2:
        return given[0] if given else None
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(given)
    except ValueError:  # nothing but stop words
        return given[0]
    scores = np.asarray((matrix @ matrix.T).sum(axis=1)).ravel()
    return given[int(np.argmax(scores))]  # argmax: the first of equal scores


def refresh_briefs(
    store: Store, story_ids: Iterable[str], settings: Settings, max_articles: int = 30, chunk: int = 50
) -> int:
    """Re-brief stories with the `brief` pipeline over their latest non-duplicate articles, with the method, budget
    and model of `settings` (the StoryService's)."""
    from ..pipeline import prepare, summarize

    done = 0
    results: list[tuple[str, list[dict], float]] = []

    def flush() -> None:
        with store.transaction():
            for story_id, sentences, made_at, headline in results:
                store.set_brief(story_id, sentences, headline, made_at)
            lines = {store.resolve_storyline(story_id) for story_id, *_ in results} - {None}
            for line_id in sorted(lines):
                events = store.storyline_events([line_id])[:max_articles]
                headline = central_title([e["headline"] for e in events])
                if headline:
                    store.set_storyline_headline(line_id, headline)
        results.clear()

    for story_id in dict.fromkeys(story_ids):
        resolved = store.resolve_story(story_id)
        if resolved is None:
            continue
        made_at = time.time()
        rows = store.story_articles(resolved, duplicates=False, limit=max_articles)
        articles = [
            Article(id=r.id, text=r.text, outlet=r.outlet or r.id, title=r.title, published=r.published, url=r.url)
            for r in rows
        ]
        sentences = summarize(prepare(articles, settings), settings) if articles else []
        results.append((resolved, [s.to_dict() for s in sentences], made_at, central_title([r.title for r in rows])))
        done += 1
        if len(results) >= chunk:
            flush()
    if results:
        flush()
    return done
