"""References a brief sentence leans on: what it points at must come before it in the brief.

A brief sentence is read after the brief's earlier sentences, not after its source's. Three kinds of reference
need something earlier to point at:

  short name   a surname the brief has not given in full ("Lavrov said ..."; wirebrief.names)
  definite     "the plan", "the sanctions", "the move": a bare definite noun whose source named the thing in an
               earlier sentence ("an eight-point plan Abe proposed in May" ... "progress on the plan"). The brief
               must mention the noun before, or the sentence is out. A noun the source names first in this very
               sentence ("the territorial row") is the sentence's own, and a noun with a modifier or a defining
               phrase after it ("the plan to ...", "the sanctions over Ukraine") says what it is.
  pronoun      "he", "his", "she", "her" with no person named in its sentence ("Turkey has requested his
               extradition."): whoever the brief named last would be read as meant, so such a sentence only
               follows its own source's previous sentence (pipeline.add_continuations), never stands alone. The
               person may come after the pronoun ("Bestowing on him the badge of martyrdom, the Pope honoured
               the cardinal").

`introduce_first` moves a sentence that introduces a short name or a definite noun ahead of the first that uses
it, and reports the sentences nothing in the brief introduces, for the caller to choose without. Cased text
only: lower-cased text (Multi-News) has no names to tell a person from a place, so pronouns there are left as
the dangling-opening rule (wirebrief.text.worthy) leaves them.
"""

from __future__ import annotations

import re

import numpy as np

from ..text.lexical import WORD, stem
from ..text.names import _RUN, _TITLES, introduces, unintroduced
from ..types import Cluster

# "the plan." "the sanctions, ..." "the move was ...": a bare definite noun followed by punctuation or by what
# follows a whole noun phrase (a verb of being or having, a conjunction), not by another noun or a defining phrase
_DEFINITE = re.compile(
    r"\b[Tt]he\s+([a-z]{3,})(?=\s*[,.;:!?)\"”’]|\s+(?:is|are|was|were|has|have|had|will|would|could|can|may"
    r"|might|should|must|and|or|but|if|because|since|while|remains?|remained)\b)"
)
# definite nouns that name something every reader knows without an introduction
_GENERIC = frozenset(
    """world country nation public press media police government economy people time past future present way end
    same first last rest other others weekend day year week month morning afternoon evening night moment internet
    web region area city town state capital market markets industry military army navy war law court courts case
    news story report statement issue matter situation problem question answer truth fact facts idea point""".split()
)
# a pronoun for a person, and what names a person before it in its sentence
_PERSON_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_PERSON_NOUNS = frozenset(
    """man woman boy girl child son daughter father mother husband wife brother sister friend spokesman spokeswoman
    spokesperson official officer leader president minister chairman chief director owner lawyer attorney judge
    suspect victim driver pilot captain player coach actor actress singer author writer founder candidate senator
    head dissident activist organizer organiser cardinal bishop rapper star champion winner lawmaker politician
    governor mayor king queen prince princess pope priest doctor teacher student soldier worker resident
    aide adviser advisor secretary ambassador envoy executive ceo premier chancellor dictator general colonel
    commander manager analyst professor expert diplomat member survivor witness neighbor neighbour""".split()
)
# someone who speaks ("Nogami said", "the head of the party said"), is described ("Putin, who") or addressed
_SPEAKS = re.compile(
    r"\b\w+(?:['’]s)?\s*,?\s+(?:said|says|told|tells|added|wrote|writes|who|whose|has\s+said|had\s+said)\b"
    r"|\b(?:Mr|Mrs|Ms|Dr|Sir|Lady|Lord)\.?\s+[A-Z]"
)
_CASED = re.compile(r"[^.!?\s]\s+[A-Z][a-z]")


def stems(text: str) -> set[str]:
    """The stems of a text's words: what it mentions, for definite references."""
    return {stem(word) for word in WORD.findall(text.lower())}


def definite_references(cluster: Cluster) -> dict[int, set[str]]:
    """Unit index -> the definite nouns it needs introduced (`definite_needs`), for the units that need any."""
    needs = {}
    for index, unit in enumerate(cluster.units):
        found = definite_needs(unit.text, [(cluster.articles[s.article].text, s.start) for s in unit.sentences])
        if found:
            needs[index] = found
    return needs


def definite_needs(text: str, carriers: list[tuple[str, int]]) -> set[str]:
    """Stems of the bare definite nouns `text` uses ("the plan") that every carrier (an article's text, and where
    in it the sentence starts) named in an earlier sentence, and that `text` does not name before the reference."""
    found = set()
    for match in _DEFINITE.finditer(text):
        noun = match.group(1)
        key = stem(noun)
        if noun in _GENERIC or key in stems(text[: match.start()]):
            continue
        if all(key in stems(article[:start]) for article, start in carriers):
            found.add(key)
    return found


def names_a_person(text: str, known: dict[str, set[str]]) -> bool:
    """Whether `text` may name a person: a known surname, a title, an honorific, a person noun, someone who speaks
    ("Nogami said") or is described ("Putin, who ..."), or a run of capitalised words (a full name, or not)."""
    words = re.findall(r"[A-Za-z]+", text)
    if any(word in known or word in _TITLES for word in words):
        return True
    if any(word.lower() in _PERSON_NOUNS or word.lower().rstrip("s") in _PERSON_NOUNS for word in words):
        return True
    # a run of capitalised words may be a full name ("Xu Wenli", whose surname comes first) as well as a place
    return bool(_SPEAKS.search(text)) or any(len(run.group().split()) >= 2 for run in _RUN.finditer(text))


def leaning_pronouns(cluster: Cluster, known: dict[str, set[str]]) -> np.ndarray:
    """A mask over the cluster's units: True where a cased sentence has a person's pronoun and names no person
    ("Turkey has requested his extradition.")."""
    mask = np.zeros(len(cluster.units), dtype=bool)
    # cased articles: lower-cased text (Multi-News) names nobody in capitals, so the rule would take every pronoun
    cased = [bool(_CASED.search(article.text)) for article in cluster.articles]
    for index, unit in enumerate(cluster.units):
        text = unit.text
        if all(cased[s.article] for s in unit.sentences) and _PERSON_PRONOUN.search(text):
            mask[index] = not names_a_person(text, known)
    return mask


def missing(order: list[int], texts: dict[int, str], known: dict[str, set[str]], needs: dict[int, set[str]]) -> list[set[str]]:
    """For each brief sentence in `order`, the short names and definite nouns ("the plan" as "the plan") it uses
    that no earlier sentence introduced."""
    names = unintroduced([texts[i] for i in order], known)
    said: set[str] = set()
    result = []
    for index, short in zip(order, names):
        result.append(short | {f"the {key}" for key in needs.get(index, ()) if key not in said})
        said |= stems(texts[index])
    return result


def _introduces(text: str, reference: str) -> bool:
    if reference.startswith("the "):
        return reference[4:] in stems(text)
    return reference in introduces(text)


def introduce_first(
    order: list[int], texts: dict[int, str], known: dict[str, set[str]], needs: dict[int, set[str]] | None = None
) -> tuple[list[int], dict[int, set[str]]]:
    """Move each sentence that introduces a short name or a definite noun ahead of the first sentence that uses it.

    Returns the new order (the lead stays first unless it is the one that needs an introduction) and, for each
    sentence with references nothing in the brief introduces, those references (definite ones as "the plan").
    """
    needs = needs or {}
    order = list(order)
    for _ in range(len(order)):
        gaps = missing(order, texts, known, needs)
        position = next((p for p, m in enumerate(gaps) if m), None)
        if position is None:
            return order, {}
        reference = sorted(gaps[position])[0]
        later = next((q for q in range(position + 1, len(order)) if _introduces(texts[order[q]], reference)), None)
        if later is None:
            break
        order.insert(position, order.pop(later))
    gaps = missing(order, texts, known, needs)
    return order, {order[p]: m for p, m in enumerate(gaps) if m}


def definite(references: set[str]) -> bool:
    """Whether `references` (from introduce_first) hold a definite noun ("the plan"), not only short names."""
    return any(reference.startswith("the ") for reference in references)
