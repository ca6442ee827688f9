"""1:1 coaching notes (GROW), their agreed actions, and post-mortems of lost offers.

    >>> from salescoach import coaching
    >>> note_id = coaching.save_note(coach, "S01", "2026-11-20", "Maija", goal="More new business",
    ...                              actions=[{"owner": "seller", "description": "Book 4 prospect meetings",
    ...                                        "due_date": "2026-12-04"}])
    >>> action = coaching.get_note(coach, note_id).actions[0]
    >>> coaching.set_action_done(coach, action.action_id, "2026-12-01")

Notes imported in the data contract (`coaching_notes`, `coaching_actions`) and notes
written in the app live in the same tables of the coaching store (salescoach/coaching_store.py:
an embedded SQLite file, or PostgreSQL), apart from the analytics file that imports publish.
Every write runs in one coaching-store transaction with bound parameters only and bumps the
coaching data version (the pages' cache key); the store makes its writes one at a time, so a
save waits for another process's save instead of failing. Invalid input raises
`CoachingInputError` listing every problem, and changes nothing; a store that cannot take the
write raises its plain `faults.StoreFault` (a full disk, a read-only folder, a server down).

Who writes is `by`, the viewer (`salescoach.access.Viewer`; left out: the local user of open
mode): a note or post-mortem records its author and last editor by their login, and only the
author or an admin may edit it or change its privacy.

Reads run `queries/*.sql` through the query layer (`coach.query`): DuckDB over the analytics
tables with the coaching rows a query needs (`{{ coaching('...') }}`); writes run
`queries/coaching_store/*.sql` in the coaching store.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd

from salescoach.access import LOCAL_VIEWER, Viewer
from salescoach.coaching_store import Transaction
from salescoach.contract import ACTION_OWNERS, FIRST_DATE, LAST_DATE, TABLES
from salescoach.i18n import t
from salescoach.store import SalesCoach, to_date

__all__ = [
    "GROW_FIELDS",
    "Action",
    "CoachingInputError",
    "Note",
    "coaching_counts",
    "get_note",
    "latest_data_date",
    "lost_offers_by_loss_reason",
    "lost_offers_of_seller",
    "metrics_then_and_now",
    "offer_review_of",
    "offer_reviews_by_loss_reason",
    "overdue_actions_by_seller",
    "save_note",
    "save_offer_review",
    "search_notes",
    "seller_notes",
    "set_action_done",
]

GROW_FIELDS: dict[str, str] = {
    "goal": "Goal",
    "reality": "Reality",
    "options": "Options",
    "will": "Will",
}
REVIEW_FIELDS: dict[str, str] = {
    "what_happened": "What happened",
    "why": "Why",
    "do_differently": "What we do differently",
    "customer_word": "The customer's one word",
}
# Characters per field, the data contract's limits (the import refuses the same):
MAX_TEXT = TABLES["coaching_notes"].column("goal").max_length  # a GROW or post-mortem field
MAX_AUTHOR = TABLES["coaching_notes"].column("author").max_length
MAX_DESCRIPTION = TABLES["coaching_actions"].column("description").max_length  # an agreed action
MAX_WORD = 40  # the customer's one word of a post-mortem
MAX_TARGET = TABLES["coaching_actions"].column("target").max_value  # an action's metric target
TARGET_METRICS = TABLES["coaching_actions"].column("metric").choices

T = TypeVar("T")


class CoachingInputError(ValueError):
    """Input a note, action or review cannot be saved with; `problems` lists every reason."""

    def __init__(self, problems: str | Iterable[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Action:
    action_id: str
    note_id: str
    owner: str
    description: str
    due_date: dt.date | None
    done_on: dt.date | None
    overdue: bool = False
    metric: str | None = None  # the scorecard metric it aims at (queries/measures.yaml), and its target
    target: float | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class Note:
    note_id: str
    seller_id: str
    held_on: dt.date
    author: str
    goal: str
    reality: str
    options: str
    will: str
    private: bool
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    actions: list[Action] = field(default_factory=list)
    author_id: str | None = None  # the login that wrote it (None: imported)
    editor: str | None = None  # who saved it last, and their login
    editor_id: str | None = None

    @property
    def edited(self) -> bool:
        """Saved again after it was written (by its author or someone else)."""
        return (
            self.updated_at is not None and self.created_at is not None and self.updated_at > self.created_at
        )

    @property
    def open_actions(self) -> int:
        return sum(1 for a in self.actions if not a.done)

    @property
    def overdue_actions(self) -> int:
        return sum(1 for a in self.actions if a.overdue)


# -- reading ---------------------------------------------------------------------------


def _today(as_of) -> dt.date:
    return _date_or_none(as_of) or dt.date.today()


def _date_or_none(value) -> dt.date | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return to_date(value)


def _text(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _timestamp(value) -> dt.datetime | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).to_pydatetime()


def _actions(frame: pd.DataFrame) -> list[Action]:
    return [
        Action(
            action_id=r["action_id"],
            note_id=r["note_id"],
            owner=r["owner"],
            description=_text(r["description"]),
            due_date=_date_or_none(r["due_date"]),
            done_on=_date_or_none(r["done_on"]),
            overdue=bool(r["overdue"]) if not pd.isna(r["overdue"]) else False,
            metric=_text(r.get("metric")) or None,
            target=None if pd.isna(r.get("target")) else float(r["target"]),
        )
        for r in frame.to_dict("records")
    ]


def _note(row: Mapping, actions: list[Action]) -> Note:
    return Note(
        note_id=row["note_id"],
        seller_id=row["seller_id"],
        held_on=_date_or_none(row["held_on"]),
        author=_text(row["author"]),
        goal=_text(row["goal"]),
        reality=_text(row["reality"]),
        options=_text(row["options"]),
        will=_text(row["will"]),
        private=bool(row["private"]),
        created_at=_timestamp(row["created_at"]),
        updated_at=_timestamp(row["updated_at"]),
        actions=actions,
        author_id=_text(row.get("author_id")) or None,
        editor=_text(row.get("editor")) or None,
        editor_id=_text(row.get("editor_id")) or None,
    )


def seller_notes(coach: SalesCoach, seller_id: str, as_of=None, include_private: bool = True) -> list[Note]:
    """The seller's 1:1 notes newest first, each with its actions (overdue on `as_of`, default today)."""
    today = _today(as_of)
    notes = coach.query("coaching_notes", seller_id=seller_id, note_id=None, as_of=today)
    actions = _actions(coach.query("coaching_actions_of_seller", seller_id=seller_id, as_of=today))
    by_note: dict[str, list[Action]] = {}
    for action in actions:
        by_note.setdefault(action.note_id, []).append(action)
    return [
        _note(row, by_note.get(row["note_id"], []))
        for row in notes.to_dict("records")
        if include_private or not row["private"]
    ]


def get_note(coach: SalesCoach, note_id: str, as_of=None) -> Note | None:
    """One note with its actions, or None."""
    today = _today(as_of)
    frame = coach.query("coaching_notes", seller_id=None, note_id=note_id, as_of=today)
    if frame.empty:
        return None
    actions = _actions(coach.query("coaching_actions_of_note", note_id=note_id, as_of=today))
    return _note(frame.iloc[0].to_dict(), actions)


def like_pattern(text: str) -> str:
    """An `ilike ... escape '\\'` pattern matching `text` literally anywhere (`%`, `_` are not wildcards)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _team_list(teams: Iterable[str] | None) -> list[str] | None:
    """A bound `$teams`: a list of team names, or None for every team (a lone string is one team)."""
    if teams is None:
        return None
    return [teams] if isinstance(teams, str) else list(teams)


def search_notes(
    coach: SalesCoach,
    text: str | None = None,
    teams: Iterable[str] | None = None,
    seller_id: str | None = None,
    author: str | None = None,
    date_from=None,
    date_to=None,
    open_actions_only: bool = False,
    include_private: bool = True,
    as_of=None,
    written_by: Viewer | None = None,
) -> pd.DataFrame:
    """All notes (newest first) whose Goal/Reality/Options/Will contain `text` (literally,
    case-insensitive), filtered by teams (None: every team), seller, author, date range and open
    actions. `written_by` (a viewer) keeps that person's own notes whatever team their seller is
    in now: a seller who moved to another team keeps their author's notes."""
    text = (text or "").strip()
    return coach.query(
        "coaching_notes_search",
        pattern=like_pattern(text) if text else None,
        teams=_team_list(teams),
        **_own_notes(written_by),
        seller_id=seller_id or None,
        author=author or None,
        date_from=_date_or_none(date_from),
        date_to=_date_or_none(date_to),
        open_actions_only=bool(open_actions_only),
        include_private=bool(include_private),
        as_of=_today(as_of),
    )


def overdue_actions_by_seller(coach: SalesCoach, as_of=None) -> pd.DataFrame:
    """Every seller: overdue_actions, open_actions, notes, last_note_on (query
    `coaching_overdue_actions_by_seller`)."""
    return coach.query("coaching_overdue_actions_by_seller", as_of=_today(as_of))


def coaching_counts(coach: SalesCoach, seller_id: str, as_of=None) -> dict[str, int]:
    """{'notes', 'open_actions', 'overdue_actions'} of one seller: all presentation mode shows."""
    frame = overdue_actions_by_seller(coach, as_of)
    row = frame[frame["seller_id"] == seller_id]
    if row.empty:
        return {"notes": 0, "open_actions": 0, "overdue_actions": 0}
    r = row.iloc[0]
    return {k: int(r[k]) for k in ("notes", "open_actions", "overdue_actions")}


def latest_data_date(coach: SalesCoach) -> dt.date:
    """The last day with recorded work (query `latest_data_date`); the calendar day when empty."""
    frame = coach.query("latest_data_date")
    return _date_or_none(frame.iloc[0]["latest_data_date"]) or dt.date.today()


THEN_AND_NOW_METRICS = (
    "meetings",
    "offers_sent",
    "hit_rate",
    "sales",
    "open_pipeline",
    "pipeline_coverage",
    "overdue_offers",
)
METRIC_WINDOW_DAYS = 90


def metric_window(day) -> tuple[dt.date, dt.date]:
    """The 90 days up to and including `day`: the period of a note's metrics."""
    end = to_date(day)
    return end - dt.timedelta(days=METRIC_WINDOW_DAYS - 1), end


def metrics_then_and_now(
    coach: SalesCoach,
    seller_id: str,
    held_on,
    today,
    metrics: Iterable[str] = THEN_AND_NOW_METRICS,
    teams: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per metric: its value over the 90 days before the note (`then`) and before `today`
    (`now`), the pipeline as of each day; both windows in one scorecard query (of the sellers of
    `teams`, None: every team; give the seller's team)."""
    cards = coach.scorecards([metric_window(held_on), metric_window(today)], teams=teams)
    mine = cards[cards["seller_id"] == seller_id].set_index("period")
    then, now = (mine.loc[place].to_dict() if place in mine.index else {} for place in (1, 2))
    return pd.DataFrame(
        {
            "metric": list(metrics),
            "then": [then.get(m) for m in metrics],
            "now": [now.get(m) for m in metrics],
        }
    )


def lost_offers_of_seller(coach: SalesCoach, seller_id: str, date_from=None, date_to=None) -> pd.DataFrame:
    """The seller's lost offers (closed in the date range; None: open-ended), latest first, with
    their post-mortem (empty fields when none)."""
    return coach.query(
        "lost_offers_of_seller",
        seller_id=seller_id,
        date_from=_date_or_none(date_from),
        date_to=_date_or_none(date_to),
    )


def offer_review_of(coach: SalesCoach, offer_id: str) -> dict | None:
    frame = coach.query("offer_review_by_offer", offer_id=offer_id)
    return frame.iloc[0].to_dict() if not frame.empty else None


def lost_offers_by_loss_reason(coach: SalesCoach, teams=None, date_from=None, date_to=None) -> pd.DataFrame:
    """Per loss reason: lost offers, their value and how many have a post-mortem (sellers in `teams`, None: all)."""
    return coach.query(
        "lost_offers_by_loss_reason",
        teams=_team_list(teams),
        date_from=_date_or_none(date_from),
        date_to=_date_or_none(date_to),
    )


def offer_reviews_by_loss_reason(coach: SalesCoach, teams=None, date_from=None, date_to=None) -> pd.DataFrame:
    """Every post-mortem with its offer, seller and loss reason, ordered by loss reason (sellers in `teams`)."""
    return coach.query(
        "offer_reviews_by_loss_reason",
        teams=_team_list(teams),
        date_from=_date_or_none(date_from),
        date_to=_date_or_none(date_to),
    )


# -- writing ---------------------------------------------------------------------------


def _write(coach: SalesCoach, work: Callable[[Transaction], T]) -> T:
    """Run `work(transaction)` in one coaching-store transaction (the data version bumped first).

    Any failure rolls everything back and is raised as it happened: a `CoachingInputError`, or
    the store's plain fault (an error while rolling back never hides it).
    """
    with coach.coaching.transaction() as transaction:
        return work(transaction)


def _writer(by: Viewer | None) -> Viewer:
    return by if by is not None else LOCAL_VIEWER


def _clean_text(value, label: str, problems: list[str], limit: int = MAX_TEXT) -> str:
    text = _text(value).strip()
    if len(text) > limit:
        problems.append(f"{label} is too long ({len(text)} characters, at most {limit}).")
    return text


def _parse_date(value, label: str, problems: list[str], required: bool = False) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(t("coaching_error.missing", label=label))
        return None
    try:
        if pd.isna(value):
            if required:
                problems.append(t("coaching_error.missing", label=label))
            return None
    except (TypeError, ValueError):
        pass
    try:
        day = to_date(value, label)
    except (ValueError, TypeError):
        problems.append(t("coaching_error.not_a_date", label=label, value=repr(value)))
        return None
    if not FIRST_DATE <= day <= LAST_DATE:  # the contract's range: what an import would refuse too
        problems.append(
            t(
                "coaching_error.date_out_of_range",
                label=label,
                date=day.isoformat(),
                first=FIRST_DATE,
                last=LAST_DATE,
            )
        )
        return None
    return day


def _seller_exists(coach: SalesCoach, seller_id: str) -> bool:
    return not coach.query("coaching_seller", seller_id=seller_id).empty


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _clean_actions(
    actions: Iterable[Mapping] | None, held_on: dt.date | None, problems: list[str]
) -> list[dict]:
    """Validated actions; rows with nothing filled in (empty editor rows) are skipped."""
    cleaned = []
    for i, raw in enumerate(actions or (), start=1):
        owner = _text(raw.get("owner")).strip().lower()
        description = _text(raw.get("description")).strip()
        due_raw = raw.get("due_date")
        if not description and _date_or_none_safe(due_raw) is None and not raw.get("action_id"):
            continue  # an empty row
        label = t("coaching_error.action", n=i)
        if owner not in ACTION_OWNERS:
            problems.append(f"{label}: owner must be {' or '.join(ACTION_OWNERS)}, not {raw.get('owner')!r}.")
        if not description:
            problems.append(t("coaching_error.describe", label=label))
        elif len(description) > MAX_DESCRIPTION:
            problems.append(f"{label}: description is too long (at most {MAX_DESCRIPTION} characters).")
        due = _parse_date(due_raw, t("coaching_error.due_label", label=label), problems)
        if due is not None and held_on is not None and due < held_on:
            problems.append(t("coaching_error.due_before", label=label, due=due, held_on=held_on))
        item = {
            "action_id": _text(raw.get("action_id")).strip() or None,
            "owner": owner,
            "description": description,
            "due_date": due,
            **_clean_target(raw, label, due, problems),
        }
        if "done_on" in raw:
            done = _parse_date(raw.get("done_on"), f"{label}: done date", problems)
            if done is not None and held_on is not None and done < held_on:
                problems.append(f"{label}: done date {done} is before the note date {held_on}.")
            item["done_on"] = done
        cleaned.append(item)
    return cleaned


def _clean_target(raw: Mapping, label: str, due: dt.date | None, problems: list[str]) -> dict:
    """The metric an action aims at and its target ("needs_share ≥ 0.5"): both or neither, a
    scorecard metric with a better direction, a target in the contract's range, and a due date
    (the day the data checks it)."""
    metric = _text(raw.get("metric")).strip().lower() or None
    target = raw.get("target")
    target = None if target is None or (isinstance(target, str) and not target.strip()) else target
    if target is not None:
        try:
            target = float(target)
        except (TypeError, ValueError):
            problems.append(t("coaching_error.target_number", label=label, value=repr(target)))
            target = None
        else:
            if target != target or not 0 <= target <= MAX_TARGET:
                problems.append(t("coaching_error.target_range", label=label, most=f"{MAX_TARGET:,.0f}"))
    if metric is not None and metric not in TARGET_METRICS:
        problems.append(t("coaching_error.metric_unknown", label=label, metric=repr(metric)))
    if (metric is None) != (target is None):
        problems.append(t("coaching_error.metric_and_target", label=label))
    elif metric is not None and due is None:
        problems.append(t("coaching_error.metric_due", label=label))
    return {"metric": metric, "target": target}


def _date_or_none_safe(value) -> dt.date | None:
    try:
        return _date_or_none(value) if not (isinstance(value, str) and not value.strip()) else None
    except (ValueError, TypeError):
        return dt.date.min  # something was typed: not an empty row


def save_note(
    coach: SalesCoach,
    seller_id: str,
    held_on,
    author: str,
    goal: str = "",
    reality: str = "",
    options: str = "",
    will: str = "",
    private: bool = True,
    actions: Iterable[Mapping] | None = None,
    note_id: str | None = None,
    by: Viewer | None = None,
) -> str:
    """Create a note (or edit `note_id`) with its actions; returns the note id.

    `actions` is a list of dicts with owner ('seller' or 'manager'), description, due_date
    and optionally action_id (an existing action of this note) and done_on. When editing,
    the list replaces the note's actions: listed ones are updated (keeping their done date
    unless `done_on` is given), new ones added, the rest removed.

    `by` is who saves (left out: the local user of open mode). Logged in, a new note is written
    by `by.name` whatever `author` says, and an edit keeps the note's author; only the author
    or an admin may edit it (or change its privacy). The note records the login of its
    author and of its last editor.
    """
    writer = _writer(by)
    problems: list[str] = []
    seller_id = _text(seller_id).strip()
    day = _parse_date(held_on, t("coaching_error.date_label"), problems, required=True)
    author_text = _clean_text(writer.author_name or author, "Author", problems, MAX_AUTHOR)
    if not author_text:
        problems.append(t("coaching_error.no_author_note"))
    grow = {
        name: _clean_text(value, GROW_FIELDS[name], problems)
        for name, value in zip(GROW_FIELDS, (goal, reality, options, will), strict=True)
    }
    if not any(grow.values()):
        problems.append(t("coaching_error.empty_note"))
    cleaned = _clean_actions(actions, day, problems)
    note_id = _text(note_id).strip() or None
    if not seller_id or not _seller_exists(coach, seller_id):
        problems.insert(0, f"Unknown seller: {seller_id!r}.")
    values = {"seller_id": seller_id, "held_on": day, "author": author_text, "private": bool(private), **grow}

    def work(transaction: Transaction) -> str:
        stored, stored_actions = _checked_note_write(
            transaction, writer, seller_id, note_id, cleaned, problems
        )
        saved_id = _write_note_row(transaction, writer, note_id, stored, values)
        _write_note_actions(transaction, saved_id, cleaned, stored_actions)
        return saved_id

    return _write(coach, work)


def _checked_note_write(
    transaction: Transaction,
    writer: Viewer,
    seller_id: str,
    note_id: str | None,
    cleaned: list[dict],
    input_problems: list[str],
) -> tuple[dict | None, dict[str, tuple]]:
    """Check a note write against the coaching store (the note edited, who may edit it, its
    actions) and return the stored note (None: a new one) and its actions (action_id →
    (done_on,)); raise every problem at once."""
    problems = list(input_problems)
    stored, stored_actions = None, {}
    if note_id is not None:
        stored = transaction.one("notes_picked", {"seller_id": None, "note_id": note_id})
        if stored is None:
            problems.append(f"Unknown note: {note_id!r}.")
        elif stored["seller_id"] != seller_id:
            problems.append(f"Note {note_id} belongs to seller {stored['seller_id']}, not {seller_id}.")
        elif not writer.may_edit(stored["author"], stored["author_id"]):
            problems.insert(0, t("coaching_error.not_yours_note", author=stored["author"]))
        for action in transaction.rows("actions_of_note", {"note_id": note_id}):
            stored_actions[action["action_id"]] = (action["done_on"],)
    for i, item in enumerate(cleaned, start=1):
        if item["action_id"] and item["action_id"] not in stored_actions:
            problems.append(f"Action {i}: {item['action_id']!r} is not an action of this note.")
    if problems:
        raise CoachingInputError(problems)
    return stored, stored_actions


def _write_note_row(
    transaction: Transaction, writer: Viewer, note_id: str | None, stored: dict | None, values: dict
) -> str:
    """Insert the note (a new id) or update `note_id`; returns the note's id. Logged in, an edit
    keeps the note's author (an admin editing is its editor, not its author)."""
    now = dt.datetime.now()
    if note_id is None:
        new_id = _new_id("N")
        row = {**values, "note_id": new_id, "now": now, "author_id": writer.identity}
        transaction.execute("note_insert", row)
        return new_id
    editor = values["author"]
    if writer.author_name is not None:  # logged in: the author stays who wrote it
        values = {**values, "author": stored["author"]}
    row = {**values, "note_id": note_id, "now": now, "editor": editor, "editor_id": writer.identity}
    transaction.execute("note_update", row)
    return note_id


def _write_note_actions(
    transaction: Transaction, note_id: str, cleaned: list[dict], stored_actions: dict[str, tuple]
) -> None:
    """The note's actions become `cleaned`: listed ones updated (keeping their done date unless
    given), new ones added, the rest removed."""
    kept = {item["action_id"] for item in cleaned if item["action_id"]}
    for action_id in stored_actions.keys() - kept:
        transaction.execute("action_delete", {"action_id": action_id})
    for item in cleaned:
        params = {key: item[key] for key in ("owner", "description", "due_date", "metric", "target")}
        if item["action_id"]:
            done_on = item["done_on"] if "done_on" in item else stored_actions[item["action_id"]][0]
            transaction.execute(
                "action_update", {**params, "done_on": done_on, "action_id": item["action_id"]}
            )
        else:
            new = {**params, "action_id": _new_id("NA"), "note_id": note_id, "done_on": item.get("done_on")}
            transaction.execute("action_insert", new)


def set_action_done(coach: SalesCoach, action_id: str, done_on) -> None:
    """Mark an action done on `done_on`, or open again with None."""
    problems: list[str] = []
    day = _parse_date(done_on, t("coaching_error.done_label"), problems)

    input_problems = problems

    def work(transaction: Transaction) -> None:
        problems = list(input_problems)
        row = transaction.one("action_held_on", {"action_id": action_id})
        if row is None:
            problems.insert(0, f"Unknown action: {action_id!r}.")
        elif day is not None and day < row["held_on"]:
            problems.append(f"Done date {day} is before the note date {row['held_on']}.")
        if problems:
            raise CoachingInputError(problems)
        transaction.execute("action_set_done", {"done_on": day, "action_id": action_id})

    _write(coach, work)


def save_offer_review(
    coach: SalesCoach,
    offer_id: str,
    what_happened: str = "",
    why: str = "",
    do_differently: str = "",
    customer_word: str = "",
    author: str = "",
    by: Viewer | None = None,
) -> None:
    """Store (or replace) the post-mortem of a lost offer.

    `by` as for `save_note`: logged in, a first review is written by `by.name` and an edit keeps
    its author; only the author or an admin may edit it."""
    writer = _writer(by)
    problems: list[str] = []
    offer_id = _text(offer_id).strip()
    fields = {
        name: _clean_text(value, REVIEW_FIELDS[name], problems)
        for name, value in zip(
            REVIEW_FIELDS, (what_happened, why, do_differently, customer_word), strict=True
        )
    }
    word = fields["customer_word"]
    if len(word) > MAX_WORD or len(word.split()) > 1:
        problems.append(t("coaching_error.one_word", got=repr(word[:60])))
    if not any(fields.values()):
        problems.append(t("coaching_error.empty_review"))
    author_text = _clean_text(writer.author_name or author, "Author", problems, MAX_AUTHOR)
    if not author_text:
        problems.append(t("coaching_error.no_author_review"))
    _check_lost_offer(coach, offer_id, problems)
    input_problems = problems

    def work(transaction: Transaction) -> None:
        problems = list(input_problems)
        stored = transaction.one("review_of_offer", {"offer_id": offer_id})
        if stored is not None and not writer.may_edit(stored["author"], stored["author_id"]):
            problems.insert(0, t("coaching_error.not_yours_review", author=stored["author"]))
        if problems:
            raise CoachingInputError(problems)
        now = dt.datetime.now()
        if stored is None:
            row = {**fields, "offer_id": offer_id, "author": author_text, "author_id": writer.identity}
            transaction.execute("review_insert", {**row, "now": now})
            return
        kept = stored["author"] if writer.author_name is not None else author_text
        row = {**fields, "offer_id": offer_id, "author": kept, "editor": author_text}
        transaction.execute("review_update", {**row, "editor_id": writer.identity, "now": now})

    _write(coach, work)


def _check_lost_offer(coach: SalesCoach, offer_id: str, problems: list[str]) -> None:
    """Only a lost offer in the analytics data gets a post-mortem."""
    frame = coach.query("offer_status", offer_id=offer_id)
    if frame.empty:
        problems.insert(0, f"Unknown offer: {offer_id!r}.")
    elif frame.iloc[0, 0] != "lost":
        problems.insert(
            0, f"Offer {offer_id} is {frame.iloc[0, 0]}, not lost: only lost offers get a review."
        )


# -- small reads for the forms ------------------------------------------------------------


def seller_info(coach: SalesCoach, seller_id: str) -> dict | None:
    """{'seller_id', 'seller', 'team', 'manager', 'active'} or None for an unknown seller."""
    frame = coach.query("coaching_seller", seller_id=seller_id)
    return frame.iloc[0].to_dict() if not frame.empty else None


def _own_notes(viewer: Viewer | None) -> dict:
    """The parameters that keep `viewer`'s own notes in a search: by their login, or, for a note
    imported without one, by their name."""
    if viewer is None:
        return {"author_id": None, "author_name": None}
    return {"author_id": viewer.identity, "author_name": viewer.name}


def note_authors(
    coach: SalesCoach, teams: Iterable[str] | None = None, written_by: Viewer | None = None
) -> pd.DataFrame:
    """`author, author_id, private`: who has written notes (private or not) on sellers in `teams`
    (None: every team), and `written_by`'s own notes on any seller.

    Give the rows to `ui.visible_notes` before listing them: a private note's author is
    shown only to whom may read it."""
    return coach.query("coaching_note_authors", teams=_team_list(teams), **_own_notes(written_by))
