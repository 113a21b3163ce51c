"""A throw-away PostgreSQL cluster for the tests: made with initdb in a temporary folder,
started with pg_ctl on a free loopback port when the first test needs it, stopped at the end.

Every test gets a schema of its own (a fresh, empty store); the cluster itself is shared.
If PostgreSQL cannot be started the tests that need it fail: they never skip, so a run
cannot pass without having tested PostgreSQL. A test on PostgreSQL that skips anyway (a
marker, an importorskip) turns the whole run into a failure, naming it.
`scripts/system-packages.sh` installs PostgreSQL.
"""

import atexit
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

SUPERUSER = "workbench"


def _binaries() -> Path:
    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(initdb).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise RuntimeError("PostgreSQL is not installed (initdb not found): run "
                       "scripts/system-packages.sh, which installs Debian's postgresql")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """One PostgreSQL server on 127.0.0.1, owned by the unprivileged `postgres` user when the
    tests run as root (PostgreSQL refuses to run as root). For the tests it does not sync to
    disk; `durable` keeps PostgreSQL's safe defaults, as a benchmark must."""

    def __init__(self, durable: bool = False):
        self.durable = durable
        self.bin = _binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._schemas = itertools.count(1)
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chmod(self.folder, 0o755)
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str) -> None:
        result = subprocess.run([*self._as_user, *command], capture_output=True, text=True,
                                timeout=120)
        if result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stdout}{result.stderr}")

    def start(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "server.log"), "-w", "start")
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run([*self._as_user, str(self.bin / "pg_ctl"), "-D", str(self.data),
                            "-m", "immediate", "stop"], capture_output=True, timeout=60)
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def new_store_url(self) -> str:
        """The URL of a fresh, empty store: a schema of its own in the shared database."""
        import psycopg

        schema = f"test_{os.getpid()}_{next(self._schemas)}"
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
        return f"{self.url}?options=-csearch_path%3D{schema}"

    def new_database_url(self, icu_locale: str) -> str:
        """The URL of a fresh, empty database of its own whose text sorts as `icu_locale`
        says (a server made with its newsroom's locale), not byte by byte."""
        import psycopg

        name = f"test_{os.getpid()}_{next(self._schemas)}"
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"
                               f" LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'"
                               " LOCALE 'C.UTF-8'")
        return self.url.rsplit("/", 1)[0] + f"/{name}"


_ON_POSTGRES: set[str] = set()  # ids of the collected tests that run on PostgreSQL
_SKIPPED: list[str] = []


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        params = getattr(item, "callspec", None)
        if "postgres_cluster" in item.fixturenames or (
                params and params.params.get("store_location") == "postgresql"):
            _ON_POSTGRES.add(item.nodeid)


def pytest_runtest_logreport(report) -> None:
    if report.skipped and report.nodeid in _ON_POSTGRES:
        _SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session) -> None:
    if _SKIPPED and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if _SKIPPED:
        terminalreporter.write_line(
            f"FAILED: {len(_SKIPPED)} test(s) on PostgreSQL skipped; a run must test PostgreSQL: "
            + ", ".join(_SKIPPED), red=True)


@pytest.fixture(scope="session")
def postgres_cluster():
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.stop()
