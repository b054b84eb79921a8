"""Dump every method's briefs, the story store and a few API answers as canonical JSON, to check that a refactor or a
speed change leaves the output byte-identical.

    python benchmarks/dump.py --out /tmp/before.jsonl [--quick] [--jobs 2]
    ... change the code ...
    python benchmarks/dump.py --out /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl

What is dumped (one JSON object a line, keys sorted, in a fixed order):
- briefs: every registered method (`wirebrief.METHODS`) at 60 and 150 words, through `wirebrief.brief`, on the seed
  cluster (read through `wirebrief.brief_inputs`, as the CLI reads a directory), the first 300 Multi-News val
  clusters, DUC 2003, TAC 2010 and the full-article Multi-News sample; a cluster that cannot be briefed is dumped as
  its one-line error;
- stories: the AllSides dev stream's articles, in order, ingested by the CLI into a temporary SQLite store, then
  `stories --format jsonl` and `story ID --format json` of the first story listed (wall-clock times, such as
  when a brief was made, are blanked);
- API: POST /v1/briefs and POST /v1/verify answers (FastAPI's TestClient) on the seed cluster's texts.

--quick takes a small subset (a few clusters of each set, the first 40 stream records) for a fast check. Only the
public API is used (the library's front doors, the CLI, the HTTP routes), so the script survives a reshuffle of the
package's modules. Data: ../shared/data, or $WIREBRIEF_DATA (research licences: read from there, never copied into the
repo). To dump another checkout's code: PYTHONPATH=/path/to/checkout python benchmarks/dump.py ...
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

DATA = Path(os.environ.get("WIREBRIEF_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
BUDGETS = (60, 150)
# when a brief was made or an article added: wall-clock times, different on every run by design
VOLATILE = ("brief_at", "first_added", "last_added")


def canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _jsonl(path: Path, limit: int | None):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in islice(lines, limit):
            yield json.loads(line)


def _documents(record: dict) -> list[str]:
    documents = record["documents"]
    return documents.split("|||||") if isinstance(documents, str) else documents


def cluster_sets(quick: bool) -> list[tuple[str, str, list | None]]:
    """(set, cluster id, documents) for every cluster; documents None: the seed cluster directory, read as files."""
    few = 3 if quick else None
    sets: list[tuple[str, str, list | None]] = [("seed", "seed-cluster", None)]
    sources = [
        ("multinews-val", DATA / "multinews" / "val.jsonl.gz", 5 if quick else 300),
        ("duc2003", DATA / "duc2003" / "clusters.jsonl", few),
        ("tac2010", DATA / "tac2010" / "clusters.jsonl", few),
        ("full-articles", DATA / "multinews" / "full-articles-sample.jsonl", few),
    ]
    for name, path, limit in sources:
        for number, record in enumerate(_jsonl(path, limit)):
            sets.append((name, str(record.get("id", number)), _documents(record)))
    return sets


def brief_cluster(task: tuple[str, str, list | None]) -> list[str]:
    """The dump lines of one cluster: every method at every budget."""
    import wirebrief

    name, cluster_id, documents = task
    lines = []
    for method in wirebrief.METHODS:
        for words in BUDGETS:
            try:
                if documents is None:
                    made = wirebrief.brief_inputs([str(DATA / "seed-cluster")], words=words, method=method).to_dict()
                else:
                    made = wirebrief.brief(documents, words=words, method=method).to_dict()
            except wirebrief.WirebriefError as error:
                made = {"error": f"{type(error).__name__}: {error}"}
            lines.append(canonical({"set": name, "cluster": cluster_id, "method": method, "words": words,
                                    "brief": made}))
    return lines


def _blank_volatile(value):
    if isinstance(value, dict):
        return {k: ("~" if k in VOLATILE else _blank_volatile(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank_volatile(v) for v in value]
    return value


def _cli(*args: str) -> str:
    """Run the wirebrief CLI (its installed entry point's function) and return stdout; a failure stops the dump."""
    env = {k: v for k, v in os.environ.items() if k != "WIREBRIEF_DB"}
    # story clustering breaks ties among candidate stories in set order, which follows Python's per-process string
    # hash seed: two runs of the same code can cluster a stream differently. A fixed seed compares code, not luck
    env["PYTHONHASHSEED"] = "0"
    done = subprocess.run([sys.executable, "-c", "from wirebrief.cli import main; main()", *args],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"dump: wirebrief {' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def story_lines(quick: bool, workdir: Path) -> list[str]:
    """Ingest the AllSides stream's articles in order, then list the stories and show the first one."""
    stream = workdir / "stream-articles.jsonl"
    with stream.open("w", encoding="utf-8") as out:
        for record in _jsonl(DATA / "allsides" / "stream-2021-04-07.jsonl", 40 if quick else None):
            for article in record["articles"]:
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
    db = str(workdir / "stories.sqlite")
    report = json.loads(_cli("ingest", str(stream), "--db", db, "--format", "json", "--quiet"))
    lines = [canonical({"stories": "ingest", "report": _blank_volatile(report)})]
    listed = [json.loads(line) for line in _cli("stories", "--db", db, "--format", "jsonl").splitlines()]
    lines += [canonical({"stories": "list", "story": _blank_volatile(story)}) for story in listed]
    if listed:
        shown = json.loads(_cli("story", listed[0]["id"], "--db", db, "--format", "json"))
        lines.append(canonical({"stories": "story", "story": _blank_volatile(shown)}))
    return lines


def api_lines(workdir: Path) -> list[str]:
    """A few HTTP API answers (status and JSON body) on the seed cluster's texts."""
    from fastapi.testclient import TestClient

    from wirebrief.server import create_app

    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "seed-cluster").glob("*.txt"))]
    articles = [{"text": text, "id": f"s{n}"} for n, text in enumerate(texts)]
    requests = [
        ("/v1/briefs", {"articles": articles, "words": 60}),
        ("/v1/briefs", {"articles": articles, "words": 150, "method": "coverage"}),
        ("/v1/briefs", {"articles": articles, "sentences": 3, "method": "lead"}),
        ("/v1/briefs", {"articles": [], "words": 60}),
        ("/v1/verify", {"summary": texts[0][:600], "articles": articles[1:]}),
        ("/v1/verify", {"summary": "Putin and Abe met in Nagato on Thursday; 14 deals were signed.",
                        "articles": articles}),
    ]
    lines = []
    with TestClient(create_app(db=str(workdir / "api.sqlite"))) as client:
        for route, body in requests:
            answer = client.post(route, json=body)
            lines.append(canonical({"api": route, "request": body, "status": answer.status_code,
                                    "answer": answer.json()}))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write here (default stdout)")
    parser.add_argument("--quick", action="store_true", help="a small subset, for a fast check")
    parser.add_argument("--jobs", type=int, default=1, help="processes briefing clusters (default 1)")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"dump: no data at {DATA}")
    started = time.process_time(), time.monotonic()
    tasks = cluster_sets(args.quick)
    lines: list[str] = []
    if args.jobs > 1:
        with get_context("fork").Pool(args.jobs) as pool:
            for done in pool.imap(brief_cluster, tasks, chunksize=1):
                lines += done
    else:
        for task in tasks:
            lines += brief_cluster(task)
    briefs = len(lines)
    with tempfile.TemporaryDirectory(prefix="wirebrief-dump-") as workdir:
        lines += story_lines(args.quick, Path(workdir))
        lines += api_lines(Path(workdir))
    text = "".join(line + "\n" for line in lines)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    cpu = time.process_time() - started[0]
    print(f"dump: {briefs} briefs, {len(lines) - briefs} story/API lines; {time.monotonic() - started[1]:.0f}s wall, "
          f"{cpu:.0f}s CPU in the main process", file=sys.stderr)


if __name__ == "__main__":
    main()
