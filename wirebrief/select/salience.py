"""Salience: centrality, cross-source support and lead position, then MMR (unsupervised, no model file).

salience = cosine to the support-weighted TF-IDF centroid
         + support_weight  * share of the other articles that carry the unit (wire copy is corroboration)
         + position_weight / (1 + first sentence position)  (news puts its facts first)

with the weights of `SalienceConfig` (`Settings.content.salience`; 0.3 and 0.3).
"""

from __future__ import annotations

import numpy as np

from .base import Selector
from .features import Features


class SalienceSelector(Selector):
    name = "salience"

    def salience(self, features: Features) -> np.ndarray:
        config = features.settings.content.salience
        others = max(len(features.cluster.articles) - 1, 1)
        support = (features.support - 1) / others
        return features.centrality + config.support_weight * support + config.position_weight / (1.0 + features.position)
