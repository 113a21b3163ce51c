"""`workbench init` and `workbench serve`: the example project and how Streamlit is started."""

import json
import os

import pytest

from tests.conftest import SEED, SEED_SLUG
from workbench.errors import InputError
from workbench.importing import import_paths
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Origin, Status
from workbench.project import EXAMPLE_DONE, ensure_example_project, load_example_translations
from workbench.store import Store


def test_a_fresh_store_gets_the_example_once(store):
    assert ensure_example_project(store) == [f"imported article {SEED_SLUG} (17 segments)"] + [
        f"loaded 17 example translations into {lang}" for lang in TARGET_LANGUAGES] + [
        "glossary: 61 concepts"]
    example = store.translation(SEED_SLUG, "s4", "ru")
    assert (example.target, example.status, example.origin, example.author) == (
        "{1}Сергей Ведяшкин / АГН «Москва»{/1}", Status.REVIEWED, Origin.IMPORT, "example")
    assert ensure_example_project(store) == []
    store.delete_article(SEED_SLUG)
    assert ensure_example_project(store) == [] and store.articles() == []
    assert store.get_setting(EXAMPLE_DONE) is True


def test_a_store_with_articles_is_left_alone(store, tmp_path):
    (tmp_path / "mine.md").write_text("My own article.\n")
    import_paths(store, [tmp_path / "mine.md"])
    assert ensure_example_project(store) == []
    assert [a.slug for a in store.articles()] == ["mine"]


def test_example_translations_fill_only_untranslated_segments(store, tmp_path):
    import_paths(store, [SEED])
    store.save_translation(SEED_SLUG, "s2", "ru", "Моё", Status.EDITED, Origin.HUMAN)
    pairs = [{"source": "September 23, 2022", "target": "23 сентября"},
             {"source": "The Sakharovo migration center in Moscow.", "target": "Сахарово."},
             {"source": "Not in any article.", "target": "Нет."}]
    path = tmp_path / "ru.json"
    path.write_text(json.dumps(pairs), encoding="utf-8")
    assert load_example_translations(store, path, "ru") == 1
    assert store.translation(SEED_SLUG, "s2", "ru").target == "Моё"
    assert store.translation(SEED_SLUG, "s3", "ru").target == "Сахарово."


def test_a_broken_example_file_is_an_input_error(store, tmp_path):
    path = tmp_path / "ru.json"
    path.write_text('{"source": "x"}', encoding="utf-8")
    with pytest.raises(InputError, match="ru.json: is not a list of source/target pairs"):
        load_example_translations(store, path, "ru")


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
    assert started["env"]["WORKBENCH_DB"] == str(run.db.resolve())
    assert "http://127.0.0.1:8600" in result.output
    store = Store.open(run.db)
    assert [a.slug for a in store.articles()] == [SEED_SLUG]
    store.close()


def test_serve_host_is_configurable(run, monkeypatch):
    started = {}
    monkeypatch.setattr(os, "execve", lambda program, argv, env: started.update(argv=argv))
    assert run("serve", "--host", "0.0.0.0").exit_code == 0
    assert started["argv"][started["argv"].index("--server.address") + 1] == "0.0.0.0"
    assert started["argv"][started["argv"].index("--server.port") + 1] == "8501"
