"""The next quarter's measures at every grain, on a tiny data set worked out by hand, and the
rule that unknown stays unknown (no target: no coverage, gap, offers needed or thin, never 0 or
false), for this quarter too.

Period Q1 2026 (2026-01-01 .. 03-31), pipeline as of 2026-02-28: the next quarter is Q2 2026,
2026-04-01 .. 06-30; the 12 months are 2025-03-01 .. 2026-02-28. Nobody has a Q1 target.

Team North
  A1 Aada: Q2 targets 3 x 10000 = 30000. Offers (value, sent, expected close, status):
    x1 5000  01-10  04-01 open        the next quarter's first day: in
    x2 3000  02-01  06-30 open        its last day: in
    x3 7000  02-01  03-31 open        this quarter's last day: not the next quarter's
    x4 9000  02-10  07-01 open        beyond the next quarter: out
    x5 4000  01-15  04-15 won 03-10   closed after as-of, so open then: in
    x6 8000  03-05  05-01 open        sent after as-of: out
    x7 2000  01-05  02-01 open        overdue on as-of: out (overdue_offers 1)
    x8 6000  2025-09-01 won 2025-10-01; x9 4000 2025-10-01 lost 2025-11-01;
    x10 4000 2025-11-15 expected 2026-01-02, won 2026-01-20 (the year boundary case below)
    -> next-quarter pipeline x1 + x2 + x5 = 12000; coverage 12000 / 30000 = 0.4.
    12 months: won x8 + x10 = 10000, lost x9 4000 -> value hit rate 10/14, required 1.4: thin.
    Gap 1.4 x 30000 - 12000 = 30000. Offers sent in 12 months: x1-x5, x7-x10 = 44000 / 9,
    so offers needed ceil(30000 / (44000 / 9)) = ceil(6.14) = 7.
  A2 Bea: no target at all; y1 6000 sent 02-01 expected 05-15 open -> pipeline 6000, the rest
    unknown.
Team South (nothing decided in 12 months: required coverage 3.0 for all)
  B1 Dan: Q2 targets April and May 2000 (no June row) = 4000; z1 10000 sent 01-20 expected 04-30
    -> coverage 2.5 < 3: thin; gap 3 x 4000 - 10000 = 2000; average offer 10000: 1 offer.
  B2 Eve: Q2 targets 3 x 1000 = 3000; z2 20000 sent 02-05 expected 06-01 -> coverage 6.67: not
    thin; gap max(0, 9000 - 20000) = 0; 0 offers.
  B3 Fay: Q2 targets 3 x 0 -> target 0: coverage undefined, nothing needed: not thin, gap 0.
Team West
  C1 Cai: nothing at all: pipeline 0, every measure against a target unknown.
"""

import math

import pandas as pd
import pytest

import salescoach

PERIOD = ("2026-01-01", "2026-03-31", "2026-02-28")
ROWS = ("A1", "A2", "B1", "B2", "B3", "C1", "North", "South", "West", "all")
_ = None  # unknown (empty), never 0 or false

EXPECTED = {
    # each: (A1, A2, B1, B2, B3, C1, team North, team South, team West, all teams)
    "next_quarter_target": (30000, _, 4000, 3000, 0, _, 30000, 7000, _, 37000),
    "next_quarter_pipeline": (12000, 6000, 10000, 20000, 0, 0, 18000, 30000, 0, 48000),
    # a team: the pipeline of its sellers with a target / their targets (A2's 6000 does not count)
    "next_quarter_coverage": (0.4, _, 2.5, 20000 / 3000, _, _, 0.4, 30000 / 7000, _, 42000 / 37000),
    "thin_next_quarter": (True, _, True, False, False, _, _, _, _, _),
    "thin_next_quarter_sellers": (1, _, 1, 0, 0, _, 1, 1, _, 2),
    "next_quarter_gap": (30000, _, 2000, 0, 0, _, 30000, 2000, _, 32000),
    "next_quarter_offers_needed": (7, _, 1, 0, 0, _, 7, 1, _, 8),
    # this quarter: nobody has a Q1 target, so at every grain nothing against it is known
    "quarter_target": (_, _, _, _, _, _, _, _, _, _),
    "pipeline_coverage": (_, _, _, _, _, _, _, _, _, _),
    "thin": (_, _, _, _, _, _, _, _, _, _),
    "thin_sellers": (_, _, _, _, _, _, _, _, _, _),
    "pipeline_gap": (_, _, _, _, _, _, _, _, _, _),
    "offers_needed": (_, _, _, _, _, _, _, _, _, _),
    # ... while what does not need a target is there: x3 is this quarter's pipeline, x7 overdue
    "quarter_pipeline": (7000, 0, 0, 0, 0, 0, 7000, 0, 0, 7000),
    "overdue_offers": (1, 0, 0, 0, 0, 0, 1, 0, 0, 1),
    "required_coverage": (1.4, 1.4, 3.0, 3.0, 3.0, 3.0, 1.4, 3.0, 3.0, 1.4),
    # B3 sent nothing: South's 30000 / 2; West sent nothing at all
    "avg_offer_value": (44000 / 9, 6000, 10000, 20000, 15000, _, 50000 / 10, 15000, _, 80000 / 12),
}


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object).fillna("")


def next_quarter_tables() -> dict[str, pd.DataFrame]:
    offer = "offer_id seller_id customer_id sent_date value status expected_close_date closed_date probability loss_reason"
    return {
        "sellers": _frame(
            "seller_id name team manager active",
            [
                ("A1", "Aada", "North", "", "true"),
                ("A2", "Bea", "North", "", "true"),
                ("B1", "Dan", "South", "", "true"),
                ("B2", "Eve", "South", "", "true"),
                ("B3", "Fay", "South", "", "true"),
                ("C1", "Cai", "West", "", "true"),
            ],
        ),
        "offers": _frame(
            offer,
            [
                ("x1", "A1", "", "2026-01-10", "5000", "open", "2026-04-01", "", "", ""),
                ("x2", "A1", "", "2026-02-01", "3000", "open", "2026-06-30", "", "", ""),
                ("x3", "A1", "", "2026-02-01", "7000", "open", "2026-03-31", "", "", ""),
                ("x4", "A1", "", "2026-02-10", "9000", "open", "2026-07-01", "", "", ""),
                ("x5", "A1", "", "2026-01-15", "4000", "won", "2026-04-15", "2026-03-10", "", ""),
                ("x6", "A1", "", "2026-03-05", "8000", "open", "2026-05-01", "", "", ""),
                ("x7", "A1", "", "2026-01-05", "2000", "open", "2026-02-01", "", "", ""),
                ("x8", "A1", "", "2025-09-01", "6000", "won", "", "2025-10-01", "", ""),
                ("x9", "A1", "", "2025-10-01", "4000", "lost", "", "2025-11-01", "", "price"),
                ("x10", "A1", "", "2025-11-15", "4000", "won", "2026-01-02", "2026-01-20", "", ""),
                ("y1", "A2", "", "2026-02-01", "6000", "open", "2026-05-15", "", "", ""),
                ("z1", "B1", "", "2026-01-20", "10000", "open", "2026-04-30", "", "", ""),
                ("z2", "B2", "", "2026-02-05", "20000", "open", "2026-06-01", "", "", ""),
            ],
        ),
        "targets": _frame(
            "seller_id month sales_target meetings_target",
            [
                *[("A1", f"2026-0{m}", "10000", "") for m in (4, 5, 6)],
                ("B1", "2026-04", "2000", ""),
                ("B1", "2026-05", "2000", ""),
                *[("B2", f"2026-0{m}", "1000", "") for m in (4, 5, 6)],
                *[("B3", f"2026-0{m}", "0", "") for m in (4, 5, 6)],
            ],
        ),
    }


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    coach = salescoach.connect(tmp_path_factory.mktemp("next-quarter") / "nq.duckdb")
    coach.load_frames(next_quarter_tables())
    yield coach
    coach.close()


def _key(row: dict) -> str:
    return {"seller": row["seller_id"], "team": row["team"], "all": "all"}[row["grain"]]


@pytest.fixture(scope="module")
def rows(coach):
    frame = coach.scorecards([PERIOD], grain=("seller", "team", "all"))
    found = {_key(row): row for row in frame.to_dict("records")}
    assert sorted(found) == sorted(ROWS)
    return found


def _same(value, expected) -> bool:
    if expected is None:
        return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
    if isinstance(expected, bool):
        return value is not None and value is not pd.NA and bool(value) is expected
    return value is not None and value is not pd.NA and value == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("measure", "row", "expected"),
    [(m, r, v) for m, values in EXPECTED.items() for r, v in zip(ROWS, values, strict=True)],
)
def test_each_next_quarter_measure_at_each_grain(rows, measure, row, expected):
    assert _same(rows[row][measure], expected), (measure, row, rows[row][measure], expected)


def test_the_seller_scorecard_says_the_same(coach):
    plain = coach.scorecard(*PERIOD[:2], as_of=PERIOD[2]).set_index("seller_id")
    for place, seller in enumerate(ROWS[:6]):
        for name, values in EXPECTED.items():
            if name in plain.columns:
                assert _same(plain.loc[seller, name], values[place]), (seller, name)


def test_quarter_boundaries_follow_the_as_of_date(coach):
    def a1(as_of: str) -> dict:
        frame = coach.scorecard("2025-10-01", as_of, as_of=as_of).set_index("seller_id")
        return frame.loc["A1"].to_dict()

    # On Q1's last day the next quarter is still Q2: x1, x2 and x6 (sent 03-05, expected 05-01);
    # x5 closed on 03-10, before.
    last_day = a1("2026-03-31")
    assert last_day["next_quarter_pipeline"] == 5000 + 3000 + 8000
    assert last_day["next_quarter_target"] == 30000
    # On Q2's first day the next quarter is Q3: x4 (expected 07-01) alone; no Q3 target: unknown.
    first_day = a1("2026-04-01")
    assert first_day["next_quarter_pipeline"] == 9000
    assert _same(first_day["next_quarter_target"], None) and _same(first_day["next_quarter_gap"], None)
    assert _same(first_day["thin_next_quarter"], None)
    # On New Year's Eve the next quarter is Q1 of the next year: x10 (sent 2025-11-15, expected
    # 2026-01-02, won only on 2026-01-20) was open then.
    new_years_eve = a1("2025-12-31")
    assert new_years_eve["next_quarter_pipeline"] == 4000


def test_a_seller_with_nothing_has_zero_pipeline_and_nothing_else(rows):
    cai = rows["C1"]
    assert (cai["open_offers"], cai["open_pipeline"], cai["next_quarter_pipeline"]) == (0, 0, 0)
    for name in ("next_quarter_target", "next_quarter_coverage", "next_quarter_gap", "thin_next_quarter"):
        assert _same(cai[name], None), name
