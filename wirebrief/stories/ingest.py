"""Ingest: cleaned articles in, deduplicated and clustered into stories, one store transaction per batch.

Order of work per batch (all inside one transaction, so a killed process leaves either the whole batch or none of
it): ids already stored are skipped (same id, same text: idempotent re-ingest; same id, other text: the article is
stored as `<id>~<hash8>`); exact copies (same normalised text) and near copies (SimHash, confirmed on 3-shingles)
are stored linked to their original with `duplicate_of`; everything else joins the best active story or starts one,
and stories one article bridges are merged. Page furniture (sentences that recur across unrelated training clusters:
cookie and consent notices, web-archive crawl notes, social-media widgets; wirebrief/models/boilerplate.json, read
with `wirebrief.score.load_boilerplate`) is left out of the clustering vector, and an article that is nothing but
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

import numpy as np

from ..model import Article, Skipped, parse_published
from .index import (
    ArticleVector,
    ClusterSettings,
    StoryIndex,
    StoryState,
    content_hash,
    near_duplicate_text,
    simhash,
)
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


def published_ts(text: str | None) -> float | None:
    """Publication time as Unix seconds, or None when absent or unreadable (see model.parse_published)."""
    value = parse_published(text)
    return value.timestamp() if value is not None else None


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
    from ..lexical import WORD

    pieces = [" ".join(words) for words in map(WORD.findall, _BREAKS.split(text.lower())) if words]
    return "| " + " | ".join(pieces) + " |", sum(p.count(" ") + 1 for p in pieces)


def news_text(text: str, furniture: frozenset[str]) -> tuple[str, int, int]:
    """(the text without furniture sentences, words in furniture sentences, words in the rest)."""
    from ..lexical import WORD
    from ..split import split_article

    if not furniture:
        return text, 0, len(text.split())
    marked, n_words = _break_marked(text)
    if not _furniture_pattern(furniture).search(marked):
        return text, 0, n_words
    kept: list[str] = []
    furniture_words = kept_words = 0
    for sentence in split_article(0, text):
        tokens = WORD.findall(sentence.text.lower())
        if " ".join(tokens) in furniture:
            furniture_words += len(tokens)
        else:
            kept.append(sentence.text)
            kept_words += len(tokens)
    return ("\n".join(kept) if furniture_words else text), furniture_words, kept_words


def story_id_for(article_id: str) -> str:
    return "s" + sha1(article_id.encode("utf-8")).hexdigest()[:11]


class Ingestor:
    """Holds the in-memory clustering index of one store; reloads it when another process wrote meanwhile."""

    def __init__(self, store: Store, settings: ClusterSettings | None = None, batch_size: int = 500):
        self.store = store
        self.index = StoryIndex(settings)
        self.batch_size = batch_size
        self.generation: str | None = None
        self.merged: dict[str, str] = {}
        if self.index.settings.min_news_words > 0:
            from ..lexical import load_boilerplate

            self.furniture = load_boilerplate()
        else:
            self.furniture = frozenset()

    # --- state ----------------------------------------------------------------------------------------------
    def _load(self) -> None:
        index = StoryIndex(self.index.settings)
        index._vectorizer = self.index._vectorizer
        terms, counts = [], []
        for term, count in self.store.load_df():
            terms.append(term)
            counts.append(count)
        if terms:
            index.df[np.array(terms, dtype=np.int64)] = np.array(counts, dtype=np.int32)
        index.n_docs = int(self.store.get_meta("n_docs", "0"))
        for row in reversed(self.store.load_active_stories(index.settings.max_active)):
            index.activate(StoryState.from_row(row))
        if index.settings.link_threshold <= 1.0 and index.settings.link_window > 0:
            for seq, story_id, blob, published in reversed(self.store.load_recent_vectors(index.settings.link_window)):
                index.add_article(ArticleVector.from_blob(seq, story_id, blob, published))
        self.index = index
        self.merged = {}

    def _resolve(self, story_id: str) -> str:
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    def _story(self, story_id: str) -> StoryState | None:
        """An active story, or a stored one brought back into the index."""
        story_id = self._resolve(story_id)
        story = self.index.stories.get(story_id)
        if story is None:
            if self.store.resolve_story(story_id) != story_id:
                story_id = self.store.resolve_story(story_id) or story_id
                story = self.index.stories.get(story_id)
            if story is None:
                row = self.store.load_story(story_id)
                if row is None:
                    return None
                story = StoryState.from_row(row)
        return story

    # --- ingest ---------------------------------------------------------------------------------------------
    def ingest(
        self,
        articles: list[Article],
        report: IngestReport | None = None,
        on_commit: Callable[[IngestReport, int, int], None] | None = None,
    ) -> IngestReport:
        """Add articles in batches of `batch_size`, one transaction each; `on_commit(report, added_before,
        duplicates_before)` is called after each commit (the ids from those offsets on are durable)."""
        report = report or IngestReport()
        touched: dict[str, None] = dict.fromkeys(report.stories_touched)
        for start in range(0, len(articles), self.batch_size):
            before = (len(report.added), len(report.duplicates))
            batch_touched = self._batch(articles[start : start + self.batch_size], report)
            touched.update(dict.fromkeys(batch_touched))
            if on_commit:
                on_commit(report, *before)
        report.stories_touched = list(dict.fromkeys(self._resolve(s) for s in touched))
        return report

    def _batch(self, articles: list[Article], report: IngestReport) -> list[str]:
        store, index, settings = self.store, self.index, self.index.settings
        pending_report = IngestReport()
        try:
            with store.transaction():
                if store.get_meta("generation") != self.generation:
                    self._load()
                    index = self.index
                now = time.time()
                seq = store.next_seq()
                kept_articles, texts = [], []
                for article in articles:
                    text, furniture_words, kept_words = news_text(article.text, self.furniture)
                    if furniture_words and kept_words < settings.min_news_words:
                        where = article.path if article.path and article.path != article.id else None
                        reason = f"{FURNITURE_ONLY}: article {article.id!r}" if where else FURNITURE_ONLY
                        pending_report.skipped.append(Skipped(where or article.id, reason))
                        continue
                    kept_articles.append(article)
                    texts.append(text)
                articles = kept_articles
                hashes = [content_hash(a.text) for a in articles]
                stored_ids = store.existing_ids({a.id for a in articles} | {f"{a.id}~{h[:8]}" for a, h in zip(articles, hashes)})
                stored_hashes = store.ids_with_hashes(set(hashes))
                vectors = index.vectorize(texts)
                rows: list[ArticleRow] = []
                dirty: dict[str, StoryState] = {}
                merges: list[tuple[str, str]] = []
                batch_ids: dict[str, str] = {}
                batch_texts: dict[int, str] = {}
                batch_hashes: dict[str, tuple[str, str]] = {}
                new_terms: list[np.ndarray] = []
                touched: list[str] = []
                for article, digest, vector in zip(articles, hashes, vectors):
                    aid = article.id
                    known = stored_ids.get(aid) or batch_ids.get(aid)
                    if known is not None:
                        if known == digest:
                            pending_report.existing.append(aid)
                            continue
                        aid = f"{article.id}~{digest[:8]}"
                        known = stored_ids.get(aid) or batch_ids.get(aid)
                        if known is not None:
                            pending_report.existing.append(aid)
                            continue
                        pending_report.warnings.append(
                            Skipped(article.path or article.id, f"id {article.id!r} is stored with other text; stored as {aid!r}")
                        )
                    batch_ids[aid] = digest
                    published = published_ts(article.published)
                    seen = published if published is not None else now
                    hashed = simhash(vector.terms, vector.tf)
                    duplicate_of: str | None = None
                    story: StoryState | None = None
                    linked: ArticleVector | None = None
                    original = batch_hashes.get(digest) or stored_hashes.get(digest)
                    if original is not None:
                        story = self._story(original[1])
                        if story is not None:
                            duplicate_of = original[0]
                    matches = []
                    if duplicate_of is None:
                        matches = index.candidates(vector, published)
                        near = index.near_duplicates(matches, hashed)
                        if near:
                            texts = {s: t for s, t in batch_texts.items() if s in near}
                            missing = [s for s in near if s not in texts]
                            found = {r.seq: r for r in store.articles_by_seq(missing)} if missing else {}
                            for s in near:
                                other = texts.get(s) or (found[s].text if s in found else None)
                                if other is not None and near_duplicate_text(article.text, other):
                                    row = found.get(s) or next(r for r in rows if r.seq == s)
                                    duplicate_of = row.duplicate_of or row.id
                                    story = self._story(row.story_id)
                                    break
                            if story is None:
                                duplicate_of = None
                    if duplicate_of is not None and story is not None:
                        pending_report.duplicates.append(aid)
                    else:
                        best = matches[0] if matches and matches[0].score >= settings.join_threshold else None
                        if best is None and matches and matches[0].score >= settings.clear_join_threshold:
                            # a clear winner: well above every other candidate (nearest-neighbour, not absolute)
                            second = matches[1].score if len(matches) > 1 else 0.0
                            if matches[0].score >= settings.clear_join_ratio * max(second, 0.0):
                                best = matches[0]
                        if best is None:
                            story = index.new_story(story_id_for(aid), vector)
                        else:
                            story = best.story
                            index.add_to_story(story, vector)
                            for other in matches[1:3]:
                                if other.score < settings.join_threshold or other.story.id not in index.stories:
                                    continue
                                if other.story.id == story.id:
                                    continue
                                needed = settings.merge_threshold
                                if other.score >= settings.bridge_score:
                                    needed = settings.bridge_merge_threshold
                                # single link: the article is close to an article of each story
                                links_both = min(best.link, other.link) >= settings.link_merge_threshold
                                if links_both or index.centroid_cosine(story, other.story) >= needed:
                                    source, target = sorted((story, other.story), key=lambda s: (s.size, -s.last_seq))
                                    index.merge(target, source)
                                    dirty[source.id] = source
                                    merges.append((source.id, target.id))
                                    self.merged[source.id] = target.id
                                    story = target
                        story.size += 1
                        if settings.link_threshold <= 1.0 and settings.link_window > 0:
                            linked = index.article_vector(seq, story.id, vector, published)
                            index.add_article(linked)
                        index.add_document(vector)
                        new_terms.append(vector.terms)
                        pending_report.added.append(aid)
                        if story.headline is None and article.title:
                            story.headline = article.title
                    story.n_articles += 1
                    story.first_ts = seen if story.first_ts is None else min(story.first_ts, seen)
                    story.last_ts = seen if story.last_ts is None else max(story.last_ts, seen)
                    if published is not None:
                        story.pub_first = published if story.pub_first is None else min(story.pub_first, published)
                        story.pub_last = published if story.pub_last is None else max(story.pub_last, published)
                        story.dated = 1
                    story.last_seq = seq
                    if duplicate_of is None:
                        story.recent.append((seq, hashed))
                        del story.recent[: -settings.recent_per_story]
                    index.activate(story)
                    dirty[story.id] = story
                    touched.append(story.id)
                    batch_hashes.setdefault(digest, (duplicate_of or aid, story.id))
                    batch_texts[seq] = article.text
                    rows.append(
                        ArticleRow(
                            seq=seq, id=aid, story_id=story.id, duplicate_of=duplicate_of, content_hash=digest,
                            simhash=hashed, outlet=article.outlet, title=article.title, published=article.published,
                            url=article.url, path=article.path, seen_ts=seen, added_at=now, text=article.text,
                            vector=linked.to_blob() if linked is not None else None,
                        )
                    )  # fmt: skip
                    seq += 1
                store.insert_articles(rows)
                if new_terms:
                    terms, counts = np.unique(np.concatenate(new_terms), return_counts=True)
                    store.add_df(dict(zip(terms.tolist(), counts.tolist())))
                store.save_stories([s.to_row() for s in dirty.values()])
                for source, target in merges:
                    store.merge_story(source, target)
                self.generation = uuid.uuid4().hex
                store.set_meta("generation", self.generation)
                store.set_meta("n_docs", str(index.n_docs))
        except BaseException:
            self.generation = None  # the in-memory index may hold uncommitted changes: reload next time
            raise
        report.added += pending_report.added
        report.duplicates += pending_report.duplicates
        report.existing += pending_report.existing
        report.warnings += pending_report.warnings
        report.skipped += pending_report.skipped
        return touched


def refresh_briefs(store: Store, story_ids: Iterable[str], max_articles: int = 30, chunk: int = 50) -> int:
    """Re-brief stories with the `brief` pipeline (default settings) over their latest non-duplicate articles."""
    from ..pipeline import prepare, summarize
    from ..settings import Settings

    settings = Settings()
    done = 0
    results: list[tuple[str, list[dict], float]] = []

    def flush() -> None:
        with store.transaction():
            for story_id, sentences, made_at in results:
                store.set_brief(story_id, sentences, None, made_at)
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
        results.append((resolved, [s.to_dict() for s in sentences], made_at))
        done += 1
        if len(results) >= chunk:
            flush()
    if results:
        flush()
    return done
