"""What a row of the Review page remembers between runs, and its edit box.

Kept in `st.session_state.rows[key]`: the revision the edit box was loaded from
(saves name it), the user's unsaved draft, what the row is asking the user, and an MT
suggestion asked for.
"""

from dataclasses import dataclass

import streamlit as st

from workbench.model import Segment, Translation
from workbench.mt.pipeline import Suggestion
from workbench.ui.editing import Action


@dataclass(frozen=True)
class Conflict:
    theirs: Translation | None
    mine: str
    action: Action
    reason: str = ""  # of a send-back
    merging: bool = False


@dataclass
class RowState:
    revision: int  # the revision the editor was loaded from; saves name it
    text: str  # the stored text of that revision
    draft: str | None = None  # the user's unsaved edit
    conflict: Conflict | None = None
    unconfirmed: tuple[Action, str] | None = None  # an action waiting for "do it anyway"
    rejecting: bool = False  # asking why the segment is sent back
    error: str = ""  # why the last action failed
    done: str = ""  # what the last action did
    suggestion: Suggestion | None = None  # machine translation asked for, not used yet


def row_key(segment: Segment, lang: str) -> str:
    return f"{segment.article}|{lang}|{segment.sid}"


def editor_key(key: str) -> str:
    return f"edit|{key}"


def row(key: str) -> RowState:
    return st.session_state.rows[key]


def load(key: str, translation: Translation | None) -> RowState:
    """The row's state, refreshed from the store when the user has no draft."""
    rows = st.session_state.setdefault("rows", {})
    revision = translation.revision if translation else 0
    text = translation.target if translation else ""
    current = rows.get(key)
    editor = editor_key(key)
    if current is None or (current.draft is None and current.conflict is None
                           and current.revision != revision):
        current = rows[key] = RowState(revision, text)
        st.session_state[editor] = text
    elif editor not in st.session_state:
        st.session_state[editor] = current.text if current.draft is None else current.draft
    return current


def remember_draft(key: str) -> None:
    """The edit box changed: keep its text as the draft (none if it is the stored text)."""
    state = row(key)
    text = st.session_state[editor_key(key)]
    state.draft = None if text == state.text else text
    state.done = ""


def put_in_editor(key: str, text: str) -> None:
    """Replace the edit box's text (from a callback, before the box is drawn)."""
    st.session_state[editor_key(key)] = text
    remember_draft(key)


def clear_messages() -> None:
    """An action is starting: what earlier ones said no longer applies (a row's error, the
    page's notice)."""
    st.session_state.pop("review_notice", None)
    for state in st.session_state.get("rows", {}).values():
        state.error = ""
