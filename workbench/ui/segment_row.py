"""One row of the Review page: a segment's source, its translation in an edit
box, and the Save / Approve / Reject actions.

Each row remembers the revision it loaded. Saving names that revision, so if
someone saved the segment in between, the store refuses and the row shows
their version beside yours until you choose: keep theirs, overwrite with
yours, or merge by editing. A draft survives paging; a row without a draft
quietly shows what others saved.

Actions are button callbacks: they run before the page is drawn again, so the
page (and its progress summary) always shows what the store holds.
"""

import html
from dataclasses import replace

import streamlit as st

from workbench.errors import ConflictError, WorkbenchError
from workbench.glossary.matcher import GlossaryMatcher, Suggestion
from workbench.inline import code_problems
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Segment, Status, Translation
from workbench.qa import Finding
from workbench.ui import components, row_aids, state
from workbench.ui.editing import Action, apply_action
from workbench.ui.row_state import (Conflict, RowState, editor_key, load, put_in_editor,
                                    remember_draft, row, row_key)
from workbench.workflow import QualityGateError

ACTION_DONE = {Action.SAVE: "Saved", Action.APPROVE: "Approved", Action.REJECT: "Sent back"}
ORIGIN_LABELS = {"mt": "MT", "tm": "TM", "human": "human", "import": "import"}


def segment_row(segment: Segment, lang: str, translation: Translation | None,
                matcher: GlossaryMatcher, findings: list[Finding], mt_flags: list[str]) -> None:
    """`findings`: what the checks say about the stored translation (muted ones too);
    `mt_flags`: what MT had to repair in it (empty once a person has changed it)."""
    key = row_key(segment, lang)
    current = load(key, translation)
    terms = matcher.suggestions(segment.source, lang)
    with st.container(border=True):
        meta, source, target = st.columns([1.15, 4, 4])
        meta.html(_meta_html(segment, translation, current.done))
        with source:
            components.show_html(_source_html(segment, translation,
                                              _term_marks(matcher, segment, terms)))
            row_aids.term_pills(terms, key)
        with target:
            _editor(segment, lang, key, current)
            row_aids.findings_list(segment, lang, key, findings)
            row_aids.mt_repairs(mt_flags)
            row_aids.memory_matches(segment, lang, key)
        if current.conflict:
            _conflict_panel(segment, lang, key, current.conflict)
        if current.unconfirmed:
            _confirm_panel(segment, lang, key, current.unconfirmed)
        if current.rejecting:
            _reject_panel(segment, lang, key)
        if current.error:
            components.show_error(current.error)


def _editor(segment: Segment, lang: str, key: str, current: RowState) -> None:
    st.text_area(
        f"Translation of {segment.sid} ({lang})", key=editor_key(key), height="content",
        label_visibility="collapsed", on_change=remember_draft, args=(key,),
        placeholder="Type the translation; keep the {1} placeholders.",
    )
    with st.container(horizontal=True, gap="small"):
        for action, icon, kind in (
            (Action.SAVE, ":material/save:", "secondary"),
            (Action.APPROVE, ":material/check_circle:", "primary"),
        ):
            st.button(action.value.capitalize(), key=f"{action.value}|{key}", icon=icon,
                      type=kind, on_click=_act, args=(segment, lang, action))
        st.button("Reject", key=f"reject|{key}", icon=":material/undo:", type="tertiary",
                  help="Send it back to the translator, with a reason",
                  on_click=_set, args=(key, "rejecting", True))
        if not current.text and not current.draft:
            st.button("", key=f"copy|{key}", icon=":material/content_copy:", type="tertiary",
                      help="Copy the source (with its placeholders) into the box",
                      on_click=put_in_editor, args=(key, segment.source))
        if st.button("", key=f"all|{key}", icon=":material/translate:", type="tertiary",
                     help="This segment in all five languages, and its history"):
            _all_languages(segment, lang)


def _set(key: str, name: str, value) -> None:
    setattr(row(key), name, value)


def _act(segment: Segment, lang: str, action: Action, confirmed: bool = False) -> None:
    """Save or Approve. A text whose placeholders do not fit the source is saved only
    once confirmed; approving a text with errors likewise (the checks' gate)."""
    key = row_key(segment, lang)
    text = st.session_state[editor_key(key)]
    problems = code_problems(text, segment.codes)
    if action == Action.SAVE and problems and not confirmed:
        row(key).unconfirmed = (action, (
            "Placeholders stand for the article's markup (links, bold…); this translation has: "
            f"{'; '.join(problems)}. Saved like this, the markup breaks on export."))
        return
    _save(segment, lang, text, action, row(key).revision, force=confirmed)


def _send_back(segment: Segment, lang: str) -> None:
    key = row_key(segment, lang)
    row(key).rejecting = False
    _save(segment, lang, st.session_state[editor_key(key)], Action.REJECT, row(key).revision,
          reason=st.session_state.get(f"reason|{key}", "").strip())


def _save(segment: Segment, lang: str, text: str, action: Action, expected_revision: int,
          reason: str = "", force: bool = False) -> None:
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
        return
    except QualityGateError as error:
        current.unconfirmed = (action, str(error))
        return
    except WorkbenchError as error:
        current.error = str(error)
        return
    st.session_state.rows[key] = RowState(saved.revision, saved.target, done=ACTION_DONE[action])
    st.session_state[editor_key(key)] = saved.target


def _conflict_panel(segment: Segment, lang: str, key: str, conflict: Conflict) -> None:
    theirs = conflict.theirs
    who = (theirs.author or "someone") if theirs else "someone"
    if conflict.merging:
        st.info(f"Merging: {components.literal(who)}'s version is below; edit yours above into "
                f"the merged text and {conflict.action.value}.", icon=":material/merge:")
        components.show_html(components.text_with_chips(theirs.target if theirs else ""))
        return
    st.warning(f"{components.literal(who)} saved this segment after you opened it. Nothing was "
               "overwritten: choose which version to keep.", icon=":material/sync_problem:")
    their_col, my_col = st.columns(2)
    their_col.html(
        f"<b>Their version</b> ({theirs.status.value if theirs else 'deleted'}, by "
        f"{html.escape(who)})<br>{components.text_with_chips(theirs.target if theirs else '')}")
    my_col.html(f"<b>Your version</b><br>{components.text_with_chips(conflict.mine)}")
    with st.container(horizontal=True, gap="small"):
        st.button("Keep theirs", key=f"theirs|{key}", on_click=_keep_theirs, args=(key,))
        st.button("Overwrite with mine", key=f"mine|{key}", type="primary",
                  on_click=_save, args=(segment, lang, conflict.mine, conflict.action,
                                        theirs.revision if theirs else 0, conflict.reason))
        st.button("Merge by editing", key=f"merge|{key}", on_click=_merge, args=(key,))


def _keep_theirs(key: str) -> None:
    theirs = row(key).conflict.theirs
    text = theirs.target if theirs else ""
    st.session_state.rows[key] = RowState(theirs.revision if theirs else 0, text)
    st.session_state[editor_key(key)] = text


def _merge(key: str) -> None:
    """Edit on top of their revision: the next save names it, with your text in the box."""
    current = row(key)
    theirs = current.conflict.theirs
    current.revision = theirs.revision if theirs else 0
    current.text = theirs.target if theirs else ""
    current.conflict = replace(current.conflict, merging=True)


def _confirm_panel(segment: Segment, lang: str, key: str, unconfirmed: tuple[Action, str]) -> None:
    action, why = unconfirmed
    st.warning(components.literal(why), icon=":material/warning:")
    with st.container(horizontal=True, gap="small"):
        st.button(f"{action.value.capitalize()} anyway", key=f"confirm|{key}",
                  on_click=_act, args=(segment, lang, action, True))
        st.button("Cancel", key=f"cancel|{key}", on_click=_set, args=(key, "unconfirmed", None))


def _reject_panel(segment: Segment, lang: str, key: str) -> None:
    reason_col, buttons = st.columns([3, 2], vertical_alignment="bottom")
    reason_col.text_input("Why is it sent back? (goes into its history)", key=f"reason|{key}",
                          placeholder="e.g. wrong term for the council")
    with buttons.container(horizontal=True, gap="small"):
        st.button("Send back", key=f"send|{key}", type="primary", on_click=_send_back,
                  args=(segment, lang))
        st.button("Cancel", key=f"keep|{key}", on_click=_set, args=(key, "rejecting", False))


def _meta_html(segment: Segment, translation: Translation | None, done: str) -> str:
    status = translation.status if translation else Status.NEW
    lines = [f"<b>{segment.position + 1}</b> · {segment.sid}", components.status_badge(status)]
    if translation and translation.origin:
        origin = ORIGIN_LABELS[translation.origin.value]
        lines.append(f"{origin} · {html.escape(translation.engine)}" if translation.engine
                     else origin)
    if translation and translation.author:
        lines.append(f"by {html.escape(translation.author)}")
    if done:
        lines.append(f'<span class="wb-done">✓ {done}</span>')
    return f'<div class="wb-meta">{"<br>".join(lines)}</div>'


def _term_marks(matcher: GlossaryMatcher, segment: Segment,
                terms: list[Suggestion]) -> list[components.TermMark]:
    """Every occurrence of a glossary term in the source, with the form to use."""
    forms = {t.source.concept_id: t for t in terms}
    return [components.TermMark(hit.start, hit.end, forms[hit.concept_id].approved,
                                forms[hit.concept_id].note)
            for hit in matcher.source_terms(segment.source) if hit.concept_id in forms]


def _source_html(segment: Segment, translation: Translation | None,
                 marks: list[components.TermMark]) -> str:
    parts = [f'<div class="wb-src">{components.text_with_chips(segment.source, marks)}</div>',
             f'<div class="wb-context">{html.escape(segment.context)}</div>']
    if translation and translation.needs_review:
        parts.append('<div class="wb-stale">Source changed; it was: '
                     f'{components.text_with_chips(translation.previous_source or "")}</div>')
    return "".join(parts)


@st.dialog("All languages", width="large")
def _all_languages(segment: Segment, lang: str) -> None:
    store = state.store()
    components.show_html(f'<div class="wb-src">{components.text_with_chips(segment.source)}</div>')
    cells = []
    for code in TARGET_LANGUAGES:
        translation = store.translation(segment.article, segment.sid, code)
        status = translation.status if translation else Status.NEW
        text = components.text_with_chips(translation.target) if translation else "—"
        cells.append(f"<div><b>{state.language_label(code)}</b><br>"
                     f"{components.status_badge(status)}</div><div>{text}</div>")
    components.show_html(f'<div class="wb-langs">{"".join(cells)}</div>')
    history = store.history(segment.article, segment.sid, lang)
    if history:
        st.markdown(f"**History ({lang})**")
        st.dataframe(
            [{"when": h.at, "who": h.author, "status": h.new_status, "text": h.new_target,
              "note": h.note} for h in reversed(history)],
            hide_index=True, width="stretch")
