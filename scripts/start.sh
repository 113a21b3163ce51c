#!/usr/bin/env bash
# The run command of the README: installs what is needed, then starts the workbench in the
# browser on the shipped example (seed article, glossary and example translations).
# Extra arguments go to `workbench serve` (e.g. --port 8502).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/workbench serve "$@"
