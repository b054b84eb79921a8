"""Wire matching: group sentences that several articles carry verbatim or nearly so into one Unit.

Sentences with the same normalised tokens are grouped first (a dictionary, linear time); only one sentence of
each such bucket takes part in the pairwise stage, so ten thousand copies of a sentence cost one. Candidates then
come from MinHash LSH (datasketch signatures, banded here) over each sentence's set of normalised word tokens, so
the cost grows with the number of sentences, not with its square. Below EXHAUSTIVE_MAX sentences (a typical
cluster) every pair is compared instead: rapidfuzz's vectorised all-pairs comparison is exact and about ten times
cheaper there than building the LSH index (0.2 ms against 2.6 ms on a Multi-News cluster). A pair matches by one
of two string tests (rapidfuzz): a normalised edit similarity (copy with words swapped: "Russia's role" /
"Moscow's role", "Group of Seven" / "G7"), or token subsequence containment (an agency sentence with a clause cut
out). Matched sentences are joined transitively (union-find); a unit is the same content with several sources.

Bounded cost by design: both tests are quadratic in sentence length, so sentences over MAX_COMPARED_TOKENS (no
brief sentence is that long) are matched only when identical; an LSH bucket is compared with its first
BUCKET_PEERS members only (a huge bucket is near-identical copies, and matching one member joins the group); and
at most MAX_CANDIDATE_PAIRS pairs are checked. When a cap cuts anything, match_wire says so in `warnings`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..settings import Settings
from ..types import Sentence, Unit
from .groups import UnionFind

TOKEN = re.compile(r"\w+")
# containment only counts for sentences long enough that sharing most words is no accident
MIN_CONTAINED_TOKENS = 8
CONTAINMENT = 0.9
# measured crossover of all-pairs comparison against LSH, in sentences (see the module docstring)
EXHAUSTIVE_MAX = 400
# caps that keep matching near-linear on hostile input (see the module docstring)
MAX_COMPARED_TOKENS = 150
BUCKET_PEERS = 16
MAX_CANDIDATE_PAIRS = 300_000


def normalised_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return TOKEN.findall(text)


@lru_cache(maxsize=8)
def _lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) for a threshold; datasketch finds them by numeric integration, too slow to redo per cluster.

    Weighted against false negatives: a missed pair loses corroboration, a false candidate only costs a check.
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.2, 0.8))
    return lsh.b, lsh.r


def candidate_pairs(token_sets: list[set[str]], settings: Settings, warnings: list[str] | None = None) -> list[tuple[int, int]]:
    """Pairs (i < j) sharing an LSH band, in a deterministic order; each member of a band bucket is paired with
    the bucket's first BUCKET_PEERS members only, and at most MAX_CANDIDATE_PAIRS pairs are returned."""
    import numpy as np
    from datasketch import MinHash

    bands, rows = _lsh_bands(settings.wire_lsh_threshold, settings.wire_num_perm)
    indices = [i for i, tokens in enumerate(token_sets) if tokens]
    if not indices:
        return []
    signatures = np.array(
        [m.hashvalues for m in MinHash.bulk([[t.encode() for t in sorted(token_sets[i])] for i in indices],
                                            num_perm=settings.wire_num_perm)]
    )
    pairs: set[tuple[int, int]] = set()
    capped_buckets = 0
    for band in range(bands):
        buckets: dict[bytes, list[int]] = {}
        for row, index in enumerate(indices):
            buckets.setdefault(signatures[row, band * rows : (band + 1) * rows].tobytes(), []).append(index)
        for members in buckets.values():
            capped_buckets += len(members) > BUCKET_PEERS + 1
            for position, index in enumerate(members[1:], start=1):
                pairs.update((peer, index) for peer in members[: min(position, BUCKET_PEERS)])
    ordered = sorted(pairs)
    if warnings is not None and capped_buckets:
        warnings.append(f"{capped_buckets} groups of look-alike sentences were each compared with their first "
                        f"{BUCKET_PEERS} members only")
    if len(ordered) > MAX_CANDIDATE_PAIRS:
        if warnings is not None:
            warnings.append(f"wire matching checked the first {MAX_CANDIDATE_PAIRS:,} of {len(ordered):,} candidate "
                            "sentence pairs; some copies may be listed as separate sentences")
        ordered = ordered[:MAX_CANDIDATE_PAIRS]
    return ordered


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

    if not tokens:
        return []
    joined = [" ".join(t) for t in tokens]
    similar = process.cdist(joined, joined, scorer=Indel.normalized_similarity, dtype=np.float32)
    common = process.cdist(tokens, tokens, scorer=LCSseq.similarity, dtype=np.int32)
    lengths = np.array([len(t) for t in tokens])
    shorter = np.minimum.outer(lengths, lengths)
    contained = (shorter >= MIN_CONTAINED_TOKENS) & (common >= CONTAINMENT * shorter)
    match = np.triu((similar >= min_similarity) | contained, k=1)
    match &= (lengths > 0)[:, None] & (lengths > 0)[None, :]
    return list(zip(*(axis.tolist() for axis in np.nonzero(match))))


def match_wire(sentences: list[Sentence], settings: Settings, warnings: list[str] | None = None) -> list[Unit]:
    """Units in order of their first sentence; each sentence belongs to exactly one unit. What a cost cap cut
    short is appended to `warnings`."""
    tokens = [normalised_tokens(s.text) for s in sentences]
    groups = UnionFind(len(sentences))
    # identical token sequences: one bucket, one representative (the first) in the pairwise stage
    first_of: dict[tuple[str, ...], int] = {}
    for index, sentence_tokens in enumerate(tokens):
        key = tuple(sentence_tokens)
        if key and key in first_of:
            groups.union(first_of[key], index)
        else:
            first_of.setdefault(key, index)
    # too long for the quadratic string tests: identical copies only (already joined above)
    compared = [i for i in sorted(first_of.values()) if 0 < len(tokens[i]) <= MAX_COMPARED_TOKENS]
    compared_tokens = [tokens[i] for i in compared]
    if len(compared) <= EXHAUSTIVE_MAX:
        for i, j in all_matching_pairs(compared_tokens, settings.wire_min_similarity):
            groups.union(compared[i], compared[j])
    else:
        for i, j in candidate_pairs([set(t) for t in compared_tokens], settings, warnings):
            a, b = compared[i], compared[j]
            # already one unit (joined through another pair): nothing to learn from comparing them
            if groups.find(a) != groups.find(b) and same_content(tokens[a], tokens[b], settings.wire_min_similarity):
                groups.union(a, b)
    members: dict[int, list[Sentence]] = {}
    for index, sentence in enumerate(sentences):
        members.setdefault(groups.find(index), []).append(sentence)
    return [Unit(sentences=group) for _, group in sorted(members.items())]
