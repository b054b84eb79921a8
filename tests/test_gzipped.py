"""Gzip told by magic bytes, never by name, the same way in every reader: brief, batch, ingest and eval."""

from __future__ import annotations

import gzip
import json

import pytest

from wirebrief.batch import open_lines
from wirebrief.errors import InputError
from wirebrief.evaluate.data import EvalCluster, read_clusters
from wirebrief.readers import read_bytes, read_inputs
from wirebrief.readers.gzipped import format_suffix, gunzip
from wirebrief.stories.stream import StreamReader

LIMIT = 5_000_000
RECORD = {"id": "r1", "text": "The ferry service resumed on Monday after a week of storms, the operator said."}
CLUSTER = {"id": "c1", "documents": ["First report of the ferry.", "Second report of it."], "summary": "Ferry back."}


def line(value: dict) -> bytes:
    return (json.dumps(value) + "\n").encode()


def test_a_gzipped_file_with_a_plain_name_is_decompressed_by_every_reader(tmp_path):
    articles = tmp_path / "articles.jsonl"  # gzip inside, no .gz in the name
    articles.write_bytes(gzip.compress(line(RECORD)))
    assert [a.id for a in read_inputs([str(articles)], LIMIT).articles] == ["r1"]
    assert [a.id for a in StreamReader([str(articles)], LIMIT)] == ["r1"]
    assert [json.loads(text)["id"] for text in open_lines(str(articles))] == ["r1"]
    clusters = tmp_path / "clusters.jsonl"
    clusters.write_bytes(gzip.compress(line(CLUSTER)))
    [cluster] = read_clusters(clusters)
    assert isinstance(cluster, EvalCluster) and cluster.documents == CLUSTER["documents"]


def test_a_plain_file_named_gz_is_read_as_it_is(tmp_path):
    plain = tmp_path / "articles.jsonl.gz"
    plain.write_bytes(line(RECORD))
    assert [a.id for a in read_inputs([str(plain)], LIMIT).articles] == ["r1"]
    assert [a.id for a in StreamReader([str(plain)], LIMIT)] == ["r1"]
    assert [json.loads(text)["id"] for text in open_lines(str(plain))] == ["r1"]
    clusters = tmp_path / "clusters.jsonl.gz"
    clusters.write_bytes(line(CLUSTER))
    assert [c.id for c in read_clusters(clusters)] == ["c1"]


def test_gzip_on_stdin_is_decompressed_for_brief_batch_and_ingest():
    data = gzip.compress(line(RECORD))
    assert [a.id for a in read_inputs(["-"], LIMIT, stdin=data).articles] == ["r1"]
    assert [a.id for a in StreamReader(["-"], LIMIT, stdin=data)] == ["r1"]
    import io

    assert [json.loads(text)["id"] for text in open_lines("-", stdin=io.BytesIO(data))] == ["r1"]


def test_a_gzipped_stream_is_read_line_by_line_past_the_per_record_limit(tmp_path):
    # python's gzip writes no file name, so the header holds NUL bytes: the stream must be decompressed before
    # its encoding is judged, or it is taken for binary and read whole (and refused over the per-file limit)
    records = [{"id": f"r{i}", "text": f"Report number {i} on the ferry service, which resumed on Monday."}
               for i in range(200)]
    stream = tmp_path / "feed.jsonl.gz"
    stream.write_bytes(gzip.compress(b"".join(line(r) for r in records)))
    reader = StreamReader([str(stream)], max_record_bytes=1_000)
    assert len(list(reader)) == 200 and not reader.skipped


def test_a_gzip_bomb_is_refused_without_expanding_it():
    bomb = gzip.compress(b" " * 50_000_000, compresslevel=9)
    assert len(gunzip(bomb, 1_000)) == 1_001  # only as much as it takes to know that it is over
    result = read_bytes(bomb, "bomb.txt.gz", "bomb.txt.gz", 1_000)
    assert [s.reason for s in result.skipped] == ["larger than the 1,000-byte limit once decompressed"]


def test_corrupt_gzip_is_one_skip_not_a_traceback(tmp_path):
    good = gzip.compress(line(RECORD) * 50)
    corrupt = good[:12] + bytes(b ^ 0x5A for b in good[12:40]) + good[40:]  # the deflate data garbled
    truncated = good[: len(good) // 2]
    for name, data in (("corrupt.jsonl", corrupt), ("truncated.jsonl", truncated)):
        path = tmp_path / name
        path.write_bytes(data)
        [skip] = read_inputs([str(path)], LIMIT).skipped
        assert skip.path == str(path) and skip.reason.startswith("corrupt gzip data")
        reader = StreamReader([str(path)], LIMIT)
        list(reader)
        assert len(reader.skipped) == 1 and reader.skipped[0].path == str(path)
        with pytest.raises(InputError, match=name):
            list(open_lines(str(path)))
        with pytest.raises(InputError, match=name):
            list(read_clusters(path))


def test_format_suffix_leaves_gz_aside():
    assert format_suffix("Feed.JSONL.gz") == ".jsonl"
    assert format_suffix("dir/notes.txt") == ".txt"
    assert format_suffix("archive.gz") == "" and format_suffix("README") == ""
