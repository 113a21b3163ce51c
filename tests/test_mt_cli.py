"""`workbench translate` and `workbench models` end to end, through the real tiny engines."""

import json

from tests.conftest import SEED, SEED_SLUG
from tests.mt_helpers import KY_PACKAGE, RU_PACKAGE
from workbench.mt.cache import mt_flags
from workbench.store import Store


def test_translate_the_seed_into_all_five_languages(run, argos_dir, m2m_dir):
    assert run("import", str(SEED)).exit_code == 0
    missing = run("translate", SEED_SLUG)
    assert missing.exit_code == 1
    assert "no working model for Russian" in missing.output

    for package in (RU_PACKAGE, KY_PACKAGE):
        installed = run("models", "install", str(package))
        assert installed.exit_code == 0, installed.output
    added = run("models", "add", str(m2m_dir), "--languages", "kk,tg,uz")
    assert added.output.strip() == "registered m2m100-tiny for kk, tg, uz"

    report = json.loads(run("models", "--json").output)
    assert run("models", "--check").output.startswith("ru: argos translate-en_ru-1_0 (version 1.0")
    assert [(lang["lang"], lang["served"]) for lang in report["languages"]] == [
        (lang, True) for lang in ("ru", "kk", "ky", "tg", "uz")
    ]

    result = run("translate", SEED_SLUG)
    assert result.exit_code == 0, result.output
    assert "85/85" in result.stderr  # the progress bar reached the end
    assert "ru: 17 translated" in result.stdout and "uz: 17 translated" in result.stdout

    status = json.loads(run("status", "--json").output)[SEED_SLUG]
    assert {lang: counts["machine-translated"] for lang, counts in status.items()} == {
        lang: 17 for lang in ("ru", "kk", "ky", "tg", "uz")
    }
    again = json.loads(run("translate", SEED_SLUG, "--to", "ru,kk", "--json").output)
    assert [(r["lang"], r["translated"], r["up_to_date"]) for r in again] == [("ru", 0, 17), ("kk", 0, 17)]
    forced = json.loads(run("translate", SEED_SLUG, "--to", "ky", "--force", "--json").output)
    assert forced[0]["translated"] == 17


def _flags(db, lang):
    store = Store.open(db)
    try:
        return [flag for flags in mt_flags(store, SEED_SLUG, lang).values() for flag in flags]
    finally:
        store.close()


def test_translate_steers_mt_with_the_project_glossary(run, argos_dir):
    run("import", str(SEED))
    run("models", "install", str(RU_PACKAGE))
    assert run("translate", SEED_SLUG, "--to", "ru").exit_code == 0
    glossary_flags = [flag for flag in _flags(run.db, "ru") if flag.startswith("glossary: ")]
    assert any("should be translated as" in flag for flag in glossary_flags)

    again = json.loads(run("translate", SEED_SLUG, "--to", "ru", "--no-glossary", "--json").output)
    assert again[0]["translated"] == 17  # another glossary version: another cache key
    assert not any(flag.startswith("glossary: ") for flag in _flags(run.db, "ru"))


def test_models_commands_report_errors_without_traceback(run, argos_dir, tmp_path):
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"nope")
    result = run("models", "install", str(bad))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {bad}: not an Argos package (not a zip archive)"

    result = run("models", "add", str(tmp_path))
    assert result.exit_code == 1 and "not a CTranslate2 model folder" in result.output

    result = run("models", "update-index")
    assert result.exit_code == 1 and "could not download the Argos package index" in result.output

    result = run("models", "remove", "ru")
    assert result.exit_code == 1 and "no Argos package by that name or language" in result.output

    assert run("models", "uzbek-script").output.strip() == "latin"
    assert run("models", "uzbek-script", "cyrillic").output.strip() == "cyrillic"
    assert run("models", "uzbek-script", "greek").exit_code == 1

    listing = run("models")
    assert listing.output.startswith("ru: MISSING - no working model for Russian")
    assert "Uzbek script: cyrillic" in listing.output


def test_models_install_remove_and_order(run, argos_dir, m2m_dir):
    run("models", "install", str(RU_PACKAGE))
    run("models", "add", str(m2m_dir), "--name", "m2m")
    assert run("models", "order", "ru", "multilingual:m2m,argos").exit_code == 0
    assert run("models").output.startswith("ru: multilingual m2m")
    assert run("models", "remove", "m2m").output.strip() == "removed multilingual m2m"
    assert run("models").output.startswith("ru: argos translate-en_ru-1_0")
    assert run("models", "remove", "translate-en_ru-1_0").exit_code == 0
    assert not any(argos_dir.iterdir())
