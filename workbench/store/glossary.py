"""The glossary's working copy (one JSON document per concept, in order) and who changed what.

The concept's shape belongs to workbench.glossary.model; the store keeps the JSON as given.
"""

from workbench.store.base import GLOSSARY


class GlossaryTables:
    def glossary_concepts(self) -> list[dict]:
        rows = self._query("SELECT data FROM glossary_concepts ORDER BY position")
        return [self.dialect.load_json(row[0]) for row in rows]

    def replace_glossary_concepts(self, concepts: list[tuple[str, dict]]) -> None:
        """Make `concepts` (id, JSON), in this order, the whole working copy."""
        with self.transaction():
            self._write(GLOSSARY, "DELETE FROM glossary_concepts")
            self._write_many(
                GLOSSARY, "INSERT INTO glossary_concepts(id, position, data) VALUES (?, ?, ?)",
                [(concept_id, position, self.dialect.dump_json(data))
                 for position, (concept_id, data) in enumerate(concepts)])

    def save_glossary_concept(self, concept_id: str, data: dict) -> None:
        """Insert a concept at the end, or update it where it stands."""
        with self.transaction():
            self._write(
                GLOSSARY,
                "INSERT INTO glossary_concepts(id, position, data) VALUES (?,"
                " (SELECT COALESCE(MAX(position), -1) + 1 FROM glossary_concepts), ?)"
                " ON CONFLICT(id) DO UPDATE SET data = excluded.data",
                (concept_id, self.dialect.dump_json(data)))

    def delete_glossary_concept(self, concept_id: str) -> None:
        with self.transaction():
            self._write(GLOSSARY, "DELETE FROM glossary_concepts WHERE id = ?", (concept_id,))

    def record_glossary_change(self, concept_id: str, at: str, author: str | None, action: str,
                               old: dict | None, new: dict | None) -> None:
        with self.transaction():
            self._write(
                GLOSSARY,
                "INSERT INTO glossary_history(concept_id, at, author, action, old_data, new_data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (concept_id, at, author, action, _json_or_none(self, old),
                 _json_or_none(self, new)))

    def glossary_history(self, concept_id: str) -> list[dict]:
        rows = self._query(
            "SELECT at, author, action, old_data, new_data FROM glossary_history"
            " WHERE concept_id = ? ORDER BY seq", (concept_id,))
        return [
            {"at": row[0], "author": row[1], "action": row[2],
             "old_data": row[3] and self.dialect.load_json(row[3]),
             "new_data": row[4] and self.dialect.load_json(row[4])}
            for row in rows
        ]


def _json_or_none(store, data: dict | None) -> str | None:
    return None if data is None else store.dialect.dump_json(data)
