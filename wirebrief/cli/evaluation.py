"""Commands that measure and retrain: `eval` and `train`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..settings import TrainSettings
from .common import (
    JOBS,
    QUIET,
    RAY,
    RAY_ADDRESS,
    OutputError,
    TableFormat,
    progress_bar,
    user_errors,
    write_output,
)


@user_errors
def evaluate(
    data: str = typer.Argument(..., metavar="CLUSTERS", help="JSONL (.gz too) of {id, documents, summary | summaries}."),
    words: int = typer.Option(230, "--words", "-w", metavar="N", min=1, help="Every output is truncated to this many words."),
    systems: str = typer.Option(
        "wirebrief,salience,learned,coverage,lead,lexrank,textrank,centroid,mmr",
        "--systems",
        metavar="NAMES",
        help="Comma-separated systems: wirebrief methods (see brief --method) and sumy-lexrank, sumy-textrank, sumy-lsa.",
    ),
    recall: bool = typer.Option(False, "--recall", help="Report recall (DUC/TAC) instead of F1."),
    limit: Optional[int] = typer.Option(None, "--limit", metavar="K", min=1, help="Only the first K clusters."),
    jobs: int = JOBS,
    ray: bool = RAY,
    ray_address: Optional[str] = RAY_ADDRESS,
    fmt: TableFormat = typer.Option(TableFormat.markdown, "--format", "-f", help="Output format."),
    out: Optional[Path] = typer.Option(None, "--out", metavar="DIR", help="Also write per-cluster scores and the table here."),
    quiet: bool = QUIET,
) -> None:
    """Score systems with ROUGE on the same clusters, with speed and memory measured in the same run."""
    from ..errors import UsageError
    from ..evaluate.harness import run_evaluation
    from ..evaluate.report import as_json, markdown, rows_jsonl

    if not Path(data).is_file():
        raise UsageError(f"{data}: no such file")
    if out is not None:
        try:  # before the run, not after an hour of it
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create --out {out}: {error.strerror or error}") from None
    names = [name.strip() for name in systems.split(",") if name.strip()]
    with progress_bar("evaluating", quiet=quiet) as bar:
        run = run_evaluation(data, names, words, recall, limit, jobs, progress=bar.update,
                             ray=ray or ray_address is not None, ray_address=ray_address)
    table = markdown(run)
    if out is not None:
        write_output(rows_jsonl(run), out / "scores.jsonl")
        write_output(table, out / "results.md")
    write_output(as_json(run) if fmt is TableFormat.json else table)


TRAINING = TrainSettings()


@user_errors
def train(
    data: Path = typer.Option(..., "--data", metavar="FILE", help="Multi-News train JSONL (gzipped or not)."),
    out: Path = typer.Option(Path(TRAINING.out), "--out", metavar="DIR", help="Where learned.json, idf.json and boilerplate.json go."),
    clusters: int = typer.Option(TRAINING.clusters, "--clusters", metavar="N", min=1, help="Training clusters, from the file's start."),
    holdout: int = typer.Option(TRAINING.holdout, "--holdout", metavar="N", min=0, help="Tuning clusters, from the file's end."),
    idf_clusters: int = typer.Option(TRAINING.idf_clusters, "--idf-clusters", metavar="N", min=1, help="Clusters for the background IDF."),
    words: int = typer.Option(TRAINING.words, "--words", "-w", metavar="N", min=1, help="Word budget the oracle and tuning use."),
    iterations: int = typer.Option(TRAINING.iterations, "--iterations", metavar="N", min=1, help="Boosting iterations (trees)."),
    depth: int = typer.Option(TRAINING.depth, "--depth", metavar="N", min=1, help="Depth of each tree."),
    min_leaf: int = typer.Option(TRAINING.min_leaf, "--min-leaf", metavar="N", min=1, help="Fewest training units in a leaf."),
    seed: int = typer.Option(TRAINING.seed, "--seed", metavar="N", help="Random seed."),
    drop: str = typer.Option(",".join(TRAINING.drop), "--drop", metavar="GROUPS", help="Comma-separated feature groups to leave out (ablation)."),
    cache: Optional[Path] = typer.Option(None, "--cache", metavar="FILE", help="npz file to reuse/save the feature matrix (speeds up ablations)."),
) -> None:
    """Retrain the learned scorer (seeded, single-threaded): wirebrief train --data ../shared/data/multinews/train.jsonl.gz --out DIR."""
    from ..errors import UsageError
    from ..train import main as train_main

    if not data.is_file():
        raise UsageError(f"--data {data}: no such file")
    options = TrainSettings(
        data=str(data), out=str(out), clusters=clusters, holdout=holdout, idf_clusters=idf_clusters, words=words,
        iterations=iterations, depth=depth, min_leaf=min_leaf, seed=seed,
        drop=tuple(g.strip() for g in drop.split(",") if g.strip()), cache=str(cache) if cache else None,
    )  # fmt: skip
    raise typer.Exit(train_main(options))
