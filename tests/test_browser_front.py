"""A director's browser through the front (salescoach/front.py), as scripts/run-app.sh serves the
dashboard: Debian's headless Chromium opens the team overview through nginx, gets Streamlit's
JavaScript and the chart bundle from nginx gzipped and cacheable, draws the charts over the
websocket nginx passes on, and uploads a 2 MB export on the Import page (more than nginx takes unless told).

Without /usr/bin/chromium or nginx the module is skipped, except in CI (CI=true), where that is
a failure."""

from __future__ import annotations

from bench.server import serve
from tests.db_state import copy_database
from tests.test_browser import READY, no_exception, settle


def test_a_director_opens_the_dashboard_and_imports_through_nginx(
    nginx_binary, demo_template, tmp_path, page, monkeypatch
):
    monkeypatch.setenv("SALESCOACH_FRONT_DIR", str(tmp_path / "front"))
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    export = tmp_path / "customers.csv"
    rows = [f"C-front-{n:06d},Asiakas {n} Oy,SMB" for n in range(60_000)]
    export.write_text("customer_id,name,segment\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert export.stat().st_size > 2_000_000
    with serve(db, tmp_path / "front.log", front=True) as server:
        assert server.front == "nginx"
        scripts = []
        page.on("response", lambda r: scripts.append(r) if ".js" in r.url else None)
        page.goto(f"{server.base}/")
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_function(
            "() => document.querySelectorAll('.sc-chart .main-svg').length >= 4", timeout=60_000
        )
        no_exception(page)
        # the team overview's charts are drawn with plotly.js's cartesian bundle, from nginx gzipped
        # and cached; neither Streamlit's full plotly.js chunk nor the full bundle is asked for
        names = [r.url.split("?")[0].rsplit("/", 1)[-1] for r in scripts]
        assert not [name for name in names if name.startswith("PlotlyChart.") or "full" in name], names
        bundles = [r for r in scripts if "/app/static/plotly/" in r.url]
        assert "plotly-cartesian.min.js" in [r.url.split("?")[0].rsplit("/", 1)[-1] for r in bundles]
        for bundle in bundles:
            headers = bundle.all_headers()
            assert headers["content-encoding"] == "gzip"
            assert headers["cache-control"] == "public, immutable, max-age=31536000"

        page.goto(f"{server.base}/import_data")
        page.wait_for_selector(READY, timeout=60_000)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(export))
        page.wait_for_selector("[data-testid='stAlertContentSuccess']", timeout=60_000)
        settle(page)
        no_exception(page)
        said = page.locator("[data-testid='stAlertContentSuccess']").first.inner_text().replace("\u2060", "")
        assert "60000 customers" in said, said  # every row of the 2 MB file reached the app server
