"""The format registry: any supported file opened by its content, from a path or bytes, and
the one safe XML parser every reader shares."""

import dataclasses
import io

import pytest
from lxml import etree

from tests.conftest import SEED_SLUG
from tests.exchange_helpers import translated_project
from workbench.errors import InputError
from workbench.exchange.export import build_document
from workbench.files import read_source
from workbench.formats import FORMATS, TranslationMemory, exchange_format, open_exchange
from workbench.formats.xmltext import serialize, write_streamed
from workbench.glossary.tbx import read_tbx
from workbench import xmlsafe
from workbench.segmentation.srx import parse_srx

ARTICLE_FORMATS = ["po", "xliff2", "xliff12"]


@pytest.fixture
def document(store):
    translated_project(store)
    return build_document(store, SEED_SLUG, "ru")


def _same_units(read, written):
    return [(u.sid, u.source, u.target, u.status) for u in read.units] == [
        (u.sid, u.source, u.target, u.status) for u in written.units]


@pytest.mark.parametrize("name", ARTICLE_FORMATS)
def test_each_format_is_recognised_by_its_content_from_bytes_or_a_path(document, tmp_path, name):
    data = FORMATS[name].write(document)
    misnamed = tmp_path / "translation.txt"  # the name says nothing: the content decides
    misnamed.write_bytes(data)
    assert exchange_format(data, "ru.tmx").name == name
    for read in (open_exchange(data, "upload"), open_exchange(misnamed), open_exchange(str(misnamed))):
        assert (read.article, read.lang) == (SEED_SLUG, "ru")
        assert _same_units(read, document)


@pytest.mark.parametrize("name", ["xliff2", "xliff12"])
def test_an_xml_format_in_utf16_is_recognised_by_its_root_element(document, name):
    data = FORMATS[name].write(document).decode("utf-8").replace(
        "encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16")
    assert b"xliff" not in data  # a search of the bytes would not find it
    assert exchange_format(data, "upload").name == name
    assert _same_units(open_exchange(data, "upload"), document)


def test_a_tmx_opens_as_a_translation_memory_and_is_refused_as_an_articles_translations(document):
    data = FORMATS["tmx"].write(document)
    memory = open_exchange(data, "memory.tmx", expect=TranslationMemory)
    assert [(unit.source_lang, unit.target_lang) for unit in memory.units][:1] == [("en", "ru")]
    assert [unit.source for unit in memory.units] == [unit.source for unit in document.units]
    with pytest.raises(InputError, match="^memory.tmx: is a TMX translation memory; TMX is imported "
                                         "into the translation memory, not as translations"):
        open_exchange(data, "memory.tmx")
    with pytest.raises(InputError, match="^ru.po: holds translations of an article .Gettext PO."):
        open_exchange(FORMATS["po"].write(document), "ru.po", expect=TranslationMemory)


@pytest.mark.parametrize("data, name, message", [
    (b"just some notes", "notes.txt", "notes.txt: is not a PO or XLIFF file"),
    (b"<html><body>hi</body></html>", "page.xlf",
     "page.xlf: is not a PO or XLIFF file (XML with root element <html>)"),
    (b"\n", "empty.po", "empty.po: file is empty"),  # the content cannot tell: the name does
    (b"<<<", "cut.xlf", "cut.xlf: is not well-formed XML"),
])
def test_what_is_not_recognised_is_named_with_the_reason(data, name, message):
    with pytest.raises(InputError) as error:
        open_exchange(data, name)
    assert str(error.value).startswith(message)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.po"
    path.write_bytes(b"#" * (2 * 1_048_576 + 1))
    with pytest.raises(InputError, match=f"^{path}: is 2.0 MB, over the 2.0 MB limit"):
        read_source(path, limit=2 * 1_048_576)
    assert read_source(b"msgid", "small.po", limit=5) == ("small.po", b"msgid")
    with pytest.raises(InputError, match="^missing.po: cannot be read"):
        read_source(tmp_path / "missing.po", "missing.po", limit=5)


LAUGHS = ('<?xml version="1.0" encoding="{encoding}"?>\n'
          '<!DOCTYPE {root} [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n')


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
@pytest.mark.parametrize("root, body, read", [
    ("tmx", '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg>'
            '</tuv><tuv xml:lang="ru" creationid="&b;"><seg>b</seg></tuv></tu></body></tmx>',
     lambda data: open_exchange(data, "m.tmx", expect=TranslationMemory)),
    ("xliff", '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" '
              'trgLang="ru"><file id="f1" original="&b;"/></xliff>',
     lambda data: open_exchange(data, "m.tmx")),
    ("tbx", '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
            '<text><body><conceptEntry id="a"><note>&b;</note></conceptEntry></body></text></tbx>',
     lambda data: read_tbx(data, "m.tmx")),
    ("srx", '<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="&b;"/></srx>',
     lambda data: parse_srx(data, "m.tmx")),
])
def test_entity_declarations_are_refused_in_any_encoding_by_every_reader(encoding, root, body, read):
    """Decided on the parsed document: a byte search for <!ENTITY misses it in UTF-16."""
    data = (LAUGHS.format(encoding=encoding, root=root) + body).encode(encoding)
    with pytest.raises(InputError, match="^m.tmx: has entity declarations or an internal DTD; "
                                         "refused for safety"):
        read(data)


def test_a_plain_doctype_is_read_but_an_entity_from_the_unread_dtd_is_refused():
    tmx = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
           '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Moscow</seg>'
           '</tuv><tuv xml:lang="ru"><seg>{target}</seg></tuv></tu></body></tmx>')
    [unit] = open_exchange(tmx.format(target="Москва").encode("utf-16"), "omegat.tmx",
                           expect=TranslationMemory).units
    assert unit.target == "Москва"
    with pytest.raises(InputError, match="refused for safety"):
        open_exchange(tmx.format(target="&nbsp;").encode("utf-16"), "omegat.tmx",
                      expect=TranslationMemory)


@pytest.mark.parametrize("stamp, expected", [
    ("20240102T030405Z", "2024-01-02T03:04:05Z"),  # TMX's recommended form
    ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z"),  # any ISO 8601 form is allowed
    ("20240102T060405+0300", "2024-01-02T03:04:05Z"),
])
def test_tmx_dates_are_read_as_dates(stamp, expected):
    data = (f'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg>'
            f'</tuv><tuv xml:lang="ru" creationdate="{stamp}"><seg>b</seg></tuv></tu></body></tmx>')
    [unit] = open_exchange(data.encode(), "m.tmx", expect=TranslationMemory).units
    assert unit.created_at == expected
    with pytest.raises(InputError, match="^m.tmx: <tuv> on line 1 has creationdate 'yesterday', "
                                         "which is not an ISO 8601 date"):
        open_exchange(data.replace(stamp, "yesterday").encode(), "m.tmx", expect=TranslationMemory)


def test_exported_files_carry_their_dates_in_each_formats_form(document):
    document.exported_at = "2026-11-25T10:00:00Z"
    document.revised_at = "2026-11-25T01:59:30+02:00"  # any ISO 8601 stamp, written in UTC
    po = FORMATS["po"].write(document).decode("utf-8")
    assert '"POT-Creation-Date: 2026-11-25 10:00+0000\\n"' in po
    assert '"PO-Revision-Date: 2026-11-24 23:59+0000\\n"' in po
    assert b'creationdate="20261125T100000Z"' in FORMATS["tmx"].write(document)


class _Pulled:
    """Units handed to a writer one at a time, checking as each is pulled that the one
    before it is already in the output: the writer streams, it does not gather the article."""

    def __init__(self, units, output):
        self.units, self.output = list(units), output

    def __len__(self):
        return len(self.units)

    def __iter__(self):
        for number, unit in enumerate(self.units):
            if number:
                previous = self.units[number - 1].sid
                assert f'{previous}"'.encode() in self.output.getvalue(), (
                    f"unit {unit.sid} was asked for before unit {previous} was written")
            yield unit


@pytest.mark.parametrize("name", [*ARTICLE_FORMATS, "tmx"])
def test_every_writer_writes_each_unit_before_it_asks_for_the_next(document, name):
    output = io.BytesIO()
    streamed = dataclasses.replace(document, units=_Pulled(document.units, output))
    FORMATS[name].write_to(streamed, output)
    assert output.getvalue() == FORMATS[name].write(document)


@pytest.mark.parametrize("nsmap, names", [
    ({None: "urn:x", "m": "urn:m"}, {tag: f"{{urn:x}}{tag}" for tag in ("doc", "file", "unit", "text")}),
    ({}, {tag: tag for tag in ("doc", "file", "unit", "text")}),
])
def test_a_streamed_xml_document_has_the_bytes_of_the_whole_tree(nsmap, names):
    """Each unit serialized on its own: no namespace declarations of its own, indented as in
    the whole document; no units gives what the whole tree gives."""
    def skeleton():
        root = etree.Element(names["doc"], nsmap=nsmap, version="1")
        etree.SubElement(root, names["file"] + "-header").text = "head"
        return root, etree.SubElement(root, names["file"])

    def unit(number, parent=None):
        element = (etree.Element(names["unit"], nsmap=nsmap) if parent is None
                   else etree.SubElement(parent, names["unit"]))
        element.set(f"{{{xmlsafe.XML_NS}}}space", "preserve")
        if nsmap:
            etree.SubElement(etree.SubElement(element, "{urn:m}meta"), "{urn:m}item").text = "<&>"
        inline = etree.SubElement(element, names["text"])
        inline.text = f" text {number} "
        etree.SubElement(inline, names["unit"] + "-code")  # no whitespace goes in here
        etree.SubElement(element, names["unit"] + "-empty")
        return element

    for count in (0, 1, 3):
        whole, whole_container = skeleton()
        for number in range(count):
            unit(number, whole_container)
        root, container = skeleton()
        output = io.BytesIO()
        write_streamed(output, root, container, (unit(number) for number in range(count)), {"text"})
        assert output.getvalue() == serialize(whole, {"text"}), count
