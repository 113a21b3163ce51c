"""A desk in a real browser: `workbench serve` on loopback with accounts, driven by Debian's
headless Chromium through Selenium (the pattern and fixtures of test_ui_browser.py)."""

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.account_helpers import PASSWORD, make_desk_store, quick_hashes  # noqa: F401
from tests.account_helpers import stored_translation
from tests.conftest import ROOT, SEED_SLUG
from tests.server_helpers import (  # noqa: F401 (no_network: loopback allowed)
    focused_editor,
    free_port,
    keyboard_ready,
    no_network,
    serving,
    wait_until,
)
from tests.test_ui_browser import _button, _element, browser, pytestmark  # noqa: F401
from workbench.model import Status
from workbench.store import Store

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def desk_server(tmp_path):
    """`workbench serve` (loopback) on a store with the seed, its example translations and the
    test desk's accounts; yields the base URL, the store path and the server's log."""
    db = tmp_path / "project.db"
    make_desk_store(db)
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "workbench", "--db", str(db), "serve"]
    with serving(command, tmp_path, ENV, log=log) as url:
        yield url, db, log


def _sign_in(driver, user: str, password: str = PASSWORD) -> None:
    _type(driver, "input[autocomplete='username']", user)
    _type(driver, "input[type='password']", password)
    _button(driver, "Sign in").click()


def _type(driver, css: str, text: str) -> None:
    """Replace the text of the input at `css`, once the page has drawn it for good."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.keys import Keys

    def typed() -> bool:
        try:
            field = _element(driver, css)
            field.send_keys(Keys.CONTROL, "a")
            field.send_keys(text)
            return field.get_attribute("value") == text
        except WebDriverException:
            return False

    try:
        wait_until(typed, 20, f"cannot type into {css}")
    except AssertionError:
        driver.save_screenshot("/tmp/i13_fail.png")
        open("/tmp/i13_fail.txt", "w").write(driver.find_element("tag name", "body").text)
        raise


def _says(driver, text: str, seconds: float = 20) -> None:
    wait_until(lambda: text in driver.find_element("tag name", "body").text, seconds,
               f"the page does not say {text!r}")


def _choose_language(driver, code: str) -> None:
    _element(driver, ".st-key-_lang button[aria-label='Open']").click()
    option = wait_until(lambda: next((o for o in driver.find_elements(
        "css selector", "[role='option']") if f"({code})" in o.text), None), 10,
        f"no language option {code}")
    option.click()
    _element(driver, f".st-key-edit-{SEED_SLUG}-{code}-s3 textarea")


def test_serving_beyond_loopback_without_an_admin_refuses(tmp_path):
    port = free_port()
    refused = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(tmp_path / "project.db"), "serve",
         "--host", "0.0.0.0", "--port", str(port)],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1
    assert "0.0.0.0: this store has no admin account" in refused.stderr
    assert "workbench users add NAME --admin" in refused.stderr
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)


def test_a_desk_signs_in_and_each_role_does_what_it_may(desk_server, browser):
    from selenium.webdriver.common.keys import Keys

    url, db, log = desk_server
    for path in ("", "/review", "/users", f"/review?article={SEED_SLUG}&lang=kk"):
        browser.get(url + path)  # not signed in: the sign-in page, whatever is asked for
        _element(browser, "input[type='password']")
        assert not browser.find_elements("css selector", "[data-testid='stSidebarNav']")
        assert not browser.find_elements("css selector", "[data-testid='stDataFrame']")
        with urllib.request.urlopen(url + path) as response:  # the page itself holds no data
            assert SEED_SLUG not in response.read().decode("utf-8")

    _sign_in(browser, "kat")  # the Kazakh translator, on the page the link asked for
    row = f"{SEED_SLUG}-kk-s3"
    box = _element(browser, f".st-key-edit-{row} textarea")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("Сахарово көші-қон орталығы, Мәскеу.")
    keyboard_ready(browser)
    box.send_keys(Keys.CONTROL, Keys.RETURN)  # save
    saved = wait_until(lambda: (t := stored_translation(db, "s3", "kk")).author == "kat" and t, 20,
                       "the kk edit did not reach the store")
    assert saved.status == Status.EDITED
    _says(browser, "✓ Saved")
    actions = " ".join(b.text for b in browser.find_elements("css selector",
                                                              f".st-key-act-{row} button"))
    assert "save" in actions and "check_circle" not in actions  # no approving (the icons)
    box.send_keys(Keys.CONTROL, Keys.SHIFT, Keys.RETURN)  # approving: not for a translator
    box.send_keys(Keys.ALT, Keys.ARROW_DOWN)  # the next segment: the keys before it are done
    wait_until(lambda: focused_editor(browser) == f"st-key-edit-{SEED_SLUG}-kk-s4", 20,
               "Alt+↓ did not move the cursor to the next segment")
    assert stored_translation(db, "s3", "kk").status == Status.EDITED
    _choose_language(browser, "ru")
    ru_row = f"{SEED_SLUG}-ru-s3"
    _says(browser, "You may read ru; changing it takes the translator or reviewer role for ru.")
    box = _element(browser, f".st-key-edit-{ru_row} textarea")
    assert box.get_attribute("disabled") is not None
    actions = " ".join(b.text for b in browser.find_elements("css selector",
                                                              f".st-key-act-{ru_row} button"))
    assert "open_in_full" in actions and "save" not in actions  # only opening it
    _button(browser, "Sign out").click()

    for _ in range(3):  # the Kazakh reviewer mistypes
        _sign_in(browser, "kim", "not my password")
        _says(browser, "wrong user name or password")
    _sign_in(browser, "kim")
    _says(browser, "too many wrong passwords for kim: wait")
    time.sleep(5)
    _sign_in(browser, "kim")
    _choose_language(browser, "kk")
    _element(browser, f".st-key-act-{row} button:nth-of-type(2)").click()  # approve
    approved = wait_until(lambda: (t := stored_translation(db, "s3", "kk")).status == Status.APPROVED
                          and t, 20, "the approval did not reach the store")
    assert approved.author == "kim"
    _says(browser, "✓ Approved")
    store = Store.open(db)
    assert [h.author for h in store.history(SEED_SLUG, "s3", "kk")][-2:] == ["kat", "kim"]
    hashes = [store.account(name, with_password_hash=True)["password_hash"]
              for name in ("kat", "kim")]
    store.close()
    page = browser.page_source
    served = log.read_text("utf-8")
    assert "argon2" not in page and not any(h in page or h in served for h in hashes)
    assert PASSWORD not in page and PASSWORD not in served
