"""`workbench init` and `workbench serve`: the example project and how Streamlit is started."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OWNER, ROOT, SEED, SEED_SLUG
from tests.mt_helpers import RU_PACKAGE
from tests.server_helpers import no_network, serving, wait_until  # noqa: F401 (loopback allowed)
from workbench.importing import import_paths
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Origin, Status
from workbench.project import ensure_example_project
from workbench.settings import EXAMPLE_LOADED
from workbench.mt.registry import Registry
from workbench.store import Store
from workbench.store.dialect import absolute_location, is_postgres


@pytest.fixture
def started_workers(monkeypatch) -> list[list[str]]:
    """The commands `serve` starts beside the server (recorded, not run)."""
    commands = []
    monkeypatch.setattr(subprocess, "Popen", lambda command, **options: commands.append(command))
    return commands


def test_a_fresh_store_gets_the_example_once(store):
    assert ensure_example_project(store, actor=OWNER) == [f"imported article {SEED_SLUG} (17 segments)"] + [
        f"loaded 17 example translations into {lang} ({lang}.po)"
        for lang in sorted(TARGET_LANGUAGES)] + ["glossary: 61 concepts"]
    example = store.translation(SEED_SLUG, "s4", "ru")
    assert (example.target, example.status, example.origin) == (
        "{1}Сергей Ведяшкин / АГН «Москва»{/1}", Status.REVIEWED, Origin.IMPORT)
    assert ensure_example_project(store, actor=OWNER) == []
    store.delete_article(SEED_SLUG)
    assert ensure_example_project(store, actor=OWNER) == [] and store.articles() == []
    assert EXAMPLE_LOADED.read(store) is True


def test_a_store_with_articles_is_left_alone(store, tmp_path):
    (tmp_path / "mine.md").write_text("My own article.\n")
    import_paths(store, [tmp_path / "mine.md"], actor=OWNER)
    assert ensure_example_project(store, actor=OWNER) == []
    assert [a.slug for a in store.articles()] == ["mine"]


def test_init_loads_the_example(run):
    result = run("init")
    assert result.exit_code == 0
    assert f"imported article {SEED_SLUG}" in result.output
    assert run("init").output.strip() == f"project store: {run.db}"


def test_serve_starts_streamlit_headless_on_loopback_without_usage_stats(run, monkeypatch,
                                                                         started_workers):
    started = {}

    def execve(program, argv, env):
        started.update(program=program, argv=argv, env=env)

    monkeypatch.setattr(os, "execve", execve)
    result = run("serve", "--port", "8600")
    assert result.exit_code == 0, result.output
    argv = started["argv"]
    assert argv[1:4] == ["-m", "streamlit", "run"] and argv[4].endswith("workbench/ui/app.py")
    options = dict(zip(argv[5::2], argv[6::2]))
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.port"] == "8600"
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"
    assert options["--server.enableXsrfProtection"] == "true"
    assert started["env"]["WORKBENCH_DB"] == absolute_location(run.db)
    assert "http://127.0.0.1:8600" in result.output
    store = Store.open(run.db)
    assert [a.slug for a in store.articles()] == [SEED_SLUG]
    store.close()


def test_serve_takes_the_store_after_the_command_too(run, monkeypatch, tmp_path, started_workers):
    started = {}
    monkeypatch.setattr(os, "execve", lambda program, argv, env: started.update(env=env))
    other = tmp_path / "other.db"
    assert run("serve", "--db", str(other)).exit_code == 0
    assert started["env"]["WORKBENCH_DB"] == str(other.resolve())
    assert other.exists() and Store.open(run.db).articles() == []


def test_serving_beyond_loopback_needs_an_admin_first(run, monkeypatch, started_workers):
    started = {}
    monkeypatch.setattr(os, "execve", lambda program, argv, env: started.update(argv=argv))
    refused = run("serve", "--host", "0.0.0.0")
    assert refused.exit_code == 1 and started == {}
    assert "0.0.0.0: this store has no admin account" in refused.output
    assert "workbench users add NAME --admin" in refused.output
    assert run("users", "add", "editor", "--admin", input="a long passphrase\n").exit_code == 0
    assert run("serve", "--host", "0.0.0.0").exit_code == 0
    assert started["argv"][started["argv"].index("--server.address") + 1] == "0.0.0.0"
    assert started["argv"][started["argv"].index("--server.port") + 1] == "8501"
    store = Store.open(run.db)
    assert store.articles() == []  # a desk's store: no example articles
    store.close()


def test_serve_runs_a_worker_beside_a_sqlite_store_only(run, monkeypatch, started_workers):
    monkeypatch.setattr(os, "execve", lambda program, argv, env: None)
    result = run("serve")
    if is_postgres(run.db):  # a desk on PostgreSQL runs its workers apart
        assert started_workers == [] and "MT worker" not in result.output
        assert run("serve", "--worker").exit_code == 0
    assert started_workers[-1] == [sys.executable, "-m", "workbench", "--db",
                                   absolute_location(run.db), "worker", "--parent", str(os.getpid())]
    assert run("serve", "--no-worker").exit_code == 0 and len(started_workers) == 1


def test_the_worker_beside_the_server_runs_queued_jobs_and_stops_with_it(tmp_path, argos_dir):
    db = tmp_path / "project.db"
    store = Store.open(db)
    import_paths(store, [SEED], actor=OWNER)
    Registry(store).install_argos(RU_PACKAGE, actor=OWNER)
    job = store.enqueue_job(SEED_SLUG, ["ru"], requested_by=OWNER.username)
    command = [sys.executable, "-m", "workbench", "--db", str(db), "serve"]
    try:
        with serving(command, tmp_path, {**os.environ, "PYTHONPATH": str(ROOT)}):
            wait_until(lambda: store.job(job.id).finished, 60, "the server's worker ran no job")
            assert _workers_of(db)
        assert store.job(job.id).state.value == "done"
        assert len(store.translations(SEED_SLUG, "ru")) == 17
        wait_until(lambda: not _workers_of(db), 20, "the worker outlived the server")
    finally:
        for pid in _workers_of(db):  # only when the test failed: leave no worker behind
            os.kill(pid, signal.SIGKILL)
        store.close()


def _workers_of(db: Path) -> list[int]:
    """Pids of `workbench worker` processes on `db`."""
    found = []
    for process in Path("/proc").glob("[0-9]*"):
        try:
            argv = (process / "cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        if "worker" in argv and str(db) in argv:
            found.append(int(process.name))
    return found
