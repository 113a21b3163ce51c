"""The review page's keyboard. Streamlit has no key bindings, so a small component
(Streamlit components v2: the JavaScript of keyboard.js, no build step) listens in the
page: it sends Save, Approve and the moves back as one action carrying the box's text, and
does in the browser what needs the cursor (insert a term, a match, the source). It also
marks edited boxes as unsaved, warns before leaving the page with unsaved text, and puts
the cursor where the page asks after a move or a page change.

SHORTCUTS is the one list: the page shows it and the component is handed it.
"""

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import streamlit as st

from workbench.ui.editing import Rights
from workbench.ui.row_state import editor_key

_JS = (Path(__file__).with_name("keyboard.js")).read_text(encoding="utf-8")
_COMPONENT = st.components.v2.component("workbench_keyboard", js=_JS)


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as keyboard.js spells a key press: Ctrl+Alt+Shift+ then the key
    action: str
    label: str


SHORTCUTS = (
    Shortcut("Ctrl+Enter", "save", "Save, then the next segment"),
    Shortcut("Ctrl+Shift+Enter", "approve", "Approve, then the next segment"),
    Shortcut("Alt+↓", "next", "Next segment"),
    Shortcut("Alt+↑", "previous", "Previous segment"),
    Shortcut("Alt+N", "untranslated", "Next untranslated segment"),
    Shortcut("Alt+I", "findings", "Next segment with findings"),
    Shortcut("Alt+C", "source", "Copy the source in, at the cursor"),
    Shortcut("Alt+1…9", "term", "Insert glossary term 1…9 at the cursor"),
    Shortcut("Alt+Shift+1…9", "match", "Put memory match 1…9 in the box"),
    Shortcut("Alt+M", "mt", "Ask machine translation for a suggestion"),
)


@dataclass(frozen=True)
class Editor:
    """An edit box on the page and what its shortcuts insert."""

    row: str  # the row's key (workbench.ui.row_state.row_key)
    source: str
    terms: tuple[str, ...] = ()
    matches: tuple[str, ...] = field(default=())


def editor_class(row: str) -> str:
    """The CSS class Streamlit gives the edit box of `row` (st-key- and its key, each
    character other than a letter, digit, - or _ made a -)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", editor_key(row).strip())


def offered_shortcuts(rights: Rights) -> dict[str, str]:
    """{keys: action} of the shortcuts the page listens for, those `rights` allow."""
    return {shortcut.keys: shortcut.action for shortcut in SHORTCUTS
            if rights.allows(shortcut.action)}


def keyboard(editors: list[Editor], current: str | None, focus: tuple[str, int, bool] | None,
             on_action: Callable[[str, str, str | None], None], rights: Rights) -> None:
    """Listen for the shortcuts in the page, those the account's `rights` allow. `current`:
    the row whose box the shortcuts act on when no box has the cursor; `focus`: (row,
    counter, unless typing), the box to put the cursor in when the counter changes (unless
    the user's cursor is in a box, if so asked); `on_action(action, row, text)` runs before
    the next run of the page."""
    by_class = {editor_class(editor.row): editor for editor in editors}
    st.session_state.keyboard_rows = {name: editor.row for name, editor in by_class.items()}
    _COMPONENT(
        key="keyboard",
        data={
            "shortcuts": offered_shortcuts(rights),
            "editors": {name: asdict(editor) for name, editor in by_class.items()},
            "current": editor_class(current) if current else None,
            "focus": ({"editor": editor_class(focus[0]), "nonce": focus[1],
                       "unlessTyping": focus[2]} if focus else None),
        },
        on_action_change=partial(_dispatch, on_action),
    )


def _dispatch(on_action) -> None:
    """A shortcut arrived: once per key press (the browser numbers them), for a box that is
    on the page."""
    action = st.session_state.keyboard.action
    rows = st.session_state.get("keyboard_rows", {})
    if not action or action["seq"] == st.session_state.get("keyboard_seq") \
            or action["editor"] not in rows:
        return
    st.session_state.keyboard_seq = action["seq"]
    on_action(action["name"], rows[action["editor"]], action["text"])


def legend() -> str:
    """The shortcuts as a small HTML table for the page."""
    rows = "".join(f"<tr><td><kbd>{shortcut.keys}</kbd></td><td>{shortcut.label}</td></tr>"
                   for shortcut in SHORTCUTS)
    return f'<table class="wb-keys">{rows}</table>'
