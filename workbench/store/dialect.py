"""What differs between the databases a store can live in. SQL elsewhere in the store is
written once, with `?` parameters, in the subset both understand; a dialect adapts the rest.

- SQLite (one file, WAL mode) is the embedded default: `translations/workbench.db`.
- PostgreSQL (`postgresql://user@host:port/name`), through psycopg 3, for a desk that shares
  one project or keeps it on its database server.

Both take one write lock per transaction (SQLite's BEGIN IMMEDIATE; on PostgreSQL a
transaction-level advisory lock), so writers queue instead of deadlocking, a transaction
that reads then writes never finds the store changed under it, and readers never wait.
"""

import json
import re
import sqlite3
import sys
from pathlib import Path

from workbench.errors import InputError
from workbench.settings import DEFAULT_DB

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class Dialect:
    name = ""

    def sql(self, text: str) -> str:
        """A statement written with `?` parameters, as this database wants it."""
        return text

    def execute(self, connection, sql: str, params=()):
        return connection.execute(self.sql(sql), params)

    def execute_many(self, connection, sql: str, rows: list) -> None:
        if rows:
            connection.executemany(self.sql(sql), rows)

    def schema(self, text: str) -> str:
        """A migration script, as this database wants it."""
        return text

    def run_script(self, connection, script: str) -> None:
        """Run a migration inside the open transaction, one statement at a time."""
        for statement in split_statements(script):
            connection.execute(statement)

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
        connection.execute("BEGIN IMMEDIATE")

    def begin_snapshot(self, connection) -> None:
        """WAL: a deferred transaction reads one snapshot and lets writers commit meanwhile."""
        connection.execute("BEGIN DEFERRED")

    def tables(self, connection) -> set[str]:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                  " AND name NOT LIKE 'sqlite_%'")
        return {row[0] for row in rows}

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


# Any number will do, as long as it is the workbench's own: the store's write lock.
_WRITE_LOCK = 0x5742_0001
_AUTO_ID = re.compile(r"\bINTEGER PRIMARY KEY( AUTOINCREMENT)?\b")


class PostgresDialect(Dialect):
    name = "postgresql"

    def connect(self, location: str):
        import psycopg

        try:
            return psycopg.connect(location, autocommit=True, row_factory=_row_factory)
        except psycopg.Error as error:
            reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
            raise InputError(shown_location(location),
                             f"cannot connect to the PostgreSQL store ({reason})") from None

    def folder(self, location: str) -> Path:
        """A database has no folder: exports and uploads go where a file store would be."""
        return Path(DEFAULT_DB).resolve().parent

    def sql(self, text: str) -> str:
        return text.replace("%", "%%").replace("?", "%s")

    def execute_many(self, connection, sql: str, rows: list) -> None:
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql(sql), rows)

    def schema(self, text: str) -> str:
        return _AUTO_ID.sub("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", text)

    def begin(self, connection) -> None:
        connection.execute("BEGIN")
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))

    def begin_snapshot(self, connection) -> None:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def tables(self, connection) -> set[str]:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return {row[0] for row in rows}

    def backup(self, connection, location: str, version: int, stamp: str) -> None:
        """Migrations on PostgreSQL are transactional; keeping copies is pg_dump's job."""
        return None


class Row(tuple):
    """A result row readable by position and by column name, as sqlite3.Row is."""

    def __new__(cls, values, columns: dict[str, int]):
        row = super().__new__(cls, values)
        row._columns = columns
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            key = self._columns[key]
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._columns)


def _row_factory(cursor):
    columns = {column.name: index for index, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, columns)


def shown_location(location: str) -> str:
    """The store's location as messages show it: a database URL without its password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", str(location))


def split_statements(script: str) -> list[str]:
    """The statements of an SQL script (comments dropped; no `;` inside string literals)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [statement.strip() for statement in "\n".join(lines).split(";") if statement.strip()]


def absolute_location(location: str) -> str:
    """The location as another process in another folder must be given it."""
    return str(location) if is_postgres(location) else str(Path(location).resolve())


def is_postgres(location: str) -> bool:
    return str(location).startswith(POSTGRES_SCHEMES)


def dialect_for(location: str) -> Dialect:
    return PostgresDialect() if is_postgres(location) else SqliteDialect()


def is_database_error(error: BaseException) -> bool:
    """A locked, full, unreachable or broken store, whichever database it is (psycopg is
    only looked at when it was loaded, so a command on a SQLite store never imports it)."""
    if isinstance(error, sqlite3.Error):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(error, psycopg.Error)
