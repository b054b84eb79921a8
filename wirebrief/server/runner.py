"""Where the server's briefs run, so that one costly request cannot slow the others down.

Briefing is CPU-bound. A small request (the usual few articles) runs in a worker thread of the server process, at
most `threads` at a time: quick, and the event loop stays free. A large one (over LARGE_REQUEST_CHARS of article
text) runs in a separate worker process at a lower CPU priority (nice 10), at most `processes` at a time: it
cannot hold the server's GIL, and when the cores are busy the operating system serves the small requests
first. Each large brief has a time budget (`timeout` seconds): past it the worker is killed and the client gets
503; and at most `queue` large requests wait for a worker, beyond that they get 503 at once. The costs of the
pipeline itself are bounded by design (Settings.max_articles, max_sentences, wire matching's caps), so the time
budget is a last line of defence, not the usual path.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import anyio

from ..errors import WirebriefError

LARGE_REQUEST_CHARS = 200_000
TIMEOUT_S = 30.0


class Busy(Exception):
    """The brief could not be made within the server's budget; the message says why (sent with 503)."""


def _in_process(call: Callable[..., bytes], *args: Any) -> tuple[bytes | None, str | None]:
    """call(*args) in the worker process; a user error comes back as its message (exceptions may not pickle)."""
    try:
        return call(*args), None
    except WirebriefError as error:
        return None, str(error)


def _lower_priority() -> None:
    os.nice(10)
    from ..text.split import _tokenizer

    _tokenizer()  # load the sentence splitter now, not inside the first request's time budget


class BriefRunner:
    def __init__(self, threads: int = 2, queue: int = 4, timeout: float = TIMEOUT_S) -> None:
        self.threads = anyio.CapacityLimiter(threads)
        # one worker process: a brief over its budget is stopped by killing the process, which must not take
        # another request's brief with it
        self.processes = 1
        self.lane = asyncio.Semaphore(self.processes)
        self.queue = queue
        self.timeout = timeout
        self.waiting = 0
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            # spawn, not fork: the server process has threads, and a forked copy of a lock held by one of them
            # would never be released
            self._pool = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"), initializer=_lower_priority
            )
        return self._pool

    def start(self) -> None:
        """Start the worker process now (it takes a second or two), not on the first large request."""
        self._executor().submit(int)

    def close(self) -> None:
        if self._pool is not None:
            self._kill()

    def _kill(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # concurrent.futures cannot cancel a running task: stop its processes, then drop the executor
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    async def run(self, call: Callable[..., bytes], *args: Any, size: int) -> bytes:
        """call(*args), a module-level function that briefs and returns the JSON, in a thread or (size over
        LARGE_REQUEST_CHARS) the worker process; raises WirebriefError for bad input, Busy when over budget."""
        if size <= LARGE_REQUEST_CHARS:
            return await anyio.to_thread.run_sync(call, *args, limiter=self.threads)
        if self.waiting >= self.processes + self.queue:
            raise Busy("the server is busy with large briefs: retry in a few seconds")
        self.waiting += 1
        try:
            async with self.lane:
                future = self._executor().submit(_in_process, call, *args)
                try:
                    body, problem = await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
                except asyncio.TimeoutError:
                    self._kill()
                    raise Busy(f"the brief took longer than the server's {self.timeout:g}-second budget") from None
                except BrokenProcessPool:
                    self._kill()
                    raise Busy("the brief's worker process stopped: retry, or send less text") from None
        finally:
            self.waiting -= 1
        if problem is not None:
            raise WirebriefError(problem)
        return body  # type: ignore[return-value]
