"""Every package the wirebrief package imports is declared in pyproject.toml, in the dependencies or an extra."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {normalized(re.match(r"[A-Za-z0-9_.-]+", r).group(0)) for r in requirements}


def imported() -> dict[str, str]:
    """Top-level module -> the first file that imports it, for every import outside the standard library."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "wirebrief").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "wirebrief" and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_import_is_declared():
    distributions = packages_distributions()
    known = declared()
    # a module's distribution, when it is installed; else the module's own name (what most packages are called)
    missing = {module: where for module, where in imported().items()
               if not any(normalized(d) in known for d in distributions.get(module, [module]))}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
