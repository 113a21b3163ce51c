"""Installing, listing, checking and removing MT models: Argos packages and multilingual folders."""

import json
import shutil
import zipfile

import pytest

from tests.conftest import OWNER
from tests.mt_helpers import KY_PACKAGE, M2M_DIR, RU_PACKAGE
from workbench.errors import InputError, UnknownLanguageError, WorkbenchError
from workbench.mt import argos
from workbench.mt.engines import EngineError
from workbench.mt.registry import Registry
from workbench.settings import MULTILINGUAL_MODELS


def _repack(source, target, edit):
    """Copy an .argosmodel, letting `edit(name, data)` change or drop (None) each member."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = edit(item.filename, old.read(item.filename))
            if data is not None:
                new.writestr(item.filename, data)
    return target


def test_install_list_translate_and_remove_an_argos_package(store, argos_dir):
    registry = Registry(store)
    installed = registry.install_argos(RU_PACKAGE, actor=OWNER)
    assert (installed.name, installed.version, installed.languages) == ("translate-en_ru-1_0", "1.0", ("ru",))
    assert (argos_dir / "translate-en_ru-1_0" / "model" / "model.bin").is_file()

    from argostranslate import package
    listed = package.get_installed_packages([argos_dir])
    assert [(p.from_code, p.to_code) for p in listed] == [("en", "ru")]

    engine = registry.engine_for("ru")
    hypotheses = engine.translate_batch(["The rules are ready.", "Moscow", "A longer sentence here."],
                                        "ru", num_hypotheses=2)
    assert [len(h) for h in hypotheses] == [2, 2, 2]
    assert all(text.strip() for h in hypotheses for text in h)

    removed = registry.remove("ru", actor=OWNER)
    assert removed.name == "translate-en_ru-1_0"
    assert not (argos_dir / "translate-en_ru-1_0").exists()
    with pytest.raises(EngineError, match="no working model for Russian"):
        registry.engine_for("ru")


def test_installing_again_replaces_the_package_for_that_language(store, argos_dir):
    registry = Registry(store)
    registry.install_argos(RU_PACKAGE, actor=OWNER)
    registry.install_argos(RU_PACKAGE, actor=OWNER)
    assert [state.name for state in argos.package_states(argos_dir)] == ["translate-en_ru-1_0"]


def test_a_package_that_does_not_work_leaves_the_installed_one_in_place(store, argos_dir, tmp_path):
    registry = Registry(store)
    registry.install_argos(RU_PACKAGE, actor=OWNER)
    broken = _repack(RU_PACKAGE, tmp_path / "broken.argosmodel",
                     lambda name, data: b"garbage" if name.endswith("sentencepiece.model") else data)
    with pytest.raises(InputError, match="package does not work, nothing changed"):
        registry.install_argos(broken, actor=OWNER)
    assert registry.engine_for("ru").translate_batch(["Moscow"], "ru")[0][0].strip()


@pytest.mark.parametrize("make, problem", [
    (lambda tmp: tmp.joinpath("x.argosmodel").write_bytes(b"not a zip at all") and tmp / "x.argosmodel",
     "not a zip archive"),
    (lambda tmp: _repack(RU_PACKAGE, tmp / "x.argosmodel",
                         lambda name, data: None if name.endswith("metadata.json") else data),
     "no metadata.json"),
    (lambda tmp: _repack(RU_PACKAGE, tmp / "x.argosmodel",
                         lambda name, data: data.replace(b'"ru"', b'"fr"') if name.endswith("metadata.json") else data),
     "package translates en -> fr"),
    (lambda tmp: _repack(RU_PACKAGE, tmp / "x.argosmodel",
                         lambda name, data: None if name.endswith("model.bin") else data),
     "without model/model.bin"),
    (lambda tmp: _repack(RU_PACKAGE, tmp / "x.argosmodel",
                         lambda name, data: data if name.startswith("translate") else data) and
     _add_member(tmp / "x.argosmodel", "stray.txt"),
     "one top-level folder"),
    (lambda tmp: _corrupt(tmp / "x.argosmodel"), "corrupt Argos package"),
])
def test_bad_package_files_are_refused_and_nothing_is_installed(store, argos_dir, tmp_path, make, problem):
    path = make(tmp_path)
    with pytest.raises(InputError, match=problem) as raised:
        Registry(store).install_argos(path, actor=OWNER)
    assert str(raised.value).startswith(str(path))
    assert not argos_dir.exists() or not any(argos_dir.iterdir())


def _add_member(path, name):
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, "x")
    return path


def _corrupt(path):
    """A zip whose central directory is fine but whose model data fails its CRC."""
    shutil.copy(RU_PACKAGE, path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("translate-en_ru-1_0/model/model.bin")
    middle = info.header_offset + 100 + info.compress_size // 2
    data[middle:middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    return path


def test_models_report_tells_installed_missing_and_broken(seeded, argos_dir, m2m_dir):
    registry = Registry(seeded)
    languages, models = registry.report()
    assert all(report.model is None for report in languages)
    assert "workbench models install FILE.argosmodel" in languages[0].hint

    registry.install_argos(RU_PACKAGE, actor=OWNER)
    registry.install_argos(KY_PACKAGE, actor=OWNER)
    registry.add_multilingual(m2m_dir, ["kk", "tg", "uz"], actor=OWNER)
    languages, models = registry.report()
    served = {report.lang: (report.model.engine, report.model.name) for report in languages}
    assert served == {
        "ru": ("argos", "translate-en_ru-1_0"),
        "kk": ("multilingual", "m2m100-tiny"),
        "ky": ("argos", "translate-en_ky-1_0"),
        "tg": ("multilingual", "m2m100-tiny"),
        "uz": ("multilingual", "m2m100-tiny"),
    }
    assert all(report.model.size > 100_000 for report in languages)

    other = argos_dir / "translate-de_en-1_0"
    shutil.copytree(argos_dir / "translate-en_ky-1_0", other)
    (other / "metadata.json").write_text(json.dumps({"from_code": "de", "to_code": "en"}))
    assert [(m.name, m.languages, m.broken) for m in registry.report()[1] if m.name == other.name] == [
        (other.name, (), False)]  # someone else's package in a shared folder: not ours, not broken

    (argos_dir / "translate-en_ky-1_0" / "model" / "model.bin").unlink()
    (m2m_dir / "sentencepiece.bpe.model").write_bytes(b"garbage")
    languages, models = registry.report()
    broken = {model.name: model.problem for model in models if model.broken}
    assert "no model.bin" in broken["translate-en_ky-1_0"]
    assert "not a SentencePiece model" in broken["m2m100-tiny"]
    assert [report.lang for report in languages if report.model is None] == ["kk", "ky", "tg", "uz"]


def test_models_check_loads_every_model_to_find_corrupt_weights(all_models, m2m_dir):
    (m2m_dir / "model.bin").write_bytes(b"\0" * 4096)
    registry = Registry(all_models)
    assert not any(model.broken for model in registry.report()[1])
    languages, models = registry.report(load=True)
    assert [model.name for model in models if model.broken] == ["m2m100-tiny"]
    assert "cannot load the CTranslate2 model" in models[-1].problem
    assert [report.lang for report in languages if report.model is None] == ["kk", "tg", "uz"]

    registry.add_multilingual(M2M_DIR, ["kk"], name="spare", actor=OWNER)
    assert registry.engine_for("kk").label == "multilingual:spare"  # the next in order


def test_engine_order_picks_the_first_working_engine(all_models, tmp_path):
    registry = Registry(all_models)
    registry.add_multilingual(M2M_DIR, name="m2m-all", actor=OWNER)  # serves all five
    assert registry.engine_for("ru").label == "argos:translate-en_ru-1_0"
    registry.set_order("ru", ["multilingual:m2m-all", "argos"], actor=OWNER)
    assert registry.engine_for("ru").label == "multilingual:m2m-all"
    with pytest.raises(InputError, match="unknown engine"):
        registry.set_order("ru", ["google"], actor=OWNER)
    with pytest.raises(InputError, match="at least one engine"):
        registry.set_order("ru", [], actor=OWNER)


def test_multilingual_model_detects_its_language_tokens(store):
    registration = Registry(store).add_multilingual(M2M_DIR, actor=OWNER)
    assert registration.languages == ("ru", "kk", "ky", "tg", "uz")
    engine = Registry(store).engine_for("tg")
    assert engine.target_prefix("tg") == ["__tg__"]
    assert engine.source_tokens(["▁a"]) == ["__en__", "▁a", "</s>"]
    outputs = engine.translate_batch(["Hello world.", "Tajikistan"], "tg")
    assert len(outputs) == 2 and all(h[0] and "__tg__" not in h[0] for h in outputs)


def test_a_folder_that_is_not_a_ctranslate2_model_is_refused(store, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="not a CTranslate2 model folder"):
        Registry(store).add_multilingual(tmp_path, actor=OWNER)
    with pytest.raises(InputError, match="not a folder"):
        Registry(store).add_multilingual(tmp_path / "missing", actor=OWNER)
    assert store.get_setting(MULTILINGUAL_MODELS.key) is None  # nothing registered


def test_multilingual_folder_needs_a_tokenizer_and_language_tokens(store, m2m_dir):
    (m2m_dir / "sentencepiece.bpe.model").unlink()
    with pytest.raises(InputError, match="no SentencePiece tokenizer"):
        Registry(store).add_multilingual(m2m_dir, actor=OWNER)

    shutil.copy(M2M_DIR / "sentencepiece.bpe.model", m2m_dir)
    vocabulary = m2m_dir / "shared_vocabulary.json"
    tokens = [t for t in json.loads(vocabulary.read_text()) if t != "__tg__"]
    vocabulary.write_text(json.dumps(tokens))
    with pytest.raises(InputError, match=r"no language token for tg \(__tg__\)"):
        Registry(store).add_multilingual(m2m_dir, ["kk", "tg"], actor=OWNER)
    vocabulary.write_text(json.dumps([t for t in tokens if t != "__en__"]))
    with pytest.raises(InputError, match="declares no language tokens"):
        Registry(store).add_multilingual(m2m_dir, actor=OWNER)


def test_unsupported_language_code_is_refused(store):
    with pytest.raises(UnknownLanguageError, match="unknown language code 'fr'"):
        Registry(store).add_multilingual(M2M_DIR, ["kk", "fr"], actor=OWNER)
    with pytest.raises(UnknownLanguageError):
        Registry(store).engine_for("de")


def test_index_update_offline_is_a_clear_error(store, argos_dir):
    with pytest.raises(WorkbenchError, match="could not download the Argos package index"):
        argos.update_index(argos_dir)


def test_install_from_the_index_offline_is_a_clear_error(store, argos_dir, tmp_path, monkeypatch):
    from argostranslate import settings

    index = tmp_path / "index.json"
    monkeypatch.setattr(settings, "local_package_index", index)
    monkeypatch.setattr(settings, "downloads_dir", tmp_path)
    with pytest.raises(WorkbenchError, match="no Argos package index yet"):
        argos.install_from_index(argos_dir, "ru")

    index.write_text(json.dumps([{
        "code": "translate-en_ru", "type": "translate", "from_code": "en", "to_code": "ru",
        "package_version": "1.9", "links": ["http://127.0.0.1:9/translate-en_ru.argosmodel"],
    }]))
    with pytest.raises(WorkbenchError, match="index has no en -> kk package"):
        argos.install_from_index(argos_dir, "kk")
    with pytest.raises(WorkbenchError, match="could not download the en -> ru Argos package"):
        argos.install_from_index(argos_dir, "ru")
    assert not any(argos_dir.iterdir())
