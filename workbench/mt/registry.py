"""Which engine serves which language: the project's models and their order.

Everything lives in the project store's settings (workbench.settings: ARGOS_DIR,
MULTILINGUAL_MODELS, ENGINE_ORDER), so each project chooses its own Argos package
folder, multilingual models and per-language engine order. In an order, "multilingual"
alone means any registered model, in registration order.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from workbench import settings
from workbench.errors import InputError, WorkbenchError
from workbench.languages import TARGET_LANGUAGES, normalize_language
from workbench.mt import argos, multilingual
from workbench.mt.catalogue import missing_hint
from workbench.mt.engines import Engine, EngineError, ModelState

DEFAULT_ORDER = ("argos", "multilingual")
ENGINE_KINDS = (argos.ENGINE, multilingual.ENGINE)


@dataclass(frozen=True)
class LanguageReport:
    lang: str
    model: ModelState | None  # the model that serves it, None when missing
    hint: str = ""  # what is missing and how to add it

    def to_json(self) -> dict:
        data = {"lang": self.lang, "served": self.model is not None, "hint": self.hint}
        if self.model:
            data.update(engine=self.model.engine, model=self.model.name,
                        version=self.model.version, size=self.model.size, path=self.model.path)
        return data


class Registry:
    def __init__(self, store):
        self.store = store

    @property
    def argos_dir(self) -> Path:
        configured = settings.ARGOS_DIR.read(self.store)
        return Path(configured) if configured else argos.default_packages_dir()

    def set_argos_dir(self, path: Path) -> None:
        settings.ARGOS_DIR.write(self.store, str(Path(path).resolve()))

    def registrations(self) -> list[multilingual.Registration]:
        stored = settings.MULTILINGUAL_MODELS.read(self.store)
        return [multilingual.Registration.from_json(name, data) for name, data in stored.items()]

    def add_multilingual(self, path: Path, languages: list[str] | None = None,
                         name: str | None = None) -> multilingual.Registration:
        registration = multilingual.inspect(path, languages, name)
        stored = settings.MULTILINGUAL_MODELS.read(self.store)
        stored[registration.name] = registration.to_json()
        settings.MULTILINGUAL_MODELS.write(self.store, stored)
        return registration

    def install_argos(self, path: Path) -> ModelState:
        return argos.install(self.argos_dir, Path(path))

    def remove(self, name: str) -> ModelState:
        """Unregister a multilingual model by name, or uninstall an Argos package."""
        stored = settings.MULTILINGUAL_MODELS.read(self.store)
        if name in stored:
            removed = multilingual.state(multilingual.Registration.from_json(name, stored.pop(name)))
            settings.MULTILINGUAL_MODELS.write(self.store, stored)
            return removed
        return argos.remove(self.argos_dir, name)

    def order(self, lang: str) -> list[str]:
        return list(settings.ENGINE_ORDER.read(self.store).get(lang, DEFAULT_ORDER))

    def set_order(self, lang: str, entries: list[str]) -> None:
        lang = normalize_language(lang)
        if not entries:
            raise InputError(lang, "give at least one engine, e.g. argos,multilingual")
        names = {registration.name for registration in self.registrations()}
        for entry in entries:
            kind, _, name = entry.partition(":")
            if kind not in ENGINE_KINDS or (kind == argos.ENGINE and name) or (
                name and name not in names
            ):
                raise InputError(entry, "unknown engine; use argos, multilingual or "
                                        "multilingual:NAME of a model from `workbench models`")
        orders = settings.ENGINE_ORDER.read(self.store)
        orders[lang] = entries
        settings.ENGINE_ORDER.write(self.store, orders)

    def all_models(self) -> list[ModelState]:
        return argos.package_states(self.argos_dir) + [
            multilingual.state(registration) for registration in self.registrations()
        ]

    def candidates(self, lang: str, models: list[ModelState] | None = None) -> list[ModelState]:
        """Models that claim `lang`, in the configured order (broken ones included)."""
        models = self.all_models() if models is None else models
        ordered = []
        for entry in self.order(lang):
            kind, _, name = entry.partition(":")
            ordered += [
                model for model in models
                if model.engine == kind and lang in model.languages
                and (not name or model.name == name) and model not in ordered
            ]
        return ordered

    def report(self, load: bool = False) -> tuple[list[LanguageReport], list[ModelState]]:
        """Per language, the model that serves it or what is missing; and every model.

        Files are checked always; with `load`, every model is also loaded, which
        finds corrupt weights but takes seconds per real model.
        """
        models = self.all_models()
        if load:
            models = [self._loaded_state(model) for model in models]
        reports = []
        for lang in TARGET_LANGUAGES:
            working = [model for model in self.candidates(lang, models) if not model.broken]
            if working:
                reports.append(LanguageReport(lang, working[0]))
            else:
                reports.append(LanguageReport(lang, None, missing_hint(lang)))
        return reports, models

    def engine_for(self, lang: str) -> Engine:
        """The first engine for `lang`, in the configured order, whose model loads."""
        lang = normalize_language(lang)
        problems = []
        for model in self.candidates(lang):
            if model.broken:
                continue
            engine = self._engine(model)
            try:
                engine.load()
            except WorkbenchError as error:
                problems.append(str(error))
                continue
            return engine
        raise EngineError("; ".join([missing_hint(lang), *problems]))

    def _engine(self, model: ModelState) -> Engine:
        if model.engine == argos.ENGINE:
            return argos.load_engine(Path(model.path))
        registration = next(r for r in self.registrations() if r.name == model.name)
        return multilingual.load_engine(registration)

    def _loaded_state(self, model: ModelState) -> ModelState:
        if model.broken:
            return model
        try:
            self._engine(model).load()
        except WorkbenchError as error:
            return replace(model, problem=str(error))
        return model
