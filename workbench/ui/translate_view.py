"""The translate view: one segment at a time, with everything a translator needs beside
the box (glossary forms, memory matches, an MT suggestion, findings, comments, history),
the moves of the keyboard as buttons, the shortcuts, and the segments of the page beside
it to jump to."""

import html

import streamlit as st

from workbench.model import Segment, status_of
from workbench.mt.cache import mt_flags
from workbench.tm import suggestions_for
from workbench.ui import components, row_actions, row_aids, selection, state
from workbench.ui.editing import Action, Move, Rights
from workbench.ui.keyboard import Editor, editor_class, legend
from workbench.ui.row_state import clear_messages, load, put_in_editor, row_key
from workbench.ui.segment_row import ORIGIN_LABELS, editor, panels, source_views, stale_html
from workbench.workflow import can_send_back

MOVE_BUTTONS = (
    (Move.PREVIOUS, "Previous", ":material/arrow_upward:", "Alt+↑"),
    (Move.NEXT, "Next", ":material/arrow_downward:", "Alt+↓"),
    (Move.UNTRANSLATED, "Next untranslated", ":material/edit_note:", "Alt+N"),
    (Move.FINDINGS, "Next with findings", ":material/warning:", "Alt+I"),
)


def translate_view(data, segment: Segment, page: list[Segment]) -> Editor:
    """Draw the view for `segment` of `data` (views.review.Article); `page`: the rows of the
    current page, listed beside it. Returns the box for the keyboard."""
    rights = data.rights
    store = state.store()
    lang = data.lang
    key = row_key(segment, lang)
    translation = data.translations.get(segment.sid)
    current = load(key, translation)
    source = source_views(store, segment.article, lang)(segment)
    terms = source.terms
    matches = suggestions_for(store, segment, lang, limit=3)
    box = editor_class(key)
    main, side = st.columns([3.3, 1], gap="medium")
    with main:
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            for where, label, icon, keys in MOVE_BUTTONS:
                st.button(label, key=f"move|{where.value}", icon=icon, type="tertiary",
                          help=keys, on_click=row_actions.move, args=(segment, where))
            st.button("Back to the list", key="to_list", icon=":material/view_list:",
                      type="tertiary", on_click=_to_list)
        components.show_html(_heading(segment, translation, len(data.segments), current.done))
        components.show_html(source.html + stale_html(translation))
        editor(segment, lang, key, height=150, read_only=not rights.edit)
        _actions(segment, lang, key, translation, current, rights)
        panels(segment, lang, key, current)
        aids, notes = st.columns(2, gap="medium")
        with aids:
            row_aids.glossary_forms(terms, box)
            row_aids.memory_matches(matches, box)
            if rights.allows("mt"):
                row_aids.mt_suggestion(segment, lang, key, current)
            row_aids.mt_repairs(mt_flags(store, segment.article, lang).get(segment.sid, []))
        with notes:
            row_aids.findings_list(segment, lang, key, data.checked.get(segment.sid, []),
                                   rights.mute)
            row_aids.comment_thread(segment, lang, key,
                                    store.comments(segment.article, lang, [segment.sid]),
                                    rights.comment)
        with st.expander("History and all languages", icon=":material/history:"):
            row_aids.history(segment, lang)
            row_aids.all_languages(segment)
        with st.expander("Concordance", icon=":material/manage_search:"):
            row_aids.concordance_search(lang)
    with side:
        components.show_html(legend())
        _page_list(data, segment, page)
    return Editor(key, segment.source, tuple(t.approved for t in terms if t.approved),
                  tuple(match.entry.target for match in matches))


def _heading(segment: Segment, translation, total: int, done: str) -> str:
    status = status_of(translation)
    parts = [f"<b>Segment {segment.position + 1} of {total}</b>", components.status_badge(status)]
    if translation and translation.origin:
        origin = ORIGIN_LABELS[translation.origin.value]
        parts.append(html.escape(f"{origin} · {translation.engine}" if translation.engine
                                 else origin))
    if translation and translation.author:
        parts.append(f"by {html.escape(translation.author)}")
    if done:
        parts.append(f'<span class="wb-done">✓ {done}</span>')
    return f'<div class="wb-meta wb-heading">{" · ".join(parts)}</div>'


def _actions(segment: Segment, lang: str, key: str, translation, current,
             rights: Rights) -> None:
    """The actions that apply to this segment, for this account."""
    with st.container(horizontal=True, gap="small"):
        if rights.allows(Action.SAVE):
            st.button("Save and next", key=f"savenext|{key}", icon=":material/save:",
                      help="Ctrl+Enter", on_click=row_actions.act,
                      args=(segment, lang, Action.SAVE, False, Move.NEXT))
        if rights.allows(Action.APPROVE):
            st.button("Approve and next", key=f"approvenext|{key}",
                      icon=":material/check_circle:", type="primary", help="Ctrl+Shift+Enter",
                      on_click=row_actions.act,
                      args=(segment, lang, Action.APPROVE, False, Move.NEXT))
        if rights.allows(Action.SAVE):
            st.button("Save", key=f"save|{key}", type="tertiary", on_click=row_actions.act,
                      args=(segment, lang, Action.SAVE))
        if rights.allows(Action.REJECT) and can_send_back(translation) and not current.rejecting:
            st.button("Send back…", key=f"reject|{key}", icon=":material/undo:",
                      type="tertiary", help="Back to the translator, with a reason",
                      on_click=row_actions.set_flag, args=(key, "rejecting", True))
        if rights.allows("source") and not current.text and not current.draft:
            st.button("Copy the source", key=f"copy|{key}", icon=":material/content_copy:",
                      type="tertiary", help="With its placeholders; Alt+C puts it at the cursor",
                      on_click=put_in_editor, args=(key, segment.source))


def _page_list(data, segment: Segment, page: list[Segment]) -> None:
    """The page's segments, the one in hand chosen; choosing another opens it."""
    by_sid = {row.sid: row for row in page}
    if segment.sid not in by_sid:
        by_sid = {segment.sid: segment, **by_sid}
    st.session_state._pagelist = segment.sid
    st.radio("This page", list(by_sid), key="_pagelist", on_change=_open_chosen,
             args=(by_sid,), format_func=lambda sid: _page_label(data, by_sid[sid]))


def _page_label(data, row: Segment) -> str:
    translation = data.translations.get(row.sid)
    status = status_of(translation).value.replace("-", " ")
    text = row.source if len(row.source) <= 30 else row.source[:29] + "…"
    return f"{row.position + 1} · {status} · {components.literal(text)}"


def _open_chosen(by_sid: dict[str, Segment]) -> None:
    row_actions.move_to(by_sid[st.session_state._pagelist])


def _to_list() -> None:
    clear_messages()
    selection.put("view", "list")
