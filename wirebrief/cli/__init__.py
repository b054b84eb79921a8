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

import sys

from .briefs import batch, brief, verify
from .common import EXIT_CODES, _silence_stdout, app
from .evaluation import evaluate, train
from .server import serve
from .store import feeds, ingest, stories, story, watch

__all__ = ["EXIT_CODES", "app", "main"]

# registered here, in the order `wirebrief --help` lists them
for command in (brief, verify, batch, serve):
    app.command()(command)
app.command("eval")(evaluate)
for command in (ingest, stories, story, watch, feeds, train):
    app.command()(command)


def main() -> None:
    try:
        app(prog_name="wirebrief")
    except BrokenPipeError:  # help or usage piped into `head`
        _silence_stdout()
        sys.exit(0)

