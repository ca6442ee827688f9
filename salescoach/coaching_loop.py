"""The coaching loop: each seller's 1:1 cadence, the follow-through of both sides, actions tied to
a metric checked against the data, the agenda of the next 1:1, and the customer ladder.

    >>> from salescoach import coaching_loop
    >>> coaching_loop.coaching_status(coach, "2026-11-30")   # one row per seller (the CLI's columns)
    >>> coaching_loop.customer_ladder(coach, "2026-11-30")   # prospects, customers, regular customers

Definitions (README, "The coaching loop"):

- **cadence**: the days between a seller's 1:1s, their own (`set_cadence`, or imported with the
  sellers as `coaching_cadence_days`) or `DEFAULT_CADENCE_DAYS`; the next 1:1 is due the
  cadence after the last one, and a seller never coached is due now.
- **follow-through** of each side (seller, manager): of its actions due in the 90 days up to
  as_of, (as_of − 90 days, as_of], the share done on or before their due date.
- **verdict** of an action tied to a metric ("needs_share ≥ 0.5"): at its due date, the metric
  over the days after the note's 1:1 up to and including the due date, from the scorecard
  (`SalesCoach.scorecards` over that period, as of the due date: one definition of every
  measure), meets its target (≥, or ≤ where less is better: `measures.on_target`) or misses it.

Everything here runs without a Streamlit session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from salescoach import coaching
from salescoach.access import LOCAL_VIEWER, Viewer
from salescoach.coaching import CoachingInputError, _date_or_none, _team_list, _text
from salescoach.contract import DEFAULT_CADENCE_DAYS, FIRST_DATE, LAST_DATE, MAX_CADENCE_DAYS
from salescoach.formatting import format_date
from salescoach.i18n import t
from salescoach.measures import on_target, registry
from salescoach.metrics import format_value, label
from salescoach.store import SalesCoach, to_date

FOLLOW_THROUGH_DAYS = 90  # the window of follow-through and of the verdicts counted
STATUS_COLUMNS = (
    "seller_id",
    "seller",
    "last_one_on_one",
    "cadence_days",
    "next_one_on_one_due",
    "one_on_one_overdue",
    "open_actions_seller",
    "open_actions_manager",
    "overdue_actions_seller",
    "overdue_actions_manager",
    "follow_through_seller",
    "follow_through_manager",
    "actions_met",
    "actions_missed",
)
LADDER_COLUMNS = ("seller_id", "seller", "team", "prospects", "customers", "regular_customers")
GRAINS = ("seller", "team", "all")

# The verdict of an action tied to a metric:
MET, MISSED, PENDING, UNKNOWN = "met", "missed", "pending", "unknown"


# -- cadence ------------------------------------------------------------------------------


def set_cadence(coach: SalesCoach, seller_id: str, days, by: Viewer | None = None) -> None:
    """Set the seller's 1:1 cadence to `days` (a whole number, 1 to 365), or back to the default
    (`DEFAULT_CADENCE_DAYS`) with None; recorded with who set it (`by`) and when."""
    writer = by if by is not None else LOCAL_VIEWER
    seller_id = _text(seller_id).strip()
    problems: list[str] = []
    if not seller_id or coaching.seller_info(coach, seller_id) is None:
        problems.append(f"Unknown seller: {seller_id!r}.")
    cadence = _cadence_days(days, problems)
    if problems:
        raise CoachingInputError(problems)
    with coach.coaching.transaction() as transaction:
        if cadence is None:
            transaction.execute("cadence_clear", {"seller_id": seller_id})
        else:
            row = {"seller_id": seller_id, "cadence_days": cadence, "now": dt.datetime.now()}
            transaction.execute("cadence_set", {**row, "editor": writer.name, "editor_id": writer.identity})


def _cadence_days(days, problems: list[str]) -> int | None:
    if days is None or (isinstance(days, str) and not days.strip()):
        return None
    try:
        number = float(days)
    except (TypeError, ValueError):
        number = float("nan")
    if number != number or number != int(number) or not 1 <= number <= MAX_CADENCE_DAYS:
        problems.append(t("coaching_error.cadence", days=repr(days), most=MAX_CADENCE_DAYS))
        return None
    return int(number)


# -- where each seller's coaching stands ------------------------------------------------------


def coaching_status(coach: SalesCoach, as_of, teams: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per seller of `teams` (None: every team) on `as_of`: `STATUS_COLUMNS`, then team,
    active and own_cadence (the seller has a cadence of their own) for the pages."""
    day = to_date(as_of, "as_of")
    frame = coach.query(
        "coaching_status",
        as_of=day,
        teams=_team_list(teams),
        window_days=FOLLOW_THROUGH_DAYS,
        default_cadence=DEFAULT_CADENCE_DAYS,
    )
    due = targeted_actions(coach, day, teams=teams, due_in_window=True)
    counts = {
        verdict: due[due["verdict"] == verdict].groupby("seller_id").size() if not due.empty else pd.Series()
        for verdict in (MET, MISSED)
    }
    for verdict, column in ((MET, "actions_met"), (MISSED, "actions_missed")):
        frame[column] = frame["seller_id"].map(counts[verdict]).fillna(0).astype("int64")
    for column in ("last_one_on_one", "next_one_on_one_due"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame[[*STATUS_COLUMNS, "team", "active", "own_cadence"]]


def _due_in_window(actions: pd.DataFrame, day: dt.date) -> pd.Series:
    start = day - dt.timedelta(days=FOLLOW_THROUGH_DAYS)
    due = pd.to_datetime(actions["due_date"]).dt.date
    return (due > start) & (due <= day)


def seller_status(coach: SalesCoach, seller_id: str, team: str, as_of) -> dict:
    """The `coaching_status` row of one seller (of `team`), as a dict with None for undefined values."""
    frame = coaching_status(coach, as_of, teams=[team])
    rows = frame[frame["seller_id"] == seller_id]
    if rows.empty:
        raise LookupError(f"no seller {seller_id!r} in team {team!r}")
    return {key: (None if _missing(value) else value) for key, value in rows.iloc[0].to_dict().items()}


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# -- actions tied to a metric ---------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The days an action's metric is measured over: after the 1:1 up to the due date ("after"),
    and as many days up to the 1:1 ("before", the coaching's effect)."""

    after_from: dt.date
    after_to: dt.date

    @property
    def days(self) -> int:
        return (self.after_to - self.after_from).days + 1

    @property
    def before(self) -> tuple[dt.date, dt.date]:
        """As many days up to the 1:1 as after it, from the contract's first day at the earliest."""
        end = self.after_from - dt.timedelta(days=1)
        days = min(self.days, (end - FIRST_DATE).days + 1)
        return end - dt.timedelta(days=max(days, 1) - 1), end


def action_window(held_on, due_date) -> Window | None:
    """The days after the 1:1 (`held_on`) up to and including `due_date`; None when there are
    none (no due date, or due on the 1:1's day)."""
    held, due = _date_or_none(held_on), _date_or_none(due_date)
    if held is None or due is None or due <= held or held >= LAST_DATE:
        return None
    return Window(held + dt.timedelta(days=1), min(due, LAST_DATE))  # days the contract can hold


def targeted_actions(
    coach: SalesCoach,
    as_of,
    teams: Iterable[str] | None = None,
    seller_id: str | None = None,
    due_in_window: bool = False,
) -> pd.DataFrame:
    """The actions tied to a metric (of `teams`, or of `seller_id`), each with its verdict on
    `as_of`: `met` or `missed` once due (due_date ≤ as_of), `pending` before, `unknown` when
    the metric cannot be computed over its days (e.g. needs_share without meetings) or it has
    none; `value` the metric over the days after the 1:1 up to the due date (by as_of: up to
    as_of while pending), `before` over as many days up to the 1:1; `window_from`, `window_to`.
    `due_in_window`: only the actions due in the `FOLLOW_THROUGH_DAYS` up to as_of (the status
    counts those: no other window is measured)."""
    day = to_date(as_of, "as_of")
    actions = coach.query("coaching_targeted_actions", teams=_team_list(teams), seller_id=seller_id)
    if due_in_window and not actions.empty:
        actions = actions[_due_in_window(actions, day)].reset_index(drop=True)
    if actions.empty:
        return actions.assign(
            verdict=pd.Series(dtype="string"), value=[], before=[], window_from=[], window_to=[]
        )
    windows = [action_window(r["held_on"], r["due_date"]) for r in actions.to_dict("records")]
    measured = _measured(coach, actions, windows, day, teams=_team_list(teams))  # the teams asked
    return actions.assign(**measured)


def _measured(
    coach: SalesCoach, actions: pd.DataFrame, windows: list[Window | None], day: dt.date, teams
) -> dict:
    """Each action's metric after and before its 1:1 from one scorecard query, and its verdict."""
    periods: dict[tuple, int] = {}

    def place(start: dt.date, end: dt.date) -> int:
        return periods.setdefault((start, end, end), len(periods) + 1)

    asked = []
    for window in windows:
        if window is None:
            asked.append(None)
            continue
        after_to = min(window.after_to, day) if window.after_from <= day else None
        after = place(window.after_from, after_to) if after_to else None
        asked.append((after, place(*window.before)))
    cards = coach.scorecards(list(periods), teams=teams) if periods else pd.DataFrame()
    values = cards.set_index(["seller_id", "period"]) if not cards.empty else None
    out: dict[str, list] = {"value": [], "before": [], "verdict": [], "window_from": [], "window_to": []}
    for row, window, places in zip(actions.to_dict("records"), windows, asked, strict=True):
        after = _value_at(values, row, places[0] if places else None)
        before = _value_at(values, row, places[1] if places else None)
        out["value"].append(after)
        out["before"].append(before)
        out["verdict"].append(_verdict(row, window, after, day))
        out["window_from"].append(window.after_from if window else None)
        out["window_to"].append(window.after_to if window else None)
    return out


def _value_at(values: pd.DataFrame | None, row: dict, period: int | None):
    if values is None or period is None or (row["seller_id"], period) not in values.index:
        return None
    value = values.loc[(row["seller_id"], period), row["metric"]]
    return None if _missing(value) else float(value)


def lower_is_better(metric: str) -> bool:
    """Whether less is better for `metric` (offers_per_win, overdue_offers: the target is a most)."""
    return registry()[metric].better == "lower"


def _verdict(row: dict, window: Window | None, value, day: dt.date) -> str:
    if window is None:
        return UNKNOWN
    if window.after_to > day:
        return PENDING
    met = on_target(row["metric"], value, row["target"])
    return UNKNOWN if met is None else (MET if met else MISSED)


# -- the customer ladder ----------------------------------------------------------------------------


def customer_ladder(
    coach: SalesCoach, as_of, teams: Iterable[str] | None = None, grain: str | Iterable[str] = "seller"
) -> pd.DataFrame:
    """Prospects, customers and regular customers on `as_of` among the customers each seller met or
    sold to in the 12 months before it (queries/customer_ladder.sql), per `grain` (seller, team,
    all); the column `grain` tells them apart."""
    return coach.query(
        "customer_ladder", as_of=to_date(as_of, "as_of"), teams=_team_list(teams), grains=_grains(grain)
    )


def ladder_cohorts(
    coach: SalesCoach, as_of, teams: Iterable[str] | None = None, grain: str | Iterable[str] = "all"
) -> pd.DataFrame:
    """The ladder conversion of each yearly cohort of first meetings on `as_of`: prospects, how many
    became customers within 12 months (customers_12m), regular customers within 24 (regular_24m),
    and whether the cohort is complete (queries/ladder_cohorts.sql)."""
    return coach.query(
        "ladder_cohorts", as_of=to_date(as_of, "as_of"), teams=_team_list(teams), grains=_grains(grain)
    )


def _grains(grain: str | Iterable[str]) -> list[str]:
    asked = [grain] if isinstance(grain, str) else list(grain)
    unknown = [g for g in asked if g not in GRAINS]
    if unknown or not asked:
        raise ValueError(f"grain must be one or more of {', '.join(GRAINS)}, not {unknown or 'nothing'}")
    return asked


# -- the agenda of the next 1:1 ------------------------------------------------------------------


@dataclass(frozen=True)
class Agenda:
    """What changed since the seller's last 1:1 (`since`; None: never coached), to start the next
    one from facts: the metrics then and now (90 days up to the last 1:1 and up to `until`), the
    offers won and lost in between (by closed_date), and the actions agreed so far that fell due or
    are still open, with their verdicts."""

    seller_id: str
    since: dt.date | None
    until: dt.date
    metrics: pd.DataFrame  # metric, then, now
    offers: pd.DataFrame  # offer_id, customer, status, value, closed_date, loss_reason
    actions: pd.DataFrame  # description, owner, due_date, done_on, state, metric, target, value, verdict
    pipeline: dict | None = None  # the pipeline memory's changes from `since` to `until` (PIPELINE)

    @property
    def won(self) -> pd.DataFrame:
        return self.offers[self.offers["status"] == "won"]

    @property
    def lost(self) -> pd.DataFrame:
        return self.offers[self.offers["status"] == "lost"]


def agenda(
    coach: SalesCoach,
    seller_id: str,
    until,
    readable: Callable[[list[coaching.Note]], list[coaching.Note]] | None = None,
    held_on=None,
) -> Agenda:
    """The agenda of `seller_id`'s next 1:1, held on `held_on` (default `until`), with the data up
    to `until` (the latest data day, usually): see `Agenda`. `readable` keeps the notes the
    viewer may read (`access.visible_notes`): the last 1:1 and the actions listed are theirs."""
    day = to_date(until, "until")
    held = max(to_date(held_on, "held_on") or day, day)
    notes = [n for n in coaching.seller_notes(coach, seller_id, as_of=day) if n.held_on <= held]
    notes = readable(notes) if readable is not None else notes
    since = notes[0].held_on if notes else None
    teams = [(coaching.seller_info(coach, seller_id) or {}).get("team")]  # every query bound to the team
    metrics = coaching.metrics_then_and_now(coach, seller_id, since or day, day, teams=teams)
    if since is None:
        metrics = metrics.assign(then=None)
    offers = coach.query(
        "offers_closed_between",
        seller_id=seller_id,
        date_from=since or day - dt.timedelta(days=coaching.METRIC_WINDOW_DAYS),
        date_to=day,
    )
    actions = _agenda_actions(coach, notes, seller_id, day, since, teams)
    pipeline = _pipeline_since(coach, seller_id, since, day, teams)
    return Agenda(seller_id, since, day, metrics, offers, actions, pipeline)


# What the agenda reads of the pipeline memory (salescoach/history.py), offers and euros.
PIPELINE = ("won", "lost", "slipped_out", "pushed")


def _pipeline_since(
    coach: SalesCoach, seller_id: str, since: dt.date | None, day: dt.date, teams: list
) -> dict | None:
    """The seller's row of the pipeline memory from the last 1:1 to `day`: offers won, lost,
    slipped out of their quarter and pushed (None without a 1:1 before `day`)."""
    from salescoach.history import pipeline_changes

    if since is None or since >= day:
        return None
    frame = pipeline_changes(coach, since, day, teams=teams, grain="seller")
    rows = frame[frame["seller_id"] == seller_id]
    return rows.iloc[0].to_dict() if not rows.empty else None


def action_state(action: coaching.Action, on: dt.date) -> str:
    """done_on_time | done_late | overdue | open, on day `on` (an action without a due date that is
    done: done_on_time)."""
    if action.done_on is not None and action.done_on <= on:
        late = action.due_date is not None and action.done_on > action.due_date
        return "done_late" if late else "done_on_time"
    return "overdue" if action.due_date is not None and action.due_date < on else "open"


def _agenda_actions(
    coach: SalesCoach,
    notes: list[coaching.Note],
    seller_id: str,
    day: dt.date,
    since: dt.date | None,
    teams: list,
) -> pd.DataFrame:
    """The actions of the last 1:1, and older ones still open or done since it, by due date (then
    description)."""
    picked = [
        action
        for note in notes
        for action in note.actions
        if note.held_on == since
        or action.done_on is None
        or action.done_on > day
        or (since is not None and action.done_on > since)
    ]
    verdicts = targeted_actions(coach, day, teams=teams, seller_id=seller_id) if picked else pd.DataFrame()
    by_id = verdicts.set_index("action_id") if not verdicts.empty else None
    rows = []
    for action in sorted(picked, key=lambda a: (a.due_date or dt.date.max, a.description, a.action_id)):
        checked = (
            by_id.loc[action.action_id] if by_id is not None and action.action_id in by_id.index else None
        )
        rows.append(
            {
                "action_id": action.action_id,
                "owner": action.owner,
                "description": action.description,
                "due_date": action.due_date,
                "done_on": action.done_on,
                "state": action_state(action, day),
                "metric": action.metric,
                "target": action.target,
                "value": None if checked is None else checked["value"],
                "verdict": None if checked is None else checked["verdict"],
            }
        )
    columns = [
        "action_id",
        "owner",
        "description",
        "due_date",
        "done_on",
        "state",
        "metric",
        "target",
        "value",
        "verdict",
    ]
    return pd.DataFrame(rows, columns=columns)


def reality_text(agenda: Agenda) -> str:
    """The agenda as the Reality of the new note (plain text, in the language of the catalogues):
    the director adds the conversation."""
    if agenda.since is None:
        lines = [t("agenda.reality.first", date=format_date(agenda.until))]
    else:
        lines = [t("agenda.reality.since", since=format_date(agenda.since), until=format_date(agenda.until))]
    for row in agenda.metrics.to_dict("records"):
        now = format_value(row["metric"], row["now"])
        then = "" if agenda.since is None else f"{format_value(row['metric'], row['then'])} → "
        lines.append(f"- {label(row['metric'])}: {then}{now}")
    for status, offers in (("won", agenda.won), ("lost", agenda.lost)):
        value = format_value("eur", float(offers["value"].sum()) if not offers.empty else 0.0)
        lines.append(t(f"agenda.reality.{status}", count=len(offers), value=value))
    if agenda.pipeline is not None:
        lines.append(t("agenda.reality.pipeline", **pipeline_figures(agenda.pipeline)))
    for row in agenda.actions.to_dict("records"):
        owner = row["owner"]
        owner = t(f"coaching.owner.{owner}")
        lines.append(f"- {owner}: {row['description']}: {action_state_text(row)}")
    return "\n".join(lines)


def pipeline_figures(row: dict) -> dict[str, str]:
    """The pipeline memory's moves as formatted text: won, won_value, ..., pushed_value."""
    shown = {}
    for move in PIPELINE:
        shown[move] = format_value("count", row.get(f"{move}_offers"))
        shown[f"{move}_value"] = format_value("eur", row.get(f"{move}_value"))
    return shown


def action_state_text(row: dict) -> str:
    """'done on time (28 Oct)', 'overdue since 14 Oct', ..., and the verdict of a metric-tied action."""
    state = row["state"]
    day = row["done_on"] if state.startswith("done") else row["due_date"]
    text = t(f"agenda.state.{state}", date=format_date(day) if day is not None else "–")
    if not _missing(row.get("metric")):
        verdict = UNKNOWN if _missing(row.get("verdict")) else row["verdict"]
        text += t(
            f"agenda.verdict.{verdict}",
            metric=label(row["metric"]),
            target=format_value(row["metric"], row["target"]),
            value=format_value(row["metric"], row["value"]),
        )
    return text


# -- the attention list's coaching reasons ----------------------------------------------------------


def attention_inputs(coach: SalesCoach, as_of, teams: Iterable[str] | None = None) -> pd.DataFrame:
    """Per seller of `teams`, what the attention list's coaching reasons read (`seller_id`,
    `one_on_one_overdue`, `one_on_one_days_overdue`, `last_one_on_one`, `next_one_on_one_due`,
    `cadence_days`, `overdue_actions_seller`, `overdue_actions_manager`, `open_actions`), from the
    coaching status on `as_of`. A team that keeps no 1:1 notes here (none held by `as_of`) has
    these unknown: its sellers are not flagged as never coached."""
    day = to_date(as_of, "as_of")
    status = coaching_status(coach, day, teams=teams)
    frame = pd.DataFrame(
        {
            "seller_id": status["seller_id"],
            "one_on_one_overdue": status["one_on_one_overdue"].astype(float),
            "one_on_one_days_overdue": [
                float((day - due).days) if due is not None and not pd.isna(due) else None
                for due in status["next_one_on_one_due"]
            ],
            "last_one_on_one": status["last_one_on_one"],
            "next_one_on_one_due": status["next_one_on_one_due"],
            "cadence_days": status["cadence_days"].astype(float),
            "overdue_actions_seller": status["overdue_actions_seller"].astype(float),
            "overdue_actions_manager": status["overdue_actions_manager"].astype(float),
            "open_actions": (status["open_actions_seller"] + status["open_actions_manager"]).astype(float),
        }
    )
    coached_teams = set(status.loc[status["last_one_on_one"].notna(), "team"])
    unknown = ~status["team"].isin(coached_teams)
    frame.loc[unknown, [c for c in frame.columns if c != "seller_id"]] = None
    return frame
