"""What the user has chosen (article, language, the review page's filters, rows per page, page,
view and segment), kept in the session and in the URL, so it survives a page change, a
reload and a shared link.

One value per name, in `st.session_state[name]`; every run writes the values to the URL
(`keep_in_url`, called by app.py before the page) and a new session starts from the URL.
A widget never keeps the choice itself: Streamlit forgets a widget's value when a page
without it runs, and the same key on another page is another widget, which once made
Review reopen in Russian after Kazakh was chosen on Articles. `widget` seeds the widget
from the stored value on every run and stores what the user picks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st


PAGE_SIZES = (10, 25, 50, 100)  # rows per page of the review list


@dataclass(frozen=True)
class Param:
    default: Any
    kind: type = str  # str, int, bool or list (a list of str, comma-separated in the URL)
    allowed: tuple = ()  # for an int: the values a URL may choose (empty: any from 1 up)

    def parse(self, text: str):
        """The URL's value; the default for one that is no such value (a hand-edited or old
        link: `size=0` or `page=-3` would break the page)."""
        try:
            if self.kind is list:
                return [part for part in text.split(",") if part]
            if self.kind is bool:
                return text == "1"
            value = self.kind(text)
        except ValueError:
            return self.default
        if self.kind is int and not (value in self.allowed if self.allowed else value >= 1):
            return self.default
        return value

    def encode(self, value) -> str:
        if self.kind is list:
            return ",".join(value)
        if self.kind is bool:
            return "1" if value else "0"
        return str(value)


PARAMS = {
    "article": Param(None),
    "lang": Param(None),
    "status": Param([], list),  # the review page's filters
    "finding": Param(None),
    "comments": Param(False, bool),  # only segments with open comments
    "q": Param(""),
    "size": Param(25, int, PAGE_SIZES),  # rows per page
    "page": Param(1, int),
    "view": Param("list"),  # "list" or "segment"
    "seg": Param(None),  # the segment in the translate view
}


def get(name: str):
    """The chosen value: this session's, else the URL's, else the default."""
    if name in st.session_state:
        return st.session_state[name]
    param = PARAMS[name]
    text = st.query_params.get(name)
    return param.default if text is None else param.parse(text)


def put(name: str, value) -> None:
    st.session_state[name] = value
    _to_url(name, value)


def keep_in_url() -> None:
    """Once per run, before the page: a new session takes the URL's values; every page
    shows the session's values in its URL (a page change starts with a bare URL)."""
    for name in PARAMS:
        if name not in st.session_state and name in st.query_params:
            st.session_state[name] = get(name)
        if name in st.session_state:
            _to_url(name, st.session_state[name])


def widget(name: str, make: Callable, *args, **options):
    """`make(*args, key=..., **options)` (a selectbox, text input, pagination...) showing
    the chosen value of `name` and storing what the user picks."""
    key = f"_{name}"
    st.session_state[key] = get(name)
    return make(*args, key=key, on_change=_picked, args=(name,), **options)


def _picked(name: str) -> None:
    put(name, st.session_state[f"_{name}"])


def _to_url(name: str, value) -> None:
    param = PARAMS[name]
    if value is None or value == param.default:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != param.encode(value):
        st.query_params[name] = param.encode(value)
