"""Gettext PO: one file per article and language, read and written with polib.

msgctxt is the segment id, msgid the source with placeholders, msgstr the
translation. PO can say only "untranslated", "fuzzy" or "translated", so:
new, machine-translated and edited (and anything whose source changed) are
written fuzzy; reviewed and approved are not. The exact status, revision and
target at export ride along in an extracted comment (`#. workbench-export:`),
which translation tools keep but do not edit; reading uses it to tell what the
translator changed. The README has the full table.
"""

import textwrap
from typing import BinaryIO

import polib
import regex

from workbench.errors import InputError
from workbench.formats.base import ExchangeFormat, Head
from workbench.formats.units import (
    GENERATOR,
    ExchangeDocument,
    ExchangeUnit,
    ExportMark,
    UnitComment,
    comment_note,
    digest,
    file_language,
    note_line,
    read_comment_note,
    small_number,
    unit_notes,
    utc_time,
)
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Status

# Chosen from CLDR's cardinal categories; the README explains Tajik.
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<12 || n%100>14) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
    "ky": "nplurals=2; plural=(n != 1);",
    "tg": "nplurals=2; plural=(n != 1);",
    "uz": "nplurals=2; plural=(n != 1);",
}
WRAP_WIDTH = 78  # gettext's own
MARK_PREFIX = "workbench-export: "
GLOSSARY_PREFIX = "glossary: "  # a translator comment the workbench wrote: a term to use
CONTINUED = "  "  # a translator comment line that goes on the one above
COMMENT_WIDTH = 76  # with "# " in front, no line is longer than polib's 78: it wraps none
POLIB_WRAPPED = 60  # a first line this long was wrapped by polib (older exports)
EXPORT_TRANSLATOR = "Workbench export"
REVIEWED = (Status.REVIEWED, Status.APPROVED)
_CHARSET = regex.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_LINE = regex.compile(r"\(line (\d+)\)")
_STRING_LINE = regex.compile(r'^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')
_CLOSED = regex.compile(r'(?:^|[^\\])(?:\\\\)*"$')
_ENTRY_START = regex.compile(rb'^[ \t]*(?:msgctxt|msgid)[ \t]+"', regex.MULTILINE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def is_fuzzy(status: Status, needs_review: bool) -> bool:
    return needs_review or status not in REVIEWED


class Po(ExchangeFormat):
    name = "po"
    label = "PO"
    description = "Gettext PO"
    extensions = (".po", ".pot")
    export_suffix = ".po"
    detect_rank = 20  # a line starting `msgid "` is a hint, not a mark: after the XML formats

    def recognises(self, head: Head) -> bool:
        data = head.data
        if data.startswith(_UTF16_BOMS):  # gettext writes UTF-8; some editors save UTF-16
            data = data[:1 << 20].decode("utf-16", errors="replace").encode("utf-8")
        return head.root is None and _ENTRY_START.search(data) is not None

    def parse(self, data: bytes, where: str) -> ExchangeDocument:
        text = _decode(data, where)
        _check_strings(text, where)
        try:
            po = polib.pofile(text, wrapwidth=WRAP_WIDTH)
        except (OSError, ValueError) as error:
            line = _LINE.search(str(error))
            place = f" at line {line.group(1)}" if line else ""
            raise InputError(where, f"PO syntax error{place}") from None
        metadata = po.metadata
        lang = file_language(metadata.get("Language"), where, "PO header Language")
        units = [_unit(entry, where) for entry in po if not entry.obsolete]
        translator = metadata.get("Last-Translator", "")
        count = metadata.get("X-Workbench-Units", "")
        return ExchangeDocument(
            article=metadata.get("X-Workbench-Article", ""),
            lang=lang,
            units=units,
            exported_at=metadata.get("X-Workbench-Exported") or None,
            translator=None if translator in ("", EXPORT_TRANSLATOR) or "FULL NAME" in translator
            else translator,
            expected_units=small_number(count),
        )

    def write_to(self, document: ExchangeDocument, output: BinaryIO) -> None:
        """The header and metadata as polib writes them, then each entry as polib writes it
        in a file: the same bytes as `str(po)`, without holding every entry."""
        po = polib.POFile(wrapwidth=WRAP_WIDTH)
        language = TARGET_LANGUAGES[document.lang]
        po.header = (f"{document.title or document.article}: English to {language.name}.\n"
                     f"Exported by the workbench; import back with `workbench import-translations`.")
        po.metadata = {
            "Project-Id-Version": f"{document.article}",
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": _po_date(document.exported_at),
            "PO-Revision-Date": _po_date(document.revised_at or document.exported_at),
            # Tools put their user's name here on save: on import that names who changed it.
            "Last-Translator": EXPORT_TRANSLATOR,
            "Language-Team": language.name,
            "Language": document.lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": PLURAL_FORMS[document.lang],
            "X-Generator": GENERATOR,
            "X-Workbench-Article": document.article,
            "X-Workbench-Exported": document.exported_at or "",
            "X-Workbench-Units": str(len(document.units)),
        }
        output.write(str(po).encode("utf-8"))
        for unit in document.units:
            output.write(("\n" + _entry(unit).__unicode__(WRAP_WIDTH)).encode("utf-8"))


def _entry(unit: ExchangeUnit) -> polib.POEntry:
    target = unit.target or ""
    # The previous source has its own place in PO: #| msgid.
    extracted = [note_line(category, text) for category, text in unit_notes(unit)
                 if category != "previous source"]
    if unit.mark:
        extracted.append(MARK_PREFIX + unit.mark.encode())
    entry = polib.POEntry(
        msgctxt=unit.sid,
        msgid=unit.source,
        msgstr=target,
        comment="\n".join(extracted),
        tcomment=_translator_comment(unit),
        flags=["fuzzy"] if target and is_fuzzy(unit.status, bool(unit.needs_review)) else [],
    )
    if unit.previous_source:
        entry.previous_msgctxt = unit.sid
        entry.previous_msgid = unit.previous_source
    return entry


def _decode(data: bytes, where) -> str:
    if not data.strip():
        raise InputError(where, "file is empty")
    if data.startswith(_UTF16_BOMS):  # the byte order mark decides, whatever the header says
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(where, f"starts as UTF-16 but is not (byte {error.start}); save it "
                                    "as UTF-8") from None
    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    if encoding.upper() == "CHARSET":  # the untouched template placeholder
        encoding = "utf-8"
    try:
        return data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except LookupError:
        raise InputError(where, f"PO header names an unknown charset {encoding!r}") from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(where, f"is not valid {encoding} as its header says (line {line}); "
                                f"save it as UTF-8") from None


def _check_strings(text: str, where) -> None:
    """polib reads an unterminated string as if it were closed: a cut file would pass."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("#") and _STRING_LINE.match(stripped):
            rest = stripped[stripped.index('"') + 1:]
            if not _CLOSED.search(rest):
                raise InputError(where, f"PO syntax error at line {number}: string not closed "
                                        "(truncated file?)")


def _unit(entry: polib.POEntry, where) -> ExchangeUnit:
    if entry.msgid_plural:
        raise InputError(where, f"plural entry at line {entry.linenum} is not a workbench segment")
    mark = None
    for line in entry.comment.splitlines():
        if line.startswith(MARK_PREFIX):
            mark = ExportMark.decode(line[len(MARK_PREFIX):])
    target = entry.msgstr or None
    status, needs_review = _status(target, entry.fuzzy, mark)
    return ExchangeUnit(
        sid=entry.msgctxt or "",
        source=entry.msgid,
        target=target,
        status=status,
        needs_review=needs_review,
        previous_source=entry.previous_msgid,
        mark=mark,
        comments=_read_comments(entry.tcomment),
    )


def _translator_comment(unit: ExchangeUnit) -> str:
    """The glossary's terms, then the segment's comments, each wrapped here (further lines
    indented) so that polib never wraps them: a line a translator adds stays its own. A
    glossary line stays shorter than one polib wrapped in older exports (POLIB_WRAPPED), so
    a translator's line after it is never read as its tail."""
    glossary = [(term, GLOSSARY_PREFIX, POLIB_WRAPPED - 1) for term in unit.terms]
    comments = [(" ".join(comment_note(comment).split()), "", COMMENT_WIDTH)
                for comment in unit.comments]
    # the prefix as the first line's indent: never a line of its own, whatever the term's words
    return "\n".join(line for note, prefix, width in glossary + comments
                     for line in textwrap.wrap(note, width, initial_indent=prefix,
                                               subsequent_indent=CONTINUED,
                                               break_long_words=False, break_on_hyphens=False))


def _read_comments(tcomment: str) -> tuple[UnitComment, ...]:
    """The thread in an entry's translator comments: each comment the workbench wrote, and
    each run of other lines a translator added (joined into one comment); glossary lines
    left out. A long glossary line that polib wrapped (files written before the workbench
    wrapped its own lines) goes on unindented: such a line is taken as part of it."""
    blocks: list[tuple[str, list[str]]] = []  # ("glossary" | "comment" | "free", lines)
    for line in tcomment.splitlines():
        kind = ("glossary" if line.startswith(GLOSSARY_PREFIX)
                else "comment" if read_comment_note(line).at is not None else None)
        previous = blocks[-1] if blocks else None
        if kind:
            blocks.append((kind, [line]))
        elif previous and line.startswith(CONTINUED):
            previous[1].append(line.strip())
        elif previous and previous[0] == "glossary" and len(previous[1][-1]) >= POLIB_WRAPPED:
            previous[1].append(line.strip())
        elif previous and previous[0] == "free":
            previous[1].append(line.strip())
        elif line.strip():
            blocks.append(("free", [line.strip()]))
    return tuple(read_comment_note(" ".join(lines)) for kind, lines in blocks if kind != "glossary")


def _status(target: str | None, fuzzy: bool, mark: ExportMark | None) -> tuple[Status, bool]:
    """What the file says, given what was exported (see the module docstring)."""
    if target is None:
        return Status.NEW, False
    unchanged_text = mark is not None and mark.target_digest == digest(target)
    if unchanged_text and fuzzy == is_fuzzy(mark.status, mark.needs_review):
        return mark.status, mark.needs_review
    if fuzzy:
        return Status.EDITED, False
    if unchanged_text and mark.status in REVIEWED:
        return mark.status, False
    return Status.REVIEWED, False


def _po_date(iso: str | None) -> str:
    """'2026-11-25T10:00:00Z' -> '2026-11-25 10:00+0000', the form gettext writes."""
    return utc_time(iso).strftime("%Y-%m-%d %H:%M%z") if iso else ""
