"""Entry point of the browser workbench: `workbench serve` runs `streamlit run` on this file.

Pages are scripts in `page_scripts/` (one line each, calling their view) so
that Streamlit's navigation and its AppTest can address them by file; the
folder is not called `pages/`, which Streamlit would list on its own.
"""

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.ui import components, state

st.set_page_config(page_title="Translation workbench", page_icon=":material/translate:",
                   layout="wide")

PAGES = [
    st.Page("page_scripts/articles.py", title="Articles", icon=":material/article:", default=True),
    st.Page("page_scripts/review.py", title="Review", icon=":material/rate_review:"),
    st.Page("page_scripts/glossary.py", title="Glossary", icon=":material/dictionary:"),
    st.Page("page_scripts/models.py", title="Models", icon=":material/memory:"),
    st.Page("page_scripts/export.py", title="Export", icon=":material/download:"),
]

page = st.navigation(PAGES)
with st.sidebar:
    st.text_input("Your name", key="author", placeholder=state.author(),
                  help="Written into the history of every segment you save.")
try:
    st.sidebar.caption(f"Project store: `{state.store().location}`")
    page.run()
except WorkbenchError as error:
    components.show_error(error)
