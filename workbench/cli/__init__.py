"""The `workbench` command. Thin: every command calls library functions.

Each concern has its own module here with a `COMMANDS` list; this module only
assembles them and turns WorkbenchError into a one-line message and exit code 1.
A command's module is imported only when that command runs (or help lists them all),
so `workbench articles` loads neither the MT stack nor the exchange formats.
"""

import importlib
import os
import sys

import click

from workbench import settings
from workbench.cli.context import CREATING_COMMANDS, CliContext
from workbench.errors import WorkbenchError, printable
from workbench.store import is_database_error, shown_location

# Each command and the module in workbench/cli that has it in its COMMANDS
# (tests/test_cli_imports.py holds the two together).
COMMAND_MODULES = {
    "import": "articles", "articles": "articles", "status": "articles", "segments": "articles",
    "document": "articles", "delete": "articles",
    "export": "exchange", "import-translations": "exchange",
    "glossary": "glossary",
    "translate": "mt", "models": "mt", "mt": "mt",
    "worker": "jobs", "jobs": "jobs",
    "check": "qa", "checks": "qa", "mute": "qa", "unmute": "qa",
    "approve": "review", "review": "review", "reject": "review", "edit": "review",
    "tm": "tm",
    "init": "serve", "serve": "serve",
    "store": "store",
    "users": "accounts", "audit": "accounts",
}


class WorkbenchGroup(click.Group):
    def list_commands(self, ctx) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx, name: str) -> click.Command | None:
        """The command, its module imported now: a command loads only what it uses."""
        if name not in COMMAND_MODULES:
            return None
        module = importlib.import_module(f"workbench.cli.{COMMAND_MODULES[name]}")
        return next(command for command in module.COMMANDS if command.name == name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except WorkbenchError as error:
            raise click.ClickException(printable(error)) from None
        except BrokenPipeError:
            # Whoever read our output (`| head`) has gone: there is nobody to tell.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
        except OSError as error:
            where = f"{printable(error.filename)}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None
        except Exception as error:
            if not is_database_error(error):
                raise
            where = shown_location(ctx.obj.db_path)
            raise click.ClickException(f"project store {where}: {error}") from None


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar=settings.DB_ENV,
    default=settings.DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help=f"Project store: a SQLite file or a postgresql://user@host:port/name URL. Also set "
         f"by {settings.DB_ENV}.",
)
@click.option(
    "--user",
    envvar=settings.USER_ENV,
    help=f"The account to act as, on a store with accounts (the password is asked, or read "
         f"from stdin). Also set by {settings.USER_ENV}.",
)
@click.version_option(package_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db: str, user: str | None) -> None:
    """Offline translation and glossary workbench: English articles into
    Russian (ru), Kazakh (kk), Kyrgyz (ky), Tajik (tg) and Uzbek (uz)."""
    ctx.obj = CliContext(db, may_create=ctx.invoked_subcommand in CREATING_COMMANDS, user=user)
    ctx.call_on_close(ctx.obj.close)


def main() -> None:
    cli(prog_name="workbench")
