"""What the translate view offers beside the edit box: the glossary's forms and the
translation memory's matches (numbered, for the shortcuts), a machine-translation
suggestion, the quality findings of the stored translation (each can be muted with a
reason), what MT repaired in it, the comment thread, the history, the segment in every
language, and a concordance search."""

import html

import streamlit as st

from workbench.comments import add_comment, resolve_comment
from workbench.errors import WorkbenchError
from workbench.glossary.matcher import Suggestion
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Comment, Segment, status_of
from workbench.store.memo import article_translations
from workbench.qa import Finding, mute, unmute
from workbench.tm import TmMatch, concordance
from workbench.ui import components, row_actions, state
from workbench.ui.cache import SHOWN_ELSEWHERE
from workbench.ui.row_state import RowState, clear_messages, put_in_editor, row



def glossary_forms(terms: list[Suggestion], editor: str) -> None:
    """Each term of the source with its approved form (a click or Alt+n inserts it at the
    cursor), the admitted variants and the forbidden forms."""
    if not terms:
        return
    lines = []
    for number, term in enumerate(terms, 1):
        form = (components.insert_chip(term.approved, editor) if term.approved
                else "<i>no approved form</i>")
        extra = "".join([f" · also {html.escape(', '.join(term.admitted))}" if term.admitted else "",
                         f" · not {html.escape(', '.join(term.forbidden))}" if term.forbidden else ""])
        lines.append(f'<div class="wb-aid"><kbd>{number}</kbd> {html.escape(term.source.text)} → '
                     f"{form}{extra}</div>")
    components.show_html("<b>Glossary</b>" + "".join(lines))


def memory_matches(matches: list[TmMatch], editor: str) -> None:
    """The best translation-memory matches from elsewhere; a click (or Alt+Shift+n) puts one
    in the box."""
    if not matches:
        return
    lines = []
    for number, match in enumerate(matches, 1):
        kind = "exact" if match.exact else f"{match.score:.0f}%"
        lines.append(
            f'<div class="wb-aid"><kbd>⇧{number}</kbd> <b>{kind}</b> · '
            f'{html.escape(match.entry.status)} · {html.escape(match.entry.where)}<br>'
            f"{components.insert_chip(match.entry.target, editor, replace=True)}</div>")
    components.show_html("<b>Translation memory</b>" + "".join(lines))


def mt_suggestion(segment: Segment, lang: str, key: str, current: RowState) -> None:
    """Machine translation of this segment, asked for with a button or Alt+M; it goes in the
    box only when used, and is saved only when the box is."""
    suggestion = current.suggestion
    if suggestion is None:
        st.button("Suggest a machine translation", key=f"mt|{key}", icon=":material/smart_toy:",
                  type="tertiary", help="Alt+M", on_click=row_actions.ask_mt,
                  args=(segment, lang))
        return
    st.markdown(f"**Machine translation** · {components.literal(suggestion.engine)}")
    st.text(suggestion.text)
    mt_repairs(suggestion.flags)
    st.button("Use it", key=f"usemt|{key}", icon=":material/input:", type="tertiary",
              on_click=put_in_editor, args=(key, suggestion.text))


def mt_repairs(flags: list[str]) -> None:
    """What MT had to repair in this translation (a placeholder put back, a long segment
    translated in parts, a glossary term fixed): worth a reviewer's second look. Shown as
    plain text: the flags quote the model's output."""
    for flag in flags:
        st.text(f"MT: {flag}")


def findings_list(segment: Segment, lang: str, key: str, findings: list[Finding],
                  may_mute: bool) -> None:
    """The checks' findings for the stored translation; muting one (for whoever may) asks
    why."""
    findings = [f for f in findings if f.check not in SHOWN_ELSEWHERE]
    active = [f for f in findings if not f.muted]
    lines = [f'<div class="wb-finding {f.severity.value}">● <b>{html.escape(f.name)}</b>: '
             f"{html.escape(f.message)}</div>" for f in active]
    lines += [f'<div class="wb-finding muted">○ {html.escape(f.name)}: muted, '
              f"{html.escape(f.mute_reason)}</div>" for f in findings if f.muted]
    if not lines:
        return
    components.show_html("<b>Findings</b>" + "".join(lines))
    if not may_mute:
        return
    with st.container(horizontal=True, gap="small"):
        if active:
            with st.popover("Mute…", icon=":material/notifications_off:", type="tertiary"):
                checks = {f.check: f.name for f in active}
                st.selectbox("Check", list(checks), format_func=checks.get, key=f"mutecheck|{key}")
                st.text_input("Why is it fine here? (kept for reviewers)", key=f"mutewhy|{key}")
                st.button("Mute", key=f"mute|{key}", on_click=_mute, args=(segment, lang, key))
        for check, name in {f.check: f.name for f in findings if f.muted}.items():
            st.button(f"Unmute {name.lower()}", key=f"unmute|{check}|{key}", type="tertiary",
                      on_click=_unmute, args=(segment, lang, key, check))


def _mute(segment: Segment, lang: str, key: str) -> None:
    clear_messages()
    try:
        mute(state.store(), segment.article, segment.sid, lang,
             st.session_state[f"mutecheck|{key}"], st.session_state.get(f"mutewhy|{key}", ""),
             actor=state.actor())
    except WorkbenchError as error:
        row(key).error = components.say(error)


def _unmute(segment: Segment, lang: str, key: str, check_id: str) -> None:
    clear_messages()
    try:
        unmute(state.store(), segment.article, segment.sid, lang, check_id, actor=state.actor())
    except WorkbenchError as error:
        row(key).error = components.say(error)


def comment_thread(segment: Segment, lang: str, key: str, comments: list[Comment],
                   may_comment: bool) -> None:
    """The segment's comments in this language, oldest first; whoever may comment adds one,
    resolves one or opens it again."""
    st.markdown(f"**Comments** ({sum(not c.resolved for c in comments)} open)")
    for comment in comments:
        with st.container(key=f"comment|{comment.id}", horizontal=True, gap="small",
                          vertical_alignment="top"):
            state_mark = "resolved" if comment.resolved else "open"
            components.show_html(
                f'<div class="wb-comment {state_mark}"><b>{html.escape(comment.author)}</b> · '
                f"{html.escape(comment.at[:16].replace('T', ' '))} · {state_mark}</div>")
            if may_comment:
                st.button("Reopen" if comment.resolved else "Resolve",
                          key=f"resolve|{comment.id}", type="tertiary", on_click=_resolve,
                          args=(key, comment.id, not comment.resolved))
        st.text(comment.text)
    if not may_comment:
        return
    with st.form(f"comment|{key}", clear_on_submit=True, border=False):
        st.text_area("Add a comment", key=f"newcomment|{key}", height=68,
                     placeholder="A question, a decision, a source to check…")
        st.form_submit_button("Add the comment", icon=":material/add_comment:",
                              on_click=_comment, args=(segment, lang, key))


def _comment(segment: Segment, lang: str, key: str) -> None:
    clear_messages()
    try:
        add_comment(state.store(), segment.article, segment.sid, lang,
                    st.session_state.get(f"newcomment|{key}", ""), actor=state.actor())
    except WorkbenchError as error:
        row(key).error = components.say(error)


def _resolve(key: str, comment_id: int, resolved: bool) -> None:
    clear_messages()
    try:
        resolve_comment(state.store(), comment_id, resolved, actor=state.actor())
    except WorkbenchError as error:
        row(key).error = components.say(error)


def history(segment: Segment, lang: str) -> None:
    entries = state.store().history(segment.article, segment.sid, lang)
    if entries:
        st.dataframe(
            [{"when": h.at.replace("T", " ").rstrip("Z"), "who": h.author,
              "status": h.new_status, "text": h.new_target, "note": h.note}
             for h in reversed(entries)],
            hide_index=True, width="stretch")
    else:
        st.caption("Nothing saved yet.")


def all_languages(segment: Segment) -> None:
    """The segment in all five languages."""
    store = state.store()
    cells = []
    for code in TARGET_LANGUAGES:
        translation = article_translations(store, segment.article, code).get(segment.sid)
        status = status_of(translation)
        text = components.text_with_chips(translation.target) if translation else "—"
        cells.append(f"<div><b>{state.language_label(code)}</b><br>"
                     f"{components.status_badge(status)}</div><div>{text}</div>")
    components.show_html(f'<div class="wb-langs">{"".join(cells)}</div>')


def concordance_search(lang: str) -> None:
    """A word or phrase in every article and the memories, source and translation side by
    side."""
    phrase = st.text_input("Look up a word or phrase in every article and the memories",
                           key="concordance", placeholder="e.g. migration center, Қазақстан")
    if not phrase.strip():
        return
    hits = concordance(state.store(), phrase, [lang], limit=30)
    if not hits:
        st.caption(f"“{components.literal(phrase.strip())}” is in no {lang} translation or "
                   "memory yet.")
        return
    st.dataframe([{"English": hit.source, "translation": hit.target, "status": hit.status,
                   "where": hit.where} for hit in hits], hide_index=True, width="stretch")
