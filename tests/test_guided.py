"""Concept coverage guided by the learned scorer (wirebrief.select.guided)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from wirebrief import brief_inputs
from wirebrief.pipeline import prepare
from wirebrief.select import get_selector
from wirebrief.select.features import Features
from wirebrief.select.guided import GuidedCoverageSelector
from wirebrief.settings import ContentConfig, GuidedConfig, Settings

from .conftest import EXAMPLE

GUIDED = Settings(method="coverage-learned")


def _features(settings: Settings) -> Features:
    articles = brief_inputs([str(EXAMPLE)], settings).articles
    return Features(prepare(articles, settings), settings)


def test_without_the_prior_it_is_plain_concept_coverage():
    settings = replace(GUIDED, content=ContentConfig(guided=GuidedConfig(learned_prior_weight=0.0))).with_budget(words=60)
    features = _features(settings)
    assert GuidedCoverageSelector().select(features) == get_selector("coverage").select(features)


def test_a_heavy_prior_follows_the_learned_scores():
    settings = replace(GUIDED, content=ContentConfig(guided=GuidedConfig(learned_prior_weight=1e6))).with_budget(words=200)
    features = _features(settings)
    selector = GuidedCoverageSelector()
    scores = selector.learned.salience(features)
    costs = np.array([settings.budget.cost(u.text) for u in features.cluster.units])
    # the first pick maximises (prior per unit of cost**0.3); with the prior dominating, that is the learned score
    # times words / words**0.3, so it is a unit the learned scorer ranks above zero
    first = selector.select(features)[0]
    assert features.eligible[first] and scores[first] > 0
    value = np.where(features.eligible, np.maximum(scores, 0) * costs / costs**0.3, -np.inf)
    assert first == int(np.argmax(value))

