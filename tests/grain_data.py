"""A tiny data set for the scorecard at every grain (seller, team, all teams), every number of
which is worked out by hand in tests/test_measures.py.

Period: Q1 2026 (2026-01-01 .. 2026-03-31), pipeline as of 2026-02-28, so the 12 months are
2025-03-01 .. 2026-02-28 and the quarter's pipeline is what is expected 2026-02-28 .. 03-31; the
next quarter is Q2 2026 (2026-04-01 .. 06-30), for which N1 and S1 have targets and nobody has
pipeline (tests/test_next_quarter.py has the edge cases of the next quarter).

Team North: N1 has one of everything and a target; N2 has no target and has never decided an
offer (borrows North's hit rate). Team South: S1 is ahead of its quarter target; S2 has left
(inactive) and lost the one offer it decided (borrows South's hit rate).
C1 bought in 2025 (meetings with it are with an existing customer); C2 and C3 never bought.
"""

import pandas as pd


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object).fillna("")


def grain_tables() -> dict[str, pd.DataFrame]:
    return {
        "sellers": _frame(
            "seller_id name team manager active",
            [
                ("N1", "Niina North", "North", "Maija Manager", "true"),
                ("N2", "Noora North", "North", "Maija Manager", "true"),
                ("S1", "Saara South", "South", "Pekka Manager", "true"),
                ("S2", "Sanna South", "South", "Pekka Manager", "false"),
            ],
        ),
        "customers": _frame(
            "customer_id name segment",
            [
                ("C1", "Bought Before Oy", "SMB"),
                ("C2", "Prospect Oy", "SMB"),
                ("C3", "Another Prospect Oy", ""),
            ],
        ),
        "activities": _frame(
            "activity_id seller_id customer_id type date status needs_discussed",
            [
                ("a1", "N1", "C1", "meeting", "2026-01-05", "done", "true"),  # existing customer
                ("a2", "N1", "C2", "meeting", "2026-01-12", "done", "false"),  # new business
                ("a3", "N1", "", "meeting", "2026-02-03", "done", ""),  # no customer, needs not recorded
                ("a4", "N1", "C1", "call", "2026-02-04", "done", ""),
                ("a5", "N1", "C2", "meeting", "2026-03-02", "planned", "true"),  # not done: not counted
                ("b1", "N2", "C3", "meeting", "2026-02-10", "done", "true"),  # new business
                ("b2", "N2", "C3", "email", "2026-02-11", "done", ""),
                ("c1", "S1", "C1", "meeting", "2026-01-20", "done", "true"),  # existing
                ("c2", "S1", "C1", "meeting", "2026-03-10", "done", "true"),  # existing
                ("c3", "S1", "C2", "call", "2026-01-21", "done", ""),
                ("c4", "S1", "C2", "call", "2026-01-22", "done", ""),
                ("d1", "S2", "C3", "meeting", "2026-01-15", "done", "false"),  # new business
            ],
        ),
        "offers": _frame(
            "offer_id seller_id customer_id sent_date value status expected_close_date closed_date "
            "probability loss_reason",
            [
                ("o1", "N1", "C1", "2026-01-10", "4000", "won", "", "2026-02-10", "", ""),
                ("o2", "N1", "C2", "2026-01-20", "2000", "lost", "", "2026-02-20", "", "price"),
                ("o3", "N1", "C2", "2026-02-01", "6000", "open", "2026-03-15", "", "0.5", ""),
                ("o4", "N1", "C1", "2025-06-01", "4000", "won", "", "2025-07-01", "", ""),
                ("p1", "N2", "C3", "2026-02-15", "3000", "open", "2026-02-20", "", "", ""),  # overdue
                ("q1", "S1", "C2", "2026-01-05", "5000", "lost", "", "2026-01-25", "", "timing"),
                ("q2", "S1", "C1", "2026-02-02", "1000", "open", "2026-03-20", "", "0.2", ""),
                ("q3", "S1", "C1", "2025-09-01", "2000", "won", "", "2025-10-01", "", ""),
                ("r1", "S2", "C3", "2025-04-01", "1000", "lost", "", "2025-05-01", "", "competitor"),
            ],
        ),
        "deals": _frame(
            "deal_id seller_id customer_id offer_id close_date value",
            [
                ("D0", "N1", "C1", "", "2025-05-01", "1000"),  # C1's first deal: before the period
                ("D1", "N1", "C1", "o1", "2026-02-10", "4000"),
                ("D2", "S1", "C1", "", "2026-03-10", "9000"),  # in the period, after as-of
                ("D3", "N2", "", "", "2026-01-31", "500"),
                ("D4", "S1", "C1", "", "2026-01-15", "7000"),
            ],
        ),
        "targets": _frame(
            "seller_id month sales_target meetings_target",
            [
                ("N1", "2026-01", "5000", "2"),
                ("N1", "2026-02", "5000", "2"),
                ("N1", "2026-03", "5000", "2"),
                ("S1", "2026-01", "2000", "3"),
                ("S1", "2026-02", "2000", "3"),
                ("S1", "2026-03", "2000", "3"),
                # the next quarter (Q2 2026): N1 three months, S1 only April; none counts in Q1
                ("N1", "2026-04", "4000", "2"),
                ("N1", "2026-05", "4000", "2"),
                ("N1", "2026-06", "4000", "2"),
                ("S1", "2026-04", "1000", "3"),
            ],
        ),
    }


PERIOD = ("2026-01-01", "2026-03-31", "2026-02-28")
