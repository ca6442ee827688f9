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

Stages and their history (pipeline memory): "Deal Stage" is the offer's stage. When the
deals export has HubSpot's stage-entry properties (columns ``Date entered "Contract Sent
(Sales Pipeline)"``, one per stage and pipeline), each deal's entered stages in date order
are its stage history (one offer_history row per stage entered after the first), and the
stages' order in the sales process is their average place in those sequences; without them,
HubSpot's default pipeline order (Appointment Scheduled ... Contract Sent, Closed Won, Closed
Lost). A property history export (one row per value a deal property took: deal id ("Record
ID", "Deal ID" or "dealId"), "Property", "Value", "Timestamp"; HubSpot's API and connectors
write it so) adds the changes of amount (value), closedate (expected_close_date),
hs_deal_stage_probability (probability) and dealstage (stage, and status when the stage opens
or closes the deal); its first value of each property is where the deal started. Default
stage ids (closedwon, contractsent, ...) read as their labels; other ids stay as written.

Activity exports → activities: Record ID (or Activity ID), Activity date, Activity
assigned to, Activity type (or, in a single-type export, the type its columns name:
"Call ..." → call, "Meeting ..." → meeting), Associated Company, and Meeting
outcome / Call status / Task status for the status (Completed → done, Scheduled →
planned, Canceled / No show → cancelled; blank → done up to today, planned after).
HubSpot has no "needs discussed" flag, so that column stays empty.

Header names checked against public code that reads real HubSpot exports: current
exports start with "Record ID" and write "Deal owner", "Deal Stage", "Close Date",
"Create Date", "Associated Company (Primary)", "Associated Company IDs (Primary)";
activities have "Activity date" and "Activity assigned to"; deal properties include
``Date entered "Appointment Scheduled (Sales Pipeline)"``. Not verified: the exact
type column of a mixed activities export ("Activity type" is assumed), the scale
of "Deal probability" (left to the importer: values above 1 are read as percent), and
the property history file's headers in a UI export (those of the API's property history
are accepted).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from salescoach.importer import DataImportError, ImportProblem
from salescoach.messages import Message
from salescoach.presets import history
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

DEALS = Role("deals", Message("preset.role.hubspot_deals"), (("Deal Name",), STAGE, DEAL_ID))
HISTORY_ID = ("Record ID", "Deal ID", "dealId", "Deal - ID")
PROPERTY = ("Property", "property", "Property name")
PROPERTY_VALUE = ("Value", "value", "New value")
TIMESTAMP = ("Timestamp", "timestamp", "Changed at", "Date")
PROPERTY_HISTORY = Role(
    "history",
    Message("preset.role.hubspot_history"),
    (HISTORY_ID, PROPERTY, PROPERTY_VALUE, TIMESTAMP),
    required=False,
    many=True,
)
DATE_ENTERED = re.compile(r"""date entered ["'“](.+?)(?: \(([^()]*)\))?["'”]""", re.IGNORECASE)
DEFAULT_STAGES = (
    "Appointment Scheduled",
    "Qualified To Buy",
    "Presentation Scheduled",
    "Decision Maker Bought-In",
    "Contract Sent",
    "Closed Won",
    "Closed Lost",
)
STAGE_IDS = {norm(stage).replace(" ", "").replace("-", ""): stage for stage in DEFAULT_STAGES}
PROPERTY_FIELDS = {
    "amount": "value",
    "closedate": "expected_close_date",
    "close date": "expected_close_date",
    "hs_deal_stage_probability": "probability",
    "deal probability": "probability",
    "dealstage": "stage",
    "deal stage": "stage",
}
ACTIVITIES = Role(
    "activities",
    Message("preset.role.hubspot_activities"),
    (ACTIVITY_DATE, ASSIGNED),
    required=False,
    many=True,
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
        built.notes.append(
            Message("preset.note.open_stages", file=export.name, stages=listing(open_stages, 8))
        )
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


def _entered_stages(deals: ExportFile) -> list[history.Change]:
    """The stages each deal entered, from the ``Date entered "Stage (Pipeline)"`` columns."""
    changes = []
    ids = deals.values(*DEAL_ID)
    for header in deals.frame.columns:
        found = DATE_ENTERED.fullmatch(norm(header)) if norm(header).startswith("date entered") else None
        if not found:
            continue
        stage = DATE_ENTERED.fullmatch(" ".join(str(header).split())).group(1)
        entered = deals.values(header)
        days, moments = history.iso_days(entered), history.times(entered)
        for offer_id, day, moment, row in zip(ids, days, moments, deals.rows, strict=True):
            if day:
                changes.append(history.Change(offer_id, "stage", day, stage, int(row), time=moment))
    return changes


def _property_changes(export: ExportFile) -> tuple[list[history.Change], set[str]]:
    """The values the deal properties took (property history export), and the properties ignored."""
    fields = export.values(*PROPERTY).map(lambda p: PROPERTY_FIELDS.get(norm(p), ""))
    values = export.values(*PROPERTY_VALUE)
    days, moments = history.iso_days(export.values(*TIMESTAMP)), history.times(export.values(*TIMESTAMP))
    dates = history.iso_days(values)
    changes = []
    for i, (offer_id, field, value) in enumerate(
        zip(export.values(*HISTORY_ID), fields, values, strict=True)
    ):
        if not field:
            continue
        if field == "stage":
            value = STAGE_IDS.get(norm(value).replace(" ", "").replace("-", ""), value)
        elif field == "expected_close_date":
            value = dates.iloc[i]
        changes.append(
            history.Change(offer_id, field, days.iloc[i], value, int(export.rows[i]), time=moments.iloc[i])
        )
    ignored = {p for p, f in zip(export.values(*PROPERTY), fields, strict=True) if p and not f}
    return changes, ignored


def _status_changes(stage_changes: list[history.Change]) -> list[history.Change]:
    """The deal's status as its stage said it (a stage change that wins, loses or reopens it)."""
    statuses = stage_status(pd.Series([c.value for c in stage_changes], dtype=object))
    return [
        history.Change(c.offer_id, "status", c.day, status, c.row, time=c.time)
        for c, status in zip(stage_changes, statuses, strict=True)
    ]


def _with_stage_history(result: PresetResult, deals: ExportFile, exports: list[ExportFile]) -> PresetResult:
    entered = _entered_stages(deals)
    sequences: dict[str, list[tuple]] = {}
    for change in entered:
        sequences.setdefault(change.offer_id, []).append((change.day, change.time, change.value))
    stages = deals.values(*STAGE)
    orders, unknown = history.stage_orders(
        stages,
        [[s for *_, s in sorted(seq)] for seq in sequences.values()],
        DEFAULT_STAGES,
        closing=lambda stage: stage_status(pd.Series([stage])).iloc[0] != "open",
    )
    history.set_stages(result, stages, orders, header=deals.column(*STAGE))
    result.notes.extend(history.order_note(unknown, deals.name))
    parts = []
    if entered:
        rows = history.history_from_values(entered + _status_changes(entered))
        header = "Date entered (stage)"
        parts.append(history.history_frame(rows, deals.name, {"changed_on": header, "new_value": header}))
    for export in exports:
        changes, ignored = _property_changes(export)
        stage_changes = [c for c in changes if c.field == "stage"]
        rows = history.history_from_values(changes + _status_changes(stage_changes))
        columns = {"offer_id": export.column(*HISTORY_ID), "changed_on": export.column(*TIMESTAMP)}
        columns.update(old_value=export.column(*PROPERTY_VALUE), new_value=export.column(*PROPERTY_VALUE))
        parts.append(history.history_frame(rows, export.name, columns))
        if ignored:
            result.notes.append(
                Message("preset.note.ignored_properties", file=export.name, names=listing(sorted(ignored), 8))
            )
    label = ", ".join(dict.fromkeys([deals.name] * bool(entered) + [e.name for e in exports]))
    return history.with_history(result, parts, label)


def read(folder: str | Path) -> PresetResult:
    """Map a folder of HubSpot exports onto the data contract (raw text frames)."""
    found, notes = find_exports(folder, (DEALS, ACTIVITIES, PROPERTY_HISTORY, SELLERS_ROLE), "HubSpot")
    problems: list[ImportProblem] = []
    deals_file = found["deals"][0]
    require_columns(
        deals_file,
        {
            Message("preset.field.deal_owner"): OWNER,
            Message("preset.field.amount"): AMOUNT,
            Message("preset.field.close_date"): CLOSE,
            Message("preset.field.create_date"): CREATE,
        },
        problems,
    )
    for export in found["activities"]:
        require_columns(export, {Message("preset.field.activity_id"): ACTIVITY_ID}, problems)
    if problems:
        raise DataImportError(problems)

    def learn_customers(customers: Directory) -> None:
        for export in [deals_file, *found["activities"]]:
            customers.learn(export.values(*COMPANY), first_id(export.values(*COMPANY_ID)))

    result = assemble_deals_and_activities(
        crm="HubSpot",
        found=found,
        notes=notes,
        deals_file=deals_file,
        offers_from=_deals,
        activities_from=_activities,
        learn_customers=learn_customers,
        owners="deal_owners",
        customer_kind="companies",
    )
    return _with_stage_history(result, deals_file, found["history"])


PRESET = Preset(
    name="hubspot",
    label="HubSpot",
    help=(
        "Export Deals (all deals view → Export, CSV or XLSX) and, for activity numbers, the "
        "calls and meetings views. Optional sellers.csv with name and team columns."
    ),
    read=read,
)
