"""The term base in the shape of TBX: concepts holding terms per language.

A Concept is one meaning ("Kazakhstan"); it holds Terms, each a way to write that
meaning in one language with a status: preferred (the approved form), admitted
(acceptable variant) or deprecated (forbidden). Plain immutable records (a Term is a
named tuple: a large glossary holds 600,000 of them, and a tuple is built five times
faster than a frozen dataclass); files, the store and the matcher all read and write these. The rules a glossary keeps
whichever way it comes in (a CSV or TBX file, an edit) are `Glossary.checked`'s.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property
from typing import NamedTuple

from workbench.characters import check_text, has_forbidden
from workbench.errors import InputError
from workbench.languages import SOURCE_LANGUAGE


class TermStatus(str, Enum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"

    @property
    def approved(self) -> bool:
        return self is not TermStatus.DEPRECATED


class Term(NamedTuple):
    text: str
    lang: str
    status: TermStatus = TermStatus.PREFERRED
    pos: str = ""  # TBX partOfSpeech: noun, properNoun, adjective, verb, ...
    note: str = ""
    case_sensitive: bool = False
    do_not_translate: bool = False  # a name kept as written in every language
    modified_by: str = ""
    modified_at: str = ""  # ISO 8601 UTC


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    terms: tuple[Term, ...] = ()
    subject: str = ""
    definition: str = ""
    note: str = ""
    modified_by: str = ""
    modified_at: str = ""

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(term.lang for term in self.terms))

    def terms_in(self, lang: str) -> list[Term]:
        return [term for term in self.terms if term.lang == lang]

    def preferred(self, lang: str) -> Term | None:
        """The approved form: the first preferred term, else the first admitted one."""
        admitted = None
        for term in self.terms:
            if term.lang == lang:
                if term.status is TermStatus.PREFERRED:
                    return term
                if admitted is None and term.status is TermStatus.ADMITTED:
                    admitted = term
        return admitted

    @property
    def do_not_translate(self) -> bool:
        return any(term.do_not_translate for term in self.terms)


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...] = field(default_factory=tuple)

    @classmethod
    def checked(cls, concepts: Sequence[Concept], where: str,
                lines: Sequence[int] | None = None) -> "Glossary":
        """The glossary of `concepts` if it keeps the rules: every concept has an English term
        and an id of its own, and no two share an English term (the matcher and the CSV file
        know a concept by it, so a twin would not import again). Otherwise InputError naming
        `where` and, when `lines` gives each concept's line, the lines of both concepts."""
        ids: dict[str, int] = {}
        english_terms: dict[str, int] = {}
        unusable = has_forbidden(text for concept in concepts for _, text in _texts(concept))
        for index, concept in enumerate(concepts):
            place = f"{where}:{lines[index]}" if lines else where
            for what, text in _texts(concept) if unusable else ():
                check_text(text, place, f"concept {concept.id!r}: {what}")
            english = concept.preferred(SOURCE_LANGUAGE)
            if english is None:
                raise InputError(place, f"concept {concept.id!r} needs an English term")
            if concept.id in ids:
                raise InputError(place, f"concept id {concept.id!r} already used"
                                        f"{_on_line(lines, ids[concept.id])}")
            twin = english_terms.get(english.text.casefold())
            if twin is not None:
                raise InputError(place, f"concept {concept.id!r}: English term {english.text!r} "
                                        f"already belongs to concept {concepts[twin].id!r}"
                                        f"{_on_line(lines, twin)}")
            ids[concept.id] = english_terms[english.text.casefold()] = index
        return cls(tuple(concepts))

    @cached_property
    def _by_id(self) -> dict[str, Concept]:
        return {concept.id: concept for concept in self.concepts}

    @cached_property
    def _by_english(self) -> dict[str, str]:
        """Casefolded English term -> concept id: one concept per English term."""
        return {english.text.casefold(): concept.id for concept in self.concepts
                if (english := concept.preferred(SOURCE_LANGUAGE)) is not None}

    def indexed(self) -> "Glossary":
        """This glossary with its lookups built now: one kept in memory (the store's working
        copy) then answers `concept` and `check_change` at once."""
        self._by_id, self._by_english  # noqa: B018 (cached_property: built on first access)
        return self

    def concept(self, concept_id: str) -> Concept | None:
        return self._by_id.get(concept_id)

    def check_change(self, concept: Concept, where: str) -> None:
        """The rules of `checked` for one concept added to or changed in this glossary,
        without checking the others again (they kept them): InputError naming `where`."""
        Glossary.checked((concept,), where)
        english = concept.preferred(SOURCE_LANGUAGE)
        twin = self._by_english.get(english.text.casefold())
        if twin is not None and twin != concept.id:
            raise InputError(where, f"concept {concept.id!r}: English term {english.text!r} "
                                    f"already belongs to concept {twin!r}")

    @cached_property
    def _content_version(self) -> str:
        return _version(self, include_history=False)

    @cached_property
    def _history_version(self) -> str:
        return _version(self, include_history=True)

    def with_concept(self, concept: Concept) -> "Glossary":
        """A copy with `concept` added, or replacing the one with its id."""
        others = [c for c in self.concepts if c.id != concept.id]
        if len(others) == len(self.concepts):
            return replace(self, concepts=self.concepts + (concept,))
        return replace(
            self, concepts=tuple(concept if c.id == concept.id else c for c in self.concepts)
        )


def _texts(concept: Concept):
    """(what, text) of every text of a concept and its terms: what the character rule checks."""
    yield from (("its id", concept.id), ("its subject", concept.subject),
                ("its definition", concept.definition), ("its note", concept.note),
                ("its author", concept.modified_by))
    for term in concept.terms:
        yield from ((f"a {term.lang} term", term.text), ("a language code", term.lang),
                    (f"a {term.lang} term's part of speech", term.pos),
                    (f"a {term.lang} term's note", term.note),
                    (f"a {term.lang} term's author", term.modified_by))


def _on_line(lines: Sequence[int] | None, index: int) -> str:
    return f" on line {lines[index]}" if lines else ""


def concept_to_json(concept: Concept) -> dict:
    """The concept as JSON data, field by field (dataclasses.asdict is ten times slower, and
    a 100,000-concept glossary is converted whole on import)."""
    return {"id": concept.id, "terms": [_term_to_json(term) for term in concept.terms],
            "subject": concept.subject, "definition": concept.definition, "note": concept.note,
            "modified_by": concept.modified_by, "modified_at": concept.modified_at}


def _term_to_json(term: Term) -> dict:
    return {"text": term.text, "lang": term.lang, "status": term.status.value, "pos": term.pos,
            "note": term.note, "case_sensitive": term.case_sensitive,
            "do_not_translate": term.do_not_translate, "modified_by": term.modified_by,
            "modified_at": term.modified_at}


def concept_from_json(data: dict) -> Concept:
    terms = tuple(_term_from_json(term) for term in data.get("terms", ()))
    return Concept(**{**data, "terms": terms})


def _term_from_json(data: dict) -> Term:
    get = data.get
    return Term(data["text"], data["lang"], _STATUSES[get("status", "preferred")], get("pos", ""),
                get("note", ""), get("case_sensitive", False), get("do_not_translate", False),
                get("modified_by", ""), get("modified_at", ""))


_STATUSES = {status.value: status for status in TermStatus}


def content(concept: Concept) -> tuple:
    """What a concept says, without who changed it when: two concepts with equal content
    are the same to the matcher, MT and the checks."""
    return (concept.id, concept.subject, concept.definition, concept.note,
            tuple((t.text, t.lang, t.status.value, t.pos, t.note, t.case_sensitive,
                   t.do_not_translate) for t in concept.terms))


def json_content(data: dict) -> tuple:
    """`content` of a concept's JSON data, read without building the concept."""
    get = data.get
    return (data["id"], get("subject", ""), get("definition", ""), get("note", ""),
            tuple((t["text"], t["lang"], t.get("status", "preferred"), t.get("pos", ""),
                   t.get("note", ""), t.get("case_sensitive", False),
                   t.get("do_not_translate", False)) for t in get("terms", ())))


def glossary_version(glossary: Glossary, include_history: bool = False) -> str:
    """A short hash of the glossary's content, for caches keyed on it (MT, checks).

    Who changed a term and when does not change a translation, so it is left
    out unless asked for (the store uses it to detect unexported edits). Computed once per
    Glossary object.
    """
    return glossary._history_version if include_history else glossary._content_version


def _version(glossary: Glossary, include_history: bool) -> str:
    concepts = []
    for concept in sorted(glossary.concepts, key=lambda c: c.id):
        data = concept_to_json(concept)
        if not include_history:
            data.pop("modified_by"), data.pop("modified_at")
            for term in data["terms"]:
                term.pop("modified_by"), term.pop("modified_at")
        concepts.append(data)
    canonical = json.dumps(concepts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
