"""Expectations overtaken by events (wirebrief.facts.supersede): once an outcome report leads, what older preview reports
only expected of the event gives way. Invented reports of an invented summit."""

import numpy as np

import wirebrief.pipeline
from wirebrief import brief
from wirebrief.facts.supersede import background, looks_ahead, older_articles, superseded
from wirebrief.pipeline import clean_articles, prepare, read_items
from wirebrief.settings import Settings

PREVIEW_HOPES = "There are hopes of a breakthrough over the gulf, where trawlers from both countries have clashed for a decade."
PREVIEW_MEET = (
    "Valdorian President Mira Holt and Kestmark Prime Minister Anton Ruiz meet in the lakeside town of Serrin on "
    "Friday seeking a deal on fishing rights in the northern gulf."
)
PREVIEW_PLAYED_DOWN = "Officials on both sides have played down expectations of a final settlement at the summit in Serrin."
BACKGROUND = "The gulf dispute began in 2014 when Kestmark extended its fishing zone by 40 kilometres."
OUTCOME_LEAD = (
    "Valdoria and Kestmark agreed on Friday to share fishing rights in the northern gulf, ending a decade-long "
    "dispute, at a summit in the lakeside town of Serrin."
)
STILL_AHEAD = "The two leaders will meet again in Kestmark's capital next month to review the first quotas."

PREVIEW_1 = "\n\n".join([
    PREVIEW_MEET,
    PREVIEW_HOPES,
    "Both governments are expected to sign a separate accord on rail links between their capitals.",
    BACKGROUND,
    "Fishing employs about 12,000 people on the Valdorian coast, according to the country's statistics office.",
])
PREVIEW_2 = "\n\n".join([
    "Valdoria and Kestmark are due to hold talks on Friday over a fishing dispute that has soured relations for a decade.",
    PREVIEW_PLAYED_DOWN,
    BACKGROUND,
    "Trawler crews from the Valdorian port of Ostrava staged a protest last month over falling catches.",
])
OUTCOME = "\n\n".join([
    OUTCOME_LEAD,
    "Under the deal, trawlers from both countries may fish the gulf with quotas set each year by a joint commission.",
    "Valdorian President Mira Holt and Kestmark Prime Minister Anton Ruiz signed the agreement after four hours of talks.",
    STILL_AHEAD,
    BACKGROUND,
])
RECORDS = [
    {"text": PREVIEW_1, "outlet": "Gulf Times", "title": "Holt and Ruiz to meet over fishing row"},
    {"text": PREVIEW_2, "outlet": "Ostrava Herald", "title": "Leaders due to hold gulf talks"},
    {"text": OUTCOME, "outlet": "Northwire", "title": "Valdoria, Kestmark end fishing dispute"},
]


def _cluster(records):
    articles, _ = clean_articles(read_items(records).articles)
    return prepare(articles, Settings())


def _unit(cluster, text):
    return next(i for i, unit in enumerate(cluster.units) if unit.text == text)


def test_the_outcome_leads_and_the_previews_expectations_give_way():
    for words in (60, 120, 200):
        result = brief(RECORDS, words=words)
        texts = [s.text for s in result.sentences]
        assert texts[0] == OUTCOME_LEAD
        assert PREVIEW_HOPES not in texts and PREVIEW_MEET not in texts and PREVIEW_PLAYED_DOWN not in texts
    # room for everything left: background and details from the previews stay, so does what the outcome report
    # itself still expects
    texts = [s.text for s in brief(RECORDS, words=300).sentences]
    assert BACKGROUND in texts and STILL_AHEAD in texts
    assert "Trawler crews from the Valdorian port of Ostrava staged a protest last month over falling catches." in texts


def test_without_the_rule_a_stale_preview_is_chosen(monkeypatch):
    # the fixture tests the rule: left eligible, a preview's expectation makes the brief
    monkeypatch.setattr(wirebrief.pipeline, "superseded", lambda cluster, lead, older: np.zeros(len(cluster.units), dtype=bool))
    texts = [s.text for s in brief(RECORDS, words=120).sentences]
    assert texts[0] == OUTCOME_LEAD and PREVIEW_PLAYED_DOWN in texts


def test_which_units_are_superseded():
    cluster = _cluster(RECORDS)
    lead = _unit(cluster, OUTCOME_LEAD)
    stale = superseded(cluster, lead, background(cluster))
    assert {cluster.units[i].text for i in stale.nonzero()[0]} >= {PREVIEW_HOPES, PREVIEW_MEET, PREVIEW_PLAYED_DOWN}
    assert not stale[_unit(cluster, BACKGROUND)] and not stale[_unit(cluster, STILL_AHEAD)] and not stale[lead]
    assert not superseded(cluster, None, background(cluster)).any()


def test_dates_say_which_report_is_newer():
    dated = [dict(RECORDS[0], published="2031-05-14T08:00:00Z"), dict(RECORDS[1], published="2031-05-15T09:00:00Z"),
             dict(RECORDS[2], published="2031-05-16T18:00:00Z")]
    texts = [s.text for s in brief(dated, words=120).sentences]
    assert texts[0] == OUTCOME_LEAD and PREVIEW_HOPES not in texts and PREVIEW_PLAYED_DOWN not in texts
    cluster = _cluster(dated)
    assert older_articles(cluster, 2) == {0, 1}
    # a report dated after the outcome is not older than it, whatever its wording
    later = [*dated[:1], dict(dated[1], published="2031-05-17T09:00:00Z"), dated[2]]
    assert older_articles(_cluster(later), 2) == {0}


def test_an_undated_outcome_is_newer_than_what_is_dated_no_later_than_a_preview():
    undated_outcome = [dict(RECORDS[0], published="2031-05-14T08:00:00Z"), RECORDS[1], RECORDS[2]]
    background = {"text": BACKGROUND + "\n\nHolt was elected in 2029 on a promise to defend the fishing fleet.",
                  "outlet": "Archive", "published": "2031-05-01T08:00:00Z"}
    cluster = _cluster([*undated_outcome, background])
    assert older_articles(cluster, 2) == {0, 1, 3}


def test_previews_alone_are_never_superseded():
    cluster = _cluster(RECORDS[:2])
    assert not superseded(cluster, 0, background(cluster)).any()  # no report of an outcome: nothing is older than the lead's report


def test_expectation_wording():
    assert looks_ahead(PREVIEW_HOPES) and looks_ahead(PREVIEW_MEET) and looks_ahead(PREVIEW_PLAYED_DOWN)
    assert looks_ahead(STILL_AHEAD) and looks_ahead("Holt arrives in Serrin to discuss the gulf with Ruiz.")
    assert not looks_ahead(BACKGROUND) and not looks_ahead(OUTCOME_LEAD)
    # a bare future without a time states what is so, not an event to come
    assert not looks_ahead("Under the deal, the joint commission will be chaired in turn by each country.")
    assert looks_ahead("The joint commission will meet for the first time on Monday.")
    assert not looks_ahead("The ferry sank an hour before its scheduled arrival in the harbour of Serrin.")
    assert looks_ahead("The ferry is scheduled to leave Serrin for the islands at noon.")
    # the day here dates the reporting, not an event to come
    assert not looks_ahead("The fishermen's union said on Monday that its members will respect the quotas.")
    # "seeking" describes here; the sentence reports what happened
    assert not looks_ahead("Rebels who are seeking the release of jailed comrades claimed the attack on Tuesday.")
    # more outcome than expectation: "agreed ... ahead of" reports an outcome
    assert not looks_ahead("The ministers agreed and signed a rail accord ahead of the summit.")
