"""Order the chosen units as a reader expects: the lead first, then by publication time and source position."""

from __future__ import annotations

from datetime import datetime, timezone

from .model import Cluster, Unit


def _when(unit: Unit, cluster: Cluster) -> tuple:
    """Earliest (publication time, position, article) among the unit's sources; unknown dates go last."""
    earliest = datetime.min.replace(tzinfo=timezone.utc)  # a placeholder for unknown dates, which sort last anyway
    keys = []
    for sentence in unit.sentences:
        published = cluster.articles[sentence.article].published_at()
        keys.append((published is None, published or earliest, sentence.position, sentence.article))
    return min(keys)


def order_units(chosen: list[int], cluster: Cluster) -> list[int]:
    """`chosen` is in order of preference; the most preferred of the earliest-positioned units leads."""
    if not chosen:
        return []
    units = cluster.units
    lead = min(chosen, key=lambda i: (units[i].first_position, chosen.index(i)))
    rest = sorted((i for i in chosen if i != lead), key=lambda i: _when(units[i], cluster))
    return [lead, *rest]
