"""What is expensive to build and shared across reruns and sessions: the compiled
glossary matcher, the findings of an article in one language, and the loaded
machine-translation engines.

Each is keyed on what it depends on (the glossary's version; the store file, the
article, the language and the revisions of its translations; the installed
models and the engine order), so a rerun that changed nothing reuses them and a
save, a glossary edit or a new model rebuilds them.
"""

from dataclasses import dataclass

import streamlit as st

from workbench.cli.check import CHECKS
from workbench.glossary.matcher import GlossaryMatcher
from workbench.glossary.model import Glossary, glossary_version
from workbench.glossary.storage import load_glossary
from workbench.model import Translation
from workbench.mt.engines import Engine
from workbench.mt.registry import Registry
from workbench.store import Store


@dataclass(frozen=True)
class Finding:
    label: str  # what the finding filter offers, e.g. "glossary: missing-term"
    severity: str
    message: str


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
    """{sid: findings} from every registered check (glossary, QA) for the stored translations."""
    revisions = tuple(sorted((sid, t.revision) for sid, t in translations.items()))
    return _findings(store.path, slug, lang, hash(revisions), glossary(store)[1], store)


@st.cache_data(max_entries=16, show_spinner="Checking the translations…")
def _findings(db_path: str, slug: str, lang: str, revisions: int, glossary_key: str,
              _store: Store) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for check in CHECKS:
        for finding in check(_store, slug, [lang]):
            data = finding.to_json()
            label = f"{data.get('check', 'check')}: {data.get('kind', finding.severity)}"
            found.setdefault(finding.sid, []).append(Finding(label, finding.severity,
                                                             finding.message))
    return found


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
