"""Facts across sources, measured: date resolution and disagreement detection.

    python benchmarks/facts.py                      # both, printed as Markdown (RESULTS.md "Facts across sources")
    python benchmarks/facts.py --candidates system  # the pairs the rules flag, to label (see below)
    python benchmarks/facts.py --candidates pool    # a seeded sample of number pairs, to label

Dates: precision and recall of wirebrief.text.dates on invented phrases (tests/fixtures/dates.tsv, the set the
rules were developed on, and dates_heldout.tsv, written after the rules were frozen), against dateparser's
`search_dates` with the same publication date as RELATIVE_BASE when dateparser is installed. A found date
is right when its span overlaps the labelled phrase and the ISO dates are equal.

Disagreements: hand-labelled pairs of figures from TAC 2010 and DUC 2003 (benchmarks/data/disagreements.jsonl:
cluster id, document index and character offsets into the dataset's document text, never the text). Each pair
is labelled "disagree" (the same thing, incompatible figures: a contradiction or a revision), "same" (the same
thing, compatible figures) or "different" (figures for different things). The pairs come from two pools: all
pairs the rules flag (for precision) and a seeded random sample of number pairs followed by the same word (for
recall, independent of the rules). The system flags a pair when one reported disagreement has one of its values
at the first figure and another at the second. quantulum3 (a maintained quantity extractor) is scored on the
same pairs: its quantities, keyed by unit or, for plain counts, by the next word, disagree when values differ.

Documents are read as the dataset gives them (the DATE_TIME header or the document id gives the publication day).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wirebrief.facts.disagree import find_disagreements, parse_number  # noqa: E402
from wirebrief.text.dates import resolve_dates  # noqa: E402
from wirebrief.text.split import split_article  # noqa: E402
from wirebrief.types import Article, Cluster  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
LABELS = ROOT / "benchmarks" / "data" / "disagreements.jsonl"
DATA = ROOT.parent / "shared" / "data"
DATASETS = {"tac2010": DATA / "tac2010" / "clusters.jsonl", "duc2003": DATA / "duc2003" / "clusters.jsonl"}


# --- dates -------------------------------------------------------------------------------------

def load_phrases(path: Path) -> list[tuple[date, str, list[tuple[int, int, str]]]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        published, sentence, expected = (line.split("\t") + [""])[:3]
        gold = []
        for pair in filter(None, (p.strip() for p in expected.split("|"))):
            phrase, iso = pair.rsplit("=", 1)
            start = sentence.index(phrase)
            gold.append((start, start + len(phrase), iso))
        cases.append((date.fromisoformat(published), sentence, gold))
    return cases


def score_dates(cases, finder) -> dict:
    tp = fp = fn = 0
    started = time.perf_counter()
    for published, sentence, gold in cases:
        unmatched = list(gold)
        for start, end, iso in finder(sentence, published):
            hit = next((g for g in unmatched if g[0] < end and start < g[1] and g[2] == iso), None)
            if hit:
                unmatched.remove(hit)
                tp += 1
            else:
                fp += 1
        fn += len(unmatched)
    seconds = time.perf_counter() - started
    return {"gold": tp + fn, "tp": tp, "fp": fp, "fn": fn, "precision": tp / max(1, tp + fp),
            "recall": tp / max(1, tp + fn), "ms_per_sentence": 1000 * seconds / max(1, len(cases))}


def wirebrief_dates(sentence, published):
    return [(d.start, d.end, d.date) for d in resolve_dates(sentence, published)]


def dateparser_dates(sentence, published):
    """dateparser's search_dates, its datetimes shown at day precision (it has no coarser precision)."""
    from datetime import datetime

    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime(published.year, published.month, published.day),
                "RETURN_AS_TIMEZONE_AWARE": False}
    found = search_dates(sentence, languages=["en"], settings=settings) or []
    out, at = [], 0
    for text, when in found:
        start = sentence.find(text, at)
        at = max(at, start + len(text))
        # a coarse gold date (month, year) counts as matched when dateparser's day falls inside it
        out.append((start, start + len(text), when.date().isoformat()))
    return out


def score_dateparser(cases) -> dict:
    """dateparser gives days only: its day is right for a coarser gold date when it falls inside it."""
    from wirebrief.text.dates import first_day

    def coarse(sentence, published):
        found = dateparser_dates(sentence, published)
        gold = next(g for p, s, g in cases if s == sentence and p == published)
        fitted = []
        for start, end, iso in found:
            day = date.fromisoformat(iso)
            match = next((g for g in gold if g[0] < end and start < g[1]), None)
            if match and len(match[2]) != 10 and _covers(match[2], day, first_day):
                iso = match[2]
            fitted.append((start, end, iso))
        return fitted

    return score_dates(cases, coarse)


def _covers(iso: str, day: date, first_day) -> bool:
    start = first_day(iso)
    if "-W" in iso:
        return 0 <= (day - start).days < 7
    if len(iso) == 7:
        return (day.year, day.month) == (start.year, start.month)
    return day.year == start.year


# --- disagreements -------------------------------------------------------------------------------

def load_clusters() -> dict[str, dict]:
    clusters = {}
    for path in DATASETS.values():
        if path.exists():
            for line in path.open(encoding="utf-8"):
                record = json.loads(line)
                clusters[record["id"]] = record
    return clusters


def published(record: dict, index: int) -> str | None:
    """The publication day: the TAC DATE_TIME header, else the date in the document id (APW19981017.0151)."""
    text = record["documents"][index]
    header = re.match(r"DATE_TIME:\s*(\d{4}-\d\d-\d\d)", text)
    if header:
        return header.group(1)
    ids = record.get("doc_ids") or []
    found = re.search(r"(\d{4})(\d\d)(\d\d)", ids[index]) if index < len(ids) else None
    return "-".join(found.groups()) if found else None


def raw_cluster(record: dict) -> Cluster:
    articles = [Article(str(i), text, str(i), published=published(record, i)) for i, text in enumerate(record["documents"])]
    return Cluster(articles, [s for i, a in enumerate(articles) for s in split_article(i, a.text)])


def system_pairs(record: dict, shown_only: bool = True) -> list[tuple[int, int, int, int, int, int]]:
    """(doc, start, end, doc, start, end) of value pairs in different documents that the rules report as disagreeing:
    those a reader is shown (confident), or with `shown_only=False` all that JSON carries."""
    pairs = []
    for disagreement in find_disagreements(raw_cluster(record), limit=100):
        if shown_only and not disagreement.confident:
            continue
        spans = [[(int(s.article), s.start, s.end) for s in value.sources] for value in disagreement.values]
        for i, first in enumerate(spans):
            for second in spans[i + 1 :]:
                pairs.extend((*a, *b) for a in first for b in second if a[0] != b[0])
    return pairs


def _overlaps(a, b) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def flags(pairs, case) -> bool:
    a, b = tuple(case["a"]), tuple(case["b"])
    return any((_overlaps(p[:3], a) and _overlaps(p[3:], b)) or (_overlaps(p[:3], b) and _overlaps(p[3:], a)) for p in pairs)


def quantulum_quantities(text: str) -> list[tuple[int, int, str, float]]:
    from quantulum3 import classifier, parser

    # its shipped unit classifier is a pickle of an older scikit-learn that the current one cannot load;
    # without it quantulum3 disambiguates units by its rules (the classifier only matters for unit names)
    classifier.USE_CLF = False

    found = []
    for quantity in parser.parse(text):
        start, end = quantity.span
        key = quantity.unit.name
        if key == "dimensionless":
            following = re.match(r"\s*([A-Za-z]+)", text[end:])
            key = following.group(1).lower() if following else ""
        found.append((start, end, key, float(quantity.value)))
    return found


def quantulum_flags(record, case, cache) -> bool:
    def at(span):
        doc = span[0]
        if doc not in cache:
            cache[doc] = quantulum_quantities(record["documents"][doc])
        return next((q for q in cache[doc] if q[0] < span[2] and span[1] < q[1]), None)

    a, b = at(case["a"]), at(case["b"])
    return bool(a and b and a[2] and a[2] == b[2] and a[3] != b[3])


def score_disagreements(cases: list[dict], clusters: dict) -> dict:
    results = {}
    for name in ("wirebrief rules (shown)", "wirebrief rules (all, JSON)", "quantulum3"):
        if name == "quantulum3":
            try:
                import quantulum3  # noqa: F401
            except ImportError:
                continue
        tp = fp = fn = tn = 0
        started = time.perf_counter()
        by_cluster: dict[str, list[dict]] = {}
        for case in cases:
            by_cluster.setdefault(case["cluster"], []).append(case)
        for cluster_id, group in sorted(by_cluster.items()):
            record = clusters[cluster_id]
            pairs = system_pairs(record, shown_only=name.endswith("(shown)")) if name.startswith("wirebrief") else None
            cache: dict = {}
            for case in group:
                said = flags(pairs, case) if pairs is not None else quantulum_flags(record, case, cache)
                truth = case["label"] == "disagree"
                tp += said and truth
                fp += said and not truth
                fn += truth and not said
                tn += not said and not truth
        precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
        results[name] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall,
                         "f1": 2 * precision * recall / max(1e-9, precision + recall),
                         "seconds": time.perf_counter() - started}
    return results


def brief_cost(limit: int) -> dict:
    """Per-cluster time of the fact steps (dates on brief sentences, disagreements) against the whole brief,
    on the first `limit` Multi-News validation clusters."""
    from wirebrief.evaluate.data import EvalCluster, read_clusters
    from wirebrief.pipeline import brief
    from wirebrief.text.dates import date_sentences

    whole, facts = [], []
    for record in read_clusters(DATA / "multinews" / "val.jsonl.gz", limit=limit):
        documents = [d for d in record.documents if d.strip()] if isinstance(record, EvalCluster) else []
        if not documents:
            continue
        started = time.perf_counter()
        result = brief(documents, words=230)
        whole.append(time.perf_counter() - started)
        articles = result.articles
        cluster = Cluster(articles, [s for i, a in enumerate(articles) for s in split_article(i, a.text)])
        started = time.perf_counter()
        find_disagreements(cluster)
        date_sentences(result.sentences, articles)
        facts.append(time.perf_counter() - started)
    return {"clusters": len(whole), "brief_p50_ms": 1000 * statistics.median(whole),
            "facts_p50_ms": 1000 * statistics.median(facts), "facts_p95_ms": 1000 * sorted(facts)[int(0.95 * (len(facts) - 1))]}


# --- candidates for labelling ------------------------------------------------------------------

_NUMBER = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?![-.,]\w)",
    re.IGNORECASE,
)
_SKIP_NEXT = {"percent", "years", "year", "days", "months", "hours", "minutes", "miles", "feet", "million", "billion",
              "meters", "kilometers", "degrees", "times", "weeks", "percentage", "points"}


def pool_candidates(clusters: dict, size: int, seed: int = 17) -> list[dict]:
    """Pairs of numbers in different documents of one cluster followed by the same plural noun (or a casualty
    word), values different but within a factor of three: an independent pool that holds most disagreements."""
    pool = []
    for cluster_id, record in sorted(clusters.items()):
        mentions = []
        for doc, text in enumerate(record["documents"]):
            for match in _NUMBER.finditer(text):
                line_start = text.rfind("\n", 0, match.start()) + 1
                if text.startswith("DATE_TIME", line_start) or text[max(0, match.start() - 5) : match.start()].rstrip().endswith(("$", "dlrs")):
                    continue
                value = parse_number(match.group(1))
                following = re.match(r"\s*([A-Za-z]+)", text[match.end() :])
                if value is None or not following or re.fullmatch(r"(19|20)\d\d", match.group(1)):
                    continue
                word = following.group(1).lower()
                if word in _SKIP_NEXT or len(word) < 4 or not (word.endswith("s") or word in {"dead", "killed", "injured", "wounded", "missing", "died", "arrested", "people"}):
                    continue
                mentions.append((doc, match.start(), match.end(), value, word))
        for i, a in enumerate(mentions):
            for b in mentions[i + 1 :]:
                small, large = sorted((a[3], b[3]))
                if a[0] != b[0] and a[4] == b[4] and a[3] != b[3] and small > 0 and large <= 3 * small:
                    pool.append({"cluster": cluster_id, "a": list(a[:3]), "b": list(b[:3]), "pool": "random"})
    random.Random(seed).shuffle(pool)
    return pool[:size]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", choices=["system", "pool"], help="print pairs to label instead of scoring")
    parser.add_argument("--size", type=int, default=45, help="pool sample size (--candidates pool)")
    parser.add_argument("--cost-limit", type=int, default=200, help="Multi-News clusters for the cost measurement")
    args = parser.parse_args(argv)
    clusters = load_clusters()
    if args.candidates == "system":  # a seeded sample of the flagged pairs
        flagged = [{"cluster": cluster_id, "a": list(pair[:3]), "b": list(pair[3:]), "pool": "system"}
                   for cluster_id, record in sorted(clusters.items()) for pair in system_pairs(record)]
        random.Random(17).shuffle(flagged)
        for case in flagged[: args.size]:
            print(json.dumps(case))
        return 0
    if args.candidates == "pool":
        for case in pool_candidates(clusters, args.size):
            print(json.dumps(case))
        return 0

    print("### Date resolution (invented phrases)\n")
    print("| set | system | gold dates | precision | recall | ms / sentence |")
    print("|---|---|---|---|---|---|")
    for label, path in (("dev (tests/fixtures/dates.tsv)", FIXTURES / "dates.tsv"),
                        ("held-out (dates_heldout.tsv)", FIXTURES / "dates_heldout.tsv")):
        cases = load_phrases(path)
        rows = [("wirebrief.text.dates", score_dates(cases, wirebrief_dates))]
        try:
            rows.append(("dateparser search_dates", score_dateparser(cases)))
        except ImportError:
            pass
        for name, row in rows:
            print(f"| {label} | {name} | {row['gold']} | {row['precision']:.3f} | {row['recall']:.3f} | {row['ms_per_sentence']:.2f} |")
    if LABELS.exists() and clusters:
        cases = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
        counts = {label: sum(c["label"] == label for c in cases) for label in ("disagree", "same", "different")}
        print(f"\n### Disagreement detection ({len(cases)} labelled pairs: {counts})\n")
        print("| pairs | system | tp | fp | fn | precision | recall | F1 | seconds |")
        print("|---|---|---|---|---|---|---|---|---|")
        for pool in ("all", "system-v2", "random"):
            subset = [c for c in cases if pool == "all" or c["pool"] == pool]
            for name, row in score_disagreements(subset, clusters).items():
                print(f"| {pool} ({len(subset)}) | {name} | {row['tp']} | {row['fp']} | {row['fn']} | {row['precision']:.3f} "
                      f"| {row['recall']:.3f} | {row['f1']:.3f} | {row['seconds']:.1f} |")
    if (DATA / "multinews" / "val.jsonl.gz").exists() and args.cost_limit:
        cost = brief_cost(args.cost_limit)
        print(f"\n### Cost on Multi-News val (first {cost['clusters']} clusters, 230 words)\n")
        print(f"brief p50 {cost['brief_p50_ms']:.1f} ms (whole pipeline, facts included); the fact steps alone "
              f"p50 {cost['facts_p50_ms']:.2f} ms, p95 {cost['facts_p95_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
