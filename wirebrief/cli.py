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

    # with no budget given, Budget.of gives the default (150 words)
    return Settings(method=method).with_budget(words=words, sentences=sentences, chars=chars)


WORDS = typer.Option(None, "--words", "-w", help="Length budget in words (default 150).", min=1)
SENTENCES = typer.Option(None, "--sentences", "-s", help="Length budget in sentences.", min=1)
CHARS = typer.Option(None, "--chars", "-c", help="Length budget in characters.", min=1)
METHOD = typer.Option(
    "wirebrief",
    "--method",
    "-m",
    help="Selection method: wirebrief (default), salience, learned, coverage, lead, lexrank, textrank, centroid, mmr.",
)


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
    if not result.sentences:
        typer.echo("wirebrief: warning: no whole sentence fits within the length budget", err=True)
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


@app.command()
@user_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0 for all)."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="Port to listen on."),
    db: Optional[Path] = typer.Option(None, "--db", help="Stories store (default: the store's own default)."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
) -> None:
    """Serve the HTTP API (/v1/briefs, /v1/stories, /docs) and the web page at http://HOST:PORT/."""
    try:
        from .server import serve as run_server
    except ImportError as error:
        fail(f"serving needs the 'serve' extra: pip install 'wirebrief[serve]' ({error})")
    typer.echo(f"wirebrief: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    run_server(host=host, port=port, db=str(db) if db else None, workers=workers)


@app.command("eval")
@user_errors
def evaluate(
    data: str = typer.Argument(..., help="JSONL (.gz too) of {id, documents, summary | summaries}."),
    words: int = typer.Option(230, "--words", "-w", min=1, help="Every output is truncated to this many words."),
    systems: str = typer.Option(
        "wirebrief,salience,learned,coverage,lead,lexrank,textrank,centroid,mmr",
        "--systems",
        help="Comma-separated systems: wirebrief methods (see brief --method) and sumy-lexrank, sumy-textrank, sumy-lsa.",
    ),
    recall: bool = typer.Option(False, "--recall", help="Report recall (DUC/TAC) instead of F1."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first K clusters."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
    fmt: str = typer.Option("markdown", "--format", "-f", help="markdown or json."),
    out: Optional[Path] = typer.Option(None, "--out", help="Also write per-cluster scores and the table here."),
) -> None:
    """Score systems with ROUGE on the same clusters, with speed and memory measured in the same run."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .errors import UsageError
    from .evaluate.harness import run_evaluation
    from .evaluate.report import as_json, markdown, rows_jsonl

    if fmt not in ("markdown", "json"):
        raise UsageError("--format must be markdown or json")
    if not Path(data).is_file():
        raise UsageError(f"{data}: no such file")
    names = [name.strip() for name in systems.split(",") if name.strip()]
    columns = [TextColumn("evaluating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, transient=True, console=None) as progress:
        task = progress.add_task("eval", total=None)
        run = run_evaluation(
            data, names, words, recall, limit, jobs,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )  # fmt: skip
    table = markdown(run)
    sys.stdout.write(as_json(run) if fmt == "json" else table)
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / "scores.jsonl").write_text(rows_jsonl(run), encoding="utf-8")
        (out / "results.md").write_text(table, encoding="utf-8")


DB = typer.Option(None, "--db", help="Story database (default $WIREBRIEF_DB or the user data directory).")


class StoryFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


@app.command()
@user_errors
def ingest(
    inputs: list[str] = typer.Argument(..., help="Files (.txt .html .json .jsonl, .gz too), directories, or - for stdin."),
    db: Optional[Path] = DB,
    no_briefs: bool = typer.Option(False, "--no-briefs", help="Do not refresh briefs now (the next ingest will)."),
    list_added: bool = typer.Option(False, "--list-added", help="Print 'added ID' / 'duplicate ID' per article as each batch is committed."),
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Summary format (text or json)."),
) -> None:
    """Add articles to the story database: new reports join or start stories, copies are linked, briefs refreshed."""
    from .stories import ingest_inputs

    def committed(report, added_from, duplicates_from):
        for aid in report.added[added_from:]:
            sys.stdout.write(f"added {aid}\n")
        for aid in report.duplicates[duplicates_from:]:
            sys.stdout.write(f"duplicate {aid}\n")
        sys.stdout.flush()

    report = ingest_inputs(inputs, db, briefs=not no_briefs, on_commit=committed if list_added else None)
    for item in report.warnings:
        typer.echo(f"wirebrief: warning: {item.path}: {item.reason}", err=True)
    for item in report.skipped:
        typer.echo(f"wirebrief: skipped {item.path}: {item.reason}", err=True)
    if fmt.value == "text":
        typer.echo(
            f"{len(report.added)} added, {len(report.duplicates)} duplicates, {len(report.existing)} already stored, "
            f"{len(report.skipped)} skipped; {len(report.stories_touched)} stories touched"
            + (f", {report.briefs_refreshed} briefs refreshed" if report.briefs_refreshed else "")
        )
    else:
        import json

        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    if not report.added and not report.duplicates and not report.existing and report.skipped:
        raise typer.Exit(1)


@app.command()
@user_errors
def stories(
    db: Optional[Path] = DB,
    since: Optional[str] = typer.Option(None, "--since", help="Only stories seen since: 24h, 7d, 90m or an ISO date."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=0, help="At most this many stories."),
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List stories, most recently seen first: headline, outlets, size, time span, brief."""
    from .stories import list_stories, parse_since

    found = list_stories(db, parse_since(since) if since else None, limit)
    if fmt.value != "text":
        import json

        if fmt.value == "jsonl":
            sys.stdout.write("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in found))
        else:
            sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        typer.echo("no stories" + (f" since {since}" if since else ""))
        return
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=False)
    for story in found:
        outlets = ", ".join(story["outlets"][:6]) + (f" +{len(story['outlets']) - 6}" if len(story["outlets"]) > 6 else "")
        span = story["first_seen"] if story["first_seen"] == story["last_seen"] else f"{story['first_seen']} – {story['last_seen']}"
        console.print(f"[bold]{story['headline']}[/bold]  [dim]{story['id']}[/dim]", markup=True)
        console.print(f"  {len(story['articles'])} articles ({story['duplicates']} copies) · {outlets} · {span}", markup=False)
        if story["brief"]:
            console.print("  " + story["brief"], markup=False)
        console.print()


@app.command()
@user_errors
def story(
    story_id: str = typer.Argument(..., help="Story id (from `wirebrief stories`)."),
    db: Optional[Path] = DB,
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Output format (text or json)."),
) -> None:
    """One story: its brief with sources, and its articles."""
    from .errors import InputError
    from .stories import get_story

    found = get_story(db, story_id)
    if found is None:
        raise InputError(f"no story {story_id!r}")
    if fmt.value != "text":
        import json

        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=None if fmt.value == "jsonl" else 2) + "\n")
        return
    numbers = {a["id"]: n for n, a in enumerate(found["articles_detail"], start=1)}
    lines = [found["headline"], f"{found['id']} · {found['first_seen']} – {found['last_seen']}", ""]
    for sentence in found["sentences"]:
        marks = "".join(f"[{n}]" for n in sorted({numbers[s["article"]] for s in sentence["sources"] if s["article"] in numbers}))
        lines.append(f"{sentence['text']} {marks}")
    lines += ["", "Articles:"]
    for article in found["articles_detail"]:
        parts = [f"[{numbers[article['id']]}] {article['id']}", article["outlet"] or ""]
        if article["title"]:
            parts.append(f"“{article['title']}”")
        if article["published"]:
            parts.append(article["published"])
        if article["url"]:
            parts.append(article["url"])
        if article["duplicate_of"]:
            parts.append(f"(copy of {article['duplicate_of']})")
        lines.append(" — ".join(p for p in parts if p))
    sys.stdout.write("\n".join(lines) + "\n")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
@user_errors
def train(ctx: typer.Context) -> None:
    """Retrain the learned scorer: wirebrief train --data ../shared/data/multinews/train.jsonl.gz --out DIR.

    Options are those of `python -m wirebrief.train --help`.
    """
    from .train import main as train_main

    raise typer.Exit(train_main(list(ctx.args)))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
