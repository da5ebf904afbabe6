#!/usr/bin/env bash
# Installs the headless browser the dashboard's end-to-end tests drive (test/dashboard): Debian's
# `chromium` package, driven through playwright-core (an npm dev dependency, which downloads no
# browser of its own). Idempotent: does nothing when a working chromium is already there.
# Needs root (CI runs as root) and Debian's package mirrors.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ] && "$CHROMIUM" --version >/dev/null 2>&1; then
  echo "chromium already installed: $("$CHROMIUM" --version 2>/dev/null)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "infra/browser/install.sh: no apt-get here; install Chromium yourself and set CHROMIUM_PATH" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "infra/browser/install.sh: run as root (or with sudo) to install chromium" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "== installing Debian's chromium (and a font for its pages)"
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core

"$CHROMIUM" --version
