"""One team's scorecard cut from every team's (`store.one_team_rows`), and the pages' cache that
makes every team's once a second team asks for the same periods (`ui.data._cached_scorecards`).

The cut must be what the query of that team alone returns, row for row and dtype for dtype:
checked against the query for every team, grain and `active_only` of the demo and of a data
set with a team whose sellers have all left."""

import datetime as dt
import threading
from pathlib import Path

import pandas as pd
import pytest

import salescoach
from salescoach import access, store, ui
from salescoach.store import EVERY_TEAM_GRAIN, one_team_rows
from salescoach.ui import data
from tests.tiny_data import tiny_tables

PERIODS = [
    (dt.date(2026, 10, 1), dt.date(2026, 12, 31), dt.date(2026, 11, 23)),  # a quarter, as of a day
    (dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
]
GRAINS = [None, ("seller", "all"), ("seller", "team", "all"), "seller", ("all", "seller")]


def _every_team(coach, grain, active_only):
    return coach.scorecards(
        PERIODS, teams=None, grain=None if grain is None else EVERY_TEAM_GRAIN, active_only=active_only
    )


@pytest.mark.parametrize("active_only", [False, True])
@pytest.mark.parametrize("grain", GRAINS)
def test_a_team_cut_from_every_team_is_the_query_of_that_team(demo_template, grain, active_only):
    with salescoach.connect(demo_template, read_only=True) as coach:
        every = _every_team(coach, grain, active_only)
        teams = sorted(coach.query("seller_list")["team"].unique())
        assert len(teams) >= 3
        for team in teams:
            alone = coach.scorecards(PERIODS, teams=[team], grain=grain, active_only=active_only)
            pd.testing.assert_frame_equal(one_team_rows(every, team, grain, len(PERIODS)), alone)


@pytest.mark.parametrize("grains", [["seller", "team", "all"], ["seller", "all"], ["seller"]])
def test_a_team_cut_from_every_teams_pipeline_changes_is_the_query_of_that_team(demo_template, grains):
    days = [dt.date(2026, 11, 16), dt.date(2026, 11, 23)]  # the week before the demo's last day
    with salescoach.connect(demo_template, read_only=True) as coach:
        every = coach.query(
            "pipeline_changes_by_grain", as_of_days=days, teams=None, grains=list(EVERY_TEAM_GRAIN)
        )
        for team in sorted(coach.query("seller_list")["team"].unique()):
            alone = coach.query("pipeline_changes_by_grain", as_of_days=days, teams=[team], grains=grains)
            assert alone["grain"].tolist().count("team" if "team" in grains else "seller") >= 1
            pd.testing.assert_frame_equal(one_team_rows(every, team, grains, None), alone)


def test_the_cut_of_a_team_is_its_sellers_its_team_row_and_that_row_as_all_teams(demo_template):
    with salescoach.connect(demo_template, read_only=True) as coach:
        every = _every_team(coach, ("seller", "all"), True)
        sellers = coach.query("seller_list")
    team = "SMB"
    cut = one_team_rows(every, team, ("seller", "all"), len(PERIODS))
    active = sellers[(sellers["team"] == team) & sellers["active"]]
    assert cut["grain"].tolist() == (["seller"] * len(active) + ["all"]) * len(PERIODS)
    assert cut["period"].tolist() == [p for p in (1, 2, 3) for _ in range(len(active) + 1)]
    team_row = every[(every["grain"] == "team") & (every["team"] == team) & (every["period"] == 1)].iloc[0]
    all_row = cut[(cut["grain"] == "all") & (cut["period"] == 1)].iloc[0]
    assert pd.isna(all_row["team"]) and all_row["sellers"] == len(active) == team_row["sellers"]
    assert all_row["sales"] == team_row["sales"] and all_row["hit_rate"] == team_row["hit_rate"]


def test_a_team_without_sellers_and_the_team_column_left_out_are_asked_of_the_query(tiny_coach):
    # tiny data: team B is S3 alone; once S3 has left, team B has no active seller.
    sellers = tiny_tables()["sellers"].assign(active=lambda f: f["seller_id"] != "S3")
    tiny_coach.load_frames({"sellers": sellers})
    every = _every_team(tiny_coach, ("seller", "all"), True)
    assert one_team_rows(every, "B", ("seller", "all"), len(PERIODS)) is None
    alone = tiny_coach.scorecards(PERIODS, teams=["B"], grain=("seller", "all"), active_only=True)
    assert alone.empty  # what a team of none is, the query says: no rows (scorecard_total reads it)
    assert one_team_rows(every, "no such team", None, len(PERIODS)) is None
    assert one_team_rows(_every_team(tiny_coach, ("all",), False), "A", ("all",), len(PERIODS)) is None


@pytest.fixture
def app_demo(demo_app, monkeypatch):
    """The demo as the app's database (conftest's `demo_app`), and a record of the scorecard
    queries run."""
    asked: list = []
    real = store.SalesCoach.scorecards

    def recorded(self, periods, teams=None, grain=None, active_only=False):
        asked.append(None if teams is None else tuple(teams))
        return real(self, periods, teams=teams, grain=grain, active_only=active_only)

    monkeypatch.setattr(store.SalesCoach, "scorecards", recorded)
    # who looks in this "run" sees every team (the one-team cuts are for them only; app.py says
    # so through data.looking(viewer): test_the_app_cuts_teams_only_for_a_viewer_of_every_team)
    monkeypatch.setattr(data, "_RUN", threading.local())  # this test's runs only, undone after it
    data._RUN.every_team = (None, True)
    yield asked


def test_the_second_team_asking_for_the_same_periods_makes_every_teams_once(app_demo):
    asked = app_demo
    teams = sorted(ui.get_coach().query("seller_list")["team"].unique())
    first, second, third = (
        ui.cached_scorecards(PERIODS, teams=[team], grain=("seller", "all")) for team in teams[:3]
    )
    assert asked == [(teams[0],), None]  # the first team's own query, then every team's; the third: none
    with salescoach.connect(ui.get_coach().path, read_only=True) as coach:
        for team, frame in zip(teams, (first, second, third), strict=True):
            pd.testing.assert_frame_equal(
                frame, coach.scorecards(PERIODS, teams=[team], grain=("seller", "all"))
            )
    asked.clear()  # (the checks' own queries)
    ui.cached_scorecards(PERIODS[:1], teams=[teams[1]])  # other periods: that team's own query
    assert asked == [(teams[1],)]


def test_the_changes_since_last_week_are_one_query_for_every_team(app_demo, monkeypatch):
    ran: list = []
    real = store.SalesCoach.query

    def recorded(self, name, **params):
        if name == "pipeline_changes_by_grain":
            ran.append(params["teams"])
        return real(self, name, **params)

    monkeypatch.setattr(store.SalesCoach, "query", recorded)
    days = [dt.date(2026, 11, 16), dt.date(2026, 11, 23)]
    teams = sorted(ui.get_coach().query("seller_list")["team"].unique())
    cuts = [
        ui.cached_query(
            "pipeline_changes_by_grain", as_of_days=days, teams=[team], grains=["seller", "team", "all"]
        )
        for team in teams
    ]
    assert ran == [[teams[0]], None]  # the first team's own, then every team's once
    for team, cut in zip(teams, cuts, strict=True):
        alone = real(
            ui.get_coach(),
            "pipeline_changes_by_grain",
            as_of_days=days,
            teams=[team],
            grains=["seller", "team", "all"],
        )
        pd.testing.assert_frame_equal(cut, alone)


def test_the_app_cuts_teams_only_for_a_viewer_of_every_team(app_demo):
    """Through app.py: the local viewer (every team) looking at two teams' overview of one week
    has every team's scorecard read once; tests/test_app_access.py checks that a director of some
    teams never has a query read beyond them."""
    from streamlit.testing.v1 import AppTest

    asked = app_demo
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
    teams = [team for team in at.selectbox(key="filter_team").options[1:3]]
    asked.clear()
    for team in teams:
        at.selectbox(key="filter_team").set_value(team).run()
        assert not at.exception
    assert None in asked and len(asked) == 2  # the first team's own query, then every team's


def test_a_run_knows_whether_its_viewer_sees_every_team(app_demo):
    data.looking(access.Viewer(name="Juho", role="director", teams=frozenset({"SMB"})))
    assert not data._reads_every_team()
    data.looking(access.LOCAL_VIEWER)
    assert data._reads_every_team()
