"""The command line's conventions: one-line errors and exit codes, help, output streams, progress, verbosity."""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from wirebrief.cli import EXIT_CODES, app

from .conftest import EXAMPLE, REPO

runner = CliRunner()
# every command, also those added later: each must follow the conventions tested here
COMMANDS = list(typer.main.get_command(app).commands)


def wirebrief(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The installed command as a user runs it, in a fresh process (stdout and stderr are real files)."""
    return subprocess.run(
        [sys.executable, "-m", "wirebrief.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def one_error_line(result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wirebrief: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- mistakes are one line and a non-zero exit ------------------------------------------------------------------


def test_output_into_a_missing_directory_or_onto_a_directory(tmp_path):
    missing = one_error_line(runner.invoke(app, ["brief", str(EXAMPLE), "-o", str(tmp_path / "nope" / "out.txt")]))
    assert "does not exist" in missing
    assert "is a directory" in one_error_line(runner.invoke(app, ["brief", str(EXAMPLE), "-o", str(tmp_path)]))
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps({"id": "x", "documents": ["A short text."]}) + "\n")
    one_error_line(runner.invoke(app, ["batch", str(lines), "-o", str(tmp_path / "nope" / "x.jsonl")]))


def test_eval_out_that_cannot_be_created_fails_before_the_run(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    data = tmp_path / "clusters.jsonl"
    data.write_text(json.dumps({"id": "c", "documents": ["One. Two."], "summary": "One."}) + "\n")
    line = one_error_line(runner.invoke(app, ["eval", str(data), "--out", str(blocker / "sub"), "--systems", "lead"]))
    assert "cannot create --out" in line


def test_train_mistakes_are_one_line_and_leave_no_directory_behind(tmp_path):
    data = tmp_path / "train.jsonl"
    data.write_text(json.dumps({"id": "c", "documents": ["One. Two."], "summary": "One."}) + "\n")
    out = tmp_path / "model"
    line = one_error_line(runner.invoke(app, ["train", "--data", str(data), "--out", str(out), "--drop", "nope"]), code=2)
    assert "unknown feature group(s): nope" in line
    assert not out.exists()
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    line = one_error_line(runner.invoke(app, ["train", "--data", str(data), "--out", str(blocker / "sub")]))
    assert "cannot create --out" in line


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_stdout_is_one_line_not_a_traceback():
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "wirebrief.cli", "brief", str(EXAMPLE)], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 1
    assert result.stderr.strip() == "wirebrief: error: cannot write to standard output: No space left on device"


def test_a_db_path_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    one_error_line(runner.invoke(app, ["stories", "--db", str(blocker / "sub" / "x.db")]))


def test_disk_full_during_ingest_tells_the_real_error(tmp_path, monkeypatch):
    import random

    import wirebrief.stories.store as store

    words = "harbour council vote strike wages ship port union ballot river bridge budget school mayor".split()
    pick = random.Random(1).choice
    for n in range(60):
        paragraphs = (" ".join(pick(words) for _ in range(12)).capitalize() + "." for _ in range(40))
        (tmp_path / f"a{n}.txt").write_text("\n\n".join(paragraphs))
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["stories", "--db", db]).exit_code == 0  # an empty store
    with sqlite3.connect(db) as probe:
        pages = probe.execute("PRAGMA page_count").fetchone()[0]
    connect = sqlite3.connect

    def small_disk(*args, **kwargs):  # a database that can grow by only a few pages, as on a full disk
        connection = connect(*args, **kwargs)
        connection.execute(f"PRAGMA max_page_count = {pages + 4}")
        return connection

    monkeypatch.setattr(store.sqlite3, "connect", small_disk)
    line = one_error_line(runner.invoke(app, ["ingest", str(tmp_path), "--db", db]))
    assert line == "wirebrief: error: story database: database or disk is full"


@pytest.mark.parametrize("command", ["brief", "stories"])
def test_stdout_closed_early_is_a_quiet_success(tmp_path, command):
    # the reader goes away before anything is written, as `wirebrief stories | head -0` would
    arguments = [str(EXAMPLE)] if command == "brief" else ["--db", _store(tmp_path)]
    process = subprocess.Popen(
        [sys.executable, "-m", "wirebrief.cli", command, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


# --- help, version, completion ------------------------------------------------------------------------------------


def test_version_short_help_and_completion():
    from wirebrief import __version__

    assert runner.invoke(app, ["--version"]).stdout == f"wirebrief {__version__}\n"
    top = runner.invoke(app, ["-h"])
    assert top.exit_code == 0 and "--install-completion" in top.stdout
    for code, meaning in EXIT_CODES.items():
        assert f"{code}  {meaning}" in top.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_plain(command):
    result = runner.invoke(app, [command, "-h"], prog_name="wirebrief")
    assert result.exit_code == 0, result.output
    assert "<list" not in result.stdout and "{" not in result.stdout.splitlines()[0]
    assert result.stdout.startswith(f"Usage: wirebrief {command} [OPTIONS]")
    assert "-h, --help" in result.stdout


# --- output streams ------------------------------------------------------------------------------------------------


def _store(tmp_path) -> str:
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(EXAMPLE), "--db", db]).exit_code == 0
    return db


def test_no_color_means_no_styling_and_pipes_are_not_wrapped(tmp_path):
    db = _store(tmp_path)
    styled = wirebrief("stories", "--db", db, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in styled.stdout  # rich styles what it takes for a terminal…
    plain = wirebrief("stories", "--db", db, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout  # …and NO_COLOR removes all of it, bold and dim included
    piped = wirebrief("stories", "--db", db, env={"COLUMNS": "40"})
    brief_line = next(line for line in piped.stdout.splitlines() if line.startswith("  Dock workers"))
    assert len(brief_line) > 100  # the brief stays one line


def test_batch_to_a_file_writes_nothing_to_stdout_and_exit_codes_tell_failures(tmp_path):
    text = (EXAMPLE / "01-northwire.txt").read_text()
    good = json.dumps({"id": "good", "documents": [text]})
    bad = json.dumps({"id": "bad", "documents": [""]})
    for lines, code in (([good], 0), ([good, bad], 3), ([bad, bad], 1)):
        source = tmp_path / "in.jsonl"
        source.write_text("\n".join(lines) + "\n")
        result = wirebrief("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
        assert result.returncode == code, result.stderr
        assert result.stdout == ""
        assert len((tmp_path / "out.jsonl").read_text().splitlines()) == len(lines)


def test_ingest_json_is_one_json_document_even_with_list_added(tmp_path):
    result = runner.invoke(app, ["ingest", str(EXAMPLE), "--db", str(tmp_path / "s.db"), "-f", "json", "--list-added"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["added"]) == 4
    listed = runner.invoke(app, ["ingest", str(EXAMPLE), "--db", str(tmp_path / "t.db"), "--list-added"])
    assert sum(line.startswith("added ") for line in listed.stdout.splitlines()) == 4


# --- how much is said on stderr ------------------------------------------------------------------------------------


def test_skips_are_summarised_by_reason_listed_with_verbose_and_silent_with_quiet(tmp_path):
    (tmp_path / "good.txt").write_text((EXAMPLE / "01-northwire.txt").read_text())
    for n in range(4):
        (tmp_path / f"bad{n}.json").write_text("{nope" + "x" * n)
    for n in range(3):
        (tmp_path / f"empty{n}.txt").write_text("  ")
    summary = runner.invoke(app, ["brief", str(tmp_path)])
    assert summary.exit_code == 0
    assert summary.stderr.splitlines() == [
        "wirebrief: 7 inputs skipped (4 malformed JSON; 3 empty input); --verbose lists them"
    ]
    method, *verbose = runner.invoke(app, ["brief", str(tmp_path), "--verbose"]).stderr.splitlines()
    assert method.startswith("wirebrief: method wirebrief: {")  # the config the method runs with
    assert len(verbose) == 7 and all(line.startswith("wirebrief: skipped ") for line in verbose)
    quiet = runner.invoke(app, ["brief", str(tmp_path), "-q"])
    assert quiet.stderr == "" and quiet.stdout == summary.stdout
    few = runner.invoke(app, ["brief", str(EXAMPLE), str(tmp_path / "bad0.json")]).stderr.splitlines()
    assert few == [f"wirebrief: skipped {tmp_path / 'bad0.json'}: malformed JSON: Expecting property name enclosed in double quotes at line 1"]


def _on_a_terminal(*args: str) -> str:
    """stderr of the command when stderr is a terminal (stdout a pipe)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "wirebrief.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        cwd=REPO,
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the command exited and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=60)
    os.close(leader)
    return seen.decode("utf-8", "replace")


def test_progress_bars_on_a_terminal_only(tmp_path):
    db = str(tmp_path / "s.db")
    assert "storing" in _on_a_terminal("ingest", str(EXAMPLE), "--db", db)
    assert "storing" not in _on_a_terminal("ingest", str(EXAMPLE), "--db", db, "--quiet")
    assert "storing" not in wirebrief("ingest", str(EXAMPLE), "--db", str(tmp_path / "t.db")).stderr
    data = tmp_path / "clusters.jsonl"
    text = (EXAMPLE / "01-northwire.txt").read_text()
    data.write_text("".join(json.dumps({"id": f"c{i}", "documents": [text], "summary": "Dock workers ended a strike."}) + "\n" for i in range(3)))
    assert "evaluating" in _on_a_terminal("eval", str(data), "--systems", "lead")
