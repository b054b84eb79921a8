"""The learned method: a small gradient-boosted regression-tree scorer over cheap unit features, then MMR.

The model was fitted by `python -m wirebrief.train` on Multi-News train clusters to predict how much of the
reference each unit carries (its greedy-ROUGE-oracle label); see wirebrief/train/__init__.py. It ships as plain JSON
(`wirebrief/models/learned.json`: feature names, stacked tree arrays, the selection parameters tuned on held-out
train clusters, which are the defaults of `LearnedConfig`) next to the background IDF table (`wirebrief/models/idf.json`) and a list of recurring page furniture
(`wirebrief/models/boilerplate.json`), and is evaluated with numpy
alone: every tree is walked at once, one level per step, so scoring a cluster costs a few dozen array operations.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..resources import SHIPPED_MODELS, model_file
from ..settings import LearnedConfig, Settings
from .base import Selector
from .budgeted import select_mmr
from .features import Features
from .learned_features import FEATURE_NAMES, learned_features

MODEL_FILE = SHIPPED_MODELS / "learned.json"


class TreeEnsemble:
    """Sum of regression trees stored as padded arrays (trees x nodes); leaves point to themselves."""

    def __init__(self, model: dict) -> None:
        trees = model["trees"]
        self.feature_names: list[str] = list(model["features"])
        self.columns = np.array([FEATURE_NAMES.index(n) for n in self.feature_names], dtype=np.intp)
        self.feature = np.asarray(trees["feature"], dtype=np.intp)
        self.threshold = np.asarray(trees["threshold"], dtype=np.float32)
        self.left = np.asarray(trees["left"], dtype=np.intp)
        self.right = np.asarray(trees["right"], dtype=np.intp)
        self.value = np.asarray(trees["value"], dtype=np.float64)
        self.depth = int(trees["depth"])
        self.baseline = float(model["baseline"])
        self.params: dict = dict(model.get("selection", {}))
        self.max_units = int(model.get("training", {}).get("max_units", 10**9))
        self._rows = np.arange(len(self.feature))[:, None]

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        """One score per row of a units x FEATURE_NAMES matrix."""
        x = np.asarray(matrix, dtype=np.float32)[:, self.columns]
        if x.shape[0] == 0:
            return np.zeros(0)
        node = np.zeros((len(self.feature), x.shape[0]), dtype=np.intp)
        samples = np.arange(x.shape[0])[None, :]
        for _ in range(self.depth):
            feature = self.feature[self._rows, node]
            go_left = x[samples, feature] <= self.threshold[self._rows, node]
            node = np.where(go_left, self.left[self._rows, node], self.right[self._rows, node])
        return self.baseline + self.value[self._rows, node].sum(axis=0)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> TreeEnsemble:
    file = Path(path) if path else MODEL_FILE
    return TreeEnsemble(json.loads(file.read_text(encoding="utf-8")))


class LearnedSelector(Selector):
    name = "learned"

    def __init__(self, model: TreeEnsemble | None = None, mmr: bool = True) -> None:
        # None: the model the settings name (Settings.content.model, `brief --model`), else the shipped one
        self.model = model
        self.mmr = mmr

    def model_for(self, settings: Settings) -> TreeEnsemble:
        return self.model or load_model(model_file(settings.content.model, "learned.json"))

    def salience(self, features: Features) -> np.ndarray:
        return self.model_for(features.settings).predict(learned_features(features))

    def select(self, features: Features) -> list[int]:
        settings = features.settings
        salience = self.salience(features)
        similarity = features.similarity
        costs = [settings.budget.cost(u.text) for u in features.cluster.units]
        if not self.mmr:  # ablation: best first, no redundancy control
            return select_mmr(salience, similarity, costs, settings.budget, features.eligible, 1.0, np.inf)
        config = resolved_config(settings, self.model_for(settings))
        return select_mmr(
            salience,
            similarity,
            costs,
            settings.budget,
            features.eligible,
            config.mmr_lambda,
            config.redundancy_threshold,
        )


def resolved_config(settings: Settings, model: TreeEnsemble | None = None) -> LearnedConfig:
    """`Settings.content.learned` with every value it leaves to the model file (None) taken from it: the values the
    learned method runs with. A model file without them falls back to Settings.mmr_lambda / redundancy_threshold."""
    config = settings.content.learned
    params = (model or load_model(model_file(settings.content.model, "learned.json"))).params
    return LearnedConfig(
        mmr_lambda=float(params.get("mmr_lambda", settings.mmr_lambda)) if config.mmr_lambda is None else config.mmr_lambda,
        redundancy_threshold=(
            float(params.get("redundancy_threshold", settings.redundancy_threshold))
            if config.redundancy_threshold is None
            else config.redundancy_threshold
        ),
    )
