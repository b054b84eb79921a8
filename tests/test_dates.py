"""Date resolution against publication dates (wirebrief.text.dates)."""

from datetime import date
from pathlib import Path

import pytest

from wirebrief import brief
from wirebrief.text.dates import resolve_dates

TUESDAY = date(2016, 12, 13)
FIXTURES = Path(__file__).parent / "fixtures"


def resolved(sentence: str, published: date | None = TUESDAY) -> list[tuple[str, str]]:
    return [(d.text, d.date) for d in resolve_dates(sentence, published)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Abe will host Putin on Thursday.", [("on Thursday", "2016-12-15")]),
        ("Abe hosted Putin on Thursday.", [("on Thursday", "2016-12-08")]),
        ("The minister spoke on Tuesday.", [("on Tuesday", "2016-12-13")]),
        ("The deal collapsed yesterday.", [("yesterday", "2016-12-12")]),
        ("Prices fell last week.", [("last week", "2016-W49")]),
        ("Talks resume next month.", [("next month", "2017-01")]),
        ("The firm was set up in 2014.", [("in 2014", "2014")]),
        ("The vote is on Dec. 15.", [("Dec. 15", "2016-12-15")]),
        ("The vote was held on Nov. 29.", [("Nov. 29", "2016-11-29")]),
        ("Tokyo will reply by Nov. 29.", [("Nov. 29", "2017-11-29")]),  # forward-looking: the next one
        ("Tokyo will reply by Jan. 3.", [("Jan. 3", "2017-01-03")]),
        ("Crowds gathered on Black Friday.", []),
        # a scheduled present (issue 25: the seed cluster's report of Tuesday 13 December 2016)
        ("Putin heads to Japan Thursday to meet Abe.", [("Thursday", "2016-12-15")]),
        ("The Senate votes on Friday.", [("on Friday", "2016-12-16")]),
        # a month in a past-tense sentence looks back, even when the other year's is nearer
        ("The plan Abe proposed to Putin in May was discussed.", [("in May", "2016-05")]),
        ("The plan is still on the table in May.", [("in May", "2017-05")]),
        ("The vote will be held in May.", [("in May", "2017-05")]),
        ("The scheme has run in 2000 towns.", []),
    ],
)
def test_resolves_against_the_publication_day(sentence, expected):
    assert resolved(sentence) == expected


def test_spans_index_the_sentence():
    sentence = "Officials said on Friday that talks would resume next week."
    for found in resolve_dates(sentence, TUESDAY):
        assert sentence[found.start : found.end] == found.text


def test_without_a_publication_date_only_absolute_dates_resolve():
    assert resolved("It was signed on Oct. 19, 1956, and ratified on Thursday.", None) == [
        ("Oct. 19, 1956", "1956-10-19")
    ]


def test_year_9999_never_crashes():
    assert resolved("It ends tomorrow, next year or in three days.", date(9999, 12, 31)) == []
    assert resolved("Set for Dec. 31, 9999.", None) == [("Dec. 31, 9999", "9999-12-31")]
    assert resolved("Filed on Feb. 30, 2016.", TUESDAY) == []  # no such day


def test_cost_is_bounded_on_a_huge_sentence():
    sentence = "On Monday the index rose. " * 20_000
    assert len(resolve_dates(sentence, TUESDAY)) == 20  # the limit


def test_brief_sentences_carry_resolved_dates_with_spans():
    result = brief(
        [
            {"text": "The port reopened on Monday after a nine-day strike by dock workers. It was calm.",
             "published": "2026-03-14", "outlet": "A"},
            {"text": "Dock workers ended their strike and the port reopened on Monday morning.",
             "published": "2026-03-14", "outlet": "B"},
        ],
        words=40,
    )  # fmt: skip
    articles = {a.id: a for a in result.articles}
    dated = [d for s in result.sentences for d in s.dates]
    assert dated and all(d.date == "2026-03-09" for d in dated)
    for mention in dated:
        assert articles[mention.article].text[mention.start : mention.end] == mention.text
    assert result.to_dict()["sentences"][0]["dates"][0]["date"] == "2026-03-09"


def test_fixture_file_is_well_formed():
    lines = [line for line in (FIXTURES / "dates.tsv").read_text().splitlines() if line and not line.startswith("#")]
    assert len(lines) >= 100
    for line in lines:
        published, sentence, expected = (line.split("\t") + [""])[:3]
        date.fromisoformat(published)
        for pair in filter(None, (p.strip() for p in expected.split("|"))):
            phrase, _ = pair.rsplit("=", 1)
            assert phrase in sentence, line


def test_the_cheap_word_test_before_each_rule_loses_no_match():
    """Each rule runs only on a sentence with its words; letters that IGNORECASE matches and str.lower() does not
    lower to ASCII (a dotted capital I here) still reach every rule."""
    anchor = date(2016, 12, 13)
    for plain, odd in [("The vote is IN two weeks.", "The vote is İN two weeks."),
                       ("It closed three days ago.", "It closed three days ago.")]:
        expected = [(d.date, d.start, d.end) for d in resolve_dates(plain, anchor)]
        assert expected and [(d.date, d.start, d.end) for d in resolve_dates(odd, anchor)] == expected
    assert resolve_dates("Nothing here names a time.", anchor) == []


def test_letters_that_match_only_without_case_resolve_like_their_ascii_twins():
    # "ſ" (long s) and dotted "İ" match "s" and "i" case-insensitively; looking them up used to raise KeyError
    assert resolved("It opened on ſeptember 5, 2016.") == [("ſeptember 5, 2016", "2016-09-05")]
    assert resolved("It happened ſix days ago.") == [("ſix days ago", resolved("It happened six days ago.")[0][1])]
    assert resolved("It ended on FrİDAY.") == [("on FrİDAY", resolved("It ended on Friday.")[0][1])]
