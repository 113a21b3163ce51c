"""Comments: a thread per segment and language in the store, a reject reason among them, and
the threads' round trip through PO and XLIFF files."""

import polib
import pytest
from lxml import etree

from tests.conftest import OWNER, SEED, SEED_SLUG
from tests.exchange_helpers import COMMENTS, XLIFF2, XLIFF12, dump, translated_project
from workbench.accounts import local_owner
from workbench.comments import add_comment, resolve_comment
from workbench.errors import InputError, NotFoundError
from workbench.exchange.export import build_document, export_files
from workbench.exchange.importer import import_data
from workbench.glossary import storage
from workbench.glossary.editing import new_concept
from workbench.formats import FORMATS
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.project import ensure_example_project
from workbench.workflow import reject

FORMAT_NAMES = ["po", "xliff12", "xliff2"]
# The store has no accounts: whoever acts is the machine's owner, under a name.
ANNA, AIGUL, BORIS, EDITOR = (local_owner(name) for name in ("anna", "aigul", "boris", "editor"))


def thread(store, sid="s7", lang="ru") -> list[tuple]:
    """The thread as (author, time, words of the text, resolved)."""
    return [(c.author, c.at, " ".join(c.text.split()), c.resolved)
            for c in store.comments(SEED_SLUG, lang, [sid])]


def test_a_thread_per_segment_and_language_in_the_order_written(store):
    import_paths(store, [SEED], actor=OWNER)
    first = add_comment(store, SEED_SLUG, "s3", "ru", "  Which centre is it?  ", actor=ANNA)
    add_comment(store, SEED_SLUG, "s3", "kk", "Қай орталық?", actor=AIGUL)
    second = add_comment(store, SEED_SLUG, "s3", "ru", "The one in Sakharovo.", actor=BORIS)
    assert [(c.author, c.text, c.resolved) for c in store.comments(SEED_SLUG, "ru", ["s3"])] == [
        ("anna", "Which centre is it?", False), ("boris", "The one in Sakharovo.", False)]
    assert first.at and first.id != second.id
    assert store.open_comment_counts(SEED_SLUG, "ru") == {"s3": 2}
    assert resolve_comment(store, first.id, actor=BORIS).resolved
    assert store.open_comment_counts(SEED_SLUG, "ru") == {"s3": 1}
    assert not resolve_comment(store, first.id, resolved=False, actor=ANNA).resolved
    store.delete_article(SEED_SLUG)
    assert store.comments(SEED_SLUG, "ru") == [] and store.comments(SEED_SLUG, "kk") == []


def test_an_empty_comment_or_an_unknown_segment_is_refused_and_changes_nothing(store):
    import_paths(store, [SEED], actor=OWNER)
    before = dump(store.location)
    with pytest.raises(InputError, match="the comment is empty"):
        add_comment(store, SEED_SLUG, "s3", "ru", " \n ", actor=ANNA)
    with pytest.raises(NotFoundError, match="no segment 's99'"):
        add_comment(store, SEED_SLUG, "s99", "ru", "Where?", actor=ANNA)
    with pytest.raises(NotFoundError, match="no comment 7"):
        resolve_comment(store, 7, actor=ANNA)
    assert dump(store.location) == before


def test_a_reason_for_sending_back_is_a_comment(store):
    import_paths(store, [SEED], actor=OWNER)
    store.save_translation(SEED_SLUG, "s3", "ru", "Сахарово.", Status.APPROVED, Origin.HUMAN)
    store.save_translation(SEED_SLUG, "s4", "ru", "Ведяшкин.", Status.APPROVED, Origin.HUMAN)
    reject(store, SEED_SLUG, "ru", ["s3"], reason="name the centre in full", actor=EDITOR)
    reject(store, SEED_SLUG, "ru", ["s4"], actor=EDITOR)  # no reason: nothing to say
    assert [(c.author, c.text) for c in store.comments(SEED_SLUG, "ru")] == [
        ("editor", "Sent back: name the centre in full")]


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_comments_survive_a_round_trip_and_are_not_added_twice(store, fmt):
    translated_project(store)
    before = thread(store)
    document = build_document(store, SEED_SLUG, "ru")
    back = FORMATS[fmt].read(FORMATS[fmt].write(document), "file")
    (unit,) = [unit for unit in back.units if unit.sid == "s7"]
    assert [(c.author, c.at, " ".join(c.text.split()), c.resolved) for c in unit.comments] == before
    assert all(not unit.comments for unit in back.units if unit.sid != "s7")
    name, data = next(iter(export_files(store, SEED_SLUG, fmt, ["ru"], actor=OWNER).items()))
    result = import_data(store, [(name, data)], actor=OWNER)
    assert result.files[0].comments == 0 and thread(store) == before


def _added_in_another_tool(fmt: str, data: bytes) -> bytes:
    """The file after a translator wrote a comment on s3 in their own tool."""
    if fmt == "po":
        po = polib.pofile(data.decode("utf-8"))
        entry = next(entry for entry in po if entry.msgctxt == "s3")
        entry.tcomment = (entry.tcomment + "\n" if entry.tcomment else "") + \
            "Is it the centre the\nministry runs?"
        po.metadata["Last-Translator"] = "Dana <dana@example.org>"
        return str(po).encode("utf-8")
    root = etree.fromstring(data)
    namespace = XLIFF12 if fmt == "xliff12" else XLIFF2
    unit = next(element for element in root.iter(f"{{{namespace}}}trans-unit",
                                                  f"{{{namespace}}}unit")
                if element.get("id") == "s3")
    if fmt == "xliff12":
        note = etree.Element(f"{{{namespace}}}note", {"from": "Dana <dana@example.org>"})
        unit.insert(list(unit).index(unit.find(f"{{{namespace}}}note")), note)
    else:
        notes = unit.find(f"{{{namespace}}}notes")
        note = etree.SubElement(notes, f"{{{namespace}}}note")
    note.text = "Is it the centre the\nministry runs?"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_a_comment_written_in_another_tool_comes_back_once(store, fmt):
    translated_project(store)
    name, data = next(iter(export_files(store, SEED_SLUG, fmt, ["ru"], actor=OWNER).items()))
    edited = _added_in_another_tool(fmt, data)
    preview = import_data(store, [(name, edited)], dry_run=True, actor=OWNER)
    assert preview.files[0].comments == 1 and store.comments(SEED_SLUG, "ru", ["s3"]) == []
    assert import_data(store, [(name, edited)], actor=OWNER).files[0].comments == 1
    (comment,) = store.comments(SEED_SLUG, "ru", ["s3"])
    author = {"po": "Dana <dana@example.org>", "xliff12": "Dana <dana@example.org>",
              "xliff2": OWNER.username}[fmt]  # no author: who imported it
    assert (comment.author, " ".join(comment.text.split()), comment.resolved) == (
        author, "Is it the centre the ministry runs?", False)
    again = import_data(store, [(name, edited)], actor=OWNER)  # the same file twice: nothing new
    assert again.files[0].comments == 0 and len(store.comments(SEED_SLUG, "ru", ["s3"])) == 1
    name, data = next(iter(export_files(store, SEED_SLUG, fmt, ["ru"], actor=OWNER).items()))
    assert import_data(store, [(name, data)], actor=OWNER).files[0].comments == 0  # and back out and in


def test_a_long_comment_is_wrapped_by_the_workbench_not_by_polib(store):
    translated_project(store)
    po = polib.pofile(export_files(store, SEED_SLUG, "po", ["ru"], actor=OWNER)["ru.po"].decode("utf-8"))
    entry = next(entry for entry in po if entry.msgctxt == "s7")
    lines = entry.tcomment.splitlines()
    assert lines[0] == f"comment by anna, {COMMENTS[0][1]}: Is “approved” right here? See the"
    assert all(len(line) <= 76 for line in lines)
    assert [line[:2] for line in lines] == ["co", "  ", "co", "  ", "  "]  # two comments


def test_the_example_brings_no_comments_from_its_wrapped_glossary_lines(store):
    ensure_example_project(store, actor=OWNER)
    assert all(store.comments(SEED_SLUG, lang) == [] for lang in ("ru", "kk", "ky", "tg", "uz"))


def test_a_comment_with_a_control_character_is_an_error_of_its_unit_and_not_stored(store):
    translated_project(store)
    name, data = next(iter(export_files(store, SEED_SLUG, "po", ["ru"], actor=OWNER).items()))
    po = polib.pofile(data.decode("utf-8"))
    next(entry for entry in po if entry.msgctxt == "s3").tcomment = "bad \x01 here"
    result = import_data(store, [(name, str(po).encode("utf-8"))], actor=OWNER)
    assert result.files[0].comments == 0
    assert [(e.sid, e.problem) for e in result.files[0].errors] == [
        ("s3", "a comment contains control character U+0001 at character 5, after 'bad '; "
               "such characters are not text")]
    assert store.comments(SEED_SLUG, "ru", ["s3"]) == []
    with pytest.raises(InputError, match="refused to store a text holding a control character"):
        store.add_comment(SEED_SLUG, "s3", "ru", "bad \x01", "anna", "2026-01-01T00:00:00Z")


def test_a_translators_line_after_a_long_glossary_line_is_a_comment(store):
    """A glossary line 60 to 76 characters long used to swallow the translator's line after it
    (read as the tail of a line polib wrapped in older exports): the workbench now writes its
    glossary lines shorter than that."""
    translated_project(store)
    note = "September → сентябрь, месяц осеннего призыва резервистов"
    storage.save_concept(store, new_concept("september", {
        "en": "September", "ru": note.split(" → ")[1]}, author="", at=""), "add", actor=OWNER)
    name, data = next(iter(export_files(store, SEED_SLUG, "po", ["ru"],
                                        storage.project_matcher(store).term_notes,
                                        actor=OWNER).items()))
    po = polib.pofile(data.decode("utf-8"))
    entry = next(entry for entry in po if "September" in entry.tcomment)
    assert 60 <= len(f"glossary: {note}") <= 76
    assert all(len(line) < 60 for line in entry.tcomment.splitlines())
    entry.tcomment += "\nIs this term still current?"
    assert import_data(store, [(name, str(po).encode("utf-8"))], actor=OWNER).files[0].comments == 1
    assert store.comments(SEED_SLUG, "ru", [entry.msgctxt])[-1].text == (
        "Is this term still current?")


def test_a_glossary_line_with_a_word_longer_than_a_line_keeps_its_prefix(store):
    """A term whose first word does not fit on a line used to leave "glossary:" alone on its
    line: the term, and a translator's line after it, were then read as comments."""
    from dataclasses import replace

    translated_project(store)
    document = build_document(store, SEED_SLUG, "ru")
    term = "Kyrgyzstan-Kazakhstan-Uzbekistan-Tajikistan-Turkmenistan-border → граница"
    document = replace(document, units=[replace(unit, terms=(term,)) if unit.sid == "s3" else unit
                                        for unit in document.units])
    po = polib.pofile(FORMATS["po"].write(document).decode("utf-8"))
    entry = next(entry for entry in po if entry.msgctxt == "s3")
    assert entry.tcomment.splitlines()[0].startswith("glossary: Kyrgyzstan-")
    entry.tcomment += "\nIs this the border's name?"
    (unit,) = [unit for unit in FORMATS["po"].read(str(po).encode("utf-8"), "file").units
               if unit.sid == "s3"]
    assert [comment.text for comment in unit.comments] == ["Is this the border's name?"]


def test_a_comment_line_whose_time_is_no_time_is_plain_text():
    from workbench.formats.units import read_comment_note

    assert read_comment_note("comment by x, ٢٠٢٦-99-99T99:99:99Z: hi").at is None
    assert read_comment_note("comment by x, 2026-13-01T10:00:00Z: hi").at is None
    assert read_comment_note("comment by x, 2026-11-01T10:00:00Z: hi").at == "2026-11-01T10:00:00Z"
