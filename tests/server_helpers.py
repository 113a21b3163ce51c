"""`workbench serve` in a test: a free loopback port, Streamlit's health endpoint, a clean
stop; the network guard for such tests, which lets loopback through; and Debian's Chromium
driving the review page with the keyboard."""

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Replaces the suite's guard where a module imports it: the test and the server talk
    over loopback, anything else still fails the test."""
    connect = socket.socket.connect

    def loopback_only(sock, address):
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"test tried to open a network connection: {address!r}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command: list[str], cwd, env: dict, log=None):
    """Run `command` (a `workbench ... serve`) with `--port` set to a free port; yields the
    base URL once Streamlit answers its health check, and stops the server afterwards.
    `log`: a file to keep everything the server printed in."""
    port = free_port()
    output = open(log, "w") if log else subprocess.PIPE
    process = subprocess.Popen([*command, "--port", str(port)], cwd=cwd, env=env,
                               stdout=output, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: healthy(url) or process.poll() is not None, 60,
                   "workbench serve did not start")
        if process.poll() is not None:
            said = open(log).read() if log else process.stdout.read()
            raise AssertionError(f"workbench serve stopped: {said}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            output.close()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read() == b"ok"
    except OSError:
        return False


def wait_until(condition, seconds: float, failure: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(failure)


# The review page in Debian's Chromium, shared by tests/test_ui_browser.py and
# benchmarks/bench_ui.py (which reports the keyboard figures).

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
VIEWPORT = (1600, 1000)


def chromium(profile, downloads=None):
    """Headless Chromium through Selenium, its page exactly VIEWPORT wide and high."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:  # a browser test never skips: CI installs both (scripts/system-packages.sh)
        pytest.fail(f"{', '.join(missing)} missing: install Debian's chromium and "
                    "chromium-driver (scripts/system-packages.sh)")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile}", "--window-size=1600,1200"]:
        options.add_argument(flag)
    if downloads:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": VIEWPORT[0], "height": VIEWPORT[1], "deviceScaleFactor": 1, "mobile": False})
    if downloads:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def keyboard_ready(driver) -> None:
    """Wait until the review page's keyboard listens (its component ran once in the tab)."""
    wait_until(lambda: driver.execute_script(
        "return !!(window.workbenchKeys && window.workbenchKeys.installed)"), 30,
        "the review page's keyboard did not start")


def focused_editor(driver) -> str | None:
    """The CSS class (st-key-edit-…) of the edit box that has the cursor, if one has."""
    return driver.execute_script(
        "const box = document.activeElement && document.activeElement.closest("
        "\"[class*='st-key-edit-']\"); return box ? [...box.classList].find("
        "name => name.startsWith('st-key-edit-')) : null")


@dataclass
class SegmentDone:
    sid: str
    keys_beyond_text: int  # key presses other than the typed text's characters
    typing: float  # seconds the typing took (the driver types fast)
    seconds: float  # from the approving key press to the approval in the store


# Counts, in the page, the key presses that are not typed text: named keys (Enter, Tab,
# arrows…) and anything pressed with Ctrl or Alt; holding a modifier alone is not one.
COUNT_KEYS = """
window.wbExtraKeys = 0;
document.addEventListener("keydown", (event) => {
  if (["Control", "Shift", "Alt", "Meta"].includes(event.key)) return;
  if (event.key.length > 1 || event.ctrlKey || event.altKey) window.wbExtraKeys += 1;
}, true);
"""


def approve_with_keyboard(driver, approved, work: list[tuple[str, str]]) -> list[SegmentDone]:
    """The keyboard-only flow of the translate view: for each (editor class, text), wait for
    the cursor to arrive in that box (nobody clicks), type the text, press Ctrl+Shift+Enter
    (approve, then the next segment) and wait until `approved(editor)` is true. The page
    counts the key presses beyond the text."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.execute_script(COUNT_KEYS)
    done = []
    for editor, text in work:
        wait_until(lambda: focused_editor(driver) == editor, 30,
                   f"the cursor did not come to {editor} (it is in {focused_editor(driver)})")
        driver.execute_script("window.wbExtraKeys = 0")
        start = time.perf_counter()
        ActionChains(driver).send_keys(text).perform()
        typed = time.perf_counter()
        (ActionChains(driver).key_down(Keys.CONTROL).key_down(Keys.SHIFT).send_keys(Keys.RETURN)
         .key_up(Keys.SHIFT).key_up(Keys.CONTROL).perform())
        wait_until(lambda: approved(editor), 30, f"{editor} was not approved")
        done.append(SegmentDone(editor.rsplit("-", 1)[1],
                                driver.execute_script("return window.wbExtraKeys"),
                                typed - start, time.perf_counter() - typed))
    return done
