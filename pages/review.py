"""Team review: the weekly review's agenda (the team, one screen per seller, the team's agreed
actions), prepared here with its PDF, or shown on the shared screen one step at a time
(`?present=1`): salescoach/ui/review.py draws it from salescoach/review.py."""

import streamlit as st

from salescoach import ui
from salescoach.i18n import t
from salescoach.ui import review as review_ui

context = ui.page_context()
agenda = review_ui.current_review(context)
if context.presentation:
    review_ui.in_the_room(agenda)
    st.stop()
ui.page_header(t("review.prepare"), t("review.prepare_intro"), context.filters)
review_ui.prepare(agenda)
