"""Glossary files: CSV or TBX, chosen by the file's extension."""

from pathlib import Path

from workbench.errors import InputError
from workbench.files import write_atomically
from workbench.glossary.csvio import parse_csv, write_csv
from workbench.glossary.model import Glossary
from workbench.glossary.tbx import GlossaryImport, read_tbx, write_tbx
from workbench.settings import MAX_GLOSSARY_BYTES, megabytes

FORMATS = (".csv", ".tbx")


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(path, f"unknown glossary format {suffix or '(none)'!r}; use .csv or .tbx")
    return suffix


def read_glossary(path: Path | str, author: str = "", at: str = "") -> GlossaryImport:
    """The glossary in a file (and what it had that could not be used)."""
    path = Path(path)
    suffix = _format(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    if path.stat().st_size > MAX_GLOSSARY_BYTES:
        raise InputError(path, f"larger than {megabytes(MAX_GLOSSARY_BYTES)}")
    data = path.read_bytes()
    if suffix == ".tbx":
        return read_tbx(data, str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 ({error.reason} at byte {error.start})") from None
    return GlossaryImport(parse_csv(text, str(path), author=author, at=at))


def write_glossary(path: Path | str, glossary: Glossary) -> None:
    path = Path(path)
    data = write_tbx(glossary) if _format(path) == ".tbx" else write_csv(glossary)
    write_atomically(path, data)
