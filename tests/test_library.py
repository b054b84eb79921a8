"""The Python API as a user meets it: keywords, rendering, errors, JSON-serialisable values, docstrings."""

from __future__ import annotations

import json

import pytest

import wirebrief
from wirebrief import Brief, InputError, Settings, UsageError, WirebriefError, brief, brief_inputs

from .conftest import EXAMPLE

REPORTS = [
    "Dock workers at Port Calder voted on Tuesday to end a nine-day strike after the port authority agreed to "
    "raise wages by 11 percent. The union said most of its members backed the agreement in a ballot.",
    "Dock workers at Port Calder voted on Tuesday to end a nine-day strike after the port authority agreed to "
    "raise wages by 11 percent, officials said. Retailers had warned that the stoppage was delaying stock.",
]


def test_method_and_budget_by_keyword():
    lead = brief(REPORTS, sentences=1, method="lead")
    assert len(lead.sentences) == 1
    assert lead.sentences[0].text == brief(REPORTS, settings=Settings(method="lead").with_budget(sentences=1)).sentences[0].text
    from_files = brief_inputs(str(EXAMPLE), words=40, method="coverage")
    assert 0 < from_files.words <= 40
    with pytest.raises(UsageError, match="unknown method"):
        brief(REPORTS, method="nope")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_render_formats(fmt):
    result = brief_inputs([str(EXAMPLE)], words=60)
    rendered = result.render(fmt)
    if fmt == "json":
        assert json.loads(rendered) == result.to_dict()
    else:
        assert result.sentences[0].text in rendered
    with pytest.raises(UsageError, match="unknown format"):
        result.render("pdf")


def test_error_classes_at_top_level():
    assert issubclass(UsageError, WirebriefError) and issubclass(InputError, WirebriefError)
    with pytest.raises(InputError, match="nothing to brief"):
        brief(["   "])


def test_every_public_value_is_json_serialisable():
    result = brief_inputs([str(EXAMPLE)], words=60)
    for value in (result, result.articles[0], result.sentences[0], result.sentences[0].sources[0], Settings(),
                  Settings().budget):
        json.dumps(value.to_dict())
    assert result.to_dict()["articles"][0] == result.articles[0].to_dict()


def test_public_names_have_docstrings():
    for name in wirebrief.__all__:
        value = getattr(wirebrief, name)
        if callable(value):
            assert (value.__doc__ or "").strip(), name
    for method in (Brief.render, Brief.to_dict, Settings.to_dict, Settings.with_budget):
        assert (method.__doc__ or "").strip(), method.__qualname__
    assert "coverage" in wirebrief.METHODS
