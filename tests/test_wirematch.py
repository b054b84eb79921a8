import pytest

from wirebrief.settings import Settings
from wirebrief.text import wirematch
from wirebrief.types import Sentence

WIRE = "Russia hopes to sign deals with Japanese firms as part of a pivot to Asia after sanctions over Russia's role in the conflict."
EDITED = "Russia hopes to sign deals with Japanese firms as part of a pivot to Asia after sanctions over Moscow's role in the conflict."
SEVEN = "But the minister has ruled out any cooperation that would undermine Group of Seven unity on the sanctions."
G7 = "However, the minister has ruled out any cooperation that would undermine G7 unity on the sanctions."
LONG = "A deal to end the dispute over the islands, known by different names in each country, carries risks for the president at home."
CUT = "A deal to end the dispute carries risks for the president at home."
OTHER = "The two leaders will meet again in the capital on Friday for talks on trade and energy."


def sentences(texts):
    return [Sentence(article=i, position=0, start=0, end=len(t), text=t) for i, t in enumerate(texts)]


def groups(texts):
    units = wirematch.match_wire(sentences(texts), Settings())
    return [[s.article for s in u.sentences] for u in units]


def test_near_verbatim_copies_form_one_unit_with_several_sources():
    assert groups([WIRE, OTHER, EDITED, SEVEN, G7, LONG, CUT]) == [[0, 2], [1], [3, 4], [5, 6]]


def test_unrelated_sentences_on_the_same_topic_stay_apart():
    assert groups([OTHER, "The two leaders met in the capital on Friday and talked about fishing rights."]) == [[0], [1]]


@pytest.mark.parametrize("exhaustive_max", [0, 10_000])
def test_lsh_path_and_exhaustive_path_agree_on_clear_cases(monkeypatch, exhaustive_max):
    monkeypatch.setattr(wirematch, "EXHAUSTIVE_MAX", exhaustive_max)
    assert groups([WIRE, OTHER, EDITED, LONG, CUT]) == [[0, 2], [1], [3, 4]]


def test_unit_support_counts_articles_not_sentences():
    texts = [WIRE, EDITED]
    units = wirematch.match_wire(
        [Sentence(0, 0, 0, 1, texts[0]), Sentence(0, 5, 0, 1, texts[1]), Sentence(1, 2, 0, 1, texts[0])], Settings()
    )
    [unit] = units
    assert unit.support == 2 and len(unit.sentences) == 3 and unit.first_position == 0
