"""Sentence splitting with nupunkt, one paragraph at a time, keeping character spans.

nupunkt was chosen by measurement (benchmarks/splitters.py): on news text it is the most accurate of the
maintained splitters we tried and about 30 times faster than pysbd. Splitting per paragraph keeps a sentence
from running across a paragraph break, which news text marks but rarely punctuates (headings, captions).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Sentence

PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")  # blocks separated by blank lines
# a sentence that ends like one: final punctuation, then closing quotes or brackets, possibly tokenizer-spaced
# as in Multi-News, DUC and TAC ('he said . "' and "done. ''"): a fifth of Multi-News sentences end that way
ENDS_LIKE_SENTENCE = re.compile(r"[.!?](?:\s?(?:[\"'”’)\]]|''))*$")
# news abbreviations nupunkt's default model lacks (found by benchmarks/splitters.py: "Lt. Gen.", "Cos. said")
NEWS_ABBREVIATIONS = ("lt", "cmdr", "msgr", "cos", "llc", "mg", "reps")
# "its" was missing as a sentence starter, so "made in the U.S. Its parts ..." stayed one sentence
NEWS_SENTENCE_STARTERS = ("its",)
# A "sentence" longer than this (an unpunctuated page, a table flattened to text) is cut into pieces at spaces:
# no brief sentence is this long (Settings.max_sentence_words is 80 words, about 500 characters), and every later
# stage costs at least linear time per sentence, edit similarity quadratic, so pieces keep the cost bounded.
MAX_SENTENCE_CHARS = 1_000


@lru_cache(maxsize=1)
def _tokenizer():
    import nupunkt  # loads its model on first use; the CLI starts faster without it

    tokenizer = nupunkt.load_default_model()
    tokenizer.add_abbreviations(NEWS_ABBREVIATIONS)
    for word in NEWS_SENTENCE_STARTERS:
        tokenizer._params.add_sent_starter(word)
    tokenizer._params.freeze_sets()
    return tokenizer


def split_article(article: int, text: str) -> list[Sentence]:
    """The sentences of one cleaned article, with [start, end) spans into `text`."""
    tokenizer = _tokenizer()
    sentences: list[Sentence] = []
    for paragraph in PARAGRAPH.finditer(text):
        offset = paragraph.start()
        for _, (start, end) in tokenizer.tokenize_with_spans(paragraph.group()):
            chunk = paragraph.group()[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            begin = offset + start + lead
            for piece_start, piece in _pieces(stripped):
                sentences.append(Sentence(article, len(sentences), begin + piece_start, begin + piece_start + len(piece), piece))
    return sentences


def _pieces(sentence: str) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most MAX_SENTENCE_CHARS, cut at the last space before the limit (or at the
    limit when there is none); a sentence within the limit is its own single piece."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [(0, sentence)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(sentence):
        end = min(start + MAX_SENTENCE_CHARS, len(sentence))
        if end < len(sentence):
            space = sentence.rfind(" ", start + 1, end + 1)
            end = space if space > start else end
        piece = sentence[start:end]
        stripped = piece.strip()
        if stripped:
            pieces.append((start + len(piece) - len(piece.lstrip()), stripped))
        start = end
        while start < len(sentence) and sentence[start].isspace():
            start += 1
    return pieces


# A brief sentence is read out of its context, so it must not lean on the sentence before it: no opening
# pronoun ("They will meet again on Friday.") and no quotation without a speaker. Measured on 400 Multi-News
# val clusters this costs about 0.5 ROUGE-1 (references quote freely); opening connectives ("But ...") and
# pieces of multi-sentence quotations are allowed because excluding them cost 0.3 and 0.9 more.
OPENS_WITH_PRONOUN = re.compile(
    r"^[\"'“‘(]*(?:he|she|they|it|its|this|these|those|there|his|her|their)\b", re.IGNORECASE
)
OPENS_WITH_QUOTE = re.compile(r"^\s*(?:[\"“”]|'')")
NAMES_A_SPEAKER = re.compile(r"\b(?:said|says|say|told|tells|added|according|asked|wrote|writes|stated)\b", re.IGNORECASE)


def stands_alone(text: str) -> bool:
    if OPENS_WITH_PRONOUN.match(text):
        return False
    return not (OPENS_WITH_QUOTE.match(text) and not NAMES_A_SPEAKER.search(text))


def is_brief_material(sentence: Sentence, min_words: int, max_words: int, standalone: bool = True) -> bool:
    """Whole, reasonably sized sentences that read on their own: fragments, run-ons and sentences that need
    their neighbours make poor brief sentences."""
    return (
        min_words <= sentence.words <= max_words
        and bool(ENDS_LIKE_SENTENCE.search(sentence.text))
        and (not standalone or stands_alone(sentence.text))
    )
