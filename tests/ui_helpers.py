"""What the AppTest suites of the pages share: a store file with the seed article, a second
connection to assert on, sessions of the app, and the keys of a review row."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import OWNER, SEED, SEED_SLUG
from workbench.importing import import_paths
from workbench.store import Store
from workbench.ui.row_state import editor_key

APP = Path(__file__).resolve().parent.parent / "workbench" / "ui" / "app.py"
REVIEW = "page_scripts/review.py"


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A store file with the seed article, untranslated, which every AppTest session opens."""
    path = tmp_path / "project.db"
    store = Store.open(path)
    import_paths(store, [SEED], actor=OWNER)
    store.close()
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    monkeypatch.setenv("USER", "tester")
    return path


@pytest.fixture
def check(db):
    """A second connection to the same store, to assert what the pages wrote."""
    store = Store.open(db)
    yield store
    store.close()


def session(page: str | None = None, author: str | None = None,
            query: dict[str, str] | None = None) -> AppTest:
    """A browser session of the app; `query`: the URL's query string (a reload or a link)."""
    app = AppTest.from_file(str(APP), default_timeout=30)
    if author:
        app.session_state["author"] = author
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def key(sid: str, lang: str = "ru", slug: str = SEED_SLUG) -> str:
    return f"{slug}|{lang}|{sid}"


def act(app: AppTest, action: str, sid: str, text: str | None = None, lang: str = "ru",
        slug: str = SEED_SLUG) -> AppTest:
    """A row of the list: its box set to `text` (if given), then `action` (save, approve,
    open) chosen among the row's actions."""
    if text is not None:
        app.text_area(key=editor_key(key(sid, lang, slug))).set_value(text)
    app.button_group(key=f"act|{key(sid, lang, slug)}").set_value(action).run()
    assert not app.exception, app.exception
    return app


def shown_sids(app: AppTest) -> list[str]:
    """The segments whose edit boxes the page shows, in order."""
    return [area.key.rsplit("|", 1)[1] for area in app.text_area if area.key.startswith("edit|")]


def shown(element) -> str:
    """What a message shows: its Markdown with the escapes of user text taken out."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", element.value).replace("\u2060", "")


def fragments(app: AppTest) -> str:
    """Every HTML fragment the page drew (st.html: no Markdown reading), joined."""
    return " ".join(element.proto.body for element in app.get("html"))


def page_text(app: AppTest) -> str:
    """Everything the page wrote as Markdown, text or HTML fragments, in one string."""
    return " ".join([shown(m) for m in app.markdown] + [t.value for t in app.text]
                    + [fragments(app)])
