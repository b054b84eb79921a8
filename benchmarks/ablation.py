"""Ablations of the learned method on Multi-News val (or any evaluation JSONL): ROUGE F1 (or recall) and speed.

Usage:
    python benchmarks/ablation.py [--data ../shared/data/multinews/val.jsonl.gz] [--limit N] [--words 230]
                                  [--measure f|r] [--variants default,no-mmr,...] [--models DIR]

Protocol (issue #4): each system's brief sentences are joined with "\\n", cut to the first --words whitespace
words and scored with rouge-score (ROUGE-1, ROUGE-2, ROUGE-Lsum, Porter stemming) through
wirebrief.evaluate.rouge; with several references the per-reference scores are averaged. DUC/TAC use
``--words 100 --measure r``.

Variants:
  learned          the learned method as shipped (wirebrief/models/learned.json)
  learned@DIR      the learned method with the model in DIR/learned.json (e.g. written by wirebrief train)
  no-mmr           learned scores, best first, no redundancy control
  no-<group>       learned, refitted without one feature group of wirebrief.select.learned_features.FEATURE_GROUPS; the model is
                   read from --models DIR/learned-no-<group>.json and trained there first when missing
                   (python -m wirebrief.train --drop <group>, on --train-clusters train clusters)
  wirebrief, lead, ...   any method of wirebrief.select.METHODS, for reference
  coverage-learned@W     the default's long-cluster method with learned prior weight W (GuidedConfig)
  sumy-lexrank, ...      an external peer (the eval extra), timed in the same run
ms/cluster is the median over clusters of the whole pipeline for that variant (clean, split, wire-match,
features, score, select), one core; the clean/split/wire part is timed once per cluster and shared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wirebrief.compose.order import order_units  # noqa: E402
from wirebrief.evaluate import rouge  # noqa: E402
from wirebrief.evaluate.data import EvalCluster, read_clusters  # noqa: E402
from wirebrief.evaluate.systems import SUMY_PEERS, sumy_peer  # noqa: E402
from wirebrief.pipeline import prepare_documents  # noqa: E402
from wirebrief.resources import one_blas_thread  # noqa: E402
from wirebrief.select import get_selector  # noqa: E402
from wirebrief.select.features import Features  # noqa: E402
from wirebrief.select.learned import LearnedSelector, load_model  # noqa: E402
from wirebrief.select.learned_features import FEATURE_GROUPS  # noqa: E402
from wirebrief.settings import GuidedConfig, Settings  # noqa: E402
from wirebrief.train import DEFAULT_DROP  # noqa: E402

DEFAULT_VARIANTS = [
    "learned", "no-mmr", "no-standalone", *(f"no-{g}" for g in FEATURE_GROUPS if g not in DEFAULT_DROP),
    "coverage", "salience", "lead",
]  # fmt: skip


def make_selector(variant: str, models: Path, train_data: str, train_clusters: int):
    if variant == "learned":
        return LearnedSelector()
    if variant.startswith("learned@"):  # a retrained model: learned@DIR reads DIR/learned.json
        return LearnedSelector(model=load_model(str(Path(variant[len("learned@"):]) / "learned.json")))
    if variant == "no-mmr":
        return LearnedSelector(mmr=False)
    if variant == "no-standalone":  # the same model; sentences that lean on their neighbours become eligible
        return LearnedSelector()
    if variant.startswith("no-") and variant[3:] in FEATURE_GROUPS:
        group = variant[3:]
        folder = models / f"no-{group}"
        if not (folder / "learned.json").is_file():
            command = [
                sys.executable, "-m", "wirebrief.train", "--data", train_data, "--out", str(folder),
                "--clusters", str(train_clusters), "--drop", ",".join(sorted({*DEFAULT_DROP, group})), "--cache", str(models / f"features-{train_clusters}.npz"),
            ]  # fmt: skip
            print("training:", " ".join(command), file=sys.stderr, flush=True)
            subprocess.run(command, check=True, cwd=ROOT)
        return LearnedSelector(model=load_model(str(folder / "learned.json")))
    if variant.startswith("coverage-learned@"):  # coverage-learned@W: another learned prior weight
        return get_selector("coverage-learned")
    if variant in SUMY_PEERS:  # an external peer, timed in the same run for the speed ratio
        return sumy_peer(variant)
    return get_selector(variant)


def settings_for(variant: str, settings: Settings) -> Settings:
    """The settings a variant runs with: the stand-alone rule off for no-standalone, a prior weight for @W."""
    if variant == "no-standalone":
        return replace(settings, standalone_sentences=False)
    if variant.startswith("coverage-learned@"):
        weight = float(variant.split("@", 1)[1])
        return replace(settings, content=replace(settings.content, guided=GuidedConfig(learned_prior_weight=weight)))
    return settings


def split_ids(path: str, split: str) -> set[str]:
    """Ids of the records whose "split" field is `split` (the full-article sample mixes train and val clusters)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines if line.strip())
        return {str(r.get("id")) for r in records if r.get("split") == split}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/multinews/val.jsonl.gz"))
    parser.add_argument("--limit", type=int, default=None, help="first N clusters (default: all)")
    parser.add_argument("--words", type=int, default=230)
    parser.add_argument("--measure", choices=["f", "r", "p"], default="f")
    parser.add_argument("--variants", default=",".join(DEFAULT_VARIANTS))
    parser.add_argument("--models", default="/tmp/wirebrief-ablation", help="where ablation models are kept")
    parser.add_argument("--train-data", default=str(ROOT.parent / "shared/data/multinews/train.jsonl.gz"))
    parser.add_argument("--train-clusters", type=int, default=6000)
    parser.add_argument("--split", help="only records whose 'split' field is this, e.g. train (full-article sample)")
    parser.add_argument("--cpu", type=int, default=None, help="core to pin to (default: one of the allowed ones)")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:  # one core, as the speed target says; --cpu picks it (two runs side by side should not share one)
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {args.cpu if args.cpu is not None else cores[os.getpid() % len(cores)]})
    except (AttributeError, OSError):
        pass

    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    models = Path(args.models)
    models.mkdir(parents=True, exist_ok=True)
    selectors = {v: make_selector(v, models, args.train_data, args.train_clusters) for v in variants}
    settings = Settings().with_budget(words=args.words)
    metrics = rouge.METRICS
    scores = {v: [] for v in variants}
    times = {v: [] for v in variants}
    count = 0
    wanted = split_ids(args.data, args.split) if args.split else None
    for record in read_clusters(args.data, limit=args.limit):
        if not isinstance(record, EvalCluster) or (wanted is not None and record.id not in wanted):
            continue
        count += 1
        started = time.perf_counter()
        cluster = prepare_documents(record.documents, settings, record.id)
        prepared = time.perf_counter() - started
        for variant, selector in selectors.items():
            started = time.perf_counter()
            # one core: numpy's BLAS on one thread for every variant, peers included (as pipeline.summarize does)
            with one_blas_thread():
                if cluster is None or not cluster.units:
                    texts = []
                elif variant in SUMY_PEERS:
                    texts = selector(cluster, settings)
                else:
                    chosen = selector.select(Features(cluster, settings_for(variant, settings)))
                    texts = [cluster.units[i].text for i in order_units(chosen, cluster)]
            times[variant].append(prepared + time.perf_counter() - started)
            candidate = rouge.truncate_words("\n".join(texts), args.words)
            result = rouge.score(candidate.split("\n"), record.references)
            scores[variant].append([result[m][args.measure] for m in metrics])
        if count % 500 == 0:
            print(f"{count} clusters", file=sys.stderr, flush=True)
    label = {"f": "F1", "r": "recall", "p": "precision"}[args.measure]
    print(f"\n{Path(args.data).name}: {count} clusters, {args.words} words, ROUGE {label} (x100)\n")
    print("| variant | R-1 | R-2 | R-Lsum | ms/cluster (p50) |")
    print("|---|---:|---:|---:|---:|")
    for variant in variants:
        mean = np.mean(scores[variant], axis=0) * 100
        print(f"| {variant} | {mean[0]:.2f} | {mean[1]:.2f} | {mean[2]:.2f} | {np.median(times[variant]) * 1000:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
