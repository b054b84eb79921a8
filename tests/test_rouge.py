"""ROUGE scoring checked against hand-computed values, plus truncation and bootstrap statistics."""

from __future__ import annotations

import pytest

from wirebrief.evaluate import stats
from wirebrief.evaluate.rouge import METRICS, ngram_counts, ngram_f1, overlap, score, tokens, truncate_words


def assert_prf(result: dict[str, float], p: float, r: float, f: float) -> None:
    assert result["p"] == pytest.approx(p, abs=1e-6)
    assert result["r"] == pytest.approx(r, abs=1e-6)
    assert result["f"] == pytest.approx(f, abs=1e-6)


def test_unigram_bigram_and_lcs_by_hand():
    # No token is longer than 3 characters, so stemming changes nothing.
    # reference: the cat sat on the mat        (6 tokens, 5 bigrams)
    # candidate: the cat lay on the red rug    (7 tokens, 6 bigrams)
    # unigram hits, clipped: the x2, cat, on = 4 -> P 4/7, R 4/6, F 2PR/(P+R) = 8/13
    # bigram hits: "the cat", "on the" = 2     -> P 2/6, R 2/5, F 4/11
    # LCS: the cat on the = 4                  -> same as unigrams here
    result = score(["The cat lay on the red rug."], ["The cat sat on the mat."])
    assert set(result) == set(METRICS)
    assert_prf(result["rouge1"], 4 / 7, 4 / 6, 8 / 13)
    assert_prf(result["rouge2"], 2 / 6, 2 / 5, 4 / 11)
    assert_prf(result["rougeLsum"], 4 / 7, 4 / 6, 8 / 13)


def test_porter_stemming_applies_to_tokens_longer_than_three_characters():
    # reference: running -> run, dogs -> dog, barked -> bark
    # candidate: the, dog (3 chars, left alone), runs -> run
    # unigram hits: dog, run = 2 of 3 each way -> P = R = F = 2/3
    # bigrams: (run dog) (dog bark) vs (the dog) (dog run): no hit
    # LCS: [run dog bark] vs [the dog run]: one token ("dog" or "run") -> 1/3
    result = score(["The dog runs."], ["Running dogs barked."])
    assert_prf(result["rouge1"], 2 / 3, 2 / 3, 2 / 3)
    assert_prf(result["rouge2"], 0.0, 0.0, 0.0)
    assert_prf(result["rougeLsum"], 1 / 3, 1 / 3, 1 / 3)


def test_stemmed_forms_match_fully():
    # running/runs -> run, dogs -> dog: every unigram and the one bigram match.
    result = score(["runs dogs"], ["running dogs"])
    for metric in METRICS:
        assert_prf(result[metric], 1.0, 1.0, 1.0)


PAIRS = [
    # (candidate sentences, reference): stemming, clipped repeats, digits and punctuation, nothing shared
    (["Dock workers voted to end the strikes."], "The dock worker votes ended a strike on Tuesday."),
    (["the the the cat", "cat cat sat"], "the cat sat on the mat with the other cat"),
    (["Talks broke down on 14 March; 2,300 members (87%) backed it."], "In March 2,300 members backed the deal: 87 %."),
    (["Nothing in common here."], "Entirely different words appear."),
    ([], "A reference with no candidate."),
]


@pytest.mark.parametrize(("candidate", "reference"), PAIRS)
def test_ngram_counts_give_rouge_scores_own_rouge_n(candidate, reference):
    # wirebrief.train's oracle scores selections from n-gram counts; they must agree with rouge-score itself
    expected = score(candidate, [reference])
    ours, theirs = tokens(" ".join(candidate)), tokens(reference)
    for n, metric in ((1, "rouge1"), (2, "rouge2")):
        assert ngram_f1(ngram_counts(ours, n), ngram_counts(theirs, n)) == pytest.approx(expected[metric]["f"], abs=1e-12)


def test_tokens_are_lower_cased_alphanumeric_runs_stemmed_past_three_characters():
    assert tokens("The Dock-workers' votes, 2,300 of them!") == ["the", "dock", "worker", "vote", "2", "300", "of", "them"]


def test_overlap_clips_each_ngram_to_the_rarer_side():
    assert overlap(ngram_counts(["a", "a", "a", "b"], 1), ngram_counts(["a", "b", "b"], 1)) == 2
    assert ngram_counts(["a", "b", "a", "b"], 2) == {("a", "b"): 2, ("b", "a"): 1}


def test_several_references_are_averaged():
    # candidate "the cat sat" (3 tokens, 2 bigrams)
    # reference A "the cat sat": everything matches -> 1, 1, 1
    # reference B "a dog sat down" (4 tokens): unigram hit "sat" -> P 1/3, R 1/4, F 2/7;
    #   no bigram hit; LCS "sat" = 1, same as unigrams.
    # rouge1/Lsum mean: P (1 + 1/3)/2 = 2/3, R (1 + 1/4)/2 = 5/8, F (1 + 2/7)/2 = 9/14
    # rouge2 mean: (1 + 0)/2 = 1/2 for P, R and F.
    # (ROUGE-1.5.5 -f A would pool instead: R = (3 + 1) / (3 + 4) = 4/7.)
    result = score(["the cat sat"], ["the cat sat", "a dog sat down"])
    assert_prf(result["rouge1"], 2 / 3, 5 / 8, 9 / 14)
    assert_prf(result["rouge2"], 1 / 2, 1 / 2, 1 / 2)
    assert_prf(result["rougeLsum"], 2 / 3, 5 / 8, 9 / 14)


def test_lsum_takes_the_union_lcs_over_candidate_sentences():
    # The ROUGE paper's example, in words (all stems are distinct):
    #   reference r1:  police arrested two men yesterday                  (5 tokens)
    #   candidate c1:  police two raid near yesterday
    #   candidate c2:  police arrested after a raid                       (10 tokens in all)
    # LCS(r1, c1) = police two yesterday, LCS(r1, c2) = police arrested;
    # union = police arrested two yesterday = 4 hits -> R 4/5, P 4/10, F 8/15.
    # Plain ROUGE-L over the concatenation "c1 c2" finds one sequence only:
    # police two yesterday = 3 -> R 3/5, P 3/10, F 2/5.
    from rouge_score.rouge_scorer import RougeScorer

    candidate = ["Police two raid near yesterday.", "Police arrested after a raid."]
    reference = "Police arrested two men yesterday."
    assert_prf(score(candidate, [reference])["rougeLsum"], 4 / 10, 4 / 5, 8 / 15)

    plain_scorer = RougeScorer(["rougeL"], use_stemmer=True)
    plain = plain_scorer.score(reference, " ".join(candidate))["rougeL"]
    assert (plain.precision, plain.recall) == pytest.approx((3 / 10, 3 / 5), abs=1e-6)
    assert plain.fmeasure == pytest.approx(2 / 5, abs=1e-6)


def test_reference_without_newlines_is_sentence_split():
    candidate = ["Police arrested two men.", "Both were released on bail."]
    split_by_hand = "Police arrested two men on Monday.\nThey were released on bail."
    one_line = "Police arrested two men on Monday. They were released on bail."
    assert score(candidate, [one_line]) == score(candidate, [split_by_hand])


def test_newline_inside_a_candidate_sentence_does_not_split_it():
    reference = ["Police arrested two men. They were released."]
    one_line = score(["Police arrested two men."], reference)
    assert score(["Police arrested\ntwo men."], reference) == one_line


def test_empty_candidate_scores_zero():
    result = score([], ["The cat sat on the mat."])
    for metric in METRICS:
        assert_prf(result[metric], 0.0, 0.0, 0.0)


def test_references_are_required():
    with pytest.raises(ValueError):
        score(["The cat sat."], [])
    with pytest.raises(TypeError):
        score(["The cat sat."], "The cat sat.")


def test_truncate_words_keeps_sentence_lines():
    text = "One two three.\nFour five six seven.\n\nEight nine."
    assert truncate_words(text, 5) == "One two three.\nFour five"
    assert truncate_words(text, 7) == "One two three.\nFour five six seven."
    assert truncate_words(text, 3) == "One two three."
    assert truncate_words(text, 100) == "One two three.\nFour five six seven.\nEight nine."
    assert truncate_words(text, 0) == ""
    assert truncate_words("  spaced   out\twords  ", 2) == "spaced out"
    with pytest.raises(ValueError):
        truncate_words(text, -1)


def test_truncation_then_scoring_sees_only_the_budget():
    # Truncated to 3 words the candidate is "the cat sat": the same as scoring it directly.
    long_candidate = "the cat sat\non the mat today"
    truncated = truncate_words(long_candidate, 3).split("\n")
    assert truncated == ["the cat sat"]
    assert score(truncated, ["the cat sat"]) == score(["the cat sat"], ["the cat sat"])


def test_bootstrap_ci_contains_the_mean_and_is_deterministic():
    values = [0.31, 0.42, 0.18, 0.55, 0.47, 0.29, 0.38, 0.61, 0.22, 0.44]
    mean, low, high = stats.bootstrap_ci(values)
    assert mean == pytest.approx(sum(values) / len(values))
    assert low < mean < high
    assert stats.bootstrap_ci(values) == (mean, low, high)
    assert stats.bootstrap_ci(values, seed=1) != (mean, low, high)
    # A wider confidence level gives a wider interval.
    _, low99, high99 = stats.bootstrap_ci(values, confidence=0.99)
    assert low99 <= low and high <= high99


def test_bootstrap_ci_of_constant_values_is_a_point():
    assert stats.bootstrap_ci([0.25] * 5) == pytest.approx((0.25, 0.25, 0.25))


def test_bootstrap_ci_rejects_bad_input():
    with pytest.raises(ValueError):
        stats.bootstrap_ci([])
    with pytest.raises(ValueError):
        stats.bootstrap_ci([0.1, 0.2], confidence=1.0)
    with pytest.raises(ValueError):
        stats.bootstrap_ci([0.1, 0.2], n_resamples=0)


def test_percentile():
    assert stats.percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    assert stats.percentile([1, 2, 3, 4], 0) == 1
    assert stats.percentile([1, 2, 3, 4], 100) == 4
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1, 2], 101)
