"""Inputs of any size for ingest: JSON Lines files (.jsonl, .ndjson, gzipped too) and JSON Lines on stdin are read
one line at a time, so a stream has no size limit — only each record has (`max_record_bytes`, the per-article limit
of `brief`). Every other input (a .txt, .html or .json file, a directory's files) is read whole by
`wirebrief.readers`, within the per-file limit.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..readers import RawArticle, ReadResult, read_bytes, read_inputs, read_record
from ..readers.base import detect_encoding
from ..readers.gzipped import GZIP_ERRORS, decompressed, format_suffix, is_gzipped
from ..readers.records import parse_json
from ..types import Skipped

STREAM_SUFFIXES = (".jsonl", ".ndjson")


class StreamReader:
    """Iterates the raw articles of the inputs in order; what could not be read collects in `skipped` and
    `warnings` as it goes. `bytes_read` counts input bytes consumed (compressed bytes for .gz), for progress."""

    def __init__(self, inputs: Iterable[str], max_record_bytes: int, stdin: BinaryIO | bytes | None = None):
        self.inputs = list(inputs)
        self.max_record_bytes = max_record_bytes
        self.stdin = stdin
        self.skipped: list[Skipped] = []
        self.warnings: list[Skipped] = []
        self.bytes_read = 0

    def total_bytes(self) -> int | None:
        """Bytes of the named files (for a progress bar), or None when stdin or a directory is among them."""
        total = 0
        for item in self.inputs:
            path = Path(item)
            if item == "-" or not path.is_file():
                return None
            total += path.stat().st_size
        return total

    def __iter__(self) -> Iterator[RawArticle]:
        for item in self.inputs:
            if item == "-":
                yield from self._stdin()
            elif Path(item).is_file() and _is_stream(Path(item)):
                yield from self._file(Path(item))
            else:
                yield from self._whole(read_inputs([item], self.max_record_bytes))
                if Path(item).is_file():
                    self.bytes_read += Path(item).stat().st_size

    def _whole(self, result: ReadResult) -> Iterator[RawArticle]:
        self.skipped += result.skipped
        self.warnings += result.warnings
        yield from result.articles

    def _file(self, path: Path) -> Iterator[RawArticle]:
        try:
            raw = open(path, "rb")
        except OSError as error:
            self.skipped.append(Skipped(str(path), f"cannot read: {error.strerror or error}"))
            return
        with raw:
            try:
                handle = decompressed(raw)
                encoding = detect_encoding(handle.peek(4)[:4])[0]
            except GZIP_ERRORS as error:
                self.skipped.append(Skipped(str(path), f"cannot read: {error}"))
                return
            if encoding not in ("utf-8", "utf-8-sig"):
                # UTF-16/32 (by its byte-order mark) or binary: read whole, as `brief` reads files
                yield from self._whole(read_inputs([str(path)], self.max_record_bytes))
                return
            yield from self._lines(handle, raw, str(path), path.name.split(".")[0] or "stream")

    def _stdin(self) -> Iterator[RawArticle]:
        source = self.stdin if self.stdin is not None else sys.stdin.buffer
        raw = io.BytesIO(source) if isinstance(source, bytes) else source
        raw = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
        gzipped = is_gzipped(raw.peek(2)[:2])
        try:
            handle = decompressed(raw)
            head = handle.peek(64 * 1024)[: 64 * 1024]
        except GZIP_ERRORS as error:
            self.skipped.append(Skipped("<stdin>", f"cannot read: {error}"))
            return
        if gzipped or _looks_like_jsonl(head):
            yield from self._lines(handle, raw, "<stdin>", "stdin")
        else:  # one document (text, HTML, JSON): read whole, within the per-article limit
            data = handle.read(self.max_record_bytes + 1)
            self.bytes_read += len(data)
            yield from self._whole(read_bytes(data, "<stdin>", "-", self.max_record_bytes))

    def _lines(self, handle: BinaryIO, raw: BinaryIO, where: str, stem: str) -> Iterator[RawArticle]:
        """The records of JSON Lines read from `handle` (decompressed already); `raw` is the input as given, whose
        position counts towards `bytes_read`."""
        base = self.bytes_read
        warned = False
        number = 0
        try:
            while True:
                line = handle.readline(self.max_record_bytes + 1)
                if not line:
                    break
                number += 1
                if len(line) > self.max_record_bytes and not line.endswith(b"\n"):
                    self.skipped.append(Skipped(f"{where}:{number}", f"record larger than the {self.max_record_bytes:,}-byte limit"))
                    _skip_rest_of_line(handle)
                    continue
                self._advance(raw, base)
                if not line.strip():
                    continue
                try:
                    text = line.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as error:
                    text = line.decode("utf-8", errors="replace")
                    if not warned:
                        self.warnings.append(Skipped(where, f"not valid UTF-8 (line {number}, byte {error.start}); undecodable bytes were replaced"))
                        warned = True
                value, problem = parse_json(text)
                if problem:
                    self.skipped.append(Skipped(f"{where}:{number}", problem.replace(" at line 1", "")))
                    continue
                result = read_record(value, f"{stem}-{number}", f"{where}:{number}")
                yield from self._whole(result)
        except GZIP_ERRORS as error:
            self.skipped.append(Skipped(where, f"stream stopped at line {number + 1}: {error}"))
        self._advance(raw, base)

    def _advance(self, raw: BinaryIO, base: int) -> None:
        try:
            self.bytes_read = max(self.bytes_read, base + raw.tell())
        except (OSError, ValueError):  # a pipe has no position
            pass


def _is_stream(path: Path) -> bool:
    return format_suffix(path) in STREAM_SUFFIXES


def _looks_like_jsonl(head: bytes) -> bool:
    """JSON Lines: an object that ends on its first line (a pretty-printed JSON document does not)."""
    first = head.lstrip().split(b"\n", 1)[0].rstrip()
    return first.startswith(b"{") and first.endswith(b"}")


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return
