"""Translation memory: exact and fuzzy lookup, context preference, filling before MT,
imported memories, and the `workbench tm` commands."""

import json
import random

from click.testing import CliRunner
from rapidfuzz import fuzz, process

from tests.conftest import OWNER, SEED, SEED_SLUG
from tests.mt_helpers import FakeEngine
from workbench.cli import cli
from workbench.formats.tmx import TmxUnit
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.mt.pipeline import translate_article
from workbench.tm import (
    MemoryIndex,
    TmEntry,
    fill_from_memory,
    import_units,
    suggestions_for,
    tm_lookup,
)

CENTER = "The Sakharovo migration center in Moscow."
CENTER_RU = "Миграционный центр «Сахарово» в Москве."
SEED_SEGMENT_5 = ("Moscow could strip the Russian passports of naturalized citizens from Central "
                  "Asia if they defy President Vladimir Putin's orders to take up arms in Ukraine, "
                  "a senior human rights official {1}said{/1} Thursday.")


def tmx_unit(source_lang, target_lang, source, target):
    return TmxUnit(source_lang, target_lang, source, target, None, None)


def _article(store, tmp_path, name, text):
    path = tmp_path / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    import_paths(store, [path], actor=OWNER)
    return name


def test_exact_match_prefers_same_role_then_approved(store, tmp_path):
    _article(store, tmp_path, "a", f"# {CENTER}\n\n{CENTER}\n")
    store.save_translation("a", "s1", "ru", "Сахаровский центр в Москве", Status.APPROVED, Origin.HUMAN)
    store.save_translation("a", "s2", "ru", CENTER_RU, Status.REVIEWED, Origin.HUMAN)

    as_paragraph = tm_lookup(store, CENTER, "ru", role="paragraph")
    assert [(m.entry.target, m.exact, m.same_role) for m in as_paragraph] == [
        (CENTER_RU, True, True), ("Сахаровский центр в Москве", True, False)]
    as_title = tm_lookup(store, CENTER, "ru", role="title")
    assert as_title[0].entry.target == "Сахаровский центр в Москве"
    assert tm_lookup(store, CENTER, "ru")[0].entry.status == "approved"


def test_fuzzy_match_shows_score_and_word_diff(store, tmp_path):
    _article(store, tmp_path, "a", f"{CENTER}\n")
    store.save_translation("a", "s1", "kk", "Мәскеудегі Сахарово көші-қон орталығы.", Status.APPROVED,
                           Origin.HUMAN)
    [match] = tm_lookup(store, "The Sakharovo detention center near Moscow.", "kk")
    assert not match.exact and 80 < match.score < 90
    assert match.diff_text() == "The Sakharovo [-migration-] {+detention+} center [-in-] {+near+} Moscow."
    assert tm_lookup(store, "Completely unrelated words about weather today.", "kk") == []


def test_only_reviewed_and_approved_current_translations_are_memory(store, tmp_path):
    _article(store, tmp_path, "a", f"{CENTER}\n")
    store.save_translation("a", "s1", "ru", CENTER_RU, Status.EDITED, Origin.HUMAN)
    assert tm_lookup(store, CENTER, "ru") == []
    store.save_translation("a", "s1", "ru", CENTER_RU, Status.APPROVED, Origin.HUMAN)
    assert [m.entry.where for m in tm_lookup(store, CENTER, "ru")] == ["a#s1"]
    store.mark_source_changed("a", "s1", CENTER)
    assert tm_lookup(store, CENTER, "ru") == []


def test_fill_from_memory_before_mt(store, tmp_path):
    import_paths(store, [SEED], actor=OWNER)
    store.save_translation(SEED_SLUG, "s3", "ru", CENTER_RU, Status.APPROVED, Origin.HUMAN)
    store.save_translation(SEED_SLUG, "s17", "ru", "Оригинальная ссылка:", Status.APPROVED, Origin.HUMAN)
    follow = _article(store, tmp_path, "follow-up",
                      f"# {CENTER}\n\n{CENTER}\n\nOriginal url:\n\nA new sentence.\n")
    store.save_translation(follow, "s3", "ru", "Исходная ссылка:", Status.MACHINE_TRANSLATED, Origin.MT)
    store.save_translation(follow, "s4", "ru", "Новое предложение.", Status.EDITED, Origin.HUMAN)

    assert fill_from_memory(store, follow, ["ru", "kk"], author="bot", actor=OWNER) == {"ru": 3, "kk": 0}
    filled = store.translations(follow, "ru")
    assert (filled["s2"].target, filled["s2"].status, filled["s2"].origin) == (
        CENTER_RU, Status.EDITED, Origin.TM)  # the seed's s3 is a caption, this a paragraph
    assert filled["s1"].status == Status.EDITED
    assert (filled["s3"].target, filled["s3"].status) == ("Оригинальная ссылка:", Status.REVIEWED)
    assert filled["s4"].target == "Новое предложение."
    note = store.history(follow, "s3", "ru")[-1].note
    assert note == f"exact match from {SEED_SLUG}#s17 (approved)"


def test_fill_never_overwrites_a_draft(store, tmp_path):
    _article(store, tmp_path, "a", f"{CENTER}\n\n{CENTER}\n")
    store.save_translation("a", "s1", "ru", CENTER_RU, Status.APPROVED, Origin.HUMAN)
    store.save_translation("a", "s2", "ru", "Центр.", Status.NEW, Origin.IMPORT)
    assert fill_from_memory(store, "a", ["ru"], actor=OWNER) == {"ru": 0}
    assert store.translation("a", "s2", "ru").target == "Центр."


def test_imported_units_join_the_memory(store):
    units = [
        tmx_unit("en-US", "ru-RU", "Migrants queue for passports.", "Мигранты стоят в очереди за паспортами."),
        tmx_unit("en", "ru", "Migrants queue for passports.", "Мигранты стоят в очереди за паспортами."),
        tmx_unit("en", "uzn_Latn", "Migrants queue for passports.", "Migrantlar pasport uchun navbatda turibdi."),
        tmx_unit("de", "ru", "Migranten stehen Schlange.", "Мигранты стоят в очереди."),
        tmx_unit("en", "fr", "Migrants queue.", "Les migrants font la queue."),
        tmx_unit("en", "kk", "Migrants queue.", "  "),
    ]
    report = import_units(store, units, "agency.tmx", actor=OWNER)
    assert report.to_json() == {"added": 2, "duplicates": 1, "skipped": {
        "source language de": 1, "target language fr": 1, "empty source or target": 1}}
    [match] = tm_lookup(store, "Migrants queue for new passports.", "ru")
    assert (match.entry.status, match.entry.where, match.exact) == ("external", "agency.tmx", False)
    assert tm_lookup(store, "Migrants queue for passports.", "uz")[0].exact


def test_candidate_filter_finds_the_best_match_brute_force_finds():
    rng = random.Random(7)
    words = [f"w{n}" for n in range(3000)]
    sentences = [" ".join(rng.choices(words, k=rng.randint(6, 20))) for _ in range(3000)]
    index = MemoryIndex([TmEntry(text, text.upper(), "approved", f"a#s{n}")
                         for n, text in enumerate(sentences)])
    for original in rng.sample(sentences, 50):
        tokens = original.split()
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
        query = " ".join(tokens)
        best = process.extractOne(query, sentences, scorer=fuzz.ratio)
        found = index.lookup(query, limit=1, min_score=0)
        assert found and found[0].score == best[1]


def test_tm_commands(run, tmp_path):
    run("import", str(SEED))
    run("edit", SEED_SLUG, "s3", "--lang", "ru", "--target", CENTER_RU)
    run("approve", SEED_SLUG, "s3", "--lang", "ru")
    stats = json.loads(run("tm", "stats", "--json").output)
    assert stats[0] == {"lang": "ru", "approved": 1, "reviewed": 0, "external": 0}

    found = run("tm", "lookup", "The Sakharovo migration center near Moscow.", "--lang", "ru")
    assert "fuzzy  approved" in found.output and "[-in-] {+near+}" in found.output
    assert f"-> {CENTER_RU}" in found.output
    as_json = json.loads(run("tm", "lookup", CENTER, "--lang", "ru", "--json").output)
    assert as_json[0]["exact"] and as_json[0]["score"] == 100.0

    other = tmp_path / "other.md"
    other.write_text(f"{CENTER}\n")
    run("import", str(other))
    filled = run("tm", "fill", "other", "--lang", "ru,kk")
    assert "ru: 1 segment(s) filled from memory" in filled.output
    assert "kk: 0 segment(s)" in filled.output


def test_suggestions_for_a_segment_leave_out_its_own_translation(store, tmp_path):
    _article(store, tmp_path, "a", f"{CENTER}\n\nThe Sakharovo migration center near Moscow.\n")
    store.save_translation("a", "s1", "ru", CENTER_RU, Status.APPROVED, Origin.HUMAN)
    store.save_translation("a", "s2", "ru", "Сахаровский миграционный центр под Москвой.",
                           Status.REVIEWED, Origin.HUMAN)
    first, second = store.segments("a")
    assert [(m.entry.where, m.exact) for m in suggestions_for(store, first, "ru")] == [("a#s2", False)]
    assert [(m.entry.where, m.exact) for m in suggestions_for(store, second, "ru")] == [("a#s1", False)]


def test_tm_import_reads_tmx_files_and_exports_of_another_project(run, tmp_path):
    run("import", str(SEED))
    run("edit", SEED_SLUG, "s5", "--lang", "kk", "--target", "Мәскеу {1}мәлімдеді{/1}.")
    run("approve", SEED_SLUG, "s5", "--lang", "kk", "--force")
    exported = tmp_path / "out"
    assert run("export", SEED_SLUG, "--format", "tmx", "--lang", "kk", "--output",
               str(exported)).exit_code == 0
    [tmx] = exported.glob("*.tmx")
    (tmp_path / "other").mkdir()
    other = ["--db", str(tmp_path / "other" / "project.db")]
    def run_other(*args):
        return CliRunner().invoke(cli, [*other, *args], catch_exceptions=False)

    first = run_other("tm", "import", str(tmx))
    assert first.exit_code == 0 and "1 added, 0 already in memory" in first.output
    assert "0 added, 1 already in memory" in run_other("tm", "import", str(tmx)).output
    [match] = json.loads(run_other("tm", "lookup", SEED_SEGMENT_5, "--lang", "kk", "--json").output)
    assert (match["exact"], match["status"], match["where"]) == (True, "external", tmx.name)
    assert match["target"] == "Мәскеу {1}мәлімдеді{/1}."

    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body>", encoding="utf-8")
    (tmp_path / "third").mkdir()
    third = ["--db", str(tmp_path / "third" / "project.db")]
    refused = CliRunner().invoke(cli, [*third, "tm", "import", str(tmx), str(broken)])
    assert refused.exit_code == 1 and "broken.tmx" in refused.output
    stats = json.loads(CliRunner().invoke(cli, [*third, "tm", "stats", "--json"]).output)
    assert sum(entry["external"] for entry in stats) == 0


def test_tm_import_refuses_a_utf16_tmx_with_an_internal_dtd(run, tmp_path):
    """Its entity used to be expanded into the memory: a byte search for <!ENTITY cannot see
    it in UTF-16, so the parsed document decides."""
    tmx = tmp_path / "utf16.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tmx [<!ENTITY who "Москва">]>\n'
        '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Moscow</seg>'
        '</tuv><tuv xml:lang="ru" creationid="&who;"><seg>Москва</seg></tuv></tu></body></tmx>',
        encoding="utf-16")
    result = run("tm", "import", str(tmx))
    assert result.exit_code == 1
    assert f"{tmx}: has entity declarations or an internal DTD; refused for safety" in result.output
    stats = json.loads(run("tm", "stats", "--json").output)
    assert sum(entry["external"] for entry in stats) == 0


def test_tm_import_refuses_a_translation_file_with_the_reason(run, tmp_path):
    run("import", str(SEED))
    exported = tmp_path / "out"
    run("export", SEED_SLUG, "--format", "xliff12", "--lang", "ru", "--output", str(exported))
    [xliff] = exported.glob("*.xlf")
    result = run("tm", "import", str(xliff))
    assert result.exit_code == 1
    assert (f"{xliff}: holds translations of an article (XLIFF 1.2); it is imported with "
            "import-translations, not into the translation memory") in result.output


def test_translate_fills_exact_memory_matches_before_mt(store, tmp_path):
    import_paths(store, [SEED], actor=OWNER)
    store.save_translation(SEED_SLUG, "s3", "ru", CENTER_RU, Status.APPROVED, Origin.HUMAN)
    follow = _article(store, tmp_path, "follow-up", f"{CENTER}\n\nThe city is quiet.\n")
    engine = FakeEngine()
    [result] = translate_article(store, follow, ["ru"], engine_for=lambda lang: engine, actor=OWNER)
    assert (result.from_memory, result.translated, result.kept) == (1, 1, 0)
    assert engine.translated == ["The city is quiet."]
    filled = store.translation(follow, "s1", "ru")
    assert (filled.target, filled.origin, filled.status) == (CENTER_RU, Origin.TM, Status.EDITED)
    [again] = translate_article(store, follow, ["ru"], engine_for=lambda lang: engine, force=True, actor=OWNER)
    assert (again.from_memory, again.kept) == (0, 1)
    assert store.translation(follow, "s1", "ru").target == CENTER_RU
