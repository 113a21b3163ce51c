"""What every exchange format declares, in the manner of translate-toolkit's storage classes.

A format is a class: its name, file extensions, description, whether it carries approved
translations only, how it recognises a file by content, and a reader and writer onto the
exchange model (`units.py`). The registry (`workbench.formats`) only ever asks these.

Reading and writing are symmetric: `parse` (bytes) and `read` (a path or bytes) give the
document; `write_to` streams a document to an open file unit by unit, so an export's memory
does not grow with the article, and `write` gives the same bytes at once.
"""

import io
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from workbench.files import Source, read_source
from workbench.formats.units import ExchangeDocument
from workbench.settings import MAX_EXCHANGE_BYTES


@dataclass(frozen=True)
class Head:
    """What recognising a file looks at: its bytes and, for XML, its root element."""

    data: bytes
    root: str | None  # '{namespace}local', None when the file does not start as XML


class ExchangeFormat(ABC):
    name: ClassVar[str]  # what `--format` and the registry call it
    label: ClassVar[str]  # the family, for "is not a PO or XLIFF file"
    description: ClassVar[str]  # for people: the UI's format picker
    extensions: ClassVar[tuple[str, ...]]  # recognised when the content does not decide
    export_suffix: ClassVar[str]  # file name after the language code: ru.po, ru.xliff2.xlf
    approved_only: ClassVar[bool] = False  # export carries approved translations only
    holds: ClassVar[type] = ExchangeDocument  # what reading gives
    detect_rank: ClassVar[int]  # formats are asked in this order: exact marks before hints

    @abstractmethod
    def recognises(self, head: Head) -> bool:
        """Whether the file's start is this format."""

    @abstractmethod
    def parse(self, data: bytes, where: str):
        """The file's content as `holds`, or InputError naming `where`."""

    @abstractmethod
    def write_to(self, document: ExchangeDocument, output: BinaryIO) -> None:
        """Write the file for one article in one language to `output`, one unit at a time:
        `document.units` is iterated once (it may be streamed from the store)."""

    def read(self, source: Source, name: str | None = None):
        """Read a path or bytes (named `name` in messages)."""
        name, data = read_source(source, name, limit=MAX_EXCHANGE_BYTES)
        return self.parse(data, name)

    def write(self, document: ExchangeDocument) -> bytes:
        """The file for one article in one language, as bytes."""
        buffer = io.BytesIO()
        self.write_to(document, buffer)
        return buffer.getvalue()

    def misplaced(self) -> str:
        """Why a file in this format is refused where another kind of file belongs."""
        return (f"holds translations of an article ({self.description}); it is imported with "
                "import-translations, not into the translation memory")


class XmlFormat(ExchangeFormat):
    """A format recognised by its root element."""

    root: ClassVar[str]  # '{namespace}local'

    def recognises(self, head: Head) -> bool:
        return head.root == self.root


class XliffFormat(XmlFormat):
    """XLIFF 1.2 and 2.x: one family, one kind of file name; the root's namespace tells them
    apart."""

    label = "XLIFF"
    extensions = (".xlf", ".xliff")
