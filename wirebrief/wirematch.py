"""Wire matching: group sentences that several articles carry verbatim or nearly so into one Unit.

Candidates come from MinHash LSH (datasketch) over each sentence's set of normalised word tokens, so the cost
grows with the number of sentences, not with its square. Below EXHAUSTIVE_MAX sentences (a typical cluster)
every pair is compared instead: rapidfuzz's vectorised all-pairs comparison is exact and about ten times
cheaper there than building the LSH index (0.2 ms against 2.6 ms on a Multi-News cluster). A pair matches by
one of two string tests (rapidfuzz): a normalised edit similarity (copy with words swapped: "Russia's role" / "Moscow's
role", "Group of Seven" / "G7"), or token subsequence containment (an agency sentence with a clause cut out).
Matched sentences are joined transitively (union-find); a unit is the same content with several sources.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .model import Sentence, Unit
from .settings import Settings

TOKEN = re.compile(r"\w+")
# containment only counts for sentences long enough that sharing most words is no accident
MIN_CONTAINED_TOKENS = 8
CONTAINMENT = 0.9
# measured crossover of all-pairs comparison against LSH, in sentences (see the module docstring)
EXHAUSTIVE_MAX = 400


def normalised_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return TOKEN.findall(text)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller index stays the root, so grouping does not depend on pair order
            self.parent[max(ra, rb)] = min(ra, rb)


@lru_cache(maxsize=8)
def _lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) for a threshold; datasketch finds them by numeric integration, too slow to redo per cluster.

    Weighted against false negatives: a missed pair loses corroboration, a false candidate only costs a check.
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.2, 0.8))
    return lsh.b, lsh.r


def candidate_pairs(token_sets: list[set[str]], settings: Settings) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    bands = _lsh_bands(settings.wire_lsh_threshold, settings.wire_num_perm)
    lsh = MinHashLSH(num_perm=settings.wire_num_perm, params=bands)
    signatures = MinHash.bulk(
        [[t.encode() for t in sorted(tokens)] for tokens in token_sets], num_perm=settings.wire_num_perm
    )
    pairs: set[tuple[int, int]] = set()
    for index, signature in enumerate(signatures):
        if not token_sets[index]:
            continue
        for other in lsh.query(signature):
            pairs.add((other, index))
        lsh.insert(index, signature)
    return pairs


def same_content(a: list[str], b: list[str], min_similarity: float) -> bool:
    from rapidfuzz.distance import Indel, LCSseq

    if Indel.normalized_similarity(" ".join(a), " ".join(b)) >= min_similarity:
        return True
    shorter = min(len(a), len(b))
    return shorter >= MIN_CONTAINED_TOKENS and LCSseq.similarity(a, b) >= CONTAINMENT * shorter


def all_matching_pairs(tokens: list[list[str]], min_similarity: float) -> list[tuple[int, int]]:
    """Every matching pair by exhaustive comparison: the same tests as same_content, vectorised."""
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Indel, LCSseq

    joined = [" ".join(t) for t in tokens]
    similar = process.cdist(joined, joined, scorer=Indel.normalized_similarity, dtype=np.float32)
    common = process.cdist(tokens, tokens, scorer=LCSseq.similarity, dtype=np.int32)
    lengths = np.array([len(t) for t in tokens])
    shorter = np.minimum.outer(lengths, lengths)
    contained = (shorter >= MIN_CONTAINED_TOKENS) & (common >= CONTAINMENT * shorter)
    match = np.triu((similar >= min_similarity) | contained, k=1)
    match &= (lengths > 0)[:, None] & (lengths > 0)[None, :]
    return list(zip(*(axis.tolist() for axis in np.nonzero(match))))


def matching_pairs(tokens: list[list[str]], settings: Settings) -> list[tuple[int, int]]:
    if len(tokens) <= EXHAUSTIVE_MAX:
        return all_matching_pairs(tokens, settings.wire_min_similarity)
    return [
        (i, j)
        for i, j in sorted(candidate_pairs([set(t) for t in tokens], settings))
        if same_content(tokens[i], tokens[j], settings.wire_min_similarity)
    ]


def match_wire(sentences: list[Sentence], settings: Settings) -> list[Unit]:
    """Units in order of their first sentence; each sentence belongs to exactly one unit."""
    tokens = [normalised_tokens(s.text) for s in sentences]
    groups = _UnionFind(len(sentences))
    for i, j in matching_pairs(tokens, settings):
        groups.union(i, j)
    members: dict[int, list[Sentence]] = {}
    for index, sentence in enumerate(sentences):
        members.setdefault(groups.find(index), []).append(sentence)
    return [Unit(sentences=group) for _, group in sorted(members.items())]
