"""Cost of one big story: `wirebrief brief FILE.jsonl --words 150` on one cluster of 200, 800 and 3,200 distinct
reports built from Multi-News val documents (the first distinct non-empty documents, one record per line).

For each size: CPU seconds (user + system) and peak resident memory (ru_maxrss) of the whole child process,
from os.wait4 (bytecode cached, as after a normal install). A cluster of unrelated reports is the hard case:
nothing collapses into wire copy. Beyond 1,000 articles wirebrief skips the rest with a reason and beyond 5,000 sentences keeps each article's earliest
(Settings.max_articles, max_sentences), so 3,200 shows that the cost stays bounded.

Usage: python benchmarks/big_cluster.py [--data ../shared/data] [--sizes 200,800,3200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from speed_vs_sumy import child_usage


def distinct_documents(source: Path, count: int) -> list[str]:
    seen: set[str] = set()
    documents: list[str] = []
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            for document in json.loads(line)["documents"]:
                if document.strip() and document not in seen:
                    seen.add(document)
                    documents.append(document)
                    if len(documents) == count:
                        return documents
    sys.exit(f"only {len(documents)} distinct documents in {source}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser.add_argument("--sizes", default="200,800,3200")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    source = Path(args.data) / "multinews" / "val.jsonl.gz"
    if not source.exists():
        sys.exit(f"Multi-News val not found at {source}; pass --data DIR")
    documents = distinct_documents(source, max(sizes))
    wirebrief = str(Path(sys.executable).with_name("wirebrief"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            cluster = Path(tmp) / f"cluster-{size}.jsonl"
            cluster.write_text("".join(json.dumps({"id": f"r{n}", "text": text}) + "\n"
                                       for n, text in enumerate(documents[:size])), encoding="utf-8")
            if not rows:  # bytecode written, files cached: as after a normal install
                child_usage([wirebrief, "brief", str(cluster), "--words", "150"])
            rows.append((size, *child_usage([wirebrief, "brief", str(cluster), "--words", "150"])))

    print(f"date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, {os.cpu_count()} cores "
          f"(shared), Python {platform.python_version()}, distinct Multi-News val documents, --words 150\n")
    print("| reports | CPU s (user+sys) | × CPU of the first | peak RSS MB |\n|---|---|---|---|")
    for size, seconds, rss in rows:
        print(f"| {size:,} | {seconds:.2f} | {seconds / rows[0][1]:.2f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
