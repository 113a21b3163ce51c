"""An MT suggestion for the segment in hand: translated as a run would, stored nowhere but
the MT cache."""

import pytest

from tests.conftest import OWNER, SEED_SLUG
from tests.exchange_helpers import dump
from tests.mt_helpers import FakeEngine
from workbench.glossary.enforce import glossary_hooks
from workbench.mt.engines import EngineError
from workbench.mt.pipeline import suggest, translate_article


def _without_mt_cache(store) -> dict:
    """The store's tables but the MT cache (and the change counter, which its write moves)."""
    return {table: rows for table, rows in dump(store.location).items()
            if table not in ("mt_cache", "store_changes")}


def test_a_suggestion_is_steered_by_the_glossary_and_stores_no_translation(seeded):
    engine = FakeEngine(lambda text: text.replace("Kazakhstan", "Казахстан"))
    hooks = glossary_hooks(seeded)  # loads the shipped glossary on first use
    before = _without_mt_cache(seeded)
    suggestion = suggest(seeded, seeded.segment(SEED_SLUG, "s9"), "ru", actor=OWNER, hooks=hooks,
                         engine_for=lambda lang: engine)
    assert "from Казахстан, Kyrgyzstan" in suggestion.text and suggestion.engine == "fake:double"
    flagged = " ".join(suggestion.flags)  # the glossary checked the output
    assert "“Kyrgyzstan” should be translated as “Кыргызстан”" in flagged
    assert "Kazakhstan" not in flagged
    assert _without_mt_cache(seeded) == before  # no translation, no history, no MT record
    again = suggest(seeded, seeded.segment(SEED_SLUG, "s9"), "ru", actor=OWNER, hooks=hooks,
                    engine_for=lambda lang: engine)
    assert again == suggestion and len(engine.calls) == 1  # the second came from the cache


def test_a_later_run_takes_the_suggestion_from_the_cache(seeded):
    engine = FakeEngine()
    hooks = glossary_hooks(seeded)
    suggested = suggest(seeded, seeded.segment(SEED_SLUG, "s2"), "kk", actor=OWNER, hooks=hooks,
                        engine_for=lambda lang: engine)
    [result] = translate_article(seeded, SEED_SLUG, ["kk"], hooks=hooks, actor=OWNER,
                                 engine_for=lambda lang: engine)
    assert result.from_cache == 1
    assert seeded.translation(SEED_SLUG, "s2", "kk").target == suggested.text


def test_no_model_is_an_engine_error_and_changes_nothing(seeded, argos_dir):
    before = dump(seeded.location)
    with pytest.raises(EngineError, match="no working model for Kazakh"):
        suggest(seeded, seeded.segment(SEED_SLUG, "s2"), "kk", actor=OWNER)
    assert dump(seeded.location) == before
