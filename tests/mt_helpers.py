"""Fixtures and test doubles shared by the MT tests (imported by tests/test_mt_*.py)."""

import shutil
from pathlib import Path

import pytest

from workbench.importing import import_paths
from workbench.mt.registry import Registry
from tests.conftest import OWNER, SEED

MODELS = Path(__file__).resolve().parent / "data" / "mt"
RU_PACKAGE = MODELS / "translate-en_ru.argosmodel"
KY_PACKAGE = MODELS / "translate-en_ky.argosmodel"
M2M_DIR = MODELS / "m2m100-tiny"


@pytest.fixture
def argos_dir(tmp_path, monkeypatch):
    """A fresh Argos package folder per test, as a user would set ARGOS_PACKAGES_DIR."""
    directory = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(directory))
    return directory


@pytest.fixture
def m2m_dir(tmp_path):
    """A private copy of the tiny M2M-100 model, so a test may break it."""
    return Path(shutil.copytree(M2M_DIR, tmp_path / "m2m100-tiny"))


@pytest.fixture
def seeded(store):
    import_paths(store, [SEED], actor=OWNER)
    return store


@pytest.fixture
def all_models(seeded, argos_dir, m2m_dir):
    """The seed article and the tiny models installed for all five languages."""
    registry = Registry(seeded)
    registry.install_argos(RU_PACKAGE, actor=OWNER)
    registry.install_argos(KY_PACKAGE, actor=OWNER)
    registry.add_multilingual(m2m_dir, ["kk", "tg", "uz"], actor=OWNER)
    return seeded


class FakeEngine:
    """A test double with the Engine interface: `transform` plays the model."""

    engine = "fake"

    def __init__(self, transform=lambda text: f"[{text}]", languages=("ru", "kk", "ky", "tg", "uz"),
                 version="1"):
        self.transform = transform
        self.languages = tuple(languages)
        self.version = version
        self.label = "fake:double"
        self.calls: list[list[str]] = []  # translated, in order
        self.submitted: list[list[str]] = []  # queued, in order

    def load(self):
        pass

    def token_counts(self, texts):
        return [len(text) for text in texts]

    def translate_batch(self, texts, lang, num_hypotheses=1):
        self.calls.append(list(texts))
        return [[self.transform(text)] * num_hypotheses for text in texts]

    def submit(self, texts, lang, num_hypotheses=1):
        """Queued at once, translated when waited for, as CTranslate2 does on its threads."""
        self.submitted.append(list(texts))
        return lambda: self.translate_batch(texts, lang, num_hypotheses)

    @property
    def translated(self) -> list[str]:
        return [text for call in self.calls for text in call]
