"""Centroid (Radev et al., 2004, simplified): cosine of each sentence to the cluster's TF-IDF centroid."""

from __future__ import annotations

import numpy as np

from .features import Features
from .ranking import RankingSelector


def plain_centroid_similarity(features: Features) -> np.ndarray:
    """Cosine to the unweighted centroid of units (no wire-copy support weighting, unlike Features.centrality)."""
    matrix = features.tfidf
    centroid = matrix.mean(axis=0)
    norm = np.linalg.norm(centroid)
    return matrix @ (centroid / norm) if norm > 0 else np.zeros(matrix.shape[0])


class CentroidSelector(RankingSelector):
    name = "centroid"

    def salience(self, features: Features) -> np.ndarray:
        return plain_centroid_similarity(features)
