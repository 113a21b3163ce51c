"""The script that makes the committed tiny models still makes working models."""

import importlib.util
from pathlib import Path

import pytest

from workbench.mt.registry import Registry

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_test_models.py"


@pytest.mark.slow
def test_build_script_makes_installable_translating_models(store, argos_dir, tmp_path):
    spec = importlib.util.spec_from_file_location("build_test_models", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path / "models")

    registry = Registry(store)
    registry.install_argos(tmp_path / "models" / "translate-en_ky.argosmodel")
    registry.add_multilingual(tmp_path / "models" / "m2m100-tiny")
    for lang in ("ky", "uz"):
        [[text]] = registry.engine_for(lang).translate_batch(["Kyrgyzstan warned its citizens."], lang)
        assert text.strip()
