"""The command line, run as a user runs it: `python -m salescoach ...` in a subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tiny_data import tiny_tables

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SALESCOACH_DB", None)
    if env_db is not None:
        env["SALESCOACH_DB"] = str(env_db)
    return subprocess.run(
        [sys.executable, "-m", "salescoach", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def tiny_folder(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    for table, frame in tiny_tables().items():
        frame.to_csv(folder / f"{table}.csv", index=False)
    return folder


def test_import_then_scorecard_csv_and_json(tmp_path, tiny_folder):
    db = tmp_path / "cli.duckdb"
    done = run_cli("import", str(tiny_folder), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "3 sellers" in done.stdout and "11 offers" in done.stdout

    card = run_cli(
        "scorecard", "--from", "2026-01-01", "--to", "2026-03-31", "--as-of", "2026-02-15", "--db", str(db)
    )
    assert card.returncode == 0, card.stderr
    header, *rows = card.stdout.strip().splitlines()
    assert header.startswith("seller_id,seller,team")
    assert [r.split(",")[0] for r in rows] == ["S1", "S2", "S3"]

    as_json = run_cli(
        "scorecard",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--as-of",
        "2026-02-15",
        "--format",
        "json",
        "--db",
        str(db),
    )
    records = {r["seller_id"]: r for r in json.loads(as_json.stdout)}
    assert records["S1"]["offers_needed"] == 4
    assert records["S1"]["sales"] == 5300
    assert records["S3"]["hit_rate"] is None


def test_database_from_environment_variable(tmp_path, tiny_folder):
    db = tmp_path / "from-env.duckdb"
    assert run_cli("import", str(tiny_folder), env_db=db).returncode == 0
    assert db.exists()
    card = run_cli("scorecard", "--from", "2026-01-01", "--to", "2026-01-31", env_db=db)
    assert card.returncode == 0 and "Aino Virtanen" in card.stdout


def test_bad_import_lists_every_problem_and_changes_nothing(tmp_path, tiny_folder):
    db = tmp_path / "cli.duckdb"
    assert run_cli("import", str(tiny_folder), "--db", str(db)).returncode == 0
    before = run_cli("scorecard", "--from", "2025-01-01", "--to", "2026-12-31", "--db", str(db)).stdout

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "offers.csv").write_text(
        "offer_id,seller_id,sent_date,value,status,closed_date\n"
        "O100,S1,2026-01-02,100,won,\n"  # won without closed_date
        "O101,S9,2026-01-02,-5,open,\n",  # unknown seller, negative value
        encoding="utf-8",
    )
    (bad / "activities.csv").write_text(
        "activity_id,seller_id,type,date\nA100,S1,meeting,31.2.2026\n", encoding="utf-8"
    )
    done = run_cli("import", str(bad), "--db", str(db))
    assert done.returncode == 1
    assert "nothing was imported" in done.stderr
    assert "offers.csv, row 2, offer O100, column closed_date" in done.stderr
    assert "offers.csv, row 3, offer O101, column seller_id" in done.stderr
    assert "offers.csv, row 3, offer O101, column value" in done.stderr
    assert "activities.csv, row 2, activity A100, column date" in done.stderr
    after = run_cli("scorecard", "--from", "2025-01-01", "--to", "2026-12-31", "--db", str(db)).stdout
    assert after == before


def test_bad_import_speaks_the_language_given_with_lang(tmp_path, tiny_folder, monkeypatch):
    # The same refused import as above (a won offer without closed_date on row 2 of offers.csv),
    # with --lang sv; then in Finnish from the setting SALESCOACH_LANG, which --lang overrides.
    db = tmp_path / "cli.duckdb"
    assert run_cli("import", str(tiny_folder), "--db", str(db)).returncode == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "offers.csv").write_text(
        "offer_id,seller_id,sent_date,value,status,closed_date\nO100,S1,2026-01-02,100,won,\n",
        encoding="utf-8",
    )
    done = run_cli("import", str(bad), "--db", str(db), "--lang", "sv")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"fel: ingenting importerades till {db}.",
        "Importen har 1 problem:",
        "offers.csv, rad 2, offert O100, kolumn closed_date: vunnen offert utan closed_date",
    ]
    monkeypatch.setenv("SALESCOACH_LANG", "fi")
    done = run_cli("import", str(bad), "--db", str(db))
    assert (
        "offers.csv, rivi 2, tarjous O100, sarake closed_date: voitetulta tarjoukselta puuttuu closed_date"
        in (done.stderr)
    )
    done = run_cli("import", str(bad), "--db", str(db), "--lang", "en")
    assert "offers.csv, row 2, offer O100, column closed_date: won offer without closed_date" in done.stderr
    done = run_cli("import", str(tmp_path / "nowhere"), "--db", str(db), "--lang", "nb")
    assert done.returncode == 2 and done.stderr.strip() == f"feil: {tmp_path / 'nowhere'} er ikke en mappe"


def test_bad_arguments_are_explained(tmp_path):
    done = run_cli(
        "scorecard", "--from", "2026-13-01", "--to", "2026-01-31", "--db", str(tmp_path / "x.duckdb")
    )
    assert done.returncode == 2 and "not a date" in done.stderr
    done = run_cli(
        "scorecard", "--from", "2026-02-01", "--to", "2026-01-31", "--db", str(tmp_path / "x.duckdb")
    )
    assert done.returncode == 2 and "after" in done.stderr
    done = run_cli(
        "scorecard", "--from", "2026-01-01", "--to", "2026-01-31", "--db", str(tmp_path / "none.duckdb")
    )
    assert done.returncode == 2 and "no database" in done.stderr
    assert not (tmp_path / "none.duckdb").exists()
    done = run_cli("import", str(tmp_path / "missing"), "--db", str(tmp_path / "x.duckdb"))
    assert done.returncode == 2 and "not a folder" in done.stderr


def test_demo_is_deterministic_and_guards_imported_data(tmp_path, tiny_folder):
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    args = ("demo", "--sellers", "4", "--years", "1", "--seed", "3", "--end", "2026-06-30")
    assert run_cli(*args, "--db", str(first)).returncode == 0
    done = run_cli(*args, "--db", str(second))
    assert done.returncode == 0 and "4 sellers" in done.stdout
    card = ("scorecard", "--from", "2026-01-01", "--to", "2026-06-30")
    assert run_cli(*card, "--db", str(first)).stdout == run_cli(*card, "--db", str(second)).stdout

    imported = tmp_path / "imported.duckdb"
    assert run_cli("import", str(tiny_folder), "--db", str(imported)).returncode == 0
    refused = run_cli(*args, "--db", str(imported))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert "Aino Virtanen" in run_cli(*card, "--db", str(imported)).stdout
    assert run_cli(*args, "--db", str(imported), "--force").returncode == 0
    assert "Aino Virtanen" not in run_cli(*card, "--db", str(imported)).stdout


def test_scorecard_by_grain_prints_team_and_all_teams_rows(tmp_path, tiny_folder):
    db = tmp_path / "cli.duckdb"
    assert run_cli("import", str(tiny_folder), "--db", str(db)).returncode == 0
    period = ("scorecard", "--from", "2026-01-01", "--to", "2026-03-31", "--as-of", "2026-02-15")
    plain = run_cli(*period, "--db", str(db)).stdout
    done = run_cli(*period, "--grain", "team", "--grain", "all", "--format", "json", "--db", str(db))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["grain"], r["team"]) for r in rows] == [("team", "A"), ("team", "B"), ("all", None)]
    team_a, team_b, everyone = rows
    # Team A = S1 + S2 (tests/test_ui.py, the team totals): 5 meetings, 7 offers, hit rate 2/3,
    # coverage 4000 / 12700 (only S1 has target left), one thin seller; no seller fields.
    assert (team_a["sellers"], team_a["meetings"], team_a["offers_sent"], team_a["thin_sellers"]) == (
        2,
        5,
        7,
        1,
    )
    assert team_a["hit_rate"] == pytest.approx(2 / 3)
    assert team_a["pipeline_coverage"] == pytest.approx(4000 / 12700)
    assert team_a["seller_id"] is None and team_a["thin"] is None
    # Team B (S3) has nothing; everyone is A and B together.
    assert team_b["hit_rate"] is None and team_b["required_coverage"] == 3.0
    assert (everyone["sellers"], everyone["meetings"]) == (3, 5)
    # the seller rows by grain are the plain scorecard's rows, with the grain columns besides
    csv = run_cli(*period, "--grain", "seller", "--db", str(db)).stdout
    header, *lines = csv.strip().splitlines()
    counts = ",sellers,thin_sellers,thin_next_quarter_sellers"  # the grain's own columns
    assert header.startswith("grain,seller_id,seller,team") and header.endswith(counts)
    assert [line.split(",")[1] for line in lines] == ["S1", "S2", "S3"]
    assert plain.splitlines()[0] == header.removeprefix("grain,").removesuffix(counts)
    done = run_cli(*period, "--grain", "region", "--db", str(db))
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_a_reader_that_stops_reading_is_not_an_error(tmp_path, tiny_folder):
    # `python -m salescoach scorecard ... | head -1`: the pipe closes under the CLI. It printed
    # "error: [Errno 32] Broken pipe" as if the database were at fault; now it stops quietly.
    db = tmp_path / "cli.duckdb"
    assert run_cli("import", str(tiny_folder), "--db", str(db)).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["scorecard", "--from", "2026-01-01", "--to", "2026-03-31", "--db", str(db)]
    process = subprocess.Popen(
        [sys.executable, "-m", "salescoach", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    process.stdout.close()  # before the CLI has written anything (its imports alone take longer)
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert stderr == ""
