"""Errors that are the user's to fix: the CLI and API print them as one line, never a traceback."""


class WirebriefError(Exception):
    """Base class for errors with a message meant for the user."""


class UsageError(WirebriefError):
    """Wrong arguments or options."""


class InputError(WirebriefError):
    """Input that cannot be read or briefed (nothing usable in it)."""
