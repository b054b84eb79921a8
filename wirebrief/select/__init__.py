"""Stage 3, select: the selection methods (one module each, a Selector subclass), the features they score units by
(features.py) and the shared budgeted MMR step (budgeted.py). The methods' names and the configs each reads are
registered in wirebrief/methods.py, below Settings, so that Settings can check a name without importing a method."""

from __future__ import annotations

from dataclasses import asdict
from importlib import import_module
from typing import TYPE_CHECKING

from ..methods import DEFAULT_METHOD, METHODS, Method, check_method

__all__ = ["DEFAULT_METHOD", "METHODS", "Method", "check_method", "describe_methods", "get_selector", "method_config"]

if TYPE_CHECKING:  # the base class imports numpy; the method names must not
    from ..settings import Settings
    from .base import Selector


def describe_methods() -> list[dict]:
    """[{"name", "summary"}] for every method, in registry order; the summary is its module docstring's first line."""
    described = []
    for name, method in METHODS.items():
        doc = (import_module(f"{__name__}.{method.target.split(':')[0]}").__doc__ or "").strip()
        described.append({"name": name, "summary": doc.split("\n", 1)[0]})
    return described


def get_selector(name: str) -> Selector:
    """A selector of the method `name`; it reads its config from the Settings of the features it is given."""
    check_method(name)
    module, cls = METHODS[name].target.split(":")
    return getattr(import_module(f"{__name__}.{module}"), cls)()


def method_config(settings: Settings) -> dict:
    """The configs the settings' method reads, as {"coverage": {...}, ...}, with the learned scorer's values
    resolved from the model file where the settings leave them to it (`brief --verbose` shows this)."""
    content = settings.content
    shown = {name: asdict(getattr(content, name)) for name in METHODS[settings.method].configs}
    if "learned" in shown:
        from .learned import resolved_config

        shown["learned"] = asdict(resolved_config(settings))
    return shown
