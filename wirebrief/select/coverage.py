"""Concept coverage: budgeted maximum coverage of weighted word-bigram concepts, solved greedily.

The objective is that of Gillick & Favre (2009, "A scalable global model for summarization"; ICSISumm at TAC
2008/2009): a brief is worth the summed weight of the concepts it contains, each concept counted once however many
chosen sentences carry it, so redundancy is paid for by the objective itself and needs no similarity threshold.

concepts  stemmed (Porter) word bigrams of a unit's sentence; a bigram made only of stop words is no concept
weight    the number of distinct articles whose sentences contain the concept (wire copy counts once per article
          that carries it), kept when it reaches `min_df` articles (3 for the 10-article clusters of DUC/TAC, as in
          ICSISumm; 2 for small clusters, where 3 would leave almost nothing), each article counting a little more
          when the concept appears early in it (`position_prior`)

Instead of the ILP we maximise with the cost-scaled greedy of Khuller, Moss & Naor (1999) as used by Lin & Bilmes
(2010): repeatedly take the unit with the best gain / cost**scale that still fits, then compare the result with the
best single unit that fits and keep the better; for a monotone submodular objective such as this one that carries a
constant-factor guarantee. Stemmed content-word unigrams, also weighted by article frequency, enter with a tiny
weight: they break ties between units of equal bigram gain, fill what budget the bigrams leave, and stand in for
bigrams when none reaches min_df (one article, very short clusters). Budget the concepts leave unspent (short
clusters run out of shared concepts) goes to early, corroborated sentences that still add content words.

Everything is one sparse unit x concept incidence matrix; a greedy step is one sparse matrix-vector product. The
knobs are `CoverageConfig` (wirebrief/settings.py, `Settings.content.coverage`), which coverage-ilp and
coverage-learned read too: they start from the same `ConceptProblem`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..settings import CoverageConfig
from ..text.lexical import STOP_WORDS, WORD, stem
from .base import Selector
from .features import Features

if TYPE_CHECKING:  # imported where a problem is built: the default method needs it only beyond learned's range
    from scipy.sparse import csr_matrix


def sentence_concepts(text: str) -> tuple[set[str], set[str]]:
    """(bigram concepts, unigram concepts) of one sentence."""
    tokens = WORD.findall(text.lower())
    stems = [stem(w) for w in tokens]
    stop = [w in STOP_WORDS or len(w) < 2 for w in tokens]
    bigrams = {
        f"{stems[i]} {stems[i + 1]}" for i in range(len(tokens) - 1) if not (stop[i] and stop[i + 1])
    }
    unigrams = {s for s, is_stop in zip(stems, stop) if not is_stop}
    return bigrams, unigrams


def concept_weights(features: Features) -> tuple[csr_matrix, np.ndarray]:
    """Unit x concept incidence (bool, sparse) and one weight per concept (bigrams, then the unigram tier)."""
    cluster = features.cluster
    config = features.settings.content.coverage
    n_articles = max(len(cluster.articles), 1)
    min_df = 1 if n_articles == 1 else (2 if n_articles < config.small_cluster else config.min_df)
    # article frequency from every sentence of every article, so wire copy counts once per carrying article
    per_text: dict[str, tuple[set[str], set[str]]] = {}

    def concepts_of(text: str) -> tuple[set[str], set[str]]:
        found = per_text.get(text)
        if found is None:
            found = per_text[text] = sentence_concepts(text)
        return found

    # concept -> {article: earliest sentence position}
    bigram_articles: dict[str, dict[int, int]] = {}
    unigram_articles: dict[str, dict[int, int]] = {}
    for unit in cluster.units:
        for sentence in unit.sentences:
            bigrams, unigrams = concepts_of(sentence.text)
            for table, found in ((bigram_articles, bigrams), (unigram_articles, unigrams)):
                for concept in found:
                    seen = table.setdefault(concept, {})
                    if seen.get(sentence.article, sentence.position + 1) > sentence.position:
                        seen[sentence.article] = sentence.position
    index: dict[tuple[int, str], int] = {}
    weights: list[float] = []
    position_prior = config.position_prior
    for tier, table, scale in ((0, bigram_articles, 1.0), (1, unigram_articles, config.unigram_weight)):
        for concept in sorted(table):
            articles = table[concept]
            if len(articles) >= min_df:
                index[(tier, concept)] = len(weights)
                prior = position_prior * sum(1.0 / (1.0 + p) for p in articles.values()) if position_prior else 0.0
                weights.append(scale * (len(articles) + prior))
    rows: list[int] = []
    cols: list[int] = []
    for row, unit in enumerate(cluster.units):
        bigrams, unigrams = concepts_of(unit.text)
        for tier, found in ((0, bigrams), (1, unigrams)):
            for concept in found:
                column = index.get((tier, concept))
                if column is not None:
                    rows.append(row)
                    cols.append(column)
    from scipy.sparse import csr_matrix

    shape = (len(cluster.units), max(len(weights), 1))
    incidence = csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=shape)
    return incidence, np.array(weights or [0.0], dtype=np.float64)


def greedy_coverage(
    incidence: csr_matrix,
    weights: np.ndarray,
    costs: np.ndarray,
    limit: int,
    eligible: np.ndarray,
    scale: float = CoverageConfig.scale,
) -> list[int]:
    """Cost-scaled greedy for budgeted maximum coverage, then the best single unit if that covers more."""
    count = incidence.shape[0]
    if count == 0:
        return []
    costs = np.asarray(costs, dtype=np.float64)
    available = eligible.astype(bool) & (costs <= limit)
    uncovered = weights.copy()
    remaining = float(limit)
    chosen: list[int] = []
    total = 0.0
    divisor = np.maximum(costs, 1.0) ** scale
    while True:
        fits = available & (costs <= remaining)
        if not fits.any():
            break
        gain = incidence @ uncovered
        ratio = np.where(fits, gain / divisor, -np.inf)
        # ties go to the earlier unit, so the choice never depends on floating-point noise in ordering
        best = int(np.argmax(ratio))
        if gain[best] <= 0:
            break
        chosen.append(best)
        total += float(gain[best])
        remaining -= costs[best]
        available[best] = False
        uncovered[incidence.indices[incidence.indptr[best] : incidence.indptr[best + 1]]] = 0.0
    singles = np.where(eligible.astype(bool) & (costs <= limit), incidence @ weights, -np.inf)
    if singles.size and np.isfinite(singles.max()) and singles.max() > total:
        return [int(np.argmax(singles))]
    return chosen


@dataclass
class ConceptProblem:
    """What every concept-coverage method starts from: the units' concepts and their weights, each unit's cost
    against the budget, and which units may be chosen at all."""

    incidence: csr_matrix  # units x concepts
    weights: np.ndarray  # concepts
    costs: np.ndarray  # units, in the budget's unit (words, sentences or characters)
    limit: int
    eligible: np.ndarray  # units, bool
    config: CoverageConfig

    @classmethod
    def of(cls, features: Features) -> "ConceptProblem":
        budget = features.settings.budget
        costs = np.array([budget.cost(u.text) for u in features.cluster.units], dtype=np.float64)
        incidence, weights = concept_weights(features)
        eligible = np.asarray(features.eligible, dtype=bool)
        return cls(incidence, weights, costs, budget.limit, eligible, features.settings.content.coverage)

    def greedy(self, incidence: csr_matrix | None = None, weights: np.ndarray | None = None) -> list[int]:
        """The cost-scaled greedy over these concepts (or over `incidence` and `weights` given instead)."""
        return greedy_coverage(
            self.incidence if incidence is None else incidence,
            self.weights if weights is None else weights,
            self.costs,
            self.limit,
            self.eligible,
            self.config.scale,
        )


class CoverageSelector(Selector):
    name = "coverage"

    def select(self, features: Features) -> list[int]:
        if not features.cluster.units:
            return []
        problem = ConceptProblem.of(features)
        return fill_in_lead_order(features, problem.greedy(), problem)


def fill_in_lead_order(features: Features, chosen: list[int], problem: ConceptProblem) -> list[int]:
    """Spend budget the concepts left over on early sentences (most corroborated first) that add content words."""
    units = features.cluster.units
    costs, eligible = problem.costs, problem.eligible
    words = [sentence_concepts(u.text)[1] for u in units]
    covered: set[str] = set().union(*(words[i] for i in chosen)) if chosen else set()
    remaining = problem.limit - float(costs[chosen].sum()) if chosen else float(problem.limit)
    result = list(chosen)
    taken = set(chosen)
    order = sorted(range(len(units)), key=lambda i: (units[i].first_position, -units[i].support, i))
    for index in order:
        if index in taken or not eligible[index] or costs[index] > remaining:
            continue
        new = words[index] - covered
        if words[index] and len(new) < problem.config.fill_novelty * len(words[index]):
            continue
        result.append(index)
        taken.add(index)
        covered |= words[index]
        remaining -= costs[index]
    return result
