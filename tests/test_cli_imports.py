"""A command loads only what it uses: the listing commands start without the MT stack, the
UI, the morphology, the database driver or the exchange formats."""

import importlib
import json
import subprocess
import sys

import pytest

from workbench.cli import COMMAND_MODULES, cli

# What `workbench articles`, `status` and `segments` never need.
HEAVY = ("torch", "streamlit", "ctranslate2", "sentencepiece", "argostranslate", "pymorphy3",
         "psycopg", "lxml", "polib", "markdown_it", "rapidfuzz", "tqdm", "workbench.mt",
         "workbench.glossary", "workbench.importing", "workbench.formats", "workbench.qa")
LOADED = """
import json, runpy, sys
sys.argv = ["workbench", *sys.argv[1:]]
try:
    runpy.run_module("workbench", run_name="__main__")
except SystemExit as end:
    assert not end.code, end.code
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture
def project(tmp_path):
    db = tmp_path / "project.db"
    subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), "init"], check=True,
                   capture_output=True)
    return db


def loaded(db, command: list[str], heavy: tuple[str, ...]) -> list[str]:
    """The modules of `heavy` (and their submodules) that running `command` imported."""
    run = subprocess.run([sys.executable, "-c", LOADED, "--db", str(db), *command],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    modules = json.loads(run.stdout.splitlines()[-1])
    assert "workbench.store" in modules  # it did run the command
    return [name for name in modules if any(
        name == module or name.startswith(module + ".") for module in heavy)]


@pytest.mark.parametrize("command", [["articles"], ["status"], ["segments", "a-slug"]])
def test_listing_commands_load_none_of_the_heavy_libraries(project, command):
    if command[0] == "segments":
        command = ["segments", subprocess.run(
            [sys.executable, "-m", "workbench", "--db", str(project), "articles"], check=True,
            capture_output=True, text=True).stdout.split("\t")[0]]
    assert loaded(project, command, HEAVY) == []


@pytest.mark.parametrize("command", [["jobs"], ["worker", "--until-idle"], ["store", "--help"]])
def test_job_and_store_commands_load_no_decoder_nor_ui(project, command):
    """A worker loads a model only for a job that needs one; the others never do."""
    assert loaded(project, command, ("torch", "streamlit", "ctranslate2")) == []


def test_every_command_is_found_in_the_module_the_table_names():
    defined = {command.name: name for name in set(COMMAND_MODULES.values())
               for command in importlib.import_module(f"workbench.cli.{name}").COMMANDS}
    assert defined == COMMAND_MODULES
    assert sorted(cli.list_commands(None)) == sorted(defined)
