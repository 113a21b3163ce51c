#!/usr/bin/env bash
# The test command of the README: installs what is needed, then runs every test
# (slow and browser tests included). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh
.venv/bin/python -m pytest "$@"
