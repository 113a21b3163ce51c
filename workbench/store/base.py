"""The store's connection, its transactions and its change counter.

Every write goes through `_write`/`_write_many`, which name the concern they change
(articles, translations, glossary, ...). A write transaction moves the store's one change
counter at commit and stamps each concern it wrote with the new value: `changed_at(...)`
answers "has any of these changed since?" with one query, which is what every cache keys on.
"""

import hashlib
import itertools
import json
import threading
from contextlib import contextmanager
from pathlib import Path

from workbench.characters import has_forbidden
from workbench.clock import MACHINE_CLOCK
from workbench.errors import InputError
from workbench.store import migrations
from workbench.store.dialect import Dialect, shown_location

ARTICLES = "articles"  # articles, blocks, segments
TRANSLATIONS = "translations"  # translations and their history
GLOSSARY = "glossary"
MT = "mt"  # MT cache and what MT did per segment
MUTES = "mutes"
MEMORY = "memory"  # imported translation memories
SETTINGS = "settings"
ACCOUNTS = "accounts"  # accounts, their roles and the audit trail
COMMENTS = "comments"  # comment threads per segment and language
JOBS = "jobs"  # the MT job queue
CONCERNS = (ARTICLES, TRANSLATIONS, GLOSSARY, MT, MUTES, MEMORY, SETTINGS, ACCOUNTS, COMMENTS, JOBS)
EVERYTHING = "*"  # a write that replaces every concern's tables (store copy)
# Transactions are numbered per process, across Store objects: a stamp taken inside one names
# it uniquely (see changed_at).
_TRANSACTIONS = itertools.count(1)


def now() -> str:
    """The time stamp every table uses (model.TIME_STAMP), by the machine's clock."""
    return MACHINE_CLOCK.stamp()


class StoreBase:
    """One connection (a CLI run, a browser session). Reads see committed data; writes
    happen in `transaction()`, nested ones joining the outermost."""

    def __init__(self, connection, location: str, dialect: Dialect):
        self._connection = connection
        self.location = location  # the file, or the database URL
        self.dialect = dialect
        self._depth = 0
        self._lock = threading.RLock()
        self._touched: dict[str, int] = {}  # concern -> writes in the open transaction
        self._transaction_serial = 0  # the open transaction's number
        self._in_snapshot = False
        self._write_locked = False  # the open transaction holds the store's write lock

    @property
    def folder(self) -> Path:
        """The project folder: where the store file lies, and exports and uploads go."""
        return self.dialect.folder(self.location)

    def close(self) -> None:
        self._connection.close()

    # running SQL: only the store's own modules call these

    def _query(self, sql: str, params=()) -> list:
        return self.dialect.execute(self._connection, sql, params).fetchall()

    def _query_one(self, sql: str, params=()):
        return self.dialect.execute(self._connection, sql, params).fetchone()

    def _write(self, concern: str, sql: str, params=(), *, copies_stored_text=False) -> int:
        """Run one writing statement inside the open transaction; the number of rows it changed.

        `copies_stored_text`: the statement only carries text the store already holds (a
        history row's old target, a flag on a translation), so it is not refused for a
        character a store from before the rule may hold (workbench.characters)."""
        self._touch(concern)
        if not copies_stored_text:
            self._refuse_forbidden_characters([params])
        return self.dialect.execute(self._connection, sql, params).rowcount

    def _write_returning(self, concern: str, sql: str, params=()):
        """Run one writing statement with a RETURNING clause; the row it returns."""
        self._touch(concern)
        self._refuse_forbidden_characters([params])
        return self.dialect.execute(self._connection, sql, params).fetchone()

    def _write_many(self, concern: str, sql: str, rows) -> None:
        self._touch(concern)
        rows = list(rows)
        self._refuse_forbidden_characters(rows)
        self.dialect.execute_many(self._connection, sql, rows)

    def _refuse_forbidden_characters(self, rows) -> None:
        """No text with a control character reaches the store, whoever writes it (see
        workbench.characters); the callers that take text in say where it was first."""
        if has_forbidden(value for row in rows for value in row if isinstance(value, str)):
            raise InputError(f"project store {shown_location(self.location)}",
                             "refused to store a text holding a control character, lone "
                             "surrogate or non-character; nothing was changed")

    def _touch(self, concern: str) -> None:
        if self._depth == 0:
            raise RuntimeError("store writes belong in store.transaction()")
        if concern != JOBS and not self._write_locked:
            raise RuntimeError("only the job queue writes without the store's write lock")
        self._touched[concern] = self._touched.get(concern, 0) + 1

    # transactions

    @contextmanager
    def transaction(self, *, write_lock: bool = True):
        """All writes inside happen together or not at all; nesting joins the outer one.

        Every transaction takes the store's write lock, except the job queue's
        (`write_lock=False`, store/jobs.py): on PostgreSQL those lock only the job rows they
        change, so a worker's heartbeat or a claim never waits behind an import, and they may
        write nothing but jobs.
        """
        with self._lock:
            if self._in_snapshot:
                raise RuntimeError("store writes do not belong in store.snapshot()")
            if self._depth == 0:
                self.dialect.begin(self._connection, write_lock)
                self._touched = {}
                self._transaction_serial = next(_TRANSACTIONS)
                self._write_locked = write_lock
            elif write_lock and not self._write_locked:
                raise RuntimeError("a transaction without the write lock cannot take it")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self._touched = {}
                    self._connection.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                try:
                    self._count_changes()
                except BaseException:
                    self._touched = {}
                    self._connection.execute("ROLLBACK")
                    raise
                self._touched = {}
                self._connection.execute("COMMIT")

    @contextmanager
    def snapshot(self):
        """Every read inside sees the store as it was at the first one, while other connections
        go on writing: a long read in pages (an export) is consistent without taking the write
        lock. Nothing is written inside; inside a transaction, that transaction is the view."""
        with self._lock:
            if self._depth or self._in_snapshot:
                yield self
                return
            self.dialect.begin_snapshot(self._connection)
            self._in_snapshot = True
            try:
                yield self
            finally:
                self._in_snapshot = False
                self._connection.execute("COMMIT")

    @contextmanager
    def discarding(self):
        """Everything written inside is undone at the end: a dry run plans with the real code
        (which may initialize tables or caches) and leaves the store exactly as it was."""
        with self.transaction():
            with self._lock:
                self._connection.execute("SAVEPOINT discarding")
                touched = dict(self._touched)
                try:
                    yield self
                finally:
                    self._connection.execute("ROLLBACK TO SAVEPOINT discarding")
                    self._connection.execute("RELEASE SAVEPOINT discarding")
                    self._touched = touched

    def _count_changes(self) -> None:
        """At commit: move the counter and stamp what this transaction wrote.

        The counter row is moved first, by itself, so that transactions without the write
        lock (the job queue's) queue on that row and each gets a value of its own."""
        if not self._touched:
            return
        version = self.dialect.execute(
            self._connection, "UPDATE store_changes SET version = version + 1"
                              f" WHERE concern = '{EVERYTHING}' RETURNING version").fetchone()[0]
        if EVERYTHING in self._touched:
            self.dialect.execute(self._connection, "UPDATE store_changes SET version = ?",
                                 (version,))
            return
        concerns = list(self._touched)
        marks = ", ".join("?" for _ in concerns)
        self.dialect.execute(
            self._connection,
            f"UPDATE store_changes SET version = ? WHERE concern IN ({marks})",
            [version, *concerns])

    # the change counter

    def changed_at(self, *concerns: str) -> tuple:
        """A stamp that differs whenever any of `concerns` changed (all of them if none given).

        Committed changes give the counter value of the latest one. Inside a transaction that
        has written, the stamp also names that transaction and its writes so far: a cache
        built there is never mistaken for one of committed data, even after a rollback.
        """
        names = list(concerns) or [EVERYTHING]
        marks = ", ".join("?" for _ in names)
        row = self._query_one(
            f"SELECT MAX(version) FROM store_changes WHERE concern IN ({marks})", names)
        committed = (self.location, row[0])
        pending = tuple(self._touched.get(name, 0) for name in names) if concerns else (
            sum(self._touched.values()),)
        if self._depth and any(pending):
            return committed + (self._transaction_serial, pending)
        return committed

    def table_checksums(self, tables: list[str] | None = None) -> dict[str, tuple[int, str]]:
        """{table: (rows, sha256 of its rows)} for `tables` (default: every table of the store's
        own, not another program's beside them): the store's content, to tell that nothing
        changed or that a copy is whole, on any database. Read
        from one snapshot, each table's rows stream into the hash in primary-key order, the
        same on both databases (`Dialect.row_order`): a table of any size takes one chunk's
        memory."""
        checksums = {}
        with self.snapshot():
            if tables is None:
                tables = migrations.STORE_TABLES & self.dialect.tables(self._connection)
            for table in sorted(tables):
                order = self.dialect.row_order(self._connection, table)
                digest, count = hashlib.sha256(), 0
                for _, rows in self.dialect.stream(self._connection,
                                                   f"SELECT * FROM {table} ORDER BY {order}"):
                    count += len(rows)
                    for row in rows:
                        digest.update(json.dumps(list(row), ensure_ascii=False,
                                                 default=str).encode("utf-8") + b"\n")
                checksums[table] = (count, digest.hexdigest())
        return checksums

    # project settings (see workbench/settings.py for every key and its default)

    def get_setting(self, key: str, default=None):
        row = self._query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return self.dialect.load_json(row[0]) if row else default

    def set_setting(self, key: str, value) -> None:
        with self.transaction():
            self._write(SETTINGS,
                        "INSERT INTO settings(key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, self.dialect.dump_json(value)))
