"""`serve`: the HTTP API and the web page."""

from __future__ import annotations

from typing import Optional

import typer

from ..settings import Settings
from .common import (
    ALLOW_PRIVATE,
    BRIEF_OPTIONS,
    DB,
    brief_options,
    fail,
    user_errors,
)


@user_errors
@brief_options
def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="HOST", help="Interface to listen on (0.0.0.0 for all)."),
    port: int = typer.Option(8000, "--port", "-p", metavar="PORT", min=1, max=65535, help="Port to listen on."),
    db: Optional[str] = DB,
    workers: int = typer.Option(1, "--workers", metavar="N", min=1, help="Worker processes."),
    allow_private_hosts: bool = ALLOW_PRIVATE,
    settings: Settings = BRIEF_OPTIONS,
) -> None:
    """Serve the HTTP API (/v1/briefs, /v1/stories, /docs) and the web page at http://HOST:PORT/. Stored stories are
    briefed with --method and the budget; POST /v1/briefs names its own; both use --model."""
    try:
        from ..server import serve as run_server
    except ImportError as error:
        fail(f"serving needs the 'serve' extra: pip install 'wirebrief[serve]' ({error})")
    typer.echo(f"wirebrief: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    from ..stories import resolve_location

    run_server(host=host, port=port, db=resolve_location(db), workers=workers, allow_private_hosts=allow_private_hosts,
               settings=settings)  # fmt: skip
