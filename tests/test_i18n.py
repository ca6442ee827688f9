"""The four languages (en, fi, sv, nb): the catalogues match key for key, placeholder for
placeholder and markup for markup, every key the code asks for exists, and numbers, currency,
dates and periods read as pinned by hand in each language (salescoach.formatting writes them)."""

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from salescoach import access, faults, formatting, i18n, periods
from salescoach.formatting import NBSP
from salescoach.i18n import t
from salescoach.metrics import METRICS, format_value, help_text, label
from salescoach.ui import pages

ROOT = Path(__file__).resolve().parent.parent
D = dt.date


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


OTHER_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != "en"]


def test_the_four_languages_are_switchable():
    assert list(i18n.LANGUAGES) == ["en", "fi", "sv", "nb"]
    assert sorted(path.stem for path in i18n.LOCALES.glob("*.yaml")) == sorted(i18n.LANGUAGES)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_catalogue_has_every_key_and_placeholder_of_english(lang):
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    assert sorted(set(en) - set(other)) == [] and sorted(set(other) - set(en)) == []
    differing = {key: (placeholders(en[key]), placeholders(other[key])) for key in en}
    assert {k: v for k, v in differing.items() if v[0] != v[1]} == {}
    assert len(en) > 300  # the whole UI, not a sample


# Markdown and Streamlit markup a text carries: bold, escaped stars, code, list items, line
# breaks, arrows and signs the UI draws. A translation keeps each of them as often as English.
MARKUP = ("**", "\\*", "`", "\n", "- **", "→", "▶", "◀", "⚠", "×", "[auth]", "…")


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_catalogue_keeps_the_markup_of_english(lang):
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    counts = {k: ([en[k].count(m) for m in MARKUP], [other[k].count(m) for m in MARKUP]) for k in en}
    assert {k: v for k, v in counts.items() if v[0] != v[1]} == {}


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_catalogue_text_is_empty_or_left_untranslated_by_mistake(lang):
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    assert [k for k, v in en.items() if not v.strip()] == []
    assert [k for k, v in other.items() if not v.strip()] == []
    # The same text in both is fine for names and symbols ("Q{quarter} {year}", "Pipedrive"),
    # never for a sentence.
    same = [k for k in en if en[k] == other[k] and len(en[k].split()) > 3]
    assert same == []


SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "salescoach").glob("*.py")),
    *sorted((ROOT / "salescoach" / "ui").glob("*.py")),
]
T_CALL = re.compile(r"""\bt\(\s*(["'])([a-z0-9_]+(?:\.[a-z0-9_]+)+)\1""")
DYNAMIC = re.compile(r"""\bt\(\s*f(["'])([^"']*\{[^"']*)\1""")


def test_every_key_the_code_asks_for_exists():
    used = {m.group(2) for path in SOURCES for m in T_CALL.finditer(path.read_text(encoding="utf-8"))}
    assert len(used) > 200
    assert sorted(k for k in used if k not in i18n.catalogue("en")) == []


def test_the_keys_built_at_run_time_exist():
    dynamic = {m.group(2) for path in SOURCES for m in DYNAMIC.finditer(path.read_text(encoding="utf-8"))}
    # Each pattern below is one the code builds; a new pattern must be added here (and checked).
    assert dynamic <= {
        "metric.{self.name}.label",
        "metric.{self.name}.help",
        "metric.{name}.label",
        "metric.{name}.help",
        "period.kind.{kind}",
        "chart.bar_kind.{kind}",
        "coaching.owner.{owner}",
        "coaching.grow.{name}",
        "coaching.grow_help.{name}",
        "coaching.review_field.{name}",
        "access.role.{current.role}",
        "fault.{kind}",
        "fault.store.{store}",
        "agenda.reality.{status}",
        "agenda.state.{state}",
        "agenda.status.{status}",
        "agenda.verdict.{verdict}",
        "loop.col.{name}",
        "loop.targeted.{name}",
        "loop.verdict.{verdict}",
        "ladder.stage.{stage}",
        "changes.movement.{movement}",
        "attention.reason.{finding.code}",
        "attention.reason.{key}",
        "sidebar.{kind}_help",
        "seller.group.{group}",
    }, dynamic
    en = i18n.catalogue("en")
    from salescoach.charts import ACTIVITY_TYPES, BAR_KINDS
    from salescoach.coaching import GROW_FIELDS, REVIEW_FIELDS
    from salescoach.contract import ACTION_OWNERS

    wanted = [f"metric.{name}.{part}" for name in METRICS for part in ("label", "help")]
    wanted += [f"period.kind.{kind}" for kind in periods.PERIOD_KINDS]
    wanted += [f"chart.bar_kind.{kind}" for kind in BAR_KINDS]
    wanted += [f"coaching.owner.{owner}" for owner in ACTION_OWNERS]
    from salescoach.change_charts import MOVEMENTS

    wanted += [f"changes.movement.{movement}" for movement in MOVEMENTS]
    wanted += [f"coaching.grow.{name}" for name in GROW_FIELDS]
    from salescoach.review import CHANGE_FIGURES, TILE_GROUPS

    wanted += [f"seller.group.{group}" for group in TILE_GROUPS]
    wanted += [f"changes.movement.{count.removesuffix('_offers')}" for count, _ in CHANGE_FIGURES]
    wanted += [f"coaching.grow_help.{name}" for name in GROW_FIELDS]
    wanted += [f"coaching.review_field.{name}" for name in REVIEW_FIELDS]
    wanted += [f"access.role.{role}" for role in access.ROLES]
    wanted += [f"fault.{kind}" for kind in faults.KINDS] + [f"fault.store.{store}" for store in faults.STORES]
    from salescoach.attention import REASONS

    wanted += [f"attention.reason.{code}" for code in REASONS] + ["attention.reason.one_on_one_never"]
    wanted += [f"sidebar.{kind}_help" for kind in periods.LAST_FULL]
    wanted += [page.title_key for page in pages.PAGES]
    from salescoach import coaching_loop
    from salescoach.ui.coaching_loop import STATUS_HEADERS

    verdicts = (coaching_loop.MET, coaching_loop.MISSED, coaching_loop.PENDING, coaching_loop.UNKNOWN)
    states = ("done_on_time", "done_late", "overdue", "open")
    wanted += [f"agenda.{part}.{status}" for part in ("reality", "status") for status in ("won", "lost")]
    wanted += [f"agenda.state.{state}" for state in states]
    wanted += [f"{kind}.verdict.{verdict}" for kind in ("agenda", "loop") for verdict in verdicts]
    wanted += [f"loop.col.{name}" for name in STATUS_HEADERS]
    targeted = (
        "held_on",
        "owner",
        "description",
        "metric",
        "target",
        "due_date",
        "before",
        "value",
        "verdict",
    )
    wanted += [f"loop.targeted.{name}" for name in targeted]
    wanted += [f"ladder.stage.{stage}" for stage in ("prospects", "customers_12m", "regular_24m")]
    wanted += list(ACTIVITY_TYPES.values())
    from salescoach.presets import list_presets

    wanted += [
        f"import.preset.{p.name.replace('-', '_')}.{part}"
        for p in list_presets()
        for part in ("label", "help")
    ]
    assert [key for key in wanted if key not in en] == []


def test_every_metric_help_explains_its_use_in_a_grow_conversation_in_both_languages():
    # The help of each headline metric names a GROW step (Goal/Reality/Options/Will;
    # Tavoite/Nykytila/Vaihtoehdot/Sitoutuminen) or its post-mortem.
    steps = {"en": ("Goal", "Reality", "Option", "Will", "post-mortem"),
             "fi": ("Tavoit", "Nykytila", "Vaihtoeh", "Sitoutumi", "jälkianalyysi"),
             "sv": ("Mål", "Nuläge", "Alternativ", "Åtagande", "efteranalys"),
             "nb": ("Mål", "Nåsituasjon", "Alternativ", "Forpliktelse", "etteranalyse")}  # fmt: skip
    headline = ["meetings", "calls", "new_business_share", "needs_share", "offers_sent", "hit_rate",
                "offers_per_win", "meeting_to_offer", "sales", "pipeline_coverage", "required_coverage",
                "thin", "offers_needed", "overdue_offers", "offers_lost"]  # fmt: skip
    for lang, words in steps.items():
        missing = [m for m in headline if not any(w in help_text(m, lang) for w in words)]
        assert missing == [], (lang, missing)
    assert help_text("hit_rate", "fi") != help_text("hit_rate", "en")
    assert label("hit_rate", "fi") == "Osumatarkkuus" and label("hit_rate", "en") == "Hit rate"
    assert label("hit_rate", "sv") == "Träffsäkerhet" and label("hit_rate", "nb") == "Treffprosent"
    # The GROW steps as the coaching form names them, in each language.
    assert [t(f"coaching.grow.{step}", "sv") for step in ("goal", "reality", "options", "will")] == [
        "Mål", "Nuläge", "Alternativ", "Åtagande"
    ]  # fmt: skip
    assert [t(f"coaching.grow.{step}", "nb") for step in ("goal", "reality", "options", "will")] == [
        "Mål", "Nåsituasjon", "Alternativer", "Forpliktelse"
    ]  # fmt: skip


def test_t_fills_placeholders_and_falls_back_to_english_then_the_key():
    assert t("nodata.for_team", "fi", team="SMB") == " tiimissä SMB"
    assert t("nodata.for_team", "en", team="SMB") == " for team SMB"
    assert t("nodata.for_team", "sv", team="SMB") == " för team SMB"
    assert t("nodata.for_team", "nb", team="SMB") == " for team SMB"
    assert t("coaching.notes_many", "sv", count=3) == "3 anteckningar"
    assert t("coaching.notes_many", "nb", count=3) == "3 notater"
    assert t("no.such.key", "fi") == "no.such.key"


# -- formats, pinned by hand -------------------------------------------------------------


def test_finnish_number_currency_percent_and_times():
    assert formatting.format_currency(1234.5, "fi", decimals=2) == f"1{NBSP}234,50{NBSP}€"
    assert formatting.format_currency(1234567, "fi") == f"1{NBSP}234{NBSP}567{NBSP}€"
    assert formatting.format_currency(-1234, "fi") == f"-1{NBSP}234{NBSP}€"
    assert formatting.format_percent(0.42, "fi") == f"42{NBSP}%"
    assert formatting.format_times(2.5, "fi") == "2,5×"
    assert formatting.format_number(1234.5, 1, "fi") == f"1{NBSP}234,5"
    assert format_value("eur", 1234.5, "fi") == f"1{NBSP}234{NBSP}€"  # whole euros in tables and tiles
    assert format_value("hit_rate", 0.42, "fi") == f"42{NBSP}%"
    assert format_value("pipeline_coverage", 2.5, "fi") == "2,5×"
    assert format_value("meetings", 1234, "fi") == f"1{NBSP}234"
    assert format_value("offers_per_win", 2.25, "fi") == "2,2"  # round half to even, as Python does
    assert format_value("thin", True, "fi") == "ohut"
    assert format_value("hit_rate", None, "fi") == "–"


def test_english_number_currency_percent_and_times():
    assert formatting.format_currency(1234.5, "en", decimals=2) == "€1,234.50"
    assert formatting.format_currency(-1234, "en") == "-€1,234"
    assert formatting.format_currency(-0.2, "en") == "€0"
    assert formatting.format_percent(0.42, "en") == "42%"
    assert formatting.format_times(2.5, "en") == "2.5×"
    assert format_value("eur", 1234.5, "en") == "€1,234"
    assert format_value("hit_rate", 0.425, "en") == "42%"
    assert format_value("meetings", 1234, "en") == "1,234"
    assert format_value("meetings_target", 12.25, "en") == "12.2"
    assert format_value("thin", True, "en") == "thin" and format_value("thin", False, "en") == ""


def test_swedish_and_norwegian_number_currency_percent_and_times():
    # CLDR sv_FI and nb_NO: a no-break space between thousands and before € and %, decimal comma.
    for lang in ("sv", "nb"):
        assert formatting.format_currency(1234.5, lang, decimals=2) == f"1{NBSP}234,50{NBSP}€"
        assert formatting.format_currency(-1234, lang) == f"-1{NBSP}234{NBSP}€"
        assert format_value("eur", 1234567, lang) == f"1{NBSP}234{NBSP}567{NBSP}€"
        assert format_value("hit_rate", 0.42, lang) == f"42{NBSP}%"
        assert format_value("pipeline_coverage", 2.5, lang) == "2,5×"
        assert format_value("meetings", 1234, lang) == f"1{NBSP}234"
        assert format_value("offers_per_win", 2.25, lang) == "2,2"  # round half to even
        assert format_value("hit_rate", None, lang) == "–"
    assert format_value("thin", True, "sv") == "tunn" and format_value("thin", True, "nb") == "tynn"


def test_dates_in_swedish_and_norwegian():
    # CLDR's medium date and its interval format (the month named on both sides of a span).
    assert formatting.format_date(D(2026, 1, 31), "sv") == "31 jan. 2026"
    assert formatting.format_date(D(2026, 1, 31), "nb") == "31. jan. 2026"
    assert formatting.format_span(D(2026, 10, 1), D(2026, 11, 23), "sv") == "1 okt.–23 nov. 2026"
    assert formatting.format_span(D(2026, 10, 1), D(2026, 11, 23), "nb") == "1. okt.–23. nov. 2026"
    assert formatting.format_span(D(2025, 12, 1), D(2026, 1, 31), "sv") == "1 dec. 2025–31 jan. 2026"
    assert formatting.format_span(D(2025, 12, 1), D(2026, 1, 31), "nb") == "1. des. 2025–31. jan. 2026"
    assert formatting.format_month(D(2026, 12, 1), "sv") == "dec. 2026"
    assert formatting.format_month(D(2026, 12, 1), "nb", short=False) == "desember 2026"
    assert formatting.weekday_name(D(2026, 11, 23), "sv") == "måndag"
    assert formatting.weekday_name(D(2026, 11, 23), "nb") == "mandag"
    assert (
        formatting.week_name(47, 2026, "sv") == "Vecka 47 2026"
        and formatting.week_name(47, lang="nb") == "Uke 47"
    )


def test_dates_in_both_languages():
    assert formatting.format_date(D(2026, 1, 31), "fi") == "31.1.2026"
    assert formatting.format_date(D(2026, 1, 31), "en") == "31 Jan 2026"
    assert formatting.format_span(D(2026, 10, 1), D(2026, 11, 23), "fi") == "1.10.–23.11.2026"
    assert formatting.format_span(D(2026, 10, 1), D(2026, 11, 23), "en") == "1 Oct – 23 Nov 2026"
    assert formatting.format_span(D(2025, 12, 1), D(2026, 1, 31), "fi") == "1.12.2025–31.1.2026"
    assert formatting.format_span(D(2025, 12, 1), D(2026, 1, 31), "en") == "1 Dec 2025 – 31 Jan 2026"
    assert formatting.format_span(D(2026, 5, 5), D(2026, 5, 5), "fi") == "5.5.2026"
    assert formatting.month_name(11, "fi") == "marraskuu" and formatting.month_name(11, "en") == "November"
    assert formatting.format_month(D(2026, 12, 1), "fi") == "joulu 2026"
    assert formatting.format_month(D(2026, 12, 1), "en") == "Dec 2026"
    assert formatting.weekday_name(D(2026, 11, 23), "fi") == "maanantai"
    assert formatting.weekday_name(D(2026, 11, 29), "en", short=True) == "Sun"
    assert formatting.weekday_name(D(2026, 11, 29), "fi", short=True) == "su"


@pytest.mark.parametrize(
    ("kind", "reference", "latest", "english", "finnish"),
    [
        ("quarter", D(2026, 11, 23), D(2026, 11, 23), "Q4 2026 to date", "Q4 2026 tähän asti"),
        ("quarter", D(2026, 5, 5), None, "Q2 2026", "Q2 2026"),
        ("month", D(2026, 11, 2), None, "November 2026", "Marraskuu 2026"),
        ("month", D(2026, 11, 2), D(2026, 11, 23), "November 2026 to date", "Marraskuu 2026 tähän asti"),
        ("week", D(2026, 11, 18), None, "Week 47 2026", "Viikko 47 2026"),
        ("year", D(2026, 3, 1), D(2026, 11, 23), "2026 to date", "2026 tähän asti"),
        ("custom", D(2026, 11, 2), None, "2 Nov 2026", "2.11.2026"),
    ],
)
def test_period_labels_in_both_languages(kind, reference, latest, english, finnish):
    start, end = periods.period_bounds(kind, reference, latest)
    assert periods.period_label(kind, start, end, latest, lang="en") == english
    assert periods.period_label(kind, start, end, latest, lang="fi") == finnish


@pytest.mark.parametrize(
    ("kind", "reference", "latest", "swedish", "norwegian"),
    [
        ("quarter", D(2026, 11, 23), D(2026, 11, 23), "Q4 2026 hittills", "Q4 2026 hittil"),
        ("month", D(2026, 11, 2), None, "November 2026", "November 2026"),
        ("month", D(2026, 12, 2), D(2026, 12, 23), "December 2026 hittills", "Desember 2026 hittil"),
        ("week", D(2026, 11, 18), None, "Vecka 47 2026", "Uke 47 2026"),
        ("year", D(2026, 3, 1), D(2026, 11, 23), "2026 hittills", "2026 hittil"),
        ("custom", D(2026, 11, 2), None, "2 nov. 2026", "2. nov. 2026"),
    ],
)
def test_period_labels_in_swedish_and_norwegian(kind, reference, latest, swedish, norwegian):
    start, end = periods.period_bounds(kind, reference, latest)
    assert periods.period_label(kind, start, end, latest, lang="sv") == swedish
    assert periods.period_label(kind, start, end, latest, lang="nb") == norwegian


def test_filters_describe_in_both_languages():
    filters = periods.make_filters("month", D(2026, 11, 2), D(2026, 11, 23), team="SMB")
    assert filters.describe("en") == "November 2026 to date · 1 Nov – 23 Nov 2026 · team SMB"
    assert filters.describe("fi").endswith(" · 1.11.–23.11.2026 · tiimi SMB")
    assert (
        formatting.week_name(47, lang="fi") == "Viikko 47"
        and formatting.week_name(47, lang="en") == "Week 47"
    )


def test_the_language_setting_and_the_browser_locale(monkeypatch):
    monkeypatch.delenv(i18n.SETTING, raising=False)
    assert i18n.default_language() == "en"
    assert i18n.default_language("fi-FI") == "fi"
    assert i18n.default_language("fi") == "fi"
    assert i18n.default_language("sv-FI") == "sv" and i18n.default_language("sv") == "sv"
    assert i18n.default_language("nb-NO") == "nb"
    assert (
        i18n.default_language("no") == "nb" and i18n.default_language("nn-NO") == "nb"
    )  # Norwegian reads Bokmål
    assert (
        i18n.default_language("de-DE") == "en" and i18n.default_language("nl") == "en"
    )  # not "n…" by prefix
    assert i18n.default_language(None) == "en"
    monkeypatch.setenv(i18n.SETTING, "fi")
    assert i18n.default_language() == "fi" and i18n.current_language() == "fi"
    assert i18n.default_language("en-US") == "fi"  # the setting wins over the browser
    assert format_value("hit_rate", 0.5) == f"50{NBSP}%"  # outside Streamlit the setting is the language
    monkeypatch.setenv(i18n.SETTING, "klingon")
    assert i18n.default_language("fi-FI") == "fi"  # an unknown setting is ignored
    monkeypatch.setenv(i18n.SETTING, "sv")
    assert i18n.current_language() == "sv" and format_value("eur", 1234) == f"1{NBSP}234{NBSP}€"


def test_a_finnish_csv_opens_in_a_finnish_spreadsheet_and_an_english_one_stays_as_it_was():
    import pandas as pd

    from salescoach.export import to_csv_bytes

    frame = pd.DataFrame({"Myyjä": ["Aino", "=1+1"], "Myynti (€)": [1234.5, 10.0]})
    assert (
        to_csv_bytes(frame, "fi").decode("utf-8-sig") == "Myyjä;Myynti (€)\r\nAino;1234,5\r\n'=1+1;10,0\r\n"
    )
    assert (
        to_csv_bytes(frame, "en").decode("utf-8-sig") == "Myyjä,Myynti (€)\r\nAino,1234.5\r\n'=1+1,10.0\r\n"
    )
    # A Swedish and a Norwegian Excel use the decimal comma and ';' too (CLDR's decimal symbol).
    for lang in ("sv", "nb"):
        assert to_csv_bytes(frame, lang) == to_csv_bytes(frame, "fi")


def test_the_format_names_left_i18n_for_the_formatter():
    for name in ("format_date", "format_span", "format_currency", "quarter_name", "week_name"):
        assert not hasattr(i18n, name) and hasattr(formatting, name)


# -- messages as data: importer, preset and upload problems (salescoach/messages.py) ---------------

MESSAGE_SOURCES = [*SOURCES, *sorted((ROOT / "salescoach" / "presets").glob("*.py"))]


def _message_calls() -> tuple[list[tuple[str, set[str], str]], set[str]]:
    """Every `Message("code", name=...)` and `plural("code", n, name=...)` of the code, as
    (catalogue key, parameter names, where), and the codes built at run time (f-strings)."""
    import ast

    calls, dynamic = [], set()
    for path in MESSAGE_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Message", "plural")):
                continue
            if not node.args:
                continue
            code, names = node.args[0], {k.arg for k in node.keywords if k.arg}
            where = f"{path.name}:{node.lineno}"
            if isinstance(code, ast.JoinedStr):
                dynamic.add(ast.unparse(code))
            elif isinstance(code, ast.Constant) and node.func.id == "plural":
                calls += [(f"{code.value}.{n}", names | {"count"}, where) for n in ("one", "other")]
            elif isinstance(code, ast.Constant):
                calls.append((code.value, names, where))
            else:  # a code built otherwise ("problem.delimiter." + kind): listed below
                dynamic.add(ast.unparse(code))
    return calls, dynamic


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_every_message_code_has_its_text_with_the_same_placeholders_in_every_language(lang):
    calls, _ = _message_calls()
    assert len(calls) > 200  # the importer's, the presets', the mapping files', the uploads'
    texts = i18n.catalogue(lang)
    assert sorted({where for code, _, where in calls if code not in texts}) == []
    wrong = {where: (code, names, placeholders(texts[code])) for code, names, where in calls}
    assert {w: v for w, v in wrong.items() if v[1] != v[2]} == {}


def test_the_message_codes_built_at_run_time_exist():
    from salescoach.contract import TABLES

    _, dynamic = _message_calls()
    # Each pattern below is one the code builds; a new pattern must be added here (and checked).
    assert dynamic == {
        "f\"{code}.{('one' if count == 1 else 'other')}\"",  # messages.plural
        "self.code",  # Message.replace
        "f'problem.parquet_nested.{what}'",
        "'problem.delimiter.' + {',': 'comma', ';': 'semicolon', '\\t': 'tab'}.get(grid.attrs.pop('delimiter', ','), 'other')",
        "f'import.noun.{table.name}'",
        "f'problem.closed_without_date.{status.iloc[pos]}'",
        "f'preset.owners.{owners}'",
        "f'preset.customers.{customer_kind}'",
        "'preset.note.date_order.month_first' if month_first else 'preset.note.date_order.day_first'",
        "'list.rows.one' if len(rows) == 1 else 'list.rows.other'",
        "code",  # importer: problem.too_long.id/text, problem.files_for_table.two/other
    }, dynamic
    wanted = [f"problem.parquet_nested.{what}" for what in ("records", "maps", "lists", "nested")]
    wanted += [f"problem.delimiter.{kind}" for kind in ("comma", "semicolon", "tab", "other")]
    wanted += [f"import.noun.{table}" for table in TABLES]
    wanted += [f"problem.closed_without_date.{status}" for status in ("won", "lost")]
    wanted += [f"preset.owners.{o}" for o in ("deal_owners", "opportunity_owners", "sales_agents")]
    wanted += [f"preset.customers.{c}" for c in ("companies", "organizations", "accounts")]
    wanted += ["preset.note.date_order.month_first", "preset.note.date_order.day_first"]
    wanted += ["list.rows.one", "list.rows.other", "problem.too_long.id", "problem.too_long.text"]
    wanted += ["problem.files_for_table.two", "problem.files_for_table.other"]
    wanted += ["accepted.whole_numbers", "problem.not_whole", "problem.metric_without_target"]
    wanted += ["problem.target_without_metric", "problem.metric_without_due_date"]
    for lang in i18n.LANGUAGES:
        assert [key for key in wanted if key not in i18n.catalogue(lang)] == [], lang
    # In English the record reads as the contract names each table's rows ("offer O6").
    assert {t: i18n.catalogue("en")[f"import.noun.{t}"] for t in TABLES} == {
        t: table.noun for t, table in TABLES.items()
    }


def test_a_located_error_reads_in_every_language():
    # offers.csv row 2 (the first data row), offer O6: the value -5 is negative.
    from salescoach.importer import DataImportError, validate_frames

    frame = {"offers": __import__("pandas").DataFrame(
        {"offer_id": ["O6"], "seller_id": ["S1"], "sent_date": ["2026-01-05"], "value": ["-5"], "status": ["open"]}
    )}  # fmt: skip
    with pytest.raises(DataImportError) as caught:
        validate_frames(frame, source_names={"offers": "offers.csv"})
    problem = next(p for p in caught.value.problems if p.column == "value")
    assert {lang: problem.text(lang) for lang in i18n.LANGUAGES} == {
        "en": "offers.csv, row 2, offer O6, column value: negative value -5 (must be 0 or more)",
        "fi": "offers.csv, rivi 2, tarjous O6, sarake value: negatiivinen arvo -5 (oltava 0 tai enemmän)",
        "sv": "offers.csv, rad 2, offert O6, kolumn value: negativt värde -5 (måste vara 0 eller mer)",
        "nb": "offers.csv, rad 2, tilbud O6, kolonne value: negativ verdi -5 (må være 0 eller mer)",
    }
    assert str(problem) == problem.text("en") and problem.message == "negative value -5 (must be 0 or more)"
