"""`ordered_map`: a function over many items in forked worker processes, results in input order (batch --jobs,
eval --jobs). The Ray counterpart is `wirebrief.scale.ordered_map`.

Not multiprocessing.Pool: its workers share one lock on the task queue and an idle worker holds it while it waits
for work, so Pool.terminate() after a Ctrl-C waits forever for that lock whenever the tasks are not coming fast
enough (a loaded machine, a slow stdin): `batch --jobs 2` hung after Ctrl-C. Here each worker has its own pipe and
nothing is shared, so stopping the workers is a signal to each and a wait for it, never a lock. The workers leave
Ctrl-C (which a terminal sends to the whole process group) to the parent, which stops them: one clean
"interrupted" instead of a traceback per worker. A worker that dies (killed, out of memory) costs only its own items,
which `on_failure` answers for.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from .errors import WirebriefError

STOP = None


def ordered_map(
    func: Callable[[Any], Any],
    items: Iterable,
    jobs: int,
    chunksize: int = 1,
    on_failure: Callable[[Any, str], Any] | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
) -> Iterator:
    """func(item) for each item, computed `chunksize` items at a time in `jobs` worker processes and yielded in
    input order; at most 2 × jobs chunks are read ahead of the one yielded next. `on_failure(item, reason)` answers
    for the items of a worker that died (without it, that is a WirebriefError). An error raised while reading the
    items is raised here."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    workers: list[_Worker] = []
    busy: dict[Any, tuple[_Worker, int, list]] = {}  # connection -> (worker, chunk number, its items)
    done: dict[int, list] = {}
    sent = yielded = 0
    finished = False
    feeder = None
    try:
        workers = [_Worker(context, func, initializer, initargs) for _ in range(jobs)]
        idle = list(workers)
        feeder = _Feeder(items, chunksize, ahead=2 * jobs)
        while True:
            while idle and sent < yielded + 2 * jobs and (chunk := feeder.take()) is not None:
                worker = idle.pop()
                worker.connection.send(chunk)
                busy[worker.connection] = (worker, sent, chunk)
                sent += 1
            if feeder.ended and not busy:
                break
            for ready in wait([*busy, feeder.wakeup]):
                if ready == feeder.wakeup:
                    feeder.woken()
                    continue
                worker, number, chunk = busy.pop(ready)
                done[number], alive = worker.receive(chunk, on_failure)
                if not alive:
                    workers.remove(worker)
                    worker = _Worker(context, func, initializer, initargs)
                    workers.append(worker)
                idle.append(worker)
            while yielded in done:
                yield from done.pop(yielded)
                yielded += 1
        finished = True
    finally:
        for worker in workers:
            worker.stop(gently=finished)
        if feeder is not None:
            feeder.close()


class _Feeder:
    """Reads the items, in chunks, in a thread of its own: a slow input (a pipe, stdin) never holds back the results
    that are made already, and the main thread only ever waits in `wait()`, where Ctrl-C reaches it. Each chunk
    read makes `wakeup` (a pipe's read end) readable."""

    END = object()

    def __init__(self, items: Iterable, chunksize: int, ahead: int):
        import os
        import queue
        import threading

        self._queue: queue.Queue = queue.Queue(maxsize=ahead)
        self._read_end, self._write_end = os.pipe()
        self.wakeup = self._read_end
        self.ended = False
        remaining = iter(items)
        chunks = iter(lambda: list(islice(remaining, chunksize)), [])
        threading.Thread(target=self._run, args=(chunks,), daemon=True, name="wirebrief-feeder").start()

    def _run(self, chunks: Iterator[list]) -> None:
        import os

        try:
            for chunk in chunks:
                self._queue.put(chunk)
                os.write(self._write_end, b".")
            self._queue.put(self.END)
        except BaseException as error:  # raised in the main thread by take()
            self._queue.put(error)
        try:
            os.write(self._write_end, b".")
        except OSError:  # closed: the map has stopped
            pass

    def take(self) -> list | None:
        """The next chunk read, or None when there is none yet or no more (then `ended`)."""
        import queue

        if self.ended:
            return None
        try:
            chunk = self._queue.get_nowait()
        except queue.Empty:
            return None
        if chunk is self.END:
            self.ended = True
            return None
        if isinstance(chunk, BaseException):
            self.ended = True
            raise chunk
        return chunk

    def woken(self) -> None:
        import os

        os.read(self._read_end, 65536)

    def close(self) -> None:
        import os

        os.close(self._read_end)
        os.close(self._write_end)


class _Worker:
    """One forked process that runs `func` over the chunks sent down its own pipe."""

    def __init__(self, context, func, initializer, initargs):
        # SIGINT is blocked while forking, so the child cannot be hit before it ignores it; a Ctrl-C in that window
        # reaches the parent once it is unblocked
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.connection, child = context.Pipe()
            self.process = context.Process(target=_serve, args=(child, func, blocked, initializer, initargs), daemon=True)
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        child.close()

    def receive(self, chunk: list, on_failure) -> tuple[list, bool]:
        """(the results of the chunk sent last, whether this worker lives on)."""
        try:
            results, problem = self.connection.recv()
        except (EOFError, OSError):
            self.process.join()
            reason = f"worker process died (exit status {self.process.exitcode})"
            if on_failure is None:
                raise WirebriefError(reason) from None
            return [on_failure(item, reason) for item in chunk], False
        if problem is not None:
            raise WirebriefError(problem)
        return results, True

    def stop(self, gently: bool) -> None:
        """Let the worker finish (all its work is done), or end it now (Ctrl-C, an error)."""
        if gently:
            try:
                self.connection.send(STOP)
            except OSError:
                pass
        else:
            self.process.terminate()
        self.process.join()
        self.connection.close()


def _serve(connection, func, mask, initializer, initargs) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if initializer is not None:
        initializer(*initargs)
    while (chunk := connection.recv()) is not STOP:
        try:
            connection.send(([func(item) for item in chunk], None))
        except Exception as error:  # reported to the parent, which raises it there
            connection.send((None, f"worker: {type(error).__name__}: {error}"))
