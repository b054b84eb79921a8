"""Concept coverage guided by the learned scorer: what the clusters' articles share, and what a reference keeps.

Concept coverage (coverage.py) knows which bigrams many articles share but nothing about how a summary reads;
the learned scorer (learned.py) knows which sentences references draw on but was trained on short Multi-News
clusters. Here each unit also carries a private concept of its own, worth

    prior_weight * (mean weight of the cluster's bigram concepts) * max(learned score, 0) * words / 20

so the same cost-scaled greedy trades shared concepts against sentence-level salience: a sentence of twenty words
and learned score s weighs like prior_weight * s bigrams of average weight. `GuidedConfig.learned_prior_weight`
(`Settings.content.guided`; 3) was chosen on the 81 Multi-News *train* clusters of the full-article sample at 100 words (recall), from
0, 1, 3, 10 and 30; DUC and TAC were only scored afterwards (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import numpy as np

from .base import Selector
from .coverage import ConceptProblem, fill_in_lead_order
from .features import Features
from .learned import LearnedSelector

TYPICAL_SENTENCE_WORDS = 20.0


class GuidedCoverageSelector(Selector):
    name = "coverage-learned"

    def __init__(self, learned: LearnedSelector | None = None) -> None:
        self.learned = learned or LearnedSelector()

    def select(self, features: Features) -> list[int]:
        from scipy.sparse import hstack, identity  # here: the default method needs it only beyond learned's range

        units = features.cluster.units
        if not units:
            return []
        problem = ConceptProblem.of(features)
        bigram_weights = problem.weights[problem.weights >= 1.0]  # the unigram tier is scaled far below 1
        typical = float(bigram_weights.mean()) if bigram_weights.size else 1.0
        salience = np.maximum(self.learned.salience(features), 0.0)
        prior = features.settings.content.guided.learned_prior_weight * typical * salience
        prior = prior * features.words / TYPICAL_SENTENCE_WORDS
        guided = hstack([problem.incidence, identity(len(units), format="csr")]).tocsr()
        chosen = problem.greedy(guided, np.concatenate([problem.weights, prior]))
        return fill_in_lead_order(features, chosen, problem)
