"""File formats for exchanging translations, and the one entry point that opens any of them.

Each format is a class (`base.ExchangeFormat`) that reads onto and writes from the exchange
model in `units.py`. `open_exchange` is to every format what polib's `pofile()` is to PO:

    document = open_exchange("translations/ru.po")            # a path
    document = open_exchange(upload_bytes, "ru.xliff2.xlf")   # or bytes, named for messages
    memory = open_exchange("memory.tmx", expect=TranslationMemory)

The file's content decides its format (each class recognises its own root element or
text, asked in `detect_rank` order); the file name only when the content cannot tell.
"""

from pathlib import Path
from typing import TypeVar

from lxml import etree

from workbench.errors import InputError
from workbench.files import Source, read_source
from workbench.formats.base import ExchangeFormat, Head
from workbench.formats.po import Po
from workbench.formats.tmx import Tmx, TranslationMemory
from workbench.formats.units import ExchangeDocument
from workbench.formats.xliff2 import Xliff2
from workbench.formats.xliff12 import Xliff12
from workbench.settings import MAX_EXCHANGE_BYTES
from workbench.xmlsafe import root_name

__all__ = ["FORMATS", "ExchangeDocument", "ExchangeFormat", "TranslationMemory", "exchange_format",
           "open_exchange"]

# In the order people choose from (CLI --format, the UI's export picker).
FORMATS: dict[str, ExchangeFormat] = {fmt.name: fmt for fmt in (Po(), Xliff2(), Xliff12(), Tmx())}
_BY_RANK = sorted(FORMATS.values(), key=lambda fmt: fmt.detect_rank)

Held = TypeVar("Held")


def exchange_format(data: bytes, name: str, expect: type = ExchangeDocument) -> ExchangeFormat:
    """The format of a file by its content, else by its extension; refused, with the reason,
    when it is not a format holding `expect` (a TMX given as an article's translations)."""
    head = Head(data, root_name(data))
    found = next((fmt for fmt in _BY_RANK if fmt.recognises(head)), None)
    if found is None and head.root is None:
        suffix = Path(name).suffix.lower()
        found = next((fmt for fmt in _BY_RANK if suffix in fmt.extensions), None)
    if found is None:
        labels = " or ".join(dict.fromkeys(fmt.label for fmt in FORMATS.values()
                                           if fmt.holds is expect))
        seen = f" (XML with root element <{etree.QName(head.root).localname}>)" if head.root else ""
        raise InputError(name, f"is not a {labels} file{seen}")
    if found.holds is not expect:
        raise InputError(name, found.misplaced())
    return found


def open_exchange(source: Source, name: str | None = None,
                  expect: type[Held] = ExchangeDocument) -> Held:
    """Read any supported file: `source` is a path or the file's bytes (`name` then names it
    in messages). Gives an ExchangeDocument (one article in one language), or a
    TranslationMemory when `expect`ed."""
    name, data = read_source(source, name, limit=MAX_EXCHANGE_BYTES)
    return exchange_format(data, name, expect).parse(data, name)
