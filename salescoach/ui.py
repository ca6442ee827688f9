"""The shared page kit: the one database, cached queries, URL filters, tables, drill-down.

Every page starts with::

    from salescoach import ui

    filters = ui.filters()            # sidebar filters, kept in the URL
    ui.page_header("Activity", "What happens each week ...", filters)
    frame = ui.cached_query("weekly_activity_by_seller", **filters.params())
    if frame.empty:
        ui.empty_state(ui.no_data_message(filters, "activities"))
    else:
        ui.show_table(frame, ["week", "seller", "meetings"], key="weekly_activity")

Filters live in the URL (``?period=month&date=2026-11-01&team=SMB&seller=S01&present=1``),
so every view is a shareable link that survives a reload. The URL is synced by hand
rather than with ``bind="query-params"``: a bound selectbox stores its *formatted*
label in the URL and silently drops values it does not know, while the seller page
must read ``?seller=S01`` by id and explain an unknown id; and a bound parameter can
not be set through ``st.switch_page(query_params=...)`` for drill-down.
"""

from __future__ import annotations

import calendar
import datetime as dt
import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import salescoach
from salescoach import access, coaching, i18n, queries, seller_view
from salescoach.access import Viewer
from salescoach.db import default_db_path
from salescoach.export import to_csv_bytes
from salescoach.i18n import t
from salescoach.metrics import METRICS, format_value, label

# --------------------------------------------------------------------------------------
# The pages of the app (app.py builds st.navigation from this; the browser test walks it)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    """One page: its file under the project root, menu title (a catalogue key) and icon; url_path = file stem."""

    file: str
    title_key: str
    icon: str

    @property
    def title(self) -> str:
        """The menu title in the current language."""
        return t(self.title_key)

    @property
    def url_path(self) -> str:
        return self.file.rsplit("/", 1)[-1].removesuffix(".py")


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/team_overview.py", "nav.team_overview", ":material/groups:"),
    PageSpec("pages/activity.py", "nav.activity", ":material/event:"),
    PageSpec("pages/conversion.py", "nav.conversion", ":material/filter_alt:"),
    PageSpec("pages/pipeline.py", "nav.pipeline", ":material/stacked_bar_chart:"),
    PageSpec("pages/seller.py", "nav.seller", ":material/person:"),
    PageSpec("pages/coaching.py", "nav.coaching", ":material/forum:"),
    PageSpec("pages/import_data.py", "nav.import_data", ":material/upload:"),
)
IMPORT_PAGE = "pages/import_data.py"


def available_pages() -> list[PageSpec]:
    """The pages whose files exist (pages are added by several people; a missing one is skipped)."""
    from salescoach.db import PROJECT_ROOT

    return [page for page in PAGES if (PROJECT_ROOT / page.file).is_file()]


# --------------------------------------------------------------------------------------
# The database and cached queries
# --------------------------------------------------------------------------------------


@st.cache_resource(show_spinner="Opening the database…")
def _open_coach(path: str) -> salescoach.SalesCoach:
    return salescoach.connect(None if path == str(default_db_path()) else path)


def get_coach() -> salescoach.SalesCoach:
    """The one `SalesCoach` of this server process (default database; demo data on first start).

    Cached with `st.cache_resource`; every query runs on its own cursor, so script
    threads can share it.
    """
    path = str(default_db_path())
    try:
        return _open_coach(path)
    except duckdb.IOException as problem:
        if "lock" not in str(problem).lower():
            raise
        st.error(
            t("db.locked", path=path),
            icon=":material/lock:",
        )
        st.stop()


def data_version() -> int:
    """The database's data version: bumped by every import and every saved note.

    Read from the database once and remembered until the next write of this process
    (`SalesCoach.known_data_version`), so the cache key costs no query per call.
    """
    return get_coach().known_data_version()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(db: str, version: int, name: str, items: tuple) -> pd.DataFrame:
    return get_coach().query(name, **dict(items))


def cached_query(name: str, **params) -> pd.DataFrame:
    """`coach.query(name, **params)`, cached on the query name, parameters and data version.

    An import or a saved note bumps the data version, so the next run reads fresh rows.
    Pass the shared filter dict (`**filters.params()`); each query binds only the names it uses,
    and the cache is keyed on those alone, so calls that differ only in parameters the query
    does not read share one run (the seller page and its coaching section ask for the same
    lost offers with different filter dicts).
    """
    coach = get_coach()
    bound = queries.bind(name, params)
    return _cached_query(str(coach.path), coach.known_data_version(), name, tuple(sorted(bound.items())))


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_scorecards(db: str, version: int, periods: tuple, teams: tuple | None) -> pd.DataFrame:
    return get_coach().scorecards(periods, teams=teams)


def cached_scorecards(periods: Sequence[tuple], teams: Iterable[str] | None = None) -> pd.DataFrame:
    """The scorecard of several periods in one query (`SalesCoach.scorecards`), cached like
    `cached_query`: one row per seller of `teams` (None: every team) and period, `period`
    counting from 1."""
    coach = get_coach()
    key = tuple(tuple(period) for period in periods)
    return _cached_scorecards(
        str(coach.path), coach.known_data_version(), key, None if teams is None else tuple(teams)
    )


def cached_scorecard(date_from, date_to, as_of=None, teams: Iterable[str] | None = None) -> pd.DataFrame:
    """The seller scorecard (one row per seller of `teams`) for one period, cached like `cached_query`."""
    return cached_scorecards([(date_from, date_to, as_of)], teams).drop(columns="period")


def seller_numbers(
    page_filters: Filters, seller_id: str, team: str, note_days: Iterable[dt.date] = ()
) -> seller_view.SellerNumbers:
    """The seller page's numbers in one cached query of the seller's team: the filters' period
    (tiles against the team median), the 12 months up to the as-of date (trend) and the 90 days
    up to each of `note_days` (the then-and-now beside each 1:1 note)."""
    periods = seller_view.SellerPeriods.of(
        (page_filters.date_from, page_filters.date_to, page_filters.as_of), page_filters.as_of, note_days
    )
    rows = cached_scorecards(periods.all(), teams=(team,))
    return seller_view.split(rows, periods, seller_id)


def review_sellers(page_filters: Filters) -> list[str]:
    """The active sellers of the filters' teams the viewer may see, in the pages' order (team,
    then name): the order the team review steps through."""
    frame = page_filters.in_teams(sellers())
    return frame.loc[frame["active"].astype(bool), "seller_id"].tolist()


class CachedReads:
    """The app's `SalesCoach` for reading only: `query` goes through `cached_query`.

    Give it to the read functions of `salescoach.coaching` (`seller_notes`, `search_notes`,
    `lost_offers_of_seller`, ...) so their queries are cached on the data version like every
    other page query; a saved note or review bumps the version, so it shows on the next run.
    Writes (`save_note`, ...) take the `SalesCoach` itself (`get_coach()`).
    """

    def __init__(self, coach: salescoach.SalesCoach):
        self.coach = coach
        self.path = coach.path

    def query(self, name: str, **params) -> pd.DataFrame:
        return cached_query(name, **params)


def is_app_database(coach) -> bool:
    """True when `coach` (a `SalesCoach` or `CachedReads`) reads the app's database, the one
    `get_coach()` opens; checked by path, without opening anything."""
    if isinstance(coach, CachedReads):
        return False  # already cached
    path = getattr(coach, "path", None)
    return path is not None and Path(path).resolve() == Path(default_db_path()).resolve()


def cached_reads() -> CachedReads:
    """The app's database for the read functions of `salescoach.coaching`, cached (see `CachedReads`)."""
    return CachedReads(get_coach())


def all_sellers() -> pd.DataFrame:
    """Every seller in the data, whoever is looking (only for access checks)."""
    return cached_query("seller_list")


def sellers() -> pd.DataFrame:
    """The sellers the viewer may see: `seller_id, seller, team, active`, ordered by team and name.

    A director sees the sellers of the teams they manage; everything that lists sellers
    or teams (pickers, names, `teams()`) goes through here.
    """
    frame = all_sellers()
    current = viewer()
    if current is None or not current.sees_every_team:
        allowed = current.teams if current is not None else frozenset()
        frame = frame[frame["team"].isin(allowed)].reset_index(drop=True)
    return frame


def teams() -> list[str]:
    """The team names in the data that the viewer may see, sorted."""
    return sorted(sellers()["team"].dropna().unique().tolist())


def seller_name(seller_id: str | None) -> str | None:
    """The seller's name, or None when the id is not in the data."""
    if seller_id is None:
        return None
    match = sellers().loc[lambda f: f["seller_id"] == seller_id, "seller"]
    return str(match.iloc[0]) if len(match) else None


def latest_data_date() -> dt.date | None:
    """The last day with recorded work in the database (None for an empty database)."""
    value = cached_query("latest_data_date")["latest_data_date"].iloc[0]
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


# --------------------------------------------------------------------------------------
# Who is looking: open mode on localhost, or OIDC login plus the roles file (salescoach.access)
# --------------------------------------------------------------------------------------


def login_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section: every visitor must log in."""
    return access.login_configured(st.secrets)


def current_user() -> Mapping[str, object]:
    """`st.user` as a dict (`is_logged_in`, `email`, `name`, ...). Tests may monkeypatch this."""
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001 - outside a script run there is no user
        return {}


_ROLES_CACHE: dict[tuple[str, int], dict[str, Viewer]] = {}


def _roles() -> dict[str, Viewer]:
    """The roles file, parsed again whenever it changes on disk (RolesFileError when wrong)."""
    path = access.roles_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return access.load_roles(path)  # raises the located "no roles file" error
    key = (str(path), stamp)
    if key not in _ROLES_CACHE:
        _ROLES_CACHE.clear()
        _ROLES_CACHE[key] = access.load_roles(path)
    return _ROLES_CACHE[key]


def viewer() -> Viewer | None:
    """The person looking: the local user in open mode, the roles file's entry when logged in.

    None when login is configured and the visitor is not logged in, not in the roles file,
    or the roles file is wrong: then nothing but `access_screen()` may be shown.
    """
    if not login_configured():
        return access.LOCAL_VIEWER
    user = current_user()
    if not user.get("is_logged_in"):
        return None
    try:
        roles = _roles()
    except access.RolesFileError:
        return None
    if user.get("email_verified") is False:  # the provider says the address is not proven
        return None
    email = user.get("email")
    return access.viewer_for(str(email) if email else None, roles)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=\"'^])")


def escape_markdown(text: object) -> str:
    """`text` with every Markdown (and Streamlit directive) character backslash-escaped: user
    text (names, notes, file names, error messages that echo them) shown as text, never markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def _login_provider() -> str | None:
    """The `[auth.NAME]` provider to log in with, or None for the plain `[auth]` settings."""
    auth = st.secrets.get("auth", {})
    if "client_id" in auth:
        return None
    named = [name for name, value in auth.items() if isinstance(value, Mapping)]
    return named[0] if named else None


def _log_in() -> None:
    try:
        st.login(_login_provider())
    except Exception as problem:  # noqa: BLE001 - e.g. Authlib not installed, incomplete [auth]
        st.session_state["_salescoach_login_problem"] = str(problem)


def access_screen() -> None:
    """All a visitor sees who may not see the dashboard: the login button, or why they are refused."""
    st.title(t("app.title"))
    user = current_user()
    if not user.get("is_logged_in"):
        st.write(t("access.login_intro"))
        st.button(t("access.log_in"), type="primary", icon=":material/login:", key="access_login", on_click=_log_in)
        problem = st.session_state.pop("_salescoach_login_problem", None)
        if problem:
            st.error(t("access.login_failed", problem=escape_markdown(problem)), icon=":material/error:")
        return
    email = str(user.get("email") or "")
    path = access.roles_path()
    try:
        _roles()
    except access.RolesFileError as problem:
        st.error(t("access.roles_file_broken"), icon=":material/error:")
        st.code(str(problem), language=None)
    else:
        if user.get("email_verified") is False:
            st.error(t("access.unverified", email=escape_markdown(email)), icon=":material/block:")
            st.button(t("access.log_out"), key="access_logout", icon=":material/logout:", on_click=st.logout)
            return
        who = escape_markdown(email) if email else t("access.no_email")
        st.error(t("access.not_listed", who=who, path=escape_markdown(path)), icon=":material/block:")
    st.button(t("access.log_out"), key="access_logout", icon=":material/logout:", on_click=st.logout)


def is_loopback(address: str | None) -> bool:
    """True when a server bound to `address` is reachable from this computer only.

    Streamlit binds every interface when `server.address` is empty.
    """
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def server_address() -> str | None:
    """The address this server listens on (`--server.address`; empty: every interface)."""
    return st.get_option("server.address")


def sidebar_access(current: Viewer) -> None:
    """Who is looking, at the bottom of the sidebar: the logout button, or the open-mode notice."""
    sidebar = st.sidebar
    sidebar.divider()
    if current.role == "local":
        address = server_address()
        if is_loopback(address):
            sidebar.caption(":material/lock_open: " + t("access.open_mode"))
        else:
            where = escape_markdown(address) if address else t("access.every_interface")
            sidebar.error(t("access.open_to_network", address=where), icon=":material/warning:")
        return
    teams_text = t("access.all_teams") if current.sees_every_team else ", ".join(sorted(current.teams or ()))
    sidebar.caption(
        t("access.logged_in_as", name=escape_markdown(current.name), role=t(f"access.role.{current.role}"),
          teams=escape_markdown(teams_text))
    )
    sidebar.button(t("access.log_out"), key="access_sidebar_logout", icon=":material/logout:", on_click=st.logout)


def author_name() -> str | None:
    """The name stored as the author of a new note: the logged-in viewer's; None in open mode."""
    current = viewer()
    if current is None or current.role == "local":
        return None
    return current.name


def visible_notes(notes):
    """The notes the viewer may read: a list of `Note`s, or a frame with `author` and `private`."""
    current = viewer()
    if current is None:
        return notes[:0] if isinstance(notes, pd.DataFrame) else []
    if isinstance(notes, pd.DataFrame):
        if notes.empty:
            return notes
        keep = [
            current.can_see_note(None if pd.isna(a) else str(a), bool(p))
            for a, p in zip(notes["author"], notes["private"], strict=True)
        ]
        return notes[keep].reset_index(drop=True)
    return [note for note in notes if current.can_see_note(note.author, note.private)]


def note_authors(coach, page_filters: Filters) -> list[str]:
    """The Author picker's names: authors of the notes the viewer may read on sellers in the filters' teams."""
    rows = visible_notes(coaching.note_authors(coach, teams=page_filters.teams))
    return sorted({str(author) for author in rows["author"]})


def visible_pages(current: Viewer) -> list[PageSpec]:
    """The pages the viewer may open: importing (which changes every team's data) is for admins."""
    pages = available_pages()
    if current.role in ("admin", "local"):
        return pages
    return [page for page in pages if page.file != IMPORT_PAGE]


# --------------------------------------------------------------------------------------
# Periods (pure functions, tested in tests/test_ui.py)
# --------------------------------------------------------------------------------------

# The period kinds; each reads as t("period.kind.<kind>").
PERIOD_KINDS: tuple[str, ...] = ("week", "month", "quarter", "year", "custom")
DEFAULT_PERIOD = "quarter"


def format_date(day: dt.date, lang: str | None = None) -> str:
    """A date: 23.11.2026 (fi), 23 Nov 2026 (en); `lang` defaults to the current language."""
    return i18n.format_date(day, lang)


def format_span(date_from: dt.date, date_to: dt.date, lang: str | None = None) -> str:
    """A date range: 1.10.–23.11.2026 (fi), 1 Oct – 23 Nov 2026 (en); the year once when shared."""
    return i18n.format_span(date_from, date_to, lang)


def period_bounds(
    kind: str,
    reference: dt.date,
    latest: dt.date | None = None,
    custom_from: dt.date | None = None,
    custom_to: dt.date | None = None,
) -> tuple[dt.date, dt.date]:
    """First and last day of the `kind` period (ISO week, month, quarter, year) holding `reference`.

    A period still running on the `latest` data date ends there ("to date"), so sales
    and prorated targets compare like with like. `custom` takes `custom_from`..`custom_to`
    (swapped when given backwards).
    """
    if kind == "custom":
        start = custom_from or reference
        end = custom_to or reference
        return (start, end) if start <= end else (end, start)
    if kind == "week":
        start = reference - dt.timedelta(days=reference.weekday())
        end = start + dt.timedelta(days=6)
    elif kind == "month":
        start = reference.replace(day=1)
        end = reference.replace(day=calendar.monthrange(reference.year, reference.month)[1])
    elif kind == "quarter":
        first_month = 3 * ((reference.month - 1) // 3) + 1
        start = dt.date(reference.year, first_month, 1)
        last_month = first_month + 2
        end = dt.date(reference.year, last_month, calendar.monthrange(reference.year, last_month)[1])
    elif kind == "year":
        start, end = dt.date(reference.year, 1, 1), dt.date(reference.year, 12, 31)
    else:
        raise ValueError(f"unknown period kind {kind!r}; use one of {', '.join(PERIOD_KINDS)}")
    if latest is not None and start <= latest < end:
        end = latest
    return start, end


def period_label(
    kind: str, date_from: dt.date, date_to: dt.date, latest: dt.date | None = None, lang: str | None = None
) -> str:
    """How the period reads in a heading: 'Q4 2026 to date', 'Week 47 2026', 'November 2026'
    (fi: 'Q4 2026 tähän asti', 'Viikko 47 2026', 'Marraskuu 2026')."""
    if kind == "custom":
        return format_span(date_from, date_to, lang)
    if kind == "week":
        year, week, _ = date_from.isocalendar()
        name = i18n.week_name(week, year, lang)
    elif kind == "month":
        name = i18n.format_month(date_from, lang, short=False)
        name = name[:1].upper() + name[1:]
    elif kind == "quarter":
        name = i18n.quarter_name(date_from, lang)
    else:
        name = str(date_from.year)
    full_end = period_bounds(kind, date_from)[1]
    if latest is not None and date_to == latest and date_to < full_end:
        return t("period.to_date", lang, name=name)
    return name


@dataclass(frozen=True)
class Filters:
    """What every page shows: the period, the team and the seller picked in the sidebar.

    `as_of` is the day the pipeline is looked at (the period's last day). `team` is the one
    team picked (None: several or all; used in headings) and `teams` the teams every query
    and table is bound to: None = every team, a director's "All my teams" = their teams,
    a picked team = just it (a picked `team` always sets `teams` to `(team,)`).
    `seller_id` is None for "all". `unknown_seller` holds a seller id from the URL that
    is not in the data (the seller page explains it).
    """

    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    team: str | None
    seller_id: str | None
    period_label: str
    period_kind: str = DEFAULT_PERIOD
    unknown_seller: str | None = None
    teams: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.team is not None:
            object.__setattr__(self, "teams", (self.team,))
        elif self.teams is not None:
            object.__setattr__(self, "teams", tuple(self.teams))

    def params(self) -> dict:
        """Parameters for a query: date_from, date_to, as_of, teams (a list), seller_id (None = all)."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "as_of": self.as_of,
            "teams": list(self.teams) if self.teams is not None else None,
            "seller_id": self.seller_id,
        }

    def in_teams(self, frame: pd.DataFrame, column: str = "team") -> pd.DataFrame:
        """The rows of `frame` whose `column` is one of the filters' teams (all rows when every team)."""
        if self.teams is None:
            return frame
        return frame[frame[column].isin(self.teams)]

    @property
    def span(self) -> str:
        """The period's days as text: 1.10.–23.11.2026 (fi), 1 Oct – 23 Nov 2026 (en)."""
        return format_span(self.date_from, self.date_to)

    def describe(self, lang: str | None = None) -> str:
        """One line for a caption: 'Q4 2026 to date · 1 Oct – 23 Nov 2026 · team SMB'."""
        span = format_span(self.date_from, self.date_to, lang)
        parts = [self.period_label]
        if self.period_label != span:
            parts.append(span)
        if self.team:
            parts.append(t("period.team", lang, team=self.team))
        elif self.teams is not None:
            parts.append(t("period.your_teams", lang, teams=", ".join(self.teams)))
        else:
            parts.append(t("period.all_teams", lang))
        return " · ".join(parts)


def make_filters(
    kind: str,
    reference: dt.date,
    latest: dt.date | None,
    team: str | None = None,
    seller_id: str | None = None,
    custom_from: dt.date | None = None,
    custom_to: dt.date | None = None,
    teams: Iterable[str] | None = None,
) -> Filters:
    """Filters for a period kind and reference day, without Streamlit (used by the sidebar and tests).

    `team` is one picked team; else `teams` (None: every team) is the set every query is bound to.
    """
    start, end = period_bounds(kind, reference, latest, custom_from, custom_to)
    return Filters(
        date_from=start,
        date_to=end,
        as_of=end,
        team=team,
        teams=tuple(teams) if teams is not None else None,
        seller_id=seller_id,
        period_label=period_label(kind, start, end, latest),
        period_kind=kind,
    )


def default_reference_date(latest: dt.date | None, today: dt.date | None = None) -> dt.date:
    """The day the default period is built around: the data's latest date (today when empty)."""
    return latest or today or dt.date.today()


# --------------------------------------------------------------------------------------
# Sidebar filters kept in the URL
# --------------------------------------------------------------------------------------

# Widget keys; the URL uses the names in _URL_NAMES.
KEY_PERIOD = "filter_period"
KEY_DATE = "filter_date"
KEY_FROM = "filter_from"
KEY_TO = "filter_to"
KEY_TEAM = "filter_team"
KEY_SELLER = "filter_seller"
KEY_PRESENT = "presentation_mode"
KEY_LANG = i18n.SESSION_KEY
_URL_NAMES = {
    KEY_PERIOD: "period",
    KEY_DATE: "date",
    KEY_FROM: "from",
    KEY_TO: "to",
    KEY_TEAM: "team",
    KEY_SELLER: "seller",
    KEY_PRESENT: "present",
    KEY_LANG: i18n.URL_NAME,
}
URL_PARAMS: tuple[str, ...] = tuple(_URL_NAMES.values())
_ALL = ""  # the "all teams" / "all sellers" option
_MEMO = "_salescoach_url_memo"
_FILTERS = "_salescoach_filters"
_PRESENTATION_CSS = """
<style>
html { font-size: 20px; }
[data-testid="stMetricValue"] { font-size: 2.4rem; }
[data-testid="stSidebar"] { font-size: 16px; }
h1 { font-size: 2.6rem !important; }
</style>
"""


def _parse_date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _page_id() -> str:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return ctx.page_script_hash if ctx is not None else ""
    except Exception:  # noqa: BLE001 - an internal API; without it, treat every run as the same page
        return ""


def _adopt_url(defaults: Mapping[str, object]) -> None:
    """Before the widgets are made: take the filters from the URL when it changed outside them.

    The URL wins on a session's first run (a shared link or a reload), after
    `st.switch_page(query_params=...)` and after a hand-edited URL. Sidebar navigation
    between pages drops the query string; then the session's filters stay and are
    written back to the URL.
    """
    url = {key: st.query_params.get(name) for key, name in _URL_NAMES.items()}
    memo = st.session_state.get(_MEMO)
    if memo is not None:
        if url == memo["params"]:
            return
        if memo["page"] != _page_id() and all(v is None for v in url.values()):
            return
    for key, raw in url.items():
        if key == KEY_PERIOD:
            value = raw if raw in PERIOD_KINDS else defaults[key]
        elif key in (KEY_DATE, KEY_FROM, KEY_TO):
            value = _parse_date(raw) or defaults[key]
        elif key == KEY_PRESENT:
            value = raw in ("1", "true", "yes")
        elif key == KEY_LANG:
            value = raw if raw in i18n.LANGUAGES else defaults[key]
        else:
            value = raw if raw else _ALL
        st.session_state[key] = value


def _write_url(values: Mapping[str, object], defaults: Mapping[str, object]) -> dict[str, str]:
    """Put the non-default filter values in the URL (and only those) and remember them."""
    wanted: dict[str, str | None] = {}
    for key in _URL_NAMES:
        value = values.get(key)
        if value is None or value == defaults.get(key) or value == _ALL:
            wanted[key] = None
        elif isinstance(value, bool):
            wanted[key] = "1" if value else None
        elif isinstance(value, dt.date):
            wanted[key] = value.isoformat()
        else:
            wanted[key] = str(value)
    for key, name in _URL_NAMES.items():
        current = st.query_params.get(name)
        if wanted[key] is None and current is not None:
            del st.query_params[name]
        elif wanted[key] is not None and current != wanted[key]:
            st.query_params[name] = wanted[key]
    st.session_state[_MEMO] = {"page": _page_id(), "params": wanted}
    return {_URL_NAMES[k]: v for k, v in wanted.items() if v is not None}


def sidebar_filters() -> Filters:
    """Draw the sidebar filters (period, team, seller, presentation mode) and return them.

    app.py calls this once per run before the page (widgets in the entrypoint keep their
    state across pages); pages call `filters()`.
    """
    current = viewer()
    if current is None:  # app.py shows the access screen instead; a page run alone stops here
        access_screen()
        st.stop()
    latest = latest_data_date()
    reference_default = default_reference_date(latest)
    default_from, default_to = period_bounds(DEFAULT_PERIOD, reference_default, latest)
    all_sellers = sellers()  # only the teams the viewer may see
    team_names = teams()
    # A director's "all" is "All my teams": every query of every page is bound to the teams
    # they manage (those in the data), or to the one of them they pick.
    restricted = not current.sees_every_team
    if restricted and not team_names:
        st.warning(
            t("access.no_data_for_teams", teams=escape_markdown(", ".join(sorted(current.teams or ())))),
            icon=":material/info:",
        )
        st.stop()
    team_options = [_ALL, *team_names]
    defaults = {
        KEY_PERIOD: DEFAULT_PERIOD,
        KEY_DATE: reference_default,
        KEY_FROM: default_from,
        KEY_TO: default_to,
        KEY_TEAM: _ALL,
        KEY_SELLER: _ALL,
        KEY_PRESENT: False,
        KEY_LANG: i18n.session_default_language(),
    }
    _adopt_url(defaults)
    for key, value in defaults.items():
        # Re-assigning a widget's own value keeps it when the widget's identity changes
        # (the documented way to keep widget values across pages; AppTest needs it too).
        st.session_state[key] = st.session_state[key] if key in st.session_state else value
    i18n.set_run_language(st.session_state[KEY_LANG])  # the URL may have changed it

    names = dict(zip(all_sellers["seller_id"], all_sellers["seller"], strict=True))
    denied_seller = None
    chosen = st.session_state[KEY_SELLER]
    if restricted and chosen != _ALL and chosen not in names:
        # Another team's seller, or no such seller: the same answer, so ids cannot be probed.
        denied_seller = chosen
        st.session_state[KEY_SELLER] = chosen = _ALL
    # A link with a team not the viewer's (or not in the data) opens all (a director's: all theirs).
    fallback_team = defaults[KEY_TEAM]
    unknown_team = None
    if st.session_state[KEY_TEAM] not in team_options:
        unknown_team = st.session_state[KEY_TEAM]
        st.session_state[KEY_TEAM] = fallback_team
    if denied_seller is not None:
        shown = denied_seller if re.fullmatch(r"[\w.-]{1,40}", str(denied_seller)) else None
        st.error(
            t("access.seller_no_access", seller=shown) if shown else t("access.seller_no_access_unnamed"),
            icon=":material/block:",
        )

    sidebar = st.sidebar
    sidebar.header(t("sidebar.filters"))
    kind = sidebar.selectbox(
        t("sidebar.period"), list(PERIOD_KINDS), format_func=lambda kind: t(f"period.kind.{kind}"), key=KEY_PERIOD
    )
    date_limits = {
        "min_value": dt.date(2000, 1, 1),
        "max_value": dt.date(2100, 12, 31),
        "format": "DD.MM.YYYY",
    }
    if kind == "custom":
        left, right = sidebar.columns(2)
        custom_from = left.date_input(t("sidebar.from"), key=KEY_FROM, **date_limits)
        custom_to = right.date_input(t("sidebar.to"), key=KEY_TO, **date_limits)
        reference = st.session_state[KEY_DATE]
    else:
        reference = sidebar.date_input(
            t("sidebar.period_containing"),
            key=KEY_DATE,
            help=t("sidebar.period_containing_help"),
            **date_limits,
        )
        custom_from, custom_to = st.session_state[KEY_FROM], st.session_state[KEY_TO]

    all_label = t("sidebar.all_my_teams") if restricted else t("sidebar.all_teams")
    team = sidebar.selectbox(
        t("sidebar.team"),
        team_options,
        format_func=lambda name: all_label if name == _ALL else name,
        key=KEY_TEAM,
    )
    if unknown_team and restricted:
        shown = all_label if team == _ALL else team
        sidebar.warning(t("sidebar.team_no_access", team=escape_markdown(unknown_team), shown=escape_markdown(shown)))
    elif unknown_team:
        sidebar.warning(t("sidebar.unknown_team", team=escape_markdown(unknown_team)))

    in_team = all_sellers if team == _ALL else all_sellers[all_sellers["team"] == team]
    seller_ids = in_team["seller_id"].tolist()
    active = dict(zip(all_sellers["seller_id"], all_sellers["active"], strict=True))
    unknown_seller = None
    chosen = st.session_state[KEY_SELLER]
    if chosen != _ALL and chosen not in seller_ids:
        if chosen not in names:
            unknown_seller = chosen
        st.session_state[KEY_SELLER] = _ALL
    seller = sidebar.selectbox(
        t("sidebar.seller"),
        [_ALL, *seller_ids],
        format_func=lambda s: (
            t("sidebar.all_sellers") if s == _ALL else f"{names[s]}{'' if active[s] else t('sidebar.left')}"
        ),
        key=KEY_SELLER,
    )

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

    result = make_filters(
        kind,
        reference or reference_default,
        latest,
        team=None if team == _ALL else team,
        teams=tuple(team_names) if restricted else None,  # a picked team overrides it
        seller_id=None if seller == _ALL else seller,
        custom_from=custom_from,
        custom_to=custom_to,
    )
    if unknown_seller:
        result = Filters(**{**result.__dict__, "unknown_seller": unknown_seller})
    url = _write_url(
        {
            KEY_PERIOD: kind,
            KEY_DATE: reference if kind != "custom" else None,
            KEY_FROM: custom_from if kind == "custom" else None,
            KEY_TO: custom_to if kind == "custom" else None,
            KEY_TEAM: team,
            KEY_SELLER: seller,
            KEY_PRESENT: present,
            KEY_LANG: language,
        },
        defaults,
    )
    st.session_state[_FILTERS] = (result, url)
    if present:
        st.markdown(_PRESENTATION_CSS, unsafe_allow_html=True)  # a constant stylesheet, no user data
    return result


def filters() -> Filters:
    """The filters of this run: drawn once by app.py before the page; drawn here when a page runs alone."""
    stored = st.session_state.get(_FILTERS)
    if stored is not None and _drawn_this_run():
        return stored[0]
    return sidebar_filters()


def _drawn_this_run() -> bool:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return ctx is not None and KEY_PERIOD in ctx.shared.widget_user_keys_this_run
    except Exception:  # noqa: BLE001 - an internal API; without it, trust the stored filters
        return True


def url_params(**overrides: str | None) -> dict[str, str]:
    """The current filters as URL query parameters (non-default values only), with overrides."""
    stored = st.session_state.get(_FILTERS)
    params = dict(stored[1]) if stored else {}
    for name, value in overrides.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = str(value)
    return params


def presentation_mode() -> bool:
    """True on the shared screen: pages must then show no coaching note text at all."""
    if KEY_PRESENT in st.session_state:
        return bool(st.session_state[KEY_PRESENT])
    return st.query_params.get("present") in ("1", "true", "yes")


# --------------------------------------------------------------------------------------
# Drill-down and the review step-through
# --------------------------------------------------------------------------------------

SELLER_PAGE = "pages/seller.py"


def open_seller(seller_id: str) -> None:
    """Go to the seller page of `seller_id`, keeping the period, team and presentation mode."""
    st.switch_page(SELLER_PAGE, query_params=url_params(seller=seller_id))


def seller_link(seller_id: str) -> str:
    """A relative link to the seller page with the current filters (for `LinkColumn`s)."""
    from urllib.parse import urlencode

    return "seller?" + urlencode(url_params(seller=seller_id))


def _select_seller(seller_id: str) -> None:
    st.session_state[KEY_SELLER] = seller_id


def review_step(seller_ids: Sequence[str], current: str | None, key: str) -> None:
    """'Previous' / 'Next seller' buttons that move the seller filter through `seller_ids`.

    For the team review: the URL follows, so the screen can be shared and reloaded.
    """
    ids = list(seller_ids)
    if not ids:
        return
    position = ids.index(current) if current in ids else -1
    previous_id = ids[position - 1] if position > 0 else None
    next_id = ids[position + 1] if position + 1 < len(ids) else None
    names = {sid: seller_name(sid) or sid for sid in ids}
    left, middle, right = st.columns([1, 2, 1])
    left.button(
        f"◀ {names[previous_id]}" if previous_id else t("review.previous"),
        key=f"{key}_previous",
        disabled=previous_id is None,
        on_click=_select_seller,
        args=(previous_id,),
        width="stretch",
    )
    if position >= 0:
        middle.markdown(t("review.position", position=position + 1, total=len(ids)), text_alignment="center")
    right.button(
        f"{names[next_id]} ▶" if next_id and position >= 0 else (t("review.start") if next_id else t("review.next")),
        key=f"{key}_next",
        disabled=next_id is None,
        on_click=_select_seller,
        args=(next_id,),
        type="primary",
        width="stretch",
    )


# --------------------------------------------------------------------------------------
# Layout pieces
# --------------------------------------------------------------------------------------


_LAYOUT_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 2.5rem 2.5rem 4rem 2.5rem; max-width: 1800px; }
</style>
"""


def page_header(title: str, intro: str, page_filters: Filters | None = None) -> None:
    """The page title, one sentence on what the page answers, and the filters in force."""
    st.markdown(_LAYOUT_CSS, unsafe_allow_html=True)  # a constant stylesheet, no user data
    st.title(title)
    caption = intro
    if page_filters is not None:
        caption = f"{page_filters.describe()}. {intro}"
    st.caption(caption)


def empty_state(message: str) -> None:
    """An explanation instead of an empty chart or table."""
    st.info(message, icon=":material/info:")


def no_data_message(page_filters: Filters, what: str | None = None) -> str:
    """'No meetings, offers or deals between 1 Oct and 23 Nov 2026 for team SMB. Pick ...'.

    `what` is the translated phrase (e.g. t("nodata.what.activities")); default: meetings, offers or deals.
    """
    start, end = page_filters.date_from, page_filters.date_to
    start_text = i18n.format_day_month(start) if start.year == end.year else format_date(start)
    whom = ""
    if page_filters.seller_id:
        whom = t("nodata.for_seller", seller=seller_name(page_filters.seller_id) or page_filters.seller_id)
    elif page_filters.team:
        whom = t("nodata.for_team", team=page_filters.team)
    hint = t("nodata.hint_team") if not page_filters.seller_id else t("nodata.hint")
    if latest_data_date() is None:
        return t("nodata.empty_db")
    return t(
        "nodata.message",
        what=what or t("nodata.what.default"),
        start=start_text,
        end=format_date(end),
        whom=whom,
        hint=hint,
    )


def metric_tile(
    name: str,
    value,
    *,
    container=None,
    delta: str | None = None,
    title: str | None = None,
    help_text: str | None = None,
    delta_color: str = "normal",
    delta_description: str | None = None,
) -> None:
    """One KPI tile: the metric's label, its formatted value, optional delta text and help.

    `delta_color="off"` shows the delta grey without an arrow (a comparison, not a change).
    """
    target = container or st
    target.metric(
        title or label(name),
        format_value(name, value),
        delta=delta,
        delta_color=delta_color,
        help=help_text or (METRICS[name].help if name in METRICS else None),
        border=True,
        delta_arrow="off" if delta_color == "off" else "auto",
        delta_description=delta_description,
    )


def _csv_frame(view: pd.DataFrame, headers: Mapping[str, str], kinds: Mapping[str, str]) -> pd.DataFrame:
    """The table's rows for a spreadsheet: its headers with units, plain rounded numbers."""
    out = {}
    for column in view.columns:
        values = view[column]
        if len(values) and values.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            continue  # sparklines stay on screen
        fmt = kinds.get(column)
        header = headers[column]
        if fmt == "eur":
            out[f"{header} (€)"] = pd.to_numeric(values, errors="coerce").round(2)
        elif fmt == "pct":
            out[f"{header} (%)"] = (pd.to_numeric(values, errors="coerce") * 100).round(1)
        elif fmt in ("times", "ratio", "number"):
            out[header] = pd.to_numeric(values, errors="coerce").round(2)
        elif fmt == "flag" or pd.api.types.is_bool_dtype(values):
            out[header] = values.map({True: t("csv.yes")}).fillna("")
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[header] = values.dt.date
        else:
            out[header] = values
    return pd.DataFrame(out)


STYLED_ROWS_MAX = 300  # above this many rows, highlighted rows get a marker column, not a colour
HIGHLIGHT_MARKER = "▶"
# Each metric format (salescoach/metrics.py) as a Streamlit column format, per language, so the
# table keeps the numbers (it sorts numerically) and the browser draws them close to how
# `format_value` writes them: printf-style (the bundled sprintf-js: "%,.0f" groups thousands with
# a comma, "%' ,.0f" with a space; checked in Chromium), so fi 1 234 €, en €1,234. Percentages
# are shown as percent points (`show_table` multiplies the fractions by 100), rounded like the
# tiles: 91 % (fi), 91% (en). No `step`: Streamlit truncates a value to the step's decimals
# before formatting (10/11 would read 90%). printf has no decimal comma, so a Finnish table
# writes 2.5× where a Finnish tile writes 2,5×.
_COLUMN_FORMATS: dict[str, dict[str, dict[str, object]]] = {
    "fi": {
        "count": {"format": "%' ,.0f"},
        "eur": {"format": "%' ,.0f €"},
        "pct": {"format": "%.0f %%"},
        "times": {"format": "%.1f×"},
        "ratio": {"format": "%.1f"},
        "number": {"format": "%' ,.1f"},
    },
    "en": {
        "count": {"format": "%,.0f"},
        "eur": {"format": "€%,.0f"},
        "pct": {"format": "%.0f%%"},
        "times": {"format": "%.1f×"},
        "ratio": {"format": "%.1f"},
        "number": {"format": "%,.1f"},
    },
}
# Dates as `format_date` writes them (day.js tokens): 23.11.2026 (fi), 23 Nov 2026 (en).
DATE_FORMATS = {"fi": "D.M.YYYY", "en": "D MMM YYYY"}


def _column_config(column: str, header: str, kind: str | None, values: pd.Series, flag: bool):
    """The `st.column_config` of one table column: its header, help text and display format."""
    help_text = METRICS[column].help if column in METRICS else None
    lang = i18n.current_language()
    if flag:
        return st.column_config.TextColumn(header, help=help_text)
    if kind in _COLUMN_FORMATS[lang] and pd.api.types.is_numeric_dtype(values):
        return st.column_config.NumberColumn(header, help=help_text, **_COLUMN_FORMATS[lang][kind])
    if pd.api.types.is_datetime64_any_dtype(values):
        return st.column_config.DateColumn(header, help=help_text, format=DATE_FORMATS[lang])
    return st.column_config.Column(header, help=help_text)


def show_table(
    frame: pd.DataFrame,
    columns: Sequence[str] | Mapping[str, str],
    key: str,
    *,
    file_name: str | None = None,
    column_config: Mapping[str, object] | None = None,
    on_select: str = "ignore",
    selection_mode: str = "single-row",
    highlight: Iterable[bool] | None = None,
    flag_columns: Iterable[str] = ("thin",),
    height: int | str = "content",
    empty_message: str | None = None,
    download: bool = True,
    formats: Mapping[str, str] | None = None,
    highlight_colour: str = "#fff3c4",
):
    """A formatted table of `columns` (metric names get labels, units and help) with a CSV download.

    `columns` is a list of column names, or a dict name → header for non-metric columns.
    Numbers keep their values (the table sorts numerically) and show as 1 234 €, 42 %, 2.5×.
    `formats` gives other columns a metric format ("eur", "pct", "count", "times", "ratio");
    dates show as 23.11.2026. `highlight` marks rows (e.g. the seller under review, overdue
    offers) in `highlight_colour`; `flag_columns` (true/false, e.g. `thin`) read "⚠ thin".
    Formats are `st.column_config` (drawn by the browser); only a table with a highlighted row
    goes through a pandas Styler, for the row colour, and only up to `STYLED_ROWS_MAX` rows:
    a longer one marks its highlighted rows with ▶ in a first column.
    Returns the `st.dataframe` selection event when `on_select="rerun"`.
    """
    headers = dict(columns) if isinstance(columns, Mapping) else {c: label(c) for c in columns}
    if frame.empty:
        if empty_message:
            empty_state(empty_message)
        return None
    view = frame[list(headers)].reset_index(drop=True)
    kinds = {c: METRICS[c].fmt for c in view.columns if c in METRICS}
    kinds.update(formats or {})
    flagged = [c for c in flag_columns if c in view.columns]
    csv_view = view
    if flagged:  # a flag reads as a word with a warning sign, not a grey checkbox
        flag_text = t("metric.flag.thin_marked")
        view = view.assign(**{c: view[c].map(lambda v: flag_text if v is True else "") for c in flagged})
    numeric = [
        c
        for c in view.columns
        if kinds.get(c) in _COLUMN_FORMATS["en"] and c not in flagged and not pd.api.types.is_numeric_dtype(view[c])
    ]
    if numeric:  # numbers that came as objects (e.g. None among them) sort and format as numbers
        view = view.assign(**{c: pd.to_numeric(view[c], errors="coerce") for c in numeric})
    percents = [c for c in view.columns if kinds.get(c) == "pct" and c not in flagged and pd.api.types.is_numeric_dtype(view[c])]
    if percents:  # shown as whole percent points, 42 % (fi) / 42% (en), like the tiles
        view = view.assign(**{c: view[c] * 100 for c in percents})
    config = {c: _column_config(c, headers[c], kinds.get(c), view[c], c in flagged) for c in view.columns}
    config.update(column_config or {})
    marks = list(highlight) if highlight is not None else []
    data = view
    if any(marks) and len(view) > STYLED_ROWS_MAX:
        # Too many rows to colour through a Styler (its per-cell Python, about 25 µs a cell):
        # the highlighted rows get a marker in a narrow first column instead.
        data = view.assign(**{HIGHLIGHT_MARKER: ["▶" if m else "" for m in marks]})
        data = data[[HIGHLIGHT_MARKER, *view.columns]]
        config[HIGHLIGHT_MARKER] = st.column_config.TextColumn(" ", width=32, pinned=True)
    elif any(marks):
        # Only a table with highlighted rows goes through a pandas Styler (column_config cannot
        # colour a row): its per-cell Python is the cost of a Styler, so the others skip it.
        # The numbers are still formatted by column_config, which takes precedence.
        rows = pd.Series(marks, dtype=bool).to_numpy()
        background = f"background-color: {highlight_colour}"

        def _row_colours(table: pd.DataFrame) -> pd.DataFrame:
            colours = pd.DataFrame("", index=table.index, columns=table.columns)
            colours.loc[rows] = background
            return colours

        data = view.style.apply(_row_colours, axis=None)
    event = st.dataframe(
        data,
        key=key,
        hide_index=True,
        column_config=config,
        on_select=on_select,
        selection_mode=selection_mode,
        height=height,
        placeholder="–",
    )
    if download:
        st.download_button(
            t("table.download_csv"),
            to_csv_bytes(_csv_frame(csv_view, headers, kinds)),
            file_name=f"{file_name or key}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            icon=":material/download:",
        )
    return event


def selected_row(event) -> int | None:
    """The position of the row picked in a `show_table(..., on_select="rerun")` table, if any."""
    if event is None:
        return None
    rows = event.selection.rows if hasattr(event, "selection") else event.get("selection", {}).get("rows", [])
    return rows[0] if rows else None


def show_chart(figure, key: str, *, on_select: str = "ignore", selection_mode=("points", "box", "lasso")):
    """Draw a plotly figure from `salescoach.charts` (larger type in presentation mode)."""
    if presentation_mode():
        figure.update_layout(font={"size": 18})
    return st.plotly_chart(
        figure,
        key=key,
        on_select=on_select,
        selection_mode=selection_mode,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]},
        width="stretch",
    )


def team_colours() -> dict[str, str]:
    """Each team's colour, the same on every page (see `salescoach.charts.team_colours`)."""
    from salescoach.charts import team_colours as colours

    return colours(teams())


# --------------------------------------------------------------------------------------
# Scorecard summaries (team totals, team medians) shared by the overview and seller pages
# --------------------------------------------------------------------------------------


def scorecard_rows(page_filters: Filters, include_inactive: bool = True) -> pd.DataFrame:
    """The scorecard of the filters' period, only the filtered team's sellers (active only on request)."""
    frame = cached_scorecard(
        page_filters.date_from, page_filters.date_to, page_filters.as_of, teams=page_filters.teams
    )
    frame = frame[frame["team"].isin(teams())]  # never a team the viewer may not see
    frame = page_filters.in_teams(frame)
    if not include_inactive:
        frame = frame[frame["active"].astype(bool)]
    return frame.reset_index(drop=True)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def scorecard_totals(frame: pd.DataFrame) -> dict[str, float | int | None]:
    """The team's numbers from seller rows: sums first, then the ratios as the scorecard defines them.

    Coverage is the pipeline of the sellers who still have target left over what they
    have left to sell; `thin` is the number of thin sellers.
    """
    total = {
        name: float(pd.to_numeric(frame[name], errors="coerce").fillna(0).sum())
        for name in (
            "meetings",
            "calls",
            "meetings_target",
            "offers_sent",
            "offers_won",
            "offers_lost",
            "won_value",
            "lost_value",
            "sales",
            "sales_target",
            "open_pipeline",
            "overdue_offers",
        )
    }
    won, lost = total["offers_won"], total["offers_lost"]
    still_to_sell = frame[pd.to_numeric(frame["quarter_remaining_target"], errors="coerce") > 0]
    remaining = float(still_to_sell["quarter_remaining_target"].sum())
    total.update(
        sellers=len(frame),
        thin=int(frame["thin"].fillna(False).astype(bool).sum()),
        hit_rate=_ratio(won, won + lost),
        offers_per_win=_ratio(won + lost, won),
        meeting_to_offer=_ratio(total["offers_sent"], total["meetings"]),
        pipeline_coverage=_ratio(float(still_to_sell["quarter_pipeline"].sum()), remaining),
        quarter_remaining_target=remaining,
    )
    if frame["meetings_target"].isna().all():
        total["meetings_target"] = None
    if frame["sales_target"].isna().all():
        total["sales_target"] = None
    return total


def team_medians(frame: pd.DataFrame, metrics: Iterable[str]) -> dict[str, float | None]:
    """The median of each metric over the rows given (undefined values left out)."""
    out: dict[str, float | None] = {}
    for name in metrics:
        values = pd.to_numeric(frame[name], errors="coerce").dropna()
        out[name] = float(values.median()) if len(values) else None
    return out


def quarter_name(day: dt.date, lang: str | None = None) -> str:
    """'Q4 2026' for a day in October-December 2026."""
    return i18n.quarter_name(day, lang)


def _picked_seller(key: str) -> None:
    st.session_state[KEY_SELLER] = st.session_state[key] or _ALL


def seller_picker(page_filters: Filters, key: str, label_text: str | None = None) -> None:
    """A seller picker in the page (for a page that needs one seller); it sets the sidebar's seller."""
    frame = page_filters.in_teams(sellers())
    names = dict(zip(frame["seller_id"], frame["seller"], strict=True))
    active = dict(zip(frame["seller_id"], frame["active"], strict=True))
    st.selectbox(
        label_text or t("picker.seller"),
        list(names),
        index=None,
        format_func=lambda sid: f"{names[sid]}{'' if active[sid] else t('sidebar.left')}",
        placeholder=t("picker.seller_placeholder"),
        key=key,
        on_change=_picked_seller,
        args=(key,),
    )
