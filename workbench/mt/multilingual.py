"""Multilingual CTranslate2 models (M2M-100, NLLB-200): one folder, several target languages.

The target language is chosen by a language token passed as the target prefix,
and the source is framed with the English token. Such a folder comes, on a machine with
internet, from `workbench models fetch NAME` (a bundle, see workbench.mt.fetch) or from
`ct2-transformers-converter` by hand; here it is only added with `workbench models add
FILE|DIR`.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.languages import TARGET_LANGUAGES, normalize_language
from workbench.mt import catalogue
from workbench.mt.catalogue import Family
from workbench.mt.engines import (
    Engine,
    ModelState,
    ct2_model_problem,
    model_version_stamp,
    folder_size,
    tokenizer_problem,
)

ENGINE = "multilingual"
TOKENIZER_NAMES = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model", "source.spm")


# The families recognised by their language tokens (the catalogue holds their codes); an
# Argos package names its pair in metadata.json instead.
FAMILIES = tuple(family for name, family in catalogue.families().items()
                 if name != catalogue.ARGOS_FAMILY)


@dataclass(frozen=True)
class Registration:
    """A multilingual model folder the project uses, as stored in its settings."""

    name: str
    path: str
    languages: tuple[str, ...]

    def to_json(self) -> dict:
        return {"path": self.path, "languages": list(self.languages)}

    @classmethod
    def from_json(cls, name: str, data: dict) -> "Registration":
        return cls(name, data["path"], tuple(data["languages"]))


class MultilingualEngine(Engine):
    engine = ENGINE

    def __init__(self, registration: Registration, family: Family, tokenizer: Path):
        model_dir = Path(registration.path)
        super().__init__(registration.name, model_version_stamp(model_dir), registration.languages,
                         model_dir, tokenizer)
        self.family = family

    def source_tokens(self, pieces: list[str]) -> list[str]:
        return [self.family.source_token, *pieces, "</s>"]

    def target_prefix(self, lang: str) -> list[str]:
        return [self.family.tokens[lang]]


def find_tokenizer(model_dir: Path) -> Path | None:
    for name in TOKENIZER_NAMES:
        if (model_dir / name).is_file():
            return model_dir / name
    return None


def vocabulary(model_dir: Path) -> set[str]:
    """The model's (target) vocabulary, from the JSON or text file the converter wrote."""
    for stem in ("shared_vocabulary", "target_vocabulary"):
        json_file, text_file = model_dir / f"{stem}.json", model_dir / f"{stem}.txt"
        if json_file.is_file():
            return set(json.loads(json_file.read_text(encoding="utf-8")))
        if text_file.is_file():
            return set(text_file.read_text(encoding="utf-8").splitlines())
    return set()


def detect_family(model_dir: Path) -> tuple[Family, tuple[str, ...]]:
    """The model's family and the target languages it has tokens for."""
    tokens = vocabulary(model_dir)
    for family in FAMILIES:
        if family.source_token in tokens:
            langs = tuple(lang for lang, token in family.tokens.items() if token in tokens)
            return family, langs
    raise InputError(
        model_dir,
        "declares no language tokens (neither NLLB eng_Latn nor M2M-100 __en__ in its vocabulary)",
    )


def inspect(path: Path, languages: list[str] | None = None, name: str | None = None
            ) -> Registration:
    """Validate a model folder for `workbench models add`; returns what to register."""
    model_dir = Path(path).resolve()
    problem = ct2_model_problem(model_dir)
    if problem:
        raise InputError(path, problem.removeprefix(f"{model_dir} "))
    tokenizer = find_tokenizer(model_dir)
    if tokenizer is None:
        raise InputError(
            path,
            f"no SentencePiece tokenizer (looked for {', '.join(TOKENIZER_NAMES)}); "
            "copy it in, e.g. converter option --copy_files sentencepiece.bpe.model",
        )
    problem = tokenizer_problem(tokenizer)
    if problem:
        raise InputError(path, problem)
    family, detected = detect_family(model_dir)
    wanted = [normalize_language(code) for code in languages] if languages else list(detected)
    missing = [lang for lang in wanted if lang not in detected]
    if missing:
        tokens = ", ".join(family.tokens[lang] for lang in missing)
        raise InputError(path, f"model has no language token for {', '.join(missing)} ({tokens})")
    if not wanted:
        raise InputError(path, f"model serves none of {', '.join(TARGET_LANGUAGES)}")
    return Registration(name or model_dir.name, str(model_dir), tuple(wanted))


def state(registration: Registration) -> ModelState:
    model_dir = Path(registration.path)
    try:
        inspect(model_dir, list(registration.languages), registration.name)
        version, problem = model_version_stamp(model_dir), ""
    except InputError as error:
        version, problem = "?", error.problem
    size = folder_size(model_dir) if model_dir.is_dir() else 0
    return ModelState(ENGINE, registration.name, version, registration.languages,
                      registration.path, size, problem)


def load_engine(registration: Registration) -> MultilingualEngine:
    model_dir = Path(registration.path)
    inspect(model_dir, list(registration.languages), registration.name)
    family, _ = detect_family(model_dir)
    return MultilingualEngine(registration, family, find_tokenizer(model_dir))
