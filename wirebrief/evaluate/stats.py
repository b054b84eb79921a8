"""Summary statistics over per-cluster scores."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _as_array(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError("need a non-empty one-dimensional sequence of numbers")
    return array


def bootstrap_ci(
    values: Sequence[float], n_resamples: int = 1000, confidence: float = 0.95, seed: int = 0
) -> tuple[float, float, float]:
    """Mean of ``values`` and a percentile-bootstrap confidence interval for it.

    Returns ``(mean, low, high)``: the plain sample mean, and the ``(1 - confidence) / 2``
    and ``(1 + confidence) / 2`` percentiles of ``n_resamples`` resample means.  The same
    ``seed`` gives the same interval.
    """
    array = _as_array(values)
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be >= 1, got {n_resamples}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    rng = np.random.default_rng(seed)
    indices = rng.integers(0, array.size, size=(n_resamples, array.size))
    means = array[indices].mean(axis=1)
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return float(array.mean()), float(low), float(high)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values``, linearly interpolated."""
    if not 0.0 <= q <= 100.0:
        raise ValueError(f"q must be in [0, 100], got {q}")
    return float(np.percentile(_as_array(values), q))
