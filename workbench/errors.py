"""Errors a user can act on.

Every exception raised for bad input derives from WorkbenchError and carries a
one-line message that names the file (or thing) and the problem. The CLI prints
it without a traceback and exits non-zero; the UI shows it as a message.
"""


import os


class WorkbenchError(Exception):
    """A problem the user can fix; str(error) is the whole message."""


class InputError(WorkbenchError):
    """A file or value given by the user cannot be used."""

    def __init__(self, where, problem: str):
        self.where = printable(where)
        self.problem = " ".join(printable(problem).split())  # one line, whatever it quotes
        super().__init__(f"{self.where}: {self.problem}")


def printable(value) -> str:
    """`value` as text any terminal and database can take: the bytes of a file name that are
    not UTF-8 (which Python keeps as lone surrogates) shown as \\x escapes."""
    text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace").decode("utf-8")
    return raw.decode("utf-8", errors="backslashreplace")


class UnknownLanguageError(WorkbenchError):
    pass


class NotFoundError(WorkbenchError):
    pass


class ConflictError(WorkbenchError):
    """Someone else changed a translation since the caller loaded it."""

    def __init__(self, message: str, current=None):
        self.current = current
        super().__init__(message)
