#!/usr/bin/env bash
# Installs everything the workbench needs into .venv (idempotent; safe to re-run).
# torch comes first and pinned: on these machines torch==2.13.0 is a CPU build on local
# disk, and any other torch request would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test]"
