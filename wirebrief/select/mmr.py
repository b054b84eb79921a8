"""MMR (Carbonell and Goldstein, 1998): relevance to the cluster centroid traded against redundancy, λ = 0.7."""

from __future__ import annotations

import numpy as np

from .base import Selector
from .centroid import plain_centroid_similarity
from .features import Features


class MMRSelector(Selector):
    name = "mmr"

    def salience(self, features: Features) -> np.ndarray:
        return plain_centroid_similarity(features)
