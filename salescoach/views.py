"""Views that scale with the number of sellers: which level a chart shows and which rows a
table page holds. Pure decisions, no Streamlit (the page kit, `salescoach.ui`, draws them).

A chart or table that would draw one mark or row per seller for a whole company (500 sellers,
22,608 seller-weeks in a year) summarises instead, and the page says so:

- a funnel per team becomes one funnel of all teams past `TEAM_LIMIT` teams (`funnel_level`);
- a seller × week grid shows one row per team when there are more than `SELLER_LIMIT` sellers
  and more than one team (`grid_level`); picking a team, or asking for every seller, shows
  the sellers;
- a per-seller ranking (hit rate, offers per win) shows the `EXTREMES` highest and lowest
  sellers with a value when there are more than `SELLER_LIMIT` (`ranking`); asked for every
  seller, it shows them all;
- a chart of each seller against their own need (coverage against the coverage required,
  sales against target) shows the `EXTREMES` furthest above and below it past `SELLER_LIMIT`
  sellers (`need_ranking`); asked for every seller, it shows them all;
- a table sends one page of `TABLE_PAGE_ROWS` rows (`table_page`), sorted over all its rows
  first (`sort_positions`); its CSV still holds every row;
- a list of cards (who needs attention) draws a card per seller up to `CARD_LIMIT` sellers; a
  longer one draws the most urgent `CARDS_FIRST` as cards and lists every seller in one table
  (`card_split`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

SELLER_LIMIT = 30  # a chart draws one row per seller up to this many sellers
EXTREMES = 10  # a summarised ranking: this many sellers from the top, and from the bottom
TABLE_PAGE_ROWS = 100  # the rows of one table page
TEAM_LIMIT = 8  # a chart draws one trace per team up to this many: one colour each (charts.TEAM_PALETTE)
CARD_LIMIT = 20  # a list draws a card (text, reasons, a button) per seller up to this many sellers
CARDS_FIRST = 3  # the cards on the first screen: whom to talk to first


def grid_level(sellers: int, teams: int, *, every_seller: bool = False, limit: int = SELLER_LIMIT) -> str:
    """ "seller" or "team": the rows of a seller × week grid for `sellers` sellers in `teams` teams.

    Every seller up to `limit` (a team or two), when asked (`every_seller`), or when there is
    only one team to sum them into; otherwise one row per team.
    """
    if every_seller or sellers <= limit or teams <= 1:
        return "seller"
    return "team"


def funnel_level(teams: int, *, limit: int = TEAM_LIMIT) -> str:
    """ "team" (a funnel per team) for up to `limit` teams, else "all" (one funnel of them all:
    past the palette two teams would share a colour, and 40 funnels are not read side by side)."""
    return "team" if teams <= limit else "all"


@dataclass(frozen=True)
class CardSplit:
    """How a list of `rows` sellers is drawn: `first` cards on screen, `more` cards behind
    "N more", and whether every seller is (also) listed in one table instead of more cards."""

    first: int
    more: int
    table: bool


def card_split(rows: int, *, limit: int = CARD_LIMIT, first: int = CARDS_FIRST) -> CardSplit:
    """The cards and table of a list of `rows` sellers: up to `limit` a card each (`first` shown,
    the rest behind "N more"); more than `limit`, the `first` cards and one table of every row
    (hundreds of cards with a button each would be thousands of elements on every rerun)."""
    shown = min(rows, first)
    if rows <= limit:
        return CardSplit(shown, rows - shown, False)
    return CardSplit(shown, 0, True)


@dataclass(frozen=True)
class Ranking:
    """The rows a per-seller ranking shows: `frame` (best first), and what it leaves out."""

    frame: pd.DataFrame
    summarised: bool  # True: the top and bottom `extremes` only
    ranked: int  # the rows with a value, out of which `frame` was taken
    without_value: int  # rows left out because their value is unknown (summarised only)
    extremes: int


def ranking(
    frame: pd.DataFrame,
    column: str,
    *,
    every_seller: bool = False,
    limit: int = SELLER_LIMIT,
    extremes: int = EXTREMES,
    ascending: bool = False,
) -> Ranking:
    """The rows of `frame` a ranking by `column` draws.

    Up to `limit` rows (or with `every_seller`) every row in its own order, unknown values
    included (they draw as an empty bar). More rows: the `extremes` best and the `extremes`
    worst with a value, best first (highest, or lowest with `ascending`), ties in the frame's
    order; an unknown value is neither best nor worst.
    """
    if every_seller or len(frame) <= limit:
        return Ranking(frame, False, len(frame), 0, extremes)
    values = pd.to_numeric(frame[column], errors="coerce")
    known = frame[values.notna()]
    order = sort_positions(known, column, descending=not ascending)
    if len(order) > 2 * extremes:
        order = np.concatenate([order[:extremes], order[-extremes:]])
    return Ranking(known.iloc[order], True, len(known), len(frame) - len(known), extremes)


def need_ranking(
    frame: pd.DataFrame,
    actual: str,
    need: str,
    *,
    every_seller: bool = False,
    limit: int = SELLER_LIMIT,
    extremes: int = EXTREMES,
) -> Ranking:
    """The rows a chart of `actual` against each row's `need` draws (coverage against the
    coverage required, sales against target).

    Up to `limit` rows (or with `every_seller`) every row in its own order. More: the `extremes`
    rows furthest above their need and the `extremes` furthest below it (`actual` / `need`),
    highest first; a row whose share is unknown (no need, no value) is not ranked.
    """
    if every_seller or len(frame) <= limit:
        return Ranking(frame, False, len(frame), 0, extremes)
    wanted = pd.to_numeric(frame[need], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    got = pd.to_numeric(frame[actual], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(wanted > 0, got / wanted, np.nan)
    shares = pd.DataFrame({"share": share})  # ranked on its own: the frame is copied once, at the end
    ranked = ranking(shares, "share", limit=limit, extremes=extremes)
    return Ranking(frame.iloc[ranked.frame.index], True, ranked.ranked, ranked.without_value, extremes)


@dataclass(frozen=True)
class TablePage:
    """One page of a table: rows `start` (inclusive) to `stop` (exclusive) of `rows`."""

    number: int  # 1-based, within 1..pages
    pages: int
    start: int
    stop: int
    rows: int

    @property
    def paged(self) -> bool:
        return self.pages > 1


def table_page(rows: int, page: int | None = 1, size: int | None = TABLE_PAGE_ROWS) -> TablePage:
    """Page `page` (1-based) of a table of `rows` rows in pages of `size` rows.

    A page past the end is the last one, and one before the start (or None) the first, so a
    page number kept from a longer table still shows rows. `size` None: one page of every row.
    """
    if size is None or size <= 0 or rows <= size:
        return TablePage(1, 1, 0, rows, rows)
    pages = math.ceil(rows / size)
    number = min(max(1, int(page or 1)), pages)
    start = (number - 1) * size
    return TablePage(number, pages, start, min(start + size, rows), rows)


def sort_positions(frame: pd.DataFrame, column: str | None, *, descending: bool = False) -> np.ndarray:
    """The row positions of `frame` in the order of `column` (None: as they are).

    Numbers and dates by value, text case-insensitively, true before false when descending;
    equal values keep their order (a stable sort) and unknown values come last either way.
    """
    positions = np.arange(len(frame))
    if column is None or column not in frame.columns or len(frame) == 0:
        return positions
    values = _sort_key(frame[column].reset_index(drop=True))
    key = pd.Series(values.to_numpy(), index=positions)
    try:
        ordered = key.sort_values(ascending=not descending, kind="stable", na_position="last")
    except TypeError:  # values of several kinds (text among dates): sort them as their texts
        key = key.map(lambda v: v if pd.isna(v) else str(v).casefold())
        ordered = key.sort_values(ascending=not descending, kind="stable", na_position="last")
    return ordered.index.to_numpy()


def _sort_key(values: pd.Series) -> pd.Series:
    """What a column sorts by: true/false as 1/0, numbers that came as objects as numbers,
    text case-folded; numbers and dates as they are."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype(int)
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
        return values
    present = values.notna()
    numbers = pd.to_numeric(values, errors="coerce")
    if present.any() and numbers.notna().sum() == present.sum():  # numbers among None
        return numbers
    return values.map(lambda v: v.casefold() if isinstance(v, str) else v).astype(object)
