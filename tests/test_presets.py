"""CRM export presets and custom mappings (salescoach.presets).

Small hand-written exports in each CRM's own format live in tests/fixtures/presets/;
every test pins the contract rows a preset makes of them, then loads them and pins
scorecard numbers worked out by hand from those rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

import salescoach
from salescoach import cli
from salescoach.importer import DataImportError, ImportProblem
from salescoach.presets import (
    PRESETS,
    apply_mapping,
    dump_mapping,
    list_presets,
    load_mapping,
    load_preset,
    read_mapping,
    read_preset,
    validate_preset,
)
from salescoach.presets.base import normalize_dates, slug

FIXTURES = Path(__file__).parent / "fixtures" / "presets"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference-data" / "crm-sales-opportunities"
Q1 = ("2026-01-01", "2026-03-31")

HUBSPOT_DEALS = "hubspot-crm-exports-all-deals-2026-03-31.csv"
SF_REPORT = "report1711111111111.csv"
PD_DEALS = "deals-8123456-42.csv"


def rows(frame, columns):
    return [tuple(record[c] for c in columns) for record in frame.to_dict("records")]


def copy_fixture(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / name
    shutil.copytree(FIXTURES / name, folder)
    return folder


def scorecard(result, tmp_path, as_of=Q1[1]):
    with salescoach.connect(tmp_path / "presets.duckdb") as coach:
        load_preset(coach, result)
        frame = coach.scorecard(*Q1, as_of=as_of)
    return {row["seller_id"]: row for row in frame.to_dict("records")}


def problems_of(call) -> list[ImportProblem]:
    with pytest.raises(DataImportError) as caught:
        call()
    return caught.value.problems


def find(problems, file, row, column) -> ImportProblem:
    hits = [p for p in problems if (p.file, p.row, p.column) == (file, row, column)]
    assert len(hits) == 1, "\n".join(map(str, problems))
    return hits[0]


# --------------------------------------------------------------------------- registry


def test_registry_lists_the_four_presets():
    assert list(PRESETS) == ["hubspot", "salesforce", "pipedrive", "crm-sales-opportunities"]
    assert [p.name for p in list_presets()] == list(PRESETS)
    assert all(p.label and p.help for p in list_presets())
    with pytest.raises(ValueError, match="unknown preset 'zoho'.*hubspot"):
        read_preset("zoho", FIXTURES / "hubspot")


# --------------------------------------------------------------------------- HubSpot


def test_hubspot_deals_become_offers_and_won_deals(tmp_path):
    result = read_preset("hubspot", FIXTURES / "hubspot")
    offer_columns = ["offer_id", "seller_id", "customer_id", "sent_date", "value", "status"]
    offer_columns += ["expected_close_date", "closed_date", "loss_reason"]
    assert rows(result.frames["offers"], offer_columns) == [
        ("9001", "anna-virtanen", "501", "2026-01-05", "12000", "won", None, "2026-02-10", None),
        ("9002", "anna-virtanen", "502", "2026-01-12", "8000", "lost", None, "2026-02-20", "Price"),
        ("9003", "anna-virtanen", "501", "2026-02-01", "5000", "open", "2026-03-20", None, None),
        # no Amount: 0 with a caveat; no company id: a slug of the name
        ("9004", "ben-koski", "cedar-ltd", "2026-02-15", "0", "open", "2026-04-15", None, None),
        # created after it closed: sent on the close date
        ("9005", "ben-koski", "502", "2026-01-20", "3500.50", "won", None, "2026-01-20", None),
    ]
    assert rows(result.frames["deals"], ["deal_id", "seller_id", "offer_id", "close_date", "value"]) == [
        ("9001", "anna-virtanen", "9001", "2026-02-10", "12000"),
        ("9005", "ben-koski", "9005", "2026-01-20", "3500.50"),
    ]
    assert rows(result.frames["sellers"], ["seller_id", "name", "team"]) == [
        ("anna-virtanen", "Anna Virtanen", "North"),  # from sellers.csv
        ("ben-koski", "Ben Koski", "Unassigned"),
    ]
    # The meetings export names companies only: their ids come from the deals export.
    assert rows(result.frames["customers"], ["customer_id", "name"]) == [
        ("501", "Aalto Oy"),
        ("502", "Bore Ab"),
        ("cedar-ltd", "Cedar Ltd"),
    ]
    assert rows(
        result.frames["activities"], ["activity_id", "seller_id", "customer_id", "type", "date", "status"]
    ) == [
        ("7101", "anna-virtanen", "502", "call", "2026-02-04", "done"),
        ("7001", "anna-virtanen", "501", "meeting", "2026-01-08", "done"),
        ("7002", "anna-virtanen", "502", "meeting", "2026-02-03", "cancelled"),
        ("7003", "ben-koski", "cedar-ltd", "meeting", "2026-02-16", "done"),  # blank outcome, past
        ("7004", "anna-virtanen", "501", "meeting", "2026-03-30", "planned"),
    ]
    notes = "\n".join(result.notes)
    assert "have no Amount (row 5): imported with value 0" in notes
    assert "created in the CRM after their close date (entered afterwards; row 6)" in notes
    assert "deal stages read as open: Appointment Scheduled, Contract Sent" in notes
    assert 'not in sellers.csv are in team "Unassigned": Ben Koski' in notes
    assert "README.txt" not in notes  # not a CSV or XLSX: not even looked at

    card = scorecard(result, tmp_path)
    anna, ben = card["anna-virtanen"], card["ben-koski"]
    # Anna: 9001 won 12 000, 9002 lost 8 000, 9003 open 5 000 expected 20.3. (overdue on 31.3.);
    # meetings 7001 (7002 cancelled, 7004 planned), call 7101.
    assert (anna["offers_sent"], anna["offers_won"], anna["offers_lost"]) == (3, 1, 1)
    assert anna["value_hit_rate"] == pytest.approx(12000 / 20000)
    assert (anna["sales"], anna["open_pipeline"], anna["overdue_offers"]) == (12000, 5000, 1)
    assert (anna["meetings"], anna["calls"], anna["team"]) == (1, 1, "North")
    assert (ben["offers_sent"], ben["sales"], ben["open_offers"], ben["meetings"]) == (2, 3500.5, 1, 1)


def test_hubspot_without_activities_says_what_stays_empty(tmp_path):
    folder = copy_fixture("hubspot", tmp_path)
    for name in folder.glob("*-calls-*"):
        name.unlink()
    for name in folder.glob("*-meetings-*"):
        name.unlink()
    result = read_preset("hubspot", folder)
    assert "activities" not in result.frames
    assert any(n.startswith("no activities: the Määrä and Suunta columns") for n in result.notes)


def test_hubspot_errors_name_the_export_file_row_and_column(tmp_path):
    folder = copy_fixture("hubspot", tmp_path)
    deals = folder / HUBSPOT_DEALS
    lines = deals.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"8000"', '"8k"')  # row 3: Amount
    lines[3] = lines[3].replace(
        '"Contract Sent","5000","2026-03-20 00:00"', '"Closed Won","5000",""'
    )  # row 4
    lines[5] = lines[5].replace('"9005"', '"9001"')  # row 6: the id of row 2 again
    deals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_preset("hubspot", folder)
    problems = problems_of(lambda: validate_preset(result))
    assert find(problems, HUBSPOT_DEALS, 3, "Amount (value)").message == 'unparseable number "8k"'
    assert (
        find(problems, HUBSPOT_DEALS, 4, "Close Date (closed_date)").message
        == "won offer without closed_date"
    )
    duplicate = find(problems, HUBSPOT_DEALS, 6, "Record ID (offer_id)")
    assert duplicate.message == 'duplicate offer_id "9001" (first on row 2)'
    # The derived deals repeat nothing: every problem points at the export.
    assert {p.file for p in problems} == {HUBSPOT_DEALS}


def test_hubspot_missing_export_and_missing_column(tmp_path):
    folder = copy_fixture("hubspot", tmp_path)
    (folder / HUBSPOT_DEALS).unlink()
    problem = problems_of(lambda: read_preset("hubspot", folder))[0]
    assert problem.message.startswith(
        'no HubSpot deals export found: expected a CSV or XLSX file whose header has "Deal Name"'
    )
    assert "hubspot-crm-exports-all-calls-2026-03-31.csv" not in problem.message  # it is an activities export

    folder = copy_fixture("hubspot", tmp_path / "again")
    text = (folder / HUBSPOT_DEALS).read_text(encoding="utf-8").replace('"Deal owner"', '"Owner"')
    (folder / HUBSPOT_DEALS).write_text(text, encoding="utf-8")
    problem = problems_of(lambda: read_preset("hubspot", folder))[0]
    assert (problem.file, problem.row) == (HUBSPOT_DEALS, 1)
    assert problem.message.startswith(
        'missing column "Deal owner" for the deal owner (the file has: Record ID, Deal Name'
    )


# --------------------------------------------------------------------------- Salesforce


def test_salesforce_reports_with_us_dates_percent_and_footer(tmp_path):
    result = read_preset("salesforce", FIXTURES / "salesforce")
    columns = ["offer_id", "seller_id", "customer_id", "sent_date", "value", "status"]
    columns += ["expected_close_date", "closed_date", "probability", "loss_reason"]
    assert rows(result.frames["offers"], columns) == [
        ("0065g00000AAAA1", "maria-lind", "0015g00000XXX01", "2026-01-11", "24,000.00", "won", None, "2026-02-10", "100%", None),
        ("0065g00000AAAA2", "maria-lind", "0015g00000XXX02", "2026-01-21", "6,000.00", "lost", None, "2026-03-02", "0%", "Competitor"),
        ("0065g00000AAAA3", "jukka-salo", "0015g00000XXX01", "2026-02-14", "10,000.00", "open", "2026-04-30", None, "75%", None),
        ("0065g00000AAAA4", "jukka-salo", "arctic-oy", "2026-03-01", "9,500.00", "won", None, "2026-03-15", "100%", None),
    ]  # fmt: skip
    assert rows(
        result.frames["activities"], ["activity_id", "seller_id", "customer_id", "type", "date", "status"]
    ) == [
        ("00U5g0000001", "maria-lind", "0015g00000XXX01", "meeting", "2026-01-20", "done"),  # events.csv
        (
            "00U5g0000002",
            "jukka-salo",
            "arctic-oy",
            "meeting",
            "2026-02-18",
            "done",
        ),  # blank Type in an event report
        ("00T5g0000001", "maria-lind", "0015g00000XXX01", "call", "2026-01-15", "done"),
        ("00T5g0000002", "maria-lind", "0015g00000XXX02", "email", "2026-02-02", "done"),
        ("00T5g0000003", "jukka-salo", "arctic-oy", "call", "2026-03-30", "planned"),  # Not Started
    ]
    assert rows(result.frames["sellers"], ["seller_id", "team"]) == [
        ("maria-lind", "Unassigned"),
        ("jukka-salo", "Unassigned"),
    ]
    assert any(n.startswith('every seller is in team "Unassigned": put a sellers.csv') for n in result.notes)

    card = scorecard(result, tmp_path)
    maria, jukka = card["maria-lind"], card["jukka-salo"]
    assert (maria["meetings"], maria["calls"], maria["offers_sent"], maria["hit_rate"]) == (1, 1, 2, 0.5)
    assert (maria["sales"], maria["lost_value"]) == (24000, 6000)
    # Jukka: AAAA3 open 10 000 at Probability (%) 75 -> weighted 7 500; call 00T3 is planned.
    assert (jukka["meetings"], jukka["calls"], jukka["sales"]) == (1, 0, 9500)
    assert (jukka["open_pipeline"], jukka["weighted_pipeline"]) == (10000, pytest.approx(7500))


def test_salesforce_report_without_ids_or_won_columns(tmp_path):
    folder = copy_fixture("salesforce", tmp_path)
    report = folder / SF_REPORT
    with report.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header = table[0]
    keep = [i for i, h in enumerate(header) if h not in ("Won", "Closed")]
    with report.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[r[i] for i in keep] if len(r) > 1 else r for r in table])
    result = read_preset("salesforce", folder)
    assert list(result.frames["offers"]["status"]) == ["won", "lost", "open", "won"]  # from Stage
    assert any("has no Won and Closed columns" in n and "Negotiation/Review" in n for n in result.notes)

    text = report.read_text(encoding="utf-8").replace("Opportunity ID", "Opportunity Number")
    report.write_text(text, encoding="utf-8")
    problem = problems_of(lambda: read_preset("salesforce", folder))[0]
    assert (problem.file, problem.row) == (SF_REPORT, 1)
    assert 'missing column "Opportunity ID"' in problem.message and "add it to the report" in problem.message


# --------------------------------------------------------------------------- Pipedrive


def test_pipedrive_deals_and_activities(tmp_path):
    result = read_preset("pipedrive", FIXTURES / "pipedrive")
    columns = ["offer_id", "seller_id", "customer_id", "sent_date", "value", "status"]
    columns += ["expected_close_date", "closed_date", "probability", "loss_reason"]
    assert rows(result.frames["offers"], columns) == [
        (
            "101",
            "liisa-maki",
            "kone-oyj",
            "2026-01-10",
            "15000",
            "won",
            "2026-02-28",
            "2026-02-25",
            "100%",
            None,
        ),
        (
            "102",
            "liisa-maki",
            "valio",
            "2026-01-15",
            "4000",
            "lost",
            "2026-02-15",
            "2026-02-10",
            None,
            "Too expensive",
        ),
        ("103", "liisa-maki", "kone-oyj", "2026-02-20", "20000", "open", "2026-04-30", None, "40%", None),
        ("104", "pekka-laine", "fazer", "2026-03-05", "7000", "open", "2026-03-25", None, "60%", None),
    ]  # fmt: skip  (105 is Deleted: left out)
    assert rows(result.frames["activities"], ["activity_id", "seller_id", "type", "date", "status"]) == [
        ("501", "liisa-maki", "meeting", "2026-01-12", "done"),
        ("502", "liisa-maki", "call", "2026-01-20", "done"),
        ("503", "pekka-laine", "other", "2026-02-05", "done"),  # Lunch
        ("504", "pekka-laine", "meeting", "2026-03-10", "done"),
        ("505", "pekka-laine", "call", "2026-03-31", "planned"),  # Not done
    ]
    assert rows(result.frames["sellers"], ["seller_id", "name"]) == [
        ("liisa-maki", "Liisa Mäki"),
        ("pekka-laine", "Pekka Laine"),
    ]
    assert "1 deleted deal(s) in deals-8123456-42.csv are left out (row 6)" in result.notes
    assert any('counted as "other" (not calls or meetings): Lunch' in n for n in result.notes)

    card = scorecard(result, tmp_path)
    liisa, pekka = card["liisa-maki"], card["pekka-laine"]
    assert (liisa["offers_sent"], liisa["hit_rate"], liisa["sales"]) == (3, 0.5, 15000)
    assert (liisa["meetings"], liisa["calls"], liisa["open_pipeline"]) == (1, 1, 20000)
    assert liisa["weighted_pipeline"] == pytest.approx(20000 * 0.40)
    assert (pekka["meetings"], pekka["calls"], pekka["overdue_offers"]) == (1, 0, 1)
    assert pekka["weighted_pipeline"] == pytest.approx(7000 * 0.60)


def test_pipedrive_rows_after_a_left_out_row_keep_their_numbers(tmp_path):
    folder = copy_fixture("pipedrive", tmp_path)
    deals = folder / PD_DEALS
    text = deals.read_text(encoding="utf-8")
    text += '"106","Bad value","Pekka Laine","Pekka Laine","lots","EUR","","Fazer","Pipeline","Qualified","Open","2026-03-06 08:00:00","2026-05-01","","",""\n'
    deals.write_text(text, encoding="utf-8")
    problems = problems_of(lambda: validate_preset(read_preset("pipedrive", folder)))
    assert [str(p) for p in problems] == [
        'deals-8123456-42.csv, row 7, offer 106, column Deal - Value (value): unparseable number "lots"'
    ]


def test_pipedrive_xlsx_export_with_date_cells_reads_the_same(tmp_path):
    folder = copy_fixture("pipedrive", tmp_path)
    source = folder / PD_DEALS
    with source.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Deals export"])  # a title row above the header
    sheet.append(table[0])
    for record in table[1:]:
        cells: list[object] = list(record)
        for i in (11, 13, 14):  # Deal created, Won time, Lost time as Excel date-times
            if cells[i]:
                cells[i] = dt.datetime.fromisoformat(cells[i])
        cells[4] = int(cells[4])  # Deal - Value as a number
        sheet.append(cells)
    book.save(folder / "deals.xlsx")
    source.unlink()
    result = read_preset("pipedrive", folder)
    expected = read_preset("pipedrive", FIXTURES / "pipedrive")
    assert result.frames["offers"].equals(expected.frames["offers"])
    assert [o.rows.tolist() for o in result.origins["offers"]] == [[3, 4, 5, 6]]  # header on row 2


# --------------------------------------------------------------------------- the reference data set


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared/reference-data is not beside the repository")
def test_crm_sales_opportunities_counts_and_caveats(tmp_path):
    with (REFERENCE / "sales_pipeline.csv").open(encoding="utf-8", newline="") as handle:
        pipeline = list(csv.DictReader(handle))
    with (REFERENCE / "sales_teams.csv").open(encoding="utf-8", newline="") as handle:
        agents = {row["sales_agent"] for row in csv.DictReader(handle)}
    agents |= {row["sales_agent"] for row in pipeline}
    stages = [row["deal_stage"] for row in pipeline]
    won, lost, engaging = stages.count("Won"), stages.count("Lost"), stages.count("Engaging")
    won_value = sum(float(row["close_value"]) for row in pipeline if row["deal_stage"] == "Won")

    result = read_preset("crm-sales-opportunities", REFERENCE)
    offers = result.frames["offers"]
    assert len(result.frames["sellers"]) == len(agents)
    assert (offers["status"] == "won").sum() == won
    assert (offers["status"] == "lost").sum() == lost
    assert (offers["status"] == "open").sum() == engaging
    assert len(offers) == won + lost + engaging  # Prospecting has no engage date: left out
    assert len(result.frames["deals"]) == won
    assert "activities" not in result.frames and "targets" not in result.frames
    notes = "\n".join(result.notes)
    assert f"{stages.count('Prospecting')} Prospecting opportunities have no engage date" in notes
    assert "no activities: the Määrä and Suunta columns" in notes
    assert "open deals have no expected close date: pipeline coverage cannot be computed" in notes
    assert "valued at their product's list price" in notes
    # GTXPro in the pipeline is "GTX Pro" in products.csv: every lost and open deal is priced.
    assert offers["value"].notna().all()

    with salescoach.connect(tmp_path / "reference.duckdb") as coach:
        summary = load_preset(coach, result)
        card = coach.scorecard("2016-01-01", "2017-12-31")
    assert summary.rows["offers"] == won + lost + engaging
    assert card["sales"].sum() == pytest.approx(won_value)
    assert set(card["team"]) == {"Central", "East", "West"}
    assert card["meetings"].sum() == 0 and card["pipeline_coverage"].isna().all()
    # The data set has no targets: the gap and the offers needed are unknown for every seller,
    # this quarter and next, never "€0 gap, 0 offers needed" (which reads as "on track").
    for unknown in ("thin", "pipeline_gap", "offers_needed", "thin_next_quarter", "next_quarter_gap"):
        assert card[unknown].isna().all(), unknown
    assert card["next_quarter_offers_needed"].isna().all()


# --------------------------------------------------------------------------- custom mapping


def test_custom_mapping_reads_the_folder_and_loads(tmp_path):
    folder = FIXTURES / "mapping"
    result = read_mapping(folder / "quotes-mapping.yaml", folder)
    columns = ["offer_id", "seller_id", "customer_id", "sent_date", "value", "status", "closed_date"]
    assert rows(result.frames["offers"], columns) == [
        ("Q-1", "Kari", "Lumo Oy", "2026-01-05", "1 234,50", "won", "2026-02-02"),
        ("Q-2", "Kari", "Sora Oy", "2026-01-12", "800,00", "lost", "2026-02-20"),
        ("Q-3", "Tiina", "Lumo Oy", "2026-02-03", "2 000,00", "open", None),
    ]
    assert rows(result.frames["sellers"], ["seller_id", "name", "team"]) == [
        ("Kari", "Kari", "Unassigned"),
        ("Tiina", "Tiina", "Unassigned"),
    ]
    assert rows(result.frames["deals"], ["deal_id", "offer_id", "value"]) == [("Q-1", "Q-1", "1 234,50")]
    card = scorecard(result, tmp_path)
    assert (card["Kari"]["sales"], card["Kari"]["lost_value"], card["Kari"]["hit_rate"]) == (1234.5, 800, 0.5)
    assert card["Tiina"]["open_pipeline"] == 2000


def test_custom_mapping_round_trip(tmp_path):
    for path in (FIXTURES / "mapping" / "quotes-mapping.yaml", Path("presets/example-mapping.yaml")):
        mapping = load_mapping(Path(__file__).resolve().parents[1] / path)
        saved = tmp_path / "saved.yaml"
        saved.write_text(dump_mapping(mapping), encoding="utf-8")
        again = load_mapping(saved)
        assert again.tables == mapping.tables
        assert (again.name, again.derive) == (mapping.name, mapping.derive)
    example = load_mapping(Path(__file__).resolve().parents[1] / "presets" / "example-mapping.yaml")
    assert example.tables["activities"].values["status"]["No"] == "cancelled"
    assert example.tables["activities"].month_first is False


BAD_MAPPINGS = [
    (
        "tables:\n  ofers:\n    file: quotes.csv\n",
        2,
        "tables: unknown table 'ofers' (did you mean \"offers\"?)",
    ),
    (
        "tables:\n  offers:\n    file: quotes.csv\n    columns:\n      offer_id: Quote no\n      valeu: Net value\n",
        6,
        "offers: unknown column 'valeu' (did you mean \"value\"?)",
    ),
    (
        "tables:\n  sellers:\n    file: people.csv\n    columns:\n      seller_id: No\n      name: Name\n",
        2,
        "sellers: the required column team is not mapped (add it under 'columns:')",
    ),
    (
        "tables:\n  activities:\n    file: a.csv\n    columns: {activity_id: Id, seller_id: S, type: T, date: D, status: St}\n"
        "    values:\n      status:\n        yes: done\n",
        6,
        "activities.status: YAML reads yes/no/on/off/true/false (unquoted) as true/false",
    ),
    (
        "tables:\n  offers:\n    file: q.csv\n    columns: {offer_id: a, seller_id: b, sent_date: c, value: d, status: e}\n"
        "    values:\n      status:\n        Accepted: won\n        Rejected: refused\n",
        8,
        "offers.status: 'refused' is not a status (must be one of open, won, lost)",
    ),
    (
        "tables:\n  offers:\n    file: ../secret.csv\n",
        3,
        "offers: file '../secret.csv' must be a .csv or .xlsx file name",
    ),
    ("tables:\n  offers: [oops\n", 3, "not valid YAML"),
    ("- offers\n", 1, "the mapping must be a YAML mapping with a 'tables:' key"),
    ("tabels:\n  offers: {}\n", 1, "unknown key 'tabels' (did you mean \"tables\"?)"),
]


@pytest.mark.parametrize(("text", "line", "fragment"), BAD_MAPPINGS)
def test_bad_mapping_is_a_clear_located_error(tmp_path, text, line, fragment):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(lambda: load_mapping(path))
    hits = [p for p in problems if fragment in p.message]
    assert hits, "\n".join(map(str, problems))
    assert (hits[0].file, hits[0].row) == ("mine.yaml", line)


def test_mapping_names_missing_files_and_columns(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(FIXTURES / "mapping", folder)
    text = (folder / "quotes-mapping.yaml").read_text(encoding="utf-8").replace("Net value", "Net amount")
    (folder / "quotes-mapping.yaml").write_text(text, encoding="utf-8")
    problem = problems_of(lambda: read_mapping(folder / "quotes-mapping.yaml", folder))[0]
    assert str(problem) == (
        'quotes.csv, row 1: column not found: Net amount (mapped to value) (did you mean "Net value"?)'
    )
    (folder / "quotes.csv").rename(folder / "quotes-2026.csv")
    mapping = load_mapping(folder / "quotes-mapping.yaml")
    problem = problems_of(lambda: apply_mapping(mapping, folder))[0]
    assert problem.file == "quotes.csv"
    assert problem.message.startswith("file not found in the import folder (it has: quotes-2026.csv")


# --------------------------------------------------------------------------- helpers and CLI


def test_dates_are_read_in_each_exports_own_spelling():
    import pandas as pd

    def iso(values, month_first=True):
        return normalize_dates(pd.Series(values), month_first)

    assert iso(["2026-02-10 15:30", "31.1.2026", "2026-01-05T09:12:00Z", ""])[0].tolist() == [
        "2026-02-10",
        "2026-01-31",
        "2026-01-05",
        "",
    ]
    # 15/03 can only be day first, 3/15 only month first; 3/4 alone follows the default, with a caveat.
    assert iso(["15/03/2026", "3/4/2026"])[0].tolist() == ["2026-03-15", "2026-04-03"]
    assert iso(["3/15/2026 1:00 PM", "3/4/2026"])[0].tolist() == ["2026-03-15", "2026-03-04"]
    values, note = iso(["3/4/2026"])
    assert (
        values.tolist() == ["2026-03-04"]
        and note == "read as month/day (no date in the column decides the order)"
    )
    assert iso(["3/4/2026"], month_first=False)[0].tolist() == ["2026-04-03"]
    assert iso(["Feb 3rd", "2026-02-30"])[0].tolist() == ["Feb 3rd", "2026-02-30"]  # left for the importer


def test_slug_ids():
    assert slug("Päivi Ström") == "paivi-strom"
    assert slug("  Liisa  Mäki ") == "liisa-maki"
    assert slug("北京").startswith("id-") and slug("北京") == slug("北京")


def test_cli_import_with_preset_prints_caveats_and_located_errors(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    assert cli.main(["import", str(FIXTURES / "pipedrive"), "--preset", "pipedrive", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "note: 1 deleted deal(s) in deals-8123456-42.csv are left out (row 6)" in out
    assert "imported 2 sellers, 3 customers, 5 activities, 4 offers, 1 deals" in out

    folder = copy_fixture("pipedrive", tmp_path)
    text = (folder / PD_DEALS).read_text(encoding="utf-8").replace('"2026-01-15 10:00:00"', '"someday"')
    (folder / PD_DEALS).write_text(text, encoding="utf-8")
    assert cli.main(["import", str(folder), "--preset", "pipedrive", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    assert (
        'deals-8123456-42.csv, row 3, offer 102, column Deal - Deal created (sent_date): unparseable date "someday"'
        in err
    )

    mapping = FIXTURES / "mapping" / "quotes-mapping.yaml"
    assert cli.main(["import", str(FIXTURES / "mapping"), "--mapping", str(mapping), "--db", str(db)]) == 0
    assert "note: 2 seller(s) derived" in capsys.readouterr().out


def test_windows_1252_export_and_a_file_mixing_encodings(tmp_path):
    folder = copy_fixture("pipedrive", tmp_path)
    deals = folder / PD_DEALS
    text = deals.read_text(encoding="utf-8")
    deals.write_bytes(text.encode("cp1252"))  # Excel on Windows saves CSV like this
    result = read_preset("pipedrive", folder)
    assert rows(result.frames["sellers"], ["seller_id", "name"])[0] == ("liisa-maki", "Liisa Mäki")

    lines = text.splitlines(keepends=True)
    deals.write_bytes("".join(lines[:3]).encode("utf-8") + "".join(lines[3:]).encode("cp1252"))
    problem = problems_of(lambda: read_preset("pipedrive", folder))[0]
    assert (problem.file, problem.row) == (PD_DEALS, 4)
    assert problem.message.startswith("the file mixes two text encodings, UTF-8 and Windows-1252")


def test_loading_the_same_export_again_replaces_its_rows(tmp_path):
    with salescoach.connect(tmp_path / "twice.duckdb") as coach:
        load_preset(coach, read_preset("hubspot", FIXTURES / "hubspot"))
        summary = load_preset(coach, read_preset("hubspot", FIXTURES / "hubspot"))
        counts = dict(coach.query("table_row_counts").itertuples(index=False))
    assert summary.rows == {"sellers": 2, "customers": 3, "activities": 5, "offers": 5, "deals": 2}
    assert (counts["offers"], counts["deals"], counts["activities"]) == (5, 2, 5)


# --------------------------------------------------------------------------- hostile values (#12)


def hubspot_with(tmp_path: Path, row: int, **replace: str) -> Path:
    """The HubSpot fixture with cell texts of deals-file row ``row`` replaced (old=new)."""
    folder = copy_fixture("hubspot", tmp_path)
    deals = folder / HUBSPOT_DEALS
    lines = deals.read_text(encoding="utf-8").splitlines()
    for old, new in replace.items():
        assert f'"{old}"' in lines[row - 1]
        lines[row - 1] = lines[row - 1].replace(f'"{old}"', f'"{new}"', 1)
    deals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_preset_rows_are_held_to_the_contract_ranges(tmp_path):
    # Row 2 (deal 9001): an amount of 1e308; row 3 (deal 9002): closed in 2126.
    folder = hubspot_with(tmp_path, 2, **{"12000": "1e308"})
    lines = (folder / HUBSPOT_DEALS).read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"2026-02-20 10:00"', '"2126-02-20 10:00"')
    (folder / HUBSPOT_DEALS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_of(lambda: validate_preset(read_preset("hubspot", folder)))
    assert [str(p) for p in problems] == [
        f"{HUBSPOT_DEALS}, row 2, offer 9001, column Amount (value): value 1e308 is too large "
        "(at most 1,000,000,000,000)",
        f"{HUBSPOT_DEALS}, row 3, offer 9002, column Close Date (closed_date): date 2126-02-20 is out of "
        "range (1990-01-01 to 2099-12-31)",
    ]


def test_a_long_deal_owner_name_is_refused_and_shortened_in_the_caveat(tmp_path):
    # The owner is in no sellers.csv row: the seller is derived from the name, whose id (a
    # slug) is kept within the contract's 100 characters and whose name is refused.
    name = "Ö" * 1000
    folder = hubspot_with(tmp_path, 3, **{"Anna Virtanen": name})
    result = read_preset("hubspot", folder)
    assert result.notes[-1] == (
        f'2 seller(s) not in sellers.csv are in team "Unassigned": {"Ö" * 59}…, Ben Koski'
    )
    seller_id = slug(name)
    assert len(seller_id) == 100 and seller_id == "o" * 89 + "-" + seller_id[-10:]
    problems = problems_of(lambda: validate_preset(result))
    assert [str(p) for p in problems] == [
        f"sellers (the deal owners of {HUBSPOT_DEALS}), seller {seller_id}, column name: text is too long "
        "(1,000 characters, at most 200)"
    ]


def test_a_value_bigger_than_any_column_is_a_located_error(tmp_path):
    folder = hubspot_with(tmp_path, 3, **{"Bore expansion": "x" * 200_000})
    problems = problems_of(lambda: read_preset("hubspot", folder))
    assert str(problems[0]) == (
        f"{HUBSPOT_DEALS}, row 3: a value has more than 131,072 characters, more than any column accepts "
        "(the longest text, a note field, may have 20,000)"
    )
