"""Property tests for every reader: any input, however broken or hostile, ends in success or
in the workbench's own error (WorkbenchError) with a one-line message, and after an error the
store is exactly as it was.

Inputs are valid files (an export of a translated project, the seed article, a glossary)
changed by Hypothesis: bytes flipped, cut, deleted or repeated, and snippets inserted that
readers find hard (markup, entities, <cp>, control characters, invalid UTF-8, byte order
marks). The suite runs the bounded, derandomized `ci` profile (tests/conftest.py); for a long
run: `.venv/bin/python scripts/fuzz_readers.py`.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import OWNER, SEED, SEED_SLUG
from tests.exchange_helpers import dump, translated_project
from workbench.errors import WorkbenchError
from workbench.exchange.export import export_files
from workbench.exchange.importer import import_data
from workbench.formats import TranslationMemory, open_exchange
from workbench.glossary import storage
from workbench.glossary.files import read_glossary
from workbench.glossary.tbx import write_tbx
from workbench.importing import import_paths
from workbench.settings import SHIPPED_GLOSSARY
from workbench.store import Store

SNIPPETS = [
    b"<", b">", b"&", b"&amp;", b"&#1;", b"&#xD800;", b"&e;", b'"', b"'", b"\\", b"|", b"!",
    b"\x00", b"\x01", b"\x1b", b"\r", b"\t", b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80",
    b"\xef\xbb\xbf", b"\xff\xfe", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?pi x?>",
    b'<!DOCTYPE x [<!ENTITY e "boom">]>', b'<cp hex="0000"/>', b'<cp hex="110000"/>',
    b'<cp hex="D800"/>', b'<ph id="9"/>', b'<pc id="a">', b"</pc>", b'<sc id="8"/>',
    b'<ec startRef="8"/>', b'<g id="1">', b"</g>", b'<x id="x"/>', b'<bpt i="1">',
    b"<term>", b"</term>", b"<note>n</note>", b"<b>", b"</b>", b"**", b"[", b"](", b"> ",
    b"- ", b"    ", b"#", b"\n\n", b'msgstr "', b'msgid "', b'msgctxt "', b'"\n', b"#, fuzzy\n",
    b"{1}", b"{/1}", b"{2/}", b":red[x]", b"$x$", b"=1+1", b",", "\u2028".encode(),
    "\u00b2".encode(), b"9" * 5000,  # a digit for isdigit(), too long for int()
]


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """`original` with a few edits at drawn places."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "flip", "cut", "repeat"]))
        if kind == "insert":
            data[position:position] = draw(st.sampled_from(SNIPPETS) | st.binary(max_size=6))
        elif kind == "delete":
            del data[position:position + draw(st.integers(1, 40))]
        elif kind == "flip" and position < len(data):
            data[position] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[position:]
        elif kind == "repeat":
            data[position:position] = data[max(0, position - 30):position]
    return bytes(data)


def _one_line(error: WorkbenchError) -> None:
    message = str(error)
    assert message.strip() and "\n" not in message and "Traceback" not in message, message


def _ends_well(store: Store, action) -> None:
    """`action()` succeeds, or raises a WorkbenchError with one line and changes nothing."""
    before = dump(store.location)
    try:
        action()
    except WorkbenchError as error:
        _one_line(error)
        assert dump(store.location) == before, str(error)


class Project(tuple):
    """(store, {format: exported file}, folder); shown briefly when Hypothesis reports."""

    def __repr__(self) -> str:
        return "<the translated project>"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A translated project in a SQLite store, and its files in every exchange format."""
    folder = tmp_path_factory.mktemp("properties")
    store = Store.open(folder / "project.db")
    translated_project(store)
    files = {fmt: export_files(store, SEED_SLUG, fmt, ["ru"], actor=OWNER)[f"ru{suffix}"]
             for fmt, suffix in (("po", ".po"), ("xliff2", ".xliff2.xlf"),
                                 ("xliff12", ".xliff12.xlf"), ("tmx", ".tmx"))}
    yield Project((store, files, folder))
    store.close()


PROPERTY = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.mark.parametrize("fmt, name", [("po", "ru.po"), ("xliff2", "ru.xliff2.xlf"),
                                       ("xliff12", "ru.xliff12.xlf")])
@PROPERTY
@given(data=st.data())
def test_translation_files(project, fmt, name, data):
    store, files, _ = project
    content = data.draw(mutated(files[fmt]))
    for dry_run in (True, False):
        _ends_well(store, lambda: import_data(store, [(name, content)], actor=OWNER,
                                                        dry_run=dry_run))


@PROPERTY
@given(data=st.data())
def test_translation_memories(project, data):
    store, files, _ = project
    content = data.draw(mutated(files["tmx"]))
    try:
        memory = open_exchange(content, "memory.tmx", expect=TranslationMemory)
    except WorkbenchError as error:
        _one_line(error)
        return
    from workbench.tm import import_units

    def add() -> None:
        with store.transaction():
            import_units(store, memory.units, "memory.tmx", actor=OWNER)

    _ends_well(store, add)


@pytest.mark.parametrize("suffix", [".csv", ".tbx"])
@PROPERTY
@given(data=st.data())
def test_glossary_files(project, suffix, data):
    store, _, _ = project
    shipped = SHIPPED_GLOSSARY.read_bytes()
    original = shipped if suffix == ".csv" else write_tbx(read_glossary(
        shipped, "shipped.csv").glossary)
    content = data.draw(mutated(original))

    def replace() -> None:
        storage.replace_glossary(store, read_glossary(content, f"g{suffix}").glossary,
                                 actor=OWNER, force=True)

    _ends_well(store, replace)


ARTICLES = {
    ".md": SEED.read_bytes(),
    ".html": (b"<html><body><h1>Title</h1><p>One <b>bold</b> sentence. <a href='x'>Link</a>."
              b"</p><ul><li>Item one</li><li>Item <i>two</i></li></ul><blockquote><p>Quoted."
              b"</p></blockquote><table><tr><td>Cell</td></tr></table></body></html>"),
    ".txt": b"Headline here\n\nFirst paragraph, with a comma. Second sentence.\n\n- one\n- two\n",
}


@pytest.mark.parametrize("suffix", list(ARTICLES))
@PROPERTY
@given(data=st.data())
def test_articles(project, suffix, data):
    store, _, folder = project
    path = folder / f"fuzzed{suffix}"
    path.write_bytes(data.draw(mutated(ARTICLES[suffix])))
    _ends_well(store, lambda: import_paths(store, [path], actor=OWNER))
