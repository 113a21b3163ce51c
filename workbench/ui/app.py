"""Entry point of the browser workbench: `workbench serve` runs `streamlit run` on this file.

Pages are scripts in `page_scripts/` (one line each, calling their view) so
that Streamlit's navigation and its AppTest can address them by file; the
folder is not called `pages/`, which Streamlit would list on its own.

On a store with accounts, a session nobody has signed in to gets the sign-in form and
nothing else, whatever page the URL asks for (that page opens once signed in); admins also
get the Audit and Users pages.
"""

import streamlit as st

from workbench.accounts import Action
from workbench.accounts.users import check_serving
from workbench.errors import WorkbenchError
from workbench.ui import components, machine, selection, state
from workbench.ui.views import signin

st.set_page_config(page_title="Translation workbench", page_icon=":material/translate:",
                   layout="wide")

PAGES = [
    st.Page("page_scripts/articles.py", title="Articles", icon=":material/article:", default=True),
    st.Page("page_scripts/review.py", title="Review", icon=":material/rate_review:"),
    st.Page("page_scripts/glossary.py", title="Glossary", icon=":material/dictionary:"),
    st.Page("page_scripts/models.py", title="Models", icon=":material/memory:"),
    st.Page("page_scripts/export.py", title="Export", icon=":material/download:"),
]
ACCOUNT_PAGE = st.Page("page_scripts/account.py", title="Account", icon=":material/person:")
ADMIN_PAGES = [
    st.Page("page_scripts/audit.py", title="Audit", icon=":material/policy:"),
    st.Page("page_scripts/users.py", title="Users", icon=":material/group:"),
]

try:
    store = state.store()
    address = st.get_option("server.address")
    if address is not None:  # served (AppTest serves nothing)
        check_serving(store, address, st.context.headers)
    actor = state.signed_in(store)
except WorkbenchError as error:
    components.show_error(error)
    st.stop()

if actor is None:  # every page is known, so a link to one opens it after signing in
    st.navigation(PAGES + [ACCOUNT_PAGE] + ADMIN_PAGES, position="hidden")
    signin.render()
    st.stop()

page = st.navigation(PAGES + ([] if actor.local else [ACCOUNT_PAGE])
                     + (ADMIN_PAGES if actor.may(Action.ACCOUNTS) else []))
selection.keep_in_url()
with st.sidebar:
    if actor.local:
        st.text_input("Your name", key="author", placeholder=actor.username,
                      help="Written into the history of every segment you save.")
    else:
        st.text(f"Signed in as {actor.display_name or actor.username} ({actor.roles_text})")
        st.button("Sign out", icon=":material/logout:", on_click=state.end_session,
                  args=(store,))
try:
    st.sidebar.caption(f"Project store: {components.literal(store.location)}")
    with st.sidebar:
        machine.job_panel(store)
    page.run()
except WorkbenchError as error:
    components.show_error(error)
