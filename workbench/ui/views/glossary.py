"""The Glossary page: the term base (search, add, edit, deprecate, import and export)."""

import streamlit as st

from workbench.ui import components


def render() -> None:
    components.style()
    st.title("Glossary")
    st.info("The term base is not part of this build yet.", icon=":material/dictionary:")
