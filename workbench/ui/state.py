"""Per-session state: the store opened once per browser session, who is signed in (and the
browser's address, which sign-ins are counted at), and the article and language selected
across pages (kept by `selection`).

Streamlit reruns a page's script on every interaction; anything opened here is
kept in `st.session_state` so a rerun never reopens the database.

Who acts: on a store without accounts, the machine's owner under the name typed in the
sidebar (as the workbench always did on loopback); on a store with accounts, the account
signed in in this session (a browser tab: reloading it asks again), until it signs out,
stays idle longer than settings.session_minutes(), or is disabled.
"""

import time

import streamlit as st

from workbench import settings
from workbench.accounts import Actor, PermissionDenied, local_owner
from workbench.accounts.users import sign_out, still_signed_in
from workbench.languages import TARGET_LANGUAGES
from workbench.store import Store
from workbench.ui import components, selection


def store() -> Store:
    """The session's store; `workbench serve` passes its path in WORKBENCH_DB."""
    if "store" not in st.session_state:
        st.session_state.store = Store.open(settings.store_path())
        if st.session_state.store.upgrade.message:
            st.toast(components.literal(st.session_state.store.upgrade.message))
    return st.session_state.store


def signed_in(store: Store) -> Actor | None:
    """Who acts in this run, checked at its start (app.py); None: the sign-in page shows."""
    if not store.has_accounts():
        st.session_state.actor = local_owner(st.session_state.get("author") or None)
        return st.session_state.actor
    current = st.session_state.get("actor")
    if current is None:
        return None
    if current.local:  # the store has had accounts since this session started
        return _forget("This workbench now has accounts: sign in.")
    if _idle_too_long():
        sign_out(store, current, "expired")
        return _forget("Your session expired after "
                       f"{settings.session_minutes()} idle minutes: sign in again.")
    fresh = still_signed_in(store, current)
    if fresh is None:
        return _forget(f"{current.username}: the account was disabled, or its password was "
                       "changed: sign in again.")
    st.session_state.actor = fresh
    st.session_state.last_seen = time.monotonic()
    return fresh


def actor() -> Actor:
    """Who acts: what pages and their callbacks pass to the library (which checks the
    roles again in the store). A callback of a tab idle too long is refused."""
    current = st.session_state.get("actor")
    if current is None or (not current.local and _idle_too_long()):
        raise PermissionDenied("nobody is signed in in this tab (or the session expired): "
                               "sign in again")
    return current


def start_session(signed: Actor) -> None:
    """After a successful sign-in: this tab acts as `signed`, and nothing of an earlier
    session (drafts, selections) is left over."""
    _reset(actor=signed, last_seen=time.monotonic())


def keep_session(renewed: Actor) -> None:
    """After the person changed their own password here: this tab goes on (the others, opened
    with the old password, sign in again)."""
    st.session_state.actor = renewed


def end_session(store: Store) -> None:
    """Sign out: recorded in the audit trail, and the tab forgets everything of the session."""
    current = st.session_state.get("actor")
    if current is not None:
        sign_out(store, current)
    _forget("Signed out.")


def _idle_too_long() -> bool:
    last_seen = st.session_state.get("last_seen")
    return last_seen is None or time.monotonic() - last_seen > settings.session_minutes() * 60


def _forget(message: str) -> None:
    """No one is signed in any more; `message` says why on the sign-in page."""
    _reset(**({"sign_in_message": message} if message else {}))


def _reset(**values) -> None:
    """Forget everything of the session but its store connection, then keep `values`."""
    opened = st.session_state.get("store")
    for key in list(st.session_state):
        del st.session_state[key]
    if opened is not None:
        st.session_state.store = opened
    st.session_state.update(values)


def language_label(code: str) -> str:
    language = TARGET_LANGUAGES[code]
    return f"{language.native_name} ({code})"


def choose(label: str, options: list[str], name: str, **widget_options) -> str | None:
    """A selectbox whose choice survives page changes and reloads (workbench.ui.selection)."""
    if not options:
        return None
    if selection.get(name) not in options:
        selection.put(name, options[0])
    return selection.widget(name, st.selectbox, label, options=options, **widget_options)


def choose_language(label: str = "Language", **widget_options) -> str:
    return choose(label, list(TARGET_LANGUAGES), "lang", format_func=language_label,
                  **widget_options)


def show_article(slug: str, lang: str | None = None) -> None:
    """Make `slug` (and `lang`) the selection the next page opens with."""
    selection.put("article", slug)
    if lang:
        selection.put("lang", lang)


def browser_address() -> str | None:
    """The browser's network address as Streamlit has it (behind a reverse proxy on this
    machine, the X-Forwarded-For it passes on); None on this machine and where Streamlit has
    none (AppTest gives a stand-in object)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None
