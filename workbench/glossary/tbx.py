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
from workbench.characters import visible
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
        element.text = visible(text)  # a store from before workbench.characters may hold one
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
                    reader.ignore(body, "<text>")
                    continue
                for entry in body:
                    if reader.name(entry) != "conceptEntry":
                        reader.ignore(entry, "<body>")
                        continue
                    concepts.append(reader.concept(entry))
                    lines.append(entry.sourceline)
        elif reader.name(element) != "tbxHeader":
            reader.ignore(element, "<tbx>")
    return GlossaryImport(Glossary.checked(concepts, where, lines), reader.report())


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def _ns(tag: str) -> str:
    return etree.QName(tag).namespace or ""


class _Reader:
    """Reads conceptEntries; what it cannot use is collected per kind and reported.

    Where TBX repeats what the model holds once, everything is kept: several notes (of a
    concept, a langSec or a termSec) or definitions are joined by line breaks, a langSec's
    own notes and definitions join the concept's with the language in front (`ru: ...`),
    and of several transacGrps the latest change is kept (the others are reported). TBX
    gives each termSec exactly one <term>: a second one refuses the file.
    """

    def __init__(self, where: str, namespace: str):
        self.where = where
        self.namespace = namespace
        self.ignored: dict[tuple[str, str], list[str]] = {}  # (what, where) -> conceptEntry ids
        self.concept_id = ""

    def name(self, element: Element) -> str | None:
        if not isinstance(element.tag, str) or _ns(element.tag) != self.namespace:
            return None
        return _local(element.tag)

    def ignore(self, element: Element, place: str, why: str = "") -> None:
        """Report `element`, found in `place` ("" for the conceptEntry itself)."""
        kind = element.get("type")
        tag = _local(element.tag) if isinstance(element.tag, str) else "comment"
        described = f"<{tag}{f' type={kind!r}' if kind else ''}>{why}"
        ids = self.ignored.setdefault((described, place), [])
        if self.concept_id and self.concept_id not in ids:
            ids.append(self.concept_id)

    def report(self) -> list[str]:
        """One line per kind of element not used: what, where, and in which conceptEntries."""
        lines = []
        for (described, place), ids in self.ignored.items():
            within = f"in {place} of " if place else "in "
            if not ids:
                lines.append(f"{described} in {place}")
            elif len(ids) == 1:
                lines.append(f"{described} {within}conceptEntry {ids[0]!r}")
            else:
                shown = ", ".join(map(repr, ids[:5])) + (", ..." if len(ids) > 5 else "")
                lines.append(f"{described} {within}{len(ids)} conceptEntries: {shown}")
        return lines

    def concept(self, entry: Element) -> Concept:
        concept_id = entry.get("id")
        if not concept_id:
            raise InputError(self.where, f"line {entry.sourceline}: a conceptEntry has no id")
        self.concept_id = concept_id
        context = f"conceptEntry {concept_id!r}"
        fields = {"subject": [], "definition": [], "note": []}
        transactions = []
        terms = []
        for child in entry:
            name = self.name(child)
            if name == "langSec":
                terms.extend(self.lang_sec(child, context, fields))
            elif name == "descrip" and child.get("type") in ("subjectField", "definition"):
                key = "subject" if child.get("type") == "subjectField" else "definition"
                fields[key].append(_text(child))
            elif name == "note":
                fields["note"].append(_text(child))
            elif name == "transacGrp":
                transactions.append(self.transaction(child, "a transacGrp"))
            else:
                self.ignore(child, "")
        modified_by, modified_at = self.latest(transactions, "")
        return Concept(concept_id, tuple(terms), modified_by=modified_by,
                       modified_at=modified_at,
                       **{key: _joined(values) for key, values in fields.items()})

    def lang_sec(self, lang_sec: Element, context: str, fields: dict) -> list[Term]:
        lang = _our_language(lang_sec.get(XML_LANG) or "")
        if not lang:
            raise InputError(self.where, f"line {lang_sec.sourceline}: a langSec of {context} "
                                         "has no xml:lang")
        terms = []
        for child in lang_sec:
            name = self.name(child)
            if name == "termSec":
                terms.append(self.term(child, lang, f"{context} langSec {lang!r}"))
            elif name == "note" or (name == "descrip" and child.get("type") == "definition"):
                fields["note" if name == "note" else "definition"].append(
                    f"{lang}: {_text(child)}")
            else:
                self.ignore(child, f"a langSec ({lang})")
        return terms

    def term(self, term_sec: Element, lang: str, context: str) -> Term:
        fields = {"pos": "", "case_sensitive": False, "do_not_translate": False}
        notes, transactions = [], []
        text, status = None, TermStatus.PREFERRED
        for child in term_sec:
            name, kind, value = self.name(child), child.get("type"), _text(child)
            if name == "term" and text is not None:
                raise InputError(self.where, f"line {child.sourceline}: a termSec of {context} "
                                             "has a second <term>; TBX gives each term its own "
                                             "termSec")
            if name == "term":
                text = value
            elif name == "termNote" and kind == "partOfSpeech" and not fields["pos"]:
                fields["pos"] = value
            elif name == "termNote" and kind == "administrativeStatus":
                if value not in _STATUS_BY_VALUE:
                    raise InputError(self.where, f"line {child.sourceline}: {context}: unknown "
                                                 f"administrativeStatus {value!r}")
                status = _STATUS_BY_VALUE[value]
            elif name == "note" and value == CASE_SENSITIVE_NOTE:
                fields["case_sensitive"] = True
            elif name == "note" and value == DO_NOT_TRANSLATE_NOTE:
                fields["do_not_translate"] = True
            elif name == "note":
                notes.append(value)
            elif name == "transacGrp":
                transactions.append(self.transaction(child, "a termSec's transacGrp"))
            elif name == "termNote" and kind == "partOfSpeech":
                self.ignore(child, "a termSec", f" {value!r} (its first partOfSpeech is kept)")
            else:
                self.ignore(child, "a termSec")
        if not text:
            raise InputError(self.where, f"line {term_sec.sourceline}: {context}: a termSec has "
                                         "no <term>")
        modified_by, modified_at = self.latest(transactions, "a termSec")
        return Term(text, lang, status, note=_joined(notes), modified_by=modified_by,
                    modified_at=modified_at, **fields)

    def transaction(self, group: Element, place: str) -> tuple[str, str, Element]:
        who, when = "", ""
        for child in group:
            name = self.name(child)
            if name == "date":
                when = _text(child)
            elif name == "transacNote" and child.get("type") == "responsibility":
                who = _text(child)
            elif name != "transac":
                self.ignore(child, place)
        return who, when, group

    def latest(self, transactions: list, place: str) -> tuple[str, str]:
        """Who and when of the latest change; earlier transacGrps are reported."""
        if not transactions:
            return "", ""
        ordered = sorted(transactions, key=lambda found: found[1])
        for _who, _when, group in ordered[:-1]:
            self.ignore(group, place, " (only the latest change is kept)")
        return ordered[-1][0], ordered[-1][1]


def _joined(values: list[str]) -> str:
    return "\n".join(value for value in values if value)


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
