"""The page kit: what the Streamlit pages are built from, one module per job.

Every page starts with::

    from salescoach import ui

    context = ui.page_context()       # who is looking and the sidebar's filters (kept in the URL)
    filters = context.filters
    ui.page_header("Activity", "What happens each week ...", filters)
    frame = ui.cached_query("weekly_activity_by_seller", **filters.params())
    if frame.empty:
        ui.empty_state(ui.no_data_message(context, "activities"))
    else:
        ui.show_table(frame, ["week", "seller", "meetings"], key="weekly_activity")

The names below are the pages' vocabulary, each defined in its module:

| module | what it holds |
|---|---|
| `pages` | the page registry (`PAGES`, `visible_pages`) |
| `data` | the two stores (`get_coach`), the per-run version check (`begin_run`), cached queries and scorecards, store faults on the page (`show_fault`), the sellers and teams a viewer may see |
| `login` | who is looking: login, the roles file, the access screen, the sidebar's login line |
| `context` | `PageContext`: the viewer and filters of one run, handed to what needs them |
| `url` | the filters' widget keys and their sync with the URL, the dates a filter can hold (`DATE_RANGE`, `date_limits`); presentation mode |
| `sidebar` | the sidebar filters (`sidebar_filters`, `page_context`) and the in-page seller picker |
| `drill` | drill-down to the seller page (not a filter of other pages), the review's step through the sellers, the seller-filter notice |
| `attention` | the attention list on a page: who needs the director now and why (`salescoach.attention`) |
| `scorecard` | the scorecard as pages read it: the filters' rows, team totals and medians, the seller page's numbers |
| `layout` | page header (with the partial-period and seller-filter notices), empty state, KPI tiles, charts |
| `tables` | formatted tables, one page of rows at a time, and their CSV |
| `scale` | views that summarise many sellers: the "Every seller" switch and what a summary shows |
| `text` | data shown as text: `escape_markdown` (every Markdown surface), `option_label` (selectbox options), dates and periods written out |
| `coaching` | the seller page's 1:1 notes section and the coaching page's note reader |
| `note_form` | the 1:1 note form (new or edit, with its agreed actions) |
| `post_mortems` | lost offers' post-mortems: the seller's review forms, reviews per loss reason |
| `coaching_state` | `CoachingState`: what the coaching section remembers between runs, per seller |
| `changes` | pipeline memory: since the last review, since the last 1:1, coverage as it stood on a past day |
| `stages` | the conversion page's sales stages, stalled offers and sales cycle |

Pure logic lives outside this package, without Streamlit: the periods and `Filters` in
`salescoach.periods`, who may see what in `salescoach.access`, the seller page's periods in
`salescoach.seller_view`, who needs attention in `salescoach.attention`, which level a view of
many sellers shows and which rows a table page holds in `salescoach.views`.
"""

from salescoach.access import visible_notes
from salescoach.charts import TrendPanel
from salescoach.periods import Filters
from salescoach.ui.attention import attention_rows, show_attention
from salescoach.ui.context import PageContext
from salescoach.ui.data import (
    begin_run,
    cached_query,
    cached_reads,
    cached_scorecard,
    cached_scorecards,
    clear_cached_reads,
    data_version,
    get_coach,
    latest_data_date,
    run_versions,
    seller_name,
    seller_names,
    sellers,
    show_fault,
    teams,
)
from salescoach.ui.drill import open_seller, review_step, seller_filter_notice, seller_link, seller_opener
from salescoach.ui.layout import (
    empty_state,
    lazy_tabs,
    metric_tile,
    no_data_message,
    page_header,
    partial_title,
    show_chart,
    team_colours,
)
from salescoach.ui.login import access_screen, current_viewer, sidebar_access
from salescoach.ui.pages import visible_pages
from salescoach.ui.scale import every_seller_toggle, grid_caption, need_chart, ranking_caption
from salescoach.ui.scorecard import (
    QUARTER_PIPELINE_COLUMNS,
    review_sellers,
    scorecard_rows,
    seller_numbers,
    seller_trend_grid,
    team_medians,
    team_scorecard,
)
from salescoach.ui.sidebar import page_context, seller_picker, sidebar_filters
from salescoach.ui.tables import selected_row, show_table
from salescoach.ui.text import (
    Markdown,
    escape_markdown,
    format_date,
    format_span,
    option_label,
    quarter_name,
)
from salescoach.ui.url import DATE_RANGE, date_limits, presentation_mode

__all__ = [
    "QUARTER_PIPELINE_COLUMNS",
    "DATE_RANGE",
    "Filters",
    "Markdown",
    "PageContext",
    "access_screen",
    "lazy_tabs",
    "begin_run",
    "attention_rows",
    "cached_query",
    "clear_cached_reads",
    "cached_reads",
    "cached_scorecard",
    "cached_scorecards",
    "current_viewer",
    "data_version",
    "date_limits",
    "empty_state",
    "escape_markdown",
    "every_seller_toggle",
    "need_chart",
    "format_date",
    "format_span",
    "get_coach",
    "grid_caption",
    "latest_data_date",
    "metric_tile",
    "no_data_message",
    "open_seller",
    "seller_opener",
    "option_label",
    "page_context",
    "page_header",
    "partial_title",
    "presentation_mode",
    "quarter_name",
    "ranking_caption",
    "review_sellers",
    "review_step",
    "run_versions",
    "scorecard_rows",
    "team_scorecard",
    "seller_filter_notice",
    "seller_link",
    "seller_name",
    "seller_names",
    "seller_numbers",
    "seller_trend_grid",
    "TrendPanel",
    "seller_picker",
    "sellers",
    "selected_row",
    "show_attention",
    "show_chart",
    "show_fault",
    "show_table",
    "sidebar_access",
    "sidebar_filters",
    "team_colours",
    "team_medians",
    "teams",
    "visible_notes",
    "visible_pages",
]
