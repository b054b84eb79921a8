"""Shared pieces of the graph baselines: PageRank by power iteration, and rank-then-filter selection."""

from __future__ import annotations

import numpy as np

from .base import Selector

DAMPING = 0.85


def pagerank(weights: np.ndarray, damping: float = DAMPING, iterations: int = 100, tolerance: float = 1e-6) -> np.ndarray:
    """Stationary distribution of a random walk on a weighted graph (rows are normalised here)."""
    count = weights.shape[0]
    if count == 0:
        return np.zeros(0)
    sums = weights.sum(axis=1, keepdims=True)
    # a node with no edges jumps anywhere, as in the original PageRank
    transition = np.where(sums > 0, weights / np.where(sums > 0, sums, 1), 1.0 / count)
    scores = np.full(count, 1.0 / count)
    for _ in range(iterations):
        updated = (1 - damping) / count + damping * (transition.T @ scores)
        if np.abs(updated - scores).sum() < tolerance:
            return updated
        scores = updated
    return scores


class RankingSelector(Selector):
    """Baselines as published: take sentences by score alone, skipping near-duplicates of chosen ones."""

    mmr_lambda = 1.0  # no MMR trade-off: pure ranking, with the redundancy threshold as the only filter
