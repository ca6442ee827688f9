"""The public import format: one table per file, these columns, these rules.

This module is the single description of the data contract. The importer
validates against it, the database schema mirrors it, and the README documents
it. Column names are the sales director's words and are used unchanged in SQL,
code and UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id | text | date | month | number | bool | choice | probability
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    min_value: float | None = None


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str  # the referenced table; its key column has the same meaning
    ref_column: str


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


ACTIVITY_TYPES = ("call", "meeting", "email", "other")
ACTIVITY_STATUSES = ("done", "planned", "cancelled")
OFFER_STATUSES = ("open", "won", "lost")
ACTION_OWNERS = ("seller", "manager")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sellers",
            (
                Column("seller_id", "id", required=True),
                Column("name", "text", required=True),
                Column("team", "text", required=True),
                Column("manager", "text"),
                Column("active", "bool", default=True),
            ),
            key=("seller_id",),
        ),
        Table(
            "customers",
            (
                Column("customer_id", "id", required=True),
                Column("name", "text", required=True),
                Column("segment", "text"),
            ),
            key=("customer_id",),
        ),
        Table(
            "activities",
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
            (
                Column("offer_id", "id", required=True),
                Column("seller_id", "id", required=True),
                Column("customer_id", "id"),
                Column("sent_date", "date", required=True),
                Column("value", "number", required=True, min_value=0),
                Column("status", "choice", required=True, choices=OFFER_STATUSES),
                Column("expected_close_date", "date"),
                Column("closed_date", "date"),
                Column("probability", "probability"),
                Column("loss_reason", "text"),
            ),
            key=("offer_id",),
            foreign_keys=(
                ForeignKey("seller_id", "sellers", "seller_id"),
                ForeignKey("customer_id", "customers", "customer_id"),
            ),
        ),
        Table(
            "deals",
            (
                Column("deal_id", "id", required=True),
                Column("seller_id", "id", required=True),
                Column("customer_id", "id"),
                Column("offer_id", "id"),
                Column("close_date", "date", required=True),
                Column("value", "number", required=True, min_value=0),
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
            (
                Column("seller_id", "id", required=True),
                Column("month", "month", required=True),
                Column("sales_target", "number", required=True, min_value=0),
                Column("meetings_target", "number", min_value=0),
            ),
            key=("seller_id", "month"),
            foreign_keys=(ForeignKey("seller_id", "sellers", "seller_id"),),
        ),
        Table(
            "coaching_notes",
            (
                Column("note_id", "id", required=True),
                Column("seller_id", "id", required=True),
                Column("held_on", "date", required=True),
                Column("author", "text", required=True),
                Column("goal", "text"),
                Column("reality", "text"),
                Column("options", "text"),
                Column("will", "text"),
                Column("private", "bool", default=True),
            ),
            key=("note_id",),
            foreign_keys=(ForeignKey("seller_id", "sellers", "seller_id"),),
        ),
        Table(
            "coaching_actions",
            (
                Column("action_id", "id", required=True),
                Column("note_id", "id", required=True),
                Column("owner", "choice", required=True, choices=ACTION_OWNERS),
                Column("description", "text", required=True),
                Column("due_date", "date"),
                Column("done_on", "date"),
            ),
            key=("action_id",),
            foreign_keys=(ForeignKey("note_id", "coaching_notes", "note_id"),),
        ),
    )
}

# Load order: a table comes after every table it refers to.
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

FILE_SUFFIXES = (".csv", ".xlsx", ".parquet")
