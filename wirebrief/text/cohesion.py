"""Whether articles given as one story look like several unrelated ones (a brief of them would mix stories); if
so, the brief is of the main story and the other articles are reported as skipped (`main_story`).

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
from collections.abc import Callable, Sequence

from ..types import Skipped
from .groups import UnionFind
from .lexical import STOP_WORDS, WORD, load_background_idf

RELATED = 0.08
# below this, no article of another story shares words with the main story's: it is left out of the brief. On
# Multi-News val (first 1,000; its clusters are one story by construction, so every split is a false one) the 20
# clusters split this far apart brief as well without their other pages as with them (ROUGE-1 F1 +0.01, ROUGE-2
# +0.00 over all 1,000); at the 69 split at RELATED, leaving those pages out lost 0.07 ROUGE-1
UNRELATED = 0.02
# pairs are compared, so the check looks at the first this many articles only (a bounded cost for any input)
MAX_CHECKED = 60
HEADLINE_WORDS = 12  # an untitled article skipped as another story is named by its opening words


def _vector(text: str, table: dict, unseen: float) -> dict[str, float]:
    counts = Counter(word for word in WORD.findall(text.lower()) if word not in STOP_WORDS)
    weights = {word: (1.0 + math.log(n)) * table.get(word, (unseen,))[0] for word, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {word: w / norm for word, w in weights.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(word, 0.0) for word, w in small.items())


def _vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    background = load_background_idf()
    table, unseen = (background.table, background.unseen) if background else ({}, 1.0)
    return [_vector(text, table, unseen) for text in texts]


def story_groups(texts: Sequence[str]) -> list[list[int]]:
    """The texts' indices grouped into stories, each group in input order, groups ordered by their first member."""
    return _groups(_vectors(texts))


def _groups(vectors: list[dict[str, float]]) -> list[list[int]]:
    joined = UnionFind(len(vectors))
    for i in range(len(vectors)):
        for j in range(i + 1, len(vectors)):
            if joined.find(i) != joined.find(j) and _cosine(vectors[i], vectors[j]) >= RELATED:
                joined.union(i, j)
    return joined.groups()


def main_story(
    articles: Sequence, worthy_words: Callable[[object], int], max_listed: int = 4
) -> tuple[list, list[Skipped], Skipped | None]:
    """When `articles` (with .id, .text, .title, .path) look like several stories: the articles of the main one,
    each other article as skipped ("another story: <its headline>"), and a warning naming the groups. Otherwise
    the articles as they are. A group counts as a story only when its articles hold brief-worthy sentences
    (`worthy_words` of an article: the words of those; web pages of furniture group together too, and are no
    story); the main story has the most such words, and is briefed alone only when more reports tell it than any
    other and no other article is even loosely related to it (UNRELATED); otherwise all are briefed together,
    with the warning. Articles beyond the first MAX_CHECKED are not compared."""
    articles = list(articles)
    checked = articles[:MAX_CHECKED]
    vectors = _vectors([a.text for a in checked]) if len(checked) >= 2 else []
    groups = _groups(vectors)
    if len(groups) < 2:
        return articles, [], None
    words = [sum(worthy_words(checked[i]) for i in group) for group in groups]
    stories = [group for group, count in zip(groups, words) if count]
    if len(stories) < 2:
        return articles, [], None
    main = groups[max(range(len(groups)), key=lambda g: (words[g], len(groups[g]), -g))]
    others = [i for group in stories if group is not main for i in group]
    related = max(_cosine(vectors[i], vectors[j]) for i in others for j in main)
    if len(main) < 2 or any(len(group) >= len(main) for group in stories if group is not main) or related >= UNRELATED:
        # no story stands out (single pages, as many reports each, or loosely related): all are briefed, with the warning
        return articles, [], _warning(checked, stories, max_listed, None)
    kept = [a for i, a in enumerate(articles) if i not in set(others)]
    skipped = [Skipped(checked[i].path or checked[i].id, f"another story: {_headline(checked[i])}") for i in others]
    return kept, skipped, _warning(checked, stories, max_listed, main)


def _warning(articles: list, stories: list[list[int]], max_listed: int, main: list[int] | None) -> Skipped:
    shown = " | ".join(", ".join(articles[i].id for i in group) for group in stories[:max_listed])
    more = f" | {len(stories) - max_listed} more" if len(stories) > max_listed else ""
    briefed = f"briefed the one of {', '.join(articles[i].id for i in main)}" if main else "briefed together"
    return Skipped("articles", f"they look like {len(stories)} unrelated stories ({shown}{more}); a brief is of one "
                               f"story: {briefed}")


def _headline(article) -> str:
    """The article's title, else its opening words."""
    if article.title:
        return f"“{article.title}”"
    words = article.text.split()
    return "“" + " ".join(words[:HEADLINE_WORDS]) + ("…" if len(words) > HEADLINE_WORDS else "") + "”"
