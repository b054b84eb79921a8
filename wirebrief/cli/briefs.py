"""Commands that brief and check: `brief`, `verify`, `batch`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..settings import Settings
from .common import (
    ALLOW_PRIVATE,
    BRIEF_OPTIONS,
    EXIT_PARTIAL,
    EXIT_UNSUPPORTED,
    INPUTS_HELP,
    JOBS,
    OUTPUT,
    QUIET,
    RAY,
    RAY_ADDRESS,
    VERBOSE,
    Format,
    brief_options,
    check_output,
    output_stream,
    progress_bar,
    report_problems,
    user_errors,
    write_output,
)


@user_errors
@brief_options
def brief(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help=INPUTS_HELP + " Also http(s) URLs of article pages."),
    settings: Settings = BRIEF_OPTIONS,
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
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
    settings = fetch_settings(settings, allow_private_hosts)
    if verbose and not quiet:  # the knobs the method runs with, model-file values resolved
        import json

        from ..select import method_config

        typer.echo(f"wirebrief: method {settings.method}: {json.dumps(method_config(settings))}", err=True)
    result = brief_inputs(inputs, settings)
    report_problems(result.skipped, result.warnings, quiet, verbose)
    write_output(result.render(fmt.value), output)
    if result.empty_reason:  # nothing fit for a brief, or nothing fits the budget: the exit status says so too
        raise typer.Exit(1)
    if check:
        from ..compose.render import for_terminal
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
                typer.echo(for_terminal(f"wirebrief: verify: {sentence.verdict}: {sentence.text} — {missing}"), err=True)
        if checked.any_unsupported:
            raise typer.Exit(EXIT_UNSUPPORTED)


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
    from ..readers.bounded import Unreadable, read_bounded
    from ..verification import verify_inputs

    check_output(output)
    if "-" in sources:
        raise InputError("only the summary may come from stdin")
    try:  # within the per-file limit; a FIFO or a device is refused, not waited on
        data = read_bounded(summary, Settings().max_file_bytes)
    except Unreadable as error:
        raise InputError(f"{error.path}: cannot read the summary: {error.reason}") from None
    text = data.decode("utf-8-sig", errors="replace")
    result = verify_inputs(text, sources)
    report_problems(result.skipped, result.warnings, quiet, verbose)
    write_output(render_verification(result, fmt.value), output)
    if result.any_unsupported:
        raise typer.Exit(EXIT_UNSUPPORTED)


@user_errors
@brief_options
def batch(
    source: str = typer.Argument(..., metavar="CLUSTERS", help="JSONL (or .jsonl.gz) of clusters, one per line, or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Output JSONL (default stdout)."),
    settings: Settings = BRIEF_OPTIONS,
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
