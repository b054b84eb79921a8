"""`wirebrief batch` with --jobs 1, --jobs 2 and --ray on Multi-News val, and Ray's per-task overhead.

1. Whole process, timed from outside: `wirebrief batch` on the first N val clusters (start-up, Ray start-up
   for --ray, reading, briefing, writing); the three outputs must be byte-identical.
2. `wirebrief ingest` of the same clusters' articles as a JSON Lines stream into a new store, without and with
   --ray (--no-briefs: briefing stories is not what --ray spreads); the stories must be the same.
3. Ray's per-task overhead on a local instance: the wall time of empty tasks (scheduling, serialisation,
   result transfer), set against the CPU time of briefing one cluster in one process; the share it takes of a
   task of RAY_CHUNK clusters is what batch pays.

Usage: python benchmarks/ray_scale.py [--clusters 1000] [--words 230] [--ingest-clusters 1000]
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import subprocess
import tempfile
import time
from pathlib import Path
from statistics import median

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews" / "val.jsonl.gz"


def whole_process(sample: Path, out: Path, words: int, options: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(["wirebrief", "batch", str(sample), "-o", str(out), "--words", str(words), "-q", *options],
                          capture_output=True)
    if done.returncode not in (0, 3):  # 3: some clusters failed, each reported in its line
        raise SystemExit(f"wirebrief batch {' '.join(options)} failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def ingest_compare(lines: list[str], tmp: Path) -> dict[str, float]:
    stream = tmp / "stream.jsonl"
    with stream.open("w", encoding="utf-8") as handle:
        for line in lines:
            record = json.loads(line)
            for number, document in enumerate(record["documents"]):
                if document.strip():
                    handle.write(json.dumps({"id": f"{record['id']}-{number}", "text": document}) + "\n")
    timings, stories = {}, {}
    for label, options in (("ingest", []), ("ingest --ray", ["--ray"])):
        db = tmp / f"{len(timings)}.db"
        start = time.perf_counter()
        subprocess.run(["wirebrief", "ingest", str(stream), "--db", str(db), "--no-briefs", "-q", *options],
                       check=True, capture_output=True)
        timings[label] = time.perf_counter() - start
        listed = subprocess.run(["wirebrief", "stories", "--db", str(db), "-f", "jsonl"], check=True,
                                capture_output=True, text=True).stdout
        stories[label] = [{k: v for k, v in json.loads(s).items() if not k.endswith(("_seen", "_added", "_at"))}
                          for s in listed.splitlines()]
    timings["articles"] = sum(1 for _ in stream.open())
    timings["stories"] = len(stories["ingest"])
    timings["same stories"] = stories["ingest"] == stories["ingest --ray"]
    return timings


def task_overhead(tasks: int = 2000) -> dict[str, float]:
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)

    @ray.remote
    def noop(value):
        return value

    ray.get([noop.remote(i) for i in range(50)])  # workers started
    start = time.perf_counter()
    ray.get([noop.remote(i) for i in range(tasks)])
    pipelined = (time.perf_counter() - start) / tasks
    start = time.perf_counter()
    for i in range(200):
        ray.get(noop.remote(i))
    round_trip = (time.perf_counter() - start) / 200
    ray.shutdown()
    return {"pipelined_ms": pipelined * 1000, "round_trip_ms": round_trip * 1000}


def brief_cpu_ms(lines: list[str], words: int) -> float:
    from wirebrief.batch import brief_line
    from wirebrief.settings import Settings

    settings = Settings().with_budget(words=words)
    brief_line((0, lines[0], settings))  # warm
    times = []
    for number, line in enumerate(lines, start=1):
        start = time.process_time()
        brief_line((number, line, settings))
        times.append(time.process_time() - start)
    return median(times) * 1000, sum(times) / len(times) * 1000


def main() -> None:
    from wirebrief.batch import RAY_CHUNK

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=1000)
    parser.add_argument("--words", type=int, default=230)
    parser.add_argument("--ingest-clusters", type=int, default=1000, help="clusters whose articles ingest streams")
    args = parser.parse_args()
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(args.clusters), handle)]
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        sample.write_text("".join(lines), encoding="utf-8")
        results = {}
        for label, options in (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"]), ("--ray", ["--ray"])):
            out = Path(tmp) / f"{label.strip('-').replace(' ', '')}.jsonl"
            results[label] = (whole_process(sample, out, args.words, options), out)
        identical = all(filecmp.cmp(results["--jobs 1"][1], out, shallow=False) for _, out in results.values())
        ingested = ingest_compare(lines[: args.ingest_clusters], Path(tmp))
    print(f"{len(lines)} Multi-News val clusters, --words {args.words}; outputs byte-identical: {identical}")
    print("| run | wall s | clusters/s | vs --jobs 1 |")
    print("|---|---|---|---|")
    base = results["--jobs 1"][0]
    for label, (seconds, _) in results.items():
        print(f"| {label} | {seconds:.1f} | {len(lines) / seconds:.0f} | {base / seconds:.2f}× |")
    print(f"\ningest of {ingested['articles']} articles ({args.ingest_clusters} clusters' documents), --no-briefs: "
          f"{ingested['ingest']:.1f} s locally, {ingested['ingest --ray']:.1f} s with --ray; "
          f"{ingested['stories']} stories, the same with --ray: {ingested['same stories']}")
    overhead = task_overhead()
    p50, mean = brief_cpu_ms([json.dumps(json.loads(line)) for line in lines[:300]], args.words)
    print(f"\nRay task overhead (local, 2 CPUs): {overhead['pipelined_ms']:.2f} ms per task pipelined, "
          f"{overhead['round_trip_ms']:.2f} ms one task at a time")
    print(f"briefing one cluster (CPU, one process): p50 {p50:.1f} ms, mean {mean:.1f} ms")
    for chunk in (1, 4, RAY_CHUNK, 64):
        share = overhead["pipelined_ms"] / (overhead["pipelined_ms"] + chunk * mean)
        print(f"  {chunk:>3} clusters per task: overhead {share:.1%} of the task")


if __name__ == "__main__":
    main()
