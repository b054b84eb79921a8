"""Selection, budget, order, attribution and determinism, on the bundled example and on invented clusters."""

import json
from dataclasses import replace

import pytest

from wirebrief import brief, brief_inputs
from wirebrief.compose.render import render
from wirebrief.errors import InputError, UsageError
from wirebrief.select import METHODS
from wirebrief.settings import Budget, Settings

from .conftest import EXAMPLE


@pytest.fixture(scope="module")
def example():
    return brief_inputs([str(EXAMPLE)])


def test_every_source_span_is_the_supporting_sentence(example):
    articles = {a.id: a for a in example.articles}
    assert example.sentences
    for sentence in example.sentences:
        for source in sentence.sources:
            span = articles[source.article].text[source.start : source.end]
            assert span == sentence.text or span.split() != [] and _same_content(span, sentence.text)
            assert source.outlet == articles[source.article].outlet


def _same_content(a, b):
    from wirebrief.text.wirematch import normalised_tokens, same_content

    return same_content(normalised_tokens(a), normalised_tokens(b), Settings().wire_min_similarity)


def test_wire_copy_is_credited_to_every_carrier_and_appears_once(example):
    lead = example.sentences[0]
    assert lead.text.startswith("Dock workers at Port Calder voted on Tuesday")
    assert {s.outlet for s in lead.sources} == {"01-northwire", "02-calder-gazette", "The Ledger"}
    texts = [s.text for s in example.sentences]
    assert len(texts) == len(set(texts))
    assert sum("voted on Tuesday to end a nine-day strike" in t for t in texts) == 1


def test_boilerplate_never_reaches_the_brief(example):
    text = example.text
    for junk in ("READ MORE", "Sign up", "Share this", "Download the", "Northwire)", "| Northwire", "Published:"):
        assert junk not in text


@pytest.mark.parametrize("budget", [{"words": 40}, {"words": 150}, {"sentences": 2}, {"chars": 300}])
def test_budget_is_never_exceeded_and_nearly_filled(budget):
    result = brief_inputs([str(EXAMPLE)], Settings().with_budget(**budget))
    if "words" in budget:
        assert budget["words"] * 0.6 <= result.words <= budget["words"]
    if "sentences" in budget:
        assert len(result.sentences) == budget["sentences"]
    if "chars" in budget:
        assert 150 <= len(result.text) <= budget["chars"]


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("budget", [{"words": 40}, {"words": 120}, {"sentences": 2}, {"chars": 300}])
def test_every_method_holds_every_budget_and_repeats_itself(method, budget):
    settings = replace(Settings(method=method), budget=Budget.of(**budget))
    first = brief_inputs([str(EXAMPLE)], settings)
    assert first.sentences
    assert first.to_dict() == brief_inputs([str(EXAMPLE)], settings).to_dict()
    if "words" in budget:
        assert first.words <= budget["words"]
    if "sentences" in budget:
        assert len(first.sentences) <= budget["sentences"]
    if "chars" in budget:
        assert len(first.text) <= budget["chars"]


def test_whole_sentences_only(example):
    articles = {a.id: a for a in example.articles}
    for sentence in example.sentences:
        assert sentence.text[-1] in ".!?\"'”’"
        assert any(articles[s.article].text[s.start : s.end] == sentence.text for s in sentence.sources)


def test_order_puts_the_lead_first_then_the_news_then_older_reports():
    """The newest report's lead opens the brief and its other sentences follow; what only the older report carries
    is background, told after the news, in the order it happened."""
    texts = [
        {"id": "late", "published": "2026-01-02T09:00", "text": "The harbour ferry resumed service on Friday after a week of storms, operators said.\n\nThe storms damaged two piers and a ticket office near the terminal."},
        {"id": "early", "published": "2026-01-01T09:00", "text": "Storm warnings closed the harbour ferry on Saturday as winds reached 110 kilometres an hour.\n\nEngineers began inspecting the piers for damage on Sunday morning."},
    ]
    result = brief(texts, sentences=4)
    first = result.sentences[0]
    assert min(s.start for s in first.sources) == 0  # a lead sentence opens the brief
    assert result.sentences[0].sources[0].article == "late"
    rest = [min(s.article for s in sentence.sources) for sentence in result.sentences[1:]]
    assert rest == ["late", "early", "early"]
    assert [s.text.split()[0] for s in result.sentences[2:]] == ["Storm", "Engineers"]


def test_single_article_works_as_single_document_summary():
    result = brief(["The library will extend its opening hours from next month, the council said on Monday. "
                    "Evening opening will run until nine on weekdays. The change follows a survey of readers."], words=30)
    assert 1 <= len(result.sentences) and result.words <= 30


def test_same_input_gives_byte_identical_output():
    outputs = {render(brief_inputs([str(EXAMPLE)]), "json") for _ in range(3)}
    assert len(outputs) == 1
    data = json.loads(outputs.pop())
    assert set(data) >= {"sentences", "words", "articles", "skipped"}
    assert set(data["sentences"][0]["sources"][0]) == {"article", "outlet", "start", "end", "spans"}
    assert set(data["articles"][0]) == {"id", "outlet", "outlet_from", "title", "published", "url", "text"}


def test_nothing_to_brief_is_a_clear_error():
    with pytest.raises(InputError, match="nothing to brief"):
        brief([])
    with pytest.raises(InputError, match="no article text left"):
        brief(["Share this: facebook twitter email"])


def test_conflicting_budgets_are_a_usage_error():
    with pytest.raises(UsageError):
        brief(["Some text here that is long enough to brief."], words=10, chars=100)
    with pytest.raises(UsageError):
        brief(["Some text."], words=0)


def test_publication_times_are_compared_in_utc_whatever_their_form():
    from datetime import datetime, timezone

    from wirebrief.types import parse_published

    utc = timezone.utc
    assert parse_published("2026-01-02T09:00+05:00") == datetime(2026, 1, 2, 4, 0, tzinfo=utc)
    assert parse_published("2026-01-02T06:00") == datetime(2026, 1, 2, 6, 0, tzinfo=utc)  # naive is UTC
    assert parse_published("Fri, 02 Jan 2026 05:00:00 GMT") == datetime(2026, 1, 2, 5, 0, tzinfo=utc)
    assert parse_published("next Tuesday") is None and parse_published(None) is None
