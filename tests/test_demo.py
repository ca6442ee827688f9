"""The demo data generator: contract shape, integrity, determinism and the stories."""

from __future__ import annotations

import datetime
import re

import pandas as pd
import pytest

from salescoach.contract import TABLES
from salescoach.demo import (
    DEMO_STORIES,
    LEAVER_DAYS_BEFORE_END,
    NEW_SELLER_TENURE_DAYS,
    STORY_ROLES,
    demo_stories,
    generate_demo,
)
from salescoach.store import create_demo_database

END = datetime.date(2026, 11, 23)
END_TS = pd.Timestamp(END)

ID_PATTERNS = {
    "sellers": ("seller_id", r"S\d{2,}"),
    "customers": ("customer_id", r"C\d{5,}"),
    "activities": ("activity_id", r"A\d{7,}"),
    "offers": ("offer_id", r"O\d{6,}"),
    "deals": ("deal_id", r"D\d{6,}"),
    "coaching_notes": ("note_id", r"N\d{5,}"),
    "coaching_actions": ("action_id", r"NA\d{5,}"),
}


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return generate_demo(end=END)


def _done(frames):
    a = frames["activities"]
    return a[a.status == "done"]


def _hit_rate(offers: pd.DataFrame, since: pd.Timestamp) -> pd.Series:
    closed = offers[(offers.status != "open") & (offers.closed_date > since)]
    return (closed.status == "won").groupby(closed.seller_id).mean()


def _team_of(frames, seller_id: str) -> list[str]:
    s = frames["sellers"]
    team = s.loc[s.seller_id == seller_id, "team"].iloc[0]
    return s.loc[s.team == team, "seller_id"].tolist()


def check_contract(frames: dict[str, pd.DataFrame], end: datetime.date) -> None:
    """Every property the importer and the dashboard rely on."""
    end_ts = pd.Timestamp(end)
    assert list(frames) == list(TABLES)
    for name, spec in TABLES.items():
        df = frames[name]
        assert list(df.columns) == spec.column_names, name
        assert len(df) > 0, name
        for col in spec.columns:
            s = df[col.name]
            where = f"{name}.{col.name}"
            if col.kind in ("id", "text", "choice"):
                assert s.dtype == object, where
                assert s.dropna().map(type).eq(str).all(), where
                assert all(v is None for v in s[s.isna()]), where
            elif col.kind in ("date", "month"):
                assert pd.api.types.is_datetime64_dtype(s), where
                present = s.dropna()
                assert (present == present.dt.normalize()).all(), where
                if col.kind == "month":
                    assert (present.dt.day == 1).all(), where
            elif col.kind in ("number", "probability"):
                assert s.dtype == "float64", where
            elif col.kind == "bool":
                assert s.dtype == "boolean", where
            if col.required:
                assert s.notna().all(), where
            if col.choices:
                assert set(s.dropna()) <= set(col.choices), where
            if col.min_value is not None:  # the contract's range (dates as dt.date)
                low, high = col.min_value, col.max_value
                if col.kind in ("date", "month"):
                    low, high = pd.Timestamp(low), pd.Timestamp(high)
                assert s.dropna().between(low, high).all(), where
            if col.max_length is not None:
                assert (s.dropna().str.len() <= col.max_length).all(), where
            if col.kind == "probability":
                assert s.dropna().between(0, 1).all(), where
        assert not df.duplicated(list(spec.key)).any(), f"{name} key not unique"
        for fk in spec.foreign_keys:
            values = df[fk.column].dropna()
            assert values.isin(frames[fk.table][fk.ref_column]).all(), f"{name}.{fk.column}"
    for name, (column, pattern) in ID_PATTERNS.items():
        assert frames[name][column].str.fullmatch(pattern).all(), name

    o = frames["offers"]
    closed = o[o.status != "open"]
    assert closed.closed_date.notna().all()
    assert (closed.closed_date >= closed.sent_date).all()
    assert o.loc[o.status == "open", "closed_date"].isna().all()
    assert (o.expected_close_date.dropna() >= o.loc[o.expected_close_date.notna(), "sent_date"]).all()
    assert (o.sent_date <= end_ts).all() and (closed.closed_date <= end_ts).all()
    assert o.loc[o.status != "lost", "loss_reason"].isna().all()

    # every won offer has exactly one deal with the same seller, customer, date and value
    d = frames["deals"]
    won = o[o.status == "won"].set_index("offer_id")
    with_offer = d[d.offer_id.notna()].set_index("offer_id")
    assert with_offer.index.is_unique
    assert set(with_offer.index) == set(won.index)
    joined = won.join(with_offer.add_suffix("_deal"))
    assert (joined.seller_id == joined.seller_id_deal).all()
    assert (joined.customer_id == joined.customer_id_deal).all()
    assert (joined.closed_date == joined.close_date_deal).all()
    assert (joined.value == joined.value_deal).all()
    assert (d.close_date <= end_ts).all()

    a = frames["activities"]
    assert (a.loc[a.date > end_ts, "status"] == "planned").all()
    assert a.loc[a.type != "meeting", "needs_discussed"].isna().all()

    actions = frames["coaching_actions"]
    notes = frames["coaching_notes"].set_index("note_id")
    per_note = actions.groupby("note_id").size()
    assert per_note.between(1, 3).all() and len(per_note) == len(notes)
    held = actions.note_id.map(notes.held_on)
    assert (actions.done_on.dropna() >= held[actions.done_on.notna()]).all()
    assert (actions.done_on.dropna() <= end_ts).all()
    assert (notes.held_on <= end_ts).all()


# -- shape, integrity, determinism -------------------------------------------------------


def test_contract_and_integrity(demo):
    check_contract(demo, END)


def test_deterministic_and_seed_sensitive(demo):
    again = generate_demo(end=END)
    for name in TABLES:
        pd.testing.assert_frame_equal(demo[name], again[name])
    other = generate_demo(end=END, seed=8)
    assert not demo["activities"].equals(other["activities"])
    assert not demo["offers"].equals(other["offers"])


def test_default_end_is_today():
    frames = generate_demo(sellers=3, years=1)
    today = pd.Timestamp(datetime.date.today())
    a = frames["activities"]
    assert a.loc[a.status == "done", "date"].max() <= today
    assert frames["offers"].sent_date.max() <= today


@pytest.mark.parametrize(
    ("sellers", "years", "end"),
    [(1, 1, END), (5, 1, datetime.date(2024, 2, 29)), (13, 3, datetime.date(2025, 12, 31))],
)
def test_other_sizes_and_dates_keep_the_contract(sellers, years, end):
    frames = generate_demo(sellers=sellers, years=years, seed=3, end=end)
    check_contract(frames, end)
    assert len(frames["sellers"]) == sellers


def test_scales_with_sellers():
    small = generate_demo(sellers=12, years=1, end=END)
    large = generate_demo(sellers=40, years=1, end=END)
    check_contract(large, END)
    assert large["sellers"].seller_id.tolist() == [f"S{i:02d}" for i in range(1, 41)]
    for name in ("customers", "activities", "offers", "deals", "targets", "coaching_notes"):
        ratio = len(large[name]) / len(small[name])
        assert 2.0 < ratio < 5.5, (name, ratio)
    assert large["sellers"].team.nunique() == 4


def test_id_width_follows_seller_count():
    # S04 (the seller who keeps pushing close dates) joined the stories with issue #15
    assert list(demo_stories(500)) == ["S002", "S003", "S004", "S006", "S007", "S010", "S012"]
    assert list(demo_stories(12)) == list(DEMO_STORIES)
    assert list(demo_stories(5)) == ["S02", "S03", "S04"]


# -- realism -----------------------------------------------------------------------------


def test_time_span_and_future_items(demo):
    a, o = demo["activities"], demo["offers"]
    start = pd.Timestamp(datetime.date(2024, 11, 24))
    assert a.date.min() >= start and a.date.min() < start + pd.Timedelta(days=7)
    future = a[a.date > END_TS]
    assert future.type.eq("meeting").sum() > 50
    assert future.date.max() <= END_TS + pd.Timedelta(days=31)
    open_ = o[o.status == "open"]
    assert (open_.expected_close_date > END_TS).mean() > 0.7
    assert (open_.expected_close_date > END_TS + pd.DateOffset(months=1)).any()
    assert open_.probability.notna().mean() > 0.8


def test_teams_managers_and_names(demo):
    s = demo["sellers"]
    assert set(s.team) == {"Enterprise", "SMB", "Public sector"}
    assert s.groupby("team").manager.nunique().eq(1).all()
    assert s.manager.nunique() == 3 and not s.manager.isin(s.name).any()
    assert s.name.str.fullmatch(r"[A-ZÄÖ][a-zäö]+ [A-ZÄÖ][a-zäö]+").all()
    c = demo["customers"]
    assert c.name.is_unique
    assert c.name.str.endswith((" Oy", " Oyj", " Oy Ab", " Ky")).mean() > 0.6
    assert set(c.segment) == {"Enterprise", "Mid-market", "SMB", "Public sector"}


def test_activity_mix(demo):
    a = demo["activities"]
    assert set(a.type) == {"call", "meeting", "email", "other"}
    past = a[a.date <= END_TS]
    assert past.status.eq("done").mean() > 0.9
    assert past.status.eq("cancelled").any()
    meetings = past[(past.type == "meeting") & (past.status == "done")]
    recorded = meetings.needs_discussed.notna().mean()
    assert 0.75 < recorded < 0.98
    assert 0.4 < meetings.needs_discussed.dropna().mean() < 0.9


def test_offers_follow_meetings_with_realistic_values(demo):
    o = demo["offers"]
    done = _done(demo)
    meetings = done[done.type == "meeting"].groupby("seller_id").size()
    ratio = o.groupby("seller_id").size() / meetings
    assert ratio.median() == pytest.approx(0.3, abs=0.1)
    closed = o[o.status != "open"]
    overall = (closed.status == "won").mean()
    assert 0.2 <= overall <= 0.5
    assert 1000 < o.value.median() < 20000 and o.value.quantile(0.9) > 20000
    assert set(o.loss_reason.dropna()) == {"price", "competitor", "timing", "no decision", "product fit"}


def test_existing_and_new_business_mix(demo):
    d, done = demo["deals"], _done(demo)
    first_deal = d.groupby("customer_id").close_date.min()
    meetings = done[done.type == "meeting"]
    existing = meetings.date > meetings.customer_id.map(first_deal)
    share = existing.groupby(meetings.seller_id).mean()
    assert share.drop("S12").between(0.25, 0.8).all(), share.to_dict()
    # the new seller works mostly with prospects
    assert share["S12"] < share[_team_of(demo, "S12")].median()
    assert (d.offer_id.isna()).mean() > 0.2  # repeat orders without an offer


def test_targets_cover_every_month_and_bracket_achievement(demo):
    t, s, d = demo["targets"], demo["sellers"], demo["deals"]
    # set ahead: to the end of the quarter after the end date's (Q1 2027), so the next quarter
    # has a target to measure its pipeline against
    months = pd.date_range("2024-11-01", "2027-03-01", freq="MS")
    for sid in ["S01", "S04", "S05", "S09"]:
        assert t.loc[t.seller_id == sid, "month"].tolist() == list(months)
    assert t.meetings_target.notna().all()
    past = t[t.month < pd.Timestamp("2026-11-01")]
    sales = d.groupby(["seller_id", d.close_date.dt.to_period("M").dt.to_timestamp()]).value.sum()
    target = past.set_index(["seller_id", "month"]).sales_target
    attain = sales.reindex(target.index, fill_value=0).groupby(level=0).sum() / target.groupby(level=0).sum()
    steady = attain.drop(["S10", "S12"])
    assert (steady > 1.0).any() and (steady < 1.0).any()
    assert steady.between(0.6, 1.4).all(), steady.to_dict()
    assert set(t.seller_id) == set(s.seller_id)


def test_coaching_notes_grow_and_actions(demo):
    n, act, s = demo["coaching_notes"], demo["coaching_actions"], demo["sellers"]
    managers = s.set_index("seller_id").manager
    assert (n.author == n.seller_id.map(managers)).all()
    assert (n.held_on >= END_TS - pd.DateOffset(months=6)).all()
    per_seller = n.groupby("seller_id").size()
    active = s.loc[s.active, "seller_id"]
    assert per_seller.reindex(active, fill_value=0).ge(3).all()
    for col, word in [("goal", "Goal:"), ("reality", "Reality:"), ("options", "Options:"), ("will", "Will:")]:
        assert n[col].str.startswith(word).all()
        assert n[col].str.len().gt(30).all()
    assert 0.6 < n.private.mean() < 1.0
    assert set(act.owner) == {"seller", "manager"}
    past_due = act[act.due_date < END_TS]
    assert past_due.done_on.notna().mean() > 0.7
    assert past_due.done_on.isna().any()  # a few overdue and open
    thin_notes = " ".join(n.loc[n.seller_id == "S02", "goal"])
    assert "Q1" in thin_notes
    assert n.loc[n.seller_id == "S07", "goal"].str.contains("hit rate").any()


# -- stories -----------------------------------------------------------------------------


def test_story_catalogue(demo):
    assert set(DEMO_STORIES) == set(STORY_ROLES)
    assert set(DEMO_STORIES) <= set(demo["sellers"].seller_id)
    assert all(len(text) > 30 for text in DEMO_STORIES.values())


def test_december_is_the_closing_peak(demo):
    o = demo["offers"]
    won = o[o.status == "won"]
    by_month = won.groupby(won.closed_date.dt.month).size()
    assert by_month.idxmax() == 12
    by_year_month = won.groupby(won.closed_date.dt.to_period("M")).size()
    assert by_year_month.idxmax() == pd.Period("2025-12", "M")
    # most sellers close more offers in December than in an average month
    monthly = won.groupby([won.seller_id, won.closed_date.dt.to_period("M")]).size()
    dec = monthly.xs(pd.Period("2025-12", "M"), level=1)
    mean = monthly.groupby(level=0).mean()
    assert (dec > mean.reindex(dec.index)).mean() >= 0.6


def test_thin_january_sellers(demo):
    o = demo["offers"]
    jan1, q1_end = pd.Timestamp("2026-01-01"), pd.Timestamp("2026-03-31")
    open_at_jan1 = o[(o.sent_date < jan1) & (o.closed_date.isna() | (o.closed_date >= jan1))]
    q1 = open_at_jan1[open_at_jan1.expected_close_date.between(jan1, q1_end)]
    sent_dec = o[o.sent_date.between(pd.Timestamp("2025-12-01"), pd.Timestamp("2026-01-15"))]
    for sid in ["S02", "S06"]:
        team = _team_of(demo, sid)
        pipe = q1.groupby("seller_id").value.sum().reindex(team, fill_value=0.0)
        assert pipe[sid] < pipe.median()
        assert pipe[sid] <= 0.25 * pipe.drop(sid).median()  # almost empty
        sent = sent_dec.groupby("seller_id").size().reindex(team, fill_value=0)
        assert sent[sid] <= 0.5 * sent.drop(sid).median()
    # and the coming Q1 looks the same
    q1_next = o[(o.status == "open") & o.expected_close_date.between("2027-01-01", "2027-03-31")]
    assert not q1_next.seller_id.isin(["S02", "S06"]).any()


@pytest.mark.parametrize(
    "end",
    [
        datetime.date(2026, 11, 15),
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 20),
        datetime.date(2026, 12, 31),
        datetime.date(2025, 11, 16),
    ],
)
def test_december_rush_sellers_are_thin_next_quarter_from_mid_november(tmp_path, end):
    # The story under the dashboard's rules, whatever the end date from mid-November on: the
    # coming Q1 has a target and next to nothing of the pipeline the seller's hit rate requires.
    with create_demo_database(tmp_path / "demo.duckdb", end=end) as coach:
        card = coach.scorecard(datetime.date(end.year, 10, 1), end).set_index("seller_id")
    for sid in ("S02", "S06"):
        row = card.loc[sid]
        needed = row["required_coverage"] * row["next_quarter_target"]
        assert row["next_quarter_target"] > 0 and bool(row["thin_next_quarter"]) is True, (sid, end)
        assert row["next_quarter_pipeline"] <= 0.05 * needed, (sid, end)
        assert row["next_quarter_gap"] == pytest.approx(needed - row["next_quarter_pipeline"])
    steady = card[card["active"]].drop(["S02", "S06", "S12"])
    assert steady["next_quarter_target"].notna().all()  # every steady seller has a Q1 target


def test_high_hit_rate_with_few_activities(demo):
    hit = _hit_rate(demo["offers"], END_TS - pd.DateOffset(months=12))
    team = _team_of(demo, "S03")
    assert hit["S03"] >= 0.6
    assert hit[team].idxmax() == "S03"
    done = _done(demo).groupby("seller_id").size()[team]
    assert done.idxmin() == "S03"
    assert done["S03"] < 0.6 * done.drop("S03").median()


def test_busy_seller_with_poor_conversion(demo):
    done = _done(demo).groupby("seller_id").size()
    team = _team_of(demo, "S07")
    assert done[team].idxmax() == "S07"
    offers = demo["offers"]
    assert _hit_rate(offers, END_TS - pd.DateOffset(months=12))["S07"] <= 0.15
    assert _hit_rate(offers, pd.Timestamp("1900-01-01"))["S07"] <= 0.15


def test_new_seller_ramps_up(demo):
    sid = "S12"
    done = _done(demo)
    mine = done[done.seller_id == sid]
    start = END_TS - pd.Timedelta(days=NEW_SELLER_TENURE_DAYS)  # ~4 months before the end
    first = demo["activities"].loc[demo["activities"].seller_id == sid, "date"].min()
    assert start <= first <= start + pd.Timedelta(days=21)
    for name, col in [
        ("activities", "date"),
        ("offers", "sent_date"),
        ("deals", "close_date"),
        ("coaching_notes", "held_on"),
    ]:
        frame = demo[name]
        assert (frame.loc[frame.seller_id == sid, col] >= start).all(), name
    t = demo["targets"]
    assert t.loc[t.seller_id == sid, "month"].min() == start.to_period("M").to_timestamp()
    first = mine[mine.date < start + pd.Timedelta(days=30)]
    last = mine[mine.date > END_TS - pd.Timedelta(days=30)]
    assert len(last) > 2 * len(first)
    monthly = mine.groupby(mine.date.dt.to_period("M")).size()
    full = monthly.loc[pd.Period("2026-08", "M") : pd.Period("2026-10", "M")]
    assert full.iloc[0] < full.iloc[-1]


def test_seller_who_left(demo):
    sid = "S10"
    s = demo["sellers"].set_index("seller_id")
    assert not s.loc[sid, "active"] and s.active.drop(sid).all()
    last = END_TS - pd.Timedelta(days=LEAVER_DAYS_BEFORE_END)  # the last working day (a Tuesday)
    activity = demo["activities"].loc[lambda a: a.seller_id == sid, "date"]
    assert last - pd.Timedelta(days=14) <= activity.max() <= last
    o = demo["offers"]
    mine = o[o.seller_id == sid]
    assert (mine.status != "open").all()
    assert (mine.sent_date <= last).all() and (mine.closed_date <= last).all()
    d = demo["deals"]
    assert (d.loc[d.seller_id == sid, "close_date"] <= last).all()
    t = demo["targets"]
    assert t.loc[t.seller_id == sid, "month"].max() == last.to_period("M").to_timestamp()
    n = demo["coaching_notes"]
    assert (n.loc[n.seller_id == sid, "held_on"] <= last).all()
    # the pipeline was handed over to a teammate
    handed = o[(o.sent_date <= last) & (o.closed_date.isna() | (o.closed_date > last))]
    assert handed.seller_id.isin(["S09"]).any()


def test_id_format_examples(demo):
    assert demo["sellers"].seller_id.tolist() == [f"S{i:02d}" for i in range(1, 13)]
    assert demo["customers"].customer_id.iloc[0] == "C00001"
    assert re.fullmatch(r"A0*1", demo["activities"].activity_id.iloc[0])
    assert demo["activities"].date.is_monotonic_increasing  # CRM numbering follows time
    assert demo["offers"].sent_date.is_monotonic_increasing


# -- pipeline memory: the weekly exports' history (salescoach/demo_history.py) -------------------


def _stored_text(offers: pd.DataFrame, field: str) -> pd.Series:
    values = offers.set_index("offer_id")[field]
    if field in ("value", "probability"):
        return values.map(lambda v: None if pd.isna(v) else repr(float(v)))
    if field == "expected_close_date":
        return values.map(lambda v: None if pd.isna(v) else v.strftime("%Y-%m-%d"))
    return values.where(values.notna(), None)


def test_the_history_is_weekly_exports_ending_at_the_stored_offers(demo):
    h, o = demo["offer_history"], demo["offers"]
    assert len(h) > 5 * 1000  # every closed offer's status, most stages, many forecasts and values
    assert set(h.field) == {"value", "expected_close_date", "probability", "status", "stage"}
    # every change is seen by a weekly export: a Monday like the last day, 23 Nov 2026
    assert (h.changed_on.dt.day_of_week == END.weekday()).all() and h.changed_on.max() == END_TS
    h = h.sort_values(["offer_id", "field", "changed_on"])
    last = h.groupby(["offer_id", "field"]).tail(1)
    for field, rows in last.groupby("field"):
        stored = _stored_text(o, field)
        assert (rows.new_value.to_numpy() == stored.loc[rows.offer_id].to_numpy()).all(), field
    # each change starts where the one before ended; none changes nothing
    before = h.groupby(["offer_id", "field"]).new_value.shift()
    assert (before.isna() | (before == h.old_value)).all()
    assert (h.old_value != h.new_value).all()
    # a change is recorded by an export after the first one that saw the offer
    sent = h.offer_id.map(o.set_index("offer_id").sent_date)
    assert (h.changed_on > sent).all()


def test_stages_follow_the_status(demo):
    o = demo["offers"]
    assert set(o.loc[o.status == "won", "stage"]) == {"Closed won"}
    assert set(o.loc[o.status == "lost", "stage"]) == {"Closed lost"}
    assert set(o.loc[o.status == "open", "stage"]) == {
        "Offer sent",
        "Follow-up",
        "Negotiation",
        "Verbal agreement",
    }
    orders = o.groupby("stage").stage_order.unique()
    assert {stage: list(v) for stage, v in orders.items()} == {
        "Offer sent": [1.0],
        "Follow-up": [2.0],
        "Negotiation": [3.0],
        "Verbal agreement": [4.0],
        "Closed won": [5.0],
        "Closed lost": [6.0],
    }


def test_the_seller_who_keeps_pushing_close_dates(demo):
    # S04's five biggest offers sent more than eight months ago are open, in Negotiation since
    # shortly after sending, expected at the end of this quarter, and were moved to the next
    # quarter's end a few days after every quarter ended.
    assert STORY_ROLES["S04"] == "pushes_close_dates"
    o, h = demo["offers"], demo["offer_history"]
    old = o[(o.seller_id == "S04") & (o.status == "open") & (o.sent_date <= END_TS - pd.Timedelta(days=240))]
    assert len(old) == 5
    assert (old.expected_close_date == pd.Timestamp("2026-12-31")).all() and (
        old.stage == "Negotiation"
    ).all()
    for offer in old.itertuples():
        pushes = h[(h.offer_id == offer.offer_id) & (h.field == "expected_close_date")].sort_values(
            "changed_on"
        )
        assert len(pushes) >= 2, offer.offer_id
        old_ends = pd.to_datetime(pushes.old_value)
        new_ends = pd.to_datetime(pushes.new_value)
        assert (old_ends == old_ends + pd.offsets.QuarterEnd(0)).all()  # always a quarter's last day
        assert ((new_ends - old_ends).dt.days.between(89, 93)).all()  # to the next quarter's end
        assert ((pushes.changed_on - old_ends).dt.days.between(1, 12)).all()  # just after it passed
    # no other seller's open offers are that old
    others = o[
        (o.seller_id != "S04") & (o.status == "open") & (o.sent_date <= END_TS - pd.Timedelta(days=240))
    ]
    assert len(others) <= 2


def test_december_rush_sellers_pull_q1_offers_into_december(demo):
    h, o = demo["offer_history"], demo["offers"]
    moves = h[h.field == "expected_close_date"].copy()
    moves["seller_id"] = moves.offer_id.map(o.set_index("offer_id").seller_id)
    old, new = pd.to_datetime(moves.old_value), pd.to_datetime(moves.new_value)
    pulled = moves[(old.dt.month <= 3) & (new.dt.month == 12) & (new < old)]
    per_seller = pulled.groupby("seller_id").size()
    for sid in ("S02", "S06"):
        team = _team_of(demo, sid)
        counts = per_seller.reindex(team, fill_value=0)
        assert counts[sid] >= 5, counts.to_dict()
        assert counts[sid] > counts.drop(sid).median(), counts.to_dict()
