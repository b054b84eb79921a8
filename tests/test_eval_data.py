"""Reading evaluation clusters from plain and gzipped JSON Lines."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from wirebrief.evaluate.data import BadRecord, EvalCluster, read_clusters

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

RECORDS = [
    {"id": "a", "documents": ["First article.", "Second article."], "summary": "A summary."},
    {"id": "b", "documents": "Article one. ||||| Article two. |||||  ", "summary": "Two articles."},
    {"documents": ["Only article."], "summaries": ["Reference one.", "Reference two."]},
]


def write_jsonl(path: Path, lines: list[str], compress: bool = False) -> Path:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def dumps(records: list[dict]) -> list[str]:
    return [json.dumps(record) for record in records]


EXPECTED = [
    EvalCluster("a", ["First article.", "Second article."], ["A summary."]),
    EvalCluster("b", ["Article one.", "Article two."], ["Two articles."]),
    EvalCluster("line-3", ["Only article."], ["Reference one.", "Reference two."]),
]


def test_plain_file(tmp_path):
    path = write_jsonl(tmp_path / "clusters.jsonl", dumps(RECORDS))
    assert list(read_clusters(path)) == EXPECTED


def test_gzip_is_detected_by_magic_bytes_not_name(tmp_path):
    misnamed = write_jsonl(tmp_path / "clusters.jsonl", dumps(RECORDS), compress=True)
    assert list(read_clusters(misnamed)) == EXPECTED
    # and a plain file named .gz is read as plain text
    plain_gz = write_jsonl(tmp_path / "plain.jsonl.gz", dumps(RECORDS))
    assert list(read_clusters(str(plain_gz))) == EXPECTED


def test_bad_records_are_reported_not_raised(tmp_path):
    lines = [
        '{"id": "broken", "documents": [',  # malformed JSON
        json.dumps({"id": "no-docs", "documents": ["", "   "], "summary": "S."}),
        json.dumps({"id": "empty-sum", "documents": ["D."], "summary": "  "}),
        json.dumps({"id": "no-sum", "documents": ["D."]}),
        json.dumps({"id": "empty-ref", "documents": ["D."], "summaries": ["R.", ""]}),
        json.dumps({"id": 7, "documents": "|||||", "summary": "S."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-docs-key", "summary": "S."}),
        json.dumps({"id": "ok", "documents": ["", "Kept."], "summary": "S."}),
    ]
    results = list(read_clusters(write_jsonl(tmp_path / "bad.jsonl", lines)))
    bad = [r for r in results if isinstance(r, BadRecord)]
    assert [(b.line, b.id) for b in bad] == [
        (1, None),
        (2, "no-docs"),
        (3, "empty-sum"),
        (4, "no-sum"),
        (5, "empty-ref"),
        (6, "7"),
        (7, None),
        (8, "no-docs-key"),
    ]
    reasons = [b.reason for b in bad]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1] == "no non-empty documents"
    assert reasons[2] == "empty summary"
    assert reasons[3] == 'no "summary" or "summaries"'
    assert reasons[4] == "summaries[1] is empty"
    assert reasons[5] == "no non-empty documents"
    assert "JSON object" in reasons[6]
    assert reasons[7] == 'no "documents"'
    # empty documents are dropped, the rest of the cluster kept
    assert results[-1] == EvalCluster("ok", ["Kept."], ["S."])


def test_invalid_utf8_line_is_a_bad_record(tmp_path):
    path = tmp_path / "latin1.jsonl"
    latin1 = b'{"id": "x", "documents": ["caf\xe9"], "summary": "S."}\n'
    path.write_bytes(latin1 + dumps(RECORDS[:1])[0].encode() + b"\n")
    first, second = read_clusters(path)
    assert isinstance(first, BadRecord) and first.reason.startswith("not UTF-8")
    assert second == EXPECTED[0]


def test_limit_counts_records_including_bad_ones_and_skips_blank_lines(tmp_path):
    lines = ["", dumps(RECORDS)[0], "{oops", "", *dumps(RECORDS)[1:]]
    path = write_jsonl(tmp_path / "limited.jsonl", lines)
    limited = list(read_clusters(path, limit=2))
    assert len(limited) == 2
    assert limited[0] == EXPECTED[0]
    assert isinstance(limited[1], BadRecord) and limited[1].line == 3
    assert list(read_clusters(path, limit=0)) == []
    everything = list(read_clusters(path))
    assert len(everything) == 4
    # line numbers are physical lines, blank ones included
    assert everything[-1].id == "line-6"


def test_first_multinews_validation_records():
    path = SHARED_DATA / "multinews" / "val.jsonl.gz"
    if not path.exists():
        pytest.skip(f"Multi-News validation data not present at {path}")
    clusters = list(read_clusters(path, limit=3))
    assert len(clusters) == 3
    for cluster in clusters:
        assert isinstance(cluster, EvalCluster), cluster
        assert cluster.id.startswith("multinews-val-")
        assert cluster.documents and all(doc.strip() for doc in cluster.documents)
        assert len(cluster.references) == 1 and cluster.references[0].strip()
