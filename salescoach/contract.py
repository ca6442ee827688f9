"""The public import format: one table per file, these columns, these rules.

This module is the single description of the data contract. The importer
validates against it, the database schema mirrors it, and the README documents
it. Column names are the sales director's words and are used unchanged in SQL,
code and UI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from salescoach.measures import target_metrics
from salescoach.messages import Count, Message

# The accepted range of every value (refused at import with a located error, so every
# page can rely on it). Dates: old customers' first deals from the 1990s up to plans and
# expected closes far ahead; months are the months of these days (1990-01 to 2099-12).
FIRST_DATE = dt.date(1990, 1, 1)
LAST_DATE = dt.date(2099, 12, 31)
MAX_AMOUNT = 1_000_000_000_000
"""€ per offer, deal or monthly sales target: 5 million rows of it sum to 5e18, which a
double (and a 64-bit integer) holds, so no total or formatted figure can overflow."""
MAX_MEETINGS_TARGET = 100_000
"""Meetings per seller and month."""
MAX_CADENCE_DAYS = 365
"""Days between a seller's 1:1s (`sellers.coaching_cadence_days`): at most a year."""
DEFAULT_CADENCE_DAYS = 14
"""A seller without a cadence of their own has a 1:1 every two weeks."""
MAX_TARGET = MAX_AMOUNT
"""The target of an action tied to a metric (`coaching_actions.target`): a count, a euro amount
or a share (0-1) of the metric, never more than the largest amount."""
MAX_STAGE_ORDER = 1_000
"""An offer stage's place in the sales process (1 = the first stage)."""

# The most characters of a text value (after trimming spaces), per kind of text. The note
# and post-mortem forms (salescoach.coaching) enforce the same limits.
ID_LENGTH = 100
NAME_LENGTH = 200  # seller, team, manager, customer, segment and author names
REASON_LENGTH = 1_000  # an offer's loss reason
ACTION_LENGTH = 2_000  # an agreed action
NOTE_LENGTH = 20_000  # a GROW field of a 1:1 note (or of a post-mortem): a note, not a book

_RANGED_KINDS = ("number", "probability", "date", "month")
_TEXT_KINDS = ("id", "text")


@dataclass(frozen=True)
class Column:
    """One column of the contract and the values it accepts.

    ``min_value``/``max_value``: the inclusive range of a number, probability (as 0-1),
    date or month (dates; a month is its first day). ``max_length``: the most characters
    of an id or text. Dates, months, probabilities and ids have the contract-wide
    defaults above; a number or text column must state its own.
    """

    name: str
    kind: str  # id | text | date | month | number | bool | choice | probability
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    min_value: float | dt.date | None = None
    max_value: float | dt.date | None = None
    max_length: int | None = None
    store: str = "analytics"  # analytics | coaching: where an imported value is kept
    whole: bool = False  # a number that must be a whole number (days)

    def __post_init__(self) -> None:
        defaults = {
            "date": (FIRST_DATE, LAST_DATE),
            "month": (FIRST_DATE, LAST_DATE),
            "probability": (0.0, 1.0),
        }.get(self.kind)
        if defaults is not None:
            object.__setattr__(
                self, "min_value", self.min_value if self.min_value is not None else defaults[0]
            )
            object.__setattr__(
                self, "max_value", self.max_value if self.max_value is not None else defaults[1]
            )
        if self.kind == "id" and self.max_length is None:
            object.__setattr__(self, "max_length", ID_LENGTH)
        if self.kind in _RANGED_KINDS and (self.min_value is None or self.max_value is None):
            raise ValueError(f"contract column {self.name} ({self.kind}) needs min_value and max_value")
        if self.kind in _TEXT_KINDS and self.max_length is None:
            raise ValueError(f"contract column {self.name} ({self.kind}) needs max_length")


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str  # the referenced table; its key column has the same meaning
    ref_column: str


@dataclass(frozen=True)
class Table:
    name: str
    noun: str  # what one row is, in an error beside its key: "offer O6", "target S1 2026-03"
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def analytics_columns(self) -> list[str]:
        """The columns the analytics file keeps (the others go to the coaching store)."""
        return [c.name for c in self.columns if c.store == "analytics"]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


ACTIVITY_TYPES = ("call", "meeting", "email", "other")
ACTIVITY_STATUSES = ("done", "planned", "cancelled")
OFFER_STATUSES = ("open", "won", "lost")
ACTION_OWNERS = ("seller", "manager")
# The offer fields whose changes offer_history records (an import compares each with the stored
# offer; a CRM's own history maps onto them). old_value and new_value hold the field's value as
# text: a number, a date YYYY-MM-DD, a probability 0-1, a status or a stage name; the importer
# checks each against the offers column of that name and writes it in that one spelling.
HISTORY_FIELDS = ("value", "expected_close_date", "probability", "status", "stage")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sellers",
            "seller",
            (
                Column("seller_id", "id", required=True),
                Column("name", "text", required=True, max_length=NAME_LENGTH),
                Column("team", "text", required=True, max_length=NAME_LENGTH),
                Column("manager", "text", max_length=NAME_LENGTH),
                Column("active", "bool", default=True),
                Column(
                    "coaching_cadence_days",
                    "number",
                    min_value=1,
                    max_value=MAX_CADENCE_DAYS,
                    store="coaching",
                    whole=True,
                ),
            ),
            key=("seller_id",),
        ),
        Table(
            "customers",
            "customer",
            (
                Column("customer_id", "id", required=True),
                Column("name", "text", required=True, max_length=NAME_LENGTH),
                Column("segment", "text", max_length=NAME_LENGTH),
            ),
            key=("customer_id",),
        ),
        Table(
            "activities",
            "activity",
            (
                Column("activity_id", "id", required=True),
                Column("seller_id", "id", required=True),
                Column("customer_id", "id"),
                Column("type", "choice", required=True, choices=ACTIVITY_TYPES),
                Column("date", "date", required=True),
                Column("status", "choice", default="done", choices=ACTIVITY_STATUSES),
                Column("needs_discussed", "bool"),
            ),
            key=("activity_id",),
            foreign_keys=(
                ForeignKey("seller_id", "sellers", "seller_id"),
                ForeignKey("customer_id", "customers", "customer_id"),
            ),
        ),
        Table(
            "offers",
            "offer",
            (
                Column("offer_id", "id", required=True),
                Column("seller_id", "id", required=True),
                Column("customer_id", "id"),
                Column("sent_date", "date", required=True),
                Column("value", "number", required=True, min_value=0, max_value=MAX_AMOUNT),
                Column("status", "choice", required=True, choices=OFFER_STATUSES),
                Column("expected_close_date", "date"),
                Column("closed_date", "date"),
                Column("probability", "probability"),
                Column("loss_reason", "text", max_length=REASON_LENGTH),
                Column("stage", "text", max_length=NAME_LENGTH),
                Column("stage_order", "number", min_value=0, max_value=MAX_STAGE_ORDER),
            ),
            key=("offer_id",),
            foreign_keys=(
                ForeignKey("seller_id", "sellers", "seller_id"),
                ForeignKey("customer_id", "customers", "customer_id"),
            ),
        ),
        Table(
            "offer_history",
            "change",
            (
                Column("offer_id", "id", required=True),
                Column("changed_on", "date", required=True),
                Column("field", "choice", required=True, choices=HISTORY_FIELDS),
                Column("old_value", "text", max_length=NAME_LENGTH),
                Column("new_value", "text", max_length=NAME_LENGTH),
            ),
            key=("offer_id", "changed_on", "field"),
            foreign_keys=(ForeignKey("offer_id", "offers", "offer_id"),),
        ),
        Table(
            "deals",
            "deal",
            (
                Column("deal_id", "id", required=True),
                Column("seller_id", "id", required=True),
                Column("customer_id", "id"),
                Column("offer_id", "id"),
                Column("close_date", "date", required=True),
                Column("value", "number", required=True, min_value=0, max_value=MAX_AMOUNT),
            ),
            key=("deal_id",),
            foreign_keys=(
                ForeignKey("seller_id", "sellers", "seller_id"),
                ForeignKey("customer_id", "customers", "customer_id"),
                ForeignKey("offer_id", "offers", "offer_id"),
            ),
        ),
        Table(
            "targets",
            "target",
            (
                Column("seller_id", "id", required=True),
                Column("month", "month", required=True),
                Column("sales_target", "number", required=True, min_value=0, max_value=MAX_AMOUNT),
                Column("meetings_target", "number", min_value=0, max_value=MAX_MEETINGS_TARGET),
            ),
            key=("seller_id", "month"),
            foreign_keys=(ForeignKey("seller_id", "sellers", "seller_id"),),
        ),
        Table(
            "coaching_notes",
            "note",
            (
                Column("note_id", "id", required=True),
                Column("seller_id", "id", required=True),
                Column("held_on", "date", required=True),
                Column("author", "text", required=True, max_length=NAME_LENGTH),
                Column("goal", "text", max_length=NOTE_LENGTH),
                Column("reality", "text", max_length=NOTE_LENGTH),
                Column("options", "text", max_length=NOTE_LENGTH),
                Column("will", "text", max_length=NOTE_LENGTH),
                Column("private", "bool", default=True),
            ),
            key=("note_id",),
            foreign_keys=(ForeignKey("seller_id", "sellers", "seller_id"),),
        ),
        Table(
            "coaching_actions",
            "action",
            (
                Column("action_id", "id", required=True),
                Column("note_id", "id", required=True),
                Column("owner", "choice", required=True, choices=ACTION_OWNERS),
                Column("description", "text", required=True, max_length=ACTION_LENGTH),
                Column("due_date", "date"),
                Column("done_on", "date"),
                Column("metric", "choice", choices=target_metrics()),
                Column("target", "number", min_value=0, max_value=MAX_TARGET),
            ),
            key=("action_id",),
            foreign_keys=(ForeignKey("note_id", "coaching_notes", "note_id"),),
        ),
    )
}

# Load order: a table comes after every table it refers to.
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

FILE_SUFFIXES = (".csv", ".xlsx", ".parquet")


def accepted_values(column: Column) -> Message | None:
    """What ``column`` accepts beyond its kind, in the words of the README (as a `str`: English;
    ``.text(lang)`` in any language); None if nothing."""
    if column.kind == "date":
        return Message(
            "accepted.dates", first=f"{column.min_value:%Y-%m-%d}", last=f"{column.max_value:%Y-%m-%d}"
        )
    if column.kind == "month":
        return Message("accepted.dates", first=f"{column.min_value:%Y-%m}", last=f"{column.max_value:%Y-%m}")
    if column.kind == "number":
        code = "accepted.whole_numbers" if column.whole else "accepted.numbers"
        return Message(code, first=Count(round(column.min_value)), last=Count(round(column.max_value)))
    if column.kind == "probability":
        return Message("accepted.probability")
    if column.max_length is not None:
        return Message("accepted.length", limit=Count(column.max_length))
    return None


def limits_table() -> str:
    """The README's table of accepted values: one row per limit, naming its columns.

    Ids are named once for every table (`seller_id`); other columns as `table.column`.
    `tests/test_contract.py` checks that the README holds exactly this table.
    """
    order = {"date": 0, "month": 1, "number": 2, "probability": 3, "id": 4, "text": 5}
    groups: dict[tuple[int, float, str], list[str]] = {}
    for table in TABLES.values():
        for column in table.columns:
            text = accepted_values(column)
            if text is None:
                continue
            size = column.max_length or (column.max_value if column.kind == "number" else 0)
            names = groups.setdefault((order[column.kind], size, text), [])
            name = column.name if column.kind == "id" else f"{table.name}.{column.name}"
            if name not in names:
                names.append(name)
    lines = ["| columns | accepted |", "|---|---|"]
    for (_, _, text), names in sorted(groups.items()):
        lines.append(f"| {', '.join(f'`{n}`' for n in names)} | {text} |")
    return "\n".join(lines)
