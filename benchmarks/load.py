"""Bounded load check of the HTTP API on loopback: POST /v1/briefs with Multi-News-sized clusters.

    python benchmarks/load.py                      # 2,000 requests, 16 at a time, 2 uvicorn workers
    python benchmarks/load.py --requests 500 --concurrency 8 --workers 1 --json benchmarks/out/load.json

Starts its own server (uvicorn, `wirebrief.server.app:create_app`) on a free loopback port, warms it up,
sends the requests with an httpx async client, stops the server, and prints throughput, latency percentiles
and the error count. Bounded by --requests and --max-seconds; exits 1 if any request failed (or none ran).
Needs fastapi, uvicorn and httpx, and ../shared/data/multinews/val.jsonl.gz (clusters: {"documents": [...]}).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews" / "val.jsonl.gz"


def load_clusters(path: Path, count: int, max_articles: int) -> list[list[str]]:
    """The first `count` clusters with at least two non-empty documents, as lists of texts."""
    clusters: list[list[str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            documents = json.loads(line).get("documents") or []
            if isinstance(documents, str):
                from wirebrief.readers.records import MULTINEWS_SEPARATOR

                documents = documents.split(MULTINEWS_SEPARATOR)
            texts = [d if isinstance(d, str) else (d.get("text") or "") for d in documents]
            texts = [t for t in texts if t.strip()][:max_articles]  # Multi-News has empty documents
            if len(texts) >= 2:
                clusters.append(texts)
            if len(clusters) >= count:
                break
    return clusters


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "uvicorn", "wirebrief.server.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
    ]
    log = log_path.open("w")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)


async def wait_ready(base: str, process: subprocess.Popen, timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            try:
                if (await client.get(base + "/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"server not ready after {timeout:.0f} s")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def run_load(base: str, bodies: list[bytes], requests: int, concurrency: int, max_seconds: float,
                   timeout: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors: Counter[str] = Counter()
    words: list[int] = []
    sent = 0
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"content-type": "application/json"}

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:

        async def worker() -> None:
            nonlocal sent
            while sent < requests and time.monotonic() < deadline:
                body = bodies[sent % len(bodies)]
                sent += 1
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/briefs", content=body, headers=headers)
                except httpx.HTTPError as error:
                    errors[type(error).__name__] += 1
                    continue
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors[f"HTTP {response.status_code}"] += 1
                    continue
                data = response.json()
                if not data.get("sentences"):
                    errors["empty brief"] += 1
                words.append(data.get("words", 0))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started

    done = len(latencies) + sum(v for k, v in errors.items() if not k.startswith("HTTP") and k != "empty brief")
    return {
        "requests": done,
        "ok": len(latencies) - sum(v for k, v in errors.items() if k.startswith("HTTP") or k == "empty brief"),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "seconds": round(elapsed, 2),
        "throughput_rps": round(done / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "mean": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
            "p50": round(1000 * percentile(latencies, 50), 1),
            "p90": round(1000 * percentile(latencies, 90), 1),
            "p99": round(1000 * percentile(latencies, 99), 1),
            "max": round(1000 * max(latencies), 1) if latencies else None,
        },
        "mean_brief_words": round(statistics.fmean(words), 1) if words else None,
        "stopped_by_time": done < requests,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="Multi-News JSONL(.gz) with \"documents\".")
    parser.add_argument("--requests", type=int, default=2000, help="Requests to send (default 2000).")
    parser.add_argument("--concurrency", type=int, default=16, help="Requests in flight (default 16).")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default 2).")
    parser.add_argument("--clusters", type=int, default=200, help="Distinct clusters to cycle through.")
    parser.add_argument("--max-articles", type=int, default=200, help="Articles per request at most.")
    parser.add_argument("--words", type=int, default=150, help="Brief length in words.")
    parser.add_argument("--max-seconds", type=float, default=300, help="Stop sending after this long.")
    parser.add_argument("--timeout", type=float, default=60, help="Per-request timeout in seconds.")
    parser.add_argument("--warmup", type=int, default=64, help="Untimed requests first.")
    parser.add_argument("--url", help="Load an already running server instead of starting one.")
    parser.add_argument("--json", type=Path, help="Also write the figures here as JSON.")
    args = parser.parse_args()

    if not args.data.exists():
        print(f"load: no data at {args.data} (Multi-News validation set, gzipped JSONL)", file=sys.stderr)
        return 2
    clusters = load_clusters(args.data, args.clusters, args.max_articles)
    if not clusters:
        print(f"load: no usable clusters in {args.data}", file=sys.stderr)
        return 2
    bodies = [json.dumps({"articles": c, "words": args.words}).encode() for c in clusters]
    sizes = [len(b) for b in bodies]
    print(
        f"load: {len(clusters)} Multi-News clusters, {statistics.fmean(len(c) for c in clusters):.1f} articles "
        f"and {statistics.fmean(sizes) / 1000:.1f} kB per request on average",
        file=sys.stderr,
    )

    process = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = ROOT / "benchmarks" / "out" / "load-server.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        process = start_server(port, args.workers, log_path)
    try:
        if process is not None:
            asyncio.run(wait_ready(base, process, timeout=120))
            print(f"load: server up at {base} with {args.workers} worker(s)", file=sys.stderr)
        if args.warmup:
            asyncio.run(run_load(base, bodies, args.warmup, min(args.concurrency, args.warmup), 60, args.timeout))
        print(f"load: {args.requests} requests, {args.concurrency} at a time …", file=sys.stderr)
        figures = asyncio.run(
            run_load(base, bodies, args.requests, args.concurrency, args.max_seconds, args.timeout)
        )
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()

    figures.update(
        concurrency=args.concurrency,
        workers=None if args.url else args.workers,
        words=args.words,
        clusters=len(clusters),
        mean_request_kb=round(statistics.fmean(sizes) / 1000, 1),
        cpus=os.cpu_count(),
        python=platform.python_version(),
    )
    latency = figures["latency_ms"]
    print(
        f"requests {figures['requests']}  errors {figures['errors']}  "
        f"throughput {figures['throughput_rps']} req/s  "
        f"latency p50 {latency['p50']} ms  p90 {latency['p90']} ms  p99 {latency['p99']} ms  max {latency['max']} ms  "
        f"({figures['seconds']} s, {figures['concurrency']} concurrent, {figures['workers']} workers, "
        f"{figures['cpus']} CPUs)"
    )
    if figures["error_kinds"]:
        print(f"errors: {figures['error_kinds']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if figures["errors"] or not figures["requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
