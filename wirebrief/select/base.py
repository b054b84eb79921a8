"""The tiny base class every selection method builds on (one method per module, as in sumy)."""

from __future__ import annotations

import numpy as np

from .budgeted import select_mmr
from .features import Features


class Selector:
    """Scores units by salience; the shared MMR step turns scores into a budgeted, non-redundant choice.

    A method overrides `salience`, or `select` when it chooses in its own way (lead takes sentences in order).
    """

    name = ""
    # MMR trade-off of salience against redundancy; None takes Settings.mmr_lambda
    mmr_lambda: float | None = None

    def salience(self, features: Features) -> np.ndarray:
        raise NotImplementedError

    def select(self, features: Features) -> list[int]:
        """Indices of chosen units, most preferred first."""
        settings = features.settings
        return select_mmr(
            self.salience(features),
            features.similarity,
            [settings.budget.cost(u.text) for u in features.cluster.units],
            settings.budget,
            features.eligible,
            settings.mmr_lambda if self.mmr_lambda is None else self.mmr_lambda,
            settings.redundancy_threshold,
        )
