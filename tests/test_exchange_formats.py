"""What the exported files look like: valid by their standards, and by what the schemas cannot say."""

import shutil
import subprocess

import polib
import pytest
from lxml import etree

from tests.conftest import OWNER, SCHEMAS, SEED, SEED_SLUG, shipped_translations
from tests.exchange_helpers import XLIFF2, XLIFF12, terms_for, translated_project
from workbench.exchange.export import build_document, export_article
from workbench.formats import FORMATS, TranslationMemory, open_exchange
from workbench.formats.po import PLURAL_FORMS
from workbench.formats.xliff12 import TO_STATE as TO_STATE_12
from workbench.importing import import_paths
from workbench.inline import find_placeholders
from workbench.model import Origin, Status
from workbench.store import Store

LANGS = ["ru", "kk", "ky", "tg", "uz"]


@pytest.fixture
def exported(store, tmp_path):
    translated_project(store)
    store.save_translation(SEED_SLUG, "s12", "ru", "", Status.REVIEWED, "human")
    return {fmt: export_article(store, SEED_SLUG, fmt, LANGS, folder=tmp_path / fmt,
                                terms_for=terms_for, actor=OWNER)
            for fmt in FORMATS}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_every_po_file_passes_msgfmt_check(exported, tmp_path):
    for path in exported["po"]:
        result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, (path.name, result.stderr)
        assert result.stderr == "", result.stderr


def test_po_header_and_entries(exported):
    for path in exported["po"]:
        lang = path.stem
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == lang
        assert po.metadata["Plural-Forms"] == PLURAL_FORMS[lang]
        assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        for key in ("Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date",
                    "Last-Translator", "Language-Team", "X-Generator"):
            assert po.metadata[key], key
        assert [entry.msgctxt for entry in po] == [f"s{number}" for number in range(1, 18)]
    po = {entry.msgctxt: entry for entry in polib.pofile(str(exported["po"][0]))}
    assert po["s1"].fuzzy and not po["s7"].fuzzy and not po["s9"].fuzzy and po["s10"].fuzzy
    assert po["s11"].fuzzy and po["s11"].previous_msgid == "The old sentence."
    assert not po["s8"].fuzzy and po["s8"].msgstr == ""
    assert "paragraph 1" in po["s5"].comment and "{1}…{/1} = […](#)" in po["s5"].comment
    assert "origin: machine translation (argos, model 1.9)" in po["s5"].comment
    assert po["s3"].tcomment == "glossary: Moscow → Москва"
    assert "nplurals=3" in PLURAL_FORMS["ru"] and PLURAL_FORMS["tg"].startswith("nplurals=2;")


def _xliff2_schema():
    folder = SCHEMAS / "xliff2"
    imports = "".join(
        f'<xs:import namespace="urn:oasis:names:tc:xliff:{ns}" schemaLocation="{(folder / xsd).as_uri()}"/>'
        for ns, xsd in (("document:2.0", "xliff_core_2.0.xsd"), ("metadata:2.0", "metadata.xsd"),
                        ("glossary:2.0", "glossary.xsd")))
    wrapper = (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
               f'targetNamespace="urn:workbench:tests">{imports}</xs:schema>')
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


def test_xliff2_files_validate_with_their_modules(exported):
    schema = _xliff2_schema()
    for path in exported["xliff2"]:
        document = etree.parse(str(path))
        assert schema.validate(document), (path.name, schema.error_log)
    broken = etree.parse(str(exported["xliff2"][0]))
    broken.find(f".//{{{XLIFF2}}}segment").set("state", "done")
    assert not schema.validate(broken)  # the schema is really checking
    assert etree.parse(str(exported["xliff2"][0])).find(
        ".//{urn:oasis:names:tc:xliff:glossary:2.0}term").text == "Moscow"


def test_xliff12_files_validate_against_the_strict_schema(exported):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff12" / "xliff-core-1.2-strict.xsd")))
    for path in exported["xliff12"]:
        assert schema.validate(etree.parse(str(path))), (path.name, schema.error_log)


def _inline_codes(element, names):
    return [(etree.QName(child).localname, child.get("id")) for child in element.iter()
            if isinstance(child.tag, str) and etree.QName(child).localname in names]


def test_xliff2_rules_the_schema_cannot_check(exported):
    for path in exported["xliff2"]:
        root = etree.parse(str(path)).getroot()
        units = root.findall(f".//{{{XLIFF2}}}unit")
        assert len({unit.get("id") for unit in units}) == len(units) == 17
        for unit in units:
            data_ids = [data.get("id") for data in unit.iter(f"{{{XLIFF2}}}data")]
            assert len(set(data_ids)) == len(data_ids)
            for reference in unit.xpath(".//@dataRef|.//@dataRefStart|.//@dataRefEnd"):
                assert reference in data_ids
            segment = unit.find(f"{{{XLIFF2}}}segment")
            source = _inline_codes(segment.find(f"{{{XLIFF2}}}source"), {"pc", "ph"})
            assert len({code_id for _, code_id in source}) == len(source)  # unique in the unit
            target = segment.find(f"{{{XLIFF2}}}target")
            if target is None:
                assert segment.get("state") == "initial"  # translated, reviewed, final need one
                continue
            assert segment.get("state") != "initial" or segment.get("subState") == "wb:new"
            codes = _inline_codes(target, {"pc", "ph"})
            assert set(codes) <= set(source)  # same id and kind as in the source
            assert segment.get("subState").startswith("wb:")


def test_xliff12_rules_the_schema_cannot_check(exported):
    root = etree.parse(str(exported["xliff12"][0])).getroot()
    units = {unit.get("id"): unit for unit in root.iter(f"{{{XLIFF12}}}trans-unit")}
    assert len(units) == 17
    for unit in units.values():
        source = _inline_codes(unit.find(f"{{{XLIFF12}}}source"), {"g", "x"})
        target = unit.find(f"{{{XLIFF12}}}target")
        if target is None:
            continue
        assert target.get("state") in set(TO_STATE_12.values())
        assert target.text or len(target)  # a target is never written empty
        assert set(_inline_codes(target, {"g", "x"})) <= set(source)
    assert units["s1"].find(f"{{{XLIFF12}}}target").get("state-qualifier") == "leveraged-mt"
    assert units["s1"].find(f"{{{XLIFF12}}}target").get("state") == "needs-review-translation"
    assert units["s7"].get("approved") == "yes"
    assert units["s8"].find(f"{{{XLIFF12}}}target") is None
    assert _inline_codes(units["s7"].find(f"{{{XLIFF12}}}source"), {"g"}) == [("g", "1"), ("g", "2")]


def test_tmx_holds_approved_translations_with_codes_that_read_back(store, tmp_path):
    translated_project(store)
    store.save_translation(SEED_SLUG, "s5", "ru", "Москва {1}заявила{/1} в четверг.",
                           Status.APPROVED, "human", author="anna")
    [path] = export_article(store, SEED_SLUG, "tmx", ["ru"], folder=tmp_path, actor=OWNER)
    root = etree.parse(str(path)).getroot()
    header = root.find("header")
    assert root.get("version") == "1.4"
    for attribute in ("creationtool", "creationtoolversion", "srclang", "adminlang", "datatype",
                      "o-tmf"):
        assert header.get(attribute)
    assert header.get("segtype") == "sentence"
    assert [tu.get("tuid") for tu in root.iter("tu")] == [f"{SEED_SLUG}/s5", f"{SEED_SLUG}/s7"]
    for seg in root.iter("seg"):
        opened = [element.get("i") for element in seg.iter("bpt")]
        assert opened == [element.get("i") for element in seg.iter("ept")]
    units = open_exchange(path, expect=TranslationMemory).units
    source = store.segment(SEED_SLUG, "s5").source
    assert units[0].source == source and units[0].target == "Москва {1}заявила{/1} в четверг."
    assert (units[0].source_lang, units[0].target_lang, units[0].author) == ("en", "ru", "anna")
    assert units[0].created_at.endswith("Z")
    assert units[1].source == store.segment(SEED_SLUG, "s7").source


def test_read_tmx_of_another_tool(tmp_path):
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en-US" srclang="en-US" '
        'datatype="html"/><body><tu creationid="ivan" creationdate="20240102T030405Z">'
        '<tuv xml:lang="en-US"><seg>Press <bpt i="5">&lt;b&gt;</bpt>Save<ept i="5">&lt;/b&gt;</ept>'
        '<ph>&lt;br/&gt;</ph> now</seg></tuv><tuv xml:lang="kk-KZ"><seg>'
        '<bpt i="5">&lt;b&gt;</bpt>Сақтау<ept i="5">&lt;/b&gt;</ept> түймесін басыңыз<ph/></seg>'
        '</tuv></tu></body></tmx>', encoding="utf-8")
    [unit] = open_exchange(path, expect=TranslationMemory).units
    assert unit.source == "Press {5}Save{/5}{6/} now"
    assert unit.target == "{5}Сақтау{/5} түймесін басыңыз{6/}"
    assert (unit.source_lang, unit.target_lang) == ("en", "kk")
    assert (unit.created_at, unit.author) == ("2024-01-02T03:04:05Z", "ivan")


@pytest.mark.parametrize("fmt", ["po", "xliff2", "xliff12"])
def test_write_then_read_keeps_every_unit(store, fmt):
    translated_project(store)
    store.save_translation(SEED_SLUG, "s4", "ru", "{1}Ведяшкин", Status.EDITED, "human")
    document = build_document(store, SEED_SLUG, "ru")
    back = FORMATS[fmt].read(FORMATS[fmt].write(document), "file")
    assert (back.article, back.lang) == (SEED_SLUG, "ru")
    assert [(u.sid, u.source, u.target, u.status, u.mark) for u in back.units] == [
        (u.sid, u.source, u.target, u.status, u.mark) for u in document.units]
    broken = next(unit for unit in back.units if unit.sid == "s4")
    assert [p.text for p in find_placeholders(broken.target)] == ["{1}"]  # kept as written


def test_the_hand_translations_survive_every_format(store):
    import_paths(store, [SEED], actor=OWNER)
    segments = store.segments(SEED_SLUG)
    for lang in LANGS:
        pairs = shipped_translations(lang)
        assert [pair["source"] for pair in pairs] == [segment.source for segment in segments]
        for segment, pair in zip(segments, pairs):
            store.save_translation(SEED_SLUG, segment.sid, lang, pair["target"], Status.REVIEWED,
                                   "human")
        expected = [pair["target"] for pair in pairs]
        for fmt in ("po", "xliff2", "xliff12"):
            document = build_document(store, SEED_SLUG, lang)
            written = FORMATS[fmt].write(document)
            back = FORMATS[fmt].read(written.encode() if isinstance(written, str) else written, fmt)
            assert [unit.target for unit in back.units] == expected, (lang, fmt)
            assert {unit.status for unit in back.units} == {Status.REVIEWED}


@pytest.mark.parametrize("fmt", ["po", "xliff2"])
def test_an_export_written_page_by_page_is_one_view_of_the_store(store, store_location, tmp_path,
                                                                 fmt):
    """Another session re-imports the article (three paragraphs before the rest) and saves a
    translation while the file is written: the file is the store as it was when the export
    began, whole, with the count its header announces."""
    article = tmp_path / "long.md"
    paragraphs = [f"Paragraph number {number} stays." for number in range(1, 1101)]
    article.write_text("\n\n".join(paragraphs) + "\n")
    [report] = import_paths(store, [article], actor=OWNER)
    before = [(segment.sid, segment.source) for segment in store.segments(report.slug)]
    other = Store.open(store_location)

    def meanwhile(segment, lang):
        if segment.sid == before[0][0]:
            article.write_text("\n\n".join(["New one.", "New two.", "New three.", *paragraphs]))
            import_paths(other, [article], actor=OWNER)
            other.save_translation(report.slug, before[-1][0], lang, "Позже.", Status.EDITED,
                                   Origin.HUMAN)
        return []

    [path] = export_article(store, report.slug, fmt, ["ru"], folder=tmp_path / "out",
                            terms_for=meanwhile, actor=OWNER)
    other.close()
    document = open_exchange(path)
    assert document.expected_units == len(before)
    assert [(unit.sid, unit.source, unit.target) for unit in document.units] == [
        (sid, source, None) for sid, source in before]
    assert len(store.segments(report.slug)) == len(before) + 3  # the other session did write
    assert store.translation(report.slug, before[-1][0], "ru").target == "Позже."
