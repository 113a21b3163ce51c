"""A segment on the review page: a compact row of the list (number and status, the source
with its terms, the edit box, Save, Approve and Open), and the panels a row or the translate
view shows when an action needs the user: a conflict, a confirmation, a reason to send back.

Each row remembers the revision it loaded. Saving names that revision, so if someone saved
the segment in between, the store refuses and the row shows their version beside yours
until you choose: keep theirs, overwrite with yours, or merge by editing. A draft survives
paging and moving; a row without a draft quietly shows what others saved.
"""

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from workbench.glossary.matcher import Suggestion
from workbench.model import Segment, Translation, status_of
from workbench.store import Store
from workbench.ui import cache, components, row_actions
from workbench.ui.editing import Action, Rights
from workbench.ui.keyboard import editor_class
from workbench.ui.row_state import Conflict, RowState, editor_key, load, remember_draft, row_key

ORIGIN_LABELS = {"mt": "MT", "tm": "TM", "human": "human", "import": "import"}
# A row's actions, one widget for the three (three buttons cost a page of 25 rows far more).
ROW_ACTIONS = {Action.SAVE.value: ":material/save:", Action.APPROVE.value: ":material/check_circle:",
               "open": ":material/open_in_full:"}


@dataclass(frozen=True)
class SourceView:
    """What a row shows of a segment's source in one language: its glossary terms with their
    forms, and the source as HTML (chips, terms highlighted with the form to insert in the
    row's box, the context)."""

    terms: list[Suggestion]
    html: str


def segment_row(segment: Segment, lang: str, translation: Translation | None,
                source: SourceView, findings: int, comments: int, rights: Rights) -> None:
    """`findings`: how many unmuted findings the stored translation has; `comments`: how many
    open comments the segment has in `lang`; `rights`: what the account may do in `lang`."""
    key = row_key(segment, lang)
    current = load(key, translation)
    with st.container(key=f"row|{key}"):  # a grid of source, box and actions (style sheet)
        meta = meta_html(segment, translation, current, findings, comments)
        components.show_html(f'<div class="wb-row">{meta}<div>{source.html}'
                             f'{stale_html(translation)}</div></div>')
        editor(segment, lang, key, height="content", read_only=not rights.edit)
        offered = [action for action in ROW_ACTIONS if rights.allows(action)]
        st.pills("Actions", offered, key=f"act|{key}", format_func=ROW_ACTIONS.get,
                 label_visibility="collapsed", on_change=_row_action, args=(segment, lang),
                 help="Save (Ctrl+Enter) · Approve (Ctrl+Shift+Enter) · Open in the translate "
                      "view: terms, memory, MT, findings, comments")
        panels(segment, lang, key, current)


def _row_action(segment: Segment, lang: str) -> None:
    """One of the row's actions was chosen: do it, and let the choice go."""
    key = f"act|{row_key(segment, lang)}"
    chosen, st.session_state[key] = st.session_state[key], None
    if chosen == "open":
        row_actions.move_to(segment)
    elif chosen:
        row_actions.act(segment, lang, Action(chosen))


def editor(segment: Segment, lang: str, key: str, height, read_only: bool) -> None:
    st.text_area(
        f"Translation of segment {segment.position + 1} ({lang})", key=editor_key(key),
        height=height, label_visibility="collapsed", on_change=remember_draft, args=(key,),
        placeholder="Type the translation; keep the {1} placeholders.", disabled=read_only,
    )


def panels(segment: Segment, lang: str, key: str, current: RowState) -> None:
    """What the row asks the user, if anything, and why its last action failed."""
    if current.conflict:
        _conflict_panel(segment, lang, key, current.conflict)
    if current.unconfirmed:
        _confirm_panel(segment, lang, key, current.unconfirmed)
    if current.rejecting:
        _reject_panel(segment, lang, key)
    if current.error:
        components.show_error(current.error)


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
        st.button("Keep theirs", key=f"theirs|{key}", on_click=row_actions.keep_theirs,
                  args=(key,))
        st.button("Overwrite with mine", key=f"mine|{key}", type="primary",
                  on_click=row_actions.save,
                  args=(segment, lang, conflict.mine, conflict.action,
                        theirs.revision if theirs else 0, conflict.reason))
        st.button("Merge by editing", key=f"merge|{key}", on_click=row_actions.merge,
                  args=(key,))


def _confirm_panel(segment: Segment, lang: str, key: str, unconfirmed: tuple[Action, str]) -> None:
    action, why = unconfirmed
    st.warning(components.literal(why), icon=":material/warning:")
    with st.container(horizontal=True, gap="small"):
        st.button(f"{action.value.capitalize()} anyway", key=f"confirm|{key}",
                  on_click=row_actions.act, args=(segment, lang, action, True))
        st.button("Cancel", key=f"cancel|{key}", on_click=row_actions.set_flag,
                  args=(key, "unconfirmed", None))


def _reject_panel(segment: Segment, lang: str, key: str) -> None:
    reason_col, buttons = st.columns([3, 2], vertical_alignment="bottom")
    reason_col.text_input("Why does it go back? (the translator reads it in the comments)",
                          key=f"reason|{key}", placeholder="e.g. wrong term for the council")
    with buttons.container(horizontal=True, gap="small"):
        st.button("Send back", key=f"send|{key}", type="primary", on_click=row_actions.send_back,
                  args=(segment, lang))
        st.button("Cancel", key=f"keep|{key}", on_click=row_actions.set_flag,
                  args=(key, "rejecting", False))


def meta_html(segment: Segment, translation: Translation | None, current: RowState,
              findings: int, comments: int) -> str:
    status = status_of(translation)
    lines = [f"<b>{segment.position + 1}</b> {components.status_badge(status)}"]
    marks = [ORIGIN_LABELS[translation.origin.value]] if translation and translation.origin else []
    if findings:
        marks.append(f'<span class="wb-count">{findings} finding{"s" * (findings > 1)}</span>')
    if comments:
        marks.append(f'<span class="wb-count">{comments} comment{"s" * (comments > 1)}</span>')
    if current.draft is not None:
        marks.append('<span class="wb-unsaved">● unsaved</span>')
    elif current.done:
        marks.append(f'<span class="wb-done">✓ {current.done}</span>')
    lines.append(" ".join(marks))
    return f'<div class="wb-meta">{"<br>".join(lines)}</div>'


def source_views(store: Store, slug: str, lang: str) -> Callable[[Segment], SourceView]:
    """segment -> its SourceView, made once per segment while the glossary is the same."""
    made = cache.terms(store, slug, lang)
    glossary_matcher = functools.cache(lambda: cache.matcher(store))  # at the first segment
    # not made yet, if any

    def view(segment: Segment) -> SourceView:
        if segment.sid not in made:
            matcher = glossary_matcher()
            terms = matcher.suggestions(segment.source, lang)
            forms = {t.source.concept_id: t for t in terms}
            marks = [components.TermMark(hit.start, hit.end, forms[hit.concept_id].approved,
                                         forms[hit.concept_id].note)
                     for hit in matcher.source_terms(segment.source) if hit.concept_id in forms]
            made[segment.sid] = SourceView(terms, source_html(segment, marks,
                                                              editor_class(row_key(segment, lang))))
        return made[segment.sid]

    return view


def source_html(segment: Segment, marks: list[components.TermMark], editor: str) -> str:
    return (f'<div class="wb-src">{components.text_with_chips(segment.source, marks, editor)}'
            f'</div><div class="wb-context">{html.escape(segment.context)}</div>')


def stale_html(translation: Translation | None) -> str:
    """What the source was when the translation was made, if it changed since."""
    if not (translation and translation.needs_review):
        return ""
    return ('<div class="wb-stale">Source changed; it was: '
            f'{components.text_with_chips(translation.previous_source or "")}</div>')

