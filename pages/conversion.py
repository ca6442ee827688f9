"""Conversion (Laatu): how meetings turn into offers and offers into deals, per seller and team,
and why offers are lost."""

import streamlit as st

from salescoach import charts, ui
from salescoach.metrics import label

filters = ui.filters()
params = filters.params()
ui.page_header(
    "Conversion",
    "The funnel from meetings to offers to won deals, hit rate by count and by value, how many offers "
    "it takes to win one, and why offers are lost.",
    filters,
)

FUNNEL_COLUMNS = [
    "meetings",
    "offers_sent",
    "meeting_to_offer",
    "offers_won",
    "offers_lost",
    "hit_rate",
    "value_hit_rate",
    "offers_per_win",
    "won_value",
    "lost_value",
]

funnel = ui.cached_query("conversion_funnel_by_seller", **params)
sellers = funnel[funnel["level"] == "seller"]
teams = funnel[funnel["level"] == "team"]
everyone = funnel[funnel["level"] == "all"]
activity = everyone[["meetings", "offers_sent", "offers_won", "offers_lost"]].to_numpy().sum()

if funnel.empty or activity == 0:
    ui.empty_state(ui.no_data_message(filters, "meetings or offers"))
else:
    total = everyone.iloc[0]
    columns = st.columns(4)
    for column, name in zip(
        columns, ("hit_rate", "value_hit_rate", "offers_per_win", "meeting_to_offer"), strict=True
    ):
        ui.metric_tile(name, total[name], container=column)

    st.subheader("Funnel: meetings → offers → won")
    st.caption(
        "Meetings done, offers sent and offers won in the period (won by closing date), with each "
        "step as a share of the step before."
    )
    if filters.seller_id:
        ui.show_chart(charts.funnel_chart(sellers, "seller"), key="conversion_funnel_chart")
    else:
        ui.show_chart(
            charts.funnel_chart(teams, "team", colours=ui.team_colours()), key="conversion_funnel_chart"
        )

    st.subheader("Funnel per seller")
    event = ui.show_table(
        sellers,
        {"seller": "Seller", "team": "Team", **{c: label(c) for c in FUNNEL_COLUMNS}},
        key="conversion_sellers",
        file_name="conversion_by_seller",
        on_select="rerun",
    )
    st.caption("Select a seller to open their page.")
    picked = ui.selected_row(event)
    if picked is not None:
        ui.open_seller(str(sellers.iloc[picked]["seller_id"]))

    if not filters.seller_id:
        st.subheader("Funnel per team")
        ui.show_table(
            teams,
            {"team": "Team", **{c: label(c) for c in FUNNEL_COLUMNS}},
            key="conversion_teams",
            file_name="conversion_by_team",
        )

    st.subheader("Hit rate by count and by value")
    st.caption(
        "Won / (won + lost) offers closed in the period, counted and in euros. A value hit rate well "
        "below the count means the big offers are the ones lost."
    )
    ui.show_chart(
        charts.paired_bars_chart(
            sellers,
            "seller",
            {"hit_rate": "By count", "value_hit_rate": "By value"},
            metric="hit_rate",
        ),
        key="conversion_hit_rate_chart",
    )

    st.subheader("Offers needed per win")
    decided = sellers[sellers["offers_per_win"].notna()]
    if decided.empty:
        ui.empty_state("No seller has won an offer in this period, so offers per win is not defined.")
    else:
        ui.show_chart(
            charts.bar_chart(
                decided,
                "seller",
                "offers_per_win",
                colour_by="team",
                colours=ui.team_colours(),
                horizontal=True,
                height=max(240, 34 * len(decided) + 90),
            ),
            key="conversion_offers_per_win_chart",
        )

seller = ui.seller_name(filters.seller_id) if filters.seller_id else None
st.subheader(f"Why offers were lost{f' – {seller}' if seller else ''}")
losses = ui.cached_query("loss_reasons", **params)
if losses.empty:
    ui.empty_state(ui.no_data_message(filters, "lost offers"))
else:
    st.caption("Offers lost in the period (by closing date), by the reason recorded.")
    ui.show_chart(
        charts.bar_chart(
            losses, "loss_reason", "lost_value", horizontal=True, height=max(220, 34 * len(losses) + 90)
        ),
        key="conversion_loss_chart",
    )
    ui.show_table(
        losses,
        {
            "loss_reason": "Loss reason",
            "offers_lost": label("offers_lost"),
            "lost_value": label("lost_value"),
            "share_of_lost_offers": "Share of lost offers",
            "share_of_lost_value": "Share of lost value",
        },
        key="conversion_losses",
        file_name="loss_reasons",
        formats={"share_of_lost_offers": "pct", "share_of_lost_value": "pct"},
    )
