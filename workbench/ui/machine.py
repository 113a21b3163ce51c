"""Running machine translation from a page: progress in the page, errors as messages."""

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.glossary.enforce import glossary_hooks
from workbench.mt.pipeline import translate_article
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
