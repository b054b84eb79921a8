"""One settings object for the whole pipeline, instead of long keyword lists (as trafilatura does)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import UsageError


@dataclass(frozen=True)
class Budget:
    """A hard length limit on the brief. Exactly one of the three is set."""

    words: int | None = None
    sentences: int | None = None
    chars: int | None = None

    @classmethod
    def of(cls, words: int | None = None, sentences: int | None = None, chars: int | None = None) -> "Budget":
        given = [v for v in (words, sentences, chars) if v is not None]
        if len(given) > 1:
            raise UsageError("give only one of words, sentences or chars")
        if any(v <= 0 for v in given):
            raise UsageError("the length budget must be a positive number")
        if not given:
            return cls(words=150)
        return cls(words=words, sentences=sentences, chars=chars)

    def cost(self, text: str) -> int:
        """How much of the budget one sentence uses (chars include the joining space)."""
        if self.words is not None:
            return len(text.split())
        if self.sentences is not None:
            return 1
        return len(text) + 1

    @property
    def limit(self) -> int:
        if self.words is not None:
            return self.words
        if self.sentences is not None:
            return self.sentences
        # the first sentence has no joining space in front of it
        return self.chars + 1  # type: ignore[operator]


@dataclass(frozen=True)
class Settings:
    budget: Budget = Budget(words=150)
    method: str = "wirebrief"  # a name from wirebrief.selectors.METHODS
    # reading
    max_file_bytes: int = 5_000_000
    # sentences shorter than this, or without final punctuation, are not brief material
    min_sentence_words: int = 5
    max_sentence_words: int = 80
    # leave out sentences that open with a pronoun or an unattributed quotation (see split.stands_alone)
    standalone_sentences: bool = True
    # wire matching: LSH candidates on token sets, confirmed by normalised edit similarity
    wire_lsh_threshold: float = 0.4
    wire_num_perm: int = 64
    wire_min_similarity: float = 0.75
    # redundancy: a candidate this similar (TF-IDF cosine) to a chosen sentence is not taken
    redundancy_threshold: float = 0.5
    mmr_lambda: float = 0.7

    def with_budget(self, words: int | None = None, sentences: int | None = None, chars: int | None = None) -> "Settings":
        return replace(self, budget=Budget.of(words=words, sentences=sentences, chars=chars))
