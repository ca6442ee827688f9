"""A tiny hand-made data set whose every metric is computed by hand in the tests.

Period under test: Q1 2026 (2026-01-01 .. 2026-03-31), pipeline as of 2026-02-15.
S1 (team A) has one of everything, S2 (team A) has almost nothing and has never won,
S3 (team B) has nothing at all.
"""

import pandas as pd


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object).fillna("")


def tiny_tables() -> dict[str, pd.DataFrame]:
    return {
        "sellers": _frame(
            "seller_id name team manager active",
            [
                ("S1", "Aino Virtanen", "A", "Maija Manager", "true"),
                ("S2", "Bertta Korhonen", "A", "Maija Manager", "true"),
                ("S3", "Cecilia Nieminen", "B", "Pekka Manager", "false"),
            ],
        ),
        "customers": _frame(
            "customer_id name segment",
            [("C1", "Old Customer Oy", "SMB"), ("C2", "Prospect Oy", "SMB"), ("C3", "Later Oy", "")],
        ),
        "activities": _frame(
            "activity_id seller_id customer_id type date status needs_discussed",
            [
                ("A1", "S1", "C1", "meeting", "2026-01-01", "done", "true"),  # first day; existing
                ("A2", "S1", "C2", "Meeting", "2026-01-15", "done", "false"),  # new business
                ("A3", "S1", "C2", "meeting", "2026-02-01", "done", ""),  # deal same day: still new
                ("A4", "S1", "C3", "meeting", "2026-03-31", "done", "yes"),  # last day; new
                ("A5", "S1", "", "meeting", "2026-02-10", "", ""),  # no customer; status default done
                ("A6", "S1", "C1", "meeting", "2026-02-11", "planned", "true"),
                ("A7", "S1", "C1", "meeting", "2026-02-12", "cancelled", "true"),
                ("A8", "S1", "C1", "call", "2026-01-05", "done", ""),
                ("A9", "S1", "C2", "call", "2025-12-31", "done", ""),  # day before period
                ("A10", "S1", "C1", "email", "2026-01-06", "done", ""),
                ("A11", "S1", "C1", "meeting", "2026-04-01", "done", "true"),  # day after period
                ("A12", "S2", "C3", "call", "2026-03-31", "done", ""),
            ],
        ),
        "offers": _frame(
            "offer_id seller_id customer_id sent_date value status expected_close_date closed_date "
            "probability loss_reason",
            [
                ("O1", "S1", "C2", "2025-12-20", "2000", "lost", "", "2026-01-10", "", "price"),
                ("O2", "S1", "C2", "2026-01-05", "5000", "won", "", "2026-02-01", "", ""),
                ("O3", "S1", "C2", "2026-01-20", "1000", "won", "2026-03-01", "2026-02-20", "0.5", ""),
                ("O4", "S1", "C1", "2026-02-01", "4000", "open", "2026-02-10", "", "0.25", ""),
                ("O5", "S1", "C3", "2026-02-14", "3000", "open", "2026-03-31", "", "", ""),
                ("O6", "S1", "C3", "2026-02-16", "10000", "open", "2026-03-15", "", "0.9", ""),
                ("O7", "S1", "C1", "2026-03-31", "500", "open", "2026-05-01", "", "", ""),
                ("O8", "S1", "C1", "2025-02-01", "6000", "lost", "", "2025-02-15", "", "timing"),
                ("O9", "S1", "C1", "2025-06-01", "3000", "won", "", "2025-07-01", "", ""),
                ("O10", "S2", "C3", "2025-10-01", "1000", "lost", "", "2025-11-01", "", "competitor"),
                ("O11", "S2", "C3", "2026-01-10", "2000", "open", "", "", "0.8", ""),
            ],
        ),
        "deals": _frame(
            "deal_id seller_id customer_id offer_id close_date value",
            [
                ("D0", "S1", "C1", "", "2025-06-10", "1000"),
                ("D1", "S1", "C2", "O2", "2026-02-01", "5000"),
                ("D2", "S2", "C3", "", "2026-04-01", "700"),
                ("D3", "S1", "C1", "", "2026-01-01", "300"),
            ],
        ),
        "targets": _frame(
            "seller_id month sales_target meetings_target",
            [
                ("S1", "2025-12", "9999", "9"),
                ("S1", "2026-01", "6000", "4"),
                ("S1", "2026-02", "6000", "4"),
                ("S1", "2026-03", "6000", "4"),
                ("S1", "2026-04", "99999", "9"),
            ],
        ),
    }
