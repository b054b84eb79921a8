"""TextRank (Mihalcea and Tarau, 2004): PageRank over sentence overlap normalised by log lengths."""

from __future__ import annotations

import numpy as np

from ..text.wirematch import normalised_tokens
from .features import Features
from .ranking import RankingSelector, pagerank


class TextRankSelector(RankingSelector):
    name = "textrank"

    def salience(self, features: Features) -> np.ndarray:
        from scipy.sparse import csr_matrix
        from sklearn.preprocessing import MultiLabelBinarizer

        token_sets = [set(normalised_tokens(u.text)) for u in features.cluster.units]
        binary = csr_matrix(MultiLabelBinarizer(sparse_output=True).fit_transform(token_sets), dtype=np.float32)
        overlap = np.asarray((binary @ binary.T).todense())
        logs = np.log(np.maximum([len(t) for t in token_sets], 2))  # log(1) would divide by zero
        weights = overlap / (logs[:, None] + logs[None, :])
        np.fill_diagonal(weights, 0.0)
        return pagerank(weights)
