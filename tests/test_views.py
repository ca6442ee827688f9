"""Views that scale with sellers (salescoach/views.py): which level a view of many sellers shows,
which rows a ranking and a table page hold, and in what order. Pure functions, counted by hand."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from salescoach import views


@pytest.mark.parametrize(
    ("sellers", "teams", "every_seller", "level"),
    [
        (12, 3, False, "seller"),  # the demo team: every seller
        (30, 3, False, "seller"),  # the limit itself still shows sellers
        (31, 3, False, "team"),  # one past it: a row per team
        (500, 42, False, "team"),  # a company: 42 rows, not 500
        (500, 42, True, "seller"),  # asked for every seller: all 500
        (500, 1, False, "seller"),  # one team has nothing to sum into
        (1, 1, False, "seller"),
    ],
)
def test_the_grid_shows_teams_for_a_company_and_every_seller_when_asked(sellers, teams, every_seller, level):
    assert views.grid_level(sellers, teams, every_seller=every_seller) == level


def test_the_grid_limit_can_be_set():
    assert views.grid_level(11, 2, limit=10) == "team"
    assert views.grid_level(10, 2, limit=10) == "seller"


@pytest.mark.parametrize(("teams", "level"), [(1, "team"), (8, "team"), (9, "all"), (42, "all")])
def test_a_funnel_per_team_up_to_the_palette_then_one_funnel(teams, level):
    assert views.funnel_level(teams) == level


def _sellers(values) -> pd.DataFrame:
    return pd.DataFrame(
        {"seller": [f"S{i:02d}" for i in range(1, len(values) + 1)], "hit_rate": values, "team": "A"}
    )


# S01 … S23 have hit rates 0.01 … 0.23; S24 and S25 have decided no offer (unknown).
TWENTY_FIVE = _sellers([i / 100 for i in range(1, 24)] + [None, None])


def test_a_ranking_of_many_sellers_shows_the_top_and_the_bottom():
    ranked = views.ranking(TWENTY_FIVE, "hit_rate", limit=20, extremes=3)
    # 25 sellers > 20: the 3 highest of the 23 with a value (0.23, 0.22, 0.21), then the 3
    # lowest (0.03, 0.02, 0.01); the two unknown are neither.
    assert ranked.frame["seller"].tolist() == ["S23", "S22", "S21", "S03", "S02", "S01"]
    assert (ranked.summarised, ranked.ranked, ranked.without_value, ranked.extremes) == (True, 23, 2, 3)


def test_a_ranking_where_lower_is_better_puts_the_lowest_first():
    ranked = views.ranking(TWENTY_FIVE, "hit_rate", limit=20, extremes=3, ascending=True)
    assert ranked.frame["seller"].tolist() == ["S01", "S02", "S03", "S21", "S22", "S23"]


def test_a_ranking_still_shows_every_seller_when_asked():
    ranked = views.ranking(TWENTY_FIVE, "hit_rate", every_seller=True, limit=20, extremes=3)
    assert ranked.frame["seller"].tolist() == [f"S{i:02d}" for i in range(1, 26)]  # as given, unknown too
    assert not ranked.summarised and ranked.without_value == 0


def test_a_ranking_of_a_team_shows_every_seller():
    team = TWENTY_FIVE.head(20)  # 20 sellers, the limit: all of them, in their order
    ranked = views.ranking(team, "hit_rate", limit=20, extremes=3)
    assert ranked.frame["seller"].tolist() == team["seller"].tolist() and not ranked.summarised


def test_a_ranking_with_few_known_values_shows_them_all_once():
    # 25 sellers, 5 with a value: top 3 and bottom 3 would overlap, so the 5, best first.
    frame = _sellers([0.5, None, 0.1, None, 0.3, 0.2, 0.4] + [None] * 18)
    ranked = views.ranking(frame, "hit_rate", limit=20, extremes=3)
    assert ranked.frame["seller"].tolist() == ["S01", "S07", "S05", "S06", "S03"]
    assert (ranked.ranked, ranked.without_value) == (5, 20)


def test_a_ranking_keeps_ties_in_the_frames_order():
    frame = _sellers([0.5] * 25)
    ranked = views.ranking(frame, "hit_rate", limit=20, extremes=2)
    assert ranked.frame["seller"].tolist() == ["S01", "S02", "S24", "S25"]


def test_a_chart_against_the_need_shows_those_furthest_above_and_below_it():
    # coverage / required: S1 2/2 = 1.0, S2 1/4 = 0.25, S3 3/1 = 3.0, S4 no need (0: unknown),
    # S5 unknown coverage, S6 0/2 = 0.0, S7 6/4 = 1.5. Past the limit of 5: the 2 highest shares
    # (S3 3.0, S7 1.5) and the 2 lowest (S2 0.25, S6 0.0); S4 and S5 are not ranked.
    frame = pd.DataFrame(
        {
            "seller": [f"S{i}" for i in range(1, 8)],
            "coverage": [2.0, 1.0, 3.0, 5.0, None, 0.0, 6.0],
            "required": [2.0, 4.0, 1.0, 0.0, 2.0, 2.0, 4.0],
        }
    )
    ranked = views.need_ranking(frame, "coverage", "required", limit=5, extremes=2)
    assert ranked.frame["seller"].tolist() == ["S3", "S7", "S2", "S6"]
    assert list(ranked.frame.columns) == ["seller", "coverage", "required"]  # no helper column left
    assert (ranked.summarised, ranked.ranked, ranked.without_value) == (True, 5, 2)
    # up to the limit, or asked for every seller: every row in its own order
    assert views.need_ranking(frame, "coverage", "required", limit=7).frame["seller"].tolist() == list(
        frame["seller"]
    )
    every = views.need_ranking(frame, "coverage", "required", every_seller=True, limit=5, extremes=2)
    assert every.frame["seller"].tolist() == list(frame["seller"]) and not every.summarised


@pytest.mark.parametrize(
    ("rows", "limit", "expected"),
    [
        (0, 20, (0, 0, False)),
        (2, 20, (2, 0, False)),  # fewer than the first cards
        (12, 20, (3, 9, False)),  # a card each: 3 shown, 9 behind "more"
        (20, 20, (3, 17, False)),  # the limit: still a card each
        (21, 20, (3, 0, True)),  # past it: 3 cards, every seller in the table
        (350, 20, (3, 0, True)),
    ],
)
def test_a_long_attention_list_draws_the_first_cards_and_a_table(rows, limit, expected):
    split = views.card_split(rows, limit=limit, first=3)
    assert (split.first, split.more, split.table) == expected


@pytest.mark.parametrize(
    ("rows", "page", "size", "expected"),
    [
        (250, 1, 100, (1, 3, 0, 100)),
        (250, 2, 100, (2, 3, 100, 200)),
        (250, 3, 100, (3, 3, 200, 250)),  # the last page holds the remaining 50
        (250, 9, 100, (3, 3, 200, 250)),  # past the end: the last page (a shorter table now)
        (250, 0, 100, (1, 3, 0, 100)),
        (250, None, 100, (1, 3, 0, 100)),
        (100, 2, 100, (1, 1, 0, 100)),  # exactly one page: no pager
        (22_608, 227, 100, (227, 227, 22_600, 22_608)),  # 22,608 rows: 226 full pages and 8 rows
        (250, 2, None, (1, 1, 0, 250)),  # every row
        (0, 1, 100, (1, 1, 0, 0)),
    ],
)
def test_a_table_page_holds_its_rows(rows, page, size, expected):
    found = views.table_page(rows, page, size)
    assert (found.number, found.pages, found.start, found.stop) == expected
    assert found.rows == rows and found.paged == (expected[1] > 1)


def test_sorting_numbers_puts_unknown_last_both_ways():
    frame = pd.DataFrame({"sales": [300.0, None, 100.0, 200.0, None]})
    assert views.sort_positions(frame, "sales").tolist() == [2, 3, 0, 1, 4]
    assert views.sort_positions(frame, "sales", descending=True).tolist() == [0, 3, 2, 1, 4]


def test_sorting_keeps_ties_in_order_and_none_keeps_the_frames_order():
    frame = pd.DataFrame({"team": ["B", "A", "B", "A"], "meetings": [1, 2, 3, 4]})
    assert views.sort_positions(frame, "team").tolist() == [1, 3, 0, 2]  # stable: A(1), A(3), B(0), B(2)
    assert views.sort_positions(frame, "team", descending=True).tolist() == [0, 2, 1, 3]
    assert views.sort_positions(frame, None).tolist() == [0, 1, 2, 3]
    assert views.sort_positions(frame, "not a column").tolist() == [0, 1, 2, 3]


def test_sorting_text_ignores_case_and_numbers_that_came_as_objects_sort_as_numbers():
    names = pd.DataFrame({"seller": ["bea", "Aino", "Ville", "äijä"]})
    # case-folded: aino < bea < ville < äijä (code points: ä after the ASCII letters)
    assert views.sort_positions(names, "seller").tolist() == [1, 0, 2, 3]
    numbers = pd.DataFrame({"value": pd.Series([10, None, 9, 100], dtype=object)})
    assert views.sort_positions(numbers, "value").tolist() == [2, 0, 3, 1]  # 9, 10, 100; not "10" < "9"


def test_sorting_flags_and_dates():
    flags = pd.DataFrame({"thin": [False, True, False, True]})
    assert views.sort_positions(flags, "thin", descending=True).tolist() == [1, 3, 0, 2]
    days = pd.DataFrame({"held_on": pd.to_datetime(["2026-11-02", "2026-10-01", None, "2026-11-23"])})
    assert views.sort_positions(days, "held_on", descending=True).tolist() == [3, 0, 1, 2]
    mixed = pd.DataFrame({"when": pd.Series([dt.date(2026, 1, 2), "later", None], dtype=object)})
    assert views.sort_positions(mixed, "when").tolist() == [0, 1, 2]  # as texts: "2026-01-02" < "later"


def test_sort_positions_are_positions_not_labels():
    frame = pd.DataFrame({"sales": [3, 1, 2]}, index=[10, 20, 30])
    assert isinstance(views.sort_positions(frame, "sales"), np.ndarray)
    assert views.sort_positions(frame, "sales").tolist() == [1, 2, 0]
