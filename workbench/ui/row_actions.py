"""What the review page's buttons and shortcuts do to a segment: save, approve, send back,
settle a conflict, move to another segment, ask MT for a suggestion.

Every action is a callback: it runs before the page is drawn again, so the page (and its
progress) always shows what the store holds. Each one starts by clearing what earlier
actions said. A move is only asked for here (`review_move`); the page resolves it against
the rows of the current filter once they are read again (see views/review.py).
"""

from dataclasses import replace

import streamlit as st

from workbench.errors import ConflictError, WorkbenchError
from workbench.glossary.enforce import glossary_hooks
from workbench.inline import code_problems
from workbench.model import Segment
from workbench.mt.engines import EngineError
from workbench.mt.pipeline import suggest
from workbench.ui import cache, components, machine, selection, state
from workbench.ui.editing import Action, Move, apply_action
from workbench.ui.row_state import (Conflict, RowState, clear_messages, editor_key, put_in_editor,
                                    row, row_key)
from workbench.workflow import QualityGateError

ACTION_DONE = {Action.SAVE: "Saved", Action.APPROVE: "Approved", Action.REJECT: "Sent back"}


def act(segment: Segment, lang: str, action: Action, confirmed: bool = False,
        then: Move | None = None) -> None:
    """Save or Approve what the box holds, then (if it worked) move on. A text whose
    placeholders do not fit the source is saved only once confirmed; approving a text with
    errors likewise (the checks' gate)."""
    clear_messages()
    key = row_key(segment, lang)
    text = st.session_state[editor_key(key)]
    problems = code_problems(text, segment.codes)
    if action == Action.SAVE and problems and not confirmed:
        row(key).unconfirmed = (action, (
            "Placeholders stand for the article's markup (links, bold…); this translation has: "
            f"{'; '.join(problems)}. Saved like this, the markup breaks on export."))
        return
    if save(segment, lang, text, action, row(key).revision, force=confirmed) and then:
        move(segment, then)


def act_on_text(segment: Segment, lang: str, text: str, action: Action,
                then: Move | None = None) -> None:
    """A shortcut's Save or Approve: the text comes from the box as the browser has it."""
    put_in_editor(row_key(segment, lang), text)
    act(segment, lang, action, then=then)


def send_back(segment: Segment, lang: str) -> None:
    clear_messages()
    key = row_key(segment, lang)
    reason = st.session_state.get(f"reason|{key}", "").strip()
    if not reason:
        row(key).error = "Say why it goes back: the translator reads it in the comments."
        return
    row(key).rejecting = False
    save(segment, lang, st.session_state[editor_key(key)], Action.REJECT, row(key).revision,
         reason=reason)


def save(segment: Segment, lang: str, text: str, action: Action, expected_revision: int,
         reason: str = "", force: bool = False) -> bool:
    """Write through the library; True if it was written, else the row says why."""
    key = row_key(segment, lang)
    current = row(key)
    current.unconfirmed = None
    current.error = ""
    try:
        saved = apply_action(state.store(), segment, lang, text, action, actor=state.actor(),
                             expected_revision=expected_revision, reason=reason, force=force)
    except ConflictError as error:
        current.conflict = Conflict(error.current, text, action, reason)
        current.draft = text
        return False
    except QualityGateError as error:
        found = "; ".join(f.message for findings in error.errors.values() for f in findings)
        current.unconfirmed = (action, f"This translation has errors: {found}. Fix them, mute "
                                       "them with a reason, or approve it anyway.")
        return False
    except WorkbenchError as error:
        current.error = components.say(error)
        return False
    st.session_state.rows[key] = RowState(saved.revision, saved.target, done=ACTION_DONE[action])
    st.session_state[editor_key(key)] = saved.target
    return True


def keep_theirs(key: str) -> None:
    theirs = row(key).conflict.theirs
    text = theirs.target if theirs else ""
    st.session_state.rows[key] = RowState(theirs.revision if theirs else 0, text)
    st.session_state[editor_key(key)] = text


def merge(key: str) -> None:
    """Edit on top of their revision: the next save names it, with your text in the box."""
    current = row(key)
    theirs = current.conflict.theirs
    current.revision = theirs.revision if theirs else 0
    current.text = theirs.target if theirs else ""
    current.conflict = replace(current.conflict, merging=True)


def set_flag(key: str, name: str, value) -> None:
    setattr(row(key), name, value)


def move(segment: Segment, where: Move) -> None:
    """Ask the page to go from `segment` to another one of the current filter."""
    clear_messages()
    st.session_state.review_move = (segment.sid, segment.position, where)


def move_to(segment: Segment) -> None:
    """Open `segment` in the translate view."""
    clear_messages()
    selection.put("view", "segment")
    selection.put("seg", segment.sid)


def ask_mt(segment: Segment, lang: str) -> None:
    """A machine translation of this segment, steered by the glossary, shown beside the box;
    nothing is saved unless the translator uses it and saves."""
    clear_messages()
    key = row_key(segment, lang)
    store = state.store()
    try:
        row(key).suggestion = suggest(store, segment, lang, actor=state.actor(),
                                      hooks=glossary_hooks(store),
                                      engine_for=cache.engine_for(store))
    except EngineError:
        row(key).error = machine.unavailable(store, [lang])
    except WorkbenchError as error:
        row(key).error = components.say(error)
