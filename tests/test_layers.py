"""The package keeps its floors: the import-linter contracts in pyproject.toml (front doors above the engine, the
stages in pipeline order, shared types at the bottom, no circles) hold, so CI fails on an upward import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def lint_imports() -> str:
    # the lint-imports of this interpreter's environment first: a venv's python may be run without activating it
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if found is None:
        pytest.skip("import-linter is not installed (it comes with the 'test' extra)")
    return found


def test_import_contracts_are_kept():
    result = subprocess.run([lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The contract is not vacuous: the package with one stage importing the engine fails it."""
    copy = tmp_path / "wirebrief"
    shutil.copytree(ROOT / "wirebrief", copy, ignore=shutil.ignore_patterns("__pycache__", "models", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    clean = copy / "text" / "clean.py"
    clean.write_text(clean.read_text(encoding="utf-8") + "\n\ndef _upward():\n    from ..pipeline import brief\n")
    result = subprocess.run([lint_imports(), "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    assert result.returncode != 0
    assert "wirebrief.text.clean -> wirebrief.pipeline" in result.stdout
