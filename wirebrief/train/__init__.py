"""Train the learned sentence scorer (wirebrief.select.learned) on Multi-News train clusters.

    wirebrief train --data ../shared/data/multinews/train.jsonl.gz --out wirebrief/models

Steps, all seeded and single-threaded (about a minute on one core with the defaults); run again with the same
data and library versions, it rewrites the shipped files byte for byte:
1. Background statistics over the first --idf-clusters training clusters: each word's IDF over articles and its
   copy rate (how often a reference summary uses a word its articles use) -> OUT/idf.json.
2. The first --clusters training clusters go through the brief pipeline (clean, split, wire-match); every unit
   gets the feature row of wirebrief.select.learned_features and a label: LABEL_WEIGHTS . (membership of a
   greedy ROUGE oracle, which adds units while they raise ROUGE-1 + ROUGE-2 F1 against the reference within
   the word budget; the unit's own unigram and bigram precision against the reference). Sentences that recur
   in BOILERPLATE_CLUSTERS or more clusters are page furniture -> OUT/boilerplate.json.
3. A histogram gradient-boosted regression (scikit-learn, monotone in cross-source support) is fitted and
   exported as plain arrays, checked against scikit-learn's own predictions.
4. MMR lambda and the redundancy threshold are chosen on held-out train clusters (the last --holdout clusters
   of the file, never used for fitting) by ROUGE-1 + ROUGE-2 F1 of the brief cut to --words words.
Result: OUT/learned.json. Validation data is never read here.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import UsageError, WirebriefError
from ..evaluate import rouge
from ..evaluate.data import EvalCluster, read_clusters
from ..pipeline import prepare_documents
from ..select.budgeted import select_mmr
from ..select.features import Features
from ..select.learned import TreeEnsemble
from ..select.learned_features import FEATURE_GROUPS, FEATURE_NAMES, learned_features, unit_keys
from ..settings import Settings, TrainSettings
from ..text.lexical import STOP_WORDS, WORD, Background

MIN_DF = 3
BOILERPLATE_CLUSTERS = 5
DEFAULT_DROP = TrainSettings.drop
COPY_SMOOTHING = 5.0  # pseudo-clusters at the mean copy rate, for rare words
# oracle membership, unigram precision, bigram precision, bigram recall (see label_parts)
LABEL_WEIGHTS = (0.5, 0.25, 0.25, 0.0)
LAMBDAS = (0.4, 0.5, 0.6, 0.7, 0.8, 1.0)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6)


@dataclass
class Example:
    """What tuning needs of one held-out cluster."""

    features: np.ndarray
    similarity: np.ndarray
    eligible: np.ndarray
    costs: list[int]
    grams: list[tuple[list[str], Counter, Counter]]  # per unit: tokens, unigrams, bigrams
    reference: tuple[Counter, Counter]
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0))
    keys: list[str] = field(default_factory=list)  # per unit: its word tokens joined, for the boilerplate list


def score_selection(chosen: list[int], example: Example, words: int) -> tuple[float, float]:
    """ROUGE-1 and -2 F1 of the chosen units, joined and cut to `words` words (close to the eval protocol)."""
    tokens: list[str] = []
    left = words
    for index in chosen:
        raw = example.grams[index][0]
        if left <= 0:
            break
        take = raw[: max(left, 0)] if example.costs[index] > left else raw
        tokens.extend(take)
        left -= example.costs[index]
    ref1, ref2 = example.reference
    return rouge.ngram_f1(rouge.ngram_counts(tokens, 1), ref1), rouge.ngram_f1(rouge.ngram_counts(tokens, 2), ref2)


def _reference_counts(example: Example) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Per unit, counts of each reference unigram and bigram (units x distinct reference n-grams)."""
    out = []
    for order, reference in enumerate(example.reference):
        index = {gram: i for i, gram in enumerate(reference)}
        matrix = np.zeros((len(example.grams), len(index)))
        for row, unit in enumerate(example.grams):
            for gram, count in unit[1 + order].items():
                column = index.get(gram)
                if column is not None:
                    matrix[row, column] = count
        out.append((matrix, np.array(list(reference.values()), dtype=float)))
    sizes = [len(g[0]) for g in example.grams]
    return out[0][0], out[0][1], out[1][0], out[1][1], sizes


def _f1_vector(hits: np.ndarray, candidate: np.ndarray, reference: float) -> np.ndarray:
    # evaluate.rouge.ngram_f1 for many candidates at once: 2PR / (P + R) = 2 hits / (candidate + reference n-grams)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 2 * hits / (candidate + reference)
    return np.where((hits > 0) & (candidate > 0), value, 0.0)


def oracle(example: Example, budget: int) -> list[int]:
    """Greedy ROUGE-1 + ROUGE-2 F1 oracle over eligible units within the word budget."""
    m1, r1, m2, r2, sizes = _reference_counts(example)
    n1, n2 = r1.sum(), r2.sum()
    length1 = np.array(sizes, dtype=float)
    length2 = np.maximum(length1 - 1, 0)
    costs = np.array(example.costs)
    available = example.eligible.copy()
    cur1, cur2 = np.zeros_like(r1), np.zeros_like(r2)
    total1 = total2 = 0.0
    chosen: list[int] = []
    best_value, left = 0.0, budget
    while True:
        fits = available & (costs <= left)
        if not fits.any():
            return chosen
        hits1 = np.minimum(cur1 + m1, r1).sum(axis=1)
        hits2 = np.minimum(cur2 + m2, r2).sum(axis=1)
        value = _f1_vector(hits1, total1 + length1, n1) + _f1_vector(hits2, total2 + length2, n2)
        value = np.where(fits, value, -1.0)
        best = int(np.argmax(value))
        if value[best] <= best_value:
            return chosen
        best_value = float(value[best])
        chosen.append(best)
        cur1 += m1[best]
        cur2 += m2[best]
        total1 += length1[best]
        total2 += length2[best]
        available[best] = False
        left -= int(costs[best])


def make_example(record: EvalCluster, settings: Settings, background, boilerplate=frozenset()) -> Example | None:
    cluster = prepare_documents(record.documents, settings, record.id)
    if cluster is None or not cluster.units:
        return None
    features = Features(cluster, settings, background)
    matrix = learned_features(features, boilerplate)
    grams = []
    for unit in cluster.units:
        tokens = rouge.tokens(unit.text)
        grams.append((tokens, rouge.ngram_counts(tokens, 1), rouge.ngram_counts(tokens, 2)))
    reference_tokens = rouge.tokens(record.references[0])
    example = Example(
        features=matrix,
        similarity=features.similarity,
        eligible=features.eligible,
        costs=[settings.budget.cost(u.text) for u in cluster.units],
        grams=grams,
        reference=(rouge.ngram_counts(reference_tokens, 1), rouge.ngram_counts(reference_tokens, 2)),
        keys=unit_keys(features),
    )
    example.labels = label_parts(example, settings.budget.limit)
    return example


def label_parts(example: Example, budget: int) -> np.ndarray:
    """Units x 4: greedy-oracle membership, unigram precision, bigram precision, bigram recall against the reference."""
    ref1, ref2 = example.reference
    parts = np.zeros((len(example.grams), 4))
    parts[oracle(example, budget), 0] = 1.0
    n2 = max(sum(ref2.values()), 1)
    for index, (tokens, u1, u2) in enumerate(example.grams):
        hits2 = rouge.overlap(u2, ref2)
        parts[index, 1] = rouge.overlap(u1, ref1) / max(len(tokens), 1)
        parts[index, 2] = hits2 / max(len(tokens) - 1, 1)
        parts[index, 3] = hits2 / n2
    return parts


def unit_labels(parts: np.ndarray) -> np.ndarray:
    """The regression target: LABEL_WEIGHTS . label_parts."""
    return parts @ np.asarray(LABEL_WEIGHTS)


# --- background statistics ------------------------------------------------------------------------------------


def background_idf(records: list[EvalCluster]) -> dict:
    """IDF over articles, and each word's copy rate: how often a reference uses a word its articles use."""
    df: Counter = Counter()
    in_documents: Counter = Counter()
    copied: Counter = Counter()
    documents = 0
    for record in records:
        cluster_words: set[str] = set()
        for document in record.documents:
            documents += 1
            words = {w for w in WORD.findall(document.lower()) if len(w) > 1 and w not in STOP_WORDS}
            df.update(words)
            cluster_words |= words
        in_documents.update(cluster_words)
        copied.update(cluster_words & set(WORD.findall(record.references[0].lower())))
    words = sorted(w for w, n in df.items() if n >= MIN_DF)
    idf = [round(float(np.log((1 + documents) / (1 + df[w])) + 1), 3) for w in words]
    unseen = round(float(np.log((1 + documents) / (1 + MIN_DF - 1)) + 1), 3)
    prior = sum(copied.values()) / max(sum(in_documents.values()), 1)
    copy = [round((copied[w] + COPY_SMOOTHING * prior) / (in_documents[w] + COPY_SMOOTHING), 4) for w in words]
    return {
        "documents": documents, "min_df": MIN_DF, "unseen": unseen, "copy_prior": round(prior, 4),
        "words": words, "idf": idf, "copy": copy,
    }  # fmt: skip


def find_boilerplate(examples: list[Example]) -> list[str]:
    """Sentences (as word tokens) that recur in at least BOILERPLATE_CLUSTERS training clusters: page furniture."""
    seen: Counter = Counter()
    for example in examples:
        seen.update(set(example.keys))
    return sorted(k for k, n in seen.items() if n >= BOILERPLATE_CLUSTERS and k)


def mark_boilerplate(example: Example, known: set[str]) -> None:
    column = FEATURE_NAMES.index("boilerplate")
    example.features[:, column] = [key in known for key in example.keys]


def as_background(idf: dict):
    return Background.from_json(idf)


# --- fitting and export ---------------------------------------------------------------------------------------


# more articles carrying a unit never makes it less salient (the trees are constrained to agree)
INCREASING = ("support", "support_share")


def fit_trees(
    x: np.ndarray, y: np.ndarray, names: list[str], seed: int, iterations: int, depth: int, min_leaf: int = 50
) -> dict:
    """Fit gradient-boosted trees and export them as padded arrays (see selectors.learned.TreeEnsemble)."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    model = HistGradientBoostingRegressor(
        max_iter=iterations, max_depth=depth, learning_rate=0.1, max_leaf_nodes=2**depth,
        min_samples_leaf=min_leaf, l2_regularization=1.0, early_stopping=False, random_state=seed,
        monotonic_cst=[1 if n in INCREASING else 0 for n in names],
    )  # fmt: skip
    model.fit(x, y)
    predictors = [p[0].nodes for p in model._predictors]
    width = max(len(n) for n in predictors)
    shape = (len(predictors), width)
    feature = np.zeros(shape, dtype=np.int64)
    threshold = np.full(shape, np.inf)
    left = np.tile(np.arange(width), (len(predictors), 1))
    right = left.copy()
    value = np.zeros(shape)
    for t, nodes in enumerate(predictors):
        for i, node in enumerate(nodes):
            if node["is_leaf"]:
                value[t, i] = node["value"]
            else:
                feature[t, i] = node["feature_idx"]
                threshold[t, i] = node["num_threshold"]
                left[t, i], right[t, i] = node["left"], node["right"]
    finite = lambda a: [[float(v) if np.isfinite(v) else 3.0e38 for v in row] for row in a]  # noqa: E731
    result = {
        "features": names,
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "trees": {
            "depth": int(max(int(n["depth"]) for nodes in predictors for n in nodes)),
            "feature": feature.tolist(),
            "threshold": finite(np.float32(threshold)),
            "left": left.tolist(),
            "right": right.tolist(),
            "value": [[round(float(v), 6) for v in row] for row in value],
        },
    }
    # the exported arrays must reproduce scikit-learn's predictions (rounding aside)
    sample = x[:: max(len(x) // 2000, 1)]
    full = np.zeros((len(sample), len(FEATURE_NAMES)), dtype=np.float32)
    full[:, [FEATURE_NAMES.index(n) for n in names]] = sample
    gap = np.abs(TreeEnsemble(result).predict(full) - model.predict(sample)).max() if len(sample) else 0.0
    if gap > 1e-3:
        raise RuntimeError(f"exported trees disagree with the fitted model by {gap}")
    return result


def tune_selection(scores: list[np.ndarray], examples: list[Example], budget: int) -> tuple[dict, float]:
    """MMR lambda and redundancy threshold with the best mean ROUGE-1 + ROUGE-2 F1 on held-out clusters."""
    best, best_value = {}, -1.0
    for mmr_lambda in LAMBDAS:
        for threshold in THRESHOLDS:
            total = 0.0
            for salience, example in zip(scores, examples):
                chosen = select_mmr(
                    salience, example.similarity, example.costs, _Budget(budget), example.eligible,
                    mmr_lambda, threshold,
                )  # fmt: skip
                total += sum(score_selection(chosen, example, budget))
            value = total / max(len(examples), 1)
            if value > best_value:
                best, best_value = {"mmr_lambda": mmr_lambda, "redundancy_threshold": threshold}, value
    return best, best_value


@dataclass(frozen=True)
class _Budget:
    limit: int


def main(args: TrainSettings) -> int:
    """Train and write the model files into `args.out` (the steps in the module docstring); 0 when done."""
    from threadpoolctl import threadpool_limits

    # one thread for BLAS and OpenMP: multi-threaded sums round differently, and a last-bit difference in a feature
    # can move a tree threshold and flip a near-tie in the tuning of mmr_lambda (0.6 against 0.7 once)
    with threadpool_limits(limits=1):
        return _train(args)


def _train(args: TrainSettings) -> int:
    dropped = set(args.drop)
    unknown = dropped - set(FEATURE_GROUPS)
    if unknown:  # before the minutes of feature extraction, not after
        raise UsageError(f"unknown feature group(s): {', '.join(sorted(unknown))} (known: {', '.join(FEATURE_GROUPS)})")
    np.random.seed(args.seed)
    started = time.perf_counter()
    out = Path(args.out)
    try:  # after the checks of the arguments (a mistake leaves no directory behind), before the run
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WirebriefError(f"cannot create --out {out}: {error.strerror or error}") from None
    settings = Settings().with_budget(words=args.words)

    records = [r for r in read_clusters(args.data) if isinstance(r, EvalCluster)]
    total = len(records)
    train_records = records[: min(args.clusters, max(total - args.holdout, 1))]
    holdout_records = records[max(total - args.holdout, len(train_records)) :]
    idf = background_idf(records[: min(args.idf_clusters, max(total - args.holdout, 1))])
    (out / "idf.json").write_text(json.dumps(idf, separators=(",", ":")), encoding="utf-8")
    background = as_background(idf)
    log(f"idf: {len(idf['words'])} words from {idf['documents']} articles ({time.perf_counter() - started:.0f}s)")

    if args.cache and Path(args.cache).is_file():
        cached = np.load(args.cache)
        x, y, boilerplate = cached["x"], cached["y"], [str(k) for k in cached["boilerplate"]]
        sizes = cached["sizes"]
    else:
        train = [e for r in train_records if (e := make_example(r, settings, background)) is not None]
        boilerplate = find_boilerplate(train)
        for example in train:
            mark_boilerplate(example, set(boilerplate))
        x = np.vstack([e.features for e in train])
        y = np.vstack([e.labels for e in train])
        sizes = np.array([len(e.features) for e in train])
        if args.cache:
            np.savez_compressed(args.cache, x=x, y=y, sizes=sizes, boilerplate=np.array(boilerplate, dtype=str))
    (out / "boilerplate.json").write_text(
        json.dumps({"min_clusters": BOILERPLATE_CLUSTERS, "sentences": boilerplate}, indent=0), encoding="utf-8"
    )
    log(f"features: {x.shape[0]} units of {len(train_records)} clusters ({time.perf_counter() - started:.0f}s)")

    names = [n for g, members in FEATURE_GROUPS.items() if g not in dropped for n in members]
    columns = [FEATURE_NAMES.index(n) for n in names]
    model = fit_trees(x[:, columns], unit_labels(y), names, args.seed, args.iterations, args.depth, args.min_leaf)
    log(f"fitted {args.iterations} trees of depth {args.depth} ({time.perf_counter() - started:.0f}s)")

    ensemble = TreeEnsemble(model)
    known = frozenset(boilerplate)
    holdout = [e for r in holdout_records if (e := make_example(r, settings, background, known)) is not None]
    scores = [ensemble.predict(e.features) for e in holdout]
    selection, value = tune_selection(scores, holdout, args.words)
    model["selection"] = selection
    model["training"] = {
        "data": Path(args.data).name,
        "clusters": len(train_records),
        "units": int(x.shape[0]),
        # the largest clusters the scorer has seen (99th percentile of units): beyond it, the default method
        # switches to concept coverage (wirebrief.select.auto)
        "max_units": int(np.percentile(sizes, 99)),
        "holdout_clusters": len(holdout),
        "holdout_r1_plus_r2": round(value, 4),
        "words": args.words,
        "iterations": args.iterations,
        "depth": args.depth,
        "seed": args.seed,
        "label": f"{LABEL_WEIGHTS} . (oracle membership, P1, P2, R2 of the unit)",
    }
    (out / "learned.json").write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    log(f"selection {selection}: held-out R1+R2 F1 {value:.4f}; wrote {out} ({time.perf_counter() - started:.0f}s)")
    return 0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

