"""Incremental story clustering: each article joins the most similar active story or starts a new one.

Vectors: hashed terms (sklearn HashingVectorizer, 2^20 features, English stop words removed), sublinear tf,
L2-normalised per article; IDF from document frequencies kept incrementally (and stored), applied at comparison time
so that old stories are compared with current statistics. A fresh store has no statistics, so the store's counts are
blended with a background prior (the word IDF table of wirebrief/models/idf.json, loaded with
`wirebrief.text.lexical.load_background_idf`), counted as `prior_docs` pseudo-documents:

    idf(t) = ln((n + P + 1) / (df(t) + P * q(t) + 1)) + 1,   q(t) = exp(1 - idf_background(t)) ~ background df / N

so that the prior decides while the store is small and the store's own counts take over as it grows (at n = P they
weigh the same). Without the file (or with prior_docs = 0) this is the plain smoothed IDF of the store. A story's centroid is the sum of its articles' tf vectors,
truncated to its `centroid_terms` heaviest terms (tf x idf).

Candidates come from an inverted index over each active story's `index_terms` top terms, probed with the new
article's `probe_terms` top terms; terms posted to more than `max_postings` stories are skipped. At most
`max_active` stories (the most recently updated) are in the index, so the cost of adding an article does not grow
with the number of stored articles. Candidates are scored by exact cosine (article tf-idf vs centroid tf-idf) times a
time-proximity factor when both sides have publication dates.

Near duplicates: a 64-bit SimHash of the article's tf vector is compared with the recent articles of the best
candidate stories; close hashes are confirmed on the texts (word 3-shingles) by the caller.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

import numpy as np

from ..settings import ClusterSettings

N_FEATURES = 2**20
_MASK64 = (1 << 64) - 1


# Events use the defaults (`Settings.stories`, settings.py: cores of 3 reports, titles, a window of about a day);
# storylines: events about one subject over time. A new event joins the storyline whose core (its first 10
# reports) its first report matches, within a bounded window: no penalty for 30 days after the storyline's news,
# then a slow decay, and closed after a year. Chosen on the dated wire stream (TAC 2010 + DUC 2003 in
# publication order, `quality --data wire`: F1 0.852; a 7-day grace and 120-day horizon 0.799, as TAC topics run
# for months) with the join threshold kept where pooled Multi-News val needs it (0.15: wire 0.870, val 0.806 ->
# 0.794).
EVENT_SETTINGS = ClusterSettings()
STORYLINE_SETTINGS = ClusterSettings(
    join_threshold=0.18, merge_threshold=0.35, bridge_merge_threshold=0.20, core_size=10, date_from_first=False,
    date_grace_days=30.0, date_scale_days=60.0, date_decay_power=0.5, horizon_days=365.0, title_weight=0.0,
)


def _mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: feature index -> 64 pseudo-random bits (stable across processes)."""
    x = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


_SHIFTS = np.arange(64, dtype=np.uint64)
_POWERS = [1 << i for i in range(64)]


def simhash(terms: np.ndarray, weights: np.ndarray) -> int:
    """64-bit SimHash as a signed int (SQLite INTEGER)."""
    if len(terms) == 0:
        return 0
    bits = ((_mix64(terms)[:, None] >> _SHIFTS) & np.uint64(1)).astype(np.float32)  # (n, 64)
    votes = weights @ (bits * 2.0 - 1.0)
    value = 0
    for i in np.flatnonzero(votes > 0):
        value |= _POWERS[i]
    return value - (1 << 64) if value >= (1 << 63) else value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK64).bit_count()


_NORMALISE = re.compile(r"\W+")


def content_hash(text: str) -> str:
    """Hash of the text up to case, punctuation and spacing: exact copies from two feeds get the same hash."""
    return hashlib.sha1(_NORMALISE.sub(" ", text.lower()).strip().encode("utf-8")).hexdigest()


def shingles(text: str, n: int = 3) -> set[int]:
    words = _NORMALISE.sub(" ", text.lower()).split()
    return {hash(tuple(words[i : i + n])) for i in range(max(1, len(words) - n + 1))}


def near_duplicate_text(a: str, b: str) -> bool:
    """Same piece with small edits: most 3-word shingles of the shorter text are in the longer one."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return False
    common = len(sa & sb)
    return common / min(len(sa), len(sb)) >= 0.8 and common / max(len(sa), len(sb)) >= 0.5


def make_vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer

    # scikit-learn's stop list, not wirebrief.text.lexical.STOP_WORDS, on purpose: every store keeps its articles' and
    # stories' hashed vectors, so another list would need a migration that re-vectorises them all, and the clustering
    # thresholds were tuned with this one. The project's list changed little (B-cubed F1: wire stream 0.847
    # -> 0.851, full-article sample 0.850 -> 0.859, first 300 Multi-News val clusters 0.827 -> 0.825)
    return HashingVectorizer(
        n_features=N_FEATURES, alternate_sign=False, norm=None, stop_words="english", dtype=np.float32
    )


@lru_cache(maxsize=1)
def _vectorizer():
    return make_vectorizer()  # stateless (feature hashing): one per process serves every index


def vectorize_texts(texts: list[str]) -> list[Vector]:
    """Hashed log-TF term vectors, L2-normalised. They depend on nothing stored, so any process (a Ray worker with
    `ingest --ray`) can make them."""
    if not texts:  # (scikit-learn's transform fails on none)
        return []
    matrix = _vectorizer().transform(texts)
    matrix.sort_indices()
    vectors = []
    for i in range(matrix.shape[0]):
        lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
        terms = matrix.indices[lo:hi].astype(np.int32)
        tf = 1.0 + np.log(matrix.data[lo:hi])
        norm = float(np.sqrt(tf @ tf)) or 1.0
        vectors.append(Vector(terms, (tf / norm).astype(np.float32)))
    return vectors


def blend(text: Vector, title: Vector | None, weight: float) -> Vector:
    """The text vector plus `weight` x the title vector, L2-normalised again (the text vector when no title)."""
    if title is None or weight <= 0 or len(title.terms) == 0:
        return text
    unique, inverse = np.unique(np.concatenate([text.terms, title.terms]), return_inverse=True)
    summed = np.bincount(inverse, weights=np.concatenate([text.tf, weight * title.tf]))
    norm = float(np.sqrt(summed @ summed)) or 1.0
    return Vector(unique.astype(np.int32), (summed / norm).astype(np.float32))


def lead(text: str, words: int) -> str:
    """The first `words` words of a text (all of it when `words` <= 0)."""
    if words <= 0:
        return text
    parts = text.split(None, words)
    return " ".join(parts[:words])


@lru_cache(maxsize=2)
def background_rates(path: str | None = None) -> np.ndarray | None:
    """Per hashed feature, the background share of documents that have it (q above), from the word IDF table that
    `wirebrief.text.lexical.load_background_idf` reads; None when there is no table. Words that hash together add up."""
    from ..text.lexical import load_background_idf

    background = load_background_idf(path)
    if background is None or not background.table:
        return None
    words = list(background.table)
    rates = np.exp(1.0 - np.array([background.table[w][0] for w in words], dtype=np.float64))
    matrix = make_vectorizer().transform(words).tocsr()
    single = np.diff(matrix.indptr) == 1  # stop words give no feature; a word is one token
    features = matrix.indices[matrix.indptr[:-1][single]]
    q = np.zeros(N_FEATURES, dtype=np.float64)
    np.add.at(q, features, rates[single])
    unseen = float(np.exp(1.0 - background.unseen))  # words rarer than the table's minimum count
    q[q == 0] = unseen
    return np.minimum(q, 1.0).astype(np.float32)


@dataclass
class StoryState:
    id: str
    terms: np.ndarray  # int32, sorted
    weights: np.ndarray  # float32 tf sums
    size: int = 0
    n_articles: int = 0
    first_ts: float | None = None
    last_ts: float | None = None
    last_seq: int = 0
    dated: int = 0
    pub_first: float | None = None
    pub_last: float | None = None
    recent: list[tuple[int, int]] = field(default_factory=list)  # (article seq, simhash)
    headline: str | None = None
    added_first: float | None = None  # ingest time range of its articles
    added_last: float | None = None
    posted: frozenset = frozenset()  # terms under which it is in the inverted index
    cache: tuple | None = None  # (tf-idf weights, norm, n_docs when computed)
    storyline_id: str | None = None  # an event's storyline (None for a storyline)
    posted_terms: np.ndarray | None = None  # the `terms` it was posted from (unchanged terms: no reposting)

    def saw(self, published: float | None, added: float) -> None:
        """Count an article's times: publication (None when undated) and ingest."""
        self.added_first = _min(self.added_first, added)
        self.added_last = _max(self.added_last, added)
        if published is not None:
            self.pub_first = _min(self.pub_first, published)
            self.pub_last = _max(self.pub_last, published)
        self._span()

    def _span(self) -> None:
        """first_ts/last_ts: when the story happened — its publication range when any article is dated, else
        when its articles were ingested (an undated article never stretches a dated story to "now")."""
        self.dated = int(self.pub_first is not None)
        if self.dated:
            self.first_ts, self.last_ts = self.pub_first, self.pub_last
        else:
            self.first_ts, self.last_ts = self.added_first, self.added_last

    def to_row(self) -> dict:
        recent = np.array(self.recent, dtype=np.int64).reshape(-1, 2)
        return {
            "id": self.id, "size": self.size, "n_articles": self.n_articles, "first_ts": self.first_ts,
            "last_ts": self.last_ts, "last_seq": self.last_seq, "dated": self.dated, "pub_first": self.pub_first,
            "pub_last": self.pub_last, "centroid": self.terms.astype(np.int32).tobytes() + self.weights.astype(np.float32).tobytes(),
            "recent": recent.tobytes(), "headline": self.headline, "added_first": self.added_first,
            "added_last": self.added_last, "storyline_id": self.storyline_id,
        }  # fmt: skip

    @classmethod
    def from_row(cls, row: dict) -> "StoryState":
        blob = row["centroid"] or b""
        n = len(blob) // 8
        terms = np.frombuffer(blob[: 4 * n], dtype=np.int32).copy()
        weights = np.frombuffer(blob[4 * n :], dtype=np.float32).copy()
        recent = np.frombuffer(row["recent"] or b"", dtype=np.int64).reshape(-1, 2)
        return cls(
            id=row["id"], terms=terms, weights=weights, size=row["size"], n_articles=row["n_articles"],
            first_ts=row["first_ts"], last_ts=row["last_ts"], last_seq=row["last_seq"], dated=row["dated"],
            pub_first=row["pub_first"], pub_last=row["pub_last"], recent=[(int(s), int(h)) for s, h in recent],
            headline=row["headline"], added_first=row.get("added_first"), added_last=row.get("added_last"),
            storyline_id=row.get("storyline_id"),
        )  # fmt: skip


@dataclass
class Vector:
    terms: np.ndarray  # int32 sorted
    tf: np.ndarray  # float32, sublinear tf, L2-normalised


@dataclass
class Match:
    story: StoryState
    score: float  # max(centroid score, link score - (link_threshold - join_threshold))
    centroid: float = 0.0  # cosine x time factor with the story's centroid (0 when not scored)
    link: float = 0.0  # best cosine x time factor with one of the story's recent articles (0: none)


@dataclass
class ArticleVector:
    """A clustered article in the link index: its `link_terms` heaviest terms and their sublinear tf."""

    seq: int
    story_id: str
    terms: np.ndarray  # int32 sorted
    tf: np.ndarray  # float32
    published: float | None = None  # publication time (Unix seconds) when known
    posted: tuple = ()

    def to_blob(self) -> bytes:
        return self.terms.astype(np.int32).tobytes() + self.tf.astype(np.float32).tobytes()

    @classmethod
    def from_blob(cls, seq: int, story_id: str, blob: bytes, published: float | None = None) -> "ArticleVector":
        n = len(blob) // 8
        return cls(seq, story_id, np.frombuffer(blob[: 4 * n], dtype=np.int32).copy(),
                   np.frombuffer(blob[4 * n :], dtype=np.float32).copy(), published)  # fmt: skip


class StoryIndex:
    def __init__(self, settings: ClusterSettings | None = None, prior: np.ndarray | None | bool = True):
        """`prior`: True for the bundled background table, False/None for none, or a q array (see module doc)."""
        self.settings = settings or ClusterSettings()
        self.df = np.zeros(N_FEATURES, dtype=np.int32)
        self.n_docs = 0
        if prior is True:
            prior = background_rates() if self.settings.prior_docs > 0 else None
        self.prior_docs = float(self.settings.prior_docs) if isinstance(prior, np.ndarray) else 0.0
        # P * q(t) + 1: the prior pseudo-counts plus the smoothing one, per feature
        self._prior_df = (prior * self.prior_docs + 1.0).astype(np.float32) if self.prior_docs else None
        self.stories: OrderedDict[str, StoryState] = OrderedDict()  # least recently updated first
        self.postings: dict[int, set[str]] = {}
        self.articles: OrderedDict[int, ArticleVector] = OrderedDict()  # link window, oldest first
        self.article_postings: dict[int, set[int]] = {}
        self.merged: dict[str, str] = {}  # story merged away -> the story it went into
        self.newest: float | None = None  # the latest publication time of an active story (Unix seconds)
        self._scratch = np.zeros(N_FEATURES, dtype=np.float32)

    # --- vectors --------------------------------------------------------------------------------------------
    def vectorize(self, texts: list[str]) -> list[Vector]:
        return vectorize_texts(texts)

    def idf(self, terms: np.ndarray) -> np.ndarray:
        if self._prior_df is None:
            return (np.log((self.n_docs + 1.0) / (self.df[terms] + 1.0)) + 1.0).astype(np.float32)
        total = self.n_docs + self.prior_docs + 1.0
        return (np.log(total / (self.df[terms] + self._prior_df[terms])) + 1.0).astype(np.float32)

    def load_statistics(self, df: list[tuple[int, int]], n_docs: int) -> None:
        """Start from stored document frequencies ((term, count) pairs) over `n_docs` documents."""
        if df:
            terms, counts = zip(*df)
            self.df[np.array(terms, dtype=np.int64)] = np.array(counts, dtype=np.int32)
        self.n_docs = n_docs

    def add_document(self, vector: Vector) -> None:
        self.df[vector.terms] += 1
        self.n_docs += 1

    # --- matching -------------------------------------------------------------------------------------------
    def date_factor(self, gap_days: float) -> float:
        """1 within `date_grace_days`, then (1 + extra days / `date_scale_days`) ** -`date_decay_power`; 0 past
        `horizon_days`."""
        s = self.settings
        if gap_days > s.horizon_days:
            return 0.0
        extra = gap_days - s.date_grace_days
        if extra <= 0:
            return 1.0
        return (1.0 + extra / s.date_scale_days) ** -s.date_decay_power

    def _time_factor(self, ts: float | None, story: StoryState) -> float:
        if story.pub_first is None:
            return 1.0
        if ts is None:
            return self._undated_factor(story)
        last = story.pub_first if self.settings.date_from_first else story.pub_last
        return self.date_factor(max(0.0, story.pub_first - ts, ts - last) / 86400.0)

    def _undated_factor(self, story: StoryState) -> float:
        """An undated report is placed by content (factor 1), except that a story whose news ended more than
        `horizon_days` before the newest date seen needs `revive_threshold` (the factor scales it to the join
        threshold)."""
        s = self.settings
        if self.newest is None or story.pub_last is None or self.newest - story.pub_last <= s.horizon_days * 86400.0:
            return 1.0
        return s.join_threshold / max(s.revive_threshold, s.join_threshold)

    def candidates(self, vector: Vector, ts: float | None) -> list[Match]:
        """Active stories that share top terms with the article or hold a recent article like it, best first.

        A story's score is its centroid cosine x time factor, or, when higher, the best cosine of the article with
        one of the story's articles in the link window (x the story's time factor) less the margin by which the
        link threshold exceeds the join threshold: a story passes `join_threshold` when either rule does."""
        s = self.settings
        if len(vector.terms) == 0 or not self.stories:
            return []
        weights = vector.tf * self.idf(vector.terms)
        norm = float(np.sqrt(weights @ weights)) or 1.0
        top = vector.terms[np.argsort(-weights)[: s.probe_terms]] if len(weights) > s.probe_terms else vector.terms
        top_list = top.tolist()
        # shared probe terms per story, counted in C (Counter over the chained posting sets); ties go to the lower
        # id, not to the order of the sets (which follows the process's string hash seed: another run, another
        # choice)
        postings, cap = self.postings, s.max_postings
        lists = [p for p in map(postings.get, top_list) if p and len(p) <= cap]
        counts = Counter(chain.from_iterable(lists))
        chosen = sorted(counts, key=lambda sid: (-counts[sid], sid))[: s.max_candidates]
        scratch = self._scratch
        scratch[vector.terms] = weights
        matches: dict[str, Match] = {}
        try:
            for sid in chosen:
                story = self.stories[sid]
                sw, snorm = self.story_weights(story)
                cosine = float(scratch[story.terms] @ sw) / (norm * snorm)
                if story.pub_first is not None:
                    cosine *= self._time_factor(ts, story)
                matches[sid] = Match(story, cosine, centroid=cosine)
            if s.link_threshold <= 1.0 and self.articles:
                margin = s.link_threshold - s.join_threshold
                for sid, link in self._links(top_list, norm, ts).items():
                    story = self.stories.get(sid)
                    if story is None:
                        continue
                    match = matches.get(sid)
                    if match is None:
                        match = matches[sid] = Match(story, link - margin, link=link)
                    else:
                        match.link = link
                        match.score = max(match.score, link - margin)
        finally:
            scratch[vector.terms] = 0.0
        return sorted(matches.values(), key=lambda m: (-m.score, m.story.id))

    def _links(self, top: list[int], norm: float, ts: float | None) -> dict[str, float]:
        """Best cosine per story of the article (its tf-idf weights in the scratch vector) with the articles in
        the link window that share most of its `top` terms, times the time factor of the two articles' dates (so
        that a story can follow its news over weeks, one close step at a time)."""
        s = self.settings
        postings, cap = self.article_postings, s.link_max_postings
        counts = Counter(chain.from_iterable(p for p in map(postings.get, top) if p and len(p) <= cap))
        if not counts:
            return {}
        if len(counts) > s.link_candidates:
            chosen = [seq for seq, _ in counts.most_common(s.link_candidates)]
        else:
            chosen = list(counts)
        found = [self.articles[seq] for seq in chosen]
        terms = np.concatenate([a.terms for a in found])
        tf = np.concatenate([a.tf for a in found])
        offsets = np.cumsum([0] + [len(a.terms) for a in found[:-1]])
        w = tf * self.idf(terms)
        dots = np.add.reduceat(self._scratch[terms] * w, offsets)
        norms = np.sqrt(np.add.reduceat(w * w, offsets))
        cosines = (dots / (norm * np.maximum(norms, 1e-9))).tolist()
        best: dict[str, float] = {}
        for article, cosine in zip(found, cosines):
            if ts is not None and article.published is not None:
                cosine *= self.date_factor(abs(ts - article.published) / 86400.0)
            sid = self.resolve(article.story_id)
            if cosine > best.get(sid, -1.0):
                best[sid] = cosine
        return best

    def resolve(self, story_id: str) -> str:
        merged = self.merged
        while story_id in merged:
            story_id = merged[story_id]
        return story_id

    def article_vector(self, seq: int, story_id: str, vector: Vector, published: float | None = None) -> ArticleVector:
        """The article's `link_terms` heaviest terms (tf x idf now) and their tf."""
        k = self.settings.link_terms
        terms, tf = vector.terms, vector.tf
        if len(terms) > k:
            keep = np.sort(np.argpartition(-(tf * self.idf(terms)), k)[:k])
            terms, tf = terms[keep], tf[keep]
        return ArticleVector(seq, story_id, terms.copy(), tf.copy(), published)

    def add_article(self, article: ArticleVector) -> None:
        """Put a clustered article in the link index (the oldest leave it beyond `link_window`)."""
        s = self.settings
        if s.link_threshold > 1.0 or s.link_window <= 0:
            return
        k = s.link_index_terms
        if len(article.terms) > k:
            top = article.terms[np.argpartition(-(article.tf * self.idf(article.terms)), k)[:k]]
        else:
            top = article.terms
        article.posted = tuple(top.tolist())
        postings = self.article_postings
        for term in article.posted:
            postings.setdefault(term, set()).add(article.seq)
        self.articles[article.seq] = article
        while len(self.articles) > s.link_window:
            _, old = self.articles.popitem(last=False)
            for term in old.posted:
                posted = postings.get(term)
                if posted is not None:
                    posted.discard(old.seq)
                    if not posted:
                        del postings[term]

    def story_weights(self, story: StoryState) -> tuple[np.ndarray, float]:
        """A story's centroid tf-idf weights and norm, cached until IDF statistics have moved on by 2%."""
        cached = story.cache
        if cached is None or cached[2] * 1.02 + 10 < self.n_docs:
            sw = story.weights * self.idf(story.terms)
            cached = story.cache = (sw, float(np.sqrt(sw @ sw)) or 1.0, self.n_docs)
        return cached[0], cached[1]

    def centroid_cosine(self, a: StoryState, b: StoryState) -> float:
        wa, na = self.story_weights(a)
        wb, nb = self.story_weights(b)
        _, ia, ib = np.intersect1d(a.terms, b.terms, assume_unique=True, return_indices=True)
        return float(wa[ia] @ wb[ib]) / (na * nb)

    # --- updates --------------------------------------------------------------------------------------------
    def _truncate(self, terms: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = self.settings.centroid_terms
        if len(terms) > k:
            keep = np.sort(np.argpartition(-(weights * self.idf(terms)), k)[:k])
            terms, weights = terms[keep], weights[keep]
        return terms, weights

    def _repost(self, story: StoryState) -> None:
        if story.posted and story.posted_terms is story.terms:  # a core that no longer grows stays posted
            return
        story.posted_terms = story.terms
        k = self.settings.index_terms
        if len(story.terms) > k:
            top = story.terms[np.argpartition(-(story.weights * self.idf(story.terms)), k)[:k]]
        else:
            top = story.terms
        new = frozenset(top.tolist())
        postings = self.postings
        for term in story.posted - new:
            posted = postings.get(term)
            if posted is not None:
                posted.discard(story.id)
                if not posted:
                    del postings[term]
        for term in new - story.posted:
            postings.setdefault(term, set()).add(story.id)
        story.posted = new

    def _unpost(self, story: StoryState) -> None:
        for term in story.posted:
            posted = self.postings.get(term)
            if posted is not None:
                posted.discard(story.id)
                if not posted:
                    del self.postings[term]
        story.posted = frozenset()

    def activate(self, story: StoryState) -> list[StoryState]:
        """Put a story (new, loaded or updated) in the index; returns stories evicted to keep the limit."""
        self.stories[story.id] = story
        self.stories.move_to_end(story.id)
        self.newest = _max(self.newest, story.pub_last)
        self._repost(story)
        evicted = []
        while len(self.stories) > self.settings.max_active:
            _, old = self.stories.popitem(last=False)
            self._unpost(old)
            evicted.append(old)
        return evicted

    def new_story(self, story_id: str, vector: Vector) -> StoryState:
        return StoryState(id=story_id, terms=vector.terms.copy(), weights=vector.tf.copy())

    def _add_terms(self, story: StoryState, terms: np.ndarray, weights: np.ndarray) -> None:
        """Sum sparse term weights into a story's centroid, keeping its strongest terms."""
        unique, inverse = np.unique(np.concatenate([story.terms, terms]), return_inverse=True)
        summed = np.bincount(inverse, weights=np.concatenate([story.weights, weights])).astype(np.float32)
        story.terms, story.weights = self._truncate(unique.astype(np.int32), summed)
        story.cache = None

    def add_to_story(self, story: StoryState, vector: Vector) -> None:
        """Add a report to the story's centroid while the story is within its core (`core_size`; 0: always)."""
        core = self.settings.core_size
        if core <= 0 or story.size < core:
            self._add_terms(story, vector.terms, vector.tf)

    def merge(self, target: StoryState, source: StoryState) -> None:
        """Fold `source` into `target` (both active); `source` leaves the index."""
        self._add_terms(target, source.terms, source.weights)
        target.size += source.size
        target.n_articles += source.n_articles
        target.added_first = _min(target.added_first, source.added_first)
        target.added_last = _max(target.added_last, source.added_last)
        target.pub_first = _min(target.pub_first, source.pub_first)
        target.pub_last = _max(target.pub_last, source.pub_last)
        target._span()
        target.last_seq = max(target.last_seq, source.last_seq)
        target.recent = sorted(target.recent + source.recent)[-self.settings.recent_per_story :]
        target.headline = target.headline or source.headline
        for merged, into in self.merged.items():  # every merged id points straight at a live story
            if into == source.id:
                self.merged[merged] = target.id
        self.merged[source.id] = target.id
        self._unpost(source)
        self.stories.pop(source.id, None)
        self.activate(target)

    def place(
        self, story_id: str, vector: Vector, matches: list[Match]
    ) -> tuple[StoryState, list[tuple[StoryState, StoryState]]]:
        """Put a new report in the index: it joins the best candidate story that clears the join rules, or starts a
        story with id `story_id`; stories it bridges are merged. Returns its story and the (source, target) merges.

        Join: the best score reaches `join_threshold`, or `clear_join_threshold` while beating the runner-up by
        `clear_join_ratio` (nearest neighbour, not absolute). Merge: a runner-up that also reaches the join
        threshold is merged when the two centroids are close (`merge_threshold`, or `bridge_merge_threshold` when
        the article scores `bridge_score` with it) or the article links closely to an article of each."""
        s = self.settings
        best = matches[0] if matches and matches[0].score >= s.join_threshold else None
        if best is None and matches and matches[0].score >= s.clear_join_threshold:
            second = matches[1].score if len(matches) > 1 else 0.0
            if matches[0].score >= s.clear_join_ratio * max(second, 0.0):
                best = matches[0]
        if best is None:
            return self.new_story(story_id, vector), []
        story = best.story
        self.add_to_story(story, vector)
        return self.merge_bridged(best, matches)

    def merge_bridged(self, best: Match, matches: list[Match]) -> tuple[StoryState, list[tuple[StoryState, StoryState]]]:
        """Merge into one the story a report joined (`best`) and the runners-up it bridges (see `place`)."""
        s = self.settings
        story = best.story
        merges: list[tuple[StoryState, StoryState]] = []
        for other in matches[:3]:
            if other is best or other.score < s.join_threshold or other.story.id not in self.stories or other.story.id == story.id:
                continue
            needed = s.bridge_merge_threshold if other.score >= s.bridge_score else s.merge_threshold
            links_both = min(best.link, other.link) >= s.link_merge_threshold
            if links_both or self.centroid_cosine(story, other.story) >= needed:
                # the smaller (then the older) story goes into the other
                source, target = sorted((story, other.story), key=lambda x: (x.size, -x.last_seq))
                self.merge(target, source)
                merges.append((source, target))
                story = target
        return story, merges

    def near_duplicates(self, matches: list[Match], hashed: int, limit: int = 3) -> list[int]:
        """Seqs of recent articles in the best stories whose SimHash is close to `hashed`, closest first."""
        found = []
        for match in matches[:limit]:
            for seq, other in match.story.recent:
                distance = hamming(hashed, other)
                if distance <= self.settings.simhash_distance:
                    found.append((distance, seq))
        return [seq for _, seq in sorted(found)]


def _min(a, b):
    return b if a is None else a if b is None else min(a, b)


def _max(a, b):
    return b if a is None else a if b is None else max(a, b)

