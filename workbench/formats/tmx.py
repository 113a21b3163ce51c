"""TMX 1.4b: approved translations out as a translation memory, any TMX back in.

Inline codes are written as <bpt>/<ept> (paired) and <ph> (standalone) holding
the original markup, `x` tying the same code together across languages. The
reader turns codes back into our placeholders; `read_tmx` is what the
translation-memory import uses, so its signature stays put.
"""

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from workbench.errors import InputError, UnknownLanguageError
from workbench import __version__
from workbench.formats.units import ExchangeDocument, ExchangeUnit
from workbench.formats.xmltext import (
    XML_NS,
    local_name,
    parse_xml,
    read_inline,
    serialize,
    write_inline,
)
from workbench.languages import normalize_language

_LANG = f"{{{XML_NS}}}lang"
_TEXT_ELEMENTS = {"seg", "prop", "note"}


@dataclass(frozen=True)
class TmxUnit:
    source_lang: str
    target_lang: str
    source: str  # with our placeholders {1}…{/1}, {2/}
    target: str
    created_at: str | None  # ISO 8601 UTC
    author: str | None


def tmx_date(iso: str | None) -> str | None:
    """'2026-11-25T10:00:00Z' -> '20261125T100000Z' (TMX's form of ISO 8601)."""
    if not iso:
        return None
    return iso.replace("-", "").replace(":", "")[:15] + "Z"


def iso_date(tmx: str | None) -> str | None:
    if not tmx or len(tmx) < 15:
        return None
    return f"{tmx[0:4]}-{tmx[4:6]}-{tmx[6:8]}T{tmx[9:11]}:{tmx[11:13]}:{tmx[13:15]}Z"


def write_tmx(document: ExchangeDocument) -> bytes:
    root = etree.Element("tmx", version="1.4")
    header = {"creationtool": "workbench", "creationtoolversion": __version__,
              "segtype": "sentence", "o-tmf": "workbench", "adminlang": "en",
              "srclang": document.source_lang, "datatype": "plaintext"}
    created = tmx_date(document.exported_at)
    if created:
        header["creationdate"] = created
    etree.SubElement(root, "header", header)
    body = etree.SubElement(root, "body")
    for unit in document.units:
        _write_tu(body, document, unit)
    return serialize(root, _TEXT_ELEMENTS)


def _write_tu(body, document: ExchangeDocument, unit: ExchangeUnit) -> None:
    tu = etree.SubElement(body, "tu", tuid=f"{document.article}/{unit.sid}")
    etree.SubElement(tu, "prop", type="x-article").text = document.article
    etree.SubElement(tu, "prop", type="x-segment").text = unit.sid
    if unit.context:
        etree.SubElement(tu, "prop", type="x-context").text = unit.context
    source = etree.SubElement(tu, "tuv", {_LANG: document.source_lang})
    _segment(etree.SubElement(source, "seg"), unit.source, unit)
    target = etree.SubElement(tu, "tuv", {_LANG: document.lang})
    for attribute, value in (("creationdate", tmx_date(unit.updated_at)),
                             ("creationid", unit.author)):
        if value:
            target.set(attribute, value)
    _segment(etree.SubElement(target, "seg"), unit.target or "", unit)


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


def read_tmx(path: Path | str) -> list[TmxUnit]:
    """Every source/target pair in a TMX file, inline codes as our placeholders."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})") from None
    root = parse_xml(data, path)
    header = root.find("header")
    if root.tag != "tmx" or header is None or root.find("body") is None:
        raise InputError(path, "is not a TMX file (<tmx> with <header> and <body> expected)")
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
                source=_seg_text(source_tuv, path),
                target=_seg_text(tuv, path),
                created_at=iso_date(tuv.get("creationdate") or tu.get("creationdate")),
                author=tuv.get("creationid") or tu.get("creationid"),
            ))
    return units


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
        if x and x.isdigit() and int(x) not in self.used:
            self.used.add(int(x))
            return int(x)
        number = max(self.used, default=0) + 1
        self.used.add(number)
        return number

    def convert(self, child) -> str:
        name = local_name(child)
        if name == "bpt":
            number = self.number(child.get("x") or child.get("i"))
            self.by_i[child.get("i", "")] = number
            return f"{{{number}}}"
        if name == "ept":
            number = self.by_i.get(child.get("i", ""))
            return f"{{/{number}}}" if number is not None else f"{{{self.number(None)}/}}"
        if name in ("ph", "it", "ut"):
            return f"{{{self.number(child.get('x'))}/}}"
        if name == "hi":
            return read_inline(child, self.convert)
        raise InputError(self.where, f"unknown inline element <{name}> on line {child.sourceline}")
