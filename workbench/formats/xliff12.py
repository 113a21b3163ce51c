"""XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2), what most CAT tools still read.

One <file> per article and language, one <trans-unit> per segment. Inline codes
are <g ctype="bold">…</g> (paired) and <x ctype="image"/> (standalone), their
markup in equiv-text. The target's state maps one to one to our status (README);
state-qualifier="leveraged-mt" marks machine translation. Context, origin and the
export mark ride in a <context-group purpose="information"> with x- context
types, which the strict schema allows. The segment's comments are notes from their author;
any note from someone other than the workbench comes back as a comment.
"""

from typing import BinaryIO

from lxml import etree

from workbench import xmlsafe
from workbench.errors import InputError
from workbench.formats import xmltext
from workbench.formats.base import XliffFormat
from workbench.formats.validation import check_xliff12
from workbench.formats.units import (
    GENERATOR,
    ExchangeDocument,
    ExchangeUnit,
    ExportMark,
    comment_note,
    file_language,
    note_line,
    origin_from,
    read_comment_note,
    small_number,
    unit_notes,
)
from workbench.inline import format_placeholder
from workbench.model import Origin, Status

NS = "urn:oasis:names:tc:xliff:document:1.2"
NSMAP = {None: NS}
TO_STATE = {
    Status.NEW: "needs-translation",
    Status.MACHINE_TRANSLATED: "needs-review-translation",
    Status.EDITED: "translated",
    Status.REVIEWED: "signed-off",
    Status.APPROVED: "final",
}
_NEEDS_SOMETHING = ("needs-review-translation", "needs-review-l10n", "needs-review-adaptation",
                    "needs-l10n", "needs-adaptation")
FROM_STATE = {"new": Status.NEW, "needs-translation": Status.NEW, "translated": Status.EDITED,
              "signed-off": Status.REVIEWED, "final": Status.APPROVED,
              **{state: Status.EDITED for state in _NEEDS_SOMETHING}}
STALE_STATE = "needs-review-translation"  # a reviewed translation whose source changed since
COUNT_GROUP = "workbench"  # <count-group> of the header with the number of units written
QUALIFIERS = {Origin.MT: "leveraged-mt", Origin.TM: "leveraged-tm"}
_STANDARD_CTYPES = {"bold", "italic", "underlined", "link", "image", "lb", "pb"}
_TEXT_ELEMENTS = {"source", "target", "note", "context"}
# Who a note is from: the workbench's own notes and terms; any other note is a comment.
WORKBENCH_NOTE = "workbench"
GLOSSARY_NOTE = "glossary"


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


class Xliff12(XliffFormat):
    name = "xliff12"
    description = "XLIFF 1.2"
    export_suffix = ".xliff12.xlf"
    detect_rank = 11
    root = f"{{{NS}}}xliff"

    def parse(self, data: bytes, where: str) -> ExchangeDocument:
        root = xmlsafe.parse(data, where)
        if root.tag != _q("xliff"):
            raise InputError(where, f"is not an XLIFF 1.2 file (root <xliff> in namespace {NS} expected)")
        check_xliff12(root, where)
        file = xmltext.single_file(root, _q("file"), where, "1.2")
        lang = file_language(file.get("target-language"), where, "XLIFF target-language")
        count = file.findtext(f"{_q('header')}/{_q('count-group')}[@name='{COUNT_GROUP}']/"
                              f"{_q('count')}[@unit='trans-unit']", "")
        return ExchangeDocument(
            article=file.get("original", ""),
            lang=lang,
            units=[_read_unit(unit, where) for unit in file.iter(_q("trans-unit"))],
            source_lang=file.get("source-language", "en"),
            exported_at=file.get("date"),
            expected_units=small_number(count),
        )

    def write_to(self, document: ExchangeDocument, output: BinaryIO) -> None:
        root = etree.Element(_q("xliff"), nsmap=NSMAP, version="1.2")
        file = etree.SubElement(root, _q("file"), original=document.article,
                                **{"source-language": document.source_lang,
                                   "target-language": document.lang,
                                   "datatype": "plaintext", "tool-id": "workbench"})
        if document.exported_at:
            file.set("date", document.exported_at)
        header = etree.SubElement(file, _q("header"))
        etree.SubElement(header, _q("tool"), **{"tool-id": "workbench", "tool-name": GENERATOR})
        counts = etree.SubElement(header, _q("count-group"), name=COUNT_GROUP)
        etree.SubElement(counts, _q("count"), {"count-type": "total", "unit": "trans-unit"}).text = (
            str(len(document.units)))  # import tells a file that lost units by it
        etree.SubElement(header, _q("note"), {"from": "workbench"}).text = (
            f"{document.title or document.article}; {len(document.units)} units")
        body = etree.SubElement(file, _q("body"))
        xmltext.write_streamed(output, root, body, map(_unit_element, document.units),
                               _TEXT_ELEMENTS)


def _unit_element(unit: ExchangeUnit):
    element = etree.Element(_q("trans-unit"), nsmap=NSMAP, id=unit.sid, resname=unit.sid)
    element.set(f"{{{xmlsafe.XML_NS}}}space", "preserve")
    stale = bool(unit.needs_review) and unit.status.is_reviewed
    if unit.status == Status.APPROVED and not stale:
        element.set("approved", "yes")
    _inline(etree.SubElement(element, _q("source")), unit.source, unit)
    if unit.target:
        target = etree.SubElement(element, _q("target"),
                                  state=STALE_STATE if stale else TO_STATE[unit.status])
        if unit.origin in QUALIFIERS:
            target.set("state-qualifier", QUALIFIERS[unit.origin])
        _inline(target, unit.target, unit)
    contexts = {"x-role": unit.role, "x-position": unit.context,
                "x-origin": unit.origin.value if unit.origin else None, "x-engine": unit.engine,
                "x-model-version": unit.model_version,
                "x-previous-source": unit.previous_source,
                "x-exported": unit.mark.encode() if unit.mark else None}
    group = etree.SubElement(element, _q("context-group"), purpose="information")
    for context_type, value in contexts.items():
        if value:
            etree.SubElement(group, _q("context"), {"context-type": context_type}).text = value
    for category, text in unit_notes(unit):
        etree.SubElement(element, _q("note"), {"from": WORKBENCH_NOTE}).text = note_line(category, text)
    for term in unit.terms:
        etree.SubElement(element, _q("note"), {"from": GLOSSARY_NOTE}).text = term
    for comment in unit.comments:
        etree.SubElement(element, _q("note"), {"from": comment.author}).text = comment_note(comment)
    return element


def _ctype(kind: str) -> str:
    return kind if kind in _STANDARD_CTYPES else f"x-{kind}"


def _inline(parent, text: str, unit: ExchangeUnit) -> None:
    def open_code(container, code):
        return etree.SubElement(container, _q("g"), id=str(code.id), ctype=_ctype(code.kind),
                                **{"equiv-text": f"{code.opening}…{code.closing}"})

    def standalone(container, code):
        etree.SubElement(container, _q("x"), id=str(code.id), ctype=_ctype(code.kind),
                         **{"equiv-text": code.opening})

    xmltext.write_inline(parent, text, unit.codes, open_code, lambda container, code: None, standalone)



def _read_unit(element, where) -> ExchangeUnit:
    source, target = xmltext.source_and_target(element, NS, _converter(where), where)
    contexts = {context.get("context-type"): context.text or ""
                for context in element.iter(_q("context"))}
    mark = ExportMark.decode(contexts.get("x-exported", ""))
    status, needs_review = _status(element, element.find(_q("target")), target, mark)
    return ExchangeUnit(
        sid=element.get("id", ""),
        source=source,
        target=target,
        status=status,
        needs_review=needs_review,
        origin=origin_from(contexts.get("x-origin")),
        role=contexts.get("x-role", ""),
        previous_source=contexts.get("x-previous-source"),
        mark=mark,
        comments=tuple(read_comment_note(note.text or "", note.get("from"))
                       for note in element.findall(_q("note"))
                       if note.get("from") not in (WORKBENCH_NOTE, GLOSSARY_NOTE)
                       and (note.text or "").strip()),
    )


def _status(element, target_element, target: str | None,
            mark: ExportMark | None) -> tuple[Status, bool | None]:
    """The status and needs-review flag a unit says. A unit exported as needing review and
    left as it was keeps both; one the translator touched no longer needs it."""
    stale = mark is not None and mark.needs_review
    state = target_element.get("state") if target_element is not None else None
    if (stale and mark.matches(target, mark.status) and element.get("approved") != "yes"
            and state == (STALE_STATE if mark.status.is_reviewed else TO_STATE[mark.status])):
        return mark.status, True
    return _file_status(element, target_element), False if stale else None


def _file_status(element, target) -> Status:
    if element.get("approved") == "yes":
        return Status.APPROVED
    if target is None:
        return Status.NEW
    state = target.get("state")
    if state in _NEEDS_SOMETHING and target.get("state-qualifier") == QUALIFIERS[Origin.MT]:
        return Status.MACHINE_TRANSLATED
    return FROM_STATE.get(state, Status.EDITED)


def _converter(where):
    def convert(child) -> str:
        name = xmlsafe.local_name(child)
        if name == "g":
            number = xmltext.code_id(child.get("id"), where, child, "1.2")
            return (format_placeholder("open", number) + xmltext.read_inline(child, convert)
                    + format_placeholder("close", number))
        if name in ("x", "ph", "it"):
            return format_placeholder("standalone", xmltext.code_id(child.get("id"), where, child, "1.2"))
        if name in ("bx", "bpt", "ex", "ept"):
            kind = "open" if name in ("bx", "bpt") else "close"
            return format_placeholder(
                kind, xmltext.code_id(child.get("rid") or child.get("id"), where, child, "1.2"))
        if name == "mrk":
            return xmltext.read_inline(child, convert)
        raise xmltext.unknown_inline(where, child, "1.2")

    return convert
