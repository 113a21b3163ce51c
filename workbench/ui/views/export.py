"""The Export page: an article's translations as PO, XLIFF or TMX for other tools
(per language or all as a zip), the translated article itself, and importing
translated PO/XLIFF files back.

Files are built only when their button is clicked (deferred download data), so
the page costs nothing per rerun whatever the article's size.
"""

from functools import partial

import streamlit as st

from workbench.accounts import Action
from workbench.errors import WorkbenchError
from workbench.exchange.export import export_files, file_name, zip_bytes
from workbench.exchange.importer import ImportResult, import_data
from workbench.formats import FORMATS
from workbench.importing.rebuild import rebuild_document
from workbench.languages import TARGET_LANGUAGES
from workbench.store import Store
from workbench.ui import cache, components, state

DOCUMENT_SUFFIXES = {"markdown": "md", "text": "txt", "html": "html"}


def render() -> None:
    components.style()
    st.title("Export")
    store = state.store()
    articles = {article.slug: article for article in store.articles()}
    if not articles:
        st.info("No articles yet: import one on the Articles page.")
        return
    slug = state.choose("Article", list(articles), "article",
                        format_func=lambda s: articles[s].title)
    actor = state.actor()
    if actor.may(Action.EXPORT):
        _exchange_files(store, slug)
    _documents(store, slug, DOCUMENT_SUFFIXES.get(articles[slug].format, "txt"))
    if actor.may(Action.IMPORT_TRANSLATIONS):
        _import_back(store, slug)
    else:
        st.caption("Files for translation tools are exported and imported by a manager.")


def _exchange_files(store: Store, slug: str) -> None:
    st.subheader("Files for translation tools")
    fmt = st.segmented_control("Format", list(FORMATS), default="po", key="export_format",
                               format_func=lambda name: FORMATS[name].description) or "po"
    st.caption("PO and XLIFF carry every segment with its status, context, placeholders and "
               "glossary terms, and come back through *Import translations* below.")
    terms = cache.matcher(store).term_notes
    with st.container(horizontal=True):
        for lang in TARGET_LANGUAGES:
            files = partial(export_files, store, slug, fmt, [lang], terms, actor=state.actor())
            st.download_button(
                state.language_label(lang), partial(_only_file, files),
                file_name=f"{slug}.{file_name(lang, FORMATS[fmt])}",
                icon=":material/download:", key=f"export|{fmt}|{lang}", on_click="ignore")
        st.download_button(
            "All languages (zip)",
            partial(_zip, store, slug, fmt, terms), file_name=f"{slug}.{fmt}.zip",
            mime="application/zip", icon=":material/folder_zip:", type="primary",
            key=f"export|{fmt}|zip", on_click="ignore")


def _only_file(files) -> bytes:
    return next(iter(files().values()))


def _zip(store: Store, slug: str, fmt: str, terms) -> bytes:
    return zip_bytes(store, slug, fmt, list(TARGET_LANGUAGES), terms, actor=state.actor())


def _documents(store: Store, slug: str, suffix: str) -> None:
    st.subheader("The translated article")
    st.caption("Rebuilt with its markup; untranslated segments stay in English.")
    with st.container(horizontal=True):
        for lang in TARGET_LANGUAGES:
            st.download_button(
                state.language_label(lang), partial(document, store, slug, lang),
                file_name=f"{slug}.{lang}.{suffix}", mime="text/plain",
                icon=":material/article:", key=f"doc|{lang}", on_click="ignore")


def document(store: Store, slug: str, lang: str) -> str:
    targets = {sid: t.target for sid, t in store.translations(slug, lang).items()}
    return rebuild_document(store.blocks(slug), store.segments(slug), targets,
                            store.article(slug).format)


def _import_back(store: Store, slug: str) -> None:
    st.subheader("Import translations")
    with st.form("import_translations", clear_on_submit=True, border=False):
        files = st.file_uploader(
            "Translated PO or XLIFF files of this article", type=["po", "xlf", "xliff"],
            accept_multiple_files=True,
            help="A translation changed in the workbench since the export is a conflict: the "
                 "workbench keeps its version and both are listed here.")
        preview_col, import_col = st.columns(2)
        preview = preview_col.form_submit_button("Preview (changes nothing)",
                                                 icon=":material/preview:", width="stretch")
        apply = import_col.form_submit_button("Import", icon=":material/upload:",
                                              type="primary", width="stretch")
    if files and (preview or apply):
        try:
            result = import_data(store, [(f.name, f.getvalue()) for f in files],
                                 actor=state.actor(), dry_run=not apply, article=slug)
        except WorkbenchError as error:
            components.show_error(error)
            return
        _report(result)


def _report(result: ImportResult) -> None:
    verb = "would change" if result.dry_run else "changed"
    for report in result.files:
        summary = (f"**{components.literal(report.path)}** ({report.format}, {report.lang}): {verb} "
                   f"{len(report.updated)}, unchanged {report.unchanged}, "
                   f"conflicts {len(report.conflicts)}, errors {len(report.errors)}")
        (st.warning if report.conflicts or report.errors else st.success)(summary)
        if report.updated:
            st.dataframe([{"segment": c.sid, "was": c.old_target, "now": c.new_target,
                           "status": c.new_status} for c in report.updated], hide_index=True)
        if report.conflicts:
            st.markdown("Conflicts (the workbench kept its version):")
            st.dataframe([{"segment": c.sid, "why": c.reason, "workbench": c.workbench_target,
                           "file": c.file_target} for c in report.conflicts], hide_index=True)
        if report.errors:
            st.dataframe([{"segment": e.sid, "problem": e.problem} for e in report.errors],
                         hide_index=True)
