"""Deterministic, realistic demo data in the import contract (`salescoach.contract`).

`generate_demo()` returns one DataFrame per contract table. The same arguments
always give identical frames: every random draw comes from one
`numpy.random.SeedSequence(seed)`, and all bulk tables (activities, offers,
deals) are generated as numpy arrays, so 500 sellers x 3 years (millions of
activities) take seconds, not minutes.

The data is a small Finnish B2B sales organisation: two or three teams
("Enterprise", "SMB", "Public sector"; larger organisations get regional teams),
each with a manager who holds roughly monthly 1:1 coaching sessions written in
GROW form. A handful of fixed sellers carry stories a sales director should
spot on the dashboard; they are listed in `DEMO_STORIES`.

Model in short:

* activities: a Poisson count per seller, working day and type, shaped by the
  Finnish calendar (public holidays, the July holiday month, Christmas) and by
  each seller's activity level; future days hold planned activities only;
* offers follow done meetings (about one offer per three meetings), values are
  log-normal by customer segment, outcomes depend on the seller's hit rate,
  existing customers win more often and sellers pull closings into December;
* deals: one per won offer plus repeat orders (no offer) from existing accounts;
* targets: derived from what each seller actually sells, times a personal
  stretch factor, so some sellers are above and some below target;
* 1:1 notes: a topic per session (the seller's story, or the everyday topics in
  turn), written from that month's numbers with the templates in
  `salescoach.demo_notes`.

Each step builds one dataclass (`DemoCalendar`, `SellerRoster`, `CustomerBook`,
`Activities`, `Offers`, `Deals`, `MonthlyNumbers`, `Targets`) of numpy arrays,
one entry per seller, customer, activity, offer or deal.
"""

from __future__ import annotations

import copy
import datetime
from calendar import month_name as _MONTH_NAMES
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from salescoach.contract import ACTIVITY_TYPES, TABLES
from salescoach.demo_history import OfferMemory, offer_memory
from salescoach.demo_notes import EVERYDAY_TOPICS, NoteText, render_note

__all__ = ["COACHING_STORIES", "DEMO_STORIES", "STORY_ROLES", "demo_stories", "generate_demo"]

# --------------------------------------------------------------------------------------
# Stories (for the default id width; `demo_stories(n)` gives the ids for n sellers)
# --------------------------------------------------------------------------------------

DEMO_STORIES: dict[str, str] = {
    "S02": (
        "Closes almost everything in the December rush and starts every January with an "
        "empty pipeline: hardly any offers sent in December or early January and nothing "
        "expected to close in Q1."
    ),
    "S03": ("Does far fewer activities than the rest of the team but wins well over 60% of the offers sent."),
    "S04": (
        "Keeps pushing the same offers' close dates quarter after quarter: five big offers sent "
        "more than eight months ago are still open, stuck in Negotiation, and each was moved to "
        "the next quarter's end a few days after every quarter ended."
    ),
    "S06": (
        "Like S02, empties the pipeline in December and starts January with almost nothing "
        "expected to close in Q1."
    ),
    "S07": (
        "The busiest seller in the team with the most calls and meetings, but wins fewer "
        "than 15% of offers because offers go out before needs are qualified."
    ),
    "S10": (
        "Left the company about five months ago (inactive); open offers and accounts were "
        "handed over to S09 and there is no data after the last day."
    ),
    "S12": (
        "Joined about four months ago, has no data before the start date and is ramping "
        "up: activity grows month by month."
    ),
}
COACHING_STORIES: dict[str, str] = {
    "S01": (
        "Coached every week for the last three months (a 7-day cadence) and does what was "
        "agreed: every action of the seller's done on time."
    ),
    "S04": "Has had no 1:1 for two months: the 30-day cadence is long overdue.",
    "S07": (
        "After the 1:1 about qualifying needs first, agreed: needs_share ≥ 0.5 within four weeks. "
        "The share of meetings about the customer's needs went from about a third to about two thirds: met."
    ),
    "Public sector": (
        "The team's manager keeps missing their own actions: of the manager's actions due in the "
        "last months most are still open or were done late."
    ),
}
"""The coaching loop's stories beyond a seller's own numbers (the seller, or the team whose
manager carries it), as the seller page and the coaching page show them."""

STORY_ROLES: dict[str, str] = {
    "S02": "thin_january",
    "S03": "high_hit_rate",
    "S04": "pushes_close_dates",
    "S06": "thin_january",
    "S07": "busy_low_conversion",
    "S10": "left",
    "S12": "new_seller",
}

# 0-based seller positions of the stories
_THIN = (1, 5)
_HIGH_HIT = 2
_BUSY = 6
_LEAVER = 9
_LEAVER_SUCCESSOR = 8
_NEW = 11
_WEEKLY = 0
_UNCOACHED = 3
_LATE_MANAGER_TEAM = 2  # the team whose manager keeps missing their own actions

DEFAULT_DEMO_CADENCE = 30  # days: the demo managers hold monthly 1:1s
WEEKLY_CADENCE = 7
WEEKLY_DAYS = 91  # the weekly seller's 1:1s: every week of the last three months
UNCOACHED_DAYS = 62  # the uncoached seller's last 1:1 is at least this many days before `end`
NEEDS_STORY_DAYS = 75  # S07's 1:1 about needs is held this many days before `end` (a working day)
NEEDS_RATE_AFTER = 0.7  # ... and from the next day S07 discusses needs in this share of meetings
NEEDS_TARGET = 0.5
NEEDS_DUE_DAYS = 28
MANAGER_LATE_DAYS = 120  # the late manager's actions due in these days before `end` slip
STORY_SEED = 16  # the coaching loop's own notes and actions draw from np.random.default_rng(16)
_COACHING_ROLES = ("coached_weekly", "no_recent_one_on_one")  # notes as a seller without a story

NEW_SELLER_TENURE_DAYS = 126  # the new seller starts this many days before `end`
LEAVER_DAYS_BEFORE_END = 160  # the leaver's last working day is this many days before `end`
FUTURE_DAYS = 28  # planned activities reach this far beyond `end`
COACHING_MONTHS = 6  # 1:1 notes cover this many months up to `end`


def demo_stories(sellers: int = 12) -> dict[str, str]:
    """`DEMO_STORIES` with the seller ids used when generating `sellers` sellers."""
    width = _id_width(sellers, 2)
    out = {}
    for sid, story in DEMO_STORIES.items():
        number = int(sid[1:])
        if number <= sellers:
            out[f"S{number:0{width}d}"] = story
    return out


# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

_FIRST_NAMES = (
    "Antti Mikko Juha Jukka Timo Matti Kari Janne Ville Tuomas Sami Petri Jari Marko Lauri "
    "Eero Olli Teemu Heikki Pekka Aleksi Joonas Juho Otto Eetu Anna Maria Laura Johanna "
    "Minna Sari Tiina Päivi Hanna Kaisa Elina Riikka Saara Emmi Noora Aino Veera Katja "
    "Heidi Satu Outi Leena Marjo Jenni Iida"
).split()
_LAST_NAMES = (
    "Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen "
    "Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen "
    "Salo Laitinen Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen "
    "Leinonen Hiltunen Kallio Lindholm Nurmi Peltonen Honkanen Aaltonen Pitkänen Kettunen "
    "Seppälä Väisänen Hakala Räsänen Manninen Toivonen Lindqvist Kokkonen Oksanen Miettinen"
).split()
_CITIES = (
    "Helsinki Tampere Turku Oulu Jyväskylä Kuopio Lahti Pori Joensuu Lappeenranta "
    "Hämeenlinna Vaasa Seinäjoki Rovaniemi Mikkeli Kotka Salo Porvoo Kokkola Kajaani"
).split()
_CITY_GENITIVES = (
    "Helsingin Espoon Tampereen Vantaan Oulun Turun Jyväskylän Kuopion Lahden Porin Kouvolan "
    "Joensuun Lappeenrannan Hämeenlinnan Vaasan Seinäjoen Rovaniemen Mikkelin Kotkan Salon "
    "Porvoon Kokkolan Hyvinkään Lohjan Järvenpään Rauman Kajaanin Keravan Savonlinnan Nokian "
    "Kangasalan Ylöjärven Riihimäen Kirkkonummen Vihdin Raision Kaarinan Imatran Tornion "
    "Iisalmen Kemin Valkeakosken Sastamalan Varkauden Kuusamon Raahen Forssan Heinolan "
    "Lempäälän Tuusulan"
).split()
_PUBLIC_UNITS = (
    "kaupunki",
    "kaupungin tilakeskus",
    "kaupungin kasvatus ja koulutus",
    "kaupungin sosiaali- ja terveyspalvelut",
    "kaupungin tekninen toimi",
    "kaupungin ICT-palvelut",
    "kaupunginkirjasto",
    "kaupungin liikuntapalvelut",
    "Vesi Oy",
    "Energia Oy",
    "Satama Oy",
    "Pysäköinti Oy",
    "Vuokra-asunnot Oy",
    "seudun joukkoliikenne",
    "kansalaisopisto",
)
_PUBLIC_EXTRA = (
    "Pirkanmaan hyvinvointialue",
    "Varsinais-Suomen hyvinvointialue",
    "Pohjois-Pohjanmaan hyvinvointialue",
    "Keski-Suomen hyvinvointialue",
    "Pohjois-Savon hyvinvointialue",
    "Päijät-Hämeen hyvinvointialue",
    "Satakunnan hyvinvointialue",
    "Lapin hyvinvointialue",
    "Kanta-Hämeen hyvinvointialue",
    "Etelä-Karjalan hyvinvointialue",
    "Tampereen yliopisto",
    "Turun yliopisto",
    "Oulun yliopisto",
    "Jyväskylän yliopisto",
    "Itä-Suomen yliopisto",
    "Metropolia Ammattikorkeakoulu",
    "Tampereen ammattikorkeakoulu",
    "Väylävirasto",
    "Verohallinto",
    "Maanmittauslaitos",
    "Opetushallitus",
    "Tilastokeskus",
    "Ruokavirasto",
    "Senaatti-kiinteistöt",
    "Metsähallitus",
    "Ilmatieteen laitos",
    "Traficom",
    "Kela",
)
_BRANDS = (
    "Kivi Metsä Järvi Koski Laakso Vuori Tuuli Aalto Saari Ranta Kallio Niemi Lahti Kuusi "
    "Koivu Mänty Pihlaja Tammi Lumi Routa Revontuli Pohjola Karhu Ilves Kotka Joutsen Hirvi "
    "Susi Sampo Kaleva Tapio Ahti Aura Kymi Saimaa Meri Halla Kide Helmi Nordic"
).split()
_BRAND_HEADS = (
    "Kivi Metsä Järvi Koivu Tammi Kuusi Mänty Pihlaja Lumi Tuuli Karhu Kotka Ilves Hirvi Joutsen Susi Halla "
    "Meri Routa Kide Revon Sini Hopea Kulta Rauta Tuli Vesi Aamu Ilta Pohjan"
).split()
_BRAND_TAILS = (
    "laakso ranta koski vuori saari niemi lahti mäki harju kallio salo joki lampi kangas nummi puro vaara "
    "rinne aho pelto virta niitty kumpu"
).split()
_SECTORS = (
    "Logistics Rakennus Tekniikka Systems Solutions Foods Energia Metalli Consulting Kone "
    "Data Health Puu Kuljetus Sähkö Automation Group Trading Kiinteistöt Pakkaus Print "
    "Security Software Talotekniikka Konepaja Elektroniikka Kemia Muovi Teollisuus Palvelut "
    "Design Marine Agro Hotels Retail Clinic Hydraulics Steel Paper Transport"
).split()

_TEAM_BASES = ("Enterprise", "SMB", "Public sector")
_SEGMENTS = ("Enterprise", "Mid-market", "SMB", "Public sector")
_SEGMENT_VALUE = np.array([26000.0, 11000.0, 3600.0, 17000.0])  # median offer value, euros
_SEGMENT_REPEAT_RATE = np.array([3.5, 3.0, 2.0, 2.0])  # repeat orders per existing account/year

# Per team base: activities per working day, in ACTIVITY_TYPES order (call, meeting, email, other)
_RATES = np.array(
    [
        [1.7, 1.6, 3.0, 0.6],  # Enterprise
        [3.3, 2.6, 2.5, 0.4],  # SMB
        [1.5, 1.4, 3.0, 0.7],  # Public sector
    ]
)
_ACCOUNTS = np.array([120, 300, 90])  # accounts per seller: a long prospect list (the customer ladder)
_EXISTING_SHARE = np.array([0.125, 0.1, 0.15])  # of which existing customers (15, 30, 13 a seller)
_PROSPECT_WINDOW = 0.35  # share of the prospect list a seller works on at any time
_PULL_SHARE = 0.65  # offers expected around the turn of the year that sellers pull into December
_PLAN_DAYS = np.array([40.0, 18.0, 50.0])  # median days from offer to expected close
_CANCEL = np.array([0.03, 0.08, 0.0, 0.04])  # cancelled share per activity type
_HAS_CUSTOMER = np.array([0.97, 1.0, 0.92, 0.35])

_LOSS_REASONS = np.array(["price", "competitor", "timing", "no decision", "product fit"], dtype=object)
_LOSS_WEIGHTS = np.array([0.30, 0.25, 0.15, 0.20, 0.10])
_LOSS_WEIGHTS_BUSY = np.array([0.15, 0.15, 0.10, 0.35, 0.25])

# Seasonality of targets by calendar month (sales, meetings)
_TARGET_SEASON = np.array([0.85, 0.95, 1.05, 1.0, 1.05, 0.95, 0.45, 0.85, 1.05, 1.1, 1.1, 1.45])
_MEETING_SEASON = np.array([0.95, 1.0, 1.05, 1.0, 1.0, 0.85, 0.3, 0.85, 1.05, 1.05, 1.05, 0.75])

_ORD_EPOCH = datetime.date(1970, 1, 1).toordinal()
_NAT = np.datetime64("NaT", "ns")


# --------------------------------------------------------------------------------------
# Calendar helpers (dates are int days since 1970-01-01 throughout)
# --------------------------------------------------------------------------------------


def _to_day(date: datetime.date) -> int:
    return date.toordinal() - _ORD_EPOCH


def _from_day(day) -> datetime.date:
    return datetime.date.fromordinal(int(day) + _ORD_EPOCH)


def _months(days) -> np.ndarray:
    """Month index (months since 1970-01) of int days."""
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype("int64")


def _month_start(months) -> np.ndarray:
    return np.asarray(months, dtype="int64").astype("datetime64[M]").astype("datetime64[D]").astype("int64")


def _month_of_year(months) -> np.ndarray:
    return np.asarray(months) % 12 + 1


def _year(months) -> np.ndarray:
    return np.asarray(months) // 12 + 1970


def _weekday(days) -> np.ndarray:
    return (np.asarray(days) + 3) % 7  # Monday = 0


def _snap_back(days) -> np.ndarray:
    """Weekend days move back to Friday."""
    weekday = _weekday(days)
    return days - np.where(weekday == 5, 1, np.where(weekday == 6, 2, 0))


def _snap_forward(days) -> np.ndarray:
    """Weekend days move on to Monday."""
    weekday = _weekday(days)
    return days + np.where(weekday == 5, 2, np.where(weekday == 6, 1, 0))


def _easter(year: int) -> datetime.date:
    """Easter Sunday (the anonymous Gregorian algorithm; its letters are the algorithm's own)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def _finnish_holidays(first_year: int, last_year: int) -> list[int]:
    out = []
    for year in range(first_year, last_year + 1):
        easter = _easter(year)
        midsummer_eve = datetime.date(year, 6, 19)
        midsummer_eve += datetime.timedelta(days=(4 - midsummer_eve.weekday()) % 7)
        fixed = [(1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26)]
        days = [datetime.date(year, month, day) for month, day in fixed]
        days += [easter + datetime.timedelta(days=offset) for offset in (-2, 1, 39)]
        days.append(midsummer_eve)
        out.extend(_to_day(day) for day in days)
    return out


@dataclass(frozen=True)
class DemoCalendar:
    """The days the demo covers, `years` years up to `end` plus `FUTURE_DAYS` of planned work,
    with each day's working-day flag and seasonal activity level."""

    end_date: datetime.date
    start: int  # first day (int days since 1970-01-01)
    end: int  # the last day with data
    horizon: int  # the last day with planned activities
    days: np.ndarray
    month: np.ndarray  # month index of each day
    month_of_year: np.ndarray
    day_of_month: np.ndarray
    working: np.ndarray
    season: np.ndarray  # activity level of each day (0 on days off)
    start_month: int
    end_month: int
    quarter_end_month: int  # the last month of `end`'s quarter

    @classmethod
    def spanning(cls, end: datetime.date, years: int) -> DemoCalendar:
        try:
            first = end.replace(year=end.year - years)
        except ValueError:  # 29 February
            first = end.replace(year=end.year - years, day=28)
        start, last = _to_day(first) + 1, _to_day(end)
        days = np.arange(start, last + FUTURE_DAYS + 1, dtype=np.int64)
        month = _months(days)
        month_of_year = _month_of_year(month)
        day_of_month = days - _month_start(month) + 1
        holidays = np.isin(days, _finnish_holidays(int(_year(month[0])), int(_year(month[-1])) + 1))
        working = (_weekday(days) < 5) & ~holidays
        end_month = int(_months(last))
        quarter_end_month_of_year = ((end.month - 1) // 3) * 3 + 3
        return cls(
            end_date=end,
            start=start,
            end=last,
            horizon=last + FUTURE_DAYS,
            days=days,
            month=month,
            month_of_year=month_of_year,
            day_of_month=day_of_month,
            working=working,
            season=_season(working, month_of_year, day_of_month),
            start_month=int(_months(start)),
            end_month=end_month,
            quarter_end_month=end_month + (quarter_end_month_of_year - end.month),
        )

    @property
    def day_count(self) -> int:
        return len(self.days)

    def index(self, days) -> np.ndarray:
        """The position of `days` in `self.days`."""
        return np.asarray(days) - self.start


def _season(working: np.ndarray, month_of_year: np.ndarray, day_of_month: np.ndarray) -> np.ndarray:
    """Each day's activity level: working days 1, the July holiday month a quarter, quiet weeks
    around midsummer, early August and Christmas."""
    season = np.where(working, 1.0, 0.0)
    season = np.where(month_of_year == 7, season * 0.25, season)
    season = np.where((month_of_year == 6) & (day_of_month >= 22), season * 0.6, season)
    season = np.where((month_of_year == 8) & (day_of_month <= 10), season * 0.65, season)
    christmas = ((month_of_year == 12) & (day_of_month >= 21)) | ((month_of_year == 1) & (day_of_month <= 6))
    return np.where(christmas, season * 0.3, season)


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def _id_width(count: int, minimum: int) -> int:
    return max(minimum, len(str(max(int(count), 1))))


def _ids(prefix: str, count: int, minimum: int) -> np.ndarray:
    width = _id_width(count, minimum)
    out = np.empty(count, dtype=object)
    out[:] = [f"{prefix}{i:0{width}d}" for i in range(1, count + 1)]
    return out


def _objects(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def _dates(days, missing=None) -> pd.Series:
    values = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[ns]")
    if missing is not None:
        values = np.where(missing, _NAT, values)
    return pd.Series(values)


def _bools(values, missing=None) -> pd.Series:
    values = np.asarray(values, dtype=bool)
    mask = np.zeros(len(values), dtype=bool) if missing is None else np.asarray(missing, dtype=bool)
    return pd.Series(pd.arrays.BooleanArray(values, mask))


def _frame(table: str, columns: dict[str, pd.Series]) -> pd.DataFrame:
    names = TABLES[table].column_names
    return pd.DataFrame({name: columns[name].reset_index(drop=True) for name in names})


def _logit(share):
    share = np.clip(share, 1e-6, 1 - 1e-6)
    return np.log(share / (1 - share))


def _round_to(values, step):
    return np.round(np.asarray(values) / step) * step


def _pick_names(
    rng: np.random.Generator, pool: list[str], count: int, qualifiers: list[str], sep: str
) -> list[str]:
    """`count` distinct names from `pool`, extended with qualifiers when the pool runs out."""
    order = rng.permutation(len(pool))
    names = [pool[i] for i in order[: min(count, len(pool))]]
    extra = 0
    while len(names) < count:
        qualifier = qualifiers[(extra // len(pool)) % len(qualifiers)]
        round_number = extra // (len(pool) * len(qualifiers))
        suffix = qualifier if round_number == 0 else f"{qualifier} {round_number + 1}"
        names.append(f"{pool[order[extra % len(pool)]]}{sep}{suffix}")
        extra += 1
    return names


def _long_date(day) -> str:
    """'23 November 2026' for an int day."""
    date = _from_day(day)
    return f"{date.day} {_MONTH_NAMES[date.month]} {date.year}"


def _pct(numerator, denominator) -> int:
    return int(round(100 * numerator / denominator)) if denominator else 0


def _month_name(month_index) -> str:
    """'November 2026' for a month index."""
    month = int(month_index)
    return f"{_MONTH_NAMES[month % 12 + 1]} {month // 12 + 1970}"


# --------------------------------------------------------------------------------------
# Sellers and customers
# --------------------------------------------------------------------------------------


@dataclass
class SellerRoster:
    """The sellers (one entry per seller in each array), their teams and how each of them works."""

    ids: np.ndarray
    names: list[str]
    team: np.ndarray  # team index of each seller
    team_kind: np.ndarray  # index into _TEAM_BASES: the kind of selling the seller's team does
    team_names: list[str]
    managers: list[str]  # one per team
    join: np.ndarray  # first working day
    leave: np.ndarray  # first day without the seller
    active: np.ndarray  # still with the company at the end
    successor: np.ndarray  # who takes over a leaver's pipeline and accounts
    activity_level: np.ndarray  # (seller, activity type): multiplier on the team kind's rates
    offer_rate: np.ndarray  # share of done meetings followed by an offer
    win_rate: np.ndarray
    existing_share: np.ndarray  # share of meetings with existing customers
    needs_rate: np.ndarray  # share of meetings where needs are discussed
    needs_blank_rate: np.ndarray  # share of meetings where the needs field is left empty
    sales_target_factor: np.ndarray
    meetings_target_factor: np.ndarray
    busy_loss_reasons: np.ndarray = field(init=False)  # loses for the busy seller's reasons
    thin_january: np.ndarray = field(init=False)
    role: list[str] = field(init=False)  # the story each seller carries ("" for none)
    needs_day: int = field(init=False, default=-1)  # the busy seller's 1:1 about needs (-1: none)

    def __post_init__(self) -> None:
        self.busy_loss_reasons = np.zeros(self.count, dtype=bool)
        self.thin_january = np.zeros(self.count, dtype=bool)
        self.role = [""] * self.count

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def team_count(self) -> int:
        return len(self.team_names)


def _make_sellers(count: int, calendar: DemoCalendar, rng: np.random.Generator) -> SellerRoster:
    team, team_kind, team_names = _team_layout(count)
    pool = [f"{first} {last}" for first in _FIRST_NAMES for last in _LAST_NAMES]
    initials = [f"{letter}." for letter in "ABEHJKLMNPRSTV"]
    names = _pick_names(rng, pool, count + len(team_names), initials, " ")
    # qualified names read "Antti Virtanen K." -> move the initial before the last name
    names = [_middle_initial(name) for name in names]
    join, leave = _tenures(count, calendar, rng)
    roster = SellerRoster(
        ids=_ids("S", count, 2),
        names=names[len(team_names) :],
        team=team,
        team_kind=team_kind,
        team_names=team_names,
        managers=names[: len(team_names)],
        join=join,
        leave=leave,
        active=leave > calendar.end,
        successor=_successors(team, join, leave, calendar, rng),
        activity_level=np.clip(rng.lognormal(0.0, 0.15, (count, 4)), 0.7, 1.3)
        * np.clip(rng.lognormal(0.0, 0.12, (count, 1)), 0.8, 1.2),
        offer_rate=rng.uniform(0.27, 0.41, count),
        win_rate=rng.uniform(0.26, 0.42, count),
        existing_share=rng.uniform(0.35, 0.6, count),
        needs_rate=rng.uniform(0.55, 0.85, count),
        needs_blank_rate=rng.uniform(0.05, 0.2, count),
        sales_target_factor=rng.uniform(0.85, 1.2, count),
        meetings_target_factor=rng.uniform(0.9, 1.2, count),
    )
    _cast_stories(roster)
    # sellers who joined during the period have fewer existing customers
    roster.existing_share = np.where(
        join > calendar.start, np.minimum(roster.existing_share, 0.35), roster.existing_share
    )
    return roster


def _team_layout(count: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each seller's team and team kind, and the team names: the three kinds, or regional teams
    of each kind for a larger organisation (about 12 sellers a team)."""
    team_count = min(3, count) if count <= 36 else int(np.ceil(count / 12))
    team = (np.arange(count) * team_count) // count
    team_kind = (np.arange(team_count) % 3)[team]
    if team_count <= 3:
        return team, team_kind, [_TEAM_BASES[j] for j in range(team_count)]
    team_names = []
    for j in range(team_count):
        region = _CITIES[(j // 3) % len(_CITIES)]
        round_number = j // (3 * len(_CITIES))
        team_names.append(f"{_TEAM_BASES[j % 3]} {region}" + (f" {round_number + 1}" if round_number else ""))
    return team, team_kind, team_names


def _tenures(count: int, calendar: DemoCalendar, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Each seller's first day and first day without them: a few beyond the story sellers join or
    leave during the period; the new seller and the leaver of the stories at fixed days."""
    join = np.full(count, calendar.start, dtype=np.int64)
    leave = np.full(count, calendar.horizon + 1, dtype=np.int64)
    churn = rng.random(count)
    churn_day = rng.random(count)
    window = calendar.end - calendar.start
    for i in range(12, count):
        if churn[i] < 0.06 and window > 200:
            join[i] = int(_snap_forward(calendar.start + 90 + int(churn_day[i] * (window - 150))))
        elif churn[i] < 0.12 and window > 200:
            leave[i] = int(_snap_forward(calendar.start + 90 + int(churn_day[i] * (window - 120)))) + 1
    if count > _NEW:
        join[_NEW] = int(_snap_forward(calendar.end - NEW_SELLER_TENURE_DAYS))
    if count > _LEAVER:
        last_day = int(_snap_back(calendar.end - LEAVER_DAYS_BEFORE_END))
        leave[_LEAVER] = last_day + 1
    return join, leave


def _successors(
    team: np.ndarray, join: np.ndarray, leave: np.ndarray, calendar: DemoCalendar, rng: np.random.Generator
) -> np.ndarray:
    """Who takes over each leaver: a steady teammate (never joined or left during the period)."""
    successor = np.arange(len(team))
    steady = (join == calendar.start) & (leave > calendar.horizon)
    for i in np.flatnonzero(leave <= calendar.horizon):
        if i == _LEAVER and steady[_LEAVER_SUCCESSOR]:
            successor[i] = _LEAVER_SUCCESSOR
            continue
        mates = np.flatnonzero(steady & (team == team[i]))
        if len(mates) == 0:
            mates = np.flatnonzero(steady)
        if len(mates):
            successor[i] = mates[int(rng.integers(len(mates)))]
    return successor


def _cast_stories(roster: SellerRoster) -> None:
    """Give the story sellers (`DEMO_STORIES`) their roles and the habits the story needs."""
    count = roster.count
    for i in _THIN:
        if i < count:
            roster.thin_january[i] = True
            roster.role[i] = "thin_january"
    if count > _HIGH_HIT:
        i = _HIGH_HIT
        roster.role[i] = "high_hit_rate"
        roster.activity_level[i] = [0.4, 0.5, 0.45, 0.4]
        roster.win_rate[i], roster.offer_rate[i], roster.needs_rate[i] = 0.76, 0.32, 0.9
        roster.existing_share[i] = 0.55
        roster.sales_target_factor[i] = 0.85
    if count > _BUSY:
        i = _BUSY
        roster.role[i] = "busy_low_conversion"
        roster.activity_level[i] = [2.4, 1.6, 2.0, 1.5]
        roster.win_rate[i], roster.offer_rate[i], roster.needs_rate[i] = 0.06, 0.38, 0.35
        roster.existing_share[i] = 0.25
        roster.sales_target_factor[i] = 1.3
        roster.busy_loss_reasons[i] = True
    if count > _NEW:
        roster.role[_NEW] = "new_seller"
        roster.existing_share[_NEW] = 0.3
    if count > _LEAVER:
        roster.role[_LEAVER] = "left"
    if count > _WEEKLY:
        roster.role[_WEEKLY] = "coached_weekly"
    if count > _UNCOACHED:
        roster.role[_UNCOACHED] = "no_recent_one_on_one"
    # PUSHER ("pushes_close_dates") has no habit here: its offers are changed last, by
    # salescoach.demo_history, so that the 1:1 notes and every other table stay as they were.


def _middle_initial(name: str) -> str:
    parts = name.split(" ")
    if len(parts) == 3 and parts[2].endswith("."):
        return f"{parts[0]} {parts[2]} {parts[1]}"
    if len(parts) == 4 and parts[2].endswith("."):
        return f"{parts[0]} {parts[2]} {parts[1]} {parts[3]}"
    return name


@dataclass(frozen=True)
class CustomerBook:
    """Every seller's accounts, stored seller by seller: the first `existing_accounts[s]` of seller
    s's accounts are existing customers, the rest prospects."""

    accounts: np.ndarray  # per seller: how many accounts
    existing_accounts: np.ndarray  # per seller: how many of them are existing customers
    first_account: np.ndarray  # per seller: the position of their first account
    owner: np.ndarray  # per customer: the seller
    existing: np.ndarray  # per customer
    segment: np.ndarray  # per customer: index into _SEGMENTS
    names: np.ndarray
    ids: np.ndarray  # per customer, plus a None at index -1 (an activity without a customer)
    row_order: np.ndarray  # the customers table's rows, sorted by id

    @property
    def count(self) -> int:
        return len(self.owner)


def _make_customers(roster: SellerRoster, rng: np.random.Generator) -> CustomerBook:
    kind = roster.team_kind
    accounts = np.maximum(6, np.round(_ACCOUNTS[kind] * rng.uniform(0.8, 1.2, roster.count))).astype(np.int64)
    existing_accounts = np.maximum(
        2, np.round(accounts * _EXISTING_SHARE[kind] * rng.uniform(0.8, 1.2, roster.count))
    ).astype(np.int64)
    first_account = np.concatenate([[0], np.cumsum(accounts)[:-1]])
    total = int(accounts.sum())
    owner = np.repeat(np.arange(roster.count), accounts)
    position = np.arange(total) - first_account[owner]
    draw = rng.random(total)
    owner_kind = kind[owner]
    segment = np.where(
        owner_kind == 0,
        np.where(draw < 0.65, 0, 1),
        np.where(owner_kind == 1, np.where(draw < 0.75, 2, 1), 3),
    )
    names = _customer_names(segment, rng)
    # customer ids in a mixed order (as a CRM numbers them), plus a None slot at index -1
    order = rng.permutation(total)
    ids = np.empty(total + 1, dtype=object)
    ids[:total] = _ids("C", total, 5)[order]
    ids[total] = None
    return CustomerBook(
        accounts=accounts,
        existing_accounts=existing_accounts,
        first_account=first_account,
        owner=owner,
        existing=position < existing_accounts[owner],
        segment=segment,
        names=names,
        ids=ids,
        row_order=np.argsort(order, kind="stable"),
    )


def _customer_names(segment: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Companies for the private sector (with a legal form that fits their size), public bodies
    for the public sector."""
    total = len(segment)
    company_pool = [f"{brand} {sector}" for brand in _BRANDS for sector in _SECTORS]
    company_pool += [
        f"{head}{tail} {sector}" for head in _BRAND_HEADS for tail in _BRAND_TAILS for sector in _SECTORS
    ]
    company_pool += [f"{sector} {last}" for last in _LAST_NAMES for sector in _SECTORS[:20]]
    public_pool = [f"{city} {unit}" for city in _CITY_GENITIVES for unit in _PUBLIC_UNITS] + list(
        _PUBLIC_EXTRA
    )
    is_public = segment == 3
    public_count = int(is_public.sum())
    companies = iter(_pick_names(rng, company_pool, total - public_count, _CITIES, " "))
    public_units = ["hankinnat", "ICT", "kiinteistöt", "kehittäminen"]
    publics = iter(_pick_names(rng, public_pool, public_count, public_units, ", "))
    legal_form_draw = rng.random(total)
    names = np.empty(total, dtype=object)
    for i in range(total):
        if is_public[i]:
            names[i] = next(publics)
            continue
        draw = legal_form_draw[i]
        if segment[i] == 0:
            legal_form = "Oyj" if draw < 0.3 else ("Oy Ab" if draw < 0.45 else "Oy")
        elif segment[i] == 2:
            legal_form = "Ky" if draw < 0.15 else ("Oy Ab" if draw < 0.22 else "Oy")
        else:
            legal_form = "Oy Ab" if draw < 0.12 else "Oy"
        names[i] = f"{next(companies)} {legal_form}"
    return names


# --------------------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activities:
    """Every activity: its day, seller, type (index into ACTIVITY_TYPES), status (0 done,
    1 planned, 2 cancelled), customer (-1: none) and needs answer."""

    day: np.ndarray
    seller: np.ndarray
    kind: np.ndarray
    status: np.ndarray
    customer: np.ndarray
    needs: np.ndarray
    needs_missing: np.ndarray

    @property
    def count(self) -> int:
        return len(self.day)


def _make_activities(
    roster: SellerRoster, customers: CustomerBook, calendar: DemoCalendar, rng: np.random.Generator
) -> Activities:
    sellers, kinds = roster.count, len(ACTIVITY_TYPES)
    counts = rng.poisson(_activity_rates(roster, calendar)).ravel()
    cells = np.flatnonzero(counts)
    cell = np.repeat(cells, counts[cells])
    del counts, cells
    day = calendar.start + cell // (sellers * kinds)
    seller = ((cell // kinds) % sellers).astype(np.int64)
    kind = (cell % kinds).astype(np.int8)
    del cell

    draw = rng.random(len(day))
    past = day <= calendar.end
    status = np.where(past, np.where(draw < _CANCEL[kind], 2, 0), 1).astype(np.int8)
    stale = past & (day > calendar.end - 7) & (kind <= 1) & (draw > 0.985)  # not yet marked done
    status[stale] = 1
    customer = _activity_customers(roster, customers, calendar, day, seller, kind, rng)
    meeting_done = (kind == 1) & (status == 0)
    blank = rng.random(len(day)) < roster.needs_blank_rate[seller]
    rate = roster.needs_rate[seller]
    if roster.count > _BUSY:  # the busy seller qualifies needs after the 1:1 about it
        rate = np.where((seller == _BUSY) & (day > roster.needs_day), NEEDS_RATE_AFTER, rate)
    needs = rng.random(len(day)) < rate
    return Activities(
        day=day,
        seller=seller,
        kind=kind,
        status=status,
        customer=customer,
        needs=needs,
        needs_missing=~meeting_done | blank,
    )


def _needs_story_day(roster: SellerRoster, calendar: DemoCalendar, notes_rng: np.random.Generator) -> int:
    """The day of the busy seller's 1:1 about qualifying needs first: their monthly 1:1 of the
    month `NEEDS_STORY_DAYS` before `end`, read ahead from (a copy of) the generator the 1:1s are
    drawn from, with the draws `_notes` and `_note_days` make (so the 1:1 is held as always and
    their activities change only after it). -1 without that seller."""
    if roster.count <= _BUSY:
        return -1
    wanted = int(_months(_snap_forward(calendar.end - NEEDS_STORY_DAYS)))
    slot = notes_rng.integers(0, 12, roster.count)
    notes_rng.integers(0, len(EVERYDAY_TOPICS), roster.count)
    for seller in range(roster.count):
        for month in range(calendar.end_month - COACHING_MONTHS + 1, calendar.end_month + 1):
            jitter = int(notes_rng.integers(-2, 3))
            notes_rng.random()
            if seller == _BUSY and month == wanted:
                return int(_snap_forward(_month_start(month) + 2 + int(slot[seller]) + jitter))
    return -1


def _activity_rates(roster: SellerRoster, calendar: DemoCalendar) -> np.ndarray:
    """(day, seller, type): the expected number of activities, by the calendar, the seller's
    presence and ramp-up, the share planned ahead on future days and the stories."""
    days, kinds = calendar.days, len(ACTIVITY_TYPES)
    present = (days[:, None] >= roster.join[None, :]) & (days[:, None] < roster.leave[None, :])
    tenure = (days[:, None] - roster.join[None, :]).astype(float)
    ramp = np.where(
        roster.join[None, :] > calendar.start, np.clip(0.15 + 0.85 * tenure / 120.0, 0.15, 1.0), 1.0
    )
    presence = np.where(present, ramp, 0.0)
    # (day, type): the calendar, the share planned on future days and November's push on meetings
    season = np.repeat(calendar.season[:, None], kinds, axis=1)
    season[:, 1] *= np.where(calendar.month_of_year == 11, 1.1, 1.0)
    future = (days - calendar.end - 1) / FUTURE_DAYS
    planned_share = np.stack(
        [0.25 - 0.2 * future, 0.9 - 0.7 * future, np.full(calendar.day_count, 0.05), 0.4 - 0.3 * future],
        axis=1,
    )
    season = np.where((days > calendar.end)[:, None], season * planned_share, season)
    per_seller = _RATES[roster.team_kind] * roster.activity_level  # (seller, type)
    rates = season[:, None, :] * presence[:, :, None] * per_seller[None, :, :]
    # thin-January sellers: fewer meetings from December to mid January
    month_of_year, day_of_month = calendar.month_of_year, calendar.day_of_month
    december_to_mid_january = ((month_of_year == 12) | ((month_of_year == 1) & (day_of_month <= 15)))[:, None]
    rates[:, :, 1] *= np.where(december_to_mid_january & roster.thin_january[None, :], 0.6, 1.0)
    return rates


def _activity_customers(
    roster: SellerRoster,
    customers: CustomerBook,
    calendar: DemoCalendar,
    day: np.ndarray,
    seller: np.ndarray,
    kind: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Each activity's customer (-1: none): an existing customer, or one of the prospects the
    seller works on at the time (a sliding third of the prospect list)."""
    has_customer = rng.random(len(day)) < _HAS_CUSTOMER[kind]
    existing = rng.random(len(day)) < roster.existing_share[seller]
    pick = rng.random(len(day))
    existing_count = customers.existing_accounts[seller]
    prospect_count = customers.accounts[seller] - existing_count
    first = roster.join[seller]
    last = np.minimum(roster.leave[seller], calendar.horizon + 1)
    progress = np.clip((day - first) / np.maximum(1, last - first), 0.0, 1.0)
    prospect = ((progress * (1 - _PROSPECT_WINDOW) + pick * _PROSPECT_WINDOW) * prospect_count).astype(
        np.int64
    )
    position = np.where(
        existing,
        (pick * existing_count).astype(np.int64),
        existing_count + np.minimum(prospect, prospect_count - 1),
    )
    return np.where(has_customer, customers.first_account[seller] + position, -1)


# --------------------------------------------------------------------------------------
# Offers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Offers:
    """Every offer, numbered by sent date: status 0 open, 1 won, 2 lost; `close` is the day it
    closed (or will close, for an open one); `expected` the forecast close day, `planned` the
    first forecast (before a December pull) and `forecast` the one before a fresh forecast of an
    overdue offer (salescoach.demo_history records the changes)."""

    ids: np.ndarray
    seller: np.ndarray
    customer: np.ndarray
    sent: np.ndarray
    value: np.ndarray
    status: np.ndarray
    expected: np.ndarray
    close: np.ndarray
    is_open: np.ndarray
    probability: np.ndarray
    probability_missing: np.ndarray
    loss_reason: np.ndarray
    planned: np.ndarray
    forecast: np.ndarray

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class _Forecast:
    """When offers are planned and expected to close (after the December pull)."""

    plan: np.ndarray  # days from sending to the planned close
    planned: np.ndarray  # the planned close day, before a December pull
    expected: np.ndarray
    pulled: np.ndarray  # pulled into the December closing rush
    last_pull: np.ndarray  # the last day a pulled offer may close


def _make_offers(
    roster: SellerRoster, customers: CustomerBook, activities: Activities, calendar: DemoCalendar, rng
) -> Offers:
    seller, sent, customer = _sent_offers(roster, activities, calendar, rng)
    count = len(sent)
    value = rng.lognormal(np.log(_SEGMENT_VALUE[customers.segment[customer]]), 0.75)
    value = np.maximum(200.0, _round_to(value, 10.0))
    forecast = _forecast(roster, seller, sent, rng)
    # outcome and actual close
    logit = _logit(roster.win_rate[seller]) + 0.5 * customers.existing[customer] + 0.45 * forecast.pulled
    won = rng.random(count) < 1 / (1 + np.exp(-logit))
    slip = rng.lognormal(0.1, 0.35, count)
    natural = sent + np.maximum(1, np.round(forecast.plan * slip * np.where(won, 1.0, 1.25))).astype(np.int64)
    rush = np.clip(forecast.expected + rng.integers(-4, 4, count), sent + 1, forecast.last_pull)
    close = np.maximum(sent, _snap_back(np.where(forecast.pulled, rush, natural)))
    thin = roster.thin_january[seller]
    # leavers: pipeline closing after the last day belongs to the successor
    seller = np.where(close >= roster.leave[seller], roster.successor[seller], seller)
    is_open = close > calendar.end
    status = np.where(is_open, 0, np.where(won, 1, 2)).astype(np.int8)  # open, won, lost
    expected = _fresh_forecasts(calendar, forecast.expected, sent, is_open, thin, rng)
    probability = np.where(status == 1, 1.0, 0.0)
    hot = rng.choice(np.array([0.5, 0.6, 0.75, 0.9]), size=count, p=[0.2, 0.25, 0.35, 0.2])
    cold = rng.choice(np.array([0.1, 0.2, 0.3, 0.5]), size=count, p=[0.3, 0.3, 0.25, 0.15])
    probability = np.where(is_open, np.where(won, hot, cold), probability)
    probability_missing = is_open & (rng.random(count) < 0.1)
    return Offers(
        ids=_ids("O", count, 6),
        seller=seller,
        customer=customer,
        sent=sent,
        value=value,
        status=status,
        expected=expected,
        close=close,
        is_open=is_open,
        probability=probability,
        probability_missing=probability_missing,
        loss_reason=_loss_reasons(roster, seller, status == 2, rng),
        planned=forecast.planned,
        forecast=forecast.expected,
    )


def _sent_offers(roster: SellerRoster, activities: Activities, calendar: DemoCalendar, rng):
    """The offers sent after done customer meetings: (seller, sent day, customer), by sent date.

    About one meeting in three is followed by an offer, more in November; the thin-January
    sellers send almost none from December to mid January."""
    source = np.flatnonzero(
        (activities.kind == 1)
        & (activities.status == 0)
        & (activities.day <= calendar.end)
        & (activities.customer >= 0)
    )
    seller = activities.seller[source]
    lag = rng.choice(
        np.array([0, 1, 2, 3, 5, 7, 10]), size=len(source), p=[0.25, 0.25, 0.15, 0.12, 0.1, 0.08, 0.05]
    )
    sent = _snap_forward(activities.day[source] + lag)
    month_of_year = _month_of_year(_months(sent))
    day_of_month = sent - _month_start(_months(sent)) + 1
    share = roster.offer_rate[seller] * np.where(month_of_year == 11, 1.25, 1.0)
    quiet = (month_of_year == 12) | ((month_of_year == 1) & (day_of_month <= 15))
    share = np.where(quiet & roster.thin_january[seller], share * 0.05, share)
    keep = (rng.random(len(source)) < share) & (sent <= calendar.end) & (sent < roster.leave[seller])
    source, seller, sent = source[keep], seller[keep], sent[keep]
    customer = activities.customer[source]
    order = np.lexsort((seller, sent))  # CRM numbering: by sent date
    return seller[order], sent[order], customer[order]


def _forecast(roster: SellerRoster, seller: np.ndarray, sent: np.ndarray, rng) -> _Forecast:
    """Planned close days (often a month end), with the December closing rush: offers expected
    around the turn of the year move into December (the thin-January sellers' all of them)."""
    count = len(sent)
    plan = np.clip(rng.lognormal(np.log(_PLAN_DAYS[roster.team_kind[seller]]), 0.5), 5, 200).astype(np.int64)
    planned = sent + plan
    month_end = rng.random(count) < 0.35
    planned = np.where(month_end, _month_start(_months(planned) + 1) - 1, planned)
    planned = np.maximum(sent, _snap_back(planned))
    month = _months(planned)
    month_of_year = _month_of_year(month)
    day_of_month = planned - _month_start(month) + 1
    sent_month_of_year = _month_of_year(_months(sent))
    december_year = np.where(month_of_year >= 11, _year(month), _year(month) - 1)
    december_first = _month_start((december_year - 1970) * 12 + 11)
    window = ((month_of_year == 11) & (day_of_month >= 10)) | (month_of_year == 12)
    window |= (month_of_year == 1) & (day_of_month <= 25)
    thin = roster.thin_january[seller]
    thin_window = thin & ((month_of_year >= 11) | (month_of_year <= 3))
    thin_window &= (sent_month_of_year >= 7) | (sent_month_of_year <= 3)
    last_pull = np.where(
        thin, december_first + 30, december_first + 22
    )  # thin sellers squeeze all into the year
    pull_day = np.minimum(
        np.maximum(_snap_back(december_first + rng.integers(0, 22, count)), sent + 2), last_pull
    )
    can = sent <= last_pull - 2
    pulled = np.where(thin, window | thin_window, window & (rng.random(count) < _PULL_SHARE)) & can
    return _Forecast(
        plan=plan,
        planned=planned,
        expected=np.where(pulled, pull_day, planned),
        pulled=pulled,
        last_pull=last_pull,
    )


def _fresh_forecasts(
    calendar: DemoCalendar, expected: np.ndarray, sent: np.ndarray, is_open: np.ndarray, thin: np.ndarray, rng
) -> np.ndarray:
    """Open offers past their expected close mostly get a fresh forecast; a few stay overdue
    (stale pipeline). Late in the year the thin-January sellers forecast everything into it."""
    count = len(sent)
    overdue = is_open & (expected < calendar.end)
    refresh = overdue & (rng.random(count) < 0.8)
    fresh = calendar.end + np.clip(rng.lognormal(np.log(25), 0.6, count), 3, 150).astype(np.int64)
    fresh = np.where(rng.random(count) < 0.35, _month_start(_months(fresh) + 1) - 1, fresh)
    year_end = _to_day(datetime.date(calendar.end_date.year, 12, 30))
    if calendar.end_date.month >= 9:
        fresh = np.where(thin, np.minimum(fresh, year_end), fresh)
    expected = np.where(refresh, _snap_back(fresh), expected)
    return np.maximum(expected, sent)


def _loss_reasons(roster: SellerRoster, seller: np.ndarray, lost: np.ndarray, rng) -> np.ndarray:
    """A loss reason for most lost offers (the busy seller's mostly 'no decision' and 'product fit')."""
    count = len(seller)
    usual = rng.choice(len(_LOSS_REASONS), size=count, p=_LOSS_WEIGHTS)
    busy = rng.choice(len(_LOSS_REASONS), size=count, p=_LOSS_WEIGHTS_BUSY)
    reason = np.where(roster.busy_loss_reasons[seller], busy, usual)
    return np.where(lost & (rng.random(count) > 0.07), _LOSS_REASONS[reason], None)


# --------------------------------------------------------------------------------------
# Deals
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deals:
    """Every deal, by close day: one per won offer (`offer` its position) and repeat orders
    from existing accounts (`offer` -1)."""

    ids: np.ndarray
    seller: np.ndarray
    customer: np.ndarray
    offer: np.ndarray
    day: np.ndarray
    value: np.ndarray

    @property
    def count(self) -> int:
        return len(self.ids)


def _make_deals(
    roster: SellerRoster, customers: CustomerBook, offers: Offers, calendar: DemoCalendar, rng
) -> Deals:
    won = np.flatnonzero(offers.status == 1)
    repeat_seller, repeat_customer, repeat_day, repeat_value = _repeat_orders(
        roster, customers, calendar, rng
    )
    seller = np.concatenate([offers.seller[won], repeat_seller])
    customer = np.concatenate([offers.customer[won], repeat_customer])
    offer = np.concatenate([won, np.full(len(repeat_day), -1)])
    day = np.concatenate([offers.close[won], repeat_day])
    value = np.concatenate([offers.value[won], repeat_value])
    order = np.lexsort((seller, day))
    return Deals(
        ids=_ids("D", len(order), 6),
        seller=seller[order],
        customer=customer[order],
        offer=offer[order],
        day=day[order],
        value=value[order],
    )


def _repeat_orders(roster: SellerRoster, customers: CustomerBook, calendar: DemoCalendar, rng):
    """Repeat orders (no offer) from existing accounts, seasonal (December budgets, quiet July):
    (seller, customer, day, value) of each."""
    accounts = np.flatnonzero(customers.existing)
    owner = customers.owner[accounts]
    opened = np.maximum(calendar.start, roster.join[owner])
    past = calendar.days <= calendar.end
    weight = np.where(past, calendar.season * np.where(calendar.month_of_year == 12, 1.6, 1.0), 0.0)
    cumulative = np.concatenate([[0.0], np.cumsum(weight)])
    years_open = np.maximum(0, calendar.end - opened - 28) / 365.25
    extra = rng.poisson(_SEGMENT_REPEAT_RATE[customers.segment[accounts]] * years_open)
    settle = np.where(roster.join[owner] > calendar.start, 14, 0)  # newcomers take over accounts first
    first = _snap_forward(opened + settle + rng.integers(0, 28, len(accounts)))
    repeated = np.repeat(np.arange(len(accounts)), extra)
    low = cumulative[calendar.index(opened[repeated] + 28)]
    high = cumulative[calendar.index(calendar.end) + 1]
    pick = low + rng.random(len(repeated)) * (high - low)
    later = calendar.start + np.clip(
        np.searchsorted(cumulative, pick, side="left") - 1, 0, calendar.day_count - 1
    )
    account = np.concatenate([np.arange(len(accounts)), repeated])
    day = np.concatenate([first, later])
    ok = day <= calendar.end
    account, day = account[ok], day[ok]
    customer = accounts[account]
    seller = customers.owner[customer]
    seller = np.where(day >= roster.leave[seller], roster.successor[seller], seller)
    value = rng.lognormal(np.log(_SEGMENT_VALUE[customers.segment[customer]] * 0.3), 0.6)
    return seller, customer, day, np.maximum(100.0, _round_to(value, 10.0))


# --------------------------------------------------------------------------------------
# Monthly numbers (used by targets and coaching notes)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyNumbers:
    """(seller, month) grids of the numbers the targets and 1:1 notes are built from; column j
    is month `first_month + j`."""

    first_month: int
    month_count: int
    activities: np.ndarray  # done activities
    meetings: np.ndarray  # done meetings
    calls: np.ndarray
    needs_recorded: np.ndarray  # meetings with a needs answer
    needs_discussed: np.ndarray
    needs_blank: np.ndarray
    existing_meetings: np.ndarray  # meetings with a customer who had bought before
    offers: np.ndarray  # sent
    won: np.ndarray
    lost: np.ndarray
    won_value: np.ndarray
    sales: np.ndarray

    def at(self, grid: np.ndarray, seller: int, month) -> float:
        """`grid`'s value for the seller in `month` (0 outside the months covered)."""
        column = int(month) - self.first_month
        return grid[seller, column] if 0 <= column < self.month_count else 0

    def total(self, grid: np.ndarray, seller: int, month_from, month_to) -> float:
        """`grid`'s sum for the seller over `month_from`..`month_to` (the part covered)."""
        first = max(int(month_from) - self.first_month, 0)
        last = min(int(month_to) - self.first_month, self.month_count - 1)
        return grid[seller, first : last + 1].sum() if last >= first else 0


def _monthly_grid(seller, month, weights, sellers: int, first_month: int, month_count: int) -> np.ndarray:
    index = np.asarray(seller) * month_count + (np.asarray(month) - first_month)
    return np.bincount(index, weights=weights, minlength=sellers * month_count).reshape(sellers, month_count)


def _monthly_numbers(
    roster: SellerRoster,
    customers: CustomerBook,
    activities: Activities,
    offers: Offers,
    deals: Deals,
    calendar: DemoCalendar,
) -> MonthlyNumbers:
    first_month = calendar.start_month
    month_count = calendar.quarter_end_month - first_month + 1

    def grid(seller, month, weights=None) -> np.ndarray:
        return _monthly_grid(seller, month, weights, roster.count, first_month, month_count)

    month = _months(activities.day)
    done = activities.status == 0
    meeting = done & (activities.kind == 1)
    call = done & (activities.kind == 0)
    recorded = meeting & ~activities.needs_missing
    discussed = recorded & activities.needs
    # existing business: the customer had a deal before the meeting
    first_deal = np.full(customers.count + 1, np.iinfo(np.int64).max)
    np.minimum.at(first_deal, deals.customer, deals.day)
    existing = meeting & (activities.customer >= 0)
    existing &= (
        activities.day > first_deal[np.where(activities.customer >= 0, activities.customer, customers.count)]
    )
    closed = ~offers.is_open
    close_month = _months(offers.close[closed])
    closed_seller, closed_status = offers.seller[closed], offers.status[closed]
    meetings = grid(activities.seller[meeting], month[meeting])
    needs_recorded = grid(activities.seller[recorded], month[recorded])
    return MonthlyNumbers(
        first_month=first_month,
        month_count=month_count,
        activities=grid(activities.seller[done], month[done]),
        meetings=meetings,
        calls=grid(activities.seller[call], month[call]),
        needs_recorded=needs_recorded,
        needs_discussed=grid(activities.seller[discussed], month[discussed]),
        needs_blank=meetings - needs_recorded,
        existing_meetings=grid(activities.seller[existing], month[existing]),
        offers=grid(offers.seller, _months(offers.sent)),
        won=grid(closed_seller, close_month, (closed_status == 1).astype(float)),
        lost=grid(closed_seller, close_month, (closed_status == 2).astype(float)),
        won_value=grid(closed_seller, close_month, np.where(closed_status == 1, offers.value[closed], 0.0)),
        sales=grid(deals.seller, _months(deals.day), deals.value),
    )


# --------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """The targets table and its (seller, month) grids, as `MonthlyNumbers` lays them out.

    Targets are set ahead: the table reaches the end of the quarter after `end`'s (the quarter
    the pipeline is being built for), while `sales` and `meetings` cover `MonthlyNumbers`'
    months; `sales_at` reads the whole reach."""

    frame: pd.DataFrame
    sales: np.ndarray
    meetings: np.ndarray
    first_month: int
    sales_ahead: np.ndarray  # `sales` with the months up to the next quarter's end

    def sales_at(self, seller: int, month) -> float:
        """The seller's sales target for `month` (0 outside the months covered or without one)."""
        column = int(month) - self.first_month
        return float(self.sales_ahead[seller, column]) if 0 <= column < self.sales_ahead.shape[1] else 0.0


NEXT_QUARTER_MONTHS = 3  # targets reach this many months beyond `end`'s quarter


def _make_targets(
    roster: SellerRoster, monthly: MonthlyNumbers, calendar: DemoCalendar, rng: np.random.Generator
) -> Targets:
    count = monthly.month_count
    months = monthly.first_month + np.arange(count + NEXT_QUARTER_MONTHS)
    month_of_year = _month_of_year(months)
    sales_season = _TARGET_SEASON[month_of_year - 1]
    meetings_season = _MEETING_SEASON[month_of_year - 1]
    sales_base, meetings_base = _target_bases(
        roster, monthly, calendar, months[:count], sales_season[:count], meetings_season[:count]
    )
    # a seller is in the table from the month they join to the month they leave; one still
    # with the company, to the end of the next quarter
    join_month = _months(roster.join)
    leave_month = np.where(roster.active, months[-1], _months(roster.leave - 1))
    in_table = (months[None, :] >= join_month[:, None]) & (months[None, :] <= leave_month[:, None])
    tenure = months[None, :] - join_month[:, None]
    newcomer = (roster.join > calendar.start)[:, None]
    ramp = np.where(newcomer, np.clip(0.3 + 0.2 * tenure, 0.3, 1.0), 1.0)
    growth = 1.0 + 0.04 * ((months - monthly.first_month) / 12.0 - (count - 1) / 24.0)
    # the months up to `end`'s quarter draw their noise first, as they always have
    noise = rng.uniform(0.95, 1.05, (roster.count, count))
    noise = np.hstack([noise, rng.uniform(0.95, 1.05, (roster.count, NEXT_QUARTER_MONTHS))])
    sales = (
        sales_base[:, None]
        * roster.sales_target_factor[:, None]
        * sales_season[None, :]
        * ramp
        * growth[None, :]
        * noise
    )
    step = np.where(sales >= 20000, 1000.0, 500.0)
    sales = np.maximum(500.0, _round_to(sales, step))
    meetings = np.maximum(
        1.0,
        np.round(
            meetings_base[:, None] * roster.meetings_target_factor[:, None] * meetings_season[None, :] * ramp
        ),
    )
    seller_index, month_index = np.nonzero(in_table)
    frame = _frame(
        "targets",
        {
            "seller_id": _objects(roster.ids[seller_index]),
            "month": _dates(_month_start(months[month_index])),
            "sales_target": pd.Series(sales[seller_index, month_index].astype(np.float64)),
            "meetings_target": pd.Series(meetings[seller_index, month_index].astype(np.float64)),
        },
    )
    return Targets(
        frame=frame,
        sales=sales[:, :count],
        meetings=meetings[:, :count],
        first_month=monthly.first_month,
        sales_ahead=sales,
    )


def _target_bases(roster, monthly, calendar, months, sales_season, meetings_season):
    """Each seller's monthly sales and meetings at season 1, from the full months they worked
    (after the first two, which still fill the pipeline); the team's median for a seller with
    fewer than three such months."""
    warm = months >= monthly.first_month + 2
    full = (
        (_month_start(months)[None, :] >= roster.join[:, None])
        & ((_month_start(months + 1) - 1)[None, :] < roster.leave[:, None])
        & ((_month_start(months + 1) - 1)[None, :] <= calendar.end)
        & warm[None, :]
    )
    full_months = full.sum(axis=1)
    sales_base = np.where(
        full_months >= 3,
        (monthly.sales * full).sum(1) / np.maximum((full * sales_season).sum(1), 1e-9),
        np.nan,
    )
    meetings_base = np.where(
        full_months >= 3,
        (monthly.meetings * full).sum(1) / np.maximum((full * meetings_season).sum(1), 1e-9),
        np.nan,
    )
    for team in range(roster.team_count):
        mates = roster.team == team
        for base in (sales_base, meetings_base):
            fallback = np.nanmedian(base[mates]) if np.isfinite(base[mates]).any() else np.nanmedian(base)
            if not np.isfinite(fallback):
                fallback = 20000.0 if base is sales_base else 20.0
            base[mates & ~np.isfinite(base)] = fallback
    return sales_base, meetings_base


# --------------------------------------------------------------------------------------
# Coaching notes (GROW) and actions
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Note:
    """One 1:1: its day, the seller (position in the roster) and its text."""

    day: int
    seller: int
    text: NoteText


@dataclass(frozen=True)
class _Action:
    """One agreed action of a 1:1 (`done_on` None: still open)."""

    note_id: str
    owner: str
    description: str
    due: int
    done_on: int | None
    metric: str | None = None  # an action tied to a scorecard metric, and its target
    target: float | None = None


@dataclass(frozen=True)
class _CoachingData:
    """Everything a 1:1 note is written from, with the offers indexed by seller."""

    roster: SellerRoster
    customers: CustomerBook
    activities: Activities
    offers: Offers
    monthly: MonthlyNumbers
    targets: Targets
    calendar: DemoCalendar
    offers_by_seller: np.ndarray  # offer positions, seller by seller
    seller_bounds: np.ndarray  # seller s's offers: offers_by_seller[bounds[s]:bounds[s + 1]]

    @classmethod
    def of(cls, roster, customers, activities, offers, monthly, targets, calendar) -> _CoachingData:
        offers_by_seller = np.argsort(offers.seller, kind="stable")
        bounds = np.searchsorted(offers.seller[offers_by_seller], np.arange(roster.count + 1))
        return cls(
            roster, customers, activities, offers, monthly, targets, calendar, offers_by_seller, bounds
        )

    def offers_of(self, seller: int) -> np.ndarray:
        return self.offers_by_seller[self.seller_bounds[seller] : self.seller_bounds[seller + 1]]

    def pipeline(self, offer_index, day, expected_from=None, expected_to=None) -> tuple[float, int]:
        """Open value and count of the offers `offer_index` at `day`, optionally by expected close range."""
        offers = self.offers
        open_then = (offers.sent[offer_index] <= day) & (
            offers.is_open[offer_index] | (offers.close[offer_index] > day)
        )
        if expected_from is not None:
            expected = offers.expected[offer_index]
            open_then &= (expected >= expected_from) & (expected <= expected_to)
        return float(offers.value[offer_index][open_then].sum()), int(open_then.sum())


@dataclass(frozen=True)
class _TeamFacts:
    """What every 1:1 compares against: last January's Q1 pipelines and the 12 months' won offers."""

    january_year: int  # the latest January up to `end`
    january_month: int
    january_pipeline: np.ndarray  # per seller: open offers on 31 December expected to close in Q1
    won_value_12_months: np.ndarray  # per seller
    won_12_months: np.ndarray  # per seller

    @classmethod
    def of(cls, data: _CoachingData) -> _TeamFacts:
        calendar, monthly = data.calendar, data.monthly
        january_year = calendar.end_date.year
        january_first = _to_day(datetime.date(january_year, 1, 1))
        q1_end = _to_day(datetime.date(january_year, 3, 31))
        january_pipeline = np.array(
            [
                data.pipeline(data.offers_of(seller), january_first - 1, january_first, q1_end)[0]
                for seller in range(data.roster.count)
            ]
        )
        months = slice(
            max(0, calendar.end_month - 12 - monthly.first_month), calendar.end_month - monthly.first_month
        )
        return cls(
            january_year=january_year,
            january_month=int(_months(january_first)),
            january_pipeline=january_pipeline,
            won_value_12_months=monthly.won_value[:, months].sum(1),
            won_12_months=monthly.won[:, months].sum(1),
        )


def _make_coaching(data: _CoachingData, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The coaching notes and actions tables: roughly monthly 1:1s over the last `COACHING_MONTHS`
    months, each with one to three of its topic's actions; then the coaching loop's stories
    (`_coaching_stories`), drawn from their own generator so every other note, its privacy and
    its actions stay as they were."""
    team = _TeamFacts.of(data)
    scheduled = _notes(data, team, rng)
    scheduled.sort(key=lambda note: (note.day, note.seller))
    private = rng.random(len(scheduled)) < 0.8
    drawn = [_actions("", note, data.calendar, rng) for note in scheduled]
    story_rng = np.random.default_rng(STORY_SEED)
    entries = _coaching_stories(data, team, list(zip(scheduled, private, drawn, strict=True)), story_rng)
    entries.sort(key=lambda entry: (entry[0].day, entry[0].seller))
    notes = [note for note, _, _ in entries]
    note_ids = _ids("N", len(notes), 5)
    actions = [
        replace(_story_action(data, note, action), note_id=note_id)
        for note_id, (note, _, drawn_actions) in zip(note_ids, entries, strict=True)
        for action in drawn_actions
    ]
    return _notes_frame(data.roster, notes, note_ids, [p for _, p, _ in entries]), _actions_frame(actions)


def _notes_frame(roster: SellerRoster, notes: list[_Note], note_ids, private) -> pd.DataFrame:
    return _frame(
        "coaching_notes",
        {
            "note_id": _objects(note_ids),
            "seller_id": _objects([roster.ids[note.seller] for note in notes]),
            "held_on": _dates([note.day for note in notes]),
            "author": _objects([roster.managers[roster.team[note.seller]] for note in notes]),
            "goal": _objects([note.text.goal for note in notes]),
            "reality": _objects([note.text.reality for note in notes]),
            "options": _objects([note.text.options for note in notes]),
            "will": _objects([note.text.will for note in notes]),
            "private": _bools(np.asarray(private, dtype=bool)),
        },
    )


def _actions_frame(actions: list[_Action]) -> pd.DataFrame:
    done_missing = np.array([action.done_on is None for action in actions], dtype=bool)
    return _frame(
        "coaching_actions",
        {
            "action_id": _objects(_ids("NA", len(actions), 5)),
            "note_id": _objects([action.note_id for action in actions]),
            "owner": _objects([action.owner for action in actions]),
            "description": _objects([action.description for action in actions]),
            "due_date": _dates([action.due for action in actions]),
            "done_on": _dates([action.done_on or 0 for action in actions], missing=done_missing),
            "metric": _objects([action.metric for action in actions]),
            "target": pd.Series([action.target for action in actions], dtype="float64"),
        },
    )


def _story_action(data: _CoachingData, note: _Note, action: _Action) -> _Action:
    """The follow-through stories: the weekly seller does every own action on time; the late
    manager's actions due in the last `MANAGER_LATE_DAYS` days stay open (two in three) or are
    done a week late."""
    roster, calendar = data.roster, data.calendar
    role = roster.role[note.seller]
    if role == "coached_weekly" and action.owner == "seller" and action.due <= calendar.end:
        done_on = int(_snap_back(action.due - (action.due - note.day) // 3))
        return replace(action, done_on=done_on if done_on > note.day else action.due)
    late_team = roster.team_count > _LATE_MANAGER_TEAM and roster.team[note.seller] == _LATE_MANAGER_TEAM
    if late_team and action.owner == "manager" and action.due > calendar.end - MANAGER_LATE_DAYS:
        if action.due % 3 or action.due + 7 > calendar.end:
            return replace(action, done_on=None)
        return replace(action, done_on=int(_snap_forward(action.due + 7)))
    return action


def _coaching_stories(
    data: _CoachingData, team: _TeamFacts, scheduled: list[tuple], rng: np.random.Generator
) -> list[tuple[_Note, bool, list[_Action]]]:
    """(note, private, actions) of the 1:1s with the coaching loop's stories: the uncoached
    seller's 1:1s of the last two months are not held; the weekly seller's monthly 1:1s of the
    last three months become weekly ones; the busy seller's 1:1 of the needs month
    (`_needs_story_day`) agrees needs_share ≥ 0.5 within four weeks (done)."""
    roster, calendar = data.roster, data.calendar
    entries = []
    for note, private, actions in scheduled:
        role = roster.role[note.seller]
        if role == "no_recent_one_on_one" and note.day > calendar.end - UNCOACHED_DAYS:
            continue
        if role == "coached_weekly" and note.day >= calendar.end - WEEKLY_DAYS:
            continue
        if role == "busy_low_conversion" and note.day == roster.needs_day:
            actions = _with_needs_action(actions, _needs_action(calendar, note.day))
        entries.append((note, bool(private), actions))
    return entries + _weekly_notes(data, team, rng)


def _with_needs_action(actions: list[_Action], needs: _Action) -> list[_Action]:
    """The needs action first among the note's at most three: in place of a done action when
    there are three (what is open and overdue stays as it was)."""
    if len(actions) < 3:
        return [needs, *actions]
    done = next((i for i, action in enumerate(actions) if action.done_on is not None), len(actions) - 1)
    return [needs, *(action for i, action in enumerate(actions) if i != done)]


def _needs_action(calendar: DemoCalendar, needs_day: int) -> _Action:
    due = int(_snap_back(needs_day + NEEDS_DUE_DAYS))
    description = "Ask about the customer's needs in every meeting before any offer goes out"
    done = min(due, int(_snap_back(calendar.end)))
    return _Action("", "seller", description, due, done, "needs_share", NEEDS_TARGET)


def _weekly_notes(data: _CoachingData, team: _TeamFacts, rng: np.random.Generator) -> list[tuple]:
    """The weekly seller's 1:1s of the last `WEEKLY_DAYS` days, one a week (everyday topics in
    turn), private, with their actions."""
    roster, calendar = data.roster, data.calendar
    if roster.count <= _WEEKLY or roster.role[_WEEKLY] != "coached_weekly":
        return []
    first = calendar.end - WEEKLY_DAYS
    days = sorted({int(_snap_forward(first + 7 * week)) for week in range(WEEKLY_DAYS // 7 + 1)})
    entries = []
    for held, day in enumerate(d for d in days if d <= calendar.end):
        month = int(_months(day))
        facts = _note_facts(data, team, _WEEKLY, month, day)
        everyday = EVERYDAY_TOPICS[held % len(EVERYDAY_TOPICS)]
        topic = _topic(roster, calendar, _WEEKLY, month, day, held, facts, everyday)
        note = _Note(day, _WEEKLY, render_note(topic, facts))
        entries.append((note, True, _actions("", note, calendar, rng)))
    return entries


def _notes(data: _CoachingData, team: _TeamFacts, rng: np.random.Generator) -> list[_Note]:
    """Each seller's 1:1s: one a month on about the same working day, at most one missed (never by
    a story seller), none before the tenth day of work or after the last."""
    roster, calendar = data.roster, data.calendar
    slot = rng.integers(0, 12, roster.count)
    topic_start = rng.integers(0, len(EVERYDAY_TOPICS), roster.count)
    notes = []
    for seller in range(roster.count):
        held = 0
        for month, day in _note_days(roster, calendar, seller, int(slot[seller]), rng):
            facts = _note_facts(data, team, seller, month, day)
            everyday = EVERYDAY_TOPICS[(topic_start[seller] + held) % len(EVERYDAY_TOPICS)]
            topic = _topic(roster, calendar, seller, month, day, held, facts, everyday)
            notes.append(_Note(day, seller, render_note(topic, facts)))
            held += 1
    return notes


def _note_days(
    roster: SellerRoster, calendar: DemoCalendar, seller: int, slot: int, rng: np.random.Generator
) -> list[tuple[int, int]]:
    """(month, day) of the seller's monthly 1:1s: about the same working day each month, at most
    one missed (never by a story seller of `DEMO_STORIES`), none before the tenth day of work or
    after the last."""
    days = []
    skipped = False
    plain = roster.role[seller] in ("", *_COACHING_ROLES)
    for month in range(calendar.end_month - COACHING_MONTHS + 1, calendar.end_month + 1):
        jitter = int(rng.integers(-2, 3))
        skip = rng.random() < 0.1 and plain and not skipped  # at most one missed 1:1
        skipped |= skip
        day = int(_snap_forward(_month_start(month) + 2 + slot + jitter))
        if skip or day > calendar.end or day < roster.join[seller] + 10 or day >= roster.leave[seller]:
            continue
        days.append((month, day))
    return days


def _topic(roster, calendar, seller: int, month: int, day: int, held: int, facts: dict, everyday: str) -> str:
    """What the 1:1 is about: the everyday topic in turn, or (mostly) the seller's story."""
    topic = "pipeline" if everyday == "overdue" and facts["overdue_offers"] == 0 else everyday
    role = roster.role[seller]
    latest = month == calendar.end_month or day + 35 > calendar.end
    story_month = held % 3 != 2 or latest  # every third 1:1 of a story seller is an everyday one
    if role == "thin_january":
        if int(_month_of_year(month)) in (10, 11, 12):
            return "q1_ahead"
        return "q1_review" if story_month else topic
    if role == "high_hit_rate" and story_month:
        return "high_hit"
    if role == "busy_low_conversion" and story_month:
        return "busy"
    if role == "new_seller":
        return "onboarding_start" if held == 0 else "onboarding"
    if role == "left" and day + 40 >= roster.leave[seller]:
        return "handover"
    return topic


def _actions(note_id: str, note: _Note, calendar: DemoCalendar, rng: np.random.Generator) -> list[_Action]:
    """One to three of the note's actions, each due one to four weeks after the 1:1 and mostly
    done by then (done on a working day after the 1:1, never after `end`)."""
    day, candidates = note.day, note.text.actions
    chosen = rng.choice(len(candidates), size=min(int(rng.integers(1, 4)), len(candidates)), replace=False)
    rows = []
    for position in sorted(int(c) for c in chosen):
        owner, description = candidates[position]
        due = int(_snap_back(day + int(rng.choice([7, 14, 21, 28]))))
        draw = rng.random()
        if due <= calendar.end:
            done_on = due + int(rng.integers(-6, 4)) if draw < 0.85 else None
        elif draw < 0.2 and day + 1 <= calendar.end:
            done_on = int(rng.integers(day + 1, calendar.end + 1))
        else:
            done_on = None
        if done_on is not None:
            done_on = int(_snap_forward(max(done_on, day + 1)))
            if done_on > calendar.end:
                done_on = int(_snap_back(calendar.end))
            done_on = done_on if done_on > day else None
        rows.append(_Action(note_id, owner, description, due, done_on))
    return rows


def _note_facts(data: _CoachingData, team: _TeamFacts, seller: int, month: int, day: int) -> dict:
    """The numbers a manager brings to the seller's 1:1 on `day` (in `month`), named as the
    note templates use them (`salescoach.demo_notes`)."""
    roster = data.roster
    mates = np.flatnonzero((roster.team == roster.team[seller]) & (np.arange(roster.count) != seller))
    manager_first_name = roster.managers[roster.team[seller]].split(" ")[0]
    facts = {
        "manager_first_name": manager_first_name,
        "buddy": roster.names[mates[0]].split(" ")[0] if len(mates) else manager_first_name,
        "joined_on": _long_date(roster.join[seller]),
        "accounts": int(data.customers.accounts[seller]),
    }
    facts.update(_activity_facts(data.monthly, data.targets, seller, month))
    facts.update(_pipeline_facts(data, team, seller, month, day))
    facts.update(_january_facts(data, team, seller, month, day))
    if roster.role[seller] == "new_seller":
        facts.update(_new_seller_facts(data, seller, month, day, facts["meetings_last_month"]))
    if roster.role[seller] == "left":
        facts.update(_leaver_facts(data, seller))
    return facts


def _activity_facts(monthly: MonthlyNumbers, targets: Targets, seller: int, month: int) -> dict:
    """Last month's work and the last three and twelve months' meetings and results."""
    last_month = month - 1
    meetings_last_month = int(monthly.at(monthly.meetings, seller, last_month))
    offers_last_month = int(monthly.at(monthly.offers, seller, last_month))
    won = int(monthly.total(monthly.won, seller, last_month - 11, last_month))
    lost = int(monthly.total(monthly.lost, seller, last_month - 11, last_month))
    recorded = int(monthly.total(monthly.needs_recorded, seller, last_month - 2, last_month))
    meetings = int(monthly.total(monthly.meetings, seller, last_month - 2, last_month))
    existing = int(monthly.total(monthly.existing_meetings, seller, last_month - 2, last_month))
    return {
        "last_month_name": _MONTH_NAMES[int(_month_of_year(last_month))],
        "month_name": _MONTH_NAMES[int(_month_of_year(month))],
        "meetings_last_month": meetings_last_month,
        "meetings_goal": meetings_last_month + 4,
        "meetings_target_last_month": int(monthly.at(targets.meetings, seller, last_month)),
        "activities_last_month": int(monthly.at(monthly.activities, seller, last_month)),
        "offers_last_month": offers_last_month,
        "offers_goal": max(4, int(round(offers_last_month * 1.25))),
        "won_12_months": won,
        "closed_12_months": won + lost,
        "hit_rate_12_months": _pct(won, won + lost),
        "needs_recorded_3_months": recorded,
        "needs_share_3_months": _pct(
            monthly.total(monthly.needs_discussed, seller, last_month - 2, last_month), recorded
        ),
        "needs_blank_3_months": int(monthly.total(monthly.needs_blank, seller, last_month - 2, last_month)),
        "meetings_3_months": meetings,
        "prospect_meetings_3_months": meetings - existing,
        "existing_share_3_months": _pct(existing, meetings),
        "prospect_meetings_goal": max(4, int(round((meetings - existing) / 3 * 1.3)) + 1),
    }


def _pipeline_facts(data: _CoachingData, team: _TeamFacts, seller: int, month: int, day: int) -> dict:
    """The open pipeline on `day` against this and last month's sales target, overdue offers,
    the average won offer, and the due day of the actions agreed."""
    monthly, offers, sales_targets = data.monthly, data.offers, data.targets.sales
    offer_index = data.offers_of(seller)
    open_pipeline, open_offers = data.pipeline(offer_index, day)
    sales_target = float(monthly.at(sales_targets, seller, month))
    sales_target_last_month = float(monthly.at(sales_targets, seller, month - 1))
    sales_last_month = float(monthly.at(monthly.sales, seller, month - 1))
    overdue = (
        (offers.sent[offer_index] <= day)
        & (offers.is_open[offer_index] | (offers.close[offer_index] > day))
        & (offers.expected[offer_index] < day)
    )
    won_count = team.won_12_months[seller]
    average_won = team.won_value_12_months[seller] / won_count if won_count else 0.0
    mates = data.roster.team == data.roster.team[seller]
    team_average_won = team.won_value_12_months[mates].sum() / max(1.0, team.won_12_months[mates].sum())
    due = _from_day(int(_snap_back(day + 21)))
    return {
        "open_pipeline": open_pipeline,
        "open_offers": open_offers,
        "sales_target": sales_target,
        "pipeline_goal": 3 * sales_target,
        "coverage": open_pipeline / sales_target if sales_target else 0.0,
        "sales_target_last_month": sales_target_last_month,
        "sales_last_month": sales_last_month,
        "attainment_last_month": _pct(sales_last_month, sales_target_last_month),
        "overdue_offers": int(overdue.sum()),
        "overdue_value": float(offers.value[offer_index][overdue].sum()),
        "average_won": average_won,
        "team_average_won": team_average_won,
        "average_won_goal": _round_to(max(average_won, team_average_won) * 1.15, 500),
        "due_day": f"{due.day} {_MONTH_NAMES[due.month]}",
        "due_in_45_days": _long_date(_snap_back(day + 45)),
    }


def _january_facts(data: _CoachingData, team: _TeamFacts, seller: int, month: int, day: int) -> dict:
    """The thin-January story's numbers: the coming Q1's pipeline and target, and how last
    January started against the team."""
    monthly, sales_targets = data.monthly, data.targets.sales
    q1_year = int(_year(month)) + (1 if _month_of_year(month) >= 10 else 0)
    q1_from = _to_day(datetime.date(q1_year, 1, 1))
    q1_to = _to_day(datetime.date(q1_year, 3, 31))
    q1_month = int(_months(q1_from))
    q1_target = sum(data.targets.sales_at(seller, q1_month + k) for k in range(3))
    q1_target = q1_target or 3 * float(monthly.at(sales_targets, seller, month))
    mates = data.roster.team == data.roster.team[seller]
    return {
        "q1_year": q1_year,
        "q1_pipeline": data.pipeline(data.offers_of(seller), day, q1_from, q1_to)[0],
        "q1_target": q1_target,
        "q1_pipeline_goal": 3 * q1_target,
        "january_year": team.january_year,
        "december_year": team.january_year - 1,
        "january_pipeline": team.january_pipeline[seller],
        "january_team_median": float(np.median(team.january_pipeline[mates])),
        "january_sales": float(monthly.at(monthly.sales, seller, team.january_month)),
        "january_target": float(monthly.at(sales_targets, seller, team.january_month)),
        "december_won": int(monthly.at(monthly.won, seller, team.january_month - 1)),
    }


def _new_seller_facts(
    data: _CoachingData, seller: int, month: int, day: int, meetings_last_month: int
) -> dict:
    """The new seller's start: work so far and meetings in the first full month against the full target."""
    activities, offers, monthly, roster = data.activities, data.offers, data.monthly, data.roster
    done = (activities.seller == seller) & (activities.status == 0) & (activities.day < day)
    join_month = int(_months(roster.join[seller]))
    first_full = join_month + (1 if roster.join[seller] - _month_start(join_month) > 10 else 0)
    full_target = int(max(data.targets.meetings[seller].max(), 8))
    offer_index = data.offers_of(seller)
    return {
        "meetings_so_far": int((done & (activities.kind == 1)).sum()),
        "calls_so_far": int((done & (activities.kind == 0)).sum()),
        "meetings_first_month": int(monthly.at(monthly.meetings, seller, first_full)),
        "first_full_month_name": _MONTH_NAMES[int(_month_of_year(first_full))],
        "full_meetings_target": full_target,
        "meetings_to_add": max(2, full_target - meetings_last_month),
        "full_target_month": _month_name(max(join_month + 5, month + 1)),
        "offers_so_far": int((offers.sent[offer_index] < day).sum()),
        "won_so_far": int(((offers.status[offer_index] == 1) & (offers.close[offer_index] < day)).sum()),
    }


def _leaver_facts(data: _CoachingData, seller: int) -> dict:
    """The leaver's handover: who takes over, the last day, and the open offers handed over."""
    roster, offers = data.roster, data.offers
    successor = roster.successor[seller]
    leave = int(roster.leave[seller])
    handed_over = (
        (offers.sent < leave) & (offers.is_open | (offers.close >= leave)) & (offers.seller == successor)
    )
    handed_over &= data.customers.owner[offers.customer] == seller
    return {
        "successor": roster.names[successor],
        "last_day": _long_date(roster.leave[seller] - 1),
        "handover_offers": int(handed_over.sum()),
        "handover_value": float(offers.value[handed_over].sum()),
    }


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def generate_demo(
    sellers: int = 12, years: int = 2, seed: int = 7, end: datetime.date | None = None
) -> dict[str, pd.DataFrame]:
    """A deterministic demo data set: one DataFrame per contract table, in contract order.

    The data covers `years` years ending at `end` (default: today), plus planned
    activities in the next weeks and open offers expected to close in the coming
    months. Same arguments, same frames.
    """
    if sellers < 1:
        raise ValueError("sellers must be at least 1")
    if years < 1:
        raise ValueError("years must be at least 1")
    if end is None:
        end = datetime.date.today()
    if isinstance(end, datetime.datetime):
        end = end.date()
    calendar = DemoCalendar.spanning(end, years)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    roster = _make_sellers(sellers, calendar, streams[0])
    customers = _make_customers(roster, streams[1])
    roster.needs_day = _needs_story_day(roster, calendar, copy.deepcopy(streams[6]))
    activities = _make_activities(roster, customers, calendar, streams[2])
    offers = _make_offers(roster, customers, activities, calendar, streams[3])
    deals = _make_deals(roster, customers, offers, calendar, streams[4])
    monthly = _monthly_numbers(roster, customers, activities, offers, deals, calendar)
    targets = _make_targets(roster, monthly, calendar, streams[5])
    coaching = _CoachingData.of(roster, customers, activities, offers, monthly, targets, calendar)
    notes, actions = _make_coaching(coaching, streams[6])
    # Last, so that every other table is as it was before pipeline memory: the pusher's offers
    # still open (they were lost, so no deal changes), stages and the weekly exports' history.
    memory = offer_memory(offers, calendar.start, calendar.end, streams[7])
    frames = {
        "sellers": _sellers_frame(roster),
        "customers": _customers_frame(customers),
        "activities": _activities_frame(roster, customers, activities),
        "offers": _offers_frame(roster, customers, memory),
        "offer_history": memory.history,
        "deals": _deals_frame(roster, customers, offers, deals),
        "targets": targets.frame,
        "coaching_notes": notes,
        "coaching_actions": actions,
    }
    return {name: frames[name] for name in TABLES}


def _sellers_frame(roster: SellerRoster) -> pd.DataFrame:
    return _frame(
        "sellers",
        {
            "seller_id": _objects(roster.ids),
            "name": _objects(roster.names),
            "team": _objects([roster.team_names[team] for team in roster.team]),
            "manager": _objects([roster.managers[team] for team in roster.team]),
            "active": _bools(roster.active),
            "coaching_cadence_days": pd.Series(
                [
                    float(WEEKLY_CADENCE if role == "coached_weekly" else DEFAULT_DEMO_CADENCE)
                    for role in roster.role
                ]
            ),
        },
    )


def _customers_frame(customers: CustomerBook) -> pd.DataFrame:
    rows = customers.row_order
    return _frame(
        "customers",
        {
            "customer_id": _objects(customers.ids[rows]),
            "name": _objects(customers.names[rows]),
            "segment": _objects(np.array(_SEGMENTS, dtype=object)[customers.segment[rows]]),
        },
    )


def _activities_frame(roster: SellerRoster, customers: CustomerBook, activities: Activities) -> pd.DataFrame:
    return _frame(
        "activities",
        {
            "activity_id": _objects(_ids("A", activities.count, 7)),
            "seller_id": _objects(roster.ids[activities.seller]),
            "customer_id": _objects(customers.ids[activities.customer]),
            "type": _objects(np.array(ACTIVITY_TYPES, dtype=object)[activities.kind]),
            "date": _dates(activities.day),
            "status": _objects(np.array(["done", "planned", "cancelled"], dtype=object)[activities.status]),
            "needs_discussed": _bools(activities.needs, activities.needs_missing),
        },
    )


def _offers_frame(roster: SellerRoster, customers: CustomerBook, memory: OfferMemory) -> pd.DataFrame:
    offers = memory.offers
    probability = np.where(offers.probability_missing, np.nan, offers.probability)
    return _frame(
        "offers",
        {
            "offer_id": _objects(offers.ids),
            "seller_id": _objects(roster.ids[offers.seller]),
            "customer_id": _objects(customers.ids[offers.customer]),
            "sent_date": _dates(offers.sent),
            "value": pd.Series(offers.value.astype(np.float64)),
            "status": _objects(np.array(["open", "won", "lost"], dtype=object)[offers.status]),
            "expected_close_date": _dates(offers.expected),
            "closed_date": _dates(offers.close, missing=offers.is_open),
            "probability": pd.Series(probability.astype(np.float64)),
            "loss_reason": _objects(offers.loss_reason),
            "stage": _objects(memory.stage),
            "stage_order": pd.Series(memory.stage_order),
        },
    )


def _deals_frame(roster: SellerRoster, customers: CustomerBook, offers: Offers, deals: Deals) -> pd.DataFrame:
    return _frame(
        "deals",
        {
            "deal_id": _objects(deals.ids),
            "seller_id": _objects(roster.ids[deals.seller]),
            "customer_id": _objects(customers.ids[deals.customer]),
            "offer_id": _objects(np.append(offers.ids, None)[deals.offer]),
            "close_date": _dates(deals.day),
            "value": pd.Series(deals.value.astype(np.float64)),
        },
    )
