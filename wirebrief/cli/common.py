"""What every command shares: the app, its help style, the conventions (see wirebrief/cli/__init__.py), the
options several commands take, the budget/method/model bundle."""

from __future__ import annotations

import inspect
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperCommand

from ..methods import DEFAULT_METHOD

EXIT_CODES = {
    0: "done (skipped inputs are reported on stderr)",
    1: "nothing could be done: no input could be briefed, an unknown story, an unwritable output",
    2: "wrong usage: an unknown option or method, conflicting budgets",
    3: "done in part: some clusters of a batch failed (each has an \"error\" in the output)",
    4: "verify (or brief --verify): some summary sentence is unsupported by the sources",
    130: "interrupted",
}
EXIT_PARTIAL = 3
EXIT_UNSUPPORTED = 4

# Typer's help goes through rich: NO_COLOR means no styling at all, not only no colour (https://no-color.org)
if os.environ.get("NO_COLOR"):
    import typer.rich_utils

    typer.rich_utils.COLOR_SYSTEM = None


def _exit_code_help() -> str:
    # \b keeps click from re-flowing the lines into one paragraph
    return "\b\nExit codes:\n" + "\n".join(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items())


def _argument_name(param) -> str:
    name = param.metavar or param.name.upper()
    return name if param.nargs == 1 or name.endswith("...") else name + "..."


class Command(TyperCommand):
    """Help in the usual style: `brief [OPTIONS] INPUT...` and the arguments' help, without Python type names."""

    def collect_usage_pieces(self, ctx):
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_name(param) if param.required else f"[{_argument_name(param)}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx, formatter):
        params = self.get_params(ctx)
        arguments = [(_argument_name(p), p.help or "") for p in params if p.param_type_name == "argument"]
        options = [r for p in params if p.param_type_name == "option" and (r := p.get_help_record(ctx))]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Typer(typer.Typer):
    """Every command gets the help style of `Command`, also those added with a plain `@app.command()`."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or Command, **kwargs)


app = Typer(
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Turn many news reports of one story into one short brief, every sentence tied to all its sources.",
    epilog=_exit_code_help(),
)


# --- conventions shared by the commands -----------------------------------------------------------------------


def fail(message: str, code: int = 1) -> None:
    from ..compose.render import for_terminal  # a message may quote a path or a value with terminal controls in it

    typer.echo(for_terminal(f"wirebrief: error: {message}"), err=True)
    raise typer.Exit(code)


def _silence_stdout() -> None:
    """After stdout broke (closed pipe, full disk), point it at /dev/null so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture stdout)
        pass


def os_error_message(error: OSError) -> str:
    """'PATH: reason' for an OSError, without Python's '[Errno N]'."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


class OutputError(Exception):
    """Writing a result failed (full disk, closed terminal); the message names what was being written."""


def user_errors(command):
    """Turn the errors meant for users into one line on stderr and an exit code, never a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        import sqlite3

        from ..errors import UsageError, WirebriefError

        try:
            return command(*args, **kwargs)
        except UsageError as error:
            fail(str(error), 2)
        except WirebriefError as error:
            fail(str(error), 1)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:  # `wirebrief stories | head -1` is not an error
            _silence_stdout()
            raise typer.Exit(0)
        except OutputError as error:
            _silence_stdout()
            fail(str(error), 1)
        except sqlite3.Error as error:  # e.g. "database or disk is full" during ingest
            fail(f"story database: {error}", 1)
        except OSError as error:  # the environment's: unreadable or uncreatable paths, full disks
            fail(os_error_message(error), 1)

    return wrapper


def check_output(path: Optional[Path]) -> None:
    """Fail before any work is done when PATH cannot be an output file (missing directory, a directory)."""
    if path is None or str(path) == "-":
        return
    if path.is_dir():
        raise OutputError(f"--output {path} is a directory; give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"--output {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"--output {path}: directory {parent} is not writable")


def write_output(text: str, path: Optional[Path] = None) -> None:
    """Write a result to PATH, or to stdout when PATH is None or '-'."""
    if path is None or str(path) == "-":
        emit(text)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def emit(text: str) -> None:
    """Write to stdout; a full disk or a vanished terminal becomes a one-line error, a closed pipe a quiet exit."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


@contextmanager
def output_stream(path: Optional[Path]) -> Iterator[Callable[[str], None]]:
    """A write function for a streamed result (one line at a time) to PATH or stdout."""
    if path is None or str(path) == "-":
        yield emit
        return
    try:
        handle = path.open("w", encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None

    def write(text: str) -> None:
        try:
            handle.write(text)
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None

    try:
        yield write
    except BaseException:
        handle.close()
        raise
    try:
        handle.close()
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def console(stderr: bool = False):
    """A rich console: no styling under NO_COLOR, and no hard wrapping (piped output keeps its long lines)."""
    from rich.console import Console

    class QuietOnClosedPipe(Console):
        def on_broken_pipe(self) -> None:
            # rich exits 1 itself; a reader that stopped early (`| head`) is no error here (user_errors)
            raise BrokenPipeError

    return QuietOnClosedPipe(stderr=stderr, highlight=False, soft_wrap=True, color_system=None if no_color() else "auto")


class Progress:
    """A progress bar on stderr, shown only on a terminal and without --quiet; `update(done, total)`, `advance()`."""

    def __init__(self, bar, task):
        self._bar, self._task = bar, task

    def update(self, done: int, total: Optional[int] = None) -> None:
        self._bar.update(self._task, completed=done, total=total)

    def advance(self, steps: int = 1) -> None:
        self._bar.advance(self._task, steps)


@contextmanager
def progress_bar(label: str, total: Optional[int] = None, quiet: bool = False) -> Iterator[Progress]:
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress

    err = console(stderr=True)
    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with RichProgress(*columns, console=err, transient=True, disable=quiet or not err.is_terminal) as bar:
        yield Progress(bar, bar.add_task(label, total=total))


# at most this many skipped inputs are listed one by one; more are summarised by reason
LIST_AT_MOST = 5


def _reason_kind(reason: str) -> str:
    """The general part of a skip reason ('malformed JSON: Expecting value…' → 'malformed JSON')."""
    for mark in (": ", " ("):
        reason = reason.split(mark, 1)[0]
    return reason


def report_problems(skipped: Sequence, warnings: Sequence, quiet: bool = False, verbose: bool = False) -> None:
    """Tell stderr what was skipped or read with a warning: each item when few or --verbose, else counts by reason."""
    from ..compose.render import for_terminal  # paths and reasons may hold any character, terminal controls too

    if quiet:
        return
    for label, items in (("warning", warnings), ("skipped", skipped)):
        if verbose or len(items) <= LIST_AT_MOST:
            for item in items:
                sep = ":" if label == "warning" else ""
                typer.echo(for_terminal(f"wirebrief: {label}{sep} {item.path}: {item.reason}"), err=True)
            continue
        kinds = Counter(_reason_kind(item.reason) for item in items)
        summary = "; ".join(f"{count} {kind}" for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        noun = "inputs skipped" if label == "skipped" else "warnings"
        typer.echo(for_terminal(f"wirebrief: {len(items)} {noun} ({summary}); --verbose lists them"), err=True)


def _version(value: bool) -> None:
    if value:
        from ..version import __version__

        typer.echo(f"wirebrief {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Turn many news reports of one story into one short brief, every sentence tied to all its sources."""


# --- options shared by several commands ---------------------------------------------------------------------


def _method_help() -> str:
    from ..select import METHODS

    return f"Selection method: {', '.join(METHODS)}."


INPUTS_HELP = "Files (.txt .html .json .jsonl, .gz too), directories, or - for stdin."
WORDS = typer.Option(None, "--words", "-w", metavar="N", help="Length budget in words (default 150).", min=1)
SENTENCES = typer.Option(None, "--sentences", "-s", metavar="N", help="Length budget in sentences.", min=1)
CHARS = typer.Option(None, "--chars", "-c", metavar="N", help="Length budget in characters.", min=1)
METHOD = typer.Option(DEFAULT_METHOD, "--method", "-m", metavar="METHOD", help=_method_help())
MODEL = typer.Option(
    None, "--model", metavar="DIR", help="Model directory written by `wirebrief train --out DIR` (default: the shipped one)."
)
JOBS = typer.Option(1, "--jobs", "-j", metavar="N", min=1, help="Worker processes.")
RAY = typer.Option(False, "--ray", help="Run on a Ray cluster (--ray-address, $RAY_ADDRESS, else a local one); needs the 'scale' extra.")
RAY_ADDRESS = typer.Option(None, "--ray-address", metavar="ADDRESS", help="Ray cluster to use with --ray: auto, ray://HOST:10001, HOST:6379.")
QUIET = typer.Option(False, "--quiet", "-q", help="Print no progress, warnings or skipped inputs; errors only.")
VERBOSE = typer.Option(
    False, "--verbose", "-v", help="List every skipped input and warning (not a summary by reason); brief also prints its method's config."
)
OUTPUT = typer.Option(None, "--output", "-o", metavar="FILE", help="Write here instead of stdout.")
DB = typer.Option(
    None, "--db", metavar="FILE|URL",
    help="Story database: a SQLite file or a postgresql://… URL (default $WIREBRIEF_DB, else a file in the user data directory).",
)  # fmt: skip

ALLOW_PRIVATE = typer.Option(
    False, "--allow-private-hosts", help="Let URLs reach loopback and private-network hosts (refused by default)."
)


def build_settings(words, sentences, chars, method, model=None):
    from ..settings import ContentConfig, Settings

    # with no budget given, Budget.of gives the default (150 words)
    settings = Settings(method=method, content=ContentConfig(model=str(model) if model else None))
    return settings.with_budget(words=words, sentences=sentences, chars=chars)


# The budget, method and model options, one bundle for every command that briefs (brief, batch, serve, ingest,
# watch): a command declares `settings: Settings = BRIEF_OPTIONS` and is given the Settings they make.
BRIEF_OPTIONS: Any = object()
_BUNDLE = [
    inspect.Parameter("words", inspect.Parameter.KEYWORD_ONLY, default=WORDS, annotation=Optional[int]),
    inspect.Parameter("sentences", inspect.Parameter.KEYWORD_ONLY, default=SENTENCES, annotation=Optional[int]),
    inspect.Parameter("chars", inspect.Parameter.KEYWORD_ONLY, default=CHARS, annotation=Optional[int]),
    inspect.Parameter("method", inspect.Parameter.KEYWORD_ONLY, default=METHOD, annotation=str),
    inspect.Parameter("model", inspect.Parameter.KEYWORD_ONLY, default=MODEL, annotation=Optional[Path]),
]


def brief_options(command: Callable) -> Callable:
    """`command` with its `settings` parameter shown to typer as the bundle's options, in its place."""
    signature = inspect.signature(command)
    names = list(signature.parameters)
    at = names.index("settings")
    parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values()]
    parameters[at : at + 1] = _BUNDLE

    @wraps(command)
    def with_settings(*, words=None, sentences=None, chars=None, method=DEFAULT_METHOD, model=None, **options):
        return command(settings=build_settings(words, sentences, chars, method, model), **options)

    with_settings.__signature__ = signature.replace(parameters=parameters)
    hints = {k: v for k, v in command.__annotations__.items() if k != "settings"}
    with_settings.__annotations__ = {**hints, **{p.name: p.annotation for p in _BUNDLE}}
    return with_settings


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class StoryFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class TableFormat(str, Enum):
    markdown = "markdown"
    json = "json"
