"""Every kind of bad file: a clear one-line error naming the file, and the store untouched."""

import pytest

from tests.conftest import OWNER, SEED_SLUG
from tests.exchange_helpers import dump, translated_project
from workbench.errors import InputError
from workbench.exchange.export import export_article
from workbench.formats import TranslationMemory, open_exchange
from workbench.store import Store


@pytest.fixture
def project(tmp_path, run):
    store = Store.open(run.db)
    translated_project(store)
    files = {fmt: export_article(store, SEED_SLUG, fmt, ["ru"], folder=tmp_path / "out", actor=OWNER)[0]
             for fmt in ("po", "xliff2", "xliff12", "tmx")}
    store.close()
    return files


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _bad_files(files, tmp_path):
    po = files["po"].read_bytes()
    xliff2 = files["xliff2"].read_bytes()
    xliff12 = files["xliff12"].read_bytes()
    entity = xliff2.replace(b"<xliff ", b'<!DOCTYPE x [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n<xliff ', 1)
    entity = entity.replace(b"<source>September 23, 2022", b"<source>&leak;", 1)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1">&lol2;</xliff>')
    return {
        "po syntax": (_write(tmp_path / "syntax.po", po.replace(b'msgctxt "s3"', b'msgctxt "s3"\nnot PO at all', 1)),
                      "PO syntax error at line"),
        "po truncated mid-entry": (_write(tmp_path / "cut.po", po[: po.index(b'"The draft rules') + 20]),
                                   "string not closed (truncated file?)"),
        "po truncated between entries": (
            _write(tmp_path / "cut2.po", po[: po.index(b'#. paragraph 4')]),
            "has 8 of the 17 units it was exported with: truncated?"),
        "po wrong encoding": (_write(tmp_path / "cp1251.po", po.decode("utf-8").encode("cp1251", "replace")),
                              "is not valid UTF-8 as its header says"),
        "po another article": (_write(tmp_path / "other.po", po.replace(
            f"X-Workbench-Article: {SEED_SLUG}".encode(), b"X-Workbench-Article: weather-report")),
            "is for article 'weather-report', which is not in the project"),
        "po no article": (_write(tmp_path / "noarticle.po", po.replace(
            f'"X-Workbench-Article: {SEED_SLUG}\\n"\n'.encode(), b"")),
            "does not say which article it belongs to"),
        "po unknown language": (_write(tmp_path / "de.po", po.replace(b"Language: ru", b"Language: de")),
                                "PO header Language: unknown language code 'de'"),
        "po no language": (_write(tmp_path / "nolang.po", po.replace(b'"Language: ru\\n"\n', b"")),
                           "PO header Language is missing"),
        "empty": (_write(tmp_path / "empty.po", b"\n"), "file is empty"),
        "xliff unknown inline": (
            _write(tmp_path / "inline.xlf", xliff2.replace(b"<source>September 23, 2022</source>",
                                                           b"<source>September <b>23</b>, 2022</source>")),
            "is not valid XLIFF 2 (line 49: Element 'b': This element is not expected"),
        "xliff external entity": (_write(tmp_path / "xxe.xlf", entity), "refused for safety"),
        "xliff entity expansion": (_write(tmp_path / "lol.xlf", laughs), "refused for safety"),
        "xliff truncated": (_write(tmp_path / "cut.xlf", xliff2[: len(xliff2) // 2]),
                            "is not well-formed XML, truncated or wrongly encoded"),
        "xliff12 wrong encoding": (
            _write(tmp_path / "cp1251.xlf", xliff12.decode("utf-8").replace("МП", "Мп").encode("cp1251", "replace")),
            "is not well-formed XML, truncated or wrongly encoded"),
        "xliff12 no target language": (
            _write(tmp_path / "nolang12.xlf", xliff12.replace(b' target-language="ru"', b"")),
            "XLIFF target-language is missing"),
        "tmx is not for import": (files["tmx"], "is a TMX translation memory"),
        "not a translation file": (_write(tmp_path / "notes.txt", b"just some notes"),
                                   "is not a PO or XLIFF file"),
        "missing": (tmp_path / "nope.po", "cannot be read"),
    }


def test_every_bad_file_is_refused_with_a_clear_error(project, tmp_path, run):
    before = dump(run.db)
    for name, (path, message) in _bad_files(project, tmp_path).items():
        result = run("import-translations", str(path))
        assert result.exit_code == 1, name
        assert message in result.output, (name, result.output)
        assert str(path) in result.output, name
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, name
        assert dump(run.db) == before, name


def test_a_file_for_another_article_or_language_than_expected(project, run):
    before = dump(run.db)
    result = run("import-translations", str(project["po"]), "--lang", "kk")
    assert result.exit_code == 1 and "is for language 'ru', not 'kk'" in result.output
    result = run("import-translations", str(project["xliff2"]), "--article", "weather")
    assert result.exit_code == 1 and f"is for article '{SEED_SLUG}', not 'weather'" in result.output
    assert dump(run.db) == before


@pytest.mark.parametrize("content, message", [
    (b"<tmx version='1.4'><header/><body><tu><tuv xml:lang='en'><seg>cut", "not well-formed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b"<tmx version='1.4'><header srclang='en'/><body/></tmx>", "refused for safety"),
    (b"<xliff/>", "is not a TMX file"),
    (b"<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>a <b>b</b></seg>"
     b"</tuv><tuv xml:lang='ru'><seg>x</seg></tuv></tu></body></tmx>", "unknown inline element <b>"),
])
def test_read_tmx_refuses_bad_files(tmp_path, content, message):
    path = tmp_path / "memory.tmx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        open_exchange(path, expect=TranslationMemory)


def test_a_plain_doctype_naming_the_tmx_dtd_is_read(tmp_path):
    path = tmp_path / "omegat.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="6" segtype="sentence"'
        ' o-tmf="OmegaT" adminlang="EN-US" srclang="EN" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="EN"><seg>Moscow</seg></tuv><tuv xml:lang="RU"><seg>Москва</seg></tuv></tu>'
        "</body></tmx>", encoding="utf-8")
    (unit,) = open_exchange(path, expect=TranslationMemory).units
    assert (unit.source, unit.target) == ("Moscow", "Москва")
