"""Glossary interchange: CSV and TBX-Basic, valid, lossless and safe."""

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SCHEMAS
from workbench.errors import InputError
from workbench.glossary.csvio import HEADER, read_csv, write_csv
from workbench.glossary.files import read_glossary, write_glossary
from workbench.glossary.model import Concept, Glossary, Term, TermStatus, glossary_version
from workbench.glossary.tbx import NS, read_tbx, write_tbx
from workbench.settings import SHIPPED_GLOSSARY

DATA = Path(__file__).parent / "data" / "glossary"
TBX_SCHEMAS = SCHEMAS / "tbx"
SHIPPED = SHIPPED_GLOSSARY
BASIC_NS = "http://www.tbxinfo.net/ns/basic"
# TBX-Basic data categories outside the Basic module (they belong to the Min module)
MIN_MODULE = {"partOfSpeech": {"noun", "verb", "adjective", "adverb", "properNoun", "other"},
              "administrativeStatus": {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
                                       "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"},
              "subjectField": None}


@pytest.fixture(scope="module")
def glossary():
    return read_glossary(DATA / "small.csv", author="editor", at="2026-11-25T10:00:00Z").glossary


def test_csv_round_trip_is_exact(glossary):
    text = (DATA / "small.csv").read_text("utf-8")
    assert write_csv(glossary) == text


def test_csv_statuses_and_flags(glossary):
    migrant = glossary.concept("migrant")
    assert [(t.text, t.status) for t in migrant.terms_in("ru")] == [
        ("мигрант", TermStatus.PREFERRED), ("гастарбайтер", TermStatus.DEPRECATED)]
    assert glossary.concept("telegram").do_not_translate
    assert all(t.case_sensitive for t in glossary.concept("us").terms)


@pytest.mark.parametrize("text, message", [
    ("id,en,ru,xx\n", "g.csv:1: unknown language column 'xx'"),
    ("id,ru\n", "g.csv:1: missing column 'en'"),
    ("id,en,en\n", "g.csv:1: column 'en' appears twice"),
    ("id,en\na,Moscow\nb,Kazakhstan\na,Russia\n", "g.csv:4: concept id 'a' already used on line 2"),
    ("id,en\na,Moscow\nb,moscow\n",
     "g.csv:3: concept 'b': English term 'moscow' already belongs to concept 'a' on line 2"),
    ("id,en,dnt\na,Moscow,maybe\n", "g.csv:2: column 'dnt' must be 'yes' or empty"),
    ("id,en\n1a,Moscow\n", "g.csv:2: concept id '1a' must start with a letter"),
    ("id,en\na,Moscow,extra\n", "g.csv:2: 3 cells, the header has 2"),
    ("id,en,ru\na,,Москва\n", "g.csv:2: concept 'a' needs an English term"),
    ("", "g.csv: empty file"),
])
def test_csv_errors_name_the_line(text, message):
    with pytest.raises(InputError) as error:
        read_csv(text.encode("utf-8"), "g.csv")
    assert str(error.value).startswith(message)


def test_csv_header_is_the_documented_one(glossary):
    """glossaries/README.md states the header exactly; the writer and the shipped file use it."""
    readme = (SHIPPED_GLOSSARY.parent / "README.md").read_text("utf-8")
    documented = readme.split("Header, exactly:")[1].split("```")[1].strip()
    assert write_csv(glossary).splitlines()[0] == documented
    assert SHIPPED.read_text("utf-8").splitlines()[0] == documented
    assert ",".join(HEADER) == documented


def validate_tbx(data: bytes) -> None:
    """core.rng on the DCA file; Basic.rng on each Basic-module data category as DCT."""
    document = etree.fromstring(data)
    core = etree.RelaxNG(etree.parse(str(TBX_SCHEMAS / "core.rng")))
    assert core.validate(document), core.error_log
    basic = etree.RelaxNG(etree.parse(str(TBX_SCHEMAS / "Basic.rng")))
    checked = 0
    for element in document.iter():
        kind = element.get("type")
        if kind is None or element.tag == f"{{{NS}}}tbx":
            continue
        if kind in MIN_MODULE:
            allowed = MIN_MODULE[kind]
            assert allowed is None or element.text in allowed, (kind, element.text)
            continue
        dct = etree.Element(f"{{{BASIC_NS}}}{kind}")
        dct.text = element.text
        assert basic.validate(dct), (kind, basic.error_log)
        checked += 1
    assert checked


def test_tbx_export_validates_and_round_trips(glossary):
    data = write_tbx(glossary)
    validate_tbx(data)
    result = read_tbx(data, "g.tbx")
    assert result.ignored == []
    assert result.glossary == glossary
    assert glossary_version(result.glossary, include_history=True) == glossary_version(
        glossary, include_history=True)


def test_tbx_keeps_every_field(glossary):
    from dataclasses import replace

    concept = replace(glossary.concept("us"), definition="The United States of America",
                      subject="geography")
    terms = list(concept.terms)
    terms.insert(2, Term("Штаты", "ru", TermStatus.ADMITTED, pos="noun", note="colloquial",
                         do_not_translate=True, modified_by="ana",
                         modified_at="2026-11-25T10:30:00Z"))
    concept = replace(concept, terms=tuple(terms))
    edited = glossary.with_concept(concept)
    data = write_tbx(edited)
    validate_tbx(data)
    assert read_tbx(data, "g.tbx").glossary == edited


def test_written_files_read_back(tmp_path, glossary):
    for name in ("out.tbx", "out.csv"):
        write_glossary(tmp_path / name, glossary)
        assert glossary_version(read_glossary(tmp_path / name).glossary) == glossary_version(
            glossary)
    with pytest.raises(InputError, match="unknown glossary format '.xlsx'"):
        write_glossary(tmp_path / "out.xlsx", glossary)


def test_tbx_language_codes_are_mapped_and_other_languages_kept(glossary):
    data = write_tbx(glossary).replace(b'xml:lang="kk"', b'xml:lang="kk-KZ"').replace(
        b'xml:lang="uz"', b'xml:lang="de"')
    imported = read_tbx(data, "g.tbx").glossary
    assert imported.concept("moscow").preferred("kk").text == "Мәскеу"
    assert imported.concept("moscow").preferred("de").text == "Moskva"
    with pytest.raises(InputError, match="terms in de have no CSV column; export to .tbx"):
        write_csv(imported)


def test_unknown_tbx_elements_are_reported(glossary):
    data = write_tbx(glossary).replace(
        b"<term>Kazakhstan</term>",
        b"<term>Kazakhstan</term><termNote type=\"grammaticalGender\">other</termNote>"
    ).replace(b"<langSec xml:lang=\"en\">", b"<descrip type=\"context\">x</descrip>"
              b"<langSec xml:lang=\"en\">", 1)
    result = read_tbx(data, "g.tbx")
    assert result.ignored == [
        "<descrip type='context'> in conceptEntry 'kazakhstan'",
        "<termNote type='grammaticalGender'> in a termSec of conceptEntry 'kazakhstan'",
    ]
    assert result.glossary == glossary


def test_a_tbx_giving_two_concepts_one_english_term_is_refused(tmp_path):
    """The glossary's rules are the model's, so TBX keeps them as CSV does: a twin imported
    from TBX would make a CSV export that does not import again."""
    twins = Glossary((Concept("moscow", (Term("Moscow", "en"), Term("Москва", "ru"))),
                      Concept("moscow-city", (Term("moscow", "en"), Term("Мәскеу", "kk")))))
    path = tmp_path / "twins.tbx"
    path.write_bytes(write_tbx(twins))
    lines = path.read_text("utf-8").splitlines()
    first, second = (next(number for number, line in enumerate(lines, 1)
                          if f'<conceptEntry id="{concept_id}"' in line)
                     for concept_id in ("moscow", "moscow-city"))
    with pytest.raises(InputError) as error:
        read_glossary(path)
    assert str(error.value) == (f"{path}:{second}: concept 'moscow-city': English term 'moscow' "
                                f"already belongs to concept 'moscow' on line {first}")
    with pytest.raises(InputError, match="concept id 'moscow' already used on line"):
        read_tbx(write_tbx(Glossary(twins.concepts[:1] * 2)), "same.tbx")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">&d;</tbx>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">&secret;</tbx>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_bombs_and_external_entities_are_refused(data):
    with pytest.raises(InputError, match="g.tbx: has entity declarations or an internal DTD; refused for safety"):
        read_tbx(data, "g.tbx")


@pytest.mark.parametrize("data, message", [
    (b"<tbx><text>", "g.tbx: is not well-formed XML"),
    (b"<martif type='TBX'/>", "g.tbx: not a TBX v3 file: root element is <martif>"),
])
def test_malformed_or_foreign_files_are_refused(data, message):
    with pytest.raises(InputError, match=message):
        read_tbx(data, "g.tbx")


def test_shipped_glossary_exports_valid_tbx_and_reads_back():
    glossary = read_glossary(SHIPPED, author="editor", at="2026-11-25T10:00:00Z").glossary
    data = write_tbx(glossary)
    validate_tbx(data)
    assert read_tbx(data, "shipped.tbx").glossary == glossary
    assert write_csv(glossary) == SHIPPED.read_text("utf-8")


def test_glossary_version_follows_content_not_history(glossary):
    from dataclasses import replace

    restamped = read_glossary(DATA / "small.csv", author="someone else").glossary
    assert glossary_version(restamped) == glossary_version(glossary)
    assert glossary_version(restamped, include_history=True) != glossary_version(
        glossary, include_history=True)
    moscow = glossary.concept("moscow")
    renamed = replace(moscow, terms=tuple(
        t._replace(text="Мәскеу қаласы") if t.lang == "kk" else t for t in moscow.terms))
    assert glossary_version(glossary.with_concept(renamed)) != glossary_version(glossary)
