#!/usr/bin/env bash
# Install (first run only: Python packages, plotly.js's chart bundles from npm) and start the
# dashboard on http://localhost:8501.
# With no database yet, it creates data/salescoach.duckdb with the embedded demo data.
# Served with the deployment defaults of .streamlit/config.toml (no file watcher, no usage
# statistics) behind nginx (Debian's nginx-light, installed here when missing and possible), which
# serves Streamlit's static files itself (salescoach/front.py); SALESCOACH_FRONT=none serves
# without it. SALESCOACH_DEV=1 reloads the app when its files change (for development).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh requirements.txt
source scripts/chart-bundles.sh
if [ "${SALESCOACH_FRONT:-}" != none ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "installing Debian's nginx-light to serve the static files (SALESCOACH_FRONT=none: without)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null; } ||
    echo "nginx-light could not be installed: the app server serves its static files itself" >&2
fi
dev=()
if [ "${SALESCOACH_DEV:-}" = 1 ]; then
  dev=(--server.fileWatcherType auto --server.runOnSave true)
fi
# salescoach.front starts nginx on the address and port, and behind it salescoach.serve on
# loopback: `streamlit run app.py` warmed up, the app's code loaded first, then every page opened
# once on loopback before the first director arrives (bench/README.md).
exec .venv/bin/python -m salescoach.front --server.address "${SALESCOACH_ADDRESS:-localhost}" "${dev[@]}" "$@"
