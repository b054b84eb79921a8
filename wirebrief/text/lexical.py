"""Words and word statistics shared by the summarizer (wirebrief.select.features) and story clustering (wirebrief.stories).

One tokeniser, one stop list, one stemmer, and the loaders of the statistics that wirebrief.train ships in
wirebrief/models. ROUGE tokenises and stems its own way, as rouge-score does (wirebrief.evaluate.rouge).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..resources import SHIPPED_MODELS

WORD = re.compile(r"[a-z0-9]+")
# function words, plus reporting verbs that every news sentence carries; they say nothing about the story
STOP_WORDS = frozenset(
    """a about above after again against all also am among an and any are around as at be because been before
    being below between both but by can could did do does doing down during each either even ever every few for
    from further had has have having he her here hers herself him himself his how however i if in into is it its
    itself just like many may me might more most much must my myself no nor not now of off on once one only or
    other others our ours ourselves out over own per same she should since so some such than that the their
    theirs them themselves then there these they this those though through thus to too under until up upon us
    very was we were what when where whether which while who whom whose why will with within without would yet
    you your yours yourself yourselves s t d ll m re ve said says say told according also just new""".split()
)
# a capitalised word that does not follow sentence punctuation: text that keeps its case (names are capitalised),
# where Multi-News is lower-cased and re-capitalised only after full stops
_CAPITAL_INSIDE = re.compile(r"[^.!?\s]\s+[A-Z][a-z]")


def keeps_case(text: str) -> bool:
    """Whether `text` is cased as written, rather than lower-cased by its source."""
    return _CAPITAL_INSIDE.search(text) is not None


# distinct words whose stems are remembered: more than the vocabulary of a day of news, a few tens of MB at most
STEM_MEMO = 2**18


@lru_cache(maxsize=1)
def _porter():
    # the original Porter algorithm, in snowballstemmer (PyStemmer's C code when that is installed): imported in
    # 20 ms, where NLTK's takes over a second. NLTK's PorterStemmer in its default mode stems a few words otherwise
    # ("dying": "die", here "dy"), and Porter2 (snowball "english") many more ("news", "generously")
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


@lru_cache(maxsize=STEM_MEMO)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word; a word that starts with a digit is kept as written ("1990s")."""
    return word if word[:1].isdigit() else _porter().stemWord(word)


BACKGROUND_IDF_FILE = SHIPPED_MODELS / "idf.json"
BOILERPLATE_FILE = SHIPPED_MODELS / "boilerplate.json"


@lru_cache(maxsize=4)
def load_boilerplate(path: str | None = None) -> frozenset[str]:
    """Word-token strings of page furniture that recurs across unrelated training clusters (wirebrief.train)."""
    file = Path(path) if path else BOILERPLATE_FILE
    if not file.is_file():
        return frozenset()
    return frozenset(json.loads(file.read_text(encoding="utf-8"))["sentences"])


@dataclass(frozen=True)
class Background:
    """Word statistics of the training articles (wirebrief.train): IDF, and the copy rate, the share of clusters
    using a word whose reference summary uses it too. Unseen words get `unseen` and `copy_prior`."""

    table: dict  # word -> (idf, copy rate)
    unseen: float
    copy_prior: float

    @classmethod
    def from_json(cls, data: dict) -> "Background":
        copy = data.get("copy") or [float(data.get("copy_prior", 0.0))] * len(data["words"])
        table = dict(zip(data["words"], zip(data["idf"], copy)))
        return cls(table, float(data["unseen"]), float(data.get("copy_prior", 0.0)))


def load_background_idf(path: str | None = None) -> Background | None:
    """Background statistics from a JSON file written by wirebrief.train; None if there is none."""
    # one cache entry per file however it is named (None and the shipped file's path were read twice, 0.1 s)
    return _background_at(os.path.abspath(path or BACKGROUND_IDF_FILE))


@lru_cache(maxsize=4)
def _background_at(path: str) -> Background | None:
    file = Path(path)
    if not file.is_file():
        return None
    return Background.from_json(json.loads(file.read_text(encoding="utf-8")))
