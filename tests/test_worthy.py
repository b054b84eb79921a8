"""Brief-worthiness (wirebrief.text.worthy, wirebrief.text.clutter) on invented reports."""

import pytest

from wirebrief import brief
from wirebrief.settings import Settings
from wirebrief.text.clutter import is_clutter
from wirebrief.text.worthy import CLUTTER, DANGLING, FRAGMENT, LENGTH, verdict

SETTINGS = Settings()

FERRY_A = (
    "The regional ferry operator cancelled all crossings to Kellan Island on Monday after a storm damaged the main pier. "
    "You can add location information to your Tweets, such as your city or precise location. "
    "Engineers expect repairs to the pier to take at least three weeks, the operator said in a statement. "
    "About 1,200 islanders depend on the ferry for food deliveries and school runs."
)
FERRY_B = (
    "All ferry crossings to Kellan Island were suspended on Monday after storm damage to the main pier. "
    "You can add location information to your Tweets, such as your city or precise location. "
    "Engineers expect repairs to the pier to take at least three weeks, the operator said in a statement. "
    "The island council has asked the navy to run emergency supply trips while the pier is closed."
)


@pytest.mark.parametrize(
    "text",
    [
        "You can add location information to your Tweets, such as your city or precise location.",
        "Would you like to proceed to legacy Twitter?",
        "Get daily updates directly to your inbox + Subscribe to our newsletter today.",
        "We use cookies to collect and process data about your visit.",
        "Click here to get those stories and more in the morning newsletter.",
        "( photo: jane doe, bloomberg / getty images ) leave it to the regulators to find a new rule.",
        "Media playback is unsupported on your device media caption the mayor speaks to reporters.",
        "Updated: wednesday, 8: 29 a.m.",
        "We ' ll have more on the story and the memorial plans as they develop.",
    ],
)
def test_page_clutter_is_recognised(text):
    assert is_clutter(text)
    assert verdict(text, SETTINGS) == CLUTTER


@pytest.mark.parametrize(
    "text",
    [
        "Engineers expect repairs to the pier to take at least three weeks, the operator said.",
        "The council said residents could follow updates on its website during the closure.",
        '"You will see the ferry back by March," the harbour master told islanders on Monday.',
    ],
)
def test_reporting_is_not_clutter(text):
    assert not is_clutter(text)


def test_a_clutter_sentence_inside_a_real_article_is_neither_briefed_nor_credited():
    result = brief([FERRY_A, FERRY_B], words=200)
    assert result.sentences
    assert not any("Tweets" in s.text for s in result.sentences)
    # the real wire sentence is still credited to both reports
    shared = next(s for s in result.sentences if s.text.startswith("Engineers expect"))
    assert {src.article for src in shared.sources} == {"a1", "a2"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("the talks were expected to resume in the capital later", FRAGMENT),  # truncated, no final stop
        ("Engineers expect repairs to the pier to take at least three weeks, the operator", FRAGMENT),
        ('now the islanders are out of a job for weeks! "', FRAGMENT),  # the tail of a quotation
        ("House Majority Whip Steve Scalise (R-La. said the bill would pass.", FRAGMENT),  # unbalanced bracket
        ("Will the ferry ever run again on this route?", FRAGMENT),
        ("He agreed.", LENGTH),
        ("He said the pier would reopen within a month.", DANGLING),
        ("It was the third storm to hit the island this winter.", DANGLING),
        ("Instead the two sides will likely settle for a smaller deal.", DANGLING),
        ('"It could be a milestone in a long, long march for the island."', DANGLING),  # nobody says it
        ('"We are ready to rebuild," said the mayor of the island.', None),
        ("There are around 1,200 people living on the island all year.", None),
        ("There are around 1,200 people living there.", DANGLING),  # which place?
        ("Most of them are fishermen and their families.", DANGLING),  # most of whom?
        ("None of those rescued needed hospital treatment, the coastguard said.", DANGLING),
        ("Most of the island's 1,200 residents are fishermen and their families.", None),
        ("The first ferry since the storm docked here.", DANGLING),
        ("As a result, the island's school will stay closed until March.", DANGLING),
        ("It is unclear whether the ferry will run again before the summer.", None),
        ("This week, the council voted to close the pier until the spring.", None),
    ],
)
def test_fragments_and_dangling_openings(text, reason):
    assert verdict(text, SETTINGS) == reason


def test_a_leading_connective_is_dropped_and_the_span_still_points_at_the_source():
    report = (
        "The storm closed the Kellan Island pier on Monday, stranding hundreds of commuters. "
        "But a temporary landing stage could open by Friday, the harbour master said on Tuesday."
    )
    result = brief([report], words=100)
    shown = next(s for s in result.sentences if "temporary landing stage" in s.text)
    assert shown.text.startswith("A temporary landing stage")
    [source] = shown.sources
    article = result.articles[0]
    in_source = article.text[source.start : source.end]
    assert in_source == "a temporary landing stage could open by Friday, the harbour master said on Tuesday."
    assert in_source[1:] == shown.text[1:] and in_source[0].upper() == shown.text[0]


def test_a_truncated_last_sentence_is_not_briefed():
    report = (
        "The storm closed the Kellan Island pier on Monday, stranding hundreds of commuters. "
        "Repairs are expected to take three weeks, the ferry operator said. "
        "The island council said it would ask the regional government for emergency funds to cover the"
    )
    result = brief([report], words=200)
    assert len(result.sentences) == 2
    assert all(s.text.endswith(".") for s in result.sentences)


def test_a_two_sentence_quotation_is_briefed_whole_or_not_at_all():
    report = (
        "The storm closed the Kellan Island pier on Monday, stranding hundreds of commuters. "
        '"We have never seen damage like this on the island. It will take weeks to rebuild the pier," '
        "the harbour master told reporters on Tuesday."
    )
    result = brief([report], words=200)
    texts = [s.text for s in result.sentences]
    assert any(t.startswith('"We have never seen') and t.endswith("on Tuesday.") for t in texts)
    assert not any(t.startswith("It will take weeks") for t in texts)


def test_when_every_sentence_fails_the_rules_the_brief_is_empty_and_says_why():
    result = brief(
        [
            "You can add location information to your Tweets, such as your city or precise location. "
            "He said it would reopen soon. the repairs were expected to take"
        ]
    )
    assert result.sentences == []
    [warning] = result.warnings
    assert warning.path == "rules"
    assert "page clutter" in warning.reason and "not a whole sentence" in warning.reason
    # an empty brief renders as nothing at all, not as a bare "Sources:" heading
    assert result.render("text") == "" and result.render("markdown") == ""


UNFIT = (
    "You can add location information to your Tweets, such as your city or precise location. "
    "He said it would reopen soon. the repairs were expected to take"
)


def test_cli_batch_and_api_say_so_when_nothing_is_fit_for_a_brief(tmp_path):
    import json

    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from wirebrief.cli import app
    from wirebrief.server.app import create_app

    (tmp_path / "unfit.txt").write_text(UNFIT, encoding="utf-8")
    result = CliRunner().invoke(app, ["brief", str(tmp_path / "unfit.txt")])
    assert result.exit_code == 1
    assert "no sentence is fit for a brief" in result.stderr

    source = tmp_path / "clusters.jsonl"
    source.write_text(
        json.dumps({"id": "bad", "documents": [UNFIT]}) + "\n" + json.dumps({"id": "good", "documents": [FERRY_A]}) + "\n"
    )
    CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "out.jsonl")])
    bad, good = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert bad["id"] == "bad" and "no sentence is fit for a brief" in bad["error"]
    assert good["id"] == "good" and good["sentences"]

    with TestClient(create_app(warm=False), raise_server_exceptions=False) as client:
        # a well-formed request is not refused for its content (issue 20): an empty brief with the warning
        response = client.post("/v1/briefs", json={"articles": [UNFIT]})
        assert response.status_code == 200 and response.json()["sentences"] == []
        assert any("no sentence is fit for a brief" in w["reason"] for w in response.json()["warnings"])


# --- the main news first ---------------------------------------------------------------------------------------

PREVIEW = (
    "Transport ministers from the five coastal states will meet in Port Calder on Thursday to discuss a shared "
    "ferry network. Officials expect the ministers to sign a memorandum on joint timetables ahead of the summer "
    "season. The five states have argued for years over subsidies for the island routes."
)
OUTCOME = (
    "Transport ministers from the five coastal states agreed on Thursday to create a shared ferry network with joint "
    "timetables from June. The agreement sets up a fund of 40 million euros to subsidise the island routes. "
    "The five states have argued for years over subsidies for the island routes."
)


@pytest.mark.parametrize("dated", [False, True])
def test_the_outcome_leads_a_brief_of_a_preview_and_an_outcome(dated):
    preview = {"text": PREVIEW, "outlet": "Coast Daily"}
    outcome = {"text": OUTCOME, "outlet": "Harbour Wire"}
    if dated:
        preview["published"], outcome["published"] = "2026-03-10T08:00:00Z", "2026-03-12T18:00:00Z"
    for words in (25, 60, 150):
        result = brief([preview, outcome], words=words)
        assert result.sentences[0].text.startswith("Transport ministers from the five coastal states agreed"), words


def test_a_later_date_outweighs_the_wording():
    # the "outcome" report is dated before the preview: it reports an earlier meeting, so the preview is newer
    preview = {"text": PREVIEW, "outlet": "Coast Daily", "published": "2026-03-12T08:00:00Z"}
    outcome = {"text": OUTCOME, "outlet": "Harbour Wire", "published": "2026-02-01T08:00:00Z"}
    result = brief([preview, outcome], words=150)
    assert not result.sentences[0].text.startswith("Transport ministers from the five coastal states agreed")


# --- names introduced before their short forms -----------------------------------------------------------------

def test_a_surname_comes_after_the_full_name():
    from wirebrief.compose.references import introduce_first
    from wirebrief.text.names import full_names, unintroduced

    articles = [
        "Harbour master Alia Brennan said the pier would reopen in March. Brennan said repairs had gone well.",
        "Mayor Tomas Lindqvist praised the crews. Lindqvist said the island owed them thanks.",
    ]
    known = full_names(articles)
    assert set(known) == {"Brennan", "Lindqvist"}
    uses = "Brennan told reporters the repairs would cost less than planned."
    names = "Harbour master Alia Brennan said the pier would reopen in March."
    assert unintroduced([uses, names], known) == [{"Brennan"}, set()]
    order, missing = introduce_first([0, 1], {0: uses, 1: names}, known)
    assert order == [1, 0] and missing == {}
    order, missing = introduce_first([0], {0: uses}, known)
    assert missing == {0: {"Brennan"}}


def test_a_brief_never_uses_a_surname_it_has_not_introduced():
    from wirebrief.text.names import full_names, unintroduced

    # the surname sentence is wire copy in both reports and leads them: the rules must keep it out or put the
    # full name before it
    articles = [
        "Brennan told reporters on Tuesday that repairs to the Kellan Island pier would cost 2 million euros. "
        "The storm in January tore away two of the pier's four landing stages and damaged the ferry ramp.",
        "Brennan told reporters on Tuesday that repairs to the Kellan Island pier would cost 2 million euros. "
        "The regional government has promised to pay for most of the work on the pier and the ramp. "
        "The harbour master, Alia Brennan, has run the port since 2019 and oversaw its last rebuild.",
    ]
    for words in (20, 40, 80):
        texts = [s.text for s in brief(articles, words=words).sentences]
        assert texts
        assert not any(unintroduced(texts, full_names(articles))), texts
        if any(t.startswith("Brennan told") for t in texts):
            assert texts.index(next(t for t in texts if "Alia Brennan" in t)) < texts.index(
                next(t for t in texts if t.startswith("Brennan told"))
            )


def test_a_sentence_that_points_back_may_follow_the_sentence_it_points_at():
    report = (
        "Harbour master Alia Brennan said on Monday that the Kellan Island pier would reopen in March. "
        "She added that the damaged ferry ramp would be rebuilt before the landing stages. "
        "The storm in January tore away two of the pier's four landing stages."
    )
    texts = [s.text for s in brief([report], words=200).sentences]
    position = texts.index("She added that the damaged ferry ramp would be rebuilt before the landing stages.")
    assert position > 0 and texts[position - 1].startswith("Harbour master Alia Brennan said")
    # never on its own, nor after another sentence
    assert not any(t.startswith("She added") for t in (s.text for s in brief([report], words=16).sentences))
