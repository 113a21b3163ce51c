"""The models the workbench knows how to get: package data in catalogue.json.

Each entry names a model, the languages it serves (and the codes its family uses for
them), its size, licence and where it comes from: an Argos index entry, or a Hugging Face
hub repository at a pinned revision. `workbench models catalogue`, the Models page and
the hints for a language without a model read it; `workbench models fetch NAME` gets a
model from it (workbench.mt.fetch). The families' language codes are also what
workbench.mt.multilingual looks for in a converted model's vocabulary.
"""

import functools
import json
from dataclasses import dataclass
from importlib import resources

from workbench.errors import InputError
from workbench.languages import TARGET_LANGUAGES

ARGOS_FAMILY = "argos"


@dataclass(frozen=True)
class Family:
    """How a model family names languages: its English code and ours -> its own."""

    name: str
    title: str
    source_token: str
    tokens: dict[str, str]


@dataclass(frozen=True)
class CatalogueModel:
    name: str
    title: str
    family: Family
    languages: tuple[str, ...]  # our codes, in the usual order
    download_mb: int
    installed_mb: int
    licence: str
    source: dict  # {"argos_index": {...}} or {"hub": REPO, "revision": COMMIT}

    @property
    def is_argos(self) -> bool:
        return self.family.name == ARGOS_FAMILY

    @property
    def hub_repo(self) -> str | None:
        return self.source.get("hub")

    @property
    def where(self) -> str:
        """Where it comes from, in one line."""
        if self.is_argos:
            index = self.source["argos_index"]
            return f"Argos package index ({index['from_code']} -> {index['to_code']})"
        return f"Hugging Face hub {self.source['hub']} at {self.source['revision'][:12]}"

    def model_codes(self) -> dict[str, str]:
        """Our language code -> the model's, for the languages it serves."""
        return {lang: self.family.tokens[lang] for lang in self.languages}

    def to_json(self) -> dict:
        return {
            "name": self.name, "title": self.title, "family": self.family.name,
            "engine": "argos" if self.is_argos else "multilingual",
            "languages": self.model_codes(), "download_mb": self.download_mb,
            "installed_mb": self.installed_mb, "licence": self.licence, "source": self.source,
        }


@functools.cache
def _data() -> dict:
    return json.loads(resources.files("workbench.mt").joinpath("catalogue.json").read_text(
        encoding="utf-8"))


@functools.cache
def families() -> dict[str, Family]:
    return {
        name: Family(name, data["title"], data["source"], dict(data["languages"]))
        for name, data in _data()["families"].items()
    }


@functools.cache
def models() -> tuple[CatalogueModel, ...]:
    known = families()
    return tuple(
        CatalogueModel(
            entry["name"], entry["title"], known[entry["family"]],
            tuple(lang for lang in TARGET_LANGUAGES if lang in entry["languages"]),
            entry["download_mb"], entry["installed_mb"], entry["licence"], entry["source"],
        )
        for entry in _data()["models"]
    )


def model(name: str) -> CatalogueModel:
    for entry in models():
        if entry.name.lower() == name.strip().lower():
            return entry
    names = ", ".join(entry.name for entry in models())
    raise InputError(name, f"not in the model catalogue; known models: {names}")


def serving(lang: str) -> list[CatalogueModel]:
    """The catalogue's models that translate into `lang`, Argos packages first."""
    return sorted((entry for entry in models() if lang in entry.languages),
                  key=lambda entry: not entry.is_argos)


def serving_summary(lang: str) -> str:
    """What can serve `lang`, in a sentence or two: the Argos package if there is one, the
    multilingual models, and the families without a model for it (M2M-100 has no Kyrgyz)."""
    entries = serving(lang)
    name = TARGET_LANGUAGES[lang].name
    argos_names = [entry.name for entry in entries if entry.is_argos]
    others = [entry.name for entry in entries if not entry.is_argos]
    ways = ([f"an Argos package ({', '.join(argos_names)})"] if argos_names else []) + (
        [f"a converted multilingual model ({', '.join(others)})"] if others else [])
    notes = [] if argos_names else [f"The Argos index has no {name} package."]
    notes += [f"{family.title} has no {name}." for family in families().values()
              if family.name != ARGOS_FAMILY and family.name not in {e.family.name for e in entries}]
    first = " or ".join(ways)
    return " ".join([first[:1].upper() + first[1:] + ".", *notes])


def missing_hint(lang: str) -> str:
    """What a language without a working model needs, from the catalogue."""
    candidates = serving(lang)
    hint = (f"no working model for {TARGET_LANGUAGES[lang].name}: fetch "
            f"{' or '.join(entry.name for entry in candidates)} on a machine with internet "
            f"(workbench models fetch NAME) and add the bundle here (workbench models add FILE)")
    if any(entry.is_argos for entry in candidates):
        hint += (f", or install an Argos en->{lang} package "
                 f"(workbench models install FILE.argosmodel)")
    return hint
