"""Names are introduced before their short forms: "Shinzo Abe" before "Abe".

Cheap rules on cased text (lower-cased text such as Multi-News' has no names to find this way):

  full name   a run of two or more capitalised words ("Prime Minister Shinzo Abe", "Sergei Lavrov")
  short form  one capitalised word, not part of a longer run, that is the last word of a full name found
              anywhere in the cluster's articles and that the articles use for someone who speaks or is
              addressed ("Lavrov said", "Mr. Lavrov"): places and things ("London", "Bronx") do not qualify

A brief sentence that uses a short form no earlier brief sentence (nor the same sentence, before it) introduced
leaves the reader asking who that is. `unintroduced` finds them; `wirebrief.compose.references.introduce_first` reorders
the brief so that an introducing sentence comes before the uses, and reports the sentences whose short forms
nothing in the brief introduces, for the caller to replace. spaCy's small English NER would also tag organisations and catch names at
the start of a sentence more precisely, but costs a model load and several milliseconds per cluster; the rules
above catch the case the issue shows (a surname before the full name) at no measurable cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexical import STOP_WORDS

# a capitalised word: "Abe", "O'Neill", "Al-Assad"; not all-caps acronyms of one letter
_CAPITALISED = r"(?:(?:al|el)-)?[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*"  # "al-Bashir" is Bashir's full form too
_RUN = re.compile(rf"\b{_CAPITALISED}(?:\s+(?:[A-Z]\.\s+)?{_CAPITALISED})+\b")  # "George W. Bush" too
_WORD = re.compile(rf"\b{_CAPITALISED}\b")
# a word used for a person: "Lavrov said", "Graves told", "Mr. Sullivan", "Ms Clywd"
_PERSON = re.compile(
    rf"\b({_CAPITALISED})\s*,?\s+(?:said|says|told|tells|added|wrote|writes|explained|noted|argued|insisted)\b"
    rf"|\b(?:Mr|Mrs|Ms|Dr)\.?\s+({_CAPITALISED})\b"
)
# capitalised words that end a run without being a surname ("the White House", "last Thursday")
_NOT_SURNAMES = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December House Senate Street Road Avenue Party Council Court Ministry Department
    Agency Office Committee Union Nations States Kingdom Republic Island Islands Sea Ocean River Mountain Park
    University College School Hospital Church Minister President Secretary General Governor Mayor Police Army
    Navy Force Forces Times Post News Press Journal Service Group Company Bank Fund War Day Year Cup League""".split()
)


def full_names(texts: Iterable[str]) -> dict[str, set[str]]:
    """Surname -> the runs of capitalised words ending in it, over `texts`: the names a brief must introduce.

    A surname is the last word of a run whose word before it looks like a given name (never used on its own in
    the articles, not a title) and that the articles use for a person: with an honorific ("Mr. Lavrov"), or
    saying something ("Lavrov said") after a given name ("Sergei Lavrov")."""
    texts = list(texts)
    names: dict[str, set[str]] = {}
    alone: set[str] = set()
    honoured: set[str] = set()
    speaking: set[str] = set()
    for text in texts:
        runs = [(m.start(), m.end()) for m in _RUN.finditer(text)]
        for run in _RUN.finditer(text):
            words = [_surname(w) for w in run.group().split() if not w.endswith(".")]
            if words[-1] not in _NOT_SURNAMES:
                names.setdefault(words[-1], set()).add(" ".join(words[-2:]))
        alone.update(_surname(m.group()) for m in _WORD.finditer(text) if not any(a <= m.start() < b for a, b in runs))
        for match in _PERSON.finditer(text):
            if match.group(2):
                honoured.add(_surname(match.group(2)))
            else:
                speaking.add(_surname(match.group(1)))
    people = {}
    for word, runs in names.items():
        # "The Dutch", "Most Dutch": a function word opening a sentence is not a given name
        given = {first for first in (run.split()[0] for run in runs)
                 if first not in alone and first not in _TITLES and first.lower() not in STOP_WORDS}
        if word in honoured or (word in speaking and given):
            people[word] = runs
    return people


# words before a surname that are not given names
_TITLES = frozenset(
    """President Prime Minister Secretary Gen General Sen Senator Rep Representative Gov Governor Mayor Judge
    Justice Chancellor King Queen Prince Princess Pope Officer Officers Sgt Lt Col Capt Chief Director Coach
    Professor Prof Dr Mr Mrs Ms Sir Lord Lady Saint St Father Rev Archbishop Bishop Sheikh Ayatollah""".split()
)


def short_forms(text: str, known: dict[str, set[str]]) -> list[tuple[int, str]]:
    """(position, word) of each short form in `text`: a lone capitalised word that ends a known full name."""
    runs = [(m.start(), m.end()) for m in _RUN.finditer(text)]
    found = []
    for match in _WORD.finditer(text):
        word = _surname(match.group())
        if word in known and not any(a <= match.start() < b for a, b in runs):
            found.append((match.start(), word))
    return found


def _surname(word: str) -> str:
    return word[3:] if word[:3] in ("al-", "el-") else word


def introduces(text: str) -> set[str]:
    """The short forms a sentence introduces: the last words of its full names."""
    return {_surname(run.group().split()[-1]) for run in _RUN.finditer(text)}


def unintroduced(sentences: list[str], known: dict[str, set[str]]) -> list[set[str]]:
    """For each brief sentence, the short forms it uses that no earlier sentence (or earlier in it) introduced."""
    introduced: set[str] = set()
    result = []
    for text in sentences:
        missing = set()
        runs = list(_RUN.finditer(text))
        for position, word in short_forms(text, known):
            before = {_surname(r.group().split()[-1]) for r in runs if r.end() <= position}
            if word not in introduced and word not in before:
                missing.add(word)
        result.append(missing)
        introduced |= introduces(text)
    return result
