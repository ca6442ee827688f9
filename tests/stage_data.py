"""Offers with sales stages, their stage history, targets and deals: stage conversion, days in the
current stage, the sales cycle and coverage as it stood, worked out by hand in tests/test_measures.py.

Team North: N1, N2; team South: S1. Stages: Qualify (1), Propose (2), Negotiate (3), Closed won (4),
Closed lost (5). Period Q1 2026, as of 2026-03-31.

  a N1 sent 01-05, won 02-10 (36 days), 4000: Qualify -> Propose 01-12 -> Negotiate 01-26 -> Closed won 02-10
  b N1 sent 01-10, lost 03-01 (50 days), 3000: Qualify -> Propose 02-02 -> Closed lost 03-01
  c N1 sent 02-01, open, 5000, Negotiate: Qualify -> Propose 02-15 -> Negotiate 03-10;
       expected 03-25, pushed on 03-16 to 04-20
  d N2 sent 01-20, lost 02-20 (31 days), 2500, Closed lost, no history (no open stage known)
  e N2 sent 01-15, open, 2000, Qualify since it was sent (no history), expected 04-15
  f S1 sent 02-20, won 03-20 (28 days), 1500, expected 03-20: Qualify -> Propose 03-01 -> Closed won 03-20
  g S1 sent 2025-11-01, lost 2025-12-15 (before the period), 800: Qualify -> Propose 2025-11-20
  h S1 sent 03-25, open, 1000, expected 05-10, Negotiate today: Qualify -> Propose 03-28 -> Negotiate 04-05

Targets: N1 3000 a month in Q1 and 2000 in Q2; S1 1000 a month in Q1; N2 none. Deals: a (02-10, 4000)
and f (03-20, 1500). Open stages: Qualify, Propose (left by offers) and Negotiate (held by open ones);
Closed won and Closed lost are not.
"""

from __future__ import annotations

import pandas as pd

PERIOD = ("2026-01-01", "2026-03-31")
AS_OF = "2026-03-31"
STALLED_DAYS = 30
STAGES = ("Qualify", "Propose", "Negotiate")

_ORDER = {"Qualify": 1, "Propose": 2, "Negotiate": 3, "Closed won": 4, "Closed lost": 5}


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object).fillna("")


def stage_tables() -> dict[str, pd.DataFrame]:
    offers = [
        ("a", "N1", "2026-01-05", "4000", "won", "2026-02-10", "2026-02-10", "Closed won"),
        ("b", "N1", "2026-01-10", "3000", "lost", "2026-03-01", "2026-03-01", "Closed lost"),
        ("c", "N1", "2026-02-01", "5000", "open", "2026-04-20", "", "Negotiate"),
        ("d", "N2", "2026-01-20", "2500", "lost", "", "2026-02-20", "Closed lost"),
        ("e", "N2", "2026-01-15", "2000", "open", "2026-04-15", "", "Qualify"),
        ("f", "S1", "2026-02-20", "1500", "won", "2026-03-20", "2026-03-20", "Closed won"),
        ("g", "S1", "2025-11-01", "800", "lost", "", "2025-12-15", "Closed lost"),
        ("h", "S1", "2026-03-25", "1000", "open", "2026-05-10", "", "Negotiate"),
    ]
    stage_changes = [
        ("a", "2026-01-12", "Qualify", "Propose"),
        ("a", "2026-01-26", "Propose", "Negotiate"),
        ("a", "2026-02-10", "Negotiate", "Closed won"),
        ("b", "2026-02-02", "Qualify", "Propose"),
        ("b", "2026-03-01", "Propose", "Closed lost"),
        ("c", "2026-02-15", "Qualify", "Propose"),
        ("c", "2026-03-10", "Propose", "Negotiate"),
        ("f", "2026-03-01", "Qualify", "Propose"),
        ("f", "2026-03-20", "Propose", "Closed won"),
        ("g", "2025-11-20", "Qualify", "Propose"),
        ("h", "2026-03-28", "Qualify", "Propose"),
        ("h", "2026-04-05", "Propose", "Negotiate"),
    ]
    history = [(o, day, "stage", old, new) for o, day, old, new in stage_changes]
    history.append(("c", "2026-03-16", "expected_close_date", "2026-03-25", "2026-04-20"))
    targets = [("N1", f"2026-0{m}", "3000" if m <= 3 else "2000") for m in range(1, 7)]
    targets += [("S1", f"2026-0{m}", "1000") for m in range(1, 4)]
    return {
        "sellers": _frame(
            "seller_id name team",
            [("N1", "Niina North", "North"), ("N2", "Noora North", "North"), ("S1", "Saara South", "South")],
        ),
        "offers": _frame(
            "offer_id seller_id sent_date value status expected_close_date closed_date stage stage_order",
            [(*row, str(_ORDER[row[-1]])) for row in offers],
        ),
        "offer_history": _frame("offer_id changed_on field old_value new_value", history),
        "deals": _frame(
            "deal_id seller_id offer_id close_date value",
            [("Da", "N1", "a", "2026-02-10", "4000"), ("Df", "S1", "f", "2026-03-20", "1500")],
        ),
        "targets": _frame("seller_id month sales_target", targets),
    }
