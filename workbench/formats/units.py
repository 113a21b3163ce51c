"""The one exchange model every file format reads into and writes from.

Like translate-toolkit's unit/store: PO, XLIFF 1.2, XLIFF 2.1 and TMX are thin
readers and writers onto `ExchangeDocument` and `ExchangeUnit`; what happens on
import back (matching, conflicts) only ever sees these.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

import regex

from workbench import __version__
from workbench.errors import InputError, UnknownLanguageError
from workbench.inline import format_placeholder
from workbench.languages import normalize_language
from workbench.model import TIME_STAMP, InlineCode, Origin, Status

GENERATOR = f"workbench {__version__}"
# A comment in a file: "comment by Aigul, 2026-11-25T10:00:00Z[, resolved]: text".
_COMMENT = regex.compile(r"^comment by (.+?), "
                         r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)(, resolved)?: ",
                         regex.DOTALL)
# Each unit carries what it looked like when it was exported, so that import can
# tell "the translator changed this" from "the workbench moved on since".
_MARK = regex.compile(r"^r([0-9]{1,9}) ([a-z-]+) ([0-9a-f]{12})( needs-review)?$")
_SMALL_NUMBER = regex.compile(r"[0-9]{1,9}")


def small_number(text: str | None) -> int | None:
    """A count, revision or code id as the workbench writes one (1 to 9 ASCII digits), else
    None: `isdigit` also takes '²' and int() refuses 5,000 digits, so files are read with this."""
    return int(text) if text and _SMALL_NUMBER.fullmatch(text) else None


def digest(target: str | None) -> str:
    return hashlib.sha256((target or "").encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True)
class ExportMark:
    """The workbench's translation of a unit at export time."""

    revision: int
    status: Status
    target_digest: str
    needs_review: bool = False

    def encode(self) -> str:
        flag = " needs-review" if self.needs_review else ""
        return f"r{self.revision} {self.status.value} {self.target_digest}{flag}"

    @classmethod
    def decode(cls, text: str) -> "ExportMark | None":
        """None for anything that is not a mark we wrote (a tool may have mangled it)."""
        match = _MARK.match(text.strip())
        if match is None or match.group(2) not in {status.value for status in Status}:
            return None
        revision, status, target_digest, flag = match.groups()
        return cls(int(revision), Status(status), target_digest, bool(flag))

    def matches(self, target: str | None, status: Status) -> bool:
        return digest(target) == self.target_digest and status == self.status


@dataclass(frozen=True)
class UnitComment:
    """A comment of the segment's thread as a file carries it; a comment a translator added
    in another tool may have no author or time."""

    text: str
    author: str | None = None
    at: str | None = None  # ISO 8601 UTC
    resolved: bool = False


@dataclass(frozen=True)
class ExchangeUnit:
    """One segment and its translation as a file carries it.

    `target` None means the file has no translation for the segment. `needs_review`
    None means the format cannot say; import derives it from the export mark.
    """

    sid: str
    source: str
    target: str | None
    status: Status
    needs_review: bool | None = None
    origin: Origin | None = None
    engine: str | None = None
    model_version: str | None = None
    author: str | None = None
    updated_at: str | None = None
    role: str = ""
    context: str = ""
    codes: tuple[InlineCode, ...] = ()
    terms: tuple[str, ...] = ()
    previous_source: str | None = None
    mark: ExportMark | None = None
    comments: tuple[UnitComment, ...] = ()


@dataclass
class ExchangeDocument:
    """One file: one article in one target language."""

    article: str
    lang: str
    units: list[ExchangeUnit]
    title: str = ""
    source_lang: str = "en"
    exported_at: str | None = None  # ISO 8601 UTC, when the workbench wrote the file
    revised_at: str | None = None  # latest change to any translation in it
    translator: str | None = None  # who last worked on the file, if the format says
    expected_units: int | None = None  # how many units the writer put in: catches truncation


def term_parts(term: str) -> tuple[str, str | None]:
    """'Kazakhstan → Қазақстан' -> ('Kazakhstan', 'Қазақстан'); a bare term has no translation."""
    source, arrow, target = term.partition(" → ")
    return (source.strip(), target.strip()) if arrow else (term.strip(), None)


def utc_time(stamp: str) -> datetime:
    """A stamp in ISO 8601 ('2026-11-25T10:00:00Z') as a UTC datetime; no zone means UTC."""
    moment = datetime.fromisoformat(stamp)
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def describe_codes(codes: tuple[InlineCode, ...]) -> str:
    """'{1}…{/1} = **…**; {2/} = ![map](map.png)': what each placeholder stands for."""
    parts = []
    for code in codes:
        if code.paired:
            parts.append(f"{format_placeholder('open', code.id)}…"
                         f"{format_placeholder('close', code.id)} = {code.opening}…{code.closing}")
        else:
            parts.append(f"{format_placeholder('standalone', code.id)} = {code.opening}")
    return "; ".join(parts)


def origin_note(unit: ExchangeUnit) -> str:
    """'machine translation (argos, model 1.9)': where the translation came from, for people."""
    if unit.origin is None:
        return ""
    labels = {Origin.MT: "machine translation", Origin.TM: "translation memory",
              Origin.HUMAN: "translator", Origin.IMPORT: "imported file"}
    details = ", ".join(part for part in (unit.engine, unit.model_version and
                                          f"model {unit.model_version}") if part)
    return labels[unit.origin] + (f" ({details})" if details else "")


# The categories of the notes the workbench writes about a unit (unit_notes, and a term of the
# glossary per note): a format that reads notes back takes any other as a comment.
NOTE_CATEGORIES = frozenset({"context", "codes", "origin", "previous source", "glossary"})


def unit_notes(unit: ExchangeUnit) -> list[tuple[str, str]]:
    """(category, text) of what a translator should know about a unit, for every format."""
    notes = [("context", unit.context), ("codes", describe_codes(unit.codes)),
             ("origin", origin_note(unit)), ("previous source", unit.previous_source or "")]
    return [(category, text) for category, text in notes if text]


def comment_note(comment: UnitComment) -> str:
    """How a comment is written into a file's note: its author, time and state, then its text."""
    state = ", resolved" if comment.resolved else ""
    return f"comment by {comment.author}, {comment.at}{state}: {comment.text}"


def read_comment_note(note: str, author: str | None = None) -> UnitComment:
    """A note of a file as a comment: one `comment_note` wrote, or any other text (whose
    author, if the format names one, is `author`)."""
    match = _COMMENT.match(note)
    if match is None or not _is_time_stamp(match.group(2)):
        return UnitComment(note.strip(), author)
    return UnitComment(note[match.end():].strip(), match.group(1), match.group(2),
                       bool(match.group(3)))


def _is_time_stamp(text: str) -> bool:
    try:
        datetime.strptime(text, TIME_STAMP)
    except ValueError:
        return False
    return True


def note_line(category: str, text: str) -> str:
    return text if category == "context" else f"{category}: {text}"


def file_language(value: str | None, where, label: str) -> str:
    """Our code for the target language a file names in `label` (its header, trgLang...)."""
    if not value:
        raise InputError(where, f"{label} is missing: cannot tell which translation it is")
    try:
        return normalize_language(value)
    except UnknownLanguageError as error:
        raise InputError(where, f"{label}: {error}") from None


def origin_from(value: str | None) -> Origin | None:
    return Origin(value) if value in {origin.value for origin in Origin} else None
