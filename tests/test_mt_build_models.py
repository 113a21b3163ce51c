"""The script that made the committed tiny models still makes them, and they work."""

import hashlib
import importlib.util
import zipfile

import pytest

from tests.conftest import OWNER, ROOT
from tests.mt_helpers import KY_PACKAGE, M2M_DIR, MODELS, RU_PACKAGE
from workbench.mt.registry import Registry

SCRIPT = ROOT / "scripts" / "build_test_models.py"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _archive_members(path) -> dict[str, str]:
    """An .argosmodel's members and their digests (zip timestamps differ from build to build)."""
    with zipfile.ZipFile(path) as archive:
        return {name: _digest(archive.read(name)) for name in archive.namelist()}


def _folder_files(path) -> dict[str, str]:
    return {file.name: _digest(file.read_bytes()) for file in sorted(path.iterdir())}


@pytest.mark.slow
def test_build_script_remakes_the_committed_models_and_they_translate(store, argos_dir, tmp_path):
    spec = importlib.util.spec_from_file_location("build_test_models", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = tmp_path / "models"
    module.build(built)

    assert sorted(path.name for path in built.iterdir()) == sorted(
        path.name for path in MODELS.iterdir())
    for package in (RU_PACKAGE, KY_PACKAGE):
        assert _archive_members(built / package.name) == _archive_members(package), package.name
    assert _folder_files(built / M2M_DIR.name) == _folder_files(M2M_DIR)

    registry = Registry(store)
    installed = registry.install_argos(built / KY_PACKAGE.name, actor=OWNER)
    assert (installed.name, installed.version, installed.languages) == (
        "translate-en_ky-1_0", "1.0", ("ky",))
    registered = registry.add_multilingual(built / M2M_DIR.name, actor=OWNER)  # languages from its tokens
    assert registered.languages == ("ru", "kk", "ky", "tg", "uz")
    for lang, engine in (("ky", "argos:translate-en_ky-1_0"), ("uz", "multilingual:m2m100-tiny")):
        translator = registry.engine_for(lang)
        assert translator.label == engine
        [[text]] = translator.translate_batch(["Kyrgyzstan warned its citizens."], lang)
        assert text.strip()
