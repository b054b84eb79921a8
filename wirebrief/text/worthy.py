"""Is a sentence brief-worthy? One decision for every method and every front door.

A brief sentence is read without its neighbours and is credited to every outlet that carries it, so it must be
news, whole, and stand alone. `verdict` says why a sentence is not brief material, or None when it is:

  clutter    page furniture: what `clutter.is_clutter` says (learned from Multi-News train, plus the rules)
  fragment   not a whole sentence: no final punctuation, unbalanced quotation marks or brackets, or opening
             in lower case (a piece of a sentence the splitter cut off), or a question
  dangling   leans on the sentence before it: an opening pronoun or connective ("He", "It", "This",
             "Instead", "Meanwhile"), people nobody in it names ("Some will not be returning."), a short
             sentence about "it" ("Everyone has a stake in it."), or a quotation with nobody saying it
  length     shorter than `min_sentence_words` or longer than `max_sentence_words`

`repair` comes first: an opening "But", "And", "So", "Yet" or "However," is dropped (the sentence then reads on
its own unless the next word leans back too), and its first letter is capitalised. The repaired sentence's
[start, end) span covers exactly the words shown; only the case of the first letter may differ from the
source text. Pieces of a quotation that runs over several sentences are joined by the splitter
(`split.join_quotations`), so the whole quotation is one candidate.

`eligible` applies the verdict to every unit of a cluster, before any selection method runs (score.Features).
"""

from __future__ import annotations

import re
from collections import Counter

from ..settings import Settings
from ..types import Sentence, Unit
from .clutter import is_clutter
from .lexical import keeps_case
from .trim import delete

CLUTTER, FRAGMENT, DANGLING, LENGTH = "clutter", "fragment", "dangling", "length"
REASONS = (CLUTTER, FRAGMENT, DANGLING, LENGTH)
DESCRIPTIONS = {
    CLUTTER: "page clutter",
    FRAGMENT: "not a whole sentence",
    DANGLING: "leans on an earlier sentence",
    LENGTH: "too short or too long",
}

# final punctuation, then closing quotes or brackets, possibly tokenizer-spaced as in Multi-News, DUC and TAC
# ('he said . "' and "done. ''"): a fifth of Multi-News sentences end that way
ENDS_LIKE_SENTENCE = re.compile(r"[.!?](?:\s?(?:[\"'”’)\]]|''))*$")
# a teaser the page cut off: "Starbucks has been working to...", "... by law..."
CUT_OFF = re.compile(r"\w(?:\.\.\.|…)$")
ENDS_AS_QUESTION = re.compile(r"\?(?:\s?(?:[\"'”’)\]]|''))*$")
_OPENING_MARKS = "\"'“‘`([ "
# connectives whose loss does not change what the sentence reports; dropped rather than the sentence
REPAIRABLE_OPENING = re.compile(r"(?:but|and|so|yet|however\s*,)\s+(?=[\w\"“'‘`(])", re.IGNORECASE)
# openings that refer back: pronouns and connectives that need the previous sentence...
_POINTS_BACK = (
    "he|she|it|they|him|them|his|her|its|their|such|then|instead|meanwhile|still|also|besides|moreover|furthermore"
    "|nevertheless|nonetheless|thus|therefore|hence|otherwise|likewise|similarly|however|but|and|so|yet|or|nor"
    "|as\\s+a\\s+result|in\\s+other\\s+words|on\\s+the\\s+other\\s+hand|after\\s+all|even\\s+so|in\\s+turn"
)
# ... unless the pronoun points forward: "It is unclear whether ...", "It was not immediately known ..."
_POINTS_FORWARD = (
    r"\s+(?:is|was|has\s+been|had\s+been|remains|remained|seems|seemed)\s+(?:not\s+)?(?:yet\s+)?"
    r"(?:immediately\s+|still\s+|now\s+|also\s+)?(?:clear|unclear|known|unknown|likely|unlikely|possible"
    r"|impossible|expected|believed|thought|estimated|reported|illegal|legal|hard|difficult|easy|rare|common"
    r"|important|time)\b"
)
DANGLING_OPENING = re.compile(
    rf"(?:{_POINTS_BACK})\b(?!{_POINTS_FORWARD})"
    # "this decision", "that man"; but "This week, ..." is a time, not a reference
    r"|(?:this|that|these|those)\b(?!\s+(?:year|years|week|weeks|month|months|morning|afternoon|evening|weekend"
    r"|summer|winter|spring|fall|autumn|season|days)\b)"
    r"|both(?=\s+(?:have|had|are|were|will|would|can|could|said|say|says|agreed|also|sides|men|leaders)\b)"
    # "Most of them are soldiers": a share of people or things named before
    r"|(?:most|many|some|all|none|each|few|several|half|one|two|both|either|neither|any)\s+of\s+(?:them|these|those|whom)\b"
    # "Some will not be returning.", "Everyone has a stake in it.": people or things nobody in the sentence names
    r"|(?:some|many|most|few|others|all|none|everyone|everybody|nobody|no\s+one)\s+(?:will|would|won't|are|were|have"
    r"|has|had|is|was|can|could|may|might|must|should|say|said|says|believe|think|do|did|does)\b"
    # "There, he said, ..." points back; existential "There are hopes ..." stands alone
    r"|there\b(?!\s+(?:is|are|was|were|has|have|had|will|would|could|may|might|seems?|appears?|remains?)\b)",
    re.IGNORECASE,
)
# a place named only in an earlier sentence: "... people living there.", "... arrived here on Monday."
ENDS_POINTING_BACK = re.compile(r"\b(?:there|here)(?:\s+(?:now|today|yet|again|too|either))?\s*[.!?](?:\s?(?:[\"'”’)\]]|''))*$", re.IGNORECASE)
# a short sentence about "it" or "them" is about what the sentence before it named: "Everyone has a stake in it."
SHORT_ABOUT_IT = re.compile(r"\b(?:it|them|this|that|these|those)\s*[.!?](?:\s?(?:[\"'”’)\]]|''))*$", re.IGNORECASE)
SHORT_WORDS = 8
OPENS_WITH_QUOTE = re.compile(r"\s*(?:[\"“”]|''|``)")
NAMES_A_SPEAKER = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|according|asked|wrote|writes|stated|explained|noted|insisted"
    r"|declared|warned|argued|recalled|continued|tweeted|posted)\b",
    re.IGNORECASE,
)
_PAIRS = (("“", "”"), ("(", ")"), ("[", "]"))


def _first_word_start(text: str) -> int:
    """Index of the first character after opening quotation marks and brackets."""
    index = 0
    while index < len(text) and text[index] in _OPENING_MARKS:
        index += 1
    return index


def unbalanced(text: str) -> bool:
    """Quotation marks or brackets that open without closing, or close without opening."""
    # straight quotes, and DUC/TAC's `` and '' (which also open with '' at times), pair up by parity
    if text.count('"') % 2 or (text.count("``") + text.count("''")) % 2:
        return True
    return any(text.count(left) != text.count(right) for left, right in _PAIRS)


def is_fragment(text: str) -> bool:
    if not ENDS_LIKE_SENTENCE.search(text) or ENDS_AS_QUESTION.search(text) or unbalanced(text):
        return True
    if CUT_OFF.search(text):
        return True
    # a lower-case opening marks a piece of a sentence only in cased text: Multi-News is lower-cased and
    # re-capitalised by its own splitter, so a whole sentence there often opens in lower case
    first = text[_first_word_start(text) : _first_word_start(text) + 1]
    return first.isalpha() and first.islower() and keeps_case(text)


def is_dangling(text: str) -> bool:
    if opens_with_reference(text) or ENDS_POINTING_BACK.search(text):
        return True
    if len(text.split()) <= SHORT_WORDS and SHORT_ABOUT_IT.search(text):
        return True
    return bool(OPENS_WITH_QUOTE.match(text)) and not NAMES_A_SPEAKER.search(text)


def opens_with_reference(text: str) -> bool:
    """The first word points back at an earlier sentence (a pronoun or a connective)."""
    return bool(DANGLING_OPENING.match(text, _first_word_start(text)))


def verdict(text: str, settings: Settings) -> str | None:
    """Why `text` is not brief material (one of REASONS), or None when it is."""
    words = len(text.split())
    if is_clutter(text):
        return CLUTTER
    if not settings.min_sentence_words <= words <= settings.max_sentence_words:
        return LENGTH
    if is_fragment(text):
        return FRAGMENT
    if settings.standalone_sentences and is_dangling(text):
        return DANGLING
    return None


def repair(sentence: Sentence) -> Sentence:
    """Drop an opening connective ("But a deal ..." -> "A deal ..."); the span moves to the words kept and the first
    letter is capitalised. (Page furniture glued to the front goes before, in wirebrief.text.trim.)"""
    match = REPAIRABLE_OPENING.match(sentence.text)
    if match and len(sentence.text) - match.end() >= 2:
        return delete(sentence, [(0, match.end())])
    return sentence


def eligible(units: list[Unit], settings: Settings) -> list[str | None]:
    """Each unit's verdict (None: may appear in a brief), judged on the sentence a brief would show."""
    return [verdict(unit.text, settings) for unit in units]


def explain(verdicts: list[str | None]) -> str:
    """Why no sentence could be briefed, for the warning: 'every sentence failed the brief rules: 3 page
    clutter, 2 not a whole sentence'."""
    counts = Counter(v for v in verdicts if v is not None)
    parts = [f"{counts[reason]} {DESCRIPTIONS[reason]}" for reason in REASONS if counts[reason]]
    return "no sentence is fit for a brief (" + ", ".join(parts) + ")"
