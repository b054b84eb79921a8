"""Story clustering benchmark: quality against known clusters, ingest speed, per-article cost vs store size, memory.

    python benchmarks/stories.py quality --data val --clusters 1000 [--duc] [--seed 13] [--briefs] [--oracle]
    python benchmarks/stories.py quality --data duc     # DUC 2003 alone: 30 clusters x 10 articles, dated (held out)
    python benchmarks/stories.py quality --data tac     # TAC 2010 alone: 46 clusters x 10 articles, dated
    python benchmarks/stories.py tune-dates             # date grace/scale/decay grid on TAC 2010 (never DUC)
    python benchmarks/stories.py quality --data full    # the 92 Multi-News clusters of full, cased articles
    python benchmarks/stories.py quality --data allsides --level event   # AllSides 2021 stream, gold: one event each
    python benchmarks/stories.py quality --data wire    # TAC 2010 + DUC 2003 in publication order (storylines)
    python benchmarks/stories.py tune --clusters 1000   # threshold grid on Multi-News *train* clusters
    python benchmarks/stories.py scale --articles 100000 [--chunk 20000]

quality (`--level event|storyline`: the level compared with the gold clusters): the articles of N Multi-News val clusters (seeded sample) and optionally the 30 DUC 2003 clusters (with
publication dates from their doc ids) are pooled into one stream in seeded random order, ingested into a temporary
store, and the stories are compared with the original clusters: B-cubed precision/recall/F1 and ARI. A stored
duplicate counts as a member of its original's story. Articles the cleaner drops (empty documents) are left out.

scale: a stream of Multi-News *train* articles (distinct real stories, ids prefixed) is ingested without briefs;
ms/article is reported per chunk against the number of articles already stored, and peak RSS at the end.

Data: ../shared/data (research licences: read from there, never copied into the repo).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import random
import re
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


_DOC_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})\.\d+$")


def duc_date(doc_id: str) -> str | None:
    """Publication date of a DUC/TAC doc id: APW19981017.0151, NYT19990423.0262, AFP_ENG_20050128.0218."""
    match = _DOC_DATE.search(doc_id)
    return "-".join(match.groups()) if match else None


def doc_agency(doc_id: str) -> str:
    return doc_id.split("_")[0] if "_" in doc_id else doc_id[:3]


def quality_stream(n_clusters: int, with_duc: bool, seed: int, split: str = "val") -> tuple[list[dict], dict[str, str]]:
    """Multi-News clusters (seeded sample of `split`), optionally pooled with DUC 2003; seeded random order."""
    rng = random.Random(seed)
    clusters = list(multinews(split))
    chosen = rng.sample(clusters, min(n_clusters, len(clusters)))
    records, gold = [], {}
    for cluster in chosen:
        for j, document in enumerate(cluster["documents"]):
            aid = f"{cluster['id']}/{j}"
            records.append({"id": aid, "text": document})
            gold[aid] = cluster["id"]
    if with_duc:
        duc, duc_gold = duc_records()
        records += duc
        gold.update(duc_gold)
    rng.shuffle(records)
    return records, gold


# TAC 2010 documents open with a "DATE_TIME: <time>" line from upstream processing (sometimes with the time
# missing and the dateline run in): metadata, not article text
_TAC_TIME = re.compile(r"^DATE_TIME:[ \t]*(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)")
_TAC_HEADER = re.compile(r"^DATE_TIME:[ \t]*(?:\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?)?[ \t]*\n*")


def dated_records(name: str = "duc") -> tuple[list[dict], dict[str, str]]:
    """The 30 DUC 2003 (`duc`) or 46 TAC 2010 (`tac`) clusters, with publication dates and agencies from their doc
    ids (APW19981017.0151, AFP_ENG_20050128.0218)."""
    path = DATA / ("duc2003" if name == "duc" else "tac2010") / "clusters.jsonl"
    records, gold = [], {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            ids = cluster.get("doc_ids") or []
            for j, document in enumerate(cluster["documents"]):
                aid = f"{cluster['id']}/{j}"
                record = {"id": aid, "text": _TAC_HEADER.sub("", document) if name == "tac" else document}
                if j < len(ids) and duc_date(ids[j]):
                    stamp = _TAC_TIME.match(document) if name == "tac" else None
                    record["published"] = stamp.group(1).replace(" ", "T") if stamp else duc_date(ids[j])
                    record["outlet"] = doc_agency(ids[j])
                records.append(record)
                gold[aid] = cluster["id"]
    return records, gold


def duc_records() -> tuple[list[dict], dict[str, str]]:
    """The 30 DUC 2003 clusters, with publication dates and agencies from their doc ids (APW19981017.0151)."""
    return dated_records("duc")


def full_sample_records() -> tuple[list[dict], dict[str, str]]:
    """The 92 Multi-News clusters with full, cased articles (no dates)."""
    records, gold = [], {}
    with open(DATA / "multinews" / "full-articles-sample.jsonl", encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            for j, document in enumerate(cluster["documents"]):
                aid = f"{cluster['id']}/{j}"
                records.append({"id": aid, "text": document})
                gold[aid] = cluster["id"]
    return records, gold


def wire_stream() -> tuple[list[dict], dict[str, str]]:
    """A dated wire stream: the TAC 2010 and DUC 2003 clusters pooled and ordered by publication time (precise
    TAC DATE_TIME where given, else the doc id's date; ties by id), with each article's agency as its outlet."""
    records, gold = [], {}
    for name in ("tac", "duc"):
        part, part_gold = dated_records(name)
        records += part
        gold.update(part_gold)
    return sorted(records, key=lambda r: (r.get("published") or "9999", r["id"])), gold


def allsides_stream() -> tuple[list[dict], dict[str, str]]:
    """The AllSides dev stream (April-July 2021): every report with its title, outlet, URL and date, in date order
    (ties by id), as a feed reader would receive them; gold: the AllSides story (one event) each belongs to."""
    records, gold = [], {}
    with open(DATA / "allsides" / "stream-2021-04-07.jsonl", encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            for article in story["articles"]:
                records.append({key: article[key] for key in ("id", "outlet", "title", "url", "published", "text")})
                gold[article["id"]] = story["id"]
    from wirebrief.types import parse_published

    return sorted(records, key=lambda r: (parse_published(r["published"]).timestamp(), r["id"])), gold


DATASETS = ("val", "duc", "tac", "full", "train", "wire", "allsides")


def dataset_stream(name: str, n_clusters: int, seed: int) -> tuple[list[dict], dict[str, str]]:
    """`val`/`train`: n Multi-News clusters pooled; `duc`: DUC 2003 alone; `tac`: TAC 2010 alone (dated; the set
    the date settings are tuned on); `full`: the full-article sample."""
    if name in ("val", "train"):
        return quality_stream(n_clusters, False, seed, split=name)
    if name == "wire":
        return wire_stream()  # in publication order, as a wire feed arrives
    if name == "allsides":
        return allsides_stream()
    records, gold = dated_records(name) if name in ("duc", "tac") else full_sample_records()
    random.Random(seed).shuffle(records)
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


def oracle_report(articles, gold: dict[str, str], ambiguous: set[str]) -> dict[str, float]:
    """How separable the gold clusters are for batch TF-IDF with the gold clusters known (not part of wirebrief):
    `nearest`: share of articles (in multi-article gold clusters) whose nearest other article by cosine is in their
    own cluster; `centroid`: ... closer to their own cluster's leave-one-out centroid than to any other centroid
    (ambiguous texts left out of both); `ceiling`: B-cubed F1 of the gold clustering with every article whose exact
    text is in several gold clusters made a singleton (no text-based method can place those)."""
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
    nearest = []
    for start in range(0, X.shape[0], 2000):
        block = (X[start : start + 2000] @ X.T).toarray()
        block[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = -1
        nearest.append(gi[block.argmax(1)] == gi[start : start + block.shape[0]])
    nearest = np.concatenate(nearest)
    ceiling = {a.id: (f"~{a.id}" if a.id in ambiguous else gold[a.id]) for a in articles}
    return {
        "nearest": float(nearest[keep].mean()),
        "centroid": float((s_own > S.max(1))[keep].mean()),
        "ceiling": bcubed(ceiling, gold)[2],
    }


def run_quality(records: list[dict], gold: dict[str, str], settings=None, batch: int = 500, briefs: bool = False,
                level: str = "storyline", lines=None):
    """Ingest `records` into a temporary store; compare its stories with `gold`. Articles with blank text are left
    out; articles the store did not keep (the cleaner or the boilerplate filter skipped them) count as singletons."""
    from sklearn.metrics import adjusted_rand_score

    from wirebrief.pipeline import clean_articles
    from wirebrief.settings import Settings
    from wirebrief.stories.backends import open_store
    from wirebrief.stories.ingest import Ingestor, IngestReport, refresh_briefs

    records = [r for r in records if r["text"].strip()]
    read = raw_articles(records)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        started = time.perf_counter()
        articles, dropped = clean_articles(read.articles)
        report = Ingestor(store, settings=settings, batch_size=batch, storylines=lines).ingest(articles, IngestReport())
        ingest_s = time.perf_counter() - started
        brief_s = refreshed = None
        if briefs:
            started = time.perf_counter()
            refreshed = refresh_briefs(store, report.stories_touched, Settings())
            brief_s = time.perf_counter() - started
        column = "a.story_id" if level == "event" else "s.storyline_id"
        stored = dict(store.db.execute(
            f"SELECT a.id, {column} FROM articles a JOIN stories s ON s.id = a.story_id").fetchall())
        counts = store.counts()
        store.close()
    ids = [r["id"] for r in records]
    predicted = {i: stored.get(i, f"~{i}") for i in ids}
    precision, recall, f1 = bcubed(predicted, gold)
    ari = adjusted_rand_score([gold[i] for i in ids], [predicted[i] for i in ids])
    # identical texts that occur in more than one gold cluster (Multi-News has archive boilerplate pages)
    texts = defaultdict(set)
    for record in records:
        texts[" ".join(record["text"].lower().split())].add(gold[record["id"]])
    ambiguous = {r["id"] for r in records if len(texts[" ".join(r["text"].lower().split())]) > 1}
    clean_ids = [i for i in ids if i not in ambiguous]
    clean = bcubed({i: predicted[i] for i in clean_ids}, gold) if clean_ids else (0.0, 0.0, 0.0)
    return {
        "records": len(records), "articles": len(articles), "dropped": len(dropped), "skipped": len(report.skipped),
        "skip_reasons": Counter(s.reason.split(": article ")[0] for s in report.skipped), "gold_clusters": len(set(gold[i] for i in ids)),
        "counts": counts, "precision": precision, "recall": recall, "f1": f1, "ari": ari, "ambiguous": ambiguous,
        "clean": clean, "ingest_s": ingest_s, "rate": len(records) / ingest_s, "brief_s": brief_s,
        "refreshed": refreshed, "articles_list": articles, "predicted": predicted,
    }  # fmt: skip


def quality(args) -> None:
    warm_up()
    if args.duc and args.data == "val":
        records, gold = quality_stream(args.clusters, True, args.seed)
    else:
        records, gold = dataset_stream(args.data, args.clusters, args.seed)
    result = run_quality(records, gold, batch=args.batch, briefs=args.briefs, level=args.level)
    r = result
    sized = f" --clusters {args.clusters}" if args.data in ("val", "train") else ""
    print(f"command: python benchmarks/stories.py quality --data {args.data}{sized}{' --duc' if args.duc else ''} "
          f"--seed {args.seed} --level {args.level}{' --briefs' if args.briefs else ''}{' --oracle' if args.oracle else ''}")
    print(f"stream: {r['records']} non-empty records in {r['gold_clusters']} gold clusters; {r['articles']} articles "
          f"after cleaning ({r['dropped']} dropped); stored {r['counts']['articles']} articles, "
          f"{r['counts']['duplicates']} as duplicates, {r['counts']['stories']} events in {r['counts']['storylines']} "
          "storylines")
    if r["skip_reasons"]:
        print("  skipped at ingest (scored as singletons): "
              + "; ".join(f"{n} x {reason}" for reason, n in r["skip_reasons"].most_common()))
    print(f"B-cubed precision {r['precision']:.4f}  recall {r['recall']:.4f}  F1 {r['f1']:.4f}  ARI {r['ari']:.4f}")
    p2, r2, f2 = r["clean"]
    print(f"  without {len(r['ambiguous'])} articles whose exact text is in several gold clusters: "
          f"P {p2:.4f} R {r2:.4f} F1 {f2:.4f}")
    print(f"ingest (clean + dedup + cluster + store, no briefs): {r['ingest_s']:.2f} s = {r['rate']:,.0f} articles/s")
    if args.oracle:
        o = oracle_report(r["articles_list"], gold, r["ambiguous"])
        print(f"oracle (batch TF-IDF over the whole stream, gold clusters known), articles in multi-article clusters "
              f"whose text is not in several clusters: nearest other article in own cluster {o['nearest']:.1%}; "
              f"closer to own leave-one-out centroid than to any other {o['centroid']:.1%}")
        print(f"ceiling: B-cubed F1 of the gold clustering with the ambiguous texts as singletons {o['ceiling']:.4f}")
    if r["brief_s"] is not None:
        print(f"brief refresh of {r['refreshed']} stories: {r['brief_s']:.2f} s; with briefs: "
              f"{r['records'] / (r['ingest_s'] + r['brief_s']):,.0f} articles/s")


def warm_up() -> None:
    """Import scikit-learn, load the IDF prior, the furniture list and the sentence splitter outside timed parts."""
    from wirebrief.stories.index import StoryIndex
    from wirebrief.stories.ingest import news_text
    from wirebrief.text.lexical import load_boilerplate

    StoryIndex().vectorize(["warm up imports"])
    news_text("Warm up. The splitter.", load_boilerplate())


def tune(args) -> None:
    """Grid over the clustering thresholds on Multi-News TRAIN clusters (never val): best B-cubed F1 first."""
    import itertools
    from dataclasses import replace

    from wirebrief.stories.index import STORYLINE_SETTINGS

    warm_up()
    grid = {  # of the storyline level (the one measured against the Multi-News clusters)
        "join_threshold": [float(x) for x in args.join.split(",")],
        "merge_threshold": [float(x) for x in args.merge.split(",")],
        "prior_docs": [float(x) for x in args.prior.split(",")],
        "min_news_words": [int(x) for x in args.min_words.split(",")],
        "link_threshold": [float(x) for x in args.link.split(",")],
    }
    streams = [dataset_stream("train", args.clusters, seed) for seed in range(args.seeds)]
    print(f"command: python benchmarks/stories.py tune --clusters {args.clusters} --seeds {args.seeds} "
          f"--join {args.join} --merge {args.merge} --prior {args.prior} --min-words {args.min_words} --link {args.link}")
    results = []
    for values in itertools.product(*grid.values()):
        chosen = dict(zip(grid, values))
        base = STORYLINE_SETTINGS
        lines = replace(base, **chosen, bridge_merge_threshold=min(base.bridge_merge_threshold, chosen["merge_threshold"]))
        runs = [run_quality(records, gold, lines=lines) for records, gold in streams]
        f1 = sum(r["f1"] for r in runs) / len(runs)
        p = sum(r["precision"] for r in runs) / len(runs)
        rc = sum(r["recall"] for r in runs) / len(runs)
        rate = sum(r["rate"] for r in runs) / len(runs)
        results.append((f1, p, rc, rate, chosen))
        print(f"{chosen}: P {p:.4f} R {rc:.4f} F1 {f1:.4f} ({rate:,.0f} articles/s)", flush=True)
    print("best on train:")
    for f1, p, rc, rate, chosen in sorted(results, key=lambda r: -r[0])[:5]:
        print(f"  F1 {f1:.4f} P {p:.4f} R {rc:.4f}  {chosen}")


def tune_dates(args) -> None:
    """Grid over the date settings on TAC 2010 (never DUC: that is held out), several stream orders each."""
    import itertools
    from dataclasses import replace

    from wirebrief.stories.index import STORYLINE_SETTINGS

    warm_up()
    grid = {
        "date_grace_days": [float(x) for x in args.grace.split(",")],
        "date_scale_days": [float(x) for x in args.scale.split(",")],
        "date_decay_power": [float(x) for x in args.power.split(",")],
    }
    streams = [dataset_stream(args.data, 0, seed) for seed in range(args.seeds)]
    print(f"command: python benchmarks/stories.py tune-dates --data {args.data} --seeds {args.seeds} "
          f"--grace {args.grace} --scale {args.scale} --power {args.power}")
    results = []
    for values in itertools.product(*grid.values()):
        chosen = dict(zip(grid, values))
        runs = [run_quality(records, gold, lines=replace(STORYLINE_SETTINGS, **chosen)) for records, gold in streams]
        p, rc, f1 = (sum(r[k] for r in runs) / len(runs) for k in ("precision", "recall", "f1"))
        results.append((f1, p, rc, chosen))
        print(f"{chosen}: P {p:.4f} R {rc:.4f} F1 {f1:.4f}", flush=True)
    print(f"best on {args.data}:")
    for f1, p, rc, chosen in sorted(results, key=lambda r: -r[0])[:8]:
        print(f"  F1 {f1:.4f} P {p:.4f} R {rc:.4f}  {chosen}")


def scale(args) -> None:
    from dataclasses import replace

    from wirebrief.stories import StoryService
    from wirebrief.stories.index import EVENT_SETTINGS

    chunk = args.chunk
    engine = "PostgreSQL" if args.pg else "SQLite"
    print(f"command: python benchmarks/stories.py scale --articles {args.articles} --chunk {chunk} --link {args.link}"
          + (" --pg URL" if args.pg else "") + f"   ({engine})")
    warm_up()
    with tempfile.TemporaryDirectory() as tmp, store_location(tmp, args.pg, "scale") as db:
        cluster = replace(EVENT_SETTINGS, link_threshold=args.link)
        service = StoryService.open(db, cluster=cluster, batch_size=args.batch)
        stored, total_s, total_cpu = 0, 0.0, 0.0
        source = train_articles()
        while stored < args.articles:
            buffer = [r for _, r in zip(range(min(chunk, args.articles - stored)), source)]
            if not buffer:
                break
            started, cpu_started = time.perf_counter(), time.process_time()
            service.ingest(raw_stream(buffer), briefs=False)  # read, clean, dedupe, cluster, store
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            total_s += elapsed
            total_cpu += cpu
            before, stored = stored, stored + len(buffer)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # CPU time as well as wall time: on a shared machine the wall time includes waiting for a core
            print(f"stored {before:>7,} -> {stored:>7,}: {1000 * elapsed / len(buffer):.3f} ms/article "
                  f"({len(buffer) / elapsed:,.0f} articles/s; CPU {1000 * cpu / len(buffer):.3f} ms/article), "
                  f"active stories {len(service.ingestor.index.stories):,}, peak RSS {rss:,.0f} MiB", flush=True)
        counts = service.store.counts()
        service.close()
    print(f"total: {stored:,} articles in {total_s:.1f} s = {stored / total_s:,.0f} articles/s "
          f"(CPU {total_cpu:.1f} s = {stored / total_cpu:,.0f} articles/s; the server's own CPU not counted); "
          f"{counts['stories']:,} stories, {counts['duplicates']:,} duplicates; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


@contextlib.contextmanager
def store_location(tmp: str, pg: str | None, name: str):
    """A new, empty store: a SQLite file under `tmp`, or a fresh database on the PostgreSQL server `pg` (dropped
    afterwards)."""
    if not pg:
        yield str(Path(tmp) / f"{name}.db")
        return
    import uuid

    import psycopg

    database = f"wbbench_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        yield pg.rsplit("/", 1)[0] + "/" + database
    finally:
        with psycopg.connect(pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def train_articles():
    """Multi-News *train* articles as records, distinct real stories (ids prefixed), in file order."""
    for cluster in multinews("train"):
        for j, document in enumerate(cluster["documents"]):
            if document.strip():
                yield {"id": f"t{cluster['id']}/{j}", "text": document}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def api(args) -> None:
    """POST /v1/articles (one new article, its story re-briefed, as the server does) and GET /v1/stories latency
    against stores that already hold N articles, through the real app (FastAPI's TestClient: in process, no
    sockets). The stores are measured in alternating rounds, so that a busy machine slows them alike."""
    import itertools
    import warnings
    from contextlib import ExitStack

    from wirebrief.stories import StoryService

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    import wirebrief.stories.service as service_module
    from wirebrief.server import create_app

    briefing = []  # seconds spent re-briefing in each request: the part that depends on the story, not the store
    refresh = service_module.refresh_briefs

    def timed_refresh(*a, **k):
        began = time.perf_counter()
        try:
            return refresh(*a, **k)
        finally:
            briefing.append(time.perf_counter() - began)

    service_module.refresh_briefs = timed_refresh
    engine = "PostgreSQL" if args.pg else "SQLite"
    print(f"command: python benchmarks/stories.py api --stored {args.stored} --requests {args.requests}"
          + (" --pg URL" if args.pg else "") + f"   ({engine})")
    warm_up()
    sizes = [int(n) for n in args.stored.split(",")]
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        clients = {}
        for stored in sizes:
            db = stack.enter_context(store_location(tmp, args.pg, f"api{stored}"))
            source = train_articles()
            started = time.perf_counter()
            with StoryService.open(db, batch_size=1000) as service:
                service.ingest((a for _, a in zip(range(stored), raw_stream(source))), briefs=False)
                with service.store.transaction():  # an up-to-date store: POSTs measure ingest, not a catch-up
                    for story_id in service.store.stale_stories():
                        service.store.set_brief(story_id, [], None, time.time())
            print(f"{stored:>8,} articles stored in {time.perf_counter() - started:.0f} s", flush=True)
            clients[stored] = stack.enter_context(TestClient(create_app(db=db, warm=False)))
        # the same articles go to every store (their lengths vary a lot): the ones after the largest store's
        posted = list(itertools.islice(train_articles(), max(sizes), max(sizes) + args.requests + 3))
        timings = {n: {"post": [], "store": [], "list": [], "one": [], "cpu": []} for n in sizes}
        for round_number in range(args.requests + 3):
            for stored in sizes:
                client, times = clients[stored], timings[stored]
                record = posted[round_number]
                briefing.append(0.0)
                began, cpu_began = time.perf_counter(), time.process_time()
                response = client.post("/v1/articles", json={"articles": [record]})
                took, cpu = time.perf_counter() - began, time.process_time() - cpu_began
                assert response.status_code == 200, response.text
                if round_number < 3:  # the first requests open the service and load its index: once per process
                    continue
                times["post"].append(took)
                times["cpu"].append(cpu)  # CPU time of the whole process (client, server thread): the shared
                # machine's waits left out
                times["store"].append(took - briefing[-1])  # the request less its re-briefing
                began = time.perf_counter()
                assert client.get("/v1/stories?limit=50").status_code == 200
                times["list"].append(time.perf_counter() - began)
                for story_id in response.json()["stories_touched"][:1]:
                    began = time.perf_counter()
                    assert client.get(f"/v1/stories/{story_id}").status_code == 200
                    times["one"].append(time.perf_counter() - began)
    base = sizes[0]
    for stored in sizes:
        t = timings[stored]
        ratio = _percentile(t["post"], 0.5) / _percentile(timings[base]["post"], 0.5)
        print(f"{stored:>8,} stored: POST /v1/articles p50 {1000 * _percentile(t['post'], 0.5):.1f} ms "
              f"(x{ratio:.2f} of {base:,}) p95 {1000 * _percentile(t['post'], 0.95):.1f} ms; without re-briefing p50 "
              f"{1000 * _percentile(t['store'], 0.5):.1f} ms (x{_percentile(t['store'], 0.5) / _percentile(timings[base]['store'], 0.5):.2f}) | GET /v1/stories?limit=50 "
              f"p50 {1000 * _percentile(t['list'], 0.5):.1f} ms | GET /v1/stories/ID p50 {1000 * _percentile(t['one'], 0.5):.1f} ms"
              f" | POST CPU p50 {1000 * _percentile(t['cpu'], 0.5):.1f} ms "
              f"(x{_percentile(t['cpu'], 0.5) / _percentile(timings[base]['cpu'], 0.5):.2f})")


def writers(args) -> None:
    """Several writers at once against one store: two `wirebrief ingest` processes and a `wirebrief serve --workers 2`
    receiving POST /v1/articles from concurrent clients, over overlapping articles. Then every article must be
    stored once, in one live story, and each story's counts must agree with its articles."""
    import os
    import socket
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from wirebrief.stories.backends import open_store

    engine = "PostgreSQL" if args.pg else "SQLite"
    print(f"command: python benchmarks/stories.py writers --articles {args.articles}" + (" --pg URL" if args.pg else "")
          + f"   ({engine})")
    every = [r for _, r in zip(range(args.articles), train_articles())]
    third = len(every) // 3
    with tempfile.TemporaryDirectory() as tmp, store_location(tmp, args.pg, "writers") as db:
        for name, part in (("a", every[: 2 * third]), ("b", every[third:])):  # the middle third in both files
            (Path(tmp) / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "WIREBRIEF_DB": db}
        cli = [sys.executable, "-m", "wirebrief.cli"]
        server = subprocess.Popen(cli + ["serve", "--port", str(port), "--workers", "2"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.5)
            started = time.perf_counter()
            ingests = [subprocess.Popen(cli + ["ingest", str(Path(tmp) / f"{n}.jsonl"), "--no-briefs", "-f", "json"],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                       for n in ("a", "b")]  # fmt: skip
            posted = every[third : 2 * third]  # the middle third a third time, through the API, 4 clients at once

            def post(chunk):
                response = httpx.post(base + "/v1/articles", json={"articles": chunk}, timeout=300)
                return response.status_code, (response.json() if response.status_code == 200 else {})

            with ThreadPoolExecutor(4) as pool:
                posts = list(pool.map(post, [posted[i : i + 10] for i in range(0, len(posted), 10)]))
            statuses = [status for status, _ in posts]
            outcomes = [p.communicate(timeout=1800) for p in ingests]
            reports = [body for _, body in posts] + [json.loads(out) for out, _ in outcomes if out.strip()]
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=60)
        failed = [p.returncode for p in ingests if p.returncode != 0]
        store = open_store(db)
        try:
            ids = [r[0] for r in store.query("SELECT id FROM articles")]
            dangling = store.query(
                "SELECT COUNT(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id "
                "WHERE s.id IS NULL OR s.merged_into IS NOT NULL"
            )[0][0]
            wrong = store.query(
                "SELECT COUNT(*) FROM (SELECT s.id, s.n_articles, COUNT(a.id) AS found FROM stories s "
                "LEFT JOIN articles a ON a.story_id = s.id WHERE s.merged_into IS NULL GROUP BY s.id, s.n_articles) t "
                "WHERE n_articles <> found"
            )[0][0]
            counts = store.counts()
        finally:
            store.close()
    # every id some writer reported as stored (added, a duplicate, or there already); the rest were skipped
    reported = {i for report in reports for key in ("added", "duplicates", "existing") for i in report.get(key, [])}
    print(f"{len(every):,} distinct articles; ingest processes exit codes {[p.returncode for p in ingests]}"
          f"{' ' + str([o[1][-300:] for o in outcomes]) if failed else ''}; {len(statuses)} POSTs: "
          f"{dict(Counter(statuses))}; {seconds:.0f} s")
    print(f"stored {len(ids):,} rows for {len(set(ids)):,} ids ("
          f"stored twice {len(ids) - len(set(ids))}); reported stored but missing {len(reported - set(ids))}, "
          f"stored but never reported {len(set(ids) - reported)}; articles in a missing or merged story: {dangling}; "
          f"stories whose counts disagree with their articles: {wrong}; {counts['stories']:,} stories")


def raw_stream(records):
    """Records as raw articles, one at a time (what StoryService.ingest takes)."""
    from wirebrief.readers import read_record

    for number, record in enumerate(records, start=1):
        yield from read_record(record, f"r{number}", f"record {number}").articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--data", choices=DATASETS, default="val",
                   help="val/train: --clusters Multi-News clusters pooled; duc/tac: DUC 2003/TAC 2010 alone; full: full-article sample")
    q.add_argument("--clusters", type=int, default=1000)
    q.add_argument("--duc", action="store_true", help="with --data val: pool the DUC 2003 clusters in too")
    q.add_argument("--seed", type=int, default=13)
    q.add_argument("--briefs", action="store_true")
    q.add_argument("--batch", type=int, default=500)
    q.add_argument("--oracle", action="store_true", help="also report how separable the gold clusters are")
    q.add_argument("--level", choices=("event", "storyline"), default="storyline",
                   help="compare the gold clusters with the events or with the storylines (default)")
    t = sub.add_parser("tune")
    t.add_argument("--clusters", type=int, default=1000)
    t.add_argument("--seeds", type=int, default=2, help="independent train samples per setting")
    t.add_argument("--join", default="0.12,0.15,0.18,0.20")
    t.add_argument("--merge", default="0.25,0.35")
    t.add_argument("--prior", default="0,2000,10000")
    t.add_argument("--min-words", default="25")
    t.add_argument("--link", default="2.0", help="article-link thresholds (> 1: links off), e.g. 2.0,0.22,0.3")
    d = sub.add_parser("tune-dates", help="grid over the date grace/scale/decay power on TAC 2010")
    d.add_argument("--data", choices=("tac",), default="tac", help="dated set to tune on (DUC is held out)")
    d.add_argument("--seeds", type=int, default=3, help="stream orders per setting")
    d.add_argument("--grace", default="3,7,14")
    d.add_argument("--scale", default="7,30,90")
    d.add_argument("--power", default="1,0.5")
    s = sub.add_parser("scale")
    s.add_argument("--articles", type=int, default=100_000)
    s.add_argument("--chunk", type=int, default=10_000)
    s.add_argument("--batch", type=int, default=1000)
    s.add_argument("--link", type=float, default=2.0, help="article-link threshold (> 1: links off, the default)")
    s.add_argument("--pg", default=None, help="a PostgreSQL server URL: measure a fresh database there, not SQLite")
    a = sub.add_parser("api", help="POST /v1/articles and GET /v1/stories latency vs articles stored")
    a.add_argument("--stored", default="1000,20000", help="store sizes, comma-separated")
    a.add_argument("--requests", type=int, default=40)
    a.add_argument("--pg", default=None, help="a PostgreSQL server URL: measure a fresh database there, not SQLite")
    w = sub.add_parser("writers", help="two ingest processes and a 2-worker server writing one store at once")
    w.add_argument("--articles", type=int, default=3000)
    w.add_argument("--pg", default=None, help="a PostgreSQL server URL: a fresh database there, not SQLite")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"benchmark data not found at {DATA}")
    {"quality": quality, "tune": tune, "tune-dates": tune_dates, "scale": scale, "api": api, "writers": writers}[args.what](args)


if __name__ == "__main__":
    main()
