"""Export, change the file with a script as another tool would, import back."""

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLE_PO_FILES, OWNER, SEED, SEED_SLUG, shipped_translations
from tests.exchange_helpers import (
    dump,
    edit_po,
    edit_xliff2,
    edit_xliff12,
    translated_project,
)
from workbench import settings
from workbench.accounts import local_owner
from workbench.cli import cli
from workbench.errors import InputError
from workbench.exchange.export import export_article
from workbench.exchange.importer import import_files
from workbench.importing import import_paths
from workbench.model import Origin, Status

S1 = "Россия грозит лишить гражданства"
S5 = "Москва может лишить паспортов, [[заявил]] правозащитник в четверг."
S8 = shipped_translations("ru")[7]["target"]  # correct: an approval passes the quality gate

# What each format's "script" does: same edits, in each format's own words.
EDITS = {
    "po": lambda path: [
        edit_po(path, "s1", target=S1),
        edit_po(path, "s3", fuzzy=False),
        edit_po(path, "s5", target=S5.replace("[[", "{1}").replace("]]", "{/1}"), fuzzy=False),
        edit_po(path, "s8", target=S8),
    ],
    "xliff2": lambda path: [
        edit_xliff2(path, "s1", target=S1),
        edit_xliff2(path, "s3", state="reviewed"),
        edit_xliff2(path, "s5", target=S5, state="reviewed"),
        edit_xliff2(path, "s8", target=S8, state="final"),
    ],
    "xliff12": lambda path: [
        edit_xliff12(path, "s1", target=S1),
        edit_xliff12(path, "s3", state="signed-off"),
        edit_xliff12(path, "s5", target=S5, state="signed-off"),
        edit_xliff12(path, "s8", target=S8, state="final"),
    ],
}
EXPECTED = {
    "po": {"s1": Status.EDITED, "s3": Status.REVIEWED, "s5": Status.REVIEWED, "s8": Status.REVIEWED},
    "xliff2": {"s1": Status.EDITED, "s3": Status.REVIEWED, "s5": Status.REVIEWED,
               "s8": Status.APPROVED},
    "xliff12": {"s1": Status.EDITED, "s3": Status.REVIEWED, "s5": Status.REVIEWED,
                "s8": Status.APPROVED},
}


def _export(store, fmt, tmp_path, lang="ru"):
    [path] = export_article(store, SEED_SLUG, fmt, [lang], folder=tmp_path / "out", actor=OWNER)
    return path


@pytest.mark.parametrize("fmt", ["po", "xliff2", "xliff12"])
def test_round_trip_lands_exactly_the_changes(store, tmp_path, fmt):
    translated_project(store)
    path = _export(store, fmt, tmp_path)
    before = store.translations(SEED_SLUG, "ru")
    history_before = store.history(SEED_SLUG)
    EDITS[fmt](path)

    result = import_files(store, [path], actor=OWNER)

    [report] = result.files
    assert {change.sid for change in report.updated} == set(EXPECTED[fmt])
    assert report.conflicts == [] and report.errors == []
    after = store.translations(SEED_SLUG, "ru")
    for sid, status in EXPECTED[fmt].items():
        assert after[sid].status == status
        assert after[sid].origin == Origin.IMPORT
        assert after[sid].revision == (before[sid].revision + 1 if sid in before else 1)
    assert after["s1"].target == S1
    assert after["s3"].target == before["s3"].target
    assert after["s5"].target == "Москва может лишить паспортов, {1}заявил{/1} правозащитник в четверг."
    assert after["s8"].target == S8
    untouched = {sid: t for sid, t in after.items() if sid not in EXPECTED[fmt]}
    assert untouched == {sid: t for sid, t in before.items() if sid not in EXPECTED[fmt]}
    assert after["s11"].needs_review  # the file did not touch it: the flag stays
    new_history = store.history(SEED_SLUG)[len(history_before):]
    assert sorted(entry.sid for entry in new_history) == sorted(EXPECTED[fmt])
    assert all(entry.note == f"imported from {path.name}" for entry in new_history)
    assert store.translations(SEED_SLUG, "kk") == {"s1": store.translation(SEED_SLUG, "s1", "kk")}

    snapshot = dump(store.location)
    again = import_files(store, [path], actor=OWNER)
    assert again.files[0].updated == [] and again.files[0].conflicts == []
    assert dump(store.location) == snapshot


@pytest.mark.parametrize("fmt", ["po", "xliff2", "xliff12"])
def test_untouched_export_imports_as_nothing(store, tmp_path, fmt):
    translated_project(store)
    path = _export(store, fmt, tmp_path)
    snapshot = dump(store.location)
    report = import_files(store, [path], actor=OWNER).files[0]
    assert report.updated == [] and report.conflicts == [] and report.errors == []
    assert report.unchanged == 17
    assert dump(store.location) == snapshot


@pytest.mark.parametrize("fmt", ["po", "xliff2"])
def test_edited_in_both_places_is_a_conflict_and_the_workbench_wins(store, tmp_path, fmt):
    translated_project(store)
    path = _export(store, fmt, tmp_path)
    store.save_translation(SEED_SLUG, "s1", "ru", "Правка в программе", Status.EDITED,
                           Origin.HUMAN, author="vera")
    (edit_po if fmt == "po" else edit_xliff2)(path, "s1", target=S1)
    (edit_po if fmt == "po" else edit_xliff2)(path, "s8", target=S8)
    report = import_files(store, [path], actor=OWNER).files[0]
    [conflict] = report.conflicts
    assert conflict.sid == "s1" and "workbench since the export" in conflict.reason
    assert conflict.workbench_target == "Правка в программе" and conflict.file_target == S1
    assert store.translation(SEED_SLUG, "s1", "ru").target == "Правка в программе"
    assert [change.sid for change in report.updated] == ["s8"]


def test_source_changed_since_export_is_a_conflict(store, tmp_path):
    translated_project(store)
    path = _export(store, "po", tmp_path)
    changed = tmp_path / SEED.name
    changed.write_text(SEED.read_text(encoding="utf-8").replace(
        "The Sakharovo migration center in Moscow.", "The Sakharovo center near Moscow."),
        encoding="utf-8")
    import_paths(store, [changed], actor=OWNER, replace={changed: SEED_SLUG})  # a new version
    edit_po(path, "s3", target="Центр Сахарово в Москве.", fuzzy=False)
    report = import_files(store, [path], actor=OWNER).files[0]
    [conflict] = report.conflicts
    assert conflict.sid == "s3" and conflict.reason == "the source changed since the export"
    assert store.translation(SEED_SLUG, "s3", "ru").target.startswith("МП ")


def test_dry_run_reports_and_changes_nothing(store, tmp_path, run):
    translated_project(store)
    path = _export(store, "xliff2", tmp_path)
    EDITS["xliff2"](path)
    snapshot = dump(store.location)
    result = run("--db", store.location, "import-translations", str(path), "--dry-run", "--json")
    data = json.loads(result.output)
    assert data["dry_run"] is True
    assert {change["sid"] for change in data["files"][0]["updated"]} == {"s1", "s3", "s5", "s8"}
    assert dump(store.location) == snapshot
    text = run("--db", store.location, "import-translations", str(path), "--dry-run").output
    assert "4 would update" in text and "Dry run: nothing was changed." in text


def test_placeholders_that_do_not_fit_are_an_error_for_that_unit(store, tmp_path):
    translated_project(store)
    path = _export(store, "po", tmp_path)
    edit_po(path, "s5", target="Москва {1}заявила без закрытия.", fuzzy=False)
    edit_po(path, "s8", target=S8, fuzzy=False)
    report = import_files(store, [path], actor=OWNER).files[0]
    [error] = report.errors
    assert error.sid == "s5" and "missing placeholder {/1}" in error.problem
    assert [change.sid for change in report.updated] == ["s8"]
    assert store.translation(SEED_SLUG, "s5", "ru").status == Status.MACHINE_TRANSLATED


def test_lost_ids_fall_back_to_the_source_text(store, tmp_path):
    translated_project(store)
    path = _export(store, "po", tmp_path)
    edit_po(path, "s8", target=S8, fuzzy=False, msgctxt=None)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # and a tool added a BOM
    report = import_files(store, [path], actor=OWNER).files[0]
    assert [change.sid for change in report.updated] == ["s8"]
    assert store.translation(SEED_SLUG, "s8", "ru").target == S8


def test_a_foreign_po_without_export_marks_imports_as_reviewed(store, tmp_path):
    import_paths(store, [SEED], actor=OWNER)
    path = tmp_path / SEED_SLUG / "ru.po"  # the article is named by the folder only
    path.parent.mkdir()
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "s2"\nmsgid "September 23, 2022"\nmsgstr "23 сентября 2022 года"\n\n'
        '#, fuzzy\nmsgctxt "s3"\nmsgid "The Sakharovo migration center in Moscow."\n'
        'msgstr "Миграционный центр «Сахарово» в Москве."\n', encoding="utf-8")
    report = import_files(store, [path], actor=OWNER).files[0]
    assert [(c.sid, c.new_status) for c in report.updated] == [("s2", "reviewed"), ("s3", "edited")]


def test_needs_review_confirmed_in_po_clears_the_flag(store, tmp_path):
    translated_project(store)
    path = _export(store, "po", tmp_path)
    edit_po(path, "s11", fuzzy=False)
    report = import_files(store, [path], actor=OWNER).files[0]
    assert [change.sid for change in report.updated] == ["s11"]
    confirmed = store.translation(SEED_SLUG, "s11", "ru")
    assert confirmed.status == Status.REVIEWED and not confirmed.needs_review


def test_cli_export_and_import(run, tmp_path):
    run("import", str(SEED))
    result = run("export", SEED_SLUG, "--format", "xliff12", "--lang", "all",
                 "--output", str(tmp_path / "files"))
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "files").iterdir())
    assert names == [f"{lang}.xliff12.xlf" for lang in sorted(["ru", "kk", "ky", "tg", "uz"])]
    zipped = run("export", SEED_SLUG, "--format", "po", "--zip", str(tmp_path / "all.zip"))
    assert zipped.exit_code == 0, zipped.output
    import zipfile
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            f"{SEED_SLUG}/{lang}.po" for lang in ["ru", "kk", "ky", "tg", "uz"])
    default = run("export", SEED_SLUG, "--lang", "kk")
    assert default.output.strip().endswith(f"{SEED_SLUG}/kk.po")
    edit_xliff12(tmp_path / "files" / "kk.xliff12.xlf", "s2", target="2022 жылғы 23 қыркүйек",
                 state="translated")
    imported = run("import-translations", str(tmp_path / "files" / "kk.xliff12.xlf"))
    assert imported.exit_code == 0, imported.output
    assert "1 updated, 16 unchanged, 0 conflicts, 0 errors" in imported.output
    assert "s2: none -> edited: 2022 жылғы 23 қыркүйек" in imported.output


def test_exporting_the_example_leaves_the_shipped_example_alone(tmp_path, monkeypatch):
    """With the default store (translations/workbench.db), exports go to
    translations/exports/<article>/: never over the example's own PO files."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(settings.DB_ENV, raising=False)
    shipped = {path: path.read_bytes() for path in EXAMPLE_PO_FILES}
    runner = CliRunner()
    assert runner.invoke(cli, ["init"]).exit_code == 0
    edited = runner.invoke(cli, ["edit", SEED_SLUG, "s1", "--lang", "ru", "--target", S1])
    assert edited.exit_code == 0, edited.output
    result = runner.invoke(cli, ["export", SEED_SLUG])
    assert result.exit_code == 0, result.output
    folder = tmp_path.resolve() / "translations" / settings.EXPORTS_FOLDER / SEED_SLUG
    assert sorted(result.output.split()) == [str(folder / path.name) for path in EXAMPLE_PO_FILES]
    assert S1 in (folder / "ru.po").read_text("utf-8")
    assert {path: path.read_bytes() for path in EXAMPLE_PO_FILES} == shipped


def test_several_files_are_one_transaction(store, tmp_path):
    translated_project(store)
    good = _export(store, "po", tmp_path)
    edit_po(good, "s8", target=S8)
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "x"\nmsgstr "y"\nmsgstr "z"\n', encoding="utf-8")
    snapshot = dump(store.location)
    with pytest.raises(InputError):
        import_files(store, [good, bad], actor=OWNER)
    assert dump(store.location) == snapshot


def test_the_importing_account_is_the_author_and_the_files_translator_a_note(store, tmp_path):
    translated_project(store)
    path = _export(store, "po", tmp_path)
    edit_po(path, "s8", target=S8)
    import_files(store, [path], actor=OWNER)
    assert store.translation(SEED_SLUG, "s8", "ru").author == OWNER.username
    assert store.history(SEED_SLUG, "s8", "ru")[-1].note == "imported from ru.po"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Last-Translator: Workbench export", "Last-Translator: Dana <dana@example.org>"),
        encoding="utf-8")
    edit_po(path, "s2", target="23 сентября 2022 года")
    import_files(store, [path], actor=local_owner("desk"))
    assert store.translation(SEED_SLUG, "s2", "ru").author == "desk"  # a file only claims a name
    assert store.history(SEED_SLUG, "s2", "ru")[-1].note == (
        "imported from ru.po (translator: Dana <dana@example.org>)")


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext tools are not installed")
def test_files_rewritten_by_gettext_tools_keep_their_marks(store, tmp_path):
    translated_project(store)
    path = _export(store, "po", tmp_path)
    subprocess.run(["msgcat", "--no-wrap", "-o", str(path), str(path)], check=True)
    snapshot = dump(store.location)
    assert import_files(store, [path], actor=OWNER).files[0].updated == []
    assert dump(store.location) == snapshot
    subprocess.run(["msgattrib", "--clear-fuzzy", "-o", str(path), str(path)], check=True)
    report = import_files(store, [path], actor=OWNER).files[0]
    assert sorted(change.sid for change in report.updated) == sorted(
        ["s1", "s2", "s3", "s4", "s5", "s6", "s11"])
    assert {change.new_status for change in report.updated} == {"reviewed"}
    [error] = report.errors  # "Правка." lacks the source's {1}…{/1}: not confirmable
    assert error.sid == "s10" and "missing placeholder {1}" in error.problem


def test_shipped_example_po_files_fill_a_fresh_project(store):
    """An untouched export still carries translations the project does not have yet."""
    import_paths(store, [SEED], actor=OWNER)
    shipped = EXAMPLE_PO_FILES
    assert [path.stem for path in shipped] == ["kk", "ky", "ru", "tg", "uz"]
    results = import_files(store, shipped, actor=OWNER)
    assert [len(report.updated) for report in results.files] == [17] * 5
    for lang in ("ru", "kk", "ky", "tg", "uz"):
        translations = store.translations(SEED_SLUG, lang)
        assert {t.status for t in translations.values()} == {Status.REVIEWED}
        assert all(t.target for t in translations.values())
    again = import_files(store, shipped, actor=OWNER)
    assert [len(report.updated) for report in again.files] == [0] * 5


def test_a_foreign_po_repeating_approved_text_changes_nothing(store, tmp_path):
    import_paths(store, [SEED], actor=OWNER)
    store.save_translation(SEED_SLUG, "s2", "ru", "23 сентября 2022 года", Status.APPROVED,
                           Origin.HUMAN, author="editor")
    path = tmp_path / SEED_SLUG / "ru.po"
    path.parent.mkdir()
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "s2"\nmsgid "September 23, 2022"\nmsgstr "23 сентября 2022 года"\n', encoding="utf-8")
    report = import_files(store, [path], actor=OWNER).files[0]
    assert (report.updated, report.conflicts, report.unchanged) == ([], [], 1)
    assert store.translation(SEED_SLUG, "s2", "ru").status == Status.APPROVED


def test_a_file_cannot_approve_what_the_quality_gate_refuses(store, tmp_path):
    translated_project(store)
    path = _export(store, "xliff2", tmp_path)
    edit_xliff2(path, "s8", target=S8.replace("10", "12"), state="final")
    [report] = import_files(store, [path], actor=OWNER).files
    [change] = report.updated
    assert change.new_status == "reviewed" and "approval held back" in change.note
    assert "numbers" in change.note
    assert store.translation(SEED_SLUG, "s8", "ru").status == Status.REVIEWED


def test_a_muted_check_does_not_hold_back_an_imported_approval(store, tmp_path):
    from workbench.qa import mute

    translated_project(store)
    path = _export(store, "xliff2", tmp_path)
    edit_xliff2(path, "s8", target=S8.replace("10", "12"), state="final")
    mute(store, SEED_SLUG, "s8", "ru", "numbers", "the source figure was corrected",
         actor=local_owner("desk"))
    [report] = import_files(store, [path], actor=OWNER).files
    [change] = report.updated
    assert change.new_status == "approved" and change.note == ""
