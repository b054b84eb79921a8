"""Speed of `wirebrief batch` on Multi-News val, against sumy's LexRank measured in the same run.

1. Whole process: `wirebrief batch` on the first N val clusters (start-up, reading, briefing, writing),
   with --jobs 1 and --jobs 2, timed from outside.
2. Per cluster, one core, same process: wirebrief's default method and sumy's LexRank, each from raw
   documents (reading, cleaning, splitting included for both, since sumy is fed wirebrief's sentences).
   The ratio of the two is the figure to quote; absolute times depend on the machine.

Usage: python benchmarks/batch_speed.py [--data ../shared/data] [--clusters 1000] [--words 230]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median


def whole_process(sample: Path, words: int, jobs: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            ["wirebrief", "batch", str(sample), "-o", f"{out}/briefs.jsonl", "--words", str(words), "--jobs", str(jobs)],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def per_cluster(documents: list[list[str]], words: int) -> dict[str, list[float]]:
    from wirebrief.evaluate.systems import get_system
    from wirebrief.pipeline import prepare_documents
    from wirebrief.settings import Settings

    settings = Settings().with_budget(words=words)
    systems = {name: get_system(name) for name in ("wirebrief", "sumy-lexrank")}
    latencies: dict[str, list[float]] = {name: [] for name in systems}
    for docs in documents[:20]:  # warm-up: imports and lazy models
        for summarize in systems.values():
            summarize(prepare_documents(docs, settings), settings)
    for docs in documents:
        for name, summarize in systems.items():
            start = time.perf_counter()
            cluster = prepare_documents(docs, settings)
            if cluster is not None:
                summarize(cluster, settings)
            latencies[name].append(time.perf_counter() - start)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser.add_argument("--clusters", type=int, default=1000)
    parser.add_argument("--words", type=int, default=230)
    args = parser.parse_args()
    source = Path(args.data) / "multinews" / "val.jsonl.gz"
    if not source.exists():
        sys.exit(f"Multi-News val not found at {source}; pass --data DIR")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(args.clusters), handle)]
    documents = [[d for d in json.loads(line)["documents"] if d.strip()] for line in lines]
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        sample.write_text("".join(lines), encoding="utf-8")
        processes = {jobs: whole_process(sample, args.words, jobs) for jobs in (1, 2)}
    latencies = per_cluster(documents, args.words)

    n = len(lines)
    print(f"date {time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, {n} Multi-News val clusters, --words {args.words}\n")
    print("| whole process | seconds | clusters/s |\n|---|---|---|")
    for jobs, seconds in processes.items():
        print(f"| wirebrief batch --jobs {jobs} | {seconds:.1f} | {n / seconds:.0f} |")
    print("\n| per cluster, one core | p50 ms | mean ms | clusters/s |\n|---|---|---|---|")
    for name, values in latencies.items():
        print(f"| {name} | {1000 * median(values):.2f} | {1000 * sum(values) / n:.2f} | {n / sum(values):.0f} |")
    ratio = median(latencies["sumy-lexrank"]) / median(latencies["wirebrief"])
    print(f"\nwirebrief is {ratio:.1f}× faster than sumy's LexRank per cluster (p50, same run, same sentences).")


if __name__ == "__main__":
    main()
