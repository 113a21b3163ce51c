"""translate_article: what it translates, what it leaves alone, and how it repairs MT output."""

import pytest

from tests.conftest import OWNER, SEED_SLUG
from tests.mt_helpers import FakeEngine
from workbench.errors import NotFoundError, UnknownLanguageError
from workbench.importing import import_paths
from workbench.inline import code_problems, plain_text
from workbench.model import Origin, Status
from workbench.mt.cache import mt_flags
from workbench.mt.engines import EngineError
from workbench.mt.hooks import MtHooks
from workbench.mt.pipeline import translate_article
from workbench import settings
from workbench.settings import UZBEK_SCRIPT
from workbench.store import Store

LINK_SID = "s5"  # "... a senior human rights official {1}said{/1} Thursday."


def _translate(store, engine, langs=("ru",), slug=SEED_SLUG, **options):
    return translate_article(store, slug, list(langs), engine_for=lambda lang: engine, **options, actor=OWNER)


def _article(store, folder, text: str) -> str:
    """Import `text` as the article `made-up`; its slug."""
    path = folder / "made-up.md"
    path.write_text(text, encoding="utf-8")
    import_paths(store, [path], actor=OWNER)
    return "made-up"


def test_fills_every_segment_with_origin_engine_and_version(seeded):
    engine = FakeEngine()
    [result] = _translate(seeded, engine)
    translations = seeded.translations(SEED_SLUG, "ru")
    assert result.translated == len(seeded.segments(SEED_SLUG)) == len(translations) == 17
    sample = translations[LINK_SID]
    assert sample.status == Status.MACHINE_TRANSLATED and sample.origin == Origin.MT
    assert (sample.engine, sample.model_version, sample.author) == ("fake:double", "1", "mt")
    assert sample.target == f"[{seeded.segment(SEED_SLUG, LINK_SID).source}]"
    assert [len(call) for call in engine.calls] == [17]  # one batched call, not one per segment


def test_batches_are_sorted_by_length(seeded):
    engine = FakeEngine()
    _translate(seeded, engine, batch_size=5)
    lengths = [len(text) for text in engine.translated]
    assert lengths == sorted(lengths)
    assert [len(call) for call in engine.calls] == [5, 5, 5, 2]


def test_placeholder_dropped_by_the_model_is_restored_and_flagged(seeded):
    _translate(seeded, FakeEngine(lambda text: text.replace("{/1}", "")))
    target = seeded.translation(SEED_SLUG, LINK_SID, "ru").target
    codes = seeded.segment(SEED_SLUG, LINK_SID).codes
    assert code_problems(target, codes) == []
    assert target.count("{/1}") == 1 and target.index("{1}") < target.index("{/1}")
    flags = mt_flags(seeded, SEED_SLUG, "ru")
    assert flags[LINK_SID] == ["MT dropped {/1}; re-inserted by position"]
    assert "MT dropped {/1}" in seeded.history(SEED_SLUG, LINK_SID, "ru")[-1].note
    seeded.save_translation(SEED_SLUG, LINK_SID, "ru", "правка {1}ok{/1}", Status.EDITED, Origin.HUMAN)
    assert LINK_SID not in mt_flags(seeded, SEED_SLUG, "ru")  # a person has taken over


def test_placeholders_kept_by_the_model_are_not_flagged(seeded):
    _translate(seeded, FakeEngine(lambda text: text.replace("{1}", "{ 1 }")))
    assert "{1}said{/1}" in seeded.translation(SEED_SLUG, LINK_SID, "ru").target
    assert mt_flags(seeded, SEED_SLUG, "ru") == {}


def test_second_run_translates_nothing_and_changed_model_version_translates_again(seeded):
    _translate(seeded, FakeEngine())
    engine = FakeEngine()
    [result] = _translate(seeded, engine)
    assert (result.translated, result.up_to_date, engine.calls) == (0, 17, [])

    newer = FakeEngine(lambda text: f"<{text}>", version="2")
    [result] = _translate(seeded, newer)
    assert result.translated == 17
    assert seeded.translation(SEED_SLUG, "s1", "ru").model_version == "2"


def test_cache_serves_the_same_request_without_the_model(seeded):
    _translate(seeded, FakeEngine(), langs=["ru"])
    for sid in ("s1", "s2"):
        seeded.save_translation(SEED_SLUG, sid, "ru", "", Status.NEW, None)
    engine = FakeEngine(lambda text: "should not be used")
    [result] = _translate(seeded, engine)
    assert (result.translated, result.from_cache) == (0, 2)
    assert engine.calls == []
    assert seeded.translation(SEED_SLUG, "s1", "ru").target.startswith("[")


def test_the_same_text_twice_is_translated_once(store, tmp_path):
    slug = _article(store, tmp_path, "# Title\n\nSame. Something else entirely. Same.\n")
    engine = FakeEngine()
    [result] = _translate(store, engine, slug=slug)
    assert engine.translated.count("Same.") == 1 and result.translated == 4
    assert [store.translation(slug, sid, "ru").target for sid in ("s2", "s4")] == ["[Same.]"] * 2


def test_glossary_version_is_part_of_the_cache_key(seeded):
    """A new glossary means new MT; going back to the old one is served from the cache."""
    _translate(seeded, FakeEngine(lambda text: "with g1"), hooks=MtHooks(glossary_version="g1"))
    g2 = FakeEngine(lambda text: "with g2")
    [result] = _translate(seeded, g2, hooks=MtHooks(glossary_version="g2"))
    assert (result.translated, result.from_cache, len(g2.translated)) == (17, 0, 17)
    assert seeded.translation(SEED_SLUG, "s1", "ru").target == "with g2"
    unused = FakeEngine(lambda text: "not from the cache")
    [result] = _translate(seeded, unused, hooks=MtHooks(glossary_version="g1"))
    assert (result.translated, result.from_cache, unused.calls) == (0, 17, [])
    assert seeded.translation(SEED_SLUG, "s1", "ru").target == "with g1"


def test_force_translates_machine_output_again_but_never_human_work(seeded):
    _translate(seeded, FakeEngine())
    for sid, status in (("s1", Status.EDITED), ("s2", Status.REVIEWED), ("s3", Status.APPROVED)):
        seeded.save_translation(SEED_SLUG, sid, "ru", f"human {sid}", status, Origin.HUMAN, author="ana")
    engine = FakeEngine(lambda text: "again")
    [result] = _translate(seeded, engine, force=True)
    assert (result.translated, result.kept) == (14, 3)
    translations = seeded.translations(SEED_SLUG, "ru")
    assert [translations[sid].target for sid in ("s1", "s2", "s3")] == ["human s1", "human s2", "human s3"]
    assert plain_text(translations["s4"].target) == "again"


def test_changed_source_is_translated_again(store, tmp_path):
    slug = _article(store, tmp_path, "# Title\n\nOne sentence. Another sentence.\n")
    _translate(store, FakeEngine(), slug=slug)
    _article(store, tmp_path, "# Title\n\nOne sentence. Another sentence, changed.\n")
    assert store.translation(slug, "s3", "ru").needs_review
    [result] = _translate(store, FakeEngine(), slug=slug)
    assert (result.translated, result.up_to_date) == (1, 2)
    assert store.translation(slug, "s3", "ru").target == "[Another sentence, changed.]"
    assert not store.translation(slug, "s3", "ru").needs_review


def test_interrupted_run_keeps_finished_batches(seeded):
    def progress(done, total, lang):
        if done >= 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _translate(seeded, FakeEngine(), batch_size=5, progress=progress)
    assert len(seeded.translations(SEED_SLUG, "ru")) == 10

    class Failing(FakeEngine):
        def translate_batch(self, texts, lang, num_hypotheses=1):
            if len(self.calls) == 1:
                raise EngineError("model crashed")
            return super().translate_batch(texts, lang, num_hypotheses)

    with pytest.raises(EngineError, match="model crashed"):
        _translate(seeded, Failing(), batch_size=5)
    assert len(seeded.translations(SEED_SLUG, "ru")) == 15
    [result] = _translate(seeded, FakeEngine())
    assert (result.translated, result.up_to_date) == (2, 15)


def test_a_10000_character_segment_is_translated_in_parts_and_stored_whole(store, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(settings, "MAX_SEGMENT_CHARS", 20_000)  # a store from before the cap
    sentence = "the draft rules include compulsory military service within a year; "
    long_text = "The" + (sentence * 150)[3:10_000].strip()
    slug = _article(store, tmp_path, f"# Title\n\n{long_text}\n")
    assert store.segment(slug, "s2").source == long_text  # one segment: no sentence ends
    engine = FakeEngine(lambda text: text.upper())
    _translate(store, engine, slug=slug)
    parts = [text for text in engine.translated if len(text) > 100]
    assert len(parts) > 10 and all(len(part) <= 600 for part in parts)
    stored = store.translation(slug, "s2", "ru").target
    assert stored == long_text.upper()
    assert "long segment translated in" in mt_flags(store, slug, "ru")["s2"][0]


def test_a_long_segment_goes_to_the_model_in_whole_sentences_by_the_srx_rules(store, tmp_path,
                                                                            monkeypatch):
    monkeypatch.setattr(settings, "MAX_SEGMENT_CHARS", 20_000)  # a store from before the cap
    # Bold sentences are one segment. "Mr.", ":" and ";" end no sentence: no part stops there.
    sentence = "He agreed. Mr. Kabanov said: the rules are ready; they apply in May."
    slug = _article(store, tmp_path, f"# Title\n\nIt began. **{' '.join([sentence] * 40)}** End.\n")
    [source] = [segment.source for segment in store.segments(slug) if "Kabanov" in segment.source]
    assert source.startswith("{1}He agreed.") and source.endswith("in May.{/1}")
    engine = FakeEngine(lambda text: text.upper())
    _translate(store, engine, slug=slug)
    parts = [text for text in engine.translated if "He agreed" in text or "in May" in text]
    assert len(parts) > 1 and all(len(part) <= 600 for part in parts)
    assert all(part.removesuffix("{/1}").endswith(("He agreed.", "they apply in May."))
               for part in parts), parts
    assert " ".join(parts) == source
    assert source.upper() in [t.target for t in store.translations(slug, "ru").values()]


def test_hooks_run_before_and_after_the_model(seeded):
    seen = []

    def before(text, lang):
        return text.replace("Moscow", "<term1>"), {"<term1>": "Москва"}

    def after(hypotheses, lang, state):
        seen.append(len(hypotheses))
        text = hypotheses[1]
        for token, term in state.items():
            text = text.replace(token, term)
        return text, ["glossary: term fixed"] if "Москва" in text else []

    engine = FakeEngine()
    _translate(seeded, engine, hooks=MtHooks(before, after, "g1", num_hypotheses=2))
    assert not any("Moscow" in text for text in engine.translated)
    assert set(seen) == {2}
    assert "Москва" in seeded.translation(SEED_SLUG, "s3", "ru").target
    assert "glossary: term fixed" in mt_flags(seeded, SEED_SLUG, "ru")["s3"]


@pytest.mark.parametrize("setting, model_output, expected", [
    (None, "Ўзбекистон пойтахти Тошкент.", "Oʻzbekiston poytaxti Toshkent."),
    ("cyrillic", "Oʻzbekiston poytaxti Toshkent.", "Ўзбекистон пойтахти Тошкент."),
    ("latin", "Oʻzbekiston poytaxti.", "Oʻzbekiston poytaxti."),
])
def test_uzbek_output_script(seeded, setting, model_output, expected):
    if setting:
        UZBEK_SCRIPT.write(seeded, setting)
    _translate(seeded, FakeEngine(lambda text: model_output), langs=["uz"])
    assert seeded.translation(SEED_SLUG, "s1", "uz").target == expected


def test_changing_the_uzbek_script_translates_uzbek_again(seeded):
    _translate(seeded, FakeEngine(lambda text: "Тошкент"), langs=["uz"])
    UZBEK_SCRIPT.write(seeded, "cyrillic")
    [result] = _translate(seeded, FakeEngine(lambda text: "Тошкент"), langs=["uz"])
    assert result.translated == 17
    assert seeded.translation(SEED_SLUG, "s1", "uz").target == "Тошкент"


def test_missing_engine_or_bad_input_stops_before_anything_is_stored(seeded, argos_dir):
    with pytest.raises(EngineError, match="kk: no working model for Kazakh"):
        translate_article(seeded, SEED_SLUG, ["ru", "kk"], actor=OWNER)
    with pytest.raises(UnknownLanguageError):
        _translate(seeded, FakeEngine(), langs=["xx"])
    with pytest.raises(NotFoundError):
        translate_article(seeded, "no-such-article", ["ru"], engine_for=lambda lang: FakeEngine(), actor=OWNER)
    assert seeded.translations(SEED_SLUG, "ru") == {}


def test_real_engines_fill_all_five_languages(all_models):
    results = translate_article(all_models, SEED_SLUG, actor=OWNER)
    assert [(r.lang, r.translated) for r in results] == [(lang, 17) for lang in ("ru", "kk", "ky", "tg", "uz")]
    assert {r.lang: r.engine for r in results}["kk"] == "multilingual:m2m100-tiny"
    for lang in ("ru", "kk", "ky", "tg", "uz"):
        for sid, translation in all_models.translations(SEED_SLUG, lang).items():
            assert translation.target.strip()
            assert code_problems(translation.target, all_models.segment(SEED_SLUG, sid).codes) == []
    uzbek = " ".join(t.target for t in all_models.translations(SEED_SLUG, "uz").values())
    assert not any("а" <= char <= "я" for char in uzbek.lower())


def test_corrupt_model_weights_stop_the_run_before_anything_is_stored(all_models, m2m_dir):
    (m2m_dir / "model.bin").write_bytes(b"\0" * 4096)
    with pytest.raises(EngineError, match="kk: .*cannot load the CTranslate2 model"):
        translate_article(all_models, SEED_SLUG, actor=OWNER)
    assert all_models.translations(SEED_SLUG, "ru") == {}


def test_a_10000_character_segment_through_a_real_engine(all_models, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_SEGMENT_CHARS", 20_000)  # a store from before the cap
    long_text = "Kabanov" + (" said his body is drafting new rules for migrants," * 200)[:9_990]
    slug = _article(all_models, tmp_path, f"# Title\n\n{long_text.strip()}\n")
    [result] = translate_article(all_models, slug, ["ky"], actor=OWNER)
    assert result.translated == 2
    assert len(all_models.translation(slug, "s2", "ky").target) > 1000
    assert "long segment translated in 17 parts" in mt_flags(all_models, slug, "ky")["s2"]


def _counted(result) -> int:
    return (result.translated + result.from_cache + result.up_to_date + result.earlier_attempt
            + result.from_memory + result.kept + result.changed_meanwhile)


@pytest.mark.parametrize("queued, submitted_at_first_store", [(0, 1), (2, 3)])
def test_the_next_batches_are_queued_in_the_engine_while_one_is_stored(seeded, queued,
                                                                      submitted_at_first_store):
    engine = FakeEngine()
    seen = []

    def progress(done, total, lang):
        seen.append((done, len(engine.submitted), len(engine.calls)))

    _translate(seeded, engine, batch_size=5, queued=queued, progress=progress)
    assert seen[0] == (5, submitted_at_first_store, 1)  # only the first batch waited for
    assert [done for done, _, _ in seen] == [5, 10, 15, 17]
    assert engine.submitted == engine.calls  # every queued batch translated once, in order


def _stored_rows(store, slug, langs):
    """What a run leaves in the store, without times: translations, MT flags and keys, cache."""
    rows = {}
    for lang in langs:
        translations = store.translations(slug, lang)
        keys = {sid: key for sid, (key, _) in store.mt_request_keys(slug, lang).items()}
        rows[lang] = {
            "translations": {sid: (t.target, t.status, t.origin, t.engine, t.model_version)
                             for sid, t in translations.items()},
            "flags": mt_flags(store, slug, lang),
            "keys": keys,
            "cache": store.cached_hypotheses(list(keys.values())),
        }
    return rows


def test_a_real_model_gives_the_same_output_and_rows_with_batches_queued_or_one_at_a_time(
        all_models):
    langs = ["ru", "kk"]
    one_at_a_time = translate_article(all_models, SEED_SLUG, langs, batch_size=4, queued=0,
                                      actor=OWNER)
    rows = _stored_rows(all_models, SEED_SLUG, langs)
    assert all(len(rows[lang]["translations"]) == 17 for lang in langs)
    overlapped = translate_article(all_models, SEED_SLUG, langs, batch_size=4, queued=3,
                                   force=True, actor=OWNER)
    assert [r.translated for r in overlapped] == [r.translated for r in one_at_a_time] == [17, 17]
    assert _stored_rows(all_models, SEED_SLUG, langs) == rows


def test_an_interrupted_run_with_queued_batches_keeps_the_batches_it_stored(all_models):
    def stop(done, total, lang):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate_article(all_models, SEED_SLUG, ["ky"], batch_size=4, queued=3, progress=stop,
                          actor=OWNER)
    assert len(all_models.translations(SEED_SLUG, "ky")) == 4  # the queued ones are not stored
    [result] = translate_article(all_models, SEED_SLUG, ["ky"], batch_size=4, queued=3,
                                 actor=OWNER)
    assert (result.translated, result.up_to_date) == (13, 4)


def test_two_overlapping_runs_count_each_segment_once(seeded, store_location):
    other = Store.open(store_location)
    second = []

    def run_the_other(done, total, lang):
        if not second:
            second.extend(_translate(other, FakeEngine(lambda text: "other run")))

    [first] = _translate(seeded, FakeEngine(), batch_size=5, progress=run_the_other)
    other.close()
    [second] = second
    assert (first.translated, first.changed_meanwhile) == (5, 12)
    assert (second.translated, second.up_to_date) == (12, 5)
    assert _counted(first) == _counted(second) == 17
    translations = seeded.translations(SEED_SLUG, "ru").values()
    assert len(translations) == 17 and {t.revision for t in translations} == {1}  # none redone


def test_segments_changed_or_removed_by_an_import_during_the_run_are_left_alone(
        store, store_location, tmp_path):
    sentences = [f"Sentence {'x' * number} number {number}." for number in range(1, 9)]
    slug = _article(store, tmp_path, "# Title\n\n" + "\n\n".join(sentences) + "\n")
    other = Store.open(store_location)
    changed = []

    def reimport(done, total, lang):
        if not changed:  # the longest two are still to come: change one, drop the other
            edited = [*sentences[:6], sentences[7].replace("number", "numéro")]
            changed.append(_article(other, tmp_path, "# Title\n\n" + "\n\n".join(edited) + "\n"))

    [result] = _translate(store, FakeEngine(), slug=slug, batch_size=3, progress=reimport)
    other.close()
    assert result.changed_meanwhile == 2 and _counted(result) == 9
    assert result.translated == 7
    translations = store.translations(slug, "ru")
    for segment in store.segments(slug):  # nothing stored is a translation of an old source
        if segment.sid in translations:
            assert translations[segment.sid].target == f"[{segment.source}]"
    assert len(translations) == 7


def test_a_language_with_nothing_for_mt_to_do_needs_no_model(seeded):
    for segment in seeded.segments(SEED_SLUG):
        seeded.save_translation(SEED_SLUG, segment.sid, "ru", "перевод", Status.EDITED,
                                Origin.IMPORT)
    asked = []

    def engine_for(lang):
        asked.append(lang)
        if lang == "ru":
            raise EngineError("no working model for Russian")
        return FakeEngine()

    ru, kk = translate_article(seeded, SEED_SLUG, ["ru", "kk"], engine_for=engine_for,
                               actor=OWNER)
    assert asked == ["kk"]
    assert (ru.engine, ru.kept, _counted(ru)) == ("", 17, 17)
    assert (kk.translated, _counted(kk)) == (17, 17)
