"""One fact, said once: a brief sentence that tells again what an earlier brief sentence told.

Selection keeps near-copies apart (a similarity threshold over whole sentences), but two different sentences can
carry the same fact: "A deal to end the dispute over the islands, known in Japan as the Northern Territories and
in Russia as the Southern Kuriles, carries risks for Putin" and "The islands, known in Japan as the Northern
Territories and in Russia as the Southern Kuriles, were seized by Soviet forces". A sentence repeats an earlier
one when

  - both give names to one thing ("known as ..."), with at least `MIN_ALIAS` stems of the names in common: the
    islands' two names, given in three of the seed cluster's sentences;
  - or they share at least `MIN_SHARED` content stems that carry at least `MIN_CONTAINED` of the smaller
    sentence's content, each stem weighted by its background IDF (wirebrief.text.lexical: names and rare words count,
    "said" does not) times its IDF among the cluster's sentences (the story's topic words, in nearly every
    sentence, "hot dog eating contest", say little about whether two sentences tell one fact).

The thresholds were read off the sentence pairs of the briefs of DUC 2003, TAC 2010 (100 words) and the first 300
Multi-News val clusters (230 words): at or above them are mostly facts told twice (a Bahraini activist jailed
for tearing a photo of the king, 16 stems, 0.79; a "millennium camera" to be installed, 7, 0.91; an FDA warning
on painkillers), below them sentences of one topic (the men's and the women's hot-dog titles, 0.37; the Gaza
airport threatened and its security control, 5 stems). Lower thresholds also caught Kaczynski described twice as
the 55-year-old former math instructor (0.48) and the Xishuangbanna reserve doubled (0.45), but cost ROUGE on
Multi-News val (more pairs there were one topic, not one fact: ROUGE-1 F1 -0.06 at 0.45 and 7 stems on the first
300 clusters), and so did a rule for any run of seven content words told twice.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from ..text.lexical import STOP_WORDS, WORD, load_background_idf, stem

MIN_SHARED = 7  # content stems two sentences share
MIN_CONTAINED = 0.5  # the share of the smaller sentence's weighted content they carry
MIN_ALIAS = 3  # or the names they give something ("known as ...") share this many stems: a name given twice


def content(text: str) -> set[str]:
    """The stems of a sentence's content words (no stop words, no bare numbers)."""
    return set(_stems(text))


# "known in Japan as the Northern Territories and in Russia as the Southern Kuriles", "also known as ..."
_ALIAS = re.compile(r"\bknown\s+(?:[^,;()—]{0,30}?\s)?as\s+([^,;()—]{3,100})", re.IGNORECASE)


def _aliases(text: str) -> set[str]:
    """The stems of the names a sentence gives something ("known as the Southern Kurils in Russia")."""
    return {word for match in _ALIAS.finditer(text) for word in _stems(match.group(1))}


def _stems(text: str) -> list[str]:
    return [stem(word) for word in WORD.findall(text.lower()) if word not in STOP_WORDS and not word.isdigit()]




class Repeats:
    """Finds repeated facts among brief sentences, with word weights from the cluster's sentences (`texts`)."""

    def __init__(self, texts: Iterable[str]):
        bags = [content(text) for text in texts]
        self._frequency = Counter(word for bag in bags for word in bag)
        self._count = len(bags)
        self._background = load_background_idf()

    def weight(self, word: str) -> float:
        general = self._background.table.get(word, (self._background.unseen,))[0] if self._background else 1.0
        return general * math.log((1 + self._count) / (1 + self._frequency.get(word, 0)))

    def repeated(self, order: list[int], texts: dict[int, str]) -> set[int]:
        """The sentences of a brief (`order`, its keys into `texts`) that tell again what an earlier one told."""
        kept: list[tuple[dict[str, float], set[str]]] = []
        repeats = set()
        for index in order:
            stems = _stems(texts[index])
            weighted = {word: self.weight(word) for word in stems}
            names = _aliases(texts[index])
            if any(_repeats(weighted, words) or len(names & aliases) >= MIN_ALIAS for words, aliases in kept):
                repeats.add(index)
            else:
                kept.append((weighted, names))
        return repeats


def _repeats(a: dict[str, float], b: dict[str, float]) -> bool:
    shared = a.keys() & b.keys()
    if len(shared) < MIN_SHARED:
        return False
    smaller = min(sum(a.values()), sum(b.values()))
    return smaller > 0 and sum(a[word] for word in shared) >= MIN_CONTAINED * smaller
