import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.store import Store

pytest_plugins = ["tests.mt_helpers"]  # the MT fixtures: tiny models installed per test

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "russia-threatens-denaturalization-central-asians.md"
SEED_SLUG = "russia-threatens-denaturalization-central-asians"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to reach the network fails the test: the workbench is offline."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"test tried to open a network connection: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "project.db")
    yield opened
    opened.close()


@pytest.fixture
def run(tmp_path):
    """Run the CLI against a store in tmp_path; returns the click Result."""
    runner = CliRunner()
    db = tmp_path / "project.db"

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", str(db), *args], input=input, catch_exceptions=False)

    invoke.db = db
    return invoke


def shipped_translations(lang: str) -> list[dict]:
    """The seed's hand translations, in article order, from the shipped example PO file."""
    from workbench.formats import open_exchange

    document = open_exchange(ROOT / "translations" / SEED_SLUG / f"{lang}.po")
    return [{"source": unit.source, "target": unit.target} for unit in document.units]
