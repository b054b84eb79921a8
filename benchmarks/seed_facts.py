"""What an editor wants from the seed cluster's brief, counted at 60, 150 and 300 words.

    python benchmarks/seed_facts.py                 # Markdown table (RESULTS.md "Briefs an editor publishes")
    python benchmarks/seed_facts.py --show          # and the briefs themselves

The seed cluster (../shared/data/seed-cluster) is five real reports of the December 2016 Abe-Putin summit: four
previews and Reuters' report of the first day's outcome. FACTS is the list an editor would want in a brief of it,
written from the reports before any brief was scored against it: where the summit was and where it goes next,
what was agreed, what was not, why it matters, and what comes next. A fact counts when one of its patterns
occurs in the brief (wording differs between the reports, so each fact has the phrasings they use).

Beside the count, the brief's sentence-level faults the rules are meant to prevent: the outcome not leading, a
short name or definite reference ("the plan") nothing earlier in the brief introduces (wirebrief.references),
a fact told twice (wirebrief.repeats).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wirebrief import brief_inputs  # noqa: E402
from wirebrief.compose.references import definite_needs, missing  # noqa: E402
from wirebrief.compose.repeats import Repeats  # noqa: E402
from wirebrief.settings import Settings  # noqa: E402
from wirebrief.text.names import full_names  # noqa: E402
from wirebrief.text.split import split_article  # noqa: E402

SEED = ROOT.parent / "shared" / "data" / "seed-cluster"
BUDGETS = (60, 150, 300)
OUTCOME = "Japan and Russia agreed at a leaders’ summit on Thursday"

FACTS = [
    ("outcome: Japan and Russia agreed at the summit", r"\bagreed\b"),
    ("where: Nagato, Abe's home constituency in Yamaguchi, a hot spring resort", r"Nagato|Yamaguchi|hot springs?\b|home constituency|ancestral"),
    ("where next: Tokyo on Friday", r"\bTokyo\b"),
    ("agreed: revive security talks", r"security talks"),
    ("agreed: discuss joint economic activity on the disputed islands",
     r"joint economic activit|economic (?:cooperation|activities) on (?:the )?(?:disputed |four )?islands"),
    ("economic deals: agreements from medical technology to energy, some 30 company deals",
     r"medical technology|agreements on economic cooperation|30 agreements|deals with Japanese companies|pacts to bolster business"),
    ("not agreed: no breakthrough on the territorial dispute",
     r"dampen(?:ed)? expectations of a breakthrough|no breakthrough|damping down expectations|not (?:easy|simple)|remains distant"),
    ("why it matters: no peace treaty formally ending World War II", r"peace treaty"),
    ("the islands: Northern Territories in Japan, Southern Kuriles in Russia", r"Northern Territories|Southern Kuril"),
    ("history: seized by Soviet forces at the end of the war", r"seized by Soviet"),
    ("also discussed: Syria", r"\bSyria"),
    ("next: a statement on joint economic activity, talks in Tokyo on Friday", r"statement|meet again|on Friday|economic forum"),
    ("context: Western sanctions over Ukraine", r"sanctions"),
    ("context: Putin's first visit to Japan in over a decade", r"first (?:official )?visit"),
    ("context: Abe's pledge to resolve the dispute, his father's legacy", r"legacy|pledged to resolve"),
]


def check(words: int) -> dict:
    result = brief_inputs([str(SEED)], Settings().with_budget(words=words))
    texts = [s.text for s in result.sentences]
    whole = " ".join(texts)
    found = [name for name, pattern in FACTS if re.search(pattern, whole)]
    order = list(range(len(texts)))
    known = full_names(a.text for a in result.articles)
    by_id = {a.id: a.text for a in result.articles}
    needs = {i: definite_needs(s.text, [(by_id[source.article], source.start) for source in s.sources])
             for i, s in enumerate(result.sentences)}
    gaps = missing(order, dict(enumerate(texts)), known, needs)
    return {
        "words": result.words,
        "texts": texts,
        "facts": found,
        "outcome_leads": bool(texts) and texts[0].startswith(OUTCOME),
        "unintroduced": sum(bool(g) for g in gaps),
        "repeated": len(Repeats(s.text for i, a in enumerate(result.articles) for s in split_article(i, a.text))
                        .repeated(order, dict(enumerate(texts)))),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print the briefs too")
    args = parser.parse_args(argv)
    if not SEED.is_dir():
        print(f"no seed cluster at {SEED}", file=sys.stderr)
        return 1
    print(f"| budget | words | facts (of {len(FACTS)}) | outcome leads | unintroduced references | facts repeated | missing |")
    print("|---|---|---|---|---|---|---|")
    shown = []
    for words in BUDGETS:
        row = check(words)
        absent = [name.split(":")[0] + ": " + name.split(":")[1].strip()[:40] for name, _ in FACTS if name not in row["facts"]]
        print(f"| {words} | {row['words']} | {len(row['facts'])} | {'yes' if row['outcome_leads'] else 'no'} "
              f"| {row['unintroduced']} | {row['repeated']} | {'; '.join(absent)} |")
        shown.append((words, row["texts"]))
    if args.show:
        for words, texts in shown:
            print(f"\n{words} words:\n" + "\n".join(texts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
