"""Shared test helpers: where the research data lives, and the bundled example."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
EXAMPLE = REPO / "examples" / "harbour-strike"


def data_path(*parts: str) -> Path:
    """A path under ../shared/data, or a skip with the reason when this clone has no data beside it."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"research data not found at {path} (it sits beside the repo in CI; see README)")
    return path


@pytest.fixture
def seed_cluster() -> Path:
    return data_path("seed-cluster")


# --- story stores: every engine the tests can reach -------------------------------------------------------------
PG_ENV = "WIREBRIEF_TEST_PG"


def postgres_database(name_hint: str) -> tuple[str, object]:
    """A fresh, empty PostgreSQL database on the server that $WIREBRIEF_TEST_PG names (.ci/run starts one), and a
    function that drops it; skips with the reason when the variable is not set."""
    import os
    import re
    import uuid

    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL store tests need ${PG_ENV}=postgresql://… (a server to create databases on; "
                    "see README, 'Stories on PostgreSQL')")
    psycopg = pytest.importorskip("psycopg", reason="PostgreSQL store tests need psycopg: pip install -e '.[postgres]'")
    name = "wbtest_" + re.sub(r"\W", "_", name_hint.lower())[:30] + "_" + uuid.uuid4().hex[:8]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    query = url.split("?", 1)[1] if "?" in url else ""

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}" + (f"?{query}" if query else ""), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def story_db(request, tmp_path):
    """A new story store location: a SQLite file, then a PostgreSQL database (skipped without a server)."""
    if request.param == "sqlite":
        yield str(tmp_path / "stories.db")
        return
    url, drop = postgres_database(request.node.name)
    try:
        yield url
    finally:
        drop()


@pytest.fixture(autouse=True)
def _no_remembered_robots_txt():
    """Each test starts with no site's robots.txt remembered (wirebrief.fetch.robots.CACHE lives as long as the
    process): a fixture server's port may be one an earlier test's server had, with other rules."""
    import sys

    robots = sys.modules.get("wirebrief.fetch.robots")
    if robots is not None:
        robots.CACHE.clear()
