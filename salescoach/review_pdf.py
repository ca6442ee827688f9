"""The team review as one PDF: A4 landscape, one page per step of the agenda (plain Python).

`review_pdf(review) -> bytes` draws `salescoach.review.Review`: the team page (this and next
quarter, the week's pipeline changes, the attention list, coverage per seller this and next
quarter as bar charts), one page per seller (MSL figures, coverage, the week's wins, open
agreed actions), and the team's agreed actions. Each page's content is fitted to its page
(shrunk when a team is large), so the PDF has exactly `review.page_count` pages.

Drawn with ReportLab (text, tables and the charts, which are vector drawings of
`reportlab.graphics` in the dashboard's colour-blind-safe palette: `salescoach.charts`): no
browser is needed to make it. Text is set in DejaVu Sans (Debian's `fonts-dejavu-core`, which the
project scripts install), or ReportLab's own Bitstream Vera when that is missing. Names, customers
and actions are data: they are escaped for ReportLab's paragraph markup, so they print exactly as
typed. No note text is in a `Review`, so none can reach the PDF.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepInFrame,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from salescoach import charts, formatting, review, review_text
from salescoach.i18n import t
from salescoach.metrics import format_value

PAGE = landscape(A4)
MARGIN = 14 * mm
FRAME = (PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN - 8 * mm)  # the content of one page (a footer below)
FONT, BOLD = "ReviewSans", "ReviewSans-Bold"
_FONT_FILES = (  # (regular, bold): Debian's DejaVu Sans, else the Vera that comes with ReportLab
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
)
INK = colors.HexColor("#111111")  # dark on white: prints in black and white
RULE = colors.HexColor("#888888")
SHADE = colors.HexColor("#eeeeee")
TEAM_PAGE_LISTED = 6  # sellers of the attention list on the team page (the seller pages give every reason)


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    for regular, bold in (*_FONT_FILES, (bundled / "Vera.ttf", bundled / "VeraBd.ttf")):
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
            return
    raise RuntimeError("no TrueType font for the PDF: install Debian's fonts-dejavu-core")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, textColor=INK)
    styles = {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=20, leading=24, spaceAfter=2),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=BOLD, fontSize=13, leading=17, spaceBefore=6
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=9, leading=11.5),
    }
    styles["cell_right"] = ParagraphStyle("cell_right", parent=styles["cell"], alignment=TA_RIGHT)
    styles["head_right"] = ParagraphStyle("head_right", parent=styles["head"], alignment=TA_RIGHT)
    return styles


def text(value: object) -> str:
    """Data or catalogue text as ReportLab paragraph text: escaped, so it prints as typed."""
    return escape("" if value is None else str(value))


def review_pdf(agenda: review.Review) -> bytes:
    """The PDF of `agenda`, one page per step (`agenda.page_count` pages)."""
    _register_fonts()
    styles = _styles()
    lang = agenda.lang
    pages = [_team_page(agenda, styles)]
    pages += [_seller_page(agenda, screen, styles) for screen in agenda.sellers]
    pages.append(_actions_page(agenda, styles))
    story = []
    for number, content in enumerate(pages):
        story.append(KeepInFrame(FRAME[0], FRAME[1], content, mode="shrink"))
        if number + 1 < len(pages):
            story.append(PageBreak())
    out = io.BytesIO()
    footer = _footer(agenda, len(pages))
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 8 * mm,
        title=f"{t('review.title', lang)} {formatting.format_date(agenda.as_of, lang)}",
        author=t("digest.sent_by", lang),
        lang={"en": "en-IE", "fi": "fi-FI", "sv": "sv-FI", "nb": "nb-NO"}.get(lang or "", ""),
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _footer(agenda: review.Review, pages: int):
    def draw(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(INK)
        words = t(
            "review.pdf_page",
            agenda.lang,
            date=formatting.format_date(agenda.as_of, agenda.lang),
            page=document.page,
            pages=pages,
        )
        canvas.drawString(MARGIN, MARGIN, f"{words} · {t('review.private_rule', agenda.lang)}")
        canvas.restoreState()

    return draw


def table(
    rows: Sequence[Sequence[object]], styles, widths: Sequence[float] | None = None, numeric=()
) -> Table:
    """A table of text cells (the first row the heading), numbers in `numeric` columns right-aligned."""
    numeric = set(numeric)
    cells = [
        [
            Paragraph(
                text(value), styles[("head" if r == 0 else "cell") + ("_right" if c in numeric else "")]
            )
            for c, value in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    shown = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    shown.setStyle(TableStyle(commands))
    return shown


def bars(
    rows: Iterable[tuple[str, object, object, object]], metric: str, width: float, lang: str | None
) -> Drawing:
    """Horizontal bars, one per (name, value, need, flag): the value's bar graded by how far short
    of the need it is (`salescoach.charts.grade_colour`; blue when the flag is known false), a black
    tick at the need, the value written beside both (readable without colour); `legend` explains it."""
    rows = list(rows)
    name_width = width * 0.3
    values = [number(v) for _, v, _, _ in rows] + [number(n) for _, _, n, _ in rows]
    scale = (width - name_width - 60) / (max([v for v in values if v is not None] + [1.0]) * 1.05)
    drawing = Drawing(width, BAR_ROW * len(rows) + 4)
    for index, row in enumerate(rows):
        _bar_row(drawing, drawing.height - BAR_ROW * (index + 1), row, name_width, scale, metric, lang)
    return drawing


BAR_ROW = 16  # points per bar


def legend(width: float, lang: str | None) -> Drawing:
    """What the bars of `bars` mean, in one line."""
    drawing = Drawing(width, 14)
    drawing.add(Rect(0, 4, 14, 7, fillColor=colors.HexColor(charts.OK_COLOUR), strokeColor=None))
    drawing.add(Line(18, 2, 18, 13, strokeColor=INK, strokeWidth=1.6))
    drawing.add(String(24, 4, t("review.chart_legend", lang), fontName=FONT, fontSize=7.5, fillColor=INK))
    return drawing


def _bar_row(drawing: Drawing, y: float, row, name_width: float, scale: float, metric: str, lang) -> None:
    name, value, need, flag = row
    drawing.add(String(0, y + 4, _fit(name, name_width), fontName=FONT, fontSize=8.5, fillColor=INK))
    share = charts.need_share(value, need)
    colour = charts.grade_colour(share)
    if share is None and not formatting.is_missing(flag) and not bool(flag):
        colour = charts.OK_COLOUR  # nothing to compare, known not thin (nothing left to sell)
    end = name_width + (number(value) or 0) * scale
    drawing.add(
        Rect(
            name_width,
            y + 2,
            end - name_width,
            BAR_ROW - 5,
            fillColor=colors.HexColor(colour),
            strokeColor=None,
        )
    )
    right = end
    if number(need) is not None:
        tick = name_width + number(need) * scale
        drawing.add(Line(tick, y, tick, y + BAR_ROW - 1, strokeColor=INK, strokeWidth=1.6))
        right = max(end, tick)
    words = format_value(metric, value, lang)
    drawing.add(String(right + 4, y + 4, words, fontName=FONT, fontSize=8, fillColor=INK))


def number(value) -> float | None:
    """`value` as a float; None when unknown (None, NaN, not a number)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _fit(name: str, width: float) -> str:
    """`name` cut with … to fit `width` points at the bars' font size (drawn literally)."""
    if pdfmetrics.stringWidth(name, FONT, 8.5) <= width - 4:
        return name
    while name and pdfmetrics.stringWidth(name + "…", FONT, 8.5) > width - 4:
        name = name[:-1]
    return name + "…"


def _team_page(agenda: review.Review, styles) -> list:
    lang = agenda.lang
    flow = [
        Paragraph(text(t("review.title", lang)), styles["title"]),
        Paragraph(text(review_text.subtitle(agenda)), styles["body"]),
    ]
    if not agenda.sellers:
        return [*flow, Spacer(1, 12), Paragraph(text(t("review.no_sellers", lang)), styles["body"])]
    flow += [_quarters_table(agenda, styles), Spacer(1, 4)]
    flow += _changes_part(agenda, styles)
    flow += _attention_part(agenda, styles)
    return [*flow, _coverage_charts(agenda, styles), legend(FRAME[0], lang)]


def _quarters_table(agenda: review.Review, styles) -> Table:
    rows = review_text.quarter_rows(agenda, agenda.totals, review_text.thin_lines(agenda))
    return table(rows, styles, widths=[FRAME[0] / 2, FRAME[0] / 2])


def _changes_part(agenda: review.Review, styles) -> list:
    lang = agenda.lang
    span = formatting.format_span(agenda.since, agenda.as_of, lang)
    flow = [Paragraph(text(t("review.changes_heading", lang, span=span)), styles["heading"])]
    if agenda.changes is None:
        return [*flow, Paragraph(text(t("review.no_changes", lang)), styles["body"])]
    flow.append(Paragraph(text(review_text.change_summary(agenda.changes, lang)), styles["body"]))
    rows = [[t("review.col.what", lang), t("review.col.offers", lang), t("col.value", lang)]]
    rows += review_text.change_rows(agenda.changes, lang)
    flow.append(_row_table(rows, styles))
    return flow


def _row_table(rows: list[list[str]], styles) -> Table:
    """A short table laid out across the page: the rows become columns (heading first)."""
    return table(list(map(list, zip(*rows, strict=True))), styles, numeric=range(1, len(rows)))


def _attention_part(agenda: review.Review, styles) -> list:
    lang = agenda.lang
    flow = [Paragraph(text(t("review.attention_heading", lang)), styles["heading"])]
    ranked = agenda.attention
    if ranked.empty:
        date = formatting.format_date(agenda.as_of, lang)
        return [*flow, Paragraph(text(t("review.attention_none", lang, date=date)), styles["body"])]
    rows = [["#", t("col.seller", lang), t("col.team", lang), t("review.why_heading", lang)]]
    for row in ranked.head(TEAM_PAGE_LISTED).to_dict("records"):
        rows.append([str(int(row["rank"])), row["seller"], row["team"], " · ".join(row["why"])])
    flow.append(table(rows, styles, widths=[20, 130, 90, FRAME[0] - 240]))
    if len(ranked) > TEAM_PAGE_LISTED:
        more = t("review.attention_more", lang, count=len(ranked) - TEAM_PAGE_LISTED)
        flow.append(Paragraph(text(more), styles["small"]))
    return flow


def _coverage_charts(agenda: review.Review, styles) -> Table:
    lang = agenda.lang
    half = FRAME[0] / 2 - 8
    cells = []
    for which, start in (("this", agenda.quarter_from), ("next", agenda.next_quarter)):
        measure, flag, _, _ = review.COVERAGES[which]
        rows = [
            (s.seller, s.figures.get(measure), s.figures.get("required_coverage"), s.figures.get(flag))
            for s in agenda.sellers
        ]
        title = t("review.coverage_chart", lang, quarter=formatting.quarter_name(start, lang))
        cells.append([Paragraph(text(title), styles["heading"]), bars(rows, measure, half, lang)])
    shown = Table([cells], colWidths=[half + 8, half + 8], hAlign="LEFT")
    shown.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return shown


def _seller_page(agenda: review.Review, screen: review.SellerScreen, styles) -> list:
    lang = agenda.lang
    flow = [
        Paragraph(
            text(t("review.agenda.seller", lang, seller=screen.seller, team=screen.team)), styles["title"]
        ),
        Paragraph(text(review_text.subtitle(agenda)), styles["body"]),
        Spacer(1, 4),
        _tile_table(screen.figures, styles, lang),
        Spacer(1, 4),
    ]
    flow.append(
        table(review_text.quarter_rows(agenda, screen.figures), styles, widths=[FRAME[0] / 2, FRAME[0] / 2])
    )
    flow.append(_seller_chart(agenda, screen))
    if screen.why:
        flow.append(Paragraph(text(t("review.why_heading", lang)), styles["heading"]))
        flow += [Paragraph(text(f"• {why}"), styles["body"]) for why in screen.why]
    flow += _wins_part(agenda, screen.wins, styles)
    flow += _actions_part(
        agenda, screen.actions, styles, t("review.actions_heading", lang), t("review.no_actions", lang)
    )
    return flow


def _tile_table(figures, styles, lang: str | None) -> Table:
    """The MSL figures, each group's heading spanning its metrics."""
    shown = table(review_text.tile_rows(figures, lang), styles)
    spans, column = [], 0
    for metrics in review.TILE_GROUPS.values():
        spans.append(("SPAN", (column, 0), (column + len(metrics) - 1, 0)))
        column += len(metrics)
    shown.setStyle(TableStyle(spans))
    return shown


def _seller_chart(agenda: review.Review, screen: review.SellerScreen) -> Drawing:
    lang = agenda.lang
    rows = []
    for which, start in (("this", agenda.quarter_from), ("next", agenda.next_quarter)):
        cover = review.coverage(screen.figures, which)
        rows.append(
            (formatting.quarter_name(start, lang), cover["coverage"], cover["required"], cover["thin"])
        )
    return Table([[bars(rows, "times", FRAME[0] * 0.6, lang)], [legend(FRAME[0] * 0.6, lang)]], hAlign="LEFT")


def _wins_part(agenda: review.Review, wins, styles) -> list:
    lang = agenda.lang
    span = formatting.format_span(agenda.wins_from, agenda.as_of, lang)
    flow = [Paragraph(text(t("review.wins_heading", lang, span=span)), styles["heading"])]
    if wins.empty:
        return [*flow, Paragraph(text(t("review.no_wins", lang)), styles["body"])]
    rows = review_text.win_rows(wins, lang, review.LISTED)
    return [*flow, table(rows, styles, widths=[300, 120, 120], numeric=(2,))]


def _actions_part(
    agenda: review.Review, actions, styles, heading: str, empty: str, with_seller=False
) -> list:
    lang = agenda.lang
    flow = [Paragraph(text(heading), styles["heading"])]
    if actions.empty:
        return [*flow, Paragraph(text(empty), styles["body"])]
    head = ([t("col.seller", lang)] if with_seller else []) + [
        t("review.col.owner", lang),
        t("review.col.action", lang),
        t("review.col.due", lang),
    ]
    widths = ([130] if with_seller else []) + [70, FRAME[0] - (330 if with_seller else 200), 130]
    flow.append(
        table(
            [head, *review_text.action_rows(actions.head(review.LISTED * 2), lang, with_seller)],
            styles,
            widths=widths,
        )
    )
    return flow


def _actions_page(agenda: review.Review, styles) -> list:
    lang = agenda.lang
    flow = [
        Paragraph(text(t("review.agenda.actions", lang)), styles["title"]),
        Paragraph(text(review_text.subtitle(agenda)), styles["body"]),
        Paragraph(text(t("review.team_actions_intro", lang)), styles["body"]),
    ]
    return flow + _actions_part(
        agenda,
        agenda.team_actions,
        styles,
        t("review.actions_heading", lang),
        t("review.no_team_actions", lang),
        True,
    )
