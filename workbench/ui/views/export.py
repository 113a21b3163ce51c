"""The Export page: an article's translation as a document, per language or all as a zip."""

import io
import zipfile

import streamlit as st

from workbench.importing.rebuild import rebuild_document
from workbench.languages import TARGET_LANGUAGES
from workbench.store import Store
from workbench.ui import components, state

SUFFIXES = {"markdown": "md", "text": "txt"}


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
    suffix = SUFFIXES.get(articles[slug].format, "txt")
    st.subheader("Translated article")
    st.caption("The article rebuilt with its markup; untranslated segments stay in English.")
    with st.container(horizontal=True):
        for lang in TARGET_LANGUAGES:
            st.download_button(
                state.language_label(lang), document(store, slug, lang),
                file_name=f"{slug}.{lang}.{suffix}", mime="text/plain",
                icon=":material/download:", key=f"doc|{lang}")
        st.download_button("All languages (zip)", all_documents(store, slug, suffix),
                           file_name=f"{slug}.zip", mime="application/zip",
                           icon=":material/folder_zip:", type="primary")


def document(store: Store, slug: str, lang: str) -> str:
    targets = {sid: t.target for sid, t in store.translations(slug, lang).items()}
    return rebuild_document(store.blocks(slug), store.segments(slug), targets,
                            store.article(slug).format)


def all_documents(store: Store, slug: str, suffix: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for lang in TARGET_LANGUAGES:
            archive.writestr(f"{slug}.{lang}.{suffix}", document(store, slug, lang))
    return buffer.getvalue()
