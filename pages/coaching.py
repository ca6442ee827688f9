"""Coaching notes: every 1:1 note with search and filters, and lost-offer post-mortems per loss reason."""

import datetime as dt

import streamlit as st

from salescoach import coaching, coaching_ui, ui

filters = ui.filters()
coach = ui.cached_reads()  # this page only reads: every query cached on the data version
today = dt.date.today()
ui.page_header(
    "Coaching notes",
    "Every 1:1 note in GROW form with its agreed actions, and what the lost offers teach us. "
    "Write notes on the seller page.",
    filters,
)

notes_tab, reviews_tab = st.tabs(["1:1 notes", "Lost offers by loss reason"])

with notes_tab:
    if ui.presentation_mode():
        st.caption("Presentation mode: note text is hidden; the counts per seller are shown.")
        counts = coaching.overdue_actions_by_seller(coach, as_of=today)
        if filters.team:
            counts = counts[counts["team"] == filters.team]
        ui.show_table(
            counts,
            {
                "seller": "Seller",
                "team": "Team",
                "notes": "1:1 notes",
                "last_note_on": "Last 1:1",
                "open_actions": "Open actions",
                "overdue_actions": "Overdue actions",
            },
            key="coaching_counts",
            formats={"notes": "count", "open_actions": "count", "overdue_actions": "count"},
            highlight=(counts["overdue_actions"] > 0).tolist(),
            download=False,
        )
    else:
        search = st.columns([3, 2, 2])
        text = search[0].text_input(
            "Search the notes",
            placeholder="Words in Goal, Reality, Options or Will",
            key="coaching_search",
        )
        authors = coaching.note_authors(coach)
        author = search[1].selectbox(
            "Author", authors, index=None, placeholder="Any author", key="coaching_author"
        )
        held = search[2].date_input(
            "Held between",
            value=(),
            format="DD.MM.YYYY",
            min_value=dt.date(2000, 1, 1),
            max_value=dt.date(2100, 12, 31),
            key="coaching_held",
            help="Leave empty for all dates.",
        )
        options = st.columns([2, 2, 3])
        open_only = options[0].toggle("Only notes with open actions", key="coaching_open_only")
        include_private = options[1].toggle("Include private notes", value=True, key="coaching_private")
        date_from = held[0] if len(held) > 0 else None
        date_to = held[1] if len(held) > 1 else date_from
        found = coaching.search_notes(
            coach,
            text=text,
            team=filters.team,
            seller_id=filters.seller_id,
            author=author,
            date_from=date_from,
            date_to=date_to,
            open_actions_only=open_only,
            include_private=include_private,
            as_of=today,
        )
        whom = (
            f" for {ui.seller_name(filters.seller_id)}"
            if filters.seller_id
            else (f" in team {filters.team}" if filters.team else "")
        )
        options[2].caption(
            f"{len(found)} notes{whom}, {int(found['open_actions'].sum())} open actions, "
            f"{int(found['overdue_actions'].sum())} overdue. Team and seller come from the sidebar."
        )
        if found.empty:
            ui.empty_state("No notes match. Clear the search or pick another author, dates, team or seller.")
        else:
            ui.show_table(
                found,
                {
                    "held_on": "Date",
                    "seller": "Seller",
                    "team": "Team",
                    "author": "Author",
                    "private": "Private",
                    "goal": "Goal",
                    "will": "Will",
                    "actions": "Actions",
                    "open_actions": "Open",
                    "overdue_actions": "Overdue",
                },
                key="coaching_notes",
                formats={"actions": "count", "open_actions": "count", "overdue_actions": "count"},
                highlight=(found["overdue_actions"] > 0).tolist(),
                file_name="coaching-notes",
                height=min(420, 38 + 35 * len(found)),
            )
            coaching_ui.read_note_picker(coach, found, today)

with reviews_tab:
    coaching_ui.loss_reason_reviews(coach, filters, presentation=ui.presentation_mode())
