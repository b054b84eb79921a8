"""wirebrief.processes.ordered_map: results in input order, a dead worker costs only its own items, an error while
reading the items reaches the caller, and no worker outlives the map."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from wirebrief.errors import InputError, WirebriefError
from wirebrief.processes import ordered_map


def square_or_die(n: int) -> int:
    if n == 13:
        os._exit(3)  # as a worker killed by the kernel would vanish
    return n * n


def test_results_come_in_input_order_and_no_worker_is_left():
    assert list(ordered_map(square_or_die, range(12), jobs=2, chunksize=5)) == [n * n for n in range(12)]
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_costs_only_its_chunk_and_is_replaced():
    out = list(ordered_map(square_or_die, range(30), jobs=2, chunksize=4, on_failure=lambda n, why: (n, why)))
    lost = [item for item in out if isinstance(item, tuple)]
    assert [n for n, _ in lost] == [12, 13, 14, 15] and "worker process died (exit status 3)" in lost[0][1]
    assert [item for item in out if not isinstance(item, tuple)] == [n * n for n in range(30) if not 12 <= n <= 15]
    with pytest.raises(WirebriefError, match="worker process died"):
        list(ordered_map(square_or_die, range(30), jobs=2, chunksize=4))
    assert multiprocessing.active_children() == []


def test_an_error_reading_the_items_is_raised_to_the_caller():
    def items():
        yield from range(10)
        raise InputError("<stdin>: binary file")

    with pytest.raises(InputError, match="binary file"):
        list(ordered_map(square_or_die, items(), jobs=2, chunksize=3))
    assert multiprocessing.active_children() == []
