"""Conversion (Laatu): how meetings turn into offers and offers into deals, per seller and team,
and why offers are lost."""

import streamlit as st

from salescoach import charts, ui, views
from salescoach.i18n import t
from salescoach.metrics import label
from salescoach.ui import coaching_loop as coaching_loop_ui
from salescoach.ui import stages

context = ui.page_context()
filters = context.filters
params = filters.params()
ui.page_header(t("conversion.title"), t("conversion.intro"), filters)

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


@st.fragment  # "Every seller" reruns only these charts
def seller_charts(sellers) -> None:
    """Hit rate and offers per win per seller: every seller of a team or two, else the top and
    bottom sellers (or every seller, when asked)."""
    every = ui.every_seller_toggle("conversion_every_seller", len(sellers))
    st.subheader(t("conversion.hit_rate_heading"))
    st.caption(t("conversion.hit_rate_caption"))
    ranked = views.ranking(sellers, "hit_rate", every_seller=every)
    ui.ranking_caption(ranked)
    ui.show_chart(
        charts.paired_bars_chart(
            ranked.frame,
            "seller",
            {"hit_rate": t("conversion.by_count"), "value_hit_rate": t("conversion.by_value")},
            metric="hit_rate",
        ),
        key="conversion_hit_rate_chart",
    )

    st.subheader(t("conversion.offers_per_win"))
    decided = sellers[sellers["offers_per_win"].notna()]
    if decided.empty:
        ui.empty_state(t("conversion.no_wins"))
        return
    ranked = views.ranking(decided, "offers_per_win", every_seller=every)
    ui.ranking_caption(ranked)
    ui.show_chart(
        charts.bar_chart(
            ranked.frame,
            "seller",
            "offers_per_win",
            colour_by="team",
            colours=ui.team_colours(context.viewer),
            horizontal=True,
            height=max(240, 34 * len(ranked.frame) + 90),
        ),
        key="conversion_offers_per_win_chart",
    )


funnel = ui.cached_query("conversion_funnel_by_seller", **params)
sellers = funnel[funnel["level"] == "seller"]
teams = funnel[funnel["level"] == "team"]
everyone = funnel[funnel["level"] == "all"]
activity = everyone[["meetings", "offers_sent", "offers_won", "offers_lost"]].to_numpy().sum()

if funnel.empty or activity == 0:
    ui.empty_state(ui.no_data_message(context, t("nodata.what.meetings_or_offers")))
else:
    total = everyone.iloc[0]
    columns = st.columns(4)
    for column, name in zip(
        columns, ("hit_rate", "value_hit_rate", "offers_per_win", "meeting_to_offer"), strict=True
    ):
        ui.metric_tile(name, total[name], container=column)

    st.subheader(t("conversion.funnel"))
    st.caption(t("conversion.funnel_caption"))
    if filters.seller_id:
        ui.show_chart(charts.funnel_chart(sellers, "seller"), key="conversion_funnel_chart")
    elif views.funnel_level(len(teams)) == "all":  # a funnel per team is a funnel a colour
        st.caption(t("scale.funnel_all", teams=len(teams)))
        whole = t("sidebar.all_teams") if context.viewer.sees_every_team else t("sidebar.all_my_teams")
        ui.show_chart(charts.funnel_chart(everyone.assign(team=whole), "team"), key="conversion_funnel_chart")
    else:
        ui.show_chart(
            charts.funnel_chart(teams, "team", colours=ui.team_colours(context.viewer)),
            key="conversion_funnel_chart",
        )

    st.subheader(t("conversion.per_seller"))
    event = ui.show_table(
        sellers,
        {"seller": t("col.seller"), "team": t("col.team"), **{c: label(c) for c in FUNNEL_COLUMNS}},
        key="conversion_sellers",
        on_pick=ui.seller_opener(context),
        file_name=t("conversion.per_seller_file"),
        on_select="rerun",
    )
    st.caption(t("common.select_seller"))
    picked = ui.selected_row(event, sellers)
    if picked is not None:
        ui.open_seller(context, str(picked["seller_id"]))

    if not filters.seller_id:
        st.subheader(t("conversion.per_team"))
        ui.show_table(
            teams,
            {"team": t("col.team"), **{c: label(c) for c in FUNNEL_COLUMNS}},
            key="conversion_teams",
            file_name=t("conversion.per_team_file"),
        )

    seller_charts(sellers)

# -- below the funnel: one section at a time (only the open tab's queries, tables and charts run)
lost_tab, stages_tab, cycle_tab, ladder_tab = ui.lazy_tabs(
    [t("conversion.why_lost"), t("stages.heading"), t("stages.cycle_heading"), t("conversion.tab.ladder")],
    key="conversion_section",
)
if lost_tab.open:
    with lost_tab:
        seller = (
            ui.escape_markdown(ui.seller_name(context.viewer, filters.seller_id))
            if filters.seller_id
            else None
        )
        st.subheader(t("conversion.why_lost") + (f" – {seller}" if seller else ""))
        losses = ui.cached_query("loss_reasons", **params)
        if losses.empty:
            ui.empty_state(ui.no_data_message(context, t("nodata.what.lost_offers")))
        else:
            st.caption(t("conversion.why_lost_caption"))
            ui.show_chart(
                charts.bar_chart(
                    losses,
                    "loss_reason",
                    "lost_value",
                    horizontal=True,
                    height=max(220, 34 * len(losses) + 90),
                ),
                key="conversion_loss_chart",
            )
            ui.show_table(
                losses,
                {
                    "loss_reason": t("col.loss_reason"),
                    "offers_lost": label("offers_lost"),
                    "lost_value": label("lost_value"),
                    "share_of_lost_offers": label("share_of_lost_offers"),
                    "share_of_lost_value": label("share_of_lost_value"),
                },
                key="conversion_losses",
                file_name=t("conversion.losses_file"),
                formats={"share_of_lost_offers": "pct", "share_of_lost_value": "pct"},
            )

if stages_tab.open:  # sales stages and stalled offers (salescoach/ui/stages.py)
    with stages_tab:
        stages.stages_section(context)
if cycle_tab.open:
    with cycle_tab:
        stages.sales_cycle_section(context)
if ladder_tab.open:  # the customer ladder: prospects -> customers -> regular customers
    with ladder_tab:
        coaching_loop_ui.ladder_section(context)
