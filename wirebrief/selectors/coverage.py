"""Concept coverage: budgeted maximum coverage of weighted word-bigram concepts, solved greedily.

The objective is that of Gillick & Favre (2009, "A scalable global model for summarization"; ICSISumm at TAC
2008/2009): a brief is worth the summed weight of the concepts it contains, each concept counted once however many
chosen sentences carry it, so redundancy is paid for by the objective itself and needs no similarity threshold.

concepts  stemmed (Porter) word bigrams of a unit's sentence; a bigram made only of stop words is no concept
weight    the number of distinct articles whose sentences contain the concept (wire copy counts once per article
          that carries it), kept when it reaches MIN_DF articles (3 for the 10-article clusters of DUC/TAC, as in
          ICSISumm; 2 for small clusters, where 3 would leave almost nothing), each article counting a little more
          when the concept appears early in it (POSITION_PRIOR)

Instead of the ILP we maximise with the cost-scaled greedy of Khuller, Moss & Naor (1999) as used by Lin & Bilmes
(2010): repeatedly take the unit with the best gain / cost**SCALE that still fits, then compare the result with the
best single unit that fits and keep the better; for a monotone submodular objective such as this one that carries a
constant-factor guarantee. Stemmed content-word unigrams, also weighted by article frequency, enter with a tiny
weight: they break ties between units of equal bigram gain, fill what budget the bigrams leave, and stand in for
bigrams when none reaches MIN_DF (one article, very short clusters). Budget the concepts leave unspent (short
clusters run out of shared concepts) goes to early, corroborated sentences that still add content words.

Everything is one sparse unit x concept incidence matrix; a greedy step is one sparse matrix-vector product.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

from ..lexical import STOP_WORDS, WORD, stem
from ..score import Features
from .base import Selector

# cost scaling r of gain / cost**r: 1 is Khuller et al.'s cost-scaled greedy; Lin & Bilmes (2010) use r = 0.3, which
# leans less towards short sentences. The two tie on Multi-News train clusters of 7+ articles; 0.3 is slightly ahead
# on the full-article Multi-News sample (R-2 recall at 100 words 8.73 against 8.64)
SCALE = 0.3
# a concept must appear in this many articles (ICSISumm: 3 on 10-article TAC clusters) ...
MIN_DF = 3
# ... but clusters of fewer than this many articles need only 2 (a bigram shared by 2 of 3 reports is the story)
SMALL_CLUSTER = 6
# weight of the unigram tier against the bigram tier: small enough never to outweigh one bigram of weight 2
UNIGRAM_WEIGHT = 1e-3
# lead prior: an article counts 1 + POSITION_PRIOR / (1 + position of the concept's first sentence in it), so a concept
# in three leads outweighs one in three closing paragraphs (position as a concept feature: Berg-Kirkpatrick et al.
# 2011, Li, Qian & Liu 2013). On the full-article Multi-News sample it adds 0.3 R-2 recall at 100 words
POSITION_PRIOR = 1.0
# when the concepts are all covered and budget is left: "lead" fills in lead order, skipping units whose content
# words are mostly covered; "words" keeps covering every content word (weight FILL_WEIGHT, df >= 1); "" stops
FILL = "lead"
FILL_WEIGHT = 1e-6
# a lead-order filler must bring at least this share of new content words
FILL_NOVELTY = 0.5


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
    n_articles = max(len(cluster.articles), 1)
    min_df = 1 if n_articles == 1 else (2 if n_articles < SMALL_CLUSTER else MIN_DF)
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
    tiers = [(0, bigram_articles, 1.0, min_df), (1, unigram_articles, UNIGRAM_WEIGHT, min_df)]
    if FILL == "words":
        tiers.append((2, unigram_articles, FILL_WEIGHT, 1))
    for tier, table, scale, least in tiers:
        for concept in sorted(table):
            articles = table[concept]
            if len(articles) >= least:
                index[(tier, concept)] = len(weights)
                prior = POSITION_PRIOR * sum(1.0 / (1.0 + p) for p in articles.values()) if POSITION_PRIOR else 0.0
                weights.append(scale * (len(articles) + prior))
    rows: list[int] = []
    cols: list[int] = []
    for row, unit in enumerate(cluster.units):
        bigrams, unigrams = concepts_of(unit.text)
        for tier, found in ((0, bigrams), (1, unigrams), (2, unigrams)):
            for concept in found:
                column = index.get((tier, concept))
                if column is not None:
                    rows.append(row)
                    cols.append(column)
    shape = (len(cluster.units), max(len(weights), 1))
    incidence = csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=shape)
    return incidence, np.array(weights or [0.0], dtype=np.float64)


def greedy_coverage(
    incidence: csr_matrix,
    weights: np.ndarray,
    costs: np.ndarray,
    limit: int,
    eligible: np.ndarray,
    scale: float | None = None,
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
    divisor = np.maximum(costs, 1.0) ** (SCALE if scale is None else scale)
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


class CoverageSelector(Selector):
    name = "coverage"

    def select(self, features: Features) -> list[int]:
        units = features.cluster.units
        if not units:
            return []
        budget = features.settings.budget
        costs = np.array([budget.cost(u.text) for u in units], dtype=np.float64)
        incidence, weights = concept_weights(features)
        eligible = np.asarray(features.eligible, dtype=bool)
        chosen = greedy_coverage(incidence, weights, costs, budget.limit, eligible)
        if FILL == "lead" or not chosen:
            chosen = fill_in_lead_order(features, chosen, costs, budget.limit, eligible)
        return chosen


def fill_in_lead_order(
    features: Features, chosen: list[int], costs: np.ndarray, limit: int, eligible: np.ndarray
) -> list[int]:
    """Spend budget the concepts left over on early sentences (most corroborated first) that add content words."""
    units = features.cluster.units
    words = [sentence_concepts(u.text)[1] for u in units]
    covered: set[str] = set().union(*(words[i] for i in chosen)) if chosen else set()
    remaining = limit - float(costs[chosen].sum()) if chosen else float(limit)
    result = list(chosen)
    taken = set(chosen)
    order = sorted(range(len(units)), key=lambda i: (units[i].first_position, -units[i].support, i))
    for index in order:
        if index in taken or not eligible[index] or costs[index] > remaining:
            continue
        new = words[index] - covered
        if words[index] and len(new) < FILL_NOVELTY * len(words[index]):
            continue
        result.append(index)
        taken.add(index)
        covered |= words[index]
        remaining -= costs[index]
    return result
