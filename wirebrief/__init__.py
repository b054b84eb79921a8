"""wirebrief: many news reports of one story in, one short attributed brief out.

    from wirebrief import brief
    b = brief(["text of report one ...", "text of report two ..."], words=150)
    for sentence in b.sentences:
        print(sentence.text, [(s.outlet, s.start, s.end) for s in sentence.sources])
    print(b.render("markdown"))        # or "text", "json"; b.to_dict() for the JSON as Python values

`brief_inputs(["dir/", "a.html"], words=100)` does the same for files, directories and "-" (stdin).
Errors meant for the user derive from `WirebriefError`: `UsageError` (wrong arguments), `InputError`
(nothing usable in the input).
"""

from .errors import InputError, UsageError, WirebriefError
from .methods import METHODS
from .settings import Budget, Settings
from .types import Article, Brief, BriefSentence, Skipped, SourceSpan
from .version import __version__ as __version__

__all__ = [
    "METHODS",
    "Article",
    "Brief",
    "BriefSentence",
    "Budget",
    "InputError",
    "Settings",
    "Skipped",
    "SourceSpan",
    "UsageError",
    "WirebriefError",
    "brief",
    "brief_inputs",
    "verify",
    "verify_inputs",
]

def __getattr__(name: str):
    # the pipeline pulls in numpy and scikit-learn: import it on first use, not on `import wirebrief`
    if name == "brief":
        from . import pipeline

        return pipeline.brief
    if name == "brief_inputs":
        from . import sources

        return sources.brief_inputs
    if name in ("verify", "verify_inputs"):
        from . import verification

        return getattr(verification, name)
    raise AttributeError(f"module 'wirebrief' has no attribute {name!r}")
