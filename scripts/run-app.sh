#!/usr/bin/env bash
# Install (first run only) and start the dashboard on http://localhost:8501.
# With no database yet, it creates data/salescoach.duckdb with the embedded demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh requirements.txt
exec .venv/bin/streamlit run app.py --server.address "${SALESCOACH_ADDRESS:-localhost}" "$@"
