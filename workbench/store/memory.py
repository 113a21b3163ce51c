"""Translation memories imported from TMX files: one row per language, source and target."""

from dataclasses import dataclass

from workbench.store.base import MEMORY


@dataclass(frozen=True)
class ExternalUnit:
    lang: str
    source: str
    target: str
    origin: str  # the file it came from
    author: str | None
    created_at: str | None


class MemoryTables:
    def add_external_units(self, units: list[ExternalUnit], imported_at: str) -> int:
        """Store units not stored yet (the same language, source and target is stored once);
        how many were new."""
        added = 0
        with self.transaction():
            for unit in units:
                added += self._write(
                    MEMORY,
                    "INSERT INTO tm_external(lang, source, target, origin, author, created_at,"
                    " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(lang, source, target) DO NOTHING",
                    (unit.lang, unit.source, unit.target, unit.origin, unit.author,
                     unit.created_at, imported_at))
        return added

    def external_units(self, lang: str) -> list:
        """(source, target, origin, created or imported at) of the imported memory of `lang`."""
        return self._query(
            "SELECT source, target, origin, COALESCE(created_at, imported_at) FROM tm_external"
            " WHERE lang = ?", (lang,))

    def external_count(self, lang: str) -> int:
        return self._query_one("SELECT COUNT(*) FROM tm_external WHERE lang = ?", (lang,))[0]
