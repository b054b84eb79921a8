"""Concept coverage with learned concept weights: which bigrams of a cluster a reference summary keeps.

coverage.py weighs a bigram concept by the number of articles that carry it (plus a lead prior), a rule of thumb
from ICSISumm. Here the weight is the probability that the reference summary of the cluster contains the
concept, from a logistic regression over cheap concept features (Berg-Kirkpatrick, Gillick & Klein 2011 and
Li, Qian & Liu 2013 learn such weights): how many of the articles carry it, how early, how often, whether it has
a stop word or a number, and the background IDF and copy rate of its words (models/idf.json). The model is
fitted by `wirebrief train` on Multi-News train clusters and ships as JSON (models/concepts.json): a handful of
coefficients, evaluated with numpy. Every bigram of the cluster is a concept (no article-frequency cut-off: the
model decides how much a rare one is worth); the stemmed content-word tier and the lead-order fill of
coverage.py stay as they are, and the budgeted coverage is solved with the same cost-scaled greedy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from ..score import STOP_WORDS, Background, Features, load_background_idf
from .base import Selector
from .coverage import MIN_DF, SMALL_CLUSTER, UNIGRAM_WEIGHT, WORD, fill_in_lead_order, greedy_coverage, stem

MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "concepts.json"

CONCEPT_FEATURES = [
    "article_share", "log_articles_carrying", "log_cluster_articles", "single_article", "earliest",
    "mean_earliness", "earliness_share", "log_count", "has_stop", "has_number", "mean_idf", "min_idf",
    "mean_copy", "max_copy",
]  # fmt: skip


@dataclass
class ConceptTable:
    """The bigram concepts of one cluster, their features (concepts x CONCEPT_FEATURES) and unit incidence."""

    concepts: list[str]
    features: np.ndarray
    incidence: csr_matrix  # units x concepts (bigrams only)
    unigram_incidence: csr_matrix  # units x content-word stems carried by at least min_df articles
    unigram_weights: np.ndarray


def _tokens(text: str) -> tuple[list[str], list[str], list[bool]]:
    words = WORD.findall(text.lower())
    return words, [stem(w) for w in words], [w in STOP_WORDS or len(w) < 2 for w in words]


def concept_table(features: Features, background: Background | None) -> ConceptTable:
    cluster = features.cluster
    n_articles = max(len(cluster.articles), 1)
    min_df = 1 if n_articles == 1 else (2 if n_articles < SMALL_CLUSTER else MIN_DF)
    per_text: dict[str, tuple[dict[str, tuple[str, str, bool]], set[str]]] = {}

    def concepts_of(text: str):
        found = per_text.get(text)
        if found is None:
            words, stems, stop = _tokens(text)
            bigrams = {
                f"{stems[i]} {stems[i + 1]}": (words[i], words[i + 1], stop[i] or stop[i + 1])
                for i in range(len(words) - 1)
                if not (stop[i] and stop[i + 1])
            }
            found = per_text[text] = (bigrams, {s for s, is_stop in zip(stems, stop) if not is_stop})
        return found

    first: dict[str, dict[int, int]] = {}  # concept -> {article: earliest sentence position}
    counts: dict[str, int] = {}
    surface: dict[str, tuple[str, str, bool]] = {}
    unigram_articles: dict[str, set[int]] = {}
    for unit in cluster.units:
        for sentence in unit.sentences:
            bigrams, unigrams = concepts_of(sentence.text)
            for concept, words in bigrams.items():
                seen = first.setdefault(concept, {})
                if seen.get(sentence.article, sentence.position + 1) > sentence.position:
                    seen[sentence.article] = sentence.position
                counts[concept] = counts.get(concept, 0) + 1
                surface.setdefault(concept, words)
            for concept in unigrams:
                unigram_articles.setdefault(concept, set()).add(sentence.article)
    concepts = sorted(first)
    rows = []
    missing = (background.unseen, background.copy_prior) if background is not None else (1.0, 0.0)
    table = background.table if background is not None else {}
    for concept in concepts:
        positions = np.array(list(first[concept].values()), dtype=np.float64)
        df = len(positions)
        early = 1.0 / (1.0 + positions)
        w1, w2, has_stop = surface[concept]
        stats = [table.get(w, missing) for w in (w1, w2) if w not in STOP_WORDS and len(w) > 1] or [missing]
        idf = [s[0] for s in stats]
        copy = [s[1] for s in stats]
        rows.append([
            df / n_articles, np.log(df), np.log(n_articles), float(df == 1), early.max(), early.mean(),
            early.sum() / n_articles, np.log1p(counts[concept]), float(has_stop),
            float(w1[0].isdigit() or w2[0].isdigit()), float(np.mean(idf)), float(np.min(idf)),
            float(np.mean(copy)), float(np.max(copy)),
        ])  # fmt: skip
    index = {c: i for i, c in enumerate(concepts)}
    unigram_index = {
        c: i for i, c in enumerate(sorted(c for c, a in unigram_articles.items() if len(a) >= min_df))
    }
    b_rows, b_cols, u_rows, u_cols = [], [], [], []
    for row, unit in enumerate(cluster.units):
        bigrams, unigrams = concepts_of(unit.text)
        for concept in bigrams:
            b_rows.append(row)
            b_cols.append(index[concept])
        for concept in unigrams:
            column = unigram_index.get(concept)
            if column is not None:
                u_rows.append(row)
                u_cols.append(column)
    units = len(cluster.units)
    incidence = csr_matrix((np.ones(len(b_rows)), (b_rows, b_cols)), shape=(units, max(len(concepts), 1)))
    unigram_incidence = csr_matrix((np.ones(len(u_rows)), (u_rows, u_cols)), shape=(units, max(len(unigram_index), 1)))
    unigram_weights = np.array(
        [UNIGRAM_WEIGHT * len(unigram_articles[c]) for c in unigram_index] or [0.0], dtype=np.float64
    )
    matrix = np.array(rows, dtype=np.float64).reshape(len(concepts), len(CONCEPT_FEATURES))
    return ConceptTable(concepts, matrix, incidence, unigram_incidence, unigram_weights)


@dataclass(frozen=True)
class ConceptModel:
    """Logistic regression over CONCEPT_FEATURES, standardised with the training mean and scale."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_json(cls, data: dict) -> "ConceptModel":
        if list(data["features"]) != CONCEPT_FEATURES:
            raise ValueError("concept model was trained on other features; retrain it with wirebrief train")
        return cls(
            np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]), float(data["intercept"])
        )

    def probability(self, matrix: np.ndarray) -> np.ndarray:
        if len(matrix) == 0:
            return np.zeros(0)
        z = ((matrix - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=4)
def load_concept_model(path: str | None = None) -> ConceptModel:
    file = Path(path) if path else MODEL_FILE
    return ConceptModel.from_json(json.loads(file.read_text(encoding="utf-8")))


class LearnedCoverageSelector(Selector):
    name = "concepts"

    def __init__(self, model: ConceptModel | None = None) -> None:
        self.model = model

    def select(self, features: Features) -> list[int]:
        units = features.cluster.units
        if not units:
            return []
        model = self.model or load_concept_model(features.settings.content.concept_model)
        budget = features.settings.budget
        costs = np.array([budget.cost(u.text) for u in units], dtype=np.float64)
        table = concept_table(features, load_background_idf())
        from scipy.sparse import hstack

        incidence = hstack([table.incidence, table.unigram_incidence]).tocsr()
        weights = np.concatenate([model.probability(table.features), table.unigram_weights])
        eligible = np.asarray(features.eligible, dtype=bool)
        chosen = greedy_coverage(incidence, weights, costs, budget.limit, eligible)
        return fill_in_lead_order(features, chosen, costs, budget.limit, eligible)
