# Sourced by run-app.sh and test.sh after venv.sh: put the plotly.js bundles the dashboard draws
# its charts with into static/plotly/ (salescoach/ui/chart_element.py). plotly.js's cartesian and
# finance partial bundles come from the npm registry (package-lock.json pins them; `npm ci` runs
# again only when the lock changed); the full bundle, for any other kind of chart, is the one
# Python's plotly ships. Streamlit serves static/ (server.enableStaticServing).
if ! command -v npm >/dev/null 2>&1; then
  echo "installing Debian's npm for the chart bundles (package.json)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
fi
if [ ! -f node_modules/.installed-package-lock.json ] || ! cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cp package-lock.json node_modules/.installed-package-lock.json
fi
mkdir -p static/plotly
for bundle in cartesian finance; do
  cp -p "node_modules/plotly.js-$bundle-dist-min/plotly-$bundle.min.js" "static/plotly/plotly-$bundle.min.js"
done
cp -p "$(.venv/bin/python -c 'import plotly, pathlib; print(pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js")')" static/plotly/plotly-full.min.js
