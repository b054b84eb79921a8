"""LexRank (Erkan and Radev, 2004): PageRank over the TF-IDF cosine graph, edges above a threshold."""

from __future__ import annotations

import numpy as np

from .features import Features
from .ranking import RankingSelector, pagerank

THRESHOLD = 0.1  # the paper's best threshold for the binary/continuous graph


class LexRankSelector(RankingSelector):
    name = "lexrank"

    def salience(self, features: Features) -> np.ndarray:
        similarity = features.similarity.copy()
        np.fill_diagonal(similarity, 0.0)
        return pagerank(np.where(similarity > THRESHOLD, similarity, 0.0))
