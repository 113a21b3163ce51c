"""Reading files the same way everywhere, and writing them so that a crash never leaves
half a file behind."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from workbench.errors import InputError
from workbench.settings import megabytes

Source = str | os.PathLike | bytes  # a file: its path, or its content


def write_atomically(path: Path | str, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(path) as handle:
        handle.write(payload)


@contextmanager
def atomic_output(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write `path` through piece by piece (an export streamed unit by unit):
    it is a temporary file beside `path`, renamed over `path` only when the block ends without
    an error, so `path` is either the old file or the whole new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, _mode_for(path))
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def read_source(source: Source, name: str | None = None, *, limit: int) -> tuple[str, bytes]:
    """(name, content) of a file given as a path or as its bytes, so every reader takes both.

    `name` is what error messages call the file (an upload's file name); a path names
    itself. More than `limit` bytes is refused before anything is read or parsed.
    """
    if isinstance(source, bytes):
        name = name or "(data)"
        _check_size(name, len(source), limit)
        return name, source
    name = name or str(source)
    path = Path(source)
    try:
        _check_size(name, path.stat().st_size, limit)
        return name, path.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot be read ({error.strerror})") from None


def _check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise InputError(name, f"is {megabytes(size)}, over the {megabytes(limit)} limit")
