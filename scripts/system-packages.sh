#!/usr/bin/env bash
# Debian packages the tests use: msgfmt (gettext), xmllint (libxml2-utils), Chromium with its
# driver for the browser test, and PostgreSQL (the tests start a throw-away cluster of their
# own; see tests/postgres.py). Skipped when already present.
set -euo pipefail
missing=()
command -v msgfmt >/dev/null || missing+=(gettext)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
