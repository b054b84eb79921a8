"""`wirebrief serve` in a subprocess on a free loopback port, for the browser tests."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
# How long the browser tests wait for the page (a brief, a click's effect) before failing. On a loaded machine
# (CI's two cores, a shared one) a first brief can take many seconds; a wait ends as soon as its condition holds,
# so a long limit costs a quiet machine nothing.
BROWSER_WAIT_MS = 60_000


def patient(page):
    """`page` with generous limits on every wait (clicks, expected responses, `expect` assertions)."""
    from playwright.sync_api import expect

    page.set_default_timeout(BROWSER_WAIT_MS)
    expect.set_options(timeout=BROWSER_WAIT_MS)
    return page


def upload(page, *paths: Path | str) -> None:
    """Choose `paths` in the page's file input and wait until the page has read them. Files are read
    asynchronously and the page starts with two empty cards, so a count of two cards says nothing: the status
    line that reports what was added is written once the new cards are in place."""
    from playwright.sync_api import expect

    page.set_input_files("#files", [str(p) for p in paths])
    expect(page.locator("#status")).to_contain_text(f"from {len(paths)} file")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(workdir: Path, *options: str) -> Iterator[str]:
    """Start the server with its own store under `workdir`, wait for /healthz, yield its base URL, stop it."""
    port = free_port()
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "wirebrief.cli", "serve", "--port", str(port), "--db", str(workdir / "stories.db"),
             *options],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"server did not start; log: {log_path.read_text()[-2000:]}")
            time.sleep(0.25)
        try:
            yield base
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
