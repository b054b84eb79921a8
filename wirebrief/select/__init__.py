"""Selection methods by name. Add one by writing a module with a Selector subclass and one METHODS entry; a method
with knobs gets a small frozen config dataclass in wirebrief/settings.py, held by `ContentConfig` (so that
`Settings` validates it up front), and names it in its entry."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:  # the base class imports numpy; the method names must not
    from ..settings import Settings
    from .base import Selector


@dataclass(frozen=True)
class Method:
    """A registered selection method: where its class is, and the `ContentConfig` fields it reads."""

    target: str  # "module:Class", imported on first use so that start-up stays fast
    configs: tuple[str, ...] = ()


METHODS: dict[str, Method] = {
    "wirebrief": Method("auto:AutoSelector", ("learned", "coverage", "guided")),
    "salience": Method("salience:SalienceSelector", ("salience",)),
    "lead": Method("lead:LeadSelector"),
    "learned": Method("learned:LearnedSelector", ("learned",)),
    "lexrank": Method("lexrank:LexRankSelector"),
    "textrank": Method("textrank:TextRankSelector"),
    "centroid": Method("centroid:CentroidSelector"),
    "mmr": Method("mmr:MMRSelector"),
    "coverage": Method("coverage:CoverageSelector", ("coverage",)),
    "coverage-ilp": Method("ilp:IlpCoverageSelector", ("coverage", "ilp")),
    "coverage-learned": Method("guided:GuidedCoverageSelector", ("coverage", "guided")),
}


DEFAULT_METHOD = "wirebrief"


def describe_methods() -> list[dict]:
    """[{"name", "summary"}] for every method, in registry order; the summary is its module docstring's first line."""
    described = []
    for name, method in METHODS.items():
        doc = (import_module(f"{__name__}.{method.target.split(':')[0]}").__doc__ or "").strip()
        described.append({"name": name, "summary": doc.split("\n", 1)[0]})
    return described


def check_method(name: str) -> None:
    """A UsageError unless `name` is a registered method: the one message for an unknown method."""
    if name not in METHODS:
        raise UsageError(f"unknown method '{name}' (known: {', '.join(sorted(METHODS))})")


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
