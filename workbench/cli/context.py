"""What every command needs: the store, opened once and closed at exit, and who acts.

Who acts (docs/desk.md): on a store without accounts, the machine's owner, with every right,
as the workbench always did. Once the store has accounts, a command that changes anything
acts as the account named by `--user` (or WORKBENCH_USER), signed in with its password,
asked on the terminal or read from the first line of stdin; never given on the command
line. Commands that only read ask nobody: whoever runs them can open the store itself.
"""

import json
import sys
from pathlib import Path

import click

from workbench import settings
from workbench.accounts import Actor, PermissionDenied, local_owner
from workbench.accounts.users import sign_in
from workbench.errors import InputError, NotFoundError
from workbench.store import Store
from workbench.store.dialect import is_postgres

# Exit codes: 0 done; 1 the command failed (one line says why; nothing changed); 2 a usage
# error; 3 the command ran but left problems to act on (`check`: findings that block
# publication; `import-translations`: conflicts or unit errors, the rest imported).
EXIT_PROBLEMS = 3

# Commands that may start a project; the others only read or change an existing one.
CREATING_COMMANDS = {"import", "init", "serve", "glossary", "models", "tm", "users"}


class CliContext:
    def __init__(self, db_path: str, may_create: bool = True, user: str | None = None):
        self.db_path = db_path
        self.may_create = may_create
        self.user = user
        self._store = None
        self._actor = None

    @property
    def actor(self) -> Actor:
        """Who this command acts as (signed in on first use; see the module docstring)."""
        if self._actor is None:
            self._actor = self._sign_in()
        return self._actor

    def _sign_in(self) -> Actor:
        if not self.store.has_accounts():
            if self.user:
                raise InputError("--user", f"{self.user}: this store has no accounts, so the "
                                 f"machine's owner ({settings.default_author()}) acts; leave "
                                 "--user out, or make the first admin: workbench users add "
                                 "NAME --admin")
            return local_owner()
        if not self.user:
            raise PermissionDenied(f"this store has accounts: say who you are with --user NAME "
                                   f"(or {settings.USER_ENV}); the password is asked")
        return sign_in(self.store, self.user, read_password(f"Password for {self.user}"),
                       via="cli")

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


def read_password(prompt: str, *, confirm: bool = False) -> str:
    """A password from the terminal (not echoed; asked twice with `confirm`), or else the
    next line of stdin, for scripts: never from the command line, where others can see it."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    line = sys.stdin.readline()  # sys.stdin, not a new reader: the next line stays for the next ask
    if not line:
        raise InputError("stdin", f"no password ({prompt.lower()}): type it on the terminal, "
                                  "or give it as a line of stdin")
    return line.rstrip("\r\n")


json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
