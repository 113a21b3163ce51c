"""End to end in a real browser: `workbench serve` on a free loopback port, driven by
Debian's headless Chromium through Selenium (no browser or driver is downloaded)."""

import os
import re
import shutil
import sys
import time
from pathlib import Path

import polib
import pytest

from tests.conftest import ROOT, SEED_SLUG
from tests.server_helpers import no_network, serving, wait_until  # noqa: F401 (no_network: loopback allowed)
from workbench.model import Status
from workbench.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
EDITED = "Миграционный центр «Сахарово», Москва."
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--window-size=1500,1200",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="needs Debian's chromium and chromium-driver (scripts/system-packages.sh)"),
]


@pytest.fixture
def server(tmp_path):
    """`workbench serve` on a fresh store in tmp_path; yields its base URL and store path."""
    db = tmp_path / "project.db"
    command = [sys.executable, "-m", "workbench", "--db", str(db), "serve"]
    with serving(command, tmp_path, {**os.environ, "PYTHONPATH": str(ROOT)}) as url:
        yield url, db


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'chromium'}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _element(driver, css: str, seconds: float = 30):
    from selenium.webdriver.common.by import By

    return wait_until(lambda: (driver.find_elements(By.CSS_SELECTOR, css) or [None])[0],
                       seconds, f"no element {css!r} on {driver.current_url}")


def _button(driver, label: str, seconds: float = 30):
    from selenium.webdriver.common.by import By

    xpath = f"//button[.//p[normalize-space()={label!r}]]"
    return wait_until(lambda: (driver.find_elements(By.XPATH, xpath) or [None])[0],
                       seconds, f"no button {label!r} on {driver.current_url}")


def _approved(db: Path, sid: str, lang: str):
    store = Store.open(db)
    try:
        translation = store.translation(SEED_SLUG, sid, lang)
    finally:
        store.close()
    return translation if translation.status == Status.APPROVED else None


def test_open_edit_approve_and_download_in_a_real_browser(server, browser):
    from selenium.webdriver.common.keys import Keys

    url, db = server
    row = f"{SEED_SLUG}-ru-s3"
    browser.get(url)
    _element(browser, "[data-testid='stDataFrame']")  # the Articles page with the example
    _button(browser, "Review").click()
    box = _element(browser, f".st-key-edit-{row} textarea")
    assert box.get_attribute("value") == "Миграционный центр «Сахарово» в Москве."  # the example
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(EDITED)
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    wait_until(lambda: _element(browser, f".st-key-edit-{row} textarea").get_attribute("value")
                == EDITED, 10, "the edit did not stick")
    time.sleep(1)
    _element(browser, f".st-key-approve-{row} button").click()
    saved = wait_until(lambda: _approved(db, "s3", "ru"), 20, "approve did not reach the store")
    assert (saved.target, saved.status) == (EDITED, Status.APPROVED)
    wait_until(lambda: "✓ Approved" in browser.page_source, 10, "the row does not say approved")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script(  # Streamlit scrolls its main area, not the window
        "document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')"
        ".forEach(area => area.scrollTo(0, 0))")
    time.sleep(0.5)
    browser.save_screenshot(str(ARTIFACTS / "review.png"))

    browser.get(f"{url}/export")
    _element(browser, ".st-key-export-po-ru button").click()
    po_file = wait_until(lambda: next(browser.downloads.glob(f"{SEED_SLUG}.ru.po"), None), 20,
                          "the PO download did not arrive")
    entries = {entry.msgctxt: entry for entry in polib.pofile(str(po_file))}
    assert entries["s3"].msgstr == EDITED and "fuzzy" not in entries["s3"].flags
    assert re.search(r"workbench-export: r\d+ approved", entries["s3"].comment)
    shutil.copy(po_file, ARTIFACTS / po_file.name)
