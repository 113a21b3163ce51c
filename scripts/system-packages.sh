#!/usr/bin/env bash
# Debian packages the tests use: msgfmt (gettext), xmllint (libxml2-utils), and Chromium
# with its driver for the browser test. Skipped when already present.
set -euo pipefail
missing=()
command -v msgfmt >/dev/null || missing+=(gettext)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
