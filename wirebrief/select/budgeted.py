"""Budgeted selection with redundancy control (maximal marginal relevance).

Greedy: take the candidate with the best trade-off of salience against similarity to what is already chosen,
skip anything too similar to a chosen sentence or too long for the budget that is left, and go on until no
candidate fits. Skipping rather than stopping keeps the brief close to its budget when material allows.
"""

from __future__ import annotations

import numpy as np

from ..settings import Budget


def select_mmr(
    salience: np.ndarray,
    similarity: np.ndarray,
    costs: list[int],
    budget: Budget,
    eligible: np.ndarray,
    mmr_lambda: float,
    redundancy_threshold: float,
) -> list[int]:
    """Indices of the chosen units, in the order they were chosen."""
    count = len(salience)
    if count == 0:
        return []
    spread = float(salience.max() - salience.min())
    relevance = (salience - salience.min()) / spread if spread > 0 else np.ones(count)
    remaining = budget.limit
    available = eligible.copy()
    redundancy = np.zeros(count)
    chosen: list[int] = []
    while True:
        fits = available & (np.asarray(costs) <= remaining)
        if not fits.any():
            return chosen
        value = mmr_lambda * relevance - (1 - mmr_lambda) * redundancy
        # ties go to the earlier unit, so the choice never depends on floating-point noise in ordering
        best = int(np.flatnonzero(fits)[np.argmax(value[fits])])
        chosen.append(best)
        remaining -= costs[best]
        available[best] = False
        redundancy = np.maximum(redundancy, similarity[best])
        available &= redundancy < redundancy_threshold

