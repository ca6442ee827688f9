#!/usr/bin/env bash
# Install everything the tests need (Python packages; plotly.js's chart bundles from npm,
# scripts/chart-bundles.sh; Debian's chromium for the browser tests,
# nginx-light for the front's tests and postgresql for the coaching-store tests) and run the whole
# suite: lint, unit, app, browser and replica tests. A real PostgreSQL server runs in a temporary folder for the length of the run
# (scripts/postgres.sh) and is stopped after. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh requirements-dev.txt
source scripts/chart-bundles.sh
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "installing Debian's nginx-light for the tests of the front (salescoach/front.py)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
fi
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "installing Debian's fonts-dejavu-core for the review PDF's tests" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null
fi
source scripts/postgres.sh
trap postgres_stop EXIT
if ! postgres_start; then
  if [ -n "${CI:-}" ]; then
    echo "PostgreSQL could not be installed or started: the coaching-store tests need it in CI" >&2
    exit 1
  fi
  echo "PostgreSQL could not be installed or started: its tests are skipped" >&2
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
