"""Moving a project between stores: SQLite to PostgreSQL and back, or between two of either.

Every table's rows are copied with their ids, parents before children, in one transaction on
the destination, read from one snapshot of the source (people may go on working there). The
destination's schema is made or upgraded in that same transaction, after it was found empty:
before committing, each table's row count and checksum (`StoreBase.table_checksums`) must
equal the source's, or nothing is written, not even a table. New ids continue after the
highest the source gave.
"""

from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError, WorkbenchError
from workbench.store import migrations
from workbench.store.base import EVERYTHING, now
from workbench.store.dialect import (
    absolute_location,
    is_database_error,
    is_postgres,
    shown_location,
)
from workbench.store.store import Store

# The store's own bookkeeping: each store keeps its own (the copy moves the counter once).
_BOOKKEEPING = ("schema_migrations", "store_changes")


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    checksum: str  # sha256 of the table's rows, equal in source and destination


class CopyError(WorkbenchError):
    """The copy cannot be made, or did not come out equal; the destination is as it was."""


def copy_store(source_location: str, destination_location: str, *,
               replace: bool = False) -> list[TableCopy]:
    """Copy every table of the source store into the destination; refuses a destination that
    holds anything unless `replace`, which empties it first. A copy that fails leaves the
    destination as it was: a fresh database without tables, a new file not there."""
    if absolute_location(source_location) == absolute_location(destination_location):
        raise InputError(shown_location(destination_location), "is the source store itself")
    if not is_postgres(source_location) and not Path(source_location).is_file():
        raise InputError(source_location, "no project store there")
    created = not is_postgres(destination_location) and not Path(destination_location).exists()
    source = Store.open(source_location)
    try:
        destination = Store.connect(destination_location)
        try:
            return _copy(source, destination, replace)
        finally:
            destination.close()
    except BaseException:
        if created:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{destination_location}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        source.close()


def _copy(source: Store, destination: Store, replace: bool) -> list[TableCopy]:
    tables = _parents_first(source)
    with source.snapshot(), destination.transaction():
        filled = {table: count for table in _parents_first(destination)
                  if (count := destination._query_one(f"SELECT COUNT(*) FROM {table}")[0])}
        if filled and not replace:
            listed = ", ".join(f"{table} ({count} rows)" for table, count in filled.items())
            raise CopyError(f"{shown_location(destination.location)} is not empty: {listed}; "
                            "copy into an empty store, or pass --replace to empty it first")
        migrations.migrate(destination, destination._connection, destination.dialect, now())
        for table in reversed(tables):
            destination._write(EVERYTHING, f"DELETE FROM {table}")
        for table in tables:
            _copy_table(source, destination, table)
        destination.dialect.continue_ids(destination._connection,
                                         source.dialect.last_ids(source._connection))
        expected = {table: found for table, found in source.table_checksums().items()
                    if table in tables}
        copied = {table: found for table, found in destination.table_checksums().items()
                  if table in tables}
        if copied != expected:
            differing = sorted(table for table in tables if copied.get(table) != expected[table])
            raise CopyError(f"the copy differs from the source in {', '.join(differing)}; "
                            "nothing was written")
    return [TableCopy(table, *expected[table]) for table in sorted(tables)]


def _copy_table(source: Store, destination: Store, table: str) -> None:
    for columns, rows in source.dialect.stream(source._connection, f"SELECT * FROM {table}"):
        marks = ", ".join("?" for _ in columns)
        try:
            destination._write_many(
                EVERYTHING, f"INSERT INTO {table}({', '.join(columns)}) VALUES ({marks})",
                [tuple(row) for row in rows])
        except Exception as error:
            if not is_database_error(error):
                raise
            reason = str(error).strip().splitlines()[0]
            raise CopyError(f"{shown_location(destination.location)} refused a row of {table}: "
                            f"{reason}; nothing was written") from None


def _parents_first(store: Store) -> list[str]:
    """The store's content tables, each after the tables its foreign keys point to."""
    remaining = {table: store.dialect.parents(store._connection, table) - {table}
                 for table in store.dialect.tables(store._connection)
                 if table not in _BOOKKEEPING}
    ordered: list[str] = []
    while remaining:
        ready = sorted(table for table, parents in remaining.items() if not parents - set(ordered))
        assert ready, f"foreign keys in a cycle: {remaining}"
        ordered += ready
        for table in ready:
            del remaining[table]
    return ordered
