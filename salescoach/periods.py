"""The periods a page can show and the filters every page binds its queries to (no Streamlit).

`period_bounds` and `period_label` turn a period kind (ISO week, month, quarter, year, the last
full month or quarter, or a custom range) and a day into the days and heading of the period; a
period still running on the latest data date is partial ("to date", `Filters.partial`); `Filters` is what the sidebar
picked (period, team, seller) as query parameters. The sidebar (`salescoach.ui.sidebar`) draws
the widgets; everything here is plain Python, tested without Streamlit (tests/test_ui.py;
tests/test_code_shape.py checks that it loads none).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from salescoach import formatting
from salescoach.i18n import t

# The period kinds; each reads as t("period.kind.<kind>").
PERIOD_KINDS: tuple[str, ...] = ("week", "month", "quarter", "year", "last_month", "last_quarter", "custom")
DEFAULT_PERIOD = "quarter"
# The last whole month or quarter on or before the latest data date, whatever day is picked.
LAST_FULL: dict[str, str] = {"last_month": "month", "last_quarter": "quarter"}
CALENDAR_KINDS: tuple[str, ...] = ("week", "month", "quarter", "year")


def period_bounds(
    kind: str,
    reference: dt.date,
    latest: dt.date | None = None,
    custom_from: dt.date | None = None,
    custom_to: dt.date | None = None,
) -> tuple[dt.date, dt.date]:
    """First and last day of the `kind` period (ISO week, month, quarter, year) holding `reference`.

    A period still running on the `latest` data date ends there ("to date"), so sales
    and prorated targets compare like with like. `last_month` and `last_quarter` are the last
    whole month or quarter on or before `latest` (`reference` when there is no data): on
    1 December 2026, November 2026 and Q3 2026. `custom` takes `custom_from`..`custom_to`
    (swapped when given backwards).
    """
    if kind in LAST_FULL:
        return last_full_period(LAST_FULL[kind], latest or reference)
    if kind == "custom":
        start = custom_from or reference
        end = custom_to or reference
        return (start, end) if start <= end else (end, start)
    start, end = _calendar_period(kind, reference)
    if latest is not None and start <= latest < end:
        end = latest
    return start, end


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the calendar quarter holding `day`."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter_start(day: dt.date) -> dt.date:
    """The first day of the calendar quarter after the one holding `day` (1 Jan 2027 for 1 Dec 2026)."""
    start = quarter_start(day)
    return dt.date(start.year + 1, 1, 1) if start.month == 10 else dt.date(start.year, start.month + 3, 1)


def last_full_period(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The last whole `kind` period ("month", "quarter") that has ended by `day` (the one
    holding `day` when `day` is its last day)."""
    start, end = _calendar_period(kind, day)
    if end > day:
        start, end = _calendar_period(kind, start - dt.timedelta(days=1))
    return start, end


def full_end(kind: str, date_from: dt.date) -> dt.date | None:
    """The calendar last day of the `kind` period starting on `date_from` (None for custom)."""
    base = LAST_FULL.get(kind, kind)
    return _calendar_period(base, date_from)[1] if base in CALENDAR_KINDS else None


def _calendar_period(kind: str, reference: dt.date) -> tuple[dt.date, dt.date]:
    """The whole ISO week, month, quarter or year holding `reference`."""
    if kind == "week":
        start = reference - dt.timedelta(days=reference.weekday())
        return start, start + dt.timedelta(days=6)
    if kind == "month":
        last_day = calendar.monthrange(reference.year, reference.month)[1]
        return reference.replace(day=1), reference.replace(day=last_day)
    if kind == "quarter":
        first_month = 3 * ((reference.month - 1) // 3) + 1
        last_month = first_month + 2
        last_day = calendar.monthrange(reference.year, last_month)[1]
        return dt.date(reference.year, first_month, 1), dt.date(reference.year, last_month, last_day)
    if kind == "year":
        return dt.date(reference.year, 1, 1), dt.date(reference.year, 12, 31)
    raise ValueError(f"unknown period kind {kind!r}; use one of {', '.join(PERIOD_KINDS)}")


def period_label(
    kind: str, date_from: dt.date, date_to: dt.date, latest: dt.date | None = None, lang: str | None = None
) -> str:
    """How the period reads in a heading: 'Q4 2026 to date', 'Week 47 2026', 'November 2026'
    (fi: 'Q4 2026 tähän asti', 'Viikko 47 2026', 'Marraskuu 2026')."""
    if kind == "custom":
        return formatting.format_span(date_from, date_to, lang)
    kind = LAST_FULL.get(kind, kind)
    if kind == "week":
        year, week, _ = date_from.isocalendar()
        name = formatting.week_name(week, year, lang)
    elif kind == "month":
        name = formatting.format_month(date_from, lang, short=False)
        name = name[:1].upper() + name[1:]
    elif kind == "quarter":
        name = formatting.quarter_name(date_from, lang)
    else:
        name = str(date_from.year)
    calendar_end = period_bounds(kind, date_from)[1]
    if latest is not None and date_to == latest and date_to < calendar_end:
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
    full_to: dt.date | None = None  # the period's calendar last day (None: a custom range)

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
    def partial(self) -> bool:
        """True when the period is not over: it ends on the latest data date before its calendar
        end (December 2026 on 1 December is 1 day of 31)."""
        return self.full_to is not None and self.date_to < self.full_to

    @property
    def days(self) -> tuple[int, int]:
        """The period's days so far and in all: (1, 31) on 1 December for December."""
        total = (self.full_to or self.date_to) - self.date_from
        return (self.date_to - self.date_from).days + 1, total.days + 1

    def partial_note(self, lang: str | None = None) -> str:
        """'December 2026 is not over: 1 of its 31 days, up to 1 Dec 2026. …' ('' when whole)."""
        if not self.partial:
            return ""
        done, total = self.days
        name = period_label(self.period_kind, self.date_from, self.full_to, lang=lang)
        return t(
            "period.partial_note",
            lang,
            name=name,
            days=done,
            total=total,
            date=formatting.format_date(self.date_to, lang),
        )

    @property
    def span(self) -> str:
        """The period's days as text: 1.10.–23.11.2026 (fi), 1 Oct – 23 Nov 2026 (en)."""
        return formatting.format_span(self.date_from, self.date_to)

    def describe(self, lang: str | None = None) -> str:
        """One line for a caption: 'Q4 2026 to date · 1 Oct – 23 Nov 2026 · team SMB'."""
        span = formatting.format_span(self.date_from, self.date_to, lang)
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
        full_to=full_end(kind, start),
    )


def default_reference_date(latest: dt.date | None, today: dt.date | None = None) -> dt.date:
    """The day the default period is built around: the data's latest date (today when empty)."""
    return latest or today or dt.date.today()
