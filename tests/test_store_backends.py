"""The suite tests PostgreSQL for real: a run in which a PostgreSQL test skipped fails."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_run_that_skips_a_postgresql_test_fails(tmp_path):
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.postgres"]\n')
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.parametrize('store_location', ['sqlite', 'postgresql'])\n"
        "def test_sample(store_location):\n"
        "    if store_location == 'postgresql':\n"
        "        pytest.skip('no server today')\n")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)]
    skipped = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert skipped.returncode == 1, skipped.stdout
    assert "1 passed, 1 skipped" in skipped.stdout
    assert "1 test(s) on PostgreSQL skipped" in skipped.stdout
    assert "test_sample[postgresql]" in skipped.stdout

    sqlite_only = subprocess.run([*command, "-k", "sqlite"], cwd=ROOT, capture_output=True,
                                 text=True, timeout=120)
    assert sqlite_only.returncode == 0, sqlite_only.stdout  # deselecting is said aloud
