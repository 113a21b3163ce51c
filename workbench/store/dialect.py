"""What differs between the databases a store can live in. SQL elsewhere in the store is
written once, with `?` parameters, in the subset both understand; a dialect adapts the rest.

- SQLite (one file, WAL mode) is the embedded default: `translations/workbench.db`.
- PostgreSQL (`postgresql://user@host:port/name`), through psycopg 3, for a desk that shares
  one project or keeps it on its database server.

Both take one write lock per transaction (SQLite's BEGIN IMMEDIATE; on PostgreSQL a
transaction-level advisory lock, one per project schema), so writers queue instead of
deadlocking, a transaction that reads then writes never finds the store changed under it, and
readers never wait. The job queue alone writes without that lock on PostgreSQL (see
`StoreBase.transaction`): it locks the job rows it changes, claims with SKIP LOCKED, and so a
worker's heartbeat never waits behind a long import.
"""

import json
import re
import sqlite3
import sys
from pathlib import Path

from workbench.errors import InputError
from workbench.model import TIME_STAMP
from workbench.settings import DB_CONNECT_TIMEOUT, DEFAULT_DB, SQLITE_BUSY_TIMEOUT

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
STREAM_CHUNK = 5000  # rows read at a time when a whole table streams (store copy, checksums)


class Dialect:
    name = ""
    # What a query that claims rows for one worker adds, so that concurrent claimers each
    # get other rows (PostgreSQL); SQLite has one writer at a time and needs nothing.
    skip_locked = ""
    # The database's clock, as the store's time stamps are written (ISO 8601, UTC, seconds),
    # `?` seconds ago: every worker of a queue compares heartbeats on this one clock.
    clock = ""

    def sql(self, text: str) -> str:
        """A statement written with `?` parameters, as this database wants it."""
        return text

    def execute(self, connection, sql: str, params=()):
        return connection.execute(self.sql(sql), params)

    def execute_many(self, connection, sql: str, rows: list) -> None:
        if rows:
            connection.executemany(self.sql(sql), rows)

    def stream(self, connection, sql: str):
        """(column names, rows) a chunk of STREAM_CHUNK rows at a time, for tables too big to
        hold."""
        cursor = connection.execute(self.sql(sql))
        columns = [column[0] for column in cursor.description]
        while rows := cursor.fetchmany(STREAM_CHUNK):
            yield columns, rows

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
    clock = f"strftime('{TIME_STAMP}', 'now', '-' || ? || ' seconds')"

    def connect(self, location: str):
        path = Path(location)
        if path.is_dir():
            raise InputError(path, "is a folder, not a workbench store file")
        if location != ":memory:":
            make_folders(path.parent)
        connection = sqlite3.connect(location, isolation_level=None, check_same_thread=False,
                                     timeout=SQLITE_BUSY_TIMEOUT)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
        except sqlite3.DatabaseError as error:
            connection.close()
            raise InputError(path, f"is not a workbench store ({error})") from None
        connection.row_factory = sqlite3.Row
        return connection

    def folder(self, location: str) -> Path:
        return Path(location).resolve().parent

    def checkpoint(self, connection) -> bool:
        """Write the WAL into the store file and empty it: whether the file alone now holds
        the whole store, as it must before it is moved without its side files."""
        try:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:  # a statement of this connection is still reading
            return False
        return not busy

    def begin(self, connection, write_lock: bool = True) -> None:
        """SQLite has one writer at a time: every write transaction takes the lock."""
        connection.execute("BEGIN IMMEDIATE")

    def begin_snapshot(self, connection) -> None:
        """WAL: a deferred transaction reads one snapshot and lets writers commit meanwhile."""
        connection.execute("BEGIN DEFERRED")

    def tables(self, connection) -> set[str]:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                  " AND name NOT LIKE 'sqlite_%'")
        return {row[0] for row in rows}

    def parents(self, connection, table: str) -> set[str]:
        """The tables `table` has foreign keys into."""
        return {row["table"] for row in connection.execute(f"PRAGMA foreign_key_list({table})")}

    def row_order(self, connection, table: str) -> str:
        """What orders every row of `table` the same way on both databases: its primary key
        (text compared as bytes, SQLite's way)."""
        keys = sorted((row["pk"], row["name"]) for row in
                      connection.execute(f"PRAGMA table_info({table})") if row["pk"])
        assert keys, f"{table} has no primary key to order its rows by"
        return ", ".join(name for _, name in keys)

    def last_ids(self, connection) -> dict[str, int]:
        """{table: the highest id it gave} for each table with an automatic id (an AUTOINCREMENT
        table also remembers ids of rows deleted since)."""
        marks = {}
        for table in self.tables(connection):
            key = _integer_key(connection, table)
            if key:
                marks[table] = connection.execute(
                    f"SELECT COALESCE(MAX({key}), 0) FROM {table}").fetchone()[0]
        for table, mark in _sqlite_sequence(connection).items():
            marks[table] = max(marks.get(table, 0), mark)
        return marks

    def continue_ids(self, connection, marks: dict[str, int]) -> None:
        """After rows were copied in with their ids: new ids follow `marks`, so an
        AUTOINCREMENT table never gives an id again that the copied store gave."""
        known = _sqlite_sequence(connection)
        for table, mark in marks.items():
            if table in known:
                connection.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?",
                                   (mark, table))
            elif mark and "AUTOINCREMENT" in _table_sql(connection, table).upper():
                connection.execute("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)",
                                   (table, mark))

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


# The files SQLite keeps beside a store file `x.db` while it is open or after a crash: a journal
# (`x.db-journal` or the WAL `x.db-wal`) holds writes that belong to that store file alone.
SQLITE_JOURNALS = ("-journal", "-wal")
SQLITE_SIDE_FILES = (*SQLITE_JOURNALS, "-shm")


def make_folders(folder: Path) -> list[Path]:
    """Make `folder` and whichever of its parents are missing, as a new store file needs; the
    folders this call made, outermost first, so that a copy that fails can take them away."""
    made = []
    for missing in reversed([folder, *folder.parents]):
        if missing.exists():
            continue
        try:
            missing.mkdir()
        except FileExistsError:
            continue  # made by someone else meanwhile: not ours to remove
        made.append(missing)
    return made


# Any number will do, as long as it is the workbench's own: with the schema's name, the key of
# the store's write lock (two projects in one database never wait for each other).
_WRITE_LOCK = 0x5742_0001
_AUTO_ID = re.compile(r"\bINTEGER PRIMARY KEY( AUTOINCREMENT)?\b")


class PostgresDialect(Dialect):
    name = "postgresql"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    clock = ("to_char((statement_timestamp() - make_interval(secs => ?)) AT TIME ZONE 'UTC',"
             " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")

    def connect(self, location: str):
        import psycopg

        try:
            timeout = {} if "connect_timeout" in location else {
                "connect_timeout": DB_CONNECT_TIMEOUT}
            # Nothing is prepared on the server: a prepared statement's generic plan cannot
            # hash a list of bound values, and an export page's `sid IN (?, ...)` of 500 sids
            # then compared every translation of the article with the whole list (a
            # 50,000-segment export took three times as long as SQLite's, not 1.6 times).
            return psycopg.connect(location, autocommit=True, row_factory=_row_factory,
                                   prepare_threshold=None, **timeout)
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

    def stream(self, connection, sql: str):
        """Through a server-side cursor (inside the open transaction): rows come as read."""
        with connection.cursor(name="workbench_stream") as cursor:
            cursor.execute(self.sql(sql))
            columns = [column.name for column in cursor.description]
            while rows := cursor.fetchmany(STREAM_CHUNK):
                yield columns, rows

    def schema(self, text: str) -> str:
        return _AUTO_ID.sub("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", text)

    def begin(self, connection, write_lock: bool = True) -> None:
        connection.execute("BEGIN")
        if write_lock:
            connection.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))",
                               (_WRITE_LOCK,))

    def begin_snapshot(self, connection) -> None:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def tables(self, connection) -> set[str]:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return {row[0] for row in rows}

    def parents(self, connection, table: str) -> set[str]:
        rows = connection.execute(
            "SELECT DISTINCT parent.relname FROM pg_constraint c"
            " JOIN pg_class child ON child.oid = c.conrelid"
            " JOIN pg_class parent ON parent.oid = c.confrelid"
            " WHERE c.contype = 'f' AND child.relname = %s"
            " AND child.relnamespace = current_schema()::regnamespace", (table,))
        return {row[0] for row in rows}

    def row_order(self, connection, table: str) -> str:
        """As SQLite's: the primary key, text in the "C" collation (bytes, as SQLite compares
        them), whatever the database's own collation is."""
        keys = connection.execute(
            "SELECT a.attname, a.attcollation <> 0 FROM pg_index i"
            " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indisprimary AND i.indrelid = quote_ident(%s)::regclass"
            " ORDER BY array_position(i.indkey::int2[], a.attnum)", (table,)).fetchall()
        assert keys, f"{table} has no primary key to order its rows by"
        return ", ".join(f'{name} COLLATE "C"' if text else name for name, text in keys)

    def last_ids(self, connection) -> dict[str, int]:
        marks = {}
        for table, column, sequence in _identities(connection):
            last, called = connection.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()
            largest = connection.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}").fetchone()[0]
            marks[table] = max(largest, last if called else 0)
        return marks

    def continue_ids(self, connection, marks: dict[str, int]) -> None:
        """As SQLite's: new ids follow both `marks` and what this store gave before (a store
        replaced by `store copy --replace` never gives an id twice either)."""
        given = self.last_ids(connection)
        for table, _, sequence in _identities(connection):
            mark = max(marks.get(table, 0), given.get(table, 0))
            connection.execute("SELECT setval(%s, %s, %s)", (sequence, max(mark, 1), mark > 0))

    def backup(self, connection, location: str, version: int, stamp: str) -> None:
        """Migrations on PostgreSQL are transactional; keeping copies is pg_dump's job."""
        return None


def _integer_key(connection, table: str) -> str | None:
    """The column of an INTEGER PRIMARY KEY (SQLite's automatic id), if the table has one."""
    keys = [row for row in connection.execute(f"PRAGMA table_info({table})") if row["pk"]]
    return keys[0]["name"] if len(keys) == 1 and keys[0]["type"].upper() == "INTEGER" else None


def _table_sql(connection, table: str) -> str:
    return connection.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                              (table,)).fetchone()[0]


def _sqlite_sequence(connection) -> dict[str, int]:
    """SQLite's mark of the highest id each AUTOINCREMENT table gave (none before one exists)."""
    if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        return {row["name"]: row["seq"] for row in connection.execute("SELECT name, seq FROM sqlite_sequence")}
    return {}


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


def _identities(connection) -> list[tuple[str, str, str]]:
    """(table, column, sequence) of every identity column in the store's schema."""
    return connection.execute(
        "SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name),"
        " column_name) FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'").fetchall()


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
