"""The glossary's working copy (one JSON document per concept, in order) and who changed what.

The concept's shape belongs to workbench.glossary.model; the store keeps the JSON as given.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from workbench.store.base import GLOSSARY


class GlossaryTables:
    def glossary_concepts(self) -> Iterator[dict]:
        """Each concept's JSON data in order, read one at a time: a glossary of 100,000
        concepts is never held as rows and as data at once."""
        cursor = self.dialect.execute(self._connection,
                                      "SELECT data FROM glossary_concepts ORDER BY position")
        for row in cursor:
            yield self.dialect.load_json(row[0])

    def apply_glossary_import(self, changes: Iterable[tuple], moves: list[tuple[int, str]],
                              at: str, author: str | None) -> None:
        """An import's changes, each written with its history row, in batches. `changes` are
        (id, position, action, old JSON or None, new JSON or None): a new JSON is inserted or
        replaces the row, None removes it; it is serialised once for the row and the history,
        a batch at a time (100,000 concepts are never all held as text). `moves`
        (position, id) are concepts that only changed place."""
        changes = iter(changes)
        with self.transaction():
            if moves:
                self._write_many(GLOSSARY, "UPDATE glossary_concepts SET position = ? WHERE id = ?",
                                 moves)
            while batch := list(islice(changes, _IMPORT_BATCH)):
                upserts, removals, history = [], [], []
                for concept_id, position, action, old, new in batch:
                    new_text = _json_or_none(self, new)
                    if new_text is None:
                        removals.append((concept_id,))
                    else:
                        upserts.append((concept_id, position, new_text))
                    history.append((concept_id, at, author, action, _json_or_none(self, old),
                                    new_text))
                if removals:
                    self._write_many(GLOSSARY, "DELETE FROM glossary_concepts WHERE id = ?",
                                     removals)
                if upserts:
                    self._write_many(
                        GLOSSARY,
                        "INSERT INTO glossary_concepts(id, position, data) VALUES (?, ?, ?)"
                        " ON CONFLICT(id) DO UPDATE SET position = excluded.position,"
                        " data = excluded.data", upserts)
                self._write_many(GLOSSARY, _HISTORY_INSERT, history)

    def glossary_size(self) -> int:
        return self._query_one("SELECT COUNT(*) FROM glossary_concepts")[0]

    def glossary_history_seq(self) -> int:
        """The latest glossary history entry's number (0 when there is none): it moves with
        every change to the glossary."""
        return self._query_one("SELECT COALESCE(MAX(seq), 0) FROM glossary_history")[0]

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

    def record_glossary_change(self, concept_id: str, at: str, author: str | None,
                               action: str, old: dict | None, new: dict | None) -> None:
        with self.transaction():
            self._write(GLOSSARY, _HISTORY_INSERT, (concept_id, at, author, action,
                                                    _json_or_none(self, old),
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


_IMPORT_BATCH = 5000  # concepts serialised and written at a time
_HISTORY_INSERT = ("INSERT INTO glossary_history(concept_id, at, author, action, old_data,"
                   " new_data) VALUES (?, ?, ?, ?, ?, ?)")


def _json_or_none(store, data: dict | None) -> str | None:
    return None if data is None else store.dialect.dump_json(data)
