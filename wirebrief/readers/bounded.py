"""`read_bounded`: the one way a command reads a whole input (a file or '-', stdin) into memory — `brief`'s and
`ingest`'s files and stdin, `verify`'s summary, `watch`'s feed list. Its cost is bounded by design: a file must be
a regular file (a FIFO would block the open or the read forever, a device such as /dev/zero never ends) no larger
than the limit, and stdin is read to at most one byte past the limit, so `head -c 300M /dev/zero | wirebrief verify -`
is refused after reading 5 MB, not after holding 300 MB. Every refusal is an `Unreadable` with a one-line reason.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from ..errors import InputError

NOT_REGULAR = "not a regular file (a pipe, socket or device)"
CHUNK = 1 << 20


class Unreadable(InputError):
    """An input that was not read: `path` and a one-line `reason`."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def read_bounded(name: str, max_bytes: int, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of the file `name`, or of stdin (`stdin`, else sys.stdin) for '-'; at most `max_bytes` of them,
    else Unreadable."""
    if name == "-":
        return _read_at_most(stdin or sys.stdin.buffer, max_bytes, "<stdin>", "")
    shown = name
    try:
        # O_NONBLOCK: opening a FIFO for reading does not wait for a writer; fstat then refuses it
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise Unreadable(shown, "no such file or directory") from None
    except OSError as error:
        raise Unreadable(shown, f"cannot read: {error.strerror or error}") from None
    info = os.fstat(descriptor)
    problem = ("is a directory" if stat.S_ISDIR(info.st_mode) else NOT_REGULAR if not stat.S_ISREG(info.st_mode)
               else f"larger than the {max_bytes:,}-byte limit ({info.st_size:,} bytes)" if info.st_size > max_bytes
               else None)  # fmt: skip
    if problem:
        os.close(descriptor)
        raise Unreadable(shown, problem)
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "rb") as handle:
        return _read_at_most(handle, max_bytes, shown, " (it grew while read)")


def _read_at_most(handle: BinaryIO, max_bytes: int, shown: str, note: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= max_bytes and (chunk := handle.read(min(CHUNK, max_bytes + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise Unreadable(shown, f"cannot read: {error.strerror or error}") from None
    if size > max_bytes:
        raise Unreadable(shown, f"larger than the {max_bytes:,}-byte limit{note}")
    return b"".join(chunks)
