"""The concept-coverage method (wirebrief.select.coverage)."""

from __future__ import annotations

import numpy as np
import pytest

from wirebrief import brief, brief_inputs
from wirebrief.pipeline import prepare
from wirebrief.select import get_selector
from wirebrief.select.coverage import concept_weights, greedy_coverage, sentence_concepts
from wirebrief.select.features import Features
from wirebrief.settings import CoverageConfig, Settings
from wirebrief.types import Article, Cluster, Sentence, Unit

from .conftest import EXAMPLE

COVERAGE = Settings(method="coverage")


def _cluster(texts: list[str], settings: Settings = COVERAGE) -> Cluster:
    articles = [Article(id=f"a{i}", text=t, outlet=f"outlet {i}") for i, t in enumerate(texts)]
    return prepare(articles, settings)


def _select(cluster: Cluster, settings: Settings) -> list[int]:
    return get_selector("coverage").select(Features(cluster, settings))


@pytest.mark.parametrize("budget", [{"words": 40}, {"words": 150}, {"sentences": 2}, {"chars": 300}])
def test_budget_is_respected_with_whole_eligible_sentences(budget):
    settings = COVERAGE.with_budget(**budget)
    result = brief_inputs([str(EXAMPLE)], settings)
    assert result.sentences
    if "words" in budget:
        assert result.words <= budget["words"]
    if "sentences" in budget:
        assert len(result.sentences) <= budget["sentences"]
    if "chars" in budget:
        assert len(result.text) <= budget["chars"]
    texts = [a.text for a in result.articles]
    for sentence in result.sentences:
        assert any(sentence.text in t for t in texts)


def test_chosen_units_fit_the_budget_and_are_eligible():
    cluster = brief_inputs([str(EXAMPLE)], COVERAGE)  # warm path; now check the selector directly
    articles = cluster.articles
    for budget in ({"words": 60}, {"sentences": 3}, {"chars": 200}):
        settings = COVERAGE.with_budget(**budget)
        prepared = prepare(articles, settings)
        features = Features(prepared, settings)
        chosen = get_selector("coverage").select(features)
        assert chosen and len(set(chosen)) == len(chosen)
        assert sum(settings.budget.cost(prepared.units[i].text) for i in chosen) <= settings.budget.limit
        assert all(features.eligible[i] for i in chosen)


def test_same_input_gives_the_same_choice():
    first = brief_inputs([str(EXAMPLE)], COVERAGE.with_budget(words=80))
    second = brief_inputs([str(EXAMPLE)], COVERAGE.with_budget(words=80))
    assert first.to_dict() == second.to_dict()


def test_a_concept_carried_by_three_articles_beats_one_from_a_single_article():
    texts = [
        "Dock workers began a harbour strike on Monday morning. Officials met the mayor at noon today.",
        "The harbour strike left ships waiting outside the port. A bakery opened on the main street.",
        "Union leaders said the harbour strike would last a week. Rain fell across the region overnight.",
        "A volcanic eruption forced villagers to leave their homes quickly. The eruption was seen from far away.",
    ]
    settings = COVERAGE.with_budget(sentences=1)
    cluster = _cluster(texts, settings)
    chosen = _select(cluster, settings)
    assert len(chosen) == 1
    assert "harbour strike" in cluster.units[chosen[0]].text


def test_duplicate_content_is_taken_once():
    # two units with the same text (as if wire matching had missed them) and one different unit
    same = "The port authority closed all twelve container terminals after the union vote on Friday."
    other = "Shipping companies rerouted dozens of vessels to neighbouring ports in the south."
    texts = [same, same, same + " " + other, other]
    articles = [Article(id=f"a{i}", text=t, outlet=f"o{i}") for i, t in enumerate(texts)]
    sentences = [
        Sentence(0, 0, 0, len(same), same),
        Sentence(1, 0, 0, len(same), same),
        Sentence(2, 0, 0, len(same), same),
        Sentence(2, 1, len(same) + 1, len(texts[2]), other),
        Sentence(3, 0, 0, len(other), other),
    ]
    units = [Unit([sentences[0], sentences[2]]), Unit([sentences[1]]), Unit([sentences[3], sentences[4]])]
    cluster = Cluster(articles, sentences, units)
    settings = COVERAGE.with_budget(words=60)
    chosen = _select(cluster, settings)
    texts_chosen = [cluster.units[i].text for i in chosen]
    assert len(texts_chosen) == len(set(texts_chosen))
    assert set(chosen) == {0, 2} or set(chosen) == {1, 2}


def test_one_article_cluster():
    text = (
        "Dock workers in the northern harbour walked out on Monday over pay. "
        "The strike halted the loading of container ships for the whole day. "
        "Union leaders said talks with the port authority would resume on Thursday. "
        "The authority said it regretted the disruption to shipping companies."
    )
    result = brief([text], words=30, settings=COVERAGE)
    assert result.sentences
    assert result.words <= 30


def test_no_concept_reaches_the_minimum_article_count():
    # ten articles on unrelated subjects: no bigram (or word) is shared by three of them
    topics = [
        "Astronomers catalogued a faint comet near Jupiter last winter.",
        "Farmers harvested record barley yields across the valley.",
        "Engineers repaired the suspension bridge cables overnight.",
        "Chess grandmasters drew their fourth consecutive match yesterday.",
        "Volunteers planted oak saplings along the riverbank.",
        "Bakers protested rising flour prices outside parliament.",
        "Divers recovered ancient amphorae from a shipwreck.",
        "Cyclists completed the mountain stage despite heavy fog.",
        "Librarians digitised medieval manuscripts for researchers.",
        "Surgeons performed a rare heart transplant successfully.",
    ]
    settings = COVERAGE.with_budget(words=25)
    cluster = _cluster(topics, settings)
    chosen = _select(cluster, settings)
    assert chosen
    assert sum(cluster.units[i].words for i in chosen) <= 25


def test_stop_word_bigrams_are_no_concepts():
    bigrams, unigrams = sentence_concepts("It is the harbour strikes of the year.")
    assert "it is" not in bigrams and "of the" not in bigrams
    assert "harbour strike" in bigrams  # stemmed
    assert "harbour" in unigrams and "the" not in unigrams


def test_greedy_keeps_the_best_single_unit_when_it_covers_more():
    # one long unit carries a heavy concept; short units carry light ones and crowd it out of a cost-scaled greedy
    from scipy.sparse import csr_matrix

    incidence = csr_matrix(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float))
    weights = np.array([100.0, 1.0, 1.0])
    costs = np.array([10.0, 1.0, 1.0])
    chosen = greedy_coverage(incidence, weights, costs, 10, np.ones(3, dtype=bool), scale=1.0)
    assert chosen == [0]


def test_concept_weights_count_articles_not_sentences():
    texts = [
        "The harbour strike began. The harbour strike spread quickly to other docks.",
        "The harbour strike ended after two days of talks with the port authority.",
    ]
    cluster = _cluster(texts)
    incidence, weights = concept_weights(Features(cluster, COVERAGE))
    assert incidence.shape[0] == len(cluster.units)
    # "harbour strike": two articles, both times in the lead; the second sentence of the first adds nothing
    assert weights.max() == pytest.approx(2 + 2 * CoverageConfig().position_prior)
