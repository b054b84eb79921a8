"""Lead baseline: the first sentence of each article, then the second of each, and so on (round-robin)."""

from __future__ import annotations

from .base import Selector
from .features import Features


class LeadSelector(Selector):
    name = "lead"

    def select(self, features: Features) -> list[int]:
        settings = features.settings
        units = features.cluster.units
        # a unit's first appearance decides its turn; wire copy is taken once
        order = sorted(range(len(units)), key=lambda i: (units[i].first_position, units[i].sentences[0].article))
        remaining = settings.budget.limit
        chosen = []
        for index in order:
            cost = settings.budget.cost(units[index].text)
            if features.eligible[index] and cost <= remaining:
                chosen.append(index)
                remaining -= cost
        return chosen
