"""Glossary files: CSV or TBX, chosen by the file's extension."""

from pathlib import Path

from workbench.errors import InputError
from workbench.files import Source, write_atomically
from workbench.glossary.csvio import read_csv, write_csv
from workbench.glossary.model import Glossary
from workbench.glossary.tbx import GlossaryImport, read_tbx, write_tbx

FORMATS = (".csv", ".tbx")


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(path, f"unknown glossary format {suffix or '(none)'!r}; use .csv or .tbx")
    return suffix


def read_glossary(source: Source, name: str | None = None, author: str = "",
                  at: str = "") -> GlossaryImport:
    """The glossary in a file, a path or its bytes named `name` (and what it had that could
    not be used)."""
    named = name or ("(data)" if isinstance(source, bytes) else str(source))
    if _format(Path(named)) == ".tbx":
        return read_tbx(source, name)
    return GlossaryImport(read_csv(source, name, author=author, at=at))


def glossary_file_content(name: str, glossary: Glossary) -> bytes:
    """The glossary as a file named `name` holds it: TBX or CSV by the extension."""
    content = write_tbx(glossary) if _format(Path(name)) == ".tbx" else write_csv(glossary)
    return content.encode("utf-8") if isinstance(content, str) else content


def write_glossary(path: Path | str, glossary: Glossary) -> None:
    write_atomically(path, glossary_file_content(str(path), glossary))
