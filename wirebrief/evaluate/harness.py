"""The evaluation run: every system on the same clusters, scored the same way, timed in the same run.

Per cluster and system: prepare (read, clean, split, wire-match) and summarize are timed together with
`time.perf_counter`, the output is truncated to the word budget and scored with ROUGE (rouge.py). Peak memory
per system is measured separately with tracemalloc on the first MEMORY_SAMPLE clusters, because tracing slows
Python code several-fold and would spoil the latencies.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..settings import Settings
from .data import BadRecord, EvalCluster, read_clusters
from .rouge import METRICS, score, truncate_words
from .stats import bootstrap_ci, percentile

MEMORY_SAMPLE = 20


@dataclass
class Row:
    """One system's result on one cluster."""

    cluster: str
    system: str
    seconds: float
    words: int
    scores: dict[str, dict[str, float]]
    error: str | None = None


@dataclass
class Run:
    systems: list[str]
    words: int
    recall: bool
    rows: list[Row] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    peak_bytes: dict[str, int] = field(default_factory=dict)
    wall_seconds: float = 0.0


_worker: dict = {}


def _init_worker(systems: list[str], words: int) -> None:
    from .systems import get_system

    _worker["settings"] = Settings().with_budget(words=words)
    _worker["systems"] = [(name, get_system(name)) for name in systems]


def _run_system(summarize: Callable, cluster: EvalCluster, settings: Settings) -> list[str]:
    from ..pipeline import prepare_documents

    prepared = prepare_documents(cluster.documents, settings, cluster.id)
    return summarize(prepared, settings) if prepared is not None else []


def evaluate_cluster(cluster: EvalCluster) -> list[Row]:
    settings: Settings = _worker["settings"]
    rows = []
    for name, summarize in _worker["systems"]:
        error = None
        start = time.perf_counter()
        try:
            sentences = _run_system(summarize, cluster, settings)
        except Exception as exc:  # one system failing on one cluster is a result, not the end of the run
            sentences, error = [], f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - start
        kept = truncate_words("\n".join(sentences), settings.budget.words or 0)
        rows.append(Row(cluster.id, name, seconds, len(kept.split()), score(kept.split("\n"), cluster.references), error))
    return rows


def evaluate_chunk(systems: list[str], words: int, clusters: list[EvalCluster]) -> list[list[Row]]:
    """evaluate_cluster for several clusters in a worker that may not have been set up yet (a Ray task)."""
    if _worker.get("key") != (tuple(systems), words):
        _init_worker(systems, words)
        _worker["key"] = (tuple(systems), words)
    return [evaluate_cluster(cluster) for cluster in clusters]


def _lost_rows(systems: list[str], cluster: EvalCluster, reason: str) -> list[Row]:
    # scored as empty, like a system that failed on the cluster
    return [Row(cluster.id, name, 0.0, 0, score([], cluster.references), reason) for name in systems]


# clusters per Ray task: each is briefed by every system, so fewer than for batch keep the workers balanced
RAY_CHUNK = 8


def measure_memory(clusters: list[EvalCluster]) -> dict[str, int]:
    """Peak traced allocation of one cluster's briefing, per system, over a sample of clusters."""
    peaks = {}
    settings: Settings = _worker["settings"]
    for name, summarize in _worker["systems"]:
        peak = 0
        for cluster in clusters:
            tracemalloc.start()
            _run_system(summarize, cluster, settings)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        peaks[name] = peak
    return peaks


def run_evaluation(
    path: str,
    systems: list[str],
    words: int,
    recall: bool = False,
    limit: int | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    ray: bool = False,
    ray_address: str | None = None,
) -> Run:
    """Evaluate `systems` on the clusters in `path`; `progress` is called with (clusters done, clusters in all)."""
    started = time.perf_counter()
    run = Run(systems=systems, words=words, recall=recall)
    clusters: list[EvalCluster] = []
    for item in read_clusters(path, limit=limit):
        (run.bad if isinstance(item, BadRecord) else clusters).append(item)
    _init_worker(systems, words)  # fails fast on an unknown system, before any worker starts
    # warm up imports and lazy models so that the first cluster's latency is not start-up time
    if clusters:
        evaluate_cluster(clusters[0])
    results: Iterable[list[Row]]
    if ray:
        from functools import partial

        from ..scale import ordered_map

        chunks = [clusters[i:i + RAY_CHUNK] for i in range(0, len(clusters), RAY_CHUNK)]
        per_chunk = ordered_map(partial(evaluate_chunk, systems, words), chunks, 1,
                                on_failure=lambda chunk, reason: [_lost_rows(systems, c, reason) for c in chunk],
                                address=ray_address)
        results = (rows for chunk_rows in per_chunk for rows in chunk_rows)
    elif jobs > 1:
        from ..processes import ordered_map

        results = ordered_map(evaluate_cluster, clusters, jobs, chunksize=4, initializer=_init_worker,
                              initargs=(systems, words), on_failure=lambda c, reason: _lost_rows(systems, c, reason))
    else:
        results = map(evaluate_cluster, clusters)
    try:
        for done, rows in enumerate(results, start=1):
            run.rows.extend(rows)
            if progress:
                progress(done, len(clusters))
    finally:
        if hasattr(results, "close"):  # a Ctrl-C: the workers stop now
            results.close()
    run.peak_bytes = measure_memory(clusters[:MEMORY_SAMPLE])
    run.wall_seconds = time.perf_counter() - started
    return run


@dataclass
class Summary:
    system: str
    clusters: int
    errors: int
    means: dict[str, dict[str, float]]  # metric -> p/r/f mean
    intervals: dict[str, tuple[float, float]]  # metric -> 95% bootstrap CI of the headline measure
    clusters_per_second: float
    p50_ms: float
    p95_ms: float
    peak_mib: float
    words: float


def summarize_run(run: Run) -> list[Summary]:
    measure = "r" if run.recall else "f"
    summaries = []
    for system in run.systems:
        rows = [r for r in run.rows if r.system == system]
        if not rows:
            continue
        means, intervals = {}, {}
        for metric in METRICS:
            means[metric] = {k: sum(r.scores[metric][k] for r in rows) / len(rows) for k in ("p", "r", "f")}
            _, low, high = bootstrap_ci([r.scores[metric][measure] for r in rows])
            intervals[metric] = (low, high)
        latencies = [r.seconds for r in rows]
        summaries.append(
            Summary(
                system=system,
                clusters=len(rows),
                errors=sum(r.error is not None for r in rows),
                means=means,
                intervals=intervals,
                clusters_per_second=len(rows) / sum(latencies) if sum(latencies) else float("inf"),
                p50_ms=percentile(latencies, 50) * 1000,
                p95_ms=percentile(latencies, 95) * 1000,
                peak_mib=run.peak_bytes.get(system, 0) / 2**20,
                words=sum(r.words for r in rows) / len(rows),
            )
        )
    return summaries
