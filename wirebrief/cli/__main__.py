"""`python -m wirebrief.cli ...` is `wirebrief ...`."""

from . import main

main()
