"""The `wirebrief` command. Heavy modules are imported inside commands so that start-up stays well under a second.

Conventions every command follows (helpers below; a new command is a short function that uses them):
- a user's or the environment's mistake is one line `wirebrief: error: …` on stderr and a non-zero exit code
  (`user_errors`), never a traceback; the exit codes are `EXIT_CODES`;
- results go to stdout (or `--output`, checked before any work with `check_output`), messages to stderr;
  `--format json` output is JSON only;
- skipped inputs and warnings are summarised by reason (`report_problems`; `--verbose` lists each, `--quiet`
  prints none); progress bars only on a terminal (`progress_bar`); `NO_COLOR` turns off all styling (`console`).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperCommand

from ..settings import TrainSettings

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
    typer.echo(f"wirebrief: error: {message}", err=True)
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
METHOD = typer.Option("wirebrief", "--method", "-m", metavar="METHOD", help=_method_help())
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


# --- commands -------------------------------------------------------------------------------------------------


@app.command()
@user_errors
def brief(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help=INPUTS_HELP + " Also http(s) URLs of article pages."),
    words: Optional[int] = WORDS,
    sentences: Optional[int] = SENTENCES,
    chars: Optional[int] = CHARS,
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    method: str = METHOD,
    model: Optional[Path] = MODEL,
    output: Optional[Path] = OUTPUT,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
    check: bool = typer.Option(
        False, "--verify", help="Also check the brief against its sources and report on stderr (drops nothing; exit 4 if unsupported)."
    ),
    allow_private_hosts: bool = ALLOW_PRIVATE,
) -> None:
    """Brief one cluster: every input article is a report of the same story."""
    from ..sources import brief_inputs, fetch_settings

    check_output(output)
    settings = fetch_settings(build_settings(words, sentences, chars, method, model), allow_private_hosts)
    if verbose and not quiet:  # the knobs the method runs with, model-file values resolved
        import json

        from ..select import method_config

        typer.echo(f"wirebrief: method {settings.method}: {json.dumps(method_config(settings))}", err=True)
    result = brief_inputs(inputs, settings)
    report_problems(result.skipped, result.warnings, quiet, verbose)
    write_output(result.render(fmt.value), output)
    if result.empty_by_rules:  # nothing in the input is fit for a brief: the exit status says so too
        raise typer.Exit(1)
    if check:
        from ..verification import verify_brief

        checked = verify_brief(result, settings)
        counts = checked.counts()
        typer.echo(
            f"wirebrief: verify: {counts['supported']} supported, {counts['partly']} partly, "
            f"{counts['unsupported']} unsupported",
            err=True,
        )
        for sentence in checked.sentences:
            if sentence.verdict != "supported":
                missing = "; ".join(f"“{u.text}” ({u.kind})" for u in sentence.unsupported)
                typer.echo(f"wirebrief: verify: {sentence.verdict}: {sentence.text} — {missing}", err=True)
        if checked.any_unsupported:
            raise typer.Exit(EXIT_UNSUPPORTED)


@app.command()
@user_errors
def verify(
    summary: str = typer.Argument(..., help="The summary to check: a text file, or - for stdin."),
    sources: list[str] = typer.Argument(..., help="Its sources: files (.txt .html .json .jsonl, .gz too) or directories."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = OUTPUT,
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
) -> None:
    """Check each summary sentence against the sources: supporting spans, a verdict, and what they do not carry.

    Exit code 4 when any sentence is unsupported, so it can gate a pipeline.
    """
    from ..compose.render import render_verification
    from ..errors import InputError
    from ..verification import verify_inputs

    check_output(output)
    if "-" in sources:
        raise InputError("only the summary may come from stdin")
    if summary == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(summary).read_bytes()
        except OSError as error:
            raise InputError(f"{summary}: cannot read the summary: {os_error_message(error)}") from None
    text = data.decode("utf-8-sig", errors="replace")
    result = verify_inputs(text, sources)
    report_problems(result.skipped, result.warnings, quiet, verbose)
    write_output(render_verification(result, fmt.value), output)
    if result.any_unsupported:
        raise typer.Exit(EXIT_UNSUPPORTED)


@app.command()
@user_errors
def batch(
    source: str = typer.Argument(..., metavar="CLUSTERS", help="JSONL (or .jsonl.gz) of clusters, one per line, or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Output JSONL (default stdout)."),
    words: Optional[int] = WORDS,
    sentences: Optional[int] = SENTENCES,
    chars: Optional[int] = CHARS,
    method: str = METHOD,
    model: Optional[Path] = MODEL,
    jobs: int = JOBS,
    ray: bool = RAY,
    ray_address: Optional[str] = RAY_ADDRESS,
    quiet: bool = QUIET,
) -> None:
    """Brief many clusters: one line out per line in, in input order; a failing cluster gets an "error".

    Exits 3 when some clusters failed, 1 when all did.
    """
    from ..batch import open_lines, run_batch
    from ..types import Skipped

    check_output(output)
    settings = build_settings(words, sentences, chars, method, model)
    total = None if source == "-" else sum(1 for line in open_lines(source) if line.strip())

    def warn_once(message: str) -> None:  # undecodable bytes: one warning for the file, not one per line
        report_problems([], [Skipped(*message.split(": ", 1))], quiet)

    if ray or ray_address is not None:  # before FILE is opened: a cluster that cannot be reached leaves it as it was
        from ..scale import connect

        connect(ray_address)
    with output_stream(output) as write, progress_bar("briefing", total, quiet or (output is None and sys.stdout.isatty())) as bar:
        written, failed = run_batch(open_lines(source, warn=warn_once), write, settings, jobs, advance=bar.advance,
                                    ray=ray or ray_address is not None, ray_address=ray_address)
    if not quiet:
        typer.echo(f"wirebrief: {written} clusters briefed, {failed} with errors", err=True)
    if failed:
        raise typer.Exit(1 if failed == written else EXIT_PARTIAL)


@app.command()
@user_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="HOST", help="Interface to listen on (0.0.0.0 for all)."),
    port: int = typer.Option(8000, "--port", "-p", metavar="PORT", min=1, max=65535, help="Port to listen on."),
    db: Optional[str] = DB,
    workers: int = typer.Option(1, "--workers", metavar="N", min=1, help="Worker processes."),
    allow_private_hosts: bool = ALLOW_PRIVATE,
    words: Optional[int] = WORDS,
    sentences: Optional[int] = SENTENCES,
    chars: Optional[int] = CHARS,
    method: str = METHOD,
    model: Optional[Path] = MODEL,
) -> None:
    """Serve the HTTP API (/v1/briefs, /v1/stories, /docs) and the web page at http://HOST:PORT/. Stored stories are
    briefed with --method and the budget; POST /v1/briefs names its own; both use --model."""
    settings = build_settings(words, sentences, chars, method, model)
    try:
        from ..server import serve as run_server
    except ImportError as error:
        fail(f"serving needs the 'serve' extra: pip install 'wirebrief[serve]' ({error})")
    typer.echo(f"wirebrief: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    from ..stories import resolve_location

    run_server(host=host, port=port, db=resolve_location(db), workers=workers, allow_private_hosts=allow_private_hosts,
               settings=settings)  # fmt: skip


@app.command("eval")
@user_errors
def evaluate(
    data: str = typer.Argument(..., metavar="CLUSTERS", help="JSONL (.gz too) of {id, documents, summary | summaries}."),
    words: int = typer.Option(230, "--words", "-w", metavar="N", min=1, help="Every output is truncated to this many words."),
    systems: str = typer.Option(
        "wirebrief,salience,learned,coverage,lead,lexrank,textrank,centroid,mmr",
        "--systems",
        metavar="NAMES",
        help="Comma-separated systems: wirebrief methods (see brief --method) and sumy-lexrank, sumy-textrank, sumy-lsa.",
    ),
    recall: bool = typer.Option(False, "--recall", help="Report recall (DUC/TAC) instead of F1."),
    limit: Optional[int] = typer.Option(None, "--limit", metavar="K", min=1, help="Only the first K clusters."),
    jobs: int = JOBS,
    ray: bool = RAY,
    ray_address: Optional[str] = RAY_ADDRESS,
    fmt: TableFormat = typer.Option(TableFormat.markdown, "--format", "-f", help="Output format."),
    out: Optional[Path] = typer.Option(None, "--out", metavar="DIR", help="Also write per-cluster scores and the table here."),
    quiet: bool = QUIET,
) -> None:
    """Score systems with ROUGE on the same clusters, with speed and memory measured in the same run."""
    from ..errors import UsageError
    from ..evaluate.harness import run_evaluation
    from ..evaluate.report import as_json, markdown, rows_jsonl

    if not Path(data).is_file():
        raise UsageError(f"{data}: no such file")
    if out is not None:
        try:  # before the run, not after an hour of it
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create --out {out}: {error.strerror or error}") from None
    names = [name.strip() for name in systems.split(",") if name.strip()]
    with progress_bar("evaluating", quiet=quiet) as bar:
        run = run_evaluation(data, names, words, recall, limit, jobs, progress=bar.update,
                             ray=ray or ray_address is not None, ray_address=ray_address)
    table = markdown(run)
    if out is not None:
        write_output(rows_jsonl(run), out / "scores.jsonl")
        write_output(table, out / "results.md")
    write_output(as_json(run) if fmt is TableFormat.json else table)


@app.command()
@user_errors
def ingest(
    inputs: list[str] = typer.Argument(
        ..., metavar="INPUT...", help=INPUTS_HELP + " Also http(s) URLs of article pages, or of RSS/Atom feeds (a feed "
        "is followed: see `watch`). JSON Lines are read as streams, of any size."
    ),
    db: Optional[str] = DB,
    no_briefs: bool = typer.Option(False, "--no-briefs", help="Do not refresh briefs now (the next ingest will)."),
    words: Optional[int] = WORDS,
    sentences: Optional[int] = SENTENCES,
    chars: Optional[int] = CHARS,
    method: str = METHOD,
    model: Optional[Path] = MODEL,
    list_added: bool = typer.Option(
        False, "--list-added", help="Print 'added ID' / 'duplicate ID' per article as each batch is committed (text format)."
    ),
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Summary format (text, or json: one JSON object with every id)."),
    quiet: bool = QUIET,
    verbose: bool = VERBOSE,
    allow_private_hosts: bool = ALLOW_PRIVATE,
    ray: bool = RAY,
    ray_address: Optional[str] = RAY_ADDRESS,
) -> None:
    """Add articles to the story database: new reports join or start stories, copies are linked, briefs refreshed
    (with --method and the budget)."""
    import json

    from ..sources import fetch_settings, ingest_sources

    settings = fetch_settings(build_settings(words, sentences, chars, method, model), allow_private_hosts)
    text = fmt is StoryFormat.text
    with progress_bar("storing", quiet=quiet) as bar:

        def committed(report, added_from, duplicates_from):
            bar.update(len(report.added) + len(report.duplicates) + len(report.existing))
            if list_added and text:  # JSON output carries the ids in one object at the end
                emit("".join(f"added {aid}\n" for aid in report.added[added_from:])
                     + "".join(f"duplicate {aid}\n" for aid in report.duplicates[duplicates_from:]))

        report, feeds = ingest_sources(inputs, db, settings, briefs=not no_briefs, on_commit=committed,
                                       ray=ray or ray_address is not None, ray_address=ray_address)
    if not quiet:
        for feed in feeds:
            typer.echo(f"wirebrief: feed {feed.url}: {feed.reason or feed.status}, {feed.new_items} new items", err=True)
    report_problems(report.skipped, report.warnings, quiet, verbose)
    if text:
        emit(
            f"{len(report.added)} added, {len(report.duplicates)} duplicates, {len(report.existing)} already stored, "
            f"{len(report.skipped)} skipped; {len(report.stories_touched)} stories touched"
            + (f", {report.briefs_refreshed} briefs refreshed" if report.briefs_refreshed else "")
            + "\n"
        )
    else:
        emit(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    if not report.added and not report.duplicates and not report.existing and report.skipped:
        raise typer.Exit(1)


@app.command()
@user_errors
def stories(
    db: Optional[str] = DB,
    since: Optional[str] = typer.Option(None, "--since", metavar="WHEN", help="Only stories seen since: 24h, 7d, 90m or an ISO date."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", metavar="N", min=0, help="At most this many stories."),
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List stories, most recently seen first: headline, outlets, size, time span, brief."""
    from ..compose.render import render_stories
    from ..stories import StoryService, parse_since

    after = parse_since(since) if since else None
    with StoryService.open(db) as service:
        found = service.stories(after, limit)
    if fmt is not StoryFormat.text:
        emit(render_stories(found, fmt.value))
    elif not found:
        emit("no stories" + (f" since {since}" if since else "") + "\n")
    else:
        console().print(render_stories(found, fmt.value), end="")


@app.command()
@user_errors
def story(
    story_id: str = typer.Argument(..., metavar="ID", help="Story id (from `wirebrief stories`)."),
    db: Optional[str] = DB,
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Output format (text or json)."),
    timeline: bool = typer.Option(False, "--timeline", help="The story's dated events, oldest first, with their sources."),
) -> None:
    """One story: its brief with sources, and its articles (or, with --timeline, its dated events)."""
    import json

    from ..compose.render import render_story
    from ..errors import InputError
    from ..stories import StoryService

    with StoryService.open(db) as service:
        found = service.story(story_id)
    if found is None:
        raise InputError(f"no story {story_id[:100]!r}")
    if timeline:
        from ..facts.timeline import render_timeline
        from ..stories.timeline import story_timeline

        events = story_timeline(found.to_dict())
        if fmt is StoryFormat.text:
            emit(render_timeline(events))
        else:
            emit(json.dumps(events, ensure_ascii=False, indent=None if fmt is StoryFormat.jsonl else 2) + "\n")
        return
    emit(render_story(found, fmt.value))


def show_pass(item) -> None:
    """Print one watch pass (a line on stdout; failures and skips on stderr), or a refused feed-list entry."""
    import sys
    from datetime import datetime, timezone

    from ..fetch.watch import iso_time
    from ..types import Skipped

    if isinstance(item, Skipped):
        print(f"wirebrief: skipped {item.path}: {item.reason}", file=sys.stderr)
        return
    for feed in item.feeds:
        if feed.status == "failed":
            print(f"wirebrief: feed {feed.url} failed: {feed.reason}", file=sys.stderr)
    for skipped in item.ingest.skipped:
        print(f"wirebrief: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    for warning in item.ingest.warnings:
        print(f"wirebrief: warning: {warning.path}: {warning.reason}", file=sys.stderr)
    counts = {status: sum(1 for f in item.feeds if f.status == status) for status in ("ok", "not modified", "failed")}
    report = item.ingest
    when = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    print(
        f"{when} {len(item.feeds)} feeds polled ({counts['ok']} ok, {counts['not modified']} not modified, "
        f"{counts['failed']} failed), {item.pages} pages fetched: {len(report.added)} added, "
        f"{len(report.duplicates)} duplicates, {len(report.skipped)} skipped; "
        f"{len(report.stories_touched)} stories touched, {report.briefs_refreshed} briefs refreshed"
        + (f"; next feed due {iso_time(item.next_due)}" if item.next_due else ""),
        flush=True,
    )


def show_feeds(db, fmt: str) -> None:
    """`wirebrief feeds`: a table, or JSON / JSON Lines."""
    import json
    import sys

    from ..fetch.watch import feed_health

    found = feed_health(db)
    if fmt == "json":
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "jsonl":
        sys.stdout.write("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in found))
        return
    if not found:
        print("no feeds followed (add one with `wirebrief ingest FEED_URL` or `wirebrief watch FEEDS.txt`)")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, show_edge=False)
    for column in ("feed", "state", "last fetch", "items", "failures", "next due", "last status"):
        table.add_column(column, overflow="fold")
    for feed in found:
        table.add_row(feed["url"], feed["state"], feed["last_fetch"] or "never", str(feed["items"]),
                      str(feed["failures"]), feed["next_due"] or "", feed["status"] or "")
    Console(highlight=False, soft_wrap=False, width=200).print(table)


@app.command()
@user_errors
def watch(
    feed_list: Optional[Path] = typer.Argument(
        None, metavar="FEEDS", help="Feeds to follow: a text file (one URL a line) or OPML. Feeds followed before are polled too."
    ),
    every: str = typer.Option("15m", "--every", metavar="INTERVAL", help="Poll each feed this often: 15m, 1h, 900 (seconds)."),
    once: bool = typer.Option(False, "--once", help="One pass over the due feeds, then exit."),
    db: Optional[str] = DB,
    allow_private_hosts: bool = ALLOW_PRIVATE,
    words: Optional[int] = WORDS,
    sentences: Optional[int] = SENTENCES,
    chars: Optional[int] = CHARS,
    method: str = METHOD,
    model: Optional[Path] = MODEL,
) -> None:
    """Poll RSS/Atom feeds: new items are fetched, extracted and added to the story database, briefs refreshed
    (with --method and the budget)."""
    from ..sources import fetch_settings, parse_interval, run_watch

    settings = fetch_settings(build_settings(words, sentences, chars, method, model), allow_private_hosts, parse_interval(every))
    run_watch(feed_list, db, settings, once, show_pass)


@app.command()
@user_errors
def feeds(
    db: Optional[str] = DB,
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """Each followed feed's health: state, last fetch, items stored, failures, next poll."""

    show_feeds(db, fmt.value)


TRAINING = TrainSettings()


@app.command()
@user_errors
def train(
    data: Path = typer.Option(..., "--data", metavar="FILE", help="Multi-News train JSONL (gzipped or not)."),
    out: Path = typer.Option(Path(TRAINING.out), "--out", metavar="DIR", help="Where learned.json, idf.json and boilerplate.json go."),
    clusters: int = typer.Option(TRAINING.clusters, "--clusters", metavar="N", min=1, help="Training clusters, from the file's start."),
    holdout: int = typer.Option(TRAINING.holdout, "--holdout", metavar="N", min=0, help="Tuning clusters, from the file's end."),
    idf_clusters: int = typer.Option(TRAINING.idf_clusters, "--idf-clusters", metavar="N", min=1, help="Clusters for the background IDF."),
    words: int = typer.Option(TRAINING.words, "--words", "-w", metavar="N", min=1, help="Word budget the oracle and tuning use."),
    iterations: int = typer.Option(TRAINING.iterations, "--iterations", metavar="N", min=1, help="Boosting iterations (trees)."),
    depth: int = typer.Option(TRAINING.depth, "--depth", metavar="N", min=1, help="Depth of each tree."),
    min_leaf: int = typer.Option(TRAINING.min_leaf, "--min-leaf", metavar="N", min=1, help="Fewest training units in a leaf."),
    seed: int = typer.Option(TRAINING.seed, "--seed", metavar="N", help="Random seed."),
    drop: str = typer.Option(",".join(TRAINING.drop), "--drop", metavar="GROUPS", help="Comma-separated feature groups to leave out (ablation)."),
    cache: Optional[Path] = typer.Option(None, "--cache", metavar="FILE", help="npz file to reuse/save the feature matrix (speeds up ablations)."),
) -> None:
    """Retrain the learned scorer (seeded, single-threaded): wirebrief train --data ../shared/data/multinews/train.jsonl.gz --out DIR."""
    from ..errors import UsageError
    from ..train import main as train_main

    if not data.is_file():
        raise UsageError(f"--data {data}: no such file")
    options = TrainSettings(
        data=str(data), out=str(out), clusters=clusters, holdout=holdout, idf_clusters=idf_clusters, words=words,
        iterations=iterations, depth=depth, min_leaf=min_leaf, seed=seed,
        drop=tuple(g.strip() for g in drop.split(",") if g.strip()), cache=str(cache) if cache else None,
    )  # fmt: skip
    raise typer.Exit(train_main(options))


def main() -> None:
    try:
        app(prog_name="wirebrief")
    except BrokenPipeError:  # help or usage piped into `head`
        _silence_stdout()
        sys.exit(0)

