"""What is expensive to build and shared across reruns and sessions: the compiled
glossary matcher, the findings of an article in one language, its open comments, and the
loaded machine-translation engines of one-segment suggestions (a run over an article is a job
for a worker: workbench.jobs).

The matcher and the findings are kept by the library's cache, keyed on the store's change
counter (workbench.store.memo): a rerun that changed nothing reuses them and a save, a mute
or a glossary edit rebuilds them. Engines are kept by Streamlit, keyed on the installed
models and the engine order.
"""

import streamlit as st

from workbench.glossary.matcher import GlossaryMatcher
from workbench.glossary.storage import project_matcher
from workbench.mt.engines import Engine
from workbench.mt.registry import Registry
from workbench.qa import Finding, findings_for_article
from workbench.store import ARTICLES, COMMENTS, GLOSSARY, MUTES, SETTINGS, TRANSLATIONS, Store
from workbench.store.memo import memoized

SHOWN_ELSEWHERE = {"untranslated"}  # findings a row does not list: its status says "new"


def matcher(store: Store) -> GlossaryMatcher:
    with st.spinner("Compiling the glossary…", show_time=True):
        return project_matcher(store)


def findings(store: Store, slug: str, lang: str) -> dict[str, list[Finding]]:
    """{sid: findings, muted ones included} of every quality check for the stored
    translations; computed again when a translation, a segment, a mute, the glossary or a
    project setting (the Uzbek script) changes."""
    return memoized(store, ("findings", slug, lang),
                    (TRANSLATIONS, ARTICLES, MUTES, GLOSSARY, SETTINGS),
                    lambda: findings_for_article(store, slug, lang, include_muted=True))


def finding_names(store: Store, slug: str, lang: str) -> dict[str, set[str]]:
    """{sid: names of the unmuted findings} the review page filters and marks rows by (the
    untranslated check left out: a row's status says it), kept with the findings."""
    return memoized(store, ("finding-names", slug, lang),
                    (TRANSLATIONS, ARTICLES, MUTES, GLOSSARY, SETTINGS),
                    lambda: {sid: names for sid, found in findings(store, slug, lang).items()
                             if (names := {f.name for f in found
                                           if not f.muted and f.check not in SHOWN_ELSEWHERE})})


def terms(store: Store, slug: str, lang: str) -> dict:
    """{sid: (the terms of the segment's source with their forms in `lang`, each occurrence
    to highlight)}, filled as rows are drawn, kept until the glossary or the article changes."""
    return memoized(store, ("row-terms", slug, lang), (ARTICLES, GLOSSARY), dict)


def open_comments(store: Store, slug: str, lang: str) -> dict[str, int]:
    """{sid: open comments} of an article in one language, read again when a comment changed."""
    return memoized(store, ("open-comments", slug, lang), (COMMENTS,),
                    lambda: store.open_comment_counts(slug, lang))


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
