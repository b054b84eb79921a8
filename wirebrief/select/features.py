"""The evidence about a cluster's units that every selector shares (`Features`).

A unit's evidence: how central it is to the cluster (TF-IDF cosine to the centroid), how many articles carry it
(wire copy counts as corroboration), where it first appears (news puts the facts first) and its length, all over
one set of word statistics per cluster (`Lexical`). Each is computed once, when a selector first asks for it. The
learned scorer's feature matrix, built on these, is in wirebrief/select/learned_features.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from ..resources import model_file
from ..settings import Settings
from ..text import worthy
from ..text.lexical import STOP_WORDS, WORD, Background, load_background_idf
from ..types import Cluster

if TYPE_CHECKING:  # scipy is imported only for a big cluster's sparse statistics (start-up: about 0.2 s of CPU)
    from scipy import sparse


@dataclass
class Features:
    cluster: Cluster
    settings: Settings
    # word statistics to weight terms by; None means the table shipped in wirebrief/models (training passes its own)
    background: "Background | None" = None

    @cached_property
    def eligible(self) -> np.ndarray:
        """Units that may appear in a brief (wirebrief.text.worthy): every selector chooses among these only."""
        verdicts = worthy.eligible(self.cluster.units, self.settings)
        return np.array([v is None for v in verdicts], dtype=bool)

    @cached_property
    def lexical(self) -> "Lexical":
        """Word statistics of the units, weighted by the background IDF of the model in use."""
        background = self.background
        if background is None:
            background = load_background_idf(model_file(self.settings.content.model, "idf.json"))
        return lexical_statistics(self, background)

    @cached_property
    def tfidf(self) -> np.ndarray | sparse.csr_array:
        """L2-normalised TF-IDF rows, one per unit (dense for a cluster of usual size, sparse for a big one: see
        Lexical)."""
        return self.lexical.vectors

    @cached_property
    def similarity(self) -> np.ndarray:
        """Cosine similarity between units (dense: every selector reads whole rows of it)."""
        vectors = self.tfidf
        if isinstance(vectors, np.ndarray):
            return vectors @ vectors.T
        # a big cluster: row blocks of the sparse product, so no more than one block is ever held sparse
        result = np.zeros((vectors.shape[0], vectors.shape[0]), dtype=np.float32)
        transposed = vectors.T.tocsr()
        for start in range(0, vectors.shape[0], SIMILARITY_BLOCK):
            block = vectors[start : start + SIMILARITY_BLOCK]
            result[start : start + block.shape[0]] = (block @ transposed).toarray()
        return result

    @cached_property
    def centrality(self) -> np.ndarray:
        """Cosine to the support-weighted centroid: a unit carried by three articles counts three times. The one
        centrality of a cluster: the salience method, the newest-lead check and the learned features all read it."""
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


# units x vocabulary cells up to which the word statistics are dense numpy arrays (16 MB of float32): a usual
# cluster has a few hundred units and a few thousand words, where dense beats sparse; a story of hundreds of
# reports has thousands of each, where dense matrices cost gigabytes and most of their cells are zero
DENSE_CELLS = 4_000_000
SIMILARITY_BLOCK = 512  # units per block of a sparse similarity product


@dataclass
class Lexical:
    """Per-cluster word statistics: the TF-IDF vectors every selector compares units with, and what else the
    learned features (wirebrief/select/learned_features.py) read. numpy over one unit-by-word matrix, dense up
    to DENSE_CELLS cells and scipy.sparse CSR beyond; no scikit-learn import is needed at brief time."""

    vectors: np.ndarray | sparse.csr_array  # units x vocabulary, L2-normalised sublinear TF x background IDF
    present: np.ndarray | sparse.csr_array  # units x vocabulary, bool: the unit's representative sentence has it
    idf: np.ndarray  # vocabulary
    copy: np.ndarray  # vocabulary: background copy rate
    article_has: np.ndarray | sparse.csr_array  # articles x vocabulary, bool
    carried_by: np.ndarray  # units x articles, bool
    content_words: np.ndarray  # units: number of distinct content words
    tokens: list[list[str]]  # units: all lower-cased word tokens (stop words included)


def lexical_statistics(features: "Features", background: Background | None) -> Lexical:
    """The word statistics of a cluster's units, weighted by `background` (None: by the cluster's own articles)."""
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
    carried_by = np.zeros((len(units), n_articles), dtype=bool)
    for row, unit in enumerate(units):
        for sentence in unit.sentences:
            carried_by[row, sentence.article] = True
    rows_at, cols_at = np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)
    if len(units) * size > DENSE_CELLS:
        return _sparse_statistics(rows_at, cols_at, (len(units), size), list(vocabulary), carried_by, background, tokens)
    counts = np.zeros((len(units), size), dtype=np.float32)
    np.add.at(counts, (rows_at, cols_at), 1.0)
    present = counts > 0
    article_has = (carried_by.T.astype(np.float32) @ present.astype(np.float32)) > 0
    idf, copy = _word_weights(list(vocabulary), background, article_has.sum(axis=0), n_articles, size)
    weights = np.zeros_like(counts)
    np.log(counts, out=weights, where=present)
    weights = np.where(present, weights + 1.0, 0.0) * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    vectors = weights / np.where(norms > 0, norms, 1.0)
    return Lexical(vectors.astype(np.float32), present, idf, copy, article_has, carried_by, present.sum(axis=1), tokens)


def _word_weights(
    vocabulary: list[str], background: Background | None, article_df, n_articles: int, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """IDF and background copy rate of each word; without `background`, IDF over the cluster's own articles."""
    if background is not None:
        missing = (background.unseen, background.copy_prior)
        stats = np.array([background.table.get(w, missing) for w in vocabulary] or [missing], dtype=np.float32)
        return stats[:, 0], stats[:, 1]
    idf = (np.log((1 + n_articles) / (1 + np.asarray(article_df))) + 1).astype(np.float32)
    return idf, np.zeros(size, dtype=np.float32)


def _sparse_statistics(rows, cols, shape, vocabulary, carried_by, background, tokens) -> Lexical:
    """lexical_statistics for a big cluster, in scipy.sparse CSR: memory grows with the words used, not with
    units x vocabulary."""
    from scipy import sparse

    counts = sparse.csr_array((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
    counts.sum_duplicates()
    present = counts.astype(bool)
    carried = sparse.csr_array(carried_by.astype(np.float32))
    article_has = (carried.T @ present.astype(np.float32)) > 0
    idf, copy = _word_weights(vocabulary, background, article_has.sum(axis=0), carried_by.shape[1], shape[1])
    weights = counts.copy()
    weights.data = (np.log(weights.data) + 1.0) * idf[weights.indices]
    norms = np.sqrt((weights.multiply(weights)).sum(axis=1))
    weights.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(weights.indptr)).astype(np.float32)
    vectors = weights.astype(np.float32)
    return Lexical(vectors, present, idf, copy, article_has, carried_by, present.sum(axis=1), tokens)
