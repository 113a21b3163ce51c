"""The glossary in the project: edit flow, CLI, affected segments, MT enforcement."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import OWNER, SEED, SEED_SLUG, shipped_translations
from workbench import settings
from workbench.accounts import local_owner
from workbench.errors import ConflictError, WorkbenchError
from workbench.glossary import storage
from workbench.glossary.changes import affected_segments, apply_term_change
from workbench.glossary.enforce import GlossaryEnforcer
from workbench.glossary.files import read_glossary
from workbench.glossary.matcher import GlossaryMatcher
from workbench.glossary.model import glossary_version
from workbench.importing import import_paths
from workbench.model import Origin, Status

SMALL = Path(__file__).parent / "data" / "glossary" / "small.csv"


@pytest.fixture
def project(store):
    storage.replace_glossary(store, read_glossary(SMALL).glossary, actor=local_owner("test"),
                             force=True)
    import_paths(store, [SEED], actor=OWNER)
    return store


def segment_with(store, text):
    return next(s for s in store.segments(SEED_SLUG) if text in s.source)


def test_first_use_loads_the_shipped_glossary(store):
    glossary = storage.load_glossary(store, shipped=SMALL)
    assert len(glossary.concepts) == 13
    assert not storage.has_unexported_edits(store)


def test_a_missing_shipped_glossary_is_an_error_not_an_empty_glossary(store, tmp_path):
    with pytest.raises(WorkbenchError, match="gone.csv: the shipped glossary is missing"):
        storage.load_glossary(store, shipped=tmp_path / "gone.csv")
    assert not settings.GLOSSARY_INITIALIZED.read(store)


def test_edits_are_never_lost_on_import(project):
    concept = storage.load_glossary(project).concept("moscow")
    storage.save_concept(project, replace(concept, note="capital"), "edit",
                         actor=local_owner("ana"))
    assert storage.has_unexported_edits(project)
    with pytest.raises(ConflictError, match="edits that were never exported"):
        storage.replace_glossary(project, read_glossary(SMALL).glossary, actor=local_owner("bo"))
    assert storage.load_glossary(project).concept("moscow").note == "capital"
    history = storage.concept_history(project, "moscow")
    assert [(h["action"], h["author"]) for h in history] == [("import", "test"), ("edit", "ana")]
    storage.export_glossary(project, "exported.csv", actor=OWNER)
    counts = storage.replace_glossary(project, read_glossary(SMALL).glossary, actor=local_owner("bo"))
    assert counts == {"added": 0, "changed": 1, "removed": 0, "unchanged": 12}
    restamped = read_glossary(SMALL, author="cy", at="2026-11-25T12:00:00Z").glossary
    assert storage.replace_glossary(project, restamped, actor=local_owner("cy"))["unchanged"] == 13
    assert storage.load_glossary(project).concept("kazakhstan").terms[0].modified_by == ""


def test_cli_edit_cycle(run, tmp_path, monkeypatch):
    assert run("glossary", "import", str(SMALL)).exit_code == 0
    monkeypatch.setenv("USER", "ana")  # the machine's user acts on a store without accounts
    added = run("glossary", "add", "bishkek", "--en", "Bishkek", "--ru", "Бишкек",
                "--ky", "Бишкек", "--pos", "properNoun")
    assert added.exit_code == 0, added.output
    monkeypatch.setenv("USER", "bek")
    assert run("glossary", "add", "bishkek", "--en", "Bishkek").exit_code == 1  # exists
    twin = run("glossary", "add", "bishkek-city", "--en", "bishkek")
    assert twin.exit_code == 1 and "already belongs to concept 'bishkek'" in twin.output
    no_english = run("glossary", "edit", "bishkek", "--en", "")
    assert no_english.exit_code == 1 and "needs an English term" in no_english.output
    edited = run("glossary", "edit", "bishkek", "--kk", "Бішкек", "--note", "capital")
    assert edited.exit_code == 0, edited.output
    listed = run("glossary", "list", "--search", "бішкек", "--lang", "kk,ky")
    assert listed.output == "bishkek\tBishkek\n  kk: Бішкек\n  ky: Бишкек\n"
    refused = run("glossary", "import", str(SMALL))
    assert refused.exit_code == 1 and "never exported" in refused.output
    exported = tmp_path / "out.tbx"
    assert run("glossary", "export", str(exported)).output == f"{exported}: 14 concepts written\n"
    assert run("glossary", "remove", "bishkek").exit_code == 0
    assert run("glossary", "import", str(exported)).exit_code == 1  # removal not exported
    assert run("glossary", "import", str(exported), "--force").exit_code == 0
    concepts = json.loads(run("glossary", "list", "--json").output)
    bishkek = next(c for c in concepts if c["id"] == "bishkek")
    assert bishkek["note"] == "capital" and bishkek["terms"][0]["modified_by"] == "ana"
    history = run("glossary", "history", "bishkek").output.splitlines()
    assert [line.split()[1:] for line in history] == [
        ["ana", "add"], ["bek", "edit"], ["bek", "remove"], ["bek", "import"]]


def test_bad_import_changes_nothing(run, tmp_path):
    assert run("glossary", "import", str(SMALL)).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(SMALL.read_text("utf-8") + "moscow,Moscow2,,,,,,,,,\n", "utf-8")
    result = run("glossary", "import", str(bad), "--force")
    assert result.exit_code == 1
    assert "bad.csv:15: concept id 'moscow' already used on line 7" in result.output
    assert len(json.loads(run("glossary", "list", "--json").output)) == 13


def test_check_and_affected(project):
    segment = segment_with(project, "migration center in Moscow")
    project.save_translation(SEED_SLUG, segment.sid, "ru",
                             "Миграционный центр «Сахарово» в Москве.", Status.EDITED, Origin.HUMAN)
    other = segment_with(project, "foreigners at a migration center")
    project.save_translation(SEED_SLUG, other.sid, "ru", "Мэр открыл пункт вербовки для иностранцев.",
                             Status.EDITED, Origin.HUMAN)
    affected = affected_segments(project, "migration-center", ["ru"])
    assert [(a.sid, a.uses_approved) for a in affected] == [
        (segment.sid, True), (other.sid, False)]
    from workbench.qa import findings_for_article

    findings = findings_for_article(project, SEED_SLUG, "ru")
    glossary = [(sid, f.message) for sid, found in findings.items() for f in found
                if f.check == "glossary"]
    assert {sid for sid, _ in glossary} == {other.sid}
    assert len(glossary) == 2
    assert any("Москва" in message for _, message in glossary)


def test_check_command_reports_glossary_findings_on_translated_segments(run):
    """Translated segments go through the glossary check: a missing term and a forbidden
    form are errors naming the approved form; an admitted form is a warning with --strict."""
    from workbench.store import Store

    run("glossary", "import", str(SMALL))
    run("import", str(SEED))
    shipped = {f"s{number}": pair["target"]
               for number, pair in enumerate(shipped_translations("ru"), 1)}
    targets = {"s3": shipped["s3"].replace("в Москве", "в столице"),  # Moscow left out
               "s8": shipped["s8"].replace("мигрантов", "гастарбайтеров"),  # forbidden form
               "s9": shipped["s9"]}  # admitted Кыргызстан where Киргизия is preferred
    store = Store.open(run.db)
    with store.transaction():
        for sid, target in targets.items():
            store.save_translation(SEED_SLUG, sid, "ru", target, Status.REVIEWED, Origin.HUMAN)
    store.close()

    def glossary_findings(*options):
        result = run("check", SEED_SLUG, "--lang", "ru", "--json", *options)
        assert result.exit_code == 3
        return sorted((f["sid"], f["severity"], f["message"])
                      for f in json.loads(result.output)["findings"] if f["check"] == "glossary")

    assert glossary_findings() == [
        ("s3", "error", "“Moscow” should be translated as “Москва”"),
        ("s8", "error", "“гастарбайтеров” is a forbidden form of “migrants”; use “мигрант”")]
    strict = glossary_findings("--strict")
    assert [(sid, severity) for sid, severity, _ in strict] == [
        ("s3", "error"), ("s8", "error"), ("s9", "warning")]
    assert "Киргизия" in strict[2][2]


def test_apply_term_change_keeps_inflection_and_history(project):
    segment = segment_with(project, "Kazakhstan, Kyrgyzstan")
    project.save_translation(SEED_SLUG, segment.sid, "ky",
                             "Казакстандан, Кыргызстандан, Тажикстандан жана Өзбекстандан "
                             "келген Россиянын жарандары", Status.REVIEWED, Origin.HUMAN)
    preview = apply_term_change(project, "kazakhstan", "Казакстан", "Казахстан", actor=OWNER)
    assert [c.after for c in preview] == [
        "Казахстандан, Кыргызстандан, Тажикстандан жана Өзбекстандан келген Россиянын жарандары"]
    assert project.translation(SEED_SLUG, segment.sid, "ky").target.startswith("Казакстандан")
    apply_term_change(project, "kazakhstan", "Казакстан", "Казахстан", preview=False,
                      lang="ky", actor=local_owner("ana"))
    saved = project.translation(SEED_SLUG, segment.sid, "ky")
    assert saved.target.startswith("Казахстандан") and saved.status is Status.REVIEWED
    assert project.history(SEED_SLUG, segment.sid, "ky")[-1].note == (
        "glossary kazakhstan: Казакстан -> Казахстан")


def test_a_translation_edited_after_the_preview_is_not_rewritten(project):
    segment = segment_with(project, "Kazakhstan, Kyrgyzstan")
    project.save_translation(SEED_SLUG, segment.sid, "ky", "Казакстандан келген жарандар",
                             Status.REVIEWED, Origin.HUMAN)
    preview = apply_term_change(project, "kazakhstan", "Казакстан", "Казахстан", lang="ky",
                                actor=OWNER)
    project.save_translation(SEED_SLUG, segment.sid, "ky", "Казакстандан келген мигранттар",
                             Status.EDITED, Origin.HUMAN, author="bek")
    with pytest.raises(ConflictError):
        apply_term_change(project, "kazakhstan", "Казакстан", "Казахстан", preview=False,
                          lang="ky", previewed=preview, actor=OWNER)
    assert project.translation(SEED_SLUG, segment.sid, "ky").target == "Казакстандан келген мигранттар"


def test_apply_command_previews_then_applies(run):
    run("glossary", "import", str(SMALL))
    run("import", str(SEED))
    from workbench.store import Store

    store = Store.open(run.db)
    sid = segment_with(store, "Kazakhstan, Kyrgyzstan").sid
    store.save_translation(SEED_SLUG, sid, "ru", "из Киргизии и Казахстана", Status.EDITED,
                           Origin.HUMAN)
    store.close()
    args = ["glossary", "apply", "kyrgyzstan", "--lang", "ru", "--old", "Киргизия",
            "--new", "Кыргызстан"]
    declined = run(*args, input="n\n")
    assert "+ из Кыргызстана и Казахстана" in declined.output
    applied = run(*args, "--yes")
    assert "applied to 1 translations" in applied.output


def test_enforcer_protects_names_and_prefers_approved_terms():
    enforcer = GlossaryEnforcer(GlossaryMatcher(read_glossary(SMALL).glossary))
    text, state = enforcer.before_mt("Migrants wrote on Telegram.", "ru")
    assert text == "Migrants wrote on {901/}."
    outcome = enforcer.choose(
        ["Гастарбайтеры написали в {901/}.", "Мигранты написали в { 901 /}."], "ru", state)
    assert outcome.text == "Мигранты написали в Telegram." and outcome.chosen == 1
    assert outcome.findings == []
    assert enforcer.after_mt(["Мигранты в {901/}."], "ru", state) == ("Мигранты в Telegram.", [])


def test_enforcer_replaces_forbidden_forms_and_flags_the_rest():
    enforcer = GlossaryEnforcer(GlossaryMatcher(read_glossary(SMALL).glossary))
    _, state = enforcer.before_mt("Migrants joined the Armed Forces in Moscow.", "ru")
    outcome = enforcer.choose(["Гастарбайтеров приняли в армию в Москве."], "ru", state)
    assert outcome.text == "Мигрантов приняли в армию в Москве."
    assert [(r.old, r.new) for r in outcome.replacements] == [("Гастарбайтеров", "Мигрантов")]
    assert [f.kind for f in outcome.findings] == ["missing-term"]
    assert outcome.flags == ["“Armed Forces” should be translated as “Вооружённые силы”"]


def test_check_on_the_seed_hand_translations(run):
    """The example project: the seed with its hand translations passes the glossary check."""
    from workbench.store import Store

    run("import", str(SEED))
    store = Store.open(run.db)
    segments = store.segments(SEED_SLUG)
    with store.transaction():
        for lang in ("ru", "kk", "ky", "tg", "uz"):
            pairs = shipped_translations(lang)
            assert [p["source"] for p in pairs] == [s.source for s in segments]
            for segment, pair in zip(segments, pairs):
                store.save_translation(SEED_SLUG, segment.sid, lang, pair["target"],
                                       Status.REVIEWED, Origin.HUMAN)
    store.close()
    result = run("check", SEED_SLUG, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["findings"] == []
    assert run("check", SEED_SLUG).output.endswith("passed: 0 error, 0 warning, 0 info, 0 muted\n")


def test_enforcer_plugs_into_the_mt_hooks():
    glossary = read_glossary(SMALL).glossary
    enforcer = GlossaryEnforcer(GlossaryMatcher(glossary))
    hooks = enforcer.hook_arguments()
    assert hooks["glossary_version"] == glossary_version(glossary)
    assert hooks["after_mt"] == enforcer.after_mt
    _, state = enforcer.before_mt("Migrants joined the Armed Forces.", "ru")
    text, flags = enforcer.after_mt(["Гастарбайтеров приняли в армию."], "ru", state)
    assert text == "Мигрантов приняли в армию."
    assert flags == ["glossary: replaced forbidden “Гастарбайтеров” with “Мигрантов”",
                     "glossary: “Armed Forces” should be translated as “Вооружённые силы”"]


def test_an_empty_file_does_not_empty_the_glossary(run, tmp_path):
    before = json.loads(run("glossary", "list", "--json").output)
    empty = tmp_path / "empty.csv"
    empty.write_text("id,en,ru,kk,ky,tg,uz,pos,dnt,case_sensitive,note\n", encoding="utf-8")
    result = run("glossary", "import", str(empty))
    assert result.exit_code == 1 and "would delete every one of them" in result.output
    partial = tmp_path / "partial.csv"
    partial.write_text("id,en\nmoscow,Moscow\n", encoding="utf-8")
    result = run("glossary", "import", str(partial))
    assert result.exit_code == 1 and "no kk, ky, ru, tg, uz terms" in result.output
    assert json.loads(run("glossary", "list", "--json").output) == before
