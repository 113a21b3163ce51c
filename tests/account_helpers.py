"""A desk's accounts for the tests: one per role, made through the library as an admin would."""

import pytest
from argon2 import PasswordHasher

from tests.conftest import EXAMPLE_PO_FILES, OWNER, SEED, SEED_SLUG
from workbench.accounts import Role, passwords
from workbench.accounts.permissions import Actor, role_grants
from workbench.accounts.users import add_account, edit_account
from workbench.exchange.importer import import_files
from workbench.importing import import_paths
from workbench.store import Store

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


def make_desk_store(location) -> None:
    """A store at `location`: the seed and its example translations, loaded by the machine's
    owner, then the DESK accounts."""
    store = Store.open(location)
    try:
        import_paths(store, [SEED], actor=OWNER)
        import_files(store, EXAMPLE_PO_FILES, actor=OWNER)
        make_desk(store)
    finally:
        store.close()


def stored_translation(location, sid: str, lang: str):
    """The seed's translation of `sid` as the store at `location` holds it now."""
    store = Store.open(location)
    try:
        return store.translation(SEED_SLUG, sid, lang)
    finally:
        store.close()


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """argon2id with the least work, where a module imports it: tests make many accounts and
    sign-ins, and what they check does not depend on the cost (one test checks the real one).
    A hash names its parameters, so a server started by a test verifies it as quickly."""
    monkeypatch.setattr(passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8,
                                                             parallelism=1))
