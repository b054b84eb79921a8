"""Sentence splitting with nupunkt, one paragraph at a time, keeping character spans.

nupunkt was chosen by measurement (benchmarks/splitters.py): on news text it is the most accurate of the
maintained splitters we tried and about 30 times faster than pysbd. Splitting per paragraph keeps a sentence
from running across a paragraph break, which news text marks but rarely punctuates (headings, captions).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..types import Sentence

PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")  # blocks separated by blank lines
# news abbreviations nupunkt's default model lacks (found by benchmarks/splitters.py: "Lt. Gen.", "Cos. said")
NEWS_ABBREVIATIONS = ("lt", "cmdr", "msgr", "cos", "llc", "mg", "reps")
# "its" was missing as a sentence starter, so "made in the U.S. Its parts ..." stayed one sentence
NEWS_SENTENCE_STARTERS = ("its",)
# A "sentence" longer than this (an unpunctuated page, a table flattened to text) is cut into pieces at spaces:
# no brief sentence is this long (Settings.max_sentence_words is 80 words, about 500 characters), and every later
# stage costs at least linear time per sentence, edit similarity quadratic, so pieces keep the cost bounded.
MAX_SENTENCE_CHARS = 1_000
# a title abbreviation, then a word that opens a sentence and never a name: the sentence ends at the title (found
# from the full stop, which is rarer than a word boundary, then the title before it)
_STOP_THEN_OPENING = re.compile(
    r"\.\s+(?=(?:The|He|She|It|They|We|His|Her|Its|Their|This|That|These|Those|But|And|In|On|At|After|Before|When"
    r"|While|If|Since|Some|Many|Most|There)\b)"
)
_TITLE_BEFORE = re.compile(r"\b(?i:sen|rep|gov|gen|lt|col|sgt|capt|cmdr|adm|maj|dr|mr|mrs|ms|prof|rev|st)$")
# a quotation runs over at most this many sentences before we stop looking for its end
MAX_QUOTATION_SENTENCES = 4
# an opening quotation mark the splitter left at the end of the previous sentence (tokenized text: 'girl . "')
_TRAILING_OPENER = re.compile(r'\s+(?:"|“|``)$')
_OPENERS = ('"', "“", "``")
# a closing quotation mark the splitter put at the start of the next sentence ('" cops say ...')
_LEADING_CLOSER = re.compile(r"(?:\"|”|'')(?=\s)")


@lru_cache(maxsize=1)
def _tokenizer():
    import nupunkt  # loads its model on first use; the CLI starts faster without it

    tokenizer = nupunkt.load_default_model()
    tokenizer.add_abbreviations(NEWS_ABBREVIATIONS)
    for word in NEWS_SENTENCE_STARTERS:
        tokenizer._params.add_sent_starter(word)
    tokenizer._params.freeze_sets()
    return tokenizer


def split_article(article: int, text: str, join_quotes: bool = True) -> list[Sentence]:
    """The sentences of one cleaned article, with [start, end) spans into `text`.

    With `join_quotes`, a quotation that runs over several sentences is one sentence (see `join_quotations`).
    """
    tokenizer = _tokenizer()
    sentences: list[Sentence] = []
    for paragraph in PARAGRAPH.finditer(text):
        offset = paragraph.start()
        spans: list[tuple[int, int]] = []
        for _, (start, end) in tokenizer.tokenize_with_spans(paragraph.group()):
            chunk = paragraph.group()[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            begin = offset + start + len(chunk) - len(chunk.lstrip())
            spans.extend((begin + at, begin + at + len(piece)) for at, piece in _pieces(stripped))
        spans = split_after_titles(text, spans)
        if join_quotes:
            spans = join_quotations(text, spans)
        for start, end in spans:
            sentences.append(Sentence(article, len(sentences), start, end, text[start:end]))
    return sentences


def split_after_titles(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split where a title abbreviation ends a sentence: the splitter never breaks after "Sen." or "Gen.", so
    "... by Prime Minister Hun Sen. The party ..." was one sentence; a title is followed by a name, never by "The"."""
    result: list[tuple[int, int]] = []
    for start, end in spans:
        for match in _STOP_THEN_OPENING.finditer(text, start, end):
            if _TITLE_BEFORE.search(text, max(start, match.start() - 6), match.start()):
                result.append((start, match.start() + 1))
                start = match.end()
        result.append((start, end))
    return result


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


def _open_quotes(text: str) -> bool:
    """A quotation opens in `text` and does not close there."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”") or (text.count("``") + text.count("''")) % 2 == 1


def join_quotations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep each quotation in one piece, so that no brief sentence is half a quotation.

    Two repairs, on consecutive sentences of one paragraph: an opening quotation mark stranded at the end of a
    sentence moves to the start of the next one (tokenized text puts 'girl . " i have ...' there), and a
    sentence that opens a quotation is joined with the following ones up to the sentence that closes it
    ('"We are ready. We will talk," he said.'), at most MAX_QUOTATION_SENTENCES in all; a quotation that does
    not close by then is left as it was.
    """
    spans = list(spans)
    for i in range(len(spans)):
        start, end = spans[i]
        if not _open_quotes(text[start:end]):
            continue
        following = spans[i + 1] if i + 1 < len(spans) else None
        closer = _LEADING_CLOSER.match(text, following[0], following[1]) if following else None
        stranded = _TRAILING_OPENER.search(text, start, end)
        if closer and _open_quotes(text[following[0] : following[1]]):
            # 'he said . "' | '" cops say ...': the mark closes this sentence's quotation
            rest = text[closer.end() : following[1]]
            spans[i] = (start, closer.end())
            spans[i + 1] = (following[1] - len(rest.lstrip()), following[1])
        elif stranded:
            # '... girl . "' | 'i have ...': the mark opens the next sentence's quotation (or opens nothing)
            spans[i] = (start, stranded.start())
            if following:
                spans[i + 1] = (stranded.end() - len(stranded.group().strip()), following[1])
    spans = [(a, b) for a, b in spans if b > a]
    joined: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        last = _quotation_end(text, spans, i)
        joined.append((spans[i][0], spans[last][1]))
        i = last + 1
    return joined


def _quotation_end(text: str, spans: list[tuple[int, int]], first: int) -> int:
    """The index of the sentence that closes the quotation sentence `first` opens, or `first` itself when it
    opens none, or the quotation does not close within MAX_QUOTATION_SENTENCES and MAX_SENTENCE_CHARS."""
    start, end = spans[first]
    if not (text.startswith(_OPENERS, start) and _open_quotes(text[start:end])):
        return first
    for last in range(first + 1, min(first + MAX_QUOTATION_SENTENCES, len(spans))):
        if spans[last][1] - start > MAX_SENTENCE_CHARS:
            break
        if not _open_quotes(text[start : spans[last][1]]):
            return last
    return first
