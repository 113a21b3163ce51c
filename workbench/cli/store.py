"""The project store itself: `workbench store copy` moves a project between SQLite and
PostgreSQL."""

import click

from workbench.cli.context import echo_json, json_option
from workbench.store import shown_location
from workbench.store.copy import copy_store


@click.group("store")
def store_group():
    """The project store: SQLite file or PostgreSQL database."""


@store_group.command("copy")
@click.argument("source")
@click.argument("destination")
@click.option("--replace", is_flag=True,
              help="Empty a destination that already holds a project before copying.")
@json_option
def copy_command(source, destination, replace, as_json):
    """Copy the whole project from SOURCE to DESTINATION, each a store file or a
    postgresql://user@host:port/name URL, and show each table's rows and checksum.

    Refuses a destination that holds anything, unless --replace. The copy is one
    transaction, its tables made in it: it is written only if every table came out equal to
    the source, and a copy that fails leaves the destination as it was. A new store file
    appears at DESTINATION only once whole (docs/store.md).
    """
    tables = copy_store(source, destination, replace=replace)
    if as_json:
        echo_json([{"table": t.table, "rows": t.rows, "sha256": t.checksum} for t in tables])
        return
    width = max(len(t.table) for t in tables)
    for t in tables:
        click.echo(f"{t.table:<{width}}  {t.rows:>9,}  {t.checksum}")
    click.echo(f"copied {sum(t.rows for t in tables):,} rows in {len(tables)} tables from "
               f"{shown_location(source)} to {shown_location(destination)}: every table's rows "
               "and checksum equal the source's")


COMMANDS = [store_group]
