"""`workbench mt eval`: every installed engine scored on the project's own approved and
reviewed translations, through the real tiny engines, storing no translation."""

import json

import pytest

from tests.conftest import OWNER, SEED_SLUG
from tests.exchange_helpers import dump
from tests.mt_helpers import KY_PACKAGE, M2M_DIR, RU_PACKAGE
from workbench import settings
from workbench.glossary.storage import project_matcher
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Origin, Status
from workbench.mt import evaluation
from workbench.mt.registry import Registry
from workbench.project import ensure_example_project

LANGS = list(TARGET_LANGUAGES)


@pytest.fixture
def example(store, argos_dir):
    """The example project (its hand translations are reviewed) with the tiny models: Argos
    for ru and ky, the M2M-100 for all five, so ru and ky have two engines each."""
    ensure_example_project(store, actor=OWNER)
    registry = Registry(store)
    registry.install_argos(RU_PACKAGE, actor=OWNER)
    registry.install_argos(KY_PACKAGE, actor=OWNER)
    registry.add_multilingual(M2M_DIR, name="m2m", actor=OWNER)
    return store


def test_eval_scores_every_installed_engine_in_every_language_and_stores_no_translation(
        example, run):
    before = dump(example.location)

    result = run("mt", "eval", "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    scored = sorted((score["lang"], score["engine"]) for score in report["scores"])
    assert scored == sorted([("ru", "argos:translate-en_ru-1_0"), ("ky", "argos:translate-en_ky-1_0")]
                            + [(lang, "multilingual:m2m") for lang in LANGS])
    for score in report["scores"]:
        assert score["segments"] == 17
        assert 0 <= score["chrf"] < 100 and 0 <= score["bleu"] < 100  # random weights
        assert score["terms"] > 0 and 0 <= score["glossary"] <= 100
    assert set(report["suggested_order"]) == set(LANGS)
    assert sorted(report["suggested_order"]["ru"]) == ["argos", "multilingual:m2m"]
    after = dump(example.location)
    assert {table for table in before if before[table] != after[table]} <= {
        "settings", "store_changes", "audit"}  # the evaluation kept, and who made it
    assert settings.MT_EVALUATION.read(example)["scores"] == report["scores"]


def test_eval_prints_a_table_per_language_and_engine_with_the_suggested_order(example, run):
    result = run("mt", "eval", SEED_SLUG, "--lang", "ru,tg", "--engines", "multilingual:m2m")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "ru (17 segments)"
    assert lines[1].split() == ["engine", "chrF++", "BLEU", "glossary"]
    assert lines[2].split()[0] == "multilingual:m2m" and "terms)" in lines[2]
    assert lines[3] == "  suggested order: workbench models order ru multilingual:m2m"
    assert "tg (17 segments)" in lines
    assert not any("argos" in line for line in lines)


def test_the_hand_translations_scored_as_an_engine_agree_with_the_glossary(store):
    ensure_example_project(store, actor=OWNER)
    matcher = project_matcher(store)
    for lang in LANGS:
        pairs = evaluation.references(store, None, lang)
        sources = [segment.source for segment, _ in pairs]
        human = [target for _, target in pairs]
        assert len(pairs) == 17

        hand = evaluation.score(matcher, lang, "hand", "hand", "", sources, human, human)
        assert hand.terms > 0
        assert (hand.glossary, hand.chrf, hand.bleu) == (100, 100, 100)

        untranslated = evaluation.score(matcher, lang, "copy", "copy", "", sources, human, sources)
        assert untranslated.glossary < 50  # English left in place misses the approved forms


def test_eval_says_what_is_missing_and_keeps_no_evaluation(seeded, run, argos_dir):
    Registry(seeded).install_argos(RU_PACKAGE, actor=OWNER)
    no_reference = run("mt", "eval", "--lang", "ru")
    assert no_reference.exit_code == 1
    assert ("nothing to evaluate: ru: no approved or reviewed translations to compare with"
            in no_reference.output)

    seeded.save_translation(SEED_SLUG, "s1", "kk", "Ресей", Status.APPROVED, Origin.HUMAN)
    no_engine = run("mt", "eval", SEED_SLUG, "--lang", "kk")
    assert no_engine.exit_code == 1
    assert "kk: no installed engine to evaluate" in no_engine.output

    unknown = run("mt", "eval", "--engines", "google")
    assert unknown.exit_code == 1 and "google: unknown engine" in unknown.output
    assert settings.MT_EVALUATION.read(seeded) is None
