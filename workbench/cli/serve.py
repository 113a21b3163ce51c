"""Commands that start the project: `init` (load the example) and `serve` (the browser workbench)."""

import os
import subprocess
import sys
from pathlib import Path

import click

from workbench import settings
from workbench.accounts import local_owner
from workbench.accounts.users import check_serving
from workbench.cli.context import pass_context
from workbench.project import ensure_example_project
from workbench.store.dialect import absolute_location, is_postgres

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"


@click.command("init")
@pass_context
def init_command(obj):
    """Create the project store and load the shipped example into it if it is empty."""
    for line in ensure_example_project(obj.store, actor=obj.actor):
        click.echo(line)
    click.echo(f"project store: {obj.db_path}")


@click.command("serve")
@click.option("--host", default=settings.DEFAULT_HOST, show_default=True,
              help="Address to listen on; loopback unless you mean to share the workbench.")
@click.option("--port", default=settings.DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Project store to serve (the same as `workbench --db PATH serve`).")
@click.option("--worker/--no-worker", default=None,
              help="Run an MT worker beside the server, which takes the jobs the pages queue "
                   "(default: on a SQLite store; a PostgreSQL desk runs its workers apart).")
@pass_context
def serve_command(obj, host, port, db_path, worker):
    """Start the review workbench in the browser (Streamlit) on the project store.

    A fresh project without accounts gets the shipped example first, so there is something
    to review. Any address but loopback needs an admin account first (docs/desk.md); with
    accounts, the browser asks everyone to sign in.
    """
    if db_path:
        obj.close()
        obj.db_path = db_path
    check_serving(obj.store, host)
    if not obj.store.has_accounts():
        for line in ensure_example_project(obj.store, actor=local_owner()):
            click.echo(line)
    db_path = absolute_location(obj.db_path)
    obj.close()
    if worker if worker is not None else not is_postgres(db_path):
        # The server takes this process over (exec), so the worker's parent is the server:
        # it stops, giving its job back, when the server has gone.
        subprocess.Popen([sys.executable, "-m", "workbench", "--db", db_path, "worker",
                          "--parent", str(os.getpid())])
        click.echo("an MT worker runs beside the server")
    click.echo(f"workbench on http://{host}:{port}  (store {db_path}; Ctrl+C stops it)")
    os.execve(sys.executable, streamlit_command(host, port), {**os.environ, settings.DB_ENV: db_path})


def streamlit_command(host: str, port: int) -> list[str]:
    """`streamlit run` for the app: headless, no usage statistics, no file watching."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.maxUploadSize", str(settings.MAX_UPLOAD_MB),
        "--server.enableXsrfProtection", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
        "--theme.primaryColor", "#1f6f54",
    ]


COMMANDS = [init_command, serve_command]
