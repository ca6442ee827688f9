"""Sales-coaching dashboard: `streamlit run app.py` (see README).

The entrypoint draws what every page shares (the filters in the sidebar, kept in the
URL) and then runs the page picked in the navigation. Each page's url_path is its file
stem, so `/seller?seller=S01` is a stable, shareable link.

With login configured (`[auth]` in `.streamlit/secrets.toml`) a visitor who is not logged in,
or not in the roles file, sees only the login or refusal screen (see `salescoach.access`).
A store the app cannot use (salescoach.faults) is one plain message on every page.
"""

import streamlit as st

from salescoach import ui
from salescoach.faults import StoreFault
from salescoach.i18n import t

st.set_page_config(
    page_title=t("app.title"),
    page_icon="📈",  # an emoji: a :material: icon is fetched from fonts.gstatic.com (an outside request)
    layout="wide",
    # On the shared screen of a review (?present=1) the page gets the whole width.
    initial_sidebar_state="collapsed" if ui.presentation_mode() else "auto",
)

viewer = ui.current_viewer()  # resolved once per run, handed to everything that depends on it
if viewer is None:
    # Login configured and this visitor may not look (not logged in, not in the roles file):
    # the login or refusal screen is the only page, whatever the URL asked for.
    st.navigation([st.Page(ui.access_screen, title=t("app.title"), default=True)], position="hidden").run()
    st.stop()

page = st.navigation(
    [
        st.Page(spec.file, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=index == 0)
        for index, spec in enumerate(ui.visible_pages(viewer))
    ]
)
# One stat of the published analytics file per run: a newer version an import published is read
# from this run on, the same version for the whole run; a store fault is one plain message.
ui.begin_run()
try:
    ui.sidebar_filters(viewer)
    ui.sidebar_access(viewer)
    page.run()
except StoreFault as fault:
    ui.show_fault(fault)
