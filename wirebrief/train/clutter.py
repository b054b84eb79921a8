"""Learning sentence-level page clutter (wirebrief/text/clutter.py reads what this writes):

    python -m wirebrief.train.clutter --data ../shared/data/multinews/train.jsonl.gz   # writes models/clutter.json
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from hashlib import blake2b
from pathlib import Path

from ..evaluate.data import EvalCluster, read_clusters
from ..pipeline import documents_articles
from ..settings import Settings
from ..text.clutter import CLUTTER_FILE, SHINGLE, word_shingles
from ..text.lexical import WORD
from ..text.split import split_article


def learn(read_records: Callable[[], Iterable], min_clusters: int = 8) -> dict:
    """Sentences and 8-word shingles that occur in at least `min_clusters` clusters and in no reference summary.

    News text recurs across clusters too (a wire story told twice, a stock phrase), which is why two guards
    apply: a shingle of eight words rarely recurs by chance across different stories, and anything a reference
    summary says is news, not furniture. Counting is on 64-bit hashes (numpy), so the whole of Multi-News
    train fits in memory; a second pass over `read_records()` recovers the text of the frequent ones.
    """
    import numpy as np

    per_cluster: list[np.ndarray] = []
    references: list[np.ndarray] = []
    for record in read_records():
        keys, grams = _cluster_items(record)
        per_cluster.append(np.unique(np.array([_hash(k) for k in keys | grams], dtype=np.int64)))
        said = [g for r in record.references for g in word_shingles(WORD.findall(r.lower()))]
        references.append(np.unique(np.array([_hash(g) for g in said], dtype=np.int64)))
    empty = np.zeros(0, np.int64)
    values, counts = np.unique(np.concatenate(per_cluster or [empty]), return_counts=True)
    del per_cluster
    news = np.unique(np.concatenate(references or [empty]))
    frequent = values[counts >= min_clusters]
    wanted = set(frequent[~np.isin(frequent, news)].tolist())
    sentences: set[str] = set()
    shingles: set[str] = set()
    for record in read_records():
        keys, grams = _cluster_items(record)
        shingles.update(g for g in grams if _hash(g) in wanted)
        sentences.update(k for k in keys if _hash(k) in wanted)
    said_sentences = {k for k in sentences if np.isin([_hash(g) for g in word_shingles(k.split())], news).any()}
    return {
        "min_clusters": min_clusters,
        "shingle_words": SHINGLE,
        "sentences": sorted(sentences - said_sentences),
        "shingles": sorted(shingles),
    }


def _hash(text: str) -> int:
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def _cluster_items(record) -> tuple[set[str], set[str]]:
    """(sentence keys of three or more words, 8-word shingles) of one cluster's cleaned, split articles."""
    articles = documents_articles(record.documents, Settings(), "train")
    keys: set[str] = set()
    grams: set[str] = set()
    for index, article in enumerate(articles):
        for sentence in split_article(index, article.text):
            words = WORD.findall(sentence.text.lower())
            if len(words) >= 3:
                keys.add(" ".join(words))
            grams.update(word_shingles(words))
    return keys, grams


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Learn sentence-level page clutter from training clusters.")
    parser.add_argument("--data", required=True, help="training clusters (JSONL, e.g. multinews/train.jsonl.gz)")
    parser.add_argument("--out", default=str(CLUTTER_FILE))
    parser.add_argument("--min-clusters", type=int, default=8)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)

    def read_records():
        records = (r for r in read_clusters(args.data) if isinstance(r, EvalCluster))
        return (r for _, r in zip(range(args.limit), records)) if args.limit else records

    data = learn(read_records, args.min_clusters)
    Path(args.out).write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    print(f"{len(data['sentences'])} sentences, {len(data['shingles'])} shingles -> {args.out}")


if __name__ == "__main__":
    main()
