"""Imported text is text everywhere (issue 12, point 2).

Three layers, each able to fail on its own:

1. the helpers: `escape_markdown` (every Markdown surface), `option_label` (selectbox options),
   `charts.chart_text` (plotly) keep each payload literal;
2. the code check (tests/markup_guard.py): no data reaches a Markdown surface of Streamlit in
   app.py, pages/ or salescoach/ui/ without `escape_markdown`; it catches a page that forgets;
3. every page on a database whose every imported text is a payload (tests/markup_payloads.py),
   run with AppTest: every text Streamlit would render as Markdown shows each payload only in
   its escaped form, option lists show them plain, and every chart has them escaped and out of
   its hover templates. The real browser check is tests/test_browser_markup.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from salescoach import charts
from salescoach.ui.chart_element import COMPONENT
from salescoach.ui.text import WORD_JOINER, escape_markdown, option_label
from tests.chart_elements import chart_of
from tests.db_state import app_database
from tests.markup_guard import allowances, app_sources, check_sources
from tests.markup_payloads import END, PAYLOADS, hubspot_export, payload_database, seller_of, team_of

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def shown(markdown: str) -> str:
    """What a reader sees of escaped Markdown: the backslash escapes and word joiners removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


# -- 1. the helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_markdown_keeps_every_payload_literal(payload):
    escaped = escape_markdown(payload)
    assert shown(escaped) == payload
    # no Markdown, directive, KaTeX or HTML character is left unescaped
    assert not re.search(r"(?<!\\)[*_\[\]<>$`~|]", escaped.replace("\\\\", "")), escaped
    assert not re.search(r"(?<!\\):[a-z]", escaped), escaped  # no directive can start
    assert escape_markdown(escaped) == escaped  # escaping twice is escaping once


def test_escape_markdown_breaks_the_rewrites_streamlit_makes_in_the_text():
    # Streamlit rewrites ':material/' before parsing and links, icons, emoji and arrows in the
    # parsed text, where a backslash escape no longer is: a word joiner stops each one.
    assert escape_markdown(":material/home:") == "\\:material\u2060/home\\:"
    assert escape_markdown(":streamlit: :smile:") == "\\:streamlit\u2060\\: \\:smile\u2060\\:"
    assert escape_markdown("see http://a.fi") == "see http\u2060\\://a\\.fi"
    assert escape_markdown("www.a.fi") == "www\u2060\\.a\\.fi"
    assert escape_markdown("anna@a.fi") == "anna@a\u2060\\.fi"
    assert (
        escape_markdown("a -> b <- c -- d >= e")
        == "a \\-\u2060\\> b \\<\u2060\\- c \\-\u2060\\- d \\>\u2060\\= e"
    )
    # a line break or four spaces would start a new block (a list, a code block): one space
    assert escape_markdown("one\n\n- two\r\n    three") == "one \\- two three"
    # plain names, hyphens and dots are untouched in what the reader sees
    for name in ("Aino Salonen", "Anna-Liisa O'Brien", "St. Mary's Oy", "1. Team"):
        assert shown(escape_markdown(name)) == name


def test_option_label_is_plain_text_on_one_line():
    # selectbox and multiselect options are plain text in Streamlit 1.67 (checked in the browser,
    # tests/test_browser_markup.py): nothing to escape, a backslash would show
    assert option_label("**x** :red[y]") == "**x** :red[y]"
    assert option_label("a\nb") == "a b"
    assert option_label(None) == "" and option_label(float("nan")) == ""


@pytest.mark.parametrize("payload", PAYLOADS)
def test_chart_text_escapes_what_plotly_reads_as_html(payload):
    text = charts.chart_text(payload)
    assert "<" not in text and ">" not in text
    assert text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == payload
    assert charts.chart_text("A & B") == "A &amp; B" and charts.chart_text("&amp;") == "&amp;amp;"
    assert charts.chart_text(None) == "–"


# -- 2. the code check -----------------------------------------------------------------------------


def test_no_data_reaches_a_markdown_surface_unescaped():
    findings = check_sources(app_sources())
    assert [str(f) for f in findings] == []


def test_the_allowances_are_the_known_ones():
    # each `# markdown-safe:` line is a decision the check cannot verify: a new one is reviewed here
    assert sorted(allowances(app_sources())) == [
        (
            "salescoach/ui/coaching_state.py",
            "return message  # markdown-safe: set only through flash(message: Markdown)",
        ),
        (
            "salescoach/ui/text.py",
            "return shown.describe()  # markdown-safe: the only data in it, the team names, escaped above",
        ),
    ]


FORGETFUL_PAGE = """\
import streamlit as st
from salescoach import ui
from salescoach.i18n import t

context = ui.page_context()
info = ui.sellers(context.viewer).iloc[0]
name = info["seller"]
st.title(name)                                                # 8
st.caption(t("seller.median_caption", count=3, team=info["team"]))  # 9
ui.page_header(str(info["seller"]), t("seller.intro"))        # 10
for note in ["a", "b"]:
    st.warning(note)                                          # 12
left = st.columns(2)[0]
left.button(f"{name} ▶")                                      # 14
st.tabs([t("coaching.tab.notes"), info["team"]])              # 15
st.metric(t("x.y"), 1, delta=info["team"])                    # 16
st.radio("Seller", ["a"])                                     # 17
st.selectbox("Seller", ["a"], format_func=ui.escape_markdown)  # 18
st.badge(ui.escape_markdown(name))                            # 19
with st.expander(t("import.table_rows", table=name, rows=1)): # 20
    pass
st.error(t(name))                                             # 22


def heading(record) -> ui.Markdown:
    return record["seller"]                                   # 26


ui.empty_state(heading(info))
st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)        # 30
st.html(name)                                                 # 31
st.column_config.TextColumn("Seller", help=name)              # 32
"""
FINE_PAGE = """
import streamlit as st
from salescoach import ui
from salescoach.i18n import t
from salescoach.metrics import format_value, label

context = ui.page_context()
info = ui.sellers(context.viewer).iloc[0]
name = ui.escape_markdown(info["seller"])
st.title(name)
st.caption(t("seller.median_caption", count=len(info), team=ui.escape_markdown(info["team"])))
st.metric(label("sales"), format_value("eur", info["sales"]), delta=t("x.y", n=int(info["n"]) + 1))
st.selectbox("Seller", ["a"], format_func=ui.option_label)
st.radio("Seller", ["a"], format_func=ui.escape_markdown)
headings = {"a": t("a.b"), "c": t("c.d")}
for key in headings:
    st.markdown(f"**{headings[key]}**")
st.subheader(t("a.b") + (f" – {name}" if name else ""))
"""


def test_the_check_catches_a_page_that_forgets():
    findings = check_sources({ROOT / "pages" / "forgetful.py": FORGETFUL_PAGE})
    assert sorted({f.line for f in findings}) == [8, 9, 12, 14, 15, 16, 17, 18, 19, 20, 22, 26, 30, 31, 32], [
        str(f) for f in findings
    ]
    # kit functions are held to their `Markdown` parameters too, with the real kit's signatures
    sources = {**app_sources(), ROOT / "pages" / "forgetful.py": FORGETFUL_PAGE}
    assert any(f.line == 10 and "page_header()" in f.why for f in check_sources(sources))
    # a kit parameter annotated list[Markdown] (ui.lazy_tabs' labels) checks every item
    tabs_page = FORGETFUL_PAGE + 'ui.lazy_tabs([t("a.b"), info["team"]], key="k")            # 33\n'
    tabs_page += 'ui.lazy_tabs([t("a.b"), ui.escape_markdown(info["team"])], key="k")\n'
    sources = {**app_sources(), ROOT / "pages" / "forgetful.py": tabs_page}
    tab_findings = [f for f in check_sources(sources) if "lazy_tabs()" in f.why]
    assert [f.line for f in tab_findings] == [33], [str(f) for f in tab_findings]


def test_the_check_accepts_escaped_data_formatted_numbers_and_catalogue_text():
    assert [str(f) for f in check_sources({ROOT / "pages" / "fine.py": FINE_PAGE})] == []


# -- 3. charts ---------------------------------------------------------------------------------------


def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, path)


def assert_chart_shows_text(spec: dict, expect: tuple[str, ...] = ()) -> None:
    """No payload reaches plotly raw (plotly reads `<`, `&` as HTML) or inside a template (plotly
    fills `%{...}` there); each of `expect` is drawn escaped."""
    strings = list(_strings(spec))
    for path, text in strings:
        for payload in PAYLOADS:
            if charts.chart_text(payload) != payload:
                assert payload not in text, (path, text)
        if path and path[-1] in ("hovertemplate", "texttemplate"):
            # no name in a template ('%{x}' as a name would read as plotly's own %{x}: the
            # variables below are all a template holds)
            assert not [p for p in PAYLOADS if "%{" not in p and charts.chart_text(p) in text], (path, text)
            assert set(re.findall(r"%\{([^}]*)\}", text)) <= {
                "x",
                "y",
                "text",
                "customdata",
                "hovertext",
                "fullData.name",
            }, text
    drawn = {text for _, text in strings}
    for payload in expect:
        assert charts.chart_text(payload) in drawn, payload


def test_every_chart_of_names_draws_them_as_text():
    n = len(PAYLOADS)
    names = list(PAYLOADS)
    scorecard = pd.DataFrame(
        {
            "seller_id": [f"S{i}" for i in range(n)],
            "seller": names,
            "team": names[::-1],
            "sales": range(n),
            "sales_target": [5] * n,
            "pipeline_coverage": [1.5] * n,
            "required_coverage": [2.0] * n,
            "thin": [True] * n,
            "hit_rate": [0.5] * n,
            "value_hit_rate": [0.4] * n,
            "offers_per_win": [2.0] * n,
            "meetings": [3] * n,
            "offers_sent": [2] * n,
            "offers_won": [1] * n,
        }
    )
    weekly = pd.DataFrame(
        {
            "seller_id": scorecard["seller_id"],
            "seller": names,
            "week": [pd.Timestamp("2026-11-16")] * n,
            "meetings": [2] * n,
            "meetings_target": [3.0] * n,
        }
    )
    trend = pd.DataFrame({"month": pd.to_datetime(["2026-10-01", "2026-11-01"]), "v": [1, 2], "m": [1, 1]})
    figures = [
        charts.coverage_chart(scorecard),
        charts.sales_vs_target_chart(scorecard),
        charts.bar_chart(scorecard, "seller", "offers_per_win", colour_by="team", horizontal=True),
        charts.bar_chart(scorecard, "team", "sales"),
        charts.paired_bars_chart(scorecard, "seller", {"hit_rate": "by count"}, metric="hit_rate"),
        charts.funnel_chart(scorecard, "team"),
        charts.meetings_heatmap(weekly),
    ]
    for figure in figures:
        assert_chart_shows_text(figure.to_plotly_json(), expect=PAYLOADS)
    for payload in PAYLOADS:
        line = charts.line_with_band(trend, "month", "v", "m", metric="meetings", seller=payload)
        assert_chart_shows_text(line.to_plotly_json(), expect=(payload,))
        panels = (charts.TrendPanel("v", "meetings", None, "Meetings"),)
        grid = charts.trend_grid(trend.assign(v_p25=0, v_p75=2, v_median=1), "month", panels, seller=payload)
        assert_chart_shows_text(grid.to_plotly_json(), expect=(payload,))


# -- 4. every page on the payload database -----------------------------------------------------------------


@pytest.fixture(scope="module")
def payload_db(demo_template, tmp_path_factory):
    path = payload_database(tmp_path_factory.mktemp("payloads") / "payloads.duckdb", demo_template)
    with pytest.MonkeyPatch.context() as patch, app_database(patch, path):
        yield path


MARKDOWN_FIELDS = frozenset({"body", "label", "help", "delta", "delta_description", "title", "captions"})
PLAIN_MESSAGES = frozenset({"Text", "Code"})  # st.text, st.code: their body is plain text
MARKDOWN_OPTIONS = frozenset({"Radio", "ButtonGroup"})
PLAIN_OPTIONS = frozenset({"Selectbox", "MultiSelect"})


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _fields(message: Message):
    """(message type, field name, text) of every text field in `message`, nested ones too."""
    kind = type(message).__name__
    for field, value in message.ListFields():
        repeated = hasattr(value, "__len__") and not isinstance(value, str | bytes | Message)
        values = list(value) if repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _fields(item)
            elif isinstance(item, str):
                yield kind, field.name, item


def rendered(at: AppTest) -> dict[str, list]:
    """What the run sent to the browser: Markdown texts, plain option labels, chart specs."""
    out = {"markdown": [], "options": [], "charts": []}
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        kind = type(proto).__name__
        assert kind != "IFrame", kind
        if kind == "Html":  # st.html: the pages' constant stylesheets, nothing else
            assert proto.body.lstrip().startswith("<style>"), proto.body
            continue
        if kind == "BidiComponent" and proto.component_name == COMPONENT:  # ui.show_chart
            out["charts"].append(chart_of(proto).figure)
            continue
        if kind == "Markdown" and proto.allow_html:
            assert proto.body.lstrip().startswith("<style>"), proto.body  # constant stylesheets only
            continue
        for message, field, text in _fields(proto):
            if field == "options" and kind in PLAIN_OPTIONS:
                out["options"].append(text)
            elif field in MARKDOWN_FIELDS or (field == "options" and kind in MARKDOWN_OPTIONS):
                if not (field == "body" and message in PLAIN_MESSAGES):
                    out["markdown"].append((f"{message}.{field}", text))
    return out


def assert_text_everywhere(at: AppTest) -> dict[str, list]:
    """The run drew, and every payload it shows anywhere is shown literally (see the module)."""
    assert not at.exception, [e.value for e in at.exception]
    seen = rendered(at)
    for where, text in seen["markdown"]:
        for payload in PAYLOADS:
            if escape_markdown(payload) != payload:
                assert payload not in text, f"{payload!r} reaches {where} raw: {text!r}"
            if payload in shown(text):
                assert escape_markdown(payload) in text, f"{payload!r} half escaped in {where}: {text!r}"
    for option in seen["options"]:
        assert "\\" not in option, f"an escaped option shows its backslashes: {option!r}"
    for spec in seen["charts"]:
        assert_chart_shows_text(spec)
    return seen


def run_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page)
    return at.run()


def markdown_of(seen, field: str) -> list[str]:
    return [text for where, text in seen["markdown"] if where == field]


PAGES = (
    "pages/team_overview.py",
    "pages/activity.py",
    "pages/conversion.py",
    "pages/pipeline.py",
    "pages/seller.py",
    "pages/coaching.py",
    "pages/import_data.py",
)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_payloads_as_text(payload_db, page):
    seen = assert_text_everywhere(run_page(page))
    if page == "pages/team_overview.py":  # the control: the payloads are on the page
        sellers = [o for o in seen["options"] if o in PAYLOADS]
        assert sorted(set(sellers)) == sorted(PAYLOADS)  # the sidebar's pickers show them plain
        for spec in seen["charts"]:
            assert_chart_shows_text(spec)
        # the charts of sellers (coverage this and next quarter, sales against target) draw the
        # names as text; the waterfall of what moved since the last review draws no names
        drawn = [{text for _, text in _strings(spec)} for spec in seen["charts"]]
        naming = [texts for texts in drawn if all(charts.chart_text(p) in texts for p in PAYLOADS[:5])]
        assert len(naming) >= 3, len(naming)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_seller_page_of_each_payload_seller(payload_db, payload):
    seller_id, team = team_of(payload_db, payload)
    at = run_page("pages/seller.py", seller=seller_id)
    seen = assert_text_everywhere(at)
    assert at.title[0].value == escape_markdown(payload)
    captions = markdown_of(seen, "Markdown.body")
    assert any(f"team {escape_markdown(team)}" in text for text in captions), captions  # its team
    for spec in seen["charts"]:
        if any(t.get("mode") == "lines+markers" for t in spec["data"]):  # its trend lines
            assert_chart_shows_text(spec, expect=(payload,))


@pytest.mark.parametrize("page", PAGES[:6])
def test_every_page_filtered_to_a_payload_team_and_seller(payload_db, page):
    team = PAYLOADS[3]  # the seller S01 is in it (tests/markup_payloads.py)
    seen = assert_text_everywhere(run_page(page, team=team))
    captions = markdown_of(seen, "Markdown.body")
    assert any(escape_markdown(team) in text for text in captions), captions
    assert_text_everywhere(run_page(page, seller=seller_of(payload_db, PAYLOADS[0]), period="year"))


@pytest.mark.parametrize("page", ("pages/team_overview.py", "pages/seller.py", "pages/coaching.py"))
def test_presentation_mode_shows_the_payloads_as_text(payload_db, page):
    seller_id = seller_of(payload_db, PAYLOADS[1])
    at = run_page(page, present="1", seller=seller_id)
    seen = assert_text_everywhere(at)
    buttons = [b.label for b in at.button]
    if page != "pages/coaching.py":  # the review's steps name the neighbours: escaped
        assert any(WORD_JOINER in label or "\\" in label for label in buttons), buttons
    assert seen["markdown"]


def test_the_coaching_page_reads_a_payload_note(payload_db):
    at = run_page("pages/coaching.py")
    picker = at.selectbox(key="coaching_read_note")
    assert any(p in option for option in picker.options for p in PAYLOADS)  # names, plain
    picker.select_index(0).run()
    assert_text_everywhere(at)  # with the note open (the reviews tab is drawn too)
    texts = [t.value for t in at.text]
    assert any(text in PAYLOADS for text in texts), texts  # the GROW texts, plain and exact


def test_the_seller_page_forms_show_the_payloads_as_text(payload_db):
    seller_id = seller_of(payload_db, PAYLOADS[0])
    at = run_page("pages/seller.py", seller=seller_id, period="year", date=END.isoformat())
    lost = at.selectbox(key=f"coaching.review_offer.{seller_id}")
    assert lost.options and all("\\" not in o for o in lost.options)
    lost.select_index(0).run()
    assert_text_everywhere(at)
    edits = [b for b in at.button if b.key and b.key.startswith("coaching.edit.")]
    assert edits
    edits[0].click().run()
    assert_text_everywhere(at)
    values = [t.value for t in at.text_area] + [t.value for t in at.text_input]
    assert any(v in PAYLOADS for v in values), values  # the form holds the stored text exactly


def test_the_import_page_echoes_preset_stages_and_owners_as_text(payload_db, tmp_path):
    from tests.test_app_import import _page_with_uploads

    files = {path.name: path.read_bytes() for path in hubspot_export(tmp_path / "export")}
    at = _page_with_uploads(files)
    at.session_state["import_source"] = "hubspot"
    at.run()
    assert_text_everywhere(at)
    warnings = [w.value for w in at.warning]
    assert any("deal stages read as open" in w for w in warnings), warnings
    assert sum(escape_markdown(p) in w for w in warnings for p in PAYLOADS) >= 8, warnings
