"""Outlets named from what the article says, honest source lists, inputs read once, languages named."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wirebrief import brief, brief_inputs
from wirebrief.cli import app
from wirebrief.text.outlet import credited_outlet, dateline_outlet

from .conftest import EXAMPLE

runner = CliRunner()

BODY = (
    "The city council voted on Monday to close the old harbour bridge to cars from next spring.\n\n"
    "The bridge, built in 1911, has needed repairs for a decade, engineers told the council.\n\n"
    "Cyclists and pedestrians will still be able to cross it, the mayor said after the vote."
)


@pytest.mark.parametrize(
    "ending, outlet",
    [
        ("\n\n— Reuters", "Reuters"),
        (" — Reuters", "Reuters"),  # after the last sentence, on its line
        ("\n\n(AFP)", "AFP"),
        ("\n\nSource: Harbour Gazette", "Harbour Gazette"),
        ("\n\n© 2026 The Valley Ledger. All rights reserved.", "The Valley Ledger"),
        ("\n\nSource: News Agencies", None),  # names no one outlet
        ("\n\n— Staff and agencies", None),
        ("", None),
        ("\n\n— Jane Doe", None),  # a sign-off by a person is not an agency credit
    ],
)
def test_credit_lines(ending, outlet):
    assert credited_outlet(BODY + ending) == outlet


@pytest.mark.parametrize(
    "opening, outlet",
    [
        ("PORTHAVEN (AP) _ ", "AP"),
        ("PORTHAVEN, Norland, Oct. 5 (Xinhua) -- ", "Xinhua"),
        ("PORTHAVEN , Oct 5 ( Xinhua ) -- ", "Xinhua"),  # Penn Treebank spacing
        ("Harbour news\n\nPORTHAVEN (Reuters) - ", "Reuters"),  # a headline first
        ("DATE_TIME: PORTHAVEN, Oct 21 (AFP)\n\n", "AFP"),  # a labelled dateline on its own line
        ("PORTHAVEN - ", None),  # a dateline that credits no one
        ("PORTHAVEN (Staff) - ", None),  # not a wire agency
        ("PORTHAVEN (Agencies) - ", None),  # names no one agency
        ("The council (AP) said ", None),  # no dateline
    ],
)
def test_dateline_credits(opening, outlet):
    assert dateline_outlet(opening + BODY) == outlet


def test_dateline_names_the_outlet_when_no_credit_line_does():
    made = brief(["PORTHAVEN (AP) _ " + BODY], words=60)
    assert (made.articles[0].outlet, made.articles[0].outlet_from) == ("AP", "dateline")
    credited = brief(["PORTHAVEN (AP) _ " + BODY + "\n\n— Reuters"], words=60)
    assert credited.articles[0].outlet == "Reuters"  # a credit line at the end comes first


def _articles(result) -> dict:
    return {a["id"]: a for a in json.loads(result.stdout)["articles"]}


def test_outlet_from_credit_site_url_and_file_name_as_last_resort(tmp_path):
    (tmp_path / "000_b5bf12ebea270d80.txt").write_text(BODY + "\n\n— Reuters")
    (tmp_path / "001_agencies.txt").write_text(BODY.replace("Monday", "Tuesday") + "\n\nSource: News Agencies")
    (tmp_path / "002_page.html").write_text(
        '<html><head><meta property="og:site_name" content="Valley Post"></head><body><article>'
        + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n")) + "</article></body></html>"
    )
    (tmp_path / "003_record.json").write_text(json.dumps({"text": BODY, "url": "https://www.tide-news.example/a/1"}))
    result = runner.invoke(app, ["brief", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0, result.output
    named = {i: (a["outlet"], a["outlet_from"]) for i, a in _articles(result).items()}
    assert named == {
        "000_b5bf12ebea270d80": ("Reuters", "credit line"),
        "001_agencies": ("001_agencies", "input name"),
        "002_page": ("Valley Post", "site name"),
        "003_record": ("tide-news.example", "url"),
    }


def test_stdin_is_named_stdin(tmp_path):
    result = runner.invoke(app, ["brief", "-", "-f", "json"], input=BODY)
    [article] = _articles(result).values()
    assert article["id"] == "stdin" and article["outlet_from"] == "input name"
    text = runner.invoke(app, ["brief", "-"], input=BODY + "\n\n— AFP").stdout
    assert "[1] AFP" in text and " - " not in text.split("Sources:")[1]


def test_the_same_input_twice_is_read_once(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes((EXAMPLE / "01-northwire.txt").read_bytes())
    result = runner.invoke(app, ["brief", str(EXAMPLE), str(EXAMPLE / "01-northwire.txt"), str(copy), "-f", "json"])
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 4
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert reasons[str(EXAMPLE / "01-northwire.txt")] == "given more than once; read once"
    assert reasons[str(copy)] == f"same content as {EXAMPLE / '01-northwire.txt'}; read once"
    assert result.stderr.count("read once") == 2


def test_sources_are_numbered_without_gaps_and_only_cited_ones_listed():
    # one sentence, carried by the first and the last of four articles
    texts = [BODY.split("\n\n")[0], "Rain is expected in the north of the country all week, forecasters said today.",
             "A new library opens in the east of the city on Saturday, the culture office announced.", BODY.split("\n\n")[0]]
    result = brief([{"text": t, "outlet": f"Outlet {n}"} for n, t in enumerate(texts, 1)], sentences=1)
    assert [s.article for s in result.sentences[0].sources] == ["a1", "a4"]
    text = result.render("text")
    assert text.splitlines()[0].endswith("[1][2]")
    assert text.split("Sources:\n")[1].splitlines() == ["[1] Outlet 1", "[2] Outlet 4"]
    markdown = result.render("markdown")
    assert markdown.split("**Sources**\n\n")[1].splitlines() == ["1. Outlet 1", "2. Outlet 4"]


def test_story_names_each_article_once(tmp_path):
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(EXAMPLE), "--db", db])
    story_id = json.loads(runner.invoke(app, ["stories", "--db", db, "-f", "json"]).stdout)[0]["id"]
    lines = runner.invoke(app, ["story", story_id, "--db", db]).stdout.split("Articles:\n")[1].splitlines()
    assert lines[0].startswith("[1] 01-northwire — “Dock workers")
    assert all(line.count("01-northwire") <= 1 for line in lines)
    assert any(line.startswith("[4] Coastline Radio (coastline-radio-1) — ") for line in lines)


def test_unsupported_language_is_named(tmp_path):
    (tmp_path / "ja.txt").write_text(
        "東京都議会は月曜日、古い港の橋を来春から車両通行止めにすることを決めた。\n\n"
        "橋は1911年に建設され、十年にわたって修理が必要だったと技術者は説明した。"
    )
    (tmp_path / "de.txt").write_text(
        "Der Stadtrat hat am Montag beschlossen, die alte Hafenbrücke ab dem nächsten Frühjahr für Autos zu sperren.\n\n"
        "Die Brücke wurde 1911 gebaut und muss seit zehn Jahren repariert werden, sagten die Ingenieure."
    )
    (tmp_path / "en.txt").write_text(BODY)
    result = brief_inputs([str(tmp_path)])
    assert [a.id for a in result.articles] == ["en"]
    assert {s.path.rsplit("/", 1)[1]: s.reason for s in result.skipped} == {
        "de.txt": "unsupported language: de (wirebrief briefs English)",
        "ja.txt": "unsupported language: ja (wirebrief briefs English)",
    }
    alone = runner.invoke(app, ["brief", str(tmp_path / "ja.txt")])
    assert alone.exit_code == 1 and "unsupported language: ja" in alone.stderr


def test_articles_of_several_stories_are_noticed(tmp_path):
    (tmp_path / "chess.txt").write_text(
        "The national chess championship in Velden ended on Sunday with a surprise win for a sixteen-year-old "
        "student.\n\nShe beat the defending champion in a final game that lasted more than six hours."
    )
    mixed = runner.invoke(app, ["brief", str(EXAMPLE), str(tmp_path / "chess.txt")])
    assert mixed.exit_code == 0
    assert "wirebrief: warning: articles: they look like 2 unrelated stories (01-northwire, 02-calder-gazette, " \
           "03-the-ledger, coastline-radio-1 | chess)" in mixed.stderr
    assert "unrelated" not in runner.invoke(app, ["brief", str(EXAMPLE)]).stderr


def test_a_source_nothing_names_is_listed_by_its_title_not_its_file_name(tmp_path):
    # the file name stands in for the outlet in JSON only; a reader sees the title, or the name marked as such
    (tmp_path / "000_b5bf12ebea270d80.txt").write_text("Harbour pier to reopen within a month\n\n" + BODY)
    (tmp_path / "001_c9d1.txt").write_text(BODY.replace("Monday", "Tuesday"))
    (tmp_path / "002_credited.txt").write_text(BODY + "\n\n— Reuters")
    data = json.loads(runner.invoke(app, ["brief", str(tmp_path), "-f", "json"]).stdout)
    named = {a["id"]: (a["outlet"], a["outlet_from"], a["title"]) for a in data["articles"]}
    assert named["000_b5bf12ebea270d80"] == ("000_b5bf12ebea270d80", "input name", "Harbour pier to reopen within a month")
    for fmt, prefix in (("text", "[{}] "), ("markdown", "{}. ")):
        output = runner.invoke(app, ["brief", str(tmp_path), "-f", fmt]).stdout
        listed = output.split("Sources")[1]
        assert "b5bf12ebea270d80" not in output
        assert prefix.format(1) + "“Harbour pier to reopen within a month”" in listed
        assert prefix.format(2) + "001_c9d1 (no outlet named)" in listed
        assert prefix.format(3) + "Reuters" in listed
