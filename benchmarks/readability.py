"""Readability of briefs on the dev sets: how many brief sentences a reader would stumble on.

    python benchmarks/readability.py                          # all four dev sets, briefed in process
    python benchmarks/readability.py --sets val --limit 1000 --show 5
    python benchmarks/readability.py --briefs DIR             # score DIR/<set>.jsonl written by `wirebrief batch`

For every brief sentence it reports the share that is

  page text   page furniture by the judge-derived list benchmarks/data/judged_clutter.txt (captions, datelines,
              widgets, entities, teasers readers saw in briefs), written apart from wirebrief's own filters so
              that it sees what they miss; "briefs with page text" is the share of briefs with any such sentence
  dangling    opens leaning on an earlier sentence: a pronoun or connective, an unattributed quotation
              (wirebrief.text.worthy.is_dangling), unless the brief sentence before it is the one before it in a source
  fragment    not a whole sentence: no final punctuation, unbalanced quotes or brackets, a lower-case opening
              or a question (wirebrief.text.worthy.is_fragment)
  short name  a surname or short form the brief has not introduced in full (wirebrief.text.names; cased text
              only, so it is always 0 on Multi-News, which is lower-cased)

Dangling, fragment and short name are the same tests the brief rules apply, so after the rules they measure what
slips through (a fallback, a repair that leaves a dangling word, a name rule that cannot be satisfied), not an
independent judgement; page text is independent of the rules. Read briefs too (`--show`). `--briefs` scores
briefs made by another version of wirebrief, for before/after tables.
Dev sets only: Multi-News val (first `--limit` clusters), DUC 2003, TAC 2010, the full-article sample.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from wirebrief.evaluate.data import EvalCluster, read_clusters
from wirebrief.text.names import full_names, unintroduced
from wirebrief.text.worthy import is_dangling, is_fragment

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = {  # name -> (file under ../shared/data, word budget as in benchmarks/RESULTS.md)
    "val": ("multinews/val.jsonl.gz", 230),
    "duc": ("duc2003/clusters.jsonl", 100),
    "tac": ("tac2010/clusters.jsonl", 100),
    "full": ("multinews/full-articles-sample.jsonl", 230),
}
CHECKS = ("page text", "dangling", "fragment", "short name")
JUDGED_CLUTTER = Path(__file__).resolve().parent / "data" / "judged_clutter.txt"


def judged_clutter(file: Path = JUDGED_CLUTTER) -> list[re.Pattern]:
    """The judge-derived page-text patterns: one regular expression a line, '  # ' and a note; '#' comments."""
    patterns = []
    for line in file.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            patterns.append(re.compile(line.split("  # ")[0], re.IGNORECASE))
    return patterns


def page_text(text: str, patterns: list[re.Pattern]) -> str | None:
    """The first piece of `text` a judge-derived pattern finds, or None."""
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found.group() or text[:20]
    return None


def follows(previous: dict | None, sentence: dict) -> bool:
    """The sentence comes right after `previous` in one of the sources both are taken from."""
    if previous is None:
        return False
    return any(
        source["article"] == before["article"] and 0 <= source["start"] - before["end"] <= 3
        for source in sentence["sources"]
        for before in previous["sources"]
    )


def judge(sentences: list[dict], documents: list[str], patterns: list[re.Pattern]) -> list[set[str]]:
    """The readability problems of each sentence ({"text", "sources"}) of one brief."""
    texts = [s["text"] for s in sentences]
    missing = unintroduced(texts, full_names(documents))
    result = []
    for position, (text, names) in enumerate(zip(texts, missing)):
        problems = set()
        found = page_text(text, patterns)
        if found is not None:
            problems.add(f"page text: {found!r}")
        # an opening that points back is fine right after the sentence it points at, as in its source
        if is_dangling(text) and not follows(sentences[position - 1] if position else None, sentences[position]):
            problems.add("dangling")
        if is_fragment(text):
            problems.add("fragment")
        if names:
            problems.add("short name: " + ", ".join(sorted(names)))
        result.append(problems)
    return result


def brief_sentences(cluster: EvalCluster, words: int) -> list[dict]:
    from wirebrief.pipeline import brief_from_read
    from wirebrief.readers import read_record
    from wirebrief.settings import Settings

    settings = Settings().with_budget(words=words)
    result = brief_from_read(read_record({"documents": cluster.documents}, cluster.id, cluster.id), settings)
    return [s.to_dict() for s in result.sentences]


def run_set(name: str, limit: int | None, briefs: Path | None, show: int) -> dict:
    file, words = SETS[name]
    clusters = [c for c in read_clusters(DATA / file, limit=limit if name == "val" else None) if isinstance(c, EvalCluster)]
    made: dict[str, list[dict]] = {}
    if briefs is not None:
        for line in (briefs / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            made[record["id"]] = record.get("sentences", [])
    counts = dict.fromkeys(CHECKS, 0)
    examples: dict[str, list[str]] = {check: [] for check in CHECKS}
    total = empty = any_problem = cluttered_briefs = 0
    patterns = judged_clutter()
    started = time.perf_counter()
    for cluster in clusters:
        sentences = made.get(cluster.id, []) if briefs is not None else brief_sentences(cluster, words)
        empty += not sentences
        problems_each = judge(sentences, cluster.documents, patterns)
        cluttered_briefs += any(p.startswith("page text") for problems in problems_each for p in problems)
        for sentence, problems in zip(sentences, problems_each):
            text = sentence["text"]
            total += 1
            any_problem += bool(problems)
            for problem in problems:
                check = problem.split(":")[0]
                counts[check] += 1
                if len(examples[check]) < show:
                    examples[check].append(f"{cluster.id}: {problem}: {text[:160]}")
    return {
        "set": name,
        "clusters": len(clusters),
        "words": words,
        "sentences": total,
        "empty briefs": empty,
        "briefs with page text": cluttered_briefs,
        "shares": {check: counts[check] / max(total, 1) for check in CHECKS},
        "any": any_problem / max(total, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "examples": examples,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="val,duc,tac,full", help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--limit", type=int, default=1000, help="Multi-News val clusters (the first N)")
    parser.add_argument("--briefs", type=Path, help="score DIR/<set>.jsonl (wirebrief batch output) instead")
    parser.add_argument("--show", type=int, default=0, help="print this many example sentences per problem")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = []
    print("| set | clusters | words | brief sentences | empty briefs | briefs with page text | page text | dangling "
          "| fragment | short name | any |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in args.sets.split(","):
        if name not in SETS:
            sys.exit(f"unknown set {name!r} (known: {', '.join(SETS)})")
        result = run_set(name, args.limit, args.briefs, args.show)
        results.append(result)
        shares = " | ".join(f"{100 * result['shares'][c]:.2f} %" for c in CHECKS)
        print(
            f"| {name} | {result['clusters']} | {result['words']} | {result['sentences']} | {result['empty briefs']} "
            f"| {result['briefs with page text']} | {shares} | {100 * result['any']:.2f} % |",
            flush=True,
        )
    for result in results:
        for check, lines in result["examples"].items():
            for line in lines:
                print(f"[{result['set']} {check}] {line}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
