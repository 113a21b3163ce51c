"""Concordance: a word or phrase in the translations of every article and in the imported
memories, source and target side by side, from the library and the CLI."""

import json

import pytest

from tests.conftest import OWNER, SEED, SEED_SLUG
from tests.test_tm import tmx_unit
from workbench.errors import InputError
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.tm import concordance, import_units


@pytest.fixture
def project(store, tmp_path):
    """The seed and a follow-up article, some Russian translations, and a memory."""
    import_paths(store, [SEED], actor=OWNER)
    follow_up = tmp_path / "follow-up.md"
    follow_up.write_text("# Follow-up\n\nMigrants from Kazakhstan queue in Moscow.\n")
    import_paths(store, [follow_up], actor=OWNER)
    store.save_translation(SEED_SLUG, "s3", "ru", "Миграционный центр «Сахарово» в Москве.",
                           Status.EDITED, Origin.HUMAN)
    store.save_translation("follow-up", "s2", "ru", "Мигранты из Казахстана стоят в очереди в "
                           "Москве.", Status.APPROVED, Origin.HUMAN)
    import_units(store, [tmx_unit("en", "ru", "Moscow is cold.", "В Москве холодно.")],
                 "agency.tmx", actor=OWNER)
    return store


def test_a_phrase_is_found_in_every_article_and_the_memory_best_first(project):
    hits = concordance(project, "moscow", ["ru"])
    assert [(hit.where, hit.status, hit.found_in) for hit in hits] == [
        ("follow-up#s2", "approved", "source"), ("agency.tmx", "memory", "source"),
        (f"{SEED_SLUG}#s3", "edited", "source")]
    assert hits[0].target == "Мигранты из Казахстана стоят в очереди в Москве."


def test_a_stem_finds_its_inflected_forms_in_either_language(project):
    assert [hit.where for hit in concordance(project, "москв", ["ru"])] == [
        "follow-up#s2", "agency.tmx", f"{SEED_SLUG}#s3"]
    assert [hit.found_in for hit in concordance(project, "КАЗАХСТАН", ["ru"])] == ["target"]
    assert concordance(project, "oscow", ["ru"]) == []  # at the start of a word only
    assert concordance(project, "Moscow", ["kk"]) == []  # nothing translated into Kazakh
    assert len(concordance(project, "Moscow", ["ru"], limit=2)) == 2


def test_an_empty_phrase_is_refused(project):
    with pytest.raises(InputError, match="give a word or phrase"):
        concordance(project, "  ", ["ru"])


def test_tm_concordance_command(project, run):
    result = run("tm", "concordance", "Kazakhstan", "--lang", "ru")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "ru  approved  follow-up#s2", "    Migrants from Kazakhstan queue in Moscow.",
        "    Мигранты из Казахстана стоят в очереди в Москве."]
    data = json.loads(run("tm", "concordance", "moscow", "--json", "--lang", "ru,kk").output)
    assert [hit["where"] for hit in data] == ["follow-up#s2", "agency.tmx", f"{SEED_SLUG}#s3"]
    assert run("tm", "concordance", "steppe").output == "not found\n"


def test_the_limit_counts_per_language(project):
    project.save_translation(SEED_SLUG, "s3", "kk", "Мәскеудегі «Сахарово» көші-қон орталығы.",
                             Status.EDITED, Origin.HUMAN)
    hits = concordance(project, "Moscow", ["ru", "kk"], limit=1)
    assert [(hit.lang, hit.where) for hit in hits] == [
        ("ru", "follow-up#s2"), ("kk", f"{SEED_SLUG}#s3")]
