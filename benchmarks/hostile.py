"""Hostile inputs (issue 12): worst-case seconds and peak memory of each case, on the CLI and the API.

    python benchmarks/hostile.py                       # every case, a Markdown table on stdout
    python benchmarks/hostile.py --only api --json benchmarks/out/hostile.json
    python benchmarks/hostile.py --only store --pg postgresql://…   # issue 28's store cases on SQLite and PostgreSQL

Bounded and loopback only: inputs are generated (invented words, seeded) in a temporary directory, the API cases
run against a server this script starts on 127.0.0.1 and stops, and every command has a timeout. Each CLI case is
one `wirebrief` process whose peak RSS comes from wait4(); an API case's memory is the server's peak (VmHWM) and,
for the large briefs, the brief worker process's. Goals: every case within 5 s and 500 MB, or refused within 1 s
with a clear message; no traceback, no 500, no record dropped; a normal brief while two worst-case briefs run takes
at most twice its idle latency. Exits 1 when a case breaks its goal.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS, GOAL_MB, REFUSE_SECONDS = 5.0, 500, 1.0
REPORT = "The council met on Monday to discuss the harbour bridge repairs, officials said."
NORMAL = [
    "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams. "
    "Ferries will run every twenty minutes until the repairs are finished in late June. Shop owners on the north "
    "bank said the closure would cost them a busy spring season.",
    "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams. "
    "Engineers spotted the damage during a routine inspection last week, the council said. The council has set "
    "aside four million crowns for the work.",
    "Commuters in Port Ellery face longer journeys after the council shut the harbour bridge on Monday. The ferry "
    "service will add two boats at peak hours, and buses will run a loop through the old town.",
]
DEEP = "[" * 100_000 + "]" * 100_000
BAD_DATES = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]
HOSTILE_TITLE = "[/bold] \x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\ [link=file:///etc/passwd]x[/link] \x1b[31mred"


def distinct_text(chars: int, seed: int = 7) -> str:
    """Sentences of invented words (no two alike), `chars` long: the costliest text for matching and scoring."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
                  for _ in range(60_000)]
    out, size = [], 0
    while size < chars:
        sentence = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 30))).capitalize() + "."
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)[:chars].rsplit(" ", 1)[0] + "."


def make_inputs(tmp: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    def write(name: str, text: str) -> Path:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files[name] = path
        return path

    write("nopunct.txt", "word " * 400_000)
    write("repetitive.txt", (REPORT + " ") * 32_000)
    write("distinct.txt", distinct_text(4_900_000))
    for i in range(10_000):
        write(f"many/r{i:05}.txt", f"Report {i}. {REPORT}")
    files["many"] = tmp / "many"
    write("dates.json", json.dumps([{"text": NORMAL[0], "published": BAD_DATES[0]},
                                    {"text": NORMAL[1], "published": BAD_DATES[1]}]))
    write("deep.json", DEEP)
    write("good.json", json.dumps({"articles": NORMAL}))
    good_line = json.dumps({"id": "c", "articles": NORMAL})
    write("batch-deep.jsonl", "\n".join([good_line] * 11 + [DEEP] + [good_line] * 8) + "\n")
    records = [json.dumps({"id": f"n{i}", "text": NORMAL[i % 3] + f" Item {i}.", "published": "2026-11-20"})
               for i in range(10)]
    records[3] = DEEP
    records[5] = json.dumps({"id": "d9999", "text": NORMAL[0] + " Late.", "published": BAD_DATES[0]})
    records[7] = json.dumps({"id": "d0001", "text": NORMAL[1] + " Early.", "published": BAD_DATES[1]})
    write("ingest-mixed.jsonl", "\n".join(records) + "\n")
    (tmp / "utf16.jsonl").write_bytes(("\n".join([good_line] * 5) + "\n").encode("utf-16"))
    files["utf16.jsonl"] = tmp / "utf16.jsonl"
    (tmp / "binary.jsonl").write_bytes(bytes(range(256)) * 4_000)
    files["binary.jsonl"] = tmp / "binary.jsonl"
    (tmp / "badutf8.jsonl").write_bytes(("\n".join([good_line] * 5) + "\n").encode().replace(b"council", b"c\xffouncil"))
    files["badutf8.jsonl"] = tmp / "badutf8.jsonl"
    slow_line = json.dumps({"id": "x", "articles": [" ".join(f"Sentence {i} on the harbour bridge and the vote on Monday."
                                                             for i in range(60))] * 2})
    write("batch-many.jsonl", (slow_line + "\n") * 400)
    write("titles.json", json.dumps([{"id": "t1", "title": HOSTILE_TITLE, "text": NORMAL[0]},
                                     {"id": "t2", "title": HOSTILE_TITLE, "text": NORMAL[2]}]))
    os.mkfifo(tmp / "pipe.txt")
    files["pipe.txt"] = tmp / "pipe.txt"
    return files


def run_cli(args: list[str], timeout: float = 120, **popen) -> dict:
    """One `wirebrief` process: seconds, its own peak RSS (wait4), exit code, stderr; killed at `timeout`."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "wirebrief.cli", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT, **popen)
    timer = threading.Timer(timeout, lambda: os.killpg(process.pid, signal.SIGKILL) if popen.get("start_new_session")
                            else process.kill())
    timer.start()
    out, err = process.stdout.read(), process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
            "mb": usage.ru_maxrss / 1024, "rc": process.returncode,
            "out": out.decode("utf-8", "replace"), "err": err.decode("utf-8", "replace")}


def cli_cases(files: dict[str, Path], tmp: Path) -> list[dict]:
    rows = []

    def case(name: str, args: list[str], check, refuse: bool = False, **kwargs) -> None:
        result = run_cli(args, **kwargs)
        ok, note = check(result)
        traceback = "Traceback" in result["err"]
        rows.append(row("CLI", name, result["seconds"], result["mb"], ok and not traceback, refuse,
                        note + ("; TRACEBACK" if traceback else ""), cpu=result["cpu"]))

    def briefed(result):
        skipped = sum(1 for line in result["err"].splitlines() if "skipped" in line)
        warned = [line for line in result["err"].splitlines() if "warning" in line]
        return result["rc"] == 0, f"exit {result['rc']}, {skipped} skip lines, {len(warned)} warnings"

    case("brief: 2 MB article, no punctuation", ["brief", str(files["nopunct.txt"])], briefed)
    case("brief: 2.6 MB repetitive article", ["brief", str(files["repetitive.txt"])], briefed)
    case("brief: 4.9 MB distinct text", ["brief", str(files["distinct.txt"])], briefed)
    case("brief: 10,000 near-identical files", ["brief", str(files["many"])], lambda r: (
        r["rc"] == 0 and "over the limit of 1,000 articles" in r["err"], f"exit {r['rc']}, cap reported"))
    case("brief: published 9999 -14:00 / 0001 +14:00", ["brief", str(files["dates.json"])], lambda r: (
        r["rc"] == 0 and r["err"].count("published date ignored") == 2, f"exit {r['rc']}, 2 date warnings"))
    case("brief: 100,000-deep JSON beside a good file", ["brief", str(files["deep.json"]), str(files["good.json"])],
         lambda r: (r["rc"] == 0 and "nested more than 32 levels" in r["err"], f"exit {r['rc']}, deep file skipped"))
    case("brief: a FIFO as input", ["brief", str(files["pipe.txt"]), str(files["good.json"])], lambda r: (
        r["rc"] == 0 and "not a regular file" in r["err"], f"exit {r['rc']}, FIFO skipped"), timeout=20)

    def batch_all(expected: int):
        def check(result):
            out = [json.loads(line) for line in result["out"].splitlines() if line.strip()]
            errors = sum("error" in record for record in out)
            return len(out) == expected, f"{len(out)} of {expected} records out, {errors} with an error"
        return check

    case("batch: 100,000-deep JSON as line 12 of 20", ["batch", str(files["batch-deep.jsonl"])], batch_all(20))
    case("batch: UTF-16 input", ["batch", str(files["utf16.jsonl"])], batch_all(5))
    case("batch: binary input", ["batch", str(files["binary.jsonl"])], lambda r: (
        r["err"].count("binary file") == 1 and not r["out"], f"exit {r['rc']}, one error line"), refuse=True)
    case("batch: invalid UTF-8", ["batch", str(files["badutf8.jsonl"])], lambda r: (
        r["err"].count("not valid UTF-8") == 1 and len(r["out"].splitlines()) == 5, "5 records, one warning"))

    db = tmp / "stories.db"
    case("ingest: deep line, dates 9999/0001 among 10", ["ingest", str(files["ingest-mixed.jsonl"]), "--db", str(db)],
         lambda r: (stored(r["out"]) == 9 and "nested more than 32 levels" in r["err"],
                    (r["out"].strip() or r["err"].strip()).splitlines()[-1]))
    case("ingest: a FIFO as input", ["ingest", str(files["pipe.txt"]), "--db", str(db)], lambda r: (
        "not a regular file" in r["err"], f"exit {r['rc']}, FIFO skipped"), timeout=20)
    titles_db = tmp / "titles.db"
    run_cli(["ingest", str(files["titles.json"]), "--db", str(titles_db)])
    case("stories: titles with markup and ESC sequences", ["stories", "--db", str(titles_db)], lambda r: (
        r["rc"] == 0 and "\x1b" not in r["out"] and "[/bold]" in r["out"], f"exit {r['rc']}, no ESC in output"))
    case("stories --since 5,000-digit number", ["stories", "--db", str(db), "--since", "9" * 5_000 + "d"], lambda r: (
        r["rc"] == 0, f"exit {r['rc']}"))

    # Ctrl-C to the process group (a terminal's) of `batch --jobs 2` midway
    process = subprocess.Popen([sys.executable, "-m", "wirebrief.cli", "batch", str(files["batch-many.jsonl"]),
                                "-o", str(tmp / "out.jsonl"), "--jobs", "2"], stderr=subprocess.PIPE, cwd=ROOT,
                               start_new_session=True)
    time.sleep(3)
    os.killpg(process.pid, signal.SIGINT)
    interrupted = time.perf_counter()
    try:
        _, err = process.communicate(timeout=30)
        hung = False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
        hung = True
    seconds = time.perf_counter() - interrupted
    time.sleep(0.3)
    orphans = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
    text = err.decode("utf-8", "replace")
    ok = not hung and process.returncode == 130 and not orphans and "Traceback" not in text
    rows.append(row("CLI", "batch --jobs 2: Ctrl-C to the process group", seconds, None, ok, True,
                    f"exit {process.returncode}, {len(orphans)} orphans, {text.count('Traceback')} tracebacks"
                    + (", HUNG" if hung else "")))
    return rows


# ---------- issue 28: the last unbounded reads, characters no store keeps, display spoofing, read-only stores ----

SOURCE = NORMAL[0]
BIDI = "Invoice \u202efdp.exe\u202c paid \u2066admin\u2069"


def input_cases(files: dict[str, Path], tmp: Path) -> list[dict]:
    """verify's summary and every other whole input through the one bounded reader; nothing-fits budgets."""
    rows: list[dict] = []
    source = tmp / "source.txt"
    source.write_text(SOURCE, encoding="utf-8")

    def case(name, args, expect_rc, needle, timeout=60, **popen):
        result = run_cli(args, timeout=timeout, **popen)
        lines = result["err"].strip().splitlines()
        ok = result["rc"] == expect_rc and len(lines) == 1 and needle in lines[0] and "Traceback" not in result["err"]
        rows.append(row("CLI", name, result["seconds"], result["mb"], ok, True,
                        f"exit {result['rc']}: {lines[-1][:110] if lines else '(nothing on stderr)'}", cpu=result["cpu"])
                    | {"goal": f"≤ {GOAL_LIMIT_S:g} CPU s, ≤ {GOAL_MB} MB, one line",
                       "ok": ok and result["cpu"] <= GOAL_LIMIT_S and result["mb"] <= GOAL_MB})

    case("verify /dev/zero SOURCES", ["verify", "/dev/zero", str(source)], 1, "not a regular file")
    case("verify FIFO SOURCES", ["verify", str(files["pipe.txt"]), str(source)], 1, "not a regular file")
    for command in (["verify", "-", str(source)], ["brief", "-"], ["ingest", "-", "--db", str(tmp / "zero.db")]):
        producer = subprocess.Popen(["head", "-c", "300M", "/dev/zero"], stdout=subprocess.PIPE)
        try:
            case(f"head -c 300M /dev/zero | {command[0]} -", command, 1, "larger than the 5,000,000-byte limit",
                 stdin=producer.stdout)
        finally:
            producer.kill()
            producer.wait()
    case("watch FIFO --once", ["watch", str(files["pipe.txt"]), "--once", "--db", str(tmp / "watch.db")], 1,
         "not a regular file")
    case("brief --chars 1", ["brief", str(source), "--chars", "1"], 1, "no brief-worthy sentence fits")
    return rows


GOAL_LIMIT_S = 10.0


def store_locations(tmp: Path, pg: str | None):
    """(engine, location, drop) for a scratch SQLite file and, given a server, a scratch PostgreSQL database."""
    yield "SQLite", str(tmp / "issue28.db"), lambda: None
    if not pg:
        return
    import uuid

    import psycopg

    name = "wbhostile_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    yield "PostgreSQL", pg.rsplit("/", 1)[0] + "/" + name, drop


def store_cases(engine: str, db: str, tmp: Path, copies: int) -> list[dict]:
    """NUL and lone surrogates beside good records, lookups holding NUL, bidi titles, exact copies, on one engine."""
    rows: list[dict] = []
    good = [{"id": f"g{i}", "title": f"Harbour bridge {i}", "text": text} for i, text in enumerate(NORMAL)]
    hostile = [good[0], {"id": "n\u0000id", "text": NORMAL[1] + " Extra."}, good[1],
               {"id": "n2", "title": "Bridge\u0000 shut", "outlet": "The\u0000 Ledger", "text": NORMAL[2] + " \u0000More."},
               {"id": "bidi", "title": BIDI, "outlet": "Out\u202elet", "text": NORMAL[0] + " Bidi."}]
    path = tmp / f"nul-{engine}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in hostile), encoding="utf-8")
    result = run_cli(["ingest", str(path), "--db", db])
    summary = (result["out"].strip() or "").splitlines()[-1:] or [""]
    ok = result["rc"] == 0 and stored(summary[0]) == 4 and "1 skipped" in summary[0] and "Traceback" not in result["err"]
    rows.append(row(f"CLI {engine}", "ingest: NUL in one id and in another's title, outlet, text", result["seconds"],
                    result["mb"], ok, False, summary[0], cpu=result["cpu"]))
    listed = run_cli(["stories", "--db", db])
    spoofable = [c for c in "\u202e\u202c\u2066\u2069" if c in listed["out"]]
    rows.append(row(f"CLI {engine}", "stories: titles and outlets with U+202E, U+2066", listed["seconds"], listed["mb"],
                    listed["rc"] == 0 and not spoofable and "\\u202e" in listed["out"], False,
                    f"exit {listed['rc']}, {len(spoofable)} raw bidi controls in the output", cpu=listed["cpu"]))
    rows += api_store_cases(engine, db, tmp)
    rows.append(duplicate_storage(engine, db, tmp, copies))
    return rows


def api_store_cases(engine: str, db: str, tmp: Path) -> list[dict]:
    import httpx

    port = free_port()
    rows: list[dict] = []
    command = [sys.executable, "-m", "wirebrief.cli", "serve", "--port", str(port), "--db", db]
    with server_process(command, tmp / f"server-{engine}.log") as (server, log):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            wait_until_up(client)
            fresh = [distinct_text(600, seed=seed) for seed in (1, 2, 3)]  # stories no earlier case stored
            body = {"articles": [{"id": "a\u0000", "text": fresh[0]}, {"id": "ok1", "text": fresh[1]},
                                 {"id": "ok2", "title": "T\u0000", "text": fresh[2] + " \u0000"}]}
            for method, path, payload, expect in (("POST", "/v1/articles", body, 200),
                                                  ("GET", "/v1/stories?q=%00", None, 422),
                                                  ("GET", "/v1/stories?q=bridge%00", None, 422),
                                                  ("GET", "/v1/stories/%00", None, 422),
                                                  ("GET", "/v1/stories?q=%25", None, 200)):
                pids = [server.pid, *children(server.pid)]
                cpu_before, started = cpu_seconds(pids), time.perf_counter()
                response = client.request(method, path, json=payload)
                seconds, cpu = time.perf_counter() - started, cpu_seconds(pids) - cpu_before
                answer = response.json()
                note = (f"{response.status_code}: added {answer.get('added')}, {len(answer.get('skipped', []))} skipped"
                        if path == "/v1/articles" else f"{response.status_code}: " + str(answer.get("error") or
                        f"{len(answer.get('stories', []))} stories"))  # fmt: skip
                ok = response.status_code == expect and (path != "/v1/articles" or answer.get("added") == ["ok1", "ok2"])
                rows.append(row(f"API {engine}", f"{method} {path}" + (" (NUL id beside good ones)" if payload else ""),
                                seconds, peak_mb(server.pid), ok, expect >= 400, note[:120], cpu=cpu))
        log.flush()
        text = (tmp / f"server-{engine}.log").read_text(errors="replace")
        rows.append({"where": f"API {engine}", "case": "server log: tracebacks", "seconds": None, "peak_mb": None,
                     "outcome": f"{text.count('Traceback')} tracebacks", "ok": "Traceback" not in text, "goal": "0"})
    return rows


def serve_cases(tmp: Path) -> list[dict]:
    """`wirebrief serve` itself: a client whose request head trickles in (one byte a second) or never comes, and the
    security headers of every HTML route."""
    import httpx

    port = free_port()
    rows: list[dict] = []
    command = [sys.executable, "-m", "wirebrief.cli", "serve", "--port", str(port), "--db", str(tmp / "serve.db")]
    with server_process(command, tmp / "serve.log") as (server, _):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            wait_until_up(client)
            for path in ("/", "/docs", "/redoc"):
                headers = client.get(path).headers
                policy = headers.get("content-security-policy", "")
                ok = "frame-ancestors 'none'" in policy and headers.get("x-frame-options") == "DENY"
                rows.append({"where": "API", "case": f"GET {path}: security headers", "seconds": None, "peak_mb": None,
                             "outcome": f"CSP {'with' if ok else 'WITHOUT'} frame-ancestors 'none', X-Frame-Options "
                             f"{headers.get('x-frame-options')}", "ok": ok, "goal": "CSP, frame-ancestors"})
        for name, trickle in (("head sent one byte a second", True), ("connection opened, nothing sent", False)):
            rows.append(slow_head(port, name, trickle, server.pid))
    return rows


def slow_head(port: int, name: str, trickle: bool, server_pid: int) -> dict:
    """Seconds until the server answers 408 and closes a connection whose request head never completes."""
    head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 100
    started = time.perf_counter()
    answer, closed = b"", False
    with socket.create_connection(("127.0.0.1", port), timeout=120) as raw:
        raw.settimeout(1.0)
        for byte in head if trickle else b"":
            try:
                raw.sendall(bytes([byte]))
                chunk = raw.recv(65536)  # the server's answer, or a second's wait: one byte a second
            except socket.timeout:
                continue
            except OSError:  # the server closed it
                closed = True
                break
            answer += chunk
            if not chunk:
                closed = True
                break
        raw.settimeout(120)
        while not closed:
            try:
                chunk = raw.recv(65536)
            except OSError:  # reset: closed too
                chunk = b""
            answer += chunk
            closed = not chunk
    seconds = time.perf_counter() - started
    status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "nothing"
    return {"where": "API", "case": f"slow client: {name}", "seconds": round(seconds, 2), "peak_mb": round(peak_mb(server_pid)),
            "outcome": f"{status}, then closed: {closed}", "ok": status == "408" and closed and seconds <= 12,
            "goal": "408 and closed at the 10 s head limit (≤ 12 s)"}


def wait_until_up(client) -> None:
    import httpx

    for _ in range(600):
        try:
            if client.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)


def duplicate_storage(engine: str, db: str, tmp: Path, copies: int) -> dict:
    """`copies` records with one text and their own ids: what the store grows by."""
    text = " ".join(NORMAL)
    path = tmp / f"copies-{engine}.jsonl"
    path.write_text("".join(json.dumps({"id": f"c{i}", "text": text}) + "\n" for i in range(copies)), encoding="utf-8")
    before = store_bytes(db)
    result = run_cli(["ingest", str(path), "--db", db, "--no-briefs"], timeout=1800)
    grown = store_bytes(db) - before
    summary = (result["out"].strip().splitlines() or [""])[-1]
    return row(f"CLI {engine}", f"ingest: {copies:,} identical records (own ids)", result["seconds"], result["mb"],
               result["rc"] == 0 and f"{copies - 1} duplicates" in summary, False,
               f"{summary.split(';')[0]}; store grew {grown / 1e6:.1f} MB ({grown / copies:.0f} bytes a copy; the text "
               f"is {len(text.encode()):,} bytes)", cpu=result["cpu"]) | {"goal": "≤ 500 MB RSS; a copy costs a row, not "
               "its text", "ok": result["mb"] <= GOAL_MB and grown / copies < len(text.encode())}


def store_bytes(db: str) -> int:
    """Bytes the store takes: a SQLite file with its WAL, or a PostgreSQL database."""
    if "://" not in db:
        return sum(Path(db + suffix).stat().st_size for suffix in ("", "-wal") if Path(db + suffix).exists())
    import psycopg

    with psycopg.connect(db) as connection:
        return int(connection.execute("SELECT pg_database_size(current_database())").fetchone()[0])


def stored(summary: str) -> int:
    """Articles added or linked as copies, from ingest's one-line summary ("3 added, 6 duplicates, ...")."""
    words = summary.replace(",", "").split()
    return sum(int(words[i - 1]) for i, word in enumerate(words) if word in ("added", "duplicates") and i > 0)


def row(where, name, seconds, mb, ok, refuse, note, cpu: float | None = None) -> dict:
    """One result. The goal is judged on CPU seconds where they are known: on this shared 2-core machine, wall time
    mostly measures the other jobs (load average 9 during these runs)."""
    limit = REFUSE_SECONDS if refuse else GOAL_SECONDS
    within = (seconds if cpu is None else cpu) <= limit and (mb is None or mb <= GOAL_MB)
    return {"where": where, "case": name, "seconds": round(seconds, 2), "cpu": None if cpu is None else round(cpu, 2),
            "peak_mb": None if mb is None else round(mb), "outcome": note, "ok": bool(ok and within),
            "goal": f"≤ {limit:g} s" + ("" if mb is None else f", ≤ {GOAL_MB} MB")}


# ---------- the API ----------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a live process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by live processes (from /proc/PID/stat)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def api_cases(tmp: Path) -> list[dict]:
    import httpx

    port = free_port()
    env = {**os.environ, "WIREBRIEF_DB": str(tmp / "api.db")}
    command = [sys.executable, "-m", "uvicorn", "wirebrief.server.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]
    base = f"http://127.0.0.1:{port}"
    rows: list[dict] = []
    statuses: list[int] = []
    with server_process(command, tmp / "server.log", env) as (server, log):
        with httpx.Client(base_url=base, timeout=60) as client:
            wait_until_up(client)
            time.sleep(3)  # the worker process warms up

            def post(path: str, body: bytes | dict, **headers) -> tuple[float, httpx.Response]:
                content = body if isinstance(body, bytes) else json.dumps(body).encode()
                started = time.perf_counter()
                response = client.post(path, content=content, headers={"content-type": "application/json", **headers})
                statuses.append(response.status_code)
                return time.perf_counter() - started, response

            def case(name, path, body, expect, refuse=False):
                pids = [server.pid, *children(server.pid)]
                cpu_before = cpu_seconds(pids)
                seconds, response = post(path, body)
                pids = [server.pid, *children(server.pid)]
                cpu = cpu_seconds(pids) - cpu_before
                memory = max(peak_mb(pid) for pid in pids)
                message = response.json().get("error") if response.status_code >= 400 else None
                note = f"{response.status_code}" + (f": {message}" if message else "")
                rows.append(row("API", name, seconds, memory, response.status_code == expect, refuse, note, cpu=cpu))

            nopunct = {"articles": ["word " * 400_000]}
            repetitive = {"articles": [(REPORT + " ") * 32_000]}
            distinct = {"articles": [distinct_text(4_800_000)]}
            case("POST /v1/briefs: 2 MB, no punctuation", "/v1/briefs", nopunct, 200)
            case("POST /v1/briefs: 2.6 MB repetitive", "/v1/briefs", repetitive, 200)
            case("POST /v1/briefs: 4.8 MB distinct text", "/v1/briefs", distinct, 200)
            case("POST /v1/briefs: 200 near-identical articles", "/v1/briefs",
                 {"articles": [f"Report {i}. {REPORT}" for i in range(200)]}, 200)
            case("POST /v1/briefs: 201 articles", "/v1/briefs", {"articles": [REPORT] * 201}, 422, True)
            case("POST /v1/briefs: lone surrogate \\ud800", "/v1/briefs", b'{"articles": ["a \\ud800 b"]}', 422, True)
            case("POST /v1/briefs: 100,000-deep JSON", "/v1/briefs", b'{"articles": ' + DEEP.encode() + b"}", 400, True)
            for value in BAD_DATES:
                case(f"POST /v1/briefs: published {value}", "/v1/briefs",
                     {"articles": [{"text": NORMAL[0], "published": value}, NORMAL[1]]}, 200)
                case(f"POST /v1/articles: published {value}", "/v1/articles",
                     {"articles": [{"text": NORMAL[2] + value, "published": value}]}, 200)
            for query, expect in (("1000000d", 200), ("9" * 5_000 + "d", 422), (BAD_DATES[0], 200)):
                started = time.perf_counter()
                response = client.get("/v1/stories", params={"since": query})
                statuses.append(response.status_code)
                rows.append(row("API", f"GET /v1/stories?since={query[:12]}{'…' if len(query) > 12 else ''}",
                                time.perf_counter() - started, peak_mb(server.pid), response.status_code == expect,
                                expect >= 400, str(response.status_code)))

        # a body that stops arriving
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=60) as raw:
            raw.sendall(b"POST /v1/briefs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 1000\r\n\r\n{\"articles\": [\"")
            answer, closed = b"", False
            while True:  # until the server closes the connection
                try:
                    chunk = raw.recv(65536)
                except OSError:
                    break
                if not chunk:
                    closed = True
                    break
                answer += chunk
        seconds = time.perf_counter() - started
        status = answer.split(b" ", 2)[1].decode() if answer else "nothing"
        rows.append(row("API", "POST /v1/briefs: body stops after 15 bytes", seconds, None,
                        status == "408" and closed, False, f"{status}, then the connection is closed: {closed}")
                    | {"goal": "≤ 5 s idle timeout + 1 s", "ok": status == "408" and closed and seconds <= 6})

        rows.append(latency_under_load(base, distinct, statuses))
        log.flush()
        text = (tmp / "server.log").read_text(errors="replace")
        rows.append({"where": "API", "case": "whole run: 500s and tracebacks", "seconds": None, "peak_mb":
                     round(max(peak_mb(pid) for pid in [server.pid, *children(server.pid)])),
                     "outcome": f"{statuses.count(500)} × 500, {text.count('Traceback')} tracebacks in the log",
                     "ok": statuses.count(500) == 0 and "Traceback" not in text, "goal": "0 and 0"})
    return rows


@contextmanager
def server_process(command: list[str], log_path: Path, env: dict | None = None):
    """(a server process logging to `log_path`, its log file), stopped by SIGINT (killed after 15 s) at the end."""
    log = log_path.open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    try:
        yield server, log
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def latency_under_load(base: str, worst: dict, statuses: list[int]) -> dict:
    """Median latency of a normal 3-article brief, idle and while two worst-case briefs are being made."""
    import httpx

    normal = {"articles": NORMAL, "words": 60}

    def normal_latencies(client, count) -> list[float]:
        out = []
        for _ in range(count):
            started = time.perf_counter()
            statuses.append(client.post("/v1/briefs", json=normal).status_code)
            out.append(time.perf_counter() - started)
        return out

    with httpx.Client(base_url=base, timeout=120) as client:
        idle = statistics.median(normal_latencies(client, 7))
        body = json.dumps(worst).encode()
        results: list[int] = []

        def heavy():
            with httpx.Client(base_url=base, timeout=120) as other:
                results.append(other.post("/v1/briefs", content=body,
                                          headers={"content-type": "application/json"}).status_code)

        threads = [threading.Thread(target=heavy) for _ in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # both bodies sent, briefs under way
        busy = []
        while any(thread.is_alive() for thread in threads) or len(busy) < 7:  # for as long as they run
            busy += normal_latencies(client, 1)
            time.sleep(0.2)
        for thread in threads:
            thread.join()
        statuses.extend(results)
    ratio = statistics.median(busy) / idle
    return {"where": "API", "case": "normal brief while two 4.8 MB briefs run", "seconds": round(statistics.median(busy), 3),
            "peak_mb": None, "outcome": f"idle median {idle * 1000:.0f} ms, busy median {statistics.median(busy) * 1000:.0f} ms "
            f"({ratio:.1f}×, {len(busy)} briefs); heavy answered {sorted(results)}", "ok": ratio <= 2.0, "goal": "≤ 2× idle"}


def markdown(rows: list[dict]) -> str:
    lines = ["| | case | wall s | CPU s | peak MB | outcome | goal | met |", "|---|---|---:|---:|---:|---|---|---|"]
    for r in rows:
        seconds = "" if r["seconds"] is None else f"{r['seconds']:.2f}"
        cpu = "" if r.get("cpu") is None else f"{r['cpu']:.2f}"
        mb = "" if r["peak_mb"] is None else str(r["peak_mb"])
        lines.append(f"| {r['where']} | {r['case']} | {seconds} | {cpu} | {mb} | {r['outcome']} | {r['goal']} | "
                     f"{'yes' if r['ok'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["cli", "api", "store"], help="Run only the CLI, API or store cases.")
    parser.add_argument("--pg", default=os.environ.get("WIREBRIEF_TEST_PG"),
                        help="A PostgreSQL server to create scratch databases on (default $WIREBRIEF_TEST_PG): the "
                             "store cases run on it too.")
    parser.add_argument("--copies", type=int, default=20_000, help="Identical records for the duplicate-storage case.")
    parser.add_argument("--json", type=Path, help="Also write the rows as JSON here.")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory(prefix="wirebrief-hostile-") as name:
        tmp = Path(name)
        files = make_inputs(tmp)
        rows: list[dict] = []
        if args.only in (None, "cli"):
            rows += cli_cases(files, tmp)
        if args.only in (None, "api"):
            rows += api_cases(tmp)
        if args.only in (None, "store"):
            rows += input_cases(files, tmp)
            rows += serve_cases(tmp)
            for engine, location, drop in store_locations(tmp, args.pg):
                try:
                    rows += store_cases(engine, location, tmp, args.copies)
                finally:
                    drop()
    print(markdown(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
