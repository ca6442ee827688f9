"""The Monday digest: the team review by e-mail, before the meeting (plain Python, no Streamlit).

`digest_message(agenda, to, sender)` writes one e-mail of `salescoach.review.Review`: a plain-text
part and an HTML part with the quarter's numbers, the attention list and the week's pipeline
changes, and the review's PDF attached (`salescoach.review_pdf`); `send(message, settings)` sends
it through SMTP. Data is text: every name and reason in the HTML part is escaped (`html.escape`).

SMTP settings (`smtp_settings`) come from the environment, else from `[smtp]` in
`.streamlit/secrets.toml`:

| environment | secrets.toml `[smtp]` | default |
|---|---|---|
| SALESCOACH_SMTP_HOST | host | (required) |
| SALESCOACH_SMTP_PORT | port | 587 with STARTTLS, else 25 |
| SALESCOACH_SMTP_STARTTLS | starttls | true |
| SALESCOACH_SMTP_USER | user | (no login) |
| SALESCOACH_SMTP_PASSWORD | password | |
| SALESCOACH_SMTP_FROM | from | the user, else salescoach@ + the host |
"""

from __future__ import annotations

import html
import os
import smtplib
import ssl
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from salescoach import formatting, review, review_pdf, review_text
from salescoach.db import PROJECT_ROOT
from salescoach.i18n import t

SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
ENV_PREFIX = "SALESCOACH_SMTP_"
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
# Colours of the e-mail: dark on white (print-safe), the dashboard's graded blue / vermillion.
INK, RULE, OK, SHORT = "#111111", "#888888", "#0072B2", "#A63603"


class DigestError(ValueError):
    """The digest cannot be sent as asked: one plain line (settings, recipient, team)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str


def _secrets(path: Path) -> Mapping[str, object]:
    if not path.exists():
        return {}
    try:
        smtp = tomllib.loads(path.read_text(encoding="utf-8")).get("smtp", {})
    except (tomllib.TOMLDecodeError, OSError) as error:
        raise DigestError(f"{path}: cannot be read ({error})") from None
    return smtp if isinstance(smtp, Mapping) else {}


def smtp_settings(environ: Mapping[str, str] | None = None, secrets: Path = SECRETS_FILE) -> SmtpSettings:
    """The SMTP settings of the environment, else of `[smtp]` in `secrets` (see the module)."""
    environ = os.environ if environ is None else environ
    stored = _secrets(secrets)

    def setting(name: str) -> str | None:
        value = environ.get(ENV_PREFIX + name.upper())
        if value is None or not value.strip():
            value = stored.get(name)
        return None if value is None or not str(value).strip() else str(value).strip()

    host = setting("host")
    if host is None:
        raise DigestError(f"no SMTP server: set {ENV_PREFIX}HOST or host in [smtp] of {secrets}")
    flag = (setting("starttls") or "true").lower()
    if flag not in _TRUE + _FALSE:
        raise DigestError(f"SMTP starttls {flag!r} is not true or false")
    starttls = flag in _TRUE
    port_text = setting("port") or ("587" if starttls else "25")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise DigestError(f"SMTP port {port_text!r} is not a port number")
    user = setting("user")
    sender = setting("from") or (user if user and "@" in user else f"salescoach@{host}")
    return SmtpSettings(host, int(port_text), starttls, user, setting("password"), sender)


def send(message: EmailMessage, settings: SmtpSettings, timeout: float = 30) -> None:
    """Send `message` through the SMTP server of `settings` (STARTTLS and login when set)."""
    with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as server:
        if settings.starttls:
            server.starttls(context=ssl.create_default_context())
        if settings.user:
            server.login(settings.user, settings.password or "")
        server.send_message(message)


def subject(agenda: review.Review) -> str:
    teams = ", ".join(agenda.teams) if agenda.teams else t("review.all_teams", agenda.lang)
    return t(
        "digest.subject", agenda.lang, date=formatting.format_date(agenda.as_of, agenda.lang), teams=teams
    )


def digest_message(agenda: review.Review, to: str, sender: str, name: str | None = None) -> EmailMessage:
    """The digest of `agenda` to `to`: plain text, HTML, and the review's PDF attached."""
    message = EmailMessage()
    message["Subject"] = subject(agenda)
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    sections = _sections(agenda, name or to)
    message.set_content(_plain(sections))
    message.add_alternative(_html(sections), subtype="html")
    pdf_name = t("review.pdf_file", agenda.lang, date=agenda.as_of.isoformat())
    message.add_attachment(
        review_pdf.review_pdf(agenda), maintype="application", subtype="pdf", filename=pdf_name
    )
    return message


@dataclass(frozen=True)
class _Section:
    heading: str | None
    lines: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # a table: the first row the heading
    numeric: tuple[int, ...] = ()  # columns right-aligned
    urgent: bool = False


def _sections(agenda: review.Review, name: str) -> list[_Section]:
    lang = agenda.lang
    date = formatting.format_date(agenda.as_of, lang)
    teams = ", ".join(agenda.teams) if agenda.teams else t("review.all_teams", lang)
    out = [
        _Section(
            None, (t("digest.greeting", lang, name=name), t("digest.intro", lang, date=date, teams=teams))
        )
    ]
    if not agenda.sellers:
        return [*out, _Section(None, (t("review.no_sellers", lang),))]
    quarters = review_text.quarter_rows(agenda, agenda.totals, review_text.thin_lines(agenda))
    out.append(_Section(t("review.title", lang), rows=tuple(tuple(row) for row in quarters)))
    out.append(_attention(agenda))
    span = formatting.format_span(agenda.since, agenda.as_of, lang)
    heading = t("review.changes_heading", lang, span=span)
    if agenda.changes is None:
        out.append(_Section(heading, (t("review.no_changes", lang),)))
    else:
        head = (t("review.col.what", lang), t("review.col.offers", lang), t("col.value", lang))
        rows = (head, *(tuple(row) for row in review_text.change_rows(agenda.changes, lang)))
        out.append(_Section(heading, (review_text.change_summary(agenda.changes, lang),), rows, (1, 2)))
    return [*out, _Section(None, (t("review.private_rule", lang), t("digest.sent_by", lang)))]


def _attention(agenda: review.Review) -> _Section:
    lang = agenda.lang
    heading = t("review.attention_heading", lang)
    if agenda.attention.empty:
        date = formatting.format_date(agenda.as_of, lang)
        return _Section(heading, (t("review.attention_none", lang, date=date),))
    head = ("#", t("col.seller", lang), t("col.team", lang), t("review.why_heading", lang))
    listed = agenda.attention.head(review.LISTED).to_dict("records")
    rows = [(str(int(r["rank"])), str(r["seller"]), str(r["team"]), " · ".join(r["why"])) for r in listed]
    more = len(agenda.attention) - len(listed)
    lines = (t("review.attention_more", lang, count=more),) if more > 0 else ()
    return _Section(heading, lines, (head, *rows), urgent=True)


def _plain(sections: list[_Section]) -> str:
    out = []
    for section in sections:
        if section.heading:
            out += [section.heading, "=" * len(section.heading)]
        out += list(section.lines)
        for row in section.rows:
            out.append(" | ".join(row))
        out.append("")
    return "\n".join(out)


def _html(sections: list[_Section]) -> str:
    e = html.escape
    body = []
    for section in sections:
        if section.heading:
            colour = SHORT if section.urgent else INK
            body.append(
                f'<h2 style="font-size:20px;color:{colour};margin:18px 0 6px">{e(section.heading)}</h2>'
            )
        body += [f'<p style="margin:4px 0">{e(line)}</p>' for line in section.lines]
        if section.rows:
            body.append(_html_table(section.rows, section.numeric))
    return (
        '<!DOCTYPE html><html><body style="font-family:Segoe UI,Arial,sans-serif;font-size:16px;'
        f'color:{INK};background:#ffffff">' + "".join(body) + "</body></html>"
    )


def _html_table(rows: tuple[tuple[str, ...], ...], numeric: tuple[int, ...]) -> str:
    e = html.escape

    def cell(tag: str, value: str, column: int) -> str:
        align = "right" if column in numeric else "left"
        return f'<{tag} style="text-align:{align};padding:4px 10px;border-bottom:1px solid {RULE}">{e(value)}</{tag}>'

    head = "".join(cell("th", value, c) for c, value in enumerate(rows[0]))
    body = "".join(
        "<tr>" + "".join(cell("td", v, c) for c, v in enumerate(row)) + "</tr>" for row in rows[1:]
    )
    return f'<table style="border-collapse:collapse;margin:6px 0"><tr>{head}</tr>{body}</table>'


def recipient(address: str, roles_file: Path):
    """The viewer of the roles file `address` belongs to (a director sees only their teams);
    DigestError when the file is missing or wrong or the address has no role in it."""
    from salescoach import access

    try:
        roles = access.load_roles(roles_file)
    except access.RolesFileError as error:
        raise DigestError(f"{error}; a digest goes only to an address listed there") from None
    viewer = access.viewer_for(address, roles)
    if viewer is None:
        raise DigestError(
            f"{address} has no role in {roles_file}: a digest goes only to an address listed there"
        )
    return viewer
