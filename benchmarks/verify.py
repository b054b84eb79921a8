"""Measure `wirebrief verify` on the dev sets (results in benchmarks/RESULTS.md, "Verify").

    python benchmarks/verify.py shares  [--clusters 1000]   # Multi-News val references: verdict shares
    python benchmarks/verify.py sample  [--show]            # the seeded 30-per-verdict sample for hand checking
    python benchmarks/verify.py inject  [--clusters 1000]   # seeded error injection: detection and false alarms
    python benchmarks/verify.py speed                       # 230-word summary against each 10-article DUC cluster
    python benchmarks/verify.py briefs  [--clusters 300]    # our own briefs must verify as fully supported

Data (never copied into the repo): ../shared/data/multinews/val.jsonl.gz, multinews/full-articles-sample.jsonl
(cased), duc2003/clusters.jsonl, tac2010/clusters.jsonl. The hand-check sample is stored as ids and character
offsets into the record's stripped summary (benchmarks/verify_handcheck.json), never as text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path
from statistics import median

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: numpy must not fan out

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HANDCHECK = Path(__file__).with_name("verify_handcheck.json")
SEED = 20261128


def clusters(name: str, limit: int | None = None):
    from wirebrief.evaluate.data import EvalCluster, read_clusters

    paths = {
        "multinews-val": DATA / "multinews" / "val.jsonl.gz",
        "multinews-full": DATA / "multinews" / "full-articles-sample.jsonl",
        "duc2003": DATA / "duc2003" / "clusters.jsonl",
        "tac2010": DATA / "tac2010" / "clusters.jsonl",
    }
    return [c for c in read_clusters(paths[name], limit) if isinstance(c, EvalCluster)]


def checked_references(cluster):
    """(reference index, sentence start, end, checked sentence, checker) for every reference sentence."""
    from wirebrief.pipeline import clean_articles, prepare, read_items
    from wirebrief.settings import Settings
    from wirebrief.text.split import split_article
    from wirebrief.verification import Checker

    articles, _ = clean_articles(read_items(cluster.documents).articles)
    if not articles:
        return []
    checker = Checker(prepare(articles, Settings()))
    out = []
    for number, reference in enumerate(cluster.references):
        for sentence in split_article(0, reference):
            out.append((number, sentence.start, sentence.end, checker.check(sentence.text), checker))
    return out


def shares(args) -> dict:
    counts: Counter[str] = Counter()
    rows = []
    for cluster in clusters("multinews-val", args.clusters):
        for ref, start, end, checked, _ in checked_references(cluster):
            counts[checked.verdict] += 1
            rows.append((cluster.id, ref, start, end, checked.verdict))
    total = sum(counts.values())
    result = {"clusters": args.clusters, "sentences": total,
              "share": {v: round(counts[v] / total, 3) for v in ("supported", "partly", "unsupported")}}
    print(json.dumps(result, indent=1))
    return {"result": result, "rows": rows}


def sample(args) -> None:
    """30 sentences of each verdict, seeded, from the first --clusters val clusters; --show prints them to judge."""
    rows = shares(args)["rows"]
    # one seeded order of all sentences, then the first 30 of each verdict: a change to the checker that flips a
    # few verdicts changes a few examples, not the whole sample
    random.Random(SEED).shuffle(rows)
    chosen = []
    for verdict in ("supported", "partly", "unsupported"):
        chosen += [r for r in rows if r[4] == verdict][:30]
    old = {(e["id"], e["start"]): e for e in json.loads(HANDCHECK.read_text())} if HANDCHECK.exists() else {}
    entries = [
        {"id": cid, "reference": ref, "start": start, "end": end, "verdict": verdict,
         **{k: old[(cid, start)][k] for k in ("judgement", "note") if (cid, start) in old and k in old[(cid, start)]}}
        for cid, ref, start, end, verdict in chosen
    ]
    HANDCHECK.write_text(json.dumps(entries, indent=1) + "\n")
    if args.show:
        by_id = {c.id: c for c in clusters("multinews-val", args.clusters)}
        for number, entry in enumerate(entries):
            cluster = by_id[entry["id"]]
            text = cluster.references[entry["reference"]][entry["start"]:entry["end"]]
            checked = [c for r, s, e, c, _ in checked_references(cluster) if (r, s) == (entry["reference"], entry["start"])][0]
            from wirebrief.pipeline import clean_articles, read_items

            articles = {a.id: a for a in clean_articles(read_items(cluster.documents).articles)[0]}
            print(f"\n#{number} {entry['verdict']} {entry['id']} — {text}")
            for source in checked.sources[:3]:
                print(f"   > {articles[source.article].text[source.start:source.end][:400]}")
            print("   ! " + "; ".join(f"{u.text} ({u.kind})" for u in checked.unsupported))


# ---- error injection ----------------------------------------------------------------------------------------

AUXILIARY = re.compile(r"\b(is|was|were|are|has|have|had|will|would|could|can|should|did|does|do)\b(?! not\b)")
CONTRACT = {"is": "isn't", "was": "wasn't", "were": "weren't", "are": "aren't", "has": "hasn't", "have": "haven't",
            "had": "hadn't", "would": "wouldn't", "could": "couldn't", "should": "shouldn't", "did": "didn't",
            "does": "doesn't", "do": "don't"}
SPELL = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
         11: "eleven", 12: "twelve", 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty"}
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]
MONTH_ABBREVIATIONS = {"January": "Jan.", "February": "Feb.", "August": "Aug.", "September": "Sept.",
                       "October": "Oct.", "November": "Nov.", "December": "Dec."}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _case_like(word: str, model: str) -> str:
    return word if model[:1].isupper() else word.lower()


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def change_number(text, mention, rng):
    """(changed, same-meaning variant or None)."""
    written = text[mention.start:mention.end]
    value = mention.keys[0].split(":", 1)[1]
    if written.lower() in {w for w in SPELL.values()}:
        number = next(n for n, w in SPELL.items() if w == written.lower())
        other = rng.choice([w for n, w in SPELL.items() if n != number])
        return _replace(text, mention.start, mention.end, _case_like(other, written)), \
            _replace(text, mention.start, mention.end, str(number))
    if not re.fullmatch(r"\d+(?:\.\d+)?", value):
        return None
    if "." in value:
        whole, fraction = value.split(".")
        changed = f"{whole}.{(int(fraction[-1]) + rng.randint(1, 8)) % 10}" if len(fraction) == 1 else None
        if changed is None:
            return None
        changed = changed if changed != value else f"{int(whole) + 1}.{fraction}"
        return _replace(text, mention.start, mention.end, changed), None
    number = int(value)
    changed = number + rng.choice([1, 2, 3, 5, 10, 100]) if number < 1000 else number + rng.choice([1000, 500, 250])
    variant = None
    if number in SPELL:
        variant = _replace(text, mention.start, mention.end, SPELL[number])
    elif number >= 10000 and "," not in written:
        variant = _replace(text, mention.start, mention.end, f"{number:,}")
    elif "," in written:
        variant = _replace(text, mention.start, mention.end, str(number))
    written_new = f"{changed:,}" if "," in written else str(changed)
    return _replace(text, mention.start, mention.end, written_new), variant


def change_date(text, mention, rng):
    written = text[mention.start:mention.end]
    words = list(re.finditer(r"\w+\.?", written))
    for word in words:
        bare = word.group().rstrip(".")
        absolute = (mention.start + word.start(), mention.start + word.start() + len(bare))
        if bare.capitalize() in WEEKDAY_NAMES:
            other = rng.choice([d for d in WEEKDAY_NAMES if d != bare.capitalize()])
            return _replace(text, *absolute, _case_like(other, bare)), None
        month = next((m for m in MONTH_NAMES if m.lower() == bare.lower() or m[:3].lower() == bare.lower()[:3]
                      and len(bare) <= 4), None)
        if month:
            other = rng.choice([m for m in MONTH_NAMES if m != month])
            variant = None
            if bare.lower() == month.lower() and month in MONTH_ABBREVIATIONS:
                abbreviation = MONTH_ABBREVIATIONS[month]
                end = absolute[1] + (1 if text[absolute[1]:absolute[1] + 1] == "." else 0)
                variant = _replace(text, absolute[0], end, _case_like(abbreviation, bare))
            return _replace(text, *absolute, _case_like(other, bare)), variant
    if re.fullmatch(r"(1[89]|20)\d\d", written):
        return _replace(text, mention.start, mention.end, str(int(written) + rng.choice([-3, -2, -1, 1, 2, 3]))), None
    return None


def change_name(text, mention, rng, names: list[str], alone=lambda first, last: False):
    words = list(re.finditer(r"\w+", text[mention.start:mention.end]))
    last = words[-1]
    present = {w.lower() for w in re.findall(r"\w+", text)}
    choices = [n for n in names if n.lower() not in present]
    if not choices:
        return None
    new = rng.choice(choices)
    changed = _replace(text, mention.start + last.start(), mention.start + last.end(), new)
    # same meaning: a person named in full, then by surname ("Moammar Gadhafi" → "Gadhafi"), when the sources
    # themselves use the surname alone (which tells a person from "South Korea" or "International Monetary Fund")
    variant = None
    if len(words) == 2 and alone(words[0].group(), last.group()):
        variant = _replace(text, mention.start, mention.start + last.start(), "")
    return changed, variant


def change_negation(text, facts, rng):
    negations = [m for m in facts.mentions if m.kind == "negation"]
    if negations:
        mention = negations[0]
        word = text[mention.start:mention.end].lower()
        if word in ("not", "never"):
            before = text[:mention.start].rstrip()
            auxiliary = re.search(r"(\w+)$", before)
            variant = None
            if word == "not" and auxiliary and auxiliary.group(1).lower() in CONTRACT:
                variant = before[:auxiliary.start()] + _case_like(CONTRACT[auxiliary.group(1).lower()], auxiliary.group(1)) + text[mention.end:]
            return before + text[mention.end:], variant
        if word.endswith("n't") or word.endswith("n’t"):
            return _replace(text, mention.start, mention.end, ""), None
        return None
    auxiliary = AUXILIARY.search(text)
    if not auxiliary:
        return None
    return _replace(text, auxiliary.end(), auxiliary.end(), " not"), None


def inject(args) -> None:
    from wirebrief.verification import MONTHS, NOT_NAMES, WEEKDAYS, find_facts

    rng = random.Random(SEED)
    cases = {kind: Counter() for kind in ("number", "date", "name", "negation")}
    originals = Counter()
    sets = [("multinews-val", args.clusters), ("multinews-full", None), ("duc2003", None), ("tac2010", None)]
    for name, limit in sets:
        for cluster in clusters(name, limit):
            for _, _, _, checked, checker in checked_references(cluster):
                originals[checked.verdict] += 1
                if checked.verdict == "unsupported":
                    continue  # nothing to detect: the original already fails
                text = checked.text
                facts = find_facts(text, checker.capitalised)
                # names to swap in: other names of the story (not dates, not initials)
                names = sorted(n.capitalize() for n in checker.capitalised
                               if n.isalpha() and len(n) > 2 and n not in MONTHS and n not in WEEKDAYS and n not in NOT_NAMES)
                source_texts = [s.text for s in checker.cluster.sentences]

                def surname_alone(first, last, source_texts=source_texts):
                    # a given name and a surname: the first word only ever comes before the second in the
                    # sources, which also use the second alone ("Moammar Gadhafi" ... "Gadhafi said")
                    whole = f"{first} {last}"
                    return (sum(last in t and first not in t for t in source_texts) >= 2
                            and all(t.count(first) == t.count(whole) for t in source_texts))
                for kind in cases:
                    mentions = [m for m in facts.mentions if m.kind == kind]
                    if kind == "negation":
                        made = change_negation(text, facts, rng)
                    elif not mentions:
                        continue
                    else:
                        mention = rng.choice(mentions)
                        made = {"number": lambda: change_number(text, mention, rng),
                                "date": lambda: change_date(text, mention, rng),
                                "name": lambda: change_name(text, mention, rng, names, surname_alone)}[kind]()
                    if not made:
                        continue
                    changed, variant = made
                    judged = checker.check(changed)
                    tally = cases[kind]
                    tally["cases"] += 1
                    tally["detected"] += judged.verdict == "unsupported"
                    tally["pointed"] += any(u.kind == kind for u in judged.unsupported)
                    tally[f"from-{name}"] += 1
                    if variant:
                        tally["variants"] += 1
                        tally["false alarms"] += checker.check(variant).verdict == "unsupported"
    print("originals:", dict(originals))
    print("| change | cases | detected (unsupported) | kind pointed out | same-meaning variants | false alarms |")
    print("|---|---|---|---|---|---|")
    total = 0
    for kind, tally in cases.items():
        total += tally["cases"]
        variants = tally["variants"]
        print(f"| {kind} | {tally['cases']} | {tally['detected'] / tally['cases']:.1%} | "
              f"{tally['pointed'] / tally['cases']:.1%} | {variants} | "
              f"{(tally['false alarms'] / variants) if variants else 0:.1%} |")
    print("cases in all:", total, {k: {s: v for s, v in t.items() if s.startswith("from-")} for k, t in cases.items()})


# ---- speed ----------------------------------------------------------------------------------------------------

def speed(args) -> None:
    """CPU time of one process (one core), so that other jobs on a shared machine count less; the minimum of
    --repeat runs per cluster, caches warm as in a long-running process."""
    from wirebrief.pipeline import brief, clean_articles, prepare, read_items
    from wirebrief.settings import Settings
    from wirebrief.text.split import split_article
    from wirebrief.verification import Checker, verify

    def cpu_ms(call) -> float:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            call()
            best = min(best, time.process_time() - start)
        return best * 1000

    rows = []
    for cluster in clusters("duc2003"):
        sentences, words = [], 0
        for reference in cluster.references:
            for sentence in split_article(0, reference):
                if words >= 230:
                    break
                sentences.append(sentence.text)
                words += sentence.words
        summary = " ".join(sentences)
        verify(summary, cluster.documents)  # warm caches (splitter model, stems) as a long-running process would
        articles, _ = clean_articles(read_items(cluster.documents).articles)
        prepared = prepare(articles, Settings())
        rows.append({
            "words": len(summary.split()), "articles": len(cluster.documents),
            "verify": cpu_ms(lambda: verify(summary, cluster.documents)),
            "prepare": cpu_ms(lambda: prepare(clean_articles(read_items(cluster.documents).articles)[0], Settings())),
            "index": cpu_ms(lambda: Checker(prepared)),
            "brief": cpu_ms(lambda: brief(cluster.documents, words=230)),
        })
    print(f"DUC 2003: {len(rows)} clusters, summary words {min(r['words'] for r in rows)}–{max(r['words'] for r in rows)}, "
          f"articles {min(r['articles'] for r in rows)}–{max(r['articles'] for r in rows)}; CPU ms, min of {args.repeat}")
    print("| step | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    for key, label in (("verify", "verify (read, clean, split, wire-match the sources; index; check)"),
                       ("prepare", "  of which read, clean, split, wire-match"), ("index", "  of which indexing the sources"),
                       ("brief", "brief, 230 words, same clusters (peer)")):
        values = sorted(r[key] for r in rows)
        print(f"| {label} | {median(values):.1f} | {values[min(len(values) - 1, int(0.95 * len(values)))]:.1f} | {values[-1]:.1f} |")
    print(f"ratio verify / brief (p50): {median(r['verify'] for r in rows) / median(r['brief'] for r in rows):.2f}")


def briefs(args) -> None:
    from wirebrief.pipeline import brief
    from wirebrief.verification import verify_brief

    tally = Counter()
    for name, limit in (("multinews-val", args.clusters), ("duc2003", None), ("tac2010", None)):
        for cluster in clusters(name, limit):
            made = brief(cluster.documents, words=230)
            for sentence in verify_brief(made).sentences:
                tally[(name, sentence.verdict)] += 1
                if sentence.verdict != "supported":
                    print(name, cluster.id, sentence.verdict, sentence.unsupported, file=sys.stderr)
    print({f"{n} {v}": c for (n, v), c in sorted(tally.items())})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["shares", "sample", "inject", "speed", "briefs"])
    parser.add_argument("--clusters", type=int, default=1000, help="Multi-News val clusters to use (the first K).")
    parser.add_argument("--repeat", type=int, default=3, help="speed: timed runs per cluster (the minimum is kept).")
    parser.add_argument("--show", action="store_true", help="sample: print the sentences and cited spans to judge.")
    args = parser.parse_args()
    {"shares": shares, "sample": sample, "inject": inject, "speed": speed, "briefs": briefs}[args.what](args)


if __name__ == "__main__":
    main()
