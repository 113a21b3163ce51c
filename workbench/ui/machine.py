"""Running machine translation from a page: progress in the page, errors as messages."""

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.glossary.enforce import glossary_hooks
from workbench.languages import TARGET_LANGUAGES
from workbench.mt.engines import EngineError
from workbench.mt.pipeline import translate_article
from workbench.mt.registry import Registry
from workbench.store import Store
from workbench.ui import cache, components, state


def translate(store: Store, slug: str, langs: list[str]) -> None:
    """Fill the untranslated segments of `slug` in `langs` from the translation memory,
    then with MT steered by the project glossary (human work is never touched); shows
    progress, then what was done."""
    with st.status(f"Machine-translating into {', '.join(langs)}…", expanded=True) as status:
        bar = st.progress(0.0, text="loading the models")

        def progress(done: int, total: int, lang: str) -> None:
            bar.progress(done / total if total else 1.0, text=f"{lang}: {done} of {total} segments")

        try:
            results = translate_article(store, slug, langs, actor=state.actor(), progress=progress,
                                        hooks=glossary_hooks(store),
                                        engine_for=cache.engine_for(store))
        except EngineError:
            status.update(label="Machine translation stopped; nothing more was stored",
                          state="error")
            st.error(unavailable(store, langs), icon=":material/error:")
            return
        except WorkbenchError as error:
            status.update(label="Machine translation stopped; nothing more was stored",
                          state="error")
            components.show_error(error)
            return
        for result in results:
            st.text(f"{result.lang}: {result.summary()}"
                    + (f"; flagged for review: {', '.join(result.flagged)}"
                       if result.flagged else ""))
        filled = sum(r.translated + r.from_cache + r.from_memory for r in results)
        status.update(label=f"Machine translation done: {filled} segments", state="complete",
                      expanded=False)


def unavailable(store: Store, langs: list[str]) -> str:
    """Why MT cannot serve `langs`, for a translator: the languages without a working model,
    or that a model would not load, and where to look."""
    registry = Registry(store)
    missing = [TARGET_LANGUAGES[lang].name for lang in langs
               if not any(not model.broken for model in registry.candidates(lang))]
    if missing:
        return (f"No machine translation model is installed for {', '.join(missing)} yet; "
                "the Models page says how to add one.")
    return ("Machine translation could not use the installed model; the Models page shows "
            "what is wrong with it.")
