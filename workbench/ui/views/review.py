"""The Review page: an article in one language, as a compact list of segments (source and
edit box side by side) or one segment at a time in the translate view, with the keyboard.

What the page shows is chosen in the URL (workbench.ui.selection): article, language,
filters, rows per page, page, view and segment. A rerun reads nothing the store has not
changed since the last one (segments, translations, findings and progress are kept by the
store's change counter) and draws one page of rows.
"""

from dataclasses import dataclass

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.model import Segment, Status, Translation
from workbench.progress import Progress, article_progress
from workbench.qa import Finding
from workbench.store import Store
from workbench.store.memo import article_segments, article_translations
from workbench.ui import cache, components, machine, row_actions, selection, state
from workbench.ui.editing import (Action, Move, Rights, RowFilter, filter_rows, page_count,
                                  page_of, page_with, step)
from workbench.ui.keyboard import Editor, keyboard
from workbench.ui.row_state import put_in_editor, row_key
from workbench.ui.segment_row import segment_row, source_views
from workbench.ui.translate_view import translate_view

VIEWS = {"list": "List", "segment": "One segment"}
MOVES = {move.value: move for move in Move}


@dataclass
class Article:
    """What one run of the page reads about the article in one language."""

    slug: str
    lang: str
    segments: tuple[Segment, ...]
    translations: dict[str, Translation]
    checked: dict[str, list[Finding]]  # every finding, muted ones too
    findings: dict[str, set[str]]  # names of the unmuted findings the rows show
    open_comments: dict[str, int]
    progress: Progress
    rights: Rights  # what the signed-in account may do in the language


def render() -> None:
    components.style()
    store = state.store()
    articles = {article.slug: article for article in store.articles()}
    if not articles:
        st.info("No articles yet: import one on the Articles page.")
        return
    header = st.container()
    with st.container(key="toolbar"):
        pick_article, pick_lang, pick_view, filters = st.columns([2, 1.55, 1.9, 7],
                                                                 vertical_alignment="center")
    with pick_article:
        slug = state.choose("Article", list(articles), "article", label_visibility="collapsed",
                            format_func=lambda s: articles[s].title)
    with pick_lang:
        lang = state.choose_language(label_visibility="collapsed")
    with pick_view:
        view = selection.widget("view", st.segmented_control, "View", options=list(VIEWS),
                                format_func=VIEWS.get, label_visibility="collapsed") or "list"
    data = _read(store, slug, lang)
    _header(header, slug, articles[slug].title, lang, data.progress, data.rights)
    with filters:
        row_filter = _filters(sorted(set().union(*data.findings.values())))
    rows = filter_rows(list(data.segments), data.translations, row_filter, data.findings,
                       data.open_comments)
    size = selection.get("size")
    _new_filter_starts_at_page_one(row_filter, size, slug, lang)
    _resolve_move(data, rows, size)
    if "review_notice" in st.session_state:
        st.info(components.literal(st.session_state.review_notice), icon=":material/info:")
    if view == "segment" and data.segments:
        segment = _segment_in_hand(data, rows, size)
        current = row_key(segment, lang)
        if st.session_state.get("review_focus", ("",))[0] != current:
            # the segment in hand changed: its box gets the cursor
            _focus(current, unless_typing="review_focus" not in st.session_state)
        editors = [translate_view(data, segment, _page_rows(rows, size))]
    else:
        editors = _list_view(data, rows, size)
        current = None
    keyboard(editors, current, st.session_state.get("review_focus"), _on_key, data.rights)


def _read(store: Store, slug: str, lang: str) -> Article:
    return Article(slug, lang, article_segments(store, slug),
                   article_translations(store, slug, lang), cache.findings(store, slug, lang),
                   cache.finding_names(store, slug, lang),
                   cache.open_comments(store, slug, lang), article_progress(store, slug, lang),
                   Rights.of(state.actor(), lang))


def _header(container, slug: str, title: str, lang: str, progress: Progress,
            rights: Rights) -> None:
    """The language first and unmistakable, then the article and how far it is, and what the
    account may not do here."""
    with container:
        text, bar, run_mt = st.columns([4.2, 4.4, 1.4], vertical_alignment="center")
        with text:
            components.show_html(components.review_heading(lang, title))
        if not rights.edit:
            text.caption(f"You may read {lang}; changing it takes the translator or reviewer "
                         f"role for {lang}.")
        with bar:
            st.progress(progress.done_share, text=components.progress_text(progress))
            components.show_html(components.status_summary(progress))
        if rights.translate:
            run_mt.button("Machine-translate", icon=":material/smart_toy:",
                          key="run_mt", type="tertiary", on_click=machine.translate,
                          args=(slug, [lang]),
                          help="Machine-translate what is missing: offline MT for the "
                               "untranslated segments of this language; edited, reviewed and "
                               "approved work is never touched")


def _filters(finding_names: list[str]) -> RowFilter:
    status_col, finding_col, comments_col, search_col = st.columns(
        [2, 1.65, 2, 2.2], vertical_alignment="center")
    hidden = {"label_visibility": "collapsed"}
    with status_col:
        statuses = selection.widget(
            "status", st.multiselect, "Status", options=[status.value for status in Status],
            format_func=lambda s: s.replace("-", " "), placeholder="any status", **hidden)
    with finding_col:
        if selection.get("finding") not in finding_names:
            selection.put("finding", None)
        finding = selection.widget("finding", st.selectbox, "Finding",
                                   options=[None, *finding_names],
                                   format_func=lambda name: name or "any finding",
                                   placeholder="any finding", **hidden)
    with comments_col:
        comments = selection.widget("comments", st.toggle, "Open comments")
    with search_col:
        query = selection.widget("q", st.text_input, "Search source and target",
                                 placeholder="search, or s12", **hidden)
    return RowFilter(frozenset(Status(s) for s in statuses), finding, query.strip(), comments)


def _new_filter_starts_at_page_one(row_filter: RowFilter, size: int, slug: str,
                                   lang: str) -> None:
    signature = (row_filter, size, slug, lang)
    if st.session_state.get("review_filter") != signature:
        if "review_filter" in st.session_state:
            selection.put("page", 1)
        st.session_state.review_filter = signature


def _resolve_move(data: Article, rows: list[Segment], size: int) -> None:
    """Carry out the move an action asked for, now that the rows are read again: the
    segment to show (and its page), and the box that gets the cursor."""
    pending = st.session_state.pop("review_move", None)
    if pending is not None:
        sid, position, where = pending
        target = step(rows, position, where, data.translations, data.findings)
        if target is None:
            st.session_state.review_notice = (
                "That was the last segment of this list." if where == Move.NEXT else
                "That was the first segment of this list." if where == Move.PREVIOUS else
                "No other segment of this list is untranslated." if where == Move.UNTRANSLATED
                else "No other segment of this list has findings.")
        else:
            selection.put("seg", target.sid)
            selection.put("page", page_with(rows, target.sid, size) or selection.get("page"))
            _focus(row_key(target, data.lang))


def _focus(key: str, unless_typing: bool = False) -> None:
    """Put the cursor in the box of row `key` (the counter tells the browser it is new);
    `unless_typing`: not if the user's cursor is in a box already (a page just opened)."""
    count = st.session_state.get("review_focus", ("", 0))[1]
    st.session_state.review_focus = (key, count + 1, unless_typing)


def _segment_in_hand(data: Article, rows: list[Segment], size: int) -> Segment:
    """The translate view's segment: the one in the URL, else the first of the page."""
    by_sid = {segment.sid: segment for segment in data.segments}
    segment = by_sid.get(selection.get("seg"))
    if segment is None:
        shown = _page_rows(rows, size)
        segment = shown[0] if shown else data.segments[0]
        selection.put("seg", segment.sid)
    return segment


def _page_rows(rows: list[Segment], size: int) -> list[Segment]:
    pages = page_count(len(rows), size)
    if selection.get("page") > pages:
        selection.put("page", pages)
    return page_of(rows, selection.get("page"), size)


def _list_view(data: Article, rows: list[Segment], size: int) -> list[Editor]:
    shown = _page_rows(rows, size)
    first_run = "review_focus" not in st.session_state
    if (st.session_state.pop("review_first_row", False) or first_run) and shown:
        _focus(row_key(shown[0], data.lang), unless_typing=True)
    source_of = source_views(state.store(), data.slug, data.lang)
    editors = []
    for segment in shown:
        source = source_of(segment)
        segment_row(segment, data.lang, data.translations.get(segment.sid), source,
                    len(data.findings.get(segment.sid, ())), data.open_comments.get(segment.sid, 0),
                    data.rights)
        editors.append(Editor(row_key(segment, data.lang), segment.source,
                              tuple(t.approved for t in source.terms if t.approved)))
    if not rows:
        st.info("No segment matches these filters.")
    _pager(rows, size, len(shown))
    return editors


def _pager(rows: list[Segment], size: int, shown: int) -> None:
    pages = page_count(len(rows), size)
    info, pager, size_col = st.columns([1.6, 4, 1], vertical_alignment="center")
    if rows:
        first = (selection.get("page") - 1) * size + 1
        info.caption(f"Segments {first}–{first + shown - 1} of {len(rows)}")
    if pages > 1:
        # Keyed by the page it shows, so it starts there (a move may turn the page) without
        # its value being set through the session state, which st.pagination warns about.
        page = selection.get("page")
        pager.pagination(pages, default=page, key=f"page|{page}", on_change=_turn_page,
                         args=(page,))
    with size_col:
        selection.widget("size", st.selectbox, "Rows per page", options=selection.PAGE_SIZES,
                         label_visibility="collapsed", format_func=lambda n: f"{n} per page")
    st.caption("Keys: Ctrl+Enter saves and Ctrl+Shift+Enter approves, then the cursor goes to the "
               "next row; Alt+1…9 puts a term at the cursor; all of them in the One segment view.")


def _turn_page(shown: int) -> None:
    selection.put("page", st.session_state[f"page|{shown}"])
    st.session_state.review_first_row = True  # the first row gets the cursor


def _on_key(action: str, key: str, text: str | None) -> None:
    """A shortcut for the row `key` (its box held `text`)."""
    slug, lang, sid = key.split("|")
    try:
        segment = state.store().segment(slug, sid)
    except WorkbenchError as error:  # removed by a re-import since the page was drawn
        st.session_state.review_notice = components.say(error)
        return
    if action in (Action.SAVE.value, Action.APPROVE.value):
        row_actions.act_on_text(segment, lang, text or "", Action(action), then=Move.NEXT)
        return
    if text is not None:
        put_in_editor(key, text)
    if action in MOVES:
        row_actions.move(segment, MOVES[action])
    elif action == "mt":
        row_actions.ask_mt(segment, lang)
