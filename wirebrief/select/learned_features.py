"""The learned scorer's features (wirebrief.select.learned; fitted by wirebrief.train): one row of cheap,
language-light evidence of salience per unit, built on the shared `Features` of wirebrief.select.features.

Everything is numpy over the cluster's word statistics (`Features.lexical`); centrality and similarity are the
shared ones, so a unit's centrality is computed once whichever selector asks first.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ..resources import model_file
from ..text import worthy
from ..text.lexical import STOP_WORDS, load_boilerplate
from .features import Features, Lexical

# feature groups of the learned scorer, in column order; benchmarks/ablation.py removes one group at a time
FEATURE_GROUPS: dict[str, list[str]] = {
    "position": ["position", "inverse_position", "relative_position", "is_lead"],
    "support": ["support", "support_share"],
    "centrality": ["centrality", "degree", "max_similarity_elsewhere"],
    "overlap": ["word_overlap_elsewhere", "idf_overlap_elsewhere", "bigram_overlap_elsewhere"],
    "length": ["words", "content_words", "eligible"],
    "lexical": ["mean_idf", "stop_share", "numbers", "quoted"],
    "cluster": ["articles", "units"],
    "order": ["article_index", "article_index_share"],
    "source": ["article_centrality", "article_words", "lead_similarity"],
    "form": ["opens_with_reference", "question", "boilerplate"],
    "relative": ["centrality_rank", "centrality_to_best", "overlap_rank", "overlap_to_best"],
    "copy": ["copy_mean", "copy_density", "copy_cluster"],
}
FEATURE_NAMES: list[str] = [name for group in FEATURE_GROUPS.values() for name in group]
MAX_BLOCK = 256  # rows of a units x units matrix masked at a time


def unit_keys(features: Features) -> list[str]:
    """Each unit's word tokens joined by spaces: how boilerplate.json names a sentence."""
    return [" ".join(tokens) for tokens in features.lexical.tokens]


def learned_features(features: Features, boilerplate: frozenset[str] | None = None) -> np.ndarray:
    """Units x FEATURE_NAMES matrix (float32) of cheap, language-light evidence of salience."""
    cluster = features.cluster
    units = cluster.units
    count = len(units)
    n_articles = max(len(cluster.articles), 1)
    lex = features.lexical
    vectors = lex.vectors
    present = lex.present.astype(np.float32)
    support = features.support.astype(np.float32)
    position = features.position.astype(np.float32)
    # position relative to the length of the article it first appears in
    lengths = np.zeros(n_articles, dtype=np.float32)
    for sentence in cluster.sentences:
        lengths[sentence.article] = max(lengths[sentence.article], sentence.position + 1)
    first_article = np.array(
        [min(u.sentences, key=lambda s: (s.position, s.article)).article for u in units], dtype=np.intp
    )
    relative = position / np.maximum(lengths[first_article], 1.0)
    # centrality: cosine to the support-weighted centroid; degree: mean cosine to the other units
    similarity = features.similarity
    centrality = features.centrality
    degree = (similarity.sum(axis=1) - np.diag(similarity)) / max(count - 1, 1)
    # the closest unit carried by none of this unit's articles: paraphrase elsewhere, not wire copy
    shares_article = _shares_article(lex)
    max_elsewhere = _max_where_not(shares_article, similarity)
    # how many of the articles that do not carry the unit use its content words
    article_df = np.asarray(lex.article_has.sum(axis=0)).astype(np.float32)
    others = np.maximum(n_articles - support, 1.0)
    other_df = _other_articles_df(lex, present, article_df, others)
    content = np.maximum(lex.content_words.astype(np.float32), 1.0)
    word_overlap = other_df.sum(axis=1) / content
    idf_mass = present @ lex.idf
    idf_overlap = (other_df @ lex.idf) / np.maximum(idf_mass, 1e-6)
    mean_idf = idf_mass / content
    copy_mass = present @ lex.copy
    article_share = article_df / n_articles
    bigram_overlap = _bigram_overlap(lex, n_articles)
    words = features.words.astype(np.float32)
    token_counts = np.array([max(len(t), 1) for t in lex.tokens], dtype=np.float32)
    stop_share = 1.0 - np.array([sum(1 for w in t if w not in STOP_WORDS) for t in lex.tokens]) / token_counts
    numbers = np.array([sum(1 for w in t if w[0].isdigit()) for t in lex.tokens], dtype=np.float32)
    quoted = np.array([('"' in u.text) or ("``" in u.text) or ("“" in u.text) for u in units], dtype=np.float32)
    # the article the unit first appears in: its place in the input, how central and how long it is
    article_centrality = _article_centrality(lex.carried_by, vectors)
    article_words = np.zeros(n_articles, dtype=np.float32)
    for sentence in cluster.sentences:
        article_words[sentence.article] += sentence.words
    # closest lead sentence of another article (0 when none: a unit always shares its own article)
    leads = np.flatnonzero(position == 0)
    lead_similarity = np.zeros(count, dtype=np.float32)
    if count and leads.size:
        nearest = np.where(shares_article[:, leads], 0.0, similarity[:, leads]).max(axis=1)
        lead_similarity = np.maximum(nearest, 0.0)
    opens = np.array([worthy.opens_with_reference(u.text) for u in units], dtype=np.float32)
    question = np.array([u.text.rstrip(" \"'”’)").endswith("?") for u in units], dtype=np.float32)
    known = load_boilerplate(model_file(features.settings.content.model, "boilerplate.json")) if boilerplate is None else boilerplate
    boilerplate = np.array([key in known for key in unit_keys(features)], dtype=np.float32)
    columns = [
        position, 1.0 / (1.0 + position), relative, (position == 0).astype(np.float32),
        support, (support - 1) / max(n_articles - 1, 1),
        centrality, degree, max_elsewhere,
        word_overlap, idf_overlap, bigram_overlap,
        words, lex.content_words.astype(np.float32), features.eligible.astype(np.float32),
        mean_idf, stop_share, numbers, quoted,
        np.full(count, n_articles, dtype=np.float32), np.full(count, count, dtype=np.float32),
        first_article, first_article / max(n_articles - 1, 1), article_centrality[first_article],
        np.log1p(article_words[first_article]), lead_similarity,
        opens, question, boilerplate,
        _rank(centrality), _to_best(centrality), _rank(idf_overlap), _to_best(idf_overlap),
        copy_mass / content, copy_mass / np.maximum(words, 1.0), (present @ (lex.copy * article_share)) / content,
    ]  # fmt: skip
    return np.column_stack([np.asarray(c, dtype=np.float32) for c in columns]) if count else np.zeros(
        (0, len(FEATURE_NAMES)), dtype=np.float32
    )


def _rank(values: np.ndarray) -> np.ndarray:
    """0 for the cluster's highest value, 1 for its lowest (ties share the best rank)."""
    if len(values) < 2:
        return np.zeros(len(values), dtype=np.float32)
    ordered = np.sort(values)[::-1]
    return (np.searchsorted(-ordered, -values, side="left") / (len(values) - 1)).astype(np.float32)


def _to_best(values: np.ndarray) -> np.ndarray:
    best = float(values.max()) if len(values) else 0.0
    return (values / best if best > 0 else np.zeros(len(values))).astype(np.float32)


def _shares_article(lex: Lexical) -> np.ndarray:
    """Units x units, bool: the two units are carried by a common article (a unit shares its own)."""
    if isinstance(lex.vectors, np.ndarray):
        carried = lex.carried_by.astype(np.float32)
        return (carried @ carried.T) > 0
    from scipy import sparse

    carried = sparse.csr_array(lex.carried_by)
    pairs = (carried @ carried.T).tocoo()  # a big cluster: few units share an article
    shares = np.zeros(pairs.shape, dtype=bool)
    shares[pairs.row, pairs.col] = True
    return shares


def _max_where_not(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per row, the largest of `values` where `mask` is false, counting masked cells as 0; in row blocks, so no
    second units x units matrix is held."""
    result = np.zeros(values.shape[0], dtype=values.dtype)
    for start in range(0, values.shape[0], MAX_BLOCK):
        stop = start + MAX_BLOCK
        result[start:stop] = np.where(mask[start:stop], 0.0, values[start:stop]).max(axis=1)
    return result


def _other_articles_df(lex: Lexical, present, article_df: np.ndarray, others: np.ndarray):
    """Units x vocabulary: for each word of a unit, the share of the articles not carrying the unit that use it
    (zero for words the unit lacks); dense or sparse as `present` (the units' words, float32) is."""
    if isinstance(present, np.ndarray):
        own = lex.carried_by.astype(np.float32) @ lex.article_has.astype(np.float32)
        return (article_df[None, :] - own) * present / others[:, None]
    from scipy import sparse

    carried = sparse.csr_array(lex.carried_by.astype(np.float32))
    own = (carried @ lex.article_has.astype(np.float32)).multiply(present).tocsr()
    result = (present.multiply(article_df[None, :]) - own).tocsr()
    result.data /= np.repeat(others, np.diff(result.indptr)).astype(np.float32)
    return result


def _article_centrality(carried_by: np.ndarray, vectors) -> np.ndarray:
    """Per article: the cosine of its normalised word vector to the sum of the other articles' vectors."""
    if isinstance(vectors, np.ndarray):
        article_vectors = carried_by.astype(np.float32).T @ vectors
        article_norms = np.linalg.norm(article_vectors, axis=1, keepdims=True)
        article_vectors = article_vectors / np.where(article_norms > 0, article_norms, 1.0)
        rest = article_vectors.sum(axis=0)[None, :] - article_vectors
        rest_norms = np.linalg.norm(rest, axis=1)
        return (article_vectors * rest).sum(axis=1) / np.where(rest_norms > 0, rest_norms, 1.0)
    # a big cluster: the same cosine from dot products, without articles x vocabulary dense matrices
    from scipy import sparse

    article_vectors = (sparse.csr_array(carried_by.astype(np.float32)).T @ vectors).tocsr()
    norms = np.sqrt(article_vectors.multiply(article_vectors).sum(axis=1))
    article_vectors.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(article_vectors.indptr))
    total = np.asarray(article_vectors.sum(axis=0)).ravel()
    to_total = article_vectors @ total
    own = np.where(norms > 0, 1.0, 0.0)
    rest_norms = np.sqrt(np.maximum(total @ total - 2 * to_total + own, 0.0))
    return (to_total - own) / np.where(rest_norms > 0, rest_norms, 1.0)


def _bigram_overlap(lex: Lexical, n_articles: int) -> np.ndarray:
    """Share of a unit's word bigrams that some article not carrying the unit also has. Every article carrying a
    unit has all of its bigrams, so a bigram is elsewhere when more articles have it than carry the unit."""
    by_article: list[set[tuple[str, str]]] = [set() for _ in range(n_articles)]
    bigrams = [set(zip(t, t[1:])) for t in lex.tokens]
    for row, grams in enumerate(bigrams):
        for article in np.flatnonzero(lex.carried_by[row]):
            by_article[article] |= grams
    articles_with: Counter = Counter(gram for grams in by_article for gram in grams)
    shared = {gram for gram, articles in articles_with.items() if articles > 1}
    carriers = lex.carried_by.sum(axis=1)
    result = np.zeros(len(bigrams), dtype=np.float32)
    for row, grams in enumerate(bigrams):
        if not grams:
            continue
        if carriers[row] == 1:  # most units: elsewhere is in more than one article
            result[row] = len(grams & shared) / len(grams)
        else:
            result[row] = sum(articles_with[gram] > carriers[row] for gram in grams) / len(grams)
    return result
