"""What the CRM presets share for pipeline memory: stage orders and a CRM's own change history.

A CRM export has the pipeline's stages (HubSpot's "Deal Stage", Salesforce's "Stage", Pipedrive's
"Deal - Stage") and, in some exports, what changed when: HubSpot's "Date entered" stage properties
and property history, Salesforce's Opportunity History and Opportunity Field History reports,
Pipedrive's deal updates. A preset turns those into the contract's `offers.stage`,
`offers.stage_order` and `offer_history` rows (offer, day, field, old value, new value) as raw text
for the importer, each history row located at the export row that gave its new value.

`Change` is one field value an offer had from a moment on; `history_from_values` turns an offer's
successive values into changes (the first value is where it started, not a change; several on one
day are one change; a value followed by itself is none). `stage_orders` gives each stage its place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salescoach.messages import Message
from salescoach.presets.base import Origin, PresetResult, contract_frame, listing, norm, ordered

HISTORY_TABLE = "offer_history"


@dataclass(frozen=True)
class Change:
    """A field's value from a moment on: `day` an ISO date, `value` raw text ("" = blank), `row`
    the export row it comes from; `old` the value before it when the export says so itself."""

    offer_id: str
    field: str
    day: str
    value: str
    row: int
    old: str | None = None
    time: str = ""  # the moment within the day, to order two changes of one day


def history_from_values(values: Iterable[Change]) -> list[tuple[str, str, str, str, str, int]]:
    """(offer_id, changed_on, field, old_value, new_value, export row) per change: each offer's
    values of a field in time order; the first is where the offer started unless it names its old
    value; a day's several values are one change; a value equal to the one before is no change."""
    by_key: dict[tuple[str, str], list[Change]] = {}
    for change in values:
        if change.offer_id and change.day:
            by_key.setdefault((change.offer_id, change.field), []).append(change)
    out = []
    for (offer_id, field), changes in by_key.items():
        changes.sort(key=lambda c: (c.day, c.time))
        previous = changes[0].old
        start = 0 if previous is not None else 1
        previous = previous if previous is not None else changes[0].value
        days: dict[str, list] = {}
        for change in changes[start:]:
            days.setdefault(change.day, []).append(change)
        for day, same_day in days.items():
            last = same_day[-1]
            if norm(last.value) != norm(previous):
                out.append((offer_id, day, field, previous, last.value, last.row))
            previous = last.value
    return out


def history_frame(
    rows: Sequence[tuple], file: str, columns: Mapping[str, str]
) -> tuple[pd.DataFrame, Origin]:
    """The contract's offer_history frame of `history_from_values` rows, and its origin."""
    frame = contract_frame(
        HISTORY_TABLE,
        {
            name: pd.Series([row[i] for row in rows], dtype=object)
            for i, name in enumerate(("offer_id", "changed_on", "field", "old_value", "new_value"))
        },
        len(rows),
    )
    return frame, Origin(file, np.array([row[5] for row in rows], dtype=np.int64), dict(columns))


def stage_orders(
    stages: Iterable[str],
    sequences: Iterable[Sequence[str]] = (),
    defaults: Sequence[str] = (),
    closing: Callable[[str], bool] = lambda stage: False,
) -> tuple[dict[str, int], list[str]]:
    """Each stage's place in the sales process (1 = first), and the stages with no known place.

    Stages that are all the CRM's own default pipeline (`defaults`, compared loosely) keep its
    order; otherwise, when offers' stage sequences are known (their stages in the order entered),
    the stages are ordered by their average position in them. The `closing` stages (won, lost)
    come after every other one. A stage neither places is left without an order."""
    names = list(dict.fromkeys(s for s in stages if s))
    positions: dict[str, list[int]] = {}
    for sequence in sequences:
        for position, stage in enumerate(dict.fromkeys(sequence)):
            positions.setdefault(stage, []).append(position)
    for stage in positions:
        if stage not in names:
            names.append(stage)
    default_place = {norm(stage): i for i, stage in enumerate(defaults)}
    if positions and not all(norm(s) in default_place for s in names):
        known = sorted(positions, key=lambda s: (closing(s), sum(positions[s]) / len(positions[s]), s))
    else:
        placed = (s for s in names if norm(s) in default_place)
        known = sorted(placed, key=lambda s: (closing(s), default_place[norm(s)]))
    orders = {stage: place for place, stage in enumerate(known, start=1)}
    return orders, [s for s in names if s not in orders]


def order_note(unknown: Sequence[str], file: str) -> list[Message]:
    if not unknown:
        return []
    return [Message("preset.note.unknown_stages", file=file, stages=listing(list(unknown), 8))]


def with_history(
    result: PresetResult, parts: Sequence[tuple[pd.DataFrame, Origin]], label: str
) -> PresetResult:
    """`result` with the offer_history rows of `parts` added (none: unchanged)."""
    parts = [(frame, origin) for frame, origin in parts if len(frame)]
    if not parts:
        return result
    frames = dict(result.frames)
    frames[HISTORY_TABLE] = pd.concat([frame for frame, _ in parts], ignore_index=True)
    origins = {**result.origins, HISTORY_TABLE: [origin for _, origin in parts]}
    names = {**result.source_names, HISTORY_TABLE: label}
    return PresetResult(ordered(frames), names, result.notes, origins, result.derived_names)


def set_stages(
    result: PresetResult, stages: pd.Series, orders: Mapping[str, int], header: str | None
) -> None:
    """Put `stages` (one per row of the result's offers, read from one export) and their orders on
    the offers frame; errors in them name the export's `header`."""
    offers = result.frames["offers"]
    offers["stage"] = np.array([s if s else None for s in stages], dtype=object)
    offers["stage_order"] = np.array([str(orders[s]) if s in orders else None for s in stages], dtype=object)
    for origin in result.origins.get("offers", ()):
        if header and isinstance(origin.columns, dict):
            origin.columns.update(stage=header, stage_order=header)


def iso_days(values: pd.Series, month_first: bool = True) -> pd.Series:
    """Days (YYYY-MM-DD) of dates, date-times or epoch milliseconds (HubSpot's API writes
    1767609000000); anything else unchanged, for the importer to report on its row."""
    from salescoach.presets.base import normalize_dates

    text = values.fillna("").astype(str).str.strip()
    epoch = text.str.fullmatch(r"\d{12,13}")
    days, _ = normalize_dates(text.where(~epoch, ""), month_first=month_first)
    if epoch.any():
        stamps = pd.to_datetime(text[epoch].astype("int64"), unit="ms", utc=True)
        days = days.where(~epoch, stamps.dt.strftime("%Y-%m-%d"))
    return days


def times(values: pd.Series) -> pd.Series:
    """A sortable moment within the day of each date-time (its text, epoch milliseconds padded)."""
    text = values.fillna("").astype(str).str.strip()
    return text.str.zfill(13).where(text.str.fullmatch(r"\d{12,13}"), text)
