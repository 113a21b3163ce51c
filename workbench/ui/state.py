"""Per-session state: the store opened once per browser session, the user's
name, and the article and language selected across pages.

Streamlit reruns a page's script on every interaction; anything opened here is
kept in `st.session_state` so a rerun never reopens the database.
"""

import streamlit as st

from workbench import settings
from workbench.languages import TARGET_LANGUAGES
from workbench.store import Store


def store() -> Store:
    """The session's store; `workbench serve` passes its path in WORKBENCH_DB."""
    if "store" not in st.session_state:
        st.session_state.store = Store.open(settings.store_path())
        if st.session_state.store.upgrade.message:
            st.toast(st.session_state.store.upgrade.message)
    return st.session_state.store


def author() -> str:
    """Who is working in this session, written into every change they save."""
    return st.session_state.get("author") or settings.default_author()


def language_label(code: str) -> str:
    language = TARGET_LANGUAGES[code]
    return f"{language.native_name} ({code})"


def choose(label: str, options: list[str], name: str, **widget_options) -> str | None:
    """A selectbox whose choice survives page switches and sits in the URL (?name=).

    Streamlit forgets a widget's state when a page without it runs, so the
    choice is kept under `name` and the widget (key `_name`) is seeded from it.
    """
    if not options:
        return None
    remembered = st.session_state.get(name) or st.query_params.get(name)
    if remembered not in options:
        remembered = options[0]
    widget_key = f"_{name}"
    if st.session_state.get(widget_key) not in options:
        st.session_state[widget_key] = remembered
    chosen = st.selectbox(label, options, key=widget_key, **widget_options)
    st.session_state[name] = chosen
    st.query_params[name] = chosen
    return chosen


def choose_language(label: str = "Language") -> str:
    return choose(label, list(TARGET_LANGUAGES), "lang", format_func=language_label)


def show_article(slug: str, lang: str | None = None) -> None:
    """Make `slug` (and `lang`) the selection the next page opens with."""
    st.session_state.article = slug
    st.session_state.pop("_article", None)
    if lang:
        st.session_state.lang = lang
        st.session_state.pop("_lang", None)
