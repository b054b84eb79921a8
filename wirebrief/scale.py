"""Spreading batch and eval work over a Ray cluster (`--ray`); imported only when asked for.

Work goes to Ray in chunks of items (clusters), not one task per item: a Ray task costs about a millisecond
of scheduling and serialisation (benchmarks/ray_scale.py), as much as briefing a short cluster, so chunks keep
that overhead under a few per cent. Results come back in input order, whatever order the workers finish in,
with a bounded number of chunks in flight so that memory stays flat on any input size. A task whose worker
process dies is retried by Ray (MAX_RETRIES); a chunk that still fails is reported item by item through
`on_failure`, so that no input is ever dropped.
"""

from __future__ import annotations

import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from .errors import InputError, UsageError

Item = TypeVar("Item")
Result = TypeVar("Result")

ADDRESS_ENV = "RAY_ADDRESS"
# a worker lost mid-task (killed, out of memory, its node gone) is retried this many times
MAX_RETRIES = 3
# chunks in flight per CPU of the cluster: enough to keep every worker busy while results are written in order
IN_FLIGHT_PER_CPU = 2
# seconds to wait for a cluster's address to accept a connection before saying it cannot be reached (Ray itself
# retries an unreachable address for minutes)
CONNECT_TIMEOUT = 5.0


def connect(address: str | None = None):
    """The `ray` module, connected: to `address` ("auto", "ray://host:10001", or $RAY_ADDRESS), else to a
    local instance started here (the machine's CPUs, no dashboard)."""
    try:
        import ray
    except ImportError:
        raise UsageError("--ray needs Ray: pip install 'wirebrief[scale]'") from None
    if not ray.is_initialized():
        address = address or os.environ.get(ADDRESS_ENV) or None
        if address is not None:
            check_reachable(address)
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
        except ValueError as error:  # an address Ray cannot read
            raise UsageError(f"--ray-address {address}: {str(error).splitlines()[0]}") from None
        except (ConnectionError, RuntimeError) as error:
            where = address or "a local instance"
            raise InputError(f"cannot connect to the Ray cluster at {where}: {str(error).splitlines()[0]}") from None
    return ray


def check_reachable(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """InputError at once when nothing accepts a connection at a cluster's `HOST:PORT` (or `ray://HOST:PORT`).
    "auto" and "local" are left to Ray, which answers at once when this machine runs no cluster."""
    if address in ("auto", "local"):
        return
    host, sep, port = address.split("://", 1)[-1].rstrip("/").rpartition(":")
    if not sep or not port.isdigit():
        return  # not HOST:PORT: Ray says what is wrong with it
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise InputError(f"cannot connect to the Ray cluster at {address}: {reason}") from None


def _apply(function: Callable[[Any], Any], chunk: list) -> list:
    return [function(item) for item in chunk]


def ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    chunk_size: int,
    on_failure: Callable[[Item, str], Result],
    address: str | None = None,
) -> Iterator[Result]:
    """`function` over `items` on Ray workers, `chunk_size` items per task, results in input order.

    `function` must not raise for a bad item (it reports it in its result); `on_failure(item, reason)` makes
    the result for each item of a chunk whose task failed even after Ray's retries.
    """
    ray = connect(address)
    remote = ray.remote(max_retries=MAX_RETRIES)(_apply)
    function_ref = ray.put(function)
    window = max(2, IN_FLIGHT_PER_CPU * int(ray.cluster_resources().get("CPU", 1)))
    pending: deque[tuple[list, Any]] = deque()

    def collect() -> list:
        chunk, ref = pending.popleft()
        try:
            return ray.get(ref)
        except ray.exceptions.RayError as error:  # workers lost more often than the retries allow
            reason = f"Ray task failed: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
            return [on_failure(item, reason) for item in chunk]

    iterator = iter(items)
    while chunk := list(islice(iterator, chunk_size)):
        pending.append((chunk, remote.remote(function_ref, chunk)))
        if len(pending) >= window:
            yield from collect()
    while pending:
        yield from collect()
