"""Salience features of units, shared by every selector.

A unit's evidence: how central it is to the cluster (TF-IDF cosine to the centroid), how many articles carry it
(wire copy counts as corroboration), where it first appears (news puts the facts first) and its length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .model import Cluster
from .settings import Settings
from .split import is_brief_material


@dataclass
class Features:
    cluster: Cluster
    settings: Settings
    _cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def eligible(self) -> np.ndarray:
        """Units that may appear in a brief; if none qualifies, all may (a brief of fragments beats none)."""
        s = self.settings
        mask = np.array(
            [is_brief_material(u.sentences[0], s.min_sentence_words, s.max_sentence_words) for u in self.cluster.units],
            dtype=bool,
        )
        return mask if mask.any() else np.ones(len(mask), dtype=bool)

    @cached_property
    def tfidf(self):
        """L2-normalised TF-IDF rows, one per unit (scipy sparse), IDF from this cluster's sentences."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32)
        texts = [u.text for u in self.cluster.units]
        try:
            return vectorizer.fit_transform(texts)
        except ValueError:  # only stop words: no vocabulary
            from scipy.sparse import csr_matrix

            return csr_matrix((len(texts), 1), dtype=np.float32)

    @cached_property
    def similarity(self) -> np.ndarray:
        """Cosine similarity between units."""
        matrix = self.tfidf
        return np.asarray((matrix @ matrix.T).todense())

    @cached_property
    def centrality(self) -> np.ndarray:
        """Cosine to the support-weighted centroid: a unit carried by three articles counts three times."""
        matrix = self.tfidf
        weights = self.support.astype(np.float32)
        centroid = np.asarray(matrix.T @ weights).ravel()
        norm = np.linalg.norm(centroid)
        if norm == 0:
            return np.zeros(matrix.shape[0], dtype=np.float32)
        return np.asarray(matrix @ (centroid / norm)).ravel()

    @cached_property
    def support(self) -> np.ndarray:
        return np.array([u.support for u in self.cluster.units], dtype=np.int32)

    @cached_property
    def position(self) -> np.ndarray:
        return np.array([u.first_position for u in self.cluster.units], dtype=np.int32)

    @cached_property
    def words(self) -> np.ndarray:
        return np.array([u.words for u in self.cluster.units], dtype=np.int32)
