"""The Models page: the machine-translation engine of each language."""

import streamlit as st

from workbench.ui import components, state
from workbench.languages import TARGET_LANGUAGES


def render() -> None:
    components.style()
    st.title("Models")
    st.info("Machine translation is not part of this build yet.", icon=":material/memory:")
    st.dataframe([{"language": state.language_label(code), "script": lang.script}
                  for code, lang in TARGET_LANGUAGES.items()], hide_index=True)
