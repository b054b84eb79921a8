"""End to end on the five real reports of the December 2016 Abe–Putin summit (../shared/data/seed-cluster)."""

import re

import pytest

from wirebrief import brief_inputs
from wirebrief.compose.render import render
from wirebrief.settings import Settings

BOILERPLATE = re.compile(
    r"READ MORE|Disclaimer|Published:|PUBLISHED|UPDATED|flipboard|facebook|whatsapp|Source: News Agencies|\| AP|"
    r"— Reuters|Download now|BREAKING NEWS|A\+A-|moderat",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def seed(request):
    from .conftest import data_path

    return data_path("seed-cluster")


@pytest.fixture(scope="module")
def result(seed):
    return brief_inputs([str(seed)], Settings().with_budget(words=150))


def test_no_boilerplate_in_brief_or_cleaned_articles(result):
    assert not BOILERPLATE.search(result.text)
    for article in result.articles:
        assert not BOILERPLATE.search(article.text), article.id


def test_no_dateline_opens_a_paragraph(result):
    for article in result.articles:
        for paragraph in article.text.split("\n\n"):
            assert not re.match(r"[A-Z]{3,}(, [A-Z][a-z]+)?\s*(\(\w+\))?\s*[-:—]", paragraph), paragraph[:40]


def test_no_sentence_twice_and_within_budget(result):
    texts = [s.text for s in result.sentences]
    assert len(texts) == len(set(texts))
    assert 110 <= result.words <= 150


def test_reuters_paragraphs_are_credited_to_all_three_outlets(seed):
    """The Reuters copy carried by 000, 001 and 004: each shared paragraph names every article carrying it."""
    from wirebrief.pipeline import clean_articles, prepare
    from wirebrief.readers import read_inputs

    articles, _ = clean_articles(read_inputs([str(seed)], 10_000_000).articles)
    cluster = prepare(articles, Settings())
    carriers = {unit.text: sorted({articles[s.article].id[:3] for s in unit.sentences}) for unit in cluster.units}
    expected = {
        "Russia hopes to clinch deals with Japanes": ["000", "001"],
        "Putin told the Yomiuri newspaper this we": ["000", "001"],
        "Japan's trade minister, Hiroshige Seko,": ["000", "001"],
        "Abe has pledged to resolve the territori": ["000", "004"],
        "A deal to end the dispute over the islan": ["000", "004"],
    }
    for start, ids in expected.items():
        [found] = [carried for text, carried in carriers.items() if text.startswith(start)]
        assert found == ids, start
    outlets = {i for ids in expected.values() for i in ids}
    assert outlets == {"000", "001", "004"}


def test_seed_brief_is_deterministic(seed):
    first = render(brief_inputs([str(seed)]), "json")
    assert render(brief_inputs([str(seed)]), "json") == first


@pytest.mark.parametrize("words", [60, 150, 300])
def test_the_summit_outcome_leads_the_seed_brief(seed, words):
    """Four reports preview the summit; 004 reports what it agreed. The outcome leads at every budget."""
    result = brief_inputs([str(seed)], Settings().with_budget(words=words))
    first = result.sentences[0]
    assert first.text.startswith("Japan and Russia agreed at a leaders’ summit on Thursday to revive security talks")
    assert [s.article[:3] for s in first.sources] == ["004"]
