"""Concordance: where a word or phrase occurs in the project's translations (every article)
and the imported translation memories, with source and target side by side.

A hit is a text with the phrase at the start of a word, in any case: "Kazakh" finds
"Kazakhstan" and "kazakh", "Қазақстан" finds "Қазақстанның", so an inflected form is found
by its stem. The phrase is looked for in the English source and in the translation alike.
"""

from dataclasses import asdict, dataclass

import regex

from workbench.errors import InputError
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Status
from workbench.store import ARTICLES, MEMORY, TRANSLATIONS
from workbench.store.memo import memoized

EXTERNAL = "memory"  # the status shown for an imported memory's unit
_ORDER = {Status.APPROVED.value: 0, Status.REVIEWED.value: 1, EXTERNAL: 2}


@dataclass(frozen=True)
class ConcordanceHit:
    lang: str
    source: str
    target: str
    status: str  # the translation's status, or "memory" for an imported unit
    where: str  # article#sid, or the memory file
    found_in: str  # "source", "target" or "both"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Entry:
    source: str
    target: str
    status: str
    where: str
    folded: tuple[str, str]


def concordance(store, phrase: str, langs: list[str] | None = None,
                limit: int = 50) -> list[ConcordanceHit]:
    """Up to `limit` texts with `phrase`, per language: approved first, then reviewed, the
    memories, the rest; the same source and target once."""
    phrase = " ".join(phrase.split())
    if not phrase:
        raise InputError("concordance", "give a word or phrase to look for")
    pattern = regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(phrase.casefold()))
    hits = []
    for lang in langs or TARGET_LANGUAGES:
        seen = set()  # this language's hits, as (source, target)
        for entry in _entries(store, lang):
            in_source, in_target = (bool(pattern.search(text)) for text in entry.folded)
            if not (in_source or in_target) or (entry.source, entry.target) in seen:
                continue
            seen.add((entry.source, entry.target))
            side = "both" if in_source and in_target else "source" if in_source else "target"
            hits.append(ConcordanceHit(lang, entry.source, entry.target, entry.status,
                                       entry.where, side))
            if len(seen) >= limit:
                break
    return hits


def _entries(store, lang: str) -> list[_Entry]:
    """The searchable texts of a language, best first; kept until a translation, an article
    or a memory changes."""
    def build() -> list[_Entry]:
        rows = [(row["source"], row["target"], row["status"], f"{row['article']}#{row['sid']}")
                for row in store.translated_segments(lang)]
        rows += [(row[0], row[1], EXTERNAL, row[2]) for row in store.external_units(lang)]
        rows.sort(key=lambda row: _ORDER.get(row[2], len(_ORDER)))
        return [_Entry(*row, (row[0].casefold(), row[1].casefold())) for row in rows]

    return memoized(store, ("concordance", lang), (ARTICLES, TRANSLATIONS, MEMORY), build)
