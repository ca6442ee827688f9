"""Coaching notes: every 1:1 note with search and filters, and lost-offer post-mortems per loss reason."""

import datetime as dt

import streamlit as st

from salescoach import coaching, ui
from salescoach.i18n import t
from salescoach.ui import coaching as coaching_ui
from salescoach.ui import coaching_loop as coaching_loop_ui
from salescoach.ui import post_mortems

context = ui.page_context()
filters = context.filters
coach = ui.cached_reads()  # this page only reads: every query cached on the data version
today = dt.date.today()
ui.page_header(t("coaching_page.title"), t("coaching_page.intro"), filters)

notes_tab, reviews_tab = st.tabs([t("coaching.tab.notes"), t("coaching_page.tab.reasons")])

with notes_tab:
    st.subheader(t("loop.status_heading"))
    coaching_loop_ui.status_table(context, key="coaching_status")
    st.divider()
    if context.presentation:
        st.caption(t("coaching_page.presentation"))
        counts = coaching.overdue_actions_by_seller(coach, as_of=today)
        counts = filters.in_teams(counts)
        ui.show_table(
            counts,
            {
                "seller": t("col.seller"),
                "team": t("col.team"),
                "notes": t("coaching.tab.notes"),
                "last_note_on": t("coaching_page.col.last_note"),
                "open_actions": t("coaching_page.col.open_actions"),
                "overdue_actions": t("coaching_page.col.overdue_actions"),
            },
            key="coaching_counts",
            formats={"notes": "count", "open_actions": "count", "overdue_actions": "count"},
            highlight=(counts["overdue_actions"] > 0).tolist(),
            download=False,
        )
    else:
        search = st.columns([3, 2, 2])
        text = search[0].text_input(
            t("coaching_page.search"),
            placeholder=t("coaching_page.search_placeholder"),
            key="coaching_search",
        )
        authors = coaching_ui.note_authors(coach, context)
        author = search[1].selectbox(
            t("coaching.author"),
            authors,
            index=None,
            placeholder=t("coaching_page.any_author"),
            key="coaching_author",
        )
        held = search[2].date_input(
            t("coaching_page.held_between"),
            value=(),
            key="coaching_held",
            help=t("coaching_page.held_between_help"),
            **ui.date_limits(),
        )
        options = st.columns([2, 2, 3])
        open_only = options[0].toggle(t("coaching_page.open_only"), key="coaching_open_only")
        include_private = options[1].toggle(
            t("coaching_page.include_private"), value=True, key="coaching_private"
        )
        date_from = held[0] if len(held) > 0 else None
        date_to = held[1] if len(held) > 1 else date_from
        found = coaching.search_notes(
            coach,
            text=text,
            teams=filters.teams,
            seller_id=filters.seller_id,
            author=author,
            date_from=date_from,
            date_to=date_to,
            open_actions_only=open_only,
            include_private=include_private,
            as_of=today,
            # "All my teams": also the director's own notes on sellers now in other teams
            written_by=coaching_ui.own_notes_of(context.viewer) if filters.team is None else None,
        )
        found = ui.visible_notes(context.viewer, found)  # private notes: only their author and admins
        whom = (
            t(
                "nodata.for_seller",
                seller=ui.escape_markdown(ui.seller_name(context.viewer, filters.seller_id)),
            )
            if filters.seller_id
            else (t("coaching.in_team", team=ui.escape_markdown(filters.team)) if filters.team else "")
        )
        options[2].caption(
            t(
                "coaching_page.found",
                notes=len(found),
                whom=whom,
                open=int(found["open_actions"].sum()),
                overdue=int(found["overdue_actions"].sum()),
            )
        )
        if found.empty:
            ui.empty_state(t("coaching_page.none_found"))
        else:
            table = ui.show_table(
                found,
                {
                    "held_on": t("col.date"),
                    "seller": t("col.seller"),
                    "team": t("col.team"),
                    "author": t("coaching.author"),
                    "private": t("coaching.private"),
                    "goal": t("coaching.grow.goal"),
                    "will": t("coaching.grow.will"),
                    "actions": t("coaching_page.col.actions"),
                    "open_actions": t("coaching.badge.open"),
                    "overdue_actions": t("coaching.badge.overdue"),
                },
                key="coaching_notes",
                formats={"actions": "count", "open_actions": "count", "overdue_actions": "count"},
                highlight=(found["overdue_actions"] > 0).tolist(),
                file_name=t("coaching_page.file"),
                height=min(420, 38 + 35 * len(found)),
                page_in_fragment=False,  # the note picker below lists the notes of the page shown
            )
            coaching_ui.read_note_picker(coach, context, found.iloc[table.shown], today)

with reviews_tab:
    post_mortems.loss_reason_reviews(coach, context)
