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
