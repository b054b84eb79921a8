"""Which language an article is in, so that one wirebrief cannot brief is named rather than mangled.

The pipeline is English-specific (sentence splitter, stop words, background IDF, the learned scorer), so an
article in another language is skipped with "unsupported language: ja". Most input is English and is
recognised by its function words without loading a model; anything else goes to py3langid (langid.py's
maintained fork, 97 languages), whose model takes about two seconds to load, once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("en",)

# words that are common in English prose and rare in other languages' (no "a", "in", "on", "so": those are
# words in German, Italian, French or Spanish too)
_ENGLISH = frozenset(
    "the and of to was is that for with said it by his her has have were from this which be are been their "
    "they he she will would not but who".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 3000  # characters: enough for a confident guess, bounded cost for a 2 MB article
_ENGLISH_SHARE = 0.12  # English news prose runs at 0.25-0.35 of its words from _ENGLISH
_CONFIDENT = 0.8  # py3langid's normalised probability needed to call a text not English


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def looks_english(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    return bool(words) and sum(w in _ENGLISH for w in words) >= _ENGLISH_SHARE * len(words)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language when it is confidently known, else None."""
    sample = text[:_SAMPLE]
    if looks_english(sample):
        return "en"
    if not _WORD.search(sample):
        return None
    language, probability = _identifier().classify(sample)
    return language if probability >= _CONFIDENT else None


def unsupported_language(text: str) -> str | None:
    """The code of the text's language when it is confidently one wirebrief does not brief, else None."""
    language = detect_language(text)
    return language if language is not None and language not in SUPPORTED else None
