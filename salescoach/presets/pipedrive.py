"""Pipedrive: the deals export and the activities export.

Export from Pipedrive: Deals → list view → "..." → Export filter results (CSV or
XLSX), and the same from the Activities list. Files are recognised by their
headers ("Deal - Title", "Activity - Type" ...), not their names. An optional
``sellers.csv`` (name, team; optionally seller_id, manager) groups the owners
into teams.

Deals export → offers (and a deal for each won offer):

===========================  ==============================================
Pipedrive column             contract
===========================  ==============================================
Deal - ID                    offer_id (and deal_id of a won deal)
Deal - Owner                 seller (id: a slug of the name)
Deal - Organization          customer (id: Organization - ID when given,
                             else a slug of the name)
Deal - Deal created          sent_date (the close date if created after it)
(or Deal - Add time)
Deal - Value                 value (blank = 0, with a caveat)
Deal - Status                status: Won → won, Lost → lost, Open → open;
                             Deleted deals are left out (caveat)
Deal - Won time /            closed_date of won / lost deals
Deal - Lost time
Deal - Expected close date   expected_close_date
Deal - Probability           probability (50 means 50 %)
Deal - Lost reason           loss_reason
===========================  ==============================================

Stages and their history (pipeline memory): "Deal - Stage" is the offer's stage. A deal
updates file (one row per change of a deal field, as Pipedrive's deal changelog and connectors
write it: deal id ("Deal ID", "item_id" or "Deal - ID"), "Field" / "field_key", "Old value",
"New value" and the time ("Time", "log_time" or "Update time")) adds the changes of value,
expected_close_date, probability, status (deleted deals left out) and stage (stage_id: the
stage names come from "Old value (formatted)" / "New value (formatted)" or
old_value_formatted / new_value_formatted; plain ids are kept and named in the caveats). A
stage's place in the sales process is Pipedrive's default pipeline order (Lead In, Qualified,
Contact Made, Needs Defined, Demo Scheduled, Proposal Made, Negotiations Started), else its
average place in the deals' stage changes.

Activities export → activities: Activity - ID, Activity - Assigned to user
(seller), Activity - Organization (customer), Activity - Type (Call → call,
Meeting → meeting, Email → email; Task, Deadline, Lunch and custom types →
other, listed in the caveats), Activity - Due date (date), Activity - Done
(Done → done, Not done → planned).

Header names checked against public code that reads real Pipedrive exports
("Deal - Title", "Deal - Value", "Deal - Status", "Deal - Owner", "Deal -
Organization", "Deal - Won time", "Deal - Lost time", "Deal - Lost reason",
"Deal - Deal created", "Deal - Expected close date", "Activity - Type",
"Activity - Due date", "Activity - Done" with Done / Not done, "Activity -
Assigned to user", "Activity - Organization"; a deal change's field_key, old_value,
new_value and log_time). Not verified: "Deal - ID" and "Activity - ID" (some exports
say "... - System ID", also accepted), "Deal - Probability", and the deal updates
file's headers in a file saved from the app.
"""

from __future__ import annotations

from pathlib import Path

from salescoach.importer import DataImportError, ImportProblem
from salescoach.messages import Count, Message
from salescoach.presets import history
from salescoach.presets.base import (
    SELLERS_ROLE,
    Built,
    Directory,
    ExportFile,
    Preset,
    PresetResult,
    Role,
    as_percent,
    assemble_deals_and_activities,
    build_activities,
    build_offers,
    currency_note,
    find_exports,
    listing,
    norm,
    require_columns,
    rows_listing,
)

DEAL_ID = ("Deal - ID", "Deal - System ID", "Deal - Pipedrive System ID")
TITLE = ("Deal - Title",)
OWNER = ("Deal - Owner",)
ORGANIZATION = ("Deal - Organization", "Organization - Name")
ORGANIZATION_ID = ("Organization - ID", "Deal - Organization ID")
VALUE = ("Deal - Value",)
CURRENCY = ("Deal - Currency", "Deal - Currency of value")
STATUS = ("Deal - Status",)
WON_TIME = ("Deal - Won time",)
LOST_TIME = ("Deal - Lost time",)
CLOSE_TIME = ("Deal - Close time", "Deal - Closed on")
EXPECTED = ("Deal - Expected close date",)
CREATED = ("Deal - Deal created", "Deal - Add time", "Deal - Created")
PROBABILITY = ("Deal - Probability",)
LOST_REASON = ("Deal - Lost reason",)

ACTIVITY_ID = ("Activity - ID", "Activity - System ID")
ACTIVITY_TYPE = ("Activity - Type",)
DUE_DATE = ("Activity - Due date",)
DONE = ("Activity - Done",)
ASSIGNED = ("Activity - Assigned to user", "Activity - Owner", "Activity - User")
ACTIVITY_ORGANIZATION = ("Activity - Organization", "Organization - Name")

DEALS = Role("deals", Message("preset.role.pipedrive_deals"), (TITLE, STATUS))
STAGE = ("Deal - Stage",)
UPDATE_DEAL = ("Deal ID", "item_id", "deal_id", "Deal - ID")
UPDATE_FIELD = ("Field", "field_key", "Field key")
OLD_VALUE = ("Old value", "old_value")
NEW_VALUE = ("New value", "new_value")
OLD_FORMATTED = ("Old value (formatted)", "old_value_formatted")
NEW_FORMATTED = ("New value (formatted)", "new_value_formatted")
UPDATE_TIME = ("Time", "log_time", "Update time", "time")
UPDATES = Role(
    "updates",
    Message("preset.role.pipedrive_updates"),
    (UPDATE_DEAL, UPDATE_FIELD, OLD_VALUE, NEW_VALUE, UPDATE_TIME),
    required=False,
    many=True,
)
UPDATE_FIELDS = {
    "value": "value",
    "expected_close_date": "expected_close_date",
    "probability": "probability",
    "status": "status",
    "stage_id": "stage",
}
DEFAULT_STAGES = (
    "Lead In",
    "Qualified",
    "Contact Made",
    "Needs Defined",
    "Demo Scheduled",
    "Proposal Made",
    "Negotiations Started",
)
ACTIVITIES = Role(
    "activities",
    Message("preset.role.pipedrive_activities"),
    (ACTIVITY_TYPE, DUE_DATE),
    required=False,
    many=True,
)


def _deals(export: ExportFile, sellers: Directory, customers: Directory) -> Built:
    status = export.values(*STATUS).map(norm)
    won_time, lost_time, close_time = (export.values(*c) for c in (WON_TIME, LOST_TIME, CLOSE_TIME))
    closed = won_time.where(status == "won", lost_time.where(status == "lost", ""))
    closed = closed.where(closed != "", close_time)
    built = build_offers(
        export,
        columns={
            "offer_id": export.column(*DEAL_ID),
            "seller_id": export.column(*OWNER),
            "customer_id": export.column(*ORGANIZATION),
            "sent_date": export.column(*CREATED),
            "value": export.column(*VALUE),
            "status": export.column(*STATUS),
            "closed_date": export.column(*WON_TIME) or export.column(*LOST_TIME),
            "expected_close_date": export.column(*EXPECTED),
            "probability": export.column(*PROBABILITY),
            "loss_reason": export.column(*LOST_REASON),
        },
        offer_id=export.values(*DEAL_ID),
        seller_id=sellers.resolve(export.values(*OWNER)),
        customer_id=customers.resolve(export.values(*ORGANIZATION), export.values(*ORGANIZATION_ID)),
        sent=export.values(*CREATED),
        value=export.values(*VALUE),
        status=status,
        closed=closed,
        expected=export.values(*EXPECTED),
        probability=as_percent(export.values(*PROBABILITY)) if export.column(*PROBABILITY) else None,
        loss_reason=export.values(*LOST_REASON) if export.column(*LOST_REASON) else None,
        created_label="Deal created date",
        amount_label="Deal - Value",
    )
    currencies = {c for c in export.values(*CURRENCY) if c}
    built.notes += currency_note(currencies, export.name)
    return built


def _activities(export: ExportFile, sellers: Directory, customers: Directory) -> Built:
    return build_activities(
        export,
        columns={
            "activity_id": export.column(*ACTIVITY_ID),
            "seller_id": export.column(*ASSIGNED),
            "customer_id": export.column(*ACTIVITY_ORGANIZATION),
            "type": export.column(*ACTIVITY_TYPE),
            "date": export.column(*DUE_DATE),
            "status": export.column(*DONE),
        },
        activity_id=export.values(*ACTIVITY_ID),
        seller_id=sellers.resolve(export.values(*ASSIGNED)),
        customer_id=customers.resolve(export.values(*ACTIVITY_ORGANIZATION), export.values(*ORGANIZATION_ID)),
        types=export.values(*ACTIVITY_TYPE),
        dates=export.values(*DUE_DATE),
        statuses=export.values(*DONE),
    )


def _update_values(export: ExportFile, field: str, plain: tuple[str, ...], formatted: tuple[str, ...]):
    """One side (old or new) of the updates of `field`, as the contract reads it."""
    values = export.values(*plain)
    if field == "stage" and export.column(*formatted):
        named = export.values(*formatted)
        values = named.where(named != "", values)
    elif field == "expected_close_date":
        values = history.iso_days(values)
    elif field == "probability":
        values = as_percent(values)
    elif field == "status":
        values = values.map(norm)
    return values


def _update_changes(export: ExportFile) -> tuple[list[history.Change], list[str]]:
    """The deal updates' changes of the fields with pipeline memory, and any stage ids left unnamed."""
    fields = export.values(*UPDATE_FIELD).map(lambda key: UPDATE_FIELDS.get(norm(key), ""))
    days, moments = history.iso_days(export.values(*UPDATE_TIME)), history.times(export.values(*UPDATE_TIME))
    changes, unnamed = [], []
    for field in sorted(set(fields) - {""}):
        rows = (fields == field).to_numpy()
        part = export.keep(rows)
        old = _update_values(part, field, OLD_VALUE, OLD_FORMATTED)
        new = _update_values(part, field, NEW_VALUE, NEW_FORMATTED)
        for i, offer_id in enumerate(part.values(*UPDATE_DEAL)):
            if field == "status" and "deleted" in (old.iloc[i], new.iloc[i]):
                continue
            if field == "stage" and new.iloc[i].isdigit():
                unnamed.append(new.iloc[i])
            day, moment = days[rows].iloc[i], moments[rows].iloc[i]
            changes.append(
                history.Change(
                    offer_id, field, day, new.iloc[i], int(part.rows[i]), old=old.iloc[i], time=moment
                )
            )
    return changes, unnamed


def _with_stage_history(result: PresetResult, deals: ExportFile, updates: list[ExportFile]) -> PresetResult:
    parts, sequences = [], {}
    for export in updates:
        changes, unnamed = _update_changes(export)
        for change in sorted((c for c in changes if c.field == "stage"), key=lambda c: (c.day, c.time)):
            sequences.setdefault(change.offer_id, []).extend(s for s in (change.old, change.value) if s)
        columns = {"offer_id": export.column(*UPDATE_DEAL), "changed_on": export.column(*UPDATE_TIME)}
        columns.update(old_value=export.column(*OLD_VALUE), new_value=export.column(*NEW_VALUE))
        parts.append(history.history_frame(history.history_from_values(changes), export.name, columns))
        if unnamed:
            result.notes.append(
                Message("preset.note.stage_ids", file=export.name, ids=listing(sorted(set(unnamed)), 8))
            )
    stages = deals.values(*STAGE)
    orders, unknown = history.stage_orders(stages, list(sequences.values()), DEFAULT_STAGES)
    history.set_stages(result, stages, orders, header=deals.column(*STAGE))
    result.notes.extend(history.order_note(unknown, deals.name))
    return history.with_history(result, parts, ", ".join(e.name for e in updates))


def read(folder: str | Path) -> PresetResult:
    """Map a folder of Pipedrive exports onto the data contract (raw text frames)."""
    found, notes = find_exports(folder, (UPDATES, DEALS, ACTIVITIES, SELLERS_ROLE), "Pipedrive")
    problems: list[ImportProblem] = []
    deals_file = found["deals"][0]
    require_columns(
        deals_file,
        {
            Message("preset.field.deal_id"): DEAL_ID,
            Message("preset.field.owner"): OWNER,
            Message("preset.field.value"): VALUE,
            Message("preset.field.created_date"): CREATED,
        },
        problems,
    )
    for export in found["activities"]:
        needed = {
            Message("preset.field.activity_id"): ACTIVITY_ID,
            Message("preset.field.assigned_user"): ASSIGNED,
        }
        require_columns(export, needed, problems)
    if problems:
        raise DataImportError(problems)
    deleted = deals_file.values(*STATUS).map(norm) == "deleted"
    if deleted.any():
        notes.append(
            Message(
                "preset.note.deleted_deals",
                count=Count(int(deleted.sum())),
                file=deals_file.name,
                rows=rows_listing(deals_file.rows[deleted.to_numpy()]),
            )
        )
        deals_file = deals_file.keep(~deleted.to_numpy())

    def learn_customers(customers: Directory) -> None:
        customers.learn(deals_file.values(*ORGANIZATION), deals_file.values(*ORGANIZATION_ID))
        for export in found["activities"]:
            customers.learn(export.values(*ACTIVITY_ORGANIZATION), export.values(*ORGANIZATION_ID))

    result = assemble_deals_and_activities(
        crm="Pipedrive",
        found=found,
        notes=notes,
        deals_file=deals_file,
        offers_from=_deals,
        activities_from=_activities,
        learn_customers=learn_customers,
        owners="deal_owners",
        customer_kind="organizations",
    )
    return _with_stage_history(result, deals_file, found["updates"])


PRESET = Preset(
    name="pipedrive",
    label="Pipedrive",
    help=(
        "Export the Deals list and, for activity numbers, the Activities list (CSV or XLSX). "
        "Optional sellers.csv with name and team columns."
    ),
    read=read,
)
