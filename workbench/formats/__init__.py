"""File formats for exchanging translations: each a thin reader and writer onto
the one exchange model in `units.py`."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.formats import po, tmx, xliff2, xliff12
from workbench.formats.units import ExchangeDocument


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str  # file name after the language code: ru.po, ru.xliff2.xlf
    write: Callable[[ExchangeDocument], str | bytes]
    read: Callable[[bytes, object], ExchangeDocument] | None  # None: export only
    approved_only: bool = False
    description: str = ""


FORMATS = {
    "po": Format("po", ".po", po.write_po, po.read_po, description="Gettext PO"),
    "xliff2": Format("xliff2", ".xliff2.xlf", xliff2.write_xliff2, xliff2.read_xliff2,
                     description="XLIFF 2.1"),
    "xliff12": Format("xliff12", ".xliff12.xlf", xliff12.write_xliff12, xliff12.read_xliff12,
                      description="XLIFF 1.2"),
    "tmx": Format("tmx", ".tmx", tmx.write_tmx, None, approved_only=True,
                  description="TMX 1.4b, approved translations only"),
}


def detect_format(name: str, data: bytes) -> Format:
    """Which importable format a file is in, by its content first, then its name."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if xliff2.NS.encode() in head:
            return FORMATS["xliff2"]
        if xliff12.NS.encode() in head:
            return FORMATS["xliff12"]
        if b"<tmx" in head:
            raise InputError(name, "is a TMX translation memory; TMX is imported into the "
                                   "translation memory, not as translations of an article")
        raise InputError(name, "is XML but not XLIFF 1.2 or 2.x")
    if Path(name).suffix.lower() in (".po", ".pot") or b"msgid" in head:
        return FORMATS["po"]
    raise InputError(name, "is not a PO or XLIFF file")
