"""Exact concept coverage (wirebrief.select.ilp): optimal where the greedy is not, budgets, determinism."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

from wirebrief import brief_inputs
from wirebrief.pipeline import prepare
from wirebrief.select import get_selector
from wirebrief.select.coverage import greedy_coverage
from wirebrief.select.features import Features
from wirebrief.select.ilp import solve_coverage
from wirebrief.settings import Settings

from .conftest import EXAMPLE

ILP = Settings(method="coverage-ilp")


def _incidence(rows: list[list[int]], concepts: int) -> csr_matrix:
    data = [(r, c) for r, cols in enumerate(rows) for c in cols]
    return csr_matrix((np.ones(len(data)), ([r for r, _ in data], [c for _, c in data])), shape=(len(rows), concepts))


def test_the_program_finds_the_optimum_the_greedy_misses():
    # unit 0 has the best weight per word but blocks the pair 1 + 2, which together cover more
    incidence = _incidence([[0, 1, 2], [0, 3], [1, 4]], 5)
    weights = np.array([3.0, 3.0, 1.0, 2.5, 2.5])
    costs = np.array([6.0, 5.0, 5.0])
    eligible = np.ones(3, dtype=bool)
    greedy = greedy_coverage(incidence, weights, costs, 10, eligible, scale=1.0)
    exact = solve_coverage(incidence, weights, costs, 10, eligible, node_limit=100, max_concepts=100)
    covered = lambda chosen: weights[np.unique(incidence[chosen].indices)].sum()  # noqa: E731
    assert sorted(exact) == [1, 2] and covered(exact) == 11.0 > covered(greedy)


def test_ineligible_and_oversized_units_are_never_chosen():
    incidence = _incidence([[0, 1, 2, 3], [0, 1], [2]], 4)
    weights = np.ones(4)
    eligible = np.array([False, True, True])
    assert sorted(solve_coverage(incidence, weights, np.array([3.0, 3.0, 9.0]), 8, eligible, 100, 100)) == [1]


def test_it_covers_at_least_as_much_as_the_greedy_on_the_example():
    from wirebrief.select.coverage import concept_weights

    articles = brief_inputs([str(EXAMPLE)], ILP).articles
    settings = ILP.with_budget(words=60)
    features = Features(prepare(articles, settings), settings)
    incidence, weights = concept_weights(features)
    costs = np.array([settings.budget.cost(u.text) for u in features.cluster.units], dtype=float)
    eligible = np.asarray(features.eligible, dtype=bool)
    exact = solve_coverage(incidence, weights, costs, 60, eligible, 200, 2000)
    greedy = greedy_coverage(incidence, weights, costs, 60, eligible)
    covered = lambda chosen: weights[np.unique(incidence[chosen].indices)].sum()  # noqa: E731
    assert covered(exact) >= covered(greedy) - 1e-9
    assert get_selector("coverage-ilp").select(features)[: len(exact)] == exact
