"""The two languages: the catalogues match key for key, every key the code asks for exists,
and numbers, currency, dates and periods read as pinned by hand in English and in Finnish."""

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from salescoach import access, i18n, periods
from salescoach.i18n import NBSP, t
from salescoach.metrics import METRICS, format_value, help_text, label
from salescoach.ui import pages

ROOT = Path(__file__).resolve().parent.parent
D = dt.date


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_both_catalogues_have_the_same_keys_and_placeholders():
    en, fi = i18n.catalogue("en"), i18n.catalogue("fi")
    assert sorted(set(en) - set(fi)) == [] and sorted(set(fi) - set(en)) == []
    differing = {key: (placeholders(en[key]), placeholders(fi[key])) for key in en}
    assert {k: v for k, v in differing.items() if v[0] != v[1]} == {}
    assert len(en) > 300  # the whole UI, not a sample


def test_no_catalogue_text_is_empty_or_left_untranslated_by_mistake():
    en, fi = i18n.catalogue("en"), i18n.catalogue("fi")
    assert [k for k, v in en.items() if not v.strip()] == []
    assert [k for k, v in fi.items() if not v.strip()] == []
    # The same text in both is fine for names and symbols ("Q{quarter} {year}", "Pipedrive"),
    # never for a sentence.
    same = [k for k in en if en[k] == fi[k] and len(en[k].split()) > 3]
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
    }, dynamic
    en = i18n.catalogue("en")
    from salescoach.charts import ACTIVITY_TYPES, BAR_KINDS
    from salescoach.coaching import GROW_FIELDS, REVIEW_FIELDS
    from salescoach.contract import ACTION_OWNERS

    wanted = [f"metric.{name}.{part}" for name in METRICS for part in ("label", "help")]
    wanted += [f"period.kind.{kind}" for kind in periods.PERIOD_KINDS]
    wanted += [f"chart.bar_kind.{kind}" for kind in BAR_KINDS]
    wanted += [f"coaching.owner.{owner}" for owner in ACTION_OWNERS]
    wanted += [f"coaching.grow.{name}" for name in GROW_FIELDS]
    wanted += [f"coaching.grow_help.{name}" for name in GROW_FIELDS]
    wanted += [f"coaching.review_field.{name}" for name in REVIEW_FIELDS]
    wanted += [f"access.role.{role}" for role in access.ROLES]
    wanted += [page.title_key for page in pages.PAGES]
    wanted += list(ACTIVITY_TYPES.values())
    from salescoach.presets import list_presets

    wanted += [f"import.preset.{p.name.replace('-', '_')}.{part}" for p in list_presets() for part in ("label", "help")]
    assert [key for key in wanted if key not in en] == []


def test_every_metric_help_explains_its_use_in_a_grow_conversation_in_both_languages():
    # The help of each headline metric names a GROW step (Goal/Reality/Options/Will;
    # Tavoite/Nykytila/Vaihtoehdot/Sitoutuminen) or its post-mortem.
    steps = {"en": ("Goal", "Reality", "Option", "Will", "post-mortem"),
             "fi": ("Tavoit", "Nykytila", "Vaihtoeh", "Sitoutumi", "jälkianalyysi")}  # fmt: skip
    headline = ["meetings", "calls", "new_business_share", "needs_share", "offers_sent", "hit_rate",
                "offers_per_win", "meeting_to_offer", "sales", "pipeline_coverage", "required_coverage",
                "thin", "offers_needed", "overdue_offers", "offers_lost"]  # fmt: skip
    for lang, words in steps.items():
        missing = [m for m in headline if not any(w in help_text(m, lang) for w in words)]
        assert missing == [], (lang, missing)
    assert help_text("hit_rate", "fi") != help_text("hit_rate", "en")
    assert label("hit_rate", "fi") == "Osumatarkkuus" and label("hit_rate", "en") == "Hit rate"


def test_t_fills_placeholders_and_falls_back_to_english_then_the_key():
    assert t("nodata.for_team", "fi", team="SMB") == " tiimissä SMB"
    assert t("nodata.for_team", "en", team="SMB") == " for team SMB"
    assert t("no.such.key", "fi") == "no.such.key"


# -- formats, pinned by hand -------------------------------------------------------------


def test_finnish_number_currency_percent_and_times():
    assert i18n.format_currency(1234.5, "fi", decimals=2) == f"1{NBSP}234,50{NBSP}€"
    assert i18n.format_currency(1234567, "fi") == f"1{NBSP}234{NBSP}567{NBSP}€"
    assert i18n.format_currency(-1234, "fi") == f"-1{NBSP}234{NBSP}€"
    assert i18n.format_percent(0.42, "fi") == f"42{NBSP}%"
    assert i18n.format_times(2.5, "fi") == "2,5×"
    assert i18n.format_number(1234.5, 1, "fi") == f"1{NBSP}234,5"
    assert format_value("eur", 1234.5, "fi") == f"1{NBSP}234{NBSP}€"  # whole euros in tables and tiles
    assert format_value("hit_rate", 0.42, "fi") == f"42{NBSP}%"
    assert format_value("pipeline_coverage", 2.5, "fi") == "2,5×"
    assert format_value("meetings", 1234, "fi") == f"1{NBSP}234"
    assert format_value("offers_per_win", 2.25, "fi") == "2,2"  # round half to even, as Python does
    assert format_value("thin", True, "fi") == "ohut"
    assert format_value("hit_rate", None, "fi") == "–"


def test_english_number_currency_percent_and_times():
    assert i18n.format_currency(1234.5, "en", decimals=2) == "€1,234.50"
    assert i18n.format_currency(-1234, "en") == "-€1,234"
    assert i18n.format_currency(-0.2, "en") == "€0"
    assert i18n.format_percent(0.42, "en") == "42%"
    assert i18n.format_times(2.5, "en") == "2.5×"
    assert format_value("eur", 1234.5, "en") == "€1,234"
    assert format_value("hit_rate", 0.425, "en") == "42%"
    assert format_value("meetings", 1234, "en") == "1,234"
    assert format_value("meetings_target", 12.25, "en") == "12.2"
    assert format_value("thin", True, "en") == "thin" and format_value("thin", False, "en") == ""


def test_dates_in_both_languages():
    assert i18n.format_date(D(2026, 1, 31), "fi") == "31.1.2026"
    assert i18n.format_date(D(2026, 1, 31), "en") == "31 Jan 2026"
    assert i18n.format_span(D(2026, 10, 1), D(2026, 11, 23), "fi") == "1.10.–23.11.2026"
    assert i18n.format_span(D(2026, 10, 1), D(2026, 11, 23), "en") == "1 Oct – 23 Nov 2026"
    assert i18n.format_span(D(2025, 12, 1), D(2026, 1, 31), "fi") == "1.12.2025–31.1.2026"
    assert i18n.format_span(D(2025, 12, 1), D(2026, 1, 31), "en") == "1 Dec 2025 – 31 Jan 2026"
    assert i18n.format_span(D(2026, 5, 5), D(2026, 5, 5), "fi") == "5.5.2026"
    assert i18n.month_name(11, "fi") == "marraskuu" and i18n.month_name(11, "en") == "November"
    assert i18n.format_month(D(2026, 12, 1), "fi") == "joulu 2026"
    assert i18n.format_month(D(2026, 12, 1), "en") == "Dec 2026"
    assert i18n.weekday_name(D(2026, 11, 23), "fi") == "maanantai"
    assert i18n.weekday_name(D(2026, 11, 29), "en", short=True) == "Sun"
    assert i18n.weekday_name(D(2026, 11, 29), "fi", short=True) == "su"


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


def test_filters_describe_in_both_languages():
    filters = periods.make_filters("month", D(2026, 11, 2), D(2026, 11, 23), team="SMB")
    assert filters.describe("en") == "November 2026 to date · 1 Nov – 23 Nov 2026 · team SMB"
    assert filters.describe("fi").endswith(" · 1.11.–23.11.2026 · tiimi SMB")
    assert i18n.week_name(47, lang="fi") == "Viikko 47" and i18n.week_name(47, lang="en") == "Week 47"


def test_the_language_setting_and_the_browser_locale(monkeypatch):
    monkeypatch.delenv(i18n.SETTING, raising=False)
    assert i18n.default_language() == "en"
    assert i18n.default_language("fi-FI") == "fi"
    assert i18n.default_language("fi") == "fi"
    assert i18n.default_language("sv-FI") == "en"
    assert i18n.default_language(None) == "en"
    monkeypatch.setenv(i18n.SETTING, "fi")
    assert i18n.default_language() == "fi" and i18n.current_language() == "fi"
    assert i18n.default_language("en-US") == "fi"  # the setting wins over the browser
    assert format_value("hit_rate", 0.5) == f"50{NBSP}%"  # outside Streamlit the setting is the language
    monkeypatch.setenv(i18n.SETTING, "klingon")
    assert i18n.default_language("fi-FI") == "fi"  # an unknown setting is ignored


def test_a_finnish_csv_opens_in_a_finnish_spreadsheet_and_an_english_one_stays_as_it_was():
    import pandas as pd

    from salescoach.export import to_csv_bytes

    frame = pd.DataFrame({"Myyjä": ["Aino", "=1+1"], "Myynti (€)": [1234.5, 10.0]})
    assert to_csv_bytes(frame, "fi").decode("utf-8-sig") == "Myyjä;Myynti (€)\r\nAino;1234,5\r\n'=1+1;10,0\r\n"
    assert to_csv_bytes(frame, "en").decode("utf-8-sig") == "Myyjä,Myynti (€)\r\nAino,1234.5\r\n'=1+1,10.0\r\n"
