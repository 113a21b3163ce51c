"""`workbench check`, muting and the status commands, through the CLI, on the seed article."""

import json
from pathlib import Path

import pytest

from tests.conftest import SEED, SEED_SLUG, shipped_translations
from workbench.model import Origin, Status
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
HAND = json.loads((ROOT / "tests" / "data" / "qa" / "seed-hand-translations.json")
                  .read_text(encoding="utf-8"))
SHIPPED = {
    lang: [pair["target"] for pair in shipped_translations(lang)]
    for lang in ("ru", "kk", "ky", "tg", "uz")
}
LANGS = list(SHIPPED)
S8_RU = SHIPPED["ru"][7]
WRONG_NUMBER = S8_RU.replace("10 лет", "12 лет")


def _save(db, translations: dict[str, dict[str, str]], status=Status.EDITED):
    """{lang: {sid: target}} saved by "translator"."""
    store = Store.open(db)
    with store.transaction():
        for lang, targets in translations.items():
            for sid, target in targets.items():
                store.save_translation(SEED_SLUG, sid, lang, target, status, Origin.HUMAN,
                                       author="translator")
    store.close()


@pytest.fixture
def seeded(run):
    """The seed article with the shipped translations saved as edited (not yet approved)."""
    assert run("import", str(SEED)).exit_code == 0
    _save(run.db, {lang: {f"s{n}": target for n, target in enumerate(targets, 1)}
                   for lang, targets in SHIPPED.items()})
    return run


def _check(run, *args):
    result = run("check", SEED_SLUG, "--json", *args)
    return result.exit_code, json.loads(result.output)


def _history(db, sid, lang):
    store = Store.open(db)
    try:
        return store.history(SEED_SLUG, sid, lang)
    finally:
        store.close()


def test_shipped_translations_of_the_seed_pass_every_check(seeded):
    code, report = _check(seeded)
    assert (code, report["findings"], report["passed"]) == (0, [], True)
    assert seeded("check", SEED_SLUG).output.endswith("passed: 0 error, 0 warning, 0 info, 0 muted\n")
    strict = seeded("check", SEED_SLUG, "--strict")  # admitted forms only where the source has them
    assert (strict.exit_code, strict.output) == (0, "passed: 0 error, 0 warning, 0 info, 0 muted\n")


def test_independent_hand_translations_only_miss_glossary_terms(run):
    """Another correct translation of part of the seed: no false alarm from the checks,
    but the newsroom glossary wants its own terms (Kyrgyz Орусия, not Россия)."""
    run("import", str(SEED))
    _save(run.db, {lang: HAND[lang] for lang in LANGS})
    code, report = _check(run)
    assert code == 3
    translated = {(f["lang"], f["sid"]) for f in report["findings"] if f["check"] == "untranslated"}
    assert translated.isdisjoint((lang, sid) for lang in LANGS for sid in HAND[lang])
    assert {f["check"] for f in report["findings"]} == {"untranslated", "glossary"}
    assert "“Russia” should be translated as “Орусия”" in {
        f["message"] for f in report["findings"] if (f["lang"], f["sid"]) == ("ky", "s1")}


def test_fully_translated_article_passes_and_errors_fail_with_exit_3(run, tmp_path):
    article = tmp_path / "short.md"
    article.write_text("# Moscow Mayor Opens Recruitment Site\n\nThe site opened on September 23, 2022.\n")
    run("import", str(article))
    run("edit", "short", "s1", "--lang", "ru", "--target", "Мэр Москвы открыл пункт набора")
    run("edit", "short", "s2", "--lang", "ru", "--target", "Пункт открылся 23 сентября 2022 года.")
    passed = run("check", "short", "--lang", "ru")
    assert passed.exit_code == 0 and "passed: 0 error, 0 warning" in passed.output

    run("edit", "short", "s2", "--lang", "ru", "--target", "Пункт открылся 23 сентября.")
    failed = run("check", "short", "--lang", "ru")
    assert failed.exit_code == 3
    assert "error    numbers          number 2022 is missing in the target" in failed.output


def test_strict_makes_warnings_fail(run, tmp_path):
    article = tmp_path / "short.md"
    article.write_text("The site opened on Friday.\n")
    run("import", str(article))
    run("edit", "short", "s1", "--lang", "kk", "--target", "Пункт  жұма күні ашылды.")
    assert run("check", "short", "--lang", "kk").exit_code == 0
    assert run("check", "short", "--lang", "kk", "--strict").exit_code == 3


def test_mute_hides_a_finding_with_its_reason_until_unmuted(seeded):
    seeded("edit", SEED_SLUG, "s8", "--lang", "ru", "--target", WRONG_NUMBER)
    _, report = _check(seeded, "--lang", "ru")
    assert any(f["sid"] == "s8" and f["check"] == "numbers" for f in report["findings"])

    muted = seeded("mute", SEED_SLUG, "s8", "numbers", "--lang", "ru",
                   "--reason", "the ministry corrected the figure to 12")
    assert muted.exit_code == 0
    _, report = _check(seeded, "--lang", "ru")
    assert not any(f["sid"] == "s8" for f in report["findings"])
    assert report["counts"]["muted"] == 0

    _, everything = _check(seeded, "--lang", "ru", "--all")
    shown = [f for f in everything["findings"] if f["sid"] == "s8"]
    assert [f["message"] for f in shown] == ["number 10 is missing in the target",
                                             "number 12 in the target is not in the source"]
    assert all(f["muted"] and f["mute_reason"] == "the ministry corrected the figure to 12"
               for f in shown)
    assert everything["counts"]["muted"] == 2
    assert "muted: the ministry corrected" in seeded("check", SEED_SLUG, "--lang", "ru", "--all").output

    seeded("unmute", SEED_SLUG, "s8", "numbers", "--lang", "ru")
    _, report = _check(seeded, "--lang", "ru")
    assert any(f["sid"] == "s8" and f["check"] == "numbers" for f in report["findings"])


def test_mute_refuses_unknown_checks_segments_and_empty_reasons(seeded):
    unknown = seeded("mute", SEED_SLUG, "s8", "spelling", "--lang", "ru", "--reason", "x")
    assert unknown.exit_code == 1 and "spelling: no such check" in unknown.output
    missing = seeded("mute", SEED_SLUG, "s99", "numbers", "--lang", "ru", "--reason", "x")
    assert missing.exit_code == 1 and "no segment 's99'" in missing.output
    empty = seeded("mute", SEED_SLUG, "s8", "numbers", "--lang", "ru", "--reason", " ")
    assert empty.exit_code == 1 and "say why" in empty.output


def test_inconsistent_translations_across_articles(seeded, tmp_path):
    other = tmp_path / "follow-up.md"
    other.write_text("The Sakharovo migration center in Moscow.\n\nThe city is quiet.\n")
    seeded("import", str(other))
    seeded("approve", SEED_SLUG, "s3", "--lang", "ru")
    seeded("edit", "follow-up", "s1", "--lang", "ru", "--target", "В Москве — миграционный центр «Сахарово».")
    seeded("edit", "follow-up", "s2", "--lang", "ru", "--target", SHIPPED["ru"][2])
    report = json.loads(seeded("check", "follow-up", "--lang", "ru", "--json").output)
    messages = {f["sid"]: f["message"] for f in report["findings"] if f["check"] == "inconsistent"}
    assert messages == {
        "s1": f"the same source is translated '{SHIPPED['ru'][2]}' in {SEED_SLUG}#s3",
        "s2": f"the same target translates a different source in {SEED_SLUG}#s3: "
              "'The Sakharovo migration center in Moscow.'",
    }


def test_approve_refuses_errors_without_force_and_records_history(seeded, monkeypatch):
    monkeypatch.setenv("USER", "aigerim")  # who acts on a store without accounts
    seeded("edit", SEED_SLUG, "s8", "--lang", "ru", "--target", WRONG_NUMBER)
    monkeypatch.setenv("USER", "editor")
    refused = seeded("approve", SEED_SLUG, "s3", "s8", "--lang", "ru")
    assert refused.exit_code == 1
    assert "nothing approved: 1 segment(s)" in refused.output
    assert "s8: number 10 is missing" in refused.output
    assert _history(seeded.db, "s3", "ru")[-1].new_status == "edited"

    forced = seeded("approve", SEED_SLUG, "s3", "s8", "--lang", "ru", "--force")
    assert forced.exit_code == 0 and "approved: s3 s8" in forced.output
    last = _history(seeded.db, "s8", "ru")[-1]
    assert (last.author, last.old_status, last.new_status) == ("editor", "edited", "approved")
    assert last.note == "approved despite 2 error(s)"
    assert _history(seeded.db, "s3", "ru")[-1].note == ""


def test_approve_whole_article_skips_untranslated(run):
    run("import", str(SEED))
    _save(run.db, {"kk": {"s2": SHIPPED["kk"][1], "s3": SHIPPED["kk"][2]}})
    report = json.loads(run("approve", SEED_SLUG, "--lang", "kk", "--json").output)
    assert report["changed"] == ["s2", "s3"] and len(report["untranslated"]) == 15
    again = json.loads(run("approve", SEED_SLUG, "--lang", "kk", "--json").output)
    assert again["changed"] == [] and again["unchanged"] == ["s2", "s3"]


def test_reject_sends_back_to_the_translator_with_the_reason(seeded, monkeypatch):
    seeded("approve", SEED_SLUG, "s5", "--lang", "tg")
    monkeypatch.setenv("USER", "editor")
    result = seeded("reject", SEED_SLUG, "s5", "--lang", "tg", "--reason", "wrong verb tense")
    assert result.exit_code == 0 and "rejected: s5" in result.output
    last = _history(seeded.db, "s5", "tg")[-1]
    assert (last.author, last.old_status, last.new_status, last.note) == (
        "editor", "approved", "edited", "sent back: wrong verb tense")
    assert last.new_target == SHIPPED["tg"][4]
    again = seeded("reject", SEED_SLUG, "s5", "--lang", "tg")
    assert again.exit_code == 1 and "is edited: already with the translator" in again.output


def test_review_named_segment_and_edit_default_author(seeded, monkeypatch):
    monkeypatch.setenv("USER", "dilnoza")
    seeded("approve", SEED_SLUG, "s2", "--lang", "uz")
    assert "reviewed: s2" in seeded("review", SEED_SLUG, "s2", "--lang", "uz").output
    assert _history(seeded.db, "s2", "uz")[-1].new_status == "reviewed"
    assert _history(seeded.db, "s2", "uz")[-1].author == "dilnoza"

    edited = seeded("edit", SEED_SLUG, "s3", "--lang", "uz", "--target", "Moskvadagi  markaz.")
    assert edited.exit_code == 0 and "warning: [double-space]" in edited.output
    last = _history(seeded.db, "s3", "uz")[-1]
    assert (last.author, last.origin, last.new_status) == ("dilnoza", "human", "edited")


def test_status_commands_name_untranslated_segments(seeded, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("A sentence nobody translated.\n")
    seeded("import", str(other))
    result = seeded("approve", "other", "s1", "--lang", "ru")
    assert result.exit_code == 1 and "other s1: has no ru translation to change" in result.output
    stale = seeded("edit", SEED_SLUG, "s3", "--lang", "ru", "--target", "x", "--revision", "0")
    assert stale.exit_code == 1 and "was changed by translator" in stale.output


def test_a_translation_of_a_changed_source_fails_until_saved_again(seeded, tmp_path):
    changed = tmp_path / SEED.name
    changed.write_text(SEED.read_text(encoding="utf-8").replace(
        "The Sakharovo migration center in Moscow.", "The Sakharovo migration centre in Moscow."),
        encoding="utf-8")
    seeded("import", str(changed), "--replace", SEED_SLUG)  # a new version of the article
    code, report = _check(seeded, "--lang", "kk")
    [finding] = [f for f in report["findings"] if f["sid"] == "s3"]
    assert code == 3 and finding["check"] == "source-changed"
    assert finding["message"] == ("the source changed since this was translated "
                                  "(it was 'The Sakharovo migration center in Moscow.')")
    seeded("approve", SEED_SLUG, "s3", "--lang", "kk", "--force")
    _, report = _check(seeded, "--lang", "kk")
    assert not any(f["sid"] == "s3" for f in report["findings"])


def test_checks_command_describes_every_check_from_its_class(run):
    from workbench.qa import ALL_CHECKS

    listed = json.loads(run("checks", "--json").output)
    assert [(row["id"], row["severity"], row["name"], row["description"]) for row in listed] == [
        (check.id, check.severity.value, check.name, check.description) for check in ALL_CHECKS]
    assert all(row["description"].endswith(".") and len(row["description"]) > 100
               for row in listed)
    text = run("checks").output
    assert text.startswith("untranslated     error    Not translated\n    A segment with no")
    assert " ".join(text.split()).count(" ".join(ALL_CHECKS[-1].description.split())) == 1


def test_the_checks_page_of_the_docs_is_generated_from_the_classes(run):
    from workbench.qa.reference import DOCS_PAGE, REGENERATE

    page = run("checks", "--markdown").output
    assert "## numbers\n\n**Numbers and dates**, error.\n\nA number lost, added" in page
    assert "| Kyrgyz (ky) | Cyrillic |" in page  # the language rules, from languages.json
    assert (ROOT / DOCS_PAGE).read_text(encoding="utf-8") == page, (
        f"{DOCS_PAGE} is out of date with the check classes: run `{REGENERATE}`")
