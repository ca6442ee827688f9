#!/usr/bin/env bash
# Install (first run only) and start the dashboard on http://localhost:8501.
# With no database yet, it creates data/salescoach.duckdb with the embedded demo data.
# Served with the deployment defaults of .streamlit/config.toml (no file watcher, no usage
# statistics); SALESCOACH_DEV=1 reloads the app when its files change (for development).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh requirements.txt
dev=()
if [ "${SALESCOACH_DEV:-}" = 1 ]; then
  dev=(--server.fileWatcherType auto --server.runOnSave true)
fi
# salescoach.serve is `streamlit run app.py` warmed up: the app's code loaded first, then every
# page opened once on loopback before the first director arrives (bench/README.md).
exec .venv/bin/python -m salescoach.serve --server.address "${SALESCOACH_ADDRESS:-localhost}" "${dev[@]}" "$@"
