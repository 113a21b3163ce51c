"""XLIFF 2.1 (core namespace urn:oasis:names:tc:xliff:document:2.0, version="2.1").

One <file> per article and language, one <unit> per segment. Inline codes are
<pc> (paired) and <ph> (standalone) pointing at their markup in <originalData>.
States: new -> initial, machine-translated and edited -> translated, reviewed ->
reviewed, approved -> final; our exact status rides in subState="wb:...". The
metadata module (mda:) carries role, origin (MT engine) and the export mark; the
glossary module (gls:) the terms that apply. The segment's comments are notes of category
"comment"; any note not of the workbench's own categories comes back as a comment.
"""

from typing import BinaryIO

from lxml import etree

from workbench import xmlsafe
from workbench.errors import InputError
from workbench.formats.base import XliffFormat
from workbench.formats.units import (
    GENERATOR,
    NOTE_CATEGORIES,
    ExchangeDocument,
    ExchangeUnit,
    ExportMark,
    comment_note,
    file_language,
    origin_from,
    read_comment_note,
    small_number,
    term_parts,
    unit_notes,
)
from workbench.formats.validation import check_xliff2, cp_character, unsupported
from workbench.formats.xmltext import (
    code_id,
    read_inline,
    single_file,
    source_and_target,
    unknown_inline,
    write_inline,
    write_streamed,
)
from workbench.inline import format_placeholder
from workbench.model import Status
from workbench.xmlsafe import local_name

NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
NSMAP = {None: NS, "mda": MDA, "gls": GLS}
TO_STATE = {
    Status.NEW: "initial",
    Status.MACHINE_TRANSLATED: "translated",
    Status.EDITED: "translated",
    Status.REVIEWED: "reviewed",
    Status.APPROVED: "final",
}
STALE_STATE = "translated"  # what a translation whose source changed since is written as
FROM_STATE = {"initial": Status.NEW, "translated": Status.EDITED,
              "reviewed": Status.REVIEWED, "final": Status.APPROVED}
SUBSTATE_PREFIX = "wb:"
COMMENT_CATEGORY = "comment"  # a note of this category, or of none of NOTE_CATEGORIES
# XLIFF's own subType values where one fits; type says what kind of code it is.
_CODE_TYPES = {"bold": ("fmt", "xlf:b"), "italic": ("fmt", "xlf:i"), "link": ("link", None),
               "image": ("image", None), "url": ("link", "wb:url")}
_TEXT_ELEMENTS = {"source", "target", "note", "data", "meta", "term", "translation"}


def _q(name: str, namespace: str = NS) -> str:
    return f"{{{namespace}}}{name}"


class Xliff2(XliffFormat):
    name = "xliff2"
    description = "XLIFF 2.1"
    export_suffix = ".xliff2.xlf"
    detect_rank = 10
    root = f"{{{NS}}}xliff"

    def parse(self, data: bytes, where: str) -> ExchangeDocument:
        root = xmlsafe.parse(data, where)
        if root.tag != _q("xliff") or not str(root.get("version", "")).startswith("2."):
            raise InputError(where, "is not an XLIFF 2 file (root <xliff version=\"2.x\"> in "
                                    f"namespace {NS} expected)")
        check_xliff2(root, where)
        lang = file_language(root.get("trgLang"), where, "XLIFF trgLang")
        file = single_file(root, _q("file"), where, "2")
        meta = _read_metadata(file)
        return ExchangeDocument(
            article=meta.get("article") or file.get("original", ""),
            lang=lang,
            units=[_read_unit(unit, where) for unit in file.iter(_q("unit"))],
            title=meta.get("title", ""),
            source_lang=root.get("srcLang", "en"),
            exported_at=meta.get("exported-at"),
            expected_units=small_number(meta.get("units")),
        )

    def write_to(self, document: ExchangeDocument, output: BinaryIO) -> None:
        root = etree.Element(_q("xliff"), nsmap=NSMAP, version="2.1",
                             srcLang=document.source_lang, trgLang=document.lang)
        file = etree.SubElement(root, _q("file"), id="f1", original=document.article,
                                canResegment="no")
        _metadata(file, {"article": document.article, "title": document.title,
                         "exported-at": document.exported_at, "generator": GENERATOR,
                         "units": str(len(document.units))})
        write_streamed(output, root, file, map(_unit_element, document.units), _TEXT_ELEMENTS)


def _metadata(parent, values: dict[str, str | None]) -> None:
    metadata = etree.SubElement(parent, _q("metadata", MDA))
    group = etree.SubElement(metadata, _q("metaGroup", MDA), category="workbench")
    for key, value in values.items():
        if value:
            etree.SubElement(group, _q("meta", MDA), type=key).text = value


def _unit_element(unit: ExchangeUnit):
    element = etree.Element(_q("unit"), nsmap=NSMAP, id=unit.sid, name=unit.sid)
    _metadata(element, {
        "role": unit.role, "origin": unit.origin.value if unit.origin else None,
        "engine": unit.engine, "model-version": unit.model_version, "author": unit.author,
        "updated-at": unit.updated_at, "previous-source": unit.previous_source,
        "exported": unit.mark.encode() if unit.mark else None,
    })
    if unit.terms:
        glossary = etree.SubElement(element, _q("glossary", GLS))
        for term in unit.terms:
            entry = etree.SubElement(glossary, _q("glossEntry", GLS))
            source, translation = term_parts(term)
            etree.SubElement(entry, _q("term", GLS), source="workbench glossary").text = source
            if translation:
                etree.SubElement(entry, _q("translation", GLS)).text = translation
    notes = (unit_notes(unit) + [("glossary", term) for term in unit.terms]
             + [(COMMENT_CATEGORY, comment_note(comment)) for comment in unit.comments])
    if notes:
        container = etree.SubElement(element, _q("notes"))
        for category, text in notes:
            etree.SubElement(container, _q("note"), category=category).text = text
    if unit.codes:
        original = etree.SubElement(element, _q("originalData"))
        for code in unit.codes:
            etree.SubElement(original, _q("data"), id=f"d{code.id}").text = code.opening
            if code.paired:
                etree.SubElement(original, _q("data"), id=f"d{code.id}e").text = code.closing
    segment = etree.SubElement(element, _q("segment"), id=f"{unit.sid}-1",
                               state=_state(unit.status, bool(unit.needs_review)),
                               subState=SUBSTATE_PREFIX + unit.status.value)
    _inline(etree.SubElement(segment, _q("source")), unit.source, unit)
    if unit.target:
        _inline(etree.SubElement(segment, _q("target")), unit.target, unit)
    return element


def _code_attributes(code) -> dict[str, str]:
    kind, sub_type = _CODE_TYPES.get(code.kind, ("other", f"wb:{code.kind}"))
    return {"type": kind, **({"subType": sub_type} if sub_type else {})}


def _inline(parent, text: str, unit: ExchangeUnit) -> None:
    def open_code(container, code):
        return etree.SubElement(container, _q("pc"), id=str(code.id), dataRefStart=f"d{code.id}",
                                dataRefEnd=f"d{code.id}e", **_code_attributes(code))

    def standalone(container, code):
        etree.SubElement(container, _q("ph"), id=str(code.id), dataRef=f"d{code.id}",
                         **_code_attributes(code))

    def code_point(container, character):  # what XML cannot carry: <cp hex="0001"/>
        etree.SubElement(container, _q("cp"), hex=f"{ord(character):04X}")

    write_inline(parent, text, unit.codes, open_code, lambda container, code: None, standalone,
                 code_point)



def _read_metadata(element) -> dict[str, str]:
    found = {}
    for metadata in element.findall(_q("metadata", MDA)):
        for meta in metadata.iter(_q("meta", MDA)):
            found[meta.get("type")] = meta.text or ""
    return found


def _read_unit(element, where) -> ExchangeUnit:
    parts = [child for child in element if local_name(child) in ("segment", "ignorable")]
    if len(parts) != 1:  # a valid unit has at least one segment
        raise unsupported(where, f"unit {element.get('id')!r} (line {element.sourceline}) in "
                                 f"{len(parts)} parts (segments and ignorables); the workbench "
                                 "keeps one segment per unit: join them in your tool")
    segment = parts[0]
    source, target = source_and_target(segment, NS, _converter(where), where)
    meta = _read_metadata(element)
    mark = ExportMark.decode(meta.get("exported", ""))
    status, needs_review = _status(segment.get("state", "initial"), segment.get("subState", ""),
                                   target, mark)
    return ExchangeUnit(
        sid=element.get("id", ""),
        source=source,
        target=target,
        status=status,
        needs_review=needs_review,
        origin=origin_from(meta.get("origin")),
        role=meta.get("role", ""),
        previous_source=meta.get("previous-source"),
        mark=mark,
        comments=tuple(read_comment_note(note.text or "") for note in element.iter(_q("note"))
                       if note.get("category") not in NOTE_CATEGORIES
                       and (note.text or "").strip()),
    )


def _state(status: Status, needs_review: bool) -> str:
    """A translation whose source changed since is at most `translated`: never locked as
    reviewed or final in a translator's tool."""
    return STALE_STATE if needs_review and status.is_reviewed else TO_STATE[status]


def _status(state: str, sub_state: str, target: str | None,
            mark: ExportMark | None) -> tuple[Status, bool | None]:
    """The status and needs-review flag a segment says. A unit exported as needing review
    and left as it was keeps both; one the translator touched no longer needs it."""
    stale = mark is not None and mark.needs_review
    ours = sub_state[len(SUBSTATE_PREFIX):] if sub_state.startswith(SUBSTATE_PREFIX) else ""
    if stale and state == _state(mark.status, True) and ours == mark.status.value and (
            mark.matches(target, mark.status)):
        return mark.status, True
    if ours in {status.value for status in Status} and TO_STATE[Status(ours)] == state:
        return Status(ours), False if stale else None
    return FROM_STATE.get(state, Status.NEW), False if stale else None


def _converter(where):
    def convert(child) -> str:
        if child.tag == _q("pc"):
            number = code_id(child.get("id"), where, child, "2")
            return (format_placeholder("open", number) + read_inline(child, convert)
                    + format_placeholder("close", number))
        if child.tag == _q("ph"):
            return format_placeholder("standalone", code_id(child.get("id"), where, child, "2"))
        if child.tag == _q("sc"):
            return format_placeholder("open", code_id(child.get("id"), where, child, "2"))
        if child.tag == _q("ec"):
            return format_placeholder(
                "close", code_id(child.get("startRef") or child.get("id"), where, child, "2"))
        if child.tag == _q("mrk"):
            return read_inline(child, convert)
        if child.tag in (_q("sm"), _q("em")):
            return ""
        if child.tag == _q("cp"):
            character = cp_character(child.get("hex"))
            if character is None:  # validation refuses it first
                raise unknown_inline(where, child, "2")
            return character
        raise unknown_inline(where, child, "2")

    return convert
