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
| `data` | the one database (`get_coach`), cached queries and scorecards, the sellers and teams a viewer may see |
| `login` | who is looking: login, the roles file, the access screen, the sidebar's login line |
| `context` | `PageContext`: the viewer and filters of one run, handed to what needs them |
| `url` | the filters' widget keys and their sync with the URL; presentation mode |
| `sidebar` | the sidebar filters (`sidebar_filters`, `page_context`) and the in-page seller picker |
| `drill` | drill-down to the seller page and the review's step through the sellers |
| `scorecard` | the scorecard as pages read it: the filters' rows, team totals and medians, the seller page's numbers |
| `layout` | page header, empty state, KPI tiles, charts |
| `tables` | formatted tables, one page of rows at a time, and their CSV |
| `scale` | views that summarise many sellers: the "Every seller" switch and what a summary shows |
| `text` | data shown as text: Markdown escaping, dates and periods written out |
| `coaching` | the seller page's 1:1 notes section and the coaching page's note reader |
| `note_form` | the 1:1 note form (new or edit, with its agreed actions) |
| `post_mortems` | lost offers' post-mortems: the seller's review forms, reviews per loss reason |
| `coaching_state` | `CoachingState`: what the coaching section remembers between runs, per seller |

Pure logic lives outside this package, without Streamlit: the periods and `Filters` in
`salescoach.periods`, who may see what in `salescoach.access`, the seller page's periods in
`salescoach.seller_view`, which level a view of many sellers shows and which rows a table page
holds in `salescoach.views`.
"""

from salescoach.access import visible_notes
from salescoach.periods import Filters
from salescoach.ui.context import PageContext
from salescoach.ui.data import (
    cached_query,
    cached_reads,
    cached_scorecard,
    cached_scorecards,
    data_version,
    get_coach,
    latest_data_date,
    seller_name,
    seller_names,
    sellers,
    teams,
)
from salescoach.ui.drill import open_seller, review_step, seller_link
from salescoach.ui.layout import (
    empty_state,
    metric_tile,
    no_data_message,
    page_header,
    show_chart,
    team_colours,
)
from salescoach.ui.login import access_screen, current_viewer, sidebar_access
from salescoach.ui.pages import visible_pages
from salescoach.ui.scale import every_seller_toggle, grid_caption, ranking_caption
from salescoach.ui.scorecard import (
    review_sellers,
    scorecard_rows,
    seller_numbers,
    team_medians,
    team_scorecard,
)
from salescoach.ui.sidebar import page_context, seller_picker, sidebar_filters
from salescoach.ui.tables import selected_row, show_table
from salescoach.ui.text import escape_markdown, format_date, format_span, quarter_name
from salescoach.ui.url import presentation_mode

__all__ = [
    "Filters",
    "PageContext",
    "access_screen",
    "cached_query",
    "cached_reads",
    "cached_scorecard",
    "cached_scorecards",
    "current_viewer",
    "data_version",
    "empty_state",
    "escape_markdown",
    "every_seller_toggle",
    "format_date",
    "format_span",
    "get_coach",
    "grid_caption",
    "latest_data_date",
    "metric_tile",
    "no_data_message",
    "open_seller",
    "page_context",
    "page_header",
    "presentation_mode",
    "quarter_name",
    "ranking_caption",
    "review_sellers",
    "review_step",
    "scorecard_rows",
    "team_scorecard",
    "seller_link",
    "seller_name",
    "seller_names",
    "seller_numbers",
    "seller_picker",
    "sellers",
    "selected_row",
    "show_chart",
    "show_table",
    "sidebar_access",
    "sidebar_filters",
    "team_colours",
    "team_medians",
    "teams",
    "visible_notes",
    "visible_pages",
]
