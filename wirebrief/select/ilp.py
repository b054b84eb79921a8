"""Concept coverage solved exactly: the integer program of Gillick & Favre (2009), as in ICSISumm.

Same concepts and weights as coverage.py (stemmed content bigrams weighted by the articles that carry them, with
the lead prior and the tiny unigram tier); instead of the cost-scaled greedy, HiGHS (through
`scipy.optimize.milp`) finds the choice of units of the highest total concept weight within the budget:

    maximise   sum_j w_j c_j
    subject to sum_i cost_i s_i <= budget
               s_i <= c_j           for every concept j of unit i   (a chosen unit covers its concepts)
               c_j <= sum_i s_i     over the units i that carry j   (a concept counts only when covered)
               s_i, c_j in {0, 1};  s_i = 0 for units that may not appear in a brief

The solver stops at `IlpConfig.node_limit` (`Settings.content.ilp`) branch-and-bound nodes (a count, not a clock, so that the same input
always gives the same brief) and keeps the best solution found; should it find none, the greedy answer stands.
Budget left over goes to early sentences as in coverage.py.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix, hstack, vstack

from .base import Selector
from .coverage import ConceptProblem, fill_in_lead_order
from .features import Features


def solve_coverage(
    incidence: csr_matrix,
    weights: np.ndarray,
    costs: np.ndarray,
    limit: int,
    eligible: np.ndarray,
    node_limit: int,
    max_concepts: int,
) -> list[int] | None:
    """Units of a highest-weight budgeted coverage, best first by own weight; None when the solver finds nothing."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    usable = eligible & (costs <= limit)
    # concepts no usable unit carries cannot be covered; the heaviest max_concepts keep the program small
    carried = np.asarray(incidence[usable].sum(axis=0)).ravel() > 0
    columns = np.flatnonzero(carried & (weights > 0))
    if columns.size == 0:
        return None
    if columns.size > max_concepts:
        columns = columns[np.argsort(-weights[columns], kind="stable")[:max_concepts]]
        columns.sort()
    occurs = incidence[:, columns].tocsr()
    occurs.data[:] = 1.0
    units, concepts = occurs.shape
    # variables: units s_0..s_{n-1}, then concepts c_0..c_{m-1}
    objective = np.concatenate([np.zeros(units), -weights[columns]])
    rows = occurs.tocoo()
    pairs = len(rows.data)
    # s_i - c_j <= 0 for every (unit, concept) occurrence
    unit_part = csr_matrix((np.ones(pairs), (np.arange(pairs), rows.row)), shape=(pairs, units))
    concept_part = csr_matrix((-np.ones(pairs), (np.arange(pairs), rows.col)), shape=(pairs, concepts))
    link = hstack([unit_part, concept_part])
    # c_j - sum_i occurs_ij s_i <= 0
    cover = hstack([-occurs.T, csr_matrix(np.eye(concepts))])
    budget = hstack([csr_matrix(costs.reshape(1, -1)), csr_matrix((1, concepts))])
    matrix = vstack([link, cover, budget]).tocsr()
    upper = np.concatenate([np.zeros(pairs + concepts), [float(limit)]])
    constraints = LinearConstraint(matrix, -np.inf, upper)
    bounds = Bounds(np.zeros(units + concepts), np.concatenate([usable.astype(float), np.ones(concepts)]))
    result = milp(
        objective,
        constraints=constraints,
        integrality=np.ones(units + concepts),
        bounds=bounds,
        options={"node_limit": node_limit, "presolve": True},
    )
    if result.x is None:
        return None
    chosen = np.flatnonzero(result.x[:units] > 0.5)
    own = occurs[chosen] @ weights[columns]
    return [int(i) for i in chosen[np.argsort(-own, kind="stable")]]


class IlpCoverageSelector(Selector):
    name = "coverage-ilp"

    def select(self, features: Features) -> list[int]:
        if not features.cluster.units:
            return []
        config = features.settings.content.ilp
        problem = ConceptProblem.of(features)
        chosen = solve_coverage(
            problem.incidence, problem.weights, problem.costs, problem.limit, problem.eligible,
            config.node_limit, config.max_concepts,
        )  # fmt: skip
        if chosen is None:
            chosen = problem.greedy()
        return fill_in_lead_order(features, chosen, problem)
