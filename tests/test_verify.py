"""wirebrief verify: evidence, verdicts and what is pointed out, on the invented example and the dev sets."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

import wirebrief
from wirebrief.cli import app
from wirebrief.readers import read_inputs
from wirebrief.verification import verify_brief, verify_read

from .conftest import EXAMPLE, data_path

runner = CliRunner()

SUPPORTED = (
    "Dock workers at Port Calder voted on Tuesday to end a nine-day strike, after the port authority agreed to "
    "raise wages by 11 percent over three years."
)


def check(summary: str):
    return verify_read(summary, read_inputs([str(EXAMPLE)], 5_000_000))


def test_a_faithful_paraphrase_is_supported_and_cites_every_outlet_carrying_it():
    result = check(SUPPORTED)
    [sentence] = result.sentences
    assert sentence.verdict == "supported" and sentence.unsupported == []
    outlets = {source.outlet for source in sentence.sources}
    assert len(outlets) >= 3  # the wire sentence and its copies
    for source in sentence.sources:
        article = next(a for a in result.articles if a.id == source.article)
        assert "Port Calder" in article.text[source.start:source.end]
        assert 0 < source.score <= 1


@pytest.mark.parametrize(
    ("changed", "kind", "part"),
    [
        (SUPPORTED.replace("11 percent", "14 percent"), "number", "14"),
        (SUPPORTED.replace("three years", "five years"), "number", "five"),
        (SUPPORTED.replace("Tuesday", "Thursday"), "date", "Thursday"),
        (SUPPORTED.replace("Port Calder", "Port Belmont"), "name", "Belmont"),
        (SUPPORTED.replace("voted on Tuesday to end", "did not vote on Tuesday to end"), "negation", "not"),
    ],
)
def test_one_changed_fact_makes_the_sentence_unsupported_and_is_pointed_out(changed, kind, part):
    [sentence] = check(changed).sentences
    assert sentence.verdict == "unsupported"
    assert any(u.kind == kind and part in u.text for u in sentence.unsupported), sentence.unsupported


def test_a_negation_dropped_from_the_source_is_caught():
    faithful = "The authority will not introduce remote-controlled cranes on two of its five terminals before 2029."
    assert check(faithful).sentences[0].verdict == "supported"
    [sentence] = check(faithful.replace("will not introduce", "will introduce")).sentences
    assert sentence.verdict == "unsupported" and [u.kind for u in sentence.unsupported] == ["negation"]


def test_spelled_numbers_and_separators_match_digits():
    [sentence] = check("The union said 87 percent of its 2300 members backed the agreement in a ballot.").sentences
    assert sentence.verdict == "supported"


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_possessive_matches_the_name_it_is_formed_from(apostrophe):
    # the sources say "Supermarket chain Fairway said ... shelves should be restocked by the end of the month"
    [sentence] = check(f"Fairway{apostrophe}s shelves should be restocked by the end of the month.").sentences
    assert sentence.verdict == "supported" and [source.score for source in sentence.sources] == [1.0]


def test_partly_supported_points_out_the_words_no_span_carries():
    [sentence] = check("Dock workers at Port Calder voted to end the strike, angering local fishermen and bakers.").sentences
    assert sentence.verdict == "partly"
    assert [u.kind for u in sentence.unsupported] == ["other"]
    assert "fishermen" in sentence.unsupported[0].text


def test_unrelated_sentence_is_unsupported_without_sources():
    [sentence] = check("Astronomers discovered a comet near Saturn's rings yesterday.").sentences
    assert sentence.verdict == "unsupported" and sentence.sources == []


def test_json_shape_is_the_documented_one_and_deterministic():
    summary = SUPPORTED + " The strike cost importers 9 million dollars."
    first = check(summary).to_dict()
    assert first == check(summary).to_dict()
    assert set(first) == {"sentences", "articles", "skipped", "warnings"}
    for sentence in first["sentences"]:
        assert set(sentence) == {"text", "verdict", "sources", "unsupported"}
        assert sentence["verdict"] in ("supported", "partly", "unsupported")
        for source in sentence["sources"]:
            assert set(source) == {"article", "outlet", "start", "end", "spans", "score"}
        for part in sentence["unsupported"]:
            assert set(part) == {"text", "kind"} and part["kind"] in ("number", "date", "name", "negation", "other")


def test_library_call_takes_texts_and_a_list_of_sentences():
    texts = ["The council closed the harbour bridge on Monday after engineers found cracks in two beams."]
    result = wirebrief.verify(["The council closed the harbour bridge on Monday.", "It will reopen in May 2027."], texts)
    assert [s.verdict for s in result.sentences] == ["supported", "unsupported"]


def test_cli_verify_exit_codes_and_formats(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SUPPORTED + "\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(SUPPORTED + " The strike lasted 30 days.\n", encoding="utf-8")
    ok = runner.invoke(app, ["verify", str(good), str(EXAMPLE)])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("[supported] ") and "1 supported, 0 partly, 0 unsupported" in ok.stdout
    failing = runner.invoke(app, ["verify", str(bad), str(EXAMPLE), "--format", "json"])
    assert failing.exit_code == 4
    verdicts = [s["verdict"] for s in json.loads(failing.stdout)["sentences"]]
    assert verdicts == ["supported", "unsupported"]
    markdown = runner.invoke(app, ["verify", str(bad), str(EXAMPLE), "-f", "markdown"])
    assert markdown.exit_code == 4 and "- **unsupported**" in markdown.stdout and "“30” (number)" in markdown.stdout


def test_cli_verify_user_errors_are_one_line(tmp_path):
    missing = runner.invoke(app, ["verify", str(tmp_path / "nope.txt"), str(EXAMPLE)])
    assert missing.exit_code == 1 and "cannot read the summary" in missing.stderr and "Traceback" not in missing.output
    summary = tmp_path / "s.txt"
    summary.write_text("Something happened on Monday.", encoding="utf-8")
    nothing = runner.invoke(app, ["verify", str(summary), str(tmp_path / "absent-dir")])
    assert nothing.exit_code == 1 and "no source to check against" in nothing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    blank = runner.invoke(app, ["verify", str(empty), str(EXAMPLE)])
    assert blank.exit_code == 1 and "no sentences" in blank.stderr


def test_brief_verify_reports_on_stderr_and_changes_nothing():
    plain = runner.invoke(app, ["brief", str(EXAMPLE), "--words", "100"])
    checked = runner.invoke(app, ["brief", str(EXAMPLE), "--words", "100", "--verify"])
    assert checked.exit_code == 0 and checked.stdout == plain.stdout
    assert "wirebrief: verify: 4 supported, 0 partly, 0 unsupported" in checked.stderr


def test_long_summary_costs_bounded_time():
    # one 40,000-word "sentence" without punctuation: cost grows with the text, not with its square
    summary = " ".join(["dock workers strike wages port"] * 8_000)
    start = time.process_time()  # CPU seconds: other jobs on the machine do not stretch them
    sentences = check(summary).sentences  # cut into pieces of at most split.MAX_SENTENCE_CHARS
    assert time.process_time() - start < 10
    assert sentences and all(s.verdict in ("supported", "partly", "unsupported") for s in sentences)


def _dev_clusters(limit_multinews: int = 40, limit_duc: int = 6):
    from wirebrief.evaluate.data import EvalCluster, read_clusters

    found = [c for c in read_clusters(data_path("multinews", "val.jsonl.gz"), limit_multinews) if isinstance(c, EvalCluster)]
    found += [c for c in read_clusters(data_path("duc2003", "clusters.jsonl"), limit_duc) if isinstance(c, EvalCluster)]
    return found


def test_our_briefs_verify_as_fully_supported_on_dev_sets(seed_cluster):
    briefs = [wirebrief.brief_inputs([str(seed_cluster)])]
    briefs += [wirebrief.brief(c.documents, words=230) for c in _dev_clusters()]
    for made in briefs:
        checked = verify_brief(made)
        assert len(checked.sentences) == len(made.sentences)
        assert checked.all_supported, [(s.text, s.unsupported) for s in checked.sentences if s.verdict != "supported"]


def test_api_verify_and_its_errors():
    from fastapi.testclient import TestClient

    from wirebrief.server.app import create_app

    client = TestClient(create_app(warm=False))
    texts = [{"text": "The council closed the harbour bridge on Monday after engineers found cracks.", "outlet": "HT"}]
    response = client.post("/v1/verify", json={"summary": "The council closed the bridge on Friday.", "articles": texts})
    assert response.status_code == 200
    [sentence] = response.json()["sentences"]
    assert sentence["verdict"] == "unsupported" and {"text": "Friday", "kind": "date"} in sentence["unsupported"]
    assert sentence["sources"][0]["outlet"] == "HT"
    for body in ({"summary": "", "articles": texts}, {"summary": "x y", "articles": []},
                 {"summary": "x" * 100_001, "articles": texts}, {"summary": "x y", "articles": texts, "words": 3}):
        bad = client.post("/v1/verify", json=body)
        assert bad.status_code == 422 and "error" in bad.json()
    assert "/v1/verify" in client.get("/openapi.json").json()["paths"]
