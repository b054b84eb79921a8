"""Commands of the story store: `ingest`, `stories`, `story`, `watch`, `feeds`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..settings import Settings
from .common import (
    ALLOW_PRIVATE,
    BRIEF_OPTIONS,
    DB,
    INPUTS_HELP,
    QUIET,
    RAY,
    RAY_ADDRESS,
    VERBOSE,
    StoryFormat,
    brief_options,
    console,
    emit,
    progress_bar,
    report_problems,
    user_errors,
)


@user_errors
@brief_options
def ingest(
    inputs: list[str] = typer.Argument(
        ..., metavar="INPUT...", help=INPUTS_HELP + " Also http(s) URLs of article pages, or of RSS/Atom feeds (a feed "
        "is followed: see `watch`). JSON Lines are read as streams, of any size."
    ),
    db: Optional[str] = DB,
    no_briefs: bool = typer.Option(False, "--no-briefs", help="Do not refresh briefs now (the next ingest will)."),
    settings: Settings = BRIEF_OPTIONS,
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

    from ..compose.render import for_terminal
    from ..sources import fetch_settings, ingest_sources

    settings = fetch_settings(settings, allow_private_hosts)
    text = fmt is StoryFormat.text
    with progress_bar("storing", quiet=quiet) as bar:

        def committed(report, added_from, duplicates_from):
            bar.update(len(report.added) + len(report.duplicates) + len(report.existing))
            if list_added and text:  # JSON output carries the ids in one object at the end
                emit(for_terminal("".join(f"added {aid}\n" for aid in report.added[added_from:])
                                  + "".join(f"duplicate {aid}\n" for aid in report.duplicates[duplicates_from:])))

        report, feeds = ingest_sources(inputs, db, settings, briefs=not no_briefs, on_commit=committed,
                                       ray=ray or ray_address is not None, ray_address=ray_address)
    if not quiet:
        for feed in feeds:
            typer.echo(for_terminal(f"wirebrief: feed {feed.url}: {feed.reason or feed.status}, {feed.new_items} new items"), err=True)
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


@user_errors
def stories(
    db: Optional[str] = DB,
    since: Optional[str] = typer.Option(None, "--since", metavar="WHEN", help="Only stories seen since: 24h, 7d, 90m or an ISO date."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", metavar="N", min=0, help="At most this many stories."),
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Output format."),
    query: Optional[str] = typer.Option(None, "--query", "-q", metavar="TEXT", help="Only storylines whose headline, or an event's headline or brief, contains this."),
    outlet: Optional[str] = typer.Option(None, "--outlet", metavar="NAME", help="Only storylines with a report from this outlet."),
) -> None:
    """List storylines, most recently seen first: headline, outlets, size, time span, brief, and their events."""
    from ..compose.render import render_stories
    from ..stories import StoryService, parse_since

    after = parse_since(since) if since else None
    with StoryService.open(db) as service:
        found = service.stories(after, limit, query=query, outlet=outlet)
    if fmt is not StoryFormat.text:
        emit(render_stories(found, fmt.value))
    elif not found:
        emit("no stories" + (f" since {since}" if since else "") + "\n")
    else:
        console().print(render_stories(found, fmt.value), end="")


@user_errors
def story(
    story_id: str = typer.Argument(..., metavar="ID", help="Story id (from `wirebrief stories`)."),
    db: Optional[str] = DB,
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Output format (text or json)."),
    timeline: bool = typer.Option(False, "--timeline", help="The storyline's events, then what its reports date, oldest first, with their sources."),
) -> None:
    """One storyline (by its id or one of its events'): its brief with sources, its events and articles (or, with
    --timeline, its events and what its reports date)."""
    import json

    from ..compose.render import for_terminal, render_story
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
            emit(for_terminal(render_timeline(events)))
        else:
            emit(json.dumps(events, ensure_ascii=False, indent=None if fmt is StoryFormat.jsonl else 2) + "\n")
        return
    emit(render_story(found, fmt.value))


def show_pass(item) -> None:
    """Print one watch pass (a line on stdout; failures and skips on stderr), or a refused feed-list entry."""
    from datetime import datetime, timezone

    from ..compose.render import for_terminal
    from ..fetch.watch import iso_time
    from ..types import Skipped

    def say(line: str) -> None:  # feeds' and pages' words may hold terminal controls
        print(for_terminal(line), file=sys.stderr)

    if isinstance(item, Skipped):
        say(f"wirebrief: skipped {item.path}: {item.reason}")
        return
    for feed in item.feeds:
        if feed.status == "failed":
            say(f"wirebrief: feed {feed.url} failed: {feed.reason}")
    for skipped in item.ingest.skipped:
        say(f"wirebrief: skipped {skipped.path}: {skipped.reason}")
    for warning in item.ingest.warnings:
        say(f"wirebrief: warning: {warning.path}: {warning.reason}")
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
    from rich.text import Text

    from ..compose.render import for_terminal

    table = Table(box=None, show_edge=False)
    for column in ("feed", "state", "last fetch", "items", "failures", "next due", "last status"):
        table.add_column(column, overflow="fold")
    for feed in found:
        cells = (feed["url"], feed["state"], feed["last_fetch"] or "never", str(feed["items"]), str(feed["failures"]),
                 feed["next_due"] or "", feed["status"] or "")
        table.add_row(*(Text(for_terminal(cell)) for cell in cells))  # a feed's words are never read as markup
    Console(highlight=False, soft_wrap=False, width=200).print(table)


@user_errors
@brief_options
def watch(
    feed_list: Optional[Path] = typer.Argument(
        None, metavar="FEEDS", help="Feeds to follow: a text file (one URL a line) or OPML. Feeds followed before are polled too."
    ),
    every: str = typer.Option("15m", "--every", metavar="INTERVAL", help="Poll each feed this often: 15m, 1h, 900 (seconds)."),
    once: bool = typer.Option(False, "--once", help="One pass over the due feeds, then exit."),
    db: Optional[str] = DB,
    allow_private_hosts: bool = ALLOW_PRIVATE,
    settings: Settings = BRIEF_OPTIONS,
) -> None:
    """Poll RSS/Atom feeds: new items are fetched, extracted and added to the story database, briefs refreshed
    (with --method and the budget)."""
    from ..sources import fetch_settings, parse_interval, run_watch

    settings = fetch_settings(settings, allow_private_hosts, parse_interval(every))
    run_watch(feed_list, db, settings, once, show_pass)


@user_errors
def feeds(
    db: Optional[str] = DB,
    fmt: StoryFormat = typer.Option(StoryFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """Each followed feed's health: state, last fetch, items stored, failures, next poll."""

    show_feeds(db, fmt.value)
