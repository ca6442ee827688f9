"""HubSpot: the deals export and activity (engagement) exports.

Export from HubSpot: Deals → (all deals view) → Export, CSV or XLSX; for activities
export the calls, meetings (and, if you like, emails and tasks) views the same way.
Put the files in one folder; they are recognised by their headers, not their names
(HubSpot calls them e.g. ``hubspot-crm-exports-all-deals-2026-05-01.csv``). An
optional ``sellers.csv`` (name, team; optionally seller_id, manager) groups the
deal owners into teams.

Deals export → offers (and a deal for each won offer):

=========================  ================================================
HubSpot column             contract
=========================  ================================================
Record ID (older: Deal ID) offer_id (and deal_id of a won deal)
Deal owner                 seller (id: a slug of the name)
Associated Company         customer (id: Associated Company IDs when given,
(Primary)                  else a slug of the name)
Create Date                sent_date (the close date if created after it)
Amount                     value (blank = 0, with a caveat)
Deal Stage                 status, see below
Close Date                 closed_date of won/lost, expected_close_date of open
Deal probability           probability (optional)
Closed Lost Reason         loss_reason (optional)
=========================  ================================================

Stage → status: "Closed Won" (or a stage named "Won" / starting "Closed won") is
won, "Closed Lost" (or "Lost") is lost, every other stage is open; the stages read
as open are listed in the caveats so a renamed closing stage is noticed.

Activity exports → activities: Record ID (or Activity ID), Activity date, Activity
assigned to, Activity type (or, in a single-type export, the type its columns name:
"Call ..." → call, "Meeting ..." → meeting), Associated Company, and Meeting
outcome / Call status / Task status for the status (Completed → done, Scheduled →
planned, Canceled / No show → cancelled; blank → done up to today, planned after).
HubSpot has no "needs discussed" flag, so that column stays empty.

Header names checked against public code that reads real HubSpot exports: current
exports start with "Record ID" and write "Deal owner", "Deal Stage", "Close Date",
"Create Date", "Associated Company (Primary)", "Associated Company IDs (Primary)";
activities have "Activity date" and "Activity assigned to". Not verified: the exact
type column of a mixed activities export ("Activity type" is assumed) and the scale
of "Deal probability" (left to the importer: values above 1 are read as percent).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from salescoach.importer import DataImportError, ImportProblem
from salescoach.presets.base import (
    SELLERS_ROLE,
    Built,
    Directory,
    ExportFile,
    Preset,
    PresetResult,
    Role,
    assemble_deals_and_activities,
    build_activities,
    build_offers,
    find_exports,
    first_id,
    listing,
    norm,
    require_columns,
)

DEAL_ID = ("Record ID", "Deal ID")
OWNER = ("Deal owner",)
COMPANY = ("Associated Company (Primary)", "Associated Company", "Associated Companies")
COMPANY_ID = ("Associated Company IDs (Primary)", "Associated Company IDs", "Associated Company ID")
STAGE = ("Deal Stage",)
AMOUNT = ("Amount", "Amount in company currency")
CLOSE = ("Close Date",)
CREATE = ("Create Date",)
PROBABILITY = ("Deal probability", "Deal Stage Probability")
LOSS_REASON = ("Closed Lost Reason",)

ACTIVITY_ID = ("Record ID", "Activity ID", "Engagement ID")
ACTIVITY_DATE = ("Activity date",)
ASSIGNED = ("Activity assigned to",)
ACTIVITY_TYPE = ("Activity type", "Engagement type", "Type")
ACTIVITY_STATUS = ("Meeting outcome", "Call status", "Task status", "Call outcome", "Status")

DEALS = Role("deals", "HubSpot deals export", (("Deal Name",), STAGE, DEAL_ID))
ACTIVITIES = Role(
    "activities", "HubSpot activities export", (ACTIVITY_DATE, ASSIGNED), required=False, many=True
)

WON_STAGES = ("closed won", "won", "closedwon")
LOST_STAGES = ("closed lost", "lost", "closedlost")


def stage_status(stages: pd.Series) -> pd.Series:
    """won / lost / open for HubSpot deal stage labels (or internal names)."""

    def one(stage: str) -> str:
        key = norm(stage)
        if key in WON_STAGES or key.startswith("closed won"):
            return "won"
        if key in LOST_STAGES or key.startswith("closed lost"):
            return "lost"
        return "open"

    return stages.map(one)


def _single_type(export: ExportFile) -> str:
    """The activity type a one-type export names in its columns, else ""."""
    headers = [norm(c) for c in export.frame.columns]
    for prefix, kind in (("call ", "call"), ("meeting ", "meeting"), ("email ", "email")):
        if any(h.startswith(prefix) for h in headers):
            return kind
    return ""


def _deals(export: ExportFile, sellers: Directory, customers: Directory) -> Built:
    stages = export.values(*STAGE)
    status = stage_status(stages)
    close = export.values(*CLOSE)
    built = build_offers(
        export,
        columns={
            "offer_id": export.column(*DEAL_ID),
            "seller_id": export.column(*OWNER),
            "customer_id": export.column(*COMPANY),
            "sent_date": export.column(*CREATE),
            "value": export.column(*AMOUNT),
            "status": export.column(*STAGE),
            "closed_date": export.column(*CLOSE),
            "expected_close_date": export.column(*CLOSE),
            "probability": export.column(*PROBABILITY),
            "loss_reason": export.column(*LOSS_REASON),
        },
        offer_id=export.values(*DEAL_ID),
        seller_id=sellers.resolve(export.values(*OWNER)),
        customer_id=customers.resolve(export.values(*COMPANY), first_id(export.values(*COMPANY_ID))),
        sent=export.values(*CREATE),
        value=export.values(*AMOUNT),
        status=status,
        closed=close,
        expected=close.where(status == "open", ""),
        probability=export.values(*PROBABILITY) if export.column(*PROBABILITY) else None,
        loss_reason=export.values(*LOSS_REASON) if export.column(*LOSS_REASON) else None,
        created_label="Create Date",
    )
    open_stages = sorted({s for s, st in zip(stages, status, strict=True) if s and st == "open"})
    if open_stages:
        built.notes.append(f"{export.name}: deal stages read as open: {listing(open_stages, 8)}")
    return built


def _activities(export: ExportFile, sellers: Directory, customers: Directory) -> Built:
    types = export.values(*ACTIVITY_TYPE)
    single = _single_type(export)
    if export.column(*ACTIVITY_TYPE) is None and single:
        types = pd.Series([single] * len(export.frame), index=export.frame.index)
    return build_activities(
        export,
        columns={
            "activity_id": export.column(*ACTIVITY_ID),
            "seller_id": export.column(*ASSIGNED),
            "customer_id": export.column(*COMPANY),
            "type": export.column(*ACTIVITY_TYPE),
            "date": export.column(*ACTIVITY_DATE),
            "status": export.column(*ACTIVITY_STATUS),
        },
        activity_id=export.values(*ACTIVITY_ID),
        seller_id=sellers.resolve(export.values(*ASSIGNED)),
        customer_id=customers.resolve(export.values(*COMPANY), first_id(export.values(*COMPANY_ID))),
        types=types,
        dates=export.values(*ACTIVITY_DATE),
        statuses=export.values(*ACTIVITY_STATUS),
    )


def read(folder: str | Path) -> PresetResult:
    """Map a folder of HubSpot exports onto the data contract (raw text frames)."""
    found, notes = find_exports(folder, (DEALS, ACTIVITIES, SELLERS_ROLE), "HubSpot")
    problems: list[ImportProblem] = []
    deals_file = found["deals"][0]
    require_columns(
        deals_file,
        {"deal owner": OWNER, "amount": AMOUNT, "close date": CLOSE, "create date": CREATE},
        problems,
    )
    for export in found["activities"]:
        require_columns(export, {"activity id": ACTIVITY_ID}, problems)
    if problems:
        raise DataImportError(problems)

    def learn_customers(customers: Directory) -> None:
        for export in [deals_file, *found["activities"]]:
            customers.learn(export.values(*COMPANY), first_id(export.values(*COMPANY_ID)))

    return assemble_deals_and_activities(
        crm="HubSpot",
        found=found,
        notes=notes,
        deals_file=deals_file,
        offers_from=_deals,
        activities_from=_activities,
        learn_customers=learn_customers,
        owners="deal owners",
        customer_kind="companies",
    )


PRESET = Preset(
    name="hubspot",
    label="HubSpot",
    help=(
        "Export Deals (all deals view → Export, CSV or XLSX) and, for activity numbers, the "
        "calls and meetings views. Optional sellers.csv with name and team columns."
    ),
    read=read,
)
