"""The unit model every part of the workbench shares: articles, segments, translations.

Plain dataclasses, no behaviour beyond derived values. The store reads and writes
them; formats (PO, XLIFF, TMX) and the UI only ever see these.
"""

from dataclasses import dataclass, field
from enum import Enum

# How the workbench writes a moment, in every table and file: ISO 8601 in UTC, to the second
# (2026-11-25T10:00:00Z). PostgreSQL's clock spells it in its own terms (store/dialect.py).
TIME_STAMP = "%Y-%m-%dT%H:%M:%SZ"


class Status(str, Enum):
    NEW = "new"
    MACHINE_TRANSLATED = "machine-translated"
    EDITED = "edited"
    REVIEWED = "reviewed"
    APPROVED = "approved"

    @property
    def rank(self) -> int:
        """Place in the workflow, new (0) to approved (4): a higher status is further along."""
        return _WORKFLOW.index(self)

    def outranks(self, other: "Status") -> bool:
        return self.rank > Status(other).rank

    @property
    def is_human_checked(self) -> bool:
        """Statuses machine translation and imports of lower rank must never overwrite."""
        return self in (Status.EDITED, Status.REVIEWED, Status.APPROVED)

    @property
    def is_reviewed(self) -> bool:
        """Checked by a reviewer: what the translation memory and the consistency check trust."""
        return self in (Status.REVIEWED, Status.APPROVED)


_WORKFLOW = tuple(Status)
REVIEWED_STATUSES = tuple(status for status in Status if status.is_reviewed)


class Origin(str, Enum):
    MT = "mt"
    TM = "tm"
    HUMAN = "human"
    IMPORT = "import"


class Role(str, Enum):
    """Where a segment sits in the article: translators and exports use it as context."""

    TITLE = "title"
    HEADING = "heading"
    DATELINE = "dateline"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    LIST_ITEM = "list-item"
    QUOTE = "quote"
    RELATED = "related"
    FOOTER = "footer"
    TABLE_CELL = "table-cell"


@dataclass(frozen=True)
class InlineCode:
    """Markup kept out of the translator's way.

    A paired code (bold, link, ...) shows in segment text as {n}...{/n} and has
    `opening`/`closing` markup; a standalone code (image, URL, line break) shows
    as {n/} and has only `opening`.
    """

    id: int
    kind: str
    opening: str
    closing: str | None = None

    @property
    def paired(self) -> bool:
        return self.closing is not None

    def to_json(self) -> dict:
        data = {"id": self.id, "kind": self.kind, "opening": self.opening}
        if self.closing is not None:
            data["closing"] = self.closing
        return data

    @classmethod
    def from_json(cls, data: dict) -> "InlineCode":
        return cls(data["id"], data["kind"], data["opening"], data.get("closing"))


@dataclass(frozen=True)
class Block:
    """One block of the article's skeleton: the markup around its segments.

    A block with no segments (a bare URL, a rule, an image) is rebuilt from
    `prefix` and `suffix` alone.
    """

    number: int
    role: Role
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Segment:
    sid: str  # stable id within its article: survives re-imports and edits
    article: str  # article slug
    position: int  # order in the article
    block: int
    role: Role
    source: str  # text with placeholders
    codes: tuple[InlineCode, ...] = ()
    context: str = ""  # human-readable place, e.g. "paragraph 3, sentence 2"
    source_hash: str = ""


@dataclass(frozen=True)
class Translation:
    sid: str
    article: str
    lang: str
    target: str
    status: Status
    origin: Origin | None = None
    engine: str | None = None
    model_version: str | None = None
    author: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    revision: int = 0
    needs_review: bool = False  # source changed since this was written
    previous_source: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    sid: str
    lang: str
    revision: int
    at: str
    author: str | None
    origin: str | None
    old_target: str | None
    new_target: str
    old_status: str | None
    new_status: str
    note: str = ""


@dataclass(frozen=True)
class Comment:
    """One message in the thread of a segment in one language (a reason for sending a
    translation back is one)."""

    id: int
    article: str
    sid: str
    lang: str
    author: str
    at: str
    text: str
    resolved: bool = False


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    source_path: str
    format: str
    source_hash: str
    imported_at: str = ""
    updated_at: str = ""


@dataclass
class ParsedArticle:
    """What a reader makes of a file, before it is stored."""

    title: str
    format: str
    blocks: list[Block]
    segments: list["ParsedSegment"]
    notes: list[str] = field(default_factory=list)  # what import normalized, for the report


@dataclass(frozen=True)
class ParsedSegment:
    block: int
    role: Role
    source: str
    codes: tuple[InlineCode, ...]
    context: str


def status_of(translation: Translation | None) -> Status:
    """Where a segment is in the workflow into a language: new while it has no translation."""
    return translation.status if translation else Status.NEW
