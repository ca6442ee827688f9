"""Markup payloads as imported text, for tests/test_markup_everywhere.py and tests/test_browser_markup.py.

`payload_database(path)` makes a demo database (ending on 2026-11-23) whose every seller, team,
customer and note author is named with a payload, every loss reason, note text, action and
post-mortem is one, all loaded through the store API (`load_frames`, `save_offer_review`), as an
import would. `hubspot_export(folder)` writes a HubSpot export whose deal stages and owners are
payloads: the Import page echoes them in its caveats.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

import salescoach
from salescoach import coaching
from salescoach.contract import TABLES
from salescoach.store import COACHING_TABLES, create_demo_database
from tests.db_state import copy_database

END = dt.date(2026, 11, 23)
PAYLOADS: tuple[str, ...] = (
    "**x**",
    ":red[x]",
    "$$x$$",
    "[x](http://example.invalid/a)",
    "![x](http://example.invalid/b.png)",
    '<a href="http://example.invalid/c">x</a>',
    "<b>x</b>",
    '<span style="color:red">x</span>',
    "%{x}",
    "<img src=http://example.invalid/d.png>",
    # what Streamlit rewrites in the text itself, past any backslash escape (salescoach/ui/text.py)
    ":material/home: x",
    "x@example.invalid",
    "www.example.invalid",
    "x -> y",
)
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "presets"


def _table(coach, table: str) -> pd.DataFrame:
    """The stored rows of a contract table, in the contract's columns (test only: to rename them)."""
    columns = TABLES[table].column_names
    if table in COACHING_TABLES:  # in the coaching store
        query = {"coaching_notes": "notes", "coaching_actions": "actions"}[table]
        return pd.DataFrame(coach.coaching.rows(query))[columns]
    cursor = coach._con.cursor()
    try:
        stored = TABLES[table].analytics_columns  # a seller's cadence lives in the coaching store
        return cursor.execute(f"select * from {table}").df()[stored]  # noqa: S608 - a fixed table name
    finally:
        cursor.close()


def _cycle(count: int, offset: int = 0) -> list[str]:
    return [PAYLOADS[(i + offset) % len(PAYLOADS)] for i in range(count)]


def payload_tables(coach) -> dict[str, pd.DataFrame]:
    """The demo's tables with every text a payload: one seller and one team per payload."""
    sellers = _table(coach, "sellers").sort_values("seller_id").reset_index(drop=True)
    extra = len(PAYLOADS) - len(sellers)
    if extra > 0:  # one seller per payload: the sellers the demo lacks, without any work
        more = sellers.iloc[[0] * extra].copy()
        more["seller_id"] = [f"S9{i:02d}" for i in range(extra)]
        sellers = pd.concat([sellers, more], ignore_index=True)
    sellers["name"] = _cycle(len(sellers))
    sellers["team"] = _cycle(len(sellers), offset=3)
    sellers["manager"] = _cycle(len(sellers), offset=5)
    customers = _table(coach, "customers")
    customers["name"] = _cycle(len(customers), offset=1)
    offers = _table(coach, "offers")
    lost = offers["status"] == "lost"
    offers.loc[lost, "loss_reason"] = _cycle(int(lost.sum()), offset=2)
    notes = _table(coach, "coaching_notes")
    notes["author"] = _cycle(len(notes), offset=4)
    for offset, field in enumerate(("goal", "reality", "options", "will")):
        notes[field] = _cycle(len(notes), offset=offset)
    notes["private"] = False  # every note readable (in open mode all are anyway)
    actions = _table(coach, "coaching_actions")
    actions["description"] = _cycle(len(actions), offset=6)
    return {
        "sellers": sellers,
        "customers": customers,
        "offers": offers,
        "coaching_notes": notes,
        "coaching_actions": actions,
    }


def payload_database(path: Path, template: Path | None = None) -> Path:
    """A demo database at `path` with payloads for every imported text (see the module)."""
    if template is not None:
        copy_database(template, path)
    else:
        create_demo_database(path, end=END).close()
    with salescoach.connect(path) as coach:
        coach.load_frames(payload_tables(coach))
        lost = _table(coach, "offers").query("status == 'lost'").sort_values("offer_id")
        for offer_id, payload in zip(lost["offer_id"][: len(PAYLOADS)], PAYLOADS, strict=False):
            coaching.save_offer_review(
                coach,
                offer_id,
                what_happened=payload,
                why=payload,
                do_differently=payload,
                customer_word="x",
                author=payload,
            )
    return path


def seller_of(path: Path, payload: str) -> str:
    """The id of the seller named `payload`."""
    return team_of(path, payload)[0]


def team_of(path: Path, payload: str) -> tuple[str, str]:
    """The id and the team of the seller named `payload`."""
    with salescoach.connect(path) as coach:
        sellers = coach.query("seller_list")
    row = sellers.loc[sellers["seller"] == payload].iloc[0]
    return str(row["seller_id"]), str(row["team"])


def hubspot_export(folder: Path) -> list[Path]:
    """The HubSpot fixture with payloads as deal stages and owners (the Import page lists the
    stages it reads as open and the owners missing from sellers.csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = FIXTURES / "hubspot"
    written = []
    for file in sorted(source.glob("*.csv")):
        target = folder / file.name
        if "deals" in file.name:
            with file.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            template = next(r for r in rows if r["Deal Stage"] not in ("Closed Won", "Closed Lost"))
            for i, payload in enumerate(
                PAYLOADS
            ):  # an open deal in each payload stage, of each payload owner
                rows.append(
                    {**template, "Record ID": str(99000 + i), "Deal Stage": payload, "Deal owner": payload}
                )
            with target.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
                writer.writeheader()
                writer.writerows(rows)
        else:
            shutil.copyfile(file, target)
        written.append(target)
    return written
