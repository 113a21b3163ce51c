"""The Review page: an article in one language, segment by segment, source on
the left and an edit box on the right.

Only one page of rows is drawn per run (the article's segments and one
language's translations are read in two queries, then filtered in memory).
"""

import streamlit as st

from workbench.accounts import Action
from workbench.model import Status
from workbench.mt.cache import mt_flags
from workbench.ui import cache, components, machine, state
from workbench.ui.editing import RowFilter, filter_rows, page_count, page_of
from workbench.ui.row_aids import SHOWN_ELSEWHERE
from workbench.ui.segment_row import segment_row

PAGE_SIZES = [10, 25, 50, 100]


def render() -> None:
    components.style()
    store = state.store()
    articles = {article.slug: article for article in store.articles()}
    if not articles:
        st.info("No articles yet: import one on the Articles page.")
        return
    pick_article, pick_lang, summary = st.columns([3, 1.3, 3.7], vertical_alignment="bottom")
    with pick_article:
        slug = state.choose("Article", list(articles), "article",
                            format_func=lambda s: articles[s].title)
    with pick_lang:
        lang = state.choose_language()
    actor = state.actor()
    if not actor.may(Action.EDIT, lang):
        st.caption(f"You may read {lang}; changing it takes the translator or reviewer role "
                   f"for {lang}.")
    if actor.may(Action.TRANSLATE) and st.button(
            f"Machine-translate what is missing ({lang})", icon=":material/smart_toy:",
            key="run_mt", help="Offline MT for the untranslated segments of this language; "
                               "edited, reviewed and approved work is never touched"):
        machine.translate(store, slug, [lang])
    counts = store.status_counts(slug)[slug][lang]
    with summary:
        st.progress(components.done_share(counts),
                    text=f"{counts['total'] - counts[Status.NEW.value]} of {counts['total']} translated")
        components.show_html(components.status_summary(counts))

    segments = store.segments(slug)
    translations = store.translations(slug, lang)
    checked = cache.findings(store, slug, lang)
    findings = {sid: {f.name for f in found if not f.muted and f.check not in SHOWN_ELSEWHERE}
                for sid, found in checked.items()}
    row_filter = _filters(sorted(set().union(*findings.values())))
    rows = filter_rows(segments, translations, row_filter, findings)
    matcher = cache.matcher(store)
    repaired = mt_flags(store, slug, lang)
    shown, page, pages = _page(rows, row_filter)
    for segment in shown:
        segment_row(segment, lang, translations.get(segment.sid), matcher,
                    checked.get(segment.sid, []), repaired.get(segment.sid, []))
    if not rows:
        st.info("No segment matches these filters.")
    if page < pages:
        st.button(f"Next page ({page + 1} of {pages})", icon=":material/arrow_downward:",
                  on_click=_turn_page, key="next_page")


def _turn_page() -> None:
    st.session_state.page += 1


def _filters(finding_names: list[str]) -> RowFilter:
    status_col, finding_col, search_col, size_col = st.columns([3, 2, 3, 1])
    statuses = status_col.multiselect(
        "Status", list(Status), format_func=lambda s: s.value.replace("-", " "),
        key="filter_status", placeholder="all statuses")
    finding = finding_col.selectbox("Finding", finding_names, index=None, key="filter_finding",
                                    placeholder="any")
    query = search_col.text_input("Search source and target", key="filter_query",
                                  placeholder="word, phrase or segment id (s12)")
    size_col.selectbox("Per page", PAGE_SIZES, index=1, key="page_size")
    return RowFilter(frozenset(statuses), finding, query.strip())


def _page(rows: list, row_filter: RowFilter) -> tuple[list, int, int]:
    """The rows of the current page, its number and the number of pages; a new filter
    starts again at page 1."""
    size = st.session_state.get("page_size", PAGE_SIZES[1])
    signature = (row_filter, size, st.session_state.get("article"), st.session_state.get("lang"))
    if st.session_state.get("page_signature") != signature:
        st.session_state.page_signature = signature
        st.session_state.page = 1
    pages = page_count(len(rows), size)
    st.session_state.page = min(st.session_state.get("page", 1), pages)
    info, pager = st.columns([5, 2], vertical_alignment="center")
    with pager:
        page = st.number_input("Page", min_value=1, max_value=pages, key="page",
                               label_visibility="collapsed")
    shown = page_of(rows, page, size)
    first = (page - 1) * size + 1
    if rows:
        info.caption(f"Segments {first}–{first + len(shown) - 1} of {len(rows)}"
                     f" · page {page} of {pages}")
    return shown, page, pages
