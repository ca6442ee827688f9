"""The CRM presets' stages and change history (pipeline memory), on small files in each CRM's own
format (tests/fixtures/presets/*_history/): HubSpot's "Date entered" stage properties and deal
property history, Salesforce's Opportunity History and Opportunity Field History reports,
Pipedrive's deal updates. Each test pins the stages and offer_history rows a preset makes, loads
them and checks a number the pipeline memory computes from them, worked out by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import salescoach
from salescoach.importer import DataImportError
from salescoach.presets import load_preset, read_preset, validate_preset

FIXTURES = Path(__file__).parent / "fixtures" / "presets"
HISTORY = ["offer_id", "changed_on", "field", "old_value", "new_value"]


def rows(frame, columns):
    return [
        tuple(None if v is None or v != v else v for v in record)
        for record in frame[columns].itertuples(index=False)
    ]


def typed_history(result) -> list[tuple]:
    frame = validate_preset(result)["offer_history"].copy()
    frame["changed_on"] = frame["changed_on"].dt.strftime("%Y-%m-%d")
    frame = frame.astype(object).where(frame.notna(), None)
    return sorted(rows(frame, HISTORY), key=lambda r: (r[0], r[2], r[1]))


def test_hubspot_date_entered_stages_and_property_history():
    result = read_preset("hubspot", FIXTURES / "hubspot_history")
    # Stage order: the deals' entered stages in date order (Appointment Scheduled, Qualified To
    # Buy, Contract Sent, then the closing stages after every open one).
    assert rows(result.frames["offers"], ["offer_id", "stage", "stage_order"]) == [
        ("9101", "Closed Won", "4"),
        ("9102", "Closed Lost", "5"),
        ("9103", "Contract Sent", "3"),
    ]
    assert typed_history(result) == [
        # 9101 entered Qualified To Buy on 14 Jan, Contract Sent on 28 Jan, Closed Won on 10 Feb
        ("9101", "2026-01-14", "stage", "Appointment Scheduled", "Qualified To Buy"),
        ("9101", "2026-01-28", "stage", "Qualified To Buy", "Contract Sent"),
        ("9101", "2026-02-10", "stage", "Contract Sent", "Closed Won"),
        ("9101", "2026-02-10", "status", "open", "won"),  # the stage that won it
        ("9102", "2026-01-20", "stage", "Appointment Scheduled", "Qualified To Buy"),
        ("9102", "2026-02-20", "stage", "Qualified To Buy", "Closed Lost"),
        ("9102", "2026-02-20", "status", "open", "lost"),
        # property history: closedate in epoch milliseconds (31 Mar -> 15 Apr 2026); the amount
        # went 4000 -> 4500 -> 5000; the first value of each property is where the deal started
        ("9103", "2026-03-16", "expected_close_date", "2026-03-31", "2026-04-15"),
        ("9103", "2026-03-02", "probability", "0.2", "0.9"),
        ("9103", "2026-02-01", "stage", "Appointment Scheduled", "Qualified To Buy"),  # both on 1 Feb
        ("9103", "2026-03-02", "stage", "Qualified To Buy", "Contract Sent"),
        ("9103", "2026-02-16", "value", "4000.0", "4500.0"),
        ("9103", "2026-03-02", "value", "4500.0", "5000.0"),
    ]
    assert "deal-property-history.csv: properties without pipeline memory, ignored: dealname" in result.notes


def test_hubspot_history_loads_and_moves_the_pipeline(tmp_path):
    with salescoach.connect(tmp_path / "hubspot.duckdb") as coach:
        load_preset(coach, read_preset("hubspot", FIXTURES / "hubspot_history"))
        # 15 Feb -> 16 Mar: 9103 (Ben Koski) open on both days, 4000 -> 5000 (+1000) and expected
        # 31 Mar -> 15 Apr on 16 Mar: pushed and slipped out of Q1. 9102 (Anna) lost on 20 Feb at 8000.
        changes = coach.pipeline_changes("2026-02-15", "2026-03-16", grain="seller").set_index("seller_id")
        ben, anna = changes.loc["ben-koski"], changes.loc["anna-virtanen"]
        assert (ben["start_pipeline"], ben["increased_value"], ben["end_pipeline"]) == (4000, 1000, 5000)
        assert (ben["pushed_offers"], ben["slipped_out_value"]) == (1, 5000)
        assert (anna["start_pipeline"], anna["lost_value"], anna["end_pipeline"]) == (8000, 8000, 0)
        stages = coach.query(
            "stages_by_grain",
            as_of_days=["2026-03-31"],
            date_from="2026-01-01",
            date_to="2026-03-31",
            stalled_days=30,
            teams=None,
            grains=["all"],
        ).set_index("stage")
    # decided in Q1: 9101 won (every stage), 9102 lost after reaching Qualified To Buy
    assert list(stages.index) == ["Appointment Scheduled", "Qualified To Buy", "Contract Sent"]
    assert list(stages["offers_reached"]) == [2, 2, 1] and list(stages["offers_moved_on"]) == [2, 1, 1]
    # 9103 open on 31 Mar in Contract Sent since 2 Mar: 29 days, not stalled
    assert stages.loc["Contract Sent", "avg_days_in_stage"] == 29 and stages["stalled_offers"].sum() == 0


def test_a_bad_value_in_the_property_history_names_its_row_and_column(tmp_path):
    folder = tmp_path / "hubspot"
    shutil.copytree(FIXTURES / "hubspot_history", folder)
    path = folder / "deal-property-history.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("9103,amount,4500,", "9103,amount,lots,"), encoding="utf-8"
    )
    with pytest.raises(DataImportError) as caught:
        validate_preset(read_preset("hubspot", folder))
    messages = [str(p) for p in caught.value.problems]
    # "lots" is the new value of the change on row 3 and the old value of the one on row 4
    assert (
        "deal-property-history.csv, row 3, change 9103 2026-02-16 value, column value (new_value): "
        'unparseable number "lots" (a change of value)'
    ) in messages
    assert any(
        m.startswith(
            "deal-property-history.csv, row 4, change 9103 2026-03-02 value, column value (old_value)"
        )
        for m in messages
    )


def test_salesforce_opportunity_history_and_field_history_reports():
    result = read_preset("salesforce", FIXTURES / "salesforce_history")
    # Salesforce's default stage order over the stages seen (Prospecting, Value Proposition,
    # Proposal/Price Quote, Negotiation/Review), then Closed Won and Closed Lost
    assert rows(result.frames["offers"], ["offer_id", "stage", "stage_order"]) == [
        ("0065g00000AAAA1", "Closed Won", "5"),
        ("0065g00000AAAA2", "Closed Lost", "6"),
        ("0065g00000AAAA3", "Negotiation/Review", "4"),
        ("0065g00000AAAA4", "Closed Won", "5"),
    ]
    assert typed_history(result) == [
        # Opportunity History: the values after each change; From Stage names the first one's old
        ("0065g00000AAAA1", "2026-02-10", "expected_close_date", "2026-03-31", "2026-02-10"),
        ("0065g00000AAAA1", "2026-01-26", "probability", "0.1", "0.75"),
        ("0065g00000AAAA1", "2026-02-10", "probability", "0.75", "1.0"),
        ("0065g00000AAAA1", "2026-01-11", "stage", None, "Prospecting"),
        ("0065g00000AAAA1", "2026-01-26", "stage", "Prospecting", "Proposal/Price Quote"),
        ("0065g00000AAAA1", "2026-02-10", "stage", "Proposal/Price Quote", "Closed Won"),
        ("0065g00000AAAA1", "2026-02-10", "status", "open", "won"),
        ("0065g00000AAAA1", "2026-01-26", "value", "20000.0", "24000.0"),
        # Opportunity Field History: Amount and Stage (Created. and Next Step are not read)
        ("0065g00000AAAA2", "2026-03-02", "stage", "Value Proposition", "Closed Lost"),
        ("0065g00000AAAA2", "2026-03-02", "status", "open", "lost"),
        ("0065g00000AAAA2", "2026-02-09", "value", "8000.0", "6000.0"),
        ("0065g00000AAAA3", "2026-03-16", "expected_close_date", "2026-03-31", "2026-04-30"),
        ("0065g00000AAAA3", "2026-03-16", "probability", "0.1", "0.75"),
        ("0065g00000AAAA3", "2026-02-14", "stage", None, "Prospecting"),
        ("0065g00000AAAA3", "2026-03-16", "stage", "Prospecting", "Negotiation/Review"),
        ("0065g00000AAAA4", "2026-03-10", "expected_close_date", "2026-03-31", "2026-03-15"),
    ]
    assert (
        "report1733333333333.csv: fields without pipeline memory, ignored: Created., Next Step"
        in result.notes
    )


def test_salesforce_history_loads_and_moves_the_pipeline(tmp_path):
    with salescoach.connect(tmp_path / "salesforce.duckdb") as coach:
        load_preset(coach, read_preset("salesforce", FIXTURES / "salesforce_history"))
        # 1 Feb -> 1 Mar, Maria Lind: AAAA1 open on 1 Feb at 24 000 (since 26 Jan), won 10 Feb;
        # AAAA2 (Polar Foods) 8 000 on 1 Feb, 6 000 from 9 Feb (-2 000), lost only on 2 Mar.
        maria = (
            coach.pipeline_changes("2026-02-01", "2026-03-01", grain="seller")
            .set_index("seller")
            .loc["Maria Lind"]
        )
    assert (maria["start_pipeline"], maria["decreased_value"], maria["won_value"]) == (32000, 2000, 24000)
    assert maria["end_pipeline"] == 6000  # 32 000 - 2 000 - 24 000


def test_pipedrive_deal_updates():
    result = read_preset("pipedrive", FIXTURES / "pipedrive_history")
    # Pipedrive's default stage order over the stages seen (deleted deal 105 left out)
    assert rows(result.frames["offers"], ["offer_id", "stage", "stage_order"]) == [
        ("101", "Negotiations Started", "4"),
        ("102", "Proposal Made", "3"),
        ("103", "Proposal Made", "3"),
        ("104", "Demo Scheduled", "2"),
    ]
    assert typed_history(result) == [
        ("101", "2026-02-02", "stage", "Proposal Made", "Negotiations Started"),  # formatted names
        ("101", "2026-02-25", "status", "open", "won"),
        ("103", "2026-03-16", "expected_close_date", "2026-03-31", "2026-04-30"),
        ("103", "2026-03-02", "stage", "Contact Made", "Proposal Made"),
        ("103", "2026-03-02", "value", "18000.0", "20000.0"),
        ("104", "2026-03-12", "probability", "0.4", "0.6"),  # 40 and 60 are percent
    ]


def test_pipedrive_stage_ids_without_names_are_named_in_the_caveats(tmp_path):
    folder = tmp_path / "pipedrive"
    shutil.copytree(FIXTURES / "pipedrive_history", folder)
    path = folder / "deal-updates-8123456.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].replace(',"old_value_formatted","new_value_formatted"', "")
    body = [
        line.replace(',"Contact Made","Proposal Made"', "")
        .replace(',"Proposal Made","Negotiations Started"', "")
        .replace(',"",""', "")
        for line in lines[1:]
    ]
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    result = read_preset("pipedrive", folder)
    assert any("stage changes name stage ids, not names (3, 4)" in note for note in result.notes)


def test_pipedrive_history_loads_and_moves_the_pipeline(tmp_path):
    with salescoach.connect(tmp_path / "pipedrive.duckdb") as coach:
        load_preset(coach, read_preset("pipedrive", FIXTURES / "pipedrive_history"))
        # 1 -> 20 Mar, Liisa Mäki: 103 open, 18 000 -> 20 000 on 2 Mar, expected 31 Mar -> 30 Apr on
        # 16 Mar (pushed, slipped out of Q1)
        liisa = (
            coach.pipeline_changes("2026-03-01", "2026-03-20", grain="seller")
            .set_index("seller")
            .loc["Liisa Mäki"]
        )
    assert (liisa["start_pipeline"], liisa["increased_value"], liisa["end_pipeline"]) == (18000, 2000, 20000)
    assert (liisa["pushed_offers"], liisa["slipped_out_offers"]) == (1, 1)


def test_the_public_data_sets_stages(tmp_path):
    reference = Path(__file__).resolve().parents[2] / "shared" / "reference-data" / "crm-sales-opportunities"
    if not reference.is_dir():
        pytest.skip(f"no shared/ reference data beside the project ({reference})")
    offers = read_preset("crm-sales-opportunities", reference).frames["offers"]
    pairs = set(zip(offers["stage"], offers["stage_order"], strict=True))
    assert pairs == {("Engaging", "2"), ("Won", "3"), ("Lost", "4")}
