"""Pipeline memory (salescoach/history.py): every import of offers records what changed, an older
export is refused, a CRM's own history loads, and the pipeline's changes between two days add up:
start + new + increased − decreased − won − lost = end, on hand-made exports and random histories."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import salescoach
from salescoach import cli
from salescoach.history import PIPELINE_CHANGE_COLUMNS
from salescoach.importer import DataImportError
from tests.history_data import EXPORT_DAYS, exports, load_exports, sellers

HISTORY_COLUMNS = ["offer_id", "changed_on", "field", "old_value", "new_value"]


def history(coach) -> list[tuple]:
    cursor = coach._con.cursor()
    try:
        rows = cursor.execute(
            "select offer_id, cast(changed_on as varchar), field, old_value, new_value from offer_history "
            "order by changed_on, offer_id, field"
        ).fetchall()
    finally:
        cursor.close()
    return rows


@pytest.fixture
def coach(tmp_path):
    with salescoach.connect(tmp_path / "history.duckdb") as opened:
        yield opened


def test_each_import_records_what_changed_on_the_export_day(coach):
    load_exports(coach)
    # tests/history_data.py: export 2 changes A, B, D, E; export 3 changes A, B, G; F arrived won
    # and C never changed. Numbers are stored as DuckDB and Python write a double.
    assert history(coach) == [
        ("A", "2026-01-12", "expected_close_date", "2026-02-15", "2026-04-15"),
        ("A", "2026-01-12", "value", "1000.0", "1500.0"),
        ("B", "2026-01-12", "expected_close_date", "2026-03-20", "2026-03-01"),
        ("B", "2026-01-12", "value", "2000.0", "1800.0"),
        ("D", "2026-01-12", "status", "open", "won"),
        ("E", "2026-01-12", "status", "open", "lost"),
        ("A", "2026-01-19", "value", "1500.0", "1200.0"),
        ("B", "2026-01-19", "status", "open", "won"),
        ("G", "2026-01-19", "expected_close_date", "2026-02-28", "2026-05-31"),
        ("G", "2026-01-19", "value", "1200.0", "1500.0"),
    ]
    assert coach.meta()["last_exported_on"] == "2026-01-19"
    # importing the newest export again changes nothing
    coach.load_frames(exports()[2], exported_on=EXPORT_DAYS[2])
    assert len(history(coach)) == 10


def test_an_older_export_is_refused_and_changes_nothing(coach):
    load_exports(coach)
    before, version = history(coach), coach.data_version()
    with pytest.raises(DataImportError) as refused:
        coach.load_frames(exports()[1], exported_on=EXPORT_DAYS[1])
    message = str(refused.value)
    assert "this export is of 2026-01-12, older than the newest export already loaded (2026-01-19)" in message
    assert history(coach) == before and coach.data_version() == version
    values = dict(coach._con.cursor().execute("select offer_id, value from offers").fetchall())
    assert values["A"] == 1200  # still the third export's


def test_an_import_without_offers_is_not_an_export_of_the_pipeline(coach):
    load_exports(coach)
    # sellers alone, dated before the last export: nothing about offers to compare, so accepted
    coach.load_frames({"sellers": sellers()}, exported_on=EXPORT_DAYS[0])
    assert coach.meta()["last_exported_on"] == "2026-01-19"


def test_a_second_import_of_the_same_day_keeps_the_days_first_old_value(coach):
    load_exports(coach, count=2)
    corrected = exports()[1]
    offers = corrected["offers"]
    offers.loc[offers["offer_id"] == "A", "value"] = "1400"
    coach.load_frames(corrected, exported_on=EXPORT_DAYS[1])
    a_value = [row for row in history(coach) if row[0] == "A" and row[2] == "value"]
    assert a_value == [("A", "2026-01-12", "value", "1000.0", "1400.0")]  # one row: 1000 -> 1400
    offers.loc[offers["offer_id"] == "A", "value"] = "1000"
    coach.load_frames(corrected, exported_on=EXPORT_DAYS[1])
    # back to the value before the day: no change of value that day, the forecast change stays
    assert [row[2] for row in history(coach) if row[0] == "A"] == ["expected_close_date"]


def test_the_import_of_a_crms_own_history_is_kept_and_not_recorded_twice(coach):
    load_exports(coach, count=1)
    second = exports()[1]
    # the CRM says A's value went 1000 -> 1500 on Thursday 8 January
    second["offer_history"] = pd.DataFrame(
        [("A", "8.1.2026", "value", "1 000", "1500,00")], columns=HISTORY_COLUMNS, dtype=object
    )
    coach.load_frames(second, exported_on=EXPORT_DAYS[1])
    a_value = [row for row in history(coach) if row[0] == "A" and row[2] == "value"]
    assert a_value == [("A", "2026-01-08", "value", "1000.0", "1500.0")]
    # so as of 9 January A stood at 1500 already: 5-9 Jan has A up by 500
    changes = coach.pipeline_changes("2026-01-05", "2026-01-09", grain="seller").set_index("seller_id")
    assert changes.loc["N1", "increased_value"] == 500


def test_a_field_before_its_first_change_is_that_changes_old_value(coach):
    # History says G was 900 until 3 February and 1100 from then; today it is 1200 (an export
    # that did not record the last change): before 3 Feb 900, from 3 Feb 1100, never 1200.
    frames = {
        "sellers": sellers(),
        "offers": pd.DataFrame(
            [("G", "S1", "2026-01-08", "1200", "open")],
            columns=["offer_id", "seller_id", "sent_date", "value", "status"],
            dtype=object,
        ),
        "offer_history": pd.DataFrame(
            [("G", "2026-02-03", "value", "900", "1100")], columns=HISTORY_COLUMNS, dtype=object
        ),
    }
    coach.load_frames(frames, exported_on=dt.date(2026, 2, 9))
    row = coach.pipeline_changes("2026-01-31", "2026-02-06", grain="seller").set_index("seller_id").loc["S1"]
    assert (row["start_pipeline"], row["increased_value"], row["end_pipeline"]) == (900, 200, 1100)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ("A", "2026-01-08", "value", "lots", "1500"),
            "old_value",
            'unparseable number "lots" (a change of value)',
        ),
        (
            ("A", "2026-01-08", "value", "1000", ""),
            "new_value",
            "a change of value needs the value before and after",
        ),
        (("A", "2026-01-08", "status", "open", "maybe"), "new_value", 'invalid value "maybe"'),
        (("A", "2026-01-08", "expected_close_date", "soon", ""), "old_value", 'unparseable date "soon"'),
        (("A", "2026-01-08", "probability", "0.5", "150"), "new_value", "probability 150 is out of range"),
        (("A", "2026-01-08", "owner", "Anna", "Ben"), "field", 'invalid value "owner"'),
        (("Z", "2026-01-08", "value", "1", "2"), "offer_id", 'unknown offer_id "Z"'),
    ],
)
def test_a_bad_change_is_a_located_error_that_imports_nothing(coach, row, column, message):
    load_exports(coach, count=1)
    before = history(coach)
    frames = {"offer_history": pd.DataFrame([row], columns=HISTORY_COLUMNS, dtype=object)}
    with pytest.raises(DataImportError) as caught:
        coach.load_frames(frames, exported_on=EXPORT_DAYS[1])
    problems = [p for p in caught.value.problems if p.column == column]
    assert problems and message in problems[0].message, caught.value
    assert (problems[0].file, problems[0].row) == ("offer_history", 2)
    assert history(coach) == before


def test_the_cli_imports_with_an_export_day_and_prints_the_changes(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    for number, (frames, day) in enumerate(zip(exports(), EXPORT_DAYS, strict=True)):
        folder = tmp_path / f"export{number}"
        folder.mkdir()
        for table, frame in frames.items():
            frame.to_csv(folder / f"{table}.csv", index=False)
        assert cli.main(["import", str(folder), "--db", str(db), "--exported-on", day.isoformat()]) == 0
    capsys.readouterr()
    assert (
        cli.main(["import", str(tmp_path / "export1"), "--db", str(db), "--exported-on", "2026-01-12"]) == 1
    )
    assert "older than the newest export already loaded (2026-01-19)" in capsys.readouterr().err

    assert cli.main(["pipeline-changes", "--from", "2026-01-05", "--to", "2026-01-12", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",") == ["seller_id", "seller", "team", *PIPELINE_CHANGE_COLUMNS]
    assert lines[1].startswith(
        "N1,Niina North,North,3000.0,1,700.0,500.0,200.0,1,700.0,0,0.0,3300.0,1,1500.0,"
    )
    assert (
        cli.main(
            [
                "pipeline-changes",
                "--from",
                "2026-01-12",
                "--to",
                "2026-01-19",
                "--db",
                str(db),
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = {row["seller_id"]: row for row in json.loads(capsys.readouterr().out)}
    assert (rows["S1"]["pushed_offers"], rows["S1"]["slipped_out_value"], rows["N1"]["won_value"]) == (
        1,
        1500,
        1800,
    )
    assert cli.main(["pipeline-changes", "--from", "2026-01-19", "--to", "2026-01-12", "--db", str(db)]) == 2
    assert "must be before" in capsys.readouterr().err
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert cli.main(["import", str(tmp_path / "export2"), "--db", str(db), "--exported-on", tomorrow]) == 2
    assert "is after today" in capsys.readouterr().err


def test_the_first_day_must_be_before_the_last(coach):
    load_exports(coach)
    with pytest.raises(ValueError, match="before the last day"):
        coach.pipeline_changes("2026-01-12", "2026-01-12")
    with pytest.raises(ValueError, match="grain"):
        coach.pipeline_changes("2026-01-05", "2026-01-12", grain="region")


# -- the identity on random histories ------------------------------------------------------------

DAY0 = dt.date(2026, 1, 1)
FIELDS = ("value", "expected_close_date")


@st.composite
def pipelines(draw):
    """Up to eight offers of three sellers in two teams over 20 days (few, so that sent, closed
    and changed days often fall on D1 or D2), each with a random history of value and forecast
    changes, and two days D1 < D2 in those 20 days."""
    offers, changes = [], []
    for number in range(draw(st.integers(1, 8))):
        offer_id = f"O{number}"
        sent = draw(st.integers(0, 18))
        status = draw(st.sampled_from(("open", "won", "lost")))
        closed = draw(st.integers(sent, 19)) if status != "open" else None
        value = draw(st.integers(0, 5000))
        expected = draw(st.one_of(st.none(), st.integers(sent, 100)))
        offers.append(
            (
                offer_id,
                draw(st.sampled_from(("N1", "N2", "S1"))),
                (DAY0 + dt.timedelta(sent)).isoformat(),
                str(value),
                status,
                "" if expected is None else (DAY0 + dt.timedelta(expected)).isoformat(),
                "" if closed is None else (DAY0 + dt.timedelta(closed)).isoformat(),
            )
        )
        for day in sorted(draw(st.sets(st.integers(0, 19), max_size=4))):
            field = draw(st.sampled_from(FIELDS))
            if field == "value":
                old, new = (str(draw(st.integers(0, 5000))) for _ in range(2))
            else:
                old, new = ((DAY0 + dt.timedelta(draw(st.integers(0, 100)))).isoformat() for _ in range(2))
            changes.append((offer_id, (DAY0 + dt.timedelta(day)).isoformat(), field, old, new))
    d1 = draw(st.integers(0, 18))
    d2 = draw(st.integers(d1 + 1, 19))
    return offers, changes, DAY0 + dt.timedelta(d1), DAY0 + dt.timedelta(d2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pipelines())
def test_start_plus_moves_is_end_on_random_histories(pipeline):
    offers, changes, d1, d2 = pipeline
    frames = {
        "sellers": sellers(),
        "offers": pd.DataFrame(
            offers,
            columns=[
                "offer_id",
                "seller_id",
                "sent_date",
                "value",
                "status",
                "expected_close_date",
                "closed_date",
            ],
            dtype=object,
        ),
        "offer_history": pd.DataFrame(changes, columns=HISTORY_COLUMNS, dtype=object),
    }
    with tempfile.TemporaryDirectory() as folder:  # a fresh database per example
        coach = salescoach.connect(Path(folder) / "random.duckdb")
        try:
            coach.load_frames(frames, exported_on=dt.date(2026, 1, 21))
            result = coach.pipeline_changes(d1, d2)
        finally:
            coach.close()
    assert len(result) == 3 + 2 + 1  # every seller, both teams, all teams
    moved = (
        result["start_pipeline"]
        + result["new_value"]
        + result["increased_value"]
        - result["decreased_value"]
        - result["won_value"]
        - result["lost_value"]
    )
    assert moved.to_numpy() == pytest.approx(result["end_pipeline"].to_numpy(), abs=1e-6)
    counted = result["start_offers"] + result["new_offers"] - result["won_offers"] - result["lost_offers"]
    assert (counted == result["end_offers"]).all()
    # the slipped offers are pushed ones, and each count is at most the offers there are
    assert (result["slipped_out_offers"] <= result["pushed_offers"]).all()
    everyone = result[result["grain"] == "all"].iloc[0]
    assert everyone["start_offers"] + everyone["new_offers"] <= len(offers)
