"""The sidebar filters (period, team, seller, presentation mode, language), kept in the URL.

app.py calls `sidebar_filters(viewer)` once per run before the page (widgets in the entrypoint
keep their state across pages); it stores the run's `PageContext`, which pages take with
`page_context()`. A director's "all" is "All my teams": every query of every page is bound to
the teams they manage (those in the data), or to the one of them they pick.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from salescoach import i18n
from salescoach.access import Viewer
from salescoach.i18n import t
from salescoach.periods import (
    DEFAULT_PERIOD,
    LAST_FULL,
    PERIOD_KINDS,
    Filters,
    default_reference_date,
    make_filters,
    period_bounds,
)
from salescoach.ui import data, login, url
from salescoach.ui.context import PageContext
from salescoach.ui.drill import DRILLED
from salescoach.ui.text import Markdown, escape_markdown, format_date, format_span, option_label
from salescoach.ui.url import (
    ALL,
    DATE_RANGE,
    KEY_DATE,
    KEY_FROM,
    KEY_LANG,
    KEY_PERIOD,
    KEY_PRESENT,
    KEY_SELLER,
    KEY_TEAM,
    KEY_TO,
    URL_NAMES,
    DateNote,
    clamp_date,
    date_limits,
)

_CONTEXT = "_salescoach_page_context"
_SAFE_ID = re.compile(r"[\w.-]{1,40}")  # a seller id shown back to the user only when it looks like one
_PRESENTATION_CSS = """
<style>
html { font-size: 20px; }
[data-testid="stMetricValue"] { font-size: 2.4rem; }
[data-testid="stSidebar"] { font-size: 16px; }
h1 { font-size: 2.6rem !important; }
</style>
"""


@dataclass(frozen=True)
class _Visible:
    """What the viewer may pick from: the sellers and teams in the data they may see."""

    viewer: Viewer
    sellers: pd.DataFrame
    teams: list[str]

    @property
    def restricted(self) -> bool:
        return not self.viewer.sees_every_team

    @property
    def names(self) -> Mapping[str, str]:
        return data.seller_names(self.viewer)


@dataclass(frozen=True)
class _Period:
    kind: str
    reference: dt.date | None
    custom_from: dt.date | None
    custom_to: dt.date | None


def current_context() -> PageContext | None:
    """This run's `PageContext` once the sidebar has drawn it (None before, or outside a page)."""
    stored = st.session_state.get(_CONTEXT)
    return stored if stored is not None and url.drawn_this_run(KEY_PERIOD) else None


def page_context() -> PageContext:
    """This run's viewer and filters: drawn once by app.py before the page; drawn here when a
    page runs alone (then a visitor who may not look sees only the access screen)."""
    stored = st.session_state.get(_CONTEXT)
    if stored is not None and url.drawn_this_run(KEY_PERIOD):
        return stored
    if _ran_without_the_entrypoint():
        st.rerun()  # the same URL again, now through app.py
    viewer = login.current_viewer()
    if viewer is None:
        login.access_screen()
        st.stop()
    return sidebar_filters(viewer)


def _ran_without_the_entrypoint() -> bool:
    """Whether Streamlit ran this page file alone because the process is still in its old
    multipage mode (a `pages/` folder beside app.py, and no `st.navigation` call yet in this
    process): the first deep link (`/seller?seller=S01`) to a fresh server skipped app.py, and
    its sidebar listed the file names ("app", "import data", ...). The process is switched to
    app.py's navigation, as its first `st.navigation` call would do, and the run starts again
    (once per server process). AppTest starts every run in that mode and a rerun would drop
    its clicks: a run without a browser's request headers (AppTest) is left as it is."""
    from streamlit.runtime.pages_manager import PagesManager

    if not PagesManager.uses_pages_directory or not st.context.headers:
        return False
    PagesManager.uses_pages_directory = False
    return True


def sidebar_filters(viewer: Viewer) -> PageContext:
    """Draw the sidebar filters for `viewer` and return (and store) this run's `PageContext`."""
    data.looking(viewer)
    latest = data.latest_data_date()
    visible = _Visible(viewer, data.sellers(viewer), data.teams(viewer))
    if visible.restricted and not visible.teams:
        st.warning(
            t("access.no_data_for_teams", teams=escape_markdown(", ".join(sorted(viewer.teams or ())))),
            icon=":material/info:",
        )
        st.stop()
    defaults = _defaults(latest)
    date_notes = _settle_state(defaults)
    _forget_drilled_seller()
    denied_seller = _drop_denied_seller(visible)
    unknown_team = _drop_unknown_team(visible, defaults[KEY_TEAM])
    if denied_seller is not None:
        shown = escape_markdown(denied_seller) if _SAFE_ID.fullmatch(str(denied_seller)) else None
        st.error(
            t("access.seller_no_access", seller=shown) if shown else t("access.seller_no_access_unnamed"),
            icon=":material/block:",
        )
    st.sidebar.header(t("sidebar.filters"))
    period = _period_widgets()
    _date_notes(date_notes, latest)
    team = _team_widget(visible, unknown_team)
    seller, unknown_seller = _seller_widget(visible, team)
    present, language = _mode_widgets(latest)
    filters = make_filters(
        period.kind,
        period.reference or defaults[KEY_DATE],
        latest,
        team=None if team == ALL else team,
        teams=tuple(visible.teams) if visible.restricted else None,  # a picked team overrides it
        seller_id=None if seller == ALL else seller,
        custom_from=period.custom_from,
        custom_to=period.custom_to,
    )
    if unknown_seller:
        filters = Filters(**{**filters.__dict__, "unknown_seller": unknown_seller})
    shared = url.write_url(_widget_values(period, team, seller, present, language), defaults)
    context = PageContext(viewer=viewer, filters=filters, presentation=present, url=shared)
    st.session_state[_CONTEXT] = context
    if present:
        st.html(_PRESENTATION_CSS)  # a constant stylesheet, no user data
    return context


def _defaults(latest: dt.date | None) -> dict[str, object]:
    """Each filter widget's value when the URL does not say: the quarter to date of the latest data
    (of the last day the date pickers hold, when the data reaches beyond `DATE_RANGE`)."""
    reference = clamp_date(default_reference_date(latest))
    default_from, default_to = (clamp_date(day) for day in period_bounds(DEFAULT_PERIOD, reference, latest))
    return {
        KEY_PERIOD: DEFAULT_PERIOD,
        KEY_DATE: reference,
        KEY_FROM: default_from,
        KEY_TO: default_to,
        KEY_TEAM: ALL,
        KEY_SELLER: ALL,
        KEY_PRESENT: False,
        KEY_LANG: i18n.session_default_language(),
    }


def _settle_state(defaults: Mapping[str, object]) -> list[DateNote]:
    """The widgets' values before they are drawn: from the URL when it changed, else as they were.
    Returns the notes on URL dates that were replaced."""
    notes = url.adopt_url(defaults)
    for key, value in defaults.items():
        # Re-assigning a widget's own value keeps it when the widget's identity changes
        # (the documented way to keep widget values across pages; AppTest needs it too).
        st.session_state[key] = st.session_state[key] if key in st.session_state else value
    for key in (KEY_DATE, KEY_FROM, KEY_TO):  # a date picker refuses a day outside its limits
        if isinstance(st.session_state[key], dt.date):
            st.session_state[key] = clamp_date(st.session_state[key])
    i18n.set_run_language(st.session_state[KEY_LANG])  # the URL may have changed it
    return notes


def _date_notes(notes: list[DateNote], latest: dt.date | None) -> None:
    """Under the period: each URL date replaced, and data that reaches beyond the date pickers."""
    for note in notes:
        st.sidebar.warning(note.text(), icon=":material/event_busy:")
    if latest is not None and clamp_date(latest) != latest:
        st.sidebar.warning(_beyond_range(latest), icon=":material/event_busy:")


def _beyond_range(latest: dt.date) -> Markdown:
    return t(
        "sidebar.data_outside_range",
        date=format_date(latest),
        span=format_span(*DATE_RANGE),
        shown=format_date(clamp_date(latest)),
    )


def _forget_drilled_seller() -> None:
    """A seller opened from a list is the seller page's, not a filter (`drill.open_seller`): once
    the URL no longer names them (the navigation to another page drops it), every seller shows
    again. A seller chosen since then is whatever filter it is."""
    drilled = st.session_state.get(DRILLED)
    if drilled is None:
        return
    if st.session_state[KEY_SELLER] != drilled:
        st.session_state.pop(DRILLED, None)
    elif url.page_changed() and st.query_params.get(URL_NAMES[KEY_SELLER]) != drilled:
        st.session_state[KEY_SELLER] = ALL
        st.session_state.pop(DRILLED, None)


def _seller_chosen_in_sidebar() -> None:
    st.session_state.pop(DRILLED, None)  # picked here: a filter of every page


def _drop_denied_seller(visible: _Visible) -> str | None:
    """A director's link to another team's seller (or to no such seller) opens every seller:
    the same answer either way, so ids cannot be probed. Returns the id refused."""
    chosen = st.session_state[KEY_SELLER]
    if visible.restricted and chosen != ALL and chosen not in visible.names:
        st.session_state[KEY_SELLER] = ALL
        return chosen
    return None


def _drop_unknown_team(visible: _Visible, fallback: str) -> str | None:
    """A link with a team not the viewer's (or not in the data) opens all (a director's: all theirs).
    Returns the team asked for."""
    asked = st.session_state[KEY_TEAM]
    if asked not in [ALL, *visible.teams]:
        st.session_state[KEY_TEAM] = fallback
        return asked
    return None


def _period_widgets() -> _Period:
    """The period kind and the day it holds (or the custom range)."""
    sidebar = st.sidebar
    kind = sidebar.selectbox(
        t("sidebar.period"),
        list(PERIOD_KINDS),
        format_func=lambda kind: t(f"period.kind.{kind}"),
        key=KEY_PERIOD,
    )
    if kind == "custom":
        left, right = sidebar.columns(2)
        custom_from = left.date_input(t("sidebar.from"), key=KEY_FROM, **date_limits())
        custom_to = right.date_input(t("sidebar.to"), key=KEY_TO, **date_limits())
        return _Period(kind, st.session_state[KEY_DATE], custom_from, custom_to)
    if kind in LAST_FULL:  # the last whole month or quarter of the data: no day to pick
        sidebar.caption(t(f"sidebar.{kind}_help"))
        return _Period(kind, st.session_state[KEY_DATE], st.session_state[KEY_FROM], st.session_state[KEY_TO])
    reference = sidebar.date_input(
        t("sidebar.period_containing"),
        key=KEY_DATE,
        help=t("sidebar.period_containing_help"),
        **date_limits(),
    )
    return _Period(kind, reference, st.session_state[KEY_FROM], st.session_state[KEY_TO])


def _team_widget(visible: _Visible, unknown_team: str | None) -> str:
    """The team picker (ALL: every team the viewer may see), with a note on a team the link asked for."""
    sidebar = st.sidebar
    all_label = t("sidebar.all_my_teams") if visible.restricted else t("sidebar.all_teams")
    team = sidebar.selectbox(
        t("sidebar.team"),
        [ALL, *visible.teams],
        format_func=lambda name: all_label if name == ALL else option_label(name),
        key=KEY_TEAM,
    )
    if unknown_team and visible.restricted:
        shown = all_label if team == ALL else team
        sidebar.warning(
            t("sidebar.team_no_access", team=escape_markdown(unknown_team), shown=escape_markdown(shown))
        )
    elif unknown_team:
        sidebar.warning(t("sidebar.unknown_team", team=escape_markdown(unknown_team)))
    return team


def _seller_widget(visible: _Visible, team: str) -> tuple[str, str | None]:
    """The seller picker of the picked team; returns the seller and an id from the URL not in the data."""
    options = _seller_options(visible, team)
    unknown_seller = None
    chosen = st.session_state[KEY_SELLER]
    if chosen != ALL and chosen not in options:
        if chosen not in visible.names:
            unknown_seller = chosen
        st.session_state[KEY_SELLER] = ALL
    # A label per option looked up, not made: format_func is called twice per option.
    labels = {ALL: t("sidebar.all_sellers"), **options}
    seller = st.sidebar.selectbox(
        t("sidebar.seller"),
        list(labels),
        format_func=labels.__getitem__,
        key=KEY_SELLER,
        on_change=_seller_chosen_in_sidebar,
    )
    return seller, unknown_seller


def _seller_options(visible: _Visible, team: str) -> dict[str, str]:
    """Seller id → picker label ("Aino Laine (left)") of the picked team's sellers, in the
    pages' order: made once per data version, viewer, team and language, not for 500 sellers on
    every rerun."""

    def make() -> dict[str, str]:
        everyone = visible.sellers
        in_team = everyone if team == ALL else everyone[everyone["team"] == team]
        left = t("sidebar.left")
        rows = zip(in_team["seller_id"], in_team["seller"], in_team["active"], strict=True)
        return {
            seller_id: f"{option_label(name)}{'' if active else left}" for seller_id, name, active in rows
        }

    return data.cached_derived(
        "sidebar.seller_options", (visible.viewer, team, i18n.current_language()), make, dict
    )


def _mode_widgets(latest: dt.date | None) -> tuple[bool, str]:
    """Presentation mode and language, then how far the data reaches."""
    sidebar = st.sidebar
    sidebar.divider()
    present = sidebar.toggle(
        t("sidebar.presentation"),
        key=KEY_PRESENT,
        help=t("sidebar.presentation_help"),
    )
    language = sidebar.selectbox(
        t("language.label"), list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get, key=KEY_LANG
    )
    i18n.set_run_language(language)
    if latest is not None:
        sidebar.caption(t("sidebar.data_up_to", date=format_date(latest)))
    else:
        sidebar.caption(t("sidebar.empty"))
    return present, language


def _widget_values(
    period: _Period, team: str, seller: str, present: bool, language: str
) -> dict[str, object]:
    """The widget values the URL keeps (a custom range's days, else the day the period holds)."""
    custom = period.kind == "custom"
    return {
        KEY_PERIOD: period.kind,
        KEY_DATE: None if custom or period.kind in LAST_FULL else period.reference,
        KEY_FROM: period.custom_from if custom else None,
        KEY_TO: period.custom_to if custom else None,
        KEY_TEAM: team,
        KEY_SELLER: seller,
        KEY_PRESENT: present,
        KEY_LANG: language,
    }


def _picked_seller(key: str) -> None:
    st.session_state[KEY_SELLER] = st.session_state[key] or ALL
    st.session_state[DRILLED] = st.session_state[KEY_SELLER]  # the page's seller, not a filter


def seller_picker(context: PageContext, key: str, label_text: Markdown | None = None) -> None:
    """A seller picker in the page (for a page that needs one seller); it sets the sidebar's seller."""
    frame = context.filters.in_teams(data.sellers(context.viewer))
    names = dict(zip(frame["seller_id"], frame["seller"], strict=True))
    active = dict(zip(frame["seller_id"], frame["active"], strict=True))
    st.selectbox(
        label_text or t("picker.seller"),
        list(names),
        index=None,
        format_func=lambda sid: f"{option_label(names[sid])}{'' if active[sid] else t('sidebar.left')}",
        placeholder=t("picker.seller_placeholder"),
        key=key,
        on_change=_picked_seller,
        args=(key,),
    )
