"""Broken and hostile articles (issue 12, cases 11-15 and control characters): one line naming
the file and the problem, or every word of the input in a segment; never a guessed code page,
a lost article or a segment too long to translate."""

import os
import re

import pytest

from tests.conftest import OWNER
from tests.exchange_helpers import dump
from workbench import settings
from workbench.errors import InputError
from workbench.importing import import_paths
from workbench.importing.rebuild import rebuild_document
from workbench.model import Origin, Status
from workbench.segmentation import normalize_space
from workbench.store import Store


def _refused(run, path, message, *options):
    before = dump(run.db)
    result = run("import", str(path), *options)
    assert result.exit_code == 1, result.output
    assert re.search(message, result.output), result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert dump(run.db) == before


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def _segment_words(run, slug: str) -> set[str]:
    store = Store.open(run.db)
    try:
        return _words(" ".join(segment.source for segment in store.segments(slug)))
    finally:
        store.close()


# 11. A file that is UTF-8 but for a few bytes is refused naming them.

def test_utf8_with_a_stray_byte_is_refused_not_read_as_mac_roman(run, tmp_path):
    path = tmp_path / "quotes.md"
    text = "# “Quoted” headline\n\nThe minister said “no” — twice.\n\nA third paragraph.\n"
    data = text.encode("utf-8")
    cut = data.index(b"A third")
    path.write_bytes(data[:cut] + b"\x93" + data[cut:])
    _refused(run, path, r"quotes\.md: is UTF-8 but for 1 invalid byte sequence\(s\), the first "
                        r"\(byte 0x93\) on line 5, column 1; fix them, or save the file as UTF-8 "
                        "again")


def test_a_legacy_file_is_read_and_the_report_says_so(run, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Headline\n\nThe café’s “new” menu costs €5.\n".encode("cp1252"))
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "note: not UTF-8: read as cp1252, the likeliest legacy encoding" in result.output


# 12. Deep nesting drops nothing: every word is in a segment, or the file is refused.

def test_markdown_lists_and_quotes_nested_deep_keep_every_word(run, tmp_path):
    lists = "".join("  " * level + f"- item{level} words\n" for level in range(12))
    quotes = "".join("> " * level + f"quote{level} words\n\n" for level in range(1, 23))
    path = tmp_path / "nested.md"
    path.write_text(f"# Title\n\n{lists}\nMiddle paragraph.\n\n{quotes}Closing words.\n", "utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    expected = _words(path.read_text("utf-8"))
    assert _segment_words(run, "nested") == expected


def test_html_nested_deep_keeps_every_word_up_to_the_limit(run, tmp_path):
    depth = settings.MAX_NESTING_DEPTH - 5
    path = tmp_path / "deep.html"
    path.write_text("<h1>Title</h1>" + "<div>" * depth + "<p>deep words</p>" + "</div>" * depth
                    + "<p>after words</p>", "utf-8")
    assert run("import", str(path)).exit_code == 0
    assert _segment_words(run, "deep") == {"Title", "deep", "words", "after"}


@pytest.mark.parametrize("name, content, message", [
    ("page.html", "<p>start</p>" + "<div>" * 300 + "lost?" + "</div>" * 300 + "<p>after</p>",
     r"page\.html: elements are nested more than 100 levels deep \(line 1\)"),
    ("list.md", "".join("  " * level + f"- item {level}\n" for level in range(60)) + "\nafter\n",
     r"list\.md: lists or quotes are nested more than 100 levels deep \(line \d+\)"),
    ("quote.md", "> " * 120 + "deep\n\nafter\n",
     r"quote\.md: lists or quotes are nested more than 100 levels deep \(line 1\)"),
])
def test_nesting_deeper_than_any_article_is_refused(run, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    _refused(run, path, message)


# 13. A file from another path is another article unless the user says it replaces one.

def test_a_file_from_another_path_is_another_article(run, tmp_path):
    first, second = tmp_path / "a" / "index.md", tmp_path / "b" / "index.md"
    for path, word in ((first, "Alpha"), (second, "Beta")):
        path.parent.mkdir()
        path.write_text(f"# {word} title\n\n{word} body sentence.\n", "utf-8")
    assert run("import", str(first)).exit_code == 0
    store = Store.open(run.db)
    store.save_translation("index", "s2", "ru", "Альфа.", Status.EDITED, Origin.HUMAN)
    store.close()
    result = run("import", str(second))
    assert result.exit_code == 0, result.output
    assert (f"note: article 'index' comes from {first.resolve()}: this file is a new article "
            "'b-index' (to update 'index' from it, import it with --replace index)") in result.output
    store = Store.open(run.db)
    assert [article.slug for article in store.articles()] == ["b-index", "index"]
    assert store.segment("index", "s2").source == "Alpha body sentence."
    assert store.translation("index", "s2", "ru").target == "Альфа."
    store.close()
    assert "unchanged" in run("import", str(first)).output  # same path: same article
    replaced = run("import", str(second), "--replace", "index")
    assert replaced.exit_code == 0, replaced.output
    assert f"updates article 'index', imported from {first.resolve()} until now" in replaced.output
    store = Store.open(run.db)
    assert store.segment("index", "s2").source == "Beta body sentence."
    assert store.translation("index", "s2", "ru").needs_review  # Alpha's translation, to check
    store.close()


def test_replace_takes_one_file_and_an_existing_article(run, tmp_path):
    path = tmp_path / "one.md"
    path.write_text("# One\n\nText.\n", "utf-8")
    _refused(run, tmp_path, r"--replace: updates one article: give exactly one file",
             "--replace", "one")
    _refused(run, path, r"no article 'nothing'", "--replace", "nothing")


def test_a_store_that_kept_relative_paths_finds_its_articles(store, tmp_path, monkeypatch):
    """Before paths were stored absolute, source_path was the path as typed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.md").write_text("# Story\n\nOne sentence.\n", "utf-8")
    [report] = import_paths(store, ["story.md"], actor=OWNER)
    article = store.article("story")
    store.save_article(type(article)(**{**article.__dict__, "source_path": "story.md"}))
    (tmp_path / "story.md").write_text("# Story\n\nOne sentence. Two sentences.\n", "utf-8")
    [again] = import_paths(store, ["story.md"], actor=OWNER)
    assert (again.slug, again.added) == ("story", 1)
    assert store.article("story").source_path == str(tmp_path.resolve() / "story.md")


# 14. Options and file names.

@pytest.mark.parametrize("value, shown", [("nan", "nan"), ("inf", "inf"), ("-1", "-1.0"),
                                         ("0", "0.0"), ("1e300", "1e+300")])
def test_max_size_must_be_a_positive_number(run, tmp_path, value, shown):
    path = tmp_path / "a.md"
    path.write_text("# A\n\nText.\n", "utf-8")
    _refused(run, path, rf"^Error: --max-size: must be a number of megabytes above 0 and at "
                        rf"most 1,000,000, not {re.escape(shown)}$", "--max-size", value)


@pytest.mark.parametrize("max_bytes", [0, -1, settings.LARGEST_ARTICLE_LIMIT_BYTES + 1])
def test_the_library_refuses_a_size_limit_out_of_range(store, tmp_path, max_bytes):
    path = tmp_path / "a.md"
    path.write_text("# A\n\nText.\n", "utf-8")
    with pytest.raises(InputError, match="largest article size: must be above 0"):
        import_paths(store, [path], actor=OWNER, max_bytes=max_bytes)
    assert store.articles() == []


def test_file_names_that_are_not_utf8_are_named_and_imported(run, tmp_path):
    folder = os.fsencode(tmp_path)
    good = folder + b"/caf\xe9.md"
    bad = folder + b"/vide\xe9.md"
    with open(good, "wb") as handle:
        handle.write("# Café\n\nText here.\n".encode())
    open(bad, "wb").close()
    _refused(run, os.fsdecode(bad), r"vide\\xe9\.md: file is empty")
    result = run("import", os.fsdecode(good))
    assert result.exit_code == 0, result.output
    assert "caf: imported, 2 segments" in result.output and "caf\\xe9.md" in result.output


def test_utf16_without_a_byte_order_mark_is_read(run, tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Заголовок\n\nТекст статьи, и ещё одно предложение.\n".encode("utf-16-le"))
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "utf-16-le" in result.output and "(no byte order mark)" in result.output
    assert "Текст" in " ".join(_segment_words(run, "wide"))


# 15. No segment longer than the cap; the cut is said, and the article rebuilds exactly.

def test_a_paragraph_without_a_sentence_end_is_cut_at_clauses(run, tmp_path):
    words = ["alpha", "beta,", "gamma", "delta;", "**bold", "span**", "epsilon", "zeta —", "eta"]
    paragraph = " ".join(words[index % len(words)] for index in range(40_000))
    path = tmp_path / "long.md"
    path.write_text(f"# Long\n\n{paragraph}\n", "utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert re.search(r"note: paragraph 1: a sentence of [\d,]+ characters was cut into [\d,]+ "
                     r"segments of at most 1,000 \(at commas", result.output)
    store = Store.open(run.db)
    segments = store.segments("long")
    assert max(len(segment.source) for segment in segments) <= settings.MAX_SEGMENT_CHARS
    assert len(segments) > 200 and segments[5].context.startswith("paragraph 1, part 5 of ")
    rebuilt = rebuild_document(store.blocks("long"), segments, None, "markdown")
    store.close()
    assert rebuilt.split("\n\n")[1].strip() == normalize_space(paragraph)


def test_markup_open_across_cuts_counts_towards_the_cap(run, tmp_path):
    """Bold spans open across many cuts: the codes each part opens and closes again are
    within the cap too."""
    spans = " ".join(f"**span {index}, a few words of it" for index in range(20))
    closes = " ".join(f"end {index}**" for index in range(20))
    path = tmp_path / "nested.md"
    path.write_text(f"# Nested\n\nStart {spans} {'middle words, ' * 150}{closes} done\n", "utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    store = Store.open(run.db)
    segments = store.segments("nested")
    store.close()
    assert len(segments) > 3
    assert max(len(segment.source) for segment in segments) <= settings.MAX_SEGMENT_CHARS


def test_more_markup_open_at_once_than_a_segment_carries_is_refused(run, tmp_path):
    spans = " ".join(f"**span {index}, a few words of it" for index in range(80))
    closes = " ".join(f"end {index}**" for index in range(80))
    path = tmp_path / "tangle.md"
    path.write_text(f"# Tangle\n\nStart {spans} {'middle words, ' * 150}{closes} done\n",
                    "utf-8")
    _refused(run, path, r"tangle\.md: paragraph 1 has more bold, italics or links open at once "
                        r"than a segment of 1,000 characters can carry")


def test_a_word_longer_than_the_cap_is_refused(run, tmp_path):
    path = tmp_path / "blob.txt"
    path.write_text("Title\n\nStart " + "x" * 5000 + " end.\n", "utf-8")
    _refused(run, path, r"blob\.txt: paragraph 1 has a word of more than 1,000 characters")


# Control characters never reach the store, whether written raw or as a reference.

@pytest.mark.parametrize("name, content, message", [
    ("raw.md", "# Title\n\nA bell\x07 rings." + " And more words." * 20 + "\n",
     r"raw\.md: paragraph 1, sentence 1 of 21 contains control character U\+0007 at character 7,"
     r" after 'A bell'; such characters are not text: remove it"),
    ("reference.html", "<h1>Title</h1><p>A bell&#7; rings.</p>",
     r"reference\.html: paragraph 1 contains control character U\+0007"),
])
def test_control_characters_in_an_article_are_refused(run, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    _refused(run, path, message)
