"""Systems under evaluation: wirebrief's methods on its own pipeline, and external peers through their own code.

Every system starts from the same raw documents and goes through the same reading, cleaning and splitting;
each returns its brief as a list of sentences, which the harness truncates to the word budget before scoring.
Peers (the `eval` extra) are fed the sentences wirebrief's pipeline produced, so that differences come from
selection alone.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import replace

from ..errors import UsageError
from ..methods import METHODS
from ..pipeline import summarize
from ..settings import Settings
from ..types import Cluster

Summarize = Callable[[Cluster, Settings], list[str]]

SUMY_PEERS = {
    "sumy-lexrank": "sumy.summarizers.lex_rank:LexRankSummarizer",
    "sumy-textrank": "sumy.summarizers.text_rank:TextRankSummarizer",
    "sumy-lsa": "sumy.summarizers.lsa:LsaSummarizer",
}


def wirebrief_method(name: str) -> Summarize:
    def run(cluster: Cluster, settings: Settings) -> list[str]:
        return [s.text for s in summarize(cluster, replace(settings, method=name))]

    return run


class _WordTokenizer:
    """sumy's own tokenizer needs NLTK punkt data, which cannot be downloaded here; words are all it needs."""

    language = "english"
    _word = re.compile(r"\w+(?:'\w+)?")

    def to_words(self, text: str) -> list[str]:
        return self._word.findall(text)

    def to_sentences(self, text: str) -> list[str]:  # pragma: no cover - documents are built from sentences
        return [text]


def sumy_peer(name: str) -> Summarize:
    from importlib import import_module

    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    # sumy's LSA warns on every short cluster ("Number of words ... is lower than number of sentences")
    warnings.filterwarnings("ignore", category=UserWarning, module="sumy")
    module, cls = SUMY_PEERS[name].split(":")
    summarizer = getattr(import_module(module), cls)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _WordTokenizer()

    def run(cluster: Cluster, settings: Settings) -> list[str]:
        paragraphs: dict[int, list] = {}
        for sentence in cluster.sentences:
            paragraphs.setdefault(sentence.article, []).append(Sentence(sentence.text, tokenizer))
        document = ObjectDocumentModel([Paragraph(p) for _, p in sorted(paragraphs.items())])
        budget = settings.budget

        def fill_budget(ranked):
            # sumy hands its rating-sorted sentences to a callable count: take them until the budget is full
            remaining, chosen = budget.limit, []
            for info in ranked:
                cost = budget.cost(str(info.sentence))
                if cost <= remaining:
                    chosen.append(info)
                    remaining -= cost
            return chosen

        return [str(s) for s in summarizer(document, fill_budget)]

    return run


def get_system(name: str) -> Summarize:
    if name in METHODS:
        return wirebrief_method(name)
    if name in SUMY_PEERS:
        try:
            return sumy_peer(name)
        except ImportError as error:
            raise UsageError(f"{name} needs the eval extra: pip install 'wirebrief[eval]' ({error})") from None
    known = ", ".join([*sorted(METHODS), *SUMY_PEERS])
    raise UsageError(f"unknown system '{name}' (known: {known})")
