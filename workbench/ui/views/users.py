"""The Users page, for admins: the desk's accounts, adding one, changing its roles,
disabling it, setting its password. The rules (the first account is an admin, the last
admin stays) are the library's, the same as `workbench users`."""

import streamlit as st

from workbench.accounts import Role
from workbench.accounts.permissions import PER_LANGUAGE_ROLES, held_roles, role_grants
from workbench.accounts.users import (
    Account,
    accounts,
    add_account,
    confirmed_password,
    edit_account,
    reset_password,
)
from workbench.errors import WorkbenchError
from workbench.languages import TARGET_LANGUAGES
from workbench.ui import components, state

ROLE_HELP = {
    Role.TRANSLATOR: "edit and save, comment, in these languages",
    Role.REVIEWER: "what a translator does, plus approve, reject, mute a check",
    Role.TERMINOLOGIST: "add, edit, remove and import glossary concepts, apply term changes",
    Role.MANAGER: "import and delete articles, run MT, models, export, import files",
    Role.ADMIN: "accounts, the audit trail, and everything",
}


def render() -> None:
    st.title("Users")
    components.show_flash()
    store = state.store()
    found = accounts(store)
    if not found:
        st.info("No accounts yet: the machine's user acts on this store. Add the first "
                "account below; it must be an admin, and from then on everyone signs in.")
    st.dataframe([{"user": a.username, "name": a.display_name, "roles": a.roles,
                   "active": a.active, "created": a.created_at,
                   "last sign-in": a.last_sign_in or "never"} for a in found],
                 hide_index=True, width="stretch")
    _add(store)
    if found:
        by_name = {a.username: a for a in found}
        chosen = st.selectbox("Change an account", list(by_name), key="users_chosen")
        _edit(store, by_name[chosen])


def _roles(prefix: str, held: dict) -> dict[Role, list[str] | bool]:
    """The role widgets, seeded with `held`; {role: languages or True/False}."""
    roles = {}
    for role in Role:
        if role in PER_LANGUAGE_ROLES:
            roles[role] = st.multiselect(f"{role.value.capitalize()} for", list(TARGET_LANGUAGES),
                                         default=held.get(role, []), key=f"{prefix}|{role.value}",
                                         help=ROLE_HELP[role])
        else:
            roles[role] = st.checkbox(role.value.capitalize(), value=bool(held.get(role)),
                                      key=f"{prefix}|{role.value}", help=ROLE_HELP[role])
    return roles


def _add(store) -> None:
    with st.expander("Add an account", icon=":material/person_add:"):
        with st.form("add_account", clear_on_submit=True, border=False):
            name_col, display_col = st.columns(2)
            username = name_col.text_input("User name", help="Lower case, digits, . _ -")
            display_name = display_col.text_input("Name shown")
            roles = _roles("add", {})
            password = st.text_input("Password", type="password", autocomplete="new-password")
            again = st.text_input("Password again", type="password", autocomplete="new-password")
            submitted = st.form_submit_button("Add", icon=":material/person_add:", type="primary")
        if submitted:
            _guarded(lambda: add_account(store, username, confirmed_password(password, again),
                                         role_grants(roles), actor=state.actor(),
                                         display_name=display_name),
                     f"Added {username.strip()}")


def _edit(store, account: Account) -> None:
    with st.form(f"edit|{account.username}", border=True):
        display_name = st.text_input("Name shown", account.display_name,
                                     key=f"name|{account.username}")
        roles = _roles(f"edit|{account.username}", held_roles(account.grants))
        active = st.checkbox("Active (may sign in)", account.active,
                             key=f"active|{account.username}")
        submitted = st.form_submit_button("Save", icon=":material/save:", type="primary")
    if submitted:
        _guarded(lambda: edit_account(store, account.username, actor=state.actor(),
                                      display_name=display_name, grants=role_grants(roles),
                                      active=active), f"Saved {account.username}")
    with st.form(f"password|{account.username}", clear_on_submit=True, border=True):
        password = st.text_input(f"New password for {account.username}", type="password",
                                 autocomplete="new-password")
        again = st.text_input("Again", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("Set the password")
    if submitted:
        _guarded(lambda: reset_password(store, account.username,
                                        confirmed_password(password, again), actor=state.actor()),
                 f"Set the password of {account.username}")


def _guarded(action, done: str) -> None:
    try:
        action()
    except WorkbenchError as error:
        components.show_error(error)
        return
    components.flash(done)
    st.rerun()
