"""Broken and hostile glossary files (issue 12, cases 3, 4 and 19): every term and note is
kept or reported, the CSV cell syntax round-trips any term, and no cell runs as a formula."""

import csv
import io
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.exchange_helpers import dump
from workbench.accounts import local_owner
from workbench.errors import InputError
from workbench.glossary.csvio import read_csv, write_csv
from workbench.glossary.model import Concept, Glossary, Term, TermStatus, glossary_version
from workbench.glossary.tbx import NS, read_tbx

HEADER = "id,en,ru,kk,ky,tg,uz,pos,dnt,case_sensitive,note\n"


def _tbx(entries: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><tbx xmlns="{NS}" type="TBX-Basic" '
            f'style="dca" xml:lang="en"><tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc>'
            f"</fileDesc></tbxHeader><text><body>{entries}</body></text></tbx>").encode()


def _noted_concept(number: int) -> str:
    """A concept with notes everywhere TBX allows them: 2 on the concept, 1 on a langSec,
    2 on each of two termSecs, and 2 definitions: nine texts to keep."""
    n = number
    return (f'<conceptEntry id="c{n}"><descrip type="definition">definition {n}a</descrip>'
            f'<descrip type="definition">definition {n}b</descrip>'
            f"<note>concept note {n}a</note><note>concept note {n}b</note>"
            f'<langSec xml:lang="en"><termSec><term>term {n}</term><note>en note {n}a</note>'
            f"<note>en note {n}b</note></termSec></langSec>"
            f'<langSec xml:lang="ru"><note>langSec note {n}</note><termSec><term>термин {n}</term>'
            f"<note>ru note {n}a</note><note>ru note {n}b</note>"
            f"<transacGrp><transac type=\"transactionType\">origination</transac>"
            f"<date>2020-01-01</date></transacGrp>"
            f"<transacGrp><transac type=\"transactionType\">modification</transac>"
            f"<date>2024-05-01</date><transacNote type=\"responsibility\">ana</transacNote>"
            f"</transacGrp></termSec></langSec></conceptEntry>")


# 3. TBX: every note kept, every term kept or the file refused.

def test_every_tbx_note_is_kept_or_reported():
    result = read_tbx(_tbx("".join(_noted_concept(n) for n in range(12))), "notes.tbx")
    for n, concept in enumerate(result.glossary.concepts):
        english, russian = concept.terms
        assert concept.definition == f"definition {n}a\ndefinition {n}b"
        assert concept.note == f"concept note {n}a\nconcept note {n}b\nru: langSec note {n}"
        assert english.note == f"en note {n}a\nen note {n}b"
        assert russian.note == f"ru note {n}a\nru note {n}b"
        assert (russian.modified_by, russian.modified_at) == ("ana", "2024-05-01")
    kept = sum(len(text.splitlines()) for concept in result.glossary.concepts
               for text in (concept.definition, concept.note, *(t.note for t in concept.terms)))
    assert kept == 12 * 9
    assert result.ignored == [
        "<transacGrp> (only the latest change is kept) in a termSec of 12 conceptEntries: "
        "'c0', 'c1', 'c2', 'c3', 'c4', ..."]


def test_a_termsec_with_two_terms_is_refused():
    entry = ('<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>Moscow</term>'
             "<term>Moskva</term></termSec></langSec></conceptEntry>")
    with pytest.raises(InputError, match=r"^two.tbx: line 1: a termSec of conceptEntry 'a' "
                                         r"langSec 'en' has a second <term>; TBX gives each "
                                         "term its own termSec$"):
        read_tbx(_tbx(entry), "two.tbx")


# 4. The cell syntax has an escape: any term comes back as written.

def test_a_term_holding_the_separator_comes_back_whole():
    glossary = Glossary((Concept("ac-dc", (Term("AC | DC", "en"), Term("!Kung \\ San", "en",
                                                                        TermStatus.ADMITTED),
                                             Term("переменный|постоянный", "ru"))),))
    text = write_csv(glossary)
    assert "AC \\| DC | \\!Kung \\\\ San" in text
    assert read_csv(text.encode(), "g.csv") == glossary


_TERM = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1, max_size=12).map(str.strip).filter(bool)


@given(st.lists(st.tuples(_TERM, st.sampled_from(list(TermStatus))), min_size=1, max_size=4),
       _TERM)
def test_any_terms_round_trip_through_csv(terms, note):
    """Whatever the terms hold (bars, backslashes, '!', quotes, '=', commas), a CSV export
    reads back as the same concept."""
    russian = [Term(text, "ru", status) for text, status in terms]
    russian.sort(key=lambda term: term.status != TermStatus.PREFERRED)  # the order a cell keeps
    if russian[0].status is not TermStatus.PREFERRED:
        russian[0] = Term(russian[0].text, "ru", TermStatus.PREFERRED)
    russian = [term if term.status is not TermStatus.PREFERRED or index == 0 else
               Term(term.text, "ru", TermStatus.ADMITTED) for index, term in enumerate(russian)]
    russian.sort(key=lambda term: [TermStatus.PREFERRED, TermStatus.ADMITTED,
                                   TermStatus.DEPRECATED].index(term.status))
    glossary = Glossary((Concept("c", (Term("source", "en"), *russian), note=note),))
    assert read_csv(write_csv(glossary).encode(), "g.csv") == glossary


# 19. No exported cell runs as a formula; the file reads back as written.

def test_formula_cells_are_neutralised_and_read_back():
    glossary = Glossary((
        Concept("sum", (Term("=1+2", "en"), Term("+7 700", "ru"), Term("-minus", "kk"),
                        Term("@mention", "ky"), Term("'=quoted", "tg")), note="=HYPERLINK(x)"),
        Concept("plain", (Term("'apostrophe", "en"),)),
    ))
    rows = list(csv.reader(io.StringIO(write_csv(glossary))))
    assert rows[1][1:6] == ["'=1+2", "'+7 700", "'-minus", "'@mention", "''=quoted"]
    assert rows[1][-1] == "'=HYPERLINK(x)" and rows[2][1] == "'apostrophe"
    assert not any(cell and cell[0] in "=+-@" for row in rows for cell in row)
    assert read_csv(write_csv(glossary).encode(), "g.csv") == glossary


def test_glossary_export_then_import_keeps_formula_like_terms(run, tmp_path):
    path = tmp_path / "glossary.csv"
    assert run("glossary", "add", "plus-sign", "--en", "+", "--ru", "плюс").exit_code == 0
    assert run("glossary", "export", str(path)).exit_code == 0
    assert "'+,плюс" in path.read_text("utf-8")
    before = dump(run.db)
    result = run("glossary", "import", str(path))
    assert result.exit_code == 0, result.output
    assert dump(run.db)["glossary_concepts"] == before["glossary_concepts"]


# Control characters: refused in every glossary, named by line.

def test_a_control_character_in_a_glossary_is_refused(run, tmp_path):
    path = tmp_path / "g.csv"
    path.write_bytes((HEADER + "a,Moscow,Мос\x01ква,,,,,,,,\n").encode())
    before = dump(run.db)
    result = run("glossary", "import", str(path))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {path}:2: concept 'a': a ru term contains control character U+0001 at character "
        "4, after 'Мос'; such characters are not text: remove it")
    result = run("glossary", "add", "b", "--en", "Bell\x07")
    assert result.exit_code == 1 and "control character U+0007" in result.output
    assert dump(run.db) == before


# 21 (behaviour behind the benchmark): an import writes only what changed.

def test_an_import_writes_only_what_changed(store, tmp_path):
    from workbench.glossary import storage
    from workbench.glossary.files import read_glossary

    concepts = [Concept(f"c{n}", (Term(f"term {n}", "en"), Term(f"термин {n}", "ru")))
                for n in range(50)]
    path = tmp_path / "g.csv"
    path.write_text(write_csv(Glossary(tuple(concepts))), "utf-8")
    storage.replace_glossary(store, read_glossary(path, author="ana").glossary,
                             actor=local_owner("ana"), force=True)
    before = dump(store.location)
    again = storage.replace_glossary(store, read_glossary(path, author="bo").glossary,
                                     actor=local_owner("bo"))
    assert again == {"added": 0, "changed": 0, "removed": 0, "unchanged": 50}
    assert dump(store.location) == before  # the same file: not one row written
    concepts[7] = Concept("c7", (Term("term 7", "en"), Term("новый термин", "ru")))
    path.write_text(write_csv(Glossary(tuple(reversed(concepts[1:])))), "utf-8")
    counts = storage.replace_glossary(store, read_glossary(path, author="cy").glossary,
                                      actor=local_owner("cy"))
    assert counts == {"added": 0, "changed": 1, "removed": 1, "unchanged": 48}
    glossary = storage.load_glossary(store)
    assert [c.id for c in glossary.concepts] == [f"c{n}" for n in range(49, 0, -1)]
    assert glossary.concept("c8").modified_by == "ana"  # unchanged: its who/when kept
    assert [entry["action"] for entry in storage.concept_history(store, "c7")] == ["import"] * 2
    assert [entry["action"] for entry in storage.concept_history(store, "c0")] == [
        "import", "import-remove"]


def test_a_store_that_marked_its_export_with_a_hash_still_knows(tmp_path):
    """Release 0.1.0 (a SQLite file) kept a hash of the glossary as its last export; it counts
    until the next export or import, which record the history's latest entry instead."""
    import shutil

    from tests.test_hostile_exchange import RELEASED_STORE
    from workbench.glossary import storage
    from workbench.store import Store

    shutil.copy(RELEASED_STORE, tmp_path / "old.db")
    store = Store.open(tmp_path / "old.db")
    assert isinstance(store.get_setting("glossary.synced_version"), str)
    assert storage.has_unexported_edits(store)  # that store was edited after its export
    exported = glossary_version(storage.load_glossary(store), include_history=True)
    with store.transaction():
        store.set_setting("glossary.synced_version", exported)  # as right after an export
    assert not storage.has_unexported_edits(store)
    concept = storage.load_glossary(store).concepts[0]
    storage.save_concept(store, replace(concept, note="edited"), "edit", actor=local_owner("ana"))
    assert storage.has_unexported_edits(store)
    storage.export_glossary(store, "exported.csv", actor=local_owner("ana"))
    assert store.get_setting("glossary.synced_version")["history"] == store.glossary_history_seq()
    assert not storage.has_unexported_edits(store)
    store.close()


def test_the_file_last_imported_is_not_read_again_until_the_glossary_changes(run, tmp_path):
    path = tmp_path / "g.tbx"
    entry = ('<conceptEntry id="a"><descrip type="context">x</descrip><langSec xml:lang="en">'
             "<termSec><term>Moscow</term></termSec></langSec></conceptEntry>")
    path.write_bytes(_tbx(entry))
    first = run("glossary", "import", str(path), "--force")
    assert first.exit_code == 0 and "ignored: <descrip type='context'>" in first.output
    before = dump(run.db)
    again = run("glossary", "import", str(path))
    assert again.output == first.output.replace("1 added, 0 changed, 0 removed, 0 unchanged",
                                                "0 added, 0 changed, 0 removed, 1 unchanged")
    assert dump(run.db) == before  # nothing read, nothing written, the same report
    assert run("glossary", "edit", "a", "--note", "edited").exit_code == 0
    refused = run("glossary", "import", str(path))  # an edit since: the file counts again
    assert refused.exit_code == 1 and "edits that were never exported" in refused.output


def test_the_file_just_exported_comes_back_without_being_read(run, tmp_path):
    """Exporting records the file's digest: importing it back unchanged reads nothing, as
    for the file last imported (a 100,000-concept glossary takes 10 s to compare)."""
    path = tmp_path / "exported.tbx"
    assert run("glossary", "export", str(path)).exit_code == 0
    before = dump(run.db)
    again = run("glossary", "import", str(path))
    assert again.exit_code == 0, again.output
    assert "0 added, 0 changed, 0 removed, 61 unchanged" in again.output
    assert dump(run.db) == before
