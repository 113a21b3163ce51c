"""A desk's accounts for the tests: one per role, made through the library as an admin would."""

import pytest
from argon2 import PasswordHasher

from tests.conftest import OWNER
from workbench.accounts import Role, passwords
from workbench.accounts.permissions import Actor, role_grants
from workbench.accounts.users import add_account, edit_account

PASSWORD = "correct horse battery staple"  # every test account's; never stored in clear
# user name -> roles: one account per role (translator and reviewer for Kazakh only), one
# without any role, and a Kazakh reviewer whose account is disabled.
DESK = {
    "ada": {Role.ADMIN: True},
    "kat": {Role.TRANSLATOR: ["kk"]},
    "kim": {Role.REVIEWER: ["kk"]},
    "tom": {Role.TERMINOLOGIST: True},
    "max": {Role.MANAGER: True},
    "nob": {},
    "dis": {Role.REVIEWER: ["kk"]},
}


def make_desk(store) -> dict[str, Actor]:
    """Add the DESK accounts (the first by the machine's owner, the rest by ada); their Actors."""
    for name, roles in DESK.items():
        admin = OWNER if name == "ada" else Actor("ada")
        add_account(store, name, PASSWORD, role_grants(roles), actor=admin,
                    display_name=name.capitalize())
    edit_account(store, "dis", actor=Actor("ada"), active=False)
    return {name: Actor(name) for name in DESK}


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """argon2id with the least work, where a module imports it: tests make many accounts and
    sign-ins, and what they check does not depend on the cost (one test checks the real one).
    A hash names its parameters, so a server started by a test verifies it as quickly."""
    monkeypatch.setattr(passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8,
                                                             parallelism=1))
