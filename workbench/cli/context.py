"""What every command needs: the store, opened once and closed at exit."""

import json
from pathlib import Path

import click

from workbench import settings
from workbench.errors import NotFoundError
from workbench.store import Store
from workbench.store.dialect import is_postgres

# Commands that may start a project; the others only read or change an existing one.
CREATING_COMMANDS = {"import", "init", "serve", "glossary", "models", "tm"}


class CliContext:
    def __init__(self, db_path: str, may_create: bool = True):
        self.db_path = db_path
        self.may_create = may_create
        self._store = None

    @property
    def store(self):
        if self._store is None:
            missing = not is_postgres(self.db_path) and not Path(self.db_path).exists()
            if missing and not self.may_create:
                raise NotFoundError(f"no project store at {self.db_path}: run this in a project "
                                    "folder, pass --db PATH, or start one with `workbench import`")
            self._store = Store.open(self.db_path)
            if self._store.upgrade.message:
                click.echo(self._store.upgrade.message, err=True)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_context = click.make_pass_decorator(CliContext)


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
author_option = click.option("--author", default=settings.default_author, show_default="$USER",
                             help="Name recorded in the history.")
