"""Page clutter at sentence level: cookie and consent notices, newsletter and app promotions, social-media
widgets, photo credits, web-archive notes. One filter for `brief`, `batch`, `eval`, the library, the API and
`ingest` (stories), so that clutter is neither briefed nor credited as corroboration, nor clustered on.

Two kinds of evidence, both read once and cached:

  learned  sentences, and word 8-grams, that recur in many *unrelated* clusters of Multi-News train and never in
           a reference summary (`python -m wirebrief.text.clutter --data .../train.jsonl.gz` writes
           models/clutter.json); plus models/boilerplate.json, whole sentences that recur in five or more
           training clusters (written by `wirebrief train`)
  rules    what recurs in wording rather than in exact words: text that addresses the reader about the web
           page ("you can add location information to your tweets"), imperative page furniture ("Click
           here ...", "Subscribe ..."), agency photo credits ("( photo: getty )", "reuters/jane doe")

A sentence is matched by its lower-cased word tokens (`words_key`), so tokenizer spacing and case do not matter.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path

from .lexical import BOILERPLATE_FILE, WORD

CLUTTER_FILE = Path(__file__).parents[1] / "models" / "clutter.json"
SHINGLE = 8  # words: long enough that two unrelated news stories do not share one by chance

# the reader addressed about the page, the site or the device ("... to your Tweets", "your browser ...")
_READER = re.compile(r"\b(?:you|your|you're|you've)\b", re.IGNORECASE)
_WEB = re.compile(
    r"\b(?:tweets?|twitter|facebook|instagram|browser|javascript|cookies?|inbox|e-?mails?|newsletters?|subscri\w*"
    r"|sign(?:ed|ing)?\s+(?:up|in)|log(?:ged|ging)?\s+in|accounts?|apps?|notifications?|click\w*|tap|download\w*"
    r"|website|site|webpage|page|ad\s*-?blocker|ads|advertis\w*|comments?|video|legacy|settings|device|cache)\b",
    re.IGNORECASE,
)
# imperatives and labels of page furniture at the start of a sentence
_FURNITURE_OPENINGS = (
    r"(?:click|tap|subscribe|sign\s+up|follow\s+(?:us|@)|share\s+(?:this|on)|read\s+more|continue\s+reading|download"
    r"|get\s+(?:the\s+[\w&;\s]+\s+app|daily|breaking|push|our|the\s+latest)|see\s+it\s*:|take\s+our\s+poll"
    r"|advertisement|sponsored|skip\s+(?:to|in)|log\s+in|register\s+(?:now|for)|watch\s*:|video\s*:"
    r"|(?:photo|image|picture|credit)s?\s*(?::|by\b)|published\s+on\s+\w+\s+\d|media\s+playback|close\s+\w"
    r"|be\s+the\s+first\s+to\s+know|would\s+you\s+like\s+to|(?:image|media)\s+caption"
    r"|updated\s*:?\s*(?:\w+day,?\s+)?\d{1,2}\s*:\s*\d\d)"
)
_FURNITURE_START = re.compile(_FURNITURE_OPENINGS, re.IGNORECASE)
# the same openings after any possible sentence break, for the whole-text test `may_contain`
_FURNITURE_START_IN_TEXT = re.compile(r"(?:^|[.!?\n])[\s\"'“‘`(\[]*" + _FURNITURE_OPENINGS, re.IGNORECASE)
_FURNITURE_ANYWHERE = re.compile(
    r"\b(?:media\s+playback\s+is\s+unsupported|your\s+browser\s+does\s+not|javascript|all\s+rights\s+reserved"
    r"|this\s+material\s+may\s+not\s+be\s+published|we\s+use\s+cookies|cookie\s+policy|privacy\s+policy"
    r"|terms\s+of\s+(?:use|service)|contributed\s+to\s+this\s+report|check\s+back\s+(?:soon|later)"
    r"|we\s*'?\s*ll\s+have\s+more|will\s+update\s+this\s+(?:story|post|article)|this\s+(?:story|post|article)\s+(?:has\s+been|was|will\s+be)"
    r"\s+updated|we\s+have\s+reached\s+out|delivered\s+(?:weekday|every|daily)|getty\s+images|ap\s+photo"
    r"|afp\s+photo|reuters\s*/\s*\w|/\s*reuters\b|/\s*getty\b|shutterstock|istockphoto)"
    r"|[(\[]\s*(?:photo|image|picture|video|credit)s?\s*:|©",
    re.IGNORECASE,
)
_QUOTED_SPEAKER = re.compile(r"[\"“”]|``|''")


def words_key(text: str) -> str:
    """A sentence's lower-cased word tokens joined by spaces: how the learned lists name a sentence."""
    return " ".join(WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def learned() -> tuple[frozenset[str], frozenset[str]]:
    """(whole sentences, 8-word shingles) of clutter, from models/clutter.json and models/boilerplate.json."""
    sentences: set[str] = set()
    shingles: set[str] = set()
    for file in (BOILERPLATE_FILE, CLUTTER_FILE):
        if file.is_file():
            data = json.loads(file.read_text(encoding="utf-8"))
            sentences.update(data.get("sentences", []))
            shingles.update(data.get("shingles", []))
    return frozenset(sentences), frozenset(shingles)


def _shingles(words: list[str]) -> list[str]:
    return [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def is_clutter(text: str) -> bool:
    """Page furniture rather than reporting."""
    if _FURNITURE_START.match(text.lstrip("\"'“‘`([ ")) or _FURNITURE_ANYWHERE.search(text):
        return True
    if _READER.search(text) and _WEB.search(text) and not _QUOTED_SPEAKER.search(text):
        return True
    sentences, shingles = learned()
    words = WORD.findall(text.lower())
    if " ".join(words) in sentences:
        return True
    return bool(shingles) and any(s in shingles for s in _shingles(words))


def may_contain(text: str) -> bool:
    """A cheap test on a whole text: False when no sentence of it can be clutter by the rules or the learned
    shingles (learned whole sentences are left to the caller, which can match them without splitting)."""
    if _FURNITURE_START_IN_TEXT.search(text) or _FURNITURE_ANYWHERE.search(text):
        return True
    if _READER.search(text) and _WEB.search(text):
        return True
    _, shingles = learned()
    return bool(shingles) and any(s in shingles for s in _shingles(WORD.findall(text.lower())))


# --- learning from training clusters -----------------------------------------------------------------------------


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
        said = [g for r in record.references for g in _shingles(WORD.findall(r.lower()))]
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
    said_sentences = {k for k in sentences if np.isin([_hash(g) for g in _shingles(k.split())], news).any()}
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
    from ..pipeline import documents_articles
    from ..settings import Settings
    from .split import split_article

    articles = documents_articles(record.documents, Settings(), "train")
    keys: set[str] = set()
    grams: set[str] = set()
    for index, article in enumerate(articles):
        for sentence in split_article(index, article.text):
            words = WORD.findall(sentence.text.lower())
            if len(words) >= 3:
                keys.add(" ".join(words))
            grams.update(_shingles(words))
    return keys, grams


def main(argv: list[str] | None = None) -> None:
    from ..evaluate.data import EvalCluster, read_clusters

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
