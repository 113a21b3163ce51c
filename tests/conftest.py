import os
import socket
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings as hypothesis_settings

from workbench import settings
from workbench.accounts import local_owner
from workbench.cli import cli
from workbench.store import Store

pytest_plugins = [
    "tests.mt_helpers",  # the MT fixtures: tiny models installed per test
    "tests.postgres",  # a throw-away PostgreSQL cluster
]

# Property tests (test_reader_properties.py): bounded and the same every run in the suite, so
# CI never flakes; scripts/fuzz_readers.py runs the `fuzz` profile for as long as asked.
hypothesis_settings.register_profile("ci", max_examples=20, derandomize=True, deadline=None,
                                     database=None)
hypothesis_settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEED_SLUG = "russia-threatens-denaturalization-central-asians"
# The official XLIFF and TBX schemas the exported files are validated against.
SCHEMAS = files("workbench.formats") / "schemas"  # package data: they travel with the code
SEED = settings.EXAMPLE_ARTICLES / f"{SEED_SLUG}.md"  # the shipped example article
EXAMPLE_PO_FILES = sorted((settings.EXAMPLE_TRANSLATIONS / SEED_SLUG).glob("*.po"))
# Who acts in library calls on a store without accounts: the machine's owner, every right.
OWNER = local_owner("tester")


@pytest.fixture(autouse=True)
def main_module_kept(monkeypatch):
    """Streamlit's AppTest runs a page as `__main__` and leaves it there: the processes a later
    test spawns (multiprocessing) would run that page first, and fail."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to reach the network fails the test: the workbench is offline."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"test tried to open a network connection: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path, monkeypatch) -> str:
    """Where a test's project store lives: every test that uses a store runs twice, on a
    SQLite file and on a PostgreSQL schema of its own. A database store's project folder
    (exports, uploads) is the working folder's: tmp_path, never the checkout."""
    if request.param == "sqlite":
        return str(tmp_path / "project.db")
    monkeypatch.chdir(tmp_path)
    return request.getfixturevalue("postgres_cluster").new_store_url()


@pytest.fixture
def store(store_location):
    opened = Store.open(store_location)
    yield opened
    opened.close()


@pytest.fixture
def run(store_location):
    """Run the CLI against the test's store; returns the click Result."""
    runner = CliRunner()
    db = store_location

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", str(db), *args], input=input, catch_exceptions=False)

    invoke.db = db
    return invoke


def shipped_translations(lang: str) -> list[dict]:
    """The seed's hand translations, in article order, from the shipped example PO file."""
    from workbench.formats import open_exchange

    document = open_exchange(settings.EXAMPLE_TRANSLATIONS / SEED_SLUG / f"{lang}.po")
    return [{"source": unit.source, "target": unit.target} for unit in document.units]
