"""`workbench init` and `workbench serve`: the example project and how Streamlit is started."""

import os

from tests.conftest import OWNER, SEED_SLUG
from workbench.importing import import_paths
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Origin, Status
from workbench.project import ensure_example_project
from workbench.settings import EXAMPLE_LOADED
from workbench.store import Store
from workbench.store.dialect import absolute_location


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


def test_serve_starts_streamlit_headless_on_loopback_without_usage_stats(run, monkeypatch):
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


def test_serve_takes_the_store_after_the_command_too(run, monkeypatch, tmp_path):
    started = {}
    monkeypatch.setattr(os, "execve", lambda program, argv, env: started.update(env=env))
    other = tmp_path / "other.db"
    assert run("serve", "--db", str(other)).exit_code == 0
    assert started["env"]["WORKBENCH_DB"] == str(other.resolve())
    assert other.exists() and Store.open(run.db).articles() == []


def test_serving_beyond_loopback_needs_an_admin_first(run, monkeypatch):
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
