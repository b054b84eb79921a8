"""Selection methods by name: the registry Settings checks a method against. Add a method by writing a module in
wirebrief/select/ with a Selector subclass and one METHODS entry here; a method with knobs gets a small frozen config
dataclass in wirebrief/settings.py, held by `ContentConfig` (so that `Settings` validates it up front), and names it
in its entry. Nothing here imports numpy: checking a name stays cheap."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError


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


def check_method(name: str) -> None:
    """A UsageError unless `name` is a registered method: the one message for an unknown method."""
    if name not in METHODS:
        raise UsageError(f"unknown method '{name}' (known: {', '.join(sorted(METHODS))})")
