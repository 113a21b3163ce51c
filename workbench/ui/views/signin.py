"""The sign-in page: the only page a session sees on a store with accounts until someone
signs in. Wrong passwords are counted per account at its client address (Streamlit's, which
is None on this machine), per address, and per account from every address; after a few, each
attempt must wait longer (workbench.accounts.users), and the page says how long and why."""

import streamlit as st

from workbench.accounts.users import sign_in
from workbench.errors import WorkbenchError
from workbench.ui import components, state


def render() -> None:
    st.title("Sign in")
    st.caption("Translation workbench of the desk. No account? Ask an admin.")
    if "sign_in_message" in st.session_state:
        st.info(components.literal(st.session_state.pop("sign_in_message")),
                icon=":material/info:")
    with st.form("sign_in", clear_on_submit=True, width=420):
        username = st.text_input("User name", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", icon=":material/login:", type="primary")
    if not submitted:
        return
    try:
        signed = sign_in(state.store(), username, password, via="browser",
                         address=state.browser_address())
    except WorkbenchError as error:
        st.error(components.literal(error), icon=":material/lock:")
        return
    state.start_session(signed)
    st.rerun()
