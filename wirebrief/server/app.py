"""The HTTP API and the web page: `wirebrief serve`, or `create_app()` for any ASGI server.

    POST /v1/briefs          articles in, Brief.to_dict() out (the JSON of `wirebrief brief --format json`)
    POST /v1/verify          a summary and its sources in, each sentence's evidence and verdict out
    POST /v1/articles        ingest articles into the stories store
    GET  /v1/stories         stored stories, newest first (?since=…&limit=…)
    GET  /v1/stories/{id}    one stored story
    GET  /healthz            liveness
    GET  /docs, /openapi.json
    GET  /                   the web page (static HTML, CSS and JS; nothing external)

Briefing is CPU-bound: it runs in worker threads, at most $WIREBRIEF_BRIEF_THREADS (default 2) at a time per
process, so the event loop stays free and queued briefs finish one after another instead of all sharing the
GIL and all finishing late; the JSON is serialised in the thread too. The stories endpoints are plain `def`
functions (FastAPI's threadpool). Every error is JSON {"error": "...", "detail": [...]?}.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import anyio
from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import WirebriefError
from ..settings import FetchSettings, Settings
from ..version import __version__
from .headers import PAGE_POLICY, SecurityHeaders
from .runner import BriefRunner, Busy
from .schemas import (
    CURSOR_PATTERN,
    MAX_BODY_BYTES,
    NOT_BLANK,
    SINCE_SCHEMA,
    UNTIL_SCHEMA,
    BriefOut,
    BriefRequest,
    ErrorOut,
    FeedIn,
    FeedListOut,
    FeedOut,
    HealthOut,
    IngestOut,
    IngestRequest,
    MethodListOut,
    StoryDetailOut,
    StoryListOut,
    TimelineOut,
    VerifyOut,
    VerifyRequest,
)

log = logging.getLogger("wirebrief.server")
STATIC = Path(__file__).parent / "static"
DB_ENV = "WIREBRIEF_DB"
THREADS_ENV = "WIREBRIEF_BRIEF_THREADS"
STALE_PER_REQUEST = 10
PRIVATE_HOSTS_ENV = "WIREBRIEF_ALLOW_PRIVATE_HOSTS"
# the settings stored stories are briefed with (`serve --method/--words`), as Settings.to_dict() JSON, for workers
SETTINGS_ENV = "WIREBRIEF_SETTINGS"
# a 5 MB body arrives in well under a second on any working connection
BODY_IDLE_TIMEOUT_S = 5.0
BODY_TIMEOUT_S = 30.0

# The page loads nothing from anywhere else and runs no inline script: even an escaping bug could not run
# injected code. Every HTML response, /docs and /redoc too, gets its policy from SecurityHeaders (headers.py); these
# headers go with `/` and its files under /static/ (Cache-Control too).
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

# Every error is one JSON shape (ErrorOut); each endpoint lists the statuses it can answer with.
ERROR_REASONS = {
    400: "A body that cannot be parsed (JSON nested too deeply, a number of thousands of digits) or a bad "
         "Content-Length header",
    404: "No such story",
    408: f"The request body stalled ({BODY_IDLE_TIMEOUT_S:g} s without data, or {BODY_TIMEOUT_S:g} s in all)",
    413: f"Request body over {MAX_BODY_BYTES:,} bytes",
    422: "Malformed JSON, or a value the description does not allow (the message names the field)",
    503: "Busy with large briefs (retry after Retry-After seconds), a brief over the time budget, or the stories "
         "store is not available",
}


STORY_ID = PathParam(..., min_length=1, max_length=200, description="A story id from GET /v1/stories.")
API_DESCRIPTION = (
    "Every error is one JSON shape, `ErrorOut` (`{\"error\": \"one line\", \"detail\": [...]}`), and each operation "
    "lists the statuses it can answer with. A request that the description allows is answered with 2xx: when "
    "nothing in it can be briefed, the brief is empty and `skipped` / `warnings` say why."
)


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorOut, "description": ERROR_REASONS[status]} for status in statuses}


WARM_UP = [
    "The council closed the harbour bridge on Monday after engineers found cracks in two support beams.",
    "Engineers found cracks in two support beams of the harbour bridge, and the council closed it on Monday.",
]


def error(status: int, message: str, detail: list | None = None, headers: dict | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if detail:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=headers)


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413: by Content-Length up front, and by counting what
    actually arrives (chunked or lying clients); and bodies that stall with 408. The body is read here and
    replayed to the app."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES, idle_timeout: float = BODY_IDLE_TIMEOUT_S,
                 body_timeout: float = BODY_TIMEOUT_S):
        self.app = app
        self.limit = limit
        self.idle_timeout = idle_timeout
        self.body_timeout = body_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        too_big = error(413, f"request body is over the {self.limit:,}-byte limit")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return await error(400, "bad Content-Length header")(scope, receive, send)
            if declared > self.limit:
                return await too_big(scope, receive, send)
        chunks, size = [], 0
        deadline = anyio.current_time() + self.body_timeout
        while True:
            # a body that stops arriving (or trickles in) must not hold the connection: each chunk must come
            # within idle_timeout, and the whole body within body_timeout
            wait = min(self.idle_timeout, deadline - anyio.current_time())
            with anyio.move_on_after(max(wait, 0)) as waited:
                message = await receive()
            if waited.cancelled_caught:
                late = error(408, f"request body not received within {self.idle_timeout:g} s of the last part "
                                  f"(or {self.body_timeout:g} s in all)", headers={"Connection": "close"})
                return await late(scope, receive, send)
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return await too_big(scope, receive, send)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


UNION_BRANCHES = ("ArticleIn", "str", "constrained-str")


def _where(loc: tuple | list) -> str:
    # ("body", "articles", 0, "ArticleIn", "text") -> "articles[0].text"; union branch names are dropped
    out = ""
    for part in loc:
        if part in ("body", "query", "path") + UNION_BRANCHES:
            continue
        if isinstance(part, str) and part.startswith("function-"):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


NOT_A_RECORD = ("model_type", "model_attributes_type", "dict_type")


def _in_str_branch(error: dict) -> bool:
    return any(part in ("str", "constrained-str") for part in error.get("loc", ()))


def _reason(error: dict) -> str:
    """pydantic's message, in the API's words where they are clearer."""
    kind, ctx = error.get("type"), error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NOT_BLANK or (
        kind == "string_too_short" and ctx.get("min_length") == 1
    ):
        return "is empty"
    if kind == "string_unicode":  # JSON's "\ud800" escape: a lone surrogate is not text
        return "is not valid Unicode text (a lone surrogate such as \\ud800?)"
    if kind == "too_short" and ctx.get("min_length") == 1:
        return "is empty: give at least one article"
    if kind == "too_long" and isinstance(error.get("input"), list):
        return f"too many articles: {len(error['input'])} (at most {ctx.get('max_length')})"
    return str(error.get("msg", "invalid request")).removeprefix("Value error, ")


def validation_message(errors: list[dict]) -> tuple[str, list[dict]]:
    detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in errors]
    # a union (record | pasted text) reports a failure for each branch; keep the branch that fits the input:
    # an object failing as a record also "is not a string", a string failing as text also "is not a record"
    useful = [
        e for e in errors
        if not (e.get("type") == "string_type" and _in_str_branch(e)) and e.get("type") not in NOT_A_RECORD
    ] or errors
    first = useful[0] if useful else {}
    if first.get("type") == "json_invalid":
        reason = (first.get("ctx") or {}).get("error", "invalid JSON")
        at = [part for part in first.get("loc", ()) if isinstance(part, int)]
        return f"malformed JSON: {reason}" + (f" (at character {at[0]})" if at else ""), detail
    where = _where(first.get("loc", ()))
    more = f" (and {len(useful) - 1} more)" if len(useful) > 1 else ""
    return (f"{where}: {_reason(first)}" if where else f"request body: {_reason(first)}") + more, detail


def story_service(app: FastAPI):
    """The process's StoryService: opened on the first stories request, kept until the app shuts down (its store,
    clustering index and settings are loaded once per process, not per request); 503 with the reason while it
    cannot be opened (tried again on the next request)."""
    from ..stories import StoryService

    with app.state.story_lock:
        if app.state.story_service is None:
            try:
                app.state.story_service = StoryService.open(app.state.db, settings=app.state.settings)
            except WirebriefError as problem:
                app.state.story_problem = str(problem)
                log.warning("stories store not available: %s", problem)
                raise HTTPException(503, f"stories store not available: {problem}") from None
            app.state.story_problem = None
        return app.state.story_service


def allowed_methods(app: FastAPI, scope: dict) -> list[str]:
    """Every method some route serves at this request's path."""
    from starlette.routing import Match

    methods: set[str] = set()
    # the API's own routes too: recent FastAPI wraps an included router in one route that names no methods
    for route in [*app.router.routes, *router.routes]:
        if route.matches(scope)[0] is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def run_brief(request: BriefRequest, pages: dict | None = None, settings: Settings | None = None) -> dict:
    """The brief of the request's articles and of its URLs' pages (`pages`: fetched by `fetch.watch`), with the
    request's method and budget and the server's `settings` for everything else (model, caps, method configs)."""
    from ..pipeline import brief

    articles = [item if isinstance(item, str) else item.record() for item in request.articles]
    skipped = []
    if pages:
        from ..sources import page_records

        records, skipped = page_records(pages)
        articles += records
    budget = {"words": request.words, "sentences": request.sentences, "chars": request.chars}
    # a well-formed request is answered with a brief, if need be an empty one: `skipped` says which articles had
    # no text, `warnings` why no sentence was fit for a brief (the CLI exits 1 there; an API client reads it)
    settings = replace(settings or Settings(), method=request.method)
    result = brief(articles, **budget, settings=settings, empty_ok=True)
    result.skipped[:0] = skipped
    return result.to_dict()


def brief_json(request: BriefRequest, pages: dict | None = None, settings: Settings | None = None) -> bytes:
    """The brief as JSON bytes, serialised like JSONResponse does (in the worker thread, not the loop)."""
    return json.dumps(run_brief(request, pages, settings), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def verify_json(request: VerifyRequest) -> bytes:
    """The checked summary as JSON bytes (in the worker thread, like briefs)."""
    from ..verification import verify

    articles = [item if isinstance(item, str) else item.record() for item in request.articles]
    result = verify(request.summary, articles).to_dict()
    return json.dumps(result, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def tagged_json(request: Request, body: dict) -> Response:
    """`body` as JSON with an ETag of its bytes; 304 when the request's If-None-Match names that ETag already."""
    data = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    tag = '"' + hashlib.blake2b(data, digest_size=16).hexdigest() + '"'
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    asked = {t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")}
    if tag in asked:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="application/json", headers=headers)


def brief_threads() -> int:
    try:
        return max(1, int(os.environ.get(THREADS_ENV, "2")))
    except ValueError:
        return 2


class Context:
    """What a route needs of its app (a FastAPI dependency): the server's settings, the store, the brief runner.
    The story service is opened when a route asks for it, after FastAPI has checked the request's parameters, so
    that a malformed request is a 422 even while the store is down."""

    def __init__(self, request: Request):
        self.app = request.app
        self.db = self.app.state.db
        self.fetch: FetchSettings = self.app.state.fetch
        self.settings: Settings = self.app.state.settings

    def stories(self):
        return story_service(self.app)

    async def stories_async(self):
        return await run_in_threadpool(story_service, self.app)

    async def run_costly(self, call, *args, size: int) -> bytes:
        """`call(*args)` in the brief runner's threads; 503 with Retry-After while it is busy."""
        runner = getattr(self.app.state, "runner", None)
        if runner is None:  # an app used without its lifespan
            runner = self.app.state.runner = BriefRunner(threads=brief_threads())
        try:
            return await runner.run(call, *args, size=size)
        except Busy as busy:
            raise HTTPException(503, str(busy), headers={"Retry-After": "5"}) from None

    async def fetch_pages(self, urls: list[str]) -> dict | None:
        if not urls:
            return None
        from ..fetch.watch import read_each_url_async

        return await read_each_url_async(urls, self.fetch, budget=self.fetch.request_budget)


router = APIRouter()


@router.get("/healthz", response_model=HealthOut, tags=["meta"])
def healthz(context: Context = Depends()):
    return {"status": "ok", "version": __version__, "stories": context.app.state.story_problem is None}


@router.post("/v1/briefs", response_model=BriefOut, responses=errors(400, 408, 413, 422, 503), tags=["briefs"])
async def create_brief(request: BriefRequest, context: Context = Depends()):
    """Brief one story: `articles` are reports of it; `words` (default 150), `sentences` or `chars` is the
    length. Returns the same JSON as `wirebrief brief --format json`; every source span satisfies
    `articles[i].text[start:end]` == the sentence as that article has it."""
    pages = await context.fetch_pages(request.urls)
    size = request.size() + sum(len(a.text) for page in (pages or {}).values() for a in page.articles)
    # returned as-is: the pipeline's dict is the schema, no second validation pass
    body = await context.run_costly(brief_json, request, pages, context.settings, size=size)
    return Response(body, media_type="application/json")


@router.post("/v1/verify", response_model=VerifyOut, responses=errors(400, 408, 413, 422, 503), tags=["briefs"])
async def verify_summary(request: VerifyRequest, context: Context = Depends()):
    """Check any summary against its sources: per sentence the supporting spans (with the share of the
    sentence each carries), a verdict (supported, partly, unsupported) and the numbers, dates, names,
    negations and other words the cited spans do not carry. The same JSON as `wirebrief verify --format json`."""
    body = await context.run_costly(verify_json, request, size=request.size() + len(request.summary))
    return Response(body, media_type="application/json")


@router.post("/v1/articles", response_model=IngestOut, tags=["stories"], responses={
    **errors(400, 408, 413, 422, 503),
    # the story an article joined is there to read: the link lets clients (and schemathesis) follow it
    200: {"links": {"GetTouchedStory": {
        "operationId": "get_story", "parameters": {"story_id": "$response.body#/stories_touched/0"},
        "description": "The first story these articles joined or started."}}}})
async def ingest(request: IngestRequest, context: Context = Depends()):
    """Add articles, and the article pages at `urls`, to the stories store; returns their ids and the stories
    they joined or started. (A feed URL is skipped here: follow it with POST /v1/feeds.)"""
    report = None
    if request.articles:
        records = [a.record() for a in request.articles]
        # briefs of the stories touched, and of at most STALE_PER_REQUEST stories left stale by a --no-briefs
        # ingest: a request never re-briefs a whole store
        report = await run_in_threadpool(lambda: context.stories().ingest_records(records, catch_up=STALE_PER_REQUEST))
    if request.urls:
        from ..fetch.watch import ingest_urls_async

        service = await context.stories_async()
        fetched = await ingest_urls_async(request.urls, context.db, context.fetch, feeds=False,
                                          budget=context.fetch.request_budget, service=service)
        report = fetched.ingest if report is None else report.merge(fetched.ingest)
    return JSONResponse(report.to_dict())


@router.post("/v1/feeds", response_model=FeedOut, status_code=201, tags=["feeds"],
             responses={200: {"model": FeedOut, "description": "Followed already"}, **errors(400, 408, 413, 422, 503)})
async def follow_feed(request: FeedIn, background: BackgroundTasks, context: Context = Depends()):
    """Follow an RSS or Atom feed: it is polled now, in the background (see GET /v1/feeds), and then on every
    pass of `wirebrief watch` over the same store. A host that may not be fetched from is a 422."""
    from ..fetch import watch
    from ..fetch.addresses import check_host
    from ..fetch.urls import normalize

    await check_host(request.url, context.fetch.allow_private_hosts)  # a refused host is a 422 now, not later
    service = await context.stories_async()
    added, refused = await run_in_threadpool(watch.add_feeds, [request.url], context.db, service)
    if refused:
        raise HTTPException(422, f"{refused[0].path}: {refused[0].reason}")
    url = added[0] if added else normalize(request.url)
    if added:
        background.add_task(watch.poll_async, context.db, context.fetch, [url], service=service)
    state = next(f for f in await run_in_threadpool(watch.feed_health, context.db, context.fetch, service)
                 if f["url"] == url)
    return JSONResponse(state, status_code=201 if added else 200)


@router.get("/v1/feeds", response_model=FeedListOut, responses=errors(503), tags=["feeds"])
def list_feeds(context: Context = Depends()):
    """Every followed feed's health: state, last fetch, items stored, consecutive failures, next poll."""
    from ..fetch.watch import feed_health

    return JSONResponse({"feeds": feed_health(context.db, context.fetch, context.stories())})


@router.get("/v1/methods", response_model=MethodListOut, tags=["briefs"])
def list_methods():
    """The selection methods a brief can use (`method` in POST /v1/briefs), from wirebrief's registry."""
    from ..select import DEFAULT_METHOD, describe_methods

    return {"methods": describe_methods(), "default": DEFAULT_METHOD}


@router.get("/v1/stories", response_model=StoryListOut, responses={**errors(422, 503), 304: {
    "description": "Not modified: the page is the one whose ETag If-None-Match names"}}, tags=["stories"])
def list_stories(
    request: Request,
    since: str = Query(None, min_length=1, max_length=64, description="Only stories seen since: an RFC 3339 date or date-time, "
                       "or an age: 90m, 24h, 7d, 2w.", json_schema_extra=SINCE_SCHEMA),
    until: str = Query(None, min_length=1, max_length=64, description="Only stories that began before: an RFC 3339 "
                       "date (the whole day counts) or date-time.", json_schema_extra=UNTIL_SCHEMA),
    limit: int | None = Query(None, ge=1, le=1000, description="At most this many stories (default: all)."),
    cursor: str | None = Query(None, max_length=64, pattern=CURSOR_PATTERN, description="The page after the one "
                               "whose `next` this is (keyset paging: every page costs the same)."),
    offset: int = Query(0, ge=0, le=1_000_000, description="Skip this many (pages of `limit`; `cursor` is "
                        "cheaper deep down)."),
    q: str | None = Query(None, max_length=200, description="Only stories whose headline or brief contains this "
                          "(any case)."),
    outlet: str | None = Query(None, max_length=200, description="Only stories with a report from this outlet "
                               "(any case)."),
    context: Context = Depends(),
):
    """Stored stories, most recently seen first, and `next`: the cursor of the following page (with `limit`).
    Answers carry an ETag; a request whose If-None-Match names it gets 304 (a page polling for news)."""
    from ..stories import parse_since, parse_until

    after = parse_since(since) if since else None
    before = parse_until(until) if until else None
    service = context.stories()
    if offset or limit is None:
        found = service.stories(since=after, limit=limit, offset=offset, query=q, until=before, outlet=outlet)
        body = {"stories": [story.to_dict() for story in found], "next": None}
    else:
        page = service.river(limit, since=after, until=before, query=q, outlet=outlet, cursor=cursor)
        body = {"stories": [story.to_dict() for story in page.stories], "next": page.next}
    return tagged_json(request, body)


@router.get("/v1/stories/{story_id}", response_model=StoryDetailOut,
            responses=errors(404, 422, 503), tags=["stories"])
def get_story(story_id: str = STORY_ID, context: Context = Depends()):
    """One story with its brief and its stored articles (`articles_detail`)."""
    story = context.stories().story(story_id)
    if story is None:
        raise HTTPException(404, f"no story with id {story_id[:100]!r}")
    return JSONResponse(story.to_dict())


@router.get("/v1/stories/{story_id}/timeline", response_model=TimelineOut, responses=errors(404, 422, 503),
            tags=["stories"])
def get_story_timeline(story_id: str = STORY_ID, context: Context = Depends()):
    """The story's dated events, oldest first, each with every source that reports it (as
    `wirebrief story ID --timeline --format json`)."""
    from ..stories.timeline import story_timeline

    story = context.stories().story(story_id)
    if story is None:
        raise HTTPException(404, f"no story with id {story_id[:100]!r}")
    return JSONResponse(story_timeline(story.to_dict()))


@router.get("/", include_in_schema=False)
def page():
    return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)


async def invalid_request(request: Request, exc: RequestValidationError):
    message, detail = validation_message(list(exc.errors()))
    return error(422, message, detail)


async def http_error(request: Request, exc: StarletteHTTPException):
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:  # Starlette names only the first matching route's methods; a path may have more
        headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request.app, request.scope))}
    return error(exc.status_code, str(exc.detail), headers=headers)


async def user_error(request: Request, exc: WirebriefError):
    return error(422, str(exc))


async def store_error(request: Request, exc: sqlite3.OperationalError):
    # the store's state, not the request's fault: a read-only file system, a full disk, a lock held too long
    log.warning("story database on %s %s: %s", request.method, request.url.path, exc)
    return error(503, f"story database: {exc}", headers={"Retry-After": "5"})


async def internal_error(request: Request, exc: Exception):
    log.exception("internal error on %s %s", request.method, request.url.path)
    return error(500, "internal server error")


async def page_headers(request: Request, call_next):
    response = await call_next(request)
    if request.url.path.startswith("/static/"):
        response.headers.update(PAGE_HEADERS)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def lifespan(warm: bool):
    """Start the brief runner (and warm the pipeline up) with the app; close the runner and the story service
    with it."""

    @asynccontextmanager
    async def running(app: FastAPI):
        app.state.runner = BriefRunner(threads=brief_threads())
        if warm:  # load the sentence splitter and friends now, not on the first user's request
            try:
                app.state.runner.start()
                await run_in_threadpool(run_brief, BriefRequest(articles=WARM_UP, words=20), None, app.state.settings)
            except Exception:  # never keep the server from starting
                log.exception("warm-up brief failed")
        try:
            yield
        finally:
            app.state.runner.close()
            if app.state.story_service is not None:
                app.state.story_service.close()
                app.state.story_service = None

    return running


def create_app(db: str | Path | None = None, warm: bool = True, fetch: FetchSettings | None = None,
               settings: Settings | None = None) -> FastAPI:  # fmt: skip
    """The ASGI app. `db` is the stories store: a SQLite path or a postgresql:// URL (None: where
    `wirebrief.stories.resolve_location` says — $WIREBRIEF_DB, else the user data directory); `fetch` how URLs are
    fetched (default: FetchSettings(), private hosts allowed when $WIREBRIEF_ALLOW_PRIVATE_HOSTS=1); `settings`
    the method, budget and model stored stories are briefed with, and the model, caps and method configs of
    POST /v1/briefs, whose requests name their own method and budget (default: $WIREBRIEF_SETTINGS, else
    Settings())."""
    if fetch is None:
        fetch = FetchSettings(allow_private_hosts=os.environ.get(PRIVATE_HOSTS_ENV) == "1")
    if settings is None:
        settings = Settings.from_dict(json.loads(os.environ[SETTINGS_ENV])) if SETTINGS_ENV in os.environ else Settings()
    # FastAPIOffline serves Swagger UI's files from the package: FastAPI's default loads them from a CDN,
    # so /docs stayed blank on machines without internet access
    app = FastAPIOffline(
        title="wirebrief",
        version=__version__,
        summary="Many news reports of one story in, one short brief out, every sentence tied to all its sources.",
        description=API_DESCRIPTION,
        lifespan=lifespan(warm),
        # operation ids are the route functions' names (create_brief, get_story): what a generated client calls
        generate_unique_id_function=lambda route: route.name,
    )
    app.state.db = db
    app.state.fetch = fetch
    app.state.settings = settings
    app.state.story_service = None
    app.state.story_problem = None  # why the stories store could not be opened, when the last try failed
    app.state.story_lock = threading.Lock()
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(WirebriefError, user_error)
    app.add_exception_handler(sqlite3.OperationalError, store_error)
    app.add_exception_handler(Exception, internal_error)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.middleware("http")(page_headers)
    return app


def serve(host: str = "127.0.0.1", port: int = 8000, db: str | None = None, workers: int = 1,
          log_level: str = "info", allow_private_hosts: bool = False, settings: Settings | None = None) -> None:
    """Run the app with uvicorn (the `wirebrief serve` command)."""
    import uvicorn

    from .guard import HeaderTimeout

    options = dict(host=host, port=port, log_level=log_level, limit_concurrency=256, timeout_keep_alive=15,
                   http=HeaderTimeout)
    if workers == 1:
        fetch = FetchSettings(allow_private_hosts=allow_private_hosts)
        uvicorn.run(create_app(db=db, fetch=fetch, settings=settings), **options)
        return
    if db is not None:  # worker processes build their own app: the environment is the one way to them
        os.environ[DB_ENV] = str(db)
    if allow_private_hosts:
        os.environ[PRIVATE_HOSTS_ENV] = "1"
    if settings is not None:
        os.environ[SETTINGS_ENV] = json.dumps(settings.to_dict())
    uvicorn.run("wirebrief.server.app:create_app", factory=True, workers=workers, **options)
