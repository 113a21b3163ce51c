"""What is expensive to build and shared across reruns and sessions: the compiled
glossary matcher, the findings of an article in one language, and the loaded
machine-translation engines.

Each is keyed on what it depends on (the glossary's version; the store file, the
article, the language, the revisions of its translations and its mutes; the
installed models and the engine order), so a rerun that changed nothing reuses
them and a save, a mute, a glossary edit or a new model rebuilds them.
"""

import streamlit as st

from workbench.glossary.matcher import GlossaryMatcher
from workbench.glossary.model import Glossary, glossary_version
from workbench.glossary.storage import load_glossary
from workbench.model import Translation
from workbench.mt.engines import Engine
from workbench.mt.registry import Registry
from workbench.qa import Finding, findings_for_article, mutes_for
from workbench.store import Store


def glossary(store: Store) -> tuple[Glossary, str]:
    current = load_glossary(store)
    return current, glossary_version(current)


def matcher(store: Store) -> GlossaryMatcher:
    current, version = glossary(store)
    return _compiled(version, current)


@st.cache_resource(max_entries=4, show_spinner="Compiling the glossary…")
def _compiled(version: str, _glossary: Glossary) -> GlossaryMatcher:
    return GlossaryMatcher(_glossary)


def findings(store: Store, slug: str, lang: str,
             translations: dict[str, Translation]) -> dict[str, list[Finding]]:
    """{sid: findings, muted ones included} of every quality check for the stored
    translations; computed again when a translation, a mute or the glossary changes."""
    revisions = tuple(sorted((sid, t.revision) for sid, t in translations.items()))
    mutes = tuple(sorted((key, m.reason) for key, m in mutes_for(store, slug, lang).items()))
    return _findings(store.path, slug, lang, hash((revisions, mutes)), glossary(store)[1], store)


@st.cache_data(max_entries=16, show_spinner="Checking the translations…")
def _findings(db_path: str, slug: str, lang: str, state: int, glossary_key: str,
              _store: Store) -> dict[str, list[Finding]]:
    return findings_for_article(_store, slug, lang, include_muted=True)


def engine_for(store: Store):
    """`Registry.engine_for`, with each loaded engine kept for the next run."""
    registry = Registry(store)
    models = tuple((m.engine, m.name, m.version, m.path, m.problem)
                   for m in registry.all_models())

    def engine(lang: str) -> Engine:
        return _engine(lang, models, tuple(registry.order(lang)), registry)

    return engine


@st.cache_resource(max_entries=10, show_spinner="Loading the translation model…")
def _engine(lang: str, models: tuple, order: tuple, _registry: Registry) -> Engine:
    return _registry.engine_for(lang)
