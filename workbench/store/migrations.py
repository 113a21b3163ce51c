"""Schema versions: numbered migrations in `migrations/`, the version recorded in the store.

A fresh store runs every migration; an older store is upgraded in one transaction, after a
backup copy; a store newer than this program is refused, naming both versions, so an old
program never writes into tables it does not know. Stores made before versions existed
(release 0.1.0) have the tables of migration 1 and no version table: they count as version 1.

To change the schema, add `NNNN_what.sql` with the next number; never edit a released one.
"""

import re
from dataclasses import dataclass
from importlib import resources

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.store.dialect import shown_location

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_LEGACY_TABLE = "translations"  # present in every store release 0.1.0 made


class SchemaError(WorkbenchError):
    """The store's schema cannot be used by this program."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    script: str


def migrations() -> list[Migration]:
    folder = resources.files("workbench.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda migration: migration.version)
    assert [m.version for m in found] == list(range(1, len(found) + 1)), "migrations must be 1..N"
    return found


LATEST = len(migrations())
_CREATED = re.compile(r"^CREATE TABLE (\w+)", re.MULTILINE)
# the tables the migrations make: a store's own, whatever else its database holds
STORE_TABLES = frozenset({"schema_migrations"} | {
    table for migration in migrations() for table in _CREATED.findall(migration.script)})


@dataclass(frozen=True)
class Upgrade:
    """What opening the store did to its schema."""

    from_version: int
    to_version: int
    backup: str | None = None

    @property
    def message(self) -> str:
        """What to tell the user; empty when nothing was upgraded (or the store is new)."""
        if not self.from_version or self.from_version == self.to_version:
            return ""
        kept = f" (the old one is kept as {self.backup})" if self.backup else ""
        return (f"upgraded the project store from schema version {self.from_version} to "
                f"{self.to_version}{kept}")


def upgrade(store, connection, dialect, stamp: str) -> Upgrade:
    """Bring the store's schema to LATEST; refuse a newer one."""
    current = _version(connection, dialect)
    refuse_newer(store, current)
    if current == LATEST:
        return Upgrade(current, current)
    backup = dialect.backup(connection, store.location, current, stamp) if current else None
    dialect.begin(connection)
    try:
        migrate(store, connection, dialect, stamp)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return Upgrade(current, LATEST, backup)


def migrate(store, connection, dialect, stamp: str) -> None:
    """Bring the schema to LATEST inside the open transaction, which holds the write lock:
    `upgrade` commits it by itself, `store copy` with the copied rows (a failed copy leaves
    no table behind)."""
    found = _version(connection, dialect)  # another process may have upgraded meanwhile
    refuse_newer(store, found)
    if found == 0 or "schema_migrations" not in dialect.tables(connection):
        dialect.run_script(connection, dialect.schema(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL, applied_at TEXT NOT NULL, program TEXT NOT NULL)"))
    if found == 1 and _recorded(connection) == 0:
        _record(connection, dialect, migrations()[0], stamp, "found (release 0.1.0)")
    for migration in migrations()[found:]:
        dialect.run_script(connection, dialect.schema(migration.script))
        _record(connection, dialect, migration, stamp, f"workbench {__version__}")


def version(store) -> int:
    """The store's schema version as it is (0: no store there)."""
    return _version(store._connection, store.dialect)


def _version(connection, dialect) -> int:
    tables = dialect.tables(connection)
    if "schema_migrations" in tables:
        return _recorded(connection) or (1 if _LEGACY_TABLE in tables else 0)
    return 1 if _LEGACY_TABLE in tables else 0


def _recorded(connection) -> int:
    return connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]


def refuse_newer(store, version: int) -> None:
    if version > LATEST:
        raise SchemaError(
            f"{shown_location(store.location)}: the store has schema version {version}, this program "
            f"(workbench {__version__}) knows versions up to {LATEST}: open it with a newer "
            "workbench")


def _record(connection, dialect, migration: Migration, stamp: str, program: str) -> None:
    dialect.execute(
        connection,
        "INSERT INTO schema_migrations(version, name, applied_at, program) VALUES (?, ?, ?, ?)",
        (migration.version, migration.name, stamp, program))
