"""`python -m wirebrief.train ...` is `wirebrief train ...`."""

import sys

from ..cli import app

app(["train", *sys.argv[1:]], prog_name="wirebrief")
