"""A story's timeline: dated events oldest first, with every source (wirebrief.facts.timeline, CLI, API)."""

import json
from datetime import date

from typer.testing import CliRunner

from wirebrief.cli import app
from wirebrief.stories import get_story, ingest_records, list_stories
from wirebrief.stories.timeline import build_timeline
from wirebrief.types import Article

WIRE = "Dock workers at Port Calder voted on Tuesday to end a nine-day strike over pay and automation."
REPORTS = [
    {"id": "wire", "outlet": "Northwire", "published": "2026-03-14T09:00:00Z",
     "text": f"{WIRE}\n\nThe strike began on March 5 after talks over pay broke down at the port.\n\n"
             "Port officials said the container backlog would be cleared by next Friday at the latest."},
    {"id": "gazette", "outlet": "Calder Gazette", "published": "2026-03-14T18:00:00Z",
     "text": f"{WIRE}\n\nThe port authority will present a new automation plan to the union on Monday morning.\n\n"
             "Many dockers at the port had not been paid since the strike began."},
]  # fmt: skip


def articles() -> list[Article]:
    return [Article(r["id"], r["text"], r["outlet"], published=r["published"]) for r in REPORTS]


def test_events_are_dated_oldest_first_with_every_source():
    events = build_timeline(articles())
    assert [(e.date, e.sentence.text.split()[0]) for e in events] == [
        ("2026-03-05", "The"),  # the strike began on March 5
        ("2026-03-10", "Dock"),  # "voted on Tuesday" in a Saturday report
        ("2026-03-16", "The"),  # "will present ... on Monday"
        ("2026-03-20", "Port"),  # "by next Friday"
    ]
    wire_event = events[1]
    assert {s.article for s in wire_event.sentence.sources} == {"wire", "gazette"}
    texts = {a.id: a.text for a in articles()}
    for event in events:
        for mention in event.sentence.dates:
            assert texts[mention.article][mention.start : mention.end] == mention.text


def test_unit_event_date_orders_units_by_when_things_happened():
    from wirebrief.pipeline import prepare
    from wirebrief.settings import Settings
    from wirebrief.text.dates import unit_event_date

    def event_time(index):  # undated units last, as the brief orders a developing story
        when = unit_event_date(cluster.units[index], cluster)
        return (when is None, when[0] if when else date.min)

    cluster = prepare(articles(), Settings())
    ordered = sorted(range(len(cluster.units)), key=event_time)
    dated = [i for i in ordered if "March 5" in cluster.units[i].text or "Tuesday" in cluster.units[i].text]
    assert "March 5" in cluster.units[dated[0]].text
    assert "paid since" in cluster.units[ordered[-1]].text  # no date: last


def test_no_dates_no_events():
    plain = [Article("a", "Dock workers ended their strike after a long dispute over pay.", "A")]
    assert build_timeline(plain) == []


def test_story_timeline_cli_and_api(tmp_path):
    db = tmp_path / "stories.db"
    ingest_records(REPORTS, db)
    [story] = list_stories(db)
    runner = CliRunner()
    text = runner.invoke(app, ["story", story["id"], "--db", str(db), "--timeline"])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert any(line.startswith("2026-03-10") and line.endswith("[1][2]") for line in lines), text.output
    data = json.loads(runner.invoke(app, ["story", story["id"], "--db", str(db), "--timeline", "-f", "json"]).output)
    assert [e["date"] for e in data["events"]] == sorted(e["date"] for e in data["events"])
    missing = runner.invoke(app, ["story", "nope", "--db", str(db), "--timeline"])
    assert missing.exit_code != 0 and "no story" in missing.output + (missing.stderr or "")

    try:
        from fastapi.testclient import TestClient

        from wirebrief.server.app import create_app
    except ImportError:  # the serve extra is not installed
        return
    with TestClient(create_app(db=db, warm=False)) as client:
        response = client.get(f"/v1/stories/{story['id']}/timeline")
        assert response.status_code == 200, response.text
        assert response.json() == data
        assert client.get("/v1/stories/nope/timeline").status_code == 404
    assert get_story(db, story["id"])["id"] == story["id"]


def test_a_developing_story_is_briefed_in_event_order_after_its_lead():
    from wirebrief import brief

    reports = [
        {"outlet": "A", "published": "2026-03-14T09:00:00Z",
         "text": "Dock workers at Port Calder voted on Friday to end their strike after a new pay offer from the port.\n\n"
                 "The union first walked out on March 2 after talks over automation collapsed at the port."},
        {"outlet": "B", "published": "2026-03-09T09:00:00Z",
         "text": "Talks between the union and Port Calder broke down again on Saturday over the pace of automation.\n\n"
                 "Ships have been queuing off the coast of Port Calder since the dock workers walked out."},
    ]  # fmt: skip
    result = brief(reports, sentences=4)
    days = [s.dates[0].date if s.dates else None for s in result.sentences[1:]]
    dated = [d for d in days if d]
    assert len(dated) >= 2 and dated == sorted(dated), [(s.text, s.dates) for s in result.sentences]
