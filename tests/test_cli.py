import gzip
import json
import subprocess
import sys

from typer.testing import CliRunner

from wirebrief.cli import app

from .conftest import EXAMPLE

runner = CliRunner()


def test_brief_text_numbers_sources_and_lists_outlets():
    result = runner.invoke(app, ["brief", str(EXAMPLE), "--words", "80"])
    assert result.exit_code == 0, result.output
    body, sources = result.stdout.split("\nSources:\n")
    assert "[1][2][3]" in body.splitlines()[0]
    assert "[3] The Ledger" in sources


def test_brief_json_schema_and_markdown():
    result = runner.invoke(app, ["brief", str(EXAMPLE), "--format", "json", "--sentences", "3"])
    data = json.loads(result.stdout)
    assert len(data["sentences"]) == 3 and data["words"] == sum(len(s["text"].split()) for s in data["sentences"])
    markdown = runner.invoke(app, ["brief", str(EXAMPLE), "-f", "markdown"]).stdout
    assert markdown.startswith("- ") and "**Sources**" in markdown


def test_brief_from_stdin_jsonl():
    lines = "\n".join(
        json.dumps({"id": f"s{i}", "outlet": f"Outlet {i}", "text": text})
        for i, text in enumerate(
            [
                "The city council voted on Monday to ban cars from the old town square from next spring.",
                "The city council voted on Monday to ban cars from the old town square from next spring, officials said.",
            ]
        )
    )
    result = runner.invoke(app, ["brief", "-", "--format", "json"], input=lines)
    data = json.loads(result.stdout)
    assert [s["article"] for s in data["sentences"][0]["sources"]] == ["s0", "s1"]


def test_skips_are_reported_and_the_rest_is_briefed(tmp_path):
    (tmp_path / "good.txt").write_text((EXAMPLE / "01-northwire.txt").read_text())
    (tmp_path / "bad.json").write_text("{nope")
    result = runner.invoke(app, ["brief", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["skipped"][0]["reason"].startswith("malformed JSON")
    assert "skipped" in result.stderr and "bad.json" in result.stderr


def test_nothing_to_brief_exits_nonzero_with_one_line(tmp_path):
    (tmp_path / "a.bin").write_bytes(b"\x00\x00")
    result = runner.invoke(app, ["brief", str(tmp_path / "a.bin"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.stderr.startswith("wirebrief: error: nothing to brief")
    assert "Traceback" not in result.output
    usage = runner.invoke(app, ["brief", str(EXAMPLE), "--words", "10", "--chars", "100"])
    assert usage.exit_code == 2 and "only one of" in usage.stderr


def test_batch_keeps_order_and_never_loses_a_record(tmp_path):
    articles = [(EXAMPLE / name).read_text() for name in ("01-northwire.txt", "02-calder-gazette.txt")]
    lines = [
        json.dumps({"id": "first", "documents": articles}),
        "{broken",
        json.dumps({"id": "empty", "documents": ["", "  "]}),
        json.dumps({"id": "last", "documents": " ||||| ".join(articles)}),
    ]
    source = tmp_path / "clusters.jsonl.gz"
    source.write_bytes(gzip.compress("\n".join(lines).encode()))
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--words", "60", "--jobs", jobs])
        assert result.exit_code == 3, result.output  # some clusters failed
        assert result.stdout == ""
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert [r["id"] for r in records] == ["first", "line-2", "empty", "last"]
        assert "error" in records[1] and "error" in records[2]
        assert records[0]["brief"] == records[3]["brief"] and len(records[0]["brief"].split()) <= 60
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()


def test_cli_start_up_imports_nothing_heavy():
    code = "import sys, wirebrief.cli; print(sorted(m for m in ('numpy','sklearn','trafilatura','datasketch','nupunkt') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_briefing_a_usual_cluster_loads_neither_scipy_nor_the_language_model():
    """scipy (a big cluster's sparse statistics, the coverage methods) and py3langid's model (text that function
    words leave in doubt) cost most of a second to load; the example is briefed by the learned scorer without them."""
    code = ("import sys, wirebrief, wirebrief.text.language as language; wirebrief.brief_inputs([sys.argv[1]], words=80); "
            "print(sorted(m for m in ('scipy', 'sklearn') if m in sys.modules), language._identifier.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] 0"
