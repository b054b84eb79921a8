"""Reading evaluation clusters (documents plus reference summaries) from JSON Lines.

One record per line, plain or gzipped:
``{"id": ..., "documents": [str, ...], "summary": str}``.  ``documents`` may instead be one
string with the articles separated by ``|||||`` (the Multi-News source form), and
``summary`` may instead be ``"summaries": [str, ...]`` (DUC/TAC, several references).
Lines that cannot be used come back as ``BadRecord`` so one bad line never stops a run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..readers.gzipped import GZIP_ERRORS, open_file
from ..readers.records import MULTINEWS_SEPARATOR


@dataclass
class EvalCluster:
    id: str
    documents: list[str]
    references: list[str]


@dataclass
class BadRecord:
    line: int
    id: str | None
    reason: str


def _documents(value: object) -> list[str] | str:
    """The non-empty documents of ``value``, or the reason they cannot be used."""
    if isinstance(value, str):
        value = value.split(MULTINEWS_SEPARATOR)
    elif not isinstance(value, list):
        return f'"documents" must be a list of strings or a string, got {type(value).__name__}'
    documents = []
    for index, document in enumerate(value):
        if not isinstance(document, str):
            return f"documents[{index}] is {type(document).__name__}, not a string"
        # Multi-News has empty articles; drop them rather than the whole cluster.
        if document.strip():
            documents.append(document.strip())
    return documents if documents else "no non-empty documents"


def _references(record: dict) -> list[str] | str:
    """The reference summaries of ``record``, or the reason they cannot be used."""
    if "summaries" in record:
        value = record["summaries"]
        if not isinstance(value, list) or not value:
            return '"summaries" must be a non-empty list of strings'
        for index, reference in enumerate(value):
            if not isinstance(reference, str):
                return f"summaries[{index}] is {type(reference).__name__}, not a string"
            # Dropping an empty one would silently change the multi-reference mean.
            if not reference.strip():
                return f"summaries[{index}] is empty"
        return [reference.strip() for reference in value]
    if "summary" not in record:
        return 'no "summary" or "summaries"'
    value = record["summary"]
    if not isinstance(value, str):
        return f'"summary" is {type(value).__name__}, not a string'
    if not value.strip():
        return "empty summary"
    return [value.strip()]


def _parse(raw: bytes, line_number: int) -> EvalCluster | BadRecord:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return BadRecord(line_number, None, f"not UTF-8: {error}")
    except json.JSONDecodeError as error:
        return BadRecord(line_number, None, f"malformed JSON: {error}")
    if not isinstance(record, dict):
        kind = type(record).__name__
        return BadRecord(line_number, None, f"a record must be a JSON object, got {kind}")
    raw_id = record.get("id")
    record_id = str(raw_id) if raw_id not in (None, "") else None
    if "documents" not in record:
        return BadRecord(line_number, record_id, 'no "documents"')
    documents = _documents(record["documents"])
    if isinstance(documents, str):
        return BadRecord(line_number, record_id, documents)
    references = _references(record)
    if isinstance(references, str):
        return BadRecord(line_number, record_id, references)
    return EvalCluster(record_id or f"line-{line_number}", documents, references)


def read_clusters(path: str | Path, limit: int | None = None) -> Iterator[EvalCluster | BadRecord]:
    """Yield each record of the JSONL file at ``path`` as an ``EvalCluster`` or ``BadRecord``.

    Blank lines are skipped.  ``limit`` caps the number of records read, bad ones
    included, so ``limit=K`` always covers the same first K records of the file.  Line
    numbers start at 1.  Errors reading the file itself are not about one record: a missing
    file propagates (OSError), and data that stops being readable midway (corrupt or truncated
    gzip) is an InputError that says where.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    if limit == 0:
        return
    read = 0
    with open_file(path) as handle:
        line_number = 0
        try:
            for line_number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                yield _parse(raw, line_number)
                read += 1
                if read == limit:
                    return
        except GZIP_ERRORS as error:
            after = f" (after line {line_number})" if line_number else ""
            raise InputError(f"{path}: cannot read: {error}{after}") from None
