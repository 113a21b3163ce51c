"""Importing articles: segments, roles, inline codes, rebuild, re-import."""

import pytest

from tests.conftest import OWNER, SEED
from workbench.importing import import_paths, parse_file
from workbench.importing.markdown import parse_markdown
from workbench.importing.plaintext import parse_plain_text
from workbench.importing.rebuild import rebuild_document
from workbench.inline import code_problems, plain_text
from workbench.model import Origin, Role, Segment, Status


def _segments(parsed, slug="a"):
    return [
        Segment(f"s{i}", slug, i, p.block, p.role, p.source, p.codes, p.context)
        for i, p in enumerate(parsed.segments)
    ]


def _rebuild(parsed, targets=None):
    return rebuild_document(parsed.blocks, _segments(parsed), targets, parsed.format)


def test_seed_becomes_one_segment_per_sentence_with_roles_and_placeholders():
    parsed, encoding = parse_file(SEED)
    assert encoding == "utf-8"
    roles = [s.role for s in parsed.segments]
    sources = [s.source for s in parsed.segments]
    assert len(sources) == 17
    assert roles[:4] == [Role.TITLE, Role.DATELINE, Role.CAPTION, Role.CAPTION]
    assert sources[2] == "The Sakharovo migration center in Moscow."
    assert sources[3] == "{1}Sergei Vedyashkin / Moskva News Agency{/1}"
    assert parsed.segments[6].role == Role.RELATED
    assert sources[6] == (
        "{1}Related article:{/1} {2}Central Asians in Russia Pressured to Join Moscow's Fight in Ukraine{/2}"
    )
    assert "{1}said{/1} Thursday." in sources[4]
    assert sources[-1] == "Original url:" and roles[-1] == Role.FOOTER
    # The paragraph broken after "hailing" is read as the one sentence it is.
    assert any(s.startswith("The draft rules") and s.endswith("Telegram channel.") for s in sources)
    assert parsed.notes and "joined" in parsed.notes[0]
    for segment in parsed.segments:
        assert code_problems(segment.source, segment.codes) == []


def test_rebuilding_the_seed_gives_back_its_markdown():
    parsed, _ = parse_file(SEED)
    original = SEED.read_text(encoding="utf-8")
    rebuilt = _rebuild(parsed)
    normalized = "\n\n".join(
        part.replace("\n", " ").strip() for part in original.replace("hailing\n\nfrom", "hailing from").split("\n\n") if part.strip()
    ) + "\n"
    assert rebuilt == normalized
    assert "[said](#)" in rebuilt and "**Related article:**" in rebuilt
    assert "<https://www.themoscowtimes.com/2022/09/23/" in rebuilt


@pytest.mark.parametrize(
    "markdown",
    [
        "Text with **bold**, *italics*, _more_ and `code`.\n",
        "A [link](https://example.com/a_b \"Title\") and an image ![alt text](pic.png).\n",
        "Escaped \\*stars\\* and a \\[bracket\\] stay literal.\n",
        "# Title\n\n- first item\n- second **item**\n\n1. one\n2. two\n",
        "> A quoted sentence. Another one.\n",
        "Visit <https://example.org/x> or www.example.com/page today.\n",
        "Braces {1} in text are not placeholders.\n",
        "```\ncode block\n```\n\nAfter code.\n",
    ],
)
def test_inline_markup_round_trips(markdown):
    _assert_round_trip(markdown)


def _assert_round_trip(markdown: str) -> str:
    """Rebuilding gives text that reads back as the same segments, and rebuilds to itself."""
    parsed = parse_markdown(markdown)
    rebuilt = _rebuild(parsed)
    again = parse_markdown(rebuilt)
    assert [(s.source, s.codes, s.role) for s in again.segments] == [
        (s.source, s.codes, s.role) for s in parsed.segments]
    assert rebuilt == _rebuild(again)
    for segment in parsed.segments:
        assert code_problems(segment.source, segment.codes) == []
    return rebuilt


def test_urls_and_code_are_protected_from_translation():
    parsed = parse_markdown("See `pip install` at https://example.com/docs now.\n")
    (segment,) = parsed.segments
    assert plain_text(segment.source) == "See at now."
    assert [code.kind for code in segment.codes] == ["code", "url"]


def test_fully_bold_paragraph_keeps_its_markup_outside_the_sentences():
    parsed = parse_markdown("**First sentence here. Second one here.**\n")
    assert [s.source for s in parsed.segments] == ["First sentence here.", "Second one here."]
    assert _rebuild(parsed) == "**First sentence here. Second one here.**\n"


def test_translated_document_uses_targets_and_keeps_markup():
    parsed = parse_markdown("# Title\n\nHe **said** so. Then left.\n")
    segments = _segments(parsed)
    targets = {segments[1].sid: "Он {1}сказал{/1} так."}
    text = rebuild_document(parsed.blocks, segments, targets)
    assert text == "# Title\n\nОн **сказал** так. Then left.\n"


def test_messy_text_is_read_like_an_editor_would():
    text = "Title line\n\nFirst\u00a0sentence  with\tstray\nline breaks. It cost 10\u00a0000 rubles.\u200b\n"
    parsed = parse_plain_text(text)
    assert parsed.segments[0].role == Role.TITLE
    assert [s.source for s in parsed.segments[1:]] == [
        "First sentence with stray line breaks.",
        "It cost 10\u00a0000 rubles.",
    ]


def test_plain_text_lists_and_paragraphs():
    parsed = parse_plain_text("Headline\n\n- one thing\n- another thing\n\nClosing words.\n")
    assert [s.role for s in parsed.segments] == [Role.TITLE, Role.LIST_ITEM, Role.LIST_ITEM, Role.PARAGRAPH]
    assert _rebuild(parsed) == "Headline\n\n- one thing\n\n- another thing\n\nClosing words.\n"


def test_reimport_keeps_translations_of_unchanged_segments_and_flags_changed(store, tmp_path):
    article = tmp_path / "story.md"
    article.write_text("# Story\n\nFirst sentence stays. Second sentence will change.\n\nThird stays.\n")
    (report,) = import_paths(store, [article], actor=OWNER)
    assert report.created and report.segments == 4
    sids = {s.source: s.sid for s in store.segments("story")}
    for source, sid in sids.items():
        store.save_translation("story", sid, "ru", f"RU {source}", Status.REVIEWED, Origin.HUMAN, author="ana")

    article.write_text(
        "# Story\n\nFirst sentence stays. Second sentence has changed.\n\nA new paragraph.\n\nThird stays.\n"
    )
    (report,) = import_paths(store, [article], actor=OWNER)
    assert (report.unchanged, report.changed, report.added, report.removed) == (3, 1, 1, 0)
    segments = {s.source: s for s in store.segments("story")}
    translations = store.translations("story", "ru")
    first = translations[sids["First sentence stays."]]
    assert first.target == "RU First sentence stays." and not first.needs_review
    changed = segments["Second sentence has changed."]
    assert changed.sid == sids["Second sentence will change."]
    assert translations[changed.sid].needs_review
    assert translations[changed.sid].previous_source == "Second sentence will change."
    assert segments["A new paragraph."].sid not in translations
    assert store.history("story", changed.sid, "ru")[-1].note == "source changed: needs review"

    (again,) = import_paths(store, [article], actor=OWNER)
    assert not again.changed_anything
    assert store.translations("story", "ru") == translations


def test_removed_segments_keep_their_translations_out_of_the_article(store, tmp_path):
    article = tmp_path / "story.md"
    article.write_text("Keep this one. Drop this other sentence entirely.\n")
    import_paths(store, [article], actor=OWNER)
    dropped = store.segments("story")[1]
    store.save_translation("story", dropped.sid, "kk", "Қазақша", Status.EDITED, Origin.HUMAN)
    article.write_text("Keep this one.\n")
    (report,) = import_paths(store, [article], actor=OWNER)
    assert report.removed == 1
    assert [s.source for s in store.segments("story")] == ["Keep this one."]
    assert store.history("story", dropped.sid, "kk")


def test_html_article_blocks_and_inline_tags_round_trip():
    from workbench.importing.html import parse_html

    page = """<html><head><title>x</title><script>var a = 1;</script></head><body>
    <nav><a href="/">Home</a></nav>
    <article><h1>Russia Threatens Denaturalization</h1>
    <p>September 23, 2022</p>
    <figure><img src="a.jpg"><figcaption>The Sakharovo migration center. <b>Sergei Vedyashkin / Moskva News Agency</b></figcaption></figure>
    <p>Moscow could strip passports, an official <a href="https://example.com/x?a=1&amp;b=2">said</a> Thursday. Prices &lt; 5% rose.</p>
    <ul><li>One <em>item</em></li><li>Two</li></ul></article></body></html>"""
    parsed = parse_html(page)
    sources = [s.source for s in parsed.segments]
    assert sources[0] == "Russia Threatens Denaturalization" and parsed.segments[0].role == Role.TITLE
    assert parsed.segments[1].role == Role.DATELINE
    assert "{1}Sergei Vedyashkin / Moskva News Agency{/1}" in sources
    assert "Moscow could strip passports, an official {1}said{/1} Thursday." in sources
    assert "Prices < 5% rose." in sources
    assert "Home" not in " ".join(sources) and "var a" not in " ".join(sources)
    rebuilt = _rebuild(parsed)
    assert '<a href="https://example.com/x?a=1&amp;b=2">said</a>' in rebuilt
    assert "Prices &lt; 5% rose." in rebuilt
    again = parse_html(rebuilt)
    assert [s.source for s in again.segments] == sources


def test_moved_paragraphs_keep_their_segments_and_translations(store, tmp_path):
    article = tmp_path / "story.md"
    article.write_text("First paragraph here.\n\nSecond paragraph here.\n\nThird paragraph here.\n")
    import_paths(store, [article], actor=OWNER)
    sids = {s.source: s.sid for s in store.segments("story")}
    for source, sid in sids.items():
        store.save_translation("story", sid, "ky", f"KY {source}", Status.REVIEWED, Origin.HUMAN)
    article.write_text("Third paragraph here.\n\nFirst paragraph here.\n\nSecond paragraph here.\n")
    (report,) = import_paths(store, [article], actor=OWNER)
    assert (report.added, report.removed, report.changed) == (0, 0, 0)
    moved = store.segments("story")
    assert [s.source for s in moved] == ["Third paragraph here.", "First paragraph here.", "Second paragraph here."]
    assert {s.source: s.sid for s in moved} == sids
    translations = store.translations("story", "ky")
    assert all(translations[s.sid].target == f"KY {s.source}" for s in moved)


def test_a_changed_link_alone_is_a_change(store, tmp_path):
    article = tmp_path / "story.md"
    article.write_text("He [said](http://old.example) so.\n")
    import_paths(store, [article], actor=OWNER)
    article.write_text("He [said](http://new.example) so.\n")
    (report,) = import_paths(store, [article], actor=OWNER)
    assert report.changed_anything and report.unchanged == 1
    assert store.segments("story")[0].codes[0].closing == "](http://new.example)"


def test_a_translation_with_broken_placeholders_does_not_reach_the_document():
    parsed = parse_markdown("He **said** so.\n")
    segments = _segments(parsed)
    assert rebuild_document(parsed.blocks, segments, {segments[0].sid: "Он {1}сказал так."}) == (
        "He **said** so.\n"
    )


@pytest.mark.parametrize(
    "markdown",
    [
        "- outer item\n\n  - inner item\n\n  - another inner\n\n- second outer\n",
        "1. first\n\n   continued paragraph of the first item.\n\n2. second\n",
        "> ```\n> code in a quote\n> ```\n",
        "- ## A heading in an item\n",
    ],
)
def test_nested_containers_rebuild_in_place(markdown):
    from markdown_it import MarkdownIt

    render_html = MarkdownIt("commonmark").render
    assert render_html(_assert_round_trip(markdown)) == render_html(markdown)


def test_html_text_standing_loose_in_containers_is_kept():
    from workbench.importing.html import parse_html

    parsed = parse_html(
        "<body><div>Div only text here.</div><ul><li>Outer item text.<ul><li>Inner.</li></ul></li></ul>"
        "<div><p>In a paragraph.</p>Tail text <b>with bold</b> after it.</div></body>"
    )
    assert [s.source for s in parsed.segments] == [
        "Div only text here.", "Outer item text.", "Inner.", "In a paragraph.",
        "Tail text {1}with bold{/1} after it.",
    ]
