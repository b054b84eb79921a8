"""The `wirebrief` command. Heavy modules are imported inside commands so that start-up stays well under a second."""

from __future__ import annotations

import sys
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn many news reports of one story into one short brief, every sentence tied to all its sources.",
)


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"wirebrief: error: {message}", err=True)
    raise typer.Exit(code)


def user_errors(command):
    """Turn the errors meant for users into one line on stderr and an exit code, never a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        from .errors import UsageError, WirebriefError

        try:
            return command(*args, **kwargs)
        except UsageError as error:
            fail(str(error), 2)
        except WirebriefError as error:
            fail(str(error), 1)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:  # `wirebrief ... | head` is not an error
            sys.stderr.close()

    return wrapper


def build_settings(words, sentences, chars, method):
    from .settings import Settings

    settings = Settings(method=method)
    if words is None and sentences is None and chars is None:
        return settings
    return settings.with_budget(words=words, sentences=sentences, chars=chars)


WORDS = typer.Option(None, "--words", "-w", help="Length budget in words (default 150).", min=1)
SENTENCES = typer.Option(None, "--sentences", "-s", help="Length budget in sentences.", min=1)
CHARS = typer.Option(None, "--chars", "-c", help="Length budget in characters.", min=1)
METHOD = typer.Option("wirebrief", "--method", "-m", help="Selection method (wirebrief, lead, ...).")


@app.command()
@user_errors
def brief(
    inputs: list[str] = typer.Argument(..., help="Files (.txt .html .json .jsonl, .gz too), directories, or - for stdin."),
    words: Optional[int] = WORDS,
    sentences: Optional[int] = SENTENCES,
    chars: Optional[int] = CHARS,
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    method: str = METHOD,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Brief one cluster: every input article is a report of the same story."""
    from .pipeline import brief_inputs
    from .render import render

    settings = build_settings(words, sentences, chars, method)
    result = brief_inputs(inputs, settings)
    for item in result.warnings:
        typer.echo(f"wirebrief: warning: {item.path}: {item.reason}", err=True)
    for item in result.skipped:
        typer.echo(f"wirebrief: skipped {item.path}: {item.reason}", err=True)
    text = render(result, fmt.value)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@app.command()
@user_errors
def batch(
    source: str = typer.Argument(..., help="JSONL (or .jsonl.gz) of clusters, one per line, or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output JSONL (default stdout)."),
    words: Optional[int] = WORDS,
    sentences: Optional[int] = SENTENCES,
    chars: Optional[int] = CHARS,
    method: str = METHOD,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
) -> None:
    """Brief many clusters: one line out per line in, in input order; a failing cluster gets an "error"."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .batch import open_lines, run_batch

    settings = build_settings(words, sentences, chars, method)
    total = None if source == "-" else sum(1 for line in open_lines(source) if line.strip())
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    columns = [TextColumn("briefing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    try:
        with Progress(*columns, transient=True, disable=total is None or output is None) as progress:
            task = progress.add_task("batch", total=total)
            written, failed = run_batch(
                open_lines(source), sink.write, settings, jobs, advance=lambda: progress.advance(task)
            )
    finally:
        if output:
            sink.close()
    typer.echo(f"wirebrief: {written} clusters briefed, {failed} with errors", err=True)
    if written and failed == written:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
