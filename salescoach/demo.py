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
  stretch factor, so some sellers are above and some below target.
"""

from __future__ import annotations

import calendar
import datetime

import numpy as np
import pandas as pd

from salescoach.contract import ACTIVITY_TYPES, TABLES

__all__ = ["DEMO_STORIES", "STORY_ROLES", "demo_stories", "generate_demo"]

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

STORY_ROLES: dict[str, str] = {
    "S02": "thin_january",
    "S03": "high_hit_rate",
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
_ACCOUNTS = np.array([60, 150, 45])  # accounts per seller
_EXISTING_SHARE = np.array([0.25, 0.2, 0.3])  # of which existing customers
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


def _to_day(d: datetime.date) -> int:
    return d.toordinal() - _ORD_EPOCH


def _from_day(x) -> datetime.date:
    return datetime.date.fromordinal(int(x) + _ORD_EPOCH)


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
    wd = _weekday(days)
    return days - np.where(wd == 5, 1, np.where(wd == 6, 2, 0))


def _snap_forward(days) -> np.ndarray:
    """Weekend days move on to Monday."""
    wd = _weekday(days)
    return days + np.where(wd == 5, 2, np.where(wd == 6, 1, 0))


def _easter(year: int) -> datetime.date:
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
    for y in range(first_year, last_year + 1):
        easter = _easter(y)
        midsummer_eve = datetime.date(y, 6, 19)
        midsummer_eve += datetime.timedelta(days=(4 - midsummer_eve.weekday()) % 7)
        fixed = [(1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26)]
        days = [datetime.date(y, mo, da) for mo, da in fixed]
        days += [easter + datetime.timedelta(days=k) for k in (-2, 1, 39)]
        days.append(midsummer_eve)
        out.extend(_to_day(d) for d in days)
    return out


class _Calendar:
    def __init__(self, end: datetime.date, years: int) -> None:
        try:
            first = end.replace(year=end.year - years)
        except ValueError:  # 29 February
            first = end.replace(year=end.year - years, day=28)
        self.end_date = end
        self.start = _to_day(first) + 1
        self.end = _to_day(end)
        self.horizon = self.end + FUTURE_DAYS
        self.days = np.arange(self.start, self.horizon + 1, dtype=np.int64)
        self.n_days = len(self.days)
        m = _months(self.days)
        self.month = m
        moy = _month_of_year(m)
        dom = self.days - _month_start(m) + 1
        holidays = np.isin(self.days, _finnish_holidays(int(_year(m[0])), int(_year(m[-1])) + 1))
        self.working = (_weekday(self.days) < 5) & ~holidays
        season = np.where(self.working, 1.0, 0.0)
        season = np.where(moy == 7, season * 0.25, season)
        season = np.where((moy == 6) & (dom >= 22), season * 0.6, season)
        season = np.where((moy == 8) & (dom <= 10), season * 0.65, season)
        xmas = ((moy == 12) & (dom >= 21)) | ((moy == 1) & (dom <= 6))
        self.season = np.where(xmas, season * 0.3, season)
        self.moy = moy
        self.dom = dom
        self.end_month = int(_months(self.end))
        q_end_moy = ((end.month - 1) // 3) * 3 + 3
        self.quarter_end_month = self.end_month + (q_end_moy - end.month)
        self.start_month = int(_months(self.start))

    def idx(self, days) -> np.ndarray:
        return np.asarray(days) - self.start


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


def _obj(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def _dates(days, missing=None) -> pd.Series:
    arr = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[ns]")
    if missing is not None:
        arr = np.where(missing, _NAT, arr)
    return pd.Series(arr)


def _bools(values, missing=None) -> pd.Series:
    values = np.asarray(values, dtype=bool)
    mask = np.zeros(len(values), dtype=bool) if missing is None else np.asarray(missing, dtype=bool)
    return pd.Series(pd.arrays.BooleanArray(values, mask))


def _frame(table: str, columns: dict[str, pd.Series]) -> pd.DataFrame:
    names = TABLES[table].column_names
    frame = pd.DataFrame({name: columns[name].reset_index(drop=True) for name in names})
    return frame


def _logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _round_to(values, step):
    return np.round(np.asarray(values) / step) * step


def _pick_names(
    rng: np.random.Generator, pool: list[str], count: int, qualifiers: list[str], sep: str
) -> list[str]:
    """`count` distinct names from `pool`, extended with qualifiers when the pool runs out."""
    order = rng.permutation(len(pool))
    names = [pool[i] for i in order[: min(count, len(pool))]]
    k = 0
    while len(names) < count:
        q = qualifiers[(k // len(pool)) % len(qualifiers)]
        rnd = k // (len(pool) * len(qualifiers))
        suffix = q if rnd == 0 else f"{q} {rnd + 1}"
        names.append(f"{pool[order[k % len(pool)]]}{sep}{suffix}")
        k += 1
    return names


def _fmt_date(day) -> str:
    d = _from_day(day)
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def _fmt_eur(x) -> str:
    x = float(x)
    if x >= 995000:
        return f"€{x / 1e6:.1f}M"
    if x >= 10000:
        return f"€{round(x / 1000):,.0f}k"
    return f"€{round(x / 100) * 100:,.0f}"


def _pct(num, den) -> int:
    return int(round(100 * num / den)) if den else 0


def _month_name(month_index) -> str:
    m = int(month_index)
    return f"{calendar.month_name[m % 12 + 1]} {m // 12 + 1970}"


# --------------------------------------------------------------------------------------
# Sellers and customers
# --------------------------------------------------------------------------------------


class _Roster:
    pass


def _make_sellers(n: int, cal: _Calendar, rng: np.random.Generator) -> _Roster:
    r = _Roster()
    r.n = n
    k = min(3, n) if n <= 36 else int(np.ceil(n / 12))
    r.n_teams = k
    r.team = (np.arange(n) * k) // n
    team_base = np.arange(k) % 3
    r.base = team_base[r.team]
    if k <= 3:
        r.team_names = [_TEAM_BASES[j] for j in range(k)]
    else:
        r.team_names = []
        for j in range(k):
            region = _CITIES[(j // 3) % len(_CITIES)]
            rnd = j // (3 * len(_CITIES))
            r.team_names.append(f"{_TEAM_BASES[j % 3]} {region}" + (f" {rnd + 1}" if rnd else ""))

    pool = [f"{f} {ll}" for f in _FIRST_NAMES for ll in _LAST_NAMES]
    initials = [f"{c}." for c in "ABEHJKLMNPRSTV"]
    names = _pick_names(rng, pool, n + k, initials, " ")
    # qualified names read "Antti Virtanen K." -> move the initial before the last name
    names = [_middle_initial(x) for x in names]
    r.managers = names[:k]
    r.names = names[k:]
    r.ids = _ids("S", n, 2)

    r.join = np.full(n, cal.start, dtype=np.int64)
    r.leave = np.full(n, cal.horizon + 1, dtype=np.int64)  # first day without the seller
    r.successor = np.arange(n)
    churn = rng.random(n)
    churn_day = rng.random(n)
    window = cal.end - cal.start
    for i in range(12, n):
        if churn[i] < 0.06 and window > 200:
            r.join[i] = int(_snap_forward(cal.start + 90 + int(churn_day[i] * (window - 150))))
        elif churn[i] < 0.12 and window > 200:
            r.leave[i] = int(_snap_forward(cal.start + 90 + int(churn_day[i] * (window - 120)))) + 1
    if n > _NEW:
        r.join[_NEW] = int(_snap_forward(cal.end - NEW_SELLER_TENURE_DAYS))
    if n > _LEAVER:
        last_day = int(_snap_back(cal.end - LEAVER_DAYS_BEFORE_END))
        r.leave[_LEAVER] = last_day + 1
    r.active = r.leave > cal.end

    # successors: a steady teammate (never joined or left during the period)
    steady = (r.join == cal.start) & (r.leave > cal.horizon)
    for i in np.flatnonzero(r.leave <= cal.horizon):
        if i == _LEAVER and steady[_LEAVER_SUCCESSOR]:
            r.successor[i] = _LEAVER_SUCCESSOR
            continue
        mates = np.flatnonzero(steady & (r.team == r.team[i]))
        if len(mates) == 0:
            mates = np.flatnonzero(steady)
        if len(mates):
            r.successor[i] = mates[int(rng.integers(len(mates)))]

    # behaviour
    r.act_mult = np.clip(rng.lognormal(0.0, 0.15, (n, 4)), 0.7, 1.3)
    r.act_mult *= np.clip(rng.lognormal(0.0, 0.12, (n, 1)), 0.8, 1.2)
    r.p_offer = rng.uniform(0.27, 0.41, n)
    r.p_win = rng.uniform(0.26, 0.42, n)
    r.p_exist = rng.uniform(0.35, 0.6, n)
    r.needs_rate = rng.uniform(0.55, 0.85, n)
    r.needs_blank = rng.uniform(0.05, 0.2, n)
    r.target_factor = rng.uniform(0.85, 1.2, n)
    r.meeting_target_factor = rng.uniform(0.9, 1.2, n)
    r.loss_busy = np.zeros(n, dtype=bool)
    r.thin = np.zeros(n, dtype=bool)
    r.role = [""] * n
    for i in _THIN:
        if i < n:
            r.thin[i] = True
            r.role[i] = "thin_january"
    if n > _HIGH_HIT:
        i = _HIGH_HIT
        r.role[i] = "high_hit_rate"
        r.act_mult[i] = [0.4, 0.5, 0.45, 0.4]
        r.p_win[i], r.p_offer[i], r.needs_rate[i], r.p_exist[i] = 0.76, 0.32, 0.9, 0.55
        r.target_factor[i] = 0.85
    if n > _BUSY:
        i = _BUSY
        r.role[i] = "busy_low_conversion"
        r.act_mult[i] = [2.4, 1.6, 2.0, 1.5]
        r.p_win[i], r.p_offer[i], r.needs_rate[i], r.p_exist[i] = 0.06, 0.38, 0.35, 0.25
        r.target_factor[i] = 1.3
        r.loss_busy[i] = True
    if n > _NEW:
        r.role[_NEW] = "new_seller"
        r.p_exist[_NEW] = 0.3
    if n > _LEAVER:
        r.role[_LEAVER] = "left"
    r.p_exist = np.where(r.join > cal.start, np.minimum(r.p_exist, 0.35), r.p_exist)
    return r


def _middle_initial(name: str) -> str:
    parts = name.split(" ")
    if len(parts) == 3 and parts[2].endswith("."):
        return f"{parts[0]} {parts[2]} {parts[1]}"
    if len(parts) == 4 and parts[2].endswith("."):
        return f"{parts[0]} {parts[2]} {parts[1]} {parts[3]}"
    return name


class _Customers:
    pass


def _make_customers(ro: _Roster, rng: np.random.Generator) -> _Customers:
    c = _Customers()
    n_acc = np.maximum(6, np.round(_ACCOUNTS[ro.base] * rng.uniform(0.8, 1.2, ro.n))).astype(np.int64)
    n_ex = np.maximum(2, np.round(n_acc * _EXISTING_SHARE[ro.base] * rng.uniform(0.8, 1.2, ro.n))).astype(
        np.int64
    )
    c.n_acc, c.n_ex = n_acc, n_ex
    c.offset = np.concatenate([[0], np.cumsum(n_acc)[:-1]])
    total = int(n_acc.sum())
    c.n = total
    c.owner = np.repeat(np.arange(ro.n), n_acc)
    pos = np.arange(total) - c.offset[c.owner]
    c.existing = pos < n_ex[c.owner]

    base = ro.base[c.owner]
    u = rng.random(total)
    seg = np.where(base == 0, np.where(u < 0.65, 0, 1), np.where(base == 1, np.where(u < 0.75, 2, 1), 3))
    c.segment = seg

    # names: companies for the private sector, public bodies for the public sector
    company_pool = [f"{b} {s}" for b in _BRANDS for s in _SECTORS]
    company_pool += [f"{h}{t} {s}" for h in _BRAND_HEADS for t in _BRAND_TAILS for s in _SECTORS]
    company_pool += [f"{s} {ln}" for ln in _LAST_NAMES for s in _SECTORS[:20]]
    public_pool = [f"{g} {unit}" for g in _CITY_GENITIVES for unit in _PUBLIC_UNITS] + list(_PUBLIC_EXTRA)
    is_public = seg == 3
    n_pub = int(is_public.sum())
    companies = _pick_names(rng, company_pool, total - n_pub, _CITIES, " ")
    publics = _pick_names(rng, public_pool, n_pub, ["hankinnat", "ICT", "kiinteistöt", "kehittäminen"], ", ")
    suffix_u = rng.random(total)
    names = np.empty(total, dtype=object)
    ci = iter(companies)
    pi = iter(publics)
    for i in range(total):
        if is_public[i]:
            names[i] = next(pi)
            continue
        s = suffix_u[i]
        if seg[i] == 0:
            suffix = "Oyj" if s < 0.3 else ("Oy Ab" if s < 0.45 else "Oy")
        elif seg[i] == 2:
            suffix = "Ky" if s < 0.15 else ("Oy Ab" if s < 0.22 else "Oy")
        else:
            suffix = "Oy Ab" if s < 0.12 else "Oy"
        names[i] = f"{next(ci)} {suffix}"
    c.names = names
    # customer ids in a mixed order (as a CRM numbers them), plus a None slot at index -1
    order = rng.permutation(total)
    ids = _ids("C", total, 5)
    c.ids = np.empty(total + 1, dtype=object)
    c.ids[:total] = ids[order]
    c.ids[total] = None
    c.row_order = np.argsort(order, kind="stable")  # table rows sorted by id
    return c


# --------------------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------------------


class _Activities:
    pass


def _make_activities(ro: _Roster, cu: _Customers, cal: _Calendar, rng: np.random.Generator) -> _Activities:
    n, nd, nt = ro.n, cal.n_days, len(ACTIVITY_TYPES)
    days = cal.days
    # (D, S) presence and ramp-up
    present = (days[:, None] >= ro.join[None, :]) & (days[:, None] < ro.leave[None, :])
    tenure = (days[:, None] - ro.join[None, :]).astype(float)
    ramp = np.where(ro.join[None, :] > cal.start, np.clip(0.15 + 0.85 * tenure / 120.0, 0.15, 1.0), 1.0)
    presence = np.where(present, ramp, 0.0)
    # (D, T) calendar, future planned share and November push on meetings
    season = np.repeat(cal.season[:, None], nt, axis=1)
    season[:, 1] *= np.where(cal.moy == 11, 1.1, 1.0)
    future = (days - cal.end - 1) / FUTURE_DAYS
    is_future = days > cal.end
    planned_share = np.stack(
        [0.25 - 0.2 * future, 0.9 - 0.7 * future, np.full(nd, 0.05), 0.4 - 0.3 * future], axis=1
    )
    season = np.where(is_future[:, None], season * planned_share, season)
    per_seller = _RATES[ro.base] * ro.act_mult  # (S, T)
    lam = season[:, None, :] * presence[:, :, None] * per_seller[None, :, :]
    # thin-January sellers: fewer meetings from December to mid January
    dec_jan = ((cal.moy == 12) | ((cal.moy == 1) & (cal.dom <= 15)))[:, None]
    lam[:, :, 1] *= np.where(dec_jan & ro.thin[None, :], 0.6, 1.0)
    counts = rng.poisson(lam).ravel()
    del lam, presence, tenure, ramp, present
    cells = np.flatnonzero(counts)
    cell = np.repeat(cells, counts[cells])
    del counts, cells
    a = _Activities()
    a.n = len(cell)
    a.day = cal.start + cell // (n * nt)
    a.seller = ((cell // nt) % n).astype(np.int64)
    a.type = (cell % nt).astype(np.int8)
    del cell

    u = rng.random(a.n)
    past = a.day <= cal.end
    status = np.where(past, np.where(u < _CANCEL[a.type], 2, 0), 1).astype(np.int8)
    stale = past & (a.day > cal.end - 7) & (a.type <= 1) & (u > 0.985)  # not yet marked done
    status[stale] = 1
    a.status = status

    has_customer = rng.random(a.n) < _HAS_CUSTOMER[a.type]
    existing = rng.random(a.n) < ro.p_exist[a.seller]
    pick = rng.random(a.n)
    n_ex = cu.n_ex[a.seller]
    n_pr = cu.n_acc[a.seller] - n_ex
    # prospects come and go: at any time a seller works a sliding third of the prospect list
    first = ro.join[a.seller]
    last = np.minimum(ro.leave[a.seller], cal.horizon + 1)
    tau = np.clip((a.day - first) / np.maximum(1, last - first), 0.0, 1.0)
    prospect = ((tau * (1 - _PROSPECT_WINDOW) + pick * _PROSPECT_WINDOW) * n_pr).astype(np.int64)
    pos = np.where(existing, (pick * n_ex).astype(np.int64), n_ex + np.minimum(prospect, n_pr - 1))
    a.customer = np.where(has_customer, cu.offset[a.seller] + pos, -1)

    meeting_done = (a.type == 1) & (status == 0)
    blank = rng.random(a.n) < ro.needs_blank[a.seller]
    a.needs = rng.random(a.n) < ro.needs_rate[a.seller]
    a.needs_missing = ~meeting_done | blank
    return a


# --------------------------------------------------------------------------------------
# Offers
# --------------------------------------------------------------------------------------


class _Offers:
    pass


def _make_offers(
    ro: _Roster, cu: _Customers, ac: _Activities, cal: _Calendar, rng: np.random.Generator
) -> _Offers:
    src = np.flatnonzero((ac.type == 1) & (ac.status == 0) & (ac.day <= cal.end) & (ac.customer >= 0))
    seller = ac.seller[src]
    lag = rng.choice(
        np.array([0, 1, 2, 3, 5, 7, 10]), size=len(src), p=[0.25, 0.25, 0.15, 0.12, 0.1, 0.08, 0.05]
    )
    sent = _snap_forward(ac.day[src] + lag)
    s_moy = _month_of_year(_months(sent))
    s_dom = sent - _month_start(_months(sent)) + 1
    p = ro.p_offer[seller] * np.where(s_moy == 11, 1.25, 1.0)
    quiet = (s_moy == 12) | ((s_moy == 1) & (s_dom <= 15))
    p = np.where(quiet & ro.thin[seller], p * 0.05, p)
    keep = (rng.random(len(src)) < p) & (sent <= cal.end) & (sent < ro.leave[seller])
    src, seller, sent = src[keep], seller[keep], sent[keep]
    customer = ac.customer[src]
    # CRM numbering: by sent date
    order = np.lexsort((seller, sent))
    seller, sent, customer = seller[order], sent[order], customer[order]
    m = len(sent)

    seg = cu.segment[customer]
    existing_acct = cu.existing[customer]
    value = rng.lognormal(np.log(_SEGMENT_VALUE[seg]), 0.75)
    value = np.maximum(200.0, _round_to(value, 10.0))

    plan = np.clip(rng.lognormal(np.log(_PLAN_DAYS[ro.base[seller]]), 0.5), 5, 200).astype(np.int64)
    exp0 = sent + plan
    month_end = rng.random(m) < 0.35
    exp0 = np.where(month_end, _month_start(_months(exp0) + 1) - 1, exp0)
    exp0 = np.maximum(sent, _snap_back(exp0))

    # December closing rush: expected closes around the turn of the year move into December
    em = _months(exp0)
    emoy = _month_of_year(em)
    edom = exp0 - _month_start(em) + 1
    smoy = _month_of_year(_months(sent))
    dec_year = np.where(emoy >= 11, _year(em), _year(em) - 1)
    dec1 = _month_start((dec_year - 1970) * 12 + 11)
    window = ((emoy == 11) & (edom >= 10)) | (emoy == 12) | ((emoy == 1) & (edom <= 25))
    thin_window = ro.thin[seller] & ((emoy >= 11) | (emoy <= 3)) & ((smoy >= 7) | (smoy <= 3))
    thin = ro.thin[seller]
    last_pull = np.where(thin, dec1 + 30, dec1 + 22)  # thin sellers squeeze everything into the year
    pull_day = np.minimum(np.maximum(_snap_back(dec1 + rng.integers(0, 22, m)), sent + 2), last_pull)
    can = sent <= last_pull - 2
    pulled = np.where(thin, window | thin_window, window & (rng.random(m) < _PULL_SHARE)) & can
    expected = np.where(pulled, pull_day, exp0)

    # outcome and actual close
    logit = _logit(ro.p_win[seller]) + 0.5 * existing_acct + 0.45 * pulled
    won = rng.random(m) < 1 / (1 + np.exp(-logit))
    slip = rng.lognormal(0.1, 0.35, m)
    natural = sent + np.maximum(1, np.round(plan * slip * np.where(won, 1.0, 1.25))).astype(np.int64)
    rush = np.clip(expected + rng.integers(-4, 4, m), sent + 1, last_pull)
    close = np.where(pulled, rush, natural)
    close = np.maximum(sent, _snap_back(close))

    # leavers: pipeline closing after the last day belongs to the successor
    gone = close >= ro.leave[seller]
    seller = np.where(gone, ro.successor[seller], seller)

    is_open = close > cal.end
    status = np.where(is_open, 0, np.where(won, 1, 2)).astype(np.int8)  # open, won, lost
    # open offers mostly get a fresh forecast; a few stay overdue (stale pipeline)
    overdue = is_open & (expected < cal.end)
    refresh = overdue & (rng.random(m) < 0.8)
    fresh = cal.end + np.clip(rng.lognormal(np.log(25), 0.6, m), 3, 150).astype(np.int64)
    fresh = np.where(rng.random(m) < 0.35, _month_start(_months(fresh) + 1) - 1, fresh)
    year_end = _to_day(datetime.date(cal.end_date.year, 12, 30))
    if cal.end_date.month >= 9:  # thin-January sellers forecast everything into this year
        fresh = np.where(thin, np.minimum(fresh, year_end), fresh)
    expected = np.where(refresh, _snap_back(fresh), expected)
    expected = np.maximum(expected, sent)

    prob = np.where(status == 1, 1.0, 0.0)
    hot = rng.choice(np.array([0.5, 0.6, 0.75, 0.9]), size=m, p=[0.2, 0.25, 0.35, 0.2])
    cold = rng.choice(np.array([0.1, 0.2, 0.3, 0.5]), size=m, p=[0.3, 0.3, 0.25, 0.15])
    prob = np.where(is_open, np.where(won, hot, cold), prob)
    prob_missing = is_open & (rng.random(m) < 0.1)

    lost = status == 2
    r1 = rng.choice(len(_LOSS_REASONS), size=m, p=_LOSS_WEIGHTS)
    r2 = rng.choice(len(_LOSS_REASONS), size=m, p=_LOSS_WEIGHTS_BUSY)
    reason_idx = np.where(ro.loss_busy[seller], r2, r1)
    reason = np.where(lost & (rng.random(m) > 0.07), _LOSS_REASONS[reason_idx], None)

    o = _Offers()
    o.n = m
    o.ids = _ids("O", m, 6)
    o.seller, o.customer, o.sent, o.value = seller, customer, sent, value
    o.status, o.expected, o.close, o.is_open = status, expected, close, is_open
    o.prob, o.prob_missing, o.reason = prob, prob_missing, reason
    return o


# --------------------------------------------------------------------------------------
# Deals
# --------------------------------------------------------------------------------------


class _Deals:
    pass


def _make_deals(ro: _Roster, cu: _Customers, of: _Offers, cal: _Calendar, rng: np.random.Generator) -> _Deals:
    won = np.flatnonzero(of.status == 1)
    # repeat orders from existing accounts, seasonal (December budgets, quiet July)
    acct = np.flatnonzero(cu.existing)
    owner = cu.owner[acct]
    w0 = np.maximum(cal.start, ro.join[owner])
    past = cal.days <= cal.end
    weight = np.where(past, cal.season * np.where(cal.moy == 12, 1.6, 1.0), 0.0)
    cdf = np.concatenate([[0.0], np.cumsum(weight)])
    years_open = np.maximum(0, cal.end - w0 - 28) / 365.25
    extra = rng.poisson(_SEGMENT_REPEAT_RATE[cu.segment[acct]] * years_open)
    settle = np.where(ro.join[owner] > cal.start, 14, 0)  # newcomers take over accounts first
    first = _snap_forward(w0 + settle + rng.integers(0, 28, len(acct)))
    rep_acct = np.repeat(np.arange(len(acct)), extra)
    lo = cdf[cal.idx(w0[rep_acct] + 28)]
    hi = cdf[cal.idx(cal.end) + 1]
    pick = lo + rng.random(len(rep_acct)) * (hi - lo)
    later = cal.start + np.clip(np.searchsorted(cdf, pick, side="left") - 1, 0, cal.n_days - 1)
    r_acct = np.concatenate([np.arange(len(acct)), rep_acct])
    r_day = np.concatenate([first, later])
    ok = r_day <= cal.end
    r_acct, r_day = r_acct[ok], r_day[ok]
    r_cust = acct[r_acct]
    r_seller = cu.owner[r_cust]
    r_seller = np.where(r_day >= ro.leave[r_seller], ro.successor[r_seller], r_seller)
    r_value = rng.lognormal(np.log(_SEGMENT_VALUE[cu.segment[r_cust]] * 0.3), 0.6)
    r_value = np.maximum(100.0, _round_to(r_value, 10.0))

    d = _Deals()
    seller = np.concatenate([of.seller[won], r_seller])
    customer = np.concatenate([of.customer[won], r_cust])
    offer = np.concatenate([won, np.full(len(r_day), -1)])
    day = np.concatenate([of.close[won], r_day])
    value = np.concatenate([of.value[won], r_value])
    order = np.lexsort((seller, day))
    d.n = len(order)
    d.seller, d.customer, d.offer = seller[order], customer[order], offer[order]
    d.day, d.value = day[order], value[order]
    d.ids = _ids("D", d.n, 6)
    return d


# --------------------------------------------------------------------------------------
# Monthly metrics (used by targets and coaching notes)
# --------------------------------------------------------------------------------------


class _Metrics:
    pass


def _grid(seller, month, weights, n, m0, nm) -> np.ndarray:
    idx = np.asarray(seller) * nm + (np.asarray(month) - m0)
    return np.bincount(idx, weights=weights, minlength=n * nm).reshape(n, nm)


def _metrics(
    ro: _Roster, cu: _Customers, ac: _Activities, of: _Offers, de: _Deals, cal: _Calendar
) -> _Metrics:
    n = ro.n
    m0, m1 = cal.start_month, cal.quarter_end_month
    nm = m1 - m0 + 1
    mt = _Metrics()
    mt.m0, mt.nm = m0, nm
    a_month = _months(ac.day)
    done = ac.status == 0
    meet = done & (ac.type == 1)
    mt.acts = _grid(ac.seller[done], a_month[done], None, n, m0, nm)
    mt.meetings = _grid(ac.seller[meet], a_month[meet], None, n, m0, nm)
    mt.calls = _grid(ac.seller[done & (ac.type == 0)], a_month[done & (ac.type == 0)], None, n, m0, nm)
    rec = meet & ~ac.needs_missing
    mt.needs_rec = _grid(ac.seller[rec], a_month[rec], None, n, m0, nm)
    yes = rec & ac.needs
    mt.needs_yes = _grid(ac.seller[yes], a_month[yes], None, n, m0, nm)
    mt.needs_blank = mt.meetings - mt.needs_rec
    # existing business: the customer had a deal before the meeting
    first_deal = np.full(cu.n + 1, np.iinfo(np.int64).max)
    np.minimum.at(first_deal, de.customer, de.day)
    ex = meet & (ac.customer >= 0)
    ex &= ac.day > first_deal[np.where(ac.customer >= 0, ac.customer, cu.n)]
    mt.meet_existing = _grid(ac.seller[ex], a_month[ex], None, n, m0, nm)
    mt.offers = _grid(of.seller, _months(of.sent), None, n, m0, nm)
    closed = ~of.is_open
    c_month = _months(of.close[closed])
    mt.won = _grid(of.seller[closed], c_month, (of.status[closed] == 1).astype(float), n, m0, nm)
    mt.lost = _grid(of.seller[closed], c_month, (of.status[closed] == 2).astype(float), n, m0, nm)
    mt.won_value = _grid(
        of.seller[closed], c_month, np.where(of.status[closed] == 1, of.value[closed], 0.0), n, m0, nm
    )
    mt.sales = _grid(de.seller, _months(de.day), de.value, n, m0, nm)
    return mt


# --------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------


def _make_targets(ro: _Roster, mt: _Metrics, cal: _Calendar, rng: np.random.Generator):
    months = mt.m0 + np.arange(mt.nm)
    moy = _month_of_year(months)
    m_first_day = _month_start(months)
    m_last_day = _month_start(months + 1) - 1
    warm = months >= mt.m0 + 2  # the first two months are still filling the pipeline
    full = (
        (m_first_day[None, :] >= ro.join[:, None])
        & (m_last_day[None, :] < ro.leave[:, None])
        & (m_last_day[None, :] <= cal.end)
        & warm[None, :]
    )
    s_season = _TARGET_SEASON[moy - 1]
    m_season = _MEETING_SEASON[moy - 1]
    n_full = full.sum(axis=1)
    sales_base = np.where(
        n_full >= 3, (mt.sales * full).sum(1) / np.maximum((full * s_season).sum(1), 1e-9), np.nan
    )
    meet_base = np.where(
        n_full >= 3, (mt.meetings * full).sum(1) / np.maximum((full * m_season).sum(1), 1e-9), np.nan
    )
    for t in range(ro.n_teams):
        mates = ro.team == t
        for arr in (sales_base, meet_base):
            fallback = np.nanmedian(arr[mates]) if np.isfinite(arr[mates]).any() else np.nanmedian(arr)
            if not np.isfinite(fallback):
                fallback = 20000.0 if arr is sales_base else 20.0
            arr[mates & ~np.isfinite(arr)] = fallback

    # a seller is in the table from the month they join to the month they leave
    join_m = _months(ro.join)
    leave_m = _months(ro.leave - 1)
    in_table = (months[None, :] >= join_m[:, None]) & (months[None, :] <= leave_m[:, None])
    tenure = months[None, :] - join_m[:, None]
    newcomer = (ro.join > cal.start)[:, None]
    ramp = np.where(newcomer, np.clip(0.3 + 0.2 * tenure, 0.3, 1.0), 1.0)
    growth = 1.0 + 0.04 * ((months - mt.m0) / 12.0 - (mt.nm - 1) / 24.0)
    noise = rng.uniform(0.95, 1.05, (ro.n, mt.nm))
    sales = (
        sales_base[:, None] * ro.target_factor[:, None] * s_season[None, :] * ramp * growth[None, :] * noise
    )
    step = np.where(sales >= 20000, 1000.0, 500.0)
    sales = np.maximum(500.0, _round_to(sales, step))
    meets = np.maximum(
        1.0, np.round(meet_base[:, None] * ro.meeting_target_factor[:, None] * m_season[None, :] * ramp)
    )
    si, mi = np.nonzero(in_table)
    frame = _frame(
        "targets",
        {
            "seller_id": _obj(ro.ids[si]),
            "month": _dates(_month_start(months[mi])),
            "sales_target": pd.Series(sales[si, mi].astype(np.float64)),
            "meetings_target": pd.Series(meets[si, mi].astype(np.float64)),
        },
    )
    return frame, sales, meets


# --------------------------------------------------------------------------------------
# Coaching notes (GROW) and actions
# --------------------------------------------------------------------------------------

_GENERIC_TOPICS = ("pipeline", "needs", "mix", "overdue", "target", "deal_size")


def _note_text(topic: str, x: dict) -> tuple[str, str, str, str, list[tuple[str, str]]]:
    """Goal, reality, options, will and candidate actions for one 1:1."""
    f = x
    if topic == "q1_ahead":
        return (
            f"Goal: rebuild the Q1 {f['q1_year']} pipeline to 3× the Q1 target ({_fmt_eur(3 * f['q1_target'])}) by 15 January.",
            f"Reality: only {_fmt_eur(f['q1_pipe'])} of open offers is expected to close in Q1 {f['q1_year']} against a Q1 "
            f"target of {_fmt_eur(f['q1_target'])}; last January started with {_fmt_eur(f['jan_pipe'])} in Q1 pipeline "
            f"(team median {_fmt_eur(f['jan_team_median'])}).",
            "Options: keep two prospecting mornings a week through December; ask every December buyer about next year's "
            "budget; offer January delivery instead of squeezing every signature into December.",
            f"Will: send at least 8 offers with a Q1 close date before 20 December and go through the Q1 list with "
            f"{f['manager_first']} on 8 January.",
            [
                ("seller", "Send 8 offers with a Q1 close date before 20 December"),
                ("seller", "Block Tuesday and Thursday mornings for prospecting calls until Christmas"),
                ("manager", "Review the Q1 pipeline list together in the first 1:1 of January"),
                ("seller", "Ask each December buyer about their Q1 budget and log it in the CRM"),
            ],
        )
    if topic == "q1_review":
        return (
            "Goal: keep open pipeline above 2× next month's target every month so the December push does not empty "
            "Q1 again.",
            f"Reality: {f['dec_won']} offers were won in December {f['jan_year'] - 1}, but January {f['jan_year']} "
            f"started with {_fmt_eur(f['jan_pipe'])} expected to close in Q1 (team median "
            f"{_fmt_eur(f['jan_team_median'])}) and January sales were {_fmt_eur(f['jan_sales'])} against a target of "
            f"{_fmt_eur(f['jan_target'])}.",
            "Options: set a weekly minimum of new offers that holds also in December; plan Q1 deliveries with "
            "customers already in November; keep a list of early-year budget owners.",
            f"Will: send at least {f['offer_goal']} offers a month and report the pipeline coverage in every 1:1.",
            [
                ("seller", f"Send at least {f['offer_goal']} offers every month, December included"),
                ("seller", "List ten customers whose budget year starts in January"),
                ("manager", "Add pipeline coverage to the monthly 1:1 agenda"),
            ],
        )
    if topic == "high_hit":
        return (
            f"Goal: raise meetings from {f['meet_pm']} to {f['meet_pm'] + 4} a month while keeping the hit rate above 60%.",
            f"Reality: hit rate is {f['hit12']}% over the last 12 months ({f['won12']} won of {f['closed12']}), the best "
            f"in the team, but "
            + (
                f"only {f['meet_pm']} meetings in {f['pm_name']} against a target of {f['meet_target_pm']}."
                if f["meet_pm"] < f["meet_target_pm"]
                else f"{f['acts_pm']} activities in {f['pm_name']} is the lowest in the team and the calendar still has "
                "free afternoons."
            ),
            "Options: hand offer paperwork to sales support; reuse the winning proposal template; ask satisfied "
            "customers for two introductions each.",
            "Will: book two extra first meetings every week and keep Friday afternoons for prospecting calls.",
            [
                ("seller", "Book two extra first meetings every week"),
                ("manager", "Arrange sales support help with offer documents"),
                ("seller", "Ask three satisfied customers for introductions"),
                ("seller", "Keep Friday afternoons free for prospecting calls"),
            ],
        )
    if topic == "busy":
        return (
            f"Goal: lift the hit rate from {f['hit12']}% to 20% by qualifying customers before sending offers.",
            f"Reality: {f['acts_pm']} activities in {f['pm_name']}, the most in the team, but only {f['won12']} of "
            f"{f['closed12']} closed offers won in 12 months; needs were discussed in {f['needs_pct']}% of meetings "
            f"with a recorded answer.",
            "Options: ask the four qualification questions before quoting; drop offers without a named decision "
            "maker; replace part of the cold calls with follow-up meetings at warm prospects.",
            f"Will: send offers only after a needs meeting and go through every lost offer's reason with "
            f"{f['manager_first']} on Fridays.",
            [
                ("seller", "Use the qualification checklist before every offer"),
                ("seller", "Close or requalify offers without a named decision maker"),
                ("manager", "Review lost offers and their loss reasons together every Friday"),
                ("manager", "Join two needs-discovery meetings as an observer"),
            ],
        )
    if topic == "onboarding_start":
        return (
            f"Goal: finish product training and hold the first 10 customer meetings by {f['due_long']}.",
            f"Reality: started on {f['join']}; {f['meet_total']} meetings and {f['calls_total']} calls so far, and most "
            f"of the {f['accounts']} accounts in the territory have not been contacted yet.",
            f"Options: shadow {f['buddy']} in two customer meetings; start with existing customers who order "
            "regularly; use the call script for prospects.",
            f"Will: book three meetings a week and send the first offers before {f['due_long']}.",
            [
                ("seller", "Complete the product training modules"),
                ("seller", f"Shadow {f['buddy']} in two customer meetings"),
                ("manager", "Introduce the new seller to the ten largest existing customers"),
                ("seller", "Book three customer meetings every week"),
            ],
        )
    if topic == "onboarding":
        return (
            f"Goal: reach the full meeting target of {f['meet_target_full']} meetings a month by {f['full_month']}.",
            f"Reality: meetings grew from {f['meet_first']} in {f['first_month']} to {f['meet_pm']} in {f['pm_name']}; "
            f"{f['offers_total']} offers sent and {f['won_total']} won so far.",
            "Options: ask existing customers for reference calls; reuse team proposal templates; prioritise accounts "
            "with a recent order.",
            f"Will: add {max(2, f['meet_target_full'] - f['meet_pm'])} meetings next month and send every offer within "
            "two days of the meeting.",
            [
                ("seller", "Add two customer meetings a week to the calendar"),
                ("seller", "Send offers within two days of the meeting"),
                ("manager", "Ride along in one prospect meeting and give feedback"),
            ],
        )
    if topic == "handover":
        return (
            f"Goal: hand over all open offers and accounts to {f['successor']} before the last working day, "
            f"{f['leave']}.",
            f"Reality: {f['open_n']} open offers worth {_fmt_eur(f['open_value'])} and {f['accounts']} accounts need a new "
            "owner; some customers do not know about the change yet.",
            "Options: hold joint calls with the largest customers; write a short status note for every open offer; "
            "update close dates before the handover.",
            f"Will: introduce {f['successor']} to the five largest customers and finish the handover notes.",
            [
                ("seller", f"Introduce {f['successor']} to the five largest customers"),
                ("seller", "Write a status note for every open offer"),
                ("manager", "Reassign the accounts in the CRM"),
            ],
        )
    if topic == "needs":
        return (
            f"Goal: record customer needs in at least 80% of meetings by the end of {f['nm_name']}.",
            f"Reality: needs were discussed in {f['needs_pct']}% of the {f['needs_rec3']} meetings with a recorded answer "
            f"in the last three months, and {f['needs_blank3']} meetings had the field left empty.",
            "Options: open every meeting with the three discovery questions; update the CRM right after the meeting; "
            "compare lost offers with the meetings where needs were not discussed.",
            "Will: fill in needs for every meeting the same day and bring five meeting notes to the next 1:1.",
            [
                ("seller", "Fill in needs for every meeting on the same day"),
                ("seller", "Bring five meeting notes to the next 1:1"),
                ("manager", "Share the three discovery questions as a one-page guide"),
            ],
        )
    if topic == "mix":
        return (
            f"Goal: hold at least {f['new_goal']} new-business meetings a month while keeping existing customers covered.",
            f"Reality: {f['exist_pct']}% of the {f['meet3']} meetings in the last three months were with existing "
            f"customers and {f['new3']} with prospects.",
            "Options: reserve Monday mornings for prospecting calls; use a recent customer case as a reference; ask "
            "existing customers for introductions to sister companies.",
            f"Will: book {f['new_goal']} meetings with prospects in {f['nm_name']}.",
            [
                ("seller", f"Book {f['new_goal']} meetings with prospects"),
                ("seller", "Ask two existing customers for introductions"),
                ("manager", "Share the latest customer case for reference use"),
            ],
        )
    if topic == "overdue":
        return (
            f"Goal: every open offer has a next step and a realistic close date by {f['due_short']}.",
            f"Reality: {f['over_n']} open offers worth {_fmt_eur(f['over_value'])} are past their expected close date; "
            f"open pipeline in total is {_fmt_eur(f['pipe'])}.",
            "Options: call each customer to confirm timing; close offers with no answer for 60 days as lost (no "
            "decision); move realistic ones to next quarter.",
            f"Will: update all {f['over_n']} overdue offers by {f['due_short']} and mark the dead ones lost.",
            [
                ("seller", f"Update the {f['over_n']} overdue offers with new close dates"),
                ("seller", "Mark offers without an answer for 60 days as lost"),
                ("manager", "Check the cleaned pipeline in the CRM"),
            ],
        )
    if topic == "target":
        return (
            f"Goal: reach the {f['nm_name']} target of {_fmt_eur(f['target_nm'])}.",
            f"Reality: {f['pm_name']} sales were {_fmt_eur(f['sales_pm'])} against a target of {_fmt_eur(f['target_pm'])} "
            f"({f['attain_pm']}%); hit rate over 12 months is {f['hit12']}%.",
            f"Options: prioritise the five largest open offers; involve {f['manager_first']} in the two biggest "
            "negotiations; offer repeat customers an early-order delivery slot.",
            "Will: agree next steps for the five largest open offers this week.",
            [
                ("seller", "Agree next steps for the five largest open offers"),
                ("manager", "Join the two biggest negotiations"),
                ("seller", "Call repeat customers about early orders"),
            ],
        )
    if topic == "deal_size":
        return (
            f"Goal: raise the average won offer to {_fmt_eur(f['avg_goal'])} by adding the service agreement to every "
            "proposal.",
            f"Reality: the average won offer over 12 months is {_fmt_eur(f['avg_won'])} against a team average of "
            f"{_fmt_eur(f['team_avg_won'])}.",
            "Options: quote a good-better-best option in every offer; add the service agreement as a line item; "
            "meet the budget owner, not only the user.",
            "Will: include a service agreement and a larger option in every offer next month.",
            [
                ("seller", "Add the service agreement to every proposal"),
                ("seller", "Quote a larger option in the next five offers"),
                ("manager", "Share the proposal template with options"),
            ],
        )
    # pipeline (default)
    return (
        f"Goal: grow open pipeline to 3× the {f['nm_name']} target ({_fmt_eur(3 * f['target_nm'])}) by {f['due_short']}.",
        f"Reality: open pipeline is {_fmt_eur(f['pipe'])} in {f['pipe_n']} offers, {f['coverage']:.1f}× the "
        f"{f['nm_name']} target of {_fmt_eur(f['target_nm'])}; {f['offers_pm']} offers were sent in {f['pm_name']}.",
        "Options: reactivate existing customers without an order in six months; ask for an introduction at every "
        "delivery meeting; split the largest offer into a pilot and a full rollout.",
        f"Will: book 6 new-business meetings and send at least {f['offer_goal']} offers before {f['due_short']}.",
        [
            ("seller", "Book 6 new-business meetings"),
            ("seller", f"Send at least {f['offer_goal']} offers"),
            ("seller", "Call existing customers without an order in six months"),
            ("manager", "Join one new-business meeting as a sparring partner"),
        ],
    )


def _make_coaching(
    ro: _Roster,
    cu: _Customers,
    ac: _Activities,
    of: _Offers,
    de: _Deals,
    mt: _Metrics,
    sales_t: np.ndarray,
    meet_t: np.ndarray,
    cal: _Calendar,
    rng: np.random.Generator,
):
    n = ro.n
    by_seller = np.argsort(of.seller, kind="stable")
    bounds = np.searchsorted(of.seller[by_seller], np.arange(n + 1))

    def seller_offers(s):
        return by_seller[bounds[s] : bounds[s + 1]]

    def cell(arr, s, month):
        j = int(month) - mt.m0
        return arr[s, j] if 0 <= j < mt.nm else 0

    def span(arr, s, m_from, m_to):
        a = max(int(m_from) - mt.m0, 0)
        b = min(int(m_to) - mt.m0, mt.nm - 1)
        return arr[s, a : b + 1].sum() if b >= a else 0

    def pipeline(idx, day, q_from=None, q_to=None):
        """Open value and count of offers in idx at `day`, optionally by expected close range."""
        openat = (of.sent[idx] <= day) & (of.is_open[idx] | (of.close[idx] > day))
        if q_from is not None:
            openat &= (of.expected[idx] >= q_from) & (of.expected[idx] <= q_to)
        return float(of.value[idx][openat].sum()), int(openat.sum())

    # last January's Q1 pipeline for every seller (thin-January story)
    end_m = cal.end_month
    jan_year = cal.end_date.year  # the latest January up to `end`
    jan1 = _to_day(datetime.date(jan_year, 1, 1))
    q1_end = _to_day(datetime.date(jan_year, 3, 31))
    jan_pipe = np.array([pipeline(seller_offers(s), jan1 - 1, jan1, q1_end)[0] for s in range(n)])
    jan_m = int(_months(jan1))

    # team averages for won offers
    won12_val = mt.won_value[:, max(0, end_m - 12 - mt.m0) : end_m - mt.m0].sum(1)
    won12_cnt = mt.won[:, max(0, end_m - 12 - mt.m0) : end_m - mt.m0].sum(1)

    first_month = end_m - COACHING_MONTHS + 1
    slot = rng.integers(0, 12, n)
    topic_start = rng.integers(0, len(_GENERIC_TOPICS), n)
    notes = []
    for s in range(n):
        mates = np.flatnonzero((ro.team == ro.team[s]) & (np.arange(n) != s))
        buddy = ro.names[mates[0]].split(" ")[0] if len(mates) else ro.managers[ro.team[s]].split(" ")[0]
        idx = seller_offers(s)
        k_note = 0
        skipped = False
        for month in range(first_month, end_m + 1):
            jitter = int(rng.integers(-2, 3))
            skip = rng.random() < 0.1 and not ro.role[s] and not skipped  # at most one missed 1:1
            skipped |= skip
            day = int(_snap_forward(_month_start(month) + 2 + slot[s] + jitter))
            if skip or day > cal.end or day < ro.join[s] + 10 or day >= ro.leave[s]:
                continue
            pm = month - 1
            x: dict = {}
            x["manager_first"] = ro.managers[ro.team[s]].split(" ")[0]
            x["pm_name"] = calendar.month_name[int(_month_of_year(pm))]
            x["nm_name"] = calendar.month_name[int(_month_of_year(month))]
            x["meet_pm"] = int(cell(mt.meetings, s, pm))
            x["meet_target_pm"] = int(cell(meet_t, s, pm))
            x["acts_pm"] = int(cell(mt.acts, s, pm))
            x["offers_pm"] = int(cell(mt.offers, s, pm))
            won12 = int(span(mt.won, s, pm - 11, pm))
            lost12 = int(span(mt.lost, s, pm - 11, pm))
            x["won12"], x["closed12"] = won12, won12 + lost12
            x["hit12"] = _pct(won12, won12 + lost12)
            rec3 = int(span(mt.needs_rec, s, pm - 2, pm))
            x["needs_rec3"] = rec3
            x["needs_pct"] = _pct(span(mt.needs_yes, s, pm - 2, pm), rec3)
            x["needs_blank3"] = int(span(mt.needs_blank, s, pm - 2, pm))
            meet3 = int(span(mt.meetings, s, pm - 2, pm))
            ex3 = int(span(mt.meet_existing, s, pm - 2, pm))
            x["meet3"], x["new3"], x["exist_pct"] = meet3, meet3 - ex3, _pct(ex3, meet3)
            x["new_goal"] = max(4, int(round((meet3 - ex3) / 3 * 1.3)) + 1)
            pipe, pipe_n = pipeline(idx, day)
            x["pipe"], x["pipe_n"] = pipe, pipe_n
            x["target_nm"] = float(cell(sales_t, s, month))
            x["coverage"] = pipe / x["target_nm"] if x["target_nm"] else 0.0
            x["target_pm"] = float(cell(sales_t, s, pm))
            x["sales_pm"] = float(cell(mt.sales, s, pm))
            x["attain_pm"] = _pct(x["sales_pm"], x["target_pm"])
            x["offer_goal"] = max(4, int(round(x["offers_pm"] * 1.25)))
            openat = (
                (of.sent[idx] <= day) & (of.is_open[idx] | (of.close[idx] > day)) & (of.expected[idx] < day)
            )
            x["over_n"], x["over_value"] = int(openat.sum()), float(of.value[idx][openat].sum())
            x["avg_won"] = won12_val[s] / won12_cnt[s] if won12_cnt[s] else 0.0
            team = ro.team == ro.team[s]
            x["team_avg_won"] = won12_val[team].sum() / max(1.0, won12_cnt[team].sum())
            x["avg_goal"] = _round_to(max(x["avg_won"], x["team_avg_won"]) * 1.15, 500)
            due = int(_snap_back(day + 21))
            x["due_short"] = f"{_from_day(due).day} {calendar.month_name[_from_day(due).month]}"
            x["due_long"] = _fmt_date(_snap_back(day + 45))
            # story material
            q1_year = int(_year(month)) + (1 if _month_of_year(month) >= 10 else 0)
            q1_from = _to_day(datetime.date(q1_year, 1, 1))
            q1_to = _to_day(datetime.date(q1_year, 3, 31))
            x["q1_year"] = q1_year
            x["q1_pipe"] = pipeline(idx, day, q1_from, q1_to)[0]
            q1m = int(_months(q1_from))
            x["q1_target"] = float(sum(cell(sales_t, s, q1m + k) for k in range(3))) or 3 * x["target_nm"]
            x["jan_year"] = jan_year
            x["jan_pipe"] = jan_pipe[s]
            x["jan_team_median"] = float(np.median(jan_pipe[team]))
            x["jan_sales"] = float(cell(mt.sales, s, jan_m))
            x["jan_target"] = float(cell(sales_t, s, jan_m))
            x["dec_won"] = int(cell(mt.won, s, jan_m - 1))
            x["join"] = _fmt_date(ro.join[s])
            x["buddy"] = buddy
            x["accounts"] = int(cu.n_acc[s])
            if ro.role[s] == "new_seller":
                done = (ac.seller == s) & (ac.status == 0) & (ac.day < day)
                x["meet_total"] = int((done & (ac.type == 1)).sum())
                x["calls_total"] = int((done & (ac.type == 0)).sum())
                jm = int(_months(ro.join[s]))
                jm_full = jm + (1 if ro.join[s] - _month_start(jm) > 10 else 0)  # first full month
                x["meet_first"] = int(cell(mt.meetings, s, jm_full))
                x["first_month"] = calendar.month_name[int(_month_of_year(jm_full))]
                x["meet_target_full"] = int(max(meet_t[s].max(), 8))
                x["full_month"] = _month_name(max(jm + 5, month + 1))
                x["offers_total"] = int((of.sent[idx] < day).sum())
                x["won_total"] = int(((of.status[idx] == 1) & (of.close[idx] < day)).sum())
            if ro.role[s] == "left":
                x["successor"] = ro.names[ro.successor[s]]
                x["leave"] = _fmt_date(ro.leave[s] - 1)
                lv = int(ro.leave[s])
                gone = (of.sent < lv) & (of.is_open | (of.close >= lv)) & (of.seller == ro.successor[s])
                gone &= cu.owner[of.customer] == s
                x["open_n"], x["open_value"] = int(gone.sum()), float(of.value[gone].sum())

            topic = _GENERIC_TOPICS[(topic_start[s] + k_note) % len(_GENERIC_TOPICS)]
            if topic == "overdue" and x["over_n"] == 0:
                topic = "pipeline"
            role = ro.role[s]
            latest = month == end_m or day + 35 > cal.end
            moy = int(_month_of_year(month))
            if role == "thin_january":
                if moy in (10, 11, 12):
                    topic = "q1_ahead"
                elif k_note % 3 != 2 or latest:
                    topic = "q1_review"
            elif role == "high_hit_rate" and (k_note % 3 != 2 or latest):
                topic = "high_hit"
            elif role == "busy_low_conversion" and (k_note % 3 != 2 or latest):
                topic = "busy"
            elif role == "new_seller":
                topic = "onboarding_start" if k_note == 0 else "onboarding"
            elif role == "left" and day + 40 >= ro.leave[s]:
                topic = "handover"
            goal, reality, options, will, actions = _note_text(topic, x)
            notes.append((day, s, goal, reality, options, will, actions))
            k_note += 1

    notes.sort(key=lambda r: (r[0], r[1]))
    nn = len(notes)
    note_ids = _ids("N", nn, 5)
    private = rng.random(nn) < 0.8
    rows = []
    for i, (day, _s, _g, _r, _o, _w, actions) in enumerate(notes):
        k = int(rng.integers(1, 4))
        chosen = rng.choice(len(actions), size=min(k, len(actions)), replace=False)
        for j in sorted(int(c) for c in chosen):
            owner, text = actions[j]
            due = int(_snap_back(day + int(rng.choice([7, 14, 21, 28]))))
            u = rng.random()
            if due <= cal.end:
                done_on = due + int(rng.integers(-6, 4)) if u < 0.85 else None
            elif u < 0.2 and day + 1 <= cal.end:
                done_on = int(rng.integers(day + 1, cal.end + 1))
            else:
                done_on = None
            if done_on is not None:  # a working day after the 1:1, not after `end`
                done_on = int(_snap_forward(max(done_on, day + 1)))
                if done_on > cal.end:
                    done_on = int(_snap_back(cal.end))
                done_on = done_on if done_on > day else None
            rows.append((note_ids[i], owner, text, due, done_on))
    notes_frame = _frame(
        "coaching_notes",
        {
            "note_id": _obj(note_ids),
            "seller_id": _obj([ro.ids[r[1]] for r in notes]),
            "held_on": _dates([r[0] for r in notes]),
            "author": _obj([ro.managers[ro.team[r[1]]] for r in notes]),
            "goal": _obj([r[2] for r in notes]),
            "reality": _obj([r[3] for r in notes]),
            "options": _obj([r[4] for r in notes]),
            "will": _obj([r[5] for r in notes]),
            "private": _bools(private),
        },
    )
    done_missing = np.array([r[4] is None for r in rows], dtype=bool)
    actions_frame = _frame(
        "coaching_actions",
        {
            "action_id": _obj(_ids("NA", len(rows), 5)),
            "note_id": _obj([r[0] for r in rows]),
            "owner": _obj([r[1] for r in rows]),
            "description": _obj([r[2] for r in rows]),
            "due_date": _dates([r[3] for r in rows]),
            "done_on": _dates([0 if r[4] is None else r[4] for r in rows], missing=done_missing),
        },
    )
    return notes_frame, actions_frame


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
    cal = _Calendar(end, years)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)]
    ro = _make_sellers(sellers, cal, streams[0])
    cu = _make_customers(ro, streams[1])
    ac = _make_activities(ro, cu, cal, streams[2])
    of = _make_offers(ro, cu, ac, cal, streams[3])
    de = _make_deals(ro, cu, of, cal, streams[4])
    mt = _metrics(ro, cu, ac, of, de, cal)
    targets, sales_t, meet_t = _make_targets(ro, mt, cal, streams[5])
    notes, actions = _make_coaching(ro, cu, ac, of, de, mt, sales_t, meet_t, cal, streams[6])

    type_names = np.array(ACTIVITY_TYPES, dtype=object)
    act_status = np.array(["done", "planned", "cancelled"], dtype=object)
    offer_status = np.array(["open", "won", "lost"], dtype=object)
    frames = {
        "sellers": _frame(
            "sellers",
            {
                "seller_id": _obj(ro.ids),
                "name": _obj(ro.names),
                "team": _obj([ro.team_names[t] for t in ro.team]),
                "manager": _obj([ro.managers[t] for t in ro.team]),
                "active": _bools(ro.active),
            },
        ),
        "customers": _frame(
            "customers",
            {
                "customer_id": _obj(cu.ids[cu.row_order]),
                "name": _obj(cu.names[cu.row_order]),
                "segment": _obj(np.array(_SEGMENTS, dtype=object)[cu.segment[cu.row_order]]),
            },
        ),
        "activities": _frame(
            "activities",
            {
                "activity_id": _obj(_ids("A", ac.n, 7)),
                "seller_id": _obj(ro.ids[ac.seller]),
                "customer_id": _obj(cu.ids[ac.customer]),
                "type": _obj(type_names[ac.type]),
                "date": _dates(ac.day),
                "status": _obj(act_status[ac.status]),
                "needs_discussed": _bools(ac.needs, ac.needs_missing),
            },
        ),
        "offers": _frame(
            "offers",
            {
                "offer_id": _obj(of.ids),
                "seller_id": _obj(ro.ids[of.seller]),
                "customer_id": _obj(cu.ids[of.customer]),
                "sent_date": _dates(of.sent),
                "value": pd.Series(of.value.astype(np.float64)),
                "status": _obj(offer_status[of.status]),
                "expected_close_date": _dates(of.expected),
                "closed_date": _dates(of.close, missing=of.is_open),
                "probability": pd.Series(np.where(of.prob_missing, np.nan, of.prob).astype(np.float64)),
                "loss_reason": _obj(of.reason),
            },
        ),
        "deals": _frame(
            "deals",
            {
                "deal_id": _obj(de.ids),
                "seller_id": _obj(ro.ids[de.seller]),
                "customer_id": _obj(cu.ids[de.customer]),
                "offer_id": _obj(np.append(of.ids, None)[de.offer]),
                "close_date": _dates(de.day),
                "value": pd.Series(de.value.astype(np.float64)),
            },
        ),
        "targets": targets,
        "coaching_notes": notes,
        "coaching_actions": actions,
    }
    return {name: frames[name] for name in TABLES}
