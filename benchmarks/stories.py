"""Story clustering benchmark: quality against known clusters, ingest speed, per-article cost vs store size, memory.

    python benchmarks/stories.py quality --clusters 1000 [--duc] [--seed 13] [--briefs]
    python benchmarks/stories.py scale --articles 100000 [--checkpoints 10000,50000,100000]

quality: the articles of N Multi-News val clusters (seeded sample) and optionally the 30 DUC 2003 clusters (with
publication dates from their doc ids) are pooled into one stream in seeded random order, ingested into a temporary
store, and the stories are compared with the original clusters: B-cubed precision/recall/F1 and ARI. A stored
duplicate counts as a member of its original's story. Articles the cleaner drops (empty documents) are left out.

scale: a stream of Multi-News *train* articles (distinct real stories, ids prefixed) is ingested without briefs;
ms/article is reported per chunk against the number of articles already stored, and peak RSS at the end.

Data: ../shared/data (research licences: read from there, never copied into the repo).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def multinews(split: str):
    with gzip.open(DATA / "multinews" / f"{split}.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def duc_date(doc_id: str) -> str | None:
    digits = "".join(ch for ch in doc_id[3:11] if ch.isdigit())
    if len(digits) == 8:
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
    return None


def quality_stream(n_clusters: int, with_duc: bool, seed: int) -> tuple[list[dict], dict[str, str]]:
    rng = random.Random(seed)
    clusters = list(multinews("val"))
    chosen = rng.sample(clusters, min(n_clusters, len(clusters)))
    records, gold = [], {}
    for cluster in chosen:
        for j, document in enumerate(cluster["documents"]):
            aid = f"{cluster['id']}/{j}"
            records.append({"id": aid, "text": document})
            gold[aid] = cluster["id"]
    if with_duc:
        with open(DATA / "duc2003" / "clusters.jsonl", encoding="utf-8") as lines:
            for line in lines:
                cluster = json.loads(line)
                ids = cluster.get("doc_ids") or []
                for j, document in enumerate(cluster["documents"]):
                    aid = f"{cluster['id']}/{j}"
                    record = {"id": aid, "text": document}
                    if j < len(ids) and duc_date(ids[j]):
                        record["published"] = duc_date(ids[j])
                        record["outlet"] = ids[j][:3]
                    records.append(record)
                    gold[aid] = cluster["id"]
    rng.shuffle(records)
    return records, gold


def raw_articles(records: list[dict]):
    from wirebrief.readers import ReadResult, read_record

    read = ReadResult()
    for number, record in enumerate(records, start=1):
        read.extend(read_record(record, f"r{number}", f"record {number}"))
    return read


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    items = list(predicted)
    by_pred, by_gold, by_both = Counter(), Counter(), Counter()
    for item in items:
        by_pred[predicted[item]] += 1
        by_gold[gold[item]] += 1
        by_both[(predicted[item], gold[item])] += 1
    precision = sum(by_both[(predicted[i], gold[i])] / by_pred[predicted[i]] for i in items) / len(items)
    recall = sum(by_both[(predicted[i], gold[i])] / by_gold[gold[i]] for i in items) / len(items)
    return precision, recall, 2 * precision * recall / (precision + recall)


def oracle_bound(articles, gold: dict[str, str], ambiguous: set[str]) -> float:
    """How separable the gold clusters are for TF-IDF at all: an upper-bound style check, not part of wirebrief."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([a.text for a in articles])
    labels, gi = np.unique([gold[a.id] for a in articles], return_inverse=True)
    M = sp.csr_matrix((np.ones(len(gi)), (gi, np.arange(len(gi)))), shape=(len(labels), len(gi)))
    C = sp.csr_matrix(M @ X)
    own = C[gi] - X
    own_norm = np.sqrt(np.asarray(own.multiply(own).sum(1)).ravel()) + 1e-12
    s_own = np.asarray(X.multiply(own).sum(1)).ravel() / own_norm
    c_norm = np.sqrt(np.asarray(C.multiply(C).sum(1)).ravel()) + 1e-12
    S = (X @ C.T).toarray() / c_norm[None, :]
    S[np.arange(len(gi)), gi] = -1
    keep = (np.bincount(gi)[gi] > 1) & np.array([a.id not in ambiguous for a in articles])
    return float((s_own > S.max(1))[keep].mean())


def quality(args) -> None:
    from sklearn.metrics import adjusted_rand_score

    from wirebrief.pipeline import clean_articles
    from wirebrief.stories.ingest import Ingestor, IngestReport, refresh_briefs
    from wirebrief.stories.store import open_store

    from wirebrief.stories.index import StoryIndex

    StoryIndex().vectorize(["warm up imports"])  # import scikit-learn outside the timed part
    records, gold = quality_stream(args.clusters, args.duc, args.seed)
    read = raw_articles(records)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        started = time.perf_counter()
        articles, dropped = clean_articles(read.articles)
        report = Ingestor(store, batch_size=args.batch).ingest(articles, IngestReport())
        ingest_s = time.perf_counter() - started
        brief_s = None
        if args.briefs:
            started = time.perf_counter()
            refreshed = refresh_briefs(store, report.stories_touched)
            brief_s = time.perf_counter() - started
        predicted = dict(store.db.execute("SELECT id, story_id FROM articles").fetchall())
        counts = store.counts()
        store.close()
    predicted = {k: v for k, v in predicted.items() if k in gold}
    precision, recall, f1 = bcubed(predicted, gold)
    ids = list(predicted)
    ari = adjusted_rand_score([gold[i] for i in ids], [predicted[i] for i in ids])
    # identical texts that occur in more than one gold cluster (Multi-News has archive boilerplate pages)
    texts = defaultdict(set)
    for record in records:
        texts[" ".join(record["text"].lower().split())].add(gold[record["id"]])
    ambiguous = {r["id"] for r in records if len(texts[" ".join(r["text"].lower().split())]) > 1}
    clean_ids = [i for i in ids if i not in ambiguous]
    p2, r2, f2 = bcubed({i: predicted[i] for i in clean_ids}, gold)
    n = len(articles)
    oracle = oracle_bound(articles, gold, ambiguous) if args.oracle else None
    print(f"command: python benchmarks/stories.py quality --clusters {args.clusters}{' --duc' if args.duc else ''} "
          f"--seed {args.seed}{' --briefs' if args.briefs else ''}")
    print(f"stream: {len(records)} records, {n} articles after cleaning ({len(dropped)} dropped), "
          f"{len(set(gold[i] for i in ids))} gold clusters; stored {counts['articles']} articles, "
          f"{counts['duplicates']} as duplicates, {counts['stories']} stories")
    print(f"B-cubed precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  ARI {ari:.4f}")
    print(f"  without {len(ambiguous)} articles whose exact text is in several gold clusters: "
          f"P {p2:.4f} R {r2:.4f} F1 {f2:.4f}")
    print(f"ingest (clean + dedup + cluster + store, no briefs): {ingest_s:.2f} s = {n / ingest_s:,.0f} articles/s")
    if oracle is not None:
        print(f"oracle check (batch TF-IDF, gold clusters known): {oracle:.1%} of articles in multi-article clusters "
              f"(not ambiguous) are closer to their own cluster's centroid (leave-one-out) than to any other cluster's")
    if brief_s is not None:
        print(f"brief refresh of {refreshed} stories: {brief_s:.2f} s; with briefs: {n / (ingest_s + brief_s):,.0f} articles/s")


def scale(args) -> None:
    from wirebrief.pipeline import clean_articles
    from wirebrief.stories.ingest import Ingestor, IngestReport
    from wirebrief.stories.store import open_store

    checkpoints = sorted(int(x) for x in args.checkpoints.split(","))
    chunk = args.chunk

    def stream():
        for cluster in multinews("train"):
            for j, document in enumerate(cluster["documents"]):
                if document.strip():
                    yield {"id": f"t{cluster['id']}/{j}", "text": document}

    print(f"command: python benchmarks/stories.py scale --articles {args.articles} --chunk {chunk}")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "scale.db")
        ingestor = Ingestor(store, batch_size=args.batch)
        stored, buffer, total_s = 0, [], 0.0
        source = stream()
        while stored < args.articles:
            buffer = [r for _, r in zip(range(min(chunk, args.articles - stored)), source)]
            if not buffer:
                break
            read = raw_articles(buffer)
            started = time.perf_counter()
            articles, _ = clean_articles(read.articles)
            ingestor.ingest(articles, IngestReport())
            elapsed = time.perf_counter() - started
            total_s += elapsed
            before, stored = stored, stored + len(buffer)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"stored {before:>7,} -> {stored:>7,}: {1000 * elapsed / len(buffer):.3f} ms/article "
                  f"({len(buffer) / elapsed:,.0f} articles/s), active stories {len(ingestor.index.stories):,}, "
                  f"peak RSS {rss:,.0f} MiB", flush=True)
        counts = store.counts()
        store.close()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
    print(f"total: {stored:,} articles in {total_s:.1f} s = {stored / total_s:,.0f} articles/s; "
          f"{counts['stories']:,} stories, {counts['duplicates']:,} duplicates; db {size:,.0f} MiB; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--clusters", type=int, default=1000)
    q.add_argument("--duc", action="store_true")
    q.add_argument("--seed", type=int, default=13)
    q.add_argument("--briefs", action="store_true")
    q.add_argument("--batch", type=int, default=500)
    q.add_argument("--oracle", action="store_true", help="also report how separable the gold clusters are")
    s = sub.add_parser("scale")
    s.add_argument("--articles", type=int, default=100_000)
    s.add_argument("--chunk", type=int, default=10_000)
    s.add_argument("--checkpoints", default="10000,50000,100000")
    s.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"benchmark data not found at {DATA}")
    {"quality": quality, "scale": scale}[args.what](args)


if __name__ == "__main__":
    main()
