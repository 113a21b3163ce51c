"""What differs between the databases a store can live in. SQL elsewhere in the store is
written once, in the subset both understand; a dialect adapts the rest.

SQLite (one file, WAL mode) is the embedded default.
"""

import json
import sqlite3
from pathlib import Path

from workbench.errors import InputError


class Dialect:
    name = ""

    def sql(self, text: str) -> str:
        """A statement written with `?` parameters, as this database wants it."""
        return text

    def schema(self, text: str) -> str:
        """A migration script, as this database wants it."""
        return text

    def load_json(self, value):
        return json.loads(value)

    def dump_json(self, value) -> str:
        return json.dumps(value, ensure_ascii=False)


class SqliteDialect(Dialect):
    name = "sqlite"

    def connect(self, location: str):
        path = Path(location)
        if path.is_dir():
            raise InputError(path, "is a folder, not a workbench store file")
        if location != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(location, isolation_level=None, check_same_thread=False,
                                     timeout=15)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA busy_timeout=15000")
        except sqlite3.DatabaseError as error:
            connection.close()
            raise InputError(path, f"is not a workbench store ({error})") from None
        connection.row_factory = sqlite3.Row
        return connection

    def folder(self, location: str) -> Path:
        return Path(location).resolve().parent

    def begin(self, connection) -> None:
        """Take the write lock at once: a transaction that reads, then writes, never finds the
        store changed under it (two sessions saving one segment wait for each other)."""
        connection.execute("BEGIN IMMEDIATE")

    def tables(self, connection) -> set[str]:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row[0] for row in rows}

    def run_script(self, connection, script: str) -> None:
        """Run a migration inside the open transaction (executescript would commit it)."""
        for statement in split_statements(script):
            connection.execute(statement)

    def backup(self, connection, location: str, version: int, stamp: str) -> str | None:
        """A copy of the whole store before a migration changes it; its path."""
        if location == ":memory:":
            return None
        target = f"{location}.v{version}-{stamp.replace(':', '')}.bak"
        copy = sqlite3.connect(target)
        try:
            connection.backup(copy)
        finally:
            copy.close()
        return target


def split_statements(script: str) -> list[str]:
    """The statements of an SQL script (comments dropped; no `;` inside string literals)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [statement.strip() for statement in "\n".join(lines).split(";") if statement.strip()]


# What a database raises for a locked, full or broken store, whichever database it is.
DATABASE_ERRORS = (sqlite3.OperationalError, sqlite3.DatabaseError)


def dialect_for(location: str) -> Dialect:
    return SqliteDialect()
