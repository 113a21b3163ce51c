"""Moving a project between stores: SQLite to PostgreSQL and back, or between two of either.

Every table's rows are copied with their ids, parents before children, in one transaction on
the destination, read from one snapshot of the source (people may go on working there). The
destination's schema is made or upgraded in that same transaction, after it was found empty:
before committing, each table's row count and checksum (`StoreBase.table_checksums`) must
equal the source's, or nothing is written, not even a table. New ids continue after the
highest the source gave. The source is read as it is: one of an older schema version is
refused (opening it with the workbench upgrades it, keeping a backup), not upgraded by a copy.
Tables of other programs, in either store, are neither copied nor looked at.

A new SQLite file is written under a hidden name beside it
(`.new.db.partial-<host>-<pid>-<random>`) and moved to its own name only once it is whole and
verified, never over a file that appeared there meanwhile: a copy that fails or is killed
leaves nothing at the destination's path.
"""

import errno
import os
import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError, WorkbenchError
from workbench.store import migrations
from workbench.store.base import EVERYTHING, now
from workbench.store.dialect import (
    SQLITE_JOURNALS,
    SQLITE_SIDE_FILES,
    SqliteDialect,
    absolute_location,
    is_database_error,
    is_postgres,
    make_folders,
    shown_location,
)
from workbench.store.store import Store

# The store's own bookkeeping: each store keeps its own (the copy moves the counter once).
_BOOKKEEPING = ("schema_migrations", "store_changes")
# In the hidden name a new SQLite file `x.db` is written under,
# `.x.db.partial-<host>-<pid>-<random>`: the copying machine and process tell a killed copy's
# file (its process gone) from a running one's.
_PARTIAL = ".partial-"


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
    source = Store.connect(source_location)
    try:
        _require_current(source)
        if not is_postgres(destination_location) and _dangling_link(Path(destination_location)):
            raise CopyError(f"{destination_location}: a link to "
                            f"{os.readlink(destination_location)}, which is not there; give the "
                            "path the new store should have")
        if is_postgres(destination_location) or Path(destination_location).exists():
            destination = Store.connect(destination_location)
            try:
                return _copy(source, destination, replace)
            finally:
                destination.close()
        return _copy_to_new_file(source, destination_location)
    finally:
        source.close()


def _require_current(source: Store) -> None:
    """A copy reads its source as it is, so the source must have this program's schema."""
    found = migrations.version(source)
    if found == 0:
        raise InputError(shown_location(source.location), "no project store there")
    if found < migrations.LATEST:
        raise CopyError(
            f"{shown_location(source.location)} has schema version {found}, this program copies "
            f"version {migrations.LATEST}: open it once with this workbench (any command, e.g. "
            "`workbench --db SOURCE articles`), which upgrades it and keeps a backup, then copy")
    migrations.refuse_newer(source, found)


def _copy_to_new_file(source: Store, location: str) -> list[TableCopy]:
    """Copy into a hidden partial file beside `location`, moved there once whole and verified;
    a copy that fails removes it and the folders it made (a killed copy's partial file is
    removed by the next copy to `location`)."""
    path = Path(location)
    for journal in SQLITE_JOURNALS:
        if Path(f"{location}{journal}").exists():
            raise CopyError(f"{location}{journal}: a journal of a store no longer there, which "
                            f"SQLite would apply to the new {path.name}; move it away, then copy")
    partial = path.with_name(f".{path.name}{_PARTIAL}{socket.gethostname()}-{os.getpid()}-"
                             f"{secrets.token_hex(4)}")
    made = make_folders(path.parent)
    try:
        _remove_killed_copies(path)
        dialect = SqliteDialect()
        # shown as `location`, which the user named, in the messages of a copy that fails
        destination = Store(dialect.connect(str(partial)), location, dialect)
        try:
            copied = _copy(source, destination, replace=False)
            if not dialect.checkpoint(destination._connection):
                raise CopyError(f"{location}: SQLite could not write the copy's log into its "
                                "file; the copy was not kept")
        finally:
            destination.close()
        _move_into_place(partial, path)
    except BaseException:
        _remove_store_file(partial)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass  # no longer empty: what is in it now is not the copy's
        raise
    return copied


def _dangling_link(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


# what os.link says where the file system has no hard links (FAT, some network shares)
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}


def _move_into_place(partial: Path, path: Path) -> None:
    """Give the whole copy its name, never over a file that appeared at `path` meanwhile."""
    appeared = CopyError(f"{path}: a file appeared there during the copy; it is left as it is, "
                         "and the copy was not kept")
    try:
        os.link(partial, path)  # unlike a rename, fails if something is at `path`
    except FileExistsError:
        raise appeared from None
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise CopyError(f"{path}: the copy could not be moved there ({error.strerror})"
                            ) from None
        _move_onto_claim(partial, path, appeared)
        return
    _remove_store_file(partial)


def _move_onto_claim(partial: Path, path: Path, appeared: CopyError) -> None:
    """Without hard links: claim the name with an empty file only this copy can have made,
    then move the copy onto it; if the move fails, the claim goes (if still ours)."""
    try:
        claim = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise appeared from None
    claimed = os.fstat(claim).st_ino
    os.close(claim)
    try:
        os.replace(partial, path)
    except OSError as error:
        try:
            if path.stat().st_ino == claimed:
                path.unlink()
        except FileNotFoundError:
            pass
        raise CopyError(f"{path}: the copy could not be moved there ({error.strerror})") from None


def _remove_killed_copies(path: Path) -> None:
    """Remove the partial files, with their side files, of copies to `path` made on this
    machine whose process has gone: they were killed (a copy that fails removes its own).
    Another machine's (a shared folder) are left: its processes cannot be seen from here."""
    partial = re.compile(re.escape(f".{path.name}{_PARTIAL}{socket.gethostname()}-")
                         + r"(?P<pid>\d+)-[0-9a-f]+" + f"({'|'.join(SQLITE_SIDE_FILES)})?")
    for found in path.parent.iterdir():
        match = partial.fullmatch(found.name)
        if match and not _running(int(match["pid"])):
            found.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Whether process `pid` is there (signal 0 sends nothing, it only asks)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's
    return True


def _remove_store_file(path: Path) -> None:
    for name in (str(path), *(f"{path}{side}" for side in SQLITE_SIDE_FILES)):
        Path(name).unlink(missing_ok=True)


def _copy(source: Store, destination: Store, replace: bool) -> list[TableCopy]:
    tables = _parents_first(source)
    with source.snapshot(), destination.transaction():
        present = destination.dialect.tables(destination._connection)
        filled = {table: count for table in tables if table in present
                  and (count := destination._query_one(f"SELECT COUNT(*) FROM {table}")[0])}
        if filled and not replace:
            listed = ", ".join(f"{table} ({count} rows)" for table, count in filled.items())
            raise CopyError(f"{shown_location(destination.location)} is not empty: {listed}; "
                            "copy into an empty store, or pass --replace to empty it first")
        migrations.migrate(destination, destination._connection, destination.dialect, now())
        for table in reversed(tables):
            destination._write(EVERYTHING, f"DELETE FROM {table}")
        for table in tables:
            _copy_table(source, destination, table)
        expected = source.table_checksums(tables)
        copied = destination.table_checksums(tables)
        if copied != expected:
            differing = sorted(table for table in tables if copied.get(table) != expected[table])
            raise CopyError(f"the copy differs from the source in {', '.join(differing)}; "
                            "nothing was written")
        # last: PostgreSQL does not roll a sequence back, so only a copy that is whole moves it
        marks = source.dialect.last_ids(source._connection)
        destination.dialect.continue_ids(destination._connection,
                                         {table: marks[table] for table in tables if table in marks})
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
    """The store's content tables, each after the tables its foreign keys point to (another
    program's tables in the same database are none of them)."""
    content = migrations.STORE_TABLES - set(_BOOKKEEPING)
    remaining = {table: store.dialect.parents(store._connection, table) - {table}
                 for table in store.dialect.tables(store._connection) if table in content}
    ordered: list[str] = []
    while remaining:
        ready = sorted(table for table, parents in remaining.items() if not parents - set(ordered))
        assert ready, f"foreign keys in a cycle: {remaining}"
        ordered += ready
        for table in ready:
            del remaining[table]
    return ordered
