"""--ray: batch and eval on a local Ray instance give the same output as one process, in input order."""

from __future__ import annotations

import io
import json
import os

import pytest

from wirebrief.batch import run_batch
from wirebrief.settings import Settings

from .conftest import EXAMPLE

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[scale]'); --ray is not tested")


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the whole module: starting one costs seconds."""
    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def _clusters() -> list[str]:
    """Invented clusters: the bundled example in several budgets' worth of copies, plus lines that must fail."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    lines = []
    for number in range(40):
        # vary the cluster so that outputs differ from line to line and order mistakes would show
        documents = [t.replace("Port Calder", f"Port Calder {number}") for t in texts[: 1 + number % len(texts)]]
        lines.append(json.dumps({"id": f"c{number}", "documents": documents}))
    lines.insert(5, "{not json")
    lines.insert(17, json.dumps({"id": "empty", "documents": ["   "]}))
    lines.insert(23, "")  # blank lines are skipped by both paths
    return [line + "\n" for line in lines]


def _batch(**options) -> str:
    out = io.StringIO()
    run_batch(iter(_clusters()), out.write, Settings().with_budget(words=60), **options)
    return out.getvalue()


def test_batch_on_ray_is_byte_identical_to_one_process_and_keeps_failures(local_ray):
    local = _batch(jobs=1)
    on_ray = _batch(ray=True)
    assert on_ray == local
    records = [json.loads(line) for line in on_ray.splitlines()]
    assert [r["id"] for r in records[:6]] == ["c0", "c1", "c2", "c3", "c4", "line-6"]
    assert "malformed JSON" in records[5]["error"] and records[17]["id"] == "empty" and "error" in records[17]
    assert len(records) == 42


def test_eval_on_ray_scores_the_same_clusters_the_same(local_ray, tmp_path):
    from wirebrief.evaluate.harness import run_evaluation

    data = tmp_path / "clusters.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    with data.open("w", encoding="utf-8") as handle:
        for number in range(12):
            summary = texts[number % len(texts)].split("\n", 3)[2]
            handle.write(json.dumps({"id": f"e{number}", "documents": texts, "summary": summary}) + "\n")
    local = run_evaluation(str(data), ["wirebrief", "lead"], 60)
    on_ray = run_evaluation(str(data), ["wirebrief", "lead"], 60, ray=True)
    key = [(r.cluster, r.system, r.words, r.scores, r.error) for r in local.rows]
    assert [(r.cluster, r.system, r.words, r.scores, r.error) for r in on_ray.rows] == key


def test_a_worker_lost_mid_run_is_retried_and_the_run_completes(local_ray, tmp_path):
    from wirebrief.scale import ordered_map

    marker = tmp_path / "killed-once"

    def square_or_die(value: int) -> int:
        if value == 7 and not marker.exists():
            marker.write_text("x")
            os._exit(1)  # the worker process dies as if killed; Ray retries the task on another worker
        return value * value

    results = list(ordered_map(square_or_die, range(20), 3, on_failure=lambda item, reason: -1))
    assert marker.exists() and results == [v * v for v in range(20)]


def test_a_task_that_keeps_failing_reports_each_of_its_items(local_ray):
    from wirebrief.scale import ordered_map

    def always_die(value: int) -> int:
        if value >= 4:
            os._exit(1)
        return value

    results = list(ordered_map(always_die, range(6), 4, on_failure=lambda item, reason: f"lost {item}"))
    assert results[:4] == [0, 1, 2, 3] and results[4:] == ["lost 4", "lost 5"]



def test_ingest_on_ray_gives_the_stories_of_a_local_ingest(local_ray, tmp_path):
    from wirebrief.stories import ingest_inputs, list_stories

    from .test_stories import BRIDGE, CHESS, records

    articles = []
    for bridge, chess in zip(records(BRIDGE, "b"), records(CHESS, "c")):
        articles += [bridge, chess]  # interleaved: placement order matters
    articles.append({"id": "b0-copy", "text": BRIDGE[0], "outlet": "a second feed"})  # an exact copy
    articles.append({"id": "blank", "text": "   "})  # dropped by cleaning, reported
    stream = tmp_path / "stream.jsonl"
    stream.write_text("".join(json.dumps(a) + "\n" for a in articles) + "{not json\n", encoding="utf-8")
    # three articles per batch: several Ray tasks, several transactions
    local = ingest_inputs([str(stream)], tmp_path / "local.db", briefs=False, batch_size=3)
    on_ray = ingest_inputs([str(stream)], tmp_path / "ray.db", briefs=False, batch_size=3, ray=True)
    assert on_ray.to_dict() == local.to_dict()
    assert on_ray.duplicates == ["b0-copy"] and len(on_ray.skipped) == 2
    def timeless(story):  # (undated: its times and its events' are when each ingest ran)
        kept = {k: v for k, v in story.items() if not k.endswith(("_seen", "_added", "_at"))}
        return {**kept, "events": [timeless(e) for e in story.get("events", [])]} if "events" in story else kept

    assert [timeless(s) for s in list_stories(tmp_path / "ray.db")] == [
        timeless(s) for s in list_stories(tmp_path / "local.db")
    ]
    assert len(list_stories(tmp_path / "ray.db")) == 2


@pytest.mark.parametrize("how", ["--ray-address", "RAY_ADDRESS"])
def test_an_unreachable_cluster_is_one_line_and_exit_1_in_seconds(tmp_path, how):
    """Ray itself retries an address where nothing listens for minutes (over 120 s measured); wirebrief says so at
    once. The port is one this test just bound and released, on 127.0.0.1: nothing listens there."""
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = tmp_path / "clusters.jsonl"
    source.write_text("".join(_clusters()[:3]), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    output = tmp_path / "out.jsonl"
    output.write_text("earlier briefs\n", encoding="utf-8")
    if how == "--ray-address":
        address = f"127.0.0.1:{port}"
        command = ["batch", str(source), "-o", str(output), "--ray-address", address]
    else:  # a Ray client address from the environment, for ingest
        address = env["RAY_ADDRESS"] = f"ray://127.0.0.1:{port}"
        command = ["ingest", str(source), "--db", str(tmp_path / "s.db"), "--ray"]
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "wirebrief.cli", *command], capture_output=True, text=True,
                         timeout=300, env=env, cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [f"wirebrief: error: cannot connect to the Ray cluster at {address}: "
                                       "Connection refused"]
    # a connection refused is answered at once; the bound leaves room for a loaded machine's start-up (~2 s quiet)
    assert time.monotonic() - started < 60
    assert output.read_text(encoding="utf-8") == "earlier briefs\n"  # nothing lost: the output was not opened


def test_a_line_lost_on_the_cluster_keeps_its_id_and_any_line_gets_a_record():
    from wirebrief.batch import lost_line

    settings = Settings()
    assert lost_line((3, json.dumps({"id": 7, "documents": []}), settings), "worker died") == {"id": "7", "error": "worker died"}
    assert lost_line((4, "not json", settings), "worker died") == {"id": "line-4", "error": "worker died"}
    deep = "[" * 100_000 + "]" * 100_000  # too deep for json.loads: still one record, not an exception
    assert lost_line((5, deep, settings), "worker died") == {"id": "line-5", "error": "worker died"}
