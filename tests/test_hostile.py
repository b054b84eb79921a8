"""Hostile input (issue 12): bounded cost, no crash, nothing lost. Small versions of each case found by the hostile
test; benchmarks/hostile.py runs them at full size and measures seconds and memory."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from wirebrief import brief
from wirebrief.batch import open_lines, run_batch
from wirebrief.compose.render import for_terminal
from wirebrief.errors import InputError
from wirebrief.readers import read_inputs
from wirebrief.settings import Settings
from wirebrief.sources import brief_inputs
from wirebrief.text import wirematch
from wirebrief.text.split import MAX_SENTENCE_CHARS, split_article
from wirebrief.types import Sentence, parse_published

ROOT = Path(__file__).resolve().parents[1]
REPORT = "The council met on Monday to discuss the harbour bridge repairs, officials said."
GOOD = [
    "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams. "
    "Ferries will run every twenty minutes until the repairs are finished in late June.",
    "Port Ellery council closed the harbour bridge on Monday after engineers found cracks in two support beams. "
    "The council has set aside four million crowns for the work.",
]
DEEP = "[" * 100_000 + "]" * 100_000
BAD_DATES = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]


# ---------- cost bounded by design ----------


def test_an_overlong_unpunctuated_sentence_is_cut_into_pieces_that_index_the_text():
    text = "word " * 2_000 + "x" * 2_500 + " The end."
    pieces = split_article(0, text)
    assert len(pieces) > 10
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and text[s.start : s.end] == s.text for s in pieces)
    assert pieces[-1].text.endswith("The end.")


def test_an_unpunctuated_2_mb_article_is_briefed_in_seconds_not_minutes():
    started = time.process_time()  # CPU seconds: other jobs on the machine do not stretch them
    result = brief(["word " * 400_000, GOOD[0]], words=50)
    assert time.process_time() - started < 20  # 87 s before the caps; about 1 s now
    assert result.articles


def test_identical_sentences_are_one_bucket_not_all_pairs():
    sentences = [Sentence(i, 0, 0, len(REPORT), REPORT) for i in range(5_000)]
    [unit] = wirematch.match_wire(sentences, Settings())
    assert unit.support == 5_000


def test_long_sentences_match_only_when_identical():
    long_text = " ".join(f"w{i}" for i in range(wirematch.MAX_COMPARED_TOKENS + 10)) + "."
    edited = long_text.replace("w3 ", "x3 ")
    texts = [long_text, edited, long_text]
    units = wirematch.match_wire([Sentence(i, 0, 0, len(t), t) for i, t in enumerate(texts)], Settings())
    assert [[s.article for s in u.sentences] for u in units] == [[0, 2], [1]]


def test_capped_candidate_pairs_are_reported(monkeypatch):
    monkeypatch.setattr(wirematch, "EXHAUSTIVE_MAX", 0)
    monkeypatch.setattr(wirematch, "MAX_CANDIDATE_PAIRS", 10)
    texts = [f"Report {i}: {REPORT}" for i in range(60)]
    notes: list[str] = []
    units = wirematch.match_wire([Sentence(i, 0, 0, len(t), t) for i, t in enumerate(texts)], Settings(), notes)
    assert any("checked the first 10 of" in note for note in notes), notes
    assert sum(len(u.sentences) for u in units) == 60  # every sentence is still in exactly one unit


def test_articles_and_sentences_per_brief_are_capped_with_a_reason():
    settings = Settings(max_articles=50, max_sentences=120)
    result = brief([f"Report {i}. {REPORT} {GOOD[i % 2]}" for i in range(80)], settings=settings)
    assert len(result.articles) == 50
    assert sum("over the limit of 50 articles" in s.reason for s in result.skipped) == 30
    assert any("at most 120 sentences in one brief" in w.reason for w in result.warnings)
    assert result.sentences


def test_reading_stops_at_the_article_cap_with_one_entry_for_the_rest(tmp_path):
    for i in range(30):
        (tmp_path / f"r{i:02}.txt").write_text(f"Report {i}. {REPORT}", encoding="utf-8")
    read = read_inputs([str(tmp_path)], 1_000_000, max_articles=10)
    assert len(read.articles) == 10
    [skip] = read.skipped
    assert skip.path.endswith("r10.txt") and "19 more inputs not read" in skip.reason


# ---------- dates ----------


@pytest.mark.parametrize("value", BAD_DATES)
def test_dates_outside_the_utc_range_are_dropped_with_a_warning(value):
    assert parse_published(value) is None
    result = brief([{"text": GOOD[0], "published": value}, GOOD[1]])
    assert result.sentences and result.articles[0].published is None
    assert any("published date ignored" in w.reason and "outside years 1-9999" in w.reason for w in result.warnings)


def test_since_far_in_the_past_or_future_is_clamped_not_an_overflow():
    from wirebrief.stories import parse_since

    assert parse_since("1000000d").year == 1
    assert parse_since("9" * 5_000 + "d").year == 1
    assert parse_since(BAD_DATES[0]).year == 9999
    assert parse_since(BAD_DATES[1]).year == 1


# ---------- readers ----------


def test_deep_nesting_skips_that_input_and_keeps_the_rest(tmp_path):
    (tmp_path / "deep.json").write_text(DEEP, encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps({"id": "c", "articles": GOOD}), encoding="utf-8")
    lines = [json.dumps(GOOD[0]), DEEP, json.dumps(GOOD[1])]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    read = read_inputs([str(tmp_path)], 10_000_000)
    assert len(read.articles) == 4
    assert sorted(s.path for s in read.skipped) == [str(tmp_path / "deep.json"), f"{tmp_path / 'mixed.jsonl'}:2"]
    assert all("nested more than 32 levels" in s.reason for s in read.skipped)


def test_a_fifo_is_skipped_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_text(GOOD[0], encoding="utf-8")
    result = brief_inputs([str(fifo), str(tmp_path)])
    assert result.articles
    reasons = {s.path: s.reason for s in result.skipped}
    assert "not a regular file" in reasons[str(fifo)]


def test_one_bounded_reader_refuses_pipes_devices_directories_and_oversize_input(tmp_path):
    from wirebrief.readers import Unreadable, read_bounded

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # no writer: opening or reading it would wait forever
    (tmp_path / "big.txt").write_bytes(b"x" * 1_001)
    (tmp_path / "fits.txt").write_bytes(b"x" * 1_000)
    refusals = {str(fifo): "not a regular file (a pipe, socket or device)", "/dev/zero": "not a regular file (a pipe, "
                "socket or device)", str(tmp_path): "is a directory", str(tmp_path / "big.txt"): "larger than the "
                "1,000-byte limit (1,001 bytes)", str(tmp_path / "none"): "no such file or directory"}  # fmt: skip
    for name, reason in refusals.items():
        with pytest.raises(Unreadable) as refused:
            read_bounded(name, 1_000)
        assert (refused.value.path, refused.value.reason) == (name, reason)
    assert read_bounded(str(tmp_path / "fits.txt"), 1_000) == b"x" * 1_000
    endless = io.BytesIO(b"\0" * 10_000_000)
    with pytest.raises(Unreadable, match="<stdin>: larger than the 1,000-byte limit"):
        read_bounded("-", 1_000, stdin=endless)
    assert endless.tell() == 1_001  # read one byte past the limit, no more
    assert read_bounded("-", 1_000, stdin=io.BytesIO(b"ok")) == b"ok"


@pytest.mark.parametrize("summary", ["fifo", "/dev/zero", "stdin", "directory"])
def test_verify_refuses_a_summary_it_cannot_read_in_bounded_time_in_one_line(tmp_path, summary):
    from typer.testing import CliRunner

    from wirebrief.cli import app

    (tmp_path / "source.txt").write_text(GOOD[0], encoding="utf-8")
    fifo = tmp_path / "summary.txt"
    os.mkfifo(fifo)
    args = {"fifo": str(fifo), "/dev/zero": "/dev/zero", "stdin": "-", "directory": str(tmp_path)}[summary]
    stdin = b"word " * 2_000_000 if summary == "stdin" else None  # 10 MB, over the 5 MB limit
    result = CliRunner().invoke(app, ["verify", args, str(tmp_path / "source.txt")], input=stdin)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("wirebrief: error: ") and "cannot read the summary: " in line


def test_a_feed_list_that_is_a_pipe_is_refused_not_waited_on(tmp_path):
    from wirebrief.fetch.feeds import read_feed_list

    os.mkfifo(tmp_path / "feeds.txt")
    with pytest.raises(InputError, match="feeds.txt: not a regular file"):
        read_feed_list(tmp_path / "feeds.txt")


def test_stdin_over_the_limit_is_skipped_after_reading_past_the_limit_only(monkeypatch):
    endless = io.BytesIO(b"word " * 400_000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(endless))
    read = read_inputs(["-"], 10_000)
    assert [(s.path, s.reason) for s in read.skipped] == [("<stdin>", "larger than the 10,000-byte limit")]
    assert endless.tell() < 1_000_000  # a buffered read or two past the limit, not the whole stream


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_byte_order_marks_name_the_encoding(tmp_path, encoding):
    path = tmp_path / "a.txt"
    data = GOOD[0].encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    result = brief_inputs([str(path)])
    assert result.articles[0].text.startswith("Port Ellery") and not result.warnings


def test_lone_surrogates_in_records_are_replaced_with_a_warning(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"text": "' + GOOD[0] + ' Caf\\ud800 open.", "title": "x\\udfff"}', encoding="utf-8")
    result = brief_inputs([str(path)])
    assert "\ufffd" in result.articles[0].text and "\ufffd" in result.articles[0].title
    assert any("lone surrogate" in w.reason for w in result.warnings)
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")  # encodable: no crash on output


# ---------- batch ----------


def lines_of(data: bytes, tmp_path: Path, name: str = "in.jsonl"):
    path = tmp_path / name
    path.write_bytes(data)
    said: list[str] = []
    return list(open_lines(str(path), warn=said.append)), said


def test_batch_reads_utf16_and_refuses_binary_once(tmp_path):
    record = json.dumps({"id": "c", "articles": GOOD})
    lines, said = lines_of((record + "\n" + record + "\n").encode("utf-16"), tmp_path)
    assert [json.loads(line)["id"] for line in lines] == ["c", "c"] and not said
    with pytest.raises(InputError, match="binary file"):
        lines_of(bytes(range(256)) * 10, tmp_path)


def test_batch_warns_once_about_invalid_utf8(tmp_path):
    record = json.dumps({"id": "c", "articles": GOOD}).encode()
    lines, said = lines_of(b"\n".join([record.replace(b"council", b"c\xffouncil")] * 3) + b"\n", tmp_path)
    assert len(lines) == 3 and len(said) == 1 and "not valid UTF-8 (line 1" in said[0]
    gz, said = lines_of(gzip.compress(record + b"\n"), tmp_path, "in.jsonl.gz")
    assert len(gz) == 1 and not said


def test_batch_never_drops_a_record_around_hostile_lines():
    good = json.dumps({"id": "c", "articles": GOOD})
    dated = json.dumps({"id": "d", "articles": [{"text": GOOD[0], "published": BAD_DATES[0]}, GOOD[1]]})
    lines = [good] * 11 + [DEEP, dated, "not json", good]
    out = io.StringIO()
    written, failed = run_batch(iter(lines), out.write, Settings())
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert written == len(lines) == len(records) and failed == 2
    assert records[11] == {"id": "line-12", "error": "JSON nested more than 32 levels deep"}
    assert records[12]["brief"] and "outside years" in records[12]["warnings"][0]["reason"]


@pytest.mark.parametrize("input_stalls", [False, True], ids=["workers busy", "input stalls"])
def test_ctrl_c_stops_a_batch_with_workers_cleanly(tmp_path, input_stalls):
    """Ctrl-C once the workers have answered (their first output line is the signal; no clock), with them busy on
    3,000 clusters, or idle because the input stopped coming (stdin left open): multiprocessing.Pool hung there,
    its terminate() waiting for a queue lock that an idle worker held."""
    text = " ".join(f"Sentence {i} is about the harbour bridge repairs and the vote on Monday." for i in range(60))
    record = json.dumps({"id": "x", "articles": [text, text.replace("Monday", "Tuesday")]}) + "\n"
    source = tmp_path / "many.jsonl"
    source.write_text(record * 3000, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "wirebrief.cli", "batch", "-" if input_stalls else str(source), "--jobs", "2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=ROOT,
    )
    if input_stalls:
        process.stdin.write((record * 16).encode())  # two chunks of work, then nothing: stdin stays open
        process.stdin.flush()
    try:
        assert json.loads(process.stdout.readline())["brief"]  # blocks until a worker's first result is written
        os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
        _, err = process.communicate(timeout=120)  # a guard against a hang only: it takes well under a second
    except subprocess.TimeoutExpired:
        pytest.fail("batch hung after Ctrl-C")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, err
    assert err.decode().strip().splitlines()[-1] == "wirebrief: error: interrupted" and b"Traceback" not in err
    # the parent stopped and reaped its workers before it exited: nothing of its group is left
    left = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert not left, f"orphan workers: {left}"


def test_a_budget_nothing_fits_is_exit_1_and_a_failed_cluster(tmp_path):
    from typer.testing import CliRunner

    from wirebrief.cli import app

    (tmp_path / "a.txt").write_text(GOOD[0], encoding="utf-8")
    result = CliRunner().invoke(app, ["brief", str(tmp_path / "a.txt"), "--chars", "1"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.output.strip() == "wirebrief: warning: budget: no brief-worthy sentence fits within the length budget"
    out = io.StringIO()
    assert run_batch(iter([json.dumps({"id": "c", "articles": GOOD})]), out.write, Settings().with_budget(chars=1)) == (1, 1)
    assert json.loads(out.getvalue()) == {"id": "c", "error": "no brief-worthy sentence fits within the length budget"}


# ---------- the terminal ----------


HOSTILE_TITLE = "[/bold] \x1b]8;;file:///etc/passwd\x1b\\x\x1b]8;;\x1b\\ [link=file:///etc/passwd]y[/link] \x1b[31mred\x9b"


def test_for_terminal_makes_control_characters_visible():
    shown = for_terminal(HOSTILE_TITLE + "\nnext\tline")
    assert "\x1b" not in shown and "\x9b" not in shown and "\\x1b" in shown and "\nnext\tline" in shown


BIDI_TITLE = "Invoice \u202efdp.exe\u202c paid \u2066admin\u2069 \u200b\u2028x\U000e0041"


def test_bidi_and_invisible_format_characters_are_shown_not_obeyed_in_text_and_markdown():
    shown = for_terminal(BIDI_TITLE)
    assert shown == "Invoice \\u202efdp.exe\\u202c paid \\u2066admin\\u2069 \\u200b\\u2028x\\U000e0041"
    assert for_terminal("emoji \u200d joiner") == "emoji \u200d joiner"  # joiners that emoji need stay
    articles = [{"id": "a", "title": BIDI_TITLE, "outlet": "The \u202eLedger", "text": GOOD[0]}, GOOD[1]]
    result = brief(articles, words=60)
    for fmt in ("text", "markdown"):
        out = result.render(fmt)
        assert "\\u202e" in out and "\u202e" not in out and "\u2066" not in out and "\u2028" not in out, fmt
    assert json.loads(result.render("json"))["articles"][0]["title"] == BIDI_TITLE  # JSON is data: kept as given


def test_watch_lines_show_controls_not_obey_them(capsys):
    from wirebrief.cli.store import show_pass
    from wirebrief.types import Skipped

    show_pass(Skipped("https://news.example/\u202efeed", "title \x1b]0;owned\x07"))
    assert capsys.readouterr().err == "wirebrief: skipped https://news.example/\\u202efeed: title \\x1b]0;owned\\x07\n"


def test_stored_titles_cannot_style_or_link_the_terminal(tmp_path):
    pytest.importorskip("wirebrief.stories")
    from typer.testing import CliRunner

    from wirebrief.cli import app
    from wirebrief.stories import ingest_records

    db = tmp_path / "s.db"
    ingest_records([{"id": "h", "title": HOSTILE_TITLE, "text": GOOD[0]}], db=db)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runner = CliRunner()
    listed = runner.invoke(app, ["stories", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert "\x1b" not in listed.output and "\x9b" not in listed.output
    story_id = json.loads(runner.invoke(app, ["stories", "--db", str(db), "--format", "json"]).output)[0]["id"]
    shown = runner.invoke(app, ["story", story_id, "--db", str(db)])
    assert shown.exit_code == 0 and "\x1b" not in shown.output and "[link=file:///etc/passwd]" in shown.output
    ingest_records([{"id": "b", "title": BIDI_TITLE, "outlet": "O\u202eO", "text": GOOD[1]}], db=db)
    (tmp_path / "d\u202e").mkdir()
    for args in (["stories"], ["story", story_id], ["story", story_id, "--timeline"], ["story", "s\u202e1"]):
        out = runner.invoke(app, [*args, "--db", str(db)]).output
        assert not any(c in out for c in "\u202e\u202c\u2066\u2069\u200b\u2028\x1b"), (args, out)
    refused = runner.invoke(app, ["stories", "--db", str(tmp_path / "d\u202e")])
    assert refused.exit_code == 1 and "d\\u202e is a directory" in refused.output


# ---------- the server ----------


@pytest.fixture
def api(tmp_path):
    pytest.importorskip("fastapi", reason="the server needs the 'serve' extra")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from wirebrief.server import create_app

    with TestClient(create_app(db=tmp_path / "s.db", warm=False), raise_server_exceptions=False) as client:
        yield client


def _body(articles) -> bytes:
    return json.dumps({"articles": articles}).encode()


HOSTILE_REQUESTS = {
    "lone surrogate": ("post", "/v1/briefs", b'{"articles": ["a \\ud800 b"]}', 422),
    "deeply nested body": ("post", "/v1/briefs", b'{"articles": ' + DEEP.encode() + b"}", 400),
    "5,000-digit budget": ("post", "/v1/briefs", b'{"articles": ["a b c"], "words": ' + b"9" * 5_000 + b"}", 400),
    "infinite budget": ("post", "/v1/briefs", b'{"articles": ["a b c"], "words": 1e400}', 422),
    "year 9999 at -14:00": ("post", "/v1/briefs", _body([{"text": GOOD[0], "published": BAD_DATES[0]}]), 200),
    "year 1 at +14:00": ("post", "/v1/articles", _body([{"text": GOOD[0], "published": BAD_DATES[1]}]), 200),
    "since 1000000d": ("get", "/v1/stories?since=1000000d", None, 200),
    "5,000-digit since": ("get", "/v1/stories?since=" + "9" * 5_000 + "d", None, 422),
    "since year 9999": ("get", "/v1/stories?since=9999-12-31T23:59:59-14:00", None, 200),
    "10,000-character story id": ("get", "/v1/stories/" + "x" * 10_000, None, 422),
}


@pytest.mark.parametrize("name", list(HOSTILE_REQUESTS))
def test_the_server_answers_hostile_requests_with_a_json_status_never_500(api, name):
    method, path, body, status = HOSTILE_REQUESTS[name]
    response = api.request(method, path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    if status >= 400:
        assert isinstance(response.json()["error"], str)
    # the connection is still usable after it
    assert api.get("/healthz").status_code == 200


def test_a_body_that_stops_arriving_is_answered_408_quickly():
    import anyio

    pytest.importorskip("fastapi")
    from wirebrief.server.app import BodyLimit

    async def never_called(scope, receive, send):
        raise AssertionError("the app must not see a stalled request")

    sent: list[dict] = []
    calls = 0

    async def receive():
        nonlocal calls
        calls += 1
        if calls == 1:
            return {"type": "http.request", "body": b'{"articles": ["', "more_body": True}
        await anyio.sleep_forever()

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "headers": [(b"content-length", b"100")]}
    started = time.perf_counter()
    anyio.run(BodyLimit(never_called, idle_timeout=0.3, body_timeout=120), scope, receive, send)
    assert time.perf_counter() - started < 60  # the 0.3 s idle limit ended it, not the 120 s one for the whole body
    assert sent[0]["status"] == 408 and b"not received" in sent[1]["body"]


def test_a_large_brief_runs_in_the_worker_process_with_the_same_result(api):
    from wirebrief.server.runner import LARGE_REQUEST_CHARS

    filler = " ".join(f"Paragraph {i} repeats that the ferry timetable changes on Monday." for i in range(4_000))
    articles = [GOOD[0] + "\n\n" + filler, GOOD[1]]
    assert sum(map(len, articles)) > LARGE_REQUEST_CHARS
    # what is checked is the worker's result; its time budget (a last line of defence) is no test of a loaded
    # machine, where the niced worker starting up and briefing can take longer than 30 s
    api.app.state.runner.timeout = 600
    response = api.post("/v1/briefs", json={"articles": articles, "words": 60})
    assert response.status_code == 200, response.text
    assert response.json() == json.loads(json.dumps(brief(articles, words=60).to_dict()))


def test_405_names_every_method_the_path_serves(api):
    response = api.request("OPTIONS", "/v1/feeds")
    assert response.status_code == 405 and response.json()["error"]
    assert response.headers["allow"] == "GET, POST"


@pytest.fixture
def guarded_server():
    """The app behind uvicorn with the server's HeaderTimeout protocol (a 2-second limit), on loopback."""
    pytest.importorskip("uvicorn")
    import socket
    import threading

    import uvicorn

    from wirebrief.server import create_app
    from wirebrief.server.guard import HeaderTimeout

    class Quick(HeaderTimeout):
        header_timeout = 2.0  # long enough that a whole request sent at once always makes it, even on a busy machine

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = threading.Event()

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets)
            started.set()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app(db=":memory:", warm=False)
    server = Server(uvicorn.Config(app, host="127.0.0.1", port=port, http=Quick, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert started.wait(120), "the server did not start"
    yield port
    server.should_exit = True
    thread.join(30)


def _answer(connection) -> bytes:
    """Everything the server sends until it closes the connection (a 60 s guard against a hang, never reached)."""
    connection.settimeout(60)
    answer = b""
    while chunk := connection.recv(65536):
        answer += chunk
    return answer


def test_a_request_head_that_stops_arriving_is_answered_408_and_closed(guarded_server):
    import socket

    with socket.create_connection(("127.0.0.1", guarded_server)) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a")  # and nothing more
        assert _answer(slow).startswith(b"HTTP/1.1 408 ")
    with socket.create_connection(("127.0.0.1", guarded_server)) as silent:  # not one byte
        assert _answer(silent).startswith(b"HTTP/1.1 408 ")
    with socket.create_connection(("127.0.0.1", guarded_server)) as kept:  # a second head on a kept-alive connection
        kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n")
        answer = _answer(kept)
        assert answer.startswith(b"HTTP/1.1 200 ") and answer.count(b"HTTP/1.1 408 ") == 1
    with socket.create_connection(("127.0.0.1", guarded_server)) as prompt:  # a whole request is answered as ever
        prompt.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert _answer(prompt).startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("path", ["/", "/docs", "/redoc", "/docs/oauth2-redirect"])
def test_every_html_route_carries_the_security_headers(api, path):
    import base64
    import hashlib
    import re

    response = api.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy and "base-uri 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    # each inline script, and nothing else that is not this server's, may run
    expected = {"'self'", *("'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline)}
    assert set(script_src) == expected
    assert "unsafe-eval" not in policy and "http" not in policy


def test_a_page_without_inline_code_gets_the_strict_policy():
    pytest.importorskip("fastapi")
    from wirebrief.server.headers import PAGE_POLICY, policy_for

    assert policy_for(b"<html><script src='/static/app.js'></script></html>") == PAGE_POLICY
    assert "'unsafe-inline'" in policy_for(b"<html><style>body {}</style></html>").split("style-src")[1].split(";")[0]


def test_an_endless_batch_line_is_one_error_record_and_the_rest_are_briefed(monkeypatch):
    from wirebrief import batch

    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 1_000)
    good = json.dumps({"id": "c", "articles": GOOD})
    for encoding in ("utf-8", "utf-16"):
        data = (good + "\n" + "x" * 50_000 + "\n" + good + "\n").encode(encoding)
        out = io.StringIO()
        lines = list(open_lines("-", stdin=io.BytesIO(data)))
        assert run_batch(iter(lines), out.write, Settings()) == (3, 1)
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        assert records[1] == {"id": "line-2", "error": "line larger than the 1,000-byte limit; skipped unread"}
        assert records[0]["brief"] and records[2]["brief"], encoding
