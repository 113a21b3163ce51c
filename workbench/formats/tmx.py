"""TMX 1.4b: approved translations out as a translation memory, any TMX back in.

Inline codes are written as <bpt>/<ept> (paired) and <ph> (standalone) holding
the original markup, `x` tying the same code together across languages. Reading
gives a TranslationMemory, not an article's translations: every source/target
pair, from whatever tool wrote it, with codes turned back into our placeholders.
"""

from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from workbench import __version__, xmlsafe
from workbench.errors import InputError, UnknownLanguageError
from workbench.formats.base import XmlFormat
from workbench.formats.units import ExchangeDocument, ExchangeUnit, small_number, utc_time
from workbench.formats.xmltext import read_inline, write_inline, write_streamed
from workbench.inline import format_placeholder
from workbench.languages import normalize_language
from workbench.model import TIME_STAMP
from workbench.xmlsafe import local_name

_LANG = f"{{{xmlsafe.XML_NS}}}lang"
_TEXT_ELEMENTS = {"seg", "prop", "note"}
_TMX_DATE = "%Y%m%dT%H%M%SZ"  # TMX's recommended form of ISO 8601


@dataclass(frozen=True)
class TmxUnit:
    source_lang: str
    target_lang: str
    source: str  # with our placeholders {1}…{/1}, {2/}
    target: str
    created_at: str | None  # ISO 8601 UTC
    author: str | None


@dataclass
class TranslationMemory:
    """A TMX file read back: its source/target pairs."""

    units: list[TmxUnit]


class Tmx(XmlFormat):
    name = "tmx"
    label = "TMX"
    description = "TMX 1.4b, approved translations only"
    extensions = (".tmx",)
    export_suffix = ".tmx"
    approved_only = True
    holds = TranslationMemory
    detect_rank = 12
    root = "tmx"

    def misplaced(self) -> str:
        return ("is a TMX translation memory; TMX is imported into the translation memory, "
                "not as translations of an article")

    def parse(self, data: bytes, where: str) -> TranslationMemory:
        root = xmlsafe.parse(data, where)
        header = root.find("header")
        if root.tag != "tmx" or header is None or root.find("body") is None:
            raise InputError(where, "is not a TMX file (<tmx> with <header> and <body> expected)")
        source_lang = header.get("srclang", "")
        units = []
        for tu in root.find("body").iter("tu"):
            variants = [(tuv.get(_LANG) or tuv.get("lang") or "", tuv) for tuv in tu.iter("tuv")]
            source = _source_variant(variants, source_lang)
            if source is None:
                continue
            source_code, source_tuv = source
            for lang, tuv in variants:
                if tuv is source_tuv:
                    continue
                units.append(TmxUnit(
                    source_lang=_our_code(source_code),
                    target_lang=_our_code(lang),
                    source=_seg_text(source_tuv, where),
                    target=_seg_text(tuv, where),
                    created_at=_created_at(tuv, where) or _created_at(tu, where),
                    author=tuv.get("creationid") or tu.get("creationid"),
                ))
        return TranslationMemory(units)

    def write_to(self, document: ExchangeDocument, output: BinaryIO) -> None:
        root = etree.Element("tmx", version="1.4")
        header = {"creationtool": "workbench", "creationtoolversion": __version__,
                  "segtype": "sentence", "o-tmf": "workbench", "adminlang": "en",
                  "srclang": document.source_lang, "datatype": "plaintext"}
        if document.exported_at:
            header["creationdate"] = tmx_date(document.exported_at)
        etree.SubElement(root, "header", header)
        body = etree.SubElement(root, "body")
        write_streamed(output, root, body, (_tu(document, unit) for unit in document.units),
                       _TEXT_ELEMENTS)


def tmx_date(iso: str) -> str:
    """'2026-11-25T10:00:00Z' -> '20261125T100000Z'."""
    return utc_time(iso).strftime(_TMX_DATE)


def _created_at(element, where) -> str | None:
    """An element's creationdate in the workbench's form; TMX allows any ISO 8601 form."""
    value = element.get("creationdate")
    if not value:
        return None
    try:
        return utc_time(value).strftime(TIME_STAMP)
    except ValueError:
        raise InputError(where, f"<{local_name(element)}> on line {element.sourceline} has "
                                f"creationdate {value!r}, which is not an ISO 8601 date") from None


def _tu(document: ExchangeDocument, unit: ExchangeUnit):
    tu = etree.Element("tu", tuid=f"{document.article}/{unit.sid}")
    etree.SubElement(tu, "prop", type="x-article").text = document.article
    etree.SubElement(tu, "prop", type="x-segment").text = unit.sid
    if unit.context:
        etree.SubElement(tu, "prop", type="x-context").text = unit.context
    source = etree.SubElement(tu, "tuv", {_LANG: document.source_lang})
    _segment(etree.SubElement(source, "seg"), unit.source, unit)
    target = etree.SubElement(tu, "tuv", {_LANG: document.lang})
    if unit.updated_at:
        target.set("creationdate", tmx_date(unit.updated_at))
    if unit.author:
        target.set("creationid", unit.author)
    _segment(etree.SubElement(target, "seg"), unit.target or "", unit)
    return tu


def _segment(seg, text: str, unit: ExchangeUnit) -> None:
    def open_code(container, code):
        etree.SubElement(container, "bpt", i=str(code.id), x=str(code.id),
                         type=code.kind).text = code.opening
        return container

    def close_code(container, code):
        etree.SubElement(container, "ept", i=str(code.id)).text = code.closing

    def standalone(container, code):
        etree.SubElement(container, "ph", x=str(code.id), type=code.kind).text = code.opening

    write_inline(seg, text, unit.codes, open_code, close_code, standalone)


def _source_variant(variants, source_lang: str):
    if source_lang in ("", "*all*"):
        return variants[0] if variants else None
    base = source_lang.lower().split("-")[0]
    for lang, tuv in variants:
        if lang.lower().split("-")[0] == base:
            return lang, tuv
    return None


def _our_code(lang: str) -> str:
    try:
        return normalize_language(lang)
    except UnknownLanguageError:
        return lang.lower().replace("_", "-").split("-")[0]


def _seg_text(tuv, where) -> str:
    seg = tuv.find("seg")
    if seg is None:
        raise InputError(where, f"<tuv> on line {tuv.sourceline} has no <seg>")
    numbering = _Numbering(where)
    return read_inline(seg, numbering.convert)


class _Numbering:
    """Maps TMX code attributes (x, i) to our placeholder numbers within one <seg>."""

    def __init__(self, where):
        self.where = where
        self.by_i: dict[str, int] = {}
        self.used: set[int] = set()

    def number(self, x: str | None) -> int:
        wanted = small_number(x)
        if wanted is not None and wanted not in self.used:
            self.used.add(wanted)
            return wanted
        number = max(self.used, default=0) + 1
        self.used.add(number)
        return number

    def convert(self, child) -> str:
        name = local_name(child)
        if name == "bpt":
            number = self.number(child.get("x") or child.get("i"))
            self.by_i[child.get("i", "")] = number
            return format_placeholder("open", number)
        if name == "ept":
            number = self.by_i.get(child.get("i", ""))
            if number is None:  # an end without its start: a standalone code
                return format_placeholder("standalone", self.number(None))
            return format_placeholder("close", number)
        if name in ("ph", "it", "ut"):
            return format_placeholder("standalone", self.number(child.get("x")))
        if name == "hi":
            return read_inline(child, self.convert)
        raise InputError(self.where, f"unknown inline element <{name}> on line {child.sourceline}")
