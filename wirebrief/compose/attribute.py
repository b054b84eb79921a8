"""Attribution: each brief sentence lists every source sentence that carries it, as spans of cleaned text."""

from __future__ import annotations

from ..types import BriefSentence, Cluster, SourceSpan


def attribute(ordered: list[int], cluster: Cluster) -> list[BriefSentence]:
    result = []
    for index in ordered:
        unit = cluster.units[index]
        sources = [
            SourceSpan(cluster.articles[s.article].id, cluster.articles[s.article].outlet, s.start, s.end, s.pieces)
            for s in sorted(unit.sentences, key=lambda s: (s.article, s.start))
        ]
        result.append(BriefSentence(unit.text, sources))
    return result
