"""Brief many clusters: one JSON line in per cluster, one JSON line out, in input order, never a lost record."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from .errors import InputError, WirebriefError
from .settings import Settings


def open_lines(path: str, stdin: IO[bytes] | None = None) -> Iterator[str]:
    """Lines of a JSONL file, gzipped or not (told by its first bytes), or of stdin for '-'."""
    if path == "-":
        import sys

        stream = stdin or sys.stdin.buffer
        head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
        handle = gzip.GzipFile(fileobj=stream) if head == b"\x1f\x8b" else stream
        for raw in handle:
            yield raw.decode("utf-8", errors="replace")
        return
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{path}: no such file")
    with file.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    opener = gzip.open if gzipped else open
    with opener(file, "rt", encoding="utf-8", errors="replace") as handle:  # type: ignore[operator]
        yield from handle


def brief_line(task: tuple[int, str, Settings]) -> dict:
    """One output record for one input line; any failure becomes an "error" field, never an exception."""
    from .pipeline import brief_from_read
    from .readers import read_record

    number, line, settings = task
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": f"line-{number}", "error": f"malformed JSON: {error.msg}"}
    record_id = str(record.get("id")) if isinstance(record, dict) and record.get("id") is not None else f"line-{number}"
    try:
        result = brief_from_read(read_record(record, record_id, f"line {number}"), settings)
    except WirebriefError as error:
        return {"id": record_id, "error": str(error)}
    except Exception as error:  # a bug on one cluster must not lose the others
        return {"id": record_id, "error": f"internal error: {type(error).__name__}: {error}"}
    line_out = {
        "id": record_id,
        "brief": result.text,
        "sentences": [s.to_dict() for s in result.sentences],
        "words": result.words,
    }
    if result.skipped:
        line_out["skipped"] = [s.to_dict() for s in result.skipped]
    return line_out


def run_batch(
    lines: Iterator[str],
    write: Callable[[str], None],
    settings: Settings,
    jobs: int = 1,
    advance: Callable[[], None] | None = None,
) -> tuple[int, int]:
    """Brief every non-blank line; returns (records written, records with an error)."""
    tasks = ((number, line, settings) for number, line in enumerate(lines, start=1) if line.strip())
    written = failed = 0
    if jobs > 1:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(jobs)
        results = pool.imap(brief_line, tasks, chunksize=8)  # imap keeps input order
    else:
        pool = None
        results = map(brief_line, tasks)
    try:
        for result in results:
            write(json.dumps(result, ensure_ascii=False) + "\n")
            written += 1
            failed += "error" in result
            if advance:
                advance()
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return written, failed
