"""ROUGE-1, ROUGE-2 and ROUGE-Lsum via Google's ``rouge-score`` package (0.1.2), stemming on.

What this corresponds to in ROUGE-1.5.5 (``ROUGE-1.5.5.pl -n 2 -m -a``, no ``-s``, default
``-p 0.5``, SPL one-sentence-per-line input), checked against both sources:

* Tokens.  Both lower-case and turn every character outside ``[a-z0-9]`` into a space
  (1.5.5: ``tr/A-Z/a-z/``, ``s/-/ - /``, ``s/[^A-Za-z0-9\\-]/ /`` and then it keeps only tokens
  that start with ``[a-z0-9$]``, which drops the lone ``-``).  On ASCII text the token
  streams are the same.  On other text rouge-score lower-cases with Python's ``str.lower``,
  so the rare characters whose lower case is ASCII (KELVIN SIGN -> ``k``) survive here,
  where 1.5.5 drops them.
* Stopwords are kept (``-s`` is not used).
* Stemming (``-m``).  Both stem only tokens longer than 3 characters.  1.5.5 first looks
  the token up in the WordNet-2.0 exception list (irregular forms, e.g. ``went`` -> ``go``),
  then runs its Porter stemmer.  rouge-score uses NLTK's ``PorterStemmer`` in its default
  NLTK_EXTENSIONS mode with no exception list, so irregular forms do not match and a few
  words stem differently (``dying`` -> ``die``, where the original algorithm gives ``dy``).
* ROUGE-N (``-n 2``).  Both clip n-gram counts: R = hits / reference n-grams,
  P = hits / candidate n-grams, F = 2PR / (P + R), the same as ``-p 0.5`` (1.5.5 rounds P
  and R to 5 decimals before it computes F; nothing is rounded here).
* ROUGE-Lsum is 1.5.5's ROUGE-L: summary-level LCS, the union LCS of each reference
  sentence against all candidate sentences, hits clipped by unigram counts, ties in the
  backtrack broken the same way.  It needs sentence boundaries, which 1.5.5 reads from SPL
  lines: here candidate sentences are joined with newlines and each reference is split
  with nupunkt unless it already has newlines.  rouge-score's plain ``rougeL`` (one LCS over
  the whole text) is a different number and is not used.
* Several references.  ``score`` returns the arithmetic mean of the per-reference P, R and
  F.  That is NOT exactly 1.5.5's ``-f A`` (its default), which pools counts:
  R = sum(hits) / sum(reference counts), P = sum(hits) / (k * candidate count), F from those.
  P is the same either way; pooled R weights each reference by its length, so R and F
  differ a little when references differ in length.  With one reference (Multi-News)
  the two are identical.  There is no jackknifing (1.5.5 dropped it in 1.4) and no
  ``-f B``.
* Length limits.  There is no ``-l``/``-b`` here.  The candidate is cut to the word budget
  by ``truncate_words`` before scoring, which counts whitespace tokens of the raw text the
  way ``-l`` does.  1.5.5 also applies ``-l`` to the references; here references are
  scored in full.
* Averaging and confidence intervals live elsewhere.  A corpus score is the mean of
  per-cluster scores (1.5.5 ``-t 0``).  ``stats.bootstrap_ci`` is our own numpy bootstrap
  that mimics ``-c 95 -r 1000``; it will not reproduce 1.5.5's digits (Perl's RNG,
  interpolated order statistics, and 1.5.5 reports the mean of the resample means as the
  average).

Scores are floats in [0, 1]; formatting as percentages happens in the report code.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import nupunkt

if TYPE_CHECKING:
    from rouge_score.rouge_scorer import RougeScorer

METRICS = ("rouge1", "rouge2", "rougeLsum")


@functools.lru_cache(maxsize=1)
def _scorer() -> RougeScorer:
    # One shared scorer, built on first use.  The import is the slow part (rouge-score
    # pulls in all of NLTK, about 1.5 s), so importing this module stays cheap.
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(list(METRICS), use_stemmer=True)
    # rouge-score stems every token of every call afresh; a memo gives identical scores several times faster
    stemmer = scorer._tokenizer._stemmer
    stemmer.stem = functools.lru_cache(maxsize=200_000)(stemmer.stem)
    return scorer


def tokens(text: str) -> list[str]:
    """The tokens ROUGE counts in ``text``, from rouge-score's own tokenizer (see the module docstring)."""
    return _scorer()._tokenizer.tokenize(text)


def ngram_counts(tokens: Sequence[str], n: int) -> Counter:
    """How often each n-gram (a tuple of ``n`` tokens) occurs in ``tokens``."""
    return Counter(zip(*(tokens[i:] for i in range(n))))


def overlap(candidate: Counter, reference: Counter) -> int:
    """ROUGE-N hits: n-grams the two share, each counted at most as often as the rarer side has it."""
    return sum((candidate & reference).values())


def ngram_f1(candidate: Counter, reference: Counter) -> float:
    """ROUGE-N F1 from n-gram counts, as ``score`` computes it: for a search over many candidate selections
    (wirebrief.train's oracle and tuning) that counts each sentence's n-grams once."""
    hits = overlap(candidate, reference)
    if hits == 0:
        return 0.0
    precision, recall = hits / sum(candidate.values()), hits / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def truncate_words(text: str, words: int) -> str:
    """Keep the first ``words`` whitespace tokens of ``text``.

    Sentences in ``text`` are separated by newlines; the kept sentences stay on their own
    lines (the last one possibly cut short) so ROUGE-Lsum still sees the boundaries.
    """
    if words < 0:
        raise ValueError(f"words must be >= 0, got {words}")
    kept: list[str] = []
    budget = words
    for line in text.split("\n"):
        if budget == 0:
            break
        tokens = line.split()
        if tokens:
            kept.append(" ".join(tokens[:budget]))
            budget -= min(len(tokens), budget)
    return "\n".join(kept)


def _sentence_per_line(reference: str) -> str:
    # A reference that already has line breaks is taken to be one sentence per line.
    if "\n" in reference:
        return reference
    return "\n".join(nupunkt.sent_tokenize(reference))


def score(
    candidate_sentences: Sequence[str], references: Sequence[str]
) -> dict[str, dict[str, float]]:
    """ROUGE of one candidate against one or more references.

    Returns ``{metric: {"p": .., "r": .., "f": ..}}`` for each of ``METRICS``, each value the
    mean over ``references`` of the per-reference score (see the module docstring for how
    that differs from ROUGE-1.5.5's ``-f A``).
    """
    if isinstance(references, str):
        raise TypeError("references must be a sequence of strings, not a string")
    if not references:
        raise ValueError("at least one reference is needed")
    # One sentence per line; a newline inside a sentence would split it for Lsum.
    candidate = "\n".join(" ".join(s.split()) for s in candidate_sentences if s.strip())
    sums = {metric: {"p": 0.0, "r": 0.0, "f": 0.0} for metric in METRICS}
    for reference in references:
        result = _scorer().score(_sentence_per_line(reference), candidate)
        for metric in METRICS:
            sums[metric]["p"] += result[metric].precision
            sums[metric]["r"] += result[metric].recall
            sums[metric]["f"] += result[metric].fmeasure
    n = len(references)
    return {metric: {key: sums[metric][key] / n for key in "prf"} for metric in METRICS}
