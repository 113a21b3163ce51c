"""The shipped glossary and hand translations are the oracle other code is tested
against, so their shape is checked here: a broken row or a drifted source string
would otherwise surface as a confusing failure in someone else's tests."""

import csv
from types import SimpleNamespace

import polib
import regex

from workbench.formats import open_exchange
from workbench.formats.units import digest
from workbench.glossary.files import read_glossary
from workbench.glossary.matcher import GlossaryMatcher
from workbench.inline import find_placeholders, plain_text
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Status
from workbench.settings import SHIPPED_GLOSSARY as GLOSSARY
from tests.conftest import EXAMPLE_PO_FILES, SEED, shipped_translations

HEADER = ["id", "en", "ru", "kk", "ky", "tg", "uz", "pos", "dnt", "case_sensitive", "note"]
LANGUAGE_COLUMNS = ["en", *TARGET_LANGUAGES]
# Letters each column may use besides digits, spaces and punctuation.
SCRIPTS = {
    "en": r"\p{Latin}",
    "ru": r"[\p{Cyrillic}]",
    "kk": r"[\p{Cyrillic}]",
    "ky": r"[\p{Cyrillic}]",
    "tg": r"[\p{Cyrillic}]",
    "uz": r"[A-Za-zʻʼ]",
}
BRANDS = {"Telegram", "The Moscow Times"}  # kept in Latin script in every language


def glossary_rows():
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [dict(zip(header, row)) for row in reader]


def terms(cell):
    return cell.split(" | ")


def test_glossary_header_and_size():
    header, rows = glossary_rows()
    assert header == HEADER
    assert len(rows) >= 45
    assert len({row["id"] for row in rows}) == len(rows)


def test_every_concept_has_a_preferred_term_in_every_language():
    _, rows = glossary_rows()
    for row in rows:
        for column in LANGUAGE_COLUMNS:
            cell_terms = terms(row[column])
            assert all(term.strip() == term and term.lstrip("!") for term in cell_terms), (row["id"], column)
            assert not cell_terms[0].startswith("!"), (row["id"], column)
            assert len(set(cell_terms)) == len(cell_terms), (row["id"], column)
        assert row["pos"] in {"noun", "properNoun", "adjective", "verb"}
        assert row["dnt"] in {"", "yes"} and row["case_sensitive"] in {"", "yes"}
        assert row["note"]


def test_terms_use_their_languages_script():
    _, rows = glossary_rows()
    for row in rows:
        for column in LANGUAGE_COLUMNS:
            for term in terms(row[column]):
                word = term.lstrip("!")
                if word in BRANDS:
                    continue
                letters = regex.findall(r"\p{L}", word)
                wrong = [ch for ch in letters if not regex.fullmatch(SCRIPTS[column], ch)]
                assert not wrong, (row["id"], column, term, wrong)


def test_uzbek_uses_the_official_apostrophes():
    _, rows = glossary_rows()
    texts = [row["uz"] for row in rows]
    texts += [unit["target"] for unit in shipped_translations("uz")]
    for text in texts:
        assert not regex.search(r"[‘’'`]", text), text
        assert not regex.search(r"[OoGg]ʼ", text), text  # oʻ/gʻ take U+02BB, not U+02BC


def test_translations_share_the_same_source_segments_in_seed_order():
    english = [unit["source"] for unit in shipped_translations("ru")]
    assert len(english) == 17
    markdown = SEED.read_text(encoding="utf-8")
    seed = " ".join(regex.sub(r"\[([^\]]*)\]\(#\)|\*\*", r"\1", markdown).split())
    position = 0
    for source in english:
        text = plain_text(source)
        found = seed.find(text, position)
        assert found >= 0, text
        position = found + len(text)
    for lang in TARGET_LANGUAGES:
        assert [unit["source"] for unit in shipped_translations(lang)] == english, lang


def test_targets_keep_the_placeholders_of_their_source():
    for lang in TARGET_LANGUAGES:
        for unit in shipped_translations(lang):
            source = [p.text for p in find_placeholders(unit["source"])]
            target = [p.text for p in find_placeholders(unit["target"])]
            assert target == source, (lang, unit["source"])
            assert unit["target"].strip() == unit["target"] and unit["target"], (lang, unit["source"])


def test_targets_use_their_languages_script():
    for lang in TARGET_LANGUAGES:
        for unit in shipped_translations(lang):
            text = unit["target"]
            for brand in BRANDS:
                text = text.replace(brand, "")
            letters = regex.findall(r"\p{L}", text)
            wrong = [ch for ch in letters if not regex.fullmatch(SCRIPTS[lang], ch)]
            assert not wrong, (lang, unit["target"], wrong)


def test_export_marks_match_the_shipped_targets():
    """Each mark digests its msgstr, as an untouched export's does: an edited target
    with a stale mark would load as the translator's change, not as the example."""
    for path in EXAMPLE_PO_FILES:
        for unit in open_exchange(path).units:
            assert unit.mark is not None and unit.mark.status is Status.REVIEWED, (path, unit.sid)
            assert unit.mark.target_digest == digest(unit.target), (path.name, unit.sid)


def test_glossary_comments_are_what_an_export_writes_today():
    """The translator comments name the shipped glossary's current approved forms
    (compared without line breaks: long comments are wrapped)."""
    matcher = GlossaryMatcher(read_glossary(GLOSSARY).glossary)
    for path in EXAMPLE_PO_FILES:
        for entry in polib.pofile(str(path)):
            notes = matcher.term_notes(SimpleNamespace(source=entry.msgid), path.stem)
            expected = " ".join(f"glossary: {note}" for note in notes)
            assert " ".join(entry.tcomment.split()) == expected, (path.name, entry.msgctxt)
