"""The Account page: who is signed in, with which roles, and changing the password."""

import streamlit as st

from workbench.accounts.users import change_password, confirmed_password
from workbench.errors import WorkbenchError
from workbench.ui import components, state


def render() -> None:
    st.title("Account")
    components.show_flash()
    actor = state.actor()
    st.text(f"{actor.display_name} ({actor.username}): {actor.roles_text}")
    st.caption("Every signed-in account may read everything; the roles say what it may change.")
    st.subheader("Change the password")
    with st.form("password", clear_on_submit=True, width=420):
        current = st.text_input("Current password", type="password",
                                autocomplete="current-password")
        new = st.text_input("New password", type="password", autocomplete="new-password")
        again = st.text_input("New password again", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("Change the password", type="primary")
    if not submitted:
        return
    try:
        state.keep_session(change_password(state.store(), actor.username, current,
                                           confirmed_password(new, again, "new password"),
                                           address=state.browser_address()))
    except WorkbenchError as error:
        components.show_error(error)
        return
    components.flash("Password changed.")
    st.rerun()
