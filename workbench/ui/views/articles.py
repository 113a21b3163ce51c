"""The Articles page: every article with its progress per language, import by
upload, open one for review, delete one (after a confirmation)."""

from datetime import datetime, timezone
from pathlib import Path

import streamlit as st

from workbench import settings
from workbench.accounts import Action
from workbench.errors import WorkbenchError
from workbench.importing import delete_article, import_paths, slug_for
from workbench.importing.reader import ARTICLE_SUFFIXES
from workbench.languages import TARGET_LANGUAGES
from workbench.progress import TOTAL, Progress, article_progress
from workbench.ui import components, machine, state

UPLOAD_TYPES = [suffix.lstrip(".") for suffix, kind in ARTICLE_SUFFIXES.items() if kind != "html"]


def render() -> None:
    components.style()
    st.title("Articles")
    st.caption("English articles and how far each language is (the share of words approved). "
               "Pick one and a language, then **Review** it segment by segment.")
    store = state.store()
    manager = state.actor().may(Action.ARTICLE_IMPORT)
    articles = store.articles()
    if manager and _import(expanded=not articles):
        articles = store.articles()  # with the ones just imported
    if articles:
        progress = {article.slug: {lang: article_progress(store, article.slug, lang)
                                   for lang in TARGET_LANGUAGES} for article in articles}
        st.dataframe(
            [_progress_row(article, progress[article.slug]) for article in articles],
            hide_index=True, width="stretch",
            column_config={
                "article": st.column_config.TextColumn("article", width="large"),
                "id": st.column_config.TextColumn("id", width="small",
                                                  help="The article's name in the CLI"),
                "segments": st.column_config.NumberColumn("segments", width=70),
                "words": st.column_config.NumberColumn("words", width=70,
                                                       help="Words of the English source"),
                "updated": st.column_config.TextColumn("updated", width="small"),
                **{lang: st.column_config.ProgressColumn(
                    lang, min_value=0, max_value=1, format="percent", width="small",
                    help=f"{state.language_label(lang)}: share of the words approved")
                   for lang in TARGET_LANGUAGES},
            },
        )
        _open_or_delete(articles, manager)
    else:
        st.info("No articles yet: import one above.")


def _progress_row(article, per_lang: dict[str, Progress]) -> dict:
    any_lang = next(iter(per_lang.values()))
    row = {"article": article.title, "id": article.slug,
           "segments": any_lang.segments[TOTAL], "words": any_lang.words[TOTAL]}
    row.update({lang: per_lang[lang].done_share for lang in TARGET_LANGUAGES})
    row["updated"] = article.updated_at[:16].replace("T", " ")
    return row


def _open_or_delete(articles, manager: bool) -> None:
    """Pick an article to review; a manager may also translate or delete it."""
    titles = {article.slug: article.title for article in articles}
    pick, lang_col, open_col, mt_col, delete_col = st.columns([4, 2, 1.3, 1.3, 1.3],
                                                              vertical_alignment="bottom")
    with pick:
        slug = state.choose("Article", list(titles), "article", format_func=titles.get)
    with lang_col:
        state.choose_language()
    if open_col.button("Review", icon=":material/rate_review:", type="primary", width="stretch"):
        st.switch_page("page_scripts/review.py")
    if not manager:
        return
    mt_col.button("Translate", icon=":material/smart_toy:", width="stretch",
                  help="Machine-translate what is missing, in all five languages",
                  on_click=machine.translate, args=(slug, list(TARGET_LANGUAGES)))
    delete_col.button("Delete", icon=":material/delete:", width="stretch",
                      on_click=st.session_state.update, kwargs={"confirm_delete": slug})
    doomed = st.session_state.get("confirm_delete")
    if doomed in titles:
        st.warning(f"Delete **{components.literal(titles[doomed])}** with all its translations and "
                   "their history? "
                   "This cannot be undone.", icon=":material/delete_forever:")
        with st.container(horizontal=True):
            st.button("Yes, delete it", type="primary", on_click=_delete, args=(doomed,))
            st.button("Cancel", on_click=st.session_state.update,
                      kwargs={"confirm_delete": None})


def _delete(slug: str) -> None:
    st.session_state.confirm_delete = None
    try:
        delete_article(state.store(), slug, actor=state.actor())
    except WorkbenchError as error:
        components.toast_error(error)
        return
    st.toast(f"Deleted {components.literal(slug)}", icon=":material/delete:")


def _import(expanded: bool) -> bool:
    """The import form; whether this run imported articles."""
    with st.expander("Import articles", icon=":material/upload_file:", expanded=expanded):
        with st.form("import", clear_on_submit=True, border=False):
            files = st.file_uploader(
                "Markdown or plain-text articles", type=UPLOAD_TYPES, accept_multiple_files=True,
                help="A changed article imported again keeps the translations of unchanged "
                     "sentences and marks those of changed ones for review.")
            update = st.checkbox("A file named like an article updates it", value=True,
                                 help="Otherwise a file whose name is taken becomes a new "
                                      "article (named after the file and a number).")
            submitted = st.form_submit_button("Import", icon=":material/upload:")
        return bool(submitted and files) and _import_files(files, update)


def _import_files(files, update: bool) -> bool:
    """Keep the uploads beside the store (one folder per upload), then import them all in
    one transaction; a bad file leaves the store as it was and its folder is removed. With
    `update`, an upload named like an existing article updates it (each upload has a folder
    of its own, so the path alone would make every upload a new article)."""
    store = state.store()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    folder = store.folder / settings.UPLOADS_FOLDER / stamp
    with st.status(f"Importing {len(files)} file(s)…", expanded=True) as progress:
        folder.mkdir(parents=True)
        paths = []
        for upload in files:
            path = folder / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            paths.append(path)
        replace = {path: slug_for(path) for path in paths
                   if update and store.has_article(slug_for(path))}
        try:
            reports = import_paths(store, paths, actor=state.actor(), replace=replace)
        except WorkbenchError as error:
            for path in paths:
                path.unlink()
            folder.rmdir()
            progress.update(label="Import failed; nothing was stored", state="error")
            components.show_error(error)
            return False
        for report in reports:
            st.write(f"**{components.literal(report.slug)}**: {report.segments} segments"
                     + ("" if report.created else
                        f" ({report.added} new, {report.changed} changed, {report.removed} removed)"))
            for note in report.notes:
                st.caption(components.literal(note))
        progress.update(label=f"Imported {len(reports)} article(s)", state="complete")
    state.show_article(reports[0].slug)
    return True
