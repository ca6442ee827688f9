"""Three weekly exports of one small pipeline (Mondays 5, 12 and 19 January 2026), for the
pipeline's changes worked out by hand in tests/test_measures.py and tests/test_history.py.

Team North: N1 and N2; team South: S1. What each export holds (offers not named are as before):

  export 1 (2026-01-05)  A N1 sent 2025-12-01, 1000, open, expected 2026-02-15
                         B N1 sent 2025-12-10, 2000, open, expected 2026-03-20
                         C N1 sent 2025-11-01,  500, won 2025-12-20 (closed before any window)
                         D N2 sent 2025-12-15, 3000, open, expected 2026-01-31
                         E S1 sent 2025-12-20, 4000, open, expected 2026-03-31
  export 2 (2026-01-12)  A 1500, expected 2026-04-15 (value up; pushed out of Q1)
                         B 1800, expected 2026-03-01 (value down; pulled in)
                         D won, closed 2026-01-09;  E lost, closed 2026-01-11
                         F N1 new: sent 2026-01-07, 700, won 2026-01-10 (new and won between exports)
                         G S1 new: sent 2026-01-08, 1200, open, expected 2026-02-28
  export 3 (2026-01-19)  A 1200 (value down again);  B won, closed 2026-01-16
                         G 1500, expected 2026-05-31 (value up; pushed out of Q1)

Importing them in order records (offer_history, on the export's day):
  2026-01-12  A value 1000.0 → 1500.0, A expected 2026-02-15 → 2026-04-15, B value 2000.0 → 1800.0,
              B expected 2026-03-20 → 2026-03-01, D status open → won, E status open → lost
  2026-01-19  A value 1500.0 → 1200.0, B status open → won, G value 1200.0 → 1500.0,
              G expected 2026-02-28 → 2026-05-31
F was first seen already won and C never changed: no history.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

EXPORT_DAYS = (dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 19))

OFFER_COLUMNS = "offer_id seller_id sent_date value status expected_close_date closed_date".split()
_OFFERS_1 = {
    "A": ("N1", "2025-12-01", "1000", "open", "2026-02-15", ""),
    "B": ("N1", "2025-12-10", "2000", "open", "2026-03-20", ""),
    "C": ("N1", "2025-11-01", "500", "won", "", "2025-12-20"),
    "D": ("N2", "2025-12-15", "3000", "open", "2026-01-31", ""),
    "E": ("S1", "2025-12-20", "4000", "open", "2026-03-31", ""),
}
_CHANGES_2 = {
    "A": ("N1", "2025-12-01", "1500", "open", "2026-04-15", ""),
    "B": ("N1", "2025-12-10", "1800", "open", "2026-03-01", ""),
    "D": ("N2", "2025-12-15", "3000", "won", "2026-01-31", "2026-01-09"),
    "E": ("S1", "2025-12-20", "4000", "lost", "2026-03-31", "2026-01-11"),
    "F": ("N1", "2026-01-07", "700", "won", "", "2026-01-10"),
    "G": ("S1", "2026-01-08", "1200", "open", "2026-02-28", ""),
}
_CHANGES_3 = {
    "A": ("N1", "2025-12-01", "1200", "open", "2026-04-15", ""),
    "B": ("N1", "2025-12-10", "1800", "won", "2026-03-01", "2026-01-16"),
    "G": ("S1", "2026-01-08", "1500", "open", "2026-05-31", ""),
}


def sellers() -> pd.DataFrame:
    return pd.DataFrame(
        [("N1", "Niina North", "North"), ("N2", "Noora North", "North"), ("S1", "Saara South", "South")],
        columns=["seller_id", "name", "team"],
        dtype=object,
    )


def _offers(rows: dict[str, tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        [(offer_id, *values) for offer_id, values in rows.items()], columns=OFFER_COLUMNS, dtype=object
    )


def exports() -> list[dict[str, pd.DataFrame]]:
    """The three exports as import frames, in order (each a whole export: every offer)."""
    second = {**_OFFERS_1, **_CHANGES_2}
    third = {**second, **_CHANGES_3}
    return [
        {"sellers": sellers(), "offers": _offers(_OFFERS_1)},
        {"sellers": sellers(), "offers": _offers(second)},
        {"sellers": sellers(), "offers": _offers(third)},
    ]


def load_exports(coach, count: int = 3) -> None:
    """Import the first `count` exports into `coach`, each on its own day."""
    for frames, day in list(zip(exports(), EXPORT_DAYS, strict=True))[:count]:
        coach.load_frames(frames, exported_on=day)
