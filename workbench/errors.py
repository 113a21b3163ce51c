"""Errors a user can act on.

Every exception raised for bad input derives from WorkbenchError and carries a
one-line message that names the file (or thing) and the problem. The CLI prints
it without a traceback and exits non-zero; the UI shows it as a message.
"""


class WorkbenchError(Exception):
    """A problem the user can fix; str(error) is the whole message."""


class InputError(WorkbenchError):
    """A file or value given by the user cannot be used."""

    def __init__(self, where, problem: str):
        self.where = str(where)
        self.problem = problem
        super().__init__(f"{self.where}: {problem}")


class UnknownLanguageError(WorkbenchError):
    pass


class NotFoundError(WorkbenchError):
    pass


class ConflictError(WorkbenchError):
    """Someone else changed a translation since the caller loaded it."""

    def __init__(self, message: str, current=None):
        self.current = current
        super().__init__(message)
