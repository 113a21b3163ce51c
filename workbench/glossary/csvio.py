"""The glossary as CSV: one row per concept, one column per language.

Header: id,en,ru,kk,ky,tg,uz,pos,dnt,case_sensitive,note (language columns in
any order, all but `id` and `en` optional). A language cell lists terms
separated by " | ": the first is preferred, later ones admitted, and a leading
"!" marks a deprecated (forbidden) form. A backslash makes the next `|`, `!` or
backslash part of the term (`AC\\|DC`, `\\!Kung`). `dnt` and `case_sensitive`
are "yes" or empty and apply to every term of the row.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a
formula: the writer puts a `'` before such a cell (OWASP's CSV-injection rule) and
the reader takes it off again, so a file reads back as written.
"""

import csv
import io
import re

import regex

from workbench.errors import InputError
from workbench.files import Source, read_source
from workbench.glossary.model import Concept, Glossary, Term, TermStatus
from workbench.languages import SOURCE_LANGUAGE, TARGET_LANGUAGES
from workbench.settings import MAX_GLOSSARY_BYTES

LANGUAGES = [SOURCE_LANGUAGE, *TARGET_LANGUAGES]
HEADER = ["id", *LANGUAGES, "pos", "dnt", "case_sensitive", "note"]
_FLAGS = {"yes": True, "": False}
_CONCEPT_ID = re.compile(r"[^\W\d_][\w.\-]*")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")  # a cell a spreadsheet would run, behind any quotes
_CELL_PART = regex.compile(r"\\([\\|!])|(\|)|(!)|([^\\|!]+|\\)")


def read_csv(source: Source, name: str | None = None, author: str = "", at: str = "") -> Glossary:
    """The glossary in a CSV file (a path, or its bytes named `name`); raises InputError
    naming the file and the line."""
    where, data = read_source(source, name, limit=MAX_GLOSSARY_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(where, f"not UTF-8 ({error.reason} at byte {error.start})") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise InputError(where, "empty file: expected the header " + ",".join(HEADER))
    header = [name.strip() for name in header]
    _check_header(header, where)
    concepts, lines = [], []
    for row in reader:
        line = reader.line_num
        if not "".join(row).strip():
            continue
        if len(row) != len(header):
            raise InputError(f"{where}:{line}", f"{len(row)} cells, the header has {len(header)}")
        cells = dict(zip(header, map(unneutralised, map(str.strip, row))))
        concepts.append(_concept(cells, where, line, author, at))
        lines.append(line)
    return Glossary.checked(concepts, where, lines)


def _check_header(header: list[str], where: str) -> None:
    for name in header:
        if name not in HEADER:
            kind = "unknown language column" if len(name) in (2, 3) and name.isalpha() else "unknown column"
            raise InputError(f"{where}:1", f"{kind} {name!r}; expected columns: {','.join(HEADER)}")
        if header.count(name) > 1:
            raise InputError(f"{where}:1", f"column {name!r} appears twice")
    for required in ("id", SOURCE_LANGUAGE):
        if required not in header:
            raise InputError(f"{where}:1", f"missing column {required!r}; expected the header "
                             + ",".join(HEADER))


def check_concept_id(concept_id: str, where: str) -> None:
    """Concept ids become TBX conceptEntry ids, so they must be XML names."""
    if not _CONCEPT_ID.fullmatch(concept_id):
        raise InputError(where, f"concept id {concept_id!r} must start with a letter and hold"
                         " only letters, digits, '-', '_' or '.'")


def _concept(cells: dict[str, str], file: str, line: int, author: str, at: str) -> Concept:
    concept_id = cells["id"]
    if not _CONCEPT_ID.fullmatch(concept_id):
        check_concept_id(concept_id, f"{file}:{line}")
    flags = {}
    for name in ("dnt", "case_sensitive"):
        value = cells.get(name, "").lower()
        if value not in _FLAGS:
            raise InputError(f"{file}:{line}", f"column {name!r} must be 'yes' or empty, not "
                                               f"{cells[name]!r}")
        flags[name] = _FLAGS[value]
    fields = dict(pos=cells.get("pos", ""), case_sensitive=flags["case_sensitive"],
                  do_not_translate=flags["dnt"], modified_by=author, modified_at=at)
    terms = []
    for lang in LANGUAGES:
        cell = cells.get(lang)
        if cell:
            terms.extend(terms_from_cell(cell, lang, **fields))
    return Concept(concept_id, tuple(terms), note=cells.get("note", ""),
                   modified_by=author, modified_at=at)


def terms_from_cell(cell: str, lang: str, **fields) -> list[Term]:
    """Terms of a "preferred | admitted | !deprecated" cell; `fields` go to every term."""
    if "|" not in cell and "!" not in cell and "\\" not in cell:  # one plain term, as most are
        text = cell.strip()
        return [Term(text, lang, TermStatus.PREFERRED, **fields)] if text else []
    terms = []
    preferred_given = False
    for text, deprecated in _split_cell(cell):
        if not text:
            continue
        status = TermStatus.DEPRECATED if deprecated else (
            TermStatus.ADMITTED if preferred_given else TermStatus.PREFERRED)
        preferred_given = preferred_given or status is TermStatus.PREFERRED
        terms.append(Term(text, lang, status, **fields))
    return terms


def _split_cell(cell: str) -> list[tuple[str, bool]]:
    """(text, deprecated) of each term in a cell: `|` separates, `!` first marks deprecated,
    a backslash escapes `|`, `!` and itself."""
    terms: list[tuple[str, bool]] = []
    parts: list[str] = []
    deprecated = False
    for escaped, bar, bang, text in _CELL_PART.findall(cell):
        if bar:
            terms.append(("".join(parts).strip(), deprecated))
            parts, deprecated = [], False
        elif bang and not deprecated and not "".join(parts).strip():
            deprecated = True
        else:
            parts.append(escaped or bang or text)
    terms.append(("".join(parts).strip(), deprecated))
    return terms


def write_csv(glossary: Glossary) -> str:
    """The glossary as CSV (terms' own notes and history need TBX to travel)."""
    extra = sorted({t.lang for c in glossary.concepts for t in c.terms} - set(LANGUAGES))
    if extra:
        raise InputError("CSV export", f"terms in {', '.join(extra)} have no CSV column; "
                         "export to .tbx instead")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for concept in glossary.concepts:
        writer.writerow([neutralised(cell) for cell in (
            concept.id, *(cell_from_terms(concept, lang) for lang in LANGUAGES),
            _first(concept, "pos"),
            "yes" if concept.do_not_translate else "",
            "yes" if any(t.case_sensitive for t in concept.terms) else "",
            concept.note)])
    return out.getvalue()


def cell_from_terms(concept: Concept, lang: str) -> str:
    """The cell syntax of one language's terms (what the UI's text fields show too)."""
    order = {TermStatus.PREFERRED: 0, TermStatus.ADMITTED: 1, TermStatus.DEPRECATED: 2}
    terms = sorted(concept.terms_in(lang), key=lambda term: order[term.status])
    return " | ".join(("!" if t.status is TermStatus.DEPRECATED else "") + _escaped(t.text)
                      for t in terms)


def _escaped(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return "\\" + text if text.startswith("!") else text


def neutralised(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, with a `'` in front (see the docstring)."""
    return "'" + cell if _FORMULA.match(cell) else cell


def unneutralised(cell: str) -> str:
    """The inverse of `neutralised`: one leading `'` off a cell that needed it."""
    return cell[1:] if cell[:1] == "'" and _FORMULA.match(cell, 1) else cell


def _first(concept: Concept, attribute: str) -> str:
    return next((getattr(t, attribute) for t in concept.terms if getattr(t, attribute)), "")
