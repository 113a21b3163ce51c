"""Schema versions and the change counter: old stores upgrade, newer ones are refused, and
caches rebuild exactly when what they were built from changed."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import OWNER, SEED, SEED_SLUG
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.progress import article_progress
from workbench.qa import findings_for_article
from workbench.settings import UZBEK_SCRIPT
from workbench.store import ARTICLES, GLOSSARY, TRANSLATIONS, SchemaError, Store, migrations
from workbench.store.dialect import is_postgres

RELEASE_0_1_0 = Path(__file__).parent / "data" / "store" / "release-0.1.0.db"


def dump(path) -> list[str]:
    """The SQLite file's content as SQL, read without the workbench (which would upgrade it)."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def old_store(tmp_path) -> Path:
    """A copy of a project store made by release 0.1.0 (no schema version)."""
    return Path(shutil.copy(RELEASE_0_1_0, tmp_path / "old.db"))


def test_a_store_made_by_release_0_1_0_opens_upgraded_after_a_backup(old_store):
    original = dump(old_store)
    store = Store.open(old_store)
    assert (store.upgrade.from_version, store.upgrade.to_version) == (1, migrations.LATEST)
    assert dump(store.upgrade.backup) == original
    assert {a.slug for a in store.articles()} == {SEED_SLUG, "second"}
    assert article_progress(store, SEED_SLUG, "kk").segments["approved"] == 2
    assert [h.note for h in store.history(SEED_SLUG, "s4", "ky")][-1] == "sent back: fixture reject"
    assert store.translation("second", "s2", "uz").origin == Origin.MT
    assert store.mt_request_keys("second", "kk") and store.external_count("kk") == 2
    assert len(list(store.glossary_concepts())) == 61
    store.close()
    again = Store.open(old_store)  # already upgraded: nothing more to do, no new backup
    assert (again.upgrade.from_version, again.upgrade.backup) == (migrations.LATEST, None)
    again.close()


def test_the_uzbek_script_setting_moves_to_the_project_setting(old_store):
    connection = sqlite3.connect(old_store)
    connection.execute("INSERT INTO settings(key, value) VALUES ('mt.uzbek_script', '\"cyrillic\"')")
    connection.commit()
    connection.close()
    store = Store.open(old_store)
    assert UZBEK_SCRIPT.read(store) == "cyrillic"
    store.close()


def raw(location: str, sql: str, params=()) -> list:
    """Run SQL on the database itself, as another program (or an older workbench) would."""
    if is_postgres(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            cursor = connection.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []
    connection = sqlite3.connect(location)
    try:
        rows = connection.execute(sql, params).fetchall()
        connection.commit()
        return rows
    finally:
        connection.close()


def test_a_newer_store_is_refused_naming_both_versions(run):
    Store.open(run.db).close()
    raw(run.db, "INSERT INTO schema_migrations VALUES (?, 'from-the-future.sql', 'x', 'y')",
        (migrations.LATEST + 1,))
    before = raw(run.db, "SELECT * FROM schema_migrations ORDER BY version")
    with pytest.raises(SchemaError, match=f"schema version {migrations.LATEST + 1}.*up to "
                                          f"{migrations.LATEST}"):
        Store.open(run.db)
    result = run("articles")
    assert result.exit_code == 1
    assert f"has schema version {migrations.LATEST + 1}" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert raw(run.db, "SELECT * FROM schema_migrations ORDER BY version") == before
    if not is_postgres(run.db):
        assert list(Path(run.db).parent.glob("*.bak")) == []  # nothing was backed up


def test_a_failing_migration_leaves_the_old_store_as_it_was(old_store, monkeypatch):
    broken = migrations.Migration(migrations.LATEST + 1, "9999_broken.sql",
                                  "CREATE TABLE extra (x INTEGER); INSERT INTO nowhere VALUES (1)")
    real = migrations.migrations()
    monkeypatch.setattr(migrations, "migrations", lambda: [*real, broken])
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST + 1)
    original = dump(old_store)
    with pytest.raises(sqlite3.OperationalError, match="nowhere"):
        Store.open(old_store)
    assert dump(old_store) == original
    monkeypatch.undo()
    store = Store.open(old_store)  # still at version 1: the real upgrade runs now
    assert store.upgrade.from_version == 1
    assert dump(store.upgrade.backup) == original
    store.close()


def test_the_cli_says_when_it_upgraded_a_store(old_store, run):
    result = run("--db", str(old_store), "articles")
    assert result.exit_code == 0
    assert f"upgraded the project store from schema version 1 to {migrations.LATEST}" in result.stderr
    assert "the old one is kept as" in result.stderr


def test_every_write_moves_the_counter_and_stamps_its_concern(store):
    import_paths(store, [SEED], actor=OWNER)
    articles, translations = store.changed_at(ARTICLES), store.changed_at(TRANSLATIONS)
    store.save_translation(SEED_SLUG, "s1", "ru", "Заголовок", Status.EDITED, Origin.HUMAN)
    assert store.changed_at(ARTICLES) == articles
    assert store.changed_at(TRANSLATIONS) != translations
    glossary = store.changed_at(GLOSSARY)
    with store.transaction():  # a transaction that writes nothing moves nothing
        store.translations(SEED_SLUG, "ru")
    assert store.changed_at(GLOSSARY) == glossary and store.changed_at(TRANSLATIONS) != translations


def test_a_change_by_another_connection_is_seen(store):
    import_paths(store, [SEED], actor=OWNER)
    stamp = store.changed_at(TRANSLATIONS)
    other = Store.open(store.location)
    other.save_translation(SEED_SLUG, "s1", "ru", "Заголовок", Status.EDITED, Origin.HUMAN)
    other.close()
    assert store.changed_at(TRANSLATIONS) != stamp


def test_a_rolled_back_write_never_stamps_a_cache_as_current(store):
    """A stamp taken inside a transaction that wrote names that transaction, so what was
    built there is never mistaken for committed data after a rollback."""
    import_paths(store, [SEED], actor=OWNER)
    committed = store.changed_at(TRANSLATIONS)
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.save_translation(SEED_SLUG, "s1", "ru", "черновик", Status.EDITED, Origin.HUMAN)
            inside = store.changed_at(TRANSLATIONS)
            assert inside != committed
            raise RuntimeError("cancelled")
    assert store.changed_at(TRANSLATIONS) == committed != inside


def test_consistency_forgets_a_segment_a_reimport_removed(store, tmp_path):
    """The long-running server used to keep citing a segment that left its article."""
    first = tmp_path / "first.md"
    first.write_text("# One\n\nThe minister resigned. Prices rose.\n", encoding="utf-8")
    second = tmp_path / "second.md"
    second.write_text("# Two\n\nPrices rose.\n", encoding="utf-8")
    import_paths(store, [first, second], actor=OWNER)
    store.save_translation("first", "s3", "ru", "Цены выросли.", Status.APPROVED, Origin.HUMAN)
    store.save_translation("second", "s2", "ru", "Цены поднялись.", Status.APPROVED, Origin.HUMAN)
    cited = [f.message for f in findings_for_article(store, "second", "ru").get("s2", [])
             if f.check == "inconsistent"]
    assert cited and "first#s3" in cited[0]
    first.write_text("# One\n\nThe minister resigned.\n", encoding="utf-8")
    import_paths(store, [first], actor=OWNER)
    assert "inconsistent" not in [f.check for f in
                                  findings_for_article(store, "second", "ru").get("s2", [])]
