"""Readers: paths, directories and stdin to raw articles. Add a format by adding a module and one READERS entry."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from ..types import Skipped
from .base import RawArticle, ReadResult, decode
from .bounded import Unreadable, read_bounded
from .gzipped import GZIP_ERRORS, format_suffix, gunzip, is_gzipped
from .html import read_html
from .records import read_json, read_jsonl, read_record
from .text import read_text

Reader = Callable[[str, str, str], ReadResult]  # (text, path for messages, file stem) -> result

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}

__all__ = ["READERS", "RawArticle", "ReadResult", "Unreadable", "read_bounded", "read_inputs", "read_bytes", "read_record"]


def sniff_reader(text: str) -> Reader:
    """The reader for input with no file name (stdin), from its first characters."""
    head = text.lstrip()[:1]
    if head == "[":
        return read_json
    if head == "{":
        first_line = text.lstrip().split("\n", 1)[0]
        return read_jsonl if first_line.rstrip().endswith("}") else read_json
    if head == "<":
        return read_html
    return read_text


def read_bytes(data: bytes, path: str, name: str, max_bytes: int) -> ReadResult:
    """Read one input's bytes, gzipped or not; `name` decides the format (its extension), '-' means sniff it."""
    result = ReadResult()
    if is_gzipped(data):
        try:
            data = gunzip(data, max_bytes)
        except GZIP_ERRORS as error:
            result.skipped.append(Skipped(path, f"corrupt gzip data: {error}"))
            return result
        if len(data) > max_bytes:
            result.skipped.append(Skipped(path, f"larger than the {max_bytes:,}-byte limit once decompressed"))
            return result
    if len(data) > max_bytes:
        result.skipped.append(Skipped(path, f"larger than the {max_bytes:,}-byte limit ({len(data):,} bytes)"))
        return result
    text = decode(data, path, result)
    if text is None:
        return result
    if not text.strip():
        result.skipped.append(Skipped(path, "empty input"))
        return result
    stem = "stdin" if name == "-" else Path(name).name.split(".")[0] or "input"
    reader = sniff_reader(text) if name == "-" else READERS[format_suffix(name)]
    result.extend(reader(text, path, stem))
    return result


class _SeenInputs:
    """Inputs already read, by a hash of their bytes: the same file given twice (or under two names) is read once."""

    def __init__(self) -> None:
        self._first: dict[bytes, str] = {}

    def first_with(self, data: bytes, path: str) -> str | None:
        """The input read earlier with exactly these bytes, or None (and remember this one)."""
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if digest in self._first:
            return self._first[digest]
        self._first[digest] = path
        return None

    def skip_if_seen(self, data: bytes, path: str) -> ReadResult | None:
        """A skip for an input whose bytes were read before (empty inputs are left to say they are empty)."""
        earlier = self.first_with(data, path) if data.strip() else None
        if earlier is None:
            return None
        reason = "given more than once; read once" if earlier == path else f"same content as {earlier}; read once"
        return ReadResult(skipped=[Skipped(path, reason)])


def _read_file(path: Path, max_bytes: int, seen: _SeenInputs) -> ReadResult:
    suffix = format_suffix(path)
    if path.is_file() and suffix not in READERS:
        known = ", ".join(sorted(READERS))
        return ReadResult(skipped=[Skipped(str(path), f"unsupported file type '{suffix or path.name}' (known: {known})")])
    try:
        # a gzipped file over the limit would be over it decompressed too: gzip never shrinks what it cannot pack
        data = read_bounded(str(path), max_bytes)
    except Unreadable as error:
        reason = "a broken link" if error.reason.startswith("no such file") and path.is_symlink() else error.reason
        return ReadResult(skipped=[Skipped(str(path), reason)])
    return seen.skip_if_seen(data, str(path)) or read_bytes(data, str(path), path.name, max_bytes)


def _files_under(directory: Path) -> Iterable[Path]:
    # sorted so that the same directory gives the same brief on every machine
    # (pipes and devices are listed too, to be skipped with a reason rather than silently)
    return sorted(p for p in directory.rglob("*") if not p.is_dir() and not p.name.startswith("."))


def read_inputs(
    inputs: Iterable[str], max_bytes: int, stdin: bytes | None = None, max_articles: int | None = None
) -> ReadResult:
    """Read files, directories (recursively) and '-' (stdin) into raw articles, in the order given. With
    `max_articles`, reading stops once that many articles are read (a brief takes no more) and one skip entry
    says how many inputs were left unread."""
    result = ReadResult()
    seen = _SeenInputs()
    paths = _expand(inputs, result)
    for number, (item, path) in enumerate(paths):
        if max_articles is not None and len(result.articles) >= max_articles:
            result.skipped.append(Skipped(item, f"this and {len(paths) - number - 1:,} more inputs not read: "
                                                f"over the limit of {max_articles:,} articles in one brief"))
            break
        if path is None:
            try:
                data = stdin if stdin is not None else read_bounded("-", max_bytes)
            except Unreadable as error:
                result.skipped.append(Skipped(error.path, error.reason))
                continue
            result.extend(seen.skip_if_seen(data, "<stdin>") or read_bytes(data, "<stdin>", "-", max_bytes))
        else:
            result.extend(_read_file(path, max_bytes, seen))
    return result


def _expand(inputs: Iterable[str], result: ReadResult) -> list[tuple[str, Path | None]]:
    """(name, path) for every file to read, directories expanded; None for stdin. Missing inputs and empty
    directories go to result.skipped."""
    files: list[tuple[str, Path | None]] = []
    for item in inputs:
        if item == "-":
            files.append((item, None))
            continue
        path = Path(item)
        if path.is_dir():
            found = list(_files_under(path))
            if not found:
                result.skipped.append(Skipped(item, "directory has no files"))
            files += [(str(file), file) for file in found]
        elif path.exists():
            files.append((item, path))
        else:
            result.skipped.append(Skipped(item, "no such file or directory"))
    return files
