"""Brief many clusters: one JSON line in per cluster, one JSON line out, in input order, never a lost record."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from .errors import InputError, WirebriefError
from .readers.gzipped import GZIP_ERRORS, decompressed, open_file
from .settings import Settings

# A cluster line is never held whole past this: a line of Multi-News is a few kilobytes, a request to the API at most
# 5 MB; an endless line (`tr -d '\n' < /dev/urandom | batch -`) costs this much memory, then one error record.
MAX_LINE_BYTES = 50_000_000


class LineTooLong(str):
    """Stands for an input line over MAX_LINE_BYTES, which was skipped unread: `brief_line` answers it with an error."""


def open_lines(path: str, stdin: IO[bytes] | None = None, warn: Callable[[str], None] | None = None) -> Iterator[str]:
    """Lines of a JSONL file, gzipped or not (told by its first bytes), or of stdin for '-'. The encoding is
    UTF-8, or UTF-16/32 by a byte-order mark; binary input is refused with one InputError, and undecodable
    bytes are replaced with one `warn` for the whole input, not one error per line."""
    if path == "-":
        yield from _decoded_lines(decompressed(stdin or _own_stdin()), "<stdin>", warn)
        return
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{path}: no such file" if not file.exists() else f"{path}: not a regular file")
    with open_file(file) as handle:
        yield from _decoded_lines(handle, path, warn)


def _own_stdin() -> IO[bytes]:
    """Standard input through a reader of its own, not sys.stdin's: `--jobs` reads it in a thread, and a thread
    still blocked in sys.stdin's reader at exit (after a Ctrl-C) makes the interpreter abort as it closes it."""
    import sys

    try:
        return open(sys.stdin.fileno(), "rb", closefd=False)
    except (AttributeError, OSError, ValueError):  # no file descriptor (a test's stand-in): its own buffer
        return sys.stdin.buffer


def _decoded_lines(handle, path: str, warn: Callable[[str], None] | None) -> Iterator[str]:
    """The lines of `handle`; a read that fails, at once or midway (corrupt or truncated gzip), is one InputError."""
    try:
        yield from _lines(handle, path, warn)
    except GZIP_ERRORS as error:
        raise InputError(f"{path}: cannot read: {error}") from None


def _lines(handle, path: str, warn: Callable[[str], None] | None) -> Iterator[str]:
    from .readers.base import detect_encoding

    head = handle.peek(8192)[:8192]
    encoding, problem = detect_encoding(head)
    if problem:
        raise InputError(f"{path}: {problem}")
    if encoding != "utf-8":  # UTF-16/32: the limit counts characters, two or four bytes each
        text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline=None)
        while line := text.readline(MAX_LINE_BYTES + 1):
            yield _too_long(text, "\n") if len(line) > MAX_LINE_BYTES and not line.endswith("\n") else line
        return
    warned = False
    number = 0
    while raw := handle.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            yield _too_long(handle, b"\n")
            continue
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            if warn and not warned:
                warn(f"{path}: not valid UTF-8 (line {number}, byte {error.start}); undecodable bytes were replaced")
            warned = True
            yield raw.decode("utf-8", errors="replace")


def _too_long(handle, newline: str | bytes) -> LineTooLong:
    """Skip the rest of an over-long line, a megabyte at a time."""
    while (chunk := handle.readline(1 << 20)) and not chunk.endswith(newline):
        pass
    return LineTooLong(f"line larger than the {MAX_LINE_BYTES:,}-byte limit; skipped unread")


def brief_line(task: tuple[int, str, Settings]) -> dict:
    """One output record for one input line; any failure becomes an "error" field, never an exception."""
    from .pipeline import brief_from_read
    from .readers import read_record
    from .readers.records import parse_json

    number, line, settings = task
    if isinstance(line, LineTooLong):
        return {"id": f"line-{number}", "error": str(line)}
    record, problem = parse_json(line)
    if problem:
        return {"id": f"line-{number}", "error": problem.replace(" at line 1", "")}
    record_id = _record_id(record, number)
    try:
        result = brief_from_read(read_record(record, record_id, f"line {number}"), settings)
    except WirebriefError as error:
        return {"id": record_id, "error": str(error)}
    except Exception as error:  # a bug on one cluster must not lose the others
        return {"id": record_id, "error": f"internal error: {type(error).__name__}: {error}"}
    if result.empty_reason:  # nothing fit for a brief, or nothing fits the budget: a failed cluster
        return {"id": record_id, "error": result.empty_reason}
    line_out = {
        "id": record_id,
        "brief": result.text,
        "sentences": [s.to_dict() for s in result.sentences],
        "words": result.words,
    }
    if result.disagreements:
        line_out["disagreements"] = [d.to_dict() for d in result.disagreements]
    if result.skipped:
        line_out["skipped"] = [s.to_dict() for s in result.skipped]
    if result.warnings:
        line_out["warnings"] = [s.to_dict() for s in result.warnings]
    return line_out


def lost_line(task: tuple[int, str, Settings], reason: str) -> dict:
    """The output record for a line whose Ray task failed for good: its id (when readable) and the reason."""
    from .readers.records import parse_json

    number, line, _ = task
    return {"id": _record_id(parse_json(line)[0], number), "error": reason}


def _record_id(record, number: int) -> str:
    """A record's output id: its own "id", else "line-N"."""
    return str(record["id"]) if isinstance(record, dict) and record.get("id") is not None else f"line-{number}"


# clusters per Ray task: a task costs about a millisecond, a Multi-News cluster about 5 (benchmarks/ray_scale.py)
RAY_CHUNK = 16


def run_batch(
    lines: Iterator[str],
    write: Callable[[str], None],
    settings: Settings,
    jobs: int = 1,
    advance: Callable[[], None] | None = None,
    ray: bool = False,
    ray_address: str | None = None,
) -> tuple[int, int]:
    """Brief every non-blank line; returns (records written, records with an error). With `ray`, on a Ray
    cluster (wirebrief.scale): the same records in the same order."""
    tasks = ((number, line, settings) for number, line in enumerate(lines, start=1) if line.strip())
    written = failed = 0
    if ray:
        from .scale import ordered_map

        results = ordered_map(brief_line, tasks, RAY_CHUNK, on_failure=lost_line, address=ray_address)
    elif jobs > 1:
        from .processes import ordered_map as in_processes

        results = in_processes(brief_line, tasks, jobs, chunksize=8, on_failure=lost_line)
    else:
        results = map(brief_line, tasks)
    try:
        for result in results:
            write(json.dumps(result, ensure_ascii=False) + "\n")
            written += 1
            failed += "error" in result
            if advance:
                advance()
    finally:
        if hasattr(results, "close"):  # a Ctrl-C or a write error here: stop the workers now, not at exit
            results.close()
    return written, failed
