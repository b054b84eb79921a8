"""Salience features of units, shared by every selector.

A unit's evidence: how central it is to the cluster (TF-IDF cosine to the centroid), how many articles carry it
(wire copy counts as corroboration), where it first appears (news puts the facts first) and its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from . import worthy
from .errors import UsageError
from .lexical import STOP_WORDS, WORD, Background, load_background_idf, load_boilerplate
from .model import Cluster
from .settings import Settings


@dataclass
class Features:
    cluster: Cluster
    settings: Settings
    # word statistics to weight terms by; None means the table shipped in wirebrief/models (training passes its own)
    background: "Background | None" = None

    @cached_property
    def eligible(self) -> np.ndarray:
        """Units that may appear in a brief (wirebrief.worthy): every selector chooses among these only."""
        verdicts = worthy.eligible(self.cluster.units, self.settings)
        return np.array([v is None for v in verdicts], dtype=bool)

    @cached_property
    def lexical(self) -> "Lexical":
        """Word statistics of the units, weighted by the background IDF of the model in use."""
        background = self.background
        if background is None:
            background = load_background_idf(model_file(self.settings, "idf.json"))
        return lexical_statistics(self, background)

    @cached_property
    def tfidf(self) -> np.ndarray:
        """L2-normalised TF-IDF rows, one per unit (dense: a cluster has a few hundred distinct words)."""
        return self.lexical.vectors

    @cached_property
    def similarity(self) -> np.ndarray:
        """Cosine similarity between units."""
        return self.tfidf @ self.tfidf.T

    @cached_property
    def centrality(self) -> np.ndarray:
        """Cosine to the support-weighted centroid: a unit carried by three articles counts three times."""
        centroid = self.tfidf.T @ self.support.astype(np.float32)
        norm = np.linalg.norm(centroid)
        if norm == 0:
            return np.zeros(len(self.cluster.units), dtype=np.float32)
        return self.tfidf @ (centroid / norm)

    @cached_property
    def support(self) -> np.ndarray:
        return np.array([u.support for u in self.cluster.units], dtype=np.int32)

    @cached_property
    def position(self) -> np.ndarray:
        return np.array([u.first_position for u in self.cluster.units], dtype=np.int32)

    @cached_property
    def words(self) -> np.ndarray:
        return np.array([u.words for u in self.cluster.units], dtype=np.int32)


# ---------------------------------------------------------------------------------------------------------------
# Lexical features for the learned scorer (wirebrief.selectors.learned). Everything below is numpy over one dense
# unit-by-word matrix per cluster; a cluster has a few hundred distinct words, so dense beats sparse here, and no
# scikit-learn import is needed at brief time.



@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context in which numpy's BLAS runs on one thread. A cluster's matrices are small (hundreds of rows), so
    extra BLAS threads only spin-wait against each other: on a 10-article DUC cluster the learned features cost
    about 9x the CPU time with two threads as with one (and far more when the cores are busy)."""
    return _blas_controller().limit(limits=1, user_api="blas")


def model_file(settings: Settings, name: str) -> str | None:
    """NAME (learned.json, idf.json, boilerplate.json) in the model directory the settings name (`brief --model`),
    or None for the one shipped in wirebrief/models. A path to a file in the directory names the directory."""
    if settings.content.model is None:
        return None
    folder = Path(settings.content.model)
    if folder.is_file():
        folder = folder.parent
    file = folder / name
    if not file.is_file():
        raise UsageError(f"model {settings.content.model}: no {name} there (write one with wirebrief train --out DIR)")
    return str(file)


@dataclass
class Lexical:
    """Per-cluster word statistics shared by the learned features."""

    vectors: np.ndarray  # units x vocabulary, L2-normalised sublinear TF x background IDF
    present: np.ndarray  # units x vocabulary, bool: the unit's representative sentence has the word
    idf: np.ndarray  # vocabulary
    copy: np.ndarray  # vocabulary: background copy rate
    article_has: np.ndarray  # articles x vocabulary, bool
    carried_by: np.ndarray  # units x articles, bool
    content_words: np.ndarray  # units: number of distinct content words
    tokens: list[list[str]]  # units: all lower-cased word tokens (stop words included)


def lexical_statistics(features: "Features", background: Background | None) -> Lexical:
    units = features.cluster.units
    n_articles = max(len(features.cluster.articles), 1)
    tokens = [WORD.findall(u.text.lower()) for u in units]
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, words in enumerate(tokens):
        for word in words:
            if len(word) > 1 and word not in STOP_WORDS:
                rows.append(row)
                cols.append(vocabulary.setdefault(word, len(vocabulary)))
    size = max(len(vocabulary), 1)
    counts = np.zeros((len(units), size), dtype=np.float32)
    np.add.at(counts, (np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)), 1.0)
    present = counts > 0
    carried_by = np.zeros((len(units), n_articles), dtype=bool)
    for row, unit in enumerate(units):
        for sentence in unit.sentences:
            carried_by[row, sentence.article] = True
    article_has = (carried_by.T.astype(np.float32) @ present.astype(np.float32)) > 0
    if background is not None:
        missing = (background.unseen, background.copy_prior)
        stats = np.array([background.table.get(w, missing) for w in vocabulary] or [missing], dtype=np.float32)
        idf, copy = stats[:, 0], stats[:, 1]
    else:  # no background statistics: the cluster's own articles stand in for them
        df = article_has.sum(axis=0)
        idf = (np.log((1 + n_articles) / (1 + df)) + 1).astype(np.float32)
        copy = np.zeros(size, dtype=np.float32)
    weights = np.zeros_like(counts)
    np.log(counts, out=weights, where=present)
    weights = np.where(present, weights + 1.0, 0.0) * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    vectors = weights / np.where(norms > 0, norms, 1.0)
    return Lexical(vectors.astype(np.float32), present, idf, copy, article_has, carried_by, present.sum(axis=1), tokens)


# feature groups of the learned scorer, in column order; benchmarks/ablation.py removes one group at a time
FEATURE_GROUPS: dict[str, list[str]] = {
    "position": ["position", "inverse_position", "relative_position", "is_lead"],
    "support": ["support", "support_share"],
    "centrality": ["centrality", "degree", "max_similarity_elsewhere"],
    "overlap": ["word_overlap_elsewhere", "idf_overlap_elsewhere", "bigram_overlap_elsewhere"],
    "length": ["words", "content_words", "eligible"],
    "lexical": ["mean_idf", "stop_share", "numbers", "quoted"],
    "cluster": ["articles", "units"],
    "order": ["article_index", "article_index_share"],
    "source": ["article_centrality", "article_words", "lead_similarity"],
    "form": ["opens_with_reference", "question", "boilerplate"],
    "relative": ["centrality_rank", "centrality_to_best", "overlap_rank", "overlap_to_best"],
    "copy": ["copy_mean", "copy_density", "copy_cluster"],
}
FEATURE_NAMES: list[str] = [name for group in FEATURE_GROUPS.values() for name in group]


def unit_keys(features: "Features") -> list[str]:
    """Each unit's word tokens joined by spaces: how boilerplate.json names a sentence."""
    return [" ".join(tokens) for tokens in features.lexical.tokens]


def learned_features(features: "Features", boilerplate: frozenset[str] | None = None) -> np.ndarray:
    """Units x FEATURE_NAMES matrix (float32) of cheap, language-light evidence of salience."""
    cluster = features.cluster
    units = cluster.units
    count = len(units)
    n_articles = max(len(cluster.articles), 1)
    lex = features.lexical
    vectors = lex.vectors
    present = lex.present.astype(np.float32)
    support = features.support.astype(np.float32)
    position = features.position.astype(np.float32)
    # position relative to the length of the article it first appears in
    lengths = np.zeros(n_articles, dtype=np.float32)
    for sentence in cluster.sentences:
        lengths[sentence.article] = max(lengths[sentence.article], sentence.position + 1)
    first_article = np.array(
        [min(u.sentences, key=lambda s: (s.position, s.article)).article for u in units], dtype=np.intp
    )
    relative = position / np.maximum(lengths[first_article], 1.0)
    # centrality: cosine to the support-weighted centroid; degree: mean cosine to the other units
    similarity = features.similarity
    centroid = support @ vectors
    norm = float(np.linalg.norm(centroid))
    centrality = vectors @ (centroid / norm) if norm > 0 else np.zeros(count, dtype=np.float32)
    degree = (similarity.sum(axis=1) - np.diag(similarity)) / max(count - 1, 1)
    # the closest unit carried by none of this unit's articles: paraphrase elsewhere, not wire copy
    shares_article = (lex.carried_by.astype(np.float32) @ lex.carried_by.T.astype(np.float32)) > 0
    elsewhere = np.where(shares_article, 0.0, similarity)
    max_elsewhere = elsewhere.max(axis=1) if count else np.zeros(0, dtype=np.float32)
    # how many of the articles that do not carry the unit use its content words
    article_df = lex.article_has.sum(axis=0).astype(np.float32)
    own = lex.carried_by.astype(np.float32) @ lex.article_has.astype(np.float32)
    others = np.maximum(n_articles - support, 1.0)
    other_df = (article_df[None, :] - own) * present / others[:, None]
    content = np.maximum(lex.content_words.astype(np.float32), 1.0)
    word_overlap = other_df.sum(axis=1) / content
    idf_mass = present @ lex.idf
    idf_overlap = (other_df @ lex.idf) / np.maximum(idf_mass, 1e-6)
    mean_idf = idf_mass / content
    copy_mass = present @ lex.copy
    article_share = article_df / n_articles
    bigram_overlap = _bigram_overlap(lex, n_articles)
    words = features.words.astype(np.float32)
    token_counts = np.array([max(len(t), 1) for t in lex.tokens], dtype=np.float32)
    stop_share = 1.0 - np.array([sum(1 for w in t if w not in STOP_WORDS) for t in lex.tokens]) / token_counts
    numbers = np.array([sum(1 for w in t if w[0].isdigit()) for t in lex.tokens], dtype=np.float32)
    quoted = np.array([('"' in u.text) or ("``" in u.text) or ("“" in u.text) for u in units], dtype=np.float32)
    # the article the unit first appears in: its place in the input, how central and how long it is
    carried = lex.carried_by.astype(np.float32)
    article_vectors = carried.T @ vectors
    article_norms = np.linalg.norm(article_vectors, axis=1, keepdims=True)
    article_vectors = article_vectors / np.where(article_norms > 0, article_norms, 1.0)
    article_total = article_vectors.sum(axis=0)
    rest = article_total[None, :] - article_vectors
    rest_norms = np.linalg.norm(rest, axis=1)
    article_centrality = (article_vectors * rest).sum(axis=1) / np.where(rest_norms > 0, rest_norms, 1.0)
    article_words = np.zeros(n_articles, dtype=np.float32)
    for sentence in cluster.sentences:
        article_words[sentence.article] += sentence.words
    # closest lead sentence of another article
    leads = (position == 0)[None, :] & ~shares_article
    lead_similarity = np.where(leads, similarity, 0.0).max(axis=1) if count else np.zeros(0)
    opens = np.array([worthy.opens_with_reference(u.text) for u in units], dtype=np.float32)
    question = np.array([u.text.rstrip(" \"'”’)").endswith("?") for u in units], dtype=np.float32)
    known = load_boilerplate(model_file(features.settings, "boilerplate.json")) if boilerplate is None else boilerplate
    boilerplate = np.array([key in known for key in unit_keys(features)], dtype=np.float32)
    columns = [
        position, 1.0 / (1.0 + position), relative, (position == 0).astype(np.float32),
        support, (support - 1) / max(n_articles - 1, 1),
        centrality, degree, max_elsewhere,
        word_overlap, idf_overlap, bigram_overlap,
        words, lex.content_words.astype(np.float32), features.eligible.astype(np.float32),
        mean_idf, stop_share, numbers, quoted,
        np.full(count, n_articles, dtype=np.float32), np.full(count, count, dtype=np.float32),
        first_article, first_article / max(n_articles - 1, 1), article_centrality[first_article],
        np.log1p(article_words[first_article]), lead_similarity,
        opens, question, boilerplate,
        _rank(centrality), _to_best(centrality), _rank(idf_overlap), _to_best(idf_overlap),
        copy_mass / content, copy_mass / np.maximum(words, 1.0), (present @ (lex.copy * article_share)) / content,
    ]  # fmt: skip
    return np.column_stack([np.asarray(c, dtype=np.float32) for c in columns]) if count else np.zeros(
        (0, len(FEATURE_NAMES)), dtype=np.float32
    )


def _rank(values: np.ndarray) -> np.ndarray:
    """0 for the cluster's highest value, 1 for its lowest (ties share the best rank)."""
    if len(values) < 2:
        return np.zeros(len(values), dtype=np.float32)
    ordered = np.sort(values)[::-1]
    return (np.searchsorted(-ordered, -values, side="left") / (len(values) - 1)).astype(np.float32)


def _to_best(values: np.ndarray) -> np.ndarray:
    best = float(values.max()) if len(values) else 0.0
    return (values / best if best > 0 else np.zeros(len(values))).astype(np.float32)


def _bigram_overlap(lex: Lexical, n_articles: int) -> np.ndarray:
    """Share of a unit's word bigrams that some article not carrying the unit also has."""
    by_article: list[set[tuple[str, str]]] = [set() for _ in range(n_articles)]
    bigrams = [set(zip(t, t[1:])) for t in lex.tokens]
    for row, grams in enumerate(bigrams):
        for article in np.flatnonzero(lex.carried_by[row]):
            by_article[article] |= grams
    result = np.zeros(len(bigrams), dtype=np.float32)
    for row, grams in enumerate(bigrams):
        if not grams:
            continue
        elsewhere: set = set()
        for article in range(n_articles):
            if not lex.carried_by[row, article]:
                elsewhere |= by_article[article] & grams
        result[row] = len(elsewhere) / len(grams)
    return result
