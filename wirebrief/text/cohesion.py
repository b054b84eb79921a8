"""Whether articles given as one story look like several unrelated ones (a brief of them would mix stories).

Each article is a vector of its content words (lower-cased, stop words left out), weighted by sublinear term
frequency times the word's background IDF (the bundled table, `wirebrief.text.lexical.load_background_idf`), so that
names and rare words decide and newswire vocabulary does not. Two articles are related when their cosine reaches
`RELATED`; groups are the connected components of that relation, so a chain of related reports stays one story.

`RELATED` = 0.08 was chosen on dev sets (clusters of one story, and "mixed" clusters made of two articles each of
two neighbouring clusters): DUC 2003 0/30 one-story clusters flagged, 14/15 mixed caught; TAC 2010 2/46 and
20/23; Multi-News val (first 300) 86/298 flagged (its web-crawled clusters often hold an off-topic page) and
148/149 caught.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ..types import Skipped
from .groups import UnionFind
from .lexical import STOP_WORDS, WORD, load_background_idf

RELATED = 0.08
# pairs are compared, so the check looks at the first this many articles only (a bounded cost for any input)
MAX_CHECKED = 60


def _vector(text: str, table: dict, unseen: float) -> dict[str, float]:
    counts = Counter(word for word in WORD.findall(text.lower()) if word not in STOP_WORDS)
    weights = {word: (1.0 + math.log(n)) * table.get(word, (unseen,))[0] for word, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {word: w / norm for word, w in weights.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(word, 0.0) for word, w in small.items())


def story_groups(texts: Sequence[str]) -> list[list[int]]:
    """The texts' indices grouped into stories, each group in input order, groups ordered by their first member."""
    background = load_background_idf()
    table, unseen = (background.table, background.unseen) if background else ({}, 1.0)
    vectors = [_vector(text, table, unseen) for text in texts]
    joined = UnionFind(len(vectors))
    for i in range(len(vectors)):
        for j in range(i + 1, len(vectors)):
            if joined.find(i) != joined.find(j) and _cosine(vectors[i], vectors[j]) >= RELATED:
                joined.union(i, j)
    return joined.groups()


def mixed_stories_warning(articles: Sequence, max_listed: int = 4) -> Skipped | None:
    """A warning naming the groups when `articles` (with .id and .text) look like more than one story."""
    articles = articles[:MAX_CHECKED]
    if len(articles) < 2:
        return None
    groups = story_groups([a.text for a in articles])
    if len(groups) < 2:
        return None
    shown = " | ".join(", ".join(articles[i].id for i in group) for group in groups[:max_listed])
    more = f" | {len(groups) - max_listed} more" if len(groups) > max_listed else ""
    return Skipped("articles", f"they look like {len(groups)} unrelated stories ({shown}{more}); a brief is of one story")
