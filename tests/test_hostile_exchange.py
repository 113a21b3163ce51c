"""Broken and hostile exchange files (issue 12, cases 1-10): nothing crashes, nothing is lost
without a word. Every test builds its input from an export of a small translated project."""

import re
import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from lxml import etree

from tests.conftest import OWNER, ROOT, SEED_SLUG
from tests.exchange_helpers import XLIFF2, XLIFF12, dump, edit_po, edit_xliff2, translated_project
from workbench import settings
from workbench.cli import cli
from workbench.errors import InputError
from workbench.exchange.export import export_article
from workbench.exchange.importer import import_data, import_files
from workbench.formats import TranslationMemory, open_exchange
from workbench.model import Origin, Status
from workbench.store import Store

RELEASED_STORE = ROOT / "tests" / "data" / "store" / "release-0.1.0.db"


@pytest.fixture
def project(tmp_path, run):
    """The translated project in the test's store, and its Russian files in every format."""
    store = Store.open(run.db)
    translated_project(store)
    files = {fmt: export_article(store, SEED_SLUG, fmt, ["ru"], actor=OWNER, folder=tmp_path / "out")[0]
             for fmt in ("po", "xliff2", "xliff12", "tmx")}
    store.close()
    return files


def _refused(run, path, message, *options):
    """import-translations refuses the file: one line naming it and `message` (a regular
    expression), exit 1, the store exactly as it was."""
    before = dump(run.db)
    result = run("import-translations", str(path), *options)
    assert result.exit_code == 1, result.output
    assert re.search(message, result.output) and str(path) in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert dump(run.db) == before


def _xliff2_target(path, sid, build):
    """Replace the target of unit `sid` in an XLIFF 2 file by what `build(target)` makes."""
    tree = etree.parse(str(path))
    segment = tree.find(f".//{{{XLIFF2}}}unit[@id='{sid}']/{{{XLIFF2}}}segment")
    target = segment.find(f"{{{XLIFF2}}}target")
    if target is None:
        target = etree.SubElement(segment, f"{{{XLIFF2}}}target")
    for child in list(target):
        target.remove(child)
    build(target)
    segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _with_cp(hex_value):
    def build(target):
        target.text = "Дата"
        etree.SubElement(target, f"{{{XLIFF2}}}cp", hex=hex_value).tail = " 2022"
    return build


# 1. Control characters never reach the store; what a store already holds still exports.

def test_a_cp_control_character_is_an_error_for_its_unit(project, run):
    path = project["xliff2"]
    _xliff2_target(path, "s2", _with_cp("0000"))
    edit_xliff2(path, "s8", target="Правка восьмого.")
    before = dump(run.db)
    for options in (("--dry-run",), ()):
        result = run("import-translations", str(path), *options)
        assert result.exit_code == 3, result.output  # some units were not imported
        assert "ERROR s2: the translation contains control character U+0000 at character 5, " \
               "after 'Дата'" in result.output
        if options:
            assert dump(run.db) == before
    store = Store.open(run.db)
    assert store.translation(SEED_SLUG, "s2", "ru").target == "МП September 23, 2022"
    assert store.translation(SEED_SLUG, "s8", "ru").target == "Правка восьмого."
    store.close()


def test_a_raw_control_character_in_a_po_file_is_an_error_for_its_unit(project, run):
    edit_po(project["po"], "s8", target="Пра\x01вка")
    before = dump(run.db)
    result = run("import-translations", str(project["po"]))
    assert result.exit_code == 3
    assert "ERROR s8: the translation contains control character U+0001 at character 4" in (
        result.output)
    assert dump(run.db) == before


def test_edit_refuses_a_control_character(project, run):
    before = dump(run.db)
    result = run("edit", SEED_SLUG, "s8", "--lang", "ru", "--target", "Правка\x1b[31m")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {SEED_SLUG} s8 (ru): the translation contains control character U+001B at "
        "character 7, after 'Правка'; such characters are not text: remove it")
    assert dump(run.db) == before


def test_the_store_refuses_a_control_character_whoever_writes_it(store):
    translated_project(store)
    before = dump(store.location)
    with pytest.raises(InputError, match="refused to store a text holding a control character"):
        store.save_mute(SEED_SLUG, "s1", "ru", "length", "fine\x07", "anna", "2026-01-01T00:00:00Z")
    assert dump(store.location) == before


def _old_store_with_control_characters(tmp_path):
    """A store of release 0.1.0 (a SQLite file; the rule did not exist) holding U+0001 in an
    approved translation and U+0002 in its author; the store and that translation's keys."""
    db = tmp_path / "old.db"
    shutil.copy(RELEASED_STORE, db)
    with sqlite3.connect(db) as connection:
        (article, sid, lang), = connection.execute(
            "SELECT article, sid, lang FROM translations WHERE status = 'approved' LIMIT 1")
        connection.execute("UPDATE translations SET target = ?, author = ?, needs_review = 0"
                           " WHERE article = ? AND sid = ? AND lang = ?",
                           ("Бе\x01да", "ann\x02a", article, sid, lang))
    return db, article, sid, lang


def test_a_control_character_stored_before_the_rule_still_exports(tmp_path):
    """Every format exports such a store; XLIFF 2 carries the character as <cp>."""
    db, article, sid, lang = _old_store_with_control_characters(tmp_path)
    for fmt in ("po", "xliff2", "xliff12", "tmx"):
        result = CliRunner().invoke(cli, ["--db", str(db), "export", article, "--format", fmt,
                                          "--lang", lang, "--output", str(tmp_path / "out")])
        assert result.exit_code == 0, (fmt, result.output)
    xliff2 = etree.parse(str(tmp_path / "out" / f"{lang}.xliff2.xlf"))
    target = xliff2.find(f".//{{{XLIFF2}}}unit[@id='{sid}']//{{{XLIFF2}}}target")
    assert target.text == "Бе" and target[0].get("hex") == "0001" and target[0].tail == "да"
    xliff12 = (tmp_path / "out" / f"{lang}.xliff12.xlf").read_text("utf-8")
    assert "Бе\u2401да" in xliff12  # the control picture: seen, not lost
    tmx = (tmp_path / "out" / f"{lang}.tmx").read_text("utf-8")
    assert "Бе\u2401да" in tmx and 'creationid="ann\u2402a"' in tmx


def test_a_control_character_stored_before_the_rule_can_be_corrected(tmp_path):
    """Such a store's XLIFF 1.2 export comes back (the control picture is an edit), a
    translator corrects the text, and a changed source flags it; the history keeps the old
    text as it was stored."""
    db, article, sid, lang = _old_store_with_control_characters(tmp_path)

    def run(*args):
        result = CliRunner().invoke(cli, ["--db", str(db), *args])
        assert result.exit_code == 0, (args, result.output)

    run("export", article, "--format", "xliff12", "--lang", lang, "--output", str(tmp_path))
    run("import-translations", str(tmp_path / f"{lang}.xliff12.xlf"))
    store = Store.open(str(db))
    assert store.translation(article, sid, lang).target == "Бе\u2401да"
    assert store.history(article, sid, lang)[-1].old_target == "Бе\x01да"
    store.close()
    run("edit", article, sid, "--lang", lang, "--target", "Беда")
    store = Store.open(str(db))
    store.mark_source_changed(article, sid, "An older source")
    assert store.translation(article, sid, lang).target == "Беда"
    assert store.translation(article, sid, lang).needs_review
    store.close()


# 2b. Numbers a file carries (counts, export marks, code ids) that are no small ASCII
# number: '²' passes isdigit(), and int() refuses 5,000 digits. Never a traceback.

LONG_NUMBER = "9" * 5000


@pytest.mark.parametrize("fmt, pattern, replacement", [
    ("xliff2", r'type="units">\d+<', 'type="units">\u00b2<'),
    ("xliff2", r'type="units">\d+<', f'type="units">{LONG_NUMBER}<'),
    ("xliff2", r">r1 reviewed ", f">r{LONG_NUMBER} reviewed "),
    ("xliff12", r'unit="trans-unit">\d+<', f'unit="trans-unit">{LONG_NUMBER}<'),
    ("xliff12", r'<g id="1"', f'<g id="{LONG_NUMBER}"'),
    ("po", r"X-Workbench-Units: \d+", "X-Workbench-Units: \u00b2"),
    ("po", r"workbench-export: r1 ", f"workbench-export: r{LONG_NUMBER} "),
    ("tmx", r"</seg>", '<ph x="\u00b2"/></seg>'),
])
def test_numbers_that_are_no_small_number_never_crash(project, run, fmt, pattern, replacement):
    path = project[fmt]
    text, count = re.subn(pattern, replacement, path.read_text("utf-8"))
    assert count, pattern
    path.write_text(text, "utf-8")
    before = dump(run.db)
    if fmt == "tmx":
        result = run("tm", "import", str(path))
        assert result.exit_code == 0, result.output
        return
    result = run("import-translations", "--dry-run", str(path))
    assert result.exit_code in (0, 1, 3), result.output
    assert dump(run.db) == before


# 2. <cp> values that are not characters: one line, never a traceback, dry runs included.

@pytest.mark.parametrize("hex_value, message", [
    ("notOK", r"'notOK' is not a valid value of the atomic type 'xs:hexBinary'"),
    ("-1", r"'-1' is not a valid value of the atomic type 'xs:hexBinary'"),
    ("0", r"'0' is not a valid value of the atomic type 'xs:hexBinary'"),  # odd: not hexBinary
    ("110000", r"<cp hex='110000'> is not a Unicode code point \(0000 to 10FFFF\); rule F25"),
])
def test_cp_values_that_are_not_code_points_refuse_the_file(project, run, hex_value, message):
    path = project["xliff2"]
    _xliff2_target(path, "s2", _with_cp(hex_value))
    for options in (("--dry-run",), ()):
        _refused(run, path, r"is not valid XLIFF 2 \(line \d+: .*" + message, *options)


def test_cp_of_a_lone_surrogate_is_an_error_for_its_unit(project, run):
    path = project["xliff2"]
    _xliff2_target(path, "s2", _with_cp("D800"))  # valid XLIFF: <cp> exists for such values
    before = dump(run.db)
    result = run("import-translations", str(path), "--dry-run")
    assert result.exit_code == 3
    assert "ERROR s2: the translation contains lone surrogate U+D800 at character 5" in result.output
    assert dump(run.db) == before


# 5. The entity ban holds in any encoding.

def test_a_utf16_tmx_with_an_internal_dtd_is_refused(tmp_path):
    tmx = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE tmx [<!ENTITY e "EXPANDED">]>'
           '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a &e;'
           '</seg></tuv><tuv xml:lang="ru"><seg>б</seg></tuv></tu></body></tmx>')
    path = tmp_path / "memory.tmx"
    path.write_bytes(tmx.encode("utf-16"))
    with pytest.raises(InputError, match="has entity declarations or an internal DTD; refused"):
        open_exchange(path, expect=TranslationMemory)


def test_a_utf16_xliff_with_an_entity_is_refused(project, run):
    text = project["xliff2"].read_text("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    text = text.replace("<xliff ", '<!DOCTYPE xliff [<!ENTITY e "EXPANDED">]>\n<xliff ', 1)
    path = project["xliff2"].with_name("entity.xlf")
    path.write_bytes(text.replace("September 23, 2022</source>", "&e;</source>", 1)
                     .encode("utf-16"))
    _refused(run, path, "has entity declarations or an internal DTD; refused for safety")


# 6. A valid file is recognised whatever its encoding and however long its preamble.

@pytest.mark.parametrize("fmt", ["xliff2", "xliff12"])
def test_utf16_and_long_comments_before_the_root_are_read(project, run, fmt):
    original = project[fmt].read_text("utf-8")
    edited = original.replace("<source>Moscow", "<source>Moscow", 1)
    files = {
        "utf16.xlf": edited.replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16"),
        "comment.dat": edited.replace("?>", "?>\n<!--" + "x" * 100_000 + "-->", 1).encode(),
    }
    for name, data in files.items():
        path = project[fmt].with_name(name)
        path.write_bytes(data)
        result = run("import-translations", str(path))
        assert result.exit_code == 0, (name, result.output)
        assert f"({fmt}, {SEED_SLUG}, ru): 0 updated, 17 unchanged" in result.output


def test_po_in_utf16_or_with_a_long_header_comment_is_read(project, run):
    text = project["po"].read_text("utf-8")
    for name, data in {"utf16.po": text.encode("utf-16"),
                       "comment.txt": ("# " + "x" * 10_000 + "\n" + text).encode()}.items():
        path = project["po"].with_name(name)
        path.write_bytes(data)
        result = run("import-translations", str(path))
        assert result.exit_code == 0, (name, result.output)
        assert "0 updated, 17 unchanged" in result.output


# 7. A stale approval is never locked as final in a translator's tool.

def test_an_approved_unit_whose_source_changed_is_not_exported_as_final(store, tmp_path):
    translated_project(store)
    store.save_translation(SEED_SLUG, "s3", "ru", "Миграционный центр «Сахарово» в Москве.",
                           Status.APPROVED, Origin.HUMAN)
    store.mark_source_changed(SEED_SLUG, "s3", "The old sentence three.")
    [xliff2] = export_article(store, SEED_SLUG, "xliff2", ["ru"], actor=OWNER, folder=tmp_path)
    [xliff12] = export_article(store, SEED_SLUG, "xliff12", ["ru"], actor=OWNER, folder=tmp_path)
    segment = etree.parse(str(xliff2)).find(f".//{{{XLIFF2}}}unit[@id='s3']/{{{XLIFF2}}}segment")
    assert (segment.get("state"), segment.get("subState")) == ("translated", "wb:approved")
    unit = etree.parse(str(xliff12)).find(f".//{{{XLIFF12}}}trans-unit[@id='s3']")
    assert unit.get("approved") is None
    assert unit.find(f"{{{XLIFF12}}}target").get("state") == "needs-review-translation"
    snapshot = dump(store.location)
    for path in (xliff2, xliff12):  # untouched: nothing changes, the flag stays
        report = import_files(store, [path], actor=OWNER).files[0]
        assert (report.updated, report.conflicts, report.errors) == ([], [], [])
    assert dump(store.location) == snapshot
    edit_xliff2(xliff2, "s3", state="final")  # the translator confirms it
    [change] = import_files(store, [xliff2], actor=OWNER).files[0].updated
    assert (change.sid, change.new_status) == ("s3", "approved")
    assert not store.translation(SEED_SLUG, "s3", "ru").needs_review


# 8. A second import of the same file reports nothing new.

def test_importing_a_file_twice_after_the_approval_gate_changes_nothing(store, tmp_path):
    translated_project(store)
    store.save_translation(SEED_SLUG, "s3", "ru", "Центр.", Status.APPROVED, Origin.HUMAN)
    store.mark_source_changed(SEED_SLUG, "s3", "The old sentence three.")  # approved, stale
    [path] = export_article(store, SEED_SLUG, "po", ["ru"], actor=OWNER, folder=tmp_path)
    edit_po(path, "s3", fuzzy=False)  # confirmed: approved again, but it has quality errors
    [change] = import_files(store, [path], actor=OWNER).files[0].updated
    assert (change.sid, change.new_status) == ("s3", "reviewed")
    assert "approval held back" in change.note
    snapshot = dump(store.location)
    report = import_files(store, [path], actor=OWNER).files[0]
    assert (report.updated, report.conflicts, report.errors) == ([], [], [])
    assert dump(store.location) == snapshot


# 9. Exit codes, size limit, accurate messages, a lost unit noticed.

def test_conflicts_make_the_exit_code_3(project, run):
    store = Store.open(run.db)
    store.save_translation(SEED_SLUG, "s1", "ru", "Правка в программе", Status.EDITED, Origin.HUMAN)
    store.close()
    edit_po(project["po"], "s1", target="Правка в файле")
    for options in (("--dry-run",), ("--json",), ()):
        result = run("import-translations", str(project["po"]), *options)
        assert result.exit_code == 3, (options, result.output)
    untouched = export_article(Store.open(run.db), SEED_SLUG, "po", ["ru"], actor=OWNER,
                               folder=project["po"].parent / "again")[0]
    assert run("import-translations", str(untouched)).exit_code == 0


def test_exchange_files_over_the_limit_are_refused(project, store, monkeypatch):
    translated_project(store)
    data = project["po"].read_bytes()
    monkeypatch.setattr(settings, "MAX_EXCHANGE_BYTES", len(data) - 1)
    before = dump(store.location)
    with pytest.raises(InputError, match=r"upload\.po: is 0\.0 MB, over the 0\.0 MB limit"):
        import_data(store, [("upload.po", data)], actor=OWNER)
    with pytest.raises(InputError, match="over the 0.0 MB limit"):
        import_files(store, [project["po"]], actor=OWNER)
    assert dump(store.location) == before


def test_a_unit_without_a_segment_is_told_so(project, run):
    tree = etree.parse(str(project["xliff2"]))
    unit = tree.find(f".//{{{XLIFF2}}}unit[@id='s3']")
    unit.remove(unit.find(f"{{{XLIFF2}}}segment"))
    tree.write(str(project["xliff2"]), xml_declaration=True, encoding="UTF-8")
    _refused(run, project["xliff2"], r"is not valid XLIFF 2 \(line \d+: Element 'unit': Missing "
                                     r"child element\(s\). Expected is one of \( originalData, "
                                     r"segment, ignorable \)\)")
    unit.append(etree.fromstring(f'<ignorable xmlns="{XLIFF2}"><source> </source></ignorable>'))
    tree.write(str(project["xliff2"]), xml_declaration=True, encoding="UTF-8")
    _refused(run, project["xliff2"], r"line \d+: unit 's3' has no <segment>; a unit holds at "
                                     r"least one; rule F3\)$")


def test_an_xliff12_file_that_lost_a_unit_is_refused(project, run):
    tree = etree.parse(str(project["xliff12"]))
    unit = tree.find(f".//{{{XLIFF12}}}trans-unit[@id='s9']")
    unit.getparent().remove(unit)
    tree.write(str(project["xliff12"]), xml_declaration=True, encoding="UTF-8")
    _refused(run, project["xliff12"], r"has 16 of the 17 units it was exported with: truncated\?")


# 10. Invalid XLIFF is refused for what is wrong with it; valid but unsupported is said so.

def _edit_xliff2(path, change):
    tree = etree.parse(str(path))
    change(tree.getroot())
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _unit(root, sid):
    return root.find(f".//{{{XLIFF2}}}unit[@id='{sid}']")


def _second_segment(root):
    unit = _unit(root, "s2")
    segment = etree.SubElement(unit, f"{{{XLIFF2}}}segment", id="s2-2")
    etree.SubElement(segment, f"{{{XLIFF2}}}source").text = "More."


def _letter_ids(root):
    for code in _unit(root, "s5").iter(f"{{{XLIFF2}}}pc"):
        code.set("id", "a1")


def _unpaired_sc(root):
    source = _unit(root, "s2").find(f".//{{{XLIFF2}}}source")
    etree.SubElement(source, f"{{{XLIFF2}}}sc", id="9")


@pytest.mark.parametrize("change, message", [
    (lambda root: _unit(root, "s2").find(f"{{{XLIFF2}}}segment").set("state", "done"),
     r"is not valid XLIFF 2 \(line \d+: Element 'segment', attribute 'state': \[facet "
     r"'enumeration'\] The value 'done' is not an element of the set"),
    (lambda root: _unit(root, "s3").set("id", "s2"),
     r"is not valid XLIFF 2 \(line \d+: unit id 's2' is already used on line \d+; rule K3\)"),
    (lambda root: next(_unit(root, "s5").iter(f"{{{XLIFF2}}}pc")).set("dataRefStart", "d9"),
     r"is not valid XLIFF 2 \(line \d+: unit 's5': dataRefStart 'd9' names no <data> of the "
     r"unit; rule F17\)"),
    (lambda root: _unit(root, "s8").find(f"{{{XLIFF2}}}segment").set("state", "final"),
     r"is not valid XLIFF 2 \(line \d+: unit 's8': state 'final' needs a <target>; rule F29\)"),
    (_unpaired_sc, r"is not valid XLIFF 2 \(line \d+: unit 's2': <sc id='9'> has no <ec> after"
                   r" it \(or isolated=\"yes\"\); rule F5\)"),
    (_second_segment, r"is valid XLIFF 2, but the workbench does not support unit 's2' \(line "
                      r"\d+\) in 2 parts \(segments and ignorables\); the workbench keeps one "
                      r"segment per unit: join them in your tool"),
    (_letter_ids, r"is valid XLIFF 2, but the workbench does not support inline code "
                  r"<pc id='a1'> on line \d+: the workbench numbers inline codes 1, 2, 3"),
])
def test_invalid_xliff2_is_refused_for_its_real_problem(project, run, change, message):
    _edit_xliff2(project["xliff2"], change)
    _refused(run, project["xliff2"], message)


def test_xliff12_is_validated_strict_then_transitional(project, run):
    tree = etree.parse(str(project["xliff12"]))
    unit = tree.find(f".//{{{XLIFF12}}}trans-unit[@id='s2']")
    group = etree.SubElement(unit, f"{{{XLIFF12}}}prop-group")  # transitional only
    etree.SubElement(group, f"{{{XLIFF12}}}prop", {"prop-type": "x-tool"}).text = "kept"
    tree.write(str(project["xliff12"]), xml_declaration=True, encoding="UTF-8")
    assert run("import-translations", str(project["xliff12"])).exit_code == 0
    unit.set("translate", "perhaps")
    tree.write(str(project["xliff12"]), xml_declaration=True, encoding="UTF-8")
    _refused(run, project["xliff12"], r"is not valid XLIFF 1.2 \(line \d+: Element 'trans-unit', "
                                      r"attribute 'translate': \[facet 'enumeration'\] The value "
                                      r"'perhaps' is not an element of the set \{'yes', 'no'\}\)")
