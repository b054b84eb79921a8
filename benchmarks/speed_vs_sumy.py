"""Whole-process CPU of `wirebrief batch --jobs 1` against sumy's LexRank on the same Multi-News val clusters,
and ROUGE of each against the references; both run in the same invocation, back to back.

CPU seconds are user + system of each child process (os.wait4), start-up, imports, reading and writing
included: on a shared machine they move much less than wall time does. Each process runs once on five clusters
before it is measured, with bytecode caching on, as after a normal install. Two sumy processes are run:

- `sumy-lexrank`: sumy alone, no wirebrief code. Each document is split into sentences with nupunkt (sumy's
  own splitter needs NLTK punkt data, which cannot be downloaded here; nupunkt is what wirebrief uses), words
  with a regular expression, LexRank with sumy's English stemmer and stop words; ranked sentences are taken
  while they fit the word budget.
- `sumy-lexrank on wirebrief sentences`: the peer of `wirebrief eval` (wirebrief.evaluate.systems), fed the
  sentences wirebrief's pipeline read, cleaned and split, as the quality tables in RESULTS.md compare it.

ROUGE: each output cut to the word budget and scored with wirebrief.evaluate.rouge (rouge-score, stemming),
mean F1 over the clusters (a cluster with no output scores 0).

Usage: python benchmarks/speed_vs_sumy.py [--data ../shared/data] [--clusters 300] [--words 230]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


# as a normal install runs: bytecode cached (pip compiles it on install). A shell with PYTHONDONTWRITEBYTECODE set
# recompiles every module of an editable checkout in every process, which is not what is measured here.
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def child_usage(command: list[str]) -> tuple[float, float]:
    """User + system CPU seconds and peak RSS (MB) of `command`, run to completion from os.wait4; it must succeed
    (exit 0, or 3: some clusters failed)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        sys.exit(f"{' '.join(command)} failed ({os.waitstatus_to_exitcode(status)}): {stderr[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def sumy_alone(source: str, target: str, words: int) -> None:
    """The sumy child process: LexRank on every cluster of `source`, one JSON line of sentences per cluster."""
    import nupunkt
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Words:
        language = "english"
        to_words = staticmethod(re.compile(r"\w+(?:'\w+)?").findall)

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = Words()

    def fill(ranked):
        left, chosen = words, []
        for info in ranked:
            cost = len(str(info.sentence).split())
            if cost <= left:
                chosen.append(info)
                left -= cost
        return chosen

    with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
        for line in lines:
            record = json.loads(line)
            paragraphs = [
                Paragraph([Sentence(s, tokenizer) for s in nupunkt.sent_tokenize(doc) if s.strip()])
                for doc in record["documents"]
                if doc.strip()
            ]
            summary = summarizer(ObjectDocumentModel(paragraphs), fill)
            out.write(json.dumps({"id": record["id"], "sentences": [str(s) for s in summary]}) + "\n")


def sumy_on_wirebrief(source: str, target: str, words: int) -> None:
    """The sumy child process fed wirebrief's sentences, as `wirebrief eval` runs the peer."""
    from wirebrief.evaluate.systems import get_system
    from wirebrief.pipeline import prepare_documents
    from wirebrief.settings import Settings

    settings = Settings().with_budget(words=words)
    summarize = get_system("sumy-lexrank")
    with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
        for line in lines:
            record = json.loads(line)
            cluster = prepare_documents(record["documents"], settings, record["id"])
            sentences = summarize(cluster, settings) if cluster is not None else []
            out.write(json.dumps({"id": record["id"], "sentences": sentences}) + "\n")


def rouge(outputs: Path, references: dict[str, str], words: int) -> dict[str, float]:
    """Mean ROUGE-1/2/Lsum F1 (percent) of the output sentences cut to `words`, over every reference cluster."""
    from wirebrief.evaluate.rouge import METRICS, score, truncate_words

    produced = {}
    for line in outputs.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        produced[record["id"]] = [s["text"] if isinstance(s, dict) else s for s in record.get("sentences", [])]
    totals = dict.fromkeys(METRICS, 0.0)
    for cluster, reference in references.items():
        kept = truncate_words("\n".join(produced.get(cluster, [])), words)
        scores = score(kept.split("\n"), [reference]) if kept.strip() else None
        for metric in METRICS:
            totals[metric] += scores[metric]["f"] if scores else 0.0
    return {metric: 100 * total / len(references) for metric, total in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(HERE.parents[2] / "shared" / "data"))
    parser.add_argument("--clusters", type=int, default=300)
    parser.add_argument("--words", type=int, default=230)
    parser.add_argument("--child", choices=["sumy", "sumy-wirebrief"], help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "sumy":
        return sumy_alone(*args.paths, args.words)
    if args.child == "sumy-wirebrief":
        return sumy_on_wirebrief(*args.paths, args.words)

    source = Path(args.data) / "multinews" / "val.jsonl.gz"
    if not source.exists():
        sys.exit(f"Multi-News val not found at {source}; pass --data DIR")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(args.clusters), handle)]
    references = {str(r["id"]): r["summary"] for r in records}
    wirebrief = str(Path(sys.executable).with_name("wirebrief"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        sample.write_text("".join(json.dumps({"id": str(r["id"]), "documents": r["documents"]}) + "\n"
                                  for r in records), encoding="utf-8")
        runs = {
            "wirebrief batch --jobs 1": lambda out: [wirebrief, "batch", str(sample), "-o", out, "--words",
                                                     str(args.words), "--jobs", "1", "--quiet"],
            "sumy-lexrank": lambda out: [sys.executable, str(HERE), "--child", "sumy", "--words", str(args.words),
                                         str(sample), out],
            "sumy-lexrank on wirebrief sentences": lambda out: [sys.executable, str(HERE), "--child",
                                                                "sumy-wirebrief", "--words", str(args.words),
                                                                str(sample), out],
        }
        warm = Path(tmp) / "warm.jsonl"  # each process once on a few clusters first: bytecode written, files cached
        warm.write_text("".join(sample.read_text(encoding="utf-8").splitlines(keepends=True)[:5]), encoding="utf-8")
        for command in runs.values():
            child_usage([str(warm) if part == str(sample) else part for part in command(str(Path(tmp) / "w"))])
        for number, (name, command) in enumerate(runs.items()):
            out = Path(tmp) / f"out{number}.jsonl"
            seconds, _ = child_usage(command(str(out)))
            rows.append((name, seconds, rouge(out, references, args.words)))

    print(f"date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, {os.cpu_count()} cores "
          f"(shared), Python {platform.python_version()}, first {len(records)} Multi-News val clusters, "
          f"--words {args.words}\n")
    print("| process | CPU s (user+sys) | R-1 | R-2 | R-Lsum | wirebrief speed-up |\n|---|---|---|---|---|---|")
    ours = rows[0][1]
    for name, seconds, scores in rows:
        print(f"| {name} | {seconds:.2f} | {scores['rouge1']:.2f} | {scores['rouge2']:.2f} | "
              f"{scores['rougeLsum']:.2f} | {seconds / ours:.1f}× |")


if __name__ == "__main__":
    main()
