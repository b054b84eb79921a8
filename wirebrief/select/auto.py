"""wirebrief's default method: the learned scorer on clusters like those it was trained on, concept coverage
guided by the same scorer beyond.

The learned scorer (learned.py) was fitted on Multi-News clusters: a few articles, a few dozen sentences. On
clusters far larger than any it saw (ten long wire stories, hundreds of sentences) its features leave their
training range and on its own it does worse than budgeted concept coverage, which is built for exactly that
case; there its scores serve as a prior inside concept coverage (guided.py), which beats plain coverage on the
long Multi-News train clusters it was tuned on and on DUC 2003 and TAC 2010. The switch point is not tuned: it
is the 99th percentile of cluster size in the training data, stored with the model.
"""

from __future__ import annotations

from functools import cached_property

from .base import Selector
from .features import Features
from .guided import GuidedCoverageSelector
from .learned import LearnedSelector


class AutoSelector(Selector):
    name = "wirebrief"

    @cached_property
    def learned(self) -> LearnedSelector:
        return LearnedSelector()

    @cached_property
    def guided(self) -> GuidedCoverageSelector:
        return GuidedCoverageSelector(self.learned)

    def select(self, features: Features) -> list[int]:
        if len(features.cluster.units) <= self.learned.model_for(features.settings).max_units:
            return self.learned.select(features)
        return self.guided.select(features)
