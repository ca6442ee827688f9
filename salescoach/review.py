"""The weekly team review's agenda, as data (plain Python, no Streamlit).

One function, `build_review(coach, as_of, teams, lang)`, reads everything the review shows, so
the shared screen (`?present=1`, pages/review.py), the PDF (`salescoach.review_pdf`) and the
Monday e-mail (`salescoach.digest`) show the same numbers. The agenda (`Review.steps`):

1. **the team**: this quarter to date and the next quarter (the scorecard of the quarter to
   `as_of`, per team and for all the review's teams), what moved in the pipeline in the week
   before `as_of` (pipeline memory), and the attention list;
2. **one screen per seller** (active sellers, by team and name): their MSL figures, coverage
   this and next quarter against the coverage their own hit rate requires, the week's wins to
   celebrate and share (deals closed in the week), and the open agreed actions of their
   non-private 1:1 notes;
3. **the team's own agreed actions**: the open actions the manager agreed to in the team's
   non-private 1:1 notes, overdue first.

Nothing here reads a note's text (goal, reality, options, will) or a private note's actions:
the coaching store's query (queries/coaching_store/shared_open_actions.sql) never selects them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from salescoach import attention
from salescoach.periods import next_quarter_start, quarter_start

LISTED = 12  # rows of a list on one screen or page (attention list, wins, actions); the rest are counted
REVIEW_DAYS = 7  # the review looks back a week: the changes and the wins of the 7 days to as_of
TEAM_STEP = "team"
ACTIONS_STEP = "actions"
# A seller's screen, in this order: the MSL frame (Määrä, Suunta, Laatu), then sales.
TILE_GROUPS: dict[str, tuple[str, ...]] = {
    "maara": ("meetings", "calls"),
    "suunta": ("new_business_share", "needs_share"),
    "laatu": ("meeting_to_offer", "hit_rate", "offers_per_win"),
    "sales": ("sales", "open_pipeline", "overdue_offers"),
}
# Each coverage: (its measure, the flag that says it is thin, the pipeline and the target behind it).
COVERAGES: dict[str, tuple[str, str, str, str]] = {
    "this": ("pipeline_coverage", "thin", "quarter_pipeline", "quarter_remaining_target"),
    "next": ("next_quarter_coverage", "thin_next_quarter", "next_quarter_pipeline", "next_quarter_target"),
}
# The waterfall's movements the review lists (values of queries/pipeline_changes_by_grain.sql).
CHANGE_FIGURES: tuple[tuple[str, str], ...] = (
    ("new_offers", "new_value"),
    ("won_offers", "won_value"),
    ("lost_offers", "lost_value"),
    ("pushed_offers", "pushed_value"),
    ("pulled_in_offers", "pulled_in_value"),
    ("slipped_out_offers", "slipped_out_value"),
)


@dataclass(frozen=True)
class SellerScreen:
    """One seller's screen of the review."""

    seller_id: str
    seller: str
    team: str
    figures: Mapping[str, object]  # the seller's scorecard row (quarter to date, as of as_of)
    wins: pd.DataFrame  # deals closed in the week: customer, close_date, value
    actions: pd.DataFrame  # open actions of non-private notes: owner, description, due_date, overdue
    why: tuple[str, ...]  # the attention list's reasons for this seller, most urgent first


@dataclass(frozen=True)
class Review:
    """The review of `teams` as of `as_of` (see the module's docstring)."""

    as_of: dt.date
    lang: str | None
    teams: tuple[str, ...]
    quarter_from: dt.date  # this quarter to date: quarter_from .. as_of
    next_quarter: dt.date  # the next quarter's first day
    since: dt.date  # the week's start: changes from `since` to `as_of`, wins after `since`
    totals: Mapping[str, object]  # the all-teams scorecard row (empty without sellers)
    team_rows: pd.DataFrame  # one scorecard row per team
    sellers: tuple[SellerScreen, ...]
    attention: pd.DataFrame  # the ranked attention list (salescoach.attention)
    changes: Mapping[str, object] | None  # the week's pipeline changes of all the teams
    wins: pd.DataFrame  # every win of the week
    team_actions: pd.DataFrame  # the manager's open actions (non-private notes), overdue first

    @property
    def wins_from(self) -> dt.date:
        """The first day of the week's wins (the day after `since`)."""
        return self.since + dt.timedelta(days=1)

    @property
    def steps(self) -> list[str]:
        """The agenda: the team, one seller id each, the team's actions."""
        return [TEAM_STEP, *(screen.seller_id for screen in self.sellers), ACTIONS_STEP]

    def screen(self, seller_id: str) -> SellerScreen | None:
        return next((s for s in self.sellers if s.seller_id == seller_id), None)

    @property
    def page_count(self) -> int:
        """The PDF's pages: the team, one per seller, the team's actions."""
        return len(self.steps)


def review_teams(
    known: Iterable[str], team: str | None = None, allowed: Iterable[str] | None = None
) -> list[str]:
    """The teams a review covers: `team` alone when given, else every known team, limited to
    `allowed` (a director's teams; None: every team). Raises ValueError for a team not known or
    not allowed."""
    known = list(dict.fromkeys(str(k) for k in known))
    permitted = known if allowed is None else [k for k in known if k in set(allowed)]
    if team is None:
        return permitted
    if team not in known:
        raise ValueError(f"no team {team!r} in the data (teams: {', '.join(known) or 'none'})")
    if team not in permitted:
        raise ValueError(
            f"team {team!r} is not one of this director's teams ({', '.join(permitted) or 'none'})"
        )
    return [team]


def build_review(
    coach, as_of: dt.date, teams: Iterable[str] | None = None, lang: str | None = None
) -> Review:
    """The review of `teams` (None: every team) as of `as_of`, in `lang`, from `coach` (a
    `SalesCoach`): one scorecard query, the attention list, the week's changes, wins and actions."""
    team_list = None if teams is None else [str(team) for team in teams]
    since = as_of - dt.timedelta(days=REVIEW_DAYS)
    card = coach.scorecards(
        [(quarter_start(as_of), as_of, as_of)],
        teams=team_list,
        grain=("seller", "team", "all"),
        active_only=True,
    )
    ranked = attention.attention_list(coach, as_of, team_list, lang=lang)
    wins = coach.query("review_wins", date_from=since + dt.timedelta(days=1), date_to=as_of, teams=team_list)
    actions = coach.query("review_actions", as_of=as_of, teams=team_list)
    sellers = card[card["grain"] == "seller"].sort_values(["team", "seller", "seller_id"])
    everyone = card[card["grain"] == "all"]
    return Review(
        as_of=as_of,
        lang=lang,
        teams=tuple(team_list) if team_list is not None else tuple(sorted(sellers["team"].unique())),
        quarter_from=quarter_start(as_of),
        next_quarter=next_quarter_start(as_of),
        since=since,
        totals=everyone.iloc[0].to_dict() if not everyone.empty and not sellers.empty else {},
        team_rows=card[card["grain"] == "team"].sort_values("team").reset_index(drop=True),
        sellers=tuple(_screens(sellers, wins, actions, ranked)),
        attention=ranked,
        changes=_changes(coach, since, as_of, team_list) if not sellers.empty else None,
        wins=wins,
        team_actions=_team_actions(actions),
    )


def _screens(sellers: pd.DataFrame, wins: pd.DataFrame, actions: pd.DataFrame, ranked: pd.DataFrame):
    reasons = {row["seller_id"]: tuple(row["why"]) for row in ranked.to_dict("records")}
    for row in sellers.to_dict("records"):
        seller_id = str(row["seller_id"])
        yield SellerScreen(
            seller_id=seller_id,
            seller=str(row["seller"]),
            team=str(row["team"]),
            figures=row,
            wins=wins[wins["seller_id"] == seller_id].reset_index(drop=True),
            actions=actions[actions["seller_id"] == seller_id].reset_index(drop=True),
            why=reasons.get(seller_id, ()),
        )


def _changes(coach, since: dt.date, as_of: dt.date, teams: list[str] | None) -> Mapping[str, object] | None:
    frame = coach.pipeline_changes(since, as_of, teams=teams, grain="all")
    return frame.iloc[0].to_dict() if not frame.empty else None


def _team_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """The manager's open actions, overdue first, then by due date (none last)."""
    mine = actions[actions["owner"] == "manager"]
    return mine.sort_values(
        ["overdue", "due_date", "seller", "action_id"],
        ascending=[False, True, True, True],
        na_position="last",
    ).reset_index(drop=True)


def coverage(figures: Mapping[str, object], which: str) -> dict[str, object]:
    """A seller's (or a team's) coverage of this (`which="this"`) or the next quarter: the
    coverage, the coverage required, whether thin, and the pipeline and target behind it."""
    measure, flag, pipeline, target = COVERAGES[which]
    return {
        "coverage": figures.get(measure),
        "required": figures.get("required_coverage"),
        "thin": figures.get(flag),
        "pipeline": figures.get(pipeline),
        "target": figures.get(target),
    }
