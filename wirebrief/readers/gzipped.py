"""Gzip, told by its magic bytes and never by a name: a gzipped file is not always named .gz, nor the reverse.

Every input that may be gzipped — a file or stdin for `brief`, `batch`, `ingest` and `eval` — is opened or
decompressed here. A file's name still says its format ("a.jsonl.gz" is JSON Lines, gzipped or not):
`format_suffix`.
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
# what reading corrupt or truncated gzip data raises: BadGzipFile (an OSError), EOFError, or zlib's own error
GZIP_ERRORS = (OSError, EOFError, zlib.error)


def is_gzipped(head: bytes) -> bool:
    """Whether bytes starting with `head` are gzip data."""
    return head[:2] == GZIP_MAGIC


def gunzip(data: bytes, limit: int) -> bytes:
    """`data` decompressed, but at most `limit` + 1 bytes of it, so that a caller can tell that it is over its
    limit without a gzip bomb ever being expanded in memory. Raises one of GZIP_ERRORS when the data is corrupt."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        return handle.read(limit + 1)


def open_file(path: str | Path) -> BinaryIO:
    """The file at `path` opened for reading bytes, decompressed when it is gzip data."""
    with open(path, "rb") as probe:
        gzipped = is_gzipped(probe.read(2))
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def decompressed(stream: BinaryIO) -> BinaryIO:
    """`stream` (stdin, an open file) decompressed when it starts with gzip data, as a stream with `peek` either
    way."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    if is_gzipped(buffered.peek(2)[:2]):
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    return buffered


def format_suffix(name: str | Path) -> str:
    """The suffix that names a file's format, lower-cased, a ".gz" after it left aside: ".jsonl" for
    "Feed.JSONL.gz"; "" when there is none."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes[-1:] == [".gz"]:
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""
