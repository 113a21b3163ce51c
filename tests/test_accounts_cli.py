"""Accounts on the command line: the first admin, `--user` with the password on stdin, the
role table through the commands, `workbench users` and `workbench audit`."""

import json
import re

import pytest

from tests.account_helpers import PASSWORD, make_desk_store, quick_hashes  # noqa: F401
from tests.account_helpers import stored_translation
from tests.conftest import SEED, SEED_SLUG
from tests.exchange_helpers import dump
from workbench.accounts.users import SignInRefused, sign_in
from workbench.store import Store


@pytest.fixture
def desk(run):
    """The seed with its example translations, then the test desk's accounts."""
    make_desk_store(run.db)
    return run


def _data(db) -> dict:
    """The store's tables but the sign-in bookkeeping (the audit, last sign-ins, the counter):
    what a refused command must leave as it was."""
    return {table: rows for table, rows in dump(db).items()
            if table not in ("audit", "users", "store_changes")}


def test_without_accounts_the_machines_user_acts_and_makes_the_first_admin(run, monkeypatch):
    monkeypatch.setenv("USER", "aigul")
    run("import", str(SEED))
    assert run("edit", SEED_SLUG, "s1", "--lang", "kk", "--target", "Ресей.").exit_code == 0
    assert stored_translation(run.db, "s1", "kk").author == "aigul"
    named = run("--user", "aigul", "edit", SEED_SLUG, "s1", "--lang", "kk", "--target", "Ресей!")
    assert named.exit_code == 1
    assert "aigul: this store has no accounts, so the machine's owner (aigul) acts" in named.output
    assert "no accounts" in run("users", "list").output
    refused = run("users", "add", "kat", "--translator", "kk", input=f"{PASSWORD}\n")
    assert refused.exit_code == 1 and "the first account must be an admin" in refused.output
    added = run("users", "add", "ada", "--admin", "--name", "Ada L.", input=f"{PASSWORD}\n")
    assert added.exit_code == 0 and added.output == "added ada (admin)\n"
    anonymous = run("edit", SEED_SLUG, "s1", "--lang", "kk", "--target", "Ресей!")
    assert anonymous.exit_code == 1
    assert "this store has accounts: say who you are with --user NAME" in anonymous.output


def test_a_password_is_asked_never_an_option(run):
    result = run("users", "add", "ada", "--admin", "--password", PASSWORD)
    assert result.exit_code == 2 and "No such option '--password'" in result.output
    nothing = run("users", "add", "ada", "--admin", input="")
    assert nothing.exit_code == 1 and "stdin: no password" in nothing.output


def test_the_role_table_holds_on_the_command_line(desk, monkeypatch):
    def as_(user, *args):
        return desk("--user", user, *args, input=f"{PASSWORD}\n")

    before = _data(desk.db)
    for user, args in (
        ("kat", ("approve", SEED_SLUG, "s1", "--lang", "kk", "--force")),
        ("kat", ("edit", SEED_SLUG, "s1", "--lang", "ru", "--target", "Россия.")),
        ("kim", ("delete", SEED_SLUG, "--yes")),
        ("max", ("glossary", "remove", "moscow")),
        ("tom", ("users", "add", "eve", "--admin")),
        ("dis", ("edit", SEED_SLUG, "s1", "--lang", "kk", "--target", "Ресей.")),
    ):
        refused = as_(user, *args)
        assert refused.exit_code == 1, (user, args, refused.output)
        assert refused.output.startswith(f"Error: {user}"), refused.output
    assert _data(desk.db) == before
    assert as_("kat", "edit", SEED_SLUG, "s1", "--lang", "kk", "--target", "Ресей.").exit_code == 0
    monkeypatch.setenv("WORKBENCH_USER", "kim")
    approved = desk("approve", SEED_SLUG, "s1", "--lang", "kk", "--force", input=f"{PASSWORD}\n")
    assert approved.exit_code == 0 and "approved: s1" in approved.output
    store = Store.open(desk.db)
    history = [(h.author, h.new_status) for h in store.history(SEED_SLUG, "s1", "kk")]
    store.close()
    assert history[-2:] == [("kat", "edited"), ("kim", "approved")]


def test_a_wrong_password_changes_nothing_and_reading_asks_nobody(desk):
    before = _data(desk.db)
    wrong = desk("--user", "kim", "approve", SEED_SLUG, "--lang", "kk", input="guess\n")
    assert wrong.exit_code == 1 and wrong.output == "Error: wrong user name or password\n"
    assert _data(desk.db) == before
    for reading in (("status",), ("segments", SEED_SLUG, "--lang", "kk"), ("users", "list"),
                    ("check", SEED_SLUG, "--lang", "kk")):
        assert desk(*reading).exit_code in (0, 3), reading


def test_users_are_added_listed_changed_disabled_and_their_passwords_set(desk):
    def as_ada(*args, new=PASSWORD):
        return desk("--user", "ada", "users", *args, input=f"{PASSWORD}\n{new}\n")

    added = as_ada("add", "lev", "--translator", "ru,ky", "--name", "Lev T.", new="lev's own words!")
    assert added.exit_code == 1 and "contains the user name" in added.output
    assert as_ada("add", "lev", "--translator", "ru,ky", "--name", "Lev T.").output == (
        "added lev (translator for ru, ky)\n")
    changed = as_ada("edit", "lev", "--translator", "", "--reviewer", "all", "--manager")
    assert changed.output == "lev (Lev T.): reviewer for ru, kk, ky, tg, uz; manager\n"
    kept = as_ada("edit", "lev", "--no-manager")  # the roles not named stay as they were
    assert kept.output == "lev (Lev T.): reviewer for ru, kk, ky, tg, uz\n"
    as_ada("edit", "lev", "--manager")
    listed = json.loads(desk("users", "list", "--json").output)
    lev = next(user for user in listed if user["username"] == "lev")
    assert lev["roles"] == {"reviewer": ["ru", "kk", "ky", "tg", "uz"], "manager": True}
    assert "argon2" not in desk("users", "list", "--json").output
    assert as_ada("disable", "lev").output == "disabled lev\n"
    disabled = desk("--user", "lev", "import", str(SEED), input=f"{PASSWORD}\n")
    assert disabled.exit_code == 1 and "lev: the account is disabled" in disabled.output
    assert "[disabled]" in desk("users", "list").output
    assert as_ada("edit", "lev", "--enable").exit_code == 0
    assert as_ada("passwd", "lev", new="the admin's choice").exit_code == 0
    own = desk("--user", "lev", "users", "passwd", input="the admin's choice\nmy own phrase\n")
    assert own.output == "changed the password of lev\n"
    assert desk("--user", "lev", "import", str(SEED), input="my own phrase\n").exit_code == 0
    last_admin = as_ada("edit", "ada", "--no-admin")
    assert last_admin.exit_code == 1 and "ada is the last active admin" in last_admin.output


def test_the_audit_command_filters_and_is_for_admins(desk):
    desk("--user", "kat", "edit", SEED_SLUG, "s1", "--lang", "kk", "--target", "Ресей.",
         input=f"{PASSWORD}\n")
    desk("--user", "kat", "approve", SEED_SLUG, "s1", "--lang", "kk", input="guess\n")
    refused = desk("--user", "kat", "audit", input=f"{PASSWORD}\n")
    assert refused.exit_code == 1 and "may not read the audit trail" in refused.output
    events = json.loads(desk("--user", "ada", "audit", "--json", "--person", "kat",
                             input=f"{PASSWORD}\n").output)
    assert sorted((e["kind"], e["action"]) for e in events) == [  # the same second: any order
        ("segment", "edited"), ("sign-in", "failed"), ("sign-in", "signed-in"),
        ("sign-in", "signed-in")]
    segments = desk("--user", "ada", "audit", "--kind", "segment", "--since", "2000-01-01",
                    input=f"{PASSWORD}\n").output.splitlines()
    assert any(f"kat  segment  edited  {SEED_SLUG} s1 kk  (reviewed -> edited)" in line
               for line in segments)
    bad = desk("--user", "ada", "audit", "--until", "soon", input=f"{PASSWORD}\n")
    assert bad.exit_code == 1 and "until: 'soon' is not a date" in bad.output


def test_the_audit_command_shows_and_finds_client_addresses(desk):
    store = Store.open(desk.db)
    try:
        sign_in(store, "kat", PASSWORD, via="browser", address="2001:db8:1:2::5")
        with pytest.raises(SignInRefused):
            sign_in(store, "kim", "guess", via="browser", address="203.0.113.7")
    finally:
        store.close()

    def audit(*args):
        return desk("--user", "ada", "audit", *args, input=f"{PASSWORD}\n")

    listing = audit("--address", "2001:db8:1:2::9")  # kat's /64
    assert listing.exit_code == 0
    assert re.fullmatch(r"\S+Z  kat  sign-in  signed-in  kat  \(browser\)  "
                        r"from 2001:db8:1:2::/64\n", listing.output), listing.output
    events = json.loads(audit("--json", "--address", "203.0.113.7").output)
    assert [(e["actor"], e["action"], e["detail"], e["address"]) for e in events] == [
        ("kim", "failed", "browser", "203.0.113.7")]
    everything = json.loads(audit("--json").output)
    assert {e["address"] for e in everything} == {"", "2001:db8:1:2::/64", "203.0.113.7"}
    assert {e["address"] for e in everything if e["kind"] != "sign-in"} == {""}
    bad = audit("--address", "the office")
    assert (bad.exit_code, bad.output) == (
        1, "Error: address: 'the office' is not an IP address (203.0.113.7, 2001:db8::1)\n")
