"""Sales-coaching dashboard: `streamlit run app.py` (see README).

The entrypoint draws what every page shares (the filters in the sidebar, kept in the
URL) and then runs the page picked in the navigation. Each page's url_path is its file
stem, so `/seller?seller=S01` is a stable, shareable link.
"""

import streamlit as st

from salescoach import ui
from salescoach.i18n import t

st.set_page_config(
    page_title=t("app.title"),
    page_icon=":material/insights:",
    layout="wide",
    # On the shared screen of a review (?present=1) the page gets the whole width.
    initial_sidebar_state="collapsed" if ui.presentation_mode() else "auto",
)

page = st.navigation(
    [
        st.Page(spec.file, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=index == 0)
        for index, spec in enumerate(ui.available_pages())
    ]
)
ui.sidebar_filters()
page.run()
