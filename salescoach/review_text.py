"""The team review's agenda in words (plain Python, no Streamlit): the lines and table rows that
the shared screen (salescoach/ui/review.py), the PDF (salescoach/review_pdf.py) and the e-mail
(salescoach/digest.py) all show, in the review's language, so the three read the same. Every
number is written by `salescoach.formatting`; names stay data (each surface shows them as text).
"""

from __future__ import annotations

from salescoach import formatting
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.review import CHANGE_FIGURES, TILE_GROUPS, Review, coverage


def _quarter_lines(figures, which: str, lang: str | None, word: bool = True) -> list[str]:
    cover = coverage(figures, which)
    lines = []
    if which == "this":
        lines.append(
            t(
                "review.sales_line",
                lang,
                sales=format_value("eur", figures.get("sales"), lang),
                target=format_value("eur", figures.get("sales_target"), lang),
            )
        )
    lines.append(
        t(
            "review.coverage_line",
            lang,
            coverage=format_value("times", cover["coverage"], lang),
            required=format_value("times", cover["required"], lang),
        )
        + (f" ({coverage_word(cover, lang)})" if word else "")
    )
    lines.append(
        t(
            "review.pipeline_line",
            lang,
            pipeline=format_value("eur", cover["pipeline"], lang),
            target=format_value("eur", cover["target"], lang),
        )
    )
    return lines


def coverage_word(cover, lang: str | None) -> str:
    """'thin', 'enough' or 'no target' for a coverage of `review.coverage`."""
    thin = cover["thin"]
    if formatting.is_missing(thin):  # unknown (None, NaN, NA): no target to compare with
        return t("review.coverage_unknown", lang)
    return t("review.coverage_thin" if bool(thin) else "review.coverage_ok", lang)


def subtitle(agenda: Review) -> str:
    return t(
        "review.subtitle",
        agenda.lang,
        teams=", ".join(agenda.teams) if agenda.teams else t("review.all_teams", agenda.lang),
        date=formatting.format_date(agenda.as_of, agenda.lang),
    )


def quarter_titles(agenda: Review) -> tuple[str, str]:
    lang = agenda.lang
    return (
        t("review.this_quarter", lang, quarter=formatting.quarter_name(agenda.quarter_from, lang)),
        t("review.next_quarter", lang, quarter=formatting.quarter_name(agenda.next_quarter, lang)),
    )


def quarter_rows(agenda: Review, figures, last: tuple[str, str] | None = None) -> list[list[str]]:
    """This quarter beside the next, as text rows (the headings first): sales (this quarter),
    coverage against the need, the pipeline behind it, and `last` (e.g. the thin sellers)."""
    lang = agenda.lang
    word = last is None  # a seller's row says thin or enough; a team's counts its thin sellers
    this = _quarter_lines(figures, "this", lang, word)
    nxt = ["", *_quarter_lines(figures, "next", lang, word)]
    rows = [list(quarter_titles(agenda))] + [list(pair) for pair in zip(this, nxt, strict=True)]
    return rows + ([list(last)] if last else [])


def count_text(value, lang: str | None = None) -> str:
    """A count, '–' when unknown."""
    return "–" if formatting.is_missing(value) else format_value("count", value, lang)


def change_summary(changes, lang: str | None) -> str:
    return t(
        "review.changes_line",
        lang,
        start=format_value("eur", changes.get("start_pipeline"), lang),
        end=format_value("eur", changes.get("end_pipeline"), lang),
    )


def change_rows(changes, lang: str | None) -> list[list[str]]:
    """The week's movements: (what moved, offers, value), as text in `lang`."""
    return [
        [
            t(f"changes.movement.{count.removesuffix('_offers')}", lang),
            format_value("count", changes.get(count), lang),
            format_value("eur", changes.get(value), lang),
        ]
        for count, value in CHANGE_FIGURES
    ]


def tile_rows(figures, lang: str | None) -> list[list[str]]:
    """The seller's MSL figures as three rows: the group (Määrä, Suunta, Laatu, sales) over its
    first metric, the metrics' labels and their values."""
    groups, heads, values = [], [], []
    for group, metrics in TILE_GROUPS.items():
        for position, metric in enumerate(metrics):
            groups.append(t(f"seller.group.{group}", lang) if position == 0 else "")
            heads.append(label(metric, lang))
            values.append(format_value(metric, figures.get(metric), lang))
    return [groups, heads, values]


def action_rows(actions, lang: str | None, with_seller: bool = False) -> list[list[str]]:
    """Open agreed actions as text rows: (seller,) owner, action, due date (and 'overdue')."""
    rows = []
    for row in actions.to_dict("records"):
        due = (
            formatting.format_date(row["due_date"], lang)
            if row["due_date"] is not None and row["due_date"] == row["due_date"]
            else t("review.no_due", lang)
        )
        if row["overdue"]:
            due += f" ({t('review.overdue', lang)})"
        owner = t(f"coaching.owner.{row['owner']}", lang)
        rows.append(([row["seller"]] if with_seller else []) + [owner, row["description"], due])
    return rows


def thin_lines(agenda: Review) -> tuple[str, str]:
    """How many of the review's sellers are thin this quarter and next."""
    totals = agenda.totals
    sellers = count_text(totals.get("sellers"), agenda.lang)
    return tuple(
        t("review.thin_sellers", agenda.lang, thin=count_text(totals.get(flag), agenda.lang), sellers=sellers)
        for flag in ("thin_sellers", "thin_next_quarter_sellers")
    )


def win_rows(wins, lang: str | None, limit: int | None = None) -> list[list[str]]:
    """The week's wins as text rows (the heading first): customer, closed, value."""
    rows = [[t("col.customer", lang), t("review.col.closed", lang), t("col.value", lang)]]
    listed = wins if limit is None else wins.head(limit)
    for row in listed.to_dict("records"):
        customer = row["customer"] if isinstance(row["customer"], str) and row["customer"] else "–"
        rows.append(
            [
                customer,
                formatting.format_date(row["close_date"], lang),
                format_value("eur", row["value"], lang),
            ]
        )
    return rows
