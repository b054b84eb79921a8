"""Selection methods by name. Add one by writing a module with a Selector subclass and one METHODS entry."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:  # the base class imports numpy; the method names must not
    from .base import Selector

# name -> "module:Class", imported on first use so that start-up stays fast
METHODS: dict[str, str] = {
    "wirebrief": "auto:AutoSelector",
    "salience": "salience:SalienceSelector",
    "lead": "lead:LeadSelector",
    "learned": "learned:LearnedSelector",
    "lexrank": "lexrank:LexRankSelector",
    "textrank": "textrank:TextRankSelector",
    "centroid": "centroid:CentroidSelector",
    "mmr": "mmr:MMRSelector",
    "coverage": "coverage:CoverageSelector",
    "coverage-ilp": "ilp:IlpCoverageSelector",
    "coverage-learned": "guided:GuidedCoverageSelector",
}


DEFAULT_METHOD = "wirebrief"


def describe_methods() -> list[dict]:
    """[{"name", "summary"}] for every method, in registry order; the summary is its module docstring's first line."""
    described = []
    for name, target in METHODS.items():
        doc = (import_module(f"{__name__}.{target.split(':')[0]}").__doc__ or "").strip()
        described.append({"name": name, "summary": doc.split("\n", 1)[0]})
    return described


def get_selector(name: str) -> Selector:
    if name not in METHODS:
        raise UsageError(f"unknown method '{name}' (known: {', '.join(sorted(METHODS))})")
    module, cls = METHODS[name].split(":")
    return getattr(import_module(f"{__name__}.{module}"), cls)()
