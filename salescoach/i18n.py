"""The dashboard's languages: the catalogues, `t(key)`, and which language a session reads.

Every UI string lives in `salescoach/locales/<lang>.yaml` (en, fi, sv, nb; flat keys, the same
keys and `{placeholders}` in each; tests/test_i18n.py checks that and that every `t("...")`
key used in the code exists). Numbers, euros, percentages and dates are formatted by
`salescoach.formatting` (CLDR, through Babel), in the language resolved here.

Functions take the language as a parameter; left out, it is the language of the current
Streamlit session (`current_language`), and outside Streamlit the setting `SALESCOACH_LANG`
or English.

The language of a session: `?lang=fi|en|sv|nb` in the URL (the sidebar switch keeps it there),
else the setting `SALESCOACH_LANG`, else the browser's (`st.context.locale`: fi*, sv*, and
nb*/no*/nn* for Norwegian Bokmål), else English.
"""

from __future__ import annotations

import contextvars
import os
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import yaml

LANGUAGES: dict[str, str] = {"en": "English", "fi": "Suomi", "sv": "Svenska", "nb": "Norsk bokmål"}
DEFAULT_LANGUAGE = "en"
SETTING = "SALESCOACH_LANG"  # environment variable: the default language of every session
SESSION_KEY = "filter_lang"  # the sidebar switch's widget key (salescoach.ui keeps it in the URL as `lang`)
URL_NAME = "lang"
LOCALES = Path(__file__).resolve().parent / "locales"

# --------------------------------------------------------------------------------------
# Which language
# --------------------------------------------------------------------------------------


# Language codes read as one of LANGUAGES: a Norwegian browser may say no (Norwegian) or nn
# (Nynorsk); both read Bokmål.
ALIASES: dict[str, str] = {"no": "nb", "nn": "nb"}


def language_of(value: object) -> str | None:
    """'fi', 'fi-FI', 'fi_FI.UTF-8' → 'fi'; 'sv-FI' → 'sv'; 'nb-NO', 'no', 'nn-NO' → 'nb';
    'en-GB' → 'en'; anything else → None."""
    text = str(value or "").strip().lower()
    for code in (*LANGUAGES, *ALIASES):
        if text == code or text.startswith((f"{code}-", f"{code}_", f"{code}.")):
            return ALIASES.get(code, code)
    return None


# The language a command chose for itself (`python -m salescoach ... --lang sv`), for the rest of
# the command: see `speaking`.
_CHOSEN: contextvars.ContextVar[str | None] = contextvars.ContextVar("salescoach_language", default=None)


@contextmanager
def speaking(lang: str | None):
    """Within the block, the language outside Streamlit is `lang` (when it is one of LANGUAGES):
    the CLI's `--lang`, so that every message it prints, store faults included, reads in it."""
    token = _CHOSEN.set(language_of(lang))
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def default_language(browser_locale: str | None = None) -> str:
    """The language a command chose (`speaking`), else the setting `SALESCOACH_LANG` when set,
    else the browser's language when it is one of LANGUAGES, else English."""
    return (
        _CHOSEN.get()
        or language_of(os.environ.get(SETTING))
        or language_of(browser_locale)
        or DEFAULT_LANGUAGE
    )


def browser_locale() -> str | None:
    """`st.context.locale` (the browser's navigator.language), None outside a browser session."""
    try:
        import streamlit as st

        value = st.context.locale
    except Exception:  # noqa: BLE001 - no session (AppTest, bare Python): no browser locale
        return None
    return value if isinstance(value, str) else None


def _script_context():
    """The Streamlit script run context of this thread, None outside a Streamlit session."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        return get_script_run_ctx(suppress_warning=True)
    except Exception:  # noqa: BLE001 - an internal API; without it, behave as outside Streamlit
        return None


def session_default_language() -> str:
    """The language a new session starts in: the setting, else the browser's, else English."""
    return default_language(browser_locale())


def _session_language() -> str:
    import streamlit as st

    chosen = st.session_state.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    from_url = st.query_params.get(URL_NAME)
    if from_url in LANGUAGES:
        return from_url
    return session_default_language()


# Reading the session state costs ~25 µs, and a big table formats thousands of cells: the language
# is kept on the script run context for the rest of the run. `ctx.cursors` is a new dict at the
# start of every run (ScriptRunContext.reset), so a language kept from an earlier run is not used.
_RUN_ATTRIBUTE = "_salescoach_language"


def set_run_language(lang: str) -> None:
    """The language of the rest of this script run (the sidebar switch calls it once drawn)."""
    ctx = _script_context()
    if ctx is not None and lang in LANGUAGES:
        try:
            setattr(ctx, _RUN_ATTRIBUTE, (getattr(ctx, "cursors", None), lang))
        except AttributeError:  # a context that takes no attributes: every call reads the session
            pass


def current_language() -> str:
    """The language of this Streamlit session (the sidebar switch, else the URL, else the default).

    Outside Streamlit: the setting `SALESCOACH_LANG`, else English.
    """
    ctx = _script_context()
    if ctx is None:
        return default_language()
    kept = getattr(ctx, _RUN_ATTRIBUTE, None)
    run = getattr(ctx, "cursors", None)
    if kept is not None and run is not None and kept[0] is run:
        return kept[1]
    lang = _session_language()
    if run is not None:
        set_run_language(lang)
    return lang


def resolve(lang: str | None) -> str:
    """`lang` when it is one of LANGUAGES, else the current language."""
    return lang if lang in LANGUAGES else current_language()


# --------------------------------------------------------------------------------------
# The catalogues
# --------------------------------------------------------------------------------------


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Key → text of one language, read once from salescoach/locales/<lang>.yaml."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    with open(LOCALES / f"{lang}.yaml", encoding="utf-8") as file:
        data = yaml.safe_load(file) or {}
    return {str(key): str(value) for key, value in data.items()}


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text of `key` in `lang` (default: the current language), `{placeholders}` filled in.

    A key missing from the language falls back to English, then to the key itself, so a
    missing translation shows rather than breaks a page (tests/test_i18n.py keeps them all there).
    """
    code = resolve(lang)
    text = catalogue(code).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue(DEFAULT_LANGUAGE)
