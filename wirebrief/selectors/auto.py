"""wirebrief's default method: the learned scorer on clusters like those it was trained on, concept coverage beyond.

The learned scorer (learned.py) was fitted on Multi-News clusters: a few articles, a few dozen sentences. On
clusters far larger than any it saw (ten long wire stories, hundreds of sentences) its features leave their
training range and it does worse than budgeted concept coverage (coverage.py), which is built for exactly that
case. The switch point is not tuned: it is the 99th percentile of cluster size in the training data, stored
with the model.
"""

from __future__ import annotations

from functools import cached_property

from ..score import Features
from .base import Selector
from .coverage import CoverageSelector
from .learned import LearnedSelector


class AutoSelector(Selector):
    name = "wirebrief"

    @cached_property
    def learned(self) -> LearnedSelector:
        return LearnedSelector()

    @cached_property
    def coverage(self) -> CoverageSelector:
        return CoverageSelector()

    def select(self, features: Features) -> list[int]:
        if len(features.cluster.units) <= self.learned.model_for(features.settings).max_units:
            return self.learned.select(features)
        return self.coverage.select(features)
