"""The glossary as TBX v3 (ISO 30042:2019), dialect TBX-Basic, DCA style.

Mapping: Concept -> <conceptEntry> (subject: descrip subjectField, definition:
descrip definition, note: note, who/when: transacGrp); Term -> <termSec> in the
<langSec> of its language (partOfSpeech and administrativeStatus termNotes,
note, transacGrp). TBX-Basic has no data category for case sensitivity or
"do not translate", so each is a termSec <note> with a fixed text
(`case-sensitive`, `do-not-translate`) that import reads back.

Import parses with `workbench.xmlsafe` (no DTD, no entities, no network); elements
it cannot use are reported by path. The glossary's rules are the model's
(`Glossary.checked`), so a file breaking one is refused naming the conceptEntry's line.
"""

from dataclasses import dataclass, field

from lxml import etree
from lxml.etree import _Element as Element

from workbench import xmlsafe
from workbench.errors import InputError, UnknownLanguageError
from workbench.files import Source, read_source
from workbench.glossary.model import Concept, Glossary, Term, TermStatus
from workbench.languages import normalize_language
from workbench.settings import MAX_GLOSSARY_BYTES

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = f"{{{xmlsafe.XML_NS}}}lang"
CASE_SENSITIVE_NOTE = "case-sensitive"
DO_NOT_TRANSLATE_NOTE = "do-not-translate"
STATUS_VALUES = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts",
    TermStatus.ADMITTED: "admittedTerm-admn-sts",
    TermStatus.DEPRECATED: "deprecatedTerm-admn-sts",
}
_STATUS_BY_VALUE = {value: status for status, value in STATUS_VALUES.items()}
_STATUS_BY_VALUE["supersededTerm-admn-sts"] = TermStatus.DEPRECATED


@dataclass
class GlossaryImport:
    glossary: Glossary
    ignored: list[str] = field(default_factory=list)  # what the file had that we could not use


def write_tbx(glossary: Glossary, title: str = "Workbench glossary") -> bytes:
    root = etree.Element(f"{{{NS}}}tbx", nsmap={None: NS},
                         attrib={"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    header = _sub(root, "tbxHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", title)
    _sub(_sub(file_desc, "sourceDesc"), "p", "Exported by workbench glossary export")
    text = _sub(root, "text")
    if glossary.concepts:
        body = _sub(text, "body")
        for concept in glossary.concepts:
            _write_concept(body, concept)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent, name: str, text: str | None = None, **attrib) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{name}", attrib=attrib)
    if text is not None:
        element.text = text
    return element


def _write_concept(body, concept: Concept) -> None:
    entry = _sub(body, "conceptEntry", id=concept.id)
    if concept.subject:
        _sub(entry, "descrip", concept.subject, type="subjectField")
    if concept.definition:
        _sub(entry, "descrip", concept.definition, type="definition")
    if concept.note:
        _sub(entry, "note", concept.note)
    _write_transaction(entry, concept.modified_by, concept.modified_at)
    for lang in concept.languages:
        lang_sec = _sub(entry, "langSec", **{XML_LANG: lang})
        for term in concept.terms_in(lang):
            term_sec = _sub(lang_sec, "termSec")
            _sub(term_sec, "term", term.text)
            if term.pos:
                _sub(term_sec, "termNote", term.pos, type="partOfSpeech")
            _sub(term_sec, "termNote", STATUS_VALUES[term.status], type="administrativeStatus")
            if term.note:
                _sub(term_sec, "note", term.note)
            if term.case_sensitive:
                _sub(term_sec, "note", CASE_SENSITIVE_NOTE)
            if term.do_not_translate:
                _sub(term_sec, "note", DO_NOT_TRANSLATE_NOTE)
            _write_transaction(term_sec, term.modified_by, term.modified_at)


def _write_transaction(parent, who: str, when: str) -> None:
    if not (who or when):
        return
    group = _sub(parent, "transacGrp")
    _sub(group, "transac", "modification", type="transactionType")
    if when:
        _sub(group, "date", when)
    if who:
        _sub(group, "transacNote", who, type="responsibility")


def read_tbx(source: Source, name: str | None = None) -> GlossaryImport:
    """The glossary in a TBX file (a path, or its bytes named `name`), or InputError; never a
    partial result."""
    where, data = read_source(source, name, limit=MAX_GLOSSARY_BYTES)
    root = xmlsafe.parse(data, where)
    if _local(root.tag) != "tbx" or _ns(root.tag) not in (NS, ""):
        raise InputError(where, f"not a TBX v3 file: root element is <{_local(root.tag)}>"
                         f" in namespace {_ns(root.tag) or 'none'!r}, expected <tbx> in {NS}")
    reader = _Reader(where, _ns(root.tag))
    concepts, lines = [], []
    for element in root:
        if reader.name(element) == "text":
            for body in element:
                if reader.name(body) != "body":
                    reader.ignore(body, "text")
                    continue
                for entry in body:
                    if reader.name(entry) != "conceptEntry":
                        reader.ignore(entry, "body")
                        continue
                    concepts.append(reader.concept(entry))
                    lines.append(entry.sourceline)
        elif reader.name(element) != "tbxHeader":
            reader.ignore(element, "tbx")
    return GlossaryImport(Glossary.checked(concepts, where, lines), reader.ignored)


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def _ns(tag: str) -> str:
    return etree.QName(tag).namespace or ""


class _Reader:
    def __init__(self, where: str, namespace: str):
        self.where = where
        self.namespace = namespace
        self.ignored: list[str] = []

    def name(self, element: Element) -> str | None:
        if not isinstance(element.tag, str) or _ns(element.tag) != self.namespace:
            return None
        return _local(element.tag)

    def ignore(self, element: Element, context: str) -> None:
        kind = element.get("type")
        described = f"<{_local(str(element.tag))}{f' type={kind!r}' if kind else ''}>"
        self.ignored.append(f"{described} in {context}")

    def concept(self, entry: Element) -> Concept:
        concept_id = entry.get("id")
        if not concept_id:
            raise InputError(self.where, "a conceptEntry has no id")
        context = f"conceptEntry {concept_id!r}"
        fields = {"subject": "", "definition": "", "note": "", "modified_by": "", "modified_at": ""}
        terms = []
        for child in entry:
            name = self.name(child)
            if name == "langSec":
                terms.extend(self.lang_sec(child, context))
            elif name == "descrip" and child.get("type") in ("subjectField", "definition"):
                key = "subject" if child.get("type") == "subjectField" else "definition"
                fields[key] = _text(child)
            elif name == "note":
                fields["note"] = _text(child)
            elif name == "transacGrp":
                fields["modified_by"], fields["modified_at"] = self.transaction(child, context)
            else:
                self.ignore(child, context)
        return Concept(concept_id, tuple(terms), **fields)

    def lang_sec(self, lang_sec: Element, context: str) -> list[Term]:
        lang = _our_language(lang_sec.get(XML_LANG) or "")
        if not lang:
            raise InputError(self.where, f"a langSec of {context} has no xml:lang")
        terms = []
        for child in lang_sec:
            if self.name(child) == "termSec":
                terms.append(self.term(child, lang, f"{context} langSec {lang!r}"))
            elif self.name(child) == "descrip" and child.get("type") == "definition":
                self.ignored.append(f"<descrip type='definition'> in {context} langSec {lang!r}"
                                    " (only concept-level definitions are kept)")
            else:
                self.ignore(child, f"{context} langSec {lang!r}")
        return terms

    def term(self, term_sec: Element, lang: str, context: str) -> Term:
        fields = {"pos": "", "note": "", "case_sensitive": False, "do_not_translate": False,
                  "modified_by": "", "modified_at": ""}
        text, status = None, TermStatus.PREFERRED
        for child in term_sec:
            name, kind, value = self.name(child), child.get("type"), _text(child)
            if name == "term":
                text = value
            elif name == "termNote" and kind == "partOfSpeech":
                fields["pos"] = value
            elif name == "termNote" and kind == "administrativeStatus":
                if value not in _STATUS_BY_VALUE:
                    raise InputError(self.where, f"{context}: unknown administrativeStatus {value!r}")
                status = _STATUS_BY_VALUE[value]
            elif name == "note" and value == CASE_SENSITIVE_NOTE:
                fields["case_sensitive"] = True
            elif name == "note" and value == DO_NOT_TRANSLATE_NOTE:
                fields["do_not_translate"] = True
            elif name == "note":
                fields["note"] = value
            elif name == "transacGrp":
                fields["modified_by"], fields["modified_at"] = self.transaction(child, context)
            else:
                self.ignore(child, f"{context} termSec")
        if not text:
            raise InputError(self.where, f"{context}: a termSec has no <term>")
        return Term(text, lang, status, **fields)

    def transaction(self, group: Element, context: str) -> tuple[str, str]:
        who, when = "", ""
        for child in group:
            name = self.name(child)
            if name == "date":
                when = _text(child)
            elif name == "transacNote" and child.get("type") == "responsibility":
                who = _text(child)
            elif name != "transac":
                self.ignore(child, f"{context} transacGrp")
        return who, when


def _our_language(code: str) -> str:
    """en-US -> en, kk-KZ -> kk; a language the workbench does not translate is kept as given."""
    if code.lower().split("-")[0] == "en":
        return "en"
    try:
        return normalize_language(code)
    except UnknownLanguageError:
        return code


def _text(element: Element) -> str:
    return "".join(element.itertext()).strip()
