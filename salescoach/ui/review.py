"""The team review on a page: the agenda of `salescoach.review`, prepared (with its PDF) or shown
on the shared screen one step at a time (`?present=1`).

In the room (`presentation`) every screen is made for reading from the back of a meeting room
at 1920×1080: body and table text 24 px, chart ticks and axis titles 20 px, near-black on white
(`ROOM_CSS`); no download, help or edit control, and no note text (a `Review` holds none). The
screens are drawn from data as text (a small `st.components.v2` component sets each element's
`textContent`: never HTML, never Markdown), and the charts are the dashboard's
(`salescoach.charts`) drawn without their toolbar. The arrow keys and Page Up / Page Down (what a
presenter's clicker sends) step through the agenda: another small component listens to
`keydown` on the page and sends the step back to Python (`setTriggerValue`), as the Previous /
Next buttons do. The step is in the URL (`step=team`, a seller id, `actions`), so a
reload stays on the same screen and a link can open a seller's screen (`step=S01`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from salescoach import change_charts, charts, formatting, i18n, review, review_pdf, review_text
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.ui import chart_element, data
from salescoach.ui.context import PageContext
from salescoach.ui.url import KEY_PRESENT

STEP_KEY = "review_step"
STEP_URL = "step"  # ?step=team, ?step=S01 (a seller's screen), ?step=actions
_STEP_WRITTEN = "_review_step_in_url"
ROOM_TEXT_PX = 24  # body and table text in the room
ROOM_TICK_PX = 20  # chart ticks and axis titles in the room
ROOM_INK = "#111111"
ROOM_CSS = """
<style>
[data-testid="stMain"] button p { font-size: 24px; }
[data-testid="stMainBlockContainer"] { max-width: 1880px; padding: 1rem 2rem 3rem 2rem; }
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebar"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] { display: none; }
</style>
"""  # the page around the room's screens: larger buttons; no app menu, no sidebar (filters, help)
_ROOM_STYLE = f"""
.review-room {{ color: {ROOM_INK}; background: #ffffff; font-size: {ROOM_TEXT_PX}px; line-height: 1.35; }}
.review-room h1 {{ font-size: 48px; margin: 0 0 4px 0; }}
.review-room h2 {{ font-size: 32px; margin: 18px 0 6px 0; }}
.review-room p {{ font-size: {ROOM_TEXT_PX}px; margin: 4px 0; }}
.review-room p.center {{ text-align: center; }}
.review-room table {{ border-collapse: collapse; width: 100%; }}
.review-room th, .review-room td {{ font-size: {ROOM_TEXT_PX}px; text-align: left; padding: 6px 14px;
  border-bottom: 1px solid #767676; vertical-align: top; }}
.review-room th {{ border-bottom: 2px solid {ROOM_INK}; }}
.review-room .n {{ text-align: right; white-space: nowrap; }}
.review-room .tiles {{ display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; }}
.review-room .tile {{ border: 2px solid #767676; border-radius: 8px; padding: 8px 14px; }}
.review-room .tile .value {{ font-size: 40px; font-weight: 700; }}
"""
# The room's screens are drawn from data as text: the blocks (`_heading`, `_para`, `_table`,
# `_tiles`) go to the browser as JSON and become elements whose `textContent` is set, so a name
# or an action is never read as HTML or Markdown (no `st.html`, no `unsafe_allow_html`).
_ROOM_JS = """
const make = (tag, text, name) => {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (name) node.className = name;
  return node;
};
const row = (tag, values, numeric) => {
  const line = make("tr");
  values.forEach((value, column) => line.appendChild(make(tag, value, numeric.includes(column) ? "n" : "")));
  return line;
};
const block = (part) => {
  if (part.kind === "table") {
    const table = make("table");
    table.appendChild(row("th", part.rows[0], part.numeric));
    part.rows.slice(1).forEach((values) => table.appendChild(row("td", values, part.numeric)));
    return table;
  }
  if (part.kind === "tiles") {
    const grid = make("div", null, "tiles");
    part.tiles.forEach(([name, value]) => {
      const tile = make("div", null, "tile");
      tile.appendChild(make("p", name));
      tile.appendChild(make("p", value, "value"));
      grid.appendChild(tile);
    });
    return grid;
  }
  return make(part.kind, part.text, part.align || "");
};
export default function(component) {
  const { data, parentElement } = component;
  let room = parentElement.querySelector(".review-room");
  if (!room) {
    room = make("div", null, "review-room");
    parentElement.appendChild(room);
  }
  room.replaceChildren(...(data && data.blocks ? data.blocks : []).map(block));
}
"""
_room_screen = st.components.v2.component(
    "salescoach.review_room", css=_ROOM_STYLE, js=_ROOM_JS, isolate_styles=False
)
_KEYS_JS = """
export default function(component) {
  window.__salescoachReviewStep = component.setTriggerValue;
  if (window.__salescoachReviewKeys) return;
  window.__salescoachReviewKeys = true;
  const forward = ["ArrowRight", "ArrowDown", "PageDown"];
  const back = ["ArrowLeft", "ArrowUp", "PageUp"];
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    const step = forward.includes(event.key) ? "next" : back.includes(event.key) ? "previous" : null;
    if (step === null || !document.querySelector(".st-key-review_next")) return;
    event.preventDefault();
    window.__salescoachReviewStep("step", step + ":" + Date.now());
  });
}
"""
_keys = st.components.v2.component("salescoach.review_keys", js=_KEYS_JS)


@st.cache_data(show_spinner=False, max_entries=32)
def _cached_review(db: str, versions: tuple, as_of: dt.date, teams: tuple | None, lang: str) -> review.Review:
    return review.build_review(data.get_coach(), as_of, teams, lang)


def current_review(context: PageContext) -> review.Review:
    """The review of the sidebar's teams (the viewer's) as of the sidebar's day, cached on the
    data versions."""
    teams = context.filters.params()["teams"]
    lang = i18n.current_language()
    coach = data.get_coach()
    return _cached_review(
        str(coach.path),
        data.run_versions(),
        context.filters.as_of,
        None if teams is None else tuple(teams),
        lang,
    )


# -- the step ----------------------------------------------------------------------------


def step_index(steps: list[str], raw: str | None) -> int:
    """The place in `steps` a URL's `step` names: a step's name (`team`, a seller id,
    `actions`), or its number from 0; the team for anything else."""
    if raw in steps:
        return steps.index(raw)
    if raw and raw.isdigit():
        return min(int(raw), len(steps) - 1)
    return 0


def _step(steps: list[str]) -> int:
    """The step shown: the URL's when it changed outside this page (a shared link, a reload),
    else the session's (moved by the buttons and the keys)."""
    raw = st.query_params.get(STEP_URL)
    if raw is not None and raw != st.session_state.get(_STEP_WRITTEN):
        st.session_state[STEP_KEY] = step_index(steps, raw)
    step = min(max(int(st.session_state.get(STEP_KEY, 0)), 0), len(steps) - 1)
    st.session_state[STEP_KEY] = step
    st.session_state[_STEP_WRITTEN] = st.query_params[STEP_URL] = steps[step]
    return step


def _move(by: int) -> None:
    st.session_state[STEP_KEY] = int(st.session_state.get(STEP_KEY, 0)) + by


def _start() -> None:
    st.session_state[KEY_PRESENT] = True
    st.session_state[STEP_KEY] = 0
    st.session_state.pop(_STEP_WRITTEN, None)
    st.query_params.pop(STEP_URL, None)


def _leave() -> None:
    st.session_state[KEY_PRESENT] = False


def stepper(agenda: review.Review) -> int:
    """Previous / Next buttons and the keyboard: the step shown (0 = the team)."""
    total = len(agenda.steps)
    pressed = _keys(key="review_keys", on_step_change=lambda: None)
    if pressed is not None and getattr(pressed, "step", None):
        _move(1 if str(pressed.step).startswith("next") else -1)
    step = _step(agenda.steps)
    leave, left, middle, right = st.columns([1, 1, 3, 1], vertical_alignment="center")
    leave.button(t("review.leave"), key="review_leave", on_click=_leave, width="stretch")
    left.button(
        t("review.previous"),
        key="review_previous",
        on_click=_move,
        args=(-1,),
        disabled=step == 0,
        width="stretch",
    )
    with middle:
        position = t("review.step", position=step + 1, total=total)
        _room([_para(f"{position} · {t('review.keys_hint')}", "center")], key="review_room_step")
    right.button(
        t("review.next"),
        key="review_next",
        on_click=_move,
        args=(1,),
        disabled=step + 1 >= total,
        type="primary",
        width="stretch",
    )
    return step


REVIEW_PAGE = "pages/review.py"


def open_review(context: PageContext, step: str = review.TEAM_STEP) -> None:
    """Go to the review's screen `step` on the shared screen (from a page in presentation mode)."""
    st.session_state.pop(_STEP_WRITTEN, None)
    st.switch_page(REVIEW_PAGE, query_params=context.url_params(seller=None, present="1", step=step))


# -- the room's screens --------------------------------------------------------------------


Block = dict[str, object]


def _table(rows, numeric=()) -> Block:
    return {"kind": "table", "rows": [[str(v) for v in row] for row in rows], "numeric": list(numeric)}


def _room(parts: list[Block], key: str) -> None:
    """Blocks of the room's screen, drawn as text (see `_ROOM_JS`)."""
    _room_screen(data={"blocks": parts}, key=key)


def _heading(text: str, level: int = 2) -> Block:
    return {"kind": f"h{level}", "text": text}


def _para(text: str, align: str | None = None) -> Block:
    return {"kind": "p", "text": text, "align": align}


def room_chart(figure: go.Figure, key: str) -> None:
    """A dashboard chart in the room: larger, near-black type, no toolbar (no download)."""
    tick = {"size": ROOM_TICK_PX, "color": ROOM_INK}
    big = go.Figure(figure).update_layout(
        font={"size": ROOM_TICK_PX, "color": ROOM_INK}, legend={"font": tick}, title={"font": {"size": 26}}
    )
    big.update_xaxes(tickfont=tick, title_font=tick).update_yaxes(tickfont=tick, title_font=tick)
    chart_element.draw(big, key, toolbar=False)


def team_screen(agenda: review.Review) -> None:
    lang = agenda.lang
    _room([_heading(t("review.agenda.team"), 1), _para(review_text.subtitle(agenda))], key="review_room_team")
    if not agenda.sellers:
        _room([_para(t("review.no_sellers"))], key="review_room_empty")
        return
    rows = review_text.quarter_rows(agenda, agenda.totals, review_text.thin_lines(agenda))
    _room([_table(rows)], key="review_room_quarters")
    span = formatting.format_span(agenda.since, agenda.as_of, lang)
    left, right = st.columns(2)
    with left:
        parts = [_heading(t("review.changes_heading", span=span))]
        if agenda.changes is None:
            _room([*parts, _para(t("review.no_changes"))], key="review_room_changes")
        else:
            head = [t("review.col.what"), t("review.col.offers"), t("col.value")]
            _room(
                [
                    *parts,
                    _para(review_text.change_summary(agenda.changes, lang)),
                    _table([head, *review_text.change_rows(agenda.changes, lang)], (1, 2)),
                ],
                key="review_room_changes",
            )
            room_chart(change_charts.waterfall_chart(agenda.changes), key="review_room_waterfall")
    with right:
        _room(_attention_parts(agenda), key="review_room_attention")
    sellers = pd.DataFrame([dict(s.figures) for s in agenda.sellers])
    columns = st.columns(2)
    for column, (which, start) in zip(
        columns, (("this", agenda.quarter_from), ("next", agenda.next_quarter)), strict=True
    ):
        with column:
            _room(
                [_heading(t("review.coverage_chart", quarter=formatting.quarter_name(start, lang)))],
                key=f"review_room_coverage_title_{which}",
            )
            room_chart(
                charts.coverage_chart(sellers, next_quarter=which == "next"),
                key=f"review_room_coverage_{which}",
            )


def _attention_parts(agenda: review.Review) -> list[Block]:
    parts = [_heading(t("review.attention_heading"))]
    if agenda.attention.empty:
        return [
            *parts,
            _para(t("review.attention_none", date=formatting.format_date(agenda.as_of, agenda.lang))),
        ]
    listed = agenda.attention.head(5).to_dict("records")
    rows = [["#", t("col.seller"), t("review.why_heading")]]
    rows += [[int(r["rank"]), r["seller"], r["why"][0] if r["why"] else ""] for r in listed]
    parts.append(_table(rows))
    if len(agenda.attention) > len(listed):
        parts.append(_para(t("review.attention_more", count=len(agenda.attention) - len(listed))))
    return parts


def seller_screen(agenda: review.Review, screen: review.SellerScreen) -> None:
    lang = agenda.lang
    parts = [
        _heading(t("review.agenda.seller", seller=screen.seller, team=screen.team), 1),
        _tiles(screen.figures),
    ]
    parts.append(_table(review_text.quarter_rows(agenda, screen.figures)))
    if screen.why:
        parts += [_heading(t("review.why_heading")), *(_para(f"• {why}") for why in screen.why)]
    parts.append(
        _heading(t("review.wins_heading", span=formatting.format_span(agenda.wins_from, agenda.as_of, lang)))
    )
    if screen.wins.empty:
        parts.append(_para(t("review.no_wins")))
    else:
        rows = review_text.win_rows(screen.wins, lang, review.LISTED)
        parts.append(_table(rows, (2,)))
    parts += _actions_parts(agenda, screen.actions, t("review.actions_heading"), t("review.no_actions"))
    _room(parts, key="review_room_seller")


def _tiles(figures) -> Block:
    tiles = [
        [label(metric), format_value(metric, figures.get(metric))]
        for metrics in review.TILE_GROUPS.values()
        for metric in metrics
    ]
    return {"kind": "tiles", "tiles": tiles}


def _actions_parts(
    agenda: review.Review, actions, heading: str, empty: str, with_seller: bool = False
) -> list[Block]:
    parts = [_heading(heading)]
    if actions.empty:
        return [*parts, _para(empty)]
    head = ([t("col.seller")] if with_seller else []) + [
        t("review.col.owner"),
        t("review.col.action"),
        t("review.col.due"),
    ]
    return [*parts, _table([head, *review_text.action_rows(actions, agenda.lang, with_seller)])]


def actions_screen(agenda: review.Review) -> None:
    parts = [_heading(t("review.agenda.actions"), 1), _para(t("review.team_actions_intro"))]
    parts += _actions_parts(
        agenda, agenda.team_actions, t("review.actions_heading"), t("review.no_team_actions"), True
    )
    _room(parts, key="review_room_actions")


def in_the_room(agenda: review.Review) -> None:
    """The shared screen: the room's type, the stepper, one step of the agenda."""
    st.html(ROOM_CSS)
    step = stepper(agenda)
    name = agenda.steps[step]
    if name == review.TEAM_STEP:
        team_screen(agenda)
    elif name == review.ACTIONS_STEP:
        actions_screen(agenda)
    else:
        seller_screen(agenda, agenda.screen(name))


# -- preparing the review ------------------------------------------------------------------


def prepare(agenda: review.Review) -> None:
    """Where the director prepares the review: the agenda, the PDF and the start button."""
    lang = agenda.lang
    left, right = st.columns(2)
    left.button(
        t("review.start_present"),
        key="review_start",
        on_click=_start,
        type="primary",
        icon=":material/co_present:",
    )
    right.download_button(
        t("review.pdf_button"),
        lambda: review_pdf.review_pdf(agenda),
        file_name=t("review.pdf_file", date=agenda.as_of.isoformat()),
        mime="application/pdf",
        key="review_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    rows = [
        [
            "#",
            t("col.seller"),
            t("col.team"),
            t("review.wins_heading", span=formatting.format_span(agenda.wins_from, agenda.as_of, lang)),
            t("review.actions_heading"),
            t("review.why_heading"),
        ]
    ]
    rows.append(
        [1, t("review.agenda.team"), ", ".join(agenda.teams), len(agenda.wins), "", len(agenda.attention)]
    )
    for number, screen in enumerate(agenda.sellers, start=2):
        rows.append(
            [
                number,
                screen.seller,
                screen.team,
                len(screen.wins),
                len(screen.actions),
                " · ".join(screen.why),
            ]
        )
    rows.append([len(agenda.steps), t("review.agenda.actions"), "", "", len(agenda.team_actions), ""])
    st.dataframe(
        pd.DataFrame(rows[1:], columns=[str(c) for c in rows[0]]).astype(str),
        hide_index=True,
        width="stretch",
    )
    st.caption(t("review.private_rule"))
