"""What every command needs: the store, opened once and closed at exit."""

import json

import click

DEFAULT_DB = "translations/workbench.db"


class CliContext:
    def __init__(self, db_path: str):
        self.db_path = db_path
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from workbench.store import Store

            self._store = Store.open(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_context = click.make_pass_decorator(CliContext)


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
