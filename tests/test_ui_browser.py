"""End to end in a real browser: `workbench serve` on a free loopback port, driven by
Debian's headless Chromium through Selenium (no browser or driver is downloaded), its page
1600x1000. The keyboard of the review page is JavaScript, so it is tested here."""

import json
import os
import re
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlparse

import polib
import pytest

from tests.conftest import OWNER, ROOT, SEED, SEED_SLUG, shipped_translations
from tests.server_helpers import (  # noqa: F401 (no_network: loopback allowed)
    VIEWPORT,
    approve_with_keyboard,
    chromium,
    focused_editor,
    keyboard_ready,
    no_network,
    serving,
    wait_until,
)
from workbench.importing import import_paths
from workbench.model import Status
from workbench.store import Store
from workbench.ui.keyboard import editor_class

ARTIFACTS = ROOT / "test-artifacts"
EDITED = "Миграционный центр «Сахарово», Москва."
MATCH = "Миграционный центр «Сахарово» в Москве."

pytestmark = pytest.mark.browser  # runs in CI: a missing Chromium fails, never skips


def serve(db: Path, cwd: Path):
    command = [sys.executable, "-m", "workbench", "--db", str(db), "serve"]
    return serving(command, cwd, {**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def server(tmp_path):
    """`workbench serve` on a fresh store (it loads the example); its base URL and store."""
    db = tmp_path / "project.db"
    with serve(db, tmp_path) as url:
        yield url, db


@pytest.fixture
def bare_server(tmp_path):
    """`workbench serve` on a store holding the example article alone, untranslated."""
    db = tmp_path / "project.db"
    store = Store.open(db)
    import_paths(store, [SEED], actor=OWNER)
    store.close()
    with serve(db, tmp_path) as url:
        yield url, db


@pytest.fixture
def browser(tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = chromium(tmp_path / "chromium", downloads)
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


def _translation(db: Path, sid: str, lang: str):
    store = Store.open(db)
    try:
        return store.translation(SEED_SLUG, sid, lang)
    finally:
        store.close()


def _press(driver, *keys):
    """One key press, with its modifiers held (Keys.ALT, Keys.SHIFT, ...)."""
    from selenium.webdriver.common.action_chains import ActionChains

    *modifiers, key = keys
    chain = ActionChains(driver)
    for modifier in modifiers:
        chain.key_down(modifier)
    chain.send_keys(key)
    for modifier in reversed(modifiers):
        chain.key_up(modifier)
    chain.perform()


def _box(driver, sid: str, lang: str):
    return _element(driver, f".{editor_class(f'{SEED_SLUG}|{lang}|{sid}')} textarea")


def _screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_script(  # Streamlit scrolls its main area, not the window
        "document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')"
        ".forEach(area => area.scrollTo(0, 0))")
    time.sleep(0.5)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def test_ten_segments_translated_and_approved_with_the_keyboard_only(bare_server, browser):
    url, db = bare_server
    texts = [unit["target"] for unit in shipped_translations("kk")][:10]
    browser.get(f"{url}/review?lang=kk&view=segment")
    work = [(editor_class(f"{SEED_SLUG}|kk|s{n}"), text) for n, text in enumerate(texts, 1)]

    def approved(editor):
        found = _translation(db, editor.rsplit("-", 1)[1], "kk")
        return found is not None and found.status == Status.APPROVED

    done = approve_with_keyboard(browser, approved, work)
    for n, text in enumerate(texts, 1):
        saved = _translation(db, f"s{n}", "kk")
        assert (saved.target, saved.status) == (text, Status.APPROVED)
    assert [segment.keys_beyond_text for segment in done] == [1] * 10
    assert _translation(db, "s11", "kk") is None
    wait_until(lambda: focused_editor(browser) == editor_class(f"{SEED_SLUG}|kk|s11"), 20,
               "the cursor did not move on to the eleventh segment")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "keyboard-flow.json").write_text(json.dumps(
        [asdict(segment) for segment in done], indent=2), encoding="utf-8")
    _screenshot(browser, "review-translate.png")


def test_terms_the_source_and_matches_go_in_at_the_cursor_and_unsaved_text_warns(
        bare_server, browser, tmp_path):
    from selenium.webdriver.common.keys import Keys

    url, db = bare_server
    follow_up = tmp_path / "follow-up.md"
    follow_up.write_text("# Follow-up\n\nThe Sakharovo migration center in Moscow.\n")
    store = Store.open(db)
    import_paths(store, [follow_up], actor=OWNER)
    store.save_translation("follow-up", "s2", "ru", MATCH, Status.APPROVED, "human")
    store.close()
    browser.get(f"{url}/review?article={SEED_SLUG}&lang=ru&view=segment&seg=s3")
    box = _box(browser, "s3", "ru")
    wait_until(lambda: focused_editor(browser) == editor_class(f"{SEED_SLUG}|ru|s3"), 30,
               "the box of the segment in hand has no cursor")
    box.send_keys("Черновик")
    _press(browser, Keys.ALT, Keys.SHIFT, "1")  # the first memory match, in place of the text
    assert box.get_attribute("value") == MATCH
    browser.get(f"{url}/review?article={SEED_SLUG}&lang=ru&view=segment&seg=s9")
    box = _box(browser, "s9", "ru")
    wait_until(lambda: focused_editor(browser) == editor_class(f"{SEED_SLUG}|ru|s9"), 30,
               "the box of the segment in hand has no cursor")
    box.send_keys("граждан из  и Таджикистана")
    for _ in range(" и Таджикистана".__len__()):
        _press(browser, Keys.ARROW_LEFT)
    _press(browser, Keys.ALT, "3")  # the third term of s9: Kazakhstan -> Казахстан
    assert box.get_attribute("value") == "граждан из Казахстан и Таджикистана"
    _press(browser, Keys.CONTROL, Keys.HOME)
    _press(browser, Keys.ALT, "c")
    assert box.get_attribute("value").startswith("The draft rules include")
    assert box.get_attribute("value").endswith("channel.граждан из Казахстан и Таджикистана")
    # An edited box is marked, and leaving the page asks first.
    row = _element(browser, f".{editor_class(f'{SEED_SLUG}|ru|s9')}")
    assert "wb-dirty" in row.get_attribute("class")
    leaving = "return !window.dispatchEvent(new Event('beforeunload', {cancelable: true}))"
    assert browser.execute_script(leaving) is True
    _press(browser, Keys.CONTROL, Keys.RETURN)  # save, then the next segment
    wait_until(lambda: _translation(db, "s9", "ru") is not None, 20, "save did not arrive")
    assert _translation(db, "s9", "ru").target.endswith("граждан из Казахстан и Таджикистана")
    wait_until(lambda: focused_editor(browser) == editor_class(f"{SEED_SLUG}|ru|s10"), 20,
               "the cursor did not move on")
    assert browser.execute_script(leaving) is False


def test_a_click_on_a_term_in_the_list_inserts_it_at_the_cursor(bare_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, _ = bare_server
    browser.get(f"{url}/review?lang=ru")
    box = _box(browser, "s9", "ru")
    wait_until(lambda: focused_editor(browser) == editor_class(f"{SEED_SLUG}|ru|s1"), 30,
               "the first row has no cursor")  # where a fresh list puts it
    box.click()
    box.send_keys("из ")
    _press(browser, Keys.CONTROL, Keys.HOME)
    row = _element(browser, f"[class*='st-key-row-'][class$='-ru-s9'], "
                            f".st-key-row-{SEED_SLUG}-ru-s9")
    chip = row.find_element(By.CSS_SELECTOR, "[data-wb-insert='Казахстан']")
    chip.click()
    assert box.get_attribute("value") == "Казахстаниз ", (
        chip.get_attribute("outerHTML"), focused_editor(browser),
        browser.execute_script("return JSON.stringify(window.workbenchKeys.focused)"))
    assert browser.switch_to.active_element == box  # the click did not take the cursor away


def test_a_page_change_puts_the_cursor_in_its_first_row(bare_server, browser):
    from selenium.webdriver.common.by import By

    url, _ = bare_server
    browser.get(f"{url}/review?lang=ru&size=10")
    _box(browser, "s1", "ru")
    pager = _element(browser, "[class*='st-key-page-1']")
    next(button for button in pager.find_elements(By.CSS_SELECTOR, "button")
         if button.text.strip() == "2").click()
    first = editor_class(f"{SEED_SLUG}|ru|s11")
    wait_until(lambda: focused_editor(browser) == first, 30, "the cursor is not in row 11")
    assert "page=2" in browser.current_url
    top = browser.execute_script(
        "return document.activeElement.getBoundingClientRect().top")
    assert 0 <= top <= VIEWPORT[1]  # scrolled into view


def test_the_language_chosen_stays_through_every_page_and_reload(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, _ = server
    browser.get(url)
    choice = _element(browser, ".st-key-_lang input")
    choice.click()
    choice.send_keys(Keys.CONTROL, "a")
    choice.send_keys("kk")
    wait_until(lambda: [option.text for option in browser.find_elements(
        By.CSS_SELECTOR, "[role='option']")] == ["Қазақша (kk)"], 10, "kk is not the one option")
    choice.send_keys(Keys.ENTER)
    wait_until(lambda: "lang=kk" in browser.current_url, 20, "the URL does not say kk")
    _button(browser, "Review").click()
    wait_until(lambda: "/review" in browser.current_url, 20, "Review did not open")
    heading = _element(browser, ".wb-head .wb-lang")
    assert heading.text == "KK"
    links = browser.find_elements(By.CSS_SELECTOR, "[data-testid=stSidebarNav] a")
    pages = [urlparse(link.get_attribute("href")).path.strip("/") or "articles"
             for link in links]
    assert {"articles", "review", "glossary", "models", "export", "audit", "users"} <= set(pages)
    for page in [page for page in pages if page != "review"] + ["review"]:  # every one
        path = "/" if page == "articles" else f"/{page}"
        links = browser.find_elements(By.CSS_SELECTOR, "[data-testid=stSidebarNav] a")
        next(link for link in links if urlparse(link.get_attribute("href")).path == path).click()
        wait_until(lambda: urlparse(browser.current_url).path == path, 20, f"{page} did not open")
        wait_until(lambda: "lang=kk" in browser.current_url, 20, f"{page} lost kk")
        browser.refresh()
        wait_until(lambda: "lang=kk" in browser.current_url, 20, f"{page} lost kk on reload")
        _element(browser, "[data-testid=stSidebarNav]")
    assert _element(browser, ".wb-head .wb-lang").text == "KK"
    assert _element(browser, ".st-key-_lang input").get_attribute("value") == "Қазақша (kk)"
    assert browser.find_elements(By.CSS_SELECTOR, f".{editor_class(f'{SEED_SLUG}|kk|s1')}")


def test_the_list_shows_eight_rows_at_a_time_and_a_row_is_edited_and_approved(server, browser):
    from selenium.webdriver.common.keys import Keys

    url, db = server
    row = f"{SEED_SLUG}-ru-s3"
    browser.get(url)
    _element(browser, "[data-testid='stDataFrame']")  # the Articles page with the example
    _button(browser, "Review").click()
    box = _element(browser, f".st-key-edit-{row} textarea")
    assert box.get_attribute("value") == "Миграционный центр «Сахарово» в Москве."  # the example
    def visible() -> int:  # rows wholly in the window
        return browser.execute_script(
            "return [...document.querySelectorAll(\"[class*='st-key-row-']\")].filter(row => {"
            " const box = row.getBoundingClientRect(); return box.top >= 0 &&"
            " box.bottom <= window.innerHeight; }).length")

    shown = wait_until(lambda: (count := visible()) >= 8 and count, 10, "fewer than 8 rows in view")
    _screenshot(browser, "review-list.png")  # before the counts, to look at when they fail
    assert browser.execute_script("return window.innerHeight") == VIEWPORT[1]
    assert shown >= 8
    keyboard_ready(browser)
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(EDITED)
    box.send_keys(Keys.CONTROL, Keys.RETURN)  # save, and the cursor goes to the next row
    wait_until(lambda: _translation(db, "s3", "ru").target == EDITED, 20, "save did not arrive")
    wait_until(lambda: focused_editor(browser) == f"st-key-edit-{SEED_SLUG}-ru-s4", 20,
               "the cursor did not move to the next row")
    _element(browser, f".st-key-act-{row} button:nth-of-type(2)").click()  # approve
    saved = wait_until(lambda: (_translation(db, "s3", "ru").status == Status.APPROVED
                                and _translation(db, "s3", "ru")), 20,
                       "approve did not reach the store")
    assert (saved.target, saved.status) == (EDITED, Status.APPROVED)
    wait_until(lambda: "✓ Approved" in browser.page_source, 10, "the row does not say approved")

    browser.get(f"{url}/export")
    _element(browser, ".st-key-export-po-ru button").click()
    po_file = wait_until(lambda: next(browser.downloads.glob(f"{SEED_SLUG}.ru.po"), None), 20,
                         "the PO download did not arrive")
    entries = {entry.msgctxt: entry for entry in polib.pofile(str(po_file))}
    assert entries["s3"].msgstr == EDITED and "fuzzy" not in entries["s3"].flags
    assert re.search(r"workbench-export: r\d+ approved", entries["s3"].comment)
    shutil.copy(po_file, ARTIFACTS / po_file.name)
