"""Opening a database makes sure of the rollups the scorecard reads (salescoach/db.py), and the
two physical forms of the day-grain base relations give the same numbers: the rollup tables, and
the same base relation queries as subqueries of the raw tables (salescoach/queries.py)."""

import duckdb
import pandas as pd
import pytest

import salescoach
from salescoach.db import ROLLUP_TABLES, rollups_fresh, rollups_version
from salescoach.queries import FORM_INLINE, FORM_TABLES, fetch_df
from tests.tiny_data import tiny_tables

Q1 = ("2026-01-01", "2026-03-31", "2026-02-15")


def _tables(path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}


def test_a_new_empty_database_has_fresh_rollups_and_a_scorecard(tmp_path):
    with salescoach.connect(tmp_path / "new.duckdb") as coach:
        assert coach.meta()["rollups"] == rollups_version()
        card = coach.scorecard("2026-01-01", "2026-03-31")
        assert card.empty and "thin" in card.columns
    assert set(ROLLUP_TABLES) <= _tables(tmp_path / "new.duckdb")


def _s1_meetings(coach) -> int:
    return int(coach.scorecard(*Q1).set_index("seller_id").loc["S1", "meetings"])


def test_fresh_rollups_are_not_rebuilt_on_open_but_stale_or_missing_ones_are(tmp_path):
    path = tmp_path / "tiny.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
        assert _s1_meetings(coach) == 5  # tests/test_scorecard.py
    # A marker day in the rollup (not in activities): kept by an open while the rollups are fresh.
    with duckdb.connect(str(path)) as con:
        con.execute(
            "insert into activity_by_seller_day (seller_id, date, meetings) values ('S1', '2026-01-02', 7)"
        )
    with salescoach.connect(path) as coach:
        assert _s1_meetings(coach) == 12  # not rebuilt: the open paid no refresh
    # Built by another version of the refresh script: rebuilt on open.
    with duckdb.connect(str(path)) as con:
        con.execute("update meta set value = 'older' where key = 'rollups'")
    with salescoach.connect(path) as coach:
        assert _s1_meetings(coach) == 5
        assert coach.meta()["rollups"] == rollups_version()
    # A file from before the rollups (or with one dropped): built on open.
    with duckdb.connect(str(path)) as con:
        con.execute("drop table sales_by_seller_day")
    with salescoach.connect(path) as coach:
        assert coach.scorecard(*Q1).set_index("seller_id").loc["S1", "sales"] == 5300


def test_a_read_only_open_of_stale_rollups_reads_the_base_relations_from_the_raw_tables(tmp_path):
    path = tmp_path / "tiny.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
    with duckdb.connect(str(path)) as con:
        con.execute("drop table activity_by_seller_day")
        con.execute("delete from meta where key = 'rollups'")
    with salescoach.connect(path, read_only=True) as coach:
        assert coach.form == FORM_INLINE
        assert _s1_meetings(coach) == 5
        # every query that reads a base relation reads it from the raw tables, not the rollups
        assert coach.query("latest_data_date")["latest_data_date"].iloc[0] == pd.Timestamp("2026-04-01")
    assert "activity_by_seller_day" not in _tables(path)  # nothing written
    with salescoach.connect(path) as coach:  # the next writable open builds them
        assert coach.form == FORM_TABLES
        assert _s1_meetings(coach) == 5


def test_a_read_only_open_of_fresh_rollups_uses_them(tmp_path):
    path = tmp_path / "tiny.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
    with salescoach.connect(path, read_only=True) as coach:
        assert coach.form == FORM_TABLES
        assert _s1_meetings(coach) == 5
    with pytest.raises(FileNotFoundError):
        salescoach.connect(tmp_path / "missing.duckdb", read_only=True)


def test_saving_a_coaching_note_leaves_the_rollups_fresh(tiny_coach):
    from salescoach import coaching

    coaching.save_note(tiny_coach, "S1", "2026-02-01", "Maija", goal="More new business")
    assert rollups_fresh(tiny_coach._con)
    assert _s1_meetings(tiny_coach) == 5


def _both_forms(coach, name: str, **params) -> tuple[pd.DataFrame, pd.DataFrame]:
    return fetch_df(coach._con, name, params, FORM_TABLES), fetch_df(coach._con, name, params, FORM_INLINE)


@pytest.mark.parametrize(
    "period",
    [
        ("2026-01-01", "2026-03-31", "2026-02-15"),
        ("2026-02-01", "2026-02-07", "2026-02-07"),
        ("2025-01-01", "2026-12-31", "2026-12-31"),
        ("2026-03-31", "2026-04-01", "2026-03-31"),
    ],
)
def test_the_scorecard_on_rollups_equals_the_one_on_raw_tables(tiny_coach, period):
    params = dict(zip(("date_from", "date_to", "as_of"), period, strict=True))
    rollups, raw = _both_forms(
        tiny_coach, "seller_scorecard", periods=[params], teams=None, active_only=False
    )
    pd.testing.assert_frame_equal(rollups, raw, check_exact=False, rtol=1e-12)  # same columns and types
    assert rollups["meetings"].sum() > 0 or period[0] == "2026-03-31"


def test_many_periods_and_a_team_on_rollups_equal_the_raw_tables_and_each_period_alone(tiny_coach):
    periods = [
        {"date_from": "2026-01-01", "date_to": "2026-03-31", "as_of": "2026-02-15"},
        {"date_from": "2026-02-01", "date_to": "2026-02-07", "as_of": None},  # as of its last day
        {"date_from": "2025-01-01", "date_to": "2026-12-31", "as_of": "2026-12-31"},
    ]
    for teams in (None, ["A"], ["A", "B"], []):
        rollups, raw = _both_forms(
            tiny_coach, "seller_scorecard", periods=periods, teams=teams, active_only=False
        )
        pd.testing.assert_frame_equal(rollups, raw, check_exact=False, rtol=1e-12)
        expected_sellers = {None: 3, ("A",): 2, ("A", "B"): 3, (): 0}[None if teams is None else tuple(teams)]
        assert len(rollups) == 3 * expected_sellers
    together = tiny_coach.scorecards(
        [(p["date_from"], p["date_to"], p["as_of"]) for p in periods], teams=["A"]
    )
    for place, p in enumerate(periods, start=1):
        alone = tiny_coach.scorecard(p["date_from"], p["date_to"], p["as_of"])
        alone = alone[alone["team"] == "A"].reset_index(drop=True)
        part = together[together["period"] == place].drop(columns="period").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone)


@pytest.mark.parametrize("teams", [None, ["A"], ["B"], ["A", "B"], []])
@pytest.mark.parametrize("active_only", [False, True])
def test_every_grain_on_rollups_equals_the_raw_tables(tiny_coach, teams, active_only):
    periods = [
        {"date_from": "2026-01-01", "date_to": "2026-03-31", "as_of": "2026-02-15"},
        {"date_from": "2025-06-01", "date_to": "2025-12-31", "as_of": None},
        {"date_from": "2026-04-01", "date_to": "2026-04-30", "as_of": "2026-04-01"},
    ]
    grains = ["seller", "team", "all"]
    params = {"periods": periods, "teams": teams, "active_only": active_only, "grains": grains}
    rollups, raw = _both_forms(tiny_coach, "scorecard_by_grain", **params)
    pd.testing.assert_frame_equal(rollups, raw, check_exact=False, rtol=1e-12)
    teams_in = {"A", "B"} if teams is None else set(teams)
    if active_only:
        teams_in -= {"B"}  # S3, B's only seller, has left: no row, and no team row without sellers
    assert set(rollups.loc[rollups["grain"] == "team", "team"]) == teams_in
    assert (rollups["grain"] == "all").sum() == (3 if teams_in else 0)


def test_every_query_reading_a_base_relation_is_equal_in_both_forms(tiny_coach):
    filters = {"date_from": "2026-01-01", "date_to": "2026-03-31", "as_of": "2026-02-15", "seller_id": None}
    for name, params in (
        ("conversion_funnel_by_seller", {**filters, "teams": None}),
        ("conversion_funnel_by_seller", {**filters, "teams": ["A"], "seller_id": "S1"}),
        ("activity_direction_by_week", {**filters, "teams": None}),
        ("activity_direction_by_week", {**filters, "teams": ["B"]}),
        ("pipeline_built_vs_closed_by_month", {**filters, "teams": None}),
        ("pipeline_built_vs_closed_by_month", {**filters, "teams": ["A"], "seller_id": "S2"}),
        ("latest_data_date", {}),
    ):
        rollups, raw = _both_forms(tiny_coach, name, **params)
        pd.testing.assert_frame_equal(rollups, raw, check_exact=False, rtol=1e-12, obj=name)
