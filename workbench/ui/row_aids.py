"""What a Review row offers beside the edit box: the glossary's approved forms to
insert, translation-memory matches to use, the quality findings of the stored
translation (each can be muted with a reason), and what MT repaired in it."""

import html

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.glossary.matcher import Suggestion
from workbench.model import Segment
from workbench.qa import Finding, mute, unmute
from workbench.tm import suggestions_for
from workbench.ui import components, state
from workbench.ui.row_state import editor_key, put_in_editor, row

SHOWN_ELSEWHERE = {"untranslated"}  # the status badge already says "new"


def term_pills(terms: list[Suggestion], key: str) -> None:
    """One click puts a term's approved form at the end of the translation."""
    forms = list(dict.fromkeys(t.approved for t in terms if t.approved))
    if forms:
        st.pills("Insert a term", forms, key=f"terms|{key}", on_change=_insert_term, args=(key,),
                 format_func=components.literal,
                 help="Click an approved form to add it at the end of the translation")


def _insert_term(key: str) -> None:
    term = st.session_state[f"terms|{key}"]
    st.session_state[f"terms|{key}"] = None
    if term:
        text = st.session_state[editor_key(key)].rstrip()
        put_in_editor(key, f"{text} {term}" if text else term)


def memory_matches(segment: Segment, lang: str, key: str) -> None:
    """The best translation-memory matches from elsewhere, each with a button to use it."""
    current = st.session_state[editor_key(key)]
    for number, match in enumerate(suggestions_for(state.store(), segment, lang, limit=2)):
        if match.entry.target == current:
            continue
        text_col, use_col = st.columns([6, 1], vertical_alignment="center")
        kind = "exact" if match.exact else f"{match.score:.0f}%"
        text_col.html(
            f'<div class="wb-tm"><b>TM {kind}</b> · {html.escape(match.entry.status)}: '
            f"{html.escape(match.entry.target)}</div>")
        use_col.button("Use", key=f"tm{number}|{key}", type="tertiary",
                       help="Put this translation in the box (from "
                            f"{components.literal(match.entry.where)})",
                       on_click=put_in_editor, args=(key, match.entry.target))


def mt_repairs(flags: list[str]) -> None:
    """What MT had to repair in this translation (a placeholder put back, a long segment
    translated in parts, a glossary term fixed): worth a reviewer's second look. Shown as
    plain text: the flags quote the model's output."""
    for flag in flags:
        st.text(f"MT: {flag}")


def findings_list(segment: Segment, lang: str, key: str, findings: list[Finding]) -> None:
    """The checks' findings for the stored translation; muting one asks why."""
    findings = [f for f in findings if f.check not in SHOWN_ELSEWHERE]
    active = [f for f in findings if not f.muted]
    lines = [f'<div class="wb-finding {f.severity.value}">● <b>{html.escape(f.name)}</b>: '
             f"{html.escape(f.message)}</div>" for f in active]
    lines += [f'<div class="wb-finding muted">○ {html.escape(f.name)}: muted, '
              f"{html.escape(f.mute_reason)}</div>" for f in findings if f.muted]
    if not lines:
        return
    components.show_html("".join(lines))
    with st.container(horizontal=True, gap="small"):
        if active:
            with st.popover("Mute…", icon=":material/notifications_off:", type="tertiary"):
                checks = {f.check: f.name for f in active}
                st.selectbox("Check", list(checks), format_func=checks.get, key=f"mutecheck|{key}")
                st.text_input("Why is it fine here? (kept for reviewers)", key=f"mutewhy|{key}")
                st.button("Mute", key=f"mute|{key}", on_click=_mute, args=(segment, lang, key))
        for finding in findings:
            if finding.muted:
                st.button(f"Unmute {finding.name.lower()}", key=f"unmute|{finding.check}|{key}",
                          type="tertiary", on_click=_unmute,
                          args=(segment, lang, key, finding.check))


def _mute(segment: Segment, lang: str, key: str) -> None:
    try:
        mute(state.store(), segment.article, segment.sid, lang,
             st.session_state[f"mutecheck|{key}"], st.session_state.get(f"mutewhy|{key}", ""),
             actor=state.actor())
    except WorkbenchError as error:
        row(key).error = str(error)


def _unmute(segment: Segment, lang: str, key: str, check_id: str) -> None:
    try:
        unmute(state.store(), segment.article, segment.sid, lang, check_id, actor=state.actor())
    except WorkbenchError as error:
        row(key).error = str(error)
