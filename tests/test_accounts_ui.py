"""Accounts in the browser workbench, through Streamlit's AppTest on a real store file: the
sign-in gate, what each role is shown, refusals as messages, session expiry, sign-out, the
Audit, Users and Account pages."""

import re
from pathlib import Path

import pytest
from streamlit import config
from streamlit.runtime.context import ContextProxy
from streamlit.testing.v1 import AppTest

from tests.account_helpers import PASSWORD, make_desk_store, quick_hashes  # noqa: F401
from tests.conftest import SEED_SLUG
from tests.exchange_helpers import dump
from tests.test_ui import check, shown  # noqa: F401 (check: a second connection to the pages' store)
from tests.ui_helpers import act
from workbench import settings
from workbench.accounts import audit
from workbench.accounts.permissions import Actor
from workbench.accounts.users import SignInRefused, sign_in
from workbench.store import Store
from workbench.ui.segment_row import editor_key

APP = Path(__file__).resolve().parent.parent / "workbench" / "ui" / "app.py"
REVIEW = "page_scripts/review.py"


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A store file with the seed, its example translations and the test desk's accounts."""
    path = tmp_path / "project.db"
    make_desk_store(path)
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    return path


def signed_in(user: str, password: str = PASSWORD) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert [t.label for t in app.text_input] == ["User name", "Password"]
    app.text_input[0].input(user)
    app.text_input[1].input(password)
    app.button[0].click().run()
    assert not app.exception, app.exception
    return app


def texts(app: AppTest) -> str:
    """Everything the page says, as one string."""
    parts = [element.value for kind in ("markdown", "caption", "text", "error", "info",
                                        "warning", "success", "title")
             for element in getattr(app, kind)]
    return "\n".join(str(part) for part in parts)


def test_a_session_nobody_signed_in_to_sees_only_the_sign_in_page(db):
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Sign in"]
    assert not app.dataframe and not app.text_area and not app.sidebar.text_input
    for page in ("page_scripts/articles.py", REVIEW, "page_scripts/users.py"):
        app.switch_page(page).run()
        assert [t.value for t in app.title] == ["Sign in"], page
        assert not app.dataframe and not app.text_area and not app.sidebar.button


def test_a_wrong_password_is_a_message_and_a_right_one_opens_the_workbench(db, check):
    app = signed_in("kat", "not the password")
    assert shown(app.error[0]) == "wrong user name or password"
    assert [t.value for t in app.title] == ["Sign in"]
    app = signed_in("kat")
    assert [t.value for t in app.title] == ["Articles"]
    assert "Signed in as Kat (translator for kk)" in [t.value for t in app.sidebar.text]
    assert not app.sidebar.text_input  # no "Your name": the history names the account
    trail = audit.events(check, actor=Actor("ada"), kinds=["sign-in"])
    assert [(e.actor, e.action, e.detail) for e in trail] == [
        ("kat", "signed-in", "browser"), ("kat", "failed", "browser")]


def test_three_wrong_passwords_bring_the_delay(db):
    for _ in range(3):
        app = signed_in("kim", "guess again")
    app = signed_in("kim")
    assert shown(app.error[0]).startswith("too many wrong passwords for kim: wait ")
    assert [t.value for t in app.title] == ["Sign in"]


def test_wrong_passwords_are_counted_per_browser_address_too(db, check, monkeypatch):
    monkeypatch.setattr(ContextProxy, "ip_address", property(lambda context: "203.0.113.7"))
    for n in range(settings.FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS):  # one try per name
        assert shown(signed_in(f"reporter{n}", "Winter2025!").error[0]) == (
            "wrong user name or password")
    app = signed_in("kim")
    assert shown(app.error[0]).startswith("too many wrong passwords from your network address")
    assert [t.value for t in app.title] == ["Sign in"]
    trail = audit.events(check, actor=Actor("ada"), kinds=["sign-in"], limit=1)
    assert (trail[0].detail, trail[0].address) == ("browser", "203.0.113.7")
    monkeypatch.setattr(ContextProxy, "ip_address", property(lambda context: "203.0.113.8"))
    assert [t.value for t in signed_in("kim").title] == ["Articles"]


def test_a_name_tried_from_elsewhere_keeps_its_owner_waiting_only_at_a_new_address(
        db, check, monkeypatch):
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    at_the_office = property(lambda context: "203.0.113.7")
    monkeypatch.setattr(ContextProxy, "ip_address", at_the_office)
    assert [t.value for t in signed_in("kim").title] == ["Articles"]
    for n in range(settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME):  # someone who knows her name
        with pytest.raises(SignInRefused, match="^wrong user name or password$"):
            sign_in(check, "kim", "Winter2025!", via="browser",
                    address=f"198.51.100.{100 + n // settings.FREE_SIGN_IN_ATTEMPTS}")
    assert [t.value for t in signed_in("kim").title] == ["Articles"]
    monkeypatch.setattr(ContextProxy, "ip_address", property(lambda context: "192.0.2.10"))
    app = signed_in("kim")
    assert re.fullmatch(
        r"too many wrong passwords for kim, from all addresses together: wait (29|30) s, then "
        r"try again; this wait does not apply where kim signed in during the last "
        rf"{settings.KNOWN_SIGN_IN_PLACE_DAYS} days; if "
        r"this keeps happening, tell an admin \(the audit trail shows the attempts\)",
        shown(app.error[0])), shown(app.error[0])
    assert [t.value for t in app.title] == ["Sign in"]


def test_each_role_is_shown_the_actions_it_may_take(db):
    labels = {user: [b.label for b in signed_in(user).button] for user in ("kat", "max")}
    assert {"Translate", "Delete", "Import"} <= set(labels["max"])
    assert not {"Translate", "Delete", "Import"} & set(labels["kat"])
    glossary = {user: signed_in(user).switch_page("page_scripts/glossary.py").run()
                for user in ("kat", "tom")}
    assert not any(b.label == "Save concept" for b in glossary["kat"].button)
    assert any(b.label == "Save concept" for b in glossary["tom"].button)
    assert "The glossary is changed by a terminologist." in texts(glossary["kat"])
    models = signed_in("kat").switch_page("page_scripts/models.py").run()
    assert not models.file_uploader and "changed by a manager" in texts(models)
    export = signed_in("kat").switch_page("page_scripts/export.py").run()
    assert "exported and imported by a manager" in texts(export)
    assert not export.file_uploader
    for page, title in (("page_scripts/audit.py", "Audit"), ("page_scripts/users.py", "Users")):
        assert signed_in("ada").switch_page(page).run().title[0].value == title
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            signed_in("kat").switch_page(page)


def test_a_translator_saves_kk_and_is_offered_neither_approving_it_nor_editing_ru(db, check):
    app = signed_in("kat").switch_page(REVIEW).run()
    row = f"{SEED_SLUG}|kk|s3"
    app.selectbox(key="_lang").set_value("kk").run()
    act(app, "save", "s3", "Сахарово орталығы, Мәскеу.", lang="kk")
    saved = check.translation(SEED_SLUG, "s3", "kk")
    assert (saved.target, saved.author) == ("Сахарово орталығы, Мәскеу.", "kat")
    before = dump(db)
    assert len(app.button_group(key=f"act|{row}").options) == 2  # save and open, no approve
    act(app, "open", "s3", lang="kk")
    assert not [b for b in app.button if b.key in (f"approvenext|{row}", f"reject|{row}")]
    assert [b.key for b in app.button if b.key == f"savenext|{row}"]
    app.selectbox(key="_lang").set_value("ru").run()
    assert "You may read ru; changing it takes the translator or reviewer role for ru." in (
        texts(app))
    ru_row = f"{SEED_SLUG}|ru|s3"
    assert app.text_area(key=editor_key(ru_row)).disabled
    assert not [b for b in app.button if b.key and b.key.endswith(ru_row)]  # nothing to do
    assert dump(db) == before


def test_an_idle_session_expires_and_signing_out_ends_it(db, check, monkeypatch):
    app = signed_in("kim")
    app.session_state["last_seen"] = app.session_state["last_seen"] - 121 * 60
    app.run()
    assert [t.value for t in app.title] == ["Sign in"]
    assert "Your session expired after 120 idle minutes" in shown(app.info[0])
    app = signed_in("kim")
    next(b for b in app.sidebar.button if b.label == "Sign out").click().run()
    assert [t.value for t in app.title] == ["Sign in"] and shown(app.info[0]) == "Signed out."
    trail = audit.events(check, actor=Actor("ada"), person="kim", kinds=["sign-in"])
    assert sorted(e.action for e in trail) == ["expired", "signed-in", "signed-in",
                                               "signed-out"]


def test_an_account_disabled_meanwhile_is_signed_out_at_its_next_click(db, check):
    from workbench.accounts.users import edit_account

    app = signed_in("kat")
    edit_account(check, "kat", actor=Actor("ada"), active=False)
    app.run()
    assert [t.value for t in app.title] == ["Sign in"]
    assert shown(app.info[0]) == ("kat: the account was disabled, or its password was changed: "
                                  "sign in again.")


def test_admins_read_the_audit_and_manage_users_without_seeing_a_hash(db, check):
    app = signed_in("ada").switch_page("page_scripts/users.py").run()
    form = app.expander[0]
    form.text_input[0].input("lev")
    form.text_input[1].input("Lev T.")
    form.multiselect[0].set_value(["ky"])
    form.text_input[2].input("lev's secret")
    form.text_input[3].input("a long passphrase")
    next(b for b in form.button if b.label == "Add").click().run()
    assert "password: the two do not match" in shown(app.error[0])
    form = app.expander[0]
    for index, value in enumerate(["lev", "Lev T.", "a long passphrase", "a long passphrase"]):
        form.text_input[index].input(value)
    form.multiselect[0].set_value(["ky"])
    next(b for b in form.button if b.label == "Add").click().run()
    assert not app.error, [shown(e) for e in app.error]
    assert check.account("lev")["grants"] == [("translator", "ky")]
    users = app.dataframe[0].value
    assert "lev" in list(users["user"])
    assert "argon2" not in users.to_string() and "argon2" not in texts(app)
    app.switch_page("page_scripts/audit.py").run()
    trail = app.dataframe[0].value
    assert ("ada", "account", "add", "lev") in set(zip(trail["actor"], trail["kind"],
                                                       trail["action"], trail["target"]))
    app.selectbox(key="audit_person").set_value("ada").run()
    assert set(app.dataframe[0].value["actor"]) == {"ada"}
    app.multiselect(key="audit_kinds").set_value(["sign-in"]).run()
    assert set(zip(app.dataframe[0].value["kind"], app.dataframe[0].value["action"])) == {
        ("sign-in", "signed-in")}


def test_the_audit_page_shows_client_addresses_and_finds_them(db, monkeypatch):
    monkeypatch.setattr(ContextProxy, "ip_address", property(lambda context: "2001:db8:1:2::5"))
    signed_in("kim", "guess again")
    monkeypatch.setattr(ContextProxy, "ip_address", property(lambda context: "203.0.113.7"))
    app = signed_in("ada").switch_page("page_scripts/audit.py").run()
    trail = app.dataframe[0].value
    events = set(zip(trail["actor"], trail["kind"], trail["action"], trail["detail"],
                     trail["address"]))
    assert {("kim", "sign-in", "failed", "browser", "2001:db8:1:2::/64"),
            ("ada", "sign-in", "signed-in", "browser", "203.0.113.7")} <= events
    assert {address for _, kind, *_, address in events if kind != "sign-in"} == {""}
    app.text_input(key="audit_address").input("2001:db8:1:2::9").run()  # kim's /64
    trail = app.dataframe[0].value
    assert list(zip(trail["actor"], trail["action"], trail["address"])) == [
        ("kim", "failed", "2001:db8:1:2::/64")]
    app.text_input(key="audit_address").input("<b>the office</b>").run()
    assert shown(app.error[0]) == ("address: '<b>the office</b>' is not an IP address "
                                   "(203.0.113.7, 2001:db8::1)")
    assert not app.dataframe and app.text_input(key="audit_address").value  # to be corrected


def test_the_account_page_changes_the_password(db):
    app = signed_in("kat").switch_page("page_scripts/account.py").run()
    assert "Kat (kat): translator for kk" in [t.value for t in app.text]
    for index, value in enumerate([PASSWORD, "a new passphrase", "a new passphrase"]):
        app.text_input[index].input(value)
    app.button[0].click().run()
    assert not app.error, [shown(e) for e in app.error]
    assert app.title[0].value == "Account"  # this tab goes on; others sign in again
    assert signed_in("kat", "a new passphrase").title[0].value == "Articles"


def test_the_account_page_counts_a_wrong_password_at_the_browsers_address(db, check,
                                                                         monkeypatch):
    monkeypatch.setattr(ContextProxy, "ip_address", property(lambda context: "203.0.113.7"))
    app = signed_in("kat").switch_page("page_scripts/account.py").run()
    for index, value in enumerate(["not my password", "a new passphrase", "a new passphrase"]):
        app.text_input[index].input(value)
    app.button[0].click().run()
    assert shown(app.error[0]) == "wrong user name or password"
    [event] = audit.events(check, actor=Actor("ada"), kinds=["sign-in"], limit=1)
    assert (event.actor, event.action, event.detail, event.address) == (
        "kat", "failed", "password change", "203.0.113.7")


def test_without_accounts_off_loopback_the_page_refuses(tmp_path, monkeypatch):
    path = tmp_path / "lonely.db"
    Store.open(path).close()
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    config.set_option("server.address", "0.0.0.0")
    try:
        app = AppTest.from_file(str(APP), default_timeout=30).run()
    finally:
        config.set_option("server.address", None)
    assert not app.exception
    assert shown(app.error[0]).startswith("0.0.0.0: this store has no admin account")
    assert not app.dataframe
