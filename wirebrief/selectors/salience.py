"""Salience: centrality, cross-source support and lead position, then MMR (unsupervised, no model file).

salience = cosine to the support-weighted TF-IDF centroid
         + SUPPORT_WEIGHT  * share of the other articles that carry the unit (wire copy is corroboration)
         + POSITION_WEIGHT / (1 + first sentence position)  (news puts its facts first)
"""

from __future__ import annotations

import numpy as np

from ..score import Features
from .base import Selector

SUPPORT_WEIGHT = 0.3
POSITION_WEIGHT = 0.3


class SalienceSelector(Selector):
    name = "salience"

    def salience(self, features: Features) -> np.ndarray:
        others = max(len(features.cluster.articles) - 1, 1)
        support = (features.support - 1) / others
        return features.centrality + SUPPORT_WEIGHT * support + POSITION_WEIGHT / (1.0 + features.position)
