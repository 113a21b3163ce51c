"""The CLI on the seed and on every kind of bad input the foundation issue names."""

import json


import pytest

from tests.conftest import SEED, SEED_SLUG
from tests.exchange_helpers import dump


def test_import_then_segments_and_status(run):
    result = run("import", str(SEED))
    assert result.exit_code == 0, result.output
    assert f"{SEED_SLUG}: imported, 17 segments" in result.output

    listed = run("segments", SEED_SLUG, "--json")
    segments = json.loads(listed.output)
    assert [s["sid"] for s in segments] == [f"s{i}" for i in range(1, 18)]
    assert segments[4]["codes"] == [{"id": 1, "kind": "link", "opening": "[", "closing": "](#)"}]

    status = json.loads(run("status", "--json").output)
    assert set(status[SEED_SLUG]) == {"ru", "kk", "ky", "tg", "uz"}
    assert status[SEED_SLUG]["kk"]["new"] == 17

    text = run("segments", SEED_SLUG, "--markup").output
    assert "[said](#) Thursday." in text

    document = run("document", SEED_SLUG).output
    assert document.startswith("# Russia Threatens Denaturalization")


def test_importing_the_same_file_twice_changes_nothing(run):
    run("import", str(SEED))
    before = dump(run.db)
    result = run("import", str(SEED))
    assert "unchanged (17 segments)" in result.output
    assert dump(run.db) == before


def test_import_a_folder_of_articles(run, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.md").write_text("# One\n\nA sentence.\n")
    (folder / "two.txt").write_text("Two\n\nAnother sentence. And more.\n")
    result = run("import", str(folder), "--json")
    reports = json.loads(result.output)
    assert [(r["slug"], r["segments"]) for r in reports] == [("one", 2), ("two", 3)]


def _bad_inputs(tmp_path):
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    (empty_folder / "notes.pdf").write_bytes(b"%PDF")
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n")
    binary = tmp_path / "photo.md"
    binary.write_bytes(bytes(range(256)) * 40)
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF, 0xFE, 0x01, 0x02]) * 50)
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return {
        "missing": (tmp_path / "nope.md", "no such file"),
        "empty folder": (empty_folder, "folder has no articles"),
        "empty file": (empty, "file is empty"),
        "binary": (binary, "binary file"),
        "undecodable": (garbage, "encoding could not be detected"),
        "50 MB": (huge, "over the 10 MB limit"),
    }


@pytest.mark.parametrize("case", ["missing", "empty folder", "empty file", "binary", "undecodable", "50 MB"])
def test_bad_input_gives_one_line_error_and_leaves_the_store_as_it_was(run, tmp_path, case):
    run("import", str(SEED))
    before = dump(run.db)
    good = tmp_path / "good.md"
    good.write_text("# Good\n\nThis one alone would import.\n")
    path, message = _bad_inputs(tmp_path)[case]
    result = run("import", str(good), str(path))
    assert result.exit_code != 0
    error_lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(error_lines) == 1 and str(path) in error_lines[0] and message in error_lines[0]
    assert dump(run.db) == before


def test_non_utf8_article_is_decoded_and_reported(run, tmp_path):
    article = tmp_path / "cp1252.txt"
    article.write_bytes("Headline\n\nThe café’s “new” menu costs €5 — cheap.\n".encode("cp1252"))
    result = run("import", str(article), "--json")
    (report,) = json.loads(result.output)
    assert report["encoding"] == "cp1252"
    segments = json.loads(run("segments", "cp1252", "--json").output)
    assert segments[1]["source"] == "The café’s “new” menu costs €5 — cheap."


def test_unknown_language_code_is_refused(run):
    run("import", str(SEED))
    result = run("segments", SEED_SLUG, "--lang", "xx")
    assert result.exit_code != 0
    assert "unknown language code 'xx'; supported: ru, kk, ky, tg, uz" in result.output
    result = run("status", "--lang", "ru,de")
    assert result.exit_code != 0 and "'de'" in result.output


def test_unknown_article_names_the_known_ones(run):
    run("import", str(SEED))
    result = run("segments", "nope")
    assert result.exit_code != 0 and SEED_SLUG in result.output


def test_every_command_has_help(run):
    from workbench.cli import cli

    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_delete_removes_everything_kept_about_the_article(run):
    from workbench.accounts import local_owner
    from workbench.qa import mute, mutes_for
    from workbench.store import Store

    run("import", str(SEED))
    store = Store.open(run.db)
    store.save_translation(SEED_SLUG, "s2", "ru", "23 сентября", "edited", "human")
    mute(store, SEED_SLUG, "s2", "ru", "numbers", "date written out", actor=local_owner("desk"))
    store.close()
    assert run("delete", SEED_SLUG, "--yes").exit_code == 0
    run("import", str(SEED))
    store = Store.open(run.db)
    assert store.history(SEED_SLUG) == []
    mutes = mutes_for(store, SEED_SLUG, "ru")
    store.close()
    assert mutes == {}


def test_reading_commands_do_not_create_a_store_where_there_is_none(tmp_path):
    from click.testing import CliRunner

    from workbench.cli import cli

    missing = tmp_path / "elsewhere" / "workbench.db"
    result = CliRunner().invoke(cli, ["--db", str(missing), "status"])
    assert result.exit_code == 1 and "no project store at" in result.output
    assert not missing.exists()


def test_a_file_system_error_names_the_path_not_the_store(run, tmp_path):
    run("import", str(SEED))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run("document", SEED_SLUG, "-o", str(blocker / "out.md"))
    assert result.exit_code == 1
    assert str(blocker) in result.output and str(run.db) not in result.output
