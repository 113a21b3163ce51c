"""The project's Uzbek script (settings.UZBEK_SCRIPT) is the one the checks expect: in a
Cyrillic project Cyrillic Uzbek passes and Latin is flagged, in a Latin one the reverse,
and approve and `workbench check` follow it, also right after the setting changed."""

import json

import pytest

from tests.conftest import OWNER, SEED, SEED_SLUG, shipped_translations
from workbench import settings
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.mt.script import SCRIPTS, to_uzbek_script
from workbench.store import Store
from workbench.workflow import QualityGateError, approve

# The example's hand translations, and the same in Cyrillic as MT's transliteration writes it.
LATIN = [pair["target"] for pair in shipped_translations("uz")]
TEXTS = {"latin": LATIN, "cyrillic": [to_uzbek_script(text, "cyrillic") for text in LATIN]}
OTHER = {"latin": "cyrillic", "cyrillic": "latin"}
WRONG_LETTERS = {"latin": "has Cyrillic letters in Latin-script text",
                 "cyrillic": "has Latin letters in Cyrillic-script text"}


def _save(store, script: str) -> None:
    with store.transaction():
        for number, target in enumerate(TEXTS[script], 1):
            store.save_translation(SEED_SLUG, f"s{number}", "uz", target, Status.EDITED,
                                   Origin.HUMAN, author="translator")


@pytest.mark.parametrize("script", SCRIPTS)
def test_approve_follows_the_projects_uzbek_script(store, script):
    import_paths(store, [SEED], actor=OWNER)
    settings.UZBEK_SCRIPT.write(store, script)
    _save(store, OTHER[script])
    with pytest.raises(QualityGateError, match=WRONG_LETTERS[script]):
        approve(store, SEED_SLUG, "uz", actor=OWNER)
    assert {t.status for t in store.translations(SEED_SLUG, "uz").values()} == {Status.EDITED}

    _save(store, script)
    report = approve(store, SEED_SLUG, "uz", actor=OWNER)
    assert len(report.changed) == len(LATIN) and not report.forced
    assert {t.status for t in store.translations(SEED_SLUG, "uz").values()} == {Status.APPROVED}


def _check(run) -> tuple[int, list[dict]]:
    result = run("check", SEED_SLUG, "--lang", "uz", "--json")
    return result.exit_code, json.loads(result.output)["findings"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_check_command_follows_the_setting_as_soon_as_it_changes(run, script):
    """The second check runs in the same process as the first: no cached verdict of the
    other script may be served."""
    run("import", str(SEED))
    assert run("models", "uzbek-script", script).output.strip() == script
    store = Store.open(run.db)
    _save(store, script)
    store.close()
    assert _check(run) == (0, [])

    run("models", "uzbek-script", OTHER[script])
    code, findings = _check(run)
    assert code == 3
    wrong = [finding for finding in findings if finding["check"] == "script"]
    assert {finding["sid"] for finding in wrong} == {f"s{n}" for n in range(1, len(LATIN) + 1)}
    assert all(WRONG_LETTERS[OTHER[script]] in finding["message"] for finding in wrong)
