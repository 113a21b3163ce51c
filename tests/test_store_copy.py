"""`workbench store copy`: a project moves from SQLite to PostgreSQL and back without loss."""

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import tracemalloc

import pytest
from click.testing import CliRunner

from tests.account_helpers import PASSWORD, quick_hashes  # noqa: F401 (fast hashes)
from tests import exchange_helpers
from tests.conftest import OWNER, ROOT, SEED_SLUG
from tests.mt_helpers import FakeEngine
from tests.test_store_schema import RELEASE_0_1_0, dump, raw
from workbench.accounts import Role
from workbench.accounts.permissions import Actor, role_grants
from workbench.accounts.users import add_account
from workbench.cli import cli
from workbench.comments import add_comment
from workbench.importing import import_paths
from workbench.jobs import enqueue_translation
from workbench.model import Origin, Status
from workbench.mt.pipeline import translate_article
from workbench.project import ensure_example_project
from workbench.store import ExternalUnit, Store, dialect
from workbench.store import copy as copying
from workbench.store.base import StoreBase
from workbench.store.dialect import dialect_for

BOOKKEEPING = {"schema_migrations", "store_changes"}
ADMIN = Actor("ada")  # the copied project has accounts: the machine's owner no longer acts


def cli_run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def content(location: str) -> dict:
    """Every table's row count and checksum, the store's own bookkeeping left out."""
    store = Store.open(location)
    try:
        return {table: found for table, found in store.table_checksums().items()
                if table not in BOOKKEEPING}
    finally:
        store.close()


def tables_in(location: str) -> set[str]:
    """The tables the database holds, looked at without opening it as a store (which would
    make them)."""
    database = dialect_for(location)
    connection = database.connect(location)
    try:
        return database.tables(connection)
    finally:
        connection.close()


def full_project(path, tmp_path) -> str:
    """A SQLite store with a row in every table: the example (articles, translations,
    history, glossary), MT output, a mute, an imported memory, comments, jobs, settings, an account and
    the audit trail; and ids that were given and then deleted."""
    store = Store.open(path)
    ensure_example_project(store, actor=OWNER)
    store.save_translation(SEED_SLUG, "s1", "ru", "Правка «кавычки» — 2", Status.EDITED,
                           Origin.HUMAN, author="anna", expected_revision=1)
    store.save_mute(SEED_SLUG, "s2", "ru", "numbers", "a date", "anna", "2025-01-01T00:00:00Z")
    store.add_external_units([ExternalUnit("kk", "Hello.", "Сәлем.", "old.tmx", None, None)],
                             "2025-01-01T00:00:00Z")
    for name in ("other", "gone"):
        (tmp_path / f"{name}.md").write_text(f"# {name.title()}\n\nThe {name} article.\n")
        import_paths(store, [tmp_path / f"{name}.md"], actor=OWNER)
    translate_article(store, "other", ["uz"], actor=OWNER, engine_for=lambda lang: FakeEngine())
    enqueue_translation(store, SEED_SLUG, ["ky"], actor=OWNER)
    enqueue_translation(store, "gone", ["ru"], actor=OWNER)
    add_comment(store, "gone", "s1", "ru", "Gone with its article.", actor=OWNER)
    add_comment(store, SEED_SLUG, "s3", "ru", "Is «Сахарово» the centre's name?", actor=OWNER)
    store.delete_article("gone")  # with its job and comment: ids 1 and 2 given, 2 remain
    add_account(store, "ada", PASSWORD, role_grants({Role.ADMIN: True}), actor=OWNER)
    store.close()
    return str(path)


def test_sqlite_to_postgresql_and_back_gives_back_the_same_project(tmp_path, postgres_cluster):
    original = full_project(tmp_path / "original.db", tmp_path)
    server = postgres_cluster.new_store_url()
    back = str(tmp_path / "back.db")

    there = cli_run("store", "copy", original, server)
    assert there.exit_code == 0, there.output
    expected = content(original)
    assert all(rows for rows, _ in expected.values()), expected  # every table has content
    for table, (rows, checksum) in expected.items():
        assert f"{rows:>9,}  {checksum}" in there.output and table in there.output
    assert "every table's rows and checksum equal the source's" in there.output
    assert content(server) == expected

    again = cli_run("store", "copy", server, back, "--json")
    assert again.exit_code == 0, again.output
    assert {t["table"]: (t["rows"], t["sha256"]) for t in json.loads(again.output)} == expected
    assert content(back) == expected


def test_ids_go_on_after_the_copied_ones(tmp_path, postgres_cluster):
    """New rows in the copy get new ids (a sequence left at 1 would collide with copied
    rows), and job ids given before, even of deleted jobs, are not given again."""
    original = full_project(tmp_path / "original.db", tmp_path)
    server = postgres_cluster.new_store_url()
    assert cli_run("store", "copy", original, server).exit_code == 0
    store = Store.open(server)
    before = len(store.history(SEED_SLUG))
    store.save_translation(SEED_SLUG, "s3", "kk", "Жаңа", Status.EDITED, Origin.HUMAN)
    assert len(store.history(SEED_SLUG)) == before + 1
    assert store.add_external_units([ExternalUnit("kk", "Bye.", "Сау бол.", "new.tmx", None,
                                                  None)], "2025-02-01T00:00:00Z") == 1
    assert enqueue_translation(store, SEED_SLUG, ["ru"], actor=ADMIN).id == 3
    assert add_comment(store, SEED_SLUG, "s4", "kk", "A new thread.", actor=ADMIN).id == 3
    store.close()

    back = str(tmp_path / "back.db")
    assert cli_run("store", "copy", server, back).exit_code == 0
    store = Store.open(back)
    assert enqueue_translation(store, SEED_SLUG, ["ru"], actor=ADMIN).id == 4
    store.close()


def test_a_destination_with_a_project_is_refused_unless_replaced(tmp_path, postgres_cluster):
    original = full_project(tmp_path / "original.db", tmp_path)
    server = postgres_cluster.new_store_url()
    assert cli_run("store", "copy", original, server).exit_code == 0
    store = Store.open(server)
    store.save_translation(SEED_SLUG, "s3", "kk", "Жаңа", Status.EDITED, Origin.HUMAN)
    assert enqueue_translation(store, SEED_SLUG, ["ru"], actor=ADMIN).id == 3
    store.close()
    changed = content(server)

    refused = cli_run("store", "copy", original, server)
    assert refused.exit_code == 1
    assert "is not empty: articles (2 rows)" in refused.output and "--replace" in refused.output
    assert content(server) == changed

    replaced = cli_run("store", "copy", original, server, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert content(server) == content(original)
    store = Store.open(server)  # job 3, given before the copy replaced it all, is not given again
    assert enqueue_translation(store, SEED_SLUG, ["ru"], actor=ADMIN).id == 4
    store.close()


def test_copy_refuses_itself_and_a_missing_source_and_leaves_no_file(tmp_path):
    original = full_project(tmp_path / "original.db", tmp_path)
    itself = cli_run("store", "copy", original, str(tmp_path / "." / "original.db"))
    assert itself.exit_code == 1 and "is the source store itself" in itself.output
    missing = cli_run("store", "copy", str(tmp_path / "nothing.db"), str(tmp_path / "new.db"))
    assert missing.exit_code == 1 and "nothing.db: no project store there" in missing.output
    assert not (tmp_path / "new.db").exists()


def refused_row(source: str, destination: str, monkeypatch) -> str:
    """A row the destination refuses: a number too big for PostgreSQL's INTEGER column, or
    (on SQLite, which takes any number) a control character from before the rule."""
    if destination.startswith("postgresql"):
        raw(source, "UPDATE translations SET revision = 2199023255552 WHERE sid = 's1'")
        return "refused a row of translations: integer out of range; nothing was written"
    raw(source, "UPDATE translations SET target = 'Бе\x01да' WHERE sid = 's1'")
    return "refused to store a text holding a control character"


def differing_checksum(source: str, destination: str, monkeypatch) -> str:
    """A copy that does not come out equal (a row changed on its way, say)."""
    real = StoreBase.table_checksums

    def checksums(store, tables=None):
        found = real(store, tables)
        if store.location == destination:
            found["comments"] = (found["comments"][0], "0" * 64)
        return found

    monkeypatch.setattr(StoreBase, "table_checksums", checksums)
    return "the copy differs from the source in comments; nothing was written"


def interruption(source: str, destination: str, monkeypatch) -> str:
    """Ctrl+C (or a lost connection) after some tables were copied."""
    real = copying._copy_table

    def copy_table(source_store, destination_store, table):
        if table == "translations":
            raise KeyboardInterrupt
        real(source_store, destination_store, table)

    monkeypatch.setattr(copying, "_copy_table", copy_table)
    return "Aborted!"


@pytest.mark.parametrize("failure", [refused_row, differing_checksum, interruption])
@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_a_failed_copy_leaves_a_fresh_destination_without_a_table(
        tmp_path, postgres_cluster, monkeypatch, failure, kind):
    """A new SQLite file goes into folders the copy makes: they go too, with the file."""
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = (postgres_cluster.new_store_url() if kind == "postgresql"
                   else str(tmp_path / "made" / "for" / "new.db"))
    said = failure(original, destination, monkeypatch)
    before = sorted(tmp_path.iterdir())
    failed = cli_run("store", "copy", original, destination)
    assert failed.exit_code == 1 and said in failed.output, failed.output
    if kind == "postgresql":
        assert tables_in(destination) == set()
    else:
        assert sorted(tmp_path.iterdir()) == before


def test_a_failed_copy_keeps_what_the_destination_held_before(tmp_path, postgres_cluster,
                                                               monkeypatch):
    """Only what the copy made goes: another program's table stays, and so does the schema
    of an empty store."""
    original = full_project(tmp_path / "original.db", tmp_path)
    shared, empty_store = postgres_cluster.new_store_url(), postgres_cluster.new_store_url()
    raw(shared, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    Store.open(empty_store).close()
    store_tables, store_rows = tables_in(empty_store), exchange_helpers.dump(empty_store)
    interruption(original, shared, monkeypatch)
    for destination in (shared, empty_store):
        assert cli_run("store", "copy", original, destination).exit_code == 1
    assert tables_in(shared) == {"notes"}
    assert (tables_in(empty_store), exchange_helpers.dump(empty_store)) == (store_tables,
                                                                             store_rows)
    monkeypatch.undo()
    assert cli_run("store", "copy", original, shared).exit_code == 0
    assert tables_in(shared) == store_tables | {"notes"}


def test_an_older_store_with_a_project_is_refused_before_anything_is_written(tmp_path):
    """Not even upgraded (nor backed up for an upgrade) on its way to being refused."""
    original = full_project(tmp_path / "original.db", tmp_path)
    old = tmp_path / "old.db"
    old.write_bytes(RELEASE_0_1_0.read_bytes())
    before = dump(old)
    refused = cli_run("store", "copy", original, str(old))
    assert refused.exit_code == 1 and "old.db is not empty: articles (2 rows)" in refused.output
    assert dump(old) == before and list(tmp_path.glob("*.bak")) == []


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_another_programs_tables_are_neither_copied_nor_touched(tmp_path, postgres_cluster, kind):
    """A table of another program, here one without a primary key, holding a row, in the
    source and in the destination: the copy goes through and leaves both as they were."""
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = (postgres_cluster.new_store_url() if kind == "postgresql"
                   else str(tmp_path / "new.db"))
    for location, text in ((original, "ours, not the workbench's"), (destination, "theirs")):
        raw(location, "CREATE TABLE notes (text TEXT)")
        raw(location, "INSERT INTO notes VALUES (?)", (text,))
    copied = cli_run("store", "copy", original, destination)
    assert copied.exit_code == 0, copied.output
    assert raw(destination, "SELECT text FROM notes") == [("theirs",)]
    assert raw(original, "SELECT text FROM notes") == [("ours, not the workbench's",)]
    assert content(destination) == content(original)


def test_an_older_source_is_refused_as_it_is(tmp_path):
    """A copy reads its source, it does not upgrade it: people may be working there with the
    workbench that made it."""
    old = tmp_path / "old.db"
    old.write_bytes(RELEASE_0_1_0.read_bytes())
    before = dump(old)
    refused = cli_run("store", "copy", str(old), str(tmp_path / "new.db"))
    assert refused.exit_code == 1
    assert "old.db has schema version 1, this program copies version" in refused.output
    assert "workbench --db SOURCE articles" in refused.output
    assert dump(old) == before and list(tmp_path.glob("*.bak")) == []
    assert not (tmp_path / "new.db").exists()


def _no_hard_links(source, target):
    raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(source), None, str(target))


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_file_that_appears_during_the_copy_is_not_replaced(tmp_path, monkeypatch, hard_links):
    """Someone puts a file where the new store was to be while the copy runs: that file
    stays as it is, and the copy, whole as it is, is not kept (nor left behind hidden), also
    where the file system has no hard links."""
    if not hard_links:
        monkeypatch.setattr(os, "link", _no_hard_links)
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = tmp_path / "out" / "new.db"
    real = copying._copy_table

    def someone_writes_there(source_store, destination_store, table):
        if table == "translations":
            destination.write_bytes(b"theirs")
        real(source_store, destination_store, table)

    monkeypatch.setattr(copying, "_copy_table", someone_writes_there)
    refused = cli_run("store", "copy", original, str(destination))
    assert refused.exit_code == 1
    assert (f"{destination}: a file appeared there during the copy; it is left as it is, and "
            "the copy was not kept") in refused.output
    assert destination.read_bytes() == b"theirs"
    assert [path.name for path in destination.parent.iterdir()] == ["new.db"]


def test_a_file_system_without_hard_links_still_gets_the_copy(tmp_path, monkeypatch):
    """Where files cannot be hard-linked (FAT, some network shares) the copy claims its name
    with an empty file of its own and is moved onto it: the copy arrives, nothing else is left."""
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = tmp_path / "new.db"
    monkeypatch.setattr(os, "link", _no_hard_links)
    copied = cli_run("store", "copy", original, str(destination))
    assert copied.exit_code == 0, copied.output
    assert sorted(path.name for path in tmp_path.iterdir() if path.suffix == ".db"
                  or ".partial-" in path.name) == ["new.db", "original.db"]
    assert content(str(destination)) == content(original)


def test_a_new_file_is_moved_only_once_it_alone_holds_the_copy(tmp_path, monkeypatch):
    """A statement left reading keeps SQLite from writing the log into the file (closing
    would leave it in the side file): that file alone is not the copy, and is not kept."""
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = tmp_path / "new.db"
    real, reading = copying._copy, []

    def copy_leaving_a_statement_reading(source_store, destination_store, replace):
        copied = real(source_store, destination_store, replace)
        reading.append(destination_store._connection.execute("SELECT * FROM segments"))
        reading[0].fetchone()
        return copied

    monkeypatch.setattr(copying, "_copy", copy_leaving_a_statement_reading)
    before = sorted(tmp_path.iterdir())
    refused = cli_run("store", "copy", original, str(destination))
    assert refused.exit_code == 1
    assert (f"{destination}: SQLite could not write the copy's log into its file; the copy was "
            "not kept") in refused.output
    assert sorted(tmp_path.iterdir()) == before


# A `store copy` in a process of its own that stops before a call (to `_copy_table` once it is
# the translations' turn): it says so, then waits to be killed.
STOPS_BEFORE = """
import sys, time
from workbench.cli import cli
from workbench.store import copy as copying
from workbench.store.dialect import SqliteDialect
where, name, *arguments = sys.argv[1:]
owner = {"copy": copying, "dialect": SqliteDialect}[where]
real = getattr(owner, name)
def stop_first(*args):
    if name != "_copy_table" or args[-1] == "translations":
        print("stopped", flush=True)
        time.sleep(120)
    return real(*args)
setattr(owner, name, stop_first)
cli(["store", "copy", *arguments], prog_name="workbench")
"""


@pytest.mark.parametrize("stop", [("copy", "_copy_table"), ("dialect", "checkpoint")],
                         ids=["mid-copy", "whole-before-the-move"])
def test_a_killed_copy_leaves_nothing_at_the_destination(tmp_path, stop):
    """SIGKILL mid-copy, or once the copy is whole but not yet moved, leaves the new store's
    path free (no empty or partial store there to be taken for one); the next copy there
    removes the killed copy's hidden partial files, and leaves those of a copy still running."""
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = tmp_path / "out" / "new.db"
    copy = subprocess.Popen([sys.executable, "-c", STOPS_BEFORE, *stop, original,
                             str(destination)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert copy.stdout.readline() == "stopped\n", copy.stdout.read()
        partial = f".new.db.partial-{socket.gethostname()}-{copy.pid}-"
        assert [path.name for path in destination.parent.iterdir()
                if path.name.startswith(partial) and path.stat().st_size]  # tables written
    finally:
        copy.send_signal(signal.SIGKILL)
        copy.wait(10)
    assert not destination.exists()
    left = {path.name for path in destination.parent.iterdir()}
    assert left and all(name.startswith(partial) for name in left), left

    here = socket.gethostname()
    running = destination.parent / f".new.db.partial-{here}-{os.getpid()}-0123abcd"
    running.write_bytes(b"")  # this test's process is running: its file is not a killed one's
    elsewhere = destination.parent / f".new.db.partial-another-{here}-{copy.pid}-0123abcd"
    elsewhere.write_bytes(b"")  # another machine's copy (a shared folder): its processes unseen
    copied = cli_run("store", "copy", original, str(destination))
    assert copied.exit_code == 0, copied.output
    assert {path.name for path in destination.parent.iterdir()} == {
        "new.db", running.name, elsewhere.name}
    assert content(str(destination)) == content(original)


def test_a_copy_that_cannot_be_moved_into_place_leaves_nothing_there(tmp_path, monkeypatch):
    """A move that fails, with hard links (the partial file gone) or without them (the move
    onto the claimed name refused), is said in one line naming the destination, and no empty
    file is left to be taken for a store."""
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = tmp_path / "new.db"
    real_link = os.link

    def partial_gone(source, target):
        os.unlink(source)
        return real_link(source, target)

    def refused(source, target):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(source), None, str(target))

    for link, replace_with in ((partial_gone, os.replace), (_no_hard_links, refused)):
        with monkeypatch.context() as patched:
            patched.setattr(os, "link", link)
            patched.setattr(os, "replace", replace_with)
            failed = cli_run("store", "copy", original, str(destination))
        assert failed.exit_code == 1
        assert f"Error: {destination}: the copy could not be moved there (" in failed.output
        assert sorted(path.name for path in tmp_path.iterdir()
                      if path.name.startswith(("new", ".new"))) == []


def test_a_link_to_nowhere_is_no_destination(tmp_path):
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = tmp_path / "new.db"
    destination.symlink_to(tmp_path / "gone" / "store.db")
    refused = cli_run("store", "copy", original, str(destination))
    assert refused.exit_code == 1
    assert (f"Error: {destination}: a link to {tmp_path / 'gone' / 'store.db'}, which is not "
            "there; give the path the new store should have") in refused.output
    assert not (tmp_path / "gone").exists()


def test_a_journal_left_without_its_store_is_not_applied_to_a_new_one(tmp_path):
    """SQLite would take an orphaned `new.db-wal` (or `-journal`) for the new file's own."""
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = tmp_path / "new.db"
    orphan = tmp_path / "new.db-wal"
    orphan.write_bytes(b"a log of a store deleted without it")
    refused = cli_run("store", "copy", original, str(destination))
    assert refused.exit_code == 1
    assert f"{orphan}: a journal of a store no longer there" in refused.output
    assert not destination.exists() and orphan.read_bytes() == b"a log of a store deleted without it"


def test_a_failed_replace_moves_no_id_sequence(tmp_path, postgres_cluster, monkeypatch):
    """PostgreSQL never rolls a sequence back: a copy moves them only once it is whole."""
    original = full_project(tmp_path / "original.db", tmp_path)
    destination = postgres_cluster.new_store_url()
    Store.open(destination).close()
    sequences = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
    before = sorted(raw(destination, sequences))
    said = differing_checksum(original, destination, monkeypatch)
    failed = cli_run("store", "copy", "--replace", original, destination)
    assert failed.exit_code == 1 and said in failed.output
    assert sorted(raw(destination, sequences)) == before


def test_a_database_sorting_text_by_its_locale_gets_the_same_checksums(tmp_path,
                                                                        postgres_cluster):
    """Rows are checksummed in the order of their keys' bytes, whatever the order the
    database's own collation gives (here ICU's English: "_" before "." and "a" before "B")."""
    original = full_project(tmp_path / "original.db", tmp_path)
    store = Store.open(original)
    for key in ("mt.a", "mt_b", "B", "a"):
        store.set_setting(key, key)
    store.close()
    server = postgres_cluster.new_database_url("en")
    there = cli_run("store", "copy", original, server)
    assert there.exit_code == 0, there.output
    back = str(tmp_path / "back.db")
    assert cli_run("store", "copy", server, back).exit_code == 0
    assert content(back) == content(server) == content(original)


def test_checksums_do_not_depend_on_the_order_rows_were_written(tmp_path, postgres_cluster):
    """The same rows written in another order, on another database, give the same checksum."""
    stores = [str(tmp_path / "first.db"), postgres_cluster.new_store_url()]
    for location, keys in zip(stores, (("a", "B", "mt_b", "mt.a"), ("mt.a", "mt_b", "B", "a"))):
        store = Store.open(location)
        for key in keys:
            store.set_setting(key, key)
        store.close()
    assert content(stores[0])["settings"] == content(stores[1])["settings"]


def test_checksums_hold_one_chunk_of_a_table_at_a_time(store, monkeypatch):
    """A big table streams through the hash: verifying a copy takes the same memory for a
    project of any size (here 5,000 rows of 600 characters, read 100 at a time)."""
    store.add_external_units(
        [ExternalUnit("kk", f"Sentence {n}: " + "x" * 300, f"Сөйлем {n}: " + "ы" * 300,
                      "big.tmx", None, None) for n in range(5000)], "2025-01-01T00:00:00Z")
    monkeypatch.setattr(dialect, "STREAM_CHUNK", 100)
    tracemalloc.start()
    try:
        checksums = store.table_checksums()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert checksums["tm_external"][0] == 5000
    assert peak < 1_000_000, f"{peak:,} bytes at the peak"  # all at once: 25,000,000
