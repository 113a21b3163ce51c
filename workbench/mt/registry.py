"""Which engine serves which language: the project's models and their order.

Everything lives in the project store's settings (workbench.settings: ARGOS_DIR,
MULTILINGUAL_MODELS, ENGINE_ORDER), so each project chooses its own Argos package
folder, multilingual models and per-language engine order. In an order, "multilingual"
alone means any registered model, in registration order. Changing them takes a manager
(each method that does takes the acting account) and is kept in the audit trail.
"""

import re
from dataclasses import dataclass, replace
from pathlib import Path

from workbench import settings
from workbench.accounts import Action, Actor, audit, require
from workbench.errors import InputError, WorkbenchError
from workbench.languages import TARGET_LANGUAGES, normalize_language
from workbench.mt import argos, bundles, multilingual
from workbench.mt.catalogue import missing_hint
from workbench.mt.engines import Engine, EngineError, ModelState

DEFAULT_ORDER = ("argos", "multilingual")
ENGINE_KINDS = (argos.ENGINE, multilingual.ENGINE)
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # a folder name on every system


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


def matches(model: ModelState, entry: str) -> bool:
    """Whether an engine-order entry (argos, multilingual, multilingual:NAME) names `model`."""
    kind, _, name = entry.partition(":")
    return model.engine == kind and (not name or model.name == name)


def order_entry(engine: Engine) -> str:
    """How an engine order names `engine`: Argos packages by kind (one per language),
    multilingual models by name."""
    return engine.engine if engine.engine == argos.ENGINE else f"{engine.engine}:{engine.name}"


class Registry:
    def __init__(self, store):
        self.store = store

    @property
    def argos_dir(self) -> Path:
        configured = settings.ARGOS_DIR.read(self.store)
        return Path(configured) if configured else argos.default_packages_dir()

    def set_argos_dir(self, path: Path, *, actor: Actor) -> None:
        require(self.store, actor, Action.MODELS)
        with self.store.transaction():
            settings.ARGOS_DIR.write(self.store, str(Path(path).resolve()))
            audit.record(self.store, actor, audit.MODEL, "argos-dir", str(Path(path).resolve()))

    def registrations(self) -> list[multilingual.Registration]:
        stored = settings.MULTILINGUAL_MODELS.read(self.store)
        return [multilingual.Registration.from_json(name, data) for name, data in stored.items()]

    def add_multilingual(self, path: Path, languages: list[str] | None = None,
                         name: str | None = None, *, actor: Actor) -> multilingual.Registration:
        require(self.store, actor, Action.MODELS)
        registration = multilingual.inspect(path, languages, name)
        stored = settings.MULTILINGUAL_MODELS.read(self.store)
        stored[registration.name] = registration.to_json()
        with self.store.transaction():
            settings.MULTILINGUAL_MODELS.write(self.store, stored)
            audit.record(self.store, actor, audit.MODEL, "add", registration.name,
                         ", ".join(registration.languages))
        return registration

    def install_argos(self, path: Path, *, actor: Actor) -> ModelState:
        require(self.store, actor, Action.MODELS)
        installed = argos.install(self.argos_dir, Path(path))
        self._installed(installed, actor)
        return installed

    def install_from_index(self, lang: str, *, actor: Actor) -> ModelState:
        """Download and install the Argos package for `lang` (needs internet)."""
        require(self.store, actor, Action.MODELS)
        installed = argos.install_from_index(self.argos_dir, lang)
        self._installed(installed, actor)
        return installed

    def _installed(self, model: ModelState, actor: Actor) -> None:
        audit.record(self.store, actor, audit.MODEL, "install", model.name,
                     f"en -> {', '.join(model.languages)}, version {model.version}")

    def update_index(self, *, actor: Actor) -> int:
        """Download the Argos package index (needs internet); how many packages it lists."""
        require(self.store, actor, Action.MODELS)
        return argos.update_index(self.argos_dir)

    @property
    def models_dir(self) -> Path:
        """Where models added from bundles live: beside the project store."""
        return self.store.folder / settings.MODELS_FOLDER

    def add_bundle(self, path: Path, languages: list[str] | None = None,
                   name: str | None = None, *, actor: Actor) -> ModelState:
        """Install a bundle from `workbench models fetch`: every file is checked against its
        manifest before anything is installed. An Argos package goes to the Argos folder; a
        multilingual model to the models folder, replacing the one registered by that name."""
        require(self.store, actor, Action.MODELS)
        path = Path(path)
        with bundles.unpacked(path, self.models_dir) as bundle:
            if bundle.engine == argos.ENGINE:
                packages = sorted(bundle.folder.glob("*.argosmodel"))
                if len(packages) != 1:
                    raise InputError(path, "an Argos bundle holds one .argosmodel file")
                return self.install_argos(packages[0], actor=actor)
            if bundle.engine != multilingual.ENGINE:
                raise InputError(path, f"unknown engine {bundle.engine!r} in the manifest")
            name = name or bundle.name
            if not SAFE_NAME.fullmatch(name):
                raise InputError(path, f"model name {name!r}: use letters, digits, . _ -")
            try:
                multilingual.inspect(bundle.folder, languages or bundle.languages, name)
            except InputError as error:
                raise InputError(path, error.problem) from None
            target = self.models_dir / name
            registered = {r.name: Path(r.path) for r in self.registrations()}
            if target.exists() and registered.get(name) != target.resolve():
                raise InputError(path, f"{target} exists and is not the model registered as "
                                       f"{name}; move it away or give another --name")
            parked = bundle.scratch / "old"
            if target.exists():
                target.rename(parked)
            bundle.folder.rename(target)
            try:
                self.add_multilingual(target, languages or bundle.languages, name, actor=actor)
            except BaseException:
                target.rename(bundle.folder)
                if parked.exists():
                    parked.rename(target)
                raise
        return multilingual.state(next(r for r in self.registrations() if r.name == name))

    def remove(self, name: str, *, actor: Actor) -> ModelState:
        """Unregister a multilingual model by name, or uninstall an Argos package."""
        require(self.store, actor, Action.MODELS)
        stored = settings.MULTILINGUAL_MODELS.read(self.store)
        with self.store.transaction():
            if name in stored:
                removed = multilingual.state(
                    multilingual.Registration.from_json(name, stored.pop(name)))
                settings.MULTILINGUAL_MODELS.write(self.store, stored)
            else:
                removed = argos.remove(self.argos_dir, name)
            audit.record(self.store, actor, audit.MODEL, "remove", removed.name, removed.engine)
        return removed

    def order(self, lang: str) -> list[str]:
        return list(settings.ENGINE_ORDER.read(self.store).get(lang, DEFAULT_ORDER))

    def set_order(self, lang: str, entries: list[str], *, actor: Actor) -> None:
        require(self.store, actor, Action.MODELS)
        lang = normalize_language(lang)
        if not entries:
            raise InputError(lang, "give at least one engine, e.g. argos,multilingual")
        self.check_entries(entries)
        orders = settings.ENGINE_ORDER.read(self.store)
        orders[lang] = entries
        with self.store.transaction():
            settings.ENGINE_ORDER.write(self.store, orders)
            audit.record(self.store, actor, audit.MODEL, "order", lang, ",".join(entries))

    def check_entries(self, entries: list[str]) -> None:
        """Refuse an engine entry that names no engine kind or no registered model."""
        names = {registration.name for registration in self.registrations()}
        for entry in entries:
            kind, _, name = entry.partition(":")
            if kind not in ENGINE_KINDS or (kind == argos.ENGINE and name) or (
                name and name not in names
            ):
                raise InputError(entry, "unknown engine; use argos, multilingual or "
                                        "multilingual:NAME of a model from `workbench models`")

    def all_models(self) -> list[ModelState]:
        return argos.package_states(self.argos_dir) + [
            multilingual.state(registration) for registration in self.registrations()
        ]

    def candidates(self, lang: str, models: list[ModelState] | None = None) -> list[ModelState]:
        """Models that claim `lang`, in the configured order (broken ones included)."""
        models = self.all_models() if models is None else models
        ordered = []
        for entry in self.order(lang):
            ordered += [model for model in models
                        if lang in model.languages and matches(model, entry) and model not in ordered]
        return ordered

    def working_model(self, lang: str, models: list[ModelState] | None = None
                      ) -> ModelState | None:
        """The first model for `lang`, in the configured order, whose files are whole."""
        return next((model for model in self.candidates(lang, models) if not model.broken), None)

    def engines(self, lang: str, entries: list[str] | None = None
                ) -> tuple[list[Engine], list[str]]:
        """Every installed engine that serves `lang` and loads, whatever the order (or the
        ones `entries` name, as an order names them); and why others could not be used."""
        loaded, problems = [], []
        for model in self.all_models():
            if lang not in model.languages or (
                    entries and not any(matches(model, entry) for entry in entries)):
                continue
            try:
                if model.broken:
                    raise EngineError(f"{model.engine}:{model.name}: {model.problem}")
                engine = self._engine(model)
                engine.load()
            except WorkbenchError as error:
                problems.append(str(error))
                continue
            loaded.append(engine)
        return loaded, problems

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
            working = self.working_model(lang, models)
            if working:
                reports.append(LanguageReport(lang, working))
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
