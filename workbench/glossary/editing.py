"""Concepts as an editor writes them: language cells in the CSV syntax, flags, notes.

The CLI (and the UI) pass what the user typed; these functions return the new
Concept with who/when stamped on it, or raise InputError for an unusable id. The
glossary's own rules (an English term, no twin) are checked when it is saved.
"""

from dataclasses import replace

from workbench.glossary.csvio import LANGUAGES, check_concept_id, terms_from_cell
from workbench.glossary.model import Concept, Term
from workbench.languages import SOURCE_LANGUAGE


def new_concept(concept_id: str, cells: dict[str, str | None], *, author: str, at: str,
                pos: str = "", dnt: bool = False, case_sensitive: bool = False,
                note: str = "", definition: str = "") -> Concept:
    """A concept from language cells ("preferred | admitted | !forbidden" per language)."""
    check_concept_id(concept_id, "concept id")
    fields = dict(pos=pos, case_sensitive=case_sensitive, do_not_translate=dnt,
                  modified_by=author, modified_at=at)
    return Concept(concept_id, _with_cells((), cells, fields), definition=definition,
                   note=note, modified_by=author, modified_at=at)


def edited_concept(concept: Concept, cells: dict[str, str | None], *, author: str, at: str,
                   pos: str | None = None, dnt: bool | None = None,
                   case_sensitive: bool | None = None, note: str | None = None,
                   definition: str | None = None) -> Concept:
    """`concept` with the given languages' terms replaced and the given fields changed
    (None: unchanged). A changed flag or part of speech applies to every term."""
    english = concept.preferred(SOURCE_LANGUAGE)
    overrides = {key: value for key, value in
                 (("pos", pos), ("case_sensitive", case_sensitive), ("do_not_translate", dnt))
                 if value is not None}
    fields = {"pos": english.pos if english else "",
              "case_sensitive": any(t.case_sensitive for t in concept.terms),
              "do_not_translate": concept.do_not_translate,
              **overrides, "modified_by": author, "modified_at": at}
    terms = _with_cells(concept.terms, cells, fields)
    if overrides:
        terms = tuple(t._replace(**overrides, modified_by=author, modified_at=at) for t in terms)
    return replace(concept, terms=terms,
                   note=concept.note if note is None else note,
                   definition=concept.definition if definition is None else definition,
                   modified_by=author, modified_at=at)


def _with_cells(terms: tuple[Term, ...], cells: dict[str, str | None], fields: dict) -> tuple:
    """`terms` with each language given in `cells` replaced, in the usual language order."""
    terms = list(terms)
    for lang, cell in cells.items():
        if cell is not None:
            terms = [t for t in terms if t.lang != lang] + terms_from_cell(cell, lang, **fields)
    order = {lang: i for i, lang in enumerate(LANGUAGES)}
    return tuple(sorted(terms, key=lambda t: order.get(t.lang, len(order))))
