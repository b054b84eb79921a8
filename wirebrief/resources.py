"""The content model's resources: the model directory its files are read from, and the BLAS threads its numpy
work runs on.

A model directory (the shipped `wirebrief/models`, or one written by `wirebrief train --out DIR` and named by
`Settings.content.model` / `brief --model DIR`) holds learned.json (the learned scorer, wirebrief.select.learned),
idf.json (background word statistics) and boilerplate.json (recurring page furniture), read by wirebrief.text.lexical's
loaders.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import UsageError

SHIPPED_MODELS = Path(__file__).parent / "models"
# what `wirebrief train --out DIR` writes, and every method may read
MODEL_FILES = ("learned.json", "idf.json", "boilerplate.json")


def model_file(model: str | None, name: str) -> str | None:
    """NAME (learned.json, idf.json, boilerplate.json) in the model directory `model` (`Settings.content.model`,
    `brief --model`), or None for the one shipped in wirebrief/models."""
    if model is None:
        return None
    return _in_model(model, name)


def check_model(model: str) -> None:
    """A UsageError unless the model directory `model` holds every file of MODEL_FILES (ContentConfig checks this
    when it is made, so that a wrong --model is one error before anything is read, not one per cluster)."""
    for name in MODEL_FILES:
        _in_model(model, name)


def _in_model(model: str, name: str) -> str:
    """The path of NAME in the model directory `model`; a path to a file in the directory names the directory."""
    folder = Path(model)
    if folder.is_file():
        folder = folder.parent
    file = folder / name
    if not file.is_file():
        raise UsageError(f"model {model}: no {name} there (write one with wirebrief train --out DIR)")
    return str(file)


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context in which numpy's BLAS runs on one thread. A cluster's matrices are small (hundreds of rows), so
    extra BLAS threads only spin-wait against each other: on a 10-article DUC cluster the learned features cost
    about 9x the CPU time with two threads as with one (and far more when the cores are busy). One thread also
    makes every sum add up in one order, so a brief does not depend on how many cores the machine has."""
    return _blas_controller().limit(limits=1, user_api="blas")
