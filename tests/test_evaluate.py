"""The evaluation harness end to end on small invented clusters (ROUGE itself is checked in test_rouge.py)."""

import gzip
import json

import pytest
from typer.testing import CliRunner

from wirebrief.cli import app
from wirebrief.errors import UsageError
from wirebrief.evaluate.harness import run_evaluation, summarize_run
from wirebrief.evaluate.report import markdown
from wirebrief.evaluate.systems import get_system

from .conftest import EXAMPLE

DOCS = [(EXAMPLE / name).read_text() for name in ("01-northwire.txt", "02-calder-gazette.txt")]
REFERENCE = (
    "Dock workers at Port Calder ended a nine-day strike after a wage deal. "
    "Wages rise 11 percent over three years and remote-controlled cranes are delayed until 2029."
)


@pytest.fixture
def clusters(tmp_path):
    lines = [
        json.dumps({"id": "strike", "documents": DOCS, "summary": REFERENCE}),
        json.dumps({"id": "multi", "documents": " ||||| ".join(DOCS), "summaries": [REFERENCE, "A strike ended."]}),
        "{broken json",
        json.dumps({"id": "nodocs", "documents": ["", " "], "summary": REFERENCE}),
        json.dumps({"id": "noref", "documents": DOCS, "summary": ""}),
    ]
    path = tmp_path / "clusters.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    return path


def test_systems_are_scored_on_the_same_clusters_and_bad_records_counted(clusters):
    run = run_evaluation(str(clusters), ["wirebrief", "lead", "sumy-lexrank"], words=40)
    assert [b.line for b in run.bad] == [3, 4, 5]
    summaries = {s.system: s for s in summarize_run(run)}
    assert set(summaries) == {"wirebrief", "lead", "sumy-lexrank"}
    for summary in summaries.values():
        assert summary.clusters == 2 and summary.errors == 0
        assert summary.words <= 40
        assert 0.2 < summary.means["rouge1"]["r"] <= 1.0
        assert summary.p50_ms > 0 and summary.peak_mib > 0
    table = markdown(run)
    assert "| wirebrief |" in table and "2 clusters scored, 3 skipped" in table
    assert "malformed JSON" in table


def test_same_run_gives_the_same_scores(clusters):
    first = run_evaluation(str(clusters), ["lead"], words=30)
    second = run_evaluation(str(clusters), ["lead"], words=30, jobs=2)
    assert [r.scores for r in first.rows] == [r.scores for r in second.rows]


def test_unknown_system_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown system 'nope'"):
        get_system("nope")


def test_cli_json_and_out_dir(clusters, tmp_path):
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["eval", str(clusters), "--systems", "lead,textrank", "--words", "50", "--recall", "-f", "json", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["measure"] == "recall" and [s["system"] for s in data["systems"]] == ["lead", "textrank"]
    assert len((out / "scores.jsonl").read_text().splitlines()) == 4  # 2 clusters × 2 systems
    assert (out / "results.md").read_text().startswith("ROUGE recall")
    missing = CliRunner().invoke(app, ["eval", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
