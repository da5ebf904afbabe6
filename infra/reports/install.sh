#!/usr/bin/env bash
# Installs what the report tests read the board pack with: Debian's poppler-utils (`pdftotext`),
# an independent PDF reader that extracts a PDF's text the way a person's viewer would copy it.
# The ledger itself needs nothing of it (pdfkit writes the PDF). Idempotent: does nothing when a
# working pdftotext is already there. Needs root (CI runs as root) and Debian's package mirrors.
set -euo pipefail

if command -v pdftotext >/dev/null 2>&1 && pdftotext -v >/dev/null 2>&1; then
  echo "pdftotext already installed: $(pdftotext -v 2>&1 | head -1)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "infra/reports/install.sh: no apt-get here; install poppler-utils (pdftotext) yourself" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "infra/reports/install.sh: run as root (or with sudo) to install poppler-utils" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "== installing Debian's poppler-utils (pdftotext)"
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends poppler-utils

pdftotext -v 2>&1 | head -1
