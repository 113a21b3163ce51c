"""The built wheel is the whole program: installed into a fresh venv, away from the source
tree, `workbench init`, `check` and `serve` work on the example it ships.

Installing every dependency again would take minutes, so the fresh venv borrows them: a
`.pth` line puts this venv's site-packages after its own. A bare path in a `.pth` file is
not scanned for `.pth` files itself, so the checkout's editable install stays out, and the
test asserts that `workbench` is imported from the fresh venv.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_SLUG
from tests.server_helpers import no_network, serving  # noqa: F401 (no_network: loopback allowed)

pytestmark = pytest.mark.slow
PROJECT_FILES = ["pyproject.toml", "README.md", "LICENSE"]  # what the build reads besides workbench/


def _run(command: list, cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout


def _package_files() -> set[str]:
    """Every file of the package in the checkout, as the wheel names it."""
    return {
        path.relative_to(ROOT).as_posix() for path in (ROOT / "workbench").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the package so no stale build/ of the checkout leaks in."""
    source = tmp_path_factory.mktemp("source")
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "workbench", source / "workbench",
                    ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "--wheel-dir", dist, source], cwd=source)
    [built] = dist.glob("workbench-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_venv(wheel, tmp_path_factory) -> Path:
    """A venv holding only the wheel; the dependencies are this venv's, by a `.pth` line added
    after the install (pip must not see this venv's editable workbench as installed)."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
          wheel], cwd=venv)
    fresh_site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           cwd=venv).strip())
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (fresh_site / "dependencies-of-the-test-venv.pth").write_text("\n".join(ours) + "\n")
    return venv


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder away from the source tree, and an environment that does not point into it."""
    (tmp_path / "project").mkdir()
    return tmp_path / "project"


def _environment() -> dict:
    return {key: value for key, value in os.environ.items()
            if key not in ("PYTHONPATH", "WORKBENCH_DB", "VIRTUAL_ENV")}


def test_the_wheel_holds_every_file_of_the_package(wheel):
    """Code, example, rules and page scripts: what `streamlit run` and the example need."""
    with zipfile.ZipFile(wheel) as archive:
        packaged = {name for name in archive.namelist() if name.startswith("workbench/")}
    assert _package_files() - packaged == set()
    assert f"workbench/example/translations/{SEED_SLUG}/uz.po" in packaged
    assert "workbench/ui/page_scripts/review.py" in packaged


def test_the_installed_wheel_inits_checks_and_serves_the_example(fresh_venv, folder):
    bin_dir = fresh_venv / "bin"
    env = _environment()
    imported = _run([bin_dir / "python", "-c", "import workbench; print(workbench.__file__)"],
                    cwd=folder, env=env)
    assert Path(imported.strip()).is_relative_to(fresh_venv)

    init = _run([bin_dir / "workbench", "init"], cwd=folder, env=env)
    assert f"imported article {SEED_SLUG} (17 segments)" in init
    assert "loaded 17 example translations into uz (uz.po)" in init
    assert "glossary: 61 concepts" in init
    assert (folder / "translations" / "workbench.db").is_file()

    check = json.loads(_run([bin_dir / "workbench", "check", "--json"], cwd=folder, env=env))
    assert check["passed"] and check["findings"] == []
    glossary = _run([bin_dir / "workbench", "glossary", "list", "--search", "Moscow"],
                    cwd=folder, env=env)
    assert "Москва" in glossary

    with serving([bin_dir / "workbench", "serve"], folder, env) as url:
        assert url.startswith("http://127.0.0.1:")
