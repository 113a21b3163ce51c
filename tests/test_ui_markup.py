"""Every string a user or a file controls is shown as text in the browser (issue 12, case 18).

Markup goes into each such field (HTML, Markdown emphasis, links and images, a colour
directive, a Material icon and Streamlit shortcode, a formula, a style sheet); the pages
that show the field are opened in Debian's Chromium (as in test_ui_browser.py) and the DOM
is asked: none of it became an element, and the text is there as written.
"""

import os
import sys

import pytest

from tests.conftest import OWNER, ROOT
from tests.server_helpers import no_network, serving, wait_until  # noqa: F401 (loopback allowed)
from tests.test_ui_browser import _button, browser  # noqa: F401 (fixture)
from workbench.comments import add_comment
from workbench.glossary.model import Concept, Glossary, Term
from workbench.glossary.storage import replace_glossary
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.qa import mute
from workbench.store import Store

pytestmark = pytest.mark.browser  # runs in CI: a missing Chromium fails, never skips

# The fields a user or a file controls, each shown on some page.
FIELDS = ("title", "article", "translation", "term", "note", "author", "mute", "model",
          "package", "comment")


def payload(field: str) -> str:
    """Markup of every kind Streamlit or a browser could render, marked with the field."""
    return (f"<b id=INJ-{field}-b>x</b> **INJ-{field}-em** [INJ-{field}-a](INJ-{field}) "
            f"![INJ-{field}-img](INJ-{field}.png) :red[INJ-{field}-red] :material/bolt: "
            f":streamlit: $INJ^2$ <style>.INJ-{field}{{}}</style>")


PACKAGE_FOLDER = payload("package").replace("/", "")  # a folder name has no slash

# Elements the payloads would make if anything rendered them.
INJECTED = r"""
const problems = [];
const made = '[id*="INJ"], [class*="INJ"], img[src*="INJ"], img[alt*="INJ"], a[href*="INJ"],'
           + ' img[alt="Streamlit logo"], .katex, math';
for (const element of document.querySelectorAll(made)) problems.push(element.outerHTML.slice(0, 160));
for (const element of document.querySelectorAll('*')) {
  const own = element.textContent.trim();
  if (/^INJ-[a-z]+-(em|a|img|red)$/.test(own)) problems.push(element.outerHTML.slice(0, 160));
  if (element.tagName === 'STYLE' && own.includes('INJ')) problems.push('<style> ' + own);
  if (element.dataset.testid === 'stIconMaterial' && own === 'bolt') problems.push('icon bolt');
}
return problems;
"""


@pytest.fixture
def hostile_project(tmp_path):
    """A store where every field holds its payload; an Argos folder named with markup."""
    db = tmp_path / "project.db"
    store = Store.open(db)
    article = tmp_path / "hostile.txt"
    article.write_text(f"{payload('title')}\n\nIn Moscow the desk said: {payload('article')} "
                       "it was fine.\n", "utf-8")
    [report] = import_paths(store, [article], actor=OWNER)
    slug = report.slug
    replace_glossary(store, Glossary((Concept("moscow", (
        Term("Moscow", "en"), Term(payload("term"), "ru")), note=payload("note")),)),
        actor=OWNER, force=True)
    store.save_translation(slug, "s2", "ru", payload("translation") + "\n\n" + payload("translation"),
                           Status.MACHINE_TRANSLATED, Origin.MT, engine=payload("model"),
                           author=payload("author"))
    mute(store, slug, "s2", "ru", "glossary", payload("mute"), actor=OWNER)
    add_comment(store, slug, "s2", "ru", payload("comment"), actor=OWNER)
    store.close()
    argos = tmp_path / "argos"
    (argos / PACKAGE_FOLDER).mkdir(parents=True)  # a broken package
    return db, slug, argos


def _page_text(driver) -> str:
    text = driver.execute_script("return document.body.innerText").replace("\u2060", "")
    return " ".join(text.split())


def _shows(driver, field: str, seconds: float = 30) -> None:
    """The page shows the field's payload as written, and nothing was made of it."""
    expected = " ".join(payload(field).split())
    try:
        wait_until(lambda: expected in _page_text(driver), seconds, "")
    except AssertionError:
        raise AssertionError(f"{field}: {expected!r} is not on {driver.current_url}: "
                             f"{_page_text(driver)!r}") from None
    assert driver.execute_script(INJECTED) == [], field


def test_no_user_or_file_text_becomes_markup(hostile_project, browser, tmp_path):
    db, slug, argos = hostile_project
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "ARGOS_PACKAGES_DIR": str(argos)}
    command = [sys.executable, "-m", "workbench", "--db", str(db), "serve"]
    with serving(command, tmp_path, environment) as url:
        browser.get(url)  # Articles: the title in the picker and in the delete question
        _button(browser, "Delete").click()
        _shows(browser, "title")

        browser.get(f"{url}/review?article={slug}&lang=ru")  # the list
        for field in ("article", "term"):
            _shows(browser, field)
        [mark] = browser.find_elements("css selector", ".wb-term")
        # The note is the mark's tooltip: whole, or dropped by st.html's sanitizer (DOMPurify
        # removes an attribute holding "</style"); never cut short into markup.
        assert mark.get_attribute("title") in (payload("note"), None, "")
        browser.get(f"{url}/review?article={slug}&lang=ru&view=segment&seg=s2")  # translate view
        for field in ("article", "term", "author", "model", "mute", "comment"):
            _shows(browser, field)
        wait_until(lambda: [summary for summary in browser.find_elements(
            "css selector", "[data-testid=stExpander] summary")
            if "History and all languages" in summary.text], 30, "no history")[0].click()
        _shows(browser, "translation")

        browser.get(f"{url}/glossary")  # the concept's note in its field, as written
        wait_until(lambda: payload("note") in [
            element.get_attribute("value") for element in
            browser.find_elements("css selector", "textarea")], 30, "the note is not shown")
        assert browser.execute_script(INJECTED) == []

        browser.get(f"{url}/models")  # the package's name is in the table of broken models
        wait_until(lambda: "These models cannot be used" in _page_text(browser), 30,
                   "the broken package is not listed")
        assert browser.execute_script(INJECTED) == []
