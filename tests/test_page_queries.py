"""The Activity, Conversion and Pipeline page queries against numbers worked out by hand.

Own fixture (tests/tiny_data.py stays the scorecard's): period January 2026, as of
2026-01-20. Weeks start on Monday: 2025-12-29 (only 1-4 Jan inside the period),
01-05, 01-12, 01-19 and 01-26 (only 26-31 Jan inside). Teams: SMB = S1 Anna, S2 Bert;
Enterprise = S3 Carl; Public = S4 Dora, who has nothing at all, S5 Eero, who left before
the period, and S6 Fanni, who left during it after one call.
Customers: C1 bought first on 2025-06-01 (existing), C2 first buys on 2026-01-14
(a prospect on that day, existing from 01-15), C3 never buys.
"""

import datetime as dt
import math

import pandas as pd
import pytest

import salescoach

D = dt.date
PERIOD = {"date_from": D(2026, 1, 1), "date_to": D(2026, 1, 31), "as_of": D(2026, 1, 20)}
ALL = {**PERIOD, "teams": None, "seller_id": None}


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object).fillna("")


def page_tables() -> dict[str, pd.DataFrame]:
    return {
        "sellers": _frame(
            "seller_id name team manager active",
            [
                ("S1", "Anna A", "SMB", "M", "true"),
                ("S2", "Bert B", "SMB", "M", "true"),
                ("S3", "Carl C", "Enterprise", "N", "true"),
                ("S4", "Dora D", "Public", "P", "true"),
                ("S5", "Eero E", "Public", "P", "false"),  # left before the period, nothing in it
                ("S6", "Fanni F", "Public", "P", "false"),  # left during the period
            ],
        ),
        "customers": _frame(
            "customer_id name segment",
            [("C1", "Old Oy", ""), ("C2", "Turning Oy", ""), ("C3", "Prospect Oy", "")],
        ),
        "activities": _frame(
            "activity_id seller_id customer_id type date status needs_discussed",
            [
                ("A1", "S1", "C1", "meeting", "2026-01-01", "done", "true"),  # first day, existing
                ("A2", "S1", "C2", "meeting", "2026-01-14", "done", "false"),  # deal same day: prospect
                ("A3", "S1", "C2", "meeting", "2026-01-15", "done", ""),  # day after: existing
                ("A4", "S1", "C3", "meeting", "2026-01-31", "done", "true"),  # last day, prospect
                ("A5", "S1", "", "meeting", "2026-01-06", "done", ""),  # no customer
                ("A6", "S1", "C1", "meeting", "2026-01-07", "planned", "true"),  # stale plan
                ("A7", "S1", "C1", "meeting", "2026-01-08", "cancelled", "true"),
                ("A8", "S1", "C1", "call", "2026-01-05", "done", ""),
                ("A9", "S1", "C1", "call", "2025-12-31", "done", ""),  # day before the period
                ("A10", "S1", "C1", "email", "2026-01-05", "done", ""),
                ("A11", "S1", "C1", "other", "2026-01-20", "done", ""),
                ("A12", "S1", "C1", "meeting", "2026-02-01", "done", "true"),  # day after the period
                ("A13", "S2", "C3", "meeting", "2026-01-21", "done", "false"),
                ("A14", "S3", "C1", "meeting", "2026-01-12", "done", "true"),
                ("A15", "S1", "C1", "meeting", "2026-01-21", "planned", ""),  # as_of + 1
                ("A16", "S1", "C2", "call", "2026-02-17", "planned", ""),  # as_of + 28
                ("A17", "S1", "C2", "call", "2026-02-18", "planned", ""),  # as_of + 29
                ("A18", "S2", "C3", "meeting", "2026-01-20", "planned", ""),  # on as_of: stale
                ("A19", "S3", "C1", "meeting", "2026-01-25", "planned", ""),
                ("A20", "S2", "C3", "meeting", "2026-01-22", "cancelled", ""),
                ("A21", "S6", "C1", "call", "2026-01-02", "done", ""),
            ],
        ),
        "offers": _frame(
            "offer_id seller_id customer_id sent_date value status expected_close_date closed_date "
            "probability loss_reason",
            [
                ("O1", "S1", "C2", "2025-12-10", "2000", "lost", "", "2026-01-01", "", "price"),
                ("O2", "S1", "C2", "2026-01-02", "1000", "won", "2026-01-15", "2026-01-14", "", ""),
                ("O3", "S1", "C3", "2026-01-05", "4000", "won", "2026-01-25", "2026-01-31", "0.5", ""),
                ("O4", "S1", "C1", "2026-01-10", "3000", "open", "2026-01-15", "", "", ""),
                ("O5", "S1", "C3", "2026-01-21", "500", "open", "2026-02-10", "", "", ""),
                ("O6", "S2", "C3", "2026-01-02", "600", "lost", "", "2026-01-31", "", ""),
                ("O7", "S2", "C3", "2025-11-15", "800", "lost", "", "2025-12-31", "", "price"),
                ("O8", "S3", "C1", "2026-01-12", "5000", "open", "2026-03-20", "", "", ""),
                ("O9", "S3", "C1", "2025-01-15", "700", "won", "", "2025-12-20", "", ""),
                ("O10", "S1", "C1", "2026-01-12", "900", "lost", "2026-01-19", "2026-02-01", "", "timing"),
                ("O11", "S1", "C1", "2026-01-20", "250", "open", "2026-01-20", "", "", ""),
            ],
        ),
        "deals": _frame(
            "deal_id seller_id customer_id offer_id close_date value",
            [
                ("D1", "S3", "C1", "", "2025-06-01", "100"),
                ("D2", "S1", "C2", "O2", "2026-01-14", "1000"),
            ],
        ),
        "targets": _frame(
            "seller_id month sales_target meetings_target",
            [
                ("S1", "2025-12", "1", "62"),  # before the period
                ("S1", "2026-01", "1", "31"),  # one meeting a day
                ("S1", "2026-02", "1", "28"),  # after the period (week 01-26 reaches into February)
                ("S2", "2026-01", "1", ""),  # a sales target only
            ],
        ),
    }


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    coach = salescoach.connect(tmp_path_factory.mktemp("pages") / "pages.duckdb")
    coach.load_frames(page_tables())
    yield coach
    coach.close()


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """The frame's rows as plain tuples (dates as ISO text, missing as None, floats rounded)."""
    out = []
    for record in frame[columns].to_dict("records"):
        row = []
        for value in record.values():
            if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
                row.append(None)
            elif isinstance(value, pd.Timestamp | dt.datetime | dt.date):
                row.append(pd.Timestamp(value).date().isoformat())
            elif isinstance(value, float):
                row.append(round(value, 6))
            else:
                row.append(value)
        out.append(tuple(row))
    return out


def q(coach, name, **changes):
    return coach.query(name, **{**ALL, **changes})


WEEKS = ["2025-12-29", "2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"]


# -- Activity --------------------------------------------------------------------------------


def test_weekly_activity_counts_done_inside_the_period_by_type(coach):
    frame = q(coach, "weekly_activity_by_seller")
    # every seller at work, every week, zeros included; Eero left and did nothing in the period
    assert sorted(frame.seller_id.unique()) == ["S1", "S2", "S3", "S4", "S6"]
    assert len(frame) == 5 * 5
    s1 = rows(frame[frame.seller_id == "S1"], ["week", "meetings", "calls", "emails", "other_activities"])
    assert s1 == [
        ("2025-12-29", 1, 0, 0, 0),  # A1 on the first day; A9 the day before is out
        ("2026-01-05", 1, 1, 1, 0),  # A5, A8, A10; A6 planned and A7 cancelled are out
        ("2026-01-12", 2, 0, 0, 0),  # A2, A3
        ("2026-01-19", 0, 0, 0, 1),  # A11; A15 is planned
        ("2026-01-26", 1, 0, 0, 0),  # A4 on the last day; A12 on 02-01 is out
    ]
    assert frame.groupby("seller_id")["meetings"].sum().to_dict() == {
        "S1": 5,
        "S2": 1,
        "S3": 1,
        "S4": 0,
        "S6": 0,
    }
    assert rows(frame[frame.seller_id == "S6"], ["week", "calls"])[0] == ("2025-12-29", 1)


def test_weekly_meetings_target_is_prorated_to_the_days_inside_the_period(coach):
    frame = q(coach, "weekly_activity_by_seller")
    s1 = frame[frame.seller_id == "S1"]
    # 31 meetings in January = 1 a day: 4 days (1-4 Jan), 7, 7, 7, 6 (26-31 Jan; February is out).
    assert rows(s1, ["meetings_target"]) == [(4.0,), (7.0,), (7.0,), (7.0,), (6.0,)]
    assert s1["meetings_target"].sum() == pytest.approx(31)  # the scorecard's meetings_target
    assert frame[frame.seller_id != "S1"]["meetings_target"].isna().all()


def test_weekly_activity_filters(coach):
    smb = q(coach, "weekly_activity_by_seller", teams=["SMB"])
    assert sorted(smb.seller_id.unique()) == ["S1", "S2"]
    bert = q(coach, "weekly_activity_by_seller", seller_id="S2")
    assert rows(bert, ["week", "seller", "team", "meetings"]) == [
        (w, "Bert B", "SMB", 1 if w == "2026-01-19" else 0) for w in WEEKS
    ]
    assert q(coach, "weekly_activity_by_seller", teams=["Enterprise"], seller_id="S1").empty
    # Dora has no activity and no target: nothing to show, not a grid of zeros.
    assert q(coach, "weekly_activity_by_seller", seller_id="S4").empty
    assert q(coach, "weekly_activity_by_seller", teams=["Public"], date_from=D(2026, 1, 5)).empty


def test_weekly_activity_partial_week_boundaries(coach):
    # A one-day period on a Wednesday: one week, target = 1 day of January.
    frame = q(
        coach, "weekly_activity_by_seller", date_from=D(2026, 1, 14), date_to=D(2026, 1, 14), seller_id="S1"
    )
    assert rows(frame, ["week", "meetings", "meetings_target"]) == [("2026-01-12", 1, 1.0)]


def test_planned_ahead_is_the_four_weeks_after_as_of(coach):
    frame = q(coach, "planned_activity_by_week")
    # A15 (as_of + 1), A19, A16 (as_of + 28); A17 (+29), A18 (on as_of), A6 (past) are out.
    assert rows(frame, ["week", "seller_id", "team", "meetings", "calls", "emails", "other_activities"]) == [
        ("2026-01-19", "S3", "Enterprise", 1, 0, 0, 0),
        ("2026-01-19", "S1", "SMB", 1, 0, 0, 0),
        ("2026-02-16", "S1", "SMB", 0, 1, 0, 0),
    ]
    assert rows(q(coach, "planned_activity_by_week", teams=["SMB"]), ["week", "seller_id"]) == [
        ("2026-01-19", "S1"),
        ("2026-02-16", "S1"),
    ]
    assert q(coach, "planned_activity_by_week", seller_id="S2").empty


DIRECTION = [
    "week",
    "meetings",
    "prospect_meetings",
    "existing_customer_meetings",
    "meetings_without_customer",
    "new_business_share",
    "needs_recorded_meetings",
    "needs_meetings",
    "needs_share",
]


def test_direction_by_week(coach):
    frame = q(coach, "activity_direction_by_week")
    assert rows(frame, DIRECTION) == [
        ("2025-12-29", 1, 0, 1, 0, 0.0, 1, 1, 1.0),  # A1: C1 is existing
        ("2026-01-05", 1, 0, 0, 1, None, 0, 0, None),  # A5 has no customer
        # A2 (C2 on its first deal's day: prospect, needs false), A3 (C2 the day after: existing,
        # needs not recorded), A14 (C1 existing, needs true)
        ("2026-01-12", 3, 1, 2, 0, round(1 / 3, 6), 2, 1, 0.5),
        ("2026-01-19", 1, 1, 0, 0, 1.0, 1, 0, 0.0),  # A13
        ("2026-01-26", 1, 1, 0, 0, 1.0, 1, 1, 1.0),  # A4 on the last day
    ]


def test_direction_filters(coach):
    enterprise = q(coach, "activity_direction_by_week", teams=["Enterprise"])
    assert rows(enterprise, ["week", "meetings", "existing_customer_meetings"]) == [
        (w, 1 if w == "2026-01-12" else 0, 1 if w == "2026-01-12" else 0) for w in WEEKS
    ]
    bert = q(coach, "activity_direction_by_week", seller_id="S2")
    assert bert["meetings"].tolist() == [0, 0, 0, 1, 0]
    assert q(coach, "activity_direction_by_week", teams=["Public"]).empty


def test_direction_matches_the_scorecard_share(coach):
    card = coach.scorecard(PERIOD["date_from"], PERIOD["date_to"], PERIOD["as_of"]).set_index("seller_id")
    frame = q(coach, "activity_direction_by_week", seller_id="S1")
    prospects, existing = frame["prospect_meetings"].sum(), frame["existing_customer_meetings"].sum()
    assert prospects / (prospects + existing) == pytest.approx(card.loc["S1", "new_business_share"])
    assert frame["needs_meetings"].sum() / frame["needs_recorded_meetings"].sum() == pytest.approx(
        card.loc["S1", "needs_share"]
    )


# -- Conversion ------------------------------------------------------------------------------

FUNNEL = [
    "level",
    "team",
    "seller_id",
    "meetings",
    "offers_sent",
    "offers_won",
    "offers_lost",
    "won_value",
    "lost_value",
    "hit_rate",
    "value_hit_rate",
    "offers_per_win",
    "meeting_to_offer",
]


def test_conversion_funnel_per_seller_team_and_all(coach):
    frame = q(coach, "conversion_funnel_by_seller")
    assert rows(frame, FUNNEL) == [
        # Carl: A14; O8 sent; O9 won in December (out)
        ("seller", "Enterprise", "S3", 1, 1, 0, 0, 0.0, 0.0, None, None, None, 1.0),
        ("seller", "Public", "S4", 0, 0, 0, 0, 0.0, 0.0, None, None, None, None),
        # Anna: A1..A5; sent O2 O3 O4 O5 O10 O11 (O1 in December); won O2 and O3 (01-31, the
        # last day); lost O1 (01-01, the first day); O10 lost on 02-01 is out.
        ("seller", "SMB", "S1", 5, 6, 2, 1, 5000.0, 2000.0, round(2 / 3, 6), round(5 / 7, 6), 1.5, 1.2),
        # Bert: A13; O6 sent and lost (no reason); O7 lost on 12-31 is out
        ("seller", "SMB", "S2", 1, 1, 0, 1, 0.0, 600.0, 0.0, 0.0, None, 1.0),
        ("team", "Enterprise", None, 1, 1, 0, 0, 0.0, 0.0, None, None, None, 1.0),
        ("team", "Public", None, 0, 0, 0, 0, 0.0, 0.0, None, None, None, None),
        ("team", "SMB", None, 6, 7, 2, 2, 5000.0, 2600.0, 0.5, round(5000 / 7600, 6), 2.0, round(7 / 6, 6)),
        ("all", None, None, 7, 8, 2, 2, 5000.0, 2600.0, 0.5, round(5000 / 7600, 6), 2.0, round(8 / 7, 6)),
    ]


def test_conversion_matches_the_scorecard(coach):
    card = coach.scorecard(PERIOD["date_from"], PERIOD["date_to"], PERIOD["as_of"]).set_index("seller_id")
    frame = q(coach, "conversion_funnel_by_seller").query("level == 'seller'").set_index("seller_id")
    assert sorted(frame.index) == ["S1", "S2", "S3", "S4"]  # Eero and Fanni left; no meetings or offers
    for column in ("meetings", "offers_sent", "offers_won", "offers_lost", "won_value", "lost_value"):
        assert frame[column].to_dict() == card.loc[frame.index, column].to_dict(), column


def test_conversion_filters(coach):
    smb = q(coach, "conversion_funnel_by_seller", teams=["SMB"])
    assert rows(smb, ["level", "seller_id", "offers_sent"]) == [
        ("seller", "S1", 6),
        ("seller", "S2", 1),
        ("team", None, 7),
        ("all", None, 7),
    ]
    bert = q(coach, "conversion_funnel_by_seller", seller_id="S2")
    assert rows(bert, ["level", "seller_id", "offers_lost"]) == [
        ("seller", "S2", 1),
        ("team", None, 1),
        ("all", None, 1),
    ]
    assert q(coach, "conversion_funnel_by_seller", teams=["Nobody"]).empty


def test_loss_reasons(coach):
    columns = ["loss_reason", "offers_lost", "lost_value", "share_of_lost_offers", "share_of_lost_value"]
    # O1 (price, lost on the first day) and O6 (no reason); O7 (12-31) and O10 (02-01) are out.
    assert rows(q(coach, "loss_reasons"), columns) == [
        ("price", 1, 2000.0, 0.5, round(2000 / 2600, 6)),
        ("(no reason given)", 1, 600.0, 0.5, round(600 / 2600, 6)),
    ]
    assert rows(q(coach, "loss_reasons", seller_id="S2"), columns) == [
        ("(no reason given)", 1, 600.0, 1.0, 1.0)
    ]
    assert q(coach, "loss_reasons", teams=["Enterprise"]).empty
    # February: O10 lost for timing.
    february = q(coach, "loss_reasons", date_from=D(2026, 2, 1), date_to=D(2026, 2, 28))
    assert rows(february, ["loss_reason", "lost_value"]) == [("timing", 900.0)]


# -- Pipeline --------------------------------------------------------------------------------
# Open on 2026-01-20: O3 (won only on 01-31), O4, O6 (lost only on 01-31), O8, O10 (lost only on
# 02-01), O11 (sent on as_of). O5 is sent after as_of; O1, O2, O7, O9 were closed by then.


def test_pipeline_by_close_month(coach):
    columns = ["close_month", "open_offers", "open_pipeline", "overdue_value", "upcoming_value"]
    assert rows(q(coach, "pipeline_by_close_month"), columns) == [
        # O3 4000 (01-25) + O11 250 (01-20 = as_of: not overdue) upcoming; O4 3000 and O10 900 overdue
        ("2026-01-01", 4, 8150.0, 3900.0, 4250.0),
        ("2026-03-01", 1, 5000.0, 0.0, 5000.0),  # O8
        (None, 1, 600.0, 0.0, 600.0),  # O6 has no expected close date
    ]
    smb = q(coach, "pipeline_by_close_month", teams=["SMB"])
    assert rows(smb, ["close_month", "open_pipeline"]) == [("2026-01-01", 8150.0), (None, 600.0)]
    assert rows(q(coach, "pipeline_by_close_month", seller_id="S3"), ["close_month", "open_pipeline"]) == [
        ("2026-03-01", 5000.0)
    ]


def test_pipeline_open_after_the_as_of_date_moves(coach):
    # On 2026-01-31 O3 and O6 are closed; O5 is sent (expected 02-10).
    frame = q(coach, "pipeline_by_close_month", as_of=D(2026, 1, 31))
    assert rows(frame, ["close_month", "open_offers", "open_pipeline", "overdue_value"]) == [
        ("2026-01-01", 3, 4150.0, 4150.0),  # O4, O10, O11 all overdue now
        ("2026-02-01", 1, 500.0, 0.0),
        ("2026-03-01", 1, 5000.0, 0.0),
    ]


def test_overdue_offers(coach):
    columns = ["offer_id", "seller_id", "customer", "expected_close_date", "days_overdue", "value"]
    assert rows(q(coach, "overdue_offers"), columns) == [
        ("O4", "S1", "Old Oy", "2026-01-15", 5, 3000.0),
        ("O10", "S1", "Old Oy", "2026-01-19", 1, 900.0),  # lost only later: still overdue on as_of
    ]
    assert q(coach, "overdue_offers", teams=["Enterprise"]).empty
    card = coach.scorecard(PERIOD["date_from"], PERIOD["date_to"], PERIOD["as_of"]).set_index("seller_id")
    assert card.loc["S1", "overdue_offers"] == 2


def test_built_vs_closed_covers_fifteen_months_around_as_of(coach):
    frame = q(coach, "pipeline_built_vs_closed_by_month")
    months = [m.isoformat() for m in pd.date_range("2025-01-01", "2026-03-01", freq="MS").date]
    assert [r[0] for r in rows(frame, ["month"])] == months  # 12 before the as-of month .. 2 after
    nonzero = [r for r in rows(frame, list(frame.columns)) if any(r[1:])]
    assert nonzero == [
        # month, offers_sent, sent_value, offers_won, won_value, expected_offers, expected_value
        ("2025-01-01", 1, 700.0, 0, 0.0, 0, 0.0),  # O9 sent
        ("2025-11-01", 1, 800.0, 0, 0.0, 0, 0.0),  # O7
        ("2025-12-01", 1, 2000.0, 1, 700.0, 0, 0.0),  # O1 sent; O9 won
        # sent: O2 O3 O4 O6 O8 O10 O11 (O5 after as_of); won: O2 (O3 after as_of);
        # expected from as_of: O3 (01-25) and O11 (01-20)
        ("2026-01-01", 7, 14750.0, 1, 1000.0, 2, 4250.0),
        ("2026-03-01", 0, 0.0, 0, 0.0, 1, 5000.0),  # O8 expected
    ]


def test_built_vs_closed_reaches_back_to_the_period_start_and_filters(coach):
    frame = q(coach, "pipeline_built_vs_closed_by_month", date_from=D(2024, 11, 15))
    assert len(frame) == 17 and frame["month"].iloc[0] == pd.Timestamp("2024-11-01")
    assert q(coach, "pipeline_built_vs_closed_by_month", teams=["Public"]).empty  # Dora has no offers
    enterprise = q(coach, "pipeline_built_vs_closed_by_month", teams=["Enterprise"])
    nonzero = [r for r in rows(enterprise, list(enterprise.columns)) if any(r[1:])]
    assert nonzero == [
        ("2025-01-01", 1, 700.0, 0, 0.0, 0, 0.0),
        ("2025-12-01", 0, 0.0, 1, 700.0, 0, 0.0),
        ("2026-01-01", 1, 5000.0, 0, 0.0, 0, 0.0),
        ("2026-03-01", 0, 0.0, 0, 0.0, 1, 5000.0),
    ]


OFFERS = ["offer_id", "status", "value"]


def test_offers_behind_a_bar(coach):
    assert rows(q(coach, "offers_in_month", kind="open", month=D(2026, 1, 17)), OFFERS) == [
        ("O3", "open", 4000.0),  # won only after as_of: open as it stood
        ("O4", "open", 3000.0),
        ("O10", "open", 900.0),
        ("O11", "open", 250.0),
    ]
    assert rows(q(coach, "offers_in_month", kind="open", month=None), OFFERS) == [("O6", "open", 600.0)]
    # The two parts of January's bar: upcoming (expected on or after as_of) and overdue.
    january = D(2026, 1, 1)
    assert q(coach, "offers_in_month", kind="expected", month=january).offer_id.tolist() == ["O3", "O11"]
    assert q(coach, "offers_in_month", kind="overdue", month=january).offer_id.tolist() == ["O4", "O10"]
    assert q(coach, "offers_in_month", kind="expected", month=D(2026, 3, 31)).offer_id.tolist() == ["O8"]
    # O3 closes (won) only on 01-31: as it stood on as_of it has no closing date yet.
    o3 = q(coach, "offers_in_month", kind="expected", month=january).iloc[0]
    assert o3["status"] == "open" and pd.isna(o3["closed_date"])
    sent = q(coach, "offers_in_month", kind="sent", month="2026-01-01")
    assert sorted(sent.offer_id) == ["O10", "O11", "O2", "O3", "O4", "O6", "O8"]
    assert rows(q(coach, "offers_in_month", kind="won", month="2025-12-01"), OFFERS) == [("O9", "won", 700.0)]
    assert rows(q(coach, "offers_in_month", kind="won", month="2026-01-01"), OFFERS) == [
        ("O2", "won", 1000.0)
    ]
    assert q(coach, "offers_in_month", kind="open", month=D(2026, 1, 1), teams=["Enterprise"]).empty
    assert rows(q(coach, "offers_in_month", kind="open", month=D(2026, 3, 1), seller_id="S3"), OFFERS) == [
        ("O8", "open", 5000.0)
    ]
    assert q(coach, "offers_in_month", kind="bogus", month=D(2026, 1, 1)).empty


def test_every_page_query_takes_the_shared_filters():
    from salescoach.queries import query_parameters

    for name in (
        "weekly_activity_by_seller",
        "planned_activity_by_week",
        "activity_direction_by_week",
        "conversion_funnel_by_seller",
        "loss_reasons",
        "pipeline_by_close_month",
        "pipeline_built_vs_closed_by_month",
        "overdue_offers",
        "offers_in_month",
    ):
        used = query_parameters(name)
        assert {"teams", "seller_id"} <= used, name
        assert used - {"date_from", "date_to", "as_of", "teams", "seller_id", "kind", "month"} == set(), name


def test_no_query_binds_a_single_team():
    # Every team filter is the list `$teams` (a director's "All my teams" is several teams):
    # a query still filtering on one `$team` would show a director only one of them, or all.
    from salescoach.queries import QUERY_DIR, query_parameters

    names = [path.stem for path in sorted(QUERY_DIR.glob("*.sql"))]
    assert len([name for name in names if "teams" in query_parameters(name)]) >= 14
    assert [name for name in names if "team" in query_parameters(name)] == []


def test_page_queries_on_an_empty_database(empty_coach):
    for name in (
        "weekly_activity_by_seller",
        "planned_activity_by_week",
        "activity_direction_by_week",
        "conversion_funnel_by_seller",
        "loss_reasons",
        "pipeline_by_close_month",
        "overdue_offers",
        "pipeline_built_vs_closed_by_month",
    ):
        assert empty_coach.query(name, **ALL).empty, name
