"""Imported translation memories (TMX from other tools), kept in their own table.

Units are stored per target language; the same source and target imported twice is
stored once. Only English sources into the five target languages are kept; the rest
is counted and reported, not stored. Importing takes a manager and is kept in the audit
trail.
"""

from dataclasses import dataclass, field

from workbench.accounts import Action, Actor, audit, require
from workbench.characters import has_forbidden
from workbench.errors import UnknownLanguageError
from workbench.languages import SOURCE_LANGUAGE, normalize_language
from workbench.store import ExternalUnit, now

@dataclass
class TmImportReport:
    added: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count

    def to_json(self) -> dict:
        return {"added": self.added, "duplicates": self.duplicates, "skipped": self.skipped}


def import_units(store, units, origin: str, *, actor: Actor) -> TmImportReport:
    """Store TMX units (anything with source_lang, target_lang, source, target,
    created_at and author) in one transaction."""
    require(store, actor, Action.IMPORT_TRANSLATIONS)
    report = TmImportReport()
    usable = []
    for unit in units:
        reason = _unusable(unit)
        if reason:
            report.skipped[reason] = report.skipped.get(reason, 0) + 1
            continue
        usable.append(ExternalUnit(normalize_language(unit.target_lang), unit.source.strip(),
                                   unit.target.strip(), origin, unit.author, unit.created_at))
    with store.transaction():
        report.added = store.add_external_units(usable, now())
        audit.record(store, actor, audit.MEMORY, "import", origin,
                     f"{report.added} added, {len(usable) - report.added} already in memory")
    report.duplicates = len(usable) - report.added
    return report


def _unusable(unit) -> str:
    if unit.source_lang.strip().lower().replace("_", "-").split("-")[0] != SOURCE_LANGUAGE:
        return f"source language {unit.source_lang}"
    try:
        normalize_language(unit.target_lang)
    except UnknownLanguageError:
        return f"target language {unit.target_lang}"
    if not unit.source.strip() or not unit.target.strip():
        return "empty source or target"
    if has_forbidden([unit.source, unit.target, unit.author or ""]):
        return "a control character in the text"
    return ""
