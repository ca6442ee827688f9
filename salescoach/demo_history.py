"""The demo's pipeline memory: offer stages and the history weekly exports would have recorded.

`offer_memory` (called by `salescoach.demo.generate_demo`) gives every offer a stage of a
four-stage sales process (`STAGES`, then "Closed won" / "Closed lost"), adds the story of a
seller who keeps pushing the same offers' close dates quarter after quarter, and writes the
`offer_history` rows an import of a weekly export (every 7 days back from the last day, on its
weekday) would have recorded: each offer's value revisions, forecast changes (the December-rush
sellers pulling their Q1 offers into December, overdue offers given a fresh forecast, the pusher's
quarter-end pushes), probability, status and stage changes, each dated by the first weekly export
that saw it. A change made before the first export that saw the offer is not seen; several
changes between two exports are one row. Each offer's history ends at its stored values, so
every field read "as of" today is the offers table's.

Dates are int days since 1970-01-01, as in `salescoach.demo`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

STAGES = ("Offer sent", "Follow-up", "Negotiation", "Verbal agreement")
WON_STAGE, LOST_STAGE = "Closed won", "Closed lost"
STAGE_NAMES = np.array([*STAGES, WON_STAGE, LOST_STAGE], dtype=object)
STAGE_ORDERS = np.arange(1, len(STAGE_NAMES) + 1, dtype=np.float64)  # 1 ... 6
PUSHER = 3  # the 0-based seller position of the pusher story (S04)
PUSHED_OFFERS = 5  # how many of the pusher's offers are pushed quarter after quarter
EXPORT_EVERY_DAYS = 7

_OPEN, _WON, _LOST = 0, 1, 2
_FIELDS = np.array(["value", "expected_close_date", "probability", "status", "stage"], dtype=object)
_VALUE, _EXPECTED, _PROBABILITY, _STATUS, _STAGE = range(5)
_STATUS_NAMES = np.array(["open", "won", "lost"], dtype=object)


@dataclass(frozen=True)
class OfferMemory:
    """The offers after the pusher story, each offer's stage (its name and order) and the history."""

    offers: object  # salescoach.demo.Offers
    stage: np.ndarray  # stage name of each offer
    stage_order: np.ndarray
    history: pd.DataFrame  # the contract's offer_history columns
    pushed: np.ndarray  # the pusher story's offers


def export_days(start: int, end: int) -> np.ndarray:
    """The weekly export days: `end` and every 7 days before it, back to `start`."""
    return np.arange(end, start - 1, -EXPORT_EVERY_DAYS, dtype=np.int64)[::-1]


def _quarter_end(days: np.ndarray) -> np.ndarray:
    """The last day of each day's quarter."""
    months = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype("int64")
    next_quarter = (months // 3 + 1) * 3
    return next_quarter.astype("datetime64[M]").astype("datetime64[D]").astype("int64") - 1


def _with_pushed_offers(offers, pusher: int, end: int) -> tuple[object, np.ndarray]:
    """The pusher story: the pusher's biggest lost offers sent at least eight months before the end
    are still open, expected to close at the end of the end's quarter (pushed there quarter after
    quarter, see `_expected_events`). Lost offers have no deal, so no other table changes."""
    candidates = np.flatnonzero(
        (offers.seller == pusher) & (offers.status == _LOST) & (offers.sent <= end - 240)
    )
    chosen = candidates[np.argsort(-offers.value[candidates], kind="stable")[:PUSHED_OFFERS]]
    pushed = np.zeros(offers.count, dtype=bool)
    pushed[chosen] = True
    if not len(chosen):
        return offers, pushed
    quarter_end = int(_quarter_end(np.array([end]))[0])

    def put(values: np.ndarray, new) -> np.ndarray:
        out = values.copy()
        out[chosen] = new
        return out

    changed = dataclasses.replace(
        offers,
        status=put(offers.status, _OPEN),
        is_open=put(offers.is_open, True),
        close=put(offers.close, quarter_end + 45),
        expected=put(offers.expected, quarter_end),
        probability=put(offers.probability, 0.5),
        probability_missing=put(offers.probability_missing, False),
        loss_reason=put(offers.loss_reason, None),
    )
    return changed, pushed


def _stages(offers, end: int, pushed: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(furthest open stage 1-4 of each offer, the day it entered each stage: offers x 4, -1 when
    never). Won offers go through all four, lost ones stop early more often than late, open ones
    are anywhere; the pusher's offers sit in Negotiation."""
    count = offers.count
    won, lost = offers.status == _WON, offers.status == _LOST
    furthest = np.where(
        won,
        4,
        np.where(
            lost,
            rng.choice([1, 2, 3, 4], size=count, p=[0.35, 0.3, 0.25, 0.1]),
            rng.choice([1, 2, 3, 4], size=count, p=[0.3, 0.3, 0.25, 0.15]),
        ),
    )
    furthest = np.where(pushed, 3, furthest)
    last_day = np.where(offers.is_open, end, offers.close)
    span = np.maximum(0, last_day - offers.sent)
    entered = np.full((count, 4), -1, dtype=np.int64)
    entered[:, 0] = offers.sent
    jitter = rng.uniform(0.8, 1.0, (count, 4))
    for k in range(1, 4):
        day = offers.sent + np.floor(span * (k / furthest) * jitter[:, k]).astype(np.int64)
        entered[:, k] = np.where(k < furthest, np.minimum(day, last_day), -1)
    entered[pushed, 1] = offers.sent[pushed] + 21
    entered[pushed, 2] = offers.sent[pushed] + 49
    return furthest, entered


def _stage_events(offers, furthest: np.ndarray, entered: np.ndarray) -> list[tuple]:
    events = []
    for k in range(1, 4):
        moved = np.flatnonzero(entered[:, k] >= 0)
        events.append((moved, _STAGE, entered[moved, k], STAGE_NAMES[k - 1], STAGE_NAMES[k]))
    closed = np.flatnonzero(~offers.is_open)
    closing = np.where(offers.status[closed] == _WON, WON_STAGE, LOST_STAGE).astype(object)
    events.append((closed, _STAGE, offers.close[closed], STAGE_NAMES[furthest[closed] - 1], closing))
    return events


def _number_texts(values: np.ndarray) -> np.ndarray:
    return np.array([repr(float(v)) for v in values], dtype=object)


def _date_texts(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype(str).astype(object)


def _value_events(offers, end: int, rng: np.random.Generator) -> list[tuple]:
    """About a quarter of the offers had their value revised once after sending."""
    count = offers.count
    last_day = np.where(offers.is_open, end, offers.close)
    revised = np.flatnonzero(rng.random(count) < 0.25)
    factor = rng.uniform(0.75, 1.3, count)[revised]
    before = np.maximum(200.0, np.round(offers.value[revised] * factor / 10.0) * 10.0)
    day = offers.sent[revised] + np.floor(
        rng.random(len(revised)) * (last_day[revised] - offers.sent[revised] + 1)
    )
    return [
        (revised, _VALUE, day.astype(np.int64), _number_texts(before), _number_texts(offers.value[revised]))
    ]


def _probability_events(offers, end: int, rng: np.random.Generator) -> list[tuple]:
    """Closed offers go to 100 % or 0 % on the day they close; a third of the open ones were
    less likely a while ago."""
    count = offers.count
    closed = np.flatnonzero(~offers.is_open)
    earlier = rng.choice(np.array([0.2, 0.3, 0.4, 0.5, 0.6, 0.7]), size=count)
    events = [
        (
            closed,
            _PROBABILITY,
            offers.close[closed],
            _number_texts(earlier[closed]),
            _number_texts(offers.probability[closed]),
        )
    ]
    raised = np.flatnonzero(offers.is_open & ~offers.probability_missing & (rng.random(count) < 0.35))
    step = rng.choice(np.array([0.1, 0.2]), size=count)[raised]
    before = np.round(np.maximum(0.05, offers.probability[raised] - step), 2)
    day = offers.sent[raised] + np.floor(rng.random(len(raised)) * (end - offers.sent[raised] + 1))
    events.append(
        (
            raised,
            _PROBABILITY,
            day.astype(np.int64),
            _number_texts(before),
            _number_texts(offers.probability[raised]),
        )
    )
    return events


def _status_events(offers) -> list[tuple]:
    closed = np.flatnonzero(~offers.is_open)
    return [
        (closed, _STATUS, offers.close[closed], _STATUS_NAMES[_OPEN], _STATUS_NAMES[offers.status[closed]])
    ]


def _pusher_events(offers, pushed: np.ndarray, end: int, rng: np.random.Generator) -> list[tuple]:
    """Each pushed offer was first expected at the end of the quarter after it was sent and moved to
    the next quarter's end a few days after each quarter ended, up to the end's quarter."""
    rows: list[tuple[int, int, int, int]] = []
    for i in np.flatnonzero(pushed):
        quarter = int(_quarter_end(np.array([offers.sent[i] + 45]))[0])
        final = int(offers.expected[i])
        while quarter < final:
            following = int(_quarter_end(np.array([quarter + 1]))[0])
            rows.append((int(i), quarter + int(rng.integers(1, 6)), quarter, following))
            quarter = following
    if not rows:
        return []
    index, day, old, new = (np.array(column, dtype=np.int64) for column in zip(*rows, strict=True))
    return [(index, _EXPECTED, np.minimum(day, end), _date_texts(old), _date_texts(new))]


def _spread_after(
    day: np.ndarray, sent: np.ndarray, last_day: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """`day` (at least the day after sending), or, when it is after `last_day` (a forecast
    changed before its old day came), a day spread over the offer's life up to `last_day`: no
    pile of changes on the last export."""
    spread = sent + 1 + np.floor(rng.random(len(day)) * np.maximum(1, last_day - sent)).astype(np.int64)
    return np.where(day > last_day, np.minimum(spread, last_day), np.maximum(day, sent + 1))


def _expected_events(offers, pushed: np.ndarray, end: int, rng: np.random.Generator) -> list[tuple]:
    """Forecast changes: offers pulled into the December rush (from the planned close, a few weeks
    before it), overdue open offers given a fresh forecast after the old one passed, the pusher's
    quarter-end pushes, and for a quarter of the rest one earlier forecast pushed out once."""
    count = offers.count
    last_day = np.where(offers.is_open, end, offers.close)
    events = []
    pulled = np.flatnonzero((offers.planned != offers.forecast) & ~pushed)
    decided = offers.forecast[pulled] - rng.integers(7, 36, len(pulled))
    decided = _spread_after(decided, offers.sent[pulled], last_day[pulled], rng)
    events.append(
        (
            pulled,
            _EXPECTED,
            decided,
            _date_texts(offers.planned[pulled]),
            _date_texts(offers.forecast[pulled]),
        )
    )
    fresh = np.flatnonzero((offers.expected != offers.forecast) & offers.is_open & ~pushed)
    noticed = np.minimum(offers.forecast[fresh] + rng.integers(1, 15, len(fresh)), end)
    events.append(
        (fresh, _EXPECTED, noticed, _date_texts(offers.forecast[fresh]), _date_texts(offers.expected[fresh]))
    )
    events += _pusher_events(offers, pushed, end, rng)
    untouched = np.ones(count, dtype=bool)
    untouched[pulled] = untouched[fresh] = False
    untouched &= ~pushed & (offers.expected - offers.sent >= 28) & (rng.random(count) < 0.25)
    once = np.flatnonzero(untouched)
    before = offers.expected[once] - rng.integers(14, 43, len(once))
    before = np.maximum(before, offers.sent[once] + 7)
    moved = _spread_after(before + rng.integers(1, 8, len(once)), offers.sent[once], last_day[once], rng)
    events.append((once, _EXPECTED, moved, _date_texts(before), _date_texts(offers.expected[once])))
    return events


def _history_frame(
    offer_ids: np.ndarray, sent: np.ndarray, exports: np.ndarray, events: list[tuple]
) -> pd.DataFrame:
    """The rows the weekly exports record of `events` ((offers, field, days, old, new) tuples, each
    field's events of an offer in the order they happened): an event is seen by the first export on
    or after its day, if a later export than the first one that saw the offer; an offer's events of
    one field seen by the same export are one change (the first old value, the last new one), and
    a change back to the same value is none."""
    events = [e for e in events if len(e[0])]
    offer = np.concatenate([e[0] for e in events]).astype(np.int64)
    field = np.concatenate([np.full(len(e[0]), e[1], dtype=np.int64) for e in events])
    day = np.concatenate([np.asarray(e[2], dtype=np.int64) for e in events])
    old = np.concatenate([np.broadcast_to(np.asarray(e[3], dtype=object), (len(e[0]),)) for e in events])
    new = np.concatenate([np.broadcast_to(np.asarray(e[4], dtype=object), (len(e[0]),)) for e in events])
    export = np.searchsorted(exports, day, side="left")
    first_seen = np.searchsorted(exports, sent, side="left")[offer]
    seen = (export < len(exports)) & (export > first_seen)
    frame = pd.DataFrame(
        {
            "offer": offer,
            "field": field,
            "export": export,
            "day": day,
            "order": np.arange(len(offer)),
            "old": old,
            "new": new,
        }
    )[seen]
    frame = frame.sort_values(["offer", "field", "export", "day", "order"], kind="stable")
    rows = frame.groupby(["offer", "field", "export"], sort=True).agg(
        old=("old", "first"), new=("new", "last")
    )
    rows = rows[rows["old"] != rows["new"]].reset_index()
    return pd.DataFrame(
        {
            "offer_id": pd.Series(offer_ids[rows["offer"].to_numpy()], dtype=object),
            "changed_on": pd.Series(
                exports[rows["export"].to_numpy()].astype("datetime64[D]").astype("datetime64[ns]")
            ),
            "field": pd.Series(_FIELDS[rows["field"].to_numpy()], dtype=object),
            "old_value": pd.Series(rows["old"].to_numpy(), dtype=object),
            "new_value": pd.Series(rows["new"].to_numpy(), dtype=object),
        }
    )


def offer_memory(offers, start: int, end: int, rng: np.random.Generator) -> OfferMemory:
    """The offers with the pusher story, their stages and the weekly exports' history (see the
    module's doc). `offers` is `salescoach.demo.Offers`, with `planned` (the first forecast) and
    `forecast` (the forecast before any fresh one); `start` and `end` the demo's first and last day."""
    offers, pushed = _with_pushed_offers(offers, PUSHER, end)
    furthest, entered = _stages(offers, end, pushed, rng)
    stage = np.where(
        offers.is_open,
        furthest - 1,
        np.where(offers.status == _WON, len(STAGES), len(STAGES) + 1),
    )
    events = _stage_events(offers, furthest, entered)
    events += _value_events(offers, end, rng)
    events += _probability_events(offers, end, rng)
    events += _status_events(offers)
    events += _expected_events(offers, pushed, end, rng)
    history = _history_frame(offers.ids, offers.sent, export_days(start, end), events)
    return OfferMemory(offers, STAGE_NAMES[stage], STAGE_ORDERS[stage], history, pushed)
